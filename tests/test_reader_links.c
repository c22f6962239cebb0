/* test_reader_links.c - option buttons told by linked cells (fmlaLink):
 * groups by group box or shared linked cell, the n-th button, ambiguous
 * groups warned; and tables stacked on one sheet. Workbooks are written
 * by hand: a marker grid (ID | インソース 0–5 | アウトソース 0–5 | link
 * columns N, O) and a legacy VML drawing. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "fixture.h"
#include "isomm/isomm.h"

static char *cat_str(char *s, const char *add)
{
    size_t a = s ? strlen(s) : 0, b = strlen(add);
    char *r = realloc(s, a + b + 1);
    assert_non_null(r);
    memcpy(r + a, add, b + 1);
    return r;
}

static char *cell_str(char *x, const char *ref, const char *text)
{
    char buf[256];
    snprintf(buf, sizeof buf, "<c r=\"%s\" t=\"inlineStr\"><is><t>%s</t></is></c>", ref, text);
    return cat_str(x, buf);
}

static char *cell_num(char *x, const char *ref, double v)
{
    char buf[96];
    snprintf(buf, sizeof buf, "<c r=\"%s\"><v>%g</v></c>", ref, v);
    return cat_str(x, buf);
}

/* One grid: header at row `top` (1-based): A ID, B インソース, H アウトソース,
 * levels 0–5 in B..G and H..M on the next row, the roles below; a label
 * in A(top-1) when given; `in` / `out`: the level marked ● per role
 * (-1 none); `link_n` / `link_o`: values of columns N and O (0: none). */
static char *grid(char *x, unsigned top, const char *label, const int *in, const int *out,
                  const int *link_n, const int *link_o)
{
    char ref[16], buf[64];
    if (label) {
        snprintf(buf, sizeof buf, "<row r=\"%u\">", top - 1);
        x = cat_str(x, buf);
        snprintf(ref, sizeof ref, "A%u", top - 1);
        x = cell_str(x, ref, label);
        x = cat_str(x, "</row>");
    }
    snprintf(buf, sizeof buf, "<row r=\"%u\">", top);
    x = cat_str(x, buf);
    snprintf(ref, sizeof ref, "A%u", top);
    x = cell_str(x, ref, "ID");
    snprintf(ref, sizeof ref, "B%u", top);
    x = cell_str(x, ref, "インソース");
    snprintf(ref, sizeof ref, "H%u", top);
    x = cell_str(x, ref, "アウトソース");
    snprintf(buf, sizeof buf, "</row><row r=\"%u\">", top + 1);
    x = cat_str(x, buf);
    for (int c = 0; c < 12; c++) {
        snprintf(ref, sizeof ref, "%c%u", 'B' + c, top + 1);
        x = cell_num(x, ref, c % 6);
    }
    x = cat_str(x, "</row>");
    for (size_t k = 0; k < cat->role_count; k++) {
        unsigned r = top + 2 + (unsigned)k;
        snprintf(buf, sizeof buf, "<row r=\"%u\">", r);
        x = cat_str(x, buf);
        snprintf(ref, sizeof ref, "A%u", r);
        x = cell_str(x, ref, cat->roles[k].id);
        if (in && in[k] >= 0) {
            snprintf(ref, sizeof ref, "%c%u", 'B' + in[k], r);
            x = cell_str(x, ref, "●");
        }
        if (out && out[k] >= 0) {
            snprintf(ref, sizeof ref, "%c%u", 'H' + out[k], r);
            x = cell_str(x, ref, "●");
        }
        if (link_n && link_n[k]) {
            snprintf(ref, sizeof ref, "N%u", r);
            x = cell_num(x, ref, link_n[k]);
        }
        if (link_o && link_o[k]) {
            snprintf(ref, sizeof ref, "O%u", r);
            x = cell_num(x, ref, link_o[k]);
        }
        x = cat_str(x, "</row>");
    }
    return x;
}

