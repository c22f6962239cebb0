/* test_trend.c - isomm trend and the group over time (issue 11): the
 * dated series of tests/series/ (tools/make_trend.py) against the
 * expectations its oracle computed from the declarations: the JSON and CSV
 * byte for byte whatever the order of the inputs, the workbook's cells,
 * the refusals (no date, another organization, one date twice), the
 * library API, and a group folder holding two years of one subsidiary. */
#define _DEFAULT_SOURCE
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "book.h"
#include "check.h"
#include "core/core.h"
#include "isomm/isomm.h"
#include "ooxml/ooxml.h"
#include "run.h"

#define S "tests/series"
#define D2019 S "/delta/delta-2019.xlsx"
#define D2021 S "/delta/delta-2021.xlsx"
#define D2024 S "/delta/delta-2024.xlsx"
#define D2025 S "/later/delta-2025.xlsx"

/* Fail with the first differing line unless `got` is the file `want`. */
static void assert_same_as_file(const char *got, const char *want_path)
{
    char *want = read_all(want_path, NULL);
    assert_non_null(want);
    if (strcmp(got, want) != 0) {
        const char *w = want, *g = got;
        int line = 1;
        while (*w && *w == *g)
            line += *w++ == '\n', g++;
        while (w > want && w[-1] != '\n')
            w--, g--;
        fail_msg("%s: first difference at line %d:\n  expected: %.*s\n  got:      %.*s", want_path,
                 line, (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"), g);
    }
    free(want);
}

/* ---- the workbook's cells against NAME.expected-cells.tsv ---------------- */

/* "AB12" -> 0-based column and row. */
static void parse_ref(const char *ref, unsigned *col, unsigned *row)
{
    unsigned c = 0;
    while (*ref >= 'A' && *ref <= 'Z')
        c = c * 26 + (unsigned)(*ref++ - 'A' + 1);
    *col = c - 1;
    *row = (unsigned)strtoul(ref, NULL, 10) - 1;
}

static void check_cell(ooxml_book *b, const char *sheet, const char *ref, const char *want)
{
    ooxml_grid *g = load_sheet(b, sheet);
    unsigned col, row;
    parse_ref(ref, &col, &row);
    const ooxml_cell *c = ooxml_grid_at(g, row, col);
    if (want[0] == '-') {
        if (c && c->text[0])
            fail_msg("%s!%s: '%s', want a blank cell", sheet, ref, c->text);
    } else if (want[0] == 'n') {
        double v = strtod(want + 2, NULL);
        if (!c || c->type != OOXML_NUMBER || fabs(c->number - v) > 1e-9)
            fail_msg("%s!%s: '%s', want %s", sheet, ref, c ? c->text : "(none)", want + 2);
    } else if (!c || strcmp(c->text, want + 2) != 0) {
        fail_msg("%s!%s: '%s', want '%s'", sheet, ref, c ? c->text : "(none)", want + 2);
    }
    ooxml_grid_free(g);
}

/* Every line "sheet TAB cell TAB value" of `tsv` holds in the workbook. */
static size_t check_cells(const char *xlsx, const char *tsv)
{
    char *text = read_all(tsv, NULL);
    assert_non_null(text);
    ooxml_book *b = book_open_ok(xlsx);
    size_t n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"), n++) {
        char *ref = strchr(line, '\t'), *want = ref ? strchr(ref + 1, '\t') : NULL;
        assert_non_null(want);
        *ref++ = '\0';
        *want++ = '\0';
        check_cell(b, line, ref, want);
    }
    ooxml_close(b);
    free(text);
    return n;
}

/* ---- the command --------------------------------------------------------- */

/* `isomm trend INPUTS -o DIR/NAME OPTIONS`, which must succeed: the output
 * path (malloc'ed). */
static char *trend_ok(const char *dir, const char *inputs, const char *name, const char *options)
{
    char cmd[1024], *path = malloc(512);
    assert_non_null(path);
    snprintf(path, 512, "%s/%s", dir, name);
    snprintf(cmd, sizeof cmd, "trend %s -o '%s' %s", inputs, path, options);
    run_result r = run_isomm(cmd);
    if (r.status != 0)
        fail_msg("%s: exit %d:\n%s", cmd, r.status, r.err);
    run_free(&r);
    return path;
}

static void test_json_in_any_order(void **state)
{
    (void)state;
    static const char *const orders[] = {
        D2024 " " D2019 " " D2021,
        D2021 " " D2024 " " D2019,
        S "/delta", /* a folder */
    };
    for (size_t i = 0; i < 3; i++) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "trend %s -f json -o - -j 2", orders[i]);
        run_result r = run_isomm(cmd);
        assert_int_equal(r.status, 0);
        assert_same_as_file(r.out, S "/delta.expected-trend.json");
        assert_contains(r.err, "3 assessments of デルタ電機株式会社 (2019-04-01 … 2024-03-15)");
        run_free(&r);
    }
    run_result r = run_isomm("trend " S "/later " S "/delta -f json -o - -q");
    assert_int_equal(r.status, 0);
    assert_same_as_file(r.out, S "/delta4.expected-trend.json");
    assert_string_equal(r.err, "");
    run_free(&r);
}

