/* charts.c - charts: adding them, the cached values of their series, and
 * the radar of the category averages (サマリー and カテゴリー別). */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

lxw_chart *xw_add_chart(xw_book *x, uint8_t type)
{
    if (xw_failed(x))
        return NULL;
    lxw_chart *chart = workbook_add_chart(x->workbook, type);
    if (!chart)
        xw_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return chart;
}

lxw_chart_series *xw_add_series(xw_book *x, lxw_chart *chart)
{
    if (xw_failed(x) || !chart)
        return NULL;
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    if (!series)
        xw_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return series;
}

/* ---- chart caches ------------------------------------------------------ */

void xw_series_cache(xw_book *x, lxw_series_range *range,
                             const double *values, size_t n)
{
    if (xw_failed(x) || !range || !range->data_cache)
        return;
    /* libxlsxwriter fills the cache from the cells at workbook_close()
     * unless ignore_cache is set; it frees the points with the chart. */
    range->ignore_cache = LXW_TRUE;
    for (size_t i = 0; i < n; i++) {
        lxw_series_data_point *pt = calloc(1, sizeof *pt);
        if (!pt) {
            xw_nomem(x);
            return;
        }
        if (values[i] < 0)
            pt->no_data = LXW_TRUE;
        else
            pt->number = values[i];
        STAILQ_INSERT_TAIL(range->data_cache, pt, list_pointers);
        range->num_data_points++;
    }
}

void xw_series_style(lxw_chart_series *s, lxw_color_t color, double width, uint8_t dash,
                     uint8_t marker)
{
    if (!s)
        return;
    lxw_chart_line line = {.color = color, .width = width, .dash_type = dash};
    chart_series_set_line(s, &line);
    chart_series_set_marker_type(s, marker);
    chart_series_set_marker_size(s, 5);
    lxw_chart_fill fill = {.color = color};
    lxw_chart_line edge = {.color = color};
    chart_series_set_marker_fill(s, &fill);
    chart_series_set_marker_line(s, &edge);
}

void xw_score_axis(lxw_chart_axis *axis)
{
    chart_axis_set_min(axis, 0);
    chart_axis_set_max(axis, 5);
    chart_axis_set_major_unit(axis, 1);
    chart_axis_set_num_format(axis, "0");
}

lxw_chart *xw_radar(xw_book *x, const char *sheet,
                            lxw_row_t first, lxw_col_t name_col,
                            lxw_col_t as_is_col, lxw_col_t to_be_col,
                            lxw_col_t before_col)
{
    const isomm_catalog *c = x->catalog;
    const isomm_portfolio *p = x->portfolio;
    size_t n = c->category_count;
    if (n == 0)
        return NULL;
    lxw_row_t last = first + (lxw_row_t)n - 1;
    double *v = malloc(n * sizeof *v);
    if (!v) {
        xw_nomem(x);
        return NULL;
    }
    lxw_chart *chart = xw_add_chart(x, LXW_CHART_RADAR_WITH_MARKERS);
    if (!chart) {
        free(v);
        return NULL;
    }
    chart_title_off(chart);

    int any_to_be = 0, any_before = 0;
    for (size_t k = 0; k < n; k++) {
        any_to_be |= p->categories[k].to_be_count > 0;
        any_before |= x->advice.before_count[k] > 0;
    }
    struct {
        int on;
        lxw_col_t col;
        const char *name;
        lxw_color_t color;
        uint8_t dash, marker;
    } series[3] = {
        {1, as_is_col, "現状 (As-Is)", XW_COLOR_AS_IS, LXW_CHART_LINE_DASH_SOLID,
         LXW_CHART_MARKER_CIRCLE},
        {any_to_be, to_be_col, "あるべき姿 (To-Be)", XW_COLOR_TO_BE,
         LXW_CHART_LINE_DASH_DASH, LXW_CHART_MARKER_SQUARE},
        {any_before && p->roles, before_col, "v2.1 (移行前)", XW_COLOR_BEFORE,
         LXW_CHART_LINE_DASH_ROUND_DOT, LXW_CHART_MARKER_DIAMOND},
    };
    for (int i = 0; i < 3; i++) {
        if (!series[i].on)
            continue;
        lxw_chart_series *s = xw_add_series(x, chart);
        if (!s)
            break;
        chart_series_set_categories(s, sheet, first, name_col, last, name_col);
        chart_series_set_values(s, sheet, first, series[i].col, last,
                                series[i].col);
        chart_series_set_name(s, series[i].name);
        xw_series_style(s, series[i].color, i == 0 ? 2.25 : 1.75, series[i].dash,
                        series[i].marker);
        for (size_t k = 0; k < n; k++) {
            const isomm_category_result *cr = &p->categories[k];
            v[k] = i == 0   ? (cr->assessed ? cr->as_is : -1)
                   : i == 1 ? (cr->to_be_count ? cr->to_be : -1)
                            : (x->advice.before_count[k] ? x->advice.before[k]
                                                         : -1);
        }
        xw_series_cache(x, s->values, v, n);
    }
    free(v);

    xw_score_axis(chart->y_axis);
    lxw_chart_font small = {.size = 8};
    chart_axis_set_num_font(chart->y_axis, &small);
    lxw_chart_font label = {.size = 9};
    chart_axis_set_num_font(chart->x_axis, &label);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_legend_set_font(chart, &label);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    return chart;
}

