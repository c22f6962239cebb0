/* test_writer.c - the portfolio workbook (isomm_write_xlsx): sheets, the
 * documented cell layout of the tables, atomic failure and reproducible
 * bytes (the handout's formulas, charts and print set-up: test_handout.c).
 * The portfolio is built by hand (support/portfolio_fixture.c) and the
 * workbook is read back with the reader's internal API (src/xlsx.h). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "book.h"
#include "check.h"
#include "isomm/isomm.h"
#include "core/core.h"
#include "portfolio_fixture.h"
#include "run.h"
#include "xlsx/xlsx.h"
#include "ooxml/ooxml.h"

#define SHEET_SUMMARY "サマリー"
#define SHEET_PORTFOLIO "サービスポートフォリオ"
#define SHEET_CATEGORIES "カテゴリー別"
#define SHEET_REPORT "移行レポート"
#define SHEET_ROLES "v2.1 入力"

/* The documented layout (docs/workbook.md; 0-based rows and columns). */
#define PF_HEADER_ROW 1
#define PF_FIRST_ROW 2
enum { PF_ID, PF_NAME, PF_CATEGORY, PF_REGION, PF_PROCESS, PF_REC, PF_ALLOC,
       PF_OWNER, PF_AS_IS, PF_TO_BE, PF_GAP, PF_DOMAIN, PF_DIRECTION, PF_RANK,
       PF_SOURCES, PF_SOURCE_NAMES, PF_MEMO, PF_COLS };
#define ROLES_HEADER_ROW 5
#define ROLES_FIRST_ROW 6

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

static void assert_text(const ooxml_grid *g, unsigned r, unsigned c,
                        const char *want)
{
    char ref[16];
    ooxml_cell_ref(r, c, ref);
    const ooxml_cell *cell = ooxml_grid_at(g, r, c);
    if (!cell || cell->type != OOXML_STRING)
        fail_msg("%s: want \"%s\", got %s", ref, want,
                 cell ? cell->text : "no cell");
    if (strcmp(cell->text, want) != 0)
        fail_msg("%s: want \"%s\", got \"%s\"", ref, want, cell->text);
}

static void assert_number(const ooxml_grid *g, unsigned r, unsigned c,
                          double want)
{
    char ref[16];
    ooxml_cell_ref(r, c, ref);
    const ooxml_cell *cell = ooxml_grid_at(g, r, c);
    if (!cell || cell->type != OOXML_NUMBER)
        fail_msg("%s: want %g, got %s", ref, want,
                 cell ? cell->text : "no cell");
    if (cell->number < want - 1e-9 || cell->number > want + 1e-9)
        fail_msg("%s: want %g, got %.10g", ref, want, cell->number);
}

/* No value at all: a null is an empty cell, never 0 nor "". */
static void assert_blank(const ooxml_grid *g, unsigned r, unsigned c)
{
    char ref[16];
    ooxml_cell_ref(r, c, ref);
    const ooxml_cell *cell = ooxml_grid_at(g, r, c);
    if (cell && cell->type != OOXML_EMPTY)
        fail_msg("%s: want an empty cell, got \"%s\"", ref, cell->text);
}

static void assert_text_or_blank(const ooxml_grid *g, unsigned r, unsigned c,
                                 const char *want)
{
    if (want && *want)
        assert_text(g, r, c, want);
    else
        assert_blank(g, r, c);
}

static void assert_score(const ooxml_grid *g, unsigned r, unsigned c, int v)
{
    if (v < 0)
        assert_blank(g, r, c);
    else
        assert_number(g, r, c, v);
}

/* ---- sheets ---------------------------------------------------------- */

