/* test_handout.c - the portfolio workbook as an executive handout
 * (issue 4): the サマリー's content and one-page print set-up; the
 * サービスポートフォリオ's drop-downs, whole-number scores, formulas and
 * conditional formats; the カテゴリー別 averages as formulas over the
 * portfolio; the charts and their caches; the 移行レポート; cached values
 * on every formula; byte-identical reruns of the samples.
 *
 * Cells are addressed as docs/workbook.md prints them ("D6"). Expected
 * values are recomputed here from the portfolio (and advice.c for the
 * ranked lists, whose rule test_handout_advice.c checks). That the
 * formulas compute those very values in a real spreadsheet is checked by
 * tests/handout_recalc.sh (LibreOffice). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "migrate/migrate.h"
#include "isomm/isomm.h"
#include "portfolio_fixture.h"
#include "book.h"
#include "check.h"
#include "run.h"
#include "ooxml/ooxml.h"

#define SHEET_SUMMARY "サマリー"
#define SHEET_PORTFOLIO "サービスポートフォリオ"
#define SHEET_CATEGORIES "カテゴリー別"
#define SHEET_REPORT "移行レポート"
#define SHEET_ROLES "v2.1 入力"

static int setup(void **state)
{
    unsetenv("SOURCE_DATE_EPOCH");
    return workspace_setup(state);
}

static int teardown(void **state)
{
    unsetenv("SOURCE_DATE_EPOCH");
    return workspace_teardown(state);
}

/* ---- helpers ---------------------------------------------------------- */

static isomm_portfolio *read_sample(const char *path, int to_be)
{
    char err[ISOMM_ERRBUF_SIZE] = "";
    isomm_policy policy = {.merge = ISOMM_MERGE_MIN, .to_be = to_be};
    isomm_portfolio *p = NULL;
    if (isomm_portfolio_read(path, cat, &policy, &p, err))
        fail_msg("%s", err);
    return p;
}

/* A workbook open with its sheets loaded. */
typedef struct book {
    ooxml_book *b;
    ooxml_grid *sum, *pf, *cat, *rep, *roles;
} book;

static book open_book(const char *path)
{
    book k = {0};
    k.b = book_open_ok(path);
    k.sum = find_sheet_grid(k.b, SHEET_SUMMARY);
    k.pf = find_sheet_grid(k.b, SHEET_PORTFOLIO);
    k.cat = find_sheet_grid(k.b, SHEET_CATEGORIES);
    k.rep = find_sheet_grid(k.b, SHEET_REPORT);
    k.roles = find_sheet_grid(k.b, SHEET_ROLES);
    assert_non_null(k.sum);
    assert_non_null(k.pf);
    assert_non_null(k.cat);
    assert_non_null(k.rep);
    return k;
}

static void close_book(book *k)
{
    ooxml_grid_free(k->sum);
    ooxml_grid_free(k->pf);
    ooxml_grid_free(k->cat);
    ooxml_grid_free(k->rep);
    ooxml_grid_free(k->roles);
    ooxml_close(k->b);
}

static char *part(book *k, const char *name)
{
    return read_part(k->b, name);
}

static char *sheet_xml(book *k, const char *sheet)
{
    long i = ooxml_find_sheet(k->b, sheet);
    assert_true(i >= 0);
    return part(k, ooxml_sheet_part(k->b, (size_t)i));
}

static const ooxml_cell *at(const ooxml_grid *g, const char *ref)
{
    unsigned r, c;
    if (ooxml_parse_ref(ref, &r, &c))
        fail_msg("bad ref %s", ref);
    return ooxml_grid_at(g, r, c);
}

static const ooxml_cell *at_rc(const ooxml_grid *g, unsigned r, unsigned c)
{
    return ooxml_grid_at(g, r, c);
}

static void want_text(const ooxml_cell *cell, const char *ref, const char *want)
{
    if (!cell || cell->type != OOXML_STRING)
        fail_msg("%s: want \"%s\", got %s", ref, want,
                 cell ? cell->text : "no cell");
    if (strcmp(cell->text, want) != 0)
        fail_msg("%s: want \"%s\", got \"%s\"", ref, want, cell->text);
}

static void want_number(const ooxml_cell *cell, const char *ref, double want)
{
    if (!cell || cell->type != OOXML_NUMBER)
        fail_msg("%s: want %.10g, got %s", ref, want,
                 cell ? cell->text : "no cell");
    if (cell->number < want - 1e-9 || cell->number > want + 1e-9)
        fail_msg("%s: want %.10g, got %.10g", ref, want, cell->number);
}

static void text_at(const ooxml_grid *g, const char *ref, const char *want)
{
    want_text(at(g, ref), ref, want);
}

/* A formula cell whose cached result is `want` (NULL: the empty text). */
static void formula_text(const ooxml_cell *cell, const char *ref,
                         const char *want)
{
    if (!cell || !cell->formula)
        fail_msg("%s: no formula", ref);
    want_text(cell, ref, want ? want : "");
}

