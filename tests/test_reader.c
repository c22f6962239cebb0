/* test_reader.c - isomm_assessment_read() on v2.1 / v2.0 self-check
 * workbooks built at test time: every role's selection, notes, patterns,
 * warnings, layouts the table may take, and what happens without one. */
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


static long pattern(const char *key)
{
    long k = isomm_catalog_find_pattern(cat, key);
    assert_true(k >= 0);
    return k;
}

static char *write_book(const char *name, const fx_isomm *o)
{
    char *path = fx_path(dir, name);
    assert_non_null(path);
    assert_int_equal(fx_write_isomm(path, cat, o), 0);
    return path;
}

static void dump_warnings(const isomm_assessment *a)
{
    for (size_t i = 0; i < a->warnings.count; i++)
        print_message("warning: %s\n", a->warnings.items[i]);
}

/* A selection for every role, cycling through every shape. */
static void fill_selections(fx_isomm *o, int v20)
{
    int lo = v20 ? 1 : 0;
    for (size_t k = 0; k < cat->role_count; k++) {
        switch (k % 7) {
        case 0: break;                                      /* blank */
        case 1: o->in_level[k] = lo; break;                 /* declined / 1 */
        case 2: o->in_level[k] = (int)(k % 5) + 1; break;
        case 3: o->out_level[k] = lo; break;
        case 4: o->out_level[k] = (int)(k % 5) + 1; break;
        case 5: o->in_level[k] = 3; o->out_level[k] = 2; break; /* both sides */
        case 6: o->in_level[k] = 2; o->in_level2[k] = 4; break; /* two marks */
        }
    }
}

static unsigned bit(int level)
{
    return level >= 0 ? 1u << level : 0;
}

static void check_selections(const isomm_assessment *a, const fx_isomm *o)
{
    for (size_t k = 0; k < cat->role_count; k++) {
        const isomm_answer *ans = &a->answers[k];
        if (!ans->found)
            fail_msg("role %s not found", cat->roles[k].id);
        unsigned in = bit(o->in_level[k]) | bit(o->in_level2[k]);
        unsigned out = bit(o->out_level[k]);
        if (ans->insource != in || ans->outsource != out)
            fail_msg("role %s at %s: insource %#x outsource %#x, want %#x %#x",
                     cat->roles[k].id, ans->cell, ans->insource, ans->outsource, in, out);
    }
}

static void test_full_v21(void **state)
{
    (void)state;
    fx_isomm o;
    fx_isomm_init(&o);
    o.row0 = 3;
    o.merge_headers = 1;
    o.merge_functions = 1;
    fill_selections(&o, 0);
    o.notes[role_index("A-1")] = "  全社方針は年1回見直し  ";
    o.notes[role_index("G-10")] = "委託先と共同で実施";
    o.notes[role_index("I-6")] = "   ";
    o.current = "ハイブリッド";
    o.target = "ミニマムアウトソース";
    char *path = write_book("full.xlsx", &o);
    isomm_assessment *a = assessment_ok(path);
    dump_warnings(a);
    assert_string_equal(a->path, path);
    assert_string_equal(a->kind, "isomm-v2.1");
    assert_string_equal(a->sheet, "入力シート");
    assert_string_equal(a->layout, "marker-grid");
    /* 機能 at A4, levels on row 5, 54 roles on rows 6..59, 備考 in P. */
    assert_string_equal(a->table_range, "A4:P59");
    assert_int_equal(a->warnings.count, 0);
    check_selections(a, &o);
    assert_string_equal(a->answers[0].cell, "B6");
    assert_string_equal(a->answers[role_index("I-6")].cell, "B59");
    assert_string_equal(a->answers[role_index("A-1")].note, "全社方針は年1回見直し");
    assert_string_equal(a->answers[role_index("G-10")].note, "委託先と共同で実施");
    assert_null(a->answers[role_index("I-6")].note);
    assert_null(a->answers[role_index("A-2")].note);
    assert_int_equal(a->pattern_current, pattern("hybrid"));
    assert_int_equal(a->pattern_target, pattern("minimum-outsource"));
    /* Spot checks a user would make. */
    assert_int_equal(a->answers[role_index("A-1")].insource, 0);  /* k=0: blank */
    assert_int_equal(a->answers[role_index("A-1")].outsource, 0);
    assert_int_equal(a->answers[role_index("A-2")].insource, 1);  /* level 0 */
    assert_int_equal(a->answers[role_index("A-6")].insource, (1u << 3));
    assert_int_equal(a->answers[role_index("A-6")].outsource, (1u << 2));
    isomm_assessment_free(a);
    free(path);
}

