/* summary.c - the trend's サマリー: one A4 landscape page for the board, in
 * the portfolio handout's style. The organization and the assessments
 * compared; five key figures; the mean As-Is of every assessment; a line
 * chart of the category means over time beside a radar of the first
 * assessment against the latest; five ranked lists (services and
 * categories that rose and fell most, services furthest from To-Be).
 * Every figure is a formula over 推移 / カテゴリー推移, cached. */
#define _POSIX_C_SOURCE 200809L
#include "trend/trend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "isomm/isomm.h"

/* A grid of 20 equal columns (A..T); the right half starts at K. */
#define SUM_COLS 20
#define SUM_HALF 10
#define W_COL 7.2
#define ROW_TITLE 0
#define ROW_INFO 1      /* two rows */
#define ROW_KEY_HEADING 4
#define ROW_KEY 5       /* five key figures; the assessments' table beside */
#define KEYS 5
#define TABLE_ROWS 4    /* assessments shown beside the key figures */
#define ROW_CHART_HEADING 11
#define ROW_CHART 12
#define CHART_ROWS 19
#define H_CHART_ROW 16.0
#define ROW_LIST_HEADING (ROW_CHART + CHART_ROWS + 1)
#define ROW_LIST_TITLE (ROW_LIST_HEADING + 1)
#define ROW_LIST (ROW_LIST_TITLE + 1)
#define ROW_FOOTER (ROW_LIST + TREND_TOP + 1)
#define LIST_WIDTH 4    /* name over 3 columns, the value in the 4th */

/* ---- the top --------------------------------------------------------------- */

static void info_pair(trend_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t c1,
                      lxw_col_t c2, const char *label, const char *value)
{
    xw_merge(&b->x, ws, row, c1, row, c1 + 1, label, b->x.fmt.info_label);
    xw_merge(&b->x, ws, row, c1 + 2, row, c2, value && *value ? value : XW_NONE, b->x.fmt.info);
}

static void title_rows(trend_book *b, lxw_worksheet *ws)
{
    const trend_view *v = b->v;
    const isomm_trend *t = v->t;
    const char *org = t->organization;
    char *title = org && *org && !strstr(b->x.title, org)
                      ? core_asprintf("%s　%s", org, b->x.title)
                      : core_strdup(b->x.title);
    const isomm_rollup_member *first = &t->assessments[0], *last = &t->assessments[v->last];
    char *span = core_asprintf("%zu 回（%s → %s）", v->n, first->date, last->date);
    char *from = core_asprintf("%s　%s", first->date, trend_kind_label(first));
    char *to = core_asprintf("%s　%s", last->date, trend_kind_label(last));
    if (title && span && from && to) {
        xw_merge(&b->x, ws, ROW_TITLE, 0, ROW_TITLE, SUM_COLS - 1, title, b->x.fmt.title_fit);
        info_pair(b, ws, ROW_INFO, 0, SUM_HALF - 1, "組織名", org);
        info_pair(b, ws, ROW_INFO, SUM_HALF, SUM_COLS - 1, "評価", span);
        info_pair(b, ws, ROW_INFO + 1, 0, SUM_HALF - 1, "初回", from);
        info_pair(b, ws, ROW_INFO + 1, SUM_HALF, SUM_COLS - 1, "最新", to);
    } else {
        xw_nomem(&b->x);
    }
    free(title);
    free(span);
    free(from);
    free(to);
    xw_row_height(&b->x, ws, ROW_TITLE, 30);
    xw_row_height(&b->x, ws, ROW_INFO, 18);
    xw_row_height(&b->x, ws, ROW_INFO + 1, 18);
    xw_row_height(&b->x, ws, ROW_INFO + 2, 6);
}

/* "'推移'!$G$5:$G$68": a whole column of 推移. */
static const char *series_column(const trend_view *v, lxw_col_t col)
{
    return xw_range(TREND_SHEET_SERIES, TREND_SER_FIRST_ROW, col,
                    (lxw_row_t)(TREND_SER_FIRST_ROW + v->c->service_count - 1), col);
}

/* ---- the five key figures --------------------------------------------------- */

