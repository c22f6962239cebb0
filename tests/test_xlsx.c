/* test_xlsx.c - the workbook layer (src/xlsx*.c): sheets, cells of every
 * type, merges, and the XML shapes other writers produce. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xlsxwriter.h>

#include "fixture.h"
#include "ooxml/ooxml.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = fx_tmpdir();
    return dir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fx_rmtree(dir);
    free(dir);
    return 0;
}

static ooxml_book *open_ok(const char *path)
{
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_book *b = NULL;
    isomm_error err = ooxml_open(path, &b, errbuf);
    if (err)
        fail_msg("ooxml_open(%s): %s", path, errbuf);
    return b;
}

static ooxml_grid *grid_ok(ooxml_book *b, size_t sheet)
{
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_grid *g = NULL;
    isomm_error err = ooxml_load_grid(b, sheet, &g, errbuf);
    if (err)
        fail_msg("ooxml_load_grid(%zu): %s", sheet, errbuf);
    return g;
}

static const ooxml_cell *cell(const ooxml_grid *g, const char *ref)
{
    unsigned r, c;
    assert_int_equal(ooxml_parse_ref(ref, &r, &c), 0);
    return ooxml_grid_at(g, r, c);
}

static void assert_text(const ooxml_grid *g, const char *ref, ooxml_type type,
                        const char *text)
{
    const ooxml_cell *c = cell(g, ref);
    if (!c)
        fail_msg("cell %s missing (expected '%s')", ref, text);
    assert_int_equal(c->type, type);
    assert_string_equal(c->text, text);
}

static void test_cell_ref(void **state)
{
    (void)state;
    char buf[16];
    ooxml_cell_ref(0, 0, buf);
    assert_string_equal(buf, "A1");
    ooxml_cell_ref(11, 1, buf);
    assert_string_equal(buf, "B12");
    ooxml_cell_ref(0, 25, buf);
    assert_string_equal(buf, "Z1");
    ooxml_cell_ref(0, 26, buf);
    assert_string_equal(buf, "AA1");
    ooxml_cell_ref(3, 701, buf);
    assert_string_equal(buf, "ZZ4");
    ooxml_cell_ref(1048575, 16383, buf);
    assert_string_equal(buf, "XFD1048576");

    unsigned r, c;
    assert_int_equal(ooxml_parse_ref("B12", &r, &c), 0);
    assert_int_equal(r, 11);
    assert_int_equal(c, 1);
    assert_int_equal(ooxml_parse_ref("$AA$3", &r, &c), 0);
    assert_int_equal(r, 2);
    assert_int_equal(c, 26);
    assert_int_equal(ooxml_parse_ref("XFD1048576", &r, &c), 0);
    assert_int_equal(ooxml_parse_ref("XFE1", &r, &c), -1);
    assert_int_equal(ooxml_parse_ref("A1048577", &r, &c), -1);
    assert_int_equal(ooxml_parse_ref("A0", &r, &c), -1);
    assert_int_equal(ooxml_parse_ref("12", &r, &c), -1);
    assert_int_equal(ooxml_parse_ref("B", &r, &c), -1);
    assert_int_equal(ooxml_parse_ref("B2x", &r, &c), -1);
    assert_int_equal(ooxml_parse_ref("", &r, &c), -1);
}

/* A workbook written by libxlsxwriter with every cell type. */
static void write_typed(const char *path, int constant_memory)
{
    lxw_workbook_options opt = {0};
    opt.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    assert_non_null(wb);
    lxw_worksheet *s1 = workbook_add_worksheet(wb, "表紙");
    worksheet_write_string(s1, 0, 0, "セルフチェック", NULL);
    lxw_worksheet *s2 = workbook_add_worksheet(wb, "入力シート");
    worksheet_write_string(s2, 0, 0, "インソース", NULL);
    worksheet_write_string(s2, 0, 6, "アウトソース", NULL);
    worksheet_write_number(s2, 1, 0, 0, NULL);
    worksheet_write_number(s2, 1, 1, 2.5, NULL);
    worksheet_write_number(s2, 1, 2, -1234567, NULL);
    worksheet_write_boolean(s2, 1, 3, 1, NULL);
    worksheet_write_boolean(s2, 1, 4, 0, NULL);
    worksheet_write_formula_num(s2, 2, 0, "=B2*2", NULL, 5);
    worksheet_write_formula_str(s2, 2, 1, "=\"A\"&\"-1\"", NULL, "A-1");
    lxw_rich_string_tuple f1 = {NULL, "A-1 "}, f2 = {NULL, "全体方針管理"};
    lxw_rich_string_tuple *rich[] = {&f1, &f2, NULL};
    worksheet_write_rich_string(s2, 3, 1, rich, NULL);
    worksheet_write_string(s2, 4, 1, "  spaced  ", NULL);
    worksheet_write_string(s2, 5, 1, "a & b < c", NULL);
    if (!constant_memory)
        worksheet_merge_range(s2, 6, 0, 8, 2, "merged", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void check_typed(int constant_memory)
{
    char *path = fx_path(dir, constant_memory ? "typed-inline.xlsx" : "typed.xlsx");
    write_typed(path, constant_memory);
    ooxml_book *b = open_ok(path);
    assert_int_equal(ooxml_sheet_count(b), 2);
    assert_string_equal(ooxml_sheet_name(b, 0), "表紙");
    assert_string_equal(ooxml_sheet_name(b, 1), "入力シート");
    assert_null(ooxml_sheet_name(b, 2));
    assert_int_equal(ooxml_find_sheet(b, "入力シート"), 1);
    assert_int_equal(ooxml_find_sheet(b, "none"), -1);
    assert_string_equal(ooxml_path(b), path);
    assert_string_equal(ooxml_sheet_part(b, 1), "xl/worksheets/sheet2.xml");

    ooxml_grid *g = grid_ok(b, 1);
    assert_string_equal(g->sheet_part, "xl/worksheets/sheet2.xml");
    assert_text(g, "A1", OOXML_STRING, "インソース");
    assert_text(g, "G1", OOXML_STRING, "アウトソース");
    assert_text(g, "A2", OOXML_NUMBER, "0");
    assert_text(g, "B2", OOXML_NUMBER, "2.5");
    assert_true(cell(g, "B2")->number == 2.5);
    assert_true(cell(g, "C2")->number == -1234567.0);
    assert_text(g, "D2", OOXML_BOOL, "TRUE");
    assert_text(g, "E2", OOXML_BOOL, "FALSE");
    assert_text(g, "A3", OOXML_NUMBER, "5");
    assert_string_equal(cell(g, "A3")->formula, "B2*2");
    assert_text(g, "B3", OOXML_STRING, "A-1");
    assert_non_null(cell(g, "B3")->formula);
    assert_null(cell(g, "A1")->formula);
    assert_text(g, "B4", OOXML_STRING, "A-1 全体方針管理");
    assert_text(g, "B5", OOXML_STRING, "  spaced  ");
    assert_text(g, "B6", OOXML_STRING, "a & b < c");
    assert_null(cell(g, "C1"));
    assert_null(cell(g, "Z99"));
    if (!constant_memory) {
        assert_int_equal(g->merge_count, 1);
        assert_int_equal(g->merges[0].r1, 6);
        assert_int_equal(g->merges[0].c1, 0);
        assert_int_equal(g->merges[0].r2, 8);
        assert_int_equal(g->merges[0].c2, 2);
        assert_non_null(ooxml_grid_merge_at(g, 7, 1));
        assert_null(ooxml_grid_merge_at(g, 9, 1));
        assert_text(g, "A7", OOXML_STRING, "merged");
        assert_int_equal(g->rows, 9);
    }
    assert_int_equal(g->cols, 7);
    /* Sorted by row, then column. */
    for (size_t i = 1; i < g->count; i++)
        assert_true(g->cells[i - 1].row < g->cells[i].row ||
                    (g->cells[i - 1].row == g->cells[i].row &&
                     g->cells[i - 1].col < g->cells[i].col));
    ooxml_grid_free(g);

    g = grid_ok(b, 0);
    assert_text(g, "A1", OOXML_STRING, "セルフチェック");
    assert_int_equal(g->count, 1);
    ooxml_grid_free(g);

    char errbuf[ISOMM_ERRBUF_SIZE];
    assert_int_equal(ooxml_load_grid(b, 2, &g, errbuf), ISOMM_ERR_ARG);
    assert_null(g);
    ooxml_close(b);
    free(path);
}

static void test_typed_shared_strings(void **state)
{
    (void)state;
    check_typed(0);
}

static void test_typed_inline_strings(void **state)
{
    (void)state;
    check_typed(1);
}

static void test_read_part(void **state)
{
    (void)state;
    char *path = fx_path(dir, "part.xlsx");
    write_typed(path, 0);
    ooxml_book *b = open_ok(path);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(ooxml_read_part(b, "xl/workbook.xml", &data, &len, errbuf), ISOMM_OK);
    assert_non_null(strstr(data, "入力シート"));
    assert_int_equal(strlen(data), len);
    free(data);
    /* Leading '/' and case are ignored, as in OPC part names. */
    assert_int_equal(ooxml_read_part(b, "/XL/Workbook.xml", &data, NULL, errbuf), ISOMM_OK);
    free(data);
    assert_true(ooxml_has_part(b, "xl/worksheets/sheet1.xml"));
    assert_false(ooxml_has_part(b, "xl/charts/chart1.xml"));
    assert_int_equal(ooxml_read_part(b, "xl/charts/chart1.xml", &data, &len, errbuf),
                     ISOMM_ERR_PART_MISSING);
    assert_null(data);
    assert_non_null(strstr(errbuf, path));
    assert_non_null(strstr(errbuf, "xl/charts/chart1.xml"));
    ooxml_close(b);
    free(path);
}

/* Hand-written parts: prefixes, rows and cells without r, every t=. */
static const char *SHEET_PREFIXED =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<x:dimension ref=\"A1:E5\"/>"
    "<x:sheetData>"
    "<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c>"
    "<x:c r=\"E1\" t=\"inlineStr\"><x:is><x:r><x:t>A-</x:t></x:r><x:r><x:rPr><x:b/></x:rPr>"
    "<x:t>2</x:t></x:r></x:is></x:c><x:c><x:v>7</x:v></x:c></x:row>"
    "<x:row><x:c t=\"b\"><x:v>1</x:v></x:c><x:c t=\"e\"><x:v>#N/A</x:v></x:c>"
    "<x:c t=\"str\"><x:f>A1&amp;B1</x:f><x:v>xy</x:v></x:c><x:c t=\"s\"><x:v>2</x:v></x:c></x:row>"
    "<x:row r=\"5\"><x:c r=\"B5\" s=\"3\"/><x:c r=\"C5\"><x:v> 1.5e3 </x:v></x:c>"
    "<x:c r=\"D5\" t=\"inlineStr\"><x:is><x:t xml:space=\"preserve\"> sp </x:t></x:is></x:c>"
    "<x:c r=\"E5\"><x:f>SUM(A1:A2)</x:f></x:c></x:row>"
    "<x:row><x:c t=\"inlineStr\"><x:is><x:t><![CDATA[<cdata>]]></x:t></x:is></x:c></x:row>"
    "</x:sheetData>"
    "<x:mergeCells count=\"2\"><x:mergeCell ref=\"A1:B1\"/><x:mergeCell ref=\"bogus\"/></x:mergeCells>"
    "</x:worksheet>";

static const char *SST_PHONETIC =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\" uniqueCount=\"3\">"
    "<si><t>全体方針管理</t><rPh sb=\"0\" eb=\"2\"><t>ゼンタイ</t></rPh><phoneticPr fontId=\"1\"/></si>"
    "<si><r><t>A-1</t></r><r><rPr><sz val=\"11\"/></rPr><t xml:space=\"preserve\"> 名前</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>ナマエ</t></rPh></si>"
    "<si/>"
    "</sst>";

static void test_prefixed_and_counted(void **state)
{
    (void)state;
    char *path = fx_path(dir, "prefixed.xlsx");
    const char *names[] = {"Data"};
    const char *sheets[] = {SHEET_PREFIXED};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, SST_PHONETIC), 0);
    ooxml_book *b = open_ok(path);
    ooxml_grid *g = grid_ok(b, 0);
    assert_text(g, "A1", OOXML_STRING, "全体方針管理"); /* furigana left out */
    assert_text(g, "B1", OOXML_STRING, "A-1 名前");      /* runs concatenated */
    assert_text(g, "E1", OOXML_STRING, "A-2");
    assert_text(g, "F1", OOXML_NUMBER, "7");            /* counted after E1 */
    assert_text(g, "A2", OOXML_BOOL, "TRUE");            /* row without r = 2 */
    assert_text(g, "B2", OOXML_ERROR, "#N/A");
    assert_text(g, "C2", OOXML_STRING, "xy");
    assert_string_equal(cell(g, "C2")->formula, "A1&B1");
    assert_text(g, "D2", OOXML_STRING, "");              /* <si/> */
    assert_null(cell(g, "B5"));                         /* style only */
    assert_text(g, "C5", OOXML_NUMBER, "1.5e3");
    assert_true(cell(g, "C5")->number == 1500.0);
    assert_text(g, "D5", OOXML_STRING, " sp ");
    assert_text(g, "E5", OOXML_EMPTY, "");               /* formula, no value */
    assert_string_equal(cell(g, "E5")->formula, "SUM(A1:A2)");
    assert_text(g, "A6", OOXML_STRING, "<cdata>");       /* row after r=5 */
    assert_int_equal(g->merge_count, 1);                /* "bogus" dropped */
    assert_int_equal(g->rows, 6);
    assert_int_equal(g->cols, 6);
    ooxml_grid_free(g);
    ooxml_close(b);
    free(path);
}

