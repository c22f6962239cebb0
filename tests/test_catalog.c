/* test_catalog.c - the built-in catalog holds the textbook's tables. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "isomm/isomm.h"
#include "catalog_fixture.h"

static const isomm_service *service(const char *id)
{
    long i = isomm_catalog_find_service(cat, id);
    assert_true(i >= 0);
    return &cat->services[i];
}

/* "A-6 I-4" style list of a service's sources. */
static void sources(const char *id, char *buf, size_t size)
{
    const isomm_service *s = service(id);
    buf[0] = '\0';
    for (size_t k = 0; k < s->source_count; k++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", k ? " " : "", cat->roles[s->sources[k]].id);
    }
}

static void test_counts(void **state)
{
    (void)state;
    assert_int_equal(cat->function_count, 9);
    assert_int_equal(cat->role_count, 54);
    assert_int_equal(cat->category_count, 9);
    assert_int_equal(cat->service_count, 64);
    assert_int_equal(cat->pattern_count, 4);
    /* Textbook v3.1 表7: A6 B5 C5 D8 E7 F4 G10 H3 I6 and A13 B4 C4 D7 E9 F5 G13 H2 I7 */
    const size_t roles[9] = {6, 5, 5, 8, 7, 4, 10, 3, 6};
    const size_t services[9] = {13, 4, 4, 7, 9, 5, 13, 2, 7};
    size_t rc[9] = {0}, sc[9] = {0};
    for (size_t i = 0; i < cat->role_count; i++)
        rc[cat->roles[i].function]++;
    for (size_t i = 0; i < cat->service_count; i++)
        sc[cat->services[i].category]++;
    for (size_t k = 0; k < 9; k++) {
        assert_int_equal(rc[k], roles[k]);
        assert_int_equal(sc[k], services[k]);
    }
    assert_string_equal(cat->categories[0].name, "CDCの戦略マネジメント");
    assert_string_equal(cat->functions[2].name, "ディープアナリシス（深堀分析）");
}

static void test_every_role_maps(void **state)
{
    (void)state;
    for (size_t r = 0; r < cat->role_count; r++) {
        int used = 0;
        for (size_t s = 0; s < cat->service_count; s++)
            for (size_t k = 0; k < cat->services[s].source_count; k++)
                used |= cat->services[s].sources[k] == r;
        assert_true(used);
    }
}

static void test_new_services(void **state)
{
    (void)state;
    const char *expected = "A-8 A-13 D-5 E-8 E-9 F-1 G-1 G-6 G-7 I-6 I-7";
    char got[256] = "";
    size_t n = 0;
    for (size_t s = 0; s < cat->service_count; s++)
        if (cat->services[s].source_count == 0) {
            size_t len = strlen(got);
            snprintf(got + len, sizeof got - len, "%s%s", n++ ? " " : "",
                     cat->services[s].id);
        }
    assert_int_equal(n, 11);
    assert_string_equal(got, expected);
}

static void test_correspondence_rows(void **state)
{
    (void)state;
    char buf[128];
    static const char *const rows[][2] = {
        /* many-to-one (表7) */
        {"A-7", "A-6 I-4"}, {"B-1", "B-1 B-2 H-1"}, {"C-1", "C-1 C-2"},
        {"D-4", "D-4 D-5"}, {"D-6", "D-6 D-7"},
        /* one-to-many: v2.1 A-1 feeds A-1 … A-6 */
        {"A-1", "A-1"}, {"A-2", "A-1"}, {"A-3", "A-1"}, {"A-4", "A-1"},
        {"A-5", "A-1"}, {"A-6", "A-1"},
        /* renumbered */
        {"E-3", "E-4"}, {"E-4", "E-3"}, {"G-11", "G-10"}, {"G-12", "G-8"},
        {"G-13", "G-9"}, {"H-1", "H-2"}, {"H-2", "H-3"}, {"I-4", "I-5"},
        {"I-5", "I-6"}, {"A-9", "A-2"}, {"B-4", "B-5"}, {"F-2", "F-1"},
        {"F-5", "F-4"}, {"G-2", "G-1"}, {"G-8", "G-5"}, {"D-7", "D-8"}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        sources(rows[i][0], buf, sizeof buf);
        assert_string_equal(buf, rows[i][1]);
    }
    size_t with_source = 0, multi = 0;
    for (size_t s = 0; s < cat->service_count; s++) {
        with_source += cat->services[s].source_count > 0;
        multi += cat->services[s].source_count > 1;
    }
    assert_int_equal(with_source, 53);
    assert_int_equal(multi, 5);
}

