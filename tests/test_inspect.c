/* test_inspect.c - `isomm inspect`: text and JSON reports of v2.1 samples
 * and of a portfolio the writer made, exit codes and error messages. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "run.h"

static void test_text(void **state)
{
    (void)state;
    run_result r = run_isomm("inspect samples/alpha-manufacturing.xlsx samples/beta-finance.xlsx");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "samples/alpha-manufacturing.xlsx\n");
    assert_contains(r.out, "  kind:          ISOMM v2.1 self-check sheet (isomm-v2.1)\n");
    assert_contains(r.out, "  sheet:         入力シート\n");
    assert_contains(r.out, "  table:         A5:P60\n");
    assert_contains(r.out, "  layout:        marker-grid\n");
    assert_contains(r.out, "  selections:    marks (●) in the level columns\n");
    assert_contains(r.out, "  roles:         54: 49 scored, 3 declined, 2 blank\n");
    assert_contains(r.out, "  patterns:      current ハイブリッド (hybrid), target "
                           "ミニマムアウトソース (minimum-outsource)\n");
    assert_contains(r.out, "  organization:  株式会社アルファ製作所\n");
    assert_contains(r.out, "  date:          2024-03-15 (from the sheet)\n");
    assert_contains(r.out, "  warnings:      1\n    入力シート!B33 (E-3): 2 marks on the "
                           "insource side (levels 2, 4); kept 4\n");
    assert_contains(r.out, "samples/beta-finance.xlsx\n");
    assert_contains(r.out, "  table:         A3:Q58\n");
    assert_contains(r.out, "  roles:         54: 48 scored, 3 declined, 3 blank\n");
    assert_contains(r.out, "  date:          2024-03-29 (from the sheet)\n");
    assert_contains(r.out, "  warnings:      4\n");
    assert_string_equal(r.err, "");
    run_free(&r);
}

/* The JSON's short selections key tells answers read from cell colours and
 * from drop-downs apart from marks. */
static void test_json_selections_key(void **state)
{
    (void)state;
    run_result r = run_isomm("inspect --format json tests/fixtures/openpyxl-fill-rgb.xlsx "
                             "tests/fixtures/ooxml-dropdown-vml.xlsx");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\"selections\": \"fills\"");
    assert_contains(r.out, "\"selections\": \"form-controls\"");
    assert_contains(r.out, "drop-downs (form controls in legacy VML drawing): linked cells "
                           "(fmlaLink)");
    run_free(&r);
}

static void test_json_and_portfolio(void **state)
{
    (void)state;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "convert samples/gamma-retail.xlsx -o %s/g.xlsx", dir);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    run_free(&r);
    snprintf(cmd, sizeof cmd, "inspect --format json samples/gamma-retail.xlsx %s/g.xlsx", dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "[\n  {\"path\": \"samples/gamma-retail.xlsx\", \"ok\": true, "
                           "\"kind\": \"isomm-v2.1\", \"sheet\": \"入力シート\", "
                           "\"table_range\": \"B4:Q59\", \"layout\": \"marker-grid\", "
                           "\"selections\": \"marks\", \"selections_text\": \"marks (●) "
                           "in the level columns\", \"roles\": {\"total\": 54, "
                           "\"scored\": 47, \"declined\": 3, \"blank\": 4}, "
                           "\"services\": null, \"patterns\": {\"current\": "
                           "\"minimum-insource\", \"target\": \"hybrid\"}, "
                           "\"organization\": \"ガンマ商事\", \"date\": \"2024-02-20\", "
                           "\"date_source\": \"sheet\", \"warnings\": [\"入力シート!C39 "
                           "(F-3): 3 marks on the outsource side (levels 1, 2, 3); kept 3\"]},\n");
    assert_contains(r.out, "\"ok\": true, \"kind\": \"x1060-portfolio\", \"sheet\": "
                           "\"サービスポートフォリオ\"");
    assert_contains(r.out, "\"layout\": \"service-matrix\", \"selections\": \"scores\", "
                           "\"selections_text\": \"scores 1–5 in the 現状 (As-Is) / あるべき姿 "
                           "(To-Be) columns\", \"roles\": null, \"services\": {\"total\": 64, \"assessed\": ");
    assert_contains(r.out, "\"patterns\": {\"current\": \"minimum-insource\", \"target\": "
                           "\"hybrid\"}, \"organization\": \"ガンマ商事\", \"date\": "
                           "\"2024-02-20\"");
    assert_contains(r.out, "\"warnings\": []}\n]\n");
    run_free(&r);

    snprintf(cmd, sizeof cmd, "inspect %s/g.xlsx", dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "  kind:          X.1060 (ISOMM v3.1) service portfolio (x1060-portfolio)\n");
    assert_contains(r.out, "  services:      ");
    assert_contains(r.out, " of 64 assessed (with an As-Is)\n");
    run_free(&r);
}

static void test_layouts(void **state)
{
    (void)state;
    run_result r = run_isomm("inspect tests/fixtures/openpyxl-numeric.xlsx");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "  sheet:         評価シート\n");
    assert_contains(r.out, "  layout:        numeric\n");
    assert_contains(r.out, "  selections:    numbers 0–5 in one インソース and one アウトソース column\n");
    assert_contains(r.out, "  organization:  デルタ物流株式会社\n");
    assert_contains(r.out, "  date:          2024-06-28 (from the sheet)\n");
    assert_contains(r.out, "  warnings:      0\n");
    run_free(&r);
}

static void test_failures(void **state)
{
    (void)state;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s/notes.txt", dir);
    write_all(cmd, "hello\n", 6);
    snprintf(cmd, sizeof cmd, "inspect samples/beta-finance.xlsx %s/notes.txt %s/none.xlsx",
             dir, dir);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    assert_contains(r.out, "samples/beta-finance.xlsx\n"); /* the good one is still shown */
    assert_contains(r.err, "notes.txt: not an .xlsx workbook (no zip archive found)");
    assert_contains(r.err, "none.xlsx: cannot open: No such file or directory");
    run_free(&r);

    snprintf(cmd, sizeof cmd, "inspect --format json %s/notes.txt", dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    assert_contains(r.out, "\"ok\": false, \"error\": \"");
    assert_contains(r.out, "notes.txt: not an .xlsx workbook (no zip archive found)\"}\n]\n");
    run_free(&r);

    r = run_isomm("inspect");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "no input file");
    run_free(&r);
    r = run_isomm("inspect --format xml samples/beta-finance.xlsx");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--format: 'xml' is not text or json");
    run_free(&r);
    r = run_isomm("inspect --bogus samples/beta-finance.xlsx");
    assert_int_equal(r.status, 2);
    run_free(&r);
    /* Options may follow the files, as for convert and group. */
    r = run_isomm("inspect samples/beta-finance.xlsx --catalog /no-such-catalog");
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "catalog: /no-such-catalog/");
    assert_true(r.out == NULL || strstr(r.out, "kind:") == NULL);
    run_free(&r);
    r = run_isomm("inspect --help");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "Usage: isomm inspect");
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_json_and_portfolio),
        cmocka_unit_test(test_json_selections_key),
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_failures),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
