/*
 * write_categories.c - the カテゴリー別 sheet: per-category figures as live
 * formulas over サービスポートフォリオ (so the charts follow edits), the
 * ranks that pick the strengths and weaknesses of the サマリー, the v2.1
 * per-function averages of the source sheet, the radar chart, and one bar
 * chart per category (As-Is by allocation, To-Be as an outline), fed by a
 * chart-data table that reads the portfolio row by row.
 * Rows and columns: write_xlsx_internal.h; docs/workbook.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "xlsx/xlsx.h"

#define COLOR_IN XW_COLOR_IN
#define COLOR_OUT XW_COLOR_OUT
#define COLOR_OTHER XW_COLOR_OTHER

/* Pixels of a column `width` units wide (Calibri 11: 7 px a digit). */
static unsigned col_px(double width)
{
    return width < 1 ? (unsigned)(width * 12 + 0.5)
                     : (unsigned)(width * 7 + 5 + 0.5);
}

/* Widths of the category table (A..M). */
static const double cat_widths[XW_CAT_COLS] = {
    [XW_CAT_COL_ID] = 5,          [XW_CAT_COL_NAME] = 30,
    [XW_CAT_COL_AS_IS] = 10,      [XW_CAT_COL_TO_BE] = 10,
    [XW_CAT_COL_GAP] = 9,         [XW_CAT_COL_ASSESSED] = 9,
    [XW_CAT_COL_TOTAL] = 9,       [XW_CAT_COL_BEFORE] = 11,
    [XW_CAT_COL_RANK_HIGH] = 9,   [XW_CAT_COL_RANK_LOW] = 9,
    [XW_CAT_COL_DESCRIPTION] = 56, [XW_CAT_COL_STRENGTH] = 56,
    [XW_CAT_COL_WEAKNESS] = 56,
};

static void table_header(xw_book *x, lxw_worksheet *ws)
{
    static const char *const heads[XW_CAT_COLS] = {
        [XW_CAT_COL_ID] = "ID",
        [XW_CAT_COL_NAME] = "カテゴリー",
        [XW_CAT_COL_AS_IS] = "現状 (As-Is) 平均",
        [XW_CAT_COL_TO_BE] = "あるべき姿 (To-Be) 平均",
        [XW_CAT_COL_GAP] = "ギャップ",
        [XW_CAT_COL_ASSESSED] = "評価済み",
        [XW_CAT_COL_TOTAL] = "サービス数",
        [XW_CAT_COL_BEFORE] = "v2.1 機能平均 (移行前)",
        [XW_CAT_COL_RANK_HIGH] = "順位\n(高い順)",
        [XW_CAT_COL_RANK_LOW] = "順位\n(低い順)",
        [XW_CAT_COL_DESCRIPTION] = "概要",
        [XW_CAT_COL_STRENGTH] = "強みのときの次の一手",
        [XW_CAT_COL_WEAKNESS] = "弱みのときの次の一手",
    };
    for (lxw_col_t col = 0; col < XW_CAT_COLS; col++) {
        xw_width(x, ws, col, col, cat_widths[col], NULL);
        xw_string(x, ws, XW_CAT_HEADER_ROW, col, heads[col],
                          x->fmt.header);
    }
    xw_row_height(x, ws, XW_CAT_HEADER_ROW, 33);
}

