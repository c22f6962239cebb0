/* view.c - what a trend shows (docs/trend.md): the mean As-Is of every
 * assessment and category, the change from the first assessment to the
 * latest, the ranked lists, and the three phases of the gap analysis
 * between the previous assessment and the latest. The ranks are defined
 * as the workbook's rank columns compute them, so that a spreadsheet that
 * recalculates gets the same lists. */
#include "trend/trend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double score(int v)
{
    return v >= 0 ? (double)v : NAN;
}

static int same(double a, double b)
{
    return fabs(a - b) <= TREND_TIE;
}

/* 1-based rank of item i among values[0..n-1] for the list of changes
 * above 0 (dir 1) or below 0 (dir -1); 0 when i is not in it. Ties go in
 * item order:
 *   rank = #{j: v[j] beyond v[i] in dir} + #{j <= i: v[j] same as v[i]}. */
static size_t rank_of(const double *values, size_t n, size_t i, int dir)
{
    double x = values[i];
    if (isnan(x) || same(x, 0) || (dir > 0 ? x < 0 : x > 0))
        return 0;
    size_t r = 0;
    for (size_t j = 0; j < n; j++) {
        if (isnan(values[j]))
            continue;
        if (!same(values[j], x) && (dir > 0 ? values[j] > x : values[j] < x))
            r++;
        else if (j <= i && same(values[j], x))
            r++;
    }
    return r;
}

/* ranks[] and the list of the first TREND_TOP (from/to/change from the
 * callback's arrays). */
static void rank_all(const double *values, size_t n, int dir, size_t *ranks, trend_list *list,
                     const double *from, const double *to)
{
    list->count = 0;
    for (size_t i = 0; i < n; i++) {
        ranks[i] = rank_of(values, n, i, dir);
        if (ranks[i] >= 1 && ranks[i] <= TREND_TOP) {
            trend_pick *p = &list->item[ranks[i] - 1];
            p->index = i;
            p->from = from[i];
            p->to = to[i];
            p->change = values[i];
        }
    }
    while (list->count < TREND_TOP) {
        size_t k = list->count, found = 0;
        for (size_t i = 0; i < n && !found; i++)
            found = ranks[i] == k + 1;
        if (!found)
            break;
        list->count++;
    }
}

double trend_category(const trend_view *v, size_t i, size_t k)
{
    return v->category[i * v->c->category_count + k];
}

void trend_phase_values(const trend_view *v, int k, size_t s, double *previous, double *latest)
{
    if (k == TREND_PHASE_GAP) {
        *previous = v->prev_gap[s];
        *latest = v->gap[s];
        return;
    }
    *previous = score(v->t->assessments[v->prev].as_is[s]);
    *latest = score(v->t->assessments[v->last].as_is[s]);
}

static int alloc_view(trend_view *v, size_t n, size_t svc, size_t cats)
{
    v->overall = calloc(n, sizeof *v->overall);
    v->category = calloc(n * cats + 1, sizeof *v->category);
    v->service_change = calloc(svc + 1, sizeof(double));
    v->category_change = calloc(cats + 1, sizeof(double));
    v->gap = calloc(svc + 1, sizeof(double));
    v->prev_gap = calloc(svc + 1, sizeof(double));
    v->service_rank.up = calloc(svc + 1, sizeof(size_t));
    v->service_rank.down = calloc(svc + 1, sizeof(size_t));
    v->category_rank.up = calloc(cats + 1, sizeof(size_t));
    v->category_rank.down = calloc(cats + 1, sizeof(size_t));
    v->gap_rank = calloc(svc + 1, sizeof(size_t));
    int ok = v->overall && v->category && v->service_change && v->category_change && v->gap &&
             v->prev_gap && v->service_rank.up && v->service_rank.down &&
             v->category_rank.up && v->category_rank.down && v->gap_rank;
    for (int k = 0; k < TREND_PHASES; k++)
        ok = ok && (v->phase[k] = calloc(svc + 1, sizeof(size_t))) != NULL;
    return ok;
}

/* The difference b - a of two values, NaN unless both are numbers. */
static double change(double a, double b)
{
    return isnan(a) || isnan(b) ? NAN : b - a;
}

