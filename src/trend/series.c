/* series.c - the 推移 sheet (one row per service, one column per
 * assessment, the changes, the latest gap to To-Be) and the カテゴリー推移
 * sheet (the category means as formulas over 推移: the line chart's data).
 * Hidden columns rank the changes and gaps for the サマリー's lists; their
 * formulas are the ranks of view.c, ties in row order. */
#define _POSIX_C_SOURCE 200809L
#include "trend/trend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define W_ID 6
#define W_NAME 30
#define W_SCORE 11
#define W_CHANGE 10

/* ---- shared: the two header rows and the rank columns ---------------------- */

/* Row `row`: the assessments' heads from column `first`. */
static void assessment_heads(trend_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t first)
{
    for (size_t i = 0; i < b->v->n && !xw_failed(&b->x); i++) {
        char *head = trend_assessment_head(b->v, i);
        if (!head) {
            xw_nomem(&b->x);
            return;
        }
        xw_string(&b->x, ws, row, TREND_COL(first, i), head, b->x.fmt.header);
        free(head);
    }
}

/* The rank formula of view.c over column `col` (rows r1..r2) at `row`:
 * dir > 0 ranks the values above 0, dir < 0 those below. */
static void rank_cell(trend_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t out,
                      lxw_col_t col, lxw_row_t r1, lxw_row_t r2, int dir, size_t rank)
{
    char all[64], upto[64], x[16];
    snprintf(all, sizeof all, "%s", xw_range(NULL, r1, col, r2, col));
    lxw_rowcol_to_cell(x, row, col);
    char head[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(head, r1, col, 1, 1);
    snprintf(upto, sizeof upto, "%s:%s", head, x);
    xw_formula_opt(&b->x, ws, row, out, b->x.fmt.count, rank > 0, (double)rank,
                   "IF(AND(ISNUMBER(%s),%s%s0),SUMPRODUCT(ISNUMBER(%s)*(%s%s%s))"
                   "+SUMPRODUCT(ISNUMBER(%s)*(%s=%s)),\"\")",
                   x, x, dir > 0 ? ">" : "<", all, all, dir > 0 ? ">" : "<", x, upto, upto, x);
}

/* A difference b - a of two cells as a formula, cached. */
static void difference(trend_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t out,
                       lxw_col_t ca, lxw_col_t cb, double cached, lxw_format *format)
{
    char a[16], c[16];
    lxw_rowcol_to_cell(a, row, ca);
    lxw_rowcol_to_cell(c, row, cb);
    xw_formula_opt(&b->x, ws, row, out, format, !isnan(cached), isnan(cached) ? 0 : cached,
                   "IF(AND(ISNUMBER(%s),ISNUMBER(%s)),%s-%s,\"\")", a, c, c, a);
}

/* ---- 推移 --------------------------------------------------------------------- */

/* A service's As-Is in assessment i: a score (italic when migrated),
 * "新設" when the v2.x sheet had no such service, or blank. */
static void score_cell(trend_book *b, lxw_worksheet *ws, lxw_row_t row, size_t i, size_t s)
{
    const isomm_rollup_member *a = &b->v->t->assessments[i];
    trend_origin o = trend_origin_of(b->v->t, i, s);
    lxw_col_t col = TREND_COL(TREND_SER_COL_FIRST, i);
    if (o == TREND_NEW)
        xw_string(&b->x, ws, row, col, "新設", b->tf.fresh);
    else
        xw_score(&b->x, ws, row, col, a->as_is[s],
                 o == TREND_MIGRATED ? b->tf.migrated : b->x.fmt.score);
}

/* "A-6, I-4" of a service, malloc'ed. */
static char *sources_text(const isomm_catalog *c, size_t s)
{
    core_buf buf = {0};
    const isomm_service *sv = &c->services[s];
    if (core_buf_add(&buf, "", 0) != 0)
        return NULL;
    for (size_t k = 0; k < sv->source_count; k++) {
        const char *id = c->roles[sv->sources[k]].id;
        if ((k && core_buf_add(&buf, ", ", 2) != 0) || core_buf_add(&buf, id, strlen(id)) != 0) {
            free(buf.data);
            return NULL;
        }
    }
    return buf.data;
}

static void service_row(trend_book *b, lxw_worksheet *ws, size_t s, const trend_cols *tc)
{
    const trend_view *v = b->v;
    const isomm_catalog *c = v->c;
    const xw_formats *f = &b->x.fmt;
    lxw_row_t row = (lxw_row_t)(TREND_SER_FIRST_ROW + s), r1 = TREND_SER_FIRST_ROW,
              r2 = (lxw_row_t)(TREND_SER_FIRST_ROW + c->service_count - 1);
    xw_string(&b->x, ws, row, TREND_SER_COL_ID, c->services[s].id, f->center);
    xw_string(&b->x, ws, row, TREND_SER_COL_NAME, c->services[s].name, f->text);
    xw_string(&b->x, ws, row, TREND_SER_COL_CATEGORY, c->categories[c->services[s].category].id,
              f->center);
    char *src = sources_text(c, s);
    if (!src) {
        xw_nomem(&b->x);
        return;
    }
    xw_string(&b->x, ws, row, TREND_SER_COL_SOURCES, *src ? src : "（新設）", f->center);
    free(src);
    for (size_t i = 0; i < v->n; i++)
        score_cell(b, ws, row, i, s);
    lxw_col_t first = TREND_SER_COL_FIRST, prev = TREND_COL(first, v->prev),
              last = TREND_COL(first, v->last);
    const isomm_rollup_member *l = &v->t->assessments[v->last];
    double prev_change = l->as_is[s] >= 0 && v->t->assessments[v->prev].as_is[s] >= 0
                             ? l->as_is[s] - v->t->assessments[v->prev].as_is[s]
                             : NAN;
    difference(b, ws, row, tc->change, first, last, v->service_change[s], b->tf.change);
    difference(b, ws, row, tc->change_prev, prev, last, prev_change, b->tf.change);
    xw_score(&b->x, ws, row, tc->to_be, l->to_be[s], f->score);
    difference(b, ws, row, tc->gap, last, tc->to_be, v->gap[s], f->gap);
    rank_cell(b, ws, row, tc->rank_up, tc->change, r1, r2, 1, v->service_rank.up[s]);
    rank_cell(b, ws, row, tc->rank_down, tc->change, r1, r2, -1, v->service_rank.down[s]);
    rank_cell(b, ws, row, tc->rank_gap, tc->gap, r1, r2, 1, v->gap_rank[s]);
}

static void series_headers(trend_book *b, lxw_worksheet *ws, const trend_cols *tc)
{
    const xw_formats *f = &b->x.fmt;
    const lxw_row_t g = TREND_SER_HEADER_ROW - 1, h = TREND_SER_HEADER_ROW;
    size_t n = b->v->n;
    xw_merge(&b->x, ws, g, 0, g, TREND_SER_COL_SOURCES, "サービス", f->header);
    if (n > 1)
        xw_merge(&b->x, ws, g, TREND_SER_COL_FIRST, g, TREND_COL(TREND_SER_COL_FIRST, n - 1),
                 "現状 (As-Is)", f->header);
    xw_merge(&b->x, ws, g, tc->change, g, tc->change_prev, "変化", f->header);
    xw_merge(&b->x, ws, g, tc->to_be, g, tc->gap, "最新のあるべき姿", f->header);
    static const char *const heads[] = {"ID", "サービス名", "カテゴリー", "移行元 (v2.1)"};
    for (lxw_col_t col = 0; col < TREND_SER_COL_FIRST; col++)
        xw_string(&b->x, ws, h, col, heads[col], f->header);
    assessment_heads(b, ws, h, TREND_SER_COL_FIRST);
    xw_string(&b->x, ws, h, tc->change, "初回→最新", f->header);
    xw_string(&b->x, ws, h, tc->change_prev, "前回→最新", f->header);
    xw_string(&b->x, ws, h, tc->to_be, "あるべき姿\n(To-Be)", f->header);
    xw_string(&b->x, ws, h, tc->gap, "ギャップ", f->header);
    xw_string(&b->x, ws, h, tc->rank_up, "上昇順位", f->header);
    xw_string(&b->x, ws, h, tc->rank_down, "低下順位", f->header);
    xw_string(&b->x, ws, h, tc->rank_gap, "ギャップ順位", f->header);
    xw_row_height(&b->x, ws, h, 32);
}

void trend_write_series(trend_book *b)
{
    const trend_view *v = b->v;
    size_t svc = v->c->service_count;
    lxw_worksheet *ws = xw_add_sheet(&b->x, TREND_SHEET_SERIES);
    if (!ws || svc == 0)
        return;
    trend_cols tc = trend_series_cols(v->n);
    xw_page_setup(&b->x, ws, 1, 0);
    xw_width(&b->x, ws, TREND_SER_COL_ID, TREND_SER_COL_ID, W_ID, NULL);
    xw_width(&b->x, ws, TREND_SER_COL_NAME, TREND_SER_COL_NAME, W_NAME, NULL);
    xw_width(&b->x, ws, TREND_SER_COL_CATEGORY, TREND_SER_COL_CATEGORY, 9, NULL);
    xw_width(&b->x, ws, TREND_SER_COL_SOURCES, TREND_SER_COL_SOURCES, 13, NULL);
    xw_width(&b->x, ws, TREND_SER_COL_FIRST, TREND_COL(TREND_SER_COL_FIRST, v->n - 1), W_SCORE,
             NULL);
    xw_width(&b->x, ws, tc.change, tc.gap, W_CHANGE, NULL);
    xw_hide_columns(&b->x, ws, tc.rank_up, tc.rank_gap, 8);
    xw_string(&b->x, ws, 0, 0, "サービス別 現状 (As-Is) の推移", b->x.fmt.title);
    xw_row_height(&b->x, ws, 0, 26);
    xw_string(&b->x, ws, 1, 0,
              "斜体 = v2.1 の回答から移行方針で求めた値（移行元の役割は D 列）。「新設」= X.1060 "
              "で新設されたサービスで、v2.1 の評価にはない。変化・ギャップは数式（編集すると更新）。",
              b->x.fmt.note);
    series_headers(b, ws, &tc);
    for (size_t s = 0; s < svc && !xw_failed(&b->x); s++)
        service_row(b, ws, s, &tc);
    lxw_row_t r1 = TREND_SER_FIRST_ROW, r2 = (lxw_row_t)(TREND_SER_FIRST_ROW + svc - 1);
    xw_score_scale(&b->x, ws, r1, TREND_SER_COL_FIRST, r2, TREND_COL(TREND_SER_COL_FIRST, v->n - 1));
    xw_score_scale(&b->x, ws, r1, tc.to_be, r2, tc.to_be);
    xw_change_colours(&b->x, ws, r1, tc.change, r2, tc.change_prev, 0);
    xw_change_colours(&b->x, ws, r1, tc.gap, r2, tc.gap, 1);
    if (xw_failed(&b->x))
        return;
    worksheet_freeze_panes(ws, TREND_SER_FIRST_ROW, TREND_SER_COL_CATEGORY);
    xw_ok(&b->x, worksheet_autofilter(ws, TREND_SER_HEADER_ROW, 0, r2, tc.gap));
    xw_ok(&b->x, worksheet_repeat_rows(ws, TREND_SER_HEADER_ROW - 1, TREND_SER_HEADER_ROW));
    xw_ok(&b->x, worksheet_print_area(ws, 0, 0, r2, tc.gap));
}

/* ---- カテゴリー推移 ------------------------------------------------------------- */

/* The mean of assessment i's As-Is over the services of the category in
 * column A of `row` (AVERAGEIFS over 推移), or of all (the 全体 row). */
static void mean_cell(trend_book *b, lxw_worksheet *ws, lxw_row_t row, size_t i, double cached,
                      int overall)
{
    size_t svc = b->v->c->service_count;
    lxw_col_t col = TREND_COL(TREND_SER_COL_FIRST, i);
    lxw_row_t r1 = TREND_SER_FIRST_ROW, r2 = (lxw_row_t)(TREND_SER_FIRST_ROW + svc - 1);
    char scores[160], cats[160], key[16];
    snprintf(scores, sizeof scores, "%s", xw_range(TREND_SHEET_SERIES, r1, col, r2, col));
    snprintf(cats, sizeof cats, "%s",
             xw_range(TREND_SHEET_SERIES, r1, TREND_SER_COL_CATEGORY, r2, TREND_SER_COL_CATEGORY));
    lxw_rowcol_to_cell_abs(key, row, TREND_CAT_COL_ID, 0, 1);
    lxw_col_t out = TREND_COL(TREND_CAT_COL_FIRST, i);
    lxw_format *f = b->x.fmt.average;
    int present = !isnan(cached);
    if (overall)
        xw_formula_opt(&b->x, ws, row, out, f, present, present ? cached : 0,
                       "IFERROR(AVERAGE(%s),\"\")", scores);
    else
        xw_formula_opt(&b->x, ws, row, out, f, present, present ? cached : 0,
                       "IFERROR(AVERAGEIFS(%s,%s,%s),\"\")", scores, cats, key);
}

static void category_row(trend_book *b, lxw_worksheet *ws, size_t k, const trend_cols *tc)
{
    const trend_view *v = b->v;
    const isomm_catalog *c = v->c;
    size_t cats = c->category_count;
    int overall = k == cats; /* the last row: every service */
    lxw_row_t row = (lxw_row_t)(TREND_CAT_FIRST_ROW + k), r1 = TREND_CAT_FIRST_ROW,
              r2 = (lxw_row_t)(TREND_CAT_FIRST_ROW + cats - 1);
    const xw_formats *f = &b->x.fmt;
    char *label = overall ? core_strdup("全体（全サービス）") : xw_category_label(c, k);
    if (!label) {
        xw_nomem(&b->x);
        return;
    }
    xw_string(&b->x, ws, row, TREND_CAT_COL_ID, overall ? "" : c->categories[k].id,
              overall ? f->header : f->center);
    xw_string(&b->x, ws, row, TREND_CAT_COL_NAME, label, overall ? f->header : f->text);
    free(label);
    for (size_t i = 0; i < v->n; i++)
        mean_cell(b, ws, row, i, overall ? v->overall[i] : trend_category(v, i, k), overall);
    double first = overall ? v->overall[0] : trend_category(v, 0, k);
    double prev = overall ? v->overall[v->prev] : trend_category(v, v->prev, k);
    double last = overall ? v->overall[v->last] : trend_category(v, v->last, k);
    lxw_col_t c0 = TREND_CAT_COL_FIRST;
    difference(b, ws, row, tc->change, c0, TREND_COL(c0, v->last),
               isnan(first) || isnan(last) ? NAN : last - first, b->tf.change_avg);
    difference(b, ws, row, tc->change_prev, TREND_COL(c0, v->prev), TREND_COL(c0, v->last),
               isnan(prev) || isnan(last) ? NAN : last - prev, b->tf.change_avg);
    if (!overall) {
        rank_cell(b, ws, row, tc->rank_up, tc->change, r1, r2, 1, v->category_rank.up[k]);
        rank_cell(b, ws, row, tc->rank_down, tc->change, r1, r2, -1, v->category_rank.down[k]);
    }
}

void trend_write_categories(trend_book *b)
{
    const trend_view *v = b->v;
    size_t cats = v->c->category_count;
    lxw_worksheet *ws = xw_add_sheet(&b->x, TREND_SHEET_CATEGORIES);
    if (!ws)
        return;
    trend_cols tc = trend_category_cols(v->n);
    const xw_formats *f = &b->x.fmt;
    xw_page_setup(&b->x, ws, 1, 0);
    xw_width(&b->x, ws, TREND_CAT_COL_ID, TREND_CAT_COL_ID, W_ID, NULL);
    xw_width(&b->x, ws, TREND_CAT_COL_NAME, TREND_CAT_COL_NAME, 34, NULL);
    xw_width(&b->x, ws, TREND_CAT_COL_FIRST, TREND_COL(TREND_CAT_COL_FIRST, v->n - 1), W_SCORE,
             NULL);
    xw_width(&b->x, ws, tc.change, tc.change_prev, W_CHANGE, NULL);
    xw_hide_columns(&b->x, ws, tc.rank_up, tc.rank_down, 8);
    xw_string(&b->x, ws, 0, 0, "カテゴリー別 現状 (As-Is) の平均の推移", f->title);
    xw_row_height(&b->x, ws, 0, 26);
    xw_string(&b->x, ws, 1, 0,
              "各評価の評価済みサービスの平均（「推移」シートから数式で計算）。サマリーの折れ線"
              "グラフとレーダーチャートのデータ。",
              f->note);
    const lxw_row_t h = TREND_CAT_HEADER_ROW;
    xw_string(&b->x, ws, h, TREND_CAT_COL_ID, "ID", f->header);
    xw_string(&b->x, ws, h, TREND_CAT_COL_NAME, "カテゴリー", f->header);
    assessment_heads(b, ws, h, TREND_CAT_COL_FIRST);
    xw_string(&b->x, ws, h, tc.change, "変化\n初回→最新", f->header);
    xw_string(&b->x, ws, h, tc.change_prev, "変化\n前回→最新", f->header);
    xw_string(&b->x, ws, h, tc.rank_up, "上昇順位", f->header);
    xw_string(&b->x, ws, h, tc.rank_down, "低下順位", f->header);
    xw_row_height(&b->x, ws, h, 32);
    for (size_t k = 0; k <= cats && !xw_failed(&b->x); k++) {
        category_row(b, ws, k, &tc);
        xw_row_height(&b->x, ws, (lxw_row_t)(TREND_CAT_FIRST_ROW + k), 18);
    }
    lxw_row_t r1 = TREND_CAT_FIRST_ROW, r2 = (lxw_row_t)(TREND_CAT_FIRST_ROW + cats);
    xw_score_scale(&b->x, ws, r1, TREND_CAT_COL_FIRST, r2,
                   TREND_COL(TREND_CAT_COL_FIRST, v->n - 1));
    xw_change_colours(&b->x, ws, r1, tc.change, r2, tc.change_prev, 0);
    if (!xw_failed(&b->x))
        xw_ok(&b->x, worksheet_print_area(ws, 0, 0, r2, tc.change_prev));
}
