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
#include "xlsx/xlsx.h"

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

/* ---- the group workbook (workbook.c, compare.c, cells.c) ----------------- */

#define ROLLUP_SHEET_SUMMARY "概要"
#define ROLLUP_SHEET_COMPARE "前回比"

/* Formats of the group sheets: title, note, table header, text, centred,
 * average "0.00", count "0", the group figure rows, a change "+0.00", the
 * allocation fills (by isomm_side). */
typedef struct rollup_fmts {
    lxw_format *title, *note, *header, *text, *center, *avg, *count,
        *stat_label, *stat_avg, *stat_count, *delta, *side[5];
} rollup_fmts;

typedef struct rollup_book {
    xw_book x;            /* the xlsx kit's context */
    const isomm_rollup *g;
    const isomm_catalog *c;
    rollup_fmts f;
    char *buf;            /* formula scratch */
    size_t bufsize;
} rollup_book;

/* Make every format of w->f: 1, or 0 when out of memory. */
int rollup_formats(rollup_book *w);
/* A printf-formatted formula in w->buf (NULL if out of memory). */
const char *rollup_formula(rollup_book *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A formula with its cached value; NaN writes a blank cell instead. */
void rollup_formula_num(rollup_book *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                        const char *text, double value, lxw_format *format);
/* A number, or a blank cell for NaN. */
void rollup_number(rollup_book *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                   double v, lxw_format *format);
/* "E" of a 0-based column into buf. */
const char *rollup_col_name(lxw_col_t col, char buf[8]);
/* "E8:E1007": a column over `count` member rows from `first`. */
const char *rollup_col_range(lxw_col_t col, lxw_row_t first, size_t count, char buf[40]);
/* The height of `row` for `lines` lines of text (1 to 12). */
void rollup_row_lines(rollup_book *w, lxw_worksheet *ws, lxw_row_t row, unsigned lines);
/* The title (row 1) and the note below it. */
void rollup_title(rollup_book *w, lxw_worksheet *ws, const char *title, const char *note);
/* Width of the 子会社 column: the longest name, within limits. */
double rollup_name_width(const isomm_rollup *g);
/* No. | 子会社 of member i's row. */
void rollup_member_key(rollup_book *w, lxw_worksheet *ws, lxw_row_t row, size_t i);
/* The 前回比 sheet (compare.c): written only when a subsidiary has an
 * assessment before its latest. */
void rollup_write_compare(rollup_book *w);

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