static void formula_number(const ooxml_cell *cell, const char *ref,
                           double want)
{
    if (!cell || !cell->formula)
        fail_msg("%s: no formula", ref);
    want_number(cell, ref, want);
}

/* The formula text (without '='). */
static const char *formula_of(const ooxml_grid *g, const char *ref)
{
    const ooxml_cell *c = at(g, ref);
    if (!c || !c->formula)
        fail_msg("%s: no formula", ref);
    return c->formula;
}

static void contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("\"%s\" not found in \"%.300s…\"", needle, hay);
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static char *ref(unsigned row, unsigned col)
{
    static char ring[8][16];
    static unsigned next;
    char *b = ring[next++ % 8];
    ooxml_cell_ref(row, col, b);
    return b;
}

/* ---- サマリー ------------------------------------------------------------ */

static double mean_as_is(const isomm_portfolio *p, int to_be, size_t *n)
{
    double sum = 0;
    *n = 0;
    for (size_t i = 0; i < cat->service_count; i++) {
        int v = to_be ? p->services[i].to_be : p->services[i].as_is;
        if (v >= 0) {
            sum += v;
            (*n)++;
        }
    }
    return *n ? sum / (double)*n : 0;
}

static void check_summary(const isomm_portfolio *p, const ooxml_grid *g,
                          const char *title)
{
    advice_set a;
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    text_at(g, "A1", title);
    text_at(g, "A2", "組織名");
    text_at(g, "I2", "評価日");
    text_at(g, "A3", "組織パターン");
    text_at(g, "I3", "入力ファイル");

    /* Key figures (D6..D10): formulas over the portfolio. */
    size_t n_as = 0, n_to = 0;
    double as = mean_as_is(p, 0, &n_as), to = mean_as_is(p, 1, &n_to);
    text_at(g, "A6", "現状 (As-Is) の平均");
    if (n_as)
        formula_number(at(g, "D6"), "D6", as);
    else
        formula_text(at(g, "D6"), "D6", "—");
    contains(formula_of(g, "D6"), "AVERAGE('サービスポートフォリオ'!$I$3:$I$66)");
    text_at(g, "A7", "あるべき姿 (To-Be) の平均");
    if (n_to)
        formula_number(at(g, "D7"), "D7", to);
    else
        formula_text(at(g, "D7"), "D7", "未設定");
    size_t not_required = 0, fresh = 0, blank = 0;
    for (size_t i = 0; i < cat->service_count; i++) {
        const isomm_service_result *s = &p->services[i];
        not_required += s->recommendation == ISOMM_REC_NOT_REQUIRED;
        if (s->as_is < 0 && s->recommendation != ISOMM_REC_NOT_REQUIRED) {
            if (cat->services[i].source_count == 0)
                fresh++;
            else
                blank++;
        }
    }
    text_at(g, "A8", "評価済みのサービス");
    formula_number(at(g, "D8"), "D8", (double)n_as);
    text_at(g, "A9", "推奨レベル「不要」");
    formula_number(at(g, "D9"), "D9", (double)not_required);
    text_at(g, "A10", "これから評価するサービス");
    formula_number(at(g, "D10"), "D10", (double)(fresh + blank));
    char note[128];
    snprintf(note, sizeof note, "X.1060 で新設 %zu・未回答 %zu", fresh, blank);
    formula_text(at(g, "F10"), "F10", note);

    /* The category table, rows 14..22: v2.1, As-Is, To-Be, counts. */
    text_at(g, "A13", "ID");
    for (size_t k = 0; k < cat->category_count; k++) {
        unsigned row = 13 + (unsigned)k;
        const isomm_category_result *cr = &p->categories[k];
        want_text(at_rc(g, row, 0), ref(row, 0), cat->categories[k].id);
        want_text(at_rc(g, row, 1), ref(row, 1), cat->categories[k].name);
        if (a.before_count[k])
            formula_number(at_rc(g, row, 4), ref(row, 4), a.before[k]);
        else
            formula_text(at_rc(g, row, 4), ref(row, 4), "—");
        if (cr->assessed)
            formula_number(at_rc(g, row, 5), ref(row, 5), cr->as_is);
        else
            formula_text(at_rc(g, row, 5), ref(row, 5), "—");
        if (cr->to_be_count)
            formula_number(at_rc(g, row, 6), ref(row, 6), cr->to_be);
        else
            formula_text(at_rc(g, row, 6), ref(row, 6), "—");
        char counts[32];
        snprintf(counts, sizeof counts, "%zu / %zu", cr->assessed, cr->total);
        formula_text(at_rc(g, row, 7), ref(row, 7), counts);
    }

    /* Strengths (A25.., left) and weaknesses (I25.., right). */
    text_at(g, "A24", "強み（現状スコアの高いカテゴリー）");
    text_at(g, "I24", "弱み（現状スコアの低いカテゴリー）");
    for (int side = 0; side < 2; side++) {
        unsigned c1 = side ? 8 : 0;
        const size_t *chosen = side ? a.weaknesses : a.strengths;
        size_t count = side ? a.weakness_count : a.strength_count;
        for (size_t i = 0; i < 2; i++) {
            unsigned row = 24 + 2 * (unsigned)i;
            if (i >= count) {
                formula_text(at_rc(g, row, c1), ref(row, c1), "");
                continue;
            }
            const isomm_group *cg = &cat->categories[chosen[i]];
            char name[256], text[1024];
            snprintf(name, sizeof name, "%s. %s", cg->id, cg->name);
            snprintf(text, sizeof text, "%s\n%s", cg->description,
                     side ? cg->weakness : cg->strength);
            formula_text(at_rc(g, row, c1), ref(row, c1), name);
            formula_number(at_rc(g, row, c1 + 5), ref(row, c1 + 5),
                           p->categories[chosen[i]].as_is);
            formula_text(at_rc(g, row + 1, c1), ref(row + 1, c1), text);
        }
    }

    /* The four lists: titles on row 31, items on rows 32..36. */
    for (int k = 0; k < ADVICE_KINDS; k++) {
        unsigned c1 = 4 * (unsigned)k;
        const ooxml_cell *t = at_rc(g, 30, c1);
        assert_non_null(t);
        contains(t->text, advice_title(k));
        for (size_t j = 0; j < 5; j++) {
            unsigned row = 31 + (unsigned)j;
            if (j < a.list_count[k]) {
                size_t s = a.list[k][j];
                char item[256];
                snprintf(item, sizeof item, "%s %s", cat->services[s].id,
                         cat->services[s].name);
                formula_text(at_rc(g, row, c1), ref(row, c1), item);
                formula_number(at_rc(g, row, c1 + 3), ref(row, c1 + 3),
                               p->services[s].as_is);
            } else {
                formula_text(at_rc(g, row, c1), ref(row, c1),
                             j == 0 ? "（該当なし）" : "");
                formula_text(at_rc(g, row, c1 + 3), ref(row, c1 + 3), "");
            }
        }
    }
    advice_free(&a);
}