static void test_sheet_names(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    char *path = path_in("sheets.xlsx");
    write_ok(p, path, NULL);
    ooxml_book *b = book_open_ok(path);
    assert_int_equal(ooxml_sheet_count(b), 5);
    assert_string_equal(ooxml_sheet_name(b, 0), SHEET_SUMMARY);
    assert_string_equal(ooxml_sheet_name(b, 1), SHEET_PORTFOLIO);
    assert_string_equal(ooxml_sheet_name(b, 2), SHEET_CATEGORIES);
    assert_string_equal(ooxml_sheet_name(b, 3), SHEET_REPORT);
    assert_string_equal(ooxml_sheet_name(b, 4), SHEET_ROLES);
    ooxml_close(b);
    isomm_portfolio_free(p);

    /* No roles (a v3.1 portfolio read directly): no v2.1 sheet. */
    p = pf_fixture_new(cat, 0);
    assert_non_null(p);
    write_ok(p, path, NULL); /* replaces the file */
    b = book_open_ok(path);
    assert_int_equal(ooxml_sheet_count(b), 4);
    assert_int_equal(ooxml_find_sheet(b, SHEET_ROLES), -1);
    ooxml_close(b);
    isomm_portfolio_free(p);
    free(path);
}

/* ---- サービスポートフォリオ -------------------------------------------- */

static char *joined_sources(const isomm_service *s, int names)
{
    static char buf[4096];
    buf[0] = '\0';
    for (size_t k = 0; k < s->source_count; k++) {
        const isomm_role *r = &cat->roles[s->sources[k]];
        if (k)
            strcat(buf, names ? "、" : ", ");
        strcat(buf, names ? r->name : r->id);
    }
    return buf;
}

static void test_portfolio_rows(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    char *path = path_in("portfolio.xlsx");
    write_ok(p, path, NULL);
    ooxml_book *b = book_open_ok(path);
    ooxml_grid *g = load_sheet(b, SHEET_PORTFOLIO);

    /* The textbook's matrix: spanning headings, then one label per column. */
    assert_text(g, 0, PF_ID, "サービス");
    assert_text(g, 0, PF_AS_IS, "サービススコア");
    assert_text(g, 0, PF_SOURCES, "ISOMM v2.1 からの移行");
    static const char *const heads[PF_COLS] = {
        "ID", "サービス名", "カテゴリー", "領域", "マネジメントプロセス",
        "推奨レベル", "サービス割り当て", "担当・委託先", "現状 (As-Is)",
        "あるべき姿 (To-Be)", "ギャップ", "目標パターンでの担当", "改善の方向",
        "順位", "移行元", "移行元の役割", "移行メモ"};
    for (unsigned c = 0; c < PF_COLS; c++)
        assert_text(g, PF_HEADER_ROW, c, heads[c]);
    assert_non_null(ooxml_grid_merge_at(g, 0, PF_NAME));
    assert_non_null(ooxml_grid_merge_at(g, 0, PF_TO_BE));

    /* One row per service, in catalog order, and nothing after them. */
    assert_int_equal(cat->service_count, 64);
    assert_int_equal(g->rows, PF_FIRST_ROW + cat->service_count);
    size_t nulls = 0;
    for (size_t i = 0; i < cat->service_count; i++) {
        const isomm_service *s = &cat->services[i];
        const isomm_service_result *r = &p->services[i];
        unsigned row = PF_FIRST_ROW + (unsigned)i;
        char category[256];
        snprintf(category, sizeof category, "%s. %s",
                 cat->categories[s->category].id,
                 cat->categories[s->category].name);
        assert_text(g, row, PF_ID, s->id);
        assert_text(g, row, PF_NAME, s->name);
        assert_text(g, row, PF_CATEGORY, category);
        assert_text(g, row, PF_REGION,
                    s->regions == 15 ? "全領域" : isomm_region_label(s->regions));
        assert_text(g, row, PF_PROCESS, isomm_process_label(s->process));
        assert_text_or_blank(g, row, PF_REC,
                             isomm_recommendation_label(pf_fixture_recommendation(i)));
        assert_text_or_blank(g, row, PF_ALLOC,
                             isomm_side_label(pf_fixture_allocation(i)));
        assert_blank(g, row, PF_OWNER);
        assert_score(g, row, PF_AS_IS, pf_fixture_as_is(i));
        assert_score(g, row, PF_TO_BE, pf_fixture_to_be(i));
        assert_text_or_blank(g, row, PF_SOURCES, joined_sources(s, 0));
        assert_text_or_blank(g, row, PF_SOURCE_NAMES, joined_sources(s, 1));
        assert_text_or_blank(g, row, PF_MEMO, r->memo);
        nulls += pf_fixture_as_is(i) < 0;
    }
    assert_true(nulls > 0); /* the fixture does exercise null cells */

    /* Spot checks that do not go through the fixture's helpers. */
    assert_text(g, PF_FIRST_ROW, PF_ID, "A-1");
    assert_text(g, PF_FIRST_ROW, PF_REGION, "I");
    assert_text(g, PF_FIRST_ROW, PF_PROCESS, "戦略マネジメント");
    assert_text(g, PF_FIRST_ROW, PF_ALLOC, "インソース");
    assert_number(g, PF_FIRST_ROW, PF_AS_IS, 1);
    assert_text(g, PF_FIRST_ROW, PF_REC, "ベーシック");
    assert_blank(g, PF_FIRST_ROW + 3, PF_AS_IS); /* null */
    assert_text(g, PF_FIRST_ROW + (unsigned)isomm_catalog_find_service(cat, "I-5"),
                PF_REGION, "全領域");

    /* Frozen header, an autofilter over the header row. */
    char *sheet = read_part(b, ooxml_sheet_part(b, (size_t)ooxml_find_sheet(b, SHEET_PORTFOLIO)));
    assert_contains(sheet, "state=\"frozen\"");
    assert_contains(sheet, "ySplit=\"2\"");
    assert_contains(sheet, "<autoFilter ref=\"A2:Q66\"");
    free(sheet);

    ooxml_grid_free(g);
    ooxml_close(b);
    isomm_portfolio_free(p);
    free(path);
}

