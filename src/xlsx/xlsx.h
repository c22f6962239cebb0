/*
 * xlsx/xlsx.h - the portfolio workbook writer. workbook.c drives it; each
 * sheet has its own file: summary.c (サマリー), portfolio.c
 * (サービスポートフォリオ), categories.c (カテゴリー別), report.c
 * (移行レポート), roles.c (v2.1 入力); they use the helper kit: errors.c,
 * text.c, cells.c, formulas.c, charts.c, colours.c, formats.c, labels.c.
 * The group workbook (rollup/) and the trend workbook (trend/) use the kit
 * too.
 * The layout below is documented in docs/workbook.md; tests/test_writer.c
 * and tests/test_handout.c check it.
 *
 * Every helper records the first libxlsxwriter error in the context and
 * later calls become no-ops, so the sheet writers can stay linear; the
 * driver turns the recorded error into ISOMM_ERR_WRITE.
 *
 * Formulas: every formula is written with its cached result (what
 * Excel or LibreOffice computes from the cells as written), so viewers
 * that never recalculate show the right numbers. The results come from
 * the portfolio and from advice.c, which apply the rules the formulas
 * spell out.
 */
#ifndef ISOMM_XLSX_H
#define ISOMM_XLSX_H

#include <stddef.h>
#include <time.h>
#include <xlsxwriter.h>

#include "core/core.h"

#include "migrate/migrate.h"
#include "isomm/output.h"
#include "isomm/portfolio.h"

/* Sheet names, in workbook order. */
#define XW_SHEET_SUMMARY "サマリー"
#define XW_SHEET_PORTFOLIO "サービスポートフォリオ"
#define XW_SHEET_CATEGORIES "カテゴリー別"
#define XW_SHEET_REPORT "移行レポート"
#define XW_SHEET_ROLES "v2.1 入力"

#define XW_DEFAULT_TITLE "セキュリティ対応組織 サービスポートフォリオ"
#define XW_SUBJECT "ISOMM v2.1 → X.1060 サービスポートフォリオ"

/* Labels the formulas compare with (also the drop-down values). */
#define XW_NOT_REQUIRED "不要"
#define XW_DOMAIN_IN "自組織"   /* region covered by the pattern */
#define XW_DOMAIN_OUT "外部"    /* region left to providers */
#define XW_NONE "—"             /* shown for "no value" */

/* ---- サービスポートフォリオ (0-based rows and columns) --------------- */
#define XW_PF_GROUP_ROW 0     /* spanning headings */
#define XW_PF_HEADER_ROW 1    /* one label per column; autofilter */
#define XW_PF_FIRST_ROW 2     /* first service (catalog order) */
enum {
    XW_PF_COL_ID = 0,         /* A "A-1" */
    XW_PF_COL_NAME,           /* B サービス名 */
    XW_PF_COL_CATEGORY,       /* C "A. CDCの戦略マネジメント" */
    XW_PF_COL_REGION,         /* D 領域 "I" … "IV", "全領域" */
    XW_PF_COL_PROCESS,        /* E マネジメントプロセス */
    XW_PF_COL_RECOMMENDATION, /* F 推奨レベル (drop-down) */
    XW_PF_COL_ALLOCATION,     /* G サービス割り当て (drop-down) */
    XW_PF_COL_OWNER,          /* H 担当・委託先 (free text) */
    XW_PF_COL_AS_IS,          /* I 現状 (As-Is), whole 1..5 */
    XW_PF_COL_TO_BE,          /* J あるべき姿 (To-Be), whole 1..5 */
    XW_PF_COL_GAP,            /* K ギャップ = To-Be − As-Is */
    XW_PF_COL_DOMAIN,         /* L 目標パターンでの担当 自組織/外部 */
    XW_PF_COL_DIRECTION,      /* M 改善の方向 (formula) */
    XW_PF_COL_RANK,           /* N 順位 in that list (formula) */
    XW_PF_COL_SOURCES,        /* O 移行元 "A-1, A-2" */
    XW_PF_COL_SOURCE_NAMES,   /* P 移行元の役割 */
    XW_PF_COL_MEMO,           /* Q 移行メモ */
    XW_PF_COLS
};

