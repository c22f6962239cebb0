/*
 * write_summary.c - the サマリー sheet: where the portfolio came from, the
 * migration policy, the category averages with a radar chart, key counts
 * and the warnings. Rows and columns: write_xlsx_internal.h.
 */
#include <stdio.h>

#include "write_xlsx_internal.h"

/* Japanese explanation of a merge policy (the key comes first). */
static const char *merge_text(isomm_merge merge)
{
    switch (merge) {
    case ISOMM_MERGE_MAX: return "（複数の役割のうち最も高いスコア）";
    case ISOMM_MERGE_MEAN: return "（複数の役割のスコアの平均を四捨五入）";
    case ISOMM_MERGE_MIN: break;
    }
    return "（複数の役割のうち最も低いスコア）";
}

static const char *pattern_name(const isomm_catalog *c, long index)
{
    if (index < 0 || (size_t)index >= c->pattern_count)
        return "未設定";
    return c->patterns[index].name;
}

/* A label | value row; the value wraps within column B. */
static void info(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                 const char *label, const char *value, double value_width)
{
    isomm_xlsx_string(x, ws, row, 0, label, x->fmt.label);
    isomm_xlsx_string(x, ws, row, 1, value, x->fmt.plain);
    isomm_xlsx_row_lines(x, ws, row, isomm_xlsx_text_lines(value, value_width));
}

static void count_row(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                      const char *label, size_t n)
{
    isomm_xlsx_string(x, ws, row, 0, label, x->fmt.label);
    isomm_xlsx_number(x, ws, row, 1, (double)n, x->fmt.plain_count);
}

static void radar_chart(isomm_xlsx *x, lxw_worksheet *ws, int any_to_be)
{
    const isomm_catalog *c = x->catalog;
    if (c->category_count == 0)
        return;
    lxw_row_t first = ISOMM_XLSX_SUM_CAT_FIRST_ROW;
    lxw_row_t last = first + (lxw_row_t)c->category_count - 1;

    lxw_chart *chart = isomm_xlsx_add_chart(x, LXW_CHART_RADAR_WITH_MARKERS);
    if (!chart)
        return;
    chart_title_set_name(chart, "カテゴリー別サービススコア");

    lxw_chart_series *s = isomm_xlsx_add_series(x, chart);
    if (!s)
        return;
    chart_series_set_categories(s, ISOMM_XLSX_SHEET_SUMMARY, first,
                                ISOMM_XLSX_SUM_COL_CAT_NAME, last,
                                ISOMM_XLSX_SUM_COL_CAT_NAME);
    chart_series_set_values(s, ISOMM_XLSX_SHEET_SUMMARY, first,
                            ISOMM_XLSX_SUM_COL_CAT_AS_IS, last,
                            ISOMM_XLSX_SUM_COL_CAT_AS_IS);
    chart_series_set_name(s, "現状 (As-Is)");
    lxw_chart_line as_is_line = {.color = 0x2F5597, .width = 2.25};
    chart_series_set_line(s, &as_is_line);
    chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
    chart_series_set_marker_size(s, 6);
    lxw_chart_fill as_is_fill = {.color = 0x2F5597};
    chart_series_set_marker_fill(s, &as_is_fill);
    chart_series_set_marker_line(s, &as_is_line);

    if (any_to_be) {
        lxw_chart_series *t = isomm_xlsx_add_series(x, chart);
        if (!t)
            return;
        chart_series_set_categories(t, ISOMM_XLSX_SHEET_SUMMARY, first,
                                    ISOMM_XLSX_SUM_COL_CAT_NAME, last,
                                    ISOMM_XLSX_SUM_COL_CAT_NAME);
        chart_series_set_values(t, ISOMM_XLSX_SHEET_SUMMARY, first,
                                ISOMM_XLSX_SUM_COL_CAT_TO_BE, last,
                                ISOMM_XLSX_SUM_COL_CAT_TO_BE);
        chart_series_set_name(t, "あるべき姿 (To-Be)");
        lxw_chart_line to_be_line = {.color = 0xC55A11, .width = 2.25,
                                     .dash_type = LXW_CHART_LINE_DASH_DASH};
        chart_series_set_line(t, &to_be_line);
        chart_series_set_marker_type(t, LXW_CHART_MARKER_SQUARE);
        chart_series_set_marker_size(t, 6);
        lxw_chart_fill to_be_fill = {.color = 0xC55A11};
        chart_series_set_marker_fill(t, &to_be_fill);
        lxw_chart_line to_be_marker = {.color = 0xC55A11};
        chart_series_set_marker_line(t, &to_be_marker);
    }

    chart_axis_set_min(chart->y_axis, 0);
    chart_axis_set_max(chart->y_axis, 5);
    chart_axis_set_major_unit(chart->y_axis, 1);
    chart_axis_set_num_format(chart->y_axis, "0");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);

    lxw_chart_options opt = {
        .x_offset = 8,
        .y_offset = 4,
        .x_scale = 1.25,
        .y_scale = 1.6,
        .object_position = LXW_OBJECT_MOVE_DONT_SIZE,
        .description = (char *)"カテゴリー別の現状 (As-Is) と"
                               "あるべき姿 (To-Be) のレーダーチャート",
    };
    isomm_xlsx_ok(x, worksheet_insert_chart_opt(ws, ISOMM_XLSX_SUM_INFO_ROW,
                                                ISOMM_XLSX_SUM_CHART_COL,
                                                chart, &opt));
}

