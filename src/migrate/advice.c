/* advice.c - strengths, weaknesses, the four improvement lists and the
 * v2.1 "before" averages of a portfolio (advice.h; rules in
 * docs/workbook.md). Every ordering here is the one the workbook's
 * formulas compute, so the formulas' cached values are these. */
#include "migrate/migrate.h"

#include <stdlib.h>
#include <string.h>

int advice_in_house(unsigned service_regions, unsigned pattern_regions)
{
    if ((service_regions & ISOMM_REGION_ALL) == ISOMM_REGION_ALL)
        return 1;
    return (service_regions & pattern_regions) != 0;
}

advice_kind advice_kind_of(const isomm_service_result *s,
                                       int in_house)
{
    if (s->as_is < 0 || s->recommendation == ISOMM_REC_NOT_REQUIRED ||
        in_house < 0)
        return ADVICE_NONE;
    switch (s->allocation) {
    case ISOMM_SIDE_INSOURCE:
        return in_house ? ADVICE_STRENGTHEN_INSOURCE
                        : ADVICE_MOVE_OUTSOURCE;
    case ISOMM_SIDE_OUTSOURCE:
        return in_house ? ADVICE_MOVE_INSOURCE
                        : ADVICE_STRENGTHEN_OUTSOURCE;
    case ISOMM_SIDE_COMBINED:
        return in_house ? ADVICE_STRENGTHEN_INSOURCE
                        : ADVICE_STRENGTHEN_OUTSOURCE;
    case ISOMM_SIDE_UNASSIGNED:
    case ISOMM_SIDE_NULL:
        break;
    }
    return ADVICE_NONE;
}

const char *advice_label(advice_kind kind)
{
    switch (kind) {
    case ADVICE_STRENGTHEN_INSOURCE: return "インソース強化";
    case ADVICE_STRENGTHEN_OUTSOURCE: return "アウトソース強化";
    case ADVICE_MOVE_INSOURCE: return "インソース化検討";
    case ADVICE_MOVE_OUTSOURCE: return "アウトソース化検討";
    case ADVICE_NONE:
    case ADVICE_KINDS: break;
    }
    return "";
}

const char *advice_title(advice_kind kind)
{
    switch (kind) {
    case ADVICE_STRENGTHEN_INSOURCE: return "より強化すべきインソースのサービス";
    case ADVICE_STRENGTHEN_OUTSOURCE: return "より強化すべきアウトソースのサービス";
    case ADVICE_MOVE_INSOURCE: return "インソースへの切り替えを検討すべきサービス";
    case ADVICE_MOVE_OUTSOURCE: return "アウトソースへの切り替えを検討すべきサービス";
    case ADVICE_NONE:
    case ADVICE_KINDS: break;
    }
    return "";
}

void advice_free(advice_set *a)
{
    if (!a)
        return;
    free(a->in_house);
    free(a->kind);
    free(a->rank);
    free(a->rank_high);
    free(a->rank_low);
    free(a->before);
    free(a->before_count);
    free(a->function);
    memset(a, 0, sizeof *a);
    a->pattern = -1;
}

/* Place of service s in its list: the services of the same list with a
 * lower As-Is, plus those before it in catalog order with the same As-Is,
 * plus one. */
static size_t service_rank(const isomm_portfolio *p, const advice_set *a,
                           size_t s)
{
    size_t n = p->catalog->service_count, r = 1;
    int v = p->services[s].as_is;
    for (size_t t = 0; t < n; t++) {
        if (t == s || a->kind[t] != a->kind[s])
            continue;
        int w = p->services[t].as_is;
        if (w < v || (w == v && t < s))
            r++;
    }
    return r;
}

/* Rank of category k among the categories with an As-Is: those strictly
 * better (higher when `high`, else lower), plus those before it with the
 * same value, plus one. */
static size_t category_rank(const isomm_portfolio *p, size_t k, int high)
{
    size_t n = p->catalog->category_count, r = 1;
    double v = p->categories[k].as_is;
    for (size_t j = 0; j < n; j++) {
        const isomm_category_result *c = &p->categories[j];
        if (j == k || c->assessed == 0)
            continue;
        if ((high ? c->as_is > v : c->as_is < v) || (c->as_is == v && j < k))
            r++;
    }
    return r;
}