/* ---- カテゴリー別 ----------------------------------------------------- */
#define XW_CAT_TITLE_ROW 0
#define XW_CAT_NOTE_ROW 1
#define XW_CAT_HEADER_ROW 3
#define XW_CAT_FIRST_ROW 4    /* first category (catalog order) */
enum {
    XW_CAT_COL_ID = 0,        /* A "A" */
    XW_CAT_COL_NAME,          /* B カテゴリー */
    XW_CAT_COL_AS_IS,         /* C AVERAGEIFS over the portfolio */
    XW_CAT_COL_TO_BE,         /* D */
    XW_CAT_COL_GAP,           /* E To-Be − As-Is */
    XW_CAT_COL_ASSESSED,      /* F services with an As-Is */
    XW_CAT_COL_TOTAL,         /* G services in the category */
    XW_CAT_COL_BEFORE,        /* H v2.1 function average */
    XW_CAT_COL_RANK_HIGH,     /* I 順位 (高い順) */
    XW_CAT_COL_RANK_LOW,      /* J 順位 (低い順) */
    XW_CAT_COL_DESCRIPTION,   /* K 概要 */
    XW_CAT_COL_STRENGTH,      /* L 強みのときの次の一手 */
    XW_CAT_COL_WEAKNESS,      /* M 弱みのときの次の一手 */
    XW_CAT_COLS
};
/* The chart data: one row per service, grouped by category, from column O
 * (one empty column after the table), header on CAT_HEADER_ROW. */
#define XW_CAT_DATA_COL (XW_CAT_COLS + 1)
enum {
    XW_CAT_DATA_ID = 0,       /* O "A-1" */
    XW_CAT_DATA_LABEL,        /* P "A-1 リスクマネジメント" */
    XW_CAT_DATA_ALLOCATION,   /* Q =portfolio allocation */
    XW_CAT_DATA_IN,           /* R As-Is when インソース */
    XW_CAT_DATA_OUT,          /* S As-Is when アウトソース */
    XW_CAT_DATA_OTHER,        /* T As-Is otherwise (併用, …) */
    XW_CAT_DATA_TO_BE,        /* U To-Be */
    XW_CAT_DATA_COLS
};

/* ---- サマリー ----------------------------------------------------------- */
/* A grid of 16 columns (A..P); the radar sits on the right half. */
#define XW_SUM_COLS 16
#define XW_SUM_HALF 8         /* first column of the right half (I) */
#define XW_SUM_TITLE_ROW 0
#define XW_SUM_INFO_ROW 1     /* 2 rows: 評価日 | 入力, パターン | 方針 */
#define XW_SUM_KEY_HEADING_ROW 4
#define XW_SUM_KEY_ROW 5      /* 5 key figures, one per row */
#define XW_SUM_KEYS 5
#define XW_SUM_CAT_HEADING_ROW 11
#define XW_SUM_CAT_HEADER_ROW 12
#define XW_SUM_CAT_FIRST_ROW 13
/* Category table columns (A, B..D merged, E..H). */
#define XW_SUM_COL_CAT_ID 0
#define XW_SUM_COL_CAT_NAME 1
#define XW_SUM_COL_CAT_BEFORE 4
#define XW_SUM_COL_CAT_AS_IS 5
#define XW_SUM_COL_CAT_TO_BE 6
#define XW_SUM_COL_CAT_ASSESSED 7
/* Key figures: label A..C, value D..E, note F..H. */
#define XW_SUM_COL_KEY_LABEL 0
#define XW_SUM_COL_KEY_VALUE 3
#define XW_SUM_COL_KEY_NOTE 5
/* The rows below the category table depend on the category count:
 * xw_summary_rows() gives them. */
typedef struct xw_summary_rows {
    unsigned picks_heading;  /* 強み | 弱み headings */
    unsigned picks;          /* first pick: name row; sentence row below */
    unsigned lists_heading;  /* 改善の方向 heading */
    unsigned list_titles;    /* the four list titles */
    unsigned lists;          /* first item row */
    unsigned footer;         /* the closing note (last printed row) */
} xw_summary_rows;
xw_summary_rows xw_summary_layout(size_t category_count);
/* Improvement list k: name merged over 3 columns, score in the 4th. */
#define XW_SUM_LIST_WIDTH 4

/* ---- 移行レポート ------------------------------------------------------ */
enum {
    XW_REP_COL_ID = 0,        /* A ID */
    XW_REP_COL_NAME,          /* B name */
    XW_REP_COL_STATE,         /* C 状態 / 統合 */
    XW_REP_COL_SIDE,          /* D インソース / アウトソース / 割り当て */
    XW_REP_COL_LEVEL,         /* E レベル / 移行後の As-Is */
    XW_REP_COL_LINKS,         /* F 移行先 / 移行元 */
    XW_REP_COL_NOTE,          /* G 備考 / 注記 */
    XW_REP_COLS
};

/* ---- v2.1 入力 -------------------------------------------------------- */
/* Bar colours by allocation, the same on every chart (the v2.1 result
 * sheet told insource and outsource apart by colour). */