static void test_summary(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    p->pattern_target = isomm_catalog_find_pattern(cat, "minimum-outsource");
    char *path = path_in("summary.xlsx");
    write_ok(p, path, NULL);
    book k = open_book(path);
    check_summary(p, k.sum,
                  "テスト株式会社 CSIRT　セキュリティ対応組織 サービスポートフォリオ");
    text_at(k.sum, "C2", "テスト株式会社 CSIRT");
    text_at(k.sum, "K2", "2024-04-01");
    text_at(k.sum, "C3", "ハイブリッド → ミニマムアウトソース（目標）");
    text_at(k.sum, "K3", "fixture/自己評価シート.xlsx（シート: セルフチェック）");
    contains(at(k.sum, "A30")->text, "目標のパターン「ミニマムアウトソース」: 領域 I・II・IV");
    close_book(&k);

    /* --org, --date and --title win over the sheet; a title naming the
     * organization is not prefixed twice. */
    isomm_xlsx_options opt = {.title = "ミライ電機 SOC 評価報告",
                              .organization = "ミライ電機",
                              .date = "2025-01-31"};
    write_ok(p, path, &opt);
    k = open_book(path);
    text_at(k.sum, "A1", "ミライ電機 SOC 評価報告");
    text_at(k.sum, "C2", "ミライ電機");
    text_at(k.sum, "K2", "2025-01-31");
    char *core = part(&k, "docProps/core.xml");
    contains(core, "<dc:title>ミライ電機 SOC 評価報告</dc:title>");
    free(core);
    char *app = part(&k, "docProps/app.xml");
    contains(app, "<Company>ミライ電機</Company>");
    free(app);
    close_book(&k);

    /* Nothing known: placeholders, no pattern, no lists. */
    free(p->organization);
    free(p->date);
    p->organization = p->date = NULL;
    p->pattern_current = p->pattern_target = -1;
    write_ok(p, path, NULL);
    k = open_book(path);
    check_summary(p, k.sum, "セキュリティ対応組織 サービスポートフォリオ");
    text_at(k.sum, "C2", "—");
    text_at(k.sum, "K2", "—");
    text_at(k.sum, "C3", "未設定 → 未設定（目標）");
    contains(at(k.sum, "A30")->text, "組織パターンが未設定");
    close_book(&k);
    isomm_portfolio_free(p);
    free(path);
}

