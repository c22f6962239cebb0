/*
 * write_roles.c - the "v2.1 入力" sheet: the 54 v2.1 roles as read from
 * the source sheet (state, side, level, note) with the two patterns it
 * chose; written only when the portfolio has roles. The v2.1 averages of
 * カテゴリー別 are formulas over this sheet. Below the table, the v2.1
 * result sheet's 役割別成熟度: one bar per role, coloured by side. Rows and
 * columns: write_xlsx_internal.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/core.h"
#include "xlsx/xlsx.h"

static const char *state_label(isomm_role_state state)
{
    switch (state) {
    case ISOMM_ROLE_SCORED: return "評価済み";
    case ISOMM_ROLE_DECLINED: return "対象外(0)";
    case ISOMM_ROLE_BLANK: break;
    }
    return "未回答";
}

/* The sides that colour the bars; the key is in the chart's title (a
 * legend of per-point colours reads differently in Excel and LibreOffice). */
static const struct {
    lxw_color_t color;
    isomm_side side;
} sides[] = {
    {XW_COLOR_IN, ISOMM_SIDE_INSOURCE},
    {XW_COLOR_OUT, ISOMM_SIDE_OUTSOURCE},
    {XW_COLOR_OTHER, ISOMM_SIDE_COMBINED},
};
#define SIDES (sizeof sides / sizeof sides[0])

/* A bar chart of roles [from, to): one series over the レベル column, each
 * bar filled with its side's colour. (A series per side would need
 * separate インソース / アウトソース columns, which the reader would take
 * for a numeric v2.1 table.) `v` is scratch space for role_count values. */
static lxw_chart *bar_chart(xw_book *x, size_t from, size_t to, double *v)
{
    const isomm_portfolio *p = x->portfolio;
    lxw_chart *chart = xw_add_chart(x, LXW_CHART_BAR);
    if (!chart)
        return NULL;
    size_t n = to - from;
    lxw_row_t r1 = XW_ROLES_FIRST_ROW + (lxw_row_t)from;
    lxw_row_t r2 = XW_ROLES_FIRST_ROW + (lxw_row_t)to - 1;
    chart_title_set_name(chart, from == 0
                                    ? "役割別成熟度 (v2.1)　青: インソース　橙: アウトソース　緑: 併用"
                                    : "役割別成熟度 (v2.1, 続き)　青: インソース　橙: アウトソース　緑: 併用");
    lxw_chart_font title_font = {.size = 10, .bold = LXW_TRUE};
    chart_title_set_name_font(chart, &title_font);

    lxw_chart_series *s = xw_add_series(x, chart);
    lxw_chart_fill fills[SIDES];
    lxw_chart_point *points = calloc(n, sizeof *points);
    lxw_chart_point **list = calloc(n + 1, sizeof *list);
    if (!s || !points || !list) {
        free(points);
        free(list);
        if (s)
            xw_nomem(x);
        return NULL;
    }
    for (size_t k = 0; k < SIDES; k++)
        fills[k] = (lxw_chart_fill){.color = sides[k].color};
    for (size_t i = from; i < to; i++) {
        const isomm_role_result *r = &p->roles[i];
        size_t k = 0;
        while (k + 1 < SIDES && sides[k].side != r->side)
            k++;
        points[i - from].fill = &fills[k];
        list[i - from] = &points[i - from];
        v[i - from] = r->state == ISOMM_ROLE_SCORED ? r->level : -1;
    }
    chart_series_set_categories(s, XW_SHEET_ROLES, r1, XW_ROLES_DATA_LABEL, r2,
                                XW_ROLES_DATA_LABEL);
    chart_series_set_values(s, XW_SHEET_ROLES, r1, XW_ROLES_COL_LEVEL, r2,
                            XW_ROLES_COL_LEVEL);
    chart_series_set_name(s, "レベル");
    xw_ok(x, chart_series_set_points(s, list)); /* copied */
    free(points);
    free(list);
    xw_series_cache(x, s->values, v, n);

    chart_set_series_overlap(chart, 100);
    chart_set_series_gap(chart, 50);
    chart_axis_set_min(chart->x_axis, 0);
    chart_axis_set_max(chart->x_axis, 5);
    chart_axis_set_major_unit(chart->x_axis, 1);
    chart_axis_set_num_format(chart->x_axis, "0");
    chart_axis_set_reverse(chart->y_axis); /* A-1 on top */
    chart_axis_set_crossing_max(chart->y_axis);
    lxw_chart_font small = {.size = 8};
    chart_axis_set_num_font(chart->x_axis, &small);
    chart_axis_set_num_font(chart->y_axis, &small);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    return chart;
}