static void test_v20(void **state)
{
    (void)state;
    fx_isomm o;
    fx_isomm_init(&o);
    o.v20 = 1;
    fill_selections(&o, 1);
    char *path = write_book("v20.xlsx", &o);
    isomm_assessment *a = assessment_ok(path);
    assert_string_equal(a->kind, "isomm-v2.0");
    check_selections(a, &o);
    for (size_t k = 0; k < cat->role_count; k++) {
        assert_int_equal(a->answers[k].insource & 1, 0);
        assert_int_equal(a->answers[k].outsource & 1, 0);
    }
    /* 3 + 5 + 5 + 1 columns: A..N; no patterns in this workbook. */
    assert_string_equal(a->table_range, "A1:N56");
    assert_int_equal(a->pattern_current, -1);
    assert_int_equal(a->pattern_target, -1);
    isomm_assessment_free(a);
    free(path);
}

/* On the second sheet, at an offset, inline strings, full-width level
 * digits, ✔ marks with empty cells, and role IDs written in many ways. */
static void test_offset_second_sheet_variants(void **state)
{
    (void)state;
    fx_isomm o;
    fx_isomm_init(&o);
    o.sheet_name = "チェックシート";
    o.decoy_sheet = 1;
    o.row0 = 10;
    o.col0 = 4;
    o.inline_strings = 1;
    o.levels_as_text = 1;
    o.blank_hollow = 1;
    o.filled = "✔";
    fill_selections(&o, 0);
    o.id_text[role_index("A-1")] = "Ａ－１ 全体方針管理";   /* full width */
    o.id_text[role_index("A-2")] = "A\xE2\x80\x90" "2";     /* U+2010 hyphen */
    o.id_text[role_index("A-3")] = "A\xE2\x88\x92" "3 アクション方針管理"; /* U+2212 minus */
    o.id_text[role_index("A-4")] = "A\xE2\x80\x93" "4";     /* en dash */
    o.id_text[role_index("A-5")] = "Aー5 品質管理";         /* katakana long vowel */
    o.id_text[role_index("A-6")] = "A-6. 名前が違う役割";
    o.id_text[role_index("B-1")] = "ｂ－１";                /* full-width lower case */
    o.id_text[role_index("B-2")] = "B-2   ";
    o.id_text[role_index("B-3")] = "  B-03\tリアルタイム";
    o.id_text[role_index("G-10")] = "G-10：セキュリティ対応システム";
    char *path = write_book("offset.xlsx", &o);
    isomm_assessment *a = assessment_ok(path);
    dump_warnings(a);
    assert_string_equal(a->sheet, "チェックシート");
    assert_int_equal(a->warnings.count, 0);
    check_selections(a, &o);
    /* 機能 header at E11; IDs in column F from row 13. */
    assert_string_equal(a->answers[role_index("A-1")].cell, "F13");
    assert_string_equal(a->answers[role_index("A-5")].cell, "F17");
    assert_string_equal(a->table_range, "E11:T66");
    isomm_assessment_free(a);
    free(path);
}

static void test_missing_and_repeated(void **state)
{
    (void)state;
    fx_isomm o;
    fx_isomm_init(&o);
    fill_selections(&o, 0);
    o.omit[role_index("A-4")] = 1;
    o.repeat_role = role_index("A-3");
    o.repeat_in_level = 5;
    char *path = write_book("gaps.xlsx", &o);
    isomm_assessment *a = assessment_ok(path);
    dump_warnings(a);
    assert_int_equal(a->warnings.count, 2);
    /* 53 role rows on 3..55, the repeat on row 56. */
    assert_string_equal(a->warnings.items[0],
                        "入力シート!B56 (A-3): role ID repeated (first at B5); the first row is used");
    assert_string_equal(a->warnings.items[1],
                        "入力シート: role A-4 not found in the table; treated as blank");
    const isomm_answer *missing = &a->answers[role_index("A-4")];
    assert_int_equal(missing->found, 0);
    assert_int_equal(missing->insource, 0);
    assert_int_equal(missing->outsource, 0);
    assert_string_equal(missing->cell, "");
    /* The first row is used, not the repeat's level 5. */
    const isomm_answer *first = &a->answers[role_index("A-3")];
    assert_int_equal(first->insource, bit(o.in_level[role_index("A-3")]));
    assert_string_equal(first->cell, "B5");
    assert_string_equal(a->table_range, "A1:P56");
    isomm_assessment_free(a);
    free(path);
}