#define XW_COLOR_IN 0x2F5597
#define XW_COLOR_OUT 0xED7D31
#define XW_COLOR_OTHER 0x70AD47

#define XW_ROLES_TITLE_ROW 0
#define XW_ROLES_INFO_ROW 1   /* 現状 / 目標のパターン, 入力 */
#define XW_ROLES_HEADER_ROW 5
#define XW_ROLES_FIRST_ROW 6
enum {
    XW_ROLES_COL_FUNCTION = 0, /* A "A. セキュリティ対応組織運営" */
    XW_ROLES_COL_ID,           /* B "A-1" */
    XW_ROLES_COL_NAME,         /* C 役割 */
    XW_ROLES_COL_STATE,        /* D 評価済み / 対象外(0) / 未回答 */
    XW_ROLES_COL_SIDE,         /* E インソース / アウトソース / 併用 */
    XW_ROLES_COL_LEVEL,        /* F 0..5 or blank */
    XW_ROLES_COL_NOTE,         /* G 備考 */
    XW_ROLES_COLS
};
/* The categories of the 役割別成熟度 charts ("A-1 全体方針管理"), right of
 * the table after an empty column, outside the print area. */
#define XW_ROLES_DATA_LABEL (XW_ROLES_COLS + 1) /* I */

/** Cell formats shared by the sheets (owned by the workbook). */
typedef struct xw_formats {
    lxw_format *title;    /* large bold */
    lxw_format *title_fit; /* the same, shrunk to fit (サマリー) */
    lxw_format *subtitle; /* bold, medium */
    lxw_format *heading;  /* bold section heading */
    lxw_format *header;   /* table header: bold, fill, border, wrap */
    lxw_format *label;    /* bold key of a key | value pair */
    lxw_format *text;     /* bordered table text */
    lxw_format *wrap;     /* bordered, wrapped text (memo, notes) */
    lxw_format *center;   /* bordered, centred (IDs, labels) */
    lxw_format *score;    /* bordered integer score, centred */
    lxw_format *input;    /* bordered, centred, editable (light fill) */
    lxw_format *input_text; /* bordered, wrapped, editable */
    lxw_format *average;  /* bordered "0.00" */
    lxw_format *gap;      /* bordered signed integer "+0;-0;0" */
    lxw_format *count;    /* bordered integer */
    lxw_format *plain;    /* no border, wrapped: values of key | value */
    lxw_format *plain_count; /* no border, left-aligned integer */
    lxw_format *note;     /* small grey text */
    lxw_format *footnote; /* small grey text, wrapped, top-aligned */
    /* サマリー */
    lxw_format *info;     /* wrapped text of the info rows */
    lxw_format *info_label; /* bold label of the info rows */
    lxw_format *key_label; /* key figure label */
    lxw_format *key_value; /* key figure "3.1 / 5", large bold */
    lxw_format *key_count; /* key figure integer "53 / 64" (set per book) */
    lxw_format *key_plain; /* key figure integer */
    lxw_format *key_note; /* small note beside a key figure */
    lxw_format *out_of_5; /* bordered "0.0 / 5", centred */
    lxw_format *pick_name; /* strength / weakness name: bold */
    lxw_format *pick_score; /* its "0.0 / 5" */
    lxw_format *pick_text; /* its sentence: wrapped, top-aligned */
    lxw_format *list_title; /* improvement list title: bold, fill */
    lxw_format *list_item; /* improvement list item: bottom border */
    lxw_format *list_score; /* its score, centred */
    /* conditional formats (dxf) */
    lxw_format *cf_grey;  /* 不要 rows */
    lxw_format *cf_gap;   /* gap >= 2 */
    lxw_format *cf_up, *cf_down; /* a change up / down (made when first used) */
} xw_formats;

/** The writer's context. */
typedef struct xw_book {
    lxw_workbook *workbook;
    const isomm_portfolio *portfolio;
    const isomm_catalog *catalog;
    const char *title;        /* the title text (option or default) */
    const char *organization; /* option, else the sheet's, or NULL */
    const char *date;         /* option, else the sheet's, or NULL */
    advice_set advice;
    xw_formats fmt;
    lxw_error error;   /* first libxlsxwriter error, LXW_NO_ERROR if none */
    int nomem;         /* one of our own allocations failed */
    char *scratch;     /* sanitised copy of the last string written */
    size_t scratch_size;
} xw_book;

/* book.c: a workbook at `path` (a temporary file beside it until
 * xw_finish(), which renames it into place, or removes it after an
 * error), libxlsxwriter's in x->workbook; constant_memory writes rows in
 * order (the group workbook). */