/* ---- v2.1 入力 -------------------------------------------------------- */

static void test_roles_sheet(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    char *path = path_in("roles.xlsx");
    write_ok(p, path, NULL);
    ooxml_book *b = book_open_ok(path);
    ooxml_grid *g = load_sheet(b, SHEET_ROLES);
    /* The patterns the sheet chose, then the table. */
    assert_text(g, 1, 0, "現在のパターン");
    assert_text(g, 1, 1, cat->patterns[1].name);
    assert_text(g, 2, 0, "目指すパターン");
    assert_text(g, 2, 1, "未設定");
    assert_text(g, 3, 1, "fixture/自己評価シート.xlsx");
    static const char *const heads[] = {"機能", "ID", "役割", "状態",
                                        "インソース / アウトソース", "レベル",
                                        "備考"};
    for (unsigned c = 0; c < 7; c++)
        assert_text(g, ROLES_HEADER_ROW, c, heads[c]);
    assert_int_equal(cat->role_count, 54);
    assert_int_equal(g->rows, ROLES_FIRST_ROW + cat->role_count);
    for (size_t i = 0; i < cat->role_count; i++) {
        unsigned row = ROLES_FIRST_ROW + (unsigned)i;
        isomm_role_result r = pf_fixture_role(i);
        const isomm_group *fn = &cat->functions[cat->roles[i].function];
        char label[256];
        snprintf(label, sizeof label, "%s. %s", fn->id, fn->name);
        assert_text(g, row, 0, label);
        assert_text(g, row, 1, cat->roles[i].id);
        assert_text(g, row, 2, cat->roles[i].name);
        assert_text(g, row, 3,
                    r.state == ISOMM_ROLE_SCORED     ? "評価済み"
                    : r.state == ISOMM_ROLE_DECLINED ? "対象外(0)"
                                                     : "未回答");
        assert_text_or_blank(g, row, 4, isomm_side_label(r.side));
        assert_score(g, row, 5, r.level);
        assert_text_or_blank(g, row, 6, p->role_notes[i]);
    }
    assert_number(g, ROLES_FIRST_ROW + 1, 5, 0); /* declined: level 0 */
    ooxml_grid_free(g);
    ooxml_close(b);
    isomm_portfolio_free(p);
    free(path);
}

/* ---- failures leave nothing behind ------------------------------------ */