void isomm_xlsx_write_summary(isomm_xlsx *x)
{
    const isomm_portfolio *p = x->portfolio;
    const isomm_catalog *c = x->catalog;
    const isomm_xlsx_formats *f = &x->fmt;

    lxw_worksheet *ws = isomm_xlsx_add_sheet(x, ISOMM_XLSX_SHEET_SUMMARY);
    if (!ws)
        return;
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);

    char merge[160], to_be_text[80];
    snprintf(merge, sizeof merge, "%s%s", isomm_merge_key(p->policy.merge),
             merge_text(p->policy.merge));
    if (p->policy.to_be >= 1 && p->policy.to_be <= 5)
        snprintf(to_be_text, sizeof to_be_text, "As-Is のあるサービスに %d を設定",
                 p->policy.to_be);
    else
        snprintf(to_be_text, sizeof to_be_text, "設定しない");
    const struct {
        const char *label, *value;
    } infos[ISOMM_XLSX_SUM_INFO_ROWS] = {
        {"入力ファイル", p->path},
        {"入力形式", p->kind},
        {"シート", p->sheet},
        {"組織名", p->organization},
        {"評価日", p->date},
        {"現状のパターン", pattern_name(c, p->pattern_current)},
        {"目標のパターン", pattern_name(c, p->pattern_target)},
        {"移行方針（統合）", merge},
        {"移行方針（To-Be）", to_be_text},
    };

    size_t assessed = 0, to_be = 0, not_required = 0, unassigned = 0,
           new_services = 0;
    for (size_t i = 0; i < c->service_count; i++) {
        const isomm_service_result *s = &p->services[i];
        assessed += s->as_is >= 0;
        to_be += s->to_be >= 0;
        not_required += s->recommendation == ISOMM_REC_NOT_REQUIRED;
        unassigned += s->allocation == ISOMM_SIDE_UNASSIGNED;
        new_services += (s->flags & ISOMM_FLAG_NEW) != 0;
    }
    const struct {
        const char *label;
        size_t n;
    } counts[] = {
        {"サービス数", c->service_count},
        {"評価済み (As-Is あり)", assessed},
        {"あるべき姿 (To-Be) 設定済み", to_be},
        {"推奨レベル「不要」", not_required},
        {"未割り当て", unassigned},
        {"X.1060 で新設 (移行元なし)", new_services},
    };

    /* Column A holds the labels (bold: a little wider), column B the
     * values and the category names. */
    double width_a = 0, width_b = 0;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        double w = isomm_xlsx_text_width(counts[i].label);
        width_a = w > width_a ? w : width_a;
    }
    for (size_t i = 0; i < ISOMM_XLSX_SUM_INFO_ROWS; i++) {
        double w = isomm_xlsx_text_width(infos[i].label);
        width_a = w > width_a ? w : width_a;
        w = isomm_xlsx_text_width(infos[i].value);
        width_b = w > width_b ? w : width_b;
    }
    for (size_t i = 0; i < c->category_count; i++) {
        double w = isomm_xlsx_text_width(c->categories[i].name);
        width_b = w > width_b ? w : width_b;
    }
    width_a = isomm_xlsx_clamp(width_a * 1.1 + 2, 16, 36);
    width_b = isomm_xlsx_clamp(width_b + 2, 24, 60);
    isomm_xlsx_width(x, ws, 0, 0, width_a, NULL);
    isomm_xlsx_width(x, ws, 1, 1, width_b, NULL);
    isomm_xlsx_width(x, ws, 2, 3, 20, NULL);
    isomm_xlsx_width(x, ws, 4, 5, 11, NULL);
    isomm_xlsx_width(x, ws, 6, 6, 3, NULL);

    isomm_xlsx_string(x, ws, ISOMM_XLSX_SUM_TITLE_ROW, 0, x->title, f->title);

    /* Where the portfolio came from and how it was migrated. */
    lxw_row_t row = ISOMM_XLSX_SUM_INFO_ROW;
    for (size_t i = 0; i < ISOMM_XLSX_SUM_INFO_ROWS; i++, row++)
        info(x, ws, row, infos[i].label, infos[i].value, width_b);

    /* The category table. */
    isomm_xlsx_string(x, ws, ISOMM_XLSX_SUM_CAT_HEADING_ROW, 0,
                      "カテゴリー別スコア", f->heading);
    static const char *const heads[] = {
        "ID", "カテゴリー", "現状 (As-Is)", "あるべき姿 (To-Be)",
        "評価済み", "サービス数"};
    for (lxw_col_t col = 0; col < sizeof heads / sizeof heads[0]; col++)
        isomm_xlsx_string(x, ws, ISOMM_XLSX_SUM_CAT_HEADER_ROW, col,
                          heads[col], f->header);
    int any_to_be = 0;
    row = ISOMM_XLSX_SUM_CAT_FIRST_ROW;
    for (size_t i = 0; i < c->category_count; i++, row++) {
        const isomm_category_result *cr = &p->categories[i];
        isomm_xlsx_string(x, ws, row, ISOMM_XLSX_SUM_COL_CAT_ID,
                          c->categories[i].id, f->center);
        isomm_xlsx_string(x, ws, row, ISOMM_XLSX_SUM_COL_CAT_NAME,
                          c->categories[i].name, f->wrap);
        if (cr->assessed > 0)
            isomm_xlsx_number(x, ws, row, ISOMM_XLSX_SUM_COL_CAT_AS_IS,
                              cr->as_is, f->average);
        else
            isomm_xlsx_blank(x, ws, row, ISOMM_XLSX_SUM_COL_CAT_AS_IS,
                             f->average);
        if (cr->to_be_count > 0) {
            any_to_be = 1;
            isomm_xlsx_number(x, ws, row, ISOMM_XLSX_SUM_COL_CAT_TO_BE,
                              cr->to_be, f->average);
        } else {
            isomm_xlsx_blank(x, ws, row, ISOMM_XLSX_SUM_COL_CAT_TO_BE,
                             f->average);
        }
        isomm_xlsx_number(x, ws, row, ISOMM_XLSX_SUM_COL_CAT_ASSESSED,
                          (double)cr->assessed, f->count);
        isomm_xlsx_number(x, ws, row, ISOMM_XLSX_SUM_COL_CAT_TOTAL,
                          (double)cr->total, f->count);
    }

    /* Key counts. */
    row++;
    isomm_xlsx_string(x, ws, row++, 0, "集計", f->heading);
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        count_row(x, ws, row++, counts[i].label, counts[i].n);

    /* Warnings, one per row. */
    row++;
    isomm_xlsx_string(x, ws, row++, 0, "警告", f->heading);
    if (p->warnings.count == 0)
        isomm_xlsx_string(x, ws, row++, 0, "なし", NULL);
    for (size_t i = 0; i < p->warnings.count; i++)
        isomm_xlsx_string(x, ws, row++, 0, p->warnings.items[i], NULL);

    radar_chart(x, ws, any_to_be);
}
