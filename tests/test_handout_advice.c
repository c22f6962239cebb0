/* test_handout_advice.c - advice.c: the regions a pattern takes in-house,
 * the improvement list of every service (allocation x region x target
 * pattern), the lists' order (lowest As-Is first, ties in catalog order,
 * at most five), strengths and weaknesses, and the v2.1 "before"
 * averages. The rule is the one of docs/workbook.md; where a result is
 * checked against a list, the list is recomputed here the plain way. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "migrate/migrate.h"
#include "isomm/isomm.h"
#include "portfolio_fixture.h"

static isomm_catalog *cat;

static int setup(void **state)
{
    (void)state;
    return isomm_catalog_load_builtin(&cat, NULL) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    isomm_catalog_free(cat);
    cat = NULL;
    return 0;
}

static long pattern(const char *key)
{
    long i = isomm_catalog_find_pattern(cat, key);
    assert_true(i >= 0);
    return i;
}

static long service(const char *id)
{
    long i = isomm_catalog_find_service(cat, id);
    assert_true(i >= 0);
    return i;
}

static void test_in_house(void **state)
{
    (void)state;
    const unsigned I = ISOMM_REGION_I, II = ISOMM_REGION_II,
                   III = ISOMM_REGION_III, IV = ISOMM_REGION_IV;
    assert_int_equal(advice_in_house(I, I), 1);
    assert_int_equal(advice_in_house(II, I), 0);
    assert_int_equal(advice_in_house(II, I | II), 1);
    assert_int_equal(advice_in_house(IV, I | II), 0);
    assert_int_equal(advice_in_house(IV, I | II | IV), 1);
    assert_int_equal(advice_in_house(III, I | II | IV), 0);
    assert_int_equal(advice_in_house(III, I | II | III | IV), 1);
    /* I-5 belongs to every region: always in-house. */
    assert_int_equal(advice_in_house(ISOMM_REGION_ALL, I), 1);
    assert_int_equal(advice_in_house(ISOMM_REGION_ALL, 0), 1);
}

static void test_kind_of(void **state)
{
    (void)state;
    static const struct {
        isomm_side allocation;
        int in_house;
        advice_kind kind;
    } rules[] = {
        {ISOMM_SIDE_INSOURCE, 1, ADVICE_STRENGTHEN_INSOURCE},
        {ISOMM_SIDE_INSOURCE, 0, ADVICE_MOVE_OUTSOURCE},
        {ISOMM_SIDE_OUTSOURCE, 1, ADVICE_MOVE_INSOURCE},
        {ISOMM_SIDE_OUTSOURCE, 0, ADVICE_STRENGTHEN_OUTSOURCE},
        {ISOMM_SIDE_COMBINED, 1, ADVICE_STRENGTHEN_INSOURCE},
        {ISOMM_SIDE_COMBINED, 0, ADVICE_STRENGTHEN_OUTSOURCE},
        {ISOMM_SIDE_UNASSIGNED, 1, ADVICE_NONE},
        {ISOMM_SIDE_UNASSIGNED, 0, ADVICE_NONE},
        {ISOMM_SIDE_NULL, 1, ADVICE_NONE},
        {ISOMM_SIDE_INSOURCE, -1, ADVICE_NONE}, /* no pattern */
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        isomm_service_result s = {.allocation = rules[i].allocation, .as_is = 2,
                                  .to_be = -1};
        assert_int_equal(advice_kind_of(&s, rules[i].in_house),
                         rules[i].kind);
        /* No As-Is, or 不要: in no list. */
        s.as_is = -1;
        assert_int_equal(advice_kind_of(&s, rules[i].in_house),
                         ADVICE_NONE);
        s.as_is = 4;
        s.recommendation = ISOMM_REC_NOT_REQUIRED;
        assert_int_equal(advice_kind_of(&s, rules[i].in_house),
                         ADVICE_NONE);
    }
    assert_string_equal(advice_label(ADVICE_MOVE_INSOURCE),
                        "インソース化検討");
    assert_string_equal(advice_title(ADVICE_STRENGTHEN_OUTSOURCE),
                        "より強化すべきアウトソースのサービス");
    assert_string_equal(advice_label(ADVICE_NONE), "");
}