static void key_row(trend_book *b, lxw_worksheet *ws, lxw_row_t row, const char *label,
                    lxw_format *format, const char *note)
{
    const xw_formats *f = &b->x.fmt;
    xw_merge(&b->x, ws, row, 0, row, 3, label, f->key_label);
    xw_merge(&b->x, ws, row, 4, row, 5, "", format);
    xw_merge(&b->x, ws, row, 6, row, SUM_HALF - 1, note, f->key_note);
    xw_row_height(&b->x, ws, row, 21);
}

/* Services whose change (first -> latest) is above / below 0, and whose
 * latest gap to To-Be is above 0. */
static size_t count_where(const double *values, size_t n, int dir)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += !isnan(values[i]) && (dir > 0 ? values[i] > 0 : values[i] < 0);
    return k;
}

static void key_figures(trend_book *b, lxw_worksheet *ws)
{
    const trend_view *v = b->v;
    const xw_formats *f = &b->x.fmt;
    size_t svc = v->c->service_count;
    trend_cols tc = trend_series_cols(v->n);
    char first[160], last[160], change[160], gap[160];
    snprintf(first, sizeof first, "%s", series_column(v, TREND_SER_COL_FIRST));
    snprintf(last, sizeof last, "%s", series_column(v, TREND_COL(TREND_SER_COL_FIRST, v->last)));
    snprintf(change, sizeof change, "%s", series_column(v, tc.change));
    snprintf(gap, sizeof gap, "%s", series_column(v, tc.gap));
    xw_merge(&b->x, ws, ROW_KEY_HEADING, 0, ROW_KEY_HEADING, SUM_HALF - 1, "主要な指標", f->heading);
    xw_row_height(&b->x, ws, ROW_KEY_HEADING, 20);

    lxw_row_t row = ROW_KEY;
    double now = v->overall[v->last], then = v->overall[0];
    key_row(b, ws, row, "現状 (As-Is) の平均（最新）", f->key_value, "最新の評価の評価済みサービスの平均");
    xw_formula_opt(&b->x, ws, row++, 4, f->key_value, !isnan(now), isnan(now) ? 0 : now,
                   "IFERROR(AVERAGE(%s),\"\")", last);
    key_row(b, ws, row, "初回からの変化", b->tf.key_change, "最新の平均 − 初回の平均");
    int both = !isnan(now) && !isnan(then);
    xw_formula_opt(&b->x, ws, row++, 4, b->tf.key_change, both, both ? now - then : 0,
                   "IFERROR(AVERAGE(%s)-AVERAGE(%s),\"\")", last, first);
    key_row(b, ws, row, "現状が上がったサービス", f->key_plain, "初回と最新の両方で評価したもののうち");
    xw_formula_num(&b->x, ws, row++, 4, f->key_plain,
                   (double)count_where(v->service_change, svc, 1), "COUNTIF(%s,\">0\")", change);
    key_row(b, ws, row, "現状が下がったサービス", f->key_plain, "同じく、下がったもの");
    xw_formula_num(&b->x, ws, row++, 4, f->key_plain,
                   (double)count_where(v->service_change, svc, -1), "COUNTIF(%s,\"<0\")", change);
    size_t with_to_be = 0;
    for (size_t s = 0; s < svc; s++)
        with_to_be += v->t->assessments[v->last].to_be[s] >= 0;
    key_row(b, ws, row, "あるべき姿に届いていないサービス", f->key_plain,
            with_to_be ? "最新で 現状 (As-Is) < あるべき姿 (To-Be)"
                       : "最新の評価にあるべき姿 (To-Be) がない");
    xw_formula_num(&b->x, ws, row++, 4, f->key_plain, (double)count_where(v->gap, svc, 1),
                   "COUNTIF(%s,\">0\")", gap);
    xw_row_height(&b->x, ws, row, 8);
}

/* ---- the assessments beside them -------------------------------------------- */

/* Which assessments the table shows: all up to TABLE_ROWS, else the first
 * and the latest ones. */
static size_t shown(const trend_view *v, size_t row)
{
    if (v->n <= TABLE_ROWS || row == 0)
        return row;
    return v->n - (TABLE_ROWS - row);
}