isomm_error xw_begin(xw_book *x, core_atomic *a, const char *path, int constant_memory,
                     char *errbuf);
/* The document properties (isomm's version as the comment). */
void xw_properties(xw_book *x, const char *title, const char *subject, const char *company,
                   time_t created);
/* Close the workbook and commit it, or drop it after an error. The
 * message names `path` and the cause: the operating system's (strerror,
 * from errno when libxlsxwriter failed on a file: a full disk is a
 * "ZIP_ERRNO" to it), "out of memory", or libxlsxwriter's own. */
isomm_error xw_finish(xw_book *x, core_atomic *a, const char *path, char *errbuf);
/* The creation time of a workbook: SOURCE_DATE_EPOCH, else now;
 * ISOMM_ERR_ARG when SOURCE_DATE_EPOCH is no number of seconds. */
isomm_error xw_creation_time(time_t *out, const char *path, char *errbuf);

/* Record `err` if it is the first error; returns 1 while all is well. */
int xw_ok(xw_book *x, lxw_error err);
/* Record an out-of-memory condition of our own (not libxlsxwriter's). */
void xw_nomem(xw_book *x);
/* 1 once any error was recorded. */
int xw_failed(const xw_book *x);

/* Write UTF-8 text (invalid sequences and XML-forbidden characters become
 * U+FFFD, over-long text is cut to Excel's cell limit). NULL or "" writes
 * a blank cell carrying `format`. */
void xw_string(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                       lxw_col_t col, const char *text, lxw_format *format);
/* Text in `n` differently formatted runs (a rich string); empty runs are
 * left out. */
void xw_rich(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                     lxw_col_t col, lxw_format *cell_format, size_t n,
                     lxw_format *const *formats, const char *const *texts);
void xw_number(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                       lxw_col_t col, double value, lxw_format *format);
/* A score: `value` < 0 (null) writes a blank cell, never 0. */
void xw_score(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                      lxw_col_t col, int value, lxw_format *format);
void xw_blank(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                      lxw_col_t col, lxw_format *format);
void xw_merge(xw_book *x, lxw_worksheet *ws, lxw_row_t r1,
                      lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                      const char *text, lxw_format *format);
void xw_width(xw_book *x, lxw_worksheet *ws, lxw_col_t first,
                      lxw_col_t last, double width, lxw_format *format);
/* A hidden column range. */
void xw_hide_columns(xw_book *x, lxw_worksheet *ws,
                             lxw_col_t first, lxw_col_t last, double width);

/* A formula (printf-style, no leading '=' needed) with a numeric cached
 * result. */