/* The target pattern, else the current one, else none. */
static void test_pattern_choice(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    advice_set a;

    p->pattern_current = pattern("hybrid");
    p->pattern_target = pattern("minimum-outsource");
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    assert_int_equal(a.pattern, pattern("minimum-outsource"));
    assert_int_equal(a.pattern_is_target, 1);
    assert_int_equal(a.regions, ISOMM_REGION_I | ISOMM_REGION_II | ISOMM_REGION_IV);
    advice_free(&a);

    p->pattern_target = -1;
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    assert_int_equal(a.pattern, pattern("hybrid"));
    assert_int_equal(a.pattern_is_target, 0);
    advice_free(&a);

    p->pattern_current = -1;
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    assert_int_equal(a.pattern, -1);
    for (size_t s = 0; s < cat->service_count; s++) {
        assert_int_equal(a.in_house[s], -1);
        assert_int_equal(a.kind[s], ADVICE_NONE);
        assert_int_equal(a.rank[s], 0);
    }
    for (int k = 0; k < ADVICE_KINDS; k++)
        assert_int_equal(a.list_count[k], 0);
    advice_free(&a);
    advice_free(&a); /* twice is fine */
    isomm_portfolio_free(p);
}

/* The plain way: filter by the rule, sort by (As-Is, catalog order). */
typedef struct item {
    int as_is;
    size_t index;
} item;

static int by_score(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->as_is != y->as_is)
        return x->as_is < y->as_is ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static advice_kind plain_kind(const isomm_portfolio *p, size_t s,
                                    unsigned regions)
{
    const isomm_service_result *r = &p->services[s];
    if (r->as_is < 0 || r->recommendation == ISOMM_REC_NOT_REQUIRED)
        return ADVICE_NONE;
    unsigned sr = cat->services[s].regions;
    int in = sr == ISOMM_REGION_ALL || (sr & regions) != 0;
    if (r->allocation == ISOMM_SIDE_INSOURCE)
        return in ? ADVICE_STRENGTHEN_INSOURCE : ADVICE_MOVE_OUTSOURCE;
    if (r->allocation == ISOMM_SIDE_OUTSOURCE)
        return in ? ADVICE_MOVE_INSOURCE : ADVICE_STRENGTHEN_OUTSOURCE;
    if (r->allocation == ISOMM_SIDE_COMBINED)
        return in ? ADVICE_STRENGTHEN_INSOURCE
                  : ADVICE_STRENGTHEN_OUTSOURCE;
    return ADVICE_NONE;
}

static void check_lists(const isomm_portfolio *p)
{
    advice_set a;
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    item *items = malloc(cat->service_count * sizeof *items);
    assert_non_null(items);
    size_t total = 0;
    for (int k = 0; k < ADVICE_KINDS; k++) {
        size_t n = 0;
        for (size_t s = 0; s < cat->service_count; s++)
            if (plain_kind(p, s, a.regions) == (advice_kind)k)
                items[n++] = (item){p->services[s].as_is, s};
        qsort(items, n, sizeof *items, by_score);
        size_t shown = n < ADVICE_LIST_MAX ? n : ADVICE_LIST_MAX;
        assert_int_equal(a.list_count[k], shown);
        for (size_t j = 0; j < shown; j++)
            assert_int_equal(a.list[k][j], items[j].index);
        for (size_t j = 0; j < n; j++) {
            assert_int_equal(a.kind[items[j].index], k);
            assert_int_equal(a.rank[items[j].index], j + 1);
        }
        total += n;
    }
    size_t none = 0;
    for (size_t s = 0; s < cat->service_count; s++)
        if (a.kind[s] == ADVICE_NONE) {
            assert_int_equal(a.rank[s], 0);
            none++;
        }
    assert_int_equal(total + none, cat->service_count);
    free(items);
    advice_free(&a);
}