/* One category row: averages, counts, the v2.1 average, the ranks. */
static unsigned category_row(xw_book *x, lxw_worksheet *ws, size_t k)
{
    const isomm_catalog *c = x->catalog;
    const isomm_category_result *cr = &x->portfolio->categories[k];
    const xw_formats *f = &x->fmt;
    const lxw_row_t row = XW_CAT_FIRST_ROW + (lxw_row_t)k;
    const unsigned R = row + 1;
    const unsigned first = XW_CAT_FIRST_ROW + 1;
    const unsigned last = XW_CAT_FIRST_ROW + (unsigned)c->category_count;

    char *label = xw_category_label(c, k);
    char *crit = label ? xw_criterion(label) : NULL;
    char *lit = label ? xw_literal(label) : NULL;
    if (!label || !crit || !lit) {
        free(label);
        free(crit);
        free(lit);
        xw_nomem(x);
        return 1;
    }
    /* Copies: xw_pf_column() returns ring buffers. */
    char cat_col[160], as_col[160], to_col[160];
    snprintf(cat_col, sizeof cat_col, "%s",
             xw_pf_column(x, XW_PF_COL_CATEGORY));
    snprintf(as_col, sizeof as_col, "%s",
             xw_pf_column(x, XW_PF_COL_AS_IS));
    snprintf(to_col, sizeof to_col, "%s",
             xw_pf_column(x, XW_PF_COL_TO_BE));

    xw_string(x, ws, row, XW_CAT_COL_ID, c->categories[k].id,
                      f->center);
    xw_string(x, ws, row, XW_CAT_COL_NAME,
                      c->categories[k].name, f->wrap);
    xw_formula_opt(x, ws, row, XW_CAT_COL_AS_IS, f->average,
                           cr->assessed > 0, cr->as_is,
                           "IFERROR(AVERAGEIFS(%s,%s,%s),\"\")", as_col,
                           cat_col, crit);
    xw_formula_opt(x, ws, row, XW_CAT_COL_TO_BE, f->average,
                           cr->to_be_count > 0, cr->to_be,
                           "IFERROR(AVERAGEIFS(%s,%s,%s),\"\")", to_col,
                           cat_col, crit);
    int both = cr->assessed > 0 && cr->to_be_count > 0;
    xw_formula_opt(x, ws, row, XW_CAT_COL_GAP, f->average,
                           both, both ? cr->to_be - cr->as_is : 0,
                           "IF(AND(ISNUMBER(C%u),ISNUMBER(D%u)),D%u-C%u,\"\")",
                           R, R, R, R);
    xw_formula_num(x, ws, row, XW_CAT_COL_ASSESSED, f->count,
                           (double)cr->assessed,
                           "SUMPRODUCT((%s=%s)*ISNUMBER(%s))", cat_col, lit,
                           as_col);
    xw_formula_num(x, ws, row, XW_CAT_COL_TOTAL, f->count,
                           (double)cr->total, "COUNTIF(%s,%s)", cat_col, crit);

    /* The v2.1 average of the function with the same ID, from the roles
     * as read: the mean of the levels >= 1 (0 = declined is left out, as
     * the v2.1 result sheet did). */
    long fn = x->advice.function[k];
    if (x->portfolio->roles && fn >= 0) {
        char *flabel = core_asprintf("%s. %s", c->functions[fn].id,
                                      c->functions[fn].name);
        char *fcrit = flabel ? xw_criterion(flabel) : NULL;
        if (!fcrit) {
            xw_nomem(x);
        } else {
            unsigned r1 = XW_ROLES_FIRST_ROW;
            unsigned r2 = r1 + (unsigned)(c->role_count ? c->role_count - 1 : 0);
            char levels[160], fns[160];
            snprintf(levels, sizeof levels, "%s",
                     xw_range(XW_SHEET_ROLES, r1,
                                      XW_ROLES_COL_LEVEL, r2,
                                      XW_ROLES_COL_LEVEL));
            snprintf(fns, sizeof fns, "%s",
                     xw_range(XW_SHEET_ROLES, r1,
                                      XW_ROLES_COL_FUNCTION, r2,
                                      XW_ROLES_COL_FUNCTION));
            xw_formula_opt(
                x, ws, row, XW_CAT_COL_BEFORE, f->average,
                x->advice.before_count[k] > 0, x->advice.before[k],
                "IFERROR(AVERAGEIFS(%s,%s,%s,%s,\">=1\"),\"\")", levels, fns,
                fcrit, levels);
        }
        free(flabel);
        free(fcrit);
    } else {
        xw_blank(x, ws, row, XW_CAT_COL_BEFORE, f->average);
    }

    /* Ranks among the categories with an As-Is (ties: catalog order). */
    static const char ops[2] = {'>', '<'};
    const size_t *ranks[2] = {x->advice.rank_high, x->advice.rank_low};
    for (int h = 0; h < 2; h++)
        xw_formula_opt(
            x, ws, row,
            h == 0 ? XW_CAT_COL_RANK_HIGH : XW_CAT_COL_RANK_LOW,
            f->count, ranks[h][k] > 0, (double)ranks[h][k],
            "IF(ISNUMBER(C%u),SUMPRODUCT(ISNUMBER($C$%u:$C$%u)*($C$%u:$C$%u%cC%u))"
            "+SUMPRODUCT(ISNUMBER($C$%u:C%u)*($C$%u:C%u=C%u))+1,\"\")",
            R, first, last, first, last, ops[h], R, first - 1, R - 1,
            first - 1, R - 1, R);

    const isomm_group *g = &c->categories[k];
    xw_string(x, ws, row, XW_CAT_COL_DESCRIPTION,
                      g->description, f->wrap);
    xw_string(x, ws, row, XW_CAT_COL_STRENGTH, g->strength,
                      f->wrap);
    xw_string(x, ws, row, XW_CAT_COL_WEAKNESS, g->weakness,
                      f->wrap);
    unsigned lines = 1;
    const char *texts[] = {g->description, g->strength, g->weakness};
    for (size_t i = 0; i < 3; i++) {
        unsigned n = xw_text_lines(texts[i], 56);
        lines = n > lines ? n : lines;
    }
    xw_row_lines(x, ws, row, lines);
    free(label);
    free(crit);
    free(lit);
    return lines;
}