static const char SHEET_HEAD[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"http://schemas."
    "openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats."
    "org/officeDocument/2006/relationships\"><sheetData>";

/* A VML control: a button (type Radio) centred in (row, col) (0-based), or
 * a group box (GBox) over rows r..r2, columns c..c2. */
static char *vml_control(char *v, const char *type, unsigned row, unsigned col,
                         unsigned row2, unsigned col2, const char *link)
{
    char buf[512];
    static unsigned id = 1025;
    snprintf(buf, sizeof buf,
             "<v:shape id=\"_x0000_s%u\"><x:ClientData ObjectType=\"%s\"><x:Anchor>%u, 15, %u, "
             "2, %u, %u, %u, 18</x:Anchor>%s%s%s</x:ClientData></v:shape>\n",
             id++, type, col, row, col2 + (row2 == row && col2 == col),
             row2 == row && col2 == col ? 10 : 50, row2, link ? "<x:FmlaLink>" : "", link ? link : "", link ? "</x:FmlaLink>" : "");
    return cat_str(v, buf);
}

/* Write the sheet (sheetData rows in `rows`) with the VML drawing `vml`. */
static char *write_book(const char *name, const char *rows, const char *vml)
{
    char *sheet = cat_str(NULL, SHEET_HEAD);
    sheet = cat_str(sheet, rows);
    sheet = cat_str(sheet, "</sheetData>");
    if (vml)
        sheet = cat_str(sheet, "<legacyDrawing r:id=\"rId1\"/>");
    sheet = cat_str(sheet, "</worksheet>");
    const char *names[] = {"入力シート"};
    const fx_part *pk = fx_package_parts(names, 1, 0);
    char *v = vml ? cat_str(cat_str(cat_str(NULL, "<xml xmlns:v=\"urn:schemas-microsoft-com:"
                                                  "vml\" xmlns:x=\"urn:schemas-microsoft-com:"
                                                  "office:excel\">\n"),
                                        vml),
                            "</xml>")
                  : NULL;
    fx_part parts[7] = {pk[0], pk[1], pk[2], pk[3],
                        {"xl/worksheets/sheet1.xml", sheet, 0},
                        {"xl/worksheets/_rels/sheet1.xml.rels",
                         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns="
                         "\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
                         "officeDocument/2006/relationships/vmlDrawing\" Target=\"../drawings/"
                         "vmlDrawing1.vml\"/></Relationships>", 0},
                        {"xl/drawings/vmlDrawing1.vml", v ? v : "", 0}};
    char *path = fx_path(dir, name);
    assert_int_equal(fx_write_zip(path, parts, vml ? 7 : 4 + 1), 0);
    free(sheet);
    free(v);
    return path;
}

static const char *find_warning(const isomm_assessment *a, const char *needle)
{
    for (size_t i = 0; i < a->warnings.count; i++)
        if (strstr(a->warnings.items[i], needle))
            return a->warnings.items[i];
    return NULL;
}

/* Rows 3.. (0-based 2..) hold the roles; buttons over B..M of a role row. */
#define ROW(k) (2u + (unsigned)(k))

/* Group boxes per side and role (Excel numbers buttons inside a group box):
 * each side's six buttons share a linked cell (N: insource, O: outsource). */
static void test_group_boxes(void **state)
{
    (void)state;
    int ln[64] = {0}, lo[64] = {0};
    ln[role_index("A-1")] = 4; /* insource level 3 */
    lo[role_index("A-2")] = 6; /* outsource level 5 */
    ln[role_index("A-3")] = 1;
    lo[role_index("A-3")] = 2; /* both sides: in 0, out 1 */
    char *rows = grid(NULL, 1, NULL, NULL, NULL, ln, lo);
    char *v = NULL;
    for (size_t k = 0; k < 3; k++) {
        char link[16];
        for (int side = 0; side < 2; side++) {
            v = vml_control(v, "GBox", ROW(k), 1 + 6 * side, ROW(k), 6 + 6 * side, NULL);
            snprintf(link, sizeof link, "$%c$%u", side ? 'O' : 'N', ROW(k) + 1);
            for (unsigned c = 0; c < 6; c++)
                v = vml_control(v, "Radio", ROW(k), 1 + 6 * side + c, ROW(k), 1 + 6 * side + c,
                                link);
        }
    }
    char *path = write_book("gbox.xlsx", rows, v);
    isomm_assessment *a = assessment_ok(path);
    assert_int_equal(a->answers[role_index("A-1")].insource, 1u << 3);
    assert_int_equal(a->answers[role_index("A-2")].outsource, 1u << 5);
    assert_int_equal(a->answers[role_index("A-3")].insource, 1u << 0);
    assert_int_equal(a->answers[role_index("A-3")].outsource, 1u << 1);
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    free(rows);
    free(v);
    free(path);
}

/* Without group boxes all buttons sharing one linked cell are one group:
 * a group over two roles' rows holds one answer for both (warned, naming
 * the linked cell); buttons made in another order than they read warn
 * when the n-th differs. */
static void test_ambiguous_groups(void **state)
{
    (void)state;
    int ln[64] = {0};
    ln[role_index("A-1")] = 3;  /* share N3 */
    ln[role_index("A-3")] = 2;  /* made right to left: 2nd is level 1 or outsource 4 */
    ln[role_index("A-4")] = 13; /* no 13th button */
    char *rows = grid(NULL, 1, NULL, NULL, NULL, ln, NULL);
    char *v = NULL;
    for (unsigned c = 1; c <= 12; c++)
        v = vml_control(v, "Radio", ROW(0), c, ROW(0), c, "$N$3");
    for (unsigned c = 1; c <= 12; c++)
        v = vml_control(v, "Radio", ROW(1), c, ROW(1), c, "$N$3");
    for (unsigned c = 12; c >= 1; c--)
        v = vml_control(v, "Radio", ROW(2), c, ROW(2), c, "$N$5");
    for (unsigned c = 1; c <= 12; c++)
        v = vml_control(v, "Radio", ROW(3), c, ROW(3), c, "$N$6");
    v = vml_control(v, "Radio", ROW(5), 1, ROW(5), 1, "'他のシート'!$A$1");
    char *path = write_book("ambiguous.xlsx", rows, v);
    isomm_assessment *a = assessment_ok(path);
    static const char *const none[] = {"A-1", "A-2", "A-3", "A-4", "A-6"};
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        assert_int_equal(a->answers[role_index(none[i])].insource, 0);
        assert_int_equal(a->answers[role_index(none[i])].outsource, 0);
    }
    assert_contains(find_warning(a, "入力シート!N3 (A-1)"),
                    "linked cell holds 3, but the 24 option buttons sharing it lie in the rows "
                    "of several roles (A-1 … A-2), one choice for all of them; ignored");
    assert_contains(find_warning(a, "入力シート!N5 (A-3)"),
                    "button 2 is C5 (A-3 insource level 1) in reading order and L5 (A-3 "
                    "outsource level 4) in the order the buttons were made; ignored");
    assert_contains(find_warning(a, "入力シート!N6 (A-4)"), "holds '13', not a button number 1–12");
    assert_contains(find_warning(a, "入力シート!B8 (A-6)"),
                    "the linked cell ''他のシート'!$A$1' of an option button group is on "
                    "another sheet or no cell; not read");
    isomm_assessment_free(a);
    free(rows);
    free(v);
    free(path);
}