static void test_lists_every_pattern(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    for (size_t k = 0; k < cat->pattern_count; k++) {
        p->pattern_target = (long)k;
        check_lists(p);
    }
    isomm_portfolio_free(p);
}

/* Ties keep the catalog order; only the first five are listed. */
static void test_lists_ties(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 0);
    assert_non_null(p);
    p->pattern_target = pattern("minimum-insource"); /* region I in-house */
    for (size_t s = 0; s < cat->service_count; s++) {
        p->services[s].allocation = ISOMM_SIDE_UNASSIGNED;
        p->services[s].recommendation = ISOMM_REC_NULL;
    }
    /* Region I services A-1 … A-7: scores 3 2 2 4 1 2 5, all insource. */
    static const int scores[] = {3, 2, 2, 4, 1, 2, 5};
    for (size_t i = 0; i < 7; i++) {
        p->services[i].allocation = ISOMM_SIDE_INSOURCE;
        p->services[i].as_is = scores[i];
    }
    p->services[2].recommendation = ISOMM_REC_NOT_REQUIRED; /* A-3 left out */
    advice_set a;
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    const advice_kind in = ADVICE_STRENGTHEN_INSOURCE;
    assert_int_equal(a.list_count[in], 5);
    static const char *const want[] = {"A-5", "A-2", "A-6", "A-1", "A-4"};
    for (size_t j = 0; j < 5; j++)
        assert_string_equal(cat->services[a.list[in][j]].id, want[j]);
    assert_int_equal(a.rank[service("A-7")], 6); /* ranked, not shown */
    assert_int_equal(a.rank[service("A-3")], 0);
    assert_int_equal(a.list_count[ADVICE_MOVE_OUTSOURCE], 0);

    /* An outsourced region-III service: strengthen the outsourcing; a
     * combined one in region III too; an outsourced region-I one: bring
     * in-house; an insourced region-IV one: consider outsourcing. */
    p->services[service("C-1")].allocation = ISOMM_SIDE_OUTSOURCE;
    p->services[service("C-1")].as_is = 2;
    p->services[service("C-2")].allocation = ISOMM_SIDE_COMBINED;
    p->services[service("C-2")].as_is = 1;
    p->services[service("D-2")].allocation = ISOMM_SIDE_OUTSOURCE;
    p->services[service("D-2")].as_is = 3;
    p->services[service("B-1")].allocation = ISOMM_SIDE_INSOURCE;
    p->services[service("B-1")].as_is = 4;
    advice_free(&a);
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    const advice_kind so = ADVICE_STRENGTHEN_OUTSOURCE;
    assert_int_equal(a.list_count[so], 2);
    assert_string_equal(cat->services[a.list[so][0]].id, "C-2");
    assert_string_equal(cat->services[a.list[so][1]].id, "C-1");
    assert_int_equal(a.list_count[ADVICE_MOVE_INSOURCE], 1);
    assert_string_equal(cat->services[a.list[ADVICE_MOVE_INSOURCE][0]].id, "D-2");
    assert_int_equal(a.list_count[ADVICE_MOVE_OUTSOURCE], 1);
    assert_string_equal(cat->services[a.list[ADVICE_MOVE_OUTSOURCE][0]].id, "B-1");
    advice_free(&a);
    isomm_portfolio_free(p);
}

static void set_category(isomm_portfolio *p, const char *id, double as_is)
{
    for (size_t k = 0; k < cat->category_count; k++)
        if (strcmp(cat->categories[k].id, id) == 0) {
            p->categories[k].as_is = as_is;
            p->categories[k].assessed = as_is < 0 ? 0 : 1;
            return;
        }
    fail_msg("no category %s", id);
}

static const char *category_id(size_t k)
{
    return cat->categories[k].id;
}