/* The chart data right of the table, and the bar chart of the roles'
 * levels (1-5; declined and blank roles have no bar, as in the v2.1
 * averages) below it, `width_px` wide. Returns the last row printed. */
static lxw_row_t role_chart(xw_book *x, lxw_worksheet *ws, unsigned width_px)
{
    const isomm_catalog *c = x->catalog;
    const xw_formats *f = &x->fmt;
    size_t n = c->role_count;
    lxw_row_t first = XW_ROLES_FIRST_ROW;
    lxw_row_t last = first + (lxw_row_t)n - 1;
    xw_width(x, ws, XW_ROLES_DATA_LABEL, XW_ROLES_DATA_LABEL, 30,
                     NULL);
    xw_string(x, ws, XW_ROLES_HEADER_ROW, XW_ROLES_DATA_LABEL,
                      "役割 (グラフの項目)", f->header);
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) {
        xw_nomem(x);
        return last;
    }
    for (size_t i = 0; i < n && !xw_failed(x); i++) {
        char *label = core_asprintf("%s %s", c->roles[i].id, c->roles[i].name);
        if (!label) {
            xw_nomem(x);
            break;
        }
        xw_string(x, ws, first + (lxw_row_t)i, XW_ROLES_DATA_LABEL, label,
                          f->text);
        free(label);
    }

    /* Two charts side by side on a page of their own, split at a function
     * boundary near the middle, so every role's label has room. */
    size_t split = n, best = (size_t)-1;
    for (size_t i = 1; i < n; i++) {
        size_t off = i > n / 2 ? i - n / 2 : n / 2 - i;
        if (c->roles[i].function != c->roles[i - 1].function && off < best) {
            split = i;
            best = off;
        }
    }
    lxw_row_t at = last + 2;
    lxw_row_t breaks[2] = {at, 0}; /* copied by libxlsxwriter */
    xw_ok(x, worksheet_set_h_pagebreaks(ws, breaks));
    const unsigned height = 700, gap = 12;
    unsigned w = width_px > 3 * gap ? (width_px - gap) / 2 : 480;
    size_t parts[3] = {0, split, n};
    for (int part = 0; part < 2 && !xw_failed(x); part++) {
        size_t from = parts[part], to = parts[part + 1];
        if (to <= from)
            continue;
        lxw_chart *chart = bar_chart(x, from, to, v);
        if (!chart)
            break;
        lxw_chart_options opt = {
            .x_offset = part ? (int32_t)(w + gap) : 0,
            .x_scale = w / 480.0,
            .y_scale = height / 288.0,
            .object_position = LXW_OBJECT_MOVE_DONT_SIZE,
            .description = "役割別成熟度 (v2.1): 役割ごとのレベル、"
                           "インソース・アウトソース・併用で色分け",
        };
        xw_ok(x, worksheet_insert_chart_opt(ws, at, 0, chart, &opt));
    }
    free(v);
    return at + (lxw_row_t)(height / 20 + 1); /* rows below the table are 20 px */
}

