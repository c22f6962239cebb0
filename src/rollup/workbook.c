/*
 * workbook.c - isomm_rollup_write_xlsx(): the group roll-up workbook.
 *
 *   概要          one row per subsidiary: patterns, overall As-Is, the
 *                 category averages, counts, date; group mean/min/max on top
 *   前回比        previous -> latest per subsidiary (compare.c), when one
 *                 has several assessments
 *   グラフ        group-mean radar against the strongest and the weakest
 *                 subsidiary; distribution of the overall As-Is
 *   サービス別    subsidiaries x services As-Is matrix
 *   割り当て      subsidiaries x services allocation matrix, with per
 *                 service counts of each allocation
 *   読み込み失敗  the inputs that could not be read
 *
 * One row per subsidiary on every sheet (columns are services), so the
 * workbook holds thousands of subsidiaries. libxlsxwriter runs in
 * constant_memory mode: each sheet is written top to bottom, a row at a
 * time, and memory stays flat in the number of subsidiaries. The group
 * figures on top of the sheets are formulas (SUBTOTAL: they follow an
 * autofilter) with their values cached, for readers that do not compute.
 * Layout constants are in docs/group.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rollup/rollup.h"
#include "isomm/isomm.h"
#include "core/core.h"
#include "xlsx/xlsx.h"

#define SHEET_SUMMARY ROLLUP_SHEET_SUMMARY
#define SHEET_CHARTS "グラフ"
#define SHEET_SERVICES "サービス別"
#define SHEET_ALLOCATION "割り当て"
#define SHEET_FAILURES "読み込み失敗"

#define DEFAULT_TITLE "グループ サービスポートフォリオ"

/* ---- 概要 layout ---------------------------------------------------------- */
#define SUM_STAT_ROW 3   /* グループ平均, 最小, 最大 */
#define SUM_HEADER_ROW 6
#define SUM_FIRST_ROW 7
enum {
    SUM_COL_NO = 0,
    SUM_COL_NAME,
    SUM_COL_CURRENT,
    SUM_COL_TARGET,
    SUM_COL_OVERALL,
    SUM_COL_CAT /* then one column per category, then: */
};
/* Columns after the categories, relative to SUM_COL_CAT + category_count. */
enum { SUM_REL_ASSESSED = 0, SUM_REL_NOT_REQUIRED, SUM_REL_TO_ASSESS,
       SUM_REL_WARNINGS, SUM_REL_DATE, SUM_REL_COUNT, SUM_REL_FILE, SUM_REL_KIND,
       SUM_REL_COLS };

/* ---- サービス別 / 割り当て layout ----------------------------------------- */
#define SVC_STAT_ROW 3   /* 平均, 最小, 最大, 評価済み社数 */
#define SVC_HEADER_ROW 7
#define SVC_FIRST_ROW 8
#define SVC_COL_OVERALL 2
#define SVC_COL_FIRST 3  /* first service */
#define ALLOC_STAT_ROW 3 /* インソース, アウトソース, 併用, 未割り当て, なし */
#define ALLOC_HEADER_ROW 8
#define ALLOC_FIRST_ROW 9
#define ALLOC_COL_FIRST 2

/* ---- グラフ layout --------------------------------------------------------- */
#define CH_RADAR_HEADER_ROW 3
#define CH_BINS 8         /* 1.0-1.5 ... 4.5-5.0 */

/* ---- 概要 ------------------------------------------------------------------ */

