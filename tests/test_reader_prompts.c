/* test_reader_prompts.c - where the preparation area puts the current and
 * target patterns, and the organization and date labels: target and
 * current cues (将来, あるべき姿, To-Be, 現状 …), "A → B" in one cell,
 * choice hints beside the prompt, prompts left blank, decorated and
 * misspelt names, a row of labels over their values, labels with a
 * parenthesised addition.
 *
 * Each workbook is a v2.1 self-check written with libxlsxwriter whose first
 * sheet (準備シート) is replaced by a hand-written one holding the cells
 * under test. */
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

static char *base; /* the workbook whose 準備シート (sheet1.xml) is replaced */

static long pattern(const char *key)
{
    long k = isomm_catalog_find_pattern(cat, key);
    assert_true(k >= 0);
    return k;
}

static int setup(void **state)
{
    if (workspace_setup(state) != 0)
        return -1;
    fx_isomm o;
    fx_isomm_init(&o);
    o.current = "ハイブリッド"; /* so that 準備シート is the first sheet */
    o.in_level[0] = 3;          /* a table without selections gives a warning */
    o.created = 1711962000;     /* 2024-04-01T09:00:00Z */
    base = fx_path(dir, "base.xlsx");
    return fx_write_isomm(base, cat, &o) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    free(base);
    return workspace_teardown(state);
}

/* One cell of the hand-written 準備シート: text, or a number when text is
 * NULL. Cells in row order. */
typedef struct cell {
    const char *ref;
    const char *text;
    double number;
} cell;

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = realloc(*buf, *cap);
        assert_non_null(*buf);
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

static void append_escaped(char **buf, size_t *len, size_t *cap, const char *s)
{
    char one[2] = "";
    for (; *s; s++) {
        if (*s == '<')
            append(buf, len, cap, "&lt;");
        else if (*s == '>')
            append(buf, len, cap, "&gt;");
        else if (*s == '&')
            append(buf, len, cap, "&amp;");
        else {
            one[0] = *s;
            append(buf, len, cap, one);
        }
    }
}

static unsigned row_of(const char *ref)
{
    while (*ref >= 'A' && *ref <= 'Z')
        ref++;
    return (unsigned)strtoul(ref, NULL, 10);
}

/* A workbook `name` whose 準備シート holds `cells` (and the merged ranges
 * `merges`, e.g. "A2:F2"); the path, malloc'ed. */
static char *book(const char *name, const cell *cells, size_t n, const char *const *merges,
                  size_t nmerges)
{
    char *xml = NULL;
    size_t len = 0, cap = 0;
    append(&xml, &len, &cap,
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
           "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
           "<sheetData>");
    unsigned open_row = 0;
    char tmp[128];
    for (size_t i = 0; i < n; i++) {
        unsigned r = row_of(cells[i].ref);
        if (r != open_row) {
            if (open_row)
                append(&xml, &len, &cap, "</row>");
            snprintf(tmp, sizeof tmp, "<row r=\"%u\">", r);
            append(&xml, &len, &cap, tmp);
            open_row = r;
        }
        if (cells[i].text) {
            snprintf(tmp, sizeof tmp, "<c r=\"%s\" t=\"inlineStr\"><is><t>", cells[i].ref);
            append(&xml, &len, &cap, tmp);
            append_escaped(&xml, &len, &cap, cells[i].text);
            append(&xml, &len, &cap, "</t></is></c>");
        } else {
            snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%.17g</v></c>", cells[i].ref,
                     cells[i].number);
            append(&xml, &len, &cap, tmp);
        }
    }
    if (open_row)
        append(&xml, &len, &cap, "</row>");
    append(&xml, &len, &cap, "</sheetData>");
    if (nmerges) {
        snprintf(tmp, sizeof tmp, "<mergeCells count=\"%zu\">", nmerges);
        append(&xml, &len, &cap, tmp);
        for (size_t i = 0; i < nmerges; i++) {
            snprintf(tmp, sizeof tmp, "<mergeCell ref=\"%s\"/>", merges[i]);
            append(&xml, &len, &cap, tmp);
        }
        append(&xml, &len, &cap, "</mergeCells>");
    }
    append(&xml, &len, &cap, "</worksheet>");
    fx_part part = {"xl/worksheets/sheet1.xml", xml, 0};
    char *path = fx_path(dir, name);
    assert_int_equal(fx_rezip(base, path, &part, 1), 0);
    free(xml);
    return path;
}

/* Read the book; check the patterns (keys or NULL) and the warnings: none
 * when `warning` is NULL, else exactly one, equal to it. */