void xw_write_roles(xw_book *x)
{
    const isomm_portfolio *p = x->portfolio;
    const isomm_catalog *c = x->catalog;
    const xw_formats *f = &x->fmt;

    lxw_worksheet *ws = xw_add_sheet(x, XW_SHEET_ROLES);
    if (!ws)
        return;
    xw_page_setup(x, ws, 1, 0);

    xw_string(x, ws, XW_ROLES_TITLE_ROW, 0,
                      "ISOMM v2.1 セルフチェックの回答（読み取ったまま）", f->title);
    xw_row_height(x, ws, XW_ROLES_TITLE_ROW, 28);
    const struct {
        const char *label, *value;
    } info[] = {
        {"現在のパターン", xw_pattern_name(c, p->pattern_current)},
        {"目指すパターン", xw_pattern_name(c, p->pattern_target)},
        {"入力ファイル", p->path},
        {"シート", p->sheet},
    };
    for (size_t i = 0; i < sizeof info / sizeof info[0]; i++) {
        lxw_row_t row = XW_ROLES_INFO_ROW + (lxw_row_t)i;
        if (row >= XW_ROLES_HEADER_ROW)
            break;
        xw_string(x, ws, row, XW_ROLES_COL_FUNCTION,
                          info[i].label, f->label);
        xw_string(x, ws, row, XW_ROLES_COL_ID, info[i].value,
                          NULL);
    }

    static const struct {
        const char *label;
        double width;
    } cols[XW_ROLES_COLS] = {
        [XW_ROLES_COL_FUNCTION] = {"機能", 0}, /* fitted */
        [XW_ROLES_COL_ID] = {"ID", 7},
        [XW_ROLES_COL_NAME] = {"役割", 0},     /* fitted */
        [XW_ROLES_COL_STATE] = {"状態", 11},
        [XW_ROLES_COL_SIDE] = {"インソース / アウトソース", 14},
        [XW_ROLES_COL_LEVEL] = {"レベル", 8},
        [XW_ROLES_COL_NOTE] = {"備考", 0},     /* fitted */
    };
    double fn_width = 0, name_width = 0, note_width = 0;
    for (size_t i = 0; i < c->function_count; i++) {
        double w = xw_text_width(c->functions[i].name) + 3;
        fn_width = w > fn_width ? w : fn_width;
    }
    for (size_t i = 0; i < c->role_count; i++) {
        double w = xw_text_width(c->roles[i].name);
        name_width = w > name_width ? w : name_width;
        w = xw_text_width(p->role_notes ? p->role_notes[i] : NULL);
        note_width = w > note_width ? w : note_width;
    }
    fn_width = xw_clamp(fn_width + 2, 16, 40);
    name_width = xw_clamp(name_width + 2, 16, 44);
    note_width = xw_clamp(note_width + 2, 16, 60);
    unsigned width_px = 0; /* of the table, for the chart below it */
    for (lxw_col_t col = 0; col < XW_ROLES_COLS; col++) {
        double width = col == XW_ROLES_COL_FUNCTION ? fn_width
                       : col == XW_ROLES_COL_NAME   ? name_width
                       : col == XW_ROLES_COL_NOTE   ? note_width
                                                            : cols[col].width;
        width_px += (unsigned)(width * 7 + 5 + 0.5);
        xw_width(x, ws, col, col, width, NULL);
        xw_string(x, ws, XW_ROLES_HEADER_ROW, col,
                          cols[col].label, f->header);
    }
    xw_row_height(x, ws, XW_ROLES_HEADER_ROW, 33);

    lxw_row_t row = XW_ROLES_FIRST_ROW;
    for (size_t i = 0; i < c->role_count && !xw_failed(x); i++, row++) {
        const isomm_role_result *r = &p->roles[i];
        const isomm_group *fn = &c->functions[c->roles[i].function];
        char *fn_label = core_asprintf("%s. %s", fn->id, fn->name);
        if (!fn_label) {
            xw_nomem(x);
            return;
        }
        xw_string(x, ws, row, XW_ROLES_COL_FUNCTION, fn_label,
                          f->wrap);
        xw_string(x, ws, row, XW_ROLES_COL_ID, c->roles[i].id,
                          f->center);
        xw_string(x, ws, row, XW_ROLES_COL_NAME,
                          c->roles[i].name, f->wrap);
        xw_string(x, ws, row, XW_ROLES_COL_STATE,
                          state_label(r->state), f->center);
        xw_string(x, ws, row, XW_ROLES_COL_SIDE,
                          isomm_side_label(r->side), f->center);
        xw_score(x, ws, row, XW_ROLES_COL_LEVEL, r->level,
                         f->score);
        const char *note = p->role_notes ? p->role_notes[i] : NULL;
        xw_string(x, ws, row, XW_ROLES_COL_NOTE, note,
                          f->wrap);
        unsigned a = xw_text_lines(c->roles[i].name, name_width);
        unsigned b = xw_text_lines(note, note_width);
        unsigned d = xw_text_lines(fn_label, fn_width);
        unsigned lines = a > b ? a : b;
        xw_table_row(x, ws, row, lines > d ? lines : d);
        free(fn_label);
    }

    worksheet_freeze_panes(ws, XW_ROLES_FIRST_ROW, 0);
    if (!xw_failed(x) && c->role_count > 0) {
        lxw_row_t end = role_chart(x, ws, width_px);
        /* The chart data stays on the screen, off the printed page. */
        xw_ok(x, worksheet_print_area(ws, 0, 0, end, XW_ROLES_COLS - 1));
        lxw_row_t last = XW_ROLES_HEADER_ROW + (lxw_row_t)c->role_count;
        xw_ok(x, worksheet_autofilter(ws, XW_ROLES_HEADER_ROW, 0,
                                              last, XW_ROLES_COLS - 1));
        xw_ok(x, worksheet_repeat_rows(ws, XW_ROLES_HEADER_ROW,
                                               XW_ROLES_HEADER_ROW));
    }
}