static void test_missing_directory(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    char *path = path_in("no-such-dir/out.xlsx");
    size_t before = dir_count(dir);
    char err[ISOMM_ERRBUF_SIZE] = "";
    assert_int_equal(isomm_write_xlsx(p, path, NULL, err), ISOMM_ERR_WRITE);
    assert_true(strncmp(err, path, strlen(path)) == 0);
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0);
    assert_int_equal(dir_count(dir), before);
    isomm_portfolio_free(p);
    free(path);
}

static void test_output_is_directory(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 0);
    assert_non_null(p);
    char *sub = path_in("sub");
    assert_int_equal(mkdir(sub, 0700), 0);
    char *path = path_in("sub/taken.xlsx");
    assert_int_equal(mkdir(path, 0700), 0);
    char err[ISOMM_ERRBUF_SIZE] = "";
    /* The workbook is written, but cannot be renamed onto a directory. */
    assert_int_equal(isomm_write_xlsx(p, path, NULL, err), ISOMM_ERR_WRITE);
    assert_true(strncmp(err, path, strlen(path)) == 0);
    assert_int_equal(dir_count(sub), 1); /* no temporary file left */
    isomm_portfolio_free(p);
    free(path);
    free(sub);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    char *path = path_in("args.xlsx");
    char err[ISOMM_ERRBUF_SIZE] = "";
    assert_int_equal(isomm_write_xlsx(NULL, path, NULL, err), ISOMM_ERR_ARG);
    isomm_portfolio *p = pf_fixture_new(cat, 0);
    assert_non_null(p);
    assert_int_equal(isomm_write_xlsx(p, NULL, NULL, NULL), ISOMM_ERR_ARG);
    assert_int_equal(isomm_write_xlsx(p, "", NULL, err), ISOMM_ERR_ARG);
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0);
    isomm_portfolio_free(p);
    free(path);
}

/* ---- reproducibility -------------------------------------------------- */

static void test_reproducible(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    char *a = path_in("a.xlsx"), *b = path_in("b.xlsx");
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    write_ok(p, a, NULL);
    write_ok(p, b, NULL);
    size_t alen = 0, blen = 0;
    char *ad = read_all(a, &alen), *bd = read_all(b, &blen);
    assert_non_null(ad);
    assert_non_null(bd);
    assert_int_equal(alen, blen);
    assert_memory_equal(ad, bd, alen);
    free(ad);
    free(bd);
    ooxml_book *book = book_open_ok(a);
    char *core = read_part(book, "docProps/core.xml");
    assert_contains(core, ">2023-11-14T22:13:20Z</dcterms:created>");
    free(core);
    ooxml_close(book);

    /* 0 is a valid epoch; libxlsxwriter would read it as "now". */
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    write_ok(p, a, NULL);
    book = book_open_ok(a);
    core = read_part(book, "docProps/core.xml");
    assert_contains(core, ">1970-01-01T00:00:01Z</dcterms:created>");
    free(core);
    ooxml_close(book);

    /* A malformed value is refused before anything is written. */
    setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
    char *c = path_in("c.xlsx");
    char err[ISOMM_ERRBUF_SIZE] = "";
    size_t before = dir_count(dir);
    assert_int_equal(isomm_write_xlsx(p, c, NULL, err), ISOMM_ERR_ARG);
    assert_non_null(strstr(err, "SOURCE_DATE_EPOCH"));
    assert_int_equal(dir_count(dir), before);
    unsetenv("SOURCE_DATE_EPOCH");

    isomm_portfolio_free(p);
    free(a);
    free(b);
    free(c);
}

/* ---- text that XML cannot carry as is --------------------------------- */