static void test_strengths_weaknesses(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 0);
    assert_non_null(p);
    /* A 3.0, B 4.0, C 4.0, D 1.5, E none, F 1.5, G 2.0, H none, I 3.5 */
    static const struct {
        const char *id;
        double v;
    } values[] = {{"A", 3.0}, {"B", 4.0}, {"C", 4.0}, {"D", 1.5}, {"E", -1},
                  {"F", 1.5}, {"G", 2.0}, {"H", -1},  {"I", 3.5}};
    for (size_t i = 0; i < 9; i++)
        set_category(p, values[i].id, values[i].v);
    advice_set a;
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    assert_int_equal(a.strength_count, 2);
    assert_string_equal(category_id(a.strengths[0]), "B"); /* tie: catalog order */
    assert_string_equal(category_id(a.strengths[1]), "C");
    assert_int_equal(a.weakness_count, 2);
    assert_string_equal(category_id(a.weaknesses[0]), "D");
    assert_string_equal(category_id(a.weaknesses[1]), "F");
    static const size_t high[] = {4, 1, 2, 6, 0, 7, 5, 0, 3};
    static const size_t low[] = {4, 6, 7, 1, 0, 2, 3, 0, 5};
    for (size_t k = 0; k < 9; k++) {
        assert_int_equal(a.rank_high[k], high[k]);
        assert_int_equal(a.rank_low[k], low[k]);
    }
    advice_free(&a);

    /* One category with a score: it is both. None: neither. */
    for (size_t i = 0; i < 9; i++)
        set_category(p, values[i].id, -1);
    set_category(p, "G", 2.5);
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    assert_int_equal(a.strength_count, 1);
    assert_int_equal(a.weakness_count, 1);
    assert_string_equal(category_id(a.strengths[0]), "G");
    assert_string_equal(category_id(a.weaknesses[0]), "G");
    advice_free(&a);
    set_category(p, "G", -1);
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    assert_int_equal(a.strength_count, 0);
    assert_int_equal(a.weakness_count, 0);
    advice_free(&a);
    isomm_portfolio_free(p);
}

/* The v2.1 result sheet's per-function average: scored levels >= 1. */
static void test_before(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    advice_set a;
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    for (size_t k = 0; k < cat->category_count; k++) {
        long sum = 0;
        size_t n = 0;
        for (size_t r = 0; r < cat->role_count; r++) {
            isomm_role_result rr = pf_fixture_role(r);
            const char *fid = cat->functions[cat->roles[r].function].id;
            if (strcmp(fid, cat->categories[k].id) == 0 &&
                rr.state == ISOMM_ROLE_SCORED) {
                sum += rr.level;
                n++;
            }
        }
        assert_int_equal(a.function[k], (long)k); /* A … I match by ID */
        assert_int_equal(a.before_count[k], n);
        if (n)
            assert_true(a.before[k] == (double)sum / (double)n);
    }
    advice_free(&a);

    /* A portfolio without roles has no "before". */
    isomm_portfolio *q = pf_fixture_new(cat, 0);
    assert_non_null(q);
    assert_int_equal(advice_compute(q, &a), ISOMM_OK);
    for (size_t k = 0; k < cat->category_count; k++)
        assert_int_equal(a.before_count[k], 0);
    advice_free(&a);
    isomm_portfolio_free(q);
    isomm_portfolio_free(p);
}

/* The bundled sample, end to end (reader, migration, advice); the lists
 * were checked by hand against the rule (docs/workbook.md). */