static void write_summary(rollup_book *w, const char *title)
{
    const isomm_rollup *g = w->g;
    const isomm_catalog *c = w->c;
    const rollup_fmts *f = &w->f;
    size_t n = g->member_count;
    lxw_worksheet *ws = xw_add_sheet(&w->x, SHEET_SUMMARY);
    if (!ws)
        return;
    size_t cats = c->category_count;
    lxw_col_t col_after = (lxw_col_t)(SUM_COL_CAT + cats);
    lxw_col_t last_col = (lxw_col_t)(col_after + SUM_REL_COLS - 1);

    /* Column widths. */
    xw_width(&w->x, ws, SUM_COL_NO, SUM_COL_NO, 6, NULL);
    xw_width(&w->x, ws, SUM_COL_NAME, SUM_COL_NAME, rollup_name_width(g), NULL);
    xw_width(&w->x, ws, SUM_COL_CURRENT, SUM_COL_TARGET, 17, NULL);
    xw_width(&w->x, ws, SUM_COL_OVERALL, SUM_COL_OVERALL, 10, NULL);
    if (cats)
        xw_width(&w->x, ws, SUM_COL_CAT, (lxw_col_t)(col_after - 1), 11, NULL);
    xw_width(&w->x, ws, col_after + SUM_REL_ASSESSED,
                     col_after + SUM_REL_WARNINGS, 8, NULL);
    xw_width(&w->x, ws, col_after + SUM_REL_DATE, col_after + SUM_REL_DATE, 11, NULL);
    xw_width(&w->x, ws, col_after + SUM_REL_COUNT, col_after + SUM_REL_COUNT, 7, NULL);
    xw_width(&w->x, ws, col_after + SUM_REL_FILE, col_after + SUM_REL_FILE, 40, NULL);
    xw_width(&w->x, ws, col_after + SUM_REL_KIND, col_after + SUM_REL_KIND, 16, NULL);

    char note[512], taken[160] = "";
    if (g->earlier_count)
        snprintf(taken, sizeof taken, "（評価 %zu 件のうち子会社ごとに最新のもの。前回との比較は"
                 "「前回比」シート）", n + g->earlier_count);
    snprintf(note, sizeof note,
             "子会社 %zu 社%s、読み込み失敗 %zu 件。上の 3 行は表示中（フィルター後）の子会社の集計。"
             "スコアは 1〜5（未評価は空欄）。",
             n, taken, g->failure_count);
    rollup_title(w, ws, title, note);

    /* Group figures over all members (the cached values of the formulas). */
    size_t stat_cols = 1 + cats + 4;
    rollup_stat *st = calloc(stat_cols, sizeof *st);
    if (!st) {
        xw_nomem(&w->x);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const isomm_rollup_member *m = &g->members[i];
        rollup_stat_add(&st[0], m->overall_as_is);
        for (size_t k = 0; k < cats; k++)
            rollup_stat_add(&st[1 + k], m->category_as_is[k]);
        rollup_stat_add(&st[1 + cats], (double)m->assessed);
        rollup_stat_add(&st[2 + cats], (double)m->not_required);
        rollup_stat_add(&st[3 + cats], (double)m->to_assess);
        rollup_stat_add(&st[4 + cats], (double)m->warning_count);
    }
    static const char *const stat_labels[3] = {"グループ平均", "最小", "最大"};
    static const int stat_fn[3] = {101, 105, 104}; /* SUBTOTAL: AVERAGE, MIN, MAX */
    for (int r = 0; r < 3; r++) {
        lxw_row_t row = (lxw_row_t)(SUM_STAT_ROW + r);
        xw_blank(&w->x, ws, row, SUM_COL_NO, f->stat_label);
        xw_string(&w->x, ws, row, SUM_COL_NAME, stat_labels[r], f->stat_label);
        xw_blank(&w->x, ws, row, SUM_COL_CURRENT, f->stat_label);
        xw_blank(&w->x, ws, row, SUM_COL_TARGET, f->stat_label);
        for (size_t k = 0; k < stat_cols; k++) {
            lxw_col_t col = (lxw_col_t)(SUM_COL_OVERALL + k);
            const rollup_stat *s = &st[k];
            double v = r == 0 ? rollup_stat_mean(s) : s->count ? (r == 1 ? s->min : s->max) : NAN;
            int is_count = k > cats;
            lxw_format *fm = (is_count && r > 0) ? f->stat_count : f->stat_avg;
            char range[40];
            const char *fx = n ? rollup_formula(w, "=SUBTOTAL(%d,%s)", stat_fn[r],
                                         rollup_col_range(col, SUM_FIRST_ROW, n, range))
                               : "";
            rollup_formula_num(w, ws, row, col, fx, v, fm);
        }
        for (int k = SUM_REL_DATE; k < SUM_REL_COLS; k++)
            xw_blank(&w->x, ws, row, (lxw_col_t)(col_after + k), f->stat_label);
    }
    free(st);

    /* Header. */
    unsigned lines = 2;
    for (size_t k = 0; k < cats; k++) {
        char head[256];
        snprintf(head, sizeof head, "%s. %s", c->categories[k].id, c->categories[k].name);
        unsigned l = xw_text_lines(head, 11);
        lines = l > lines ? l : lines;
    }
    rollup_row_lines(w, ws, SUM_HEADER_ROW, lines);
    static const char *const heads[] = {"No.", "子会社", "現状のパターン",
                                        "目標のパターン", "全体 As-Is"};
    for (lxw_col_t col = 0; col < 5; col++)
        xw_string(&w->x, ws, SUM_HEADER_ROW, col, heads[col], f->header);
    for (size_t k = 0; k < cats; k++) {
        char head[256];
        snprintf(head, sizeof head, "%s. %s", c->categories[k].id, c->categories[k].name);
        xw_string(&w->x, ws, SUM_HEADER_ROW, (lxw_col_t)(SUM_COL_CAT + k), head,
                          f->header);
    }
    static const char *const tail[SUM_REL_COLS] = {"評価済み", "不要", "要評価", "警告",
                                                   "評価日", "評価数", "ファイル", "形式"};
    for (int k = 0; k < SUM_REL_COLS; k++)
        xw_string(&w->x, ws, SUM_HEADER_ROW, (lxw_col_t)(col_after + k), tail[k],
                          f->header);

    /* One row per subsidiary. */
    for (size_t i = 0; i < n && !xw_failed(&w->x); i++) {
        const isomm_rollup_member *m = &g->members[i];
        lxw_row_t row = (lxw_row_t)(SUM_FIRST_ROW + i);
        rollup_member_key(w, ws, row, i);
        xw_string(&w->x, ws, row, SUM_COL_CURRENT,
                          rollup_pattern_name(c, m->pattern_current), f->text);
        xw_string(&w->x, ws, row, SUM_COL_TARGET,
                          rollup_pattern_name(c, m->pattern_target), f->text);
        rollup_number(w, ws, row, SUM_COL_OVERALL, m->overall_as_is, f->avg);
        for (size_t k = 0; k < cats; k++)
            rollup_number(w, ws, row, (lxw_col_t)(SUM_COL_CAT + k), m->category_as_is[k],
                            f->avg);
        xw_number(&w->x, ws, row, col_after + SUM_REL_ASSESSED, (double)m->assessed,
                          f->count);
        xw_number(&w->x, ws, row, col_after + SUM_REL_NOT_REQUIRED,
                          (double)m->not_required, f->count);
        xw_number(&w->x, ws, row, col_after + SUM_REL_TO_ASSESS, (double)m->to_assess,
                          f->count);
        xw_number(&w->x, ws, row, col_after + SUM_REL_WARNINGS,
                          (double)m->warning_count, f->count);
        xw_string(&w->x, ws, row, col_after + SUM_REL_DATE, m->date, f->center);
        xw_number(&w->x, ws, row, col_after + SUM_REL_COUNT, (double)m->assessments, f->count);
        xw_string(&w->x, ws, row, col_after + SUM_REL_FILE, m->path, f->text);
        xw_string(&w->x, ws, row, col_after + SUM_REL_KIND, m->kind, f->text);
    }

    if (xw_failed(&w->x))
        return;
    worksheet_freeze_panes(ws, SUM_FIRST_ROW, SUM_COL_CURRENT);
    xw_ok(&w->x, worksheet_autofilter(ws, SUM_HEADER_ROW, 0,
                                              (lxw_row_t)(SUM_HEADER_ROW + n), last_col));
    xw_score_scale(&w->x, ws, SUM_STAT_ROW, SUM_COL_OVERALL, SUM_STAT_ROW + 2,
                 (lxw_col_t)(col_after - 1));
    if (n)
        xw_score_scale(&w->x, ws, SUM_FIRST_ROW, SUM_COL_OVERALL,
                     (lxw_row_t)(SUM_FIRST_ROW + n - 1), (lxw_col_t)(col_after - 1));
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    xw_ok(&w->x, worksheet_repeat_rows(ws, SUM_HEADER_ROW, SUM_HEADER_ROW));
    /* The file and kind columns are for the screen: printed, the long paths
     * would shrink the page's scores to an unreadable size. */
    xw_ok(&w->x, worksheet_print_area(ws, 0, 0, (lxw_row_t)(SUM_HEADER_ROW + (n ? n : 1)),
                                              col_after + SUM_REL_COUNT));
}