/* The bundled samples through the real reader and migration. */
static void test_summary_samples(void **state)
{
    (void)state;
    static const struct {
        const char *path, *title;
        int to_be;
    } samples[] = {
        {"samples/alpha-manufacturing.xlsx",
         "株式会社アルファ製作所　セキュリティ対応組織 サービスポートフォリオ", 4},
        {"samples/beta-finance.xlsx",
         "ベータ銀行　セキュリティ対応組織 サービスポートフォリオ", 0},
        {"samples/gamma-retail.xlsx",
         "ガンマ商事　セキュリティ対応組織 サービスポートフォリオ", 3},
    };
    char *path = path_in("sample.xlsx");
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        isomm_portfolio *p = read_sample(samples[i].path, samples[i].to_be);
        write_ok(p, path, NULL);
        book k = open_book(path);
        check_summary(p, k.sum, samples[i].title);
        close_book(&k);
        isomm_portfolio_free(p);
    }
    free(path);
}

/* One A4 landscape page: fit to 1 x 1, a print area, the sheet name in
 * the footer (tests/libreoffice_open.sh counts its pages in the PDF). */
static void test_summary_print(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    char *path = path_in("print.xlsx");
    write_ok(p, path, NULL);
    book k = open_book(path);
    char *xml = sheet_xml(&k, SHEET_SUMMARY);
    contains(xml, "<pageSetUpPr fitToPage=\"1\"/>");
    contains(xml, "paperSize=\"9\" orientation=\"landscape\"");
    assert_null(strstr(xml, "fitToWidth=")); /* 1 is the default */
    assert_null(strstr(xml, "fitToHeight="));
    contains(xml, "<oddFooter>&amp;L&amp;8&amp;A&amp;R&amp;8&amp;P / &amp;N</oddFooter>");
    contains(xml, "<sheetView showGridLines=\"0\"");
    free(xml);
    char *wb = part(&k, "xl/workbook.xml");
    contains(wb, "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">"
                 "'サマリー'!$A$1:$P$38</definedName>");
    contains(wb, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">"
                 "'サービスポートフォリオ'!$1:$2</definedName>");
    free(wb);
    xml = sheet_xml(&k, SHEET_PORTFOLIO);
    contains(xml, "fitToHeight=\"0\"");
    free(xml);
    close_book(&k);
    isomm_portfolio_free(p);
    free(path);
}

/* ---- サービスポートフォリオ ---------------------------------------------- */

static void test_portfolio_validations(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    char *path = path_in("validations.xlsx");
    write_ok(p, path, NULL);
    book k = open_book(path);
    char *xml = sheet_xml(&k, SHEET_PORTFOLIO);
    contains(xml, "<dataValidations count=\"3\">");
    contains(xml, "<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" "
                  "showErrorMessage=\"1\" errorTitle=\"推奨レベル\"");
    contains(xml, "sqref=\"F3:F66\"><formula1>\"不要,ベーシック,スタンダード,"
                  "アドバンスド,オプション\"</formula1>");
    contains(xml, "sqref=\"G3:G66\"><formula1>\"インソース,アウトソース,併用,"
                  "未割り当て\"</formula1>");
    contains(xml, "<dataValidation type=\"whole\" allowBlank=\"1\"");
    contains(xml, "sqref=\"I3:J66\"><formula1>1</formula1><formula2>5</formula2>");

    /* Conditional formats: 不要 rows grey, a colour scale on the scores,
     * gaps of 2 or more. */
    contains(xml, "<conditionalFormatting sqref=\"A3:Q66\"><cfRule type=\"expression\"");
    contains(xml, "<formula>$F3=\"不要\"</formula>");
    contains(xml, "<conditionalFormatting sqref=\"I3:J66\"><cfRule type=\"colorScale\"");
    contains(xml, "<cfvo type=\"num\" val=\"1\"/><cfvo type=\"num\" val=\"3\"/>"
                  "<cfvo type=\"num\" val=\"5\"/>");
    contains(xml, "<conditionalFormatting sqref=\"K3:K66\"><cfRule type=\"cellIs\"");
    contains(xml, "operator=\"greaterThanOrEqual\"><formula>2</formula>");
    /* Frozen at C3; the autofilter covers the header and the rows. */
    contains(xml, "<pane xSplit=\"2\" ySplit=\"2\" topLeftCell=\"C3\"");
    contains(xml, "<autoFilter ref=\"A2:Q66\"/>");
    free(xml);
    close_book(&k);
    isomm_portfolio_free(p);
    free(path);
}

