/* test_group.c - isomm group: the roll-up workbook of a small known group
 * (the three samples and a broken file), the CSV and JSON exports, the
 * library API (records, unique names) and 5,000 subsidiaries
 * (docs/group.md). */
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

#include "check.h"
#include "isomm/isomm.h"
#include "run.h"
#include "ooxml/ooxml.h"

static const char *const samples[3] = {"alpha-manufacturing", "beta-finance",
                                       "gamma-retail"};

/* The oracle: mean of the non-null services[].as_is of NAME.expected.json
 * (written by tools/make_samples.py, independently of the C code). */
static double expected_overall(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "samples/%s.expected.json", name);
    char *json = read_all(path, NULL);
    assert_non_null(json);
    char *p = strstr(json, "\"services\": [");
    char *end = strstr(json, "\"categories\": [");
    assert_true(p && end && p < end);
    double sum = 0;
    int n = 0, services = 0;
    while ((p = strstr(p, "\"as_is\": ")) && p < end) {
        p += 9;
        services++;
        if (strncmp(p, "null", 4) != 0) {
            sum += strtol(p, NULL, 10);
            n++;
        }
    }
    assert_int_equal(services, 64);
    free(json);
    return sum / n;
}

/* What the roll-up should call a sample: its organization, else its file
 * name. */
static char *expected_name(const char *name, isomm_portfolio **out)
{
    char path[256], err[ISOMM_ERRBUF_SIZE];
    snprintf(path, sizeof path, "samples/%s.xlsx", name);
    isomm_portfolio *p = NULL;
    if (isomm_portfolio_read(path, cat, NULL, &p, err) != ISOMM_OK)
        fail_msg("%s", err);
    char *n = strdup(p->organization && *p->organization ? p->organization : name);
    *out = p;
    return n;
}

/* ---- reading the workbook ---------------------------------------------- */

typedef struct book {
    ooxml_book *b;
    ooxml_grid *g[8];
} book;

static void book_open(book *bk, const char *path)
{
    char err[ISOMM_ERRBUF_SIZE];
    memset(bk, 0, sizeof *bk);
    if (ooxml_open(path, &bk->b, err) != ISOMM_OK)
        fail_msg("%s", err);
    assert_true(ooxml_sheet_count(bk->b) <= 8);
    for (size_t i = 0; i < ooxml_sheet_count(bk->b); i++)
        assert_int_equal(ooxml_load_grid(bk->b, i, &bk->g[i], err), ISOMM_OK);
}

static void book_close(book *bk)
{
    for (size_t i = 0; i < 8; i++)
        ooxml_grid_free(bk->g[i]);
    ooxml_close(bk->b);
}

static const ooxml_grid *sheet(const book *bk, const char *name)
{
    long i = ooxml_find_sheet(bk->b, name);
    if (i < 0)
        fail_msg("no sheet %s", name);
    return bk->g[i];
}

static const char *text_at(const ooxml_grid *g, unsigned row, unsigned col)
{
    const ooxml_cell *c = ooxml_grid_at(g, row, col);
    return c ? c->text : "";
}

static double number_at(const ooxml_grid *g, unsigned row, unsigned col)
{
    const ooxml_cell *c = ooxml_grid_at(g, row, col);
    if (!c || c->type != OOXML_NUMBER)
        return NAN;
    return c->number;
}

/* Column of the header cell starting with `head` in row `row`, or fail. */
static unsigned col_of(const ooxml_grid *g, unsigned row, const char *head)
{
    for (unsigned c = 0; c < g->cols; c++)
        if (strncmp(text_at(g, row, c), head, strlen(head)) == 0)
            return c;
    fail_msg("no column '%s' in row %u", head, row + 1);
    return 0;
}

static void assert_near(double got, double want)
{
    if (!(fabs(got - want) < 1e-9))
        fail_msg("got %.12g, want %.12g", got, want);
}

/* ---- the command ------------------------------------------------------- */

