/* test_normalize.c - every rule of docs/migration-policy.md, and the JSON
 * document built from the result. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "isomm/isomm.h"
#include "core/core.h"
#include "catalog_fixture.h"

#define IN(l) (1u << (l))

/* An assessment with every role blank, built without the reader. */
static isomm_assessment *blank_assessment(void)
{
    isomm_assessment *a = calloc(1, sizeof *a);
    a->catalog = cat;
    a->answers = calloc(cat->role_count, sizeof *a->answers);
    a->sheet = strdup("入力シート");
    a->path = strdup("test.xlsx");
    a->kind = strdup("isomm-v2.1");
    a->layout = strdup("marker-grid");
    a->pattern_current = 1;
    a->pattern_target = -1;
    return a;
}

static void free_assessment(isomm_assessment *a)
{
    for (size_t r = 0; r < cat->role_count; r++)
        free(a->answers[r].note);
    free(a->answers);
    free(a->sheet);
    free(a->path);
    free(a->kind);
    free(a->layout);
    core_strlist_clear(&a->warnings);
    free(a);
}

static void mark(isomm_assessment *a, const char *role, unsigned in, unsigned out)
{
    long r = isomm_catalog_find_role(cat, role);
    assert_true(r >= 0);
    a->answers[r].found = 1;
    a->answers[r].insource = in;
    a->answers[r].outsource = out;
    snprintf(a->answers[r].cell, sizeof a->answers[r].cell, "B%d", (int)r + 6);
}

static const isomm_role_result *role(const isomm_portfolio *p, const char *id)
{
    long r = isomm_catalog_find_role(cat, id);
    assert_true(r >= 0);
    return &p->roles[r];
}

static const isomm_service_result *svc(const isomm_portfolio *p, const char *id)
{
    long s = isomm_catalog_find_service(cat, id);
    assert_true(s >= 0);
    return &p->services[s];
}

static isomm_portfolio *migrate(isomm_assessment *a, isomm_merge merge, int to_be)
{
    isomm_policy policy = {merge, to_be};
    isomm_portfolio *p = NULL;
    assert_int_equal(isomm_portfolio_from_assessment(a, &policy, &p, NULL), ISOMM_OK);
    return p;
}

static void test_role_states(void **state)
{
    (void)state;
    isomm_assessment *a = blank_assessment();
    mark(a, "A-2", IN(0), 0);          /* declined in-house */
    mark(a, "A-3", 0, IN(0));          /* declined outsourcing */
    mark(a, "A-4", IN(3), 0);
    mark(a, "A-5", 0, IN(4));
    mark(a, "A-6", IN(2), IN(4));      /* both sides: combined, the higher */
    mark(a, "B-1", IN(3), IN(0));      /* a 0 on the other side doesn't count */
    mark(a, "B-2", IN(2) | IN(4), 0);  /* duplicate: keep 4, warn */
    mark(a, "B-3", IN(0) | IN(1), IN(5) | IN(2));
    isomm_portfolio *p = migrate(a, ISOMM_MERGE_MIN, 0);

    const isomm_role_result *r = role(p, "A-1");
    assert_int_equal(r->state, ISOMM_ROLE_BLANK);
    assert_int_equal(r->side, ISOMM_SIDE_NULL);
    assert_int_equal(r->level, -1);
    r = role(p, "A-2");
    assert_int_equal(r->state, ISOMM_ROLE_DECLINED);
    assert_int_equal(r->level, 0);
    assert_int_equal(r->side, ISOMM_SIDE_INSOURCE);
    assert_int_equal(role(p, "A-3")->side, ISOMM_SIDE_OUTSOURCE);
    r = role(p, "A-4");
    assert_int_equal(r->state, ISOMM_ROLE_SCORED);
    assert_int_equal(r->side, ISOMM_SIDE_INSOURCE);
    assert_int_equal(r->level, 3);
    assert_int_equal(role(p, "A-5")->side, ISOMM_SIDE_OUTSOURCE);
    assert_int_equal(role(p, "A-5")->level, 4);
    assert_int_equal(role(p, "A-6")->side, ISOMM_SIDE_COMBINED);
    assert_int_equal(role(p, "A-6")->level, 4);
    assert_int_equal(role(p, "B-1")->side, ISOMM_SIDE_INSOURCE);
    assert_int_equal(role(p, "B-1")->level, 3);
    assert_int_equal(role(p, "B-2")->level, 4);
    assert_int_equal(role(p, "B-3")->side, ISOMM_SIDE_COMBINED);
    assert_int_equal(role(p, "B-3")->level, 5);

    assert_int_equal(p->warnings.count, 3);
    assert_string_equal(p->warnings.items[0],
                        "入力シート!B13 (B-2): 2 marks on the insource side (levels 2, 4); kept 4");
    assert_string_equal(p->warnings.items[1],
                        "入力シート!B14 (B-3): 2 marks on the insource side (levels 0, 1); kept 1");
    assert_string_equal(p->warnings.items[2],
                        "入力シート!B14 (B-3): 2 marks on the outsource side (levels 2, 5); kept 5");
    isomm_portfolio_free(p);
    free_assessment(a);
}