static void test_hostile_text(void **state)
{
    (void)state;
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    core_strlist_clear(&p->warnings);
    assert_int_equal(core_strlist_addf(&p->warnings, "ctl\x01 bad\xff utf8"),
                     ISOMM_OK);
    /* A memo longer than a cell can hold is cut to 32767 characters. */
    size_t big = 40000;
    free(p->services[0].memo);
    p->services[0].memo = malloc(big * 3 + 1);
    assert_non_null(p->services[0].memo);
    for (size_t i = 0; i < big; i++)
        memcpy(p->services[0].memo + 3 * i, "あ", 3);
    p->services[0].memo[big * 3] = '\0';
    free(p->path);
    p->path = strdup("<&>\"'.xlsx");
    assert_non_null(p->path);

    char *path = path_in("hostile.xlsx");
    write_ok(p, path, NULL);
    ooxml_book *b = book_open_ok(path);
    ooxml_grid *g = load_sheet(b, SHEET_ROLES);
    assert_text(g, 3, 1, "<&>\"'.xlsx");
    ooxml_grid_free(g);
    /* The warning is on the 移行レポート, cleaned. */
    g = load_sheet(b, SHEET_REPORT);
    int found = 0;
    for (size_t i = 0; i < g->count; i++)
        found |= strcmp(g->cells[i].text,
                        "ctl\xEF\xBF\xBD bad\xEF\xBF\xBD utf8") == 0;
    assert_true(found);
    ooxml_grid_free(g);
    g = load_sheet(b, SHEET_PORTFOLIO);
    const ooxml_cell *memo = ooxml_grid_at(g, PF_FIRST_ROW, PF_MEMO);
    assert_non_null(memo);
    assert_int_equal(strlen(memo->text), 32767 * 3);
    ooxml_grid_free(g);
    ooxml_close(b);
    isomm_portfolio_free(p);
    free(path);
}

/* ---- the zlib level: the program's, never the library's ---------------- */

/* The general purpose flags of every local header of a zip file, or -1
 * when they differ; minizip records zlib's fast levels (1, 2) as bits
 * 1-2 = 10 or 11. */
static int zip_flags(const char *path)
{
    size_t len = 0;
    unsigned char *d = (unsigned char *)read_all(path, &len);
    assert_non_null(d);
    int flags = -2;
    size_t entries = 0;
    for (size_t i = 0; i + 30 <= len; i++) {
        if (memcmp(d + i, "PK\x03\x04", 4) != 0)
            continue;
        int f = d[i + 6] | d[i + 7] << 8;
        flags = flags == -2 || flags == f ? f : -1;
        entries++;
    }
    free(d);
    assert_true(entries >= 20);
    return flags;
}

static void test_zip_level(void **state)
{
    (void)state;
    /* The library, called by a program of its own, packs at zlib's
     * default: nothing in it takes the place of minizip's functions. */
    isomm_portfolio *p = pf_fixture_new(cat, 1);
    assert_non_null(p);
    char *lib = path_in("library.xlsx");
    write_ok(p, lib, NULL);
    assert_int_equal(zip_flags(lib) & 6, 0);
    isomm_portfolio_free(p);

    /* The isomm program packs at level 1 through the shared libraries
     * (docs/bench.md), and ISOMM_ZIP_LEVEL=default turns that off. */
    char *fast = path_in("fast.xlsx"), *plain = path_in("plain.xlsx"), cmd[1024];
    snprintf(cmd, sizeof cmd, "convert samples/alpha-manufacturing.xlsx -q -o '%s'", fast);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    run_free(&r);
    assert_int_equal(zip_flags(fast) & 6, 6);
    snprintf(cmd, sizeof cmd,
             "convert samples/alpha-manufacturing.xlsx -q -o '%s'", plain);
    setenv("ISOMM_ZIP_LEVEL", "default", 1);
    r = run_isomm(cmd);
    unsetenv("ISOMM_ZIP_LEVEL");
    assert_int_equal(r.status, 0);
    run_free(&r);
    assert_int_equal(zip_flags(plain) & 6, 0);
    free(lib);
    free(fast);
    free(plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheet_names),
        cmocka_unit_test(test_portfolio_rows),
        cmocka_unit_test(test_roles_sheet),
        cmocka_unit_test(test_missing_directory),
        cmocka_unit_test(test_output_is_directory),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_hostile_text),
        cmocka_unit_test(test_zip_level),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