static void assessments(trend_book *b, lxw_worksheet *ws)
{
    const trend_view *v = b->v;
    const xw_formats *f = &b->x.fmt;
    char heading[160];
    snprintf(heading, sizeof heading, "評価ごとの現状 (As-Is)%s",
             v->n > TABLE_ROWS ? "（初回と最近。全件は「評価一覧」）" : "");
    xw_merge(&b->x, ws, ROW_KEY_HEADING, SUM_HALF, ROW_KEY_HEADING, SUM_COLS - 1, heading, f->heading);
    const lxw_row_t h = ROW_KEY;
    xw_string(&b->x, ws, h, SUM_HALF, "回", f->header);
    xw_merge(&b->x, ws, h, SUM_HALF + 1, h, SUM_HALF + 2, "評価日", f->header);
    xw_merge(&b->x, ws, h, SUM_HALF + 3, h, SUM_HALF + 5, "形式", f->header);
    xw_merge(&b->x, ws, h, SUM_HALF + 6, h, SUM_HALF + 7, "現状の平均", f->header);
    xw_merge(&b->x, ws, h, SUM_HALF + 8, h, SUM_HALF + 9, "評価済み", f->header);
    size_t rows = v->n < TABLE_ROWS ? v->n : TABLE_ROWS;
    for (size_t r = 0; r < rows && !xw_failed(&b->x); r++) {
        size_t i = shown(v, r);
        const isomm_rollup_member *a = &v->t->assessments[i];
        lxw_row_t row = (lxw_row_t)(h + 1 + r);
        char scores[160];
        snprintf(scores, sizeof scores, "%s",
                 series_column(v, TREND_COL(TREND_SER_COL_FIRST, i)));
        xw_number(&b->x, ws, row, SUM_HALF, (double)(i + 1), f->count);
        xw_merge(&b->x, ws, row, SUM_HALF + 1, row, SUM_HALF + 2, a->date, b->tf.date);
        xw_merge(&b->x, ws, row, SUM_HALF + 3, row, SUM_HALF + 5, trend_kind_label(a), f->text);
        xw_merge(&b->x, ws, row, SUM_HALF + 6, row, SUM_HALF + 7, "", f->out_of_5);
        int any = !isnan(v->overall[i]);
        xw_formula_opt(&b->x, ws, row, SUM_HALF + 6, f->out_of_5, any, any ? v->overall[i] : 0,
                       "IFERROR(AVERAGE(%s),\"\")", scores);
        xw_merge(&b->x, ws, row, SUM_HALF + 8, row, SUM_HALF + 9, "", b->tf.count_of);
        xw_formula_num(&b->x, ws, row, SUM_HALF + 8, b->tf.count_of, (double)a->assessed,
                       "COUNT(%s)", scores);
    }
}

/* ---- the charts ----------------------------------------------------------------- */

static const lxw_color_t PALETTE[] = {0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F,
                                      0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F};

/* The chart options of a chart filling `cols` columns of the chart rows. */
static lxw_chart_options chart_place(lxw_col_t cols, const char *description)
{
    double px_w = cols * (W_COL * 7 + 5), px_h = CHART_ROWS * H_CHART_ROW * 4.0 / 3.0;
    lxw_chart_options opt = {
        .x_offset = 4,
        .y_offset = 4,
        .x_scale = (px_w - 12) / 480.0,
        .y_scale = (px_h - 8) / 288.0,
        .object_position = LXW_OBJECT_MOVE_DONT_SIZE,
        .description = (char *)description,
    };
    return opt;
}

/* One series of the line chart: category k's row (or 全体) of
 * カテゴリー推移 across the assessments. */
static void line_series(trend_book *b, lxw_chart *chart, size_t k, double *cache)
{
    const trend_view *v = b->v;
    size_t cats = v->c->category_count;
    lxw_chart_series *s = xw_add_series(&b->x, chart);
    if (!s)
        return;
    lxw_row_t row = (lxw_row_t)(TREND_CAT_FIRST_ROW + k);
    lxw_col_t c1 = TREND_CAT_COL_FIRST, c2 = TREND_COL(TREND_CAT_COL_FIRST, v->n - 1);
    chart_series_set_categories(s, TREND_SHEET_CATEGORIES, TREND_CAT_HEADER_ROW, c1,
                                TREND_CAT_HEADER_ROW, c2);
    chart_series_set_values(s, TREND_SHEET_CATEGORIES, row, c1, row, c2);
    chart_series_set_name_range(s, TREND_SHEET_CATEGORIES, row, TREND_CAT_COL_NAME);
    int overall = k == cats;
    xw_series_style(s, overall ? 0x1F3864 : PALETTE[k % (sizeof PALETTE / sizeof PALETTE[0])],
                    overall ? 3.0 : 1.5, LXW_CHART_LINE_DASH_SOLID,
                    overall ? LXW_CHART_MARKER_SQUARE : LXW_CHART_MARKER_CIRCLE);
    for (size_t i = 0; i < v->n; i++) {
        double x = overall ? v->overall[i] : trend_category(v, i, k);
        cache[i] = isnan(x) ? -1 : x;
    }
    xw_series_cache(&b->x, s->values, cache, v->n);
}