/* Strict OOXML namespaces, absolute targets, unsorted cells, no
 * sharedStrings relationship (found by its usual name). */
static void test_strict_and_unsorted(void **state)
{
    (void)state;
    char *path = fx_path(dir, "strict.xlsx");
    fx_part parts[] = {
        {"[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>", 0},
        {"_rels/.rels",
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"R1\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument\" "
         "Target=\"/book/main.xml\"/></Relationships>", 0},
        {"book/main.xml",
         "<workbook xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\" "
         "xmlns:rel=\"http://purl.oclc.org/ooxml/officeDocument/relationships\"><sheets>"
         "<sheet name=\"準備シート\" sheetId=\"4\" rel:id=\"R9\"/>"
         "<sheet name=\"Second Sheet\" sheetId=\"2\" rel:id=\"R2\"/></sheets></workbook>", 0},
        {"book/_rels/main.xml.rels",
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"R2\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet\" "
         "Target=\"/book/sheets/two%20words.xml\"/>"
         "<Relationship Id=\"R9\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet\" "
         "Target=\"./sheets/../sheets/first.xml\"/>"
         "<Relationship Id=\"R7\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink\" "
         "Target=\"https://example.com/\" TargetMode=\"External\"/>"
         "<Relationship Id=\"R8\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings\" "
         "Target=\"strings.xml\"/></Relationships>", 0},
        {"book/sheets/first.xml",
         "<worksheet xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"><sheetData>"
         "<row r=\"3\"><c r=\"C3\" t=\"s\"><v>1</v></c><c r=\"A3\" t=\"s\"><v>0</v></c></row>"
         "<row r=\"1\"><c r=\"B1\"><v>42</v></c></row></sheetData></worksheet>", 0},
        {"book/sheets/two words.xml",
         "<worksheet xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"><sheetData/></worksheet>", 0},
        {"book/strings.xml",
         "<sst xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"><si><t>first</t></si>"
         "<si><t>second</t></si></sst>", 0},
    };
    assert_int_equal(fx_write_zip(path, parts, sizeof parts / sizeof *parts), 0);
    ooxml_book *b = open_ok(path);
    assert_int_equal(ooxml_sheet_count(b), 2);
    assert_string_equal(ooxml_sheet_name(b, 0), "準備シート");
    assert_string_equal(ooxml_sheet_part(b, 0), "book/sheets/first.xml");
    assert_string_equal(ooxml_sheet_part(b, 1), "book/sheets/two words.xml");
    assert_int_equal(ooxml_find_sheet(b, "second sheet"), 1); /* Excel: case-insensitive */
    ooxml_grid *g = grid_ok(b, 0);
    assert_int_equal(g->count, 3);
    assert_text(g, "B1", OOXML_NUMBER, "42");
    assert_text(g, "A3", OOXML_STRING, "first");
    assert_text(g, "C3", OOXML_STRING, "second");
    assert_int_equal(g->cells[0].row, 0);
    assert_int_equal(g->cells[1].col, 0);
    assert_int_equal(g->cells[2].col, 2);
    ooxml_grid_free(g);
    g = grid_ok(b, 1);
    assert_int_equal(g->count, 0);
    assert_int_equal(g->rows, 0);
    ooxml_grid_free(g);
    ooxml_close(b);
    free(path);
}

/* A workbook without _rels/.rels still opens through xl/workbook.xml. */
static void test_no_package_rels(void **state)
{
    (void)state;
    char *path = fx_path(dir, "norels.xlsx");
    const char *names[] = {"S"};
    const fx_part *pk = fx_package_parts(names, 1, 0);
    fx_part parts[] = {pk[2], pk[3],
                       {"xl/worksheets/sheet1.xml",
                        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                        "<sheetData><row><c t=\"inlineStr\"><is><t>ok</t></is></c></row></sheetData></worksheet>", 0}};
    assert_int_equal(fx_write_zip(path, parts, 3), 0);
    ooxml_book *b = open_ok(path);
    ooxml_grid *g = grid_ok(b, 0);
    assert_text(g, "A1", OOXML_STRING, "ok");
    ooxml_grid_free(g);
    ooxml_close(b);
    free(path);
}

static void test_bad_shared_string_index(void **state)
{
    (void)state;
    char *path = fx_path(dir, "badsst.xlsx");
    const char *names[] = {"S"};
    const char *sheets[] = {
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<sheetData><row r=\"2\"><c r=\"C2\" t=\"s\"><v>5</v></c></row></sheetData></worksheet>"};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, SST_PHONETIC), 0);
    ooxml_book *b = open_ok(path);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_grid *g = NULL;
    assert_int_equal(ooxml_load_grid(b, 0, &g, errbuf), ISOMM_ERR_XML);
    assert_null(g);
    assert_non_null(strstr(errbuf, path));
    assert_non_null(strstr(errbuf, "C2"));
    assert_non_null(strstr(errbuf, "shared string 5"));
    ooxml_close(b);
    free(path);
}

