/* test_linear.c - the small files that used to run for minutes (issue 13):
 * 2,000 and 9,999 form controls, 2,000 sheets, 400,000 VML ClientData
 * blocks without ObjectType; and 200,000 merged ranges beside 100,000
 * header words. Each is read, and the work it costs, counted
 * by the book (parts opened, names looked up and compared in the zip
 * directory, XML nodes, bytes inflated), grows linearly with the input:
 * docs/hostile.md states the bounds asserted here. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "fixture.h"
#include "isomm/isomm.h"
#include "ooxml/ooxml.h"
#include "read/read.h"

/* A growable string. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if (t->s && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = t->cap ? t->cap : 1 << 16;
        while (cap < t->len + (size_t)n + 1)
            cap *= 2;
        t->s = realloc(t->s, cap);
        assert_non_null(t->s);
        t->cap = cap;
        t->s[t->len] = '\0';
    }
}

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_TYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

/* [Content_Types].xml, _rels/.rels, workbook and its rels for `sheets`
 * sheets: parts[0..3], their texts owned by t[0..3]. */
static void package(fx_part *parts, text *t, size_t sheets)
{
    memset(t, 0, 4 * sizeof *t);
    add(&t[0], "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
               "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>");
    add(&t[1], "<Relationships xmlns=\"" NS_REL "\"><Relationship Id=\"rId1\" Type=\"" REL_TYPE
               "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    add(&t[2], "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>");
    add(&t[3], "<Relationships xmlns=\"" NS_REL "\">");
    for (size_t i = 1; i <= sheets; i++) {
        add(&t[2], "<sheet name=\"S%zu\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", i, i, i);
        add(&t[3], "<Relationship Id=\"rId%zu\" Type=\"" REL_TYPE "worksheet\" "
                   "Target=\"worksheets/sheet%zu.xml\"/>", i, i);
    }
    add(&t[2], "</sheets></workbook>");
    add(&t[3], "</Relationships>");
    static const char *const names[] = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                        "xl/_rels/workbook.xml.rels"};
    for (int i = 0; i < 4; i++)
        parts[i] = (fx_part){names[i], t[i].s, t[i].len};
}

/* ceil(log2(n)) + 1: names a binary search compares at most. */
static size_t probes_per_lookup(size_t n)
{
    size_t k = 1;
    while (((size_t)1 << (k - 1)) < n)
        k++;
    return k + 1;
}

/* A sheet with n option buttons as Excel writes them (each control twice:
 * the anchored one and its fallback), n relationships and n ctrlProps. */
static char *write_controls(size_t n)
{
    char name[64];
    snprintf(name, sizeof name, "controls-%zu.xlsx", n);
    char *path = fx_path(dir, name);
    fx_part *parts = calloc(n + 6, sizeof *parts);
    text *t = calloc(n + 6, sizeof *t);
    char (*names)[40] = calloc(n, sizeof *names);
    assert_true(parts && t && names);
    package(parts, t, 1);
    text *sheet = &t[4], *rels = &t[5];
    add(sheet, "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\" xmlns:xdr=\"x\"><sheetData/>"
               "<controls>");
    add(rels, "<Relationships xmlns=\"" NS_REL "\">");
    for (size_t i = 1; i <= n; i++) {
        add(sheet, "<control shapeId=\"%zu\" r:id=\"rId%zu\"><controlPr><anchor><from><xdr:col>2"
                   "</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>%zu</xdr:row><xdr:rowOff>0"
                   "</xdr:rowOff></from><to><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff>"
                   "<xdr:row>%zu</xdr:row><xdr:rowOff>0</xdr:rowOff></to></anchor></controlPr>"
                   "</control><control shapeId=\"%zu\" r:id=\"rId%zu\"/>",
            1024 + i, i, i, i + 1, 1024 + i, i);
        add(rels, "<Relationship Id=\"rId%zu\" Type=\"x/ctrlProp\" "
                  "Target=\"../ctrlProps/ctrlProp%zu.xml\"/>", i, i);
        snprintf(names[i - 1], sizeof names[i - 1], "xl/ctrlProps/ctrlProp%zu.xml", i);
        parts[5 + i] = (fx_part){names[i - 1], "<formControlPr objectType=\"Radio\"/>", 0};
    }
    add(sheet, "</controls></worksheet>");
    add(rels, "</Relationships>");
    parts[4] = (fx_part){"xl/worksheets/sheet1.xml", sheet->s, sheet->len};
    parts[5] = (fx_part){"xl/worksheets/_rels/sheet1.xml.rels", rels->s, rels->len};
    assert_int_equal(fx_write_zip(path, parts, n + 6), 0);
    for (size_t i = 0; i < 6; i++)
        free(t[i].s);
    free(t);
    free(parts);
    free(names);
    return path;
}

