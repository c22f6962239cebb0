/*
 * The isomm program's XML functions for libxlsxwriter
 * (src/cli/xml_writer.c), each against libxlsxwriter's own (found with
 * dlsym(RTLD_NEXT)): the same bytes for the same arguments, on chosen and
 * on random strings, attribute lists, rows and columns.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <xlsxwriter.h>
#include <xlsxwriter/xmlwriter.h>

void _write_string_cell(lxw_worksheet *self, char *range, int32_t style_index,
                        lxw_cell *cell);
const char *cli_xml_writer(void);

static void *theirs(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    assert_non_null(f);
    return f;
}
#define THEIRS(fn) ((__typeof__(&fn))theirs(#fn))

/* What a function writes to a stream. */
typedef struct memout {
    char *text;
    size_t size;
    FILE *f;
} memout;

static void out_open(memout *m)
{
    m->text = NULL;
    m->size = 0;
    m->f = open_memstream(&m->text, &m->size);
    assert_non_null(m->f);
}

static char *out_close(memout *m)
{
    assert_int_equal(fclose(m->f), 0);
    return m->text;
}

/* A string of n bytes from an alphabet of the characters that matter. */
static char *random_string(unsigned *seed, size_t n)
{
    static const char *pieces[] = {"a", "Z", " ", "&", "<", ">", "\"", "\n", "\t",
                                   "\r", "\x01", "\x1f", "'", "\xe6\x97\xa5", ";", "#"};
    char *s = malloc(n * 3 + 1), *p = s;
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        *seed = *seed * 1103515245u + 12345u;
        const char *c = pieces[(*seed >> 16) % (sizeof pieces / sizeof *pieces)];
        p = stpcpy(p, c);
    }
    *p = '\0';
    return s;
}

static const char *chosen[] = {
    "", "plain", "a&b<c>d\"e\nf", "&&<<>>\"\"\n\n", " lead", "trail ",
    "株式会社 &amp; 評価", "\x01\x02\x1f\t\n\r", "=IF(A1<>\"\",\"x\",\"\")",
};

/* The list [key1=v, key2=w, n=<int>] from one side's constructors. */
static void make_list(struct xml_attribute_list *list, int ours, const char *v,
                      const char *w, uint32_t n)
{
    __typeof__(&lxw_new_attribute_str) str =
        ours ? lxw_new_attribute_str : THEIRS(lxw_new_attribute_str);
    __typeof__(&lxw_new_attribute_int) num =
        ours ? lxw_new_attribute_int : THEIRS(lxw_new_attribute_int);
    /* STAILQ_INSERT_TAIL evaluates its element more than once */
    struct xml_attribute *a[3] = {str("key1", v), str("x14ac:dyDescent", w), num("n", n)};
    STAILQ_INIT(list);
    for (size_t i = 0; i < 3; i++)
        STAILQ_INSERT_TAIL(list, a[i], list_entries);
}

static void free_list(struct xml_attribute_list *list)
{
    while (!STAILQ_EMPTY(list)) {
        struct xml_attribute *a = STAILQ_FIRST(list);
        STAILQ_REMOVE_HEAD(list, list_entries);
        free(a);
    }
}

/* Every tag writer, both sides, on one list and one data string. */
static void compare_writers(struct xml_attribute_list *list, const char *data)
{
    memout a, b;
    out_open(&a);
    out_open(&b);
    lxw_xml_declaration(a.f);
    THEIRS(lxw_xml_declaration)(b.f);
    lxw_xml_start_tag(a.f, "c", list);
    THEIRS(lxw_xml_start_tag)(b.f, "c", list);
    lxw_xml_start_tag_unencoded(a.f, "row", list);
    THEIRS(lxw_xml_start_tag_unencoded)(b.f, "row", list);
    lxw_xml_empty_tag(a.f, "col", list);
    THEIRS(lxw_xml_empty_tag)(b.f, "col", list);
    lxw_xml_empty_tag_unencoded(a.f, "c:v", list);
    THEIRS(lxw_xml_empty_tag_unencoded)(b.f, "c:v", list);
    lxw_xml_data_element(a.f, "t", data, list);
    THEIRS(lxw_xml_data_element)(b.f, "t", data, list);
    lxw_xml_data_element(a.f, "f", data, NULL);
    THEIRS(lxw_xml_data_element)(b.f, "f", data, NULL);
    lxw_xml_rich_si_element(a.f, data);
    THEIRS(lxw_xml_rich_si_element)(b.f, data);
    lxw_xml_start_tag(a.f, "sheetData", NULL);
    THEIRS(lxw_xml_start_tag)(b.f, "sheetData", NULL);
    lxw_xml_end_tag(a.f, "sheetData");
    THEIRS(lxw_xml_end_tag)(b.f, "sheetData");
    char *x = out_close(&a), *y = out_close(&b);
    assert_int_equal(a.size, b.size);
    assert_memory_equal(x, y, a.size);
    free(x);
    free(y);
}

