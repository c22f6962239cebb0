/* test_samples.c - every bundled sample reads, migrates and serialises to
 * exactly its expected JSON (computed independently by the generator), and
 * its workbook's portfolio sheet holds the same As-Is and allocation. */
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
#include "run.h"
#include "catalog_fixture.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    } else {
        buf[n] = '\0';
    }
    fclose(f);
    return buf;
}

/* Print the first differing line, so a failure says what changed. */
static void report_diff(const char *want, const char *got)
{
    int line = 1;
    const char *w = want, *g = got;
    while (*w && *w == *g) {
        line += *w == '\n';
        w++;
        g++;
    }
    while (w > want && w[-1] != '\n') w--, g--;
    fprintf(stderr, "first difference at line %d:\n  expected: %.*s\n  got:      %.*s\n",
            line, (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"), g);
}

static void test_samples_match_expected_json(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("samples/*.expected.json", 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 3);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        char xlsx[512];
        snprintf(xlsx, sizeof xlsx, "%.*s.xlsx",
                 (int)(strlen(g.gl_pathv[i]) - strlen(".expected.json")), g.gl_pathv[i]);
        char errbuf[ISOMM_ERRBUF_SIZE] = "";
        isomm_assessment *a = NULL;
        isomm_portfolio *p = NULL;
        isomm_error err = isomm_assessment_read(xlsx, cat, &a, errbuf);
        if (err)
            fail_msg("%s", errbuf);
        assert_int_equal(isomm_portfolio_from_assessment(a, NULL, &p, NULL), ISOMM_OK);
        char *got = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&got, &len);
        assert_int_equal(isomm_write_json_stream(p, f, NULL), ISOMM_OK);
        fclose(f);
        char *want = slurp(g.gl_pathv[i]);
        assert_non_null(want);
        if (strcmp(want, got) != 0) {
            fprintf(stderr, "%s: JSON differs from %s\n", xlsx, g.gl_pathv[i]);
            report_diff(want, got);
            fail();
        }
        free(want);
        free(got);
        isomm_portfolio_free(p);
        isomm_assessment_free(a);
    }
    globfree(&g);
}

/* The same workbook in memory (isomm_read_buffer) reads as the file does:
 * the same JSON under the name given; a buffer is only read. */
static void test_samples_from_memory(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("samples/*.expected.json", 0, NULL, &g), 0);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        char xlsx[512];
        snprintf(xlsx, sizeof xlsx, "%.*s.xlsx",
                 (int)(strlen(g.gl_pathv[i]) - strlen(".expected.json")), g.gl_pathv[i]);
        size_t size = 0;
        char *data = read_all(xlsx, &size);
        assert_non_null(data);
        char *copy = malloc(size);
        assert_non_null(copy);
        memcpy(copy, data, size);
        char errbuf[ISOMM_ERRBUF_SIZE] = "";
        isomm_reading *r = NULL;
        if (isomm_read_buffer(data, size, xlsx, cat, NULL, &r, errbuf))
            fail_msg("%s", errbuf);
        assert_memory_equal(data, copy, size);
        char *got = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&got, &len);
        assert_int_equal(isomm_write_json_stream(r->portfolio, f, NULL), ISOMM_OK);
        fclose(f);
        char *want = slurp(g.gl_pathv[i]);
        if (strcmp(want, got) != 0) {
            report_diff(want, got);
            fail_msg("%s: read from memory, the JSON differs from %s", xlsx, g.gl_pathv[i]);
        }
        assert_non_null(r->assessment);
        assert_int_equal(r->roles_scored + r->roles_declined + r->roles_blank, cat->role_count);
        isomm_reading_free(r);
        /* Cut short in memory: refused by name, as a cut file is. */
        assert_int_equal(isomm_read_buffer(data, size / 2, "half", cat, NULL, &r, errbuf),
                         ISOMM_ERR_NOT_ZIP);
        assert_null(r);
        assert_int_equal(strncmp(errbuf, "half: damaged or truncated .xlsx workbook", 41), 0);
        free(want);
        free(got);
        free(copy);
        free(data);
    }
    globfree(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples_match_expected_json),
        cmocka_unit_test(test_samples_from_memory),
    };
    return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}