static void test_new_service(void **state)
{
    (void)state;
    isomm_assessment *a = blank_assessment();
    isomm_portfolio *p = migrate(a, ISOMM_MERGE_MIN, 3);
    static const char *const fresh[] = {"A-8", "A-13", "D-5", "E-8", "E-9", "F-1",
                                        "G-1", "G-6", "G-7", "I-6", "I-7"};
    for (size_t i = 0; i < 11; i++) {
        const isomm_service_result *s = svc(p, fresh[i]);
        assert_int_equal(s->as_is, -1);
        assert_int_equal(s->to_be, -1);
        assert_int_equal(s->allocation, ISOMM_SIDE_UNASSIGNED);
        assert_int_equal(s->flags, ISOMM_FLAG_NEW);
        assert_int_equal(s->recommendation, ISOMM_REC_NULL);
    }
    /* Every other service of an all-blank sheet is unanswered. */
    assert_int_equal(svc(p, "B-1")->flags, ISOMM_FLAG_UNANSWERED);
    assert_int_equal(svc(p, "B-1")->allocation, ISOMM_SIDE_UNASSIGNED);
    for (size_t k = 0; k < cat->category_count; k++)
        assert_int_equal(p->categories[k].assessed, 0);
    isomm_portfolio_free(p);
    free_assessment(a);
}

static void test_single_and_renumbered(void **state)
{
    (void)state;
    isomm_assessment *a = blank_assessment();
    mark(a, "E-4", 0, IN(4));  /* v2.1 E-4 -> X E-3 */
    mark(a, "E-3", IN(2), 0);  /* v2.1 E-3 -> X E-4 */
    mark(a, "A-1", IN(3), 0);  /* feeds X A-1 … A-6 alike */
    isomm_portfolio *p = migrate(a, ISOMM_MERGE_MIN, 0);
    assert_int_equal(svc(p, "E-3")->as_is, 4);
    assert_int_equal(svc(p, "E-3")->allocation, ISOMM_SIDE_OUTSOURCE);
    assert_int_equal(svc(p, "E-4")->as_is, 2);
    assert_int_equal(svc(p, "E-4")->allocation, ISOMM_SIDE_INSOURCE);
    assert_int_equal(svc(p, "E-3")->flags, 0);
    const char *a16[] = {"A-1", "A-2", "A-3", "A-4", "A-5", "A-6"};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(svc(p, a16[i])->as_is, 3);
        assert_int_equal(svc(p, a16[i])->allocation, ISOMM_SIDE_INSOURCE);
        assert_int_equal(svc(p, a16[i])->flags, 0);
    }
    assert_int_equal(svc(p, "A-7")->flags, ISOMM_FLAG_UNANSWERED);
    isomm_portfolio_free(p);
    free_assessment(a);
}

