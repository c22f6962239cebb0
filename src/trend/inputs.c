/* inputs.c - the 評価一覧 sheet: every assessment of the trend, oldest
 * first: its date and where the date came from, kind, the organization as
 * the sheet gives it, patterns, the mean As-Is and count (formulas over
 * 推移), warnings and the file. */
#define _POSIX_C_SOURCE 200809L
#include "trend/trend.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"

enum { I_NO = 0, I_DATE, I_SOURCE, I_KIND, I_ORG, I_CURRENT, I_TARGET, I_AS_IS, I_ASSESSED,
       I_WARNINGS, I_FILE, I_COLS };

#define I_HEADER_ROW 3

static const char *date_source_label(const char *source)
{
    if (!source)
        return "";
    if (strcmp(source, "sheet") == 0)
        return "シートの記載";
    if (strcmp(source, "given") == 0)
        return "指定（--date）";
    if (strcmp(source, "file") == 0)
        return "ファイルの更新日";
    return source;
}

static void input_row(trend_book *b, lxw_worksheet *ws, size_t i)
{
    const trend_view *v = b->v;
    const isomm_rollup_member *a = &v->t->assessments[i];
    const xw_formats *f = &b->x.fmt;
    lxw_row_t row = (lxw_row_t)(I_HEADER_ROW + 1 + i);
    size_t svc = v->c->service_count;
    lxw_col_t col = TREND_COL(TREND_SER_COL_FIRST, i);
    char scores[160];
    snprintf(scores, sizeof scores, "%s",
             xw_range(TREND_SHEET_SERIES, TREND_SER_FIRST_ROW, col,
                      (lxw_row_t)(TREND_SER_FIRST_ROW + svc - 1), col));
    xw_number(&b->x, ws, row, I_NO, (double)(i + 1), f->count);
    xw_string(&b->x, ws, row, I_DATE, a->date, b->tf.date);
    xw_string(&b->x, ws, row, I_SOURCE, date_source_label(a->date_source), f->center);
    xw_string(&b->x, ws, row, I_KIND, trend_kind_label(a), f->text);
    xw_string(&b->x, ws, row, I_ORG, a->organization ? a->organization : XW_NONE, f->text);
    xw_string(&b->x, ws, row, I_CURRENT, xw_pattern_name(v->c, a->pattern_current), f->center);
    xw_string(&b->x, ws, row, I_TARGET, xw_pattern_name(v->c, a->pattern_target), f->center);
    int any = !isnan(v->overall[i]);
    xw_formula_opt(&b->x, ws, row, I_AS_IS, f->average, any, any ? v->overall[i] : 0,
                   "IFERROR(AVERAGE(%s),\"\")", scores);
    xw_formula_num(&b->x, ws, row, I_ASSESSED, b->tf.count_of, (double)a->assessed, "COUNT(%s)",
                   scores);
    xw_number(&b->x, ws, row, I_WARNINGS, (double)a->warning_count, f->count);
    xw_string(&b->x, ws, row, I_FILE, a->path, f->text);
}

void trend_write_inputs(trend_book *b)
{
    const trend_view *v = b->v;
    const xw_formats *f = &b->x.fmt;
    lxw_worksheet *ws = xw_add_sheet(&b->x, TREND_SHEET_INPUTS);
    if (!ws)
        return;
    static const double widths[I_COLS] = {5, 11, 14, 22, 28, 16, 16, 9, 9, 6, 50};
    for (lxw_col_t col = 0; col < I_COLS; col++)
        xw_width(&b->x, ws, col, col, widths[col], NULL);
    xw_string(&b->x, ws, 0, 0, "評価一覧（古い順）", f->title);
    xw_row_height(&b->x, ws, 0, 26);
    xw_string(&b->x, ws, 1, 0,
              "評価日の順に並べた評価。評価日はシートの記載（評価日・実施日・作成日など）、"
              "または --date で指定したもの。警告の内容は isomm convert FILE で表示される。",
              f->note);
    static const char *const heads[I_COLS] = {
        "回", "評価日", "評価日の出所", "形式", "組織名（シートの記載）", "現状のパターン",
        "目標のパターン", "現状の平均", "評価済み", "警告", "ファイル"};
    for (lxw_col_t col = 0; col < I_COLS; col++)
        xw_string(&b->x, ws, I_HEADER_ROW, col, heads[col], f->header);
    xw_row_height(&b->x, ws, I_HEADER_ROW, 30);
    for (size_t i = 0; i < v->n && !xw_failed(&b->x); i++)
        input_row(b, ws, i);
    xw_page_setup(&b->x, ws, 1, 0);
    if (!xw_failed(&b->x))
        worksheet_freeze_panes(ws, I_HEADER_ROW + 1, 0);
}