/* Any filled mark counts; hollow ones do not. */
static void test_marks_in_workbook(void **state)
{
    (void)state;
    const char *marks[] = {"◉", "⚫", "■", "✓", "x", "X", "1", "TRUE", "Ｘ"};
    for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
        fx_isomm o;
        fx_isomm_init(&o);
        fill_selections(&o, 0);
        o.filled = marks[m];
        o.hollow = m % 2 ? "◯" : "〇";
        char *path = write_book("marks.xlsx", &o);
        isomm_assessment *a = assessment_ok(path);
        check_selections(a, &o);
        isomm_assessment_free(a);
        free(path);
    }
}

static ooxml_cell str_cell(const char *text)
{
    ooxml_cell c = {0, 0, OOXML_STRING, (char *)text, 0, NULL};
    return c;
}

static int mark(const char *text)
{
    ooxml_cell c = str_cell(text);
    char *n = reader_normalize(text);
    int r = reader_mark(&c, n);
    free(n);
    return r;
}

static void test_mark_classification(void **state)
{
    (void)state;
    const char *filled[] = {"●", " ● ", "◉", "⚫", "⬤", "■", "✓", "✔", "✔️", "☑", "x",
                            "X", "Ｘ", "1", "１", "TRUE", "true"};
    for (size_t i = 0; i < sizeof filled / sizeof *filled; i++)
        if (!mark(filled[i]))
            fail_msg("'%s' should count as selected", filled[i]);
    const char *hollow[] = {"○", "◯", "〇", "", " ", "0", "×", "△", "-", "FALSE", "●●", "11"};
    for (size_t i = 0; i < sizeof hollow / sizeof *hollow; i++)
        if (mark(hollow[i]))
            fail_msg("'%s' should not count as selected", hollow[i]);
    ooxml_cell num = {0, 0, OOXML_NUMBER, "1", 1.0, NULL};
    assert_int_equal(reader_mark(&num, "1"), 1);
    num.number = 0;
    num.text = "0";
    assert_int_equal(reader_mark(&num, "0"), 0);
    ooxml_cell b = {0, 0, OOXML_BOOL, "TRUE", 0, NULL};
    assert_int_equal(reader_mark(&b, "TRUE"), 1);
    b.text = "FALSE";
    assert_int_equal(reader_mark(&b, "FALSE"), 0);
    assert_int_equal(reader_mark(NULL, NULL), 0);
}

static void test_role_id_parsing(void **state)
{
    (void)state;
    struct {
        const char *text, *id;
    } ok[] = {
        {"A-1", "A-1"}, {"A-1 全体方針管理", "A-1"}, {"A-1. 全体方針管理", "A-1"},
        {"A-1全体方針管理", "A-1"}, {"Ａ－１", "A-1"}, {"a-1", "A-1"},
        {"A‐1", "A-1"}, {"A−1", "A-1"}, {"A–1", "A-1"}, {"Aー1", "A-1"}, {"A－１", "A-1"},
        {"A-01", "A-1"}, {"G-10 ", "G-10"}, {"　I-6　", "I-6"}, {"A - 1", "A-1"},
        {"C-4：攻撃全容解析", "C-4"}, {"H-3(内部)", "H-3"},
        {"(A-1)", "A-1"}, {"（A-1）全体方針管理", "A-1"}, {"【A-1】", "A-1"},
        {"[B-2] リアルタイム高度分析", "B-2"}, {"〔I-6〕", "I-6"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char id[16] = "";
        if (reader_role_id(ok[i].text, id) != 0 || strcmp(id, ok[i].id) != 0)
            fail_msg("'%s' -> '%s', want '%s'", ok[i].text, id, ok[i].id);
    }
    const char *bad[] = {"", "A", "A-", "A1", "AB-1", "A-1-2", "A-1.2", "A-1x", "1-1",
                         "A セキュリティ対応組織運営", "-1", "A-0", "役割", "((A-1))",
                         "(A)"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char id[16] = "";
        if (reader_role_id(bad[i], id) == 0)
            fail_msg("'%s' should not be a role ID (got '%s')", bad[i], id);
    }
}

static void test_level_parsing(void **state)
{
    (void)state;
    const char *texts[] = {"0", "５", "Lv.3", "レベル2", "4 (文書化)", "1（未実施）", " 2 "};
    int want[] = {0, 5, 3, 2, 4, 1, 2};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        ooxml_cell c = str_cell(texts[i]);
        char *n = reader_normalize(texts[i]);
        int l = reader_level(&c, n);
        free(n);
        if (l != want[i])
            fail_msg("'%s' -> level %d, want %d", texts[i], l, want[i]);
    }
    const char *not_levels[] = {"6", "12", "1.5", "インソース", "", "A-1"};
    for (size_t i = 0; i < sizeof not_levels / sizeof *not_levels; i++) {
        ooxml_cell c = str_cell(not_levels[i]);
        char *n = reader_normalize(not_levels[i]);
        assert_int_equal(reader_level(&c, n), -1);
        free(n);
    }
    ooxml_cell num = {0, 0, OOXML_NUMBER, "3", 3.0, NULL};
    assert_int_equal(reader_level(&num, "3"), 3);
    num.number = 2.5;
    assert_int_equal(reader_level(&num, "2.5"), -1);
}