static void test_merge_policies(void **state)
{
    (void)state;
    isomm_assessment *a = blank_assessment();
    mark(a, "B-1", IN(3), 0);
    mark(a, "B-2", 0, IN(2));
    mark(a, "H-1", IN(4), 0);   /* X B-1 <- B-1, B-2, H-1: 3, 2, 4 */
    mark(a, "C-1", 0, IN(2));
    mark(a, "C-2", 0, IN(3));   /* X C-1 <- C-1, C-2: 2, 3 -> mean 2.5 -> 3 */
    isomm_portfolio *p = migrate(a, ISOMM_MERGE_MIN, 0);
    assert_int_equal(svc(p, "B-1")->as_is, 2);
    assert_int_equal(svc(p, "B-1")->allocation, ISOMM_SIDE_COMBINED);
    assert_int_equal(svc(p, "B-1")->flags, ISOMM_FLAG_MERGED);
    assert_int_equal(svc(p, "C-1")->as_is, 2);
    assert_int_equal(svc(p, "C-1")->allocation, ISOMM_SIDE_OUTSOURCE);
    assert_non_null(strstr(svc(p, "B-1")->memo, "(min) → 2"));
    isomm_portfolio_free(p);
    p = migrate(a, ISOMM_MERGE_MAX, 0);
    assert_int_equal(svc(p, "B-1")->as_is, 4);
    assert_int_equal(svc(p, "C-1")->as_is, 3);
    isomm_portfolio_free(p);
    p = migrate(a, ISOMM_MERGE_MEAN, 0);
    assert_int_equal(svc(p, "B-1")->as_is, 3);
    assert_int_equal(svc(p, "C-1")->as_is, 3); /* half up */
    assert_int_equal(p->policy.merge, ISOMM_MERGE_MEAN);
    isomm_portfolio_free(p);
    free_assessment(a);
}

static void test_partial_declined_unanswered(void **state)
{
    (void)state;
    isomm_assessment *a = blank_assessment();
    mark(a, "A-6", IN(3), 0);          /* X A-7 <- A-6 scored, I-4 blank */
    mark(a, "D-4", IN(0), 0);
    mark(a, "D-5", 0, IN(0));          /* X D-4 <- both declined */
    mark(a, "D-7", IN(0), 0);          /* X D-6 <- D-6 blank, D-7 declined */
    mark(a, "B-1", IN(2), 0);
    mark(a, "B-2", IN(0), 0);          /* X B-1 <- B-1 2, B-2 declined, H-1 blank */
    mark(a, "C-1", IN(4), 0);
    mark(a, "C-2", IN(0), IN(5));      /* outsource 5 (the 0 does not count) */
    isomm_portfolio *p = migrate(a, ISOMM_MERGE_MIN, 0);
    const isomm_service_result *s = svc(p, "A-7");
    assert_int_equal(s->as_is, 3);
    assert_int_equal(s->allocation, ISOMM_SIDE_INSOURCE);
    assert_int_equal(s->flags, ISOMM_FLAG_PARTIAL);
    s = svc(p, "D-4");
    assert_int_equal(s->recommendation, ISOMM_REC_NOT_REQUIRED);
    assert_int_equal(s->allocation, ISOMM_SIDE_NULL);
    assert_int_equal(s->as_is, -1);
    assert_int_equal(s->flags, 0);
    s = svc(p, "D-6");
    assert_int_equal(s->recommendation, ISOMM_REC_NULL);
    assert_int_equal(s->allocation, ISOMM_SIDE_UNASSIGNED);
    assert_int_equal(s->flags, ISOMM_FLAG_UNANSWERED);
    s = svc(p, "B-1");
    assert_int_equal(s->as_is, 2);
    assert_int_equal(s->flags, ISOMM_FLAG_PARTIAL);
    s = svc(p, "C-1");
    assert_int_equal(s->as_is, 4);
    assert_int_equal(s->allocation, ISOMM_SIDE_COMBINED); /* insource 4 + outsource 5 */
    assert_int_equal(s->flags, ISOMM_FLAG_MERGED);
    isomm_portfolio_free(p);
    free_assessment(a);
}