static void expect(const char *name, const cell *cells, size_t n, const char *current,
                   const char *target, const char *warning)
{
    char *path = book(name, cells, n, NULL, 0);
    isomm_assessment *a = assessment_ok(path);
    if (a->pattern_current != (current ? pattern(current) : -1) ||
        a->pattern_target != (target ? pattern(target) : -1))
        fail_msg("%s: got current %ld target %ld, expected %s → %s", name,
                 a->pattern_current, a->pattern_target, current ? current : "none",
                 target ? target : "none");
    if (!warning && a->warnings.count)
        fail_msg("%s: unexpected warning '%s'", name, a->warnings.items[0]);
    if (warning) {
        if (a->warnings.count != 1)
            fail_msg("%s: %zu warnings, expected '%s'", name, a->warnings.count, warning);
        assert_string_equal(a->warnings.items[0], warning);
    }
    isomm_assessment_free(a);
    free(path);
}

#define N(cells) (sizeof cells / sizeof cells[0])

/* Target labels other than 目指す / 目標のパターン, current labels other
 * than 現在; the answer to the right. */
static void test_cues(void **state)
{
    (void)state;
    static const char *const targets[] = {
        "将来のパターン", "あるべき姿のパターン", "目標とするパターン", "中長期のパターン",
        "今後のパターン", "パターン（To-Be）", "Target pattern", "理想のパターン",
        "中長期的に目指すモデルとなるセキュリティ対応組織のパターンを選択してください。",
    };
    static const char *const currents[] = {
        "現状のパターン", "今のパターン", "パターン（As-Is）", "Current pattern",
        "現在のセキュリティ対応組織のパターンを選択してください。", "現状の組織パターン",
    };
    for (size_t t = 0; t < N(targets); t++)
        for (size_t c = 0; c < N(currents); c++) {
            cell cells[] = {{"A2", currents[c], 0}, {"B2", "ハイブリッド", 0},
                            {"A3", targets[t], 0},  {"B3", "フルインソース", 0}};
            char name[64];
            snprintf(name, sizeof name, "cue-%zu-%zu.xlsx", t, c);
            expect(name, cells, N(cells), "hybrid", "full-insource", NULL);
        }

    /* Both cues in one prompt: the target cue wins. */
    cell both[] = {{"A2", "目標とする現在の組織パターン", 0}, {"B2", "フルインソース", 0}};
    expect("both-cues.xlsx", both, N(both), NULL, "full-insource", NULL);

    /* The target asked first, the current below. */
    cell order[] = {
        {"A2", "中長期的に目指すモデルとなるセキュリティ対応組織のパターンを選択してください。", 0},
        {"A3", "フルインソース", 0},
        {"A5", "現在のセキュリティ対応組織のパターンを選択してください。", 0},
        {"A6", "ハイブリッド", 0}};
    expect("target-first.xlsx", order, N(order), "hybrid", "full-insource", NULL);
}

/* "A → B": current → target, after 組織パターン (this project's サマリー)
 * or in the prompt cell itself, with any arrow. */
static void test_arrow(void **state)
{
    (void)state;
    static const char *const values[] = {
        "ハイブリッド → フルインソース", "ハイブリッド->フルインソース",
        "ハイブリッド ⇒ フルインソース", "ハイブリッド＞フルインソース",
        "ハイブリッド => フルインソース", "ハイブリッド → フルインソース（目標）",
        "パターン2 ハイブリッド型 → パターン4 フルインソース型",
    };
    for (size_t i = 0; i < N(values); i++) {
        cell cells[] = {{"A2", "組織パターン", 0}, {"B2", values[i], 0}};
        char name[64];
        snprintf(name, sizeof name, "arrow-%zu.xlsx", i);
        expect(name, cells, N(cells), "hybrid", "full-insource", NULL);
    }

    /* The サマリー's layout: merged label A3:B3, merged value C3:H3. */
    cell summary[] = {{"A3", "組織パターン", 0},
                      {"C3", "ミニマムアウトソース → フルインソース（目標）", 0}};
    const char *merges[] = {"A3:B3", "C3:H3"};
    char *path = book("summary.xlsx", summary, N(summary), merges, 2);
    isomm_assessment *a = assessment_ok(path);
    assert_int_equal(a->pattern_current, pattern("minimum-outsource"));
    assert_int_equal(a->pattern_target, pattern("full-insource"));
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    free(path);

    /* The summary of an assessment without a current pattern. */
    cell unset[] = {{"A3", "組織パターン", 0}, {"C3", "未設定 → フルインソース（目標）", 0}};
    expect("unset.xlsx", unset, N(unset), NULL, "full-insource", NULL);

    /* In one cell with its label. */
    cell inl[] = {{"A2", "組織パターン：ミニマムインソース → ハイブリッド", 0}};
    expect("inline-arrow.xlsx", inl, N(inl), "minimum-insource", "hybrid", NULL);

    /* A misspelt half is reported, the other half kept. */
    cell typo[] = {{"A2", "組織パターン", 0}, {"B2", "ハイブリット → フルインソース", 0}};
    expect("arrow-typo.xlsx", typo, N(typo), NULL, "full-insource",
           "準備シート!B2: unknown pattern name 'ハイブリット'");

    /* Without any label: a bare "A → B" is current → target too. */
    cell bare[] = {{"C4", "ミニマムインソース → ミニマムアウトソース", 0}};
    expect("bare-arrow.xlsx", bare, N(bare), "minimum-insource", "minimum-outsource", NULL);

    /* A progression of the four patterns is no answer. */
    cell chain[] = {{"A2", "組織パターン", 0},
                    {"B2", "ミニマムインソース → ハイブリッド → ミニマムアウトソース → フルインソース", 0}};
    expect("chain.xlsx", chain, N(chain), NULL, NULL, NULL);

    /* "(>2025年)" is a note, not an arrow. */
    cell note[] = {{"A2", "現在のパターン", 0}, {"B2", "ハイブリッド", 0},
                   {"A3", "目指すパターン", 0}, {"B3", "フルインソース (>2025年)", 0}};
    expect("gt-note.xlsx", note, N(note), "hybrid", "full-insource", NULL);
}

