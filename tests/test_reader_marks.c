/* test_reader_marks.c - which level cells are selected (src/reader_marks.c)
 * and how the table is chosen when a workbook holds more than one: marks
 * inferred from the sheet's statistics, level numbers in their own column,
 * text that is no mark, formulas without a cached value, marks in the lower
 * row of a merged role cell, example rows, hidden stale rows, two grids in
 * the same rows, the same table on two sheets (example, 目標 and blank
 * template sheets), header and level sub-header spellings, わからない /
 * 対象外 columns beside the levels, level numbers printed everywhere. Every
 * workbook is written here, cell by cell, with its truth. */
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
#include "read/read.h"

#define ROWS 160
#define COLS 32



/* A sheet as a grid of cell texts: NULL no cell, "#N" the number N, "="
 * a formula without a cached value, else an inline string. */
typedef struct sheet {
    const char *cell[ROWS][COLS];
    char merges[4096];
    char hidden_rows[ROWS];
} sheet;

static void merge(sheet *s, unsigned r1, unsigned c1, unsigned r2, unsigned c2)
{
    char a[16], b[16];
    ooxml_cell_ref(r1, c1, a);
    ooxml_cell_ref(r2, c2, b);
    size_t n = strlen(s->merges);
    snprintf(s->merges + n, sizeof s->merges - n, "<mergeCell ref=\"%s:%s\"/>", a, b);
}

static char *sheet_xml(const sheet *s)
{
    size_t cap = 1 << 20, n = 0;
    char *x = malloc(cap);
    assert_non_null(x);
    n += (size_t)snprintf(x + n, cap - n,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\""
                          "http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                          "<sheetData>");
    for (unsigned r = 0; r < ROWS; r++) {
        int any = s->hidden_rows[r];
        for (unsigned c = 0; c < COLS; c++)
            any |= s->cell[r][c] != NULL;
        if (!any)
            continue;
        n += (size_t)snprintf(x + n, cap - n, "<row r=\"%u\"%s>", r + 1,
                              s->hidden_rows[r] ? " hidden=\"1\"" : "");
        for (unsigned c = 0; c < COLS; c++) {
            const char *v = s->cell[r][c];
            if (!v)
                continue;
            char ref[16];
            ooxml_cell_ref(r, c, ref);
            if (v[0] == '#')
                n += (size_t)snprintf(x + n, cap - n, "<c r=\"%s\"><v>%s</v></c>", ref, v + 1);
            else if (v[0] == '=')
                n += (size_t)snprintf(x + n, cap - n, "<c r=\"%s\"><f>IF(1,\"●\",\"\")</f></c>", ref);
            else
                n += (size_t)snprintf(x + n, cap - n,
                                      "<c r=\"%s\" t=\"inlineStr\"><is><t>%s</t></is></c>", ref, v);
        }
        n += (size_t)snprintf(x + n, cap - n, "</row>");
    }
    n += (size_t)snprintf(x + n, cap - n, "</sheetData>");
    if (s->merges[0])
        n += (size_t)snprintf(x + n, cap - n, "<mergeCells>%s</mergeCells>", s->merges);
    snprintf(x + n, cap - n, "</worksheet>");
    return x;
}

static const char *const NUM[] = {"#0", "#1", "#2", "#3", "#4", "#5"};

/* The truth of a test table: role k selects insource level in(k) or
 * outsource level out(k) (-1 none); about one role in four each way. */
static int truth_in(size_t k) { return k % 4 == 0 ? (int)(k % 6) : k % 4 == 2 ? 2 : -1; }
static int truth_out(size_t k) { return k % 4 == 1 ? (int)(k % 6) : k % 4 == 2 ? 4 : -1; }

/* A table at row `top`, column `left`: ID column, then インソース over six
 * level columns and アウトソース over six; role rows `step` apart (2 for a
 * merged role cell over two rows). `sel` is the selected cell's text, `bg`
 * the other level cells' (NULL: empty). Returns the first role row. */
static unsigned table(sheet *s, unsigned top, unsigned left, const char *in_hdr,
                      const char *out_hdr, const char *sel, const char *bg, unsigned step)
{
    s->cell[top][left] = "役割";
    s->cell[top][left + 1] = in_hdr;
    s->cell[top][left + 7] = out_hdr;
    merge(s, top, left + 1, top, left + 6);
    merge(s, top, left + 7, top, left + 12);
    for (int l = 0; l < 6; l++)
        s->cell[top + 1][left + 1 + l] = s->cell[top + 1][left + 7 + l] = NUM[l];
    unsigned r = top + 2;
    for (size_t k = 0; k < cat->role_count; k++, r += step) {
        s->cell[r][left] = cat->roles[k].id;
        if (step > 1)
            merge(s, r, left, r + step - 1, left);
        for (int l = 0; l < 6; l++) {
            s->cell[r][left + 1 + l] = truth_in(k) == l ? sel : bg;
            s->cell[r][left + 7 + l] = truth_out(k) == l ? sel : bg;
        }
    }
    return top + 2;
}

static char *write(const char *name, sheet *const *sheets, const char *const *names, size_t n)
{
    char *xml[4];
    for (size_t i = 0; i < n; i++)
        xml[i] = sheet_xml(sheets[i]);
    char *path = fx_path(dir, name);
    assert_int_equal(fx_write_xlsx(path, names, (const char *const *)xml, n, NULL), 0);
    for (size_t i = 0; i < n; i++)
        free(xml[i]);
    return path;
}

static char *write1(const char *name, sheet *s)
{
    const char *names[] = {"入力シート"};
    return write(name, &s, names, 1);
}

static void check_truth(const isomm_assessment *a)
{
    for (size_t k = 0; k < cat->role_count; k++) {
        unsigned in = truth_in(k) >= 0 ? 1u << truth_in(k) : 0;
        unsigned out = truth_out(k) >= 0 ? 1u << truth_out(k) : 0;
        if (a->answers[k].insource != in || a->answers[k].outsource != out)
            fail_msg("%s: got in %#x out %#x, want in %#x out %#x", cat->roles[k].id,
                     a->answers[k].insource, a->answers[k].outsource, in, out);
    }
}

static size_t count_warnings(const isomm_assessment *a, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < a->warnings.count; i++)
        n += strstr(a->warnings.items[i], needle) != NULL;
    return n;
}