static void test_bad_cell_ref(void **state)
{
    (void)state;
    char *path = fx_path(dir, "badref.xlsx");
    const char *names[] = {"S"};
    const char *sheets[] = {
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<sheetData><row><c r=\"XFZ1\"><v>1</v></c></row></sheetData></worksheet>"};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, NULL), 0);
    ooxml_book *b = open_ok(path);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_grid *g = NULL;
    assert_int_equal(ooxml_load_grid(b, 0, &g, errbuf), ISOMM_ERR_XML);
    assert_non_null(strstr(errbuf, "XFZ1"));
    assert_non_null(strstr(errbuf, "xl/worksheets/sheet1.xml"));
    ooxml_close(b);
    free(path);
}

static void test_malformed_xml(void **state)
{
    (void)state;
    char *path = fx_path(dir, "malformed.xlsx");
    const char *names[] = {"S"};
    const char *sheets[] = {
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<sheetData><row><c><v>1</v></row></sheetData></worksheet>"};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, NULL), 0);
    ooxml_book *b = open_ok(path);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_grid *g = NULL;
    assert_int_equal(ooxml_load_grid(b, 0, &g, errbuf), ISOMM_ERR_XML);
    assert_non_null(strstr(errbuf, path));
    assert_non_null(strstr(errbuf, "malformed XML"));
    ooxml_close(b);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_ref),
        cmocka_unit_test(test_typed_shared_strings),
        cmocka_unit_test(test_typed_inline_strings),
        cmocka_unit_test(test_read_part),
        cmocka_unit_test(test_prefixed_and_counted),
        cmocka_unit_test(test_strict_and_unsorted),
        cmocka_unit_test(test_no_package_rels),
        cmocka_unit_test(test_bad_shared_string_index),
        cmocka_unit_test(test_bad_cell_ref),
        cmocka_unit_test(test_malformed_xml),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
