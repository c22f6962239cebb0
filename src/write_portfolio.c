/*
 * write_portfolio.c - the サービスポートフォリオ sheet: the service matrix
 * of the textbook (図8, 表5) with one row per catalog service, the v2.1
 * roles each service was migrated from, the migration memo, and a column
 * chart of the As-Is scores. Rows and columns: write_xlsx_internal.h.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "write_xlsx_internal.h"

/* The service's source role IDs joined by ", " (names = 0) or their
 * names joined by "、" (names = 1); "" for a service new in X.1060.
 * Returns a malloc'ed string, or NULL when out of memory. */
static char *join_sources(const isomm_catalog *c, const isomm_service *s,
                          int names)
{
    const char *sep = names ? "、" : ", ";
    size_t seplen = strlen(sep), len = 1;
    for (size_t i = 0; i < s->source_count; i++) {
        const isomm_role *r = &c->roles[s->sources[i]];
        len += strlen(names ? r->name : r->id) + seplen;
    }
    char *out = malloc(len);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < s->source_count; i++) {
        const isomm_role *r = &c->roles[s->sources[i]];
        const char *t = names ? r->name : r->id;
        if (i > 0) {
            memcpy(out + o, sep, seplen);
            o += seplen;
        }
        memcpy(out + o, t, strlen(t));
        o += strlen(t);
    }
    out[o] = '\0';
    return out;
}