static void test_regions_and_processes(void **state)
{
    (void)state;
    assert_int_equal(service("I-5")->regions, ISOMM_REGION_ALL);
    assert_int_equal(service("A-1")->regions, ISOMM_REGION_I);
    assert_int_equal(service("H-1")->regions, ISOMM_REGION_II);
    assert_int_equal(service("G-12")->regions, ISOMM_REGION_IV);
    assert_int_equal(service("G-13")->regions, ISOMM_REGION_III);
    size_t per[4] = {0};
    for (size_t s = 0; s < cat->service_count; s++)
        switch (cat->services[s].regions) {
        case ISOMM_REGION_I: per[0]++; break;
        case ISOMM_REGION_II: per[1]++; break;
        case ISOMM_REGION_III: per[2]++; break;
        case ISOMM_REGION_IV: per[3]++; break;
        }
    assert_int_equal(per[0], 20);
    assert_int_equal(per[1], 15);
    assert_int_equal(per[2], 14);
    assert_int_equal(per[3], 14);
    assert_int_equal(service("E-7")->process, ISOMM_PROCESS_RESPONSE);
    assert_int_equal(service("E-3")->process, ISOMM_PROCESS_STRATEGIC);
    assert_int_equal(service("E-4")->process, ISOMM_PROCESS_OPERATION);
    assert_int_equal(service("F-5")->process, ISOMM_PROCESS_RESPONSE);
    assert_int_equal(service("G-12")->process, ISOMM_PROCESS_STRATEGIC);
    assert_int_equal(service("I-7")->process, ISOMM_PROCESS_STRATEGIC);
    assert_string_equal(isomm_region_label(service("I-5")->regions), "all");
}

static void test_patterns(void **state)
{
    (void)state;
    assert_int_equal(isomm_catalog_find_pattern(cat, "ハイブリッド"), 1);
    assert_int_equal(isomm_catalog_find_pattern(cat, " ミニマムアウトソース "), 2);
    assert_int_equal(isomm_catalog_find_pattern(cat, "full-insource"), 3);
    assert_int_equal(isomm_catalog_find_pattern(cat, "ハイブリット"), -1);
    assert_int_equal(cat->patterns[0].regions, ISOMM_REGION_I);
    assert_int_equal(cat->patterns[2].regions,
                     ISOMM_REGION_I | ISOMM_REGION_II | ISOMM_REGION_IV);
}

