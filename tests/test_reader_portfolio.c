/* test_reader_portfolio.c - v3.1 service portfolio sheets as input: this
 * project's own output read back (round trip of every sample), the
 * textbook's service matrix with its labels, and the warnings for what a
 * sheet gets wrong. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xlsxwriter.h>

#include "check.h"
#include "fixture.h"
#include "isomm/isomm.h"
#include "read/read.h"


static isomm_portfolio *read_ok(const char *path)
{
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_portfolio *p = NULL;
    if (isomm_portfolio_read(path, cat, NULL, &p, errbuf))
        fail_msg("isomm_portfolio_read(%s): %s", path, errbuf);
    return p;
}

static char *json_of(const isomm_portfolio *p)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(isomm_write_json_stream(p, f, NULL), ISOMM_OK);
    fclose(f);
    return buf;
}

static long service(const char *id)
{
    long k = isomm_catalog_find_service(cat, id);
    assert_true(k >= 0);
    return k;
}

static void dump(const isomm_portfolio *p)
{
    for (size_t i = 0; i < p->warnings.count; i++)
        print_message("warning: %s\n", p->warnings.items[i]);
}

/* The round-trip rule (docs/reader.md): sample → portfolio → xlsx → read
 * back gives the same JSON apart from `source`, `roles` (a portfolio has
 * none), service `flags` (how a value was migrated; not in the workbook)
 * and `warnings` (those of the v2.1 reading; the re-read has none). */
static void test_round_trip(void **state)
{
    (void)state;
    static const char *const samples[] = {
        "samples/alpha-manufacturing.xlsx",
        "samples/beta-finance.xlsx",
        "samples/gamma-retail.xlsx",
    };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        isomm_portfolio *p1 = read_ok(samples[i]);
        char *out = fx_path(dir, "round.xlsx");
        char errbuf[ISOMM_ERRBUF_SIZE] = "";
        if (isomm_write_xlsx(p1, out, NULL, errbuf))
            fail_msg("isomm_write_xlsx: %s", errbuf);
        isomm_portfolio *p2 = read_ok(out);
        dump(p2);
        assert_string_equal(p2->kind, "x1060-portfolio");
        assert_string_equal(p2->layout, "service-matrix");
        assert_string_equal(p2->sheet, "サービスポートフォリオ");
        assert_null(p2->roles);
        assert_int_equal(p2->warnings.count, 0);
        assert_string_equal(p2->organization, p1->organization);
        assert_string_equal(p2->date, p1->date);
        for (size_t s = 0; s < cat->service_count; s++) {
            assert_int_equal(p2->services[s].flags, 0);
            assert_null(p2->services[s].memo);
        }

        /* p1 as the rule sees it. */
        char *keep_path = p1->path, *keep_kind = p1->kind, *keep_sheet = p1->sheet,
             *keep_layout = p1->layout;
        isomm_role_result *keep_roles = p1->roles;
        isomm_strlist keep_warnings = p1->warnings;
        p1->path = p2->path;
        p1->kind = p2->kind;
        p1->sheet = p2->sheet;
        p1->layout = p2->layout;
        p1->roles = NULL;
        memset(&p1->warnings, 0, sizeof p1->warnings);
        for (size_t s = 0; s < cat->service_count; s++)
            p1->services[s].flags = 0;
        char *j1 = json_of(p1), *j2 = json_of(p2);
        assert_string_equal(j1, j2);
        free(j1);

        /* A portfolio written again (no roles, no v2.1 sheet) reads back the
         * same: patterns, organization and date come from the summary. */
        char *out2 = fx_path(dir, "round2.xlsx");
        if (isomm_write_xlsx(p2, out2, NULL, errbuf))
            fail_msg("isomm_write_xlsx (portfolio): %s", errbuf);
        isomm_portfolio *p3 = read_ok(out2);
        dump(p3);
        assert_int_equal(p3->warnings.count, 0);
        assert_string_equal(p3->organization, p2->organization);
        assert_string_equal(p3->date, p2->date);
        char *keep3 = p3->path;
        p3->path = p2->path;
        char *j3 = json_of(p3);
        p3->path = keep3;
        assert_string_equal(j2, j3);
        free(j2);
        free(j3);
        isomm_portfolio_free(p3);
        free(out2);
        p1->path = keep_path;
        p1->kind = keep_kind;
        p1->sheet = keep_sheet;
        p1->layout = keep_layout;
        p1->roles = keep_roles;
        p1->warnings = keep_warnings;
        isomm_portfolio_free(p1);
        isomm_portfolio_free(p2);
        free(out);
    }
}