/* The services in chart-data order: grouped by category (catalog order
 * within), so each category's rows are contiguous. */
static size_t *data_order(const isomm_catalog *c, size_t *first_of)
{
    size_t *order = malloc((c->service_count ? c->service_count : 1) *
                           sizeof *order);
    if (!order)
        return NULL;
    size_t n = 0;
    for (size_t k = 0; k < c->category_count; k++) {
        first_of[k] = n;
        for (size_t s = 0; s < c->service_count; s++)
            if (c->services[s].category == k)
                order[n++] = s;
    }
    first_of[c->category_count] = n;
    return order;
}

/* The chart data: one row per service; the values follow the portfolio. */
static void data_table(xw_book *x, lxw_worksheet *ws, const size_t *order)
{
    const isomm_catalog *c = x->catalog;
    const xw_formats *f = &x->fmt;
    const lxw_col_t c0 = XW_CAT_DATA_COL;
    static const struct {
        const char *label;
        double width;
    } cols[XW_CAT_DATA_COLS] = {
        [XW_CAT_DATA_ID] = {"ID", 6},
        [XW_CAT_DATA_LABEL] = {"サービス (グラフの項目)", 34},
        [XW_CAT_DATA_ALLOCATION] = {"サービス割り当て", 12},
        [XW_CAT_DATA_IN] = {"As-Is インソース", 10},
        [XW_CAT_DATA_OUT] = {"As-Is アウトソース", 10},
        [XW_CAT_DATA_OTHER] = {"As-Is 併用・その他", 10},
        [XW_CAT_DATA_TO_BE] = {"To-Be", 9},
    };
    xw_width(x, ws, c0 - 1, c0 - 1, 3, NULL);
    for (lxw_col_t i = 0; i < XW_CAT_DATA_COLS; i++) {
        xw_width(x, ws, c0 + i, c0 + i, cols[i].width, NULL);
        xw_string(x, ws, XW_CAT_HEADER_ROW, c0 + i,
                          cols[i].label, f->header);
    }
    xw_string(x, ws, XW_CAT_NOTE_ROW, c0,
                      "グラフ用データ: サービスポートフォリオの各行を読み、"
                      "サービス割り当てごとに現状 (As-Is) を分けています。",
                      f->note);

    const char *in = isomm_side_label(ISOMM_SIDE_INSOURCE);
    const char *out = isomm_side_label(ISOMM_SIDE_OUTSOURCE);
    for (size_t i = 0; i < c->service_count && !xw_failed(x); i++) {
        size_t s = order[i];
        const isomm_service_result *r = &x->portfolio->services[s];
        lxw_row_t row = XW_CAT_FIRST_ROW + (lxw_row_t)i;
        char pf_as[160], pf_to[160], pf_alloc[160];
        snprintf(pf_as, sizeof pf_as, "%s",
                 xw_cell(XW_SHEET_PORTFOLIO, XW_PF_ROW(s),
                                 XW_PF_COL_AS_IS, 1));
        snprintf(pf_to, sizeof pf_to, "%s",
                 xw_cell(XW_SHEET_PORTFOLIO, XW_PF_ROW(s),
                                 XW_PF_COL_TO_BE, 1));
        snprintf(pf_alloc, sizeof pf_alloc, "%s",
                 xw_cell(XW_SHEET_PORTFOLIO, XW_PF_ROW(s),
                                 XW_PF_COL_ALLOCATION, 1));
        char *label = core_asprintf("%s %s", c->services[s].id,
                                     c->services[s].name);
        if (!label) {
            xw_nomem(x);
            return;
        }
        xw_string(x, ws, row, c0 + XW_CAT_DATA_ID,
                          c->services[s].id, f->center);
        xw_string(x, ws, row, c0 + XW_CAT_DATA_LABEL, label,
                          f->text);
        free(label);
        xw_formula_str(x, ws, row, c0 + XW_CAT_DATA_ALLOCATION,
                               f->center, isomm_side_label(r->allocation),
                               "%s&\"\"", pf_alloc);
        int has = r->as_is >= 0;
        int is_in = r->allocation == ISOMM_SIDE_INSOURCE;
        int is_out = r->allocation == ISOMM_SIDE_OUTSOURCE;
        xw_formula_opt(x, ws, row, c0 + XW_CAT_DATA_IN,
                               f->score, has && is_in, r->as_is,
                               "IF(AND(ISNUMBER(%s),%s=\"%s\"),%s,\"\")", pf_as,
                               pf_alloc, in, pf_as);
        xw_formula_opt(x, ws, row, c0 + XW_CAT_DATA_OUT,
                               f->score, has && is_out, r->as_is,
                               "IF(AND(ISNUMBER(%s),%s=\"%s\"),%s,\"\")", pf_as,
                               pf_alloc, out, pf_as);
        xw_formula_opt(
            x, ws, row, c0 + XW_CAT_DATA_OTHER, f->score,
            has && !is_in && !is_out, r->as_is,
            "IF(AND(ISNUMBER(%s),%s<>\"%s\",%s<>\"%s\"),%s,\"\")", pf_as,
            pf_alloc, in, pf_alloc, out, pf_as);
        xw_formula_opt(x, ws, row, c0 + XW_CAT_DATA_TO_BE,
                               f->score, r->to_be >= 0, r->to_be,
                               "IF(ISNUMBER(%s),%s,\"\")", pf_to, pf_to);
    }
}