/* ---- グラフ --------------------------------------------------------------- */

static void write_charts(rollup_book *w)
{
    const isomm_rollup *g = w->g;
    const isomm_catalog *c = w->c;
    const rollup_fmts *f = &w->f;
    size_t n = g->member_count, cats = c->category_count;
    lxw_worksheet *ws = xw_add_sheet(&w->x, SHEET_CHARTS);
    if (!ws)
        return;

    /* The strongest and the weakest subsidiary by overall As-Is (the first
     * one in input order on a tie). */
    long strong = -1, weak = -1;
    for (size_t i = 0; i < n; i++) {
        double v = g->members[i].overall_as_is;
        if (isnan(v))
            continue;
        if (strong < 0 || v > g->members[strong].overall_as_is)
            strong = (long)i;
        if (weak < 0 || v < g->members[weak].overall_as_is)
            weak = (long)i;
    }

    xw_width(&w->x, ws, 0, 0, 30, NULL);
    xw_width(&w->x, ws, 1, 3, 16, NULL);
    char note[512];
    snprintf(note, sizeof note,
             "最強・最弱 = 全体 As-Is が最も高い・低い子会社（%zu 社中）。"
             "グループ平均は概要シートの集計（フィルターに従う）。",
             n);
    rollup_title(w, ws, "グループのグラフ", note);

    /* Radar data: category | group mean | strongest | weakest. */
    lxw_row_t hr = CH_RADAR_HEADER_ROW;
    rollup_row_lines(w, ws, hr, 2);
    xw_string(&w->x, ws, hr, 0, "カテゴリー", f->header);
    xw_string(&w->x, ws, hr, 1, "グループ平均", f->header);
    for (int k = 0; k < 2; k++) {
        long who = k == 0 ? strong : weak;
        char *head = core_asprintf("%s: %s", k == 0 ? "最強" : "最弱",
                                    who >= 0 ? g->members[who].name : "―");
        if (!head)
            xw_nomem(&w->x);
        else
            xw_string(&w->x, ws, hr, (lxw_col_t)(2 + k), head, f->header);
        free(head);
    }
    rollup_stat st;
    for (size_t k = 0; k < cats; k++) {
        lxw_row_t row = (lxw_row_t)(hr + 1 + k);
        char label[256], ref[8];
        snprintf(label, sizeof label, "%s. %s", c->categories[k].id, c->categories[k].name);
        xw_string(&w->x, ws, row, 0, label, f->text);
        memset(&st, 0, sizeof st);
        for (size_t i = 0; i < n; i++)
            rollup_stat_add(&st, g->members[i].category_as_is[k]);
        rollup_formula_num(w, ws, row, 1,
                    rollup_formula(w, "='%s'!%s%d", SHEET_SUMMARY,
                            rollup_col_name((lxw_col_t)(SUM_COL_CAT + k), ref), SUM_STAT_ROW + 1),
                    rollup_stat_mean(&st), f->avg);
        rollup_number(w, ws, row, 2, strong >= 0 ? g->members[strong].category_as_is[k] : NAN,
                        f->avg);
        rollup_number(w, ws, row, 3, weak >= 0 ? g->members[weak].category_as_is[k] : NAN,
                        f->avg);
    }

    /* Distribution of the overall As-Is: eight bins of 0.5. */
    lxw_row_t br = (lxw_row_t)(hr + cats + 2);
    xw_string(&w->x, ws, br, 0, "全体 As-Is", f->header);
    xw_string(&w->x, ws, br, 1, "社数", f->header);
    size_t bins[CH_BINS + 1] = {0}; /* the last: no As-Is */
    for (size_t i = 0; i < n; i++) {
        double v = g->members[i].overall_as_is;
        if (isnan(v)) {
            bins[CH_BINS]++;
            continue;
        }
        int b = (int)floor((v - 1.0) / 0.5);
        bins[b < 0 ? 0 : b >= CH_BINS ? CH_BINS - 1 : b]++;
    }
    char overall[40];
    rollup_col_range(SUM_COL_OVERALL, SUM_FIRST_ROW, n, overall);
    for (int b = 0; b <= CH_BINS; b++) {
        lxw_row_t row = (lxw_row_t)(br + 1 + b);
        double lo = 1.0 + 0.5 * b, hi = lo + 0.5;
        char label[64];
        const char *fx;
        if (b < CH_BINS) {
            snprintf(label, sizeof label, "%.1f〜%.1f%s", lo, hi, b == CH_BINS - 1 ? "" : " 未満");
            fx = rollup_formula(w, "=COUNTIFS('%s'!%s,\">=%.1f\",'%s'!%s,\"%s%.1f\")", SHEET_SUMMARY,
                         overall, lo, SHEET_SUMMARY, overall, b == CH_BINS - 1 ? "<=" : "<", hi);
        } else {
            snprintf(label, sizeof label, "評価なし");
            fx = rollup_formula(w, "=COUNTIFS('%s'!%s,\"\")", SHEET_SUMMARY, overall);
        }
        xw_string(&w->x, ws, row, 0, label, f->text);
        if (n)
            rollup_formula_num(w, ws, row, 1, fx, (double)bins[b], f->count);
        else
            xw_number(&w->x, ws, row, 1, 0, f->count);
    }

    /* The radar chart. */
    lxw_chart *radar = xw_add_chart(&w->x, LXW_CHART_RADAR_WITH_MARKERS);
    if (radar && cats) {
        chart_title_set_name(radar, "カテゴリー別 As-Is: グループ平均と最強・最弱");
        static const lxw_color_t colour[3] = {0x2F5597, 0x548235, 0xC00000};
        static const uint8_t dash[3] = {LXW_CHART_LINE_DASH_SOLID, LXW_CHART_LINE_DASH_DASH,
                                        LXW_CHART_LINE_DASH_ROUND_DOT};
        for (int s = 0; s < 3; s++) {
            if ((s == 1 && strong < 0) || (s == 2 && weak < 0))
                continue;
            lxw_chart_series *ser = xw_add_series(&w->x, radar);
            if (!ser)
                break;
            chart_series_set_categories(ser, SHEET_CHARTS, hr + 1, 0, (lxw_row_t)(hr + cats), 0);
            chart_series_set_values(ser, SHEET_CHARTS, hr + 1, (lxw_col_t)(1 + s),
                                    (lxw_row_t)(hr + cats), (lxw_col_t)(1 + s));
            chart_series_set_name_range(ser, SHEET_CHARTS, hr, (lxw_col_t)(1 + s));
            xw_series_style(ser, colour[s], s == 0 ? 2.75 : 1.75, dash[s],
                            LXW_CHART_MARKER_CIRCLE);
        }
        xw_score_axis(radar->y_axis);
        chart_legend_set_position(radar, LXW_CHART_LEGEND_BOTTOM);
        chart_show_blanks_as(radar, LXW_CHART_BLANKS_AS_GAP);
        lxw_chart_options opt = {.x_offset = 8, .y_offset = 4, .x_scale = 1.4,
                                 .y_scale = 1.8,
                                 .object_position = LXW_OBJECT_MOVE_DONT_SIZE,
                                 .description = (char *)"カテゴリー別 As-Is のレーダーチャート"};
        xw_ok(&w->x, worksheet_insert_chart_opt(ws, 2, 5, radar, &opt));
    }

    /* The distribution. */
    lxw_chart *bars = xw_add_chart(&w->x, LXW_CHART_COLUMN);
    if (bars) {
        chart_title_set_name(bars, "全体 As-Is の分布（社数）");
        lxw_chart_series *ser = xw_add_series(&w->x, bars);
        if (ser) {
            chart_series_set_categories(ser, SHEET_CHARTS, br + 1, 0, br + CH_BINS, 0);
            chart_series_set_values(ser, SHEET_CHARTS, br + 1, 1, br + CH_BINS, 1);
            chart_series_set_name(ser, "社数");
            lxw_chart_fill fill = {.color = 0x2F5597};
            chart_series_set_fill(ser, &fill);
            chart_series_set_labels(ser);
        }
        chart_set_series_gap(bars, 30);
        chart_legend_set_position(bars, LXW_CHART_LEGEND_NONE);
        chart_axis_set_name(bars->x_axis, "全体 As-Is");
        chart_axis_set_name(bars->y_axis, "社数");
        chart_axis_set_min(bars->y_axis, 0);
        size_t most = 0;
        for (int b = 0; b < CH_BINS; b++)
            most = bins[b] > most ? bins[b] : most;
        if (most <= 10) /* small groups: whole numbers of subsidiaries */
            chart_axis_set_major_unit(bars->y_axis, 1);
        chart_axis_set_num_format(bars->y_axis, "0");
        lxw_chart_options opt = {.x_offset = 8, .y_offset = 4, .x_scale = 1.4,
                                 .y_scale = 1.2,
                                 .object_position = LXW_OBJECT_MOVE_DONT_SIZE,
                                 .description = (char *)"全体 As-Is の分布"};
        xw_ok(&w->x, worksheet_insert_chart_opt(ws, 31, 5, bars, &opt));
    }
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 1);
}