static void test_to_be_and_categories(void **state)
{
    (void)state;
    isomm_assessment *a = blank_assessment();
    mark(a, "B-1", IN(3), 0);  /* X B-1 = 3 */
    mark(a, "B-3", IN(4), 0);  /* X B-2 = 4 */
    mark(a, "B-4", IN(2), 0);  /* X B-3 = 2 */
    mark(a, "C-3", IN(1), 0);
    mark(a, "C-4", IN(2), 0);  /* X C-2 = 1, C-3 = 2 */
    isomm_portfolio *p = migrate(a, ISOMM_MERGE_MIN, 4);
    assert_int_equal(svc(p, "B-1")->to_be, 4);
    assert_int_equal(svc(p, "B-4")->to_be, -1); /* no As-Is, no To-Be */
    const isomm_category_result *b = &p->categories[1];
    assert_int_equal(b->assessed, 3);
    assert_int_equal(b->total, 4);
    assert_true(b->as_is == 3.0);
    assert_int_equal(b->to_be_count, 3);
    assert_true(b->to_be == 4.0);
    assert_true(p->categories[2].as_is == 1.5);
    assert_int_equal(p->categories[0].assessed, 0);
    isomm_portfolio_free(p);
    free_assessment(a);
}

/* JSON: key order, nulls, numbers as the schema shows them. */
static void test_json(void **state)
{
    (void)state;
    isomm_assessment *a = blank_assessment();
    mark(a, "B-1", IN(3), 0);
    mark(a, "B-3", IN(4), 0);
    mark(a, "B-4", IN(4), 0);            /* B: 3, 4, 4 -> 3.6666666666666665 */
    mark(a, "C-3", IN(1), 0);
    mark(a, "C-4", IN(2), IN(2) | IN(3)); /* C: 1, 3 -> 2.0 */
    long r = isomm_catalog_find_role(cat, "B-1");
    a->answers[r].note = strdup("SOC \"24/7\"\n委託");
    isomm_portfolio *p = migrate(a, ISOMM_MERGE_MIN, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(isomm_write_json_stream(p, f, NULL), ISOMM_OK);
    fclose(f);
    assert_non_null(strstr(buf, "{\n  \"schema\": \"isomm-portfolio/2\",\n"
                                "  \"organization\": null,\n  \"date\": null,\n  \"source\": {\n"
                                "    \"path\": \"test.xlsx\",\n    \"kind\": \"isomm-v2.1\",\n"
                                "    \"sheet\": \"入力シート\",\n    \"layout\": \"marker-grid\"\n  },\n"
                                "  \"patterns\": {\n    \"current\": \"hybrid\",\n"
                                "    \"target\": null\n  },\n  \"policy\": {\n"
                                "    \"merge\": \"min\"\n  },\n  \"roles\": [\n    {\n"
                                "      \"id\": \"A-1\",\n      \"name\": \"全体方針管理\",\n"
                                "      \"state\": \"blank\",\n      \"side\": null,\n"
                                "      \"level\": null,\n      \"note\": null\n    },\n"));
    assert_non_null(strstr(buf, "\"note\": \"SOC \\\"24/7\\\"\\n委託\""));
    assert_non_null(strstr(buf, "      \"id\": \"A-8\",\n      \"category\": \"A\",\n"
                                "      \"name\": \"セキュリティアーキテクチャ設計\",\n"
                                "      \"recommendation\": null,\n"
                                "      \"allocation\": \"unassigned\",\n"
                                "      \"as_is\": null,\n      \"to_be\": null,\n"
                                "      \"sources\": [],\n      \"flags\": [\n"
                                "        \"new-in-x1060\"\n      ]\n"));
    assert_non_null(strstr(buf, "\"id\": \"B\",\n      \"name\": \"即時分析\",\n"
                                "      \"as_is\": 3.6666666666666665,\n      \"to_be\": null,\n"
                                "      \"assessed\": 3,\n      \"total\": 4\n"));
    assert_non_null(strstr(buf, "\"id\": \"C\",\n      \"name\": \"深掘分析\",\n"
                                "      \"as_is\": 2.0,"));
    assert_non_null(strstr(buf, "  \"warnings\": [\n    \"入力シート!B"));
    assert_string_equal(buf + len - 4, "  ]\n}\n" + 2);
    free(buf);
    isomm_portfolio_free(p);
    free_assessment(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_role_states),
        cmocka_unit_test(test_new_service),
        cmocka_unit_test(test_single_and_renumbered),
        cmocka_unit_test(test_merge_policies),
        cmocka_unit_test(test_partial_declined_unanswered),
        cmocka_unit_test(test_to_be_and_categories),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}
