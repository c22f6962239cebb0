/*
 * write_xlsx_internal.h - shared state of the portfolio workbook writer
 * (write_xlsx.c drives it; write_summary.c, write_portfolio.c and
 * write_roles.c each fill one sheet).
 *
 * Every helper records the first libxlsxwriter error in the context and
 * later calls become no-ops, so the sheet writers can stay linear; the
 * driver turns the recorded error into ISOMM_ERR_WRITE.
 */
#ifndef ISOMM_WRITE_XLSX_INTERNAL_H
#define ISOMM_WRITE_XLSX_INTERNAL_H

#include <stddef.h>
#include <xlsxwriter.h>

#include "isomm/output.h"
#include "isomm/portfolio.h"

/* Sheet names, in workbook order. */
#define ISOMM_XLSX_SHEET_SUMMARY "サマリー"
#define ISOMM_XLSX_SHEET_PORTFOLIO "サービスポートフォリオ"
#define ISOMM_XLSX_SHEET_ROLES "v2.1 入力"

#define ISOMM_XLSX_DEFAULT_TITLE "セキュリティ対応組織 サービスポートフォリオ"
#define ISOMM_XLSX_SUBJECT "ISOMM v2.1 → X.1060 サービスポートフォリオ"

/* ---- サマリー layout (0-based rows and columns) ----------------------- */
#define ISOMM_XLSX_SUM_TITLE_ROW 0
#define ISOMM_XLSX_SUM_INFO_ROW 2     /* first label | value row */
#define ISOMM_XLSX_SUM_INFO_ROWS 9    /* 入力ファイル … To-Be */
/* "カテゴリー別スコア" heading, then the table header, then one row per
 * category. */
#define ISOMM_XLSX_SUM_CAT_HEADING_ROW 12
#define ISOMM_XLSX_SUM_CAT_HEADER_ROW 13
#define ISOMM_XLSX_SUM_CAT_FIRST_ROW 14
#define ISOMM_XLSX_SUM_COL_CAT_ID 0
#define ISOMM_XLSX_SUM_COL_CAT_NAME 1
#define ISOMM_XLSX_SUM_COL_CAT_AS_IS 2
#define ISOMM_XLSX_SUM_COL_CAT_TO_BE 3
#define ISOMM_XLSX_SUM_COL_CAT_ASSESSED 4
#define ISOMM_XLSX_SUM_COL_CAT_TOTAL 5
#define ISOMM_XLSX_SUM_CHART_COL 7    /* radar chart anchored at H3 */

/* ---- サービスポートフォリオ layout ----------------------------------- */
#define ISOMM_XLSX_PF_GROUP_ROW 0     /* "サービス", "サービススコア", "移行" */
#define ISOMM_XLSX_PF_HEADER_ROW 1    /* one label per column; autofilter */
#define ISOMM_XLSX_PF_FIRST_ROW 2     /* first service */
enum {
    ISOMM_XLSX_PF_COL_ID = 0,         /* "A-1" */
    ISOMM_XLSX_PF_COL_NAME,           /* サービス名 */
    ISOMM_XLSX_PF_COL_CATEGORY,       /* "A. CDCの戦略マネジメント" */
    ISOMM_XLSX_PF_COL_RECOMMENDATION, /* 推奨レベル */
    ISOMM_XLSX_PF_COL_ALLOCATION,     /* サービス割り当て */
    ISOMM_XLSX_PF_COL_AS_IS,          /* number or blank */
    ISOMM_XLSX_PF_COL_TO_BE,          /* number or blank */
    ISOMM_XLSX_PF_COL_SOURCES,        /* "A-1, A-2" (v2.1 role IDs) */
    ISOMM_XLSX_PF_COL_SOURCE_NAMES,   /* role names joined by "、" */
    ISOMM_XLSX_PF_COL_MEMO,           /* 移行メモ */
    ISOMM_XLSX_PF_COLS
};
#define ISOMM_XLSX_PF_CHART_COL (ISOMM_XLSX_PF_COLS + 1) /* column L */

/* ---- v2.1 入力 layout ------------------------------------------------ */
#define ISOMM_XLSX_ROLES_HEADER_ROW 0
#define ISOMM_XLSX_ROLES_FIRST_ROW 1
enum {
    ISOMM_XLSX_ROLES_COL_ID = 0,  /* "A-1" */
    ISOMM_XLSX_ROLES_COL_NAME,    /* 役割 */
    ISOMM_XLSX_ROLES_COL_STATE,   /* 評価済み / 対象外(0) / 未回答 */
    ISOMM_XLSX_ROLES_COL_SIDE,    /* インソース / アウトソース / 併用 */
    ISOMM_XLSX_ROLES_COL_LEVEL,   /* 0..5 or blank */
    ISOMM_XLSX_ROLES_COL_NOTE,    /* 備考 */
    ISOMM_XLSX_ROLES_COLS
};