/* The controls of `path`'s first sheet (*n of them) and what reading
 * them cost. */
static ooxml_control *controls_of(const char *path, size_t *n, ooxml_stats *st)
{
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_book *b = NULL;
    if (ooxml_open_counted(path, NULL, 0, st, &b, errbuf))
        fail_msg("%s", errbuf);
    ooxml_control *cs = NULL;
    if (ooxml_load_controls(b, 0, &cs, n, errbuf))
        fail_msg("%s", errbuf);
    ooxml_close(b);
    return cs;
}

/* Load the controls of `path`'s first sheet: exactly n buttons; what it
 * cost. */
static ooxml_stats load_controls(const char *path, size_t n)
{
    ooxml_stats st = {0};
    size_t got = 0;
    ooxml_control *cs = controls_of(path, &got, &st);
    assert_int_equal(got, n);
    assert_int_equal(cs[n - 1].row, n); /* the button of row n+1, once */
    free(cs);
    print_message("%zu controls (%ld bytes): %zu parts, %zu lookups, %zu names compared, %zu "
                  "XML nodes\n", n, fx_file_size(path), st.parts_opened, st.lookups,
                  st.zip_probes, st.xml_nodes);
    /* Per control: its ctrlProp part opened once, a constant number of
     * lookups, each a binary search of the directory, a constant number
     * of XML nodes. */
    assert_true(st.parts_opened <= n + 8);
    assert_true(st.lookups <= 3 * n + 32);
    assert_true(st.zip_probes <= st.lookups * probes_per_lookup(n + 6));
    assert_true(st.xml_nodes <= 40 * n + 64);
    return st;
}

static void test_form_controls(void **state)
{
    (void)state;
    char *small = write_controls(2000), *large = write_controls(9999);
    ooxml_stats s = load_controls(small, 2000), l = load_controls(large, 9999);
    /* Five times the controls, five times the work (the directory search
     * adds its logarithm): no term grows with the square. */
    assert_true(l.parts_opened * 10 <= s.parts_opened * 51);
    assert_true(l.lookups * 10 <= s.lookups * 51);
    assert_true(l.xml_nodes * 10 <= s.xml_nodes * 51);
    assert_true(l.zip_probes * 10 <= s.zip_probes * 65);
    /* The whole reader on it: no table (an empty sheet), bounded work. */
    ooxml_stats r = {0};
    isomm_reading *reading = NULL;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    assert_int_equal(reader_read_counted(large, NULL, 0, cat, NULL, &r, &reading, errbuf),
                     ISOMM_ERR_NO_TABLE);
    assert_true(r.parts_opened <= 16);
    free(small);
    free(large);
}

/* 2,000 sheets, each a small table-less grid: every sheet part is opened
 * once and looked up a constant number of times. */
static void test_many_sheets(void **state)
{
    (void)state;
    size_t n = 2000;
    char *path = fx_path(dir, "sheets-2000.xlsx");
    fx_part *parts = calloc(n + 4, sizeof *parts);
    char (*names)[40] = calloc(n, sizeof *names);
    text t[4];
    assert_true(parts && names);
    package(parts, t, n);
    for (size_t i = 0; i < n; i++) {
        snprintf(names[i], sizeof names[i], "xl/worksheets/sheet%zu.xml", i + 1);
        parts[4 + i] = (fx_part){names[i], "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" "
                                            "t=\"inlineStr\"><is><t>x</t></is></c></row>"
                                            "</sheetData></worksheet>", 0};
    }
    assert_int_equal(fx_write_zip(path, parts, n + 4), 0);
    for (int i = 0; i < 4; i++)
        free(t[i].s);
    free(parts);
    free(names);

    ooxml_stats st = {0};
    isomm_reading *r = NULL;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    assert_int_equal(reader_read_counted(path, NULL, 0, cat, NULL, &st, &r, errbuf),
                     ISOMM_ERR_NO_TABLE);
    assert_null(r);
    assert_contains(errbuf, "2000 sheets");
    print_message("%zu sheets (%ld bytes): %zu parts, %zu lookups, %zu names compared, %zu XML "
                  "nodes, %zu cell lookups\n", n, fx_file_size(path), st.parts_opened, st.lookups, st.zip_probes, st.xml_nodes,
                  st.cell_lookups);
    assert_true(st.parts_opened <= n + 8);
    assert_true(st.lookups <= 4 * n + 32);
    assert_true(st.zip_probes <= st.lookups * probes_per_lookup(n + 4));
    assert_true(st.xml_nodes <= 40 * n + 4 * n + 64);
    assert_true(st.cell_lookups <= 64 * n);
    free(path);
}

/* A VML drawing of 400,000 ClientData blocks without ObjectType (34 KB
 * deflated, 12 MB inflated): one pass over the part finds no control. */