/* An old table above the new one in the same columns: the block labelled
 * with the later year is read, one warning names both. Without labels the
 * later block; a block labelled 現状 wins over a later one labelled 目標. */
static void test_stacked_tables(void **state)
{
    (void)state;
    int old_in[64], new_in[64];
    for (size_t k = 0; k < cat->role_count; k++) {
        old_in[k] = 1;
        new_in[k] = (int)(k % 5) + 1;
    }
    const char *labels[3][2] = {{"2023年度評価", "2024年度評価"}, {NULL, NULL},
                                {"現状（As-Is）", "目標（To-Be）"}};
    for (int c = 0; c < 3; c++) {
        unsigned top2 = 5 + (unsigned)cat->role_count + 3;
        int first_new = c == 2; /* the 現状 block comes first */
        char *rows = grid(NULL, 3, labels[c][0], first_new ? new_in : old_in, NULL, NULL, NULL);
        rows = grid(rows, top2, labels[c][1], first_new ? old_in : new_in, NULL, NULL, NULL);
        char name[32];
        snprintf(name, sizeof name, "stacked%d.xlsx", c);
        char *path = write_book(name, rows, NULL);
        isomm_assessment *a = assessment_ok(path);
        for (size_t k = 0; k < cat->role_count; k++)
            assert_int_equal(a->answers[k].insource, 1u << new_in[k]);
        assert_int_equal(a->warnings.count, 1);
        assert_contains(a->warnings.items[0], "入力シート: 2 tables stacked on one sheet");
        assert_contains(a->warnings.items[0],
                        c == 0   ? "(its label has the later year)"
                        : c == 1 ? "(the later block on the sheet, usually the newer)"
                                 : "(its label names it the current one)");
        isomm_assessment_free(a);
        free(rows);
        free(path);
    }
}

/* Numeric layout: levels in disguise are read with a warning per cell;
 * a rejected layout says why. */
static void test_numeric_reasons(void **state)
{
    (void)state;
    fx_isomm o;
    fx_isomm_init(&o);
    o.numeric = 1;
    for (size_t k = 0; k < cat->role_count; k++)
        o.in_level[k] = (int)(k % 6);
    o.raw_in[role_index("A-1")] = "レベル3";
    o.raw_in[role_index("A-2")] = "④";
    o.raw_in[role_index("A-3")] = "2（一部）";
    char *path = fx_path(dir, "numeric-lv.xlsx");
    assert_int_equal(fx_write_isomm(path, cat, &o), 0);
    isomm_assessment *a = assessment_ok(path);
    assert_int_equal(a->answers[role_index("A-1")].insource, 1u << 3);
    assert_int_equal(a->answers[role_index("A-2")].insource, 1u << 4);
    assert_int_equal(a->answers[role_index("A-3")].insource, 1u << 2);
    assert_contains(find_warning(a, "(A-1)"), "insource value 'レベル3' is not a bare level; read as level 3");
    isomm_assessment_free(a);
    free(path);

    for (size_t k = 0; k < cat->role_count; k++)
        o.raw_in[k] = k % 2 ? "7" : "9";
    path = fx_path(dir, "numeric-7.xlsx");
    assert_int_equal(fx_write_isomm(path, cat, &o), 0);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_assessment *b = NULL;
    assert_int_equal(isomm_assessment_read(path, cat, &b, errbuf), ISOMM_ERR_NO_TABLE);
    assert_contains(errbuf, "and not one column each holding the level 0–5 (54 values above 5 (");
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_boxes),
        cmocka_unit_test(test_ambiguous_groups),
        cmocka_unit_test(test_stacked_tables),
        cmocka_unit_test(test_numeric_reasons),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
