/*
 * group_internal.h - figures shared by the group writers (write_group.c,
 * write_group_export.c); the model itself is in group.c.
 */
#ifndef ISOMM_GROUP_INTERNAL_H
#define ISOMM_GROUP_INTERNAL_H

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

#endif
