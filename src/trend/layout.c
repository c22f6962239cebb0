/* layout.c - where the trend workbook's sheets put things, and the labels
 * they share (the sheets refer to each other's cells by these). */
#include "trend/trend.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"

trend_cols trend_series_cols(size_t n)
{
    trend_cols c;
    c.change = TREND_COL(TREND_SER_COL_FIRST, n);
    c.change_prev = c.change + 1;
    c.to_be = c.change + 2;
    c.gap = c.change + 3;
    c.rank_up = c.change + 4;
    c.rank_down = c.change + 5;
    c.rank_gap = c.change + 6;
    c.last = c.rank_gap;
    return c;
}

trend_cols trend_category_cols(size_t n)
{
    trend_cols c;
    c.change = TREND_COL(TREND_CAT_COL_FIRST, n);
    c.change_prev = c.change + 1;
    c.rank_up = c.change + 2;
    c.rank_down = c.change + 3;
    c.to_be = c.gap = c.rank_gap = 0; /* none on this sheet */
    c.last = c.rank_down;
    return c;
}

char *trend_service_label(const isomm_catalog *c, size_t s)
{
    return core_asprintf("%s %s", c->services[s].id, c->services[s].name);
}

const char *trend_short_kind(const isomm_rollup_member *a)
{
    if (a->kind && strcmp(a->kind, "isomm-v2.1") == 0)
        return "v2.1（移行）";
    if (a->kind && strcmp(a->kind, "isomm-v2.0") == 0)
        return "v2.0（移行）";
    return "X.1060";
}

char *trend_assessment_head(const trend_view *v, size_t i)
{
    const isomm_rollup_member *a = &v->t->assessments[i];
    return core_asprintf("%s\n%s", a->date, trend_short_kind(a));
}