static void test_portfolio_formulas(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    p->pattern_target = isomm_catalog_find_pattern(cat, "hybrid");
    advice_set a;
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    char *path = path_in("formulas.xlsx");
    write_ok(p, path, NULL);
    book k = open_book(path);
    const ooxml_grid *g = k.pf;

    /* The formulas as docs/workbook.md prints them, for row 3. */
    assert_string_equal(formula_of(g, "K3"),
                        "IF(AND(ISNUMBER(I3),ISNUMBER(J3)),J3-I3,\"\")");
    assert_string_equal(
        formula_of(g, "M3"),
        "IF(OR(NOT(ISNUMBER(I3)),F3=\"不要\",L3=\"\"),\"\","
        "IF(G3=\"インソース\",IF(L3=\"自組織\",\"インソース強化\",\"アウトソース化検討\"),"
        "IF(G3=\"アウトソース\",IF(L3=\"自組織\",\"インソース化検討\",\"アウトソース強化\"),"
        "IF(G3=\"併用\",IF(L3=\"自組織\",\"インソース強化\",\"アウトソース強化\"),\"\"))))");
    assert_string_equal(
        formula_of(g, "N3"),
        "IF(M3=\"\",\"\",SUMPRODUCT(($M$3:$M$66=M3)*($I$3:$I$66<I3))"
        "+SUMPRODUCT(($M$2:M2=M3)*($I$2:I2=I3))+1)");

    for (size_t i = 0; i < cat->service_count; i++) {
        const isomm_service_result *r = &p->services[i];
        unsigned row = 2 + (unsigned)i;
        if (r->as_is >= 0 && r->to_be >= 0)
            formula_number(at_rc(g, row, 10), ref(row, 10), r->to_be - r->as_is);
        else
            formula_text(at_rc(g, row, 10), ref(row, 10), "");
        want_text(at_rc(g, row, 11), ref(row, 11),
                  a.in_house[i] ? "自組織" : "外部");
        formula_text(at_rc(g, row, 12), ref(row, 12), advice_label(a.kind[i]));
        if (a.rank[i])
            formula_number(at_rc(g, row, 13), ref(row, 13), (double)a.rank[i]);
        else
            formula_text(at_rc(g, row, 13), ref(row, 13), "");
    }
    advice_free(&a);
    close_book(&k);
    isomm_portfolio_free(p);
    free(path);
}

/* ---- カテゴリー別 --------------------------------------------------------- */

static void test_categories(void **state)
{
    (void)state;
    isomm_portfolio *p = read_sample("samples/beta-finance.xlsx", 0);
    /* Some To-Be to average, not everywhere. */
    for (size_t i = 0; i < cat->service_count; i += 3)
        if (p->services[i].as_is >= 0)
            p->services[i].to_be = 5;
    isomm_portfolio_update_categories(p);
    advice_set a;
    assert_int_equal(advice_compute(p, &a), ISOMM_OK);
    char *path = path_in("categories.xlsx");
    write_ok(p, path, NULL);
    book k = open_book(path);
    const ooxml_grid *g = k.cat;

    assert_string_equal(
        formula_of(g, "C5"),
        "IFERROR(AVERAGEIFS('サービスポートフォリオ'!$I$3:$I$66,"
        "'サービスポートフォリオ'!$C$3:$C$66,\"A. CDCの戦略マネジメント\"),\"\")");
    assert_string_equal(
        formula_of(g, "H5"),
        "IFERROR(AVERAGEIFS('v2.1 入力'!$F$7:$F$60,'v2.1 入力'!$A$7:$A$60,"
        "\"A. セキュリティ対応組織運営\",'v2.1 入力'!$F$7:$F$60,\">=1\"),\"\")");
    assert_string_equal(
        formula_of(g, "I5"),
        "IF(ISNUMBER(C5),SUMPRODUCT(ISNUMBER($C$5:$C$13)*($C$5:$C$13>C5))"
        "+SUMPRODUCT(ISNUMBER($C$4:C4)*($C$4:C4=C5))+1,\"\")");
    int saw_null = 0;
    for (size_t c = 0; c < cat->category_count; c++) {
        const isomm_category_result *cr = &p->categories[c];
        unsigned row = 4 + (unsigned)c;
        want_text(at_rc(g, row, 0), ref(row, 0), cat->categories[c].id);
        if (cr->assessed) {
            formula_number(at_rc(g, row, 2), ref(row, 2), cr->as_is);
            formula_number(at_rc(g, row, 8), ref(row, 8), (double)a.rank_high[c]);
            formula_number(at_rc(g, row, 9), ref(row, 9), (double)a.rank_low[c]);
        } else {
            saw_null = 1; /* beta: H has no As-Is */
            formula_text(at_rc(g, row, 2), ref(row, 2), "");
            formula_text(at_rc(g, row, 8), ref(row, 8), "");
            formula_text(at_rc(g, row, 9), ref(row, 9), "");
        }
        if (cr->to_be_count)
            formula_number(at_rc(g, row, 3), ref(row, 3), cr->to_be);
        else
            formula_text(at_rc(g, row, 3), ref(row, 3), "");
        formula_number(at_rc(g, row, 5), ref(row, 5), (double)cr->assessed);
        formula_number(at_rc(g, row, 6), ref(row, 6), (double)cr->total);
        if (a.before_count[c])
            formula_number(at_rc(g, row, 7), ref(row, 7), a.before[c]);
        else
            formula_text(at_rc(g, row, 7), ref(row, 7), "");
        want_text(at_rc(g, row, 10), ref(row, 10), cat->categories[c].description);
    }
    assert_true(saw_null);

    /* The chart data (O..U): one row per service, grouped by category. */
    text_at(g, "O4", "ID");
    size_t row = 4;
    for (size_t c = 0; c < cat->category_count; c++)
        for (size_t s = 0; s < cat->service_count; s++) {
            if (cat->services[s].category != c)
                continue;
            const isomm_service_result *r = &p->services[s];
            want_text(at_rc(g, (unsigned)row, 14), ref((unsigned)row, 14),
                      cat->services[s].id);
            formula_text(at_rc(g, (unsigned)row, 16), ref((unsigned)row, 16),
                         isomm_side_label(r->allocation));
            int col = r->allocation == ISOMM_SIDE_INSOURCE    ? 17
                      : r->allocation == ISOMM_SIDE_OUTSOURCE ? 18
                                                              : 19;
            for (int k2 = 17; k2 <= 19; k2++)
                if (k2 == col && r->as_is >= 0)
                    formula_number(at_rc(g, (unsigned)row, (unsigned)k2),
                                   ref((unsigned)row, (unsigned)k2), r->as_is);
                else
                    formula_text(at_rc(g, (unsigned)row, (unsigned)k2),
                                 ref((unsigned)row, (unsigned)k2), "");
            row++;
        }
    advice_free(&a);
    close_book(&k);
    isomm_portfolio_free(p);
    free(path);
}

