/* test_reader_fixtures.c - the committed reader fixtures (tests/fixtures/,
 * made by tools/make_fixtures.py, listed in docs/reader.md): workbooks by
 * openpyxl, LibreOffice, libxlsxwriter, this project's writer and
 * hand-written SpreadsheetML read to exactly their NAME.expected.json
 * through isomm_portfolio_read(); files to refuse fail with the message of
 * NAME.expected-error.txt; `isomm inspect` prints the lines of
 * NAME.expected-inspect.txt. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glob.h>

#include "check.h"
#include "isomm/isomm.h"
#include "run.h"



static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = '\0';
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static void first_difference(const char *want, const char *got)
{
    int line = 1;
    const char *w = want, *g = got;
    while (*w && *w == *g) {
        line += *w == '\n';
        w++;
        g++;
    }
    while (w > want && w[-1] != '\n')
        w--, g--;
    fprintf(stderr, "first difference at line %d:\n  expected: %.*s\n  got:      %.*s\n",
            line, (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"), g);
}

/* The fixture files to read: everything in tests/fixtures/ that is not an
 * expectation (NAME.expected.json, NAME.expected-inspect.txt,
 * NAME.expected-error.txt). */
static size_t inputs(glob_t *g)
{
    glob_t all;
    memset(g, 0, sizeof *g);
    assert_int_equal(glob("tests/fixtures/*", 0, NULL, &all), 0);
    g->gl_pathv = calloc(all.gl_pathc + 1, sizeof *g->gl_pathv);
    assert_non_null(g->gl_pathv);
    for (size_t i = 0; i < all.gl_pathc; i++)
        if (!strstr(all.gl_pathv[i], ".expected"))
            g->gl_pathv[g->gl_pathc++] = strdup(all.gl_pathv[i]);
    globfree(&all);
    return g->gl_pathc;
}

static void inputs_free(glob_t *g)
{
    for (size_t i = 0; i < g->gl_pathc; i++)
        free(g->gl_pathv[i]);
    free(g->gl_pathv);
}

/* "tests/fixtures/NAME.EXT" -> "tests/fixtures/NAME<suffix>". */
static void expectation(const char *input, const char *suffix, char *out, size_t n)
{
    const char *slash = strrchr(input, '/');
    const char *dot = strrchr(input, '.');
    size_t stem = dot && dot > slash ? (size_t)(dot - input) : strlen(input);
    snprintf(out, n, "%.*s%s", (int)stem, input, suffix);
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

static void test_fixtures_match_expected_json(void **state)
{
    (void)state;
    glob_t g;
    assert_true(inputs(&g) >= 25);
    size_t read = 0, refused = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *path = g.gl_pathv[i];
        char json[512], error[512];
        expectation(path, ".expected.json", json, sizeof json);
        expectation(path, ".expected-error.txt", error, sizeof error);
        char *want = slurp(json);
        char *want_error = slurp(error);
        if (!want && !want_error)
            fail_msg("%s: no %s or %s", path, json, error);
        char errbuf[ISOMM_ERRBUF_SIZE] = "";
        isomm_portfolio *p = NULL;
        isomm_error err = isomm_portfolio_read(path, cat, NULL, &p, errbuf);
        if (want_error) {
            chomp(want_error);
            size_t n = strlen(path);
            if (!err)
                fail_msg("%s: read, but should fail with '%s'", path, want_error);
            if (strncmp(errbuf, path, n) != 0 || strncmp(errbuf + n, ": ", 2) != 0 ||
                strncmp(errbuf + n + 2, want_error, strlen(want_error)) != 0)
                fail_msg("%s: expected the message\n  %s: %s…\ngot\n  %s", path, path,
                         want_error, errbuf);
            refused++;
        } else {
            if (err)
                fail_msg("%s", errbuf);
            char *got = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&got, &len);
            assert_int_equal(isomm_write_json_stream(p, f, NULL), ISOMM_OK);
            fclose(f);
            if (strcmp(want, got) != 0) {
                first_difference(want, got);
                fail_msg("%s does not match %s", path, json);
            }
            free(got);
            read++;
        }
        free(want);
        free(want_error);
        isomm_portfolio_free(p);
    }
    print_message("%zu fixtures read to their JSON, %zu refused as expected\n", read, refused);
    inputs_free(&g);
}

/* `isomm inspect` explains each fixture: every line of NAME.expected-inspect.txt
 * is a line of its text report; a file to refuse exits 1 with the message. */
static void test_fixtures_inspect(void **state)
{
    (void)state;
    glob_t g;
    inputs(&g);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *path = g.gl_pathv[i];
        char lines[512], error[512], cmd[600];
        expectation(path, ".expected-inspect.txt", lines, sizeof lines);
        expectation(path, ".expected-error.txt", error, sizeof error);
        char *want = slurp(lines);
        char *want_error = slurp(error);
        snprintf(cmd, sizeof cmd, "inspect '%s'", path);
        run_result r = run_isomm(cmd);
        if (want_error) {
            chomp(want_error);
            if (r.status != 1 || !strstr(r.err, want_error))
                fail_msg("isomm %s: status %d, stderr:\n%s\nexpected status 1 and '%s'", cmd,
                         r.status, r.err, want_error);
        } else if (want) {
            if (r.status != 0)
                fail_msg("isomm %s: status %d\n%s", cmd, r.status, r.err);
            char *save = NULL;
            for (char *line = strtok_r(want, "\n", &save); line;
                 line = strtok_r(NULL, "\n", &save)) {
                char needle[1024];
                snprintf(needle, sizeof needle, "\n%s\n", line);
                if (!strstr(r.out, needle))
                    fail_msg("isomm %s: no line\n%s\nin:\n%s", cmd, line, r.out);
            }
        } else {
            fail_msg("%s: no %s", path, lines);
        }
        run_free(&r);
        free(want);
        free(want_error);
    }
    inputs_free(&g);
}

/* What the JSON does not carry: organization and the 1904-system date. */
static void test_numeric_meta(void **state)
{
    (void)state;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_assessment *a = NULL;
    if (isomm_assessment_read("tests/fixtures/openpyxl-numeric.xlsx", cat, &a, errbuf))
        fail_msg("%s", errbuf);
    assert_string_equal(a->organization, "デルタ物流株式会社");
    assert_string_equal(a->date, "2024-06-28");
    assert_string_equal(a->date_source, "sheet");
    assert_string_equal(a->layout, "numeric");
    isomm_assessment_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures_match_expected_json),
        cmocka_unit_test(test_fixtures_inspect),
        cmocka_unit_test(test_numeric_meta),
    };
    return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}