/** Cell formats shared by the sheets (owned by the workbook). */
typedef struct isomm_xlsx_formats {
    lxw_format *title;    /* large bold */
    lxw_format *heading;  /* bold section heading */
    lxw_format *header;   /* table header: bold, fill, border, wrap */
    lxw_format *label;    /* bold key of a key | value pair */
    lxw_format *text;     /* bordered table text */
    lxw_format *wrap;     /* bordered, wrapped text (memo, notes) */
    lxw_format *center;   /* bordered, centred (IDs, labels) */
    lxw_format *score;    /* bordered integer score, centred */
    lxw_format *average;  /* bordered "0.00" */
    lxw_format *count;    /* bordered integer */
    lxw_format *plain;    /* no border, wrapped: values of key | value */
    lxw_format *plain_count; /* no border, left-aligned integer */
} isomm_xlsx_formats;

/** The writer's context. */
typedef struct isomm_xlsx {
    lxw_workbook *workbook;
    const isomm_portfolio *portfolio;
    const isomm_catalog *catalog;
    const char *title;
    isomm_xlsx_formats fmt;
    lxw_error error;   /* first libxlsxwriter error, LXW_NO_ERROR if none */
    int nomem;         /* one of our own allocations failed */
    char *scratch;     /* sanitised copy of the last string written */
    size_t scratch_size;
} isomm_xlsx;

/* Record `err` if it is the first error; returns 1 while all is well. */
int isomm_xlsx_ok(isomm_xlsx *x, lxw_error err);
/* Record an out-of-memory condition of our own (not libxlsxwriter's). */
void isomm_xlsx_nomem(isomm_xlsx *x);
/* 1 once any error was recorded. */
int isomm_xlsx_failed(const isomm_xlsx *x);

/* Write UTF-8 text (invalid sequences and XML-forbidden characters become
 * U+FFFD, over-long text is cut to Excel's cell limit). NULL or "" writes
 * a blank cell carrying `format`. */
void isomm_xlsx_string(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                       lxw_col_t col, const char *text, lxw_format *format);
void isomm_xlsx_number(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                       lxw_col_t col, double value, lxw_format *format);
/* A score: `value` < 0 (null) writes a blank cell, never 0. */
void isomm_xlsx_score(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                      lxw_col_t col, int value, lxw_format *format);
void isomm_xlsx_blank(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                      lxw_col_t col, lxw_format *format);
void isomm_xlsx_merge(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t r1,
                      lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                      const char *text, lxw_format *format);
void isomm_xlsx_width(isomm_xlsx *x, lxw_worksheet *ws, lxw_col_t first,
                      lxw_col_t last, double width, lxw_format *format);
/* Display width of UTF-8 text in column-width units (widths of "0"): East
 * Asian wide characters count 2, others 1; the widest line counts. */
double isomm_xlsx_text_width(const char *text);
/* Lines `text` needs when wrapped in a column `width` units wide (>= 1). */
unsigned isomm_xlsx_text_lines(const char *text, double width);
/* `v` limited to [lo, hi]. */
double isomm_xlsx_clamp(double v, double lo, double hi);
/* Points of a row whose tallest wrapped cell needs `lines` lines. */
#define ISOMM_XLSX_LINE_HEIGHT 15.0
/* Set the height of `row` to `lines` lines (no-op for one line). */
void isomm_xlsx_row_lines(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                          unsigned lines);
/* Add a worksheet (records an error and returns NULL on failure). */
lxw_worksheet *isomm_xlsx_add_sheet(isomm_xlsx *x, const char *name);
/* Add a chart (records an error and returns NULL on failure). */
lxw_chart *isomm_xlsx_add_chart(isomm_xlsx *x, uint8_t type);
lxw_chart_series *isomm_xlsx_add_series(isomm_xlsx *x, lxw_chart *chart);

/* The sheets. Each returns with the error (if any) recorded in `x`. */
void isomm_xlsx_write_summary(isomm_xlsx *x);
void isomm_xlsx_write_portfolio(isomm_xlsx *x);
void isomm_xlsx_write_roles(isomm_xlsx *x);

#endif