static void test_pattern_matching(void **state)
{
    (void)state;
    assert_int_equal(reader_match_pattern(cat, "ハイブリッド", 1), pattern("hybrid"));
    assert_int_equal(reader_match_pattern(cat, " hybrid ", 1), pattern("hybrid"));
    assert_int_equal(reader_match_pattern(cat, "Full-Insource", 1), pattern("full-insource"));
    assert_int_equal(reader_match_pattern(cat, "パターン2. ハイブリッド", 1), pattern("hybrid"));
    assert_int_equal(reader_match_pattern(cat, "パターン３：ミニマムアウトソース", 1),
                     pattern("minimum-outsource"));
    assert_int_equal(reader_match_pattern(cat, "フルインソースパターン", 1), pattern("full-insource"));
    assert_int_equal(reader_match_pattern(cat, "(1) ミニマムインソース型", 1),
                     pattern("minimum-insource"));
    assert_int_equal(reader_match_pattern(cat, "ミニマムインソース", 1), pattern("minimum-insource"));
    assert_int_equal(reader_match_pattern(cat, "当社はハイブリッドです", 1), -1);
    assert_int_equal(reader_match_pattern(cat, "当社はハイブリッドです", 0), pattern("hybrid"));
    assert_int_equal(reader_match_pattern(cat, "ハイブリッドかフルインソース", 0), -1);
    assert_int_equal(reader_match_pattern(cat, "なし", 0), -1);
    assert_int_equal(reader_match_pattern(cat, "", 0), -1);
}

static void test_patterns_decorated_and_below(void **state)
{
    (void)state;
    fx_isomm o;
    fx_isomm_init(&o);
    o.current = "パターン1. ミニマムインソース";
    o.target = "フルインソースパターン";
    o.target_below = 1;
    o.in_level[0] = 3; /* a table without selections gives a warning */
    char *path = write_book("patterns.xlsx", &o);
    isomm_assessment *a = assessment_ok(path);
    dump_warnings(a);
    assert_int_equal(a->pattern_current, pattern("minimum-insource"));
    assert_int_equal(a->pattern_target, pattern("full-insource"));
    assert_int_equal(a->warnings.count, 0);
    /* The table is still found on the second sheet. */
    assert_string_equal(a->sheet, "入力シート");
    isomm_assessment_free(a);
    free(path);
}

static void test_patterns_unknown(void **state)
{
    (void)state;
    fx_isomm o;
    fx_isomm_init(&o);
    fill_selections(&o, 0);
    o.current = "まだ決めていない";
    o.target = "ハイブリッド";
    char *path = write_book("unknown.xlsx", &o);
    isomm_assessment *a = assessment_ok(path);
    assert_int_equal(a->pattern_current, -1);
    assert_int_equal(a->pattern_target, pattern("hybrid"));
    assert_int_equal(a->warnings.count, 1);
    assert_string_equal(a->warnings.items[0],
                        "準備シート!E4: unknown pattern name 'まだ決めていない'");
    isomm_assessment_free(a);
    free(path);
}

/* Without prompts: the names in document order; a sheet listing the
 * choices (リスト) is not an answer. */
static void test_patterns_without_prompts(void **state)
{
    (void)state;
    fx_isomm o;
    fx_isomm_init(&o);
    o.current = "ミニマムアウトソース";
    o.target = "フルインソース";
    o.no_prompts = 1;
    o.in_level[0] = 3; /* a table without selections gives a warning */
    char *path = write_book("noprompt.xlsx", &o);
    isomm_assessment *a = assessment_ok(path);
    assert_int_equal(a->pattern_current, pattern("minimum-outsource"));
    assert_int_equal(a->pattern_target, pattern("full-insource"));
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    free(path);
}