/* ---- サービス別 ------------------------------------------------------------ */

/* Header row of the service matrices: No | 子会社 | [全体] | "A-1 名前"… */
static void service_header(rollup_book *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t first,
                           double width)
{
    const isomm_catalog *c = w->c;
    unsigned lines = 2;
    for (size_t i = 0; i < c->service_count; i++) {
        char head[512];
        snprintf(head, sizeof head, "%s\n%s", c->services[i].id, c->services[i].name);
        unsigned l = xw_text_lines(head, width);
        lines = l > lines ? l : lines;
    }
    rollup_row_lines(w, ws, row, lines);
    xw_string(&w->x, ws, row, 0, "No.", w->f.header);
    xw_string(&w->x, ws, row, 1, "子会社", w->f.header);
    if (first > 2)
        xw_string(&w->x, ws, row, 2, "全体 As-Is", w->f.header);
    for (size_t i = 0; i < c->service_count; i++) {
        char head[512];
        snprintf(head, sizeof head, "%s\n%s", c->services[i].id, c->services[i].name);
        xw_string(&w->x, ws, row, (lxw_col_t)(first + i), head, w->f.header);
    }
}

static void write_services(rollup_book *w)
{
    const isomm_rollup *g = w->g;
    const isomm_catalog *c = w->c;
    const rollup_fmts *f = &w->f;
    size_t n = g->member_count, svc = c->service_count;
    lxw_worksheet *ws = xw_add_sheet(&w->x, SHEET_SERVICES);
    if (!ws)
        return;
    lxw_col_t last_col = (lxw_col_t)(SVC_COL_FIRST + svc - 1);
    xw_width(&w->x, ws, 0, 0, 6, NULL);
    xw_width(&w->x, ws, 1, 1, rollup_name_width(g), NULL);
    xw_width(&w->x, ws, SVC_COL_OVERALL, SVC_COL_OVERALL, 10, NULL);
    if (svc)
        xw_width(&w->x, ws, SVC_COL_FIRST, last_col, 11, NULL);
    rollup_title(w, ws, "サービス別 現状 (As-Is)",
               "子会社 × サービスの現状スコア（1〜5、未評価は空欄）。上の 4 行は表示中"
               "（フィルター後）の子会社の集計。");

    /* Column figures: [0] overall, [1 + i] service i. */
    rollup_stat *st = calloc(svc + 1, sizeof *st);
    if (!st) {
        xw_nomem(&w->x);
        return;
    }
    for (size_t m = 0; m < n; m++) {
        rollup_stat_add(&st[0], g->members[m].overall_as_is);
        for (size_t i = 0; i < svc; i++)
            rollup_stat_add(&st[1 + i],
                                 g->members[m].as_is[i] >= 0 ? g->members[m].as_is[i] : NAN);
    }
    static const char *const labels[4] = {"グループ平均", "最小", "最大", "評価済み社数"};
    static const int fn[4] = {101, 105, 104, 102};
    for (int r = 0; r < 4; r++) {
        lxw_row_t row = (lxw_row_t)(SVC_STAT_ROW + r);
        xw_blank(&w->x, ws, row, 0, f->stat_label);
        xw_string(&w->x, ws, row, 1, labels[r], f->stat_label);
        for (size_t k = 0; k <= svc; k++) {
            lxw_col_t col = (lxw_col_t)(SVC_COL_OVERALL + k);
            const rollup_stat *s = &st[k];
            double v = r == 0   ? rollup_stat_mean(s)
                       : r == 3 ? (double)s->count
                       : s->count ? (r == 1 ? s->min : s->max)
                                  : NAN;
            char range[40];
            const char *fx = n ? rollup_formula(w, "=SUBTOTAL(%d,%s)", fn[r],
                                         rollup_col_range(col, SVC_FIRST_ROW, n, range))
                               : "";
            lxw_format *fm = (r == 3 || (r > 0 && k > 0)) ? f->stat_count : f->stat_avg;
            if (!n && r == 3)
                xw_number(&w->x, ws, row, col, 0, fm);
            else
                rollup_formula_num(w, ws, row, col, fx, v, fm);
        }
    }
    free(st);

    service_header(w, ws, SVC_HEADER_ROW, SVC_COL_FIRST, 11);
    for (size_t m = 0; m < n && !xw_failed(&w->x); m++) {
        const isomm_rollup_member *mb = &g->members[m];
        lxw_row_t row = (lxw_row_t)(SVC_FIRST_ROW + m);
        rollup_member_key(w, ws, row, m);
        rollup_number(w, ws, row, SVC_COL_OVERALL, mb->overall_as_is, f->avg);
        for (size_t i = 0; i < svc; i++)
            xw_score(&w->x, ws, row, (lxw_col_t)(SVC_COL_FIRST + i), mb->as_is[i],
                             f->count);
    }
    if (xw_failed(&w->x))
        return;
    worksheet_freeze_panes(ws, SVC_FIRST_ROW, SVC_COL_OVERALL);
    xw_ok(&w->x, worksheet_autofilter(ws, SVC_HEADER_ROW, 0,
                                              (lxw_row_t)(SVC_HEADER_ROW + n), last_col));
    xw_score_scale(&w->x, ws, SVC_STAT_ROW, SVC_COL_OVERALL, SVC_STAT_ROW + 2, last_col);
    if (n)
        xw_score_scale(&w->x, ws, SVC_FIRST_ROW, SVC_COL_OVERALL, (lxw_row_t)(SVC_FIRST_ROW + n - 1),
                     last_col);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
}