static sheet *new_sheet(void)
{
    sheet *s = calloc(1, sizeof *s);
    assert_non_null(s);
    return s;
}

/* Known marks, new filled variants, marks with a variation selector or
 * doubled: read without any warning. */
static void test_known_marks(void **state)
{
    (void)state;
    static const struct { const char *sel, *bg; } cases[] = {
        {"◎", "○"}, {"★", "☆"}, {"◆", "◇"}, {"☒", "☐"}, {"✅", NULL}, {"▪", NULL},
        {"●\xEF\xB8\x8E", "○"}, {"●●", "○"}, {"✔\xEF\xB8\x8F", NULL}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sheet *s = new_sheet();
        table(s, 2, 1, "インソース", "アウトソース", cases[i].sel, cases[i].bg, 1);
        char *path = write1("known.xlsx", s);
        isomm_assessment *a = assessment_ok(path);
        check_truth(a);
        if (a->warnings.count)
            fail_msg("'%s': unexpected warning %s", cases[i].sel, a->warnings.items[0]);
        isomm_assessment_free(a);
        free(path);
        free(s);
    }
}

/* A mark no list holds, once per row side among blanks, hollow marks or a
 * background symbol: inferred, with one sheet warning. */
static void test_inferred_marks(void **state)
{
    (void)state;
    static const struct { const char *sel, *bg, *among; } cases[] = {
        {"レ", NULL, "empty cells"}, {"×", NULL, "empty cells"}, {"✗", NULL, "empty cells"},
        {"Yes", NULL, "empty cells"}, {"○", NULL, "empty cells"}, {"○", "×", "'×'"},
        {"○", "-", "empty cells"}, {"*", NULL, "empty cells"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sheet *s = new_sheet();
        table(s, 2, 1, "インソース", "アウトソース", cases[i].sel, cases[i].bg, 1);
        char *path = write1("inferred.xlsx", s);
        isomm_assessment *a = assessment_ok(path);
        check_truth(a);
        char want[200];
        snprintf(want, sizeof want,
                 "入力シート: the level cells use '%s' as the mark (one per row, among %s); "
                 "taken as selected", cases[i].sel, cases[i].among);
        assert_int_equal(a->warnings.count, 1);
        assert_string_equal(a->warnings.items[0], want);
        assert_non_null(strstr(a->selections, "(inferred)"));
        isomm_assessment_free(a);
        free(path);
        free(s);
    }
}

/* The level typed into its own column (3 under 3, 0 under 0). */
static void test_level_numbers(void **state)
{
    (void)state;
    sheet *s = new_sheet();
    unsigned r0 = table(s, 2, 1, "インソース", "アウトソース", NULL, NULL, 1);
    for (size_t k = 0; k < cat->role_count; k++) {
        if (truth_in(k) >= 0)
            s->cell[r0 + k][2 + truth_in(k)] = NUM[truth_in(k)];
        if (truth_out(k) >= 0)
            s->cell[r0 + k][8 + truth_out(k)] = NUM[truth_out(k)];
    }
    char *path = write1("numbers.xlsx", s);
    isomm_assessment *a = assessment_ok(path);
    check_truth(a);
    assert_int_equal(a->warnings.count, 0);
    assert_non_null(strstr(a->selections, "level numbers"));
    isomm_assessment_free(a);
    free(path);
    free(s);
}

/* Text that is no mark: a warning per cell (10, then a count); a mark with
 * text beside it is read with a warning. */
static void test_not_a_mark(void **state)
{
    (void)state;
    sheet *s = new_sheet();
    unsigned r0 = table(s, 2, 1, "インソース", "アウトソース", "●", "○", 1);
    s->cell[r0][2 + 5] = "要確認"; /* A-1 (insource level 0 selected): H, level 5 */
    for (size_t k = 1; k < 14; k++)
        if (truth_in(k) < 0 && truth_out(k) < 0)
            s->cell[r0 + k][2] = "要確認";
    s->cell[r0 + 4][2 + truth_in(4)] = "●（要確認）";
    char *path = write1("text.xlsx", s);
    isomm_assessment *a = assessment_ok(path);
    check_truth(a);
    char want[160];
    snprintf(want, sizeof want, "入力シート!H%u (A-1): '要確認' in a level cell is not a mark; ignored",
             r0 + 1);
    assert_int_equal(count_warnings(a, want), 1);
    assert_int_equal(count_warnings(a, "is not a mark"), 4);
    assert_int_equal(count_warnings(a, "read as the mark '●'"), 1);
    isomm_assessment_free(a);
    free(path);

    /* Many: the first ten, then a count. */
    for (size_t k = 0; k < cat->role_count; k++)
        s->cell[r0 + k][13] = "?";
    path = write1("many.xlsx", s);
    a = assessment_ok(path);
    assert_int_equal(count_warnings(a, "in a level cell is not a mark"), 10);
    assert_int_equal(count_warnings(a, "more level cells hold text that is not a mark"), 1);
    isomm_assessment_free(a);
    free(path);
    free(s);
}

/* No selection at all; formulas without a cached value. */
static void test_no_selection_and_formulas(void **state)
{
    (void)state;
    sheet *s = new_sheet();
    table(s, 2, 1, "インソース", "アウトソース", NULL, NULL, 1);
    char *path = write1("empty.xlsx", s);
    isomm_assessment *a = assessment_ok(path);
    assert_int_equal(a->warnings.count, 1);
    assert_string_equal(a->warnings.items[0],
                        "入力シート: no selection found in the level cells C5:N58 (marks may be "
                        "cell colours, or form controls the file no longer holds); every role "
                        "is blank");
    isomm_assessment_free(a);
    free(path);
    free(s);

    s = new_sheet();
    table(s, 2, 1, "インソース", "アウトソース", "=", NULL, 1);
    path = write1("nocache.xlsx", s);
    a = assessment_ok(path);
    assert_int_equal(count_warnings(a, "level cells hold a formula without a cached value; "
                                       "the file was never recalculated"), 1);
    assert_int_equal(count_warnings(a, "no selection found"), 1);
    isomm_assessment_free(a);
    free(path);
    free(s);
}

/* Marks in the lower row of a role cell merged over two rows. */
static void test_merged_role_rows(void **state)
{
    (void)state;
    sheet *s = new_sheet();
    unsigned r0 = table(s, 2, 1, "インソース", "アウトソース", NULL, NULL, 2);
    for (size_t k = 0; k < cat->role_count; k++) {
        unsigned r = r0 + 2 * (unsigned)k + 1;
        for (int l = 0; l < 6; l++) {
            s->cell[r][2 + l] = truth_in(k) == l ? "●" : "○";
            s->cell[r][8 + l] = truth_out(k) == l ? "●" : "○";
        }
    }
    char *path = write1("merged.xlsx", s);
    isomm_assessment *a = assessment_ok(path);
    check_truth(a);
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    free(path);
    free(s);
}

/* An example row above the real rows is skipped; a hidden stale row of a
 * role above its visible row gives way to the visible one. */
static void test_example_and_hidden_rows(void **state)
{
    (void)state;
    sheet *s = new_sheet();
    unsigned r0 = table(s, 2, 1, "インソース", "アウトソース", "●", "○", 1);
    /* shift the role rows down by 2 */
    for (unsigned r = ROWS - 1; r >= r0 + 2; r--)
        for (unsigned c = 0; c < COLS; c++)
            s->cell[r][c] = s->cell[r - 2][c];
    s->cell[r0][1] = "A-1 全体方針管理（記入例）";
    s->cell[r0][0] = "記入例";
    s->cell[r0 + 1][1] = "A-2";
    s->hidden_rows[r0 + 1] = 1;
    for (int l = 0; l < 6; l++) {
        s->cell[r0][2 + l] = l == 5 ? "●" : "○";
        s->cell[r0 + 1][2 + l] = l == 1 ? "●" : "○";
        s->cell[r0][8 + l] = s->cell[r0 + 1][8 + l] = "○";
    }
    char *path = write1("example.xlsx", s);
    isomm_assessment *a = assessment_ok(path);
    check_truth(a);
    assert_int_equal(count_warnings(a, "(A-1): the row is labelled '記入例' (an example); skipped"), 1);
    assert_int_equal(count_warnings(a, "(A-2): role ID repeated (first at B6, a hidden row); the "
                                       "visible row is used"), 1);
    assert_int_equal(a->warnings.count, 2);
    isomm_assessment_free(a);
    free(path);
    free(s);
}

/* Two grids in the same rows under 目標 | 現状 super-headers: the 現状 one
 * is read, whichever side it is on, and the other is named. */
static void test_two_grids(void **state)
{
    (void)state;
    for (int asis_right = 0; asis_right < 2; asis_right++) {
        sheet *s = new_sheet();
        unsigned r0 = table(s, 2, 0, "インソース", "アウトソース", "●", "○", 1);
        /* the second grid right of the first, sharing its role column */
        for (unsigned r = 2; r < r0 + cat->role_count; r++)
            for (unsigned c = 1; c <= 12; c++)
                s->cell[r][c + 12] = s->cell[r][c];
        merge(s, 2, 13, 2, 18);
        merge(s, 2, 19, 2, 24);
        /* the other grid holds something else: level 1 everywhere */
        unsigned other = asis_right ? 1 : 13;
        for (size_t k = 0; k < cat->role_count; k++)
            for (int l = 0; l < 12; l++)
                s->cell[r0 + k][other + l] = l == 1 ? "●" : "○";
        s->cell[1][1] = asis_right ? "目標（To-Be）" : "現状（As-Is）";
        s->cell[1][13] = asis_right ? "現状（As-Is）" : "目標（To-Be）";
        merge(s, 1, 1, 1, 12);
        merge(s, 1, 13, 1, 24);
        char *path = write1("grids.xlsx", s);
        isomm_assessment *a = assessment_ok(path);
        check_truth(a);
        assert_int_equal(a->warnings.count, 1);
        assert_non_null(strstr(a->warnings.items[0], "two インソース/アウトソース grids; read the one "
                                                     "with インソース at"));
        assert_non_null(strstr(a->warnings.items[0], "under '現状（As-Is）', ignored the one with"));
        isomm_assessment_free(a);
        free(path);
        free(s);
    }
}

/* The workbook at `path` reads sheet `second` (not `first`) with the true
 * answers and exactly one warning: the two-sheet choice and its reason. */
static void expect_sheet_choice(const char *path, const char *first, const char *second,
                                const char *why)
{
    isomm_assessment *a = assessment_ok(path);
    assert_string_equal(a->sheet, second);
    check_truth(a);
    char want[400];
    snprintf(want, sizeof want, "%s: sheets '%s' and '%s' both hold a full table; read '%s' (%s)",
             second, second, first, second, why);
    assert_int_equal(a->warnings.count, 1);
    assert_string_equal(a->warnings.items[0], want);
    isomm_assessment_free(a);
}

/* The same table on two sheets: the visible one, else the one not marked
 * old, else the later year; a warning names both. */
static void test_two_sheets(void **state)
{
    (void)state;
    sheet *good = new_sheet(), *stale = new_sheet();
    table(good, 2, 1, "インソース", "アウトソース", "●", "○", 1);
    unsigned r0 = table(stale, 2, 1, "インソース", "アウトソース", "○", "○", 1);
    for (size_t k = 0; k < cat->role_count; k++)
        stale->cell[r0 + k][3] = "●";
    static const struct { const char *first, *second, *why; int hide_first; } cases[] = {
        {"入力シート_旧", "入力シート", "it is visible, the other hidden", 1},
        {"入力シート(旧)", "入力シート", "the other's name marks it as old", 0},
        {"入力シート(2023)", "入力シート(2024)", "its name has the later year", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sheet *sheets[] = {stale, good};
        const char *names[] = {cases[i].first, cases[i].second};
        char *path = write("sheets.xlsx", sheets, names, 2);
        if (cases[i].hide_first) {
            char *wb = fx_read_part(path, "xl/workbook.xml");
            assert_non_null(wb);
            char *at = strstr(wb, "<sheet name=\"入力シート_旧\"");
            assert_non_null(at);
            size_t len = strlen(wb);
            char *copy = malloc(len + 32);
            assert_non_null(copy);
            size_t pre = (size_t)(at - wb) + strlen("<sheet");
            snprintf(copy, len + 32, "%.*s state=\"hidden\"%s", (int)pre, wb, wb + pre);
            char *hidden = fx_path(dir, "sheets-hidden.xlsx");
            fx_part part = {"xl/workbook.xml", copy, 0};
            assert_int_equal(fx_rezip(path, hidden, &part, 1), 0);
            free(wb);
            free(copy);
            free(path);
            path = hidden;
        }
        expect_sheet_choice(path, cases[i].first, cases[i].second, cases[i].why);
        free(path);
    }
    free(good);
    free(stale);
}

/* Header spellings: half-width kana, line breaks, English, 内製 / 外部委託
 * (as a pair over level columns), level headers 0点 … 5点. */
static void test_headers(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {{"ｲﾝｿｰｽ", "ｱｳﾄｿｰｽ"}, {"イン\nソース", "アウト\nソース"},
                                           {"Insource", "Outsource"}, {"内製", "外部委託"},
                                           {"自組織", "委託"}};
    static const char *const points[] = {"0点", "1点", "2点", "3点", "4点", "5点"};
    for (size_t i = 0; i <= sizeof pairs / sizeof *pairs; i++) {
        sheet *s = new_sheet();
        int pts = i == sizeof pairs / sizeof *pairs;
        table(s, 2, 1, pts ? "インソース" : pairs[i][0], pts ? "アウトソース" : pairs[i][1], "●", "○", 1);
        for (int l = 0; pts && l < 6; l++)
            s->cell[3][2 + l] = s->cell[3][8 + l] = points[l];
        char *path = write1("headers.xlsx", s);
        isomm_assessment *a = assessment_ok(path);
        check_truth(a);
        assert_int_equal(a->warnings.count, 0);
        assert_string_equal(a->kind, "isomm-v2.1");
        isomm_assessment_free(a);
        free(path);
        free(s);
    }
}

/* A grid whose side headers are merged over the level columns and one more
 * column per side (sub-headers `extra_in`, `extra_out`); levels lo..5.
 * Returns the first role row; level l of a side is column 2 + l - lo (in)
 * or 2 + w + l - lo (out), the extra column 2 + w - 1 / 2 + 2w - 1, where
 * w = 7 - lo. */
static unsigned extra_grid(sheet *s, int lo, const char *extra_in, const char *extra_out)
{
    unsigned w = 7u - (unsigned)lo;
    s->cell[2][1] = "役割";
    s->cell[2][2] = "インソース";
    s->cell[2][2 + w] = "アウトソース";
    merge(s, 2, 2, 2, 2 + w - 1);
    merge(s, 2, 2 + w, 2, 2 + 2 * w - 1);
    for (int l = lo; l < 6; l++)
        s->cell[3][2 + l - lo] = s->cell[3][2 + w + l - lo] = NUM[l];
    s->cell[3][2 + w - 1] = extra_in;
    s->cell[3][2 + 2 * w - 1] = extra_out;
    for (size_t k = 0; k < cat->role_count; k++) {
        unsigned r = 4 + (unsigned)k;
        s->cell[r][1] = cat->roles[k].id;
        for (unsigned c = 2; c < 2 + 2 * w; c++)
            s->cell[r][c] = "○";
        int in = truth_in(k) < lo && truth_in(k) >= 0 ? lo : truth_in(k);
        int out = truth_out(k) < lo && truth_out(k) >= 0 ? lo : truth_out(k);
        if (in >= 0)
            s->cell[r][2 + in - lo] = "●";
        if (out >= 0)
            s->cell[r][2 + w + out - lo] = "●";
    }
    return 4;
}

/* A column beside the levels under a side header: わからない (don't know)
 * is level 1, 対象外 level 0 (a v2.0 grid then has level 0), anything else
 * a warning per mark; never dropped silently. */
static void test_extra_columns(void **state)
{
    (void)state;
    long a1 = role_index("A-1"), a2 = role_index("A-2"), b1 = role_index("B-1");
    /* v2.1: わからない on the insource side, メモ on the outsource side */
    sheet *s = new_sheet();
    unsigned r0 = extra_grid(s, 0, "わからない", "メモ");
    for (unsigned c = 2; c < 16; c++)
        s->cell[r0 + a1][c] = s->cell[r0 + a2][c] = "○";
    s->cell[r0 + a1][8] = "●";  /* I: insource わからない */
    s->cell[r0 + a2][15] = "●"; /* P: outsource メモ */
    char *path = write1("extra.xlsx", s);
    isomm_assessment *a = assessment_ok(path);
    assert_int_equal(a->answers[a1].insource, 1u << 1);
    assert_int_equal(a->answers[a1].outsource, 0);
    assert_int_equal(a->answers[a2].insource, 0);
    assert_int_equal(a->answers[a2].outsource, 0);
    assert_int_equal(a->answers[b1].insource | a->answers[b1].outsource,
                     (truth_in((size_t)b1) >= 0 ? 1u << truth_in((size_t)b1) : 0) |
                         (truth_out((size_t)b1) >= 0 ? 1u << truth_out((size_t)b1) : 0));
    assert_int_equal(a->warnings.count, 2);
    char want[300];
    snprintf(want, sizeof want, "入力シート!P%u (A-2): a mark '●' under 'メモ', a column of "
             "the outsource side that is no level column; ignored", r0 + (unsigned)a2 + 1);
    assert_string_equal(a->warnings.items[0], want);
    assert_string_equal(a->warnings.items[1],
                        "入力シート: 1 mark under 'わからない' (I4, insource), a column beside "
                        "the levels, read as level 1 on that side (\"don't know\" counts as 1)");
    isomm_assessment_free(a);
    free(path);
    free(s);

    /* 不明 on both sides: one warning naming both columns */
    s = new_sheet();
    r0 = extra_grid(s, 0, "不明", "分からない");
    for (unsigned c = 2; c < 16; c++)
        s->cell[r0 + a1][c] = "○";
    s->cell[r0 + a1][8] = s->cell[r0 + a1][15] = "●";
    path = write1("extra2.xlsx", s);
    a = assessment_ok(path);
    assert_int_equal(a->answers[a1].insource, 1u << 1);
    assert_int_equal(a->answers[a1].outsource, 1u << 1);
    assert_int_equal(a->warnings.count, 1);
    assert_string_equal(a->warnings.items[0],
                        "入力シート: 2 marks under '不明' (I4, insource), '分からない' (P4, "
                        "outsource), a column beside the levels, read as level 1 on that side "
                        "(\"don't know\" counts as 1)");
    isomm_assessment_free(a);
    free(path);
    free(s);

    /* v2.0 (1–5) with a 対象外 column per side: level 0, declined */
    s = new_sheet();
    r0 = extra_grid(s, 1, "対象外", "対象外");
    for (unsigned c = 2; c < 14; c++)
        s->cell[r0 + a1][c] = "○";
    s->cell[r0 + a1][13] = "●"; /* outsource 対象外 */
    path = write1("taishogai.xlsx", s);
    a = assessment_ok(path);
    assert_int_equal(a->answers[a1].insource, 0);
    assert_int_equal(a->answers[a1].outsource, 1u << 0);
    assert_string_equal(a->kind, "isomm-v2.1");
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    free(path);
    free(s);
}

/* Level sub-headers with a line break, LEVEL n, circled digits; and a
 * rejection naming the sub-headers when none is a level. */
static void test_level_sub_headers(void **state)
{
    (void)state;
    static const char *const spell[][6] = {
        {"0\n対象外", "1\n未実施", "2\n属人", "3\n標準化", "4\n改善", "5\n最適化"},
        {"LEVEL 0", "LEVEL 1", "LEVEL 2", "LEVEL 3", "LEVEL 4", "LEVEL 5"},
        {"⓪", "①", "②", "③", "④", "⑤"}};
    for (size_t i = 0; i < sizeof spell / sizeof *spell; i++) {
        sheet *s = new_sheet();
        table(s, 2, 1, "インソース", "アウトソース", "●", "○", 1);
        for (int l = 0; l < 6; l++)
            s->cell[3][2 + l] = s->cell[3][8 + l] = spell[i][l];
        char *path = write1("sub.xlsx", s);
        isomm_assessment *a = assessment_ok(path);
        check_truth(a);
        assert_int_equal(a->warnings.count, 0);
        assert_string_equal(a->kind, "isomm-v2.1");
        isomm_assessment_free(a);
        free(path);
        free(s);
    }
    static const char *const words[] = {"未実施", "属人", "一部標準化", "文書化", "改善",
                                        "最適化"};
    sheet *s = new_sheet();
    table(s, 2, 1, "インソース", "アウトソース", "●", "○", 1);
    for (int l = 0; l < 6; l++)
        s->cell[3][2 + l] = s->cell[3][8 + l] = words[l];
    char *path = write1("words.xlsx", s);
    isomm_assessment *a = NULL;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    assert_int_not_equal(isomm_assessment_read(path, cat, &a, errbuf), ISOMM_OK);
    assert_contains(errbuf, "header with インソース at C3 and アウトソース at I3 but no level "
                            "sub-headers 0–5 recognised under インソース at C4: found '未実施', "
                            "'属人', '一部標準化', '文書化', …; 54 of 54 role IDs");
    free(path);
    free(s);
}

/* Which of two sheets holding the table: not an example sheet (by name or
 * a 【記入例】 banner), 現状 over 目標, a filled copy over a blank template. */
static void test_sheet_ranking(void **state)
{
    (void)state;
    sheet *good = new_sheet(), *other = new_sheet(), *blank = new_sheet();
    table(good, 2, 1, "インソース", "アウトソース", "●", "○", 1);
    unsigned r0 = table(other, 2, 1, "インソース", "アウトソース", "○", "○", 1);
    for (size_t k = 0; k < cat->role_count; k++)
        other->cell[r0 + k][3] = "●";
    table(blank, 2, 1, "インソース", "アウトソース", "○", "○", 1);
    sheet *banner = new_sheet();
    *banner = *other;
    banner->cell[0][1] = "【記入例】";
    sheet *firsts[] = {other, banner, blank};
    static const struct { const char *first, *second, *why; int s; } cases[] = {
        {"記入例", "入力シート", "the other is an example (記入例, サンプル)", 0},
        {"入力例", "自己評価", "the other is an example (記入例, サンプル)", 0},
        {"サンプル", "チェックシート", "the other is an example (記入例, サンプル)", 0},
        {"Sheet1", "Sheet2", "the other is an example (記入例, サンプル)", 1},
        {"目標", "現状", "its name marks the current state (現状), the other's a target (目標)",
         0},
        {"To-Be", "入力シート", "the other's name marks a target (目標)", 0},
        {"入力シート(あるべき姿)", "入力シート(現状)",
         "its name marks the current state (現状), the other's a target (目標)", 0},
        {"入力シート", "入力シート (2)", "it holds selections, the other none (a blank template)",
         2}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sheet *sheets[] = {firsts[cases[i].s], good};
        const char *names[] = {cases[i].first, cases[i].second};
        char *path = write("rank.xlsx", sheets, names, 2);
        expect_sheet_choice(path, cases[i].first, cases[i].second, cases[i].why);
        free(path);
    }
    free(good);
    free(other);
    free(blank);
    free(banner);
}

/* 0–5 printed in every level cell (the choice shown by colours): no
 * selection, one sheet warning, every role blank. */
static void test_numbers_everywhere(void **state)
{
    (void)state;
    sheet *s = new_sheet();
    unsigned r0 = table(s, 2, 1, "インソース", "アウトソース", NULL, NULL, 1);
    for (size_t k = 0; k < cat->role_count; k++)
        for (int l = 0; l < 6; l++)
            s->cell[r0 + k][2 + l] = s->cell[r0 + k][8 + l] = NUM[l];
    char *path = write1("numbers.xlsx", s);
    isomm_assessment *a = assessment_ok(path);
    for (size_t k = 0; k < cat->role_count; k++)
        assert_int_equal(a->answers[k].insource | a->answers[k].outsource, 0);
    assert_int_equal(a->warnings.count, 1);
    assert_string_equal(a->warnings.items[0],
                        "入力シート: every level cell of 108 row sides holds its own column's "
                        "level number (0–5 printed in the grid), which is background, not a "
                        "selection; no selection can be read there (the choice may be shown by "
                        "cell colours), so those sides are left blank");
    isomm_assessment_free(a);
    free(path);
    /* one real selection among the printed numbers is still read */
    s->cell[r0][2 + 3] = "●";
    path = write1("numbers2.xlsx", s);
    a = assessment_ok(path);
    assert_int_equal(a->answers[0].insource, 1u << 3);
    assert_int_equal(count_warnings(a, "107 row sides"), 1);
    isomm_assessment_free(a);
    free(path);
    free(s);
}

/* Check boxes (ctrlProps) over the level cells, each overlapping the row
 * above and the column to the left: the centre decides the cell. */
static void test_check_boxes(void **state)
{
    (void)state;
    sheet *s = new_sheet();
    unsigned r0 = table(s, 2, 1, "インソース", "アウトソース", NULL, NULL, 1);
    char *xml = sheet_xml(s);
    size_t cap = strlen(xml) + 200000, n = strlen(xml) - strlen("</worksheet>");
    char *sx = malloc(cap), *rels = malloc(100000);
    fx_part *parts = calloc(2 + 2 * cat->role_count, sizeof *parts);
    char (*names)[48] = calloc(cat->role_count * 2, sizeof *names);
    assert_true(sx && rels && parts && names);
    memcpy(sx, xml, n);
    n += (size_t)snprintf(sx + n, cap - n, "<controls>");
    size_t r = (size_t)snprintf(rels, 100000,
                                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
                                "openxmlformats.org/package/2006/relationships\">");
    size_t np = 0;
    for (size_t k = 0; k < cat->role_count; k++) {
        int level = truth_in(k) >= 0 ? truth_in(k) : truth_out(k);
        if (level < 0 || truth_in(k) == 2) /* one box per role; role k%4==2: in 2 only */
            continue;
        unsigned col = (truth_in(k) >= 0 ? 2u : 8u) + (unsigned)level, row = r0 + (unsigned)k;
        n += (size_t)snprintf(sx + n, cap - n,
                              "<control r:id=\"rIdC%zu\"><controlPr><anchor><from><xdr:col>%u"
                              "</xdr:col><xdr:colOff>%d</xdr:colOff><xdr:row>%u</xdr:row>"
                              "<xdr:rowOff>%d</xdr:rowOff></from><to><xdr:col>%u</xdr:col>"
                              "<xdr:colOff>%d</xdr:colOff><xdr:row>%u</xdr:row><xdr:rowOff>%d"
                              "</xdr:rowOff></to></anchor></controlPr></control>",
                              k, col - 1, 50 * 9525, row - 1, 15 * 9525, col, 40 * 9525, row,
                              15 * 9525);
        r += (size_t)snprintf(rels + r, 100000 - r,
                              "<Relationship Id=\"rIdC%zu\" Type=\"http://schemas.microsoft.com/"
                              "office/2007/relationships/ctrlProp\" Target=\"../ctrlProps/"
                              "ctrlProp%zu.xml\"/>", k, k);
        snprintf(names[np], sizeof names[np], "xl/ctrlProps/ctrlProp%zu.xml", k);
        parts[np] = (fx_part){names[np], "<formControlPr xmlns=\"http://schemas.microsoft.com/"
                                         "office/spreadsheetml/2009/9/main\" objectType=\"CheckBox\" "
                                         "checked=\"Checked\"/>", 0};
        np++;
    }
    snprintf(sx + n, cap - n, "</controls></worksheet>");
    snprintf(rels + r, 100000 - r, "</Relationships>");
    /* the namespaces the control elements use */
    char *root = strstr(sx, "<worksheet ");
    assert_non_null(root);
    const char *ns = "<worksheet xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                     "relationships\" xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/"
                     "spreadsheetDrawing\" ";
    char *final = malloc(strlen(sx) + strlen(ns) + 1);
    assert_non_null(final);
    snprintf(final, strlen(sx) + strlen(ns) + 1, "%.*s%s%s", (int)(root - sx), sx, ns,
             root + strlen("<worksheet "));
    char *path = write1("boxes-plain.xlsx", s);
    parts[np++] = (fx_part){"xl/worksheets/sheet1.xml", final, 0};
    parts[np++] = (fx_part){"xl/worksheets/_rels/sheet1.xml.rels", rels, 0};
    char *boxes = fx_path(dir, "boxes.xlsx");
    assert_int_equal(fx_rezip(path, boxes, parts, np), 0);
    isomm_assessment *a = assessment_ok(boxes);
    assert_string_equal(a->layout, "form-controls");
    assert_non_null(strstr(a->selections, "check boxes"));
    for (size_t k = 0; k < cat->role_count; k++) {
        unsigned in = truth_in(k) >= 0 ? 1u << truth_in(k) : 0;
        unsigned out = truth_out(k) >= 0 && truth_in(k) != 2 ? 1u << truth_out(k) : 0;
        if (truth_in(k) == 2)
            in = 0;
        if (truth_in(k) >= 0 && truth_in(k) != 2)
            out = 0;
        if (a->answers[k].insource != in || a->answers[k].outsource != out)
            fail_msg("%s: got in %#x out %#x, want in %#x out %#x", cat->roles[k].id,
                     a->answers[k].insource, a->answers[k].outsource, in, out);
    }
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    free(boxes);
    free(path);
    free(final);
    free(sx);
    free(rels);
    free(parts);
    free(names);
    free(xml);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_marks),
        cmocka_unit_test(test_inferred_marks),
        cmocka_unit_test(test_level_numbers),
        cmocka_unit_test(test_not_a_mark),
        cmocka_unit_test(test_no_selection_and_formulas),
        cmocka_unit_test(test_merged_role_rows),
        cmocka_unit_test(test_example_and_hidden_rows),
        cmocka_unit_test(test_two_grids),
        cmocka_unit_test(test_two_sheets),
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_check_boxes),
        cmocka_unit_test(test_extra_columns),
        cmocka_unit_test(test_level_sub_headers),
        cmocka_unit_test(test_sheet_ranking),
        cmocka_unit_test(test_numbers_everywhere),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