/* ---- charts ------------------------------------------------------------ */

static void test_charts(void **state)
{
    (void)state;
    isomm_portfolio *p = read_sample("samples/alpha-manufacturing.xlsx", 4);
    char *path = path_in("charts.xlsx");
    write_ok(p, path, NULL);
    book k = open_book(path);
    /* サマリー: the radar; カテゴリー別: the radar and 9 bar charts; v2.1 入力:
     * 役割別成熟度 in two charts (roles A-1..D-8 and E-1..I-6). */
    assert_true(ooxml_has_part(k.b, "xl/charts/chart13.xml"));
    assert_false(ooxml_has_part(k.b, "xl/charts/chart14.xml"));
    for (int c = 0; c < 2; c++) {
        char *roles = part(&k, c ? "xl/charts/chart13.xml" : "xl/charts/chart12.xml");
        contains(roles, "<c:barDir val=\"bar\"/>");
        assert_int_equal(count_of(roles, "<c:ser>"), 1);
        contains(roles, c ? "<c:f>'v2.1 入力'!$F$31:$F$60</c:f>"
                          : "<c:f>'v2.1 入力'!$F$7:$F$30</c:f>");
        contains(roles, c ? "<c:v>E-1 ネットワーク情報収集</c:v>" : "<c:v>A-1 全体方針管理</c:v>");
        /* One coloured point per role: the side's colour. */
        assert_int_equal(count_of(roles, "<c:dPt>"), c ? 30 : 24);
        contains(roles, "2F5597"); /* インソース */
        free(roles);
    }
    /* The levels in the cache: A-1 as read from alpha. */
    char *roles = part(&k, "xl/charts/chart12.xml");
    char want[64];
    snprintf(want, sizeof want, "<c:pt idx=\"0\"><c:v>%d</c:v></c:pt>", p->roles[0].level);
    assert_true(p->roles[0].state == ISOMM_ROLE_SCORED);
    contains(roles, want);
    free(roles);

    char *radar = part(&k, "xl/charts/chart1.xml");
    contains(radar, "<c:radarChart>");
    assert_int_equal(count_of(radar, "<c:ser>"), 3);
    contains(radar, "<c:f>'サマリー'!$B$14:$B$22</c:f>");
    contains(radar, "<c:f>'サマリー'!$F$14:$F$22</c:f>"); /* As-Is */
    contains(radar, "<c:f>'サマリー'!$G$14:$G$22</c:f>"); /* To-Be */
    contains(radar, "<c:f>'サマリー'!$E$14:$E$22</c:f>"); /* v2.1 */
    contains(radar, "<c:v>v2.1 (移行前)</c:v>");
    contains(radar, "<c:max val=\"5\"/>");
    /* The cache holds the values, not libxlsxwriter's zeros for formulas:
     * B. 即時分析 averages 3.75 in alpha. */
    contains(radar, "<c:pt idx=\"1\"><c:v>3.75</c:v></c:pt>");
    free(radar);

    char *radar2 = part(&k, "xl/charts/chart2.xml");
    contains(radar2, "<c:f>'カテゴリー別'!$C$5:$C$13</c:f>");
    free(radar2);

    /* A. CDCの戦略マネジメント: As-Is by allocation, To-Be as an outline. */
    char *bar = part(&k, "xl/charts/chart3.xml");
    contains(bar, "<c:barDir val=\"bar\"/>");
    contains(bar, "<c:overlap val=\"100\"/>");
    assert_int_equal(count_of(bar, "<c:ser>"), 4);
    contains(bar, "<c:f>'カテゴリー別'!$P$5:$P$17</c:f>");
    contains(bar, "<c:f>'カテゴリー別'!$R$5:$R$17</c:f>");
    contains(bar, "<c:f>'カテゴリー別'!$S$5:$S$17</c:f>");
    contains(bar, "<c:f>'カテゴリー別'!$T$5:$T$17</c:f>");
    contains(bar, "<c:f>'カテゴリー別'!$U$5:$U$17</c:f>");
    contains(bar, "<c:v>A-1 リスクマネジメント</c:v>");
    contains(bar, "<c:pt idx=\"0\"><c:v>3</c:v></c:pt>"); /* A-1 insource 3 */
    contains(bar, "<c:orientation val=\"maxMin\"/>");     /* A-1 on top */
    free(bar);
    close_book(&k);

    /* No To-Be, no roles: the radar has the As-Is only. */
    isomm_portfolio *q = pf_fixture_new(cat, 0);
    assert_non_null(q);
    for (size_t i = 0; i < cat->service_count; i++)
        q->services[i].to_be = -1;
    isomm_portfolio_update_categories(q);
    write_ok(q, path, NULL);
    k = open_book(path);
    radar = part(&k, "xl/charts/chart1.xml");
    assert_int_equal(count_of(radar, "<c:ser>"), 1);
    free(radar);
    assert_false(ooxml_has_part(k.b, "xl/charts/chart12.xml")); /* no v2.1 入力 */
    for (size_t c = 0; c < cat->category_count; c++)
        formula_text(at_rc(k.sum, 13 + (unsigned)c, 4), ref(13 + (unsigned)c, 4), "—");
    close_book(&k);
    isomm_portfolio_free(q);
    isomm_portfolio_free(p);
    free(path);
}