/* The directory loader reads the same files as the built-in catalog. */
static void test_load_dir_matches_builtin(void **state)
{
    (void)state;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_catalog *dir = NULL;
    assert_int_equal(isomm_catalog_load_dir("templates", &dir, errbuf), ISOMM_OK);
    assert_int_equal(dir->service_count, cat->service_count);
    for (size_t s = 0; s < cat->service_count; s++) {
        assert_string_equal(dir->services[s].id, cat->services[s].id);
        assert_string_equal(dir->services[s].name, cat->services[s].name);
        assert_int_equal(dir->services[s].source_count, cat->services[s].source_count);
    }
    isomm_catalog_free(dir);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Copy templates/ into a temp dir, replace one file, expect an error. */
static void expect_bad_catalog(const char *file, const char *text, const char *needle)
{
    char dir[] = "/tmp/isomm-catalog-XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const char *const names[] = {"functions", "roles", "categories",
                                        "services", "correspondence", "patterns"};
    for (size_t i = 0; i < 6; i++) {
        char src[256], dst[512], cmd[1024];
        snprintf(src, sizeof src, "templates/%s.tsv", names[i]);
        snprintf(dst, sizeof dst, "%s/%s.tsv", dir, names[i]);
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", src, dst);
        assert_int_equal(system(cmd), 0);
    }
    write_file(dir, file, text);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_catalog *c = NULL;
    assert_int_equal(isomm_catalog_load_dir(dir, &c, errbuf), ISOMM_ERR_CATALOG);
    assert_null(c);
    if (!strstr(errbuf, needle))
        fail_msg("expected '%s' in: %s", needle, errbuf);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_bad_catalogs(void **state)
{
    (void)state;
    expect_bad_catalog("correspondence.tsv", "service\trole\nA-1\tZ-9\n", "unknown role 'Z-9'");
    expect_bad_catalog("correspondence.tsv", "service\trole\nA-1\tA-1\n",
                       "maps to no service");
    expect_bad_catalog("services.tsv",
                       "id\tcategory\tname\tregion\tprocess\nA-1\tA\tx\tV\tstrategic\n",
                       "services.tsv line 2: region 'V'");
    expect_bad_catalog("roles.tsv", "id\tname\nA-1\tx\n", "missing column 'function'");
    expect_bad_catalog("patterns.tsv", "key\tname\tregions\nx\ty\n", "patterns.tsv line 2: 2 fields");
    /* A pattern is found by its key or its name: neither may be empty or
     * say another pattern (fuzz/regressions/catalog/empty-pattern-name). */
    expect_bad_catalog("patterns.tsv", "key\tname\tregions\nx\t\tI\n",
                       "patterns.tsv line 2: pattern 'x' () has an empty or repeated key or name");
    expect_bad_catalog("patterns.tsv", "key\tname\tregions\n\tX\tI\n",
                       "patterns.tsv line 2: pattern '' (X) has an empty");
    expect_bad_catalog("patterns.tsv", "key\tname\tregions\nx\tX\tI\n# two\ny\tx\tII\n",
                       "patterns.tsv line 4: pattern 'y' (x) has an empty or repeated");
    expect_bad_catalog("patterns.tsv", "key\tname\tregions\nx\tX\tI\nx\tY\tII\n",
                       "patterns.tsv line 3: pattern 'x' (Y)");
    /* An ID the readers could not hold is refused, not truncated. */
    expect_bad_catalog("services.tsv",
                       "id\tcategory\tname\tregion\tprocess\n"
                       "A-1234567890123456\tA\tx\tI\tstrategic\n",
                       "services.tsv line 2: id 'A-1234567890123456' is longer than 15 bytes");
    /* A table of 4,097 rows is refused at the row past the cap (the
     * loader's checks stay small), with its line number. */
    size_t rows = 4097, len = 0;
    char *big = malloc(rows * 24 + 64);
    assert_non_null(big);
    len += (size_t)sprintf(big, "key\tname\tregions\n");
    for (size_t i = 0; i < rows; i++)
        len += (size_t)sprintf(big + len, "k%zu\tn%zu\tI\n", i, i);
    expect_bad_catalog("patterns.tsv", big, "patterns.tsv line 4098: more than 4096 rows");
    free(big);
}

/* No number of categories or sources is too many: a catalog of 70
 * categories migrates, the 70th with its own service. */
static void test_many_categories(void **state)
{
    (void)state;
    char dir[] = "/tmp/isomm-catalog-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[1024], path[512];
    snprintf(cmd, sizeof cmd, "cp templates/*.tsv '%s'/", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/categories.tsv", dir);
    FILE *f = fopen(path, "a");
    assert_non_null(f);
    for (int i = 10; i <= 70; i++)
        fprintf(f, "K%d\tカテゴリー%d\t\t\t\n", i, i);
    fclose(f);
    snprintf(path, sizeof path, "%s/services.tsv", dir);
    assert_non_null(f = fopen(path, "a"));
    fputs("Z-1\tK70\t独自サービス\tII\toperation\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/correspondence.tsv", dir);
    assert_non_null(f = fopen(path, "a"));
    fputs("Z-1\tA-1\n", f);
    fclose(f);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_catalog *c = NULL;
    if (isomm_catalog_load_dir(dir, &c, errbuf) != ISOMM_OK)
        fail_msg("%s", errbuf);
    assert_int_equal(c->category_count, 70);
    isomm_portfolio *p = NULL;
    if (isomm_portfolio_read("samples/alpha-manufacturing.xlsx", c, NULL, &p, errbuf))
        fail_msg("%s", errbuf);
    assert_int_equal(p->categories[69].total, 1);
    /* Z-1 takes A-1's answer, as the catalog's A-1 does. */
    assert_int_equal(p->services[64].as_is, p->services[0].as_is);
    assert_int_equal(p->categories[69].assessed, p->services[0].as_is >= 0);
    isomm_portfolio_free(p);
    isomm_catalog_free(c);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* An organization may add a service of its own (textbook 5.2). */
static void test_custom_service(void **state)
{
    (void)state;
    char dir[] = "/tmp/isomm-catalog-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp templates/*.tsv '%s'/ && printf 'Z-1\\tI\\t独自サービス\\tII\\toperation\\n' >> '%s/services.tsv'", dir, dir);
    assert_int_equal(system(cmd), 0);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_catalog *c = NULL;
    assert_int_equal(isomm_catalog_load_dir(dir, &c, errbuf), ISOMM_OK);
    assert_int_equal(c->service_count, 65);
    assert_string_equal(c->services[64].name, "独自サービス");
    assert_int_equal(c->services[64].source_count, 0);
    /* the row leaves out the optional aliases column */
    assert_null(c->service_aliases[64]);
    long g8 = isomm_catalog_find_service(c, "G-8");
    assert_true(g8 >= 0);
    assert_string_equal(c->service_aliases[g8], "深堀分析ツール運用|深掘り分析ツール運用|深堀り分析ツール運用");
    isomm_catalog_free(c);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_every_role_maps),
        cmocka_unit_test(test_new_services),
        cmocka_unit_test(test_correspondence_rows),
        cmocka_unit_test(test_regions_and_processes),
        cmocka_unit_test(test_patterns),
        cmocka_unit_test(test_load_dir_matches_builtin),
        cmocka_unit_test(test_bad_catalogs),
        cmocka_unit_test(test_custom_service),
        cmocka_unit_test(test_many_categories),
    };
    return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}