/* One horizontal bar chart per category: As-Is coloured by allocation
 * (the v2.1 result sheet told insource and outsource apart), To-Be as an
 * outline over the same bar. */
static lxw_chart *category_chart(xw_book *x, size_t k, size_t from,
                                 size_t to, const size_t *order)
{
    const isomm_catalog *c = x->catalog;
    const isomm_portfolio *p = x->portfolio;
    if (to <= from) /* a category without services (own catalog): no chart */
        return NULL;
    lxw_chart *chart = xw_add_chart(x, LXW_CHART_BAR);
    if (!chart)
        return NULL;
    char *title = xw_category_label(c, k);
    if (!title) {
        xw_nomem(x);
        return NULL;
    }
    chart_title_set_name(chart, title);
    free(title);
    lxw_chart_font title_font = {.size = 10, .bold = LXW_TRUE};
    chart_title_set_name_font(chart, &title_font);

    size_t n = to - from;
    double *v = malloc(n * sizeof *v);
    if (!v) {
        xw_nomem(x);
        return NULL;
    }
    lxw_row_t r1 = XW_CAT_FIRST_ROW + (lxw_row_t)from;
    lxw_row_t r2 = XW_CAT_FIRST_ROW + (lxw_row_t)to - 1;
    const lxw_col_t c0 = XW_CAT_DATA_COL;
    static const struct {
        lxw_col_t col;
        const char *name;
        lxw_color_t color;
    } series[] = {
        {XW_CAT_DATA_IN, "インソース", COLOR_IN},
        {XW_CAT_DATA_OUT, "アウトソース", COLOR_OUT},
        {XW_CAT_DATA_OTHER, "併用・その他", COLOR_OTHER},
        {XW_CAT_DATA_TO_BE, "あるべき姿 (To-Be)", XW_COLOR_TO_BE},
    };
    for (size_t i = 0; i < sizeof series / sizeof series[0]; i++) {
        lxw_chart_series *s = xw_add_series(x, chart);
        if (!s)
            break;
        chart_series_set_categories(s, XW_SHEET_CATEGORIES, r1,
                                    c0 + XW_CAT_DATA_LABEL, r2,
                                    c0 + XW_CAT_DATA_LABEL);
        chart_series_set_values(s, XW_SHEET_CATEGORIES, r1,
                                c0 + series[i].col, r2, c0 + series[i].col);
        chart_series_set_name(s, series[i].name);
        if (series[i].col == XW_CAT_DATA_TO_BE) {
            lxw_chart_fill none = {.none = LXW_TRUE};
            lxw_chart_line border = {.color = series[i].color, .width = 1.5,
                                     .dash_type = LXW_CHART_LINE_DASH_DASH};
            chart_series_set_fill(s, &none);
            chart_series_set_line(s, &border);
        } else {
            lxw_chart_fill fill = {.color = series[i].color};
            chart_series_set_fill(s, &fill);
        }
        for (size_t j = 0; j < n; j++) {
            const isomm_service_result *r = &p->services[order[from + j]];
            int in = r->allocation == ISOMM_SIDE_INSOURCE;
            int out = r->allocation == ISOMM_SIDE_OUTSOURCE;
            switch (series[i].col) {
            case XW_CAT_DATA_IN: v[j] = in ? r->as_is : -1; break;
            case XW_CAT_DATA_OUT: v[j] = out ? r->as_is : -1; break;
            case XW_CAT_DATA_OTHER:
                v[j] = !in && !out ? r->as_is : -1;
                break;
            default: v[j] = r->to_be; break;
            }
        }
        xw_series_cache(x, s->values, v, n);
    }
    free(v);

    chart_set_series_overlap(chart, 100);
    chart_set_series_gap(chart, 60);
    /* Bar charts: x_axis is the horizontal (value) axis. */
    chart_axis_set_min(chart->x_axis, 0);
    chart_axis_set_max(chart->x_axis, 5);
    chart_axis_set_major_unit(chart->x_axis, 1);
    chart_axis_set_num_format(chart->x_axis, "0");
    chart_axis_set_reverse(chart->y_axis); /* first service on top */
    chart_axis_set_crossing_max(chart->y_axis);
    lxw_chart_font small = {.size = 8};
    chart_axis_set_num_font(chart->x_axis, &small);
    chart_axis_set_num_font(chart->y_axis, &small);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_legend_set_font(chart, &small);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    return chart;
}