static void expect_no_table(const char *path, const char *needle)
{
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_assessment *a = (isomm_assessment *)&a;
    isomm_error err = isomm_assessment_read(path, cat, &a, errbuf);
    if (err != ISOMM_ERR_NO_TABLE)
        fail_msg("got %d '%s'", err, errbuf);
    assert_null(a);
    assert_int_equal(strncmp(errbuf, path, strlen(path)), 0);
    assert_contains(errbuf, "no ISOMM v2.1 table found");
    assert_contains(errbuf, "A-1 … I-6");
    assert_contains(errbuf, needle);
}

static void test_no_table(void **state)
{
    (void)state;
    /* Only 12 roles under a complete header. */
    fx_isomm o;
    fx_isomm_init(&o);
    o.row0 = 4;
    o.col0 = 2;
    o.current = "ハイブリッド";
    for (size_t k = 12; k < cat->role_count; k++)
        o.omit[k] = 1;
    char *path = write_book("few.xlsx", &o);
    expect_no_table(path, "looked on 2 sheets");
    expect_no_table(path, "closest: sheet 入力シート, header with インソース at F5 but only 12 of 54 role IDs");
    free(path);

    /* Role IDs but no header at all. */
    path = fx_path(dir, "ids.xlsx");
    const char *names[] = {"一覧"};
    const char *sheets[] = {
        "<worksheet><sheetData><row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>A-1</t></is></c></row>"
        "<row r=\"3\"><c r=\"C3\" t=\"inlineStr\"><is><t>A-2 トリアージ基準管理</t></is></c></row>"
        "</sheetData></worksheet>"};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, NULL), 0);
    expect_no_table(path, "looked on 1 sheet for");
    expect_no_table(path, "closest: sheet 一覧, 2 of 54 role IDs in column C but no インソース/アウトソース header");
    free(path);

    /* A header without level columns. */
    path = fx_path(dir, "nolevels.xlsx");
    const char *sheets2[] = {
        "<worksheet><sheetData><row r=\"1\"><c r=\"B1\" t=\"inlineStr\"><is><t>インソース</t></is></c>"
        "<c r=\"H1\" t=\"inlineStr\"><is><t>アウトソース</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>A-1</t></is></c></row>"
        "</sheetData></worksheet>"};
    assert_int_equal(fx_write_xlsx(path, names, sheets2, 1, NULL), 0);
    expect_no_table(path, "header with インソース at B1 and アウトソース at H1 but no level columns 0–5");
    free(path);

    /* Nothing at all. */
    path = fx_path(dir, "blank.xlsx");
    const char *sheets3[] = {"<worksheet><sheetData/></worksheet>"};
    assert_int_equal(fx_write_xlsx(path, names, sheets3, 1, NULL), 0);
    expect_no_table(path, "no sheet has role IDs or an インソース/アウトソース header");
    free(path);
}

static void test_new_and_free(void **state)
{
    (void)state;
    isomm_assessment *a = isomm_assessment_new(cat);
    assert_non_null(a);
    assert_ptr_equal(a->catalog, cat);
    assert_int_equal(a->pattern_current, -1);
    assert_int_equal(a->pattern_target, -1);
    for (size_t k = 0; k < cat->role_count; k++) {
        assert_int_equal(a->answers[k].found, 0);
        assert_null(a->answers[k].note);
    }
    assert_int_equal(a->warnings.count, 0);
    isomm_assessment_free(a);
    isomm_assessment_free(NULL);
    assert_null(isomm_assessment_new(NULL));

    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_assessment *out = (isomm_assessment *)&out;
    assert_int_equal(isomm_assessment_read(NULL, cat, &out, errbuf), ISOMM_ERR_ARG);
    assert_null(out);
    assert_int_equal(isomm_assessment_read("x.xlsx", NULL, &out, NULL), ISOMM_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_v21),
        cmocka_unit_test(test_v20),
        cmocka_unit_test(test_offset_second_sheet_variants),
        cmocka_unit_test(test_missing_and_repeated),
        cmocka_unit_test(test_marks_in_workbook),
        cmocka_unit_test(test_mark_classification),
        cmocka_unit_test(test_role_id_parsing),
        cmocka_unit_test(test_level_parsing),
        cmocka_unit_test(test_pattern_matching),
        cmocka_unit_test(test_patterns_decorated_and_below),
        cmocka_unit_test(test_patterns_unknown),
        cmocka_unit_test(test_patterns_without_prompts),
        cmocka_unit_test(test_no_table),
        cmocka_unit_test(test_new_and_free),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