/* ---- 割り当て -------------------------------------------------------------- */

static void write_allocation(rollup_book *w)
{
    const isomm_rollup *g = w->g;
    const isomm_catalog *c = w->c;
    const rollup_fmts *f = &w->f;
    size_t n = g->member_count, svc = c->service_count;
    lxw_worksheet *ws = xw_add_sheet(&w->x, SHEET_ALLOCATION);
    if (!ws)
        return;
    lxw_col_t last_col = (lxw_col_t)(ALLOC_COL_FIRST + svc - 1);
    xw_width(&w->x, ws, 0, 0, 6, NULL);
    xw_width(&w->x, ws, 1, 1, rollup_name_width(g), NULL);
    if (svc)
        xw_width(&w->x, ws, ALLOC_COL_FIRST, last_col, 13, NULL);
    rollup_title(w, ws, "サービス別 割り当て",
               "子会社 × サービスのサービス割り当て。上の 5 行はサービスごとの社数"
               "（全子会社。空欄 = 推奨レベル「不要」など割り当てなし）。");

    /* Counts per service: [side][service]. */
    size_t *count = calloc(5 * (svc ? svc : 1), sizeof *count);
    if (!count) {
        xw_nomem(&w->x);
        return;
    }
    for (size_t m = 0; m < n; m++)
        for (size_t i = 0; i < svc; i++) {
            unsigned s = g->members[m].allocation[i];
            count[(s < 5 ? s : 0) * svc + i]++;
        }
    static const isomm_side order[5] = {ISOMM_SIDE_INSOURCE, ISOMM_SIDE_OUTSOURCE,
                                        ISOMM_SIDE_COMBINED, ISOMM_SIDE_UNASSIGNED,
                                        ISOMM_SIDE_NULL};
    for (int r = 0; r < 5; r++) {
        lxw_row_t row = (lxw_row_t)(ALLOC_STAT_ROW + r);
        isomm_side side = order[r];
        xw_blank(&w->x, ws, row, 0, f->stat_label);
        xw_string(&w->x, ws, row, 1,
                          side == ISOMM_SIDE_NULL ? "空欄（割り当てなし）" : isomm_side_label(side),
                          f->stat_label);
        for (size_t i = 0; i < svc; i++) {
            lxw_col_t col = (lxw_col_t)(ALLOC_COL_FIRST + i);
            char range[40];
            rollup_col_range(col, ALLOC_FIRST_ROW, n, range);
            double v = (double)count[side * svc + i];
            if (!n)
                xw_number(&w->x, ws, row, col, 0, f->stat_count);
            else if (side == ISOMM_SIDE_NULL)
                rollup_formula_num(w, ws, row, col, rollup_formula(w, "=COUNTBLANK(%s)", range), v,
                            f->stat_count);
            else
                rollup_formula_num(w, ws, row, col,
                            rollup_formula(w, "=COUNTIF(%s,\"%s\")", range, isomm_side_label(side)), v,
                            f->stat_count);
        }
    }
    free(count);

    service_header(w, ws, ALLOC_HEADER_ROW, ALLOC_COL_FIRST, 13);
    for (size_t m = 0; m < n && !xw_failed(&w->x); m++) {
        const isomm_rollup_member *mb = &g->members[m];
        lxw_row_t row = (lxw_row_t)(ALLOC_FIRST_ROW + m);
        rollup_member_key(w, ws, row, m);
        for (size_t i = 0; i < svc; i++) {
            unsigned s = mb->allocation[i] < 5 ? mb->allocation[i] : 0;
            xw_string(&w->x, ws, row, (lxw_col_t)(ALLOC_COL_FIRST + i),
                              isomm_side_label((isomm_side)s), f->side[s]);
        }
    }
    if (xw_failed(&w->x))
        return;
    worksheet_freeze_panes(ws, ALLOC_FIRST_ROW, ALLOC_COL_FIRST);
    xw_ok(&w->x, worksheet_autofilter(ws, ALLOC_HEADER_ROW, 0,
                                              (lxw_row_t)(ALLOC_HEADER_ROW + n), last_col));
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
}