/* ---- 移行レポート -------------------------------------------------------- */

static long find_row(const ooxml_grid *g, unsigned col, const char *text,
                     unsigned from)
{
    for (size_t i = 0; i < g->count; i++)
        if (g->cells[i].row >= from && g->cells[i].col == col &&
            strcmp(g->cells[i].text, text) == 0)
            return (long)g->cells[i].row;
    return -1;
}

static void test_report(void **state)
{
    (void)state;
    isomm_portfolio *p = read_sample("samples/alpha-manufacturing.xlsx", 0);
    char *path = path_in("report.xlsx");
    write_ok(p, path, NULL);
    book k = open_book(path);
    const ooxml_grid *g = k.rep;

    /* 1. roles -> services */
    long h1 = find_row(g, 0, "1. v2.1 の役割 → X.1060 のサービス（54 役割）", 0);
    assert_true(h1 > 0);
    long r = find_row(g, 0, "A-1", (unsigned)h1);
    assert_true(r > h1);
    want_text(at_rc(g, (unsigned)r, 2), "C", "評価済み");
    want_text(at_rc(g, (unsigned)r, 3), "D", "インソース");
    want_number(at_rc(g, (unsigned)r, 4), "E", 3);
    want_text(at_rc(g, (unsigned)r, 5), "F",
              "A-1 リスクマネジメント、A-2 リスクアセスメント、A-3 ポリシーの企画立案、"
              "A-4 ポリシー管理、A-5 事業継続性、A-6 事業影響度分析");
    r = find_row(g, 0, "B-2", (unsigned)h1);
    want_text(at_rc(g, (unsigned)r, 2), "C", "未回答");

    /* 2. services <- roles, with the levels and the merge */
    long h2 = find_row(g, 0, "2. X.1060 のサービス ← v2.1 の役割（64 サービス）", 0);
    assert_true(h2 > r);
    r = find_row(g, 0, "A-7", (unsigned)h2);
    want_text(at_rc(g, (unsigned)r, 2), "C", "統合: 最小 (min)");
    want_text(at_rc(g, (unsigned)r, 3), "D", "併用");
    want_number(at_rc(g, (unsigned)r, 4), "E", 2);
    want_text(at_rc(g, (unsigned)r, 5), "F",
              "A-6 リソース管理: インソース 3、I-4 セキュリティ人材の確保: アウトソース 2");
    r = find_row(g, 0, "A-8", (unsigned)h2);
    want_text(at_rc(g, (unsigned)r, 2), "C", "新設（移行元なし）");
    r = find_row(g, 0, "E-5", (unsigned)h2);
    want_text(at_rc(g, (unsigned)r, 2), "C", "不要（すべて対象外）");

    /* 3. every warning */
    long h3 = -1;
    for (size_t i = 0; i < g->count; i++)
        if (g->cells[i].col == 0 && strncmp(g->cells[i].text, "3. 警告と確認事項", 24) == 0)
            h3 = (long)g->cells[i].row;
    assert_true(h3 > r);
    size_t reader = 0, blank = 0, fresh = 0, partial = 0, unanswered = 0;
    for (size_t i = 0; i < g->count; i++) {
        const ooxml_cell *c = &g->cells[i];
        if ((long)c->row <= h3 + 1 || c->col != 1)
            continue;
        reader += strcmp(c->text, "読み取り") == 0;
        blank += strcmp(c->text, "未回答の役割") == 0;
        fresh += strcmp(c->text, "X.1060 で新設") == 0;
        partial += strcmp(c->text, "一部の役割で算出") == 0;
        unanswered += strcmp(c->text, "評価なし") == 0;
    }
    assert_int_equal(reader, p->warnings.count);
    assert_true(reader >= 1); /* E-3: two marks on the insource side */
    size_t want_blank = 0, want_partial = 0, want_unanswered = 0;
    for (size_t i = 0; i < cat->role_count; i++)
        want_blank += p->roles[i].state == ISOMM_ROLE_BLANK;
    for (size_t s = 0; s < cat->service_count; s++) {
        unsigned f = p->services[s].flags;
        want_partial += !(f & ISOMM_FLAG_NEW) && !(f & ISOMM_FLAG_UNANSWERED) &&
                        (f & ISOMM_FLAG_PARTIAL);
        want_unanswered += (f & ISOMM_FLAG_UNANSWERED) != 0;
    }
    assert_int_equal(blank, want_blank);
    assert_int_equal(fresh, 11);
    assert_int_equal(partial, want_partial);
    assert_int_equal(unanswered, want_unanswered);
    assert_true(blank > 0 && partial > 0 && unanswered > 0);
    char want_heading[64];
    snprintf(want_heading, sizeof want_heading, "3. 警告と確認事項（%zu 件）",
             reader + blank + fresh + partial + unanswered);
    want_text(at_rc(g, (unsigned)h3, 0), "heading", want_heading);
    int found = 0;
    for (size_t i = 0; i < g->count; i++)
        found |= strcmp(g->cells[i].text, p->warnings.items[0]) == 0;
    assert_true(found);
    close_book(&k);
    isomm_portfolio_free(p);
    free(path);
}