static void headers(isomm_xlsx *x, lxw_worksheet *ws)
{
    lxw_format *h = x->fmt.header;
    const lxw_row_t g = ISOMM_XLSX_PF_GROUP_ROW, r = ISOMM_XLSX_PF_HEADER_ROW;

    /* Group row: the spanning headings of the textbook's matrix. */
    for (lxw_col_t col = 0; col < ISOMM_XLSX_PF_COLS; col++)
        isomm_xlsx_blank(x, ws, g, col, h);
    isomm_xlsx_merge(x, ws, g, ISOMM_XLSX_PF_COL_ID, g, ISOMM_XLSX_PF_COL_NAME,
                     "サービス", h);
    isomm_xlsx_merge(x, ws, g, ISOMM_XLSX_PF_COL_AS_IS, g,
                     ISOMM_XLSX_PF_COL_TO_BE, "サービススコア", h);
    isomm_xlsx_merge(x, ws, g, ISOMM_XLSX_PF_COL_SOURCES, g,
                     ISOMM_XLSX_PF_COL_MEMO, "ISOMM v2.1 からの移行", h);

    /* Header row: one label per column (the autofilter row). */
    static const struct {
        lxw_col_t col;
        const char *label;
    } labels[] = {
        {ISOMM_XLSX_PF_COL_ID, "ID"},
        {ISOMM_XLSX_PF_COL_NAME, "サービス名"},
        {ISOMM_XLSX_PF_COL_CATEGORY, "カテゴリー"},
        {ISOMM_XLSX_PF_COL_RECOMMENDATION, "推奨レベル"},
        {ISOMM_XLSX_PF_COL_ALLOCATION, "サービス割り当て"},
        {ISOMM_XLSX_PF_COL_AS_IS, "現状 (As-Is)"},
        {ISOMM_XLSX_PF_COL_TO_BE, "あるべき姿 (To-Be)"},
        {ISOMM_XLSX_PF_COL_SOURCES, "移行元"},
        {ISOMM_XLSX_PF_COL_SOURCE_NAMES, "移行元の役割"},
        {ISOMM_XLSX_PF_COL_MEMO, "移行メモ"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        isomm_xlsx_string(x, ws, r, labels[i].col, labels[i].label, h);
    if (!isomm_xlsx_failed(x))
        isomm_xlsx_ok(x, worksheet_set_row(ws, r, 33, NULL));
}

/* The texts of one service row that the sheet computes. */
typedef struct row_text {
    char *category; /* "A. CDCの戦略マネジメント" */
    char *ids;      /* "A-1, A-2" */
    char *names;    /* "全体方針管理、トリアージ基準管理" */
} row_text;

static void row_text_free(row_text *t)
{
    free(t->category);
    free(t->ids);
    free(t->names);
}

static int row_text_make(const isomm_catalog *c, size_t i, row_text *t)
{
    const isomm_service *s = &c->services[i];
    const isomm_group *cat =
        s->category < c->category_count ? &c->categories[s->category] : NULL;
    t->category = cat ? isomm_asprintf("%s. %s", cat->id, cat->name)
                      : isomm_strdup("");
    t->ids = join_sources(c, s, 0);
    t->names = join_sources(c, s, 1);
    if (t->category && t->ids && t->names)
        return 1;
    row_text_free(t);
    return 0;
}

static double widest(double w, const char *text)
{
    double t = isomm_xlsx_text_width(text);
    return t > w ? t : w;
}

/* Column widths fitted to the content (capped; long text wraps). */
static int fit_widths(isomm_xlsx *x, double w[ISOMM_XLSX_PF_COLS])
{
    const isomm_catalog *c = x->catalog;
    double id = 0, name = 0, cat = 0, ids = 0, names = 0, memo = 0;
    for (size_t i = 0; i < c->service_count; i++) {
        row_text t;
        if (!row_text_make(c, i, &t))
            return 0;
        id = widest(id, c->services[i].id);
        name = widest(name, c->services[i].name);
        cat = widest(cat, t.category);
        ids = widest(ids, t.ids);
        names = widest(names, t.names);
        memo = widest(memo, x->portfolio->services[i].memo);
        row_text_free(&t);
    }
    w[ISOMM_XLSX_PF_COL_ID] = isomm_xlsx_clamp(id + 2, 6, 12);
    w[ISOMM_XLSX_PF_COL_NAME] = isomm_xlsx_clamp(name + 2, 20, 44);
    w[ISOMM_XLSX_PF_COL_CATEGORY] = isomm_xlsx_clamp(cat + 2, 14, 40);
    w[ISOMM_XLSX_PF_COL_RECOMMENDATION] = 13;
    w[ISOMM_XLSX_PF_COL_ALLOCATION] = 13;
    w[ISOMM_XLSX_PF_COL_AS_IS] = 10;
    w[ISOMM_XLSX_PF_COL_TO_BE] = 10;
    w[ISOMM_XLSX_PF_COL_SOURCES] = isomm_xlsx_clamp(ids + 2, 10, 20);
    w[ISOMM_XLSX_PF_COL_SOURCE_NAMES] = isomm_xlsx_clamp(names + 2, 16, 40);
    w[ISOMM_XLSX_PF_COL_MEMO] = isomm_xlsx_clamp(memo + 2, 16, 60);
    return 1;
}

static void service_row(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                        size_t i, const double w[ISOMM_XLSX_PF_COLS])
{
    const isomm_catalog *c = x->catalog;
    const isomm_service *s = &c->services[i];
    const isomm_service_result *r = &x->portfolio->services[i];
    const isomm_xlsx_formats *f = &x->fmt;
    row_text t;
    if (!row_text_make(c, i, &t)) {
        isomm_xlsx_nomem(x);
        return;
    }

    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_ID, s->id, f->center);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_NAME, s->name, f->wrap);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_CATEGORY, t.category,
                      f->wrap);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_RECOMMENDATION,
                      isomm_recommendation_label(r->recommendation),
                      f->center);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_ALLOCATION,
                      isomm_side_label(r->allocation), f->center);
    isomm_xlsx_score(x, ws, row, ISOMM_XLSX_PF_COL_AS_IS, r->as_is, f->score);
    isomm_xlsx_score(x, ws, row, ISOMM_XLSX_PF_COL_TO_BE, r->to_be, f->score);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_SOURCES, t.ids, f->wrap);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_SOURCE_NAMES, t.names,
                      f->wrap);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_MEMO, r->memo, f->wrap);

    static const int wrapped[] = {
        ISOMM_XLSX_PF_COL_NAME, ISOMM_XLSX_PF_COL_CATEGORY,
        ISOMM_XLSX_PF_COL_SOURCES, ISOMM_XLSX_PF_COL_SOURCE_NAMES,
        ISOMM_XLSX_PF_COL_MEMO};
    const char *texts[] = {s->name, t.category, t.ids, t.names, r->memo};
    unsigned lines = 1;
    for (size_t k = 0; k < sizeof wrapped / sizeof wrapped[0]; k++) {
        unsigned n = isomm_xlsx_text_lines(texts[k], w[wrapped[k]]);
        lines = n > lines ? n : lines;
    }
    isomm_xlsx_row_lines(x, ws, row, lines);
    row_text_free(&t);
}

