/* test_cli.c - the isomm command: exit codes, messages, outputs. */
#define _DEFAULT_SOURCE
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

#define SAMPLE "samples/alpha-manufacturing.xlsx"

static void test_usage(void **state)
{
    (void)state;
    run_result r = run_isomm("");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "Usage: isomm");
    run_free(&r);
    /* As curl -V: the program, then the libraries it runs on. */
    r = run_isomm("--version");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "isomm " ISOMM_VERSION " libisomm/" ISOMM_VERSION " ");
    const isomm_version_data *v = isomm_version_info();
    char want[128];
    snprintf(want, sizeof want, " libxlsxwriter/%s libxml2/%s zlib/%s minizip/", v->libxlsxwriter,
             v->libxml2, v->zlib);
    assert_contains(r.out, want);
    run_free(&r);
    /* An unknown option: one line naming it, then where help is. */
    r = run_isomm("convert " SAMPLE " --bogus");
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "isomm: convert: unrecognized option '--bogus'\n"
                               "Try 'isomm convert --help'\n");
    run_free(&r);
    r = run_isomm("group -Z samples");
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "isomm: group: invalid option -- 'Z'\nTry 'isomm group --help'\n");
    run_free(&r);
    r = run_isomm("inspect " SAMPLE " --format");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "inspect: option '--format' requires an argument");
    run_free(&r);
    r = run_isomm("--help");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "convert");
    run_free(&r);
    r = run_isomm("frobnicate");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "unknown command 'frobnicate'");
    run_free(&r);
    r = run_isomm("convert");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "no input file");
    run_free(&r);
    r = run_isomm("convert " SAMPLE " --format pdf");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--format: 'pdf' is not xlsx or json");
    run_free(&r);
    r = run_isomm("convert " SAMPLE " --to-be 7");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--to-be: '7'");
    run_free(&r);
    r = run_isomm("convert " SAMPLE " --merge avg");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--merge: 'avg'");
    run_free(&r);
    r = run_isomm("convert " SAMPLE " samples/beta-finance.xlsx -o x.xlsx");
    assert_int_equal(r.status, 2);
    run_free(&r);
    r = run_isomm("convert --help");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "--merge");
    run_free(&r);
}

static void test_json_to_stdout(void **state)
{
    (void)state;
    run_result r = run_isomm("convert " SAMPLE " --format json -o -");
    assert_int_equal(r.status, 0);
    char *want = read_all("samples/alpha-manufacturing.expected.json", NULL);
    assert_non_null(want);
    assert_string_equal(r.out, want);
    /* The duplicate marks of the sample are reported on stderr too. */
    assert_contains(r.err, SAMPLE ": warning: 入力シート!");
    free(want);
    run_free(&r);
}

static void test_xlsx_output_and_default_name(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char cmd[1024], path[512];
    snprintf(cmd, sizeof cmd, "convert " SAMPLE " -o '%s/out.xlsx'", dir);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    snprintf(path, sizeof path, "%s/out.xlsx", dir);
    assert_contains(r.err, path);
    size_t len = 0;
    char *data = read_all(path, &len);
    assert_non_null(data);
    assert_true(len > 1000 && memcmp(data, "PK\3\4", 4) == 0);
    assert_int_equal(dir_count(dir), 1); /* no temporary left behind */
    run_free(&r);

    /* Default output: NAME-portfolio.xlsx beside the input. */
    snprintf(path, sizeof path, "%s/自己診断.xlsx", dir);
    char *src = read_all(SAMPLE, &len);
    assert_int_equal(write_all(path, src, len), 0);
    snprintf(cmd, sizeof cmd, "convert '%s'", path);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    snprintf(path, sizeof path, "%s/自己診断-portfolio.xlsx", dir);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(dir_count(dir), 3);
    run_free(&r);

    /* -d DIR, JSON */
    snprintf(cmd, sizeof cmd, "convert " SAMPLE " -d '%s/sub' --format json -q", dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.err, " -> ")); /* -q: no "IN -> OUT" line */
    snprintf(path, sizeof path, "%s/sub/alpha-manufacturing-portfolio.json", dir);
    char *json = read_all(path, NULL);
    assert_non_null(json);
    assert_contains(json, "\"schema\": \"isomm-portfolio/2\"");
    free(json);
    free(src);
    free(data);
    run_free(&r);
    tmpdir_remove(dir);
}