static void line_chart(trend_book *b, lxw_worksheet *ws)
{
    const trend_view *v = b->v;
    size_t cats = v->c->category_count;
    lxw_chart *chart = xw_add_chart(&b->x, LXW_CHART_LINE);
    double *cache = malloc((v->n + 1) * sizeof *cache);
    if (!chart || !cache) {
        free(cache);
        if (chart)
            xw_nomem(&b->x);
        return;
    }
    chart_title_off(chart);
    for (size_t k = 0; k <= cats; k++)
        line_series(b, chart, k, cache);
    free(cache);
    xw_score_axis(chart->y_axis);
    lxw_chart_font small = {.size = 8}, label = {.size = 8};
    chart_axis_set_num_font(chart->y_axis, &small);
    chart_axis_set_num_font(chart->x_axis, &label);
    chart_axis_major_gridlines_set_visible(chart->y_axis, LXW_TRUE);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_RIGHT);
    chart_legend_set_font(chart, &small);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    lxw_chart_options opt = chart_place(SUM_HALF, "カテゴリー別 現状 (As-Is) の平均の推移（折れ線）");
    xw_ok(&b->x, worksheet_insert_chart_opt(ws, ROW_CHART, 0, chart, &opt));
}

static void radar_chart(trend_book *b, lxw_worksheet *ws)
{
    const trend_view *v = b->v;
    size_t cats = v->c->category_count;
    lxw_chart *chart = xw_add_chart(&b->x, LXW_CHART_RADAR_WITH_MARKERS);
    double *cache = malloc((cats + 1) * sizeof *cache);
    if (!chart || !cache || cats == 0) {
        free(cache);
        if (chart && !cache)
            xw_nomem(&b->x);
        return;
    }
    chart_title_off(chart);
    const size_t which[2] = {0, v->last};
    for (int j = 0; j < 2; j++) {
        lxw_chart_series *s = xw_add_series(&b->x, chart);
        if (!s)
            break;
        lxw_col_t col = TREND_COL(TREND_CAT_COL_FIRST, which[j]);
        lxw_row_t r1 = TREND_CAT_FIRST_ROW, r2 = (lxw_row_t)(TREND_CAT_FIRST_ROW + cats - 1);
        chart_series_set_categories(s, TREND_SHEET_CATEGORIES, r1, TREND_CAT_COL_NAME, r2,
                                    TREND_CAT_COL_NAME);
        chart_series_set_values(s, TREND_SHEET_CATEGORIES, r1, col, r2, col);
        char name[64];
        snprintf(name, sizeof name, "%s %s", j ? "最新" : "初回", v->t->assessments[which[j]].date);
        chart_series_set_name(s, name);
        xw_series_style(s, j ? XW_COLOR_AS_IS : XW_COLOR_BEFORE, 2.25,
                        j ? LXW_CHART_LINE_DASH_SOLID : LXW_CHART_LINE_DASH_ROUND_DOT,
                        j ? LXW_CHART_MARKER_CIRCLE : LXW_CHART_MARKER_DIAMOND);
        for (size_t k = 0; k < cats; k++) {
            double x = trend_category(v, which[j], k);
            cache[k] = isnan(x) ? -1 : x;
        }
        xw_series_cache(&b->x, s->values, cache, cats);
    }
    free(cache);
    xw_score_axis(chart->y_axis);
    lxw_chart_font small = {.size = 8};
    chart_axis_set_num_font(chart->y_axis, &small);
    chart_axis_set_num_font(chart->x_axis, &small);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_legend_set_font(chart, &small);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    lxw_chart_options opt = chart_place(SUM_COLS - SUM_HALF, "カテゴリー別 現状 (As-Is): 初回と最新のレーダーチャート");
    xw_ok(&b->x, worksheet_insert_chart_opt(ws, ROW_CHART, SUM_HALF, chart, &opt));
}