static void test_csv(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char *path = trend_ok(dir, D2021 " " D2019 " " D2024, "t.csv", "-f csv -q");
    char *got = read_all(path, NULL);
    assert_non_null(got);
    assert_same_as_file(got, S "/delta.expected-trend.csv");
    free(got);
    assert_int_equal(dir_count(dir), 1); /* no temporary left */
    free(path);
    tmpdir_remove(dir);
}

/* Each assessment's As-Is series is its sheet's migration (or the
 * portfolio's own values): isomm_trend over the portfolios the reader
 * makes, whose JSON is the oracle's. */
static void test_series_are_the_readings(void **state)
{
    (void)state;
    static const char *const files[] = {D2024, D2019, D2021};
    static const char *const expected[] = {S "/delta-2024.expected.json",
                                           S "/delta-2019.expected.json",
                                           S "/delta-2021.expected.json"};
    isomm_trend *t;
    char err[ISOMM_ERRBUF_SIZE];
    assert_int_equal(isomm_trend_new(cat, NULL, &t, err), ISOMM_OK);
    isomm_portfolio *p[3];
    for (int i = 0; i < 3; i++) {
        if (isomm_portfolio_read(files[i], cat, NULL, &p[i], err) != ISOMM_OK)
            fail_msg("%s", err);
        char *json = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&json, &len);
        assert_int_equal(isomm_write_json_stream(p[i], f, err), ISOMM_OK);
        fclose(f);
        assert_same_as_file(json, expected[i]);
        free(json);
        assert_int_equal(isomm_trend_add(t, p[i], err), ISOMM_OK);
    }
    assert_int_equal(t->count, 3);
    const isomm_portfolio *by_date[3] = {p[1], p[2], p[0]};
    for (int i = 0; i < 3; i++) {
        const isomm_rollup_member *a = &t->assessments[i];
        assert_string_equal(a->date, by_date[i]->date);
        for (size_t s = 0; s < cat->service_count; s++) {
            assert_int_equal(a->as_is[s], by_date[i]->services[s].as_is);
            assert_int_equal(a->to_be[s], by_date[i]->services[s].to_be);
            assert_int_equal(a->allocation[s], by_date[i]->services[s].allocation);
        }
    }
    assert_string_equal(t->organization, "デルタ電機株式会社");
    for (int i = 0; i < 3; i++)
        isomm_portfolio_free(p[i]);
    isomm_trend_free(t);
}