void xw_formula_num(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                            lxw_col_t col, lxw_format *format, double cached,
                            const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* A formula with a text cached result ("" for an empty result). */
void xw_formula_str(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                            lxw_col_t col, lxw_format *format,
                            const char *cached, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* A formula whose result is a number when `present`, else "". */
void xw_formula_opt(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                            lxw_col_t col, lxw_format *format, int present,
                            double cached, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* "'Sheet'!$A$1:$A$9" (sheet NULL: "$A$1:$A$9") in a static ring of
 * buffers: valid for the next 7 calls. */
const char *xw_range(const char *sheet, lxw_row_t r1, lxw_col_t c1,
                             lxw_row_t r2, lxw_col_t c2);
/* "'Sheet'!$A$1" (absolute) or "A1" (relative, sheet NULL, abs 0). Same
 * ring of buffers. */
const char *xw_cell(const char *sheet, lxw_row_t row, lxw_col_t col,
                            int absolute);
/* `text` as a formula string literal ("…" with quotes doubled), in a new
 * malloc'ed string, or NULL when out of memory. */
char *xw_literal(const char *text);
/* `text` as an exact-match criterion of COUNTIF/AVERAGEIFS: the wildcards
 * * ? ~ escaped with ~, as a string literal. malloc'ed or NULL. */
char *xw_criterion(const char *text);

/* Fill the cache of a chart range ourselves: libxlsxwriter caches 0 for
 * formula cells. values[i] < 0 means no point (blank). */
void xw_series_cache(xw_book *x, lxw_series_range *range,
                             const double *values, size_t n);

/* Display width of UTF-8 text in column-width units (widths of "0"): East
 * Asian wide characters count 2, others 1; the widest line counts. */
double xw_text_width(const char *text);
/* Lines `text` needs when wrapped in a column `width` units wide (>= 1). */
unsigned xw_text_lines(const char *text, double width);
/* `v` limited to [lo, hi]. */
double xw_clamp(double v, double lo, double hi);
/* Points of a row whose tallest wrapped cell needs `lines` lines. */
#define XW_LINE_HEIGHT 15.0
/* Set the height of `row` to `lines` lines (no-op for one line). */
void xw_row_lines(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                          unsigned lines);
/* A table row of `lines` lines: 20 points for one, else 15 a line + 2. */
void xw_table_row(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                          unsigned lines);
/* Set the height of `row` in points. */
void xw_row_height(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                           double points);
/* Add a worksheet (records an error and returns NULL on failure). */
lxw_worksheet *xw_add_sheet(xw_book *x, const char *name);
/* A new format with the thin grey border every table cell has (NULL when
 * out of memory). */
lxw_format *xw_bordered(lxw_workbook *wb);
/* Add a chart (records an error and returns NULL on failure). */
lxw_chart *xw_add_chart(xw_book *x, uint8_t type);
lxw_chart_series *xw_add_series(xw_book *x, lxw_chart *chart);
/* A4 landscape, centred, with the footer "sheet name   page / pages";
 * fit to `wide` pages across and `tall` down (0: as many as needed). */
void xw_page_setup(xw_book *x, lxw_worksheet *ws, uint16_t wide,
                           uint16_t tall);

/* Labels. */
const char *xw_pattern_name(const isomm_catalog *c, long index);
/* "I", "II", "III", "IV", "全領域", or a comma list. Static. */
const char *xw_region_label(unsigned regions);
/* The row of service `s` on サービスポートフォリオ (0-based). */
#define XW_PF_ROW(s) ((lxw_row_t)(XW_PF_FIRST_ROW + (s)))
/* The last service row of サービスポートフォリオ (at least the first). */
lxw_row_t xw_pf_last_row(const xw_book *x);
/* A whole portfolio column, e.g. "'サービスポートフォリオ'!$I$3:$I$66". */
const char *xw_pf_column(const xw_book *x, lxw_col_t col);
/* "A. CDCの戦略マネジメント": the category column's text, malloc'ed. */
char *xw_category_label(const isomm_catalog *c, size_t k);

/* The radar of the category averages (write_categories.c): As-Is, To-Be
 * when any is set, and the v2.1 averages when the source had roles, read
 * from `sheet` (categories from row `first` down, names in `name_col`).
 * The サマリー and カテゴリー別 both draw it from their own tables. */
lxw_chart *xw_radar(xw_book *x, const char *sheet,
                            lxw_row_t first, lxw_col_t name_col,
                            lxw_col_t as_is_col, lxw_col_t to_be_col,
                            lxw_col_t before_col);

/* text.c: `text` itself when it is valid UTF-8 that XML 1.0 can carry and
 * fits a cell, else a cleaned copy in the book's scratch buffer (invalid
 * bytes as U+FFFD, cut at 32,767 characters), or NULL when out of memory. */
const char *xw_clean_text(xw_book *x, const char *text);

/* formats.c: every format of the book (x->f). 0 when out of memory. */
int xw_make_formats(xw_book *x);

/* colours.c: the fixed score scale, 1 red - 3 yellow - 5 green, over a
 * range; green and red fills for numbers above and below 0 (a change;
 * red above 0 when lower_is_better, e.g. a gap to To-Be). */
#define XW_COLOR_SCORE_LOW 0xF8696B
#define XW_COLOR_SCORE_MID 0xFFEB84
#define XW_COLOR_SCORE_HIGH 0x63BE7B
void xw_score_scale(xw_book *x, lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1,
                    lxw_row_t r2, lxw_col_t c2);
void xw_change_colours(xw_book *x, lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1,
                       lxw_row_t r2, lxw_col_t c2, int lower_is_better);

/* charts.c: a series drawn as a line of `color` and `width` points with
 * `dash` (LXW_CHART_LINE_DASH_*) and markers (LXW_CHART_MARKER_*) of the
 * same colour. */
void xw_series_style(lxw_chart_series *s, lxw_color_t color, double width, uint8_t dash,
                     uint8_t marker);
/* The value axis of a score chart: 0 to 5 in whole steps. */
void xw_score_axis(lxw_chart_axis *axis);

/* Series colours of the radar (As-Is, To-Be, v2.1 before). */
#define XW_COLOR_AS_IS 0x2F5597
#define XW_COLOR_TO_BE 0xC55A11
#define XW_COLOR_BEFORE 0x7F7F7F

/* The sheets. Each returns with the error (if any) recorded in `x`. */
void xw_write_summary(xw_book *x);
void xw_write_portfolio(xw_book *x);
void xw_write_categories(xw_book *x);
void xw_write_report(xw_book *x);
void xw_write_roles(xw_book *x);

#endif