static void charts(trend_book *b, lxw_worksheet *ws)
{
    const xw_formats *f = &b->x.fmt;
    xw_merge(&b->x, ws, ROW_CHART_HEADING, 0, ROW_CHART_HEADING, SUM_HALF - 1,
             "カテゴリー別 現状 (As-Is) の平均の推移", f->heading);
    xw_merge(&b->x, ws, ROW_CHART_HEADING, SUM_HALF, ROW_CHART_HEADING, SUM_COLS - 1,
             "初回と最新の比較（カテゴリー別）", f->heading);
    xw_row_height(&b->x, ws, ROW_CHART_HEADING, 20);
    for (lxw_row_t r = ROW_CHART; r < ROW_CHART + CHART_ROWS; r++)
        xw_row_height(&b->x, ws, r, H_CHART_ROW);
    line_chart(b, ws);
    radar_chart(b, ws);
}

/* ---- the five lists ----------------------------------------------------------- */

typedef struct list_spec {
    const char *title, *explain;
    const trend_list *list;
    int of_categories;
    lxw_col_t rank_col, value_col; /* on 推移, or カテゴリー推移 */
    lxw_format *format;
} list_spec;

/* Item j of a list: INDEX/MATCH of rank j over the list's rank column. */
static void list_item(trend_book *b, lxw_worksheet *ws, const list_spec *l, lxw_col_t c1,
                      size_t j)
{
    const trend_view *v = b->v;
    const isomm_catalog *c = v->c;
    const xw_formats *f = &b->x.fmt;
    const char *sheet = l->of_categories ? TREND_SHEET_CATEGORIES : TREND_SHEET_SERIES;
    lxw_row_t r1 = l->of_categories ? TREND_CAT_FIRST_ROW : TREND_SER_FIRST_ROW;
    lxw_row_t r2 = (lxw_row_t)(r1 + (l->of_categories ? c->category_count : c->service_count) - 1);
    char ranks[160], values[160], ids[160], names[160], match[200];
    snprintf(ranks, sizeof ranks, "%s", xw_range(sheet, r1, l->rank_col, r2, l->rank_col));
    snprintf(values, sizeof values, "%s", xw_range(sheet, r1, l->value_col, r2, l->value_col));
    snprintf(ids, sizeof ids, "%s", xw_range(sheet, r1, TREND_SER_COL_ID, r2, TREND_SER_COL_ID));
    snprintf(names, sizeof names, "%s",
             xw_range(sheet, r1, TREND_SER_COL_NAME, r2, TREND_SER_COL_NAME));
    snprintf(match, sizeof match, "MATCH(%zu,%s,0)", j + 1, ranks);
    int has = j < l->list->count;
    const trend_pick *p = &l->list->item[j];
    char *name = !has ? core_strdup(j == 0 ? "（該当なし）" : "")
                 : l->of_categories ? xw_category_label(c, p->index)
                                    : trend_service_label(c, p->index);
    if (!name) {
        xw_nomem(&b->x);
        return;
    }
    lxw_row_t row = (lxw_row_t)(ROW_LIST + j);
    xw_merge(&b->x, ws, row, c1, row, c1 + LIST_WIDTH - 2, "", f->list_item);
    if (l->of_categories)
        xw_formula_str(&b->x, ws, row, c1, f->list_item, name, "IFERROR(INDEX(%s,%s),\"%s\")",
                       names, match, j == 0 ? "（該当なし）" : "");
    else
        xw_formula_str(&b->x, ws, row, c1, f->list_item, name,
                       "IFERROR(INDEX(%s,%s)&\" \"&INDEX(%s,%s),\"%s\")", ids, match, names,
                       match, j == 0 ? "（該当なし）" : "");
    xw_formula_opt(&b->x, ws, row, c1 + LIST_WIDTH - 1, l->format, has, has ? p->change : 0,
                   "IFERROR(INDEX(%s,%s),\"\")", values, match);
    xw_row_height(&b->x, ws, row, 17);
    free(name);
}

