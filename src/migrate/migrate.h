/*
 * migrate/migrate.h - from a v2.x assessment to the X.1060 portfolio
 * (normalize.c, the policy of docs/migration-policy.md), the labels of
 * the portfolio's values (labels.c), and what a portfolio says to do next
 * (advice.c), as the v2.1 result sheet said it: the strongest and weakest
 * categories, the four improvement lists (now per X.1060 service, driven
 * by the target pattern and each service's region, textbook §6.2–6.5),
 * and the v2.1 per-function averages of the source sheet (the "before"
 * line of the radar).
 *
 * The workbook writer prints the advice (サマリー) and writes the same
 * rules as live formulas, with these values as the formulas' cached
 * results. The exact rules are in docs/workbook.md ("Rules").
 */
#ifndef ISOMM_MIGRATE_H
#define ISOMM_MIGRATE_H

#include <stddef.h>

#include "isomm/portfolio.h"

/* ---- normalize.c ---------------------------------------------------------- */

/* An empty portfolio over `catalog`: every service null, patterns -1.
 * NULL when out of memory. Free with isomm_portfolio_free(). */
isomm_portfolio *migrate_portfolio_new(const isomm_catalog *catalog);

/* ---- advice.c ------------------------------------------------------------ */

/* Strengths and weaknesses shown: the two highest and the two lowest. */
#define ADVICE_PICKS 2
/* Services shown per improvement list. */
#define ADVICE_LIST_MAX 5

/* The four improvement lists. */
typedef enum advice_kind {
    ADVICE_NONE = -1,
    ADVICE_STRENGTHEN_INSOURCE = 0, /* より強化すべきインソースのサービス */
    ADVICE_STRENGTHEN_OUTSOURCE,    /* より強化すべきアウトソースのサービス */
    ADVICE_MOVE_INSOURCE,           /* インソースへの切り替えを検討 */
    ADVICE_MOVE_OUTSOURCE,          /* アウトソースへの切り替えを検討 */
    ADVICE_KINDS
} advice_kind;

typedef struct advice_set {
    /* The pattern whose regions are the in-house domain: the target
     * pattern, else the current one; -1 when neither is known (then no
     * service is in any list). */
    long pattern;
    unsigned regions;     /* that pattern's regions, 0 when pattern < 0 */
    int pattern_is_target; /* 1 when `pattern` is the target pattern */

    /* Per service (catalog order). */
    int *in_house;        /* 1: in the pattern's regions, 0: not, -1: no pattern */
    advice_kind *kind; /* the list the service belongs to, or NONE */
    size_t *rank;         /* 1-based place in its list (lowest As-Is first,
                             ties in catalog order); 0 when in no list */

    /* The first ADVICE_LIST_MAX services of each list, in order. */
    size_t list[ADVICE_KINDS][ADVICE_LIST_MAX];
    size_t list_count[ADVICE_KINDS];

    /* Per category: 1-based rank among the categories with an As-Is,
     * highest first (rank_high) or lowest first (rank_low), ties in catalog
     * order; 0 for a category without an As-Is. */
    size_t *rank_high;
    size_t *rank_low;
    size_t strengths[ADVICE_PICKS];  /* category indexes, rank_high 1, 2 */
    size_t strength_count;
    size_t weaknesses[ADVICE_PICKS]; /* rank_low 1, 2 */
    size_t weakness_count;

    /* Per category: the v2.1 result sheet's average of the function with
     * the same ID (mean of the levels >= 1 of its scored roles), as the
     * source sheet had it. before_count 0: no value (no such function, no
     * scored role, or a portfolio without roles). */
    double *before;
    size_t *before_count;
    long *function;       /* index of that function, or -1 */
} advice_set;

/* Compute everything for `p`. On failure (ISOMM_ERR_NOMEM) *out is left
 * empty. Free with advice_free(). */
isomm_error advice_compute(const isomm_portfolio *p, advice_set *out);
void advice_free(advice_set *advice);

/* 1 if a service in `service_regions` lies in the in-house domain of a
 * pattern covering `pattern_regions` (any shared region; a service of
 * every region, I-5, always does). */
int advice_in_house(unsigned service_regions, unsigned pattern_regions);

/* The list a service belongs to (the rule of docs/workbook.md): needs an
 * As-Is, a recommendation other than 不要, and in_house >= 0. */
advice_kind advice_kind_of(const isomm_service_result *s,
                                       int in_house);

/* Short label used in the workbook's 改善の方向 column ("インソース強化"). */
const char *advice_label(advice_kind kind);
/* Heading of the list on the サマリー ("より強化すべきインソースのサービス"). */
const char *advice_title(advice_kind kind);

#endif