static void test_workbook(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char *path = trend_ok(dir, D2024 " " D2021 " " D2019, "trend.xlsx", "");
    ooxml_book *b = book_open_ok(path);
    static const char *const names[] = {"サマリー", "推移", "カテゴリー推移", "評価プロセス",
                                        "評価一覧"};
    assert_int_equal(ooxml_sheet_count(b), 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(ooxml_sheet_name(b, i), names[i]);
    /* A line chart of the category means and a radar, from カテゴリー推移. */
    char *c1 = read_part(b, "xl/charts/chart1.xml"), *c2 = read_part(b, "xl/charts/chart2.xml");
    assert_contains(c1, "<c:lineChart>");
    assert_contains(c1, "カテゴリー推移");
    assert_contains(c2, "<c:radarChart>");
    free(c1);
    free(c2);
    /* Live formulas: the change of A-1 and the latest mean. */
    ooxml_grid *g = load_sheet(b, "推移");
    const ooxml_cell *c = ooxml_grid_at(g, 4, 7);
    assert_non_null(c);
    assert_contains(c->formula, "G5-E5");
    ooxml_grid_free(g);
    g = load_sheet(b, "サマリー");
    assert_contains(ooxml_grid_at(g, 5, 4)->formula, "AVERAGE('推移'!$G$5:$G$68)");
    ooxml_grid_free(g);
    ooxml_close(b);
    assert_true(check_cells(path, S "/delta.expected-cells.tsv") > 1000);
    free(path);
    path = trend_ok(dir, S "/delta " D2025, "trend4.xlsx", "-q");
    assert_true(check_cells(path, S "/delta4.expected-cells.tsv") > 1000);
    free(path);
    tmpdir_remove(dir);
}

/* ---- what a trend refuses -------------------------------------------------- */

/* `isomm ARGS` must fail with `status`, print `message`, write nothing. */
static void refused(const char *args, int status, const char *message)
{
    char *dir = tmpdir_make();
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s -o '%s/t.json' -f json", args, dir);
    run_result r = run_isomm(cmd);
    if (r.status != status)
        fail_msg("%s: exit %d, want %d:\n%s", args, r.status, status, r.err);
    assert_contains(r.err, message);
    run_free(&r);
    assert_int_equal(dir_count(dir), 0);
    tmpdir_remove(dir);
}

static void test_refusals(void **state)
{
    (void)state;
    const char *undated = S "/refused/undated.xlsx";
    char args[512], want[512];
    snprintf(args, sizeof args, "trend " S "/delta %s", undated);
    snprintf(want, sizeof want, "isomm: %s: no assessment date on the sheet (評価日, 実施日, "
             "作成日, …); its modification date 2024-04-01 is not taken for a trend", undated);
    refused(args, 1, want);
    snprintf(want, sizeof want, "give it with --date '%s=YYYY-MM-DD', or take the modification "
             "dates with --file-dates", undated);
    refused(args, 1, want);
    refused(args, 1, "isomm: trend: nothing written: 1 of 4 inputs could not be taken");

    refused("trend " S "/delta " S "/refused/kappa-2022.xlsx", 1,
            "kappa-2022.xlsx: an assessment of 'カッパ工業株式会社', not of 'デルタ電機株式会社' "
            "(" D2019 "): a trend follows one organization; leave it out, or take every input "
            "as one organization with --org NAME");
    refused("trend " D2019 " " D2021 " --date " D2021 "=2019-04-01", 1,
            "delta-2021.xlsx: dated 2019-04-01, as " D2019 " is: a trend takes one assessment "
            "per date");
    refused("trend " D2019, 1, "a trend needs two assessments or more of one organization; it has 1");
    refused("trend " D2019 " " D2021 " samples/../README.md", 1,
            "isomm: trend: nothing written: 1 of 3 inputs could not be taken");
    refused("trend " D2019 " " D2021 " --date " D2021 "=2021-02-30", 1,
            D2021 ": --date: '2021-02-30' is not a date");
    refused("trend " D2019 " " D2021 " --date elsewhere.xlsx=2020-01-01", 2,
            "--date elsewhere.xlsx=2020-01-01: 'elsewhere.xlsx' is not one of the inputs");
    refused("trend " D2019 " " D2021 " --date 2020-01-01", 2, "is not IN=YYYY-MM-DD");
    refused("trend " D2019 " " D2021 " -f pdf", 2, "--format: 'pdf' is not xlsx, json or csv");
    run_result r = run_isomm("trend " D2019 " " D2021 " -o -");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "needs --format json or csv");
    run_free(&r);
    r = run_isomm("trend " D2019 " " D2021 " -o " D2019);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "refusing to write the output over an input");
    run_free(&r);
}