/* A cell naming several patterns beside the prompt is a choice hint: the
 * answer is looked for further right and below. */
static void test_hint(void **state)
{
    (void)state;
    static const char *const hint =
        "（ミニマムインソース／ハイブリッド／ミニマムアウトソース／フルインソース）";
    cell below[] = {
        {"A2", "現在のセキュリティ対応組織のパターンを選択してください。", 0},
        {"B2", hint, 0},
        {"A3", "ハイブリッド", 0},
        {"A5", "中長期的に目指すモデルとなるセキュリティ対応組織のパターンを選択してください。", 0},
        {"B5", hint, 0},
        {"A6", "フルインソース", 0}};
    expect("hint-below.xlsx", below, N(below), "hybrid", "full-insource", NULL);

    cell right[] = {{"A2", "現在のパターン", 0}, {"B2", "ハイブリッド/フルインソース", 0},
                    {"C2", "ミニマムアウトソース", 0}};
    expect("hint-right.xlsx", right, N(right), "minimum-outsource", NULL, NULL);

    /* Separators and instructions between the prompt and its answer. */
    cell filler[] = {{"A2", "現在のパターン", 0}, {"B2", "：", 0}, {"C2", "ハイブリッド", 0},
                     {"A4", "目指すパターン", 0},
                     {"B4", "※プルダウンから選択してください", 0},
                     {"A5", "ミニマムアウトソース", 0}};
    expect("filler.xlsx", filler, N(filler), "hybrid", "minimum-outsource", NULL);

    /* Only the hint: no answer, and the warning says what was passed over. */
    cell only[] = {{"A2", "現在のパターン", 0}, {"B2", hint, 0},
                   {"A3", "目指すパターン", 0}, {"B3", "フルインソース", 0}};
    expect("hint-only.xlsx", only, N(only), NULL, "full-insource",
           "準備シート!A2: the current pattern prompt '現在のパターン' has no answer "
           "(B2 names several patterns: '（ミニマムインソース／ハイブリッド／"
           "ミニマムアウトソース／フルインソース）'); current pattern not set");
}

/* A prompt left blank: a warning naming the prompt's cell, never the next
 * prompt taken as a pattern name. */
static void test_blank(void **state)
{
    (void)state;
    cell blank[] = {
        {"A2", "現在のセキュリティ対応組織のパターンを選択してください。", 0},
        {"A5", "中長期的に目指すモデルとなるセキュリティ対応組織のパターンを選択してください。", 0},
        {"A6", "フルインソース", 0}};
    expect("blank-current.xlsx", blank, N(blank), NULL, "full-insource",
           "準備シート!A2: the current pattern prompt "
           "'現在のセキュリティ対応組織のパターンを選択してください。' has no answer (no "
           "pattern name to its right or below); current pattern not set");

    cell placeholder[] = {{"A2", "現在のパターン", 0}, {"B2", "ハイブリッド", 0},
                          {"A3", "目指すパターン", 0}, {"B3", "未選択", 0}};
    expect("placeholder.xlsx", placeholder, N(placeholder), "hybrid", NULL,
           "準備シート!A3: the target pattern prompt '目指すパターン' has no answer (no "
           "pattern name to its right or below); target pattern not set");

    /* Blank to the right, the next prompt further right: the answer is
     * below, not that prompt. */
    cell row[] = {{"A2", "現在のパターン", 0}, {"C2", "目指すパターン", 0},
                  {"D2", "フルインソース", 0}, {"A3", "ミニマムインソース", 0}};
    expect("row-prompts.xlsx", row, N(row), "minimum-insource", "full-insource", NULL);
}