static void test_never_overwrites_input(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char path[512], cmd[2048];
    size_t len;
    char *src = read_all(SAMPLE, &len);
    snprintf(path, sizeof path, "%s/in.xlsx", dir);
    assert_int_equal(write_all(path, src, len), 0);
    snprintf(cmd, sizeof cmd, "convert '%s' -o '%s'", path, path);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "refusing to write the output over the input");
    run_free(&r);
    /* The same file through another path. */
    snprintf(cmd, sizeof cmd, "convert '%s' -o '%s/./in.xlsx'", path, dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    size_t len2;
    char *after = read_all(path, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(src, after, len);
    assert_int_equal(dir_count(dir), 1);
    free(after);
    free(src);
    run_free(&r);
    /* --org and --date go into the JSON document as into the workbook. */
    snprintf(cmd, sizeof cmd, "convert '%s' -o '%s/given.json' -f json -q --no-warnings "
             "--org 'デルタ工業' --date 2025-01-31", path, dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    run_free(&r);
    snprintf(path, sizeof path, "%s/given.json", dir);
    char *given = read_all(path, NULL);
    assert_non_null(given);
    assert_contains(given, "\"organization\": \"デルタ工業\",\n  \"date\": \"2025-01-31\"");
    free(given);
    snprintf(path, sizeof path, "%s/in.xlsx", dir);
    snprintf(cmd, sizeof cmd, "convert '%s' -o '%s/bad.json' -f json -q --date 2025-02-30", path,
             dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "'2025-02-30' is not a date like 2024-04-01");
    run_free(&r);
    /* -o into a folder of its own: written there. */
    snprintf(cmd, sizeof cmd, "convert '%s' -o '%s/out.json' -f json -q", path, dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    snprintf(path, sizeof path, "%s/out.json", dir);
    char *json = read_all(path, NULL);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"schema\": \"isomm-portfolio/2\""));
    free(json);
    run_free(&r);
    tmpdir_remove(dir);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char path[512], cmd[2048];
    snprintf(path, sizeof path, "%s/notes.xlsx", dir);
    assert_int_equal(write_all(path, "just some text\n", 15), 0);
    snprintf(cmd, sizeof cmd, "convert '%s' -o '%s/out.xlsx'", path, dir);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, path);
    assert_contains(r.err, "not an .xlsx workbook");
    assert_int_equal(dir_count(dir), 1); /* nothing written */
    run_free(&r);

    snprintf(cmd, sizeof cmd, "convert '%s/missing.xlsx' -d '%s'", dir, dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "missing.xlsx");
    run_free(&r);

    /* One bad input does not stop the others; the exit code says 1. */
    snprintf(cmd, sizeof cmd, "convert '%s' " SAMPLE " -d '%s/o'", path, dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    snprintf(path, sizeof path, "%s/o/alpha-manufacturing-portfolio.xlsx", dir);
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/o", dir);
    assert_int_equal(dir_count(path), 1);
    run_free(&r);

    /* -o never creates a folder (-d does): refused before any work. */
    snprintf(cmd, sizeof cmd, "convert " SAMPLE " -o '%s/none/x.xlsx'", dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "/none/x.xlsx: the folder '");
    assert_contains(r.err, "/none' does not exist");
    run_free(&r);
    snprintf(path, sizeof path, "%s/none", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    tmpdir_remove(dir);
}

/* '-' reads a workbook from standard input; --no-warnings keeps the
 * warning lines away but still counts them. */
static void test_stdin_and_warnings(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char cmd[1024], path[512];
    snprintf(cmd, sizeof cmd, "convert - -f json -o '%s/a.json' < samples/gamma-retail.xlsx", dir);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "warning: ");
    run_free(&r);
    snprintf(path, sizeof path, "%s/a.json", dir);
    char *json = read_all(path, NULL);
    assert_non_null(json);
    assert_contains(json, "\"path\": \"(standard input)\"");
    assert_contains(json, "\"current\": \"minimum-insource\"");
    free(json);
    snprintf(cmd, sizeof cmd, "convert - -d '%s/d' --no-warnings < samples/gamma-retail.xlsx",
             dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.err, "warning"));
    run_free(&r);
    snprintf(path, sizeof path, "%s/d/stdin-portfolio.xlsx", dir);
    assert_int_equal(access(path, R_OK), 0);
    r = run_isomm("inspect - < samples/beta-finance.xlsx");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "sheet:         入力シート");
    run_free(&r);
    r = run_isomm("convert - < samples/beta-finance.xlsx");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "standard input ('-') needs -o FILE or -d DIR");
    run_free(&r);
    r = run_isomm("inspect - - < samples/beta-finance.xlsx");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "can be read only once");
    run_free(&r);
    r = run_isomm("inspect - < /dev/null");
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "(standard input): not an .xlsx workbook (the file is empty)");
    run_free(&r);
    tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usage),
        cmocka_unit_test(test_json_to_stdout),
        cmocka_unit_test(test_xlsx_output_and_default_name),
        cmocka_unit_test(test_never_overwrites_input),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_stdin_and_warnings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