/* What the refusals point to works: --date, --file-dates, --org. */
static void test_remedies(void **state)
{
    (void)state;
    run_result r = run_isomm("trend " S "/delta " S "/refused/undated.xlsx --date "
                             S "/refused/undated.xlsx=2022-10-01 -f json -o -");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\"date\": \"2022-10-01\",\n      \"path\": \"" S
                           "/refused/undated.xlsx\",\n      \"kind\": \"isomm-v2.1\",\n"
                           "      \"date_source\": \"given\"");
    assert_contains(r.err, "4 assessments of デルタ電機株式会社 (2019-04-01 … 2024-03-15)");
    run_free(&r);
    r = run_isomm("trend " S "/delta " S "/refused/undated.xlsx --file-dates -f json -o - -q");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\"date_source\": \"file\"");
    run_free(&r);
    r = run_isomm("trend " S "/delta " S "/refused/kappa-2022.xlsx --org 'デルタ グループ' "
                  "-f csv -o -");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\r\nデルタ グループ,2022-01-20,3,isomm-v2.1," S
                           "/refused/kappa-2022.xlsx,A-1,");
    assert_contains(r.err, "4 assessments of デルタ グループ");
    run_free(&r);
}

/* ---- the library ----------------------------------------------------------- */

static void test_api(void **state)
{
    (void)state;
    char err[ISOMM_ERRBUF_SIZE];
    isomm_trend *t = NULL;
    assert_int_equal(isomm_trend_new(NULL, NULL, &t, err), ISOMM_ERR_ARG);
    assert_null(t);
    assert_int_equal(isomm_trend_new(cat, NULL, NULL, err), ISOMM_ERR_ARG);
    isomm_trend_options opt = {.organization = "  デルタ  ", .title = "経営会議資料"};
    assert_int_equal(isomm_trend_new(cat, &opt, &t, err), ISOMM_OK);
    assert_string_equal(t->organization, "デルタ");
    isomm_portfolio *p;
    if (isomm_portfolio_read(D2019, cat, NULL, &p, err) != ISOMM_OK)
        fail_msg("%s", err);
    void *rec;
    size_t len;
    assert_int_equal(isomm_rollup_encode(p, &rec, &len, err), ISOMM_OK);
    assert_int_equal(isomm_trend_add_encoded(t, rec, len - 1, err), ISOMM_ERR_ARG);
    assert_contains(err, "a malformed assessment record");
    assert_int_equal(isomm_trend_write_json(t, "-", err), ISOMM_ERR_ARG);
    assert_contains(err, "a trend needs two assessments or more");
    assert_int_equal(isomm_trend_write_csv_stream(t, NULL, err), ISOMM_ERR_ARG);
    assert_contains(err, "no stream given");
    /* The same portfolio under other dates, added newest first: kept
     * oldest first; ISOMM_TREND_MAX of them at most. */
    for (int i = ISOMM_TREND_MAX; i > 0; i--) {
        char date[16];
        snprintf(date, sizeof date, "%04d-01-01", 1900 + i);
        assert_int_equal(isomm_portfolio_set_date(p, date, err), ISOMM_OK);
        assert_int_equal(isomm_trend_add(t, p, err), ISOMM_OK);
    }
    assert_int_equal(t->count, ISOMM_TREND_MAX);
    assert_string_equal(t->assessments[0].date, "1901-01-01");
    assert_string_equal(t->assessments[ISOMM_TREND_MAX - 1].date, "2000-01-01");
    assert_string_equal(t->assessments[0].date_source, "given");
    assert_int_equal(isomm_trend_add_encoded(t, rec, len, err), ISOMM_ERR_TOO_LARGE);
    assert_contains(err, "more than 100 assessments in one trend");
    free(rec);
    char *dir = tmpdir_make(), path[512];
    snprintf(path, sizeof path, "%s/t.xlsx", dir);
    if (isomm_trend_write_xlsx(t, path, err) != ISOMM_OK)
        fail_msg("%s", err);
    ooxml_book *b = book_open_ok(path);
    ooxml_grid *g = load_sheet(b, "サマリー");
    assert_string_equal(ooxml_grid_at(g, 0, 0)->text, "デルタ　経営会議資料");
    ooxml_grid_free(g);
    g = load_sheet(b, "評価一覧");
    assert_string_equal(ooxml_grid_at(g, 3 + ISOMM_TREND_MAX, 1)->text, "2000-01-01");
    ooxml_grid_free(g);
    ooxml_close(b);
    tmpdir_remove(dir);
    isomm_trend_free(t);

    /* Without options: no date, or only the file's, is refused. */
    assert_int_equal(isomm_trend_new(cat, NULL, &t, err), ISOMM_OK);
    assert_int_equal(isomm_portfolio_set_date(p, NULL, err), ISOMM_OK);
    assert_int_equal(isomm_trend_add(t, p, err), ISOMM_ERR_NO_DATE);
    assert_contains(err, D2019 ": no assessment date: the sheet has no 評価日");
    assert_string_equal(isomm_strerror(ISOMM_ERR_NO_DATE), "assessment without a date");
    assert_int_equal(t->count, 0);
    isomm_trend_free(t);
    isomm_portfolio_free(p);
}

