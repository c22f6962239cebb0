/* test_reader_fixtures.c - workbooks written by other programs
 * (tests/fixtures/, made by tools/make_fixtures.py): LibreOffice re-saves of
 * the samples and an openpyxl numeric-layout sheet read to exactly their
 * NAME.expected.json through isomm_portfolio_read(). */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glob.h>

#include "isomm/isomm.h"

static isomm_catalog *cat;

static int setup(void **state)
{
    (void)state;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    if (isomm_catalog_load_builtin(&cat, errbuf) != ISOMM_OK) {
        fprintf(stderr, "%s\n", errbuf);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    isomm_catalog_free(cat);
    return 0;
}

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

static void test_fixtures_match_expected_json(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("tests/fixtures/*.expected.json", 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 4); /* lo-* x3, openpyxl-numeric */
    for (size_t i = 0; i < g.gl_pathc; i++) {
        char xlsx[512];
        snprintf(xlsx, sizeof xlsx, "%.*s.xlsx",
                 (int)(strlen(g.gl_pathv[i]) - strlen(".expected.json")), g.gl_pathv[i]);
        char errbuf[ISOMM_ERRBUF_SIZE] = "";
        isomm_portfolio *p = NULL;
        if (isomm_portfolio_read(xlsx, cat, NULL, &p, errbuf))
            fail_msg("%s", errbuf);
        char *got = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&got, &len);
        assert_int_equal(isomm_write_json_stream(p, f), ISOMM_OK);
        fclose(f);
        char *want = slurp(g.gl_pathv[i]);
        assert_non_null(want);
        if (strcmp(want, got) != 0) {
            first_difference(want, got);
            fail_msg("%s does not match %s", xlsx, g.gl_pathv[i]);
        }
        free(want);
        free(got);
        isomm_portfolio_free(p);
    }
    globfree(&g);
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
        cmocka_unit_test(test_numeric_meta),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