static void lists(trend_book *b, lxw_worksheet *ws)
{
    const trend_view *v = b->v;
    const xw_formats *f = &b->x.fmt;
    trend_cols sc = trend_series_cols(v->n), cc = trend_category_cols(v->n);
    char heading[200];
    snprintf(heading, sizeof heading,
             "変化の大きいサービスとカテゴリー（初回 %s → 最新 %s）、あるべき姿から遠いサービス（最新）",
             v->t->assessments[0].date, v->t->assessments[v->last].date);
    xw_merge(&b->x, ws, ROW_LIST_HEADING, 0, ROW_LIST_HEADING, SUM_COLS - 1, heading, f->heading);
    xw_row_height(&b->x, ws, ROW_LIST_HEADING, 20);
    const list_spec specs[] = {
        {"現状が上がったサービス", "上がった幅の大きい順", &v->up, 0, sc.rank_up, sc.change,
         b->tf.list_change},
        {"現状が下がったサービス", "下がった幅の大きい順", &v->down, 0, sc.rank_down, sc.change,
         b->tf.list_change},
        {"上がったカテゴリー", "平均の上がった幅の大きい順", &v->category_up, 1, cc.rank_up,
         cc.change, b->tf.list_change_avg},
        {"下がったカテゴリー", "平均の下がった幅の大きい順", &v->category_down, 1, cc.rank_down,
         cc.change, b->tf.list_change_avg},
        {"あるべき姿から遠いサービス", "最新のギャップ (To-Be − As-Is) の大きい順", &v->furthest, 0,
         sc.rank_gap, sc.gap, f->list_score},
    };
    for (size_t k = 0; k < sizeof specs / sizeof specs[0] && !xw_failed(&b->x); k++) {
        lxw_col_t c1 = (lxw_col_t)(k * LIST_WIDTH);
        xw_merge(&b->x, ws, ROW_LIST_TITLE, c1, ROW_LIST_TITLE, c1 + LIST_WIDTH - 1, "",
                 f->list_title);
        char second[160];
        snprintf(second, sizeof second, "\n%s", specs[k].explain);
        lxw_format *const fm[] = {f->list_title, f->note};
        const char *const tx[] = {specs[k].title, second};
        xw_rich(&b->x, ws, ROW_LIST_TITLE, c1, f->list_title, 2, fm, tx);
        for (size_t j = 0; j < TREND_TOP; j++)
            list_item(b, ws, &specs[k], c1, j);
    }
    xw_row_height(&b->x, ws, ROW_LIST_TITLE, 30);
}

/* ---- the sheet ------------------------------------------------------------------ */

static void footer(trend_book *b, lxw_worksheet *ws)
{
    size_t fresh = 0;
    for (size_t s = 0; s < b->v->c->service_count; s++)
        fresh += b->v->c->services[s].source_count == 0;
    char *text = core_asprintf(
        "変化 = 最新 − 初回（両方に現状 (As-Is) があるもの）。v2.1 の評価の値は移行方針に従って "
        "X.1060 のサービスに移行した値で（「推移」シートで斜体、移行元の役割つき）、X.1060 で新設の "
        "%zu サービスは v2.1 の評価にはない（「新設」）。\n数値はすべて「推移」「カテゴリー推移」"
        "シートから数式で計算しています（編集すると更新）。3 つのフェーズのギャップ分析は"
        "「評価プロセス」シート。作成: isomm " ISOMM_VERSION,
        fresh);
    if (!text) {
        xw_nomem(&b->x);
        return;
    }
    xw_row_height(&b->x, ws, ROW_FOOTER - 1, 6);
    xw_merge(&b->x, ws, ROW_FOOTER, 0, ROW_FOOTER, SUM_COLS - 1, text, b->x.fmt.footnote);
    xw_row_height(&b->x, ws, ROW_FOOTER, 28);
    free(text);
}

void trend_write_summary(trend_book *b)
{
    lxw_worksheet *ws = xw_add_sheet(&b->x, TREND_SHEET_SUMMARY);
    if (!ws)
        return;
    xw_page_setup(&b->x, ws, 1, 1);
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    if (!xw_failed(&b->x))
        xw_ok(&b->x, worksheet_print_area(ws, 0, 0, ROW_FOOTER, SUM_COLS - 1));
    xw_width(&b->x, ws, 0, SUM_COLS - 1, W_COL, NULL);
    title_rows(b, ws);
    key_figures(b, ws);
    assessments(b, ws);
    charts(b, ws);
    lists(b, ws);
    footer(b, ws);
}