static void test_vml_blocks(void **state)
{
    (void)state;
    size_t n = 400000;
    char *path = fx_path(dir, "vml-400000.xlsx");
    fx_part parts[7];
    text t[7];
    package(parts, t, 1);
    memset(t + 4, 0, 3 * sizeof *t);
    add(&t[4], "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheetData/>"
               "<legacyDrawing r:id=\"rId1\"/></worksheet>");
    add(&t[5], "<Relationships xmlns=\"" NS_REL "\"><Relationship Id=\"rId1\" Type=\"" REL_TYPE
               "vmlDrawing\" Target=\"../drawings/vmlDrawing1.vml\"/></Relationships>");
    add(&t[6], "<xml xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><v:shape>");
    for (size_t i = 0; i < n; i++)
        add(&t[6], "<x:ClientData></x:ClientData>");
    add(&t[6], "</v:shape></xml>");
    parts[4] = (fx_part){"xl/worksheets/sheet1.xml", t[4].s, t[4].len};
    parts[5] = (fx_part){"xl/worksheets/_rels/sheet1.xml.rels", t[5].s, t[5].len};
    parts[6] = (fx_part){"xl/drawings/vmlDrawing1.vml", t[6].s, t[6].len};
    assert_int_equal(fx_write_zip(path, parts, 7), 0);
    size_t vml = t[6].len;
    for (int i = 0; i < 7; i++)
        free(t[i].s);
    print_message("VML of %zu blocks: %zu bytes in %ld bytes of file\n", n, vml,
                  fx_file_size(path));

    ooxml_stats st = {0};
    size_t got = 1;
    assert_null(controls_of(path, &got, &st));
    assert_int_equal(got, 0);
    print_message("%zu parts, %zu lookups, %zu bytes inflated\n", st.parts_opened, st.lookups,
                  st.bytes_inflated);
    /* The drawing inflated once, nothing else of size. */
    assert_true(st.bytes_inflated <= vml + 4096);
    assert_true(st.parts_opened <= 8);
    assert_true(st.lookups <= 16);
    free(path);
}

/* 100,000 header words (インソース, アウトソース) and level numbers beside
 * 200,000 merged ranges: the table search asks for the merge of many
 * cells, each answered from the index (it took seconds as a scan). */
static void test_merges(void **state)
{
    (void)state;
    size_t per = 100, rows = 1000, merges = 200000;
    text sheet = {0};
    add(&sheet, "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>");
    for (size_t r = 1; r <= rows; r++) {
        add(&sheet, "<row r=\"%zu\">", r);
        for (size_t c = 0; c < per; c++)
            if (r % 2)
                add(&sheet, "<c t=\"inlineStr\"><is><t>%s</t></is></c>",
                    c % 2 ? "インソース" : "アウトソース");
            else
                add(&sheet, "<c><v>%zu</v></c>", c % 6);
        add(&sheet, "</row>");
    }
    add(&sheet, "</sheetData><mergeCells>");
    for (size_t k = 0; k < merges; k++) {
        char a[16], b[16];
        ooxml_cell_ref((unsigned)(2000 + k / 100), (unsigned)(k % 100 * 2), a);
        ooxml_cell_ref((unsigned)(2000 + k / 100), (unsigned)(k % 100 * 2 + 1), b);
        add(&sheet, "<mergeCell ref=\"%s:%s\"/>", a, b);
    }
    add(&sheet, "</mergeCells></worksheet>");
    char *path = fx_path(dir, "merges.xlsx");
    const char *names[] = {"S"};
    const char *sheets[] = {sheet.s};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, NULL), 0);
    free(sheet.s);

    ooxml_stats st = {0};
    isomm_reading *r = NULL;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    assert_int_equal(reader_read_counted(path, NULL, 0, cat, NULL, &st, &r, errbuf),
                     ISOMM_ERR_NO_TABLE);
    size_t cells = per * rows;
    print_message("%zu cells, %zu merges (%ld bytes), the reader: %zu cell lookups, %zu merge "
                  "probes\n", cells, merges, fx_file_size(path), st.cell_lookups,
                  st.merge_probes);
    assert_true(st.merge_probes <= 16 * cells);

    /* The merge of every cell and of both cells of every range: right, and
     * a few slots each (a scan would compare 200,000 ranges per question). */
    st = (ooxml_stats){0};
    ooxml_book *b = NULL;
    ooxml_grid *g = NULL;
    if (ooxml_open_counted(path, NULL, 0, &st, &b, errbuf) || ooxml_load_grid(b, 0, &g, errbuf))
        fail_msg("%s", errbuf);
    assert_int_equal(g->merge_count, merges);
    size_t questions = 0;
    for (size_t i = 0; i < g->count; i++, questions++)
        assert_null(ooxml_grid_merge_at(g, g->cells[i].row, g->cells[i].col));
    for (size_t k = 0; k < merges; k++, questions += 2) {
        const ooxml_range *m = &g->merges[k];
        assert_ptr_equal(ooxml_grid_merge_at(g, m->r1, m->c1), m);
        assert_ptr_equal(ooxml_grid_merge_at(g, m->r2, m->c2), m);
    }
    print_message("%zu questions: %zu merge probes\n", questions, st.merge_probes);
    assert_true(st.merge_probes <= 3 * questions);
    ooxml_grid_free(g);
    ooxml_close(b);

    /* Overlapping ranges whose cells add up past the cap are refused by
     * name: 20 copies of a 300 x 200 range. */
    text over = {0};
    add(&over, "<worksheet><sheetData/><mergeCells>");
    for (int k = 0; k < 20; k++)
        add(&over, "<mergeCell ref=\"A1:GR300\"/>");
    add(&over, "</mergeCells></worksheet>");
    sheets[0] = over.s;
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, NULL), 0);
    free(over.s);
    st = (ooxml_stats){0};
    assert_int_equal(reader_read_counted(path, NULL, 0, cat, NULL, &st, &r, errbuf),
                     ISOMM_ERR_TOO_LARGE);
    assert_contains(errbuf, "xl/worksheets/sheet1.xml holds merged ranges of more than "
                            "1,000,000 cells in all");
    free(path);
}