/* ---- 読み込み失敗 ---------------------------------------------------------- */

static void write_failures(rollup_book *w)
{
    const isomm_rollup *g = w->g;
    const rollup_fmts *f = &w->f;
    lxw_worksheet *ws = xw_add_sheet(&w->x, SHEET_FAILURES);
    if (!ws)
        return;
    xw_width(&w->x, ws, 0, 0, 6, NULL);
    xw_width(&w->x, ws, 1, 1, 50, NULL);
    xw_width(&w->x, ws, 2, 2, 100, NULL);
    char note[512];
    snprintf(note, sizeof note, "%zu 件。これらのファイルはロールアップに含まれていない。",
             g->failure_count);
    rollup_title(w, ws, "読み込めなかったファイル", note);
    xw_string(&w->x, ws, 3, 0, "No.", f->header);
    xw_string(&w->x, ws, 3, 1, "ファイル", f->header);
    xw_string(&w->x, ws, 3, 2, "原因", f->header);
    if (g->failure_count == 0)
        xw_string(&w->x, ws, 4, 1, "なし", f->text);
    for (size_t i = 0; i < g->failure_count && !xw_failed(&w->x); i++) {
        lxw_row_t row = (lxw_row_t)(4 + i);
        xw_number(&w->x, ws, row, 0, (double)(i + 1), f->count);
        xw_string(&w->x, ws, row, 1, g->failures[i].path, f->text);
        xw_string(&w->x, ws, row, 2, g->failures[i].message, f->text);
    }
    if (g->failure_count)
        worksheet_set_tab_color(ws, 0xC00000);
    worksheet_freeze_panes(ws, 4, 0);
}