static void before_averages(const isomm_portfolio *p, advice_set *a)
{
    const isomm_catalog *c = p->catalog;
    for (size_t k = 0; k < c->category_count; k++) {
        a->function[k] = -1;
        for (size_t f = 0; f < c->function_count; f++)
            if (strcmp(c->functions[f].id, c->categories[k].id) == 0) {
                a->function[k] = (long)f;
                break;
            }
        if (a->function[k] < 0 || !p->roles)
            continue;
        long sum = 0;
        size_t n = 0;
        for (size_t r = 0; r < c->role_count; r++) {
            const isomm_role_result *rr = &p->roles[r];
            if (c->roles[r].function == (size_t)a->function[k] &&
                rr->state == ISOMM_ROLE_SCORED && rr->level >= 1) {
                sum += rr->level;
                n++;
            }
        }
        a->before_count[k] = n;
        a->before[k] = n ? (double)sum / (double)n : 0.0;
    }
}

isomm_error advice_compute(const isomm_portfolio *p, advice_set *a)
{
    memset(a, 0, sizeof *a);
    a->pattern = -1;
    if (!p || !p->catalog)
        return ISOMM_ERR_ARG;
    const isomm_catalog *c = p->catalog;
    size_t ns = c->service_count ? c->service_count : 1;
    size_t nc = c->category_count ? c->category_count : 1;
    a->in_house = calloc(ns, sizeof *a->in_house);
    a->kind = calloc(ns, sizeof *a->kind);
    a->rank = calloc(ns, sizeof *a->rank);
    a->rank_high = calloc(nc, sizeof *a->rank_high);
    a->rank_low = calloc(nc, sizeof *a->rank_low);
    a->before = calloc(nc, sizeof *a->before);
    a->before_count = calloc(nc, sizeof *a->before_count);
    a->function = calloc(nc, sizeof *a->function);
    if (!a->in_house || !a->kind || !a->rank || !a->rank_high ||
        !a->rank_low || !a->before || !a->before_count || !a->function) {
        advice_free(a);
        return ISOMM_ERR_NOMEM;
    }

    long pat = p->pattern_target;
    a->pattern_is_target = 1;
    if (pat < 0 || (size_t)pat >= c->pattern_count) {
        pat = p->pattern_current;
        a->pattern_is_target = 0;
    }
    if (pat < 0 || (size_t)pat >= c->pattern_count) {
        pat = -1;
        a->pattern_is_target = 0;
    }
    a->pattern = pat;
    a->regions = pat >= 0 ? c->patterns[pat].regions : 0;

    for (size_t s = 0; s < c->service_count; s++) {
        a->in_house[s] = pat < 0 ? -1
                                 : advice_in_house(c->services[s].regions,
                                                         a->regions);
        a->kind[s] = advice_kind_of(&p->services[s], a->in_house[s]);
    }
    for (size_t s = 0; s < c->service_count; s++) {
        if (a->kind[s] == ADVICE_NONE)
            continue;
        a->rank[s] = service_rank(p, a, s);
        if (a->rank[s] <= ADVICE_LIST_MAX) {
            a->list[a->kind[s]][a->rank[s] - 1] = s;
            a->list_count[a->kind[s]]++;
        }
    }

    for (size_t k = 0; k < c->category_count; k++) {
        if (p->categories[k].assessed == 0)
            continue;
        a->rank_high[k] = category_rank(p, k, 1);
        a->rank_low[k] = category_rank(p, k, 0);
        if (a->rank_high[k] <= ADVICE_PICKS) {
            a->strengths[a->rank_high[k] - 1] = k;
            a->strength_count++;
        }
        if (a->rank_low[k] <= ADVICE_PICKS) {
            a->weaknesses[a->rank_low[k] - 1] = k;
            a->weakness_count++;
        }
    }
    before_averages(p, a);
    return ISOMM_OK;
}