static void test_group_workbook(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char broken[512], out[512], cmd[2048];
    snprintf(broken, sizeof broken, "%s/broken.xlsx", dir);
    assert_int_equal(write_all(broken, "PK\3\4 truncated", 15), 0);
    snprintf(out, sizeof out, "%s/group.xlsx", dir);
    snprintf(cmd, sizeof cmd,
             "group samples/alpha-manufacturing.xlsx samples/beta-finance.xlsx "
             "'%s' samples/gamma-retail.xlsx -o '%s' -j 2",
             broken, out);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, broken);
    assert_contains(r.err, "4 files: 3 subsidiaries");
    assert_contains(r.err, "1 failed");
    run_free(&r);
    assert_int_equal(dir_count(dir), 2); /* broken.xlsx, group.xlsx */

    book bk;
    book_open(&bk, out);
    static const char *const names[] = {"概要", "グラフ", "サービス別", "割り当て",
                                        "読み込み失敗"};
    assert_int_equal(ooxml_sheet_count(bk.b), 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(ooxml_sheet_name(bk.b, i), names[i]);

    /* 概要: header row 7, one row per subsidiary from row 8, in input order. */
    const ooxml_grid *sum = sheet(&bk, "概要");
    unsigned hr = 6;
    assert_string_equal(text_at(sum, hr, 1), "子会社");
    unsigned c_overall = col_of(sum, hr, "全体 As-Is");
    unsigned c_cat = col_of(sum, hr, "A. ");
    unsigned c_assessed = col_of(sum, hr, "評価済み");
    unsigned c_not_req = col_of(sum, hr, "不要");
    unsigned c_to_assess = col_of(sum, hr, "要評価");
    unsigned c_current = col_of(sum, hr, "現状のパターン");
    double mean = 0, lo = 6, hi = 0;
    isomm_portfolio *ps[3];
    for (unsigned i = 0; i < 3; i++) {
        char *name = expected_name(samples[i], &ps[i]);
        unsigned row = hr + 1 + i;
        assert_near(number_at(sum, row, 0), i + 1);
        assert_string_equal(text_at(sum, row, 1), name);
        double overall = expected_overall(samples[i]);
        assert_near(number_at(sum, row, c_overall), overall);
        mean += overall / 3;
        lo = overall < lo ? overall : lo;
        hi = overall > hi ? overall : hi;
        for (size_t k = 0; k < cat->category_count; k++) {
            const isomm_category_result *cr = &ps[i]->categories[k];
            if (cr->assessed)
                assert_near(number_at(sum, row, c_cat + (unsigned)k), cr->as_is);
            else
                assert_true(isnan(number_at(sum, row, c_cat + (unsigned)k)));
        }
        double a = number_at(sum, row, c_assessed), n = number_at(sum, row, c_not_req),
               t = number_at(sum, row, c_to_assess);
        assert_near(a + n + t, 64);
        assert_string_equal(text_at(sum, row, c_current),
                            cat->patterns[ps[i]->pattern_current].name);
        free(name);
    }
    /* Group mean / min / max above the header (cached formula values). */
    assert_string_equal(text_at(sum, 3, 1), "グループ平均");
    assert_near(number_at(sum, 3, c_overall), mean);
    assert_near(number_at(sum, 4, c_overall), lo);
    assert_near(number_at(sum, 5, c_overall), hi);
    assert_non_null(ooxml_grid_at(sum, 3, c_overall)->formula);

    /* サービス別: header row 8, subsidiaries from row 9, As-Is per service. */
    const ooxml_grid *svc = sheet(&bk, "サービス別");
    unsigned c_a1 = col_of(svc, 7, "A-1\n");
    for (unsigned i = 0; i < 3; i++)
        for (size_t s = 0; s < cat->service_count; s++) {
            double v = number_at(svc, 8 + i, c_a1 + (unsigned)s);
            int want = ps[i]->services[s].as_is;
            if (want < 0)
                assert_true(isnan(v));
            else
                assert_near(v, want);
        }

    /* 割り当て: counts per service on top, labels below. */
    const ooxml_grid *alloc = sheet(&bk, "割り当て");
    unsigned c_alloc = col_of(alloc, 8, "A-1\n");
    for (size_t s = 0; s < cat->service_count; s++) {
        int in = 0, outs = 0, both = 0, none = 0;
        for (unsigned i = 0; i < 3; i++) {
            isomm_side side = ps[i]->services[s].allocation;
            in += side == ISOMM_SIDE_INSOURCE;
            outs += side == ISOMM_SIDE_OUTSOURCE;
            both += side == ISOMM_SIDE_COMBINED;
            none += side == ISOMM_SIDE_UNASSIGNED;
            assert_string_equal(text_at(alloc, 9 + i, c_alloc + (unsigned)s),
                                isomm_side_label(side));
        }
        assert_string_equal(text_at(alloc, 3, 1), "インソース");
        assert_near(number_at(alloc, 3, c_alloc + (unsigned)s), in);
        assert_near(number_at(alloc, 4, c_alloc + (unsigned)s), outs);
        assert_near(number_at(alloc, 5, c_alloc + (unsigned)s), both);
        assert_near(number_at(alloc, 6, c_alloc + (unsigned)s), none);
    }

    /* グラフ: strongest and weakest by overall As-Is. */
    const ooxml_grid *ch = sheet(&bk, "グラフ");
    assert_contains(text_at(ch, 3, 2), "最強: ");
    assert_contains(text_at(ch, 3, 3), "最弱: ");
    assert_true(ooxml_has_part(bk.b, "xl/charts/chart1.xml"));
    assert_true(ooxml_has_part(bk.b, "xl/charts/chart2.xml"));

    /* 読み込み失敗: the broken file and its cause. */
    const ooxml_grid *fails = sheet(&bk, "読み込み失敗");
    assert_string_equal(text_at(fails, 4, 1), broken);
    assert_true(strlen(text_at(fails, 4, 2)) > 5);
    assert_null(ooxml_grid_at(fails, 5, 1));

    book_close(&bk);
    for (unsigned i = 0; i < 3; i++)
        isomm_portfolio_free(ps[i]);
    tmpdir_remove(dir);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

static size_t count_of(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; p && (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void test_exports(void **state)
{
    (void)state;
    isomm_portfolio *p;
    char *alpha = expected_name("alpha-manufacturing", &p);

    /* CSV: a header and one row per subsidiary x service. */
    run_result r = run_isomm("group samples --format csv -o -");
    assert_int_equal(r.status, 0);
    assert_int_equal(count_lines(r.out), 1 + 3 * 64);
    static const char header[] =
        "subsidiary,service,service_name,category,category_name,allocation,"
        "as_is,to_be,recommendation,file,current_pattern,target_pattern,date\r\n";
    assert_true(strncmp(r.out, header, strlen(header)) == 0);
    /* The first row: alpha's A-1. */
    char want[512];
    snprintf(want, sizeof want, "\r\n%s,A-1,%s,A,%s,%s,%d,,", alpha, cat->services[0].name,
             cat->categories[0].name, isomm_side_key(p->services[0].allocation),
             p->services[0].as_is);
    assert_contains(r.out, want);
    assert_contains(r.out, ",samples/alpha-manufacturing.xlsx,hybrid,minimum-outsource,2024-03-15\r\n");
    run_free(&r);

    /* JSON: the same rows as an array of objects. */
    r = run_isomm("group samples --format json -o - --to-be 4");
    assert_int_equal(r.status, 0);
    assert_int_equal(count_of(r.out, "{\"subsidiary\": "), 3 * 64);
    assert_true(r.out[0] == '[');
    assert_contains(r.out, "\n]\n");
    snprintf(want, sizeof want,
             "{\"subsidiary\": \"%s\", \"service\": \"A-1\", \"service_name\": \"%s\", "
             "\"category\": \"A\"",
             alpha, cat->services[0].name);
    assert_contains(r.out, want);
    assert_contains(r.out, "\"to_be\": 4");
    assert_contains(r.out, "\"as_is\": null");
    assert_contains(r.out, "\"recommendation\": \"not-required\"");
    run_free(&r);

    /* To a file: written atomically; -o over an input is refused. */
    char *dir = tmpdir_make();
    char cmd[1024], path[512];
    snprintf(cmd, sizeof cmd, "group samples -f csv --bom -o '%s/g.csv' -q", dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    snprintf(path, sizeof path, "%s/g.csv", dir);
    char *csv = read_all(path, NULL);
    assert_non_null(csv);
    assert_true(strncmp(csv, "\xEF\xBB\xBFsubsidiary,", 14) == 0);
    free(csv);
    assert_int_equal(dir_count(dir), 1);
    run_free(&r);
    /* -o never creates a folder: refused before any input is read. */
    snprintf(cmd, sizeof cmd, "group samples -f json -o '%s/new/sub/g.json' -q", dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "group: -o ");
    assert_contains(r.err, "/new/sub' does not exist; create it first");
    snprintf(path, sizeof path, "%s/new", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    run_free(&r);
    r = run_isomm("group samples/alpha-manufacturing.xlsx samples/beta-finance.xlsx "
                  "-o samples/beta-finance.xlsx");
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "refusing to write the output over an input");
    run_free(&r);
    r = run_isomm("group samples -f pdf");
    assert_int_equal(r.status, 2);
    run_free(&r);
    r = run_isomm("group samples -o -");
    assert_int_equal(r.status, 2);
    run_free(&r);

    tmpdir_remove(dir);
    free(alpha);
    isomm_portfolio_free(p);
}

/* v2.1 sheets and v3.1 portfolio workbooks mixed (the tool's own output,
 * under another name: with the same name and date it would be another
 * assessment of the same subsidiary). */
static void test_mixed_inputs(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char cmd[1024], path[512], err[ISOMM_ERRBUF_SIZE];
    snprintf(cmd, sizeof cmd,
             "convert samples/beta-finance.xlsx -o '%s/beta.xlsx' -q --org ベータ信託銀行", dir);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    run_free(&r);
    snprintf(path, sizeof path, "%s/beta.xlsx", dir);
    isomm_portfolio *p = NULL;
    if (isomm_portfolio_read(path, cat, NULL, &p, err) != ISOMM_OK)
        fail_msg("the portfolio isomm wrote cannot be read back: %s", err);
    isomm_portfolio_free(p);
    snprintf(cmd, sizeof cmd,
             "group samples/beta-finance.xlsx '%s' -f csv -o - -q", path);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    assert_int_equal(count_lines(r.out), 1 + 2 * 64);
    /* Both give the same services (the lines differ only in name and file). */
    const char *a = strchr(r.out, '\n') + 1;
    const char *b = a;
    for (int i = 0; i < 64; i++)
        b = strchr(b, '\n') + 1;
    for (int i = 0; i < 64; i++) {
        const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
        /* from ",A-1," up to ",<file>," */
        const char *sa = strchr(a, ','), *sb = strchr(b, ',');
        const char *fa = strstr(sa, ",samples/"), *fb = strstr(sb, path);
        assert_true(fa && fb && fa < ea && fb < eb);
        assert_int_equal(fa - sa, fb - 1 - sb);
        assert_memory_equal(sa, sb, (size_t)(fa - sa));
        a = ea + 1;
        b = eb + 1;
    }
    run_free(&r);
    tmpdir_remove(dir);
}

/* ---- the library ---------------------------------------------------------- */

static void test_records_and_names(void **state)
{
    (void)state;
    isomm_portfolio *p;
    char *name = expected_name("gamma-retail", &p);
    isomm_rollup *g;
    assert_int_equal(isomm_rollup_new(cat, &g, NULL), ISOMM_OK);
    assert_int_equal(isomm_rollup_add(g, p, NULL), ISOMM_OK);
    void *rec;
    size_t len;
    assert_int_equal(isomm_rollup_encode(p, &rec, &len, NULL), ISOMM_OK);
    /* The same organization and date again: the later one added is shown. */
    assert_int_equal(isomm_rollup_add_encoded(g, rec, len, NULL), ISOMM_OK);
    /* A malformed record is refused. */
    char err[ISOMM_ERRBUF_SIZE];
    assert_int_equal(isomm_rollup_add_encoded(g, rec, len - 1, err), ISOMM_ERR_ARG);
    assert_contains(err, "a malformed subsidiary record");
    ((unsigned char *)rec)[0] ^= 1;
    assert_int_equal(isomm_rollup_add_encoded(g, rec, len, NULL), ISOMM_ERR_ARG);
    free(rec);
    assert_int_equal(g->member_count, 1);
    assert_int_equal(g->earlier_count, 1);
    assert_int_equal(g->members[0].assessments, 2);
    assert_int_equal(g->members[0].previous, 0);
    assert_int_equal(g->earlier[0].subsidiary, 0);
    assert_string_equal(g->earlier[0].name, name);

    /* An older assessment stays behind; one written in half-width kana is
     * the same organization, and on the same date as the latest, it is the
     * later one. */
    assert_int_equal(isomm_portfolio_set_date(p, "2023-02-20", NULL), ISOMM_OK);
    assert_int_equal(isomm_rollup_add(g, p, NULL), ISOMM_OK);
    assert_int_equal(g->member_count, 1);
    assert_int_equal(g->members[0].assessments, 3);
    assert_int_equal(g->members[0].previous, 0);
    assert_int_equal(isomm_portfolio_set_date(p, "2024-02-20", NULL), ISOMM_OK);
    assert_int_equal(isomm_portfolio_set_organization(p, "  ｶﾞﾝﾏ商事　", NULL), ISOMM_OK);
    assert_int_equal(isomm_rollup_add(g, p, NULL), ISOMM_OK);
    assert_int_equal(g->member_count, 1);
    assert_int_equal(g->earlier_count, 3);
    const isomm_rollup_member *m = &g->members[0];
    assert_int_equal(m->assessments, 4);
    assert_string_equal(m->name, name);
    assert_string_equal(m->organization, "  ｶﾞﾝﾏ商事　");
    assert_string_equal(m->date, "2024-02-20");
    assert_string_equal(m->date_source, "given");
    assert_int_equal(m->previous, 2); /* the record, which had replaced the first */
    assert_string_equal(g->earlier[2].date, "2024-02-20");
    assert_string_equal(g->earlier[1].date, "2023-02-20");

    /* Without an organization: named by the file, never merged. */
    assert_int_equal(isomm_portfolio_set_organization(p, NULL, NULL), ISOMM_OK);
    assert_int_equal(isomm_rollup_add(g, p, NULL), ISOMM_OK);
    assert_int_equal(isomm_rollup_add(g, p, NULL), ISOMM_OK);
    assert_int_equal(g->member_count, 3);
    assert_string_equal(g->members[1].name, "gamma-retail");
    assert_string_equal(g->members[2].name, "gamma-retail (2)");
    const isomm_rollup_member *a = &g->members[0], *b = &g->members[2];
    assert_memory_equal(a->as_is, b->as_is, cat->service_count);
    assert_memory_equal(a->allocation, b->allocation, cat->service_count);
    assert_memory_equal(a->recommendation, b->recommendation, cat->service_count);
    assert_near(a->overall_as_is, expected_overall("gamma-retail"));
    assert_near(b->overall_as_is, a->overall_as_is);
    assert_int_equal(a->assessed + a->not_required + a->to_assess, 64);
    assert_int_equal(b->warning_count, p->warnings.count);
    assert_int_equal(b->pattern_target, p->pattern_target);
    assert_int_equal(b->assessments, 1);
    assert_int_equal(b->previous, -1);
    assert_string_equal(b->path, "samples/gamma-retail.xlsx");

    assert_int_equal(isomm_rollup_add_failure(g, "x.xlsx", "broken", NULL), ISOMM_OK);
    assert_int_equal(g->failure_count, 1);
    isomm_rollup_free(g);
    isomm_portfolio_free(p);
    free(name);
}

/* 5,000 subsidiaries: one row each; the workbook opens. */
static void test_five_thousand(void **state)
{
    (void)state;
    isomm_portfolio *p;
    char *name = expected_name("beta-finance", &p);
    isomm_rollup *g;
    assert_int_equal(isomm_rollup_new(cat, &g, NULL), ISOMM_OK);
    for (int i = 0; i < 5000; i++) {
        p->services[i % 64].as_is = 1 + i % 5; /* vary it a little */
        isomm_portfolio_update_categories(p);
        char org[64];
        snprintf(org, sizeof org, "%s %d", name, i + 1);
        assert_int_equal(isomm_portfolio_set_organization(p, org, NULL), ISOMM_OK);
        assert_int_equal(isomm_rollup_add(g, p, NULL), ISOMM_OK);
    }
    char *dir = tmpdir_make();
    char path[512], err[ISOMM_ERRBUF_SIZE];
    snprintf(path, sizeof path, "%s/g.xlsx", dir);
    if (isomm_rollup_write_xlsx(g, path, NULL, err) != ISOMM_OK)
        fail_msg("%s", err);
    assert_int_equal(dir_count(dir), 1);
    book bk;
    book_open(&bk, path);
    const ooxml_grid *sum = sheet(&bk, "概要");
    assert_int_equal(sum->rows, 7 + 5000);
    char want[256];
    snprintf(want, sizeof want, "%s 5000", name);
    assert_string_equal(text_at(sum, 7 + 4999, 1), want);
    assert_int_equal(sheet(&bk, "サービス別")->rows, 8 + 5000);
    assert_int_equal(sheet(&bk, "割り当て")->rows, 9 + 5000);
    book_close(&bk);
    tmpdir_remove(dir);
    isomm_rollup_free(g);
    isomm_portfolio_free(p);
    free(name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_workbook),
        cmocka_unit_test(test_exports),
        cmocka_unit_test(test_mixed_inputs),
        cmocka_unit_test(test_records_and_names),
        cmocka_unit_test(test_five_thousand),
    };
    return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}
