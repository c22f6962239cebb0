/*
 * The cell grid of ooxml/grid.c, attribute by attribute: a cell's r, s and
 * t and a row's r, ht, hidden and outlineLevel, as SpreadsheetML defines
 * them (ECMA-376 Part 1, 18.3.1.4 c, 18.3.1.73 row) and as the reader has
 * always taken odd values: a style index read as strtoul(3) reads it, an
 * unknown cell type as a number, a number with spaces around it trimmed.
 * The expected values are written down by hand from those rules.
 */
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

/* xf 0 has no fill, xf 1 a solid red one. */
static const char STYLES[] =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFF0000\"/></patternFill></fill>"
    "</fills><cellXfs count=\"2\"><xf fillId=\"0\"/><xf fillId=\"1\"/></cellXfs></styleSheet>";

static const char WB_RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>";

#define SHEET_HEAD "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"

/* The grid of a one-sheet book holding `sheet`, or NULL with the message
 * in err. */
static ooxml_grid *grid_of(const char *sheet, ooxml_book **book, char *err)
{
    static int n;
    char name[32];
    snprintf(name, sizeof name, "grid-%d.xlsx", n++);
    char *path = fx_path(dir, name);
    assert_non_null(path);
    static const char *const names[] = {"S"};
    const fx_part *pk = fx_package_parts(names, 1, 0);
    fx_part parts[] = {pk[0], pk[1], pk[2], {"xl/_rels/workbook.xml.rels", WB_RELS, 0},
                       {"xl/worksheets/sheet1.xml", sheet, 0}, {"xl/styles.xml", STYLES, 0}};
    assert_int_equal(fx_write_zip(path, parts, 6), 0);
    if (ooxml_open(path, book, err))
        fail_msg("ooxml_open: %s", err);
    free(path);
    ooxml_grid *g = NULL;
    if (ooxml_load_grid(*book, 0, &g, err))
        return NULL;
    return g;
}

static const ooxml_cell *at(const ooxml_grid *g, const char *ref)
{
    unsigned row, col;
    assert_int_equal(ooxml_parse_ref(ref, &row, &col), 0);
    return ooxml_grid_at(g, row, col);
}

static uint32_t fill_at(const ooxml_grid *g, const char *ref)
{
    unsigned row, col;
    assert_int_equal(ooxml_parse_ref(ref, &row, &col), 0);
    return ooxml_grid_fill(g, row, col);
}

/* Style indexes, cell types, values with spaces, cells and rows without r. */
static void test_cell_attributes(void **state)
{
    (void)state;
    static const char sheet[] = SHEET_HEAD
        "<row r=\"1\">"
        "<c r=\"A1\" s=\"1\"><v> 42 </v></c>"
        "<c r=\"B1\" s=\"01\" t=\"n\"><v>7</v></c>"
        "<c r=\"C1\" s=\"+1\"/>"
        "<c r=\"D1\" s=\" 1\"/>"
        "<c r=\"E1\" s=\"1x\"/>"
        "<c r=\"F1\" s=\"99999999999999999999\"/>"
        "<c r=\"G1\" s=\"\"/>"
        "<c r=\"H1\" t=\"inlineStrButLongerThanAnyType\"><v>5</v></c>"
        "<c r=\"I1\" t=\"str\"><v>abc</v></c>"
        "<c r=\"J1\" t=\"b\"><v>1</v></c>"
        "</row>"
        "<row r=\"2\" ht=\"0\"><c r=\"A2\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
        "<row r=\"3\" hidden=\"true\" outlineLevel=\"1\"/>"
        "<row r=\"5\"><c s=\"1\"><v>1</v></c><c><v>2</v></c></row>"
        "<row><c t=\"s \"><v>3</v></c></row>"
        SHEET_TAIL;
    char err[ISOMM_ERRBUF_SIZE] = "";
    ooxml_book *b = NULL;
    ooxml_grid *g = grid_of(sheet, &b, err);
    if (!g)
        fail_msg("%s", err);
    const ooxml_cell *c = at(g, "A1");
    assert_non_null(c);
    assert_int_equal(c->type, OOXML_NUMBER);
    assert_string_equal(c->text, "42");
    assert_true(c->number == 42);
    assert_int_equal(at(g, "B1")->type, OOXML_NUMBER);
    assert_true(at(g, "B1")->number == 7);
    /* s as strtoul reads it: "01", "+1", " 1" and "1x" are xf 1 (filled),
     * an index past the table and "" (xf 0) have no fill */
    const uint32_t red = 0xFF0000u;
    assert_int_equal(fill_at(g, "A1"), red);
    assert_int_equal(fill_at(g, "B1"), red);
    assert_int_equal(fill_at(g, "C1"), red);
    assert_int_equal(fill_at(g, "D1"), red);
    assert_int_equal(fill_at(g, "E1"), red);
    assert_int_equal(fill_at(g, "F1"), OOXML_NO_FILL);
    assert_int_equal(fill_at(g, "G1"), OOXML_NO_FILL);
    assert_null(at(g, "C1")); /* an empty cell is no cell, its fill is kept */
    /* a type isomm does not know is a number */
    assert_int_equal(at(g, "H1")->type, OOXML_NUMBER);
    assert_true(at(g, "H1")->number == 5);
    assert_int_equal(at(g, "I1")->type, OOXML_STRING);
    assert_string_equal(at(g, "I1")->text, "abc");
    assert_int_equal(at(g, "J1")->type, OOXML_BOOL);
    assert_string_equal(at(g, "J1")->text, "TRUE");
    assert_string_equal(at(g, "A2")->text, "x");
    /* rows: height 0 and hidden="true" are hidden, row 4 is not there */
    assert_true(ooxml_grid_row_hidden(g, 1));
    assert_true(ooxml_grid_row_hidden(g, 2));
    assert_false(ooxml_grid_row_hidden(g, 3));
    assert_false(ooxml_grid_row_hidden(g, 0));
    /* cells without r follow the one before; a row without r the row before */
    assert_true(at(g, "A5")->number == 1);
    assert_int_equal(fill_at(g, "A5"), red);
    assert_true(at(g, "B5")->number == 2);
    assert_int_equal(fill_at(g, "B5"), OOXML_NO_FILL);
    /* "s " is not the shared-string type: a number */
    assert_int_equal(at(g, "A6")->type, OOXML_NUMBER);
    assert_true(at(g, "A6")->number == 3);
    ooxml_grid_free(g);
    ooxml_close(b);
}

/* Bad references are refused with the value the file holds. */
static void test_bad_references(void **state)
{
    (void)state;
    static const struct {
        const char *sheet, *message;
    } cases[] = {
        {SHEET_HEAD "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>" SHEET_TAIL,
         "cell reference '1A' is not valid"},
        {SHEET_HEAD "<row r=\"0\"/>" SHEET_TAIL, "row number '0' is not valid"},
        {SHEET_HEAD "<row r=\"1x\"/>" SHEET_TAIL, "row number '1x' is not valid"},
        {SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>x</v></c></row>" SHEET_TAIL,
         "shared string index 'x' is not valid"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char err[ISOMM_ERRBUF_SIZE] = "";
        ooxml_book *b = NULL;
        ooxml_grid *g = grid_of(cases[i].sheet, &b, err);
        assert_null(g);
        if (!strstr(err, cases[i].message) || !strstr(err, "xl/worksheets/sheet1.xml"))
            fail_msg("case %zu: %s", i, err);
        ooxml_close(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_attributes),
        cmocka_unit_test(test_bad_references),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