/* The phases: services whose 推奨レベル, allocation, As-Is or gap to To-Be
 * differ between the previous assessment and the latest. */
static void phases(trend_view *v)
{
    const isomm_rollup_member *p = &v->t->assessments[v->prev], *l = &v->t->assessments[v->last];
    for (size_t s = 0; s < v->c->service_count; s++) {
        int differ[TREND_PHASES] = {
            p->recommendation[s] != l->recommendation[s],
            p->allocation[s] != l->allocation[s],
            p->as_is[s] != l->as_is[s],
            !isnan(v->prev_gap[s]) && !isnan(v->gap[s]) && !same(v->prev_gap[s], v->gap[s]),
        };
        for (int k = 0; k < TREND_PHASES; k++)
            if (differ[k])
                v->phase[k][v->phase_count[k]++] = s;
    }
}

/* Services: change first -> latest, gaps, ranks and lists. */
static void services(trend_view *v, double *from, double *to, double *to_be)
{
    const isomm_trend *t = v->t;
    const isomm_rollup_member *first = &t->assessments[0], *l = &t->assessments[v->last],
                              *p = &t->assessments[v->prev];
    size_t svc = v->c->service_count;
    for (size_t s = 0; s < svc; s++) {
        from[s] = score(first->as_is[s]);
        to[s] = score(l->as_is[s]);
        v->service_change[s] = change(from[s], to[s]);
        v->gap[s] = change(to[s], score(l->to_be[s]));
        v->prev_gap[s] = change(score(p->as_is[s]), score(p->to_be[s]));
    }
    rank_all(v->service_change, svc, 1, v->service_rank.up, &v->up, from, to);
    rank_all(v->service_change, svc, -1, v->service_rank.down, &v->down, from, to);
    for (size_t s = 0; s < svc; s++)
        to_be[s] = score(l->to_be[s]);
    rank_all(v->gap, svc, 1, v->gap_rank, &v->furthest, to, to_be);
}

/* Categories: the means per assessment, change, ranks and lists. */
static void categories(trend_view *v, double *from, double *to)
{
    size_t cats = v->c->category_count;
    for (size_t i = 0; i < v->n; i++) {
        const isomm_rollup_member *a = &v->t->assessments[i];
        v->overall[i] = a->overall_as_is;
        for (size_t k = 0; k < cats; k++)
            v->category[i * cats + k] = a->category_as_is[k];
    }
    for (size_t k = 0; k < cats; k++) {
        from[k] = trend_category(v, 0, k);
        to[k] = trend_category(v, v->last, k);
        v->category_change[k] = change(from[k], to[k]);
    }
    rank_all(v->category_change, cats, 1, v->category_rank.up, &v->category_up, from, to);
    rank_all(v->category_change, cats, -1, v->category_rank.down, &v->category_down, from, to);
}

isomm_error trend_view_make(const isomm_trend *t, trend_view *v)
{
    memset(v, 0, sizeof *v);
    v->t = t;
    v->c = t->catalog;
    v->n = t->count;
    if (v->n < 2)
        return ISOMM_ERR_ARG;
    v->last = v->n - 1;
    v->prev = v->n - 2;
    size_t svc = v->c->service_count, cats = v->c->category_count;
    size_t most = svc > cats ? svc : cats;
    double *scratch = calloc(3 * (most + 1), sizeof *scratch);
    if (!scratch || !alloc_view(v, v->n, svc, cats)) {
        free(scratch);
        trend_view_free(v);
        return ISOMM_ERR_NOMEM;
    }
    double *from = scratch, *to = scratch + most + 1;
    services(v, from, to, to + most + 1);
    categories(v, from, to);
    phases(v);
    free(scratch);
    return ISOMM_OK;
}

void trend_view_free(trend_view *v)
{
    free(v->overall);
    free(v->category);
    free(v->service_change);
    free(v->category_change);
    free(v->gap);
    free(v->prev_gap);
    free(v->service_rank.up);
    free(v->service_rank.down);
    free(v->category_rank.up);
    free(v->category_rank.down);
    free(v->gap_rank);
    for (int k = 0; k < TREND_PHASES; k++)
        free(v->phase[k]);
    memset(v, 0, sizeof *v);
}