/* ---- every formula carries its value; reruns are byte-identical -------- */

static size_t check_cached(const ooxml_grid *g)
{
    size_t n = 0;
    for (size_t i = 0; g && i < g->count; i++)
        if (g->cells[i].formula) {
            n++;
            if (g->cells[i].type == OOXML_EMPTY) {
                char r[16];
                ooxml_cell_ref(g->cells[i].row, g->cells[i].col, r);
                fail_msg("%s: formula without a cached value", r);
            }
        }
    return n;
}

static void test_cached_and_reproducible(void **state)
{
    (void)state;
    static const char *const samples[] = {
        "samples/alpha-manufacturing.xlsx",
        "samples/beta-finance.xlsx",
        "samples/gamma-retail.xlsx",
    };
    char *a = path_in("a.xlsx"), *b = path_in("b.xlsx");
    setenv("SOURCE_DATE_EPOCH", "1711929600", 1); /* 2024-04-01 */
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        for (int to_be = 0; to_be <= 4; to_be += 4) {
            isomm_portfolio *p = read_sample(samples[i], to_be);
            isomm_xlsx_options opt = {.organization = to_be ? "別名" : NULL};
            write_ok(p, a, &opt);
            isomm_portfolio_free(p);
            p = read_sample(samples[i], to_be); /* a fresh read */
            write_ok(p, b, &opt);
            isomm_portfolio_free(p);
            size_t alen = 0, blen = 0;
            char *ad = read_all(a, &alen), *bd = read_all(b, &blen);
            assert_non_null(ad);
            assert_non_null(bd);
            assert_int_equal(alen, blen);
            assert_memory_equal(ad, bd, alen);
            free(ad);
            free(bd);

            book k = open_book(a);
            size_t n = check_cached(k.sum) + check_cached(k.pf) +
                       check_cached(k.cat) + check_cached(k.rep) +
                       check_cached(k.roles);
            assert_true(n > 600);
            char *core = part(&k, "docProps/core.xml");
            contains(core, ">2024-04-01T00:00:00Z</dcterms:created>");
            free(core);
            close_book(&k);
        }
    }
    unsetenv("SOURCE_DATE_EPOCH");
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_summary_samples),
        cmocka_unit_test(test_summary_print),
        cmocka_unit_test(test_portfolio_validations),
        cmocka_unit_test(test_portfolio_formulas),
        cmocka_unit_test(test_categories),
        cmocka_unit_test(test_charts),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_cached_and_reproducible),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