static void column_chart(isomm_xlsx *x, lxw_worksheet *ws)
{
    size_t n = x->catalog->service_count;
    if (n == 0)
        return;
    lxw_row_t first = ISOMM_XLSX_PF_FIRST_ROW;
    lxw_row_t last = first + (lxw_row_t)n - 1;

    lxw_chart *chart = isomm_xlsx_add_chart(x, LXW_CHART_COLUMN);
    lxw_chart_series *s = isomm_xlsx_add_series(x, chart);
    if (!s)
        return;
    chart_title_set_name(chart, "サービス別 現状 (As-Is) スコア");
    chart_series_set_categories(s, ISOMM_XLSX_SHEET_PORTFOLIO, first,
                                ISOMM_XLSX_PF_COL_ID, last,
                                ISOMM_XLSX_PF_COL_ID);
    chart_series_set_values(s, ISOMM_XLSX_SHEET_PORTFOLIO, first,
                            ISOMM_XLSX_PF_COL_AS_IS, last,
                            ISOMM_XLSX_PF_COL_AS_IS);
    chart_series_set_name(s, "現状 (As-Is)");
    lxw_chart_fill fill = {.color = 0x2F5597};
    chart_series_set_fill(s, &fill);
    chart_set_series_gap(chart, 40);

    chart_axis_set_min(chart->y_axis, 0);
    chart_axis_set_max(chart->y_axis, 5);
    chart_axis_set_major_unit(chart->y_axis, 1);
    chart_axis_set_num_format(chart->y_axis, "0");
    chart_axis_set_name(chart->y_axis, "サービススコア");
    chart_axis_set_interval_unit(chart->x_axis, 1); /* every service ID */
    lxw_chart_font label_font = {.rotation = -90, .size = 8};
    chart_axis_set_num_font(chart->x_axis, &label_font);
    chart_axis_set_name(chart->x_axis, "サービス");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);

    /* 480 x 288 pixels by default: about 1200 x 430. */
    lxw_chart_options opt = {
        .x_offset = 8,
        .y_offset = 0,
        .x_scale = 2.5,
        .y_scale = 1.5,
        .object_position = LXW_OBJECT_MOVE_DONT_SIZE,
        .description = (char *)"サービス別の現状 (As-Is) スコアの縦棒グラフ",
    };
    isomm_xlsx_ok(x, worksheet_insert_chart_opt(ws, ISOMM_XLSX_PF_GROUP_ROW,
                                                ISOMM_XLSX_PF_CHART_COL,
                                                chart, &opt));
}

void isomm_xlsx_write_portfolio(isomm_xlsx *x)
{
    size_t n = x->catalog->service_count;
    lxw_worksheet *ws = isomm_xlsx_add_sheet(x, ISOMM_XLSX_SHEET_PORTFOLIO);
    if (!ws)
        return;
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);

    double w[ISOMM_XLSX_PF_COLS];
    if (!fit_widths(x, w)) {
        isomm_xlsx_nomem(x);
        return;
    }
    for (lxw_col_t col = 0; col < ISOMM_XLSX_PF_COLS; col++)
        isomm_xlsx_width(x, ws, col, col, w[col], NULL);
    /* A narrow gap before the chart. */
    isomm_xlsx_width(x, ws, ISOMM_XLSX_PF_COLS, ISOMM_XLSX_PF_COLS, 3, NULL);

    headers(x, ws);
    for (size_t i = 0; i < n && !isomm_xlsx_failed(x); i++)
        service_row(x, ws, ISOMM_XLSX_PF_FIRST_ROW + (lxw_row_t)i, i, w);

    worksheet_freeze_panes(ws, ISOMM_XLSX_PF_FIRST_ROW,
                           ISOMM_XLSX_PF_COL_NAME + 1);
    if (!isomm_xlsx_failed(x)) {
        lxw_row_t last = ISOMM_XLSX_PF_HEADER_ROW + (lxw_row_t)n;
        isomm_xlsx_ok(x, worksheet_autofilter(ws, ISOMM_XLSX_PF_HEADER_ROW, 0,
                                              last, ISOMM_XLSX_PF_COLS - 1));
        isomm_xlsx_ok(x, worksheet_repeat_rows(ws, ISOMM_XLSX_PF_GROUP_ROW,
                                               ISOMM_XLSX_PF_HEADER_ROW));
        /* Print the table; the chart is for the screen. */
        isomm_xlsx_ok(x, worksheet_print_area(ws, 0, 0, last,
                                              ISOMM_XLSX_PF_COLS - 1));
    }
    column_chart(x, ws);
}