/* ---- driver ---------------------------------------------------------------- */

isomm_error isomm_rollup_write_xlsx(const isomm_rollup *g, const char *path,
                                   const isomm_rollup_options *options, char *errbuf)
{
    if (!g || !g->catalog || !path || !*path)
        return core_fail(errbuf, ISOMM_ERR_ARG, "cannot write the group workbook: %s",
                          path && *path ? "no group" : "no output path");
    time_t created;
    isomm_error err = xw_creation_time(&created, path, errbuf);
    if (err)
        return err;
    rollup_book w;
    memset(&w, 0, sizeof w);
    w.g = g;
    w.c = g->catalog;
    w.x.catalog = g->catalog;
    w.bufsize = 256;
    w.buf = malloc(w.bufsize);
    if (!w.buf)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: cannot write workbook: out of memory",
                         path);
    const char *title = options && options->title && *options->title ? options->title
                                                                      : DEFAULT_TITLE;
    w.x.title = title;
    core_atomic a;
    err = xw_begin(&w.x, &a, path, 1, errbuf);
    if (err) {
        free(w.buf);
        return err;
    }
    if (!rollup_formats(&w))
        xw_ok(&w.x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    xw_properties(&w.x, title, "ISOMM v2.1 → X.1060 グループ ロールアップ", NULL, created);
    write_summary(&w, title);
    rollup_write_compare(&w);
    write_charts(&w);
    write_services(&w);
    write_allocation(&w);
    write_failures(&w);
    err = xw_finish(&w.x, &a, path, errbuf);
    free(w.buf);
    return err;
}