static void test_sample_alpha(void **state)
{
    (void)state;
    char err[ISOMM_ERRBUF_SIZE] = "";
    isomm_portfolio *p = NULL;
    if (isomm_portfolio_read("samples/alpha-manufacturing.xlsx", cat, NULL, &p, err))
        fail_msg("%s", err);
    advice_set a;
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    assert_int_equal(a.pattern, pattern("minimum-outsource"));
    static const char *const want[ADVICE_KINDS][5] = {
        {"A-7", "A-9", "A-12", "D-7", "E-6"},
        {"C-2", "C-3", "G-8", "C-1", "C-4"},
        {"E-3", "G-4", "G-9", "B-4", "G-12"},
        {NULL},
    };
    for (int k = 0; k < ADVICE_KINDS; k++)
        for (size_t j = 0; j < 5; j++) {
            if (!want[k][j]) {
                assert_int_equal(a.list_count[k], j);
                break;
            }
            assert_true(j < a.list_count[k]);
            assert_string_equal(cat->services[a.list[k][j]].id, want[k][j]);
        }
    assert_string_equal(category_id(a.strengths[0]), "B");
    assert_string_equal(category_id(a.strengths[1]), "D");
    assert_string_equal(category_id(a.weaknesses[0]), "C");
    assert_string_equal(category_id(a.weaknesses[1]), "A");
    check_lists(p);
    advice_free(&a);
    isomm_portfolio_free(p);
}

/* The optional one-sentence columns of categories.tsv. */
static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static void test_catalog_texts(void **state)
{
    (void)state;
    /* Built in: every category has all three; functions have none. */
    for (size_t k = 0; k < cat->category_count; k++) {
        const isomm_group *g = &cat->categories[k];
        assert_non_null(g->description);
        assert_non_null(g->strength);
        assert_non_null(g->weakness);
        assert_true(strlen(g->description) > 20);
    }
    for (size_t f = 0; f < cat->function_count; f++)
        assert_null(cat->functions[f].description);

    /* A directory whose categories.tsv has only id and name, or an empty
     * cell: NULL, and everything else loads as before. */
    char dir[] = "/tmp/isomm-cat-XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const char *const files[] = {"functions", "roles", "services",
                                        "correspondence", "patterns"};
    char from[256], to[256];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(from, sizeof from, "templates/%s.tsv", files[i]);
        snprintf(to, sizeof to, "%s/%s.tsv", dir, files[i]);
        copy_file(from, to);
    }
    snprintf(to, sizeof to, "%s/categories.tsv", dir);
    static const char *const variants[] = {
        "id\tname\nA\ta\nB\tb\nC\tc\nD\td\nE\te\nF\tf\nG\tg\nH\th\nI\ti\n",
        "id\tname\tdescription\nA\ta\tAの説明。\nB\tb\t\nC\tc\t\nD\td\t\n"
        "E\te\t\nF\tf\t\nG\tg\t\nH\th\t\nI\ti\t\n",
    };
    for (size_t v = 0; v < 2; v++) {
        FILE *f = fopen(to, "wb");
        assert_non_null(f);
        fputs(variants[v], f);
        assert_int_equal(fclose(f), 0);
        isomm_catalog *c = NULL;
        char err[ISOMM_ERRBUF_SIZE] = "";
        if (isomm_catalog_load_dir(dir, &c, err))
            fail_msg("%s", err);
        assert_int_equal(c->category_count, 9);
        if (v == 1)
            assert_string_equal(c->categories[0].description, "Aの説明。");
        else
            assert_null(c->categories[0].description);
        for (size_t k = 1; k < 9; k++) {
            assert_null(c->categories[k].description);
            assert_null(c->categories[k].strength);
            assert_null(c->categories[k].weakness);
        }
        isomm_catalog_free(c);
    }
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(to, sizeof to, "%s/%s.tsv", dir, files[i]);
        remove(to);
    }
    snprintf(to, sizeof to, "%s/categories.tsv", dir);
    remove(to);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_house),
        cmocka_unit_test(test_kind_of),
        cmocka_unit_test(test_pattern_choice),
        cmocka_unit_test(test_lists_every_pattern),
        cmocka_unit_test(test_lists_ties),
        cmocka_unit_test(test_strengths_weaknesses),
        cmocka_unit_test(test_before),
        cmocka_unit_test(test_sample_alpha),
        cmocka_unit_test(test_catalog_texts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