/* 4,096 sheets stored in one part (1M cells of it took an hour): refused
 * by name before any sheet is read. */
static void test_sheets_sharing_a_part(void **state)
{
    (void)state;
    text t[4];
    fx_part parts[5];
    package(parts, t, 4096);
    /* Every relationship points at sheet1.xml. */
    free(t[3].s);
    memset(&t[3], 0, sizeof t[3]);
    add(&t[3], "<Relationships xmlns=\"" NS_REL "\">");
    for (size_t i = 1; i <= 4096; i++)
        add(&t[3], "<Relationship Id=\"rId%zu\" Type=\"" REL_TYPE "worksheet\" "
                   "Target=\"worksheets/sheet1.xml\"/>", i);
    add(&t[3], "</Relationships>");
    parts[3] = (fx_part){"xl/_rels/workbook.xml.rels", t[3].s, t[3].len};
    parts[4] = (fx_part){"xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>", 0};
    char *path = fx_path(dir, "shared-part.xlsx");
    assert_int_equal(fx_write_zip(path, parts, 5), 0);
    for (int i = 0; i < 4; i++)
        free(t[i].s);
    ooxml_stats st = {0};
    isomm_reading *r = NULL;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    assert_int_equal(reader_read_counted(path, NULL, 0, cat, NULL, &st, &r, errbuf),
                     ISOMM_ERR_NOT_WORKBOOK);
    assert_contains(errbuf, "sheets 'S1' and 'S2' are both stored in xl/worksheets/sheet1.xml");
    assert_true(st.parts_opened <= 4);
    free(path);
}

/* The parts read from one book inflate to 256 MiB at most, however they
 * are arranged: a 60 MiB part (within the cap for one part) read a fifth
 * time is refused. */
static void test_book_budget(void **state)
{
    (void)state;
    char *path = fx_path(dir, "budget.xlsx");
    assert_int_equal(fx_write_bomb(path, "xl/worksheets/sheet1.xml", "<worksheet>",
                                   "</worksheet>", 60ULL << 20, 0), 0);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_book *b = NULL;
    if (ooxml_open(path, &b, errbuf))
        fail_msg("%s", errbuf);
    for (int k = 0; k < 4; k++) {
        char *data = NULL;
        size_t len = 0;
        if (ooxml_read_part(b, "xl/worksheets/sheet1.xml", &data, &len, errbuf))
            fail_msg("read %d: %s", k + 1, errbuf);
        assert_int_equal(len, 60 << 20);
        free(data);
    }
    char *data = NULL;
    assert_int_equal(ooxml_read_part(b, "xl/worksheets/sheet1.xml", &data, NULL, errbuf),
                     ISOMM_ERR_TOO_LARGE);
    assert_null(data);
    assert_contains(errbuf, "reading xl/worksheets/sheet1.xml would take the parts read from "
                            "this workbook past 256 MiB in all");
    assert_true(ooxml_book_stats(b)->bytes_inflated <= (240ULL << 20) + 65536);
    ooxml_close(b);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_controls),
        cmocka_unit_test(test_many_sheets),
        cmocka_unit_test(test_vml_blocks),
        cmocka_unit_test(test_merges),
        cmocka_unit_test(test_sheets_sharing_a_part),
        cmocka_unit_test(test_book_budget),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
