/*
 * rollup/rollup.h - the group roll-up: the model (rollup.c), one member
 * per assessment (member.c) and its byte record (record.c), and what the
 * writers share (workbook.c, export.c). The trend (trend/) keeps its
 * assessments as members too.
 */
#ifndef ISOMM_ROLLUP_H
#define ISOMM_ROLLUP_H

#include <stddef.h>
#include "isomm/group.h"

/* Mean, minimum and maximum of the non-NaN values added. */
typedef struct rollup_stat {
    double sum, min, max;
    size_t count;
} rollup_stat;

/* Add v (NaN is ignored). Zero-initialise the stat first. */
void rollup_stat_add(rollup_stat *s, double v);
/* The mean, NaN when no value was added. */
double rollup_stat_mean(const rollup_stat *s);

/* The pattern's Japanese name, or "" for -1 / out of range. */
const char *rollup_pattern_name(const isomm_catalog *c, long index);
/* The pattern's key ("hybrid"), or NULL for -1 / out of range. */
const char *rollup_pattern_key(const isomm_catalog *c, long index);

/* ---- members (member.c) ---------------------------------------------------- */

/* Allocate the per-service and per-category arrays of a zeroed member. 0,
 * or -1 when out of memory. */
int rollup_member_alloc(isomm_rollup_member *m, size_t services, size_t categories);
/* The figures derived from the service values (isomm/group.h). */
void rollup_member_figures(isomm_rollup_member *m, const isomm_catalog *c);
/* A new member (no name) from a portfolio. */
isomm_error rollup_member_from_portfolio(isomm_rollup_member *m, const isomm_portfolio *p);
/* Free what a member owns and zero it. */
void rollup_member_clear(isomm_rollup_member *m);
/* 1 if a, added after b, is the later assessment: a later date, or the
 * same (undated counts as the oldest). */
int rollup_member_later(const isomm_rollup_member *a, const isomm_rollup_member *b);

/* A member from a record of isomm_rollup_encode() (record.c):
 * ISOMM_ERR_ARG when malformed or not of catalog `c`. */
isomm_error rollup_member_decode(const isomm_catalog *c, const void *data, size_t len,
                                 isomm_rollup_member *m);

/* Add a filled member to the group, taking its allocations (m is zeroed
 * then): a new subsidiary, or another assessment of one (rollup.c). */
isomm_error rollup_push(isomm_rollup *g, isomm_rollup_member *m);

#endif