/* Decorated names are read, misspelt ones reported. */
static void test_names(void **state)
{
    (void)state;
    cell decor[] = {{"A2", "現在のパターン", 0}, {"B2", "パターン2：ハイブリッド型", 0},
                    {"A3", "目指すパターン", 0}, {"B3", "④ フルインソース", 0}};
    expect("decor.xlsx", decor, N(decor), "hybrid", "full-insource", NULL);

    cell region[] = {{"A2", "現在のパターン", 0}, {"B2", "ハイブリッド（領域I・II）", 0},
                     {"A3", "目指すパターン", 0}, {"B3", "フルインソース（全領域）", 0}};
    expect("region.xlsx", region, N(region), "hybrid", "full-insource", NULL);

    cell spaced[] = {{"A2", "現在のパターン", 0}, {"B2", "　ハイブリッド　", 0},
                     {"A3", "目指すパターン", 0}, {"B3", "ミニマム・アウトソース", 0},
                     {"A4", "今のパターン", 0}, {"B4", "ミニマム アウトソース", 0}};
    expect("spaced.xlsx", spaced, N(spaced), "hybrid", "minimum-outsource", NULL);

    cell typo[] = {{"A2", "現在のパターン", 0}, {"B2", "ハイブリット", 0},
                   {"A3", "目指すパターン", 0}, {"B3", "フルインソース", 0}};
    expect("typo.xlsx", typo, N(typo), NULL, "full-insource",
           "準備シート!B2: unknown pattern name 'ハイブリット'");

    /* The answer in the prompt cell. */
    cell inl[] = {{"A2", "現在のパターン：ハイブリッド", 0},
                  {"A3", "目標のパターン「フルインソース」", 0}};
    expect("inline.xlsx", inl, N(inl), "hybrid", "full-insource", NULL);

    /* No prompt (現在 / 目標 without パターン): the names in document order. */
    cell bare[] = {{"A2", "現在", 0}, {"B2", "ハイブリッド", 0},
                   {"C2", "目標", 0}, {"D2", "フルインソース", 0}};
    expect("bare.xlsx", bare, N(bare), "hybrid", "full-insource", NULL);
}

/* Organization and date labels in one row, their values in the row below;
 * labels with a parenthesised addition. */
static void test_org_labels(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        cell cells[4];
        size_t n;
        const char *org, *date;
    } cases[] = {
        {"label-row.xlsx",
         {{"A2", "会社名", 0}, {"C2", "実施日", 0}, {"A3", "デルタ株式会社", 0},
          {"C3", NULL, 45444}},
         4, "デルタ株式会社", "2024-06-01"},
        {"label-row-text.xlsx",
         {{"A2", "組織名", 0}, {"B2", "評価日", 0}, {"A3", "イプシロン協会", 0},
          {"B3", "2024/03/29", 0}},
         4, "イプシロン協会", "2024-03-29"},
        {"paren.xlsx",
         {{"A2", "会社名（組織名）", 0}, {"B2", "ゼータ", 0}, {"A3", "評価実施日", 0},
          {"B3", "2024/4/1", 0}},
         4, "ゼータ", "2024-04-01"},
        {"paren-inline.xlsx",
         {{"A2", "会社名（正式名称）：イータ工業", 0}, {"A3", "評価日（西暦）", 0},
          {"B3", "2024-05-10", 0}},
         3, "イータ工業", "2024-05-10"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char *path = book(cases[i].name, cases[i].cells, cases[i].n, NULL, 0);
        isomm_assessment *a = assessment_ok(path);
        if (!a->organization || strcmp(a->organization, cases[i].org) != 0)
            fail_msg("%s: organization '%s'", cases[i].name,
                     a->organization ? a->organization : "(null)");
        assert_string_equal(a->date, cases[i].date);
        assert_string_equal(a->date_source, "sheet");
        assert_int_equal(a->warnings.count, 0);
        isomm_assessment_free(a);
        free(path);
    }

    /* Labels with nothing below: no organization, no value taken from the
     * neighbouring label, the file's date. */
    cell empty[] = {{"A2", "会社名", 0}, {"B2", "実施日", 0}};
    char *path = book("labels-only.xlsx", empty, N(empty), NULL, 0);
    isomm_assessment *a = assessment_ok(path);
    assert_null(a->organization);
    assert_string_equal(a->date_source, "file");
    assert_string_equal(a->date, "2024-04-01");
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cues),   cmocka_unit_test(test_arrow),
        cmocka_unit_test(test_hint),   cmocka_unit_test(test_blank),
        cmocka_unit_test(test_names),  cmocka_unit_test(test_org_labels),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