/* Both constructors make the same strings; both printers print them alike. */
static void compare_one(const char *v, const char *w, uint32_t n)
{
    struct xml_attribute_list mine, real;
    make_list(&mine, 1, v, w, n);
    make_list(&real, 0, v, w, n);
    struct xml_attribute *p = STAILQ_FIRST(&mine), *q = STAILQ_FIRST(&real);
    for (; p && q; p = STAILQ_NEXT(p, list_entries), q = STAILQ_NEXT(q, list_entries)) {
        assert_string_equal(p->key, q->key);
        assert_string_equal(p->value, q->value);
    }
    assert_null(p);
    assert_null(q);
    compare_writers(&mine, v);
    compare_writers(&real, w);
    free_list(&mine);
    free_list(&real);
}

static void test_in_effect(void **state)
{
    (void)state;
    assert_string_equal(cli_xml_writer(), "XML without printf");
}

static void test_chosen_strings(void **state)
{
    (void)state;
    size_t n = sizeof chosen / sizeof *chosen;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            compare_one(chosen[i], chosen[j], (uint32_t)(i * 1000 + j));
}

static void test_random_strings(void **state)
{
    (void)state;
    unsigned seed = 20261201;
    for (int k = 0; k < 3000; k++) {
        char *v = random_string(&seed, seed % 40), *w = random_string(&seed, seed % 7);
        compare_one(v, w, seed);
        free(v);
        free(w);
    }
}

/* Attribute strings stop at 2,079 bytes, as LXW_ATTRIBUTE_COPY has them. */
static void test_long_strings(void **state)
{
    (void)state;
    unsigned seed = 7;
    const size_t lengths[] = {2078, 2079, 2080, 2081, 5000};
    for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
        char *v = random_string(&seed, lengths[i]);
        v[lengths[i]] = '\0'; /* pieces may be 3 bytes: cut at the length */
        compare_one(v, "x", 1);
        struct xml_attribute *a = lxw_new_attribute_str(v, v);
        assert_int_equal(strlen(a->key), lengths[i] < 2079 ? lengths[i] : 2079);
        assert_int_equal(strlen(a->value), strlen(a->key));
        free(a);
        free(v);
    }
}

static void test_integers(void **state)
{
    (void)state;
    const uint32_t v[] = {0, 1, 9, 10, 99, 100, 65535, 1048576, 2147483647u,
                          2147483648u, 4294967295u};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        compare_one("v", "w", v[i]);
}

static void test_cell_names(void **state)
{
    (void)state;
    const lxw_row_t rows[] = {0, 1, 8, 9, 98, 99, 1048574, 1048575, 9999999,
                              99999999, 2147483646u, 2147483647u, 4294967294u,
                              4294967295u};
    const lxw_col_t cols[] = {0, 1, 24, 25, 26, 27, 51, 52, 701, 702, 703,
                              18277, 18278, 16383, 16384, 65535};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        for (size_t j = 0; j < sizeof cols / sizeof *cols; j++) {
            char a[LXW_MAX_CELL_NAME_LENGTH + 8] = {0}, b[sizeof a] = {0};
            lxw_rowcol_to_cell(a, rows[i], cols[j]);
            THEIRS(lxw_rowcol_to_cell)(b, rows[i], cols[j]);
            assert_string_equal(a, b);
        }
    for (unsigned c = 0; c < 16384; c++) {
        char a[LXW_MAX_CELL_NAME_LENGTH] = {0}, b[sizeof a] = {0};
        lxw_rowcol_to_cell(a, c * 64u, (lxw_col_t)c);
        THEIRS(lxw_rowcol_to_cell)(b, c * 64u, (lxw_col_t)c);
        assert_string_equal(a, b);
    }
}

/* Ours tells whether a string has a control character (1.1.4's always
 * says yes); where it says no, libxlsxwriter's escaped copy equals the
 * string, so a shared string is written the same either way. */
static void test_control_characters(void **state)
{
    (void)state;
    unsigned seed = 99;
    for (int k = 0; k < 2000; k++) {
        char *s = random_string(&seed, seed % 20);
        int expect = 0;
        for (const unsigned char *p = (const unsigned char *)s; *p; p++)
            expect |= *p < 0x20 && *p != '\n' && *p != '\t';
        assert_int_equal(lxw_has_control_characters(s), expect);
        char *copy = THEIRS(lxw_escape_control_characters)(s);
        if (!expect)
            assert_string_equal(copy, s);
        else
            assert_string_not_equal(copy, s);
        free(copy);
        free(s);
    }
}

static void test_string_cells(void **state)
{
    (void)state;
    lxw_worksheet *ws = calloc(1, sizeof *ws);
    assert_non_null(ws);
    const int32_t styles[] = {0, 1, 7, 12345, -1};
    const int32_t ids[] = {0, 1, 10, 2147483647, -5};
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++) {
            lxw_cell cell;
            memset(&cell, 0, sizeof cell);
            cell.u.string_id = ids[j];
            char range[] = "XFD1048576";
            memout a, b;
            out_open(&a);
            out_open(&b);
            ws->file = a.f;
            _write_string_cell(ws, range, styles[i], &cell);
            ws->file = b.f;
            THEIRS(_write_string_cell)(ws, range, styles[i], &cell);
            char *x = out_close(&a), *y = out_close(&b);
            assert_string_equal(x, y);
            free(x);
            free(y);
        }
    free(ws);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_effect),
        cmocka_unit_test(test_chosen_strings),
        cmocka_unit_test(test_random_strings),
        cmocka_unit_test(test_long_strings),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_cell_names),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_string_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