/* Names are one organization's after trimming and width folding. */
static void test_fold_names(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"  ＡＢＣ\t　銀行 ", "ABC 銀行"},
        {"ﾃﾞﾙﾀ電機ｶﾌﾞｼｷｶﾞｲｼｬ", "デルタ電機カブシキガイシャ"},
        {"ﾊﾟﾝ･ﾎﾟｰﾙ", "パン・ポール"},
        {"ｳﾞｨﾗ", "ヴィラ"},
        {"ｱﾞ", "ア゛"},               /* no voiced ア: the mark alone */
        {"𠮷野家　ﾎｰﾙﾃﾞｨﾝｸﾞｽ", "𠮷野家 ホールディングス"},
        {"bad\xff byte", "bad\xff byte"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = core_fold_name(cases[i][0]);
        assert_non_null(got);
        assert_string_equal(got, cases[i][1]);
        free(got);
    }
    assert_null(core_fold_name(NULL));
}

/* ---- the group over time ----------------------------------------------------- */

static void test_group_over_time(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char cmd[1024], path[512];
    snprintf(path, sizeof path, "%s/g.xlsx", dir);
    snprintf(cmd, sizeof cmd, "group " S "/group -o '%s' -j 2", path);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "3 files: 2 subsidiaries");
    assert_contains(r.err, "イプシロン証券: 2 assessments: took " S "/group/epsilon-current.xlsx "
                           "(2024-06-28), compared with " S "/group/epsilon-previous.xlsx "
                           "(2022-06-30)");
    run_free(&r);
    ooxml_book *b = book_open_ok(path);
    assert_int_equal(ooxml_sheet_count(b), 6);
    assert_string_equal(ooxml_sheet_name(b, 1), "前回比");
    ooxml_close(b);
    assert_true(check_cells(path, S "/group.expected-cells.tsv") > 60);

    r = run_isomm("group " S "/group -f csv -o - -q");
    assert_int_equal(r.status, 0);
    assert_same_as_file(r.out, S "/group.expected.csv");
    run_free(&r);
    tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_in_any_order),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_series_are_the_readings),
        cmocka_unit_test(test_workbook),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_remedies),
        cmocka_unit_test(test_api),
        cmocka_unit_test(test_fold_names),
        cmocka_unit_test(test_group_over_time),
    };
    return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}