/* The textbook appendix: サービス | 推奨レベル | サービス割り当て |
 * 現状 (As-Is) | あるべき姿 (To-Be), the ID leading the service name, labels
 * with the textbook's parentheses, scores as numbers and text. */
static void test_textbook_matrix(void **state)
{
    (void)state;
    char *path = fx_path(dir, "textbook.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *cover = workbook_add_worksheet(wb, "表紙");
    worksheet_write_string(cover, 0, 0, "サービスポートフォリオ", NULL);
    worksheet_write_string(cover, 2, 0, "組織名", NULL);
    worksheet_write_string(cover, 2, 1, "ゼータ物流", NULL);
    worksheet_write_string(cover, 3, 0, "評価日", NULL);
    worksheet_write_string(cover, 3, 1, "2024年5月10日", NULL);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "付録");
    worksheet_write_string(ws, 1, 1, "サービス", NULL);
    worksheet_write_string(ws, 1, 2, "推奨レベル", NULL);
    worksheet_write_string(ws, 1, 3, "サービス割り当て", NULL);
    worksheet_write_string(ws, 1, 4, "サービススコア 現状 (As-Is)", NULL);
    worksheet_write_string(ws, 1, 5, "あるべき姿 (To-Be)", NULL);
    static const char *const recs[] = {"ベーシック (必須)", "スタンダード", "(推奨)", "任意",
                                       "不要"};
    static const char *const allocs[] = {"インソース(AB 部門)", "アウトソース", "併用",
                                         "未割り当て", ""};
    unsigned row = 2;
    for (size_t s = 0; s < cat->service_count; s++) {
        if (s == 0 || cat->services[s].category != cat->services[s - 1].category) {
            char head[256];
            snprintf(head, sizeof head, "%s. %s", cat->categories[cat->services[s].category].id,
                     cat->categories[cat->services[s].category].name);
            worksheet_write_string(ws, row++, 1, head, NULL);
        }
        char name[256];
        snprintf(name, sizeof name, "%s. %s", cat->services[s].id, cat->services[s].name);
        worksheet_write_string(ws, row, 1, name, NULL);
        worksheet_write_string(ws, row, 2, recs[s % 5], NULL);
        if (*allocs[s % 5])
            worksheet_write_string(ws, row, 3, allocs[s % 5], NULL);
        if (s % 3 == 0)
            worksheet_write_number(ws, row, 4, 1 + (double)(s % 5), NULL);
        else if (s % 3 == 1)
            worksheet_write_string(ws, row, 4, s % 2 ? "３" : "2", NULL);
        worksheet_write_number(ws, row, 5, 4, NULL);
        row++;
    }
    /* Problems: an unknown label, a bad score, an unknown ID, a repeat. */
    lxw_row_t r0 = 3; /* A-1's row (after the category heading) */
    worksheet_write_string(ws, r0, 2, "とても重要", NULL);
    worksheet_write_string(ws, r0, 4, "6", NULL);
    worksheet_write_string(ws, r0, 3, "外注かも", NULL);
    worksheet_write_string(ws, row, 1, "Z-9. 謎のサービス", NULL);
    worksheet_write_string(ws, row + 1, 1, "A-2 もう一度", NULL);
    worksheet_write_number(ws, row + 1, 4, 5, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    isomm_portfolio *p = read_ok(path);
    dump(p);
    assert_string_equal(p->kind, "x1060-portfolio");
    assert_string_equal(p->sheet, "付録");
    assert_string_equal(p->organization, "ゼータ物流");
    assert_string_equal(p->date, "2024-05-10");
    assert_null(p->roles);
    long a1 = service("A-1"), a2 = service("A-2"), a3 = service("A-3"), a4 = service("A-4"),
         a5 = service("A-5");
    assert_int_equal(p->services[a1].recommendation, ISOMM_REC_NULL);
    assert_int_equal(p->services[a1].allocation, ISOMM_SIDE_NULL);
    assert_int_equal(p->services[a1].as_is, -1);
    assert_int_equal(p->services[a1].to_be, 4);
    assert_int_equal(p->services[a2].recommendation, ISOMM_REC_STANDARD);
    assert_int_equal(p->services[a2].allocation, ISOMM_SIDE_OUTSOURCE);
    assert_int_equal(p->services[a2].as_is, 3); /* "３", the first A-2 row */
    assert_int_equal(p->services[a3].recommendation, ISOMM_REC_ADVANCED);
    assert_int_equal(p->services[a3].allocation, ISOMM_SIDE_COMBINED);
    assert_int_equal(p->services[a3].as_is, -1);
    assert_int_equal(p->services[a4].recommendation, ISOMM_REC_OPTIONAL);
    assert_int_equal(p->services[a4].allocation, ISOMM_SIDE_UNASSIGNED);
    assert_int_equal(p->services[a4].as_is, 4);
    assert_int_equal(p->services[a5].recommendation, ISOMM_REC_NOT_REQUIRED);
    assert_int_equal(p->services[a5].allocation, ISOMM_SIDE_NULL);
    assert_int_equal(p->services[a5].as_is, 2);
    size_t s6 = 5;
    assert_int_equal(p->services[s6].recommendation, ISOMM_REC_BASIC);
    assert_int_equal(p->services[s6].allocation, ISOMM_SIDE_INSOURCE);
    assert_int_equal(p->warnings.count, 5);
    assert_contains(p->warnings.items[0], "付録!C4 (A-1): unknown 推奨レベル 'とても重要'");
    assert_contains(p->warnings.items[1], "付録!D4 (A-1): unknown サービス割り当て '外注かも'");
    assert_contains(p->warnings.items[2],
                    "付録!E4 (A-1): 現状 (As-Is) is not a score 1–5 (left empty): '6'");
    assert_contains(p->warnings.items[3], "(Z-9): not a service of the X.1060 catalog");
    assert_contains(p->warnings.items[4], "(A-2): service A-2 appears again (first at B5)");
    /* Category figures are computed from the services. */
    size_t total = 0;
    for (size_t c = 0; c < cat->category_count; c++)
        total += p->categories[c].total;
    assert_int_equal(total, cat->service_count);
    isomm_portfolio_free(p);
    free(path);
}

/* A matrix with too few services, and a workbook that is neither kind. */
static void test_neither(void **state)
{
    (void)state;
    char *path = fx_path(dir, "few.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "一部");
    worksheet_write_string(ws, 0, 0, "ID", NULL);
    worksheet_write_string(ws, 0, 1, "サービス名", NULL);
    worksheet_write_string(ws, 0, 2, "現状 (As-Is)", NULL);
    for (unsigned i = 0; i < 5; i++) {
        worksheet_write_string(ws, 1 + i, 0, cat->services[i].id, NULL);
        worksheet_write_number(ws, 1 + i, 2, 3, NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_portfolio *p = (isomm_portfolio *)&p;
    assert_int_equal(isomm_portfolio_read(path, cat, NULL, &p, errbuf), ISOMM_ERR_NO_TABLE);
    assert_null(p);
    assert_int_equal(strncmp(errbuf, path, strlen(path)), 0);
    assert_contains(errbuf, "neither an ISOMM v2.1 self-check sheet nor an X.1060 service portfolio");
    assert_contains(errbuf, "no ISOMM v2.1 table found");
    assert_contains(errbuf, "no X.1060 service portfolio found");
    char want[160];
    snprintf(want, sizeof want, "closest: sheet 一部, 現状 (As-Is) header at C1 but only 5 "
             "of %zu service IDs", cat->service_count);
    assert_contains(errbuf, want);
    free(path);
}

static void test_missing_services(void **state)
{
    (void)state;
    char *path = fx_path(dir, "missing.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "X");
    worksheet_write_string(ws, 0, 0, "ID", NULL);
    worksheet_write_string(ws, 0, 1, "現状 (As-Is)", NULL);
    for (unsigned i = 1; i < cat->service_count; i++) /* no A-1 */
        worksheet_write_string(ws, i, 0, cat->services[i].id, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    isomm_portfolio *p = read_ok(path);
    assert_int_equal(p->warnings.count, 1);
    assert_contains(p->warnings.items[0], "X: service A-1 (");
    assert_contains(p->warnings.items[0], "has no row in the table");
    /* The public reading says the same: range, services read, none assessed. */
    isomm_reading *r = NULL;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    assert_int_equal(isomm_read_file(path, cat, NULL, &r, errbuf), ISOMM_OK);
    char want[32];
    snprintf(want, sizeof want, "A1:B%zu", cat->service_count);
    assert_string_equal(r->portfolio->table_range, want);
    assert_null(r->assessment);
    assert_int_equal(r->services_assessed, 0);
    assert_string_equal(r->portfolio->kind, "x1060-portfolio");
    isomm_reading_free(r);
    isomm_portfolio_free(p);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_textbook_matrix),
        cmocka_unit_test(test_neither),
        cmocka_unit_test(test_missing_services),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