/* Insert `chart` at pixel offset (px, py) from the first chart cell. */
static void place(xw_book *x, lxw_worksheet *ws, lxw_chart *chart,
                  lxw_row_t row, unsigned px, unsigned py, unsigned w,
                  unsigned h, const char *description)
{
    if (!chart || xw_failed(x))
        return;
    lxw_chart_options opt = {
        .x_offset = (int32_t)px,
        .y_offset = (int32_t)py,
        .x_scale = w / 480.0,
        .y_scale = h / 288.0,
        .object_position = LXW_OBJECT_MOVE_DONT_SIZE,
        .description = (char *)description,
    };
    xw_ok(x, worksheet_insert_chart_opt(ws, row, 0, chart, &opt));
}

void xw_write_categories(xw_book *x)
{
    const isomm_catalog *c = x->catalog;
    lxw_worksheet *ws = xw_add_sheet(x, XW_SHEET_CATEGORIES);
    if (!ws)
        return;
    xw_page_setup(x, ws, 1, 0);
    worksheet_set_portrait(ws);

    xw_string(x, ws, XW_CAT_TITLE_ROW, 0, "カテゴリー別スコア",
                      x->fmt.title);
    xw_row_height(x, ws, XW_CAT_TITLE_ROW, 28);
    xw_merge(
        x, ws, XW_CAT_NOTE_ROW, 0, XW_CAT_NOTE_ROW,
        XW_CAT_COL_RANK_LOW,
        "平均・件数・順位はサービスポートフォリオの値から数式で計算します。"
        "スコアや割り当てを書き換えると、この表とグラフ、サマリーが変わります。"
        "v2.1 機能平均は移行前のシートの値 (レベル 1 以上の平均) です。",
        x->fmt.footnote);
    xw_row_height(x, ws, XW_CAT_NOTE_ROW, 26);

    table_header(x, ws);
    /* Points above the charts: title, note, blank, header, the rows. */
    double top_pt = 28 + 26 + 15 + 33 + 15;
    for (size_t k = 0; k < c->category_count && !xw_failed(x); k++) {
        unsigned lines = category_row(x, ws, k);
        top_pt += lines > 1 ? XW_LINE_HEIGHT * lines : 15;
    }

    size_t *first_of = calloc(c->category_count + 1, sizeof *first_of);
    size_t *order = first_of ? data_order(c, first_of) : NULL;
    if (!order) {
        free(first_of);
        xw_nomem(x);
        return;
    }
    data_table(x, ws, order);

    /* Charts below the table, two to a row: the radar first, then one per
     * category; each as tall as its services need. */
    lxw_row_t chart_row = XW_CAT_FIRST_ROW + (lxw_row_t)c->category_count + 1;
    xw_string(x, ws, chart_row, 0, "グラフ", x->fmt.heading);
    chart_row++;
    unsigned table_px = 0;
    for (lxw_col_t col = 0; col <= XW_CAT_COL_RANK_LOW; col++)
        table_px += col_px(cat_widths[col]);
    unsigned w = (table_px - 12) / 2, y = 0;
    size_t items = c->category_count + 1;
    /* Printed in portrait, fit to the width of A..J: a page holds about
     * `page_px` pixels of rows. A pair of charts that would cross a page
     * boundary starts a new page (a manual break at its first row; pairs
     * start on row boundaries, rows being 20 pixels). */
    double scale = 538.0 / (table_px * 0.75);
    if (scale > 1)
        scale = 1;
    double page_px = 0.9 * 770.0 / scale / 0.75;
    double used_px = top_pt * 4.0 / 3.0;
    lxw_row_t breaks[32];
    size_t nbreaks = 0;
    for (size_t i = 0; i < items && !xw_failed(x); i += 2) {
        unsigned pair_h = 0;
        for (size_t j = 0; j < 2 && i + j < items; j++) {
            size_t item = i + j;
            unsigned hh = item == 0 ? 330
                                    : 110 + 22 * (unsigned)(first_of[item] -
                                                            first_of[item - 1]);
            pair_h = hh > pair_h ? hh : pair_h;
        }
        if (used_px + pair_h > page_px && used_px > 0 && i > 0 &&
            nbreaks < sizeof breaks / sizeof breaks[0] - 1) {
            breaks[nbreaks++] = chart_row + (lxw_row_t)(y / 20);
            used_px = 0;
        }
        used_px += pair_h + 20;
        unsigned h[2] = {0, 0};
        for (size_t j = 0; j < 2 && i + j < items; j++) {
            size_t item = i + j;
            unsigned height;
            lxw_chart *chart;
            if (item == 0) {
                height = 330;
                chart = xw_radar(
                    x, XW_SHEET_CATEGORIES, XW_CAT_FIRST_ROW,
                    XW_CAT_COL_NAME, XW_CAT_COL_AS_IS,
                    XW_CAT_COL_TO_BE, XW_CAT_COL_BEFORE);
            } else {
                size_t k = item - 1;
                size_t count = first_of[k + 1] - first_of[k];
                height = 110 + 22 * (unsigned)count;
                chart = category_chart(x, k, first_of[k], first_of[k + 1],
                                       order);
            }
            place(x, ws, chart, chart_row, j ? w + 12 : 0, y, w, height,
                  item == 0 ? "カテゴリー別の現状・あるべき姿・v2.1 のレーダーチャート"
                            : "カテゴリー内のサービス別スコアの横棒グラフ");
            h[j] = height;
        }
        /* The second of a pair may be the taller; the next pair starts
         * on a row boundary. */
        unsigned tallest = h[0] > h[1] ? h[0] : h[1];
        y = (y + tallest + 8 + 19) / 20 * 20;
    }
    breaks[nbreaks] = 0;
    if (nbreaks && !xw_failed(x))
        xw_ok(x, worksheet_set_h_pagebreaks(ws, breaks));
    free(order);
    free(first_of);

    /* Print the figures and the charts (rows below the table keep the
     * default height, 20 pixels); the texts and the chart data are for
     * the screen. */
    if (!xw_failed(x)) {
        lxw_row_t end = chart_row + (lxw_row_t)((y + 19) / 20);
        xw_ok(x, worksheet_print_area(ws, 0, 0, end,
                                              XW_CAT_COL_RANK_LOW));
    }
}
