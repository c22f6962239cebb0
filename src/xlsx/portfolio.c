/*
 * write_portfolio.c - the サービスポートフォリオ sheet: the service matrix
 * of the textbook (図8, 表5) that people keep editing. One row per catalog
 * service: drop-downs for 推奨レベル and サービス割り当て, whole numbers 1-5
 * for As-Is and To-Be, the gap, the region's place in the target pattern,
 * the improvement list the service falls in (formulas), and where the
 * values came from in v2.1. Rows and columns: write_xlsx_internal.h;
 * docs/workbook.md describes every column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "xlsx/xlsx.h"

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

static void headers(xw_book *x, lxw_worksheet *ws)
{
    lxw_format *h = x->fmt.header;
    const lxw_row_t g = XW_PF_GROUP_ROW, r = XW_PF_HEADER_ROW;

    /* Group row: the spanning headings of the textbook's matrix. */
    char direction[160];
    if (x->advice.pattern >= 0)
        snprintf(direction, sizeof direction, "改善の方向（%s: %s）",
                 x->advice.pattern_is_target ? "目標" : "現状",
                 x->catalog->patterns[x->advice.pattern].name);
    else
        snprintf(direction, sizeof direction, "改善の方向（パターン未設定）");
    xw_merge(x, ws, g, XW_PF_COL_ID, g,
                     XW_PF_COL_PROCESS, "サービス", h);
    xw_merge(x, ws, g, XW_PF_COL_RECOMMENDATION, g,
                     XW_PF_COL_OWNER, "サービスカタログ・プロファイル", h);
    xw_merge(x, ws, g, XW_PF_COL_AS_IS, g,
                     XW_PF_COL_GAP, "サービススコア", h);
    xw_merge(x, ws, g, XW_PF_COL_DOMAIN, g,
                     XW_PF_COL_RANK, direction, h);
    xw_merge(x, ws, g, XW_PF_COL_SOURCES, g,
                     XW_PF_COL_MEMO, "ISOMM v2.1 からの移行", h);

    /* Header row: one label per column (the autofilter row). */
    static const struct {
        lxw_col_t col;
        const char *label;
    } labels[] = {
        {XW_PF_COL_ID, "ID"},
        {XW_PF_COL_NAME, "サービス名"},
        {XW_PF_COL_CATEGORY, "カテゴリー"},
        {XW_PF_COL_REGION, "領域"},
        {XW_PF_COL_PROCESS, "マネジメントプロセス"},
        {XW_PF_COL_RECOMMENDATION, "推奨レベル"},
        {XW_PF_COL_ALLOCATION, "サービス割り当て"},
        {XW_PF_COL_OWNER, "担当・委託先"},
        {XW_PF_COL_AS_IS, "現状 (As-Is)"},
        {XW_PF_COL_TO_BE, "あるべき姿 (To-Be)"},
        {XW_PF_COL_GAP, "ギャップ"},
        {XW_PF_COL_DOMAIN, "目標パターンでの担当"},
        {XW_PF_COL_DIRECTION, "改善の方向"},
        {XW_PF_COL_RANK, "順位"},
        {XW_PF_COL_SOURCES, "移行元"},
        {XW_PF_COL_SOURCE_NAMES, "移行元の役割"},
        {XW_PF_COL_MEMO, "移行メモ"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        xw_string(x, ws, r, labels[i].col, labels[i].label, h);
    xw_row_height(x, ws, g, 30);
    xw_row_height(x, ws, r, 33);
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
    t->category = xw_category_label(c, s->category);
    t->ids = join_sources(c, s, 0);
    t->names = join_sources(c, s, 1);
    if (t->category && t->ids && t->names)
        return 1;
    row_text_free(t);
    return 0;
}

static double widest(double w, const char *text)
{
    double t = xw_text_width(text);
    return t > w ? t : w;
}

/* Column widths fitted to the content (capped; long text wraps). */
static int fit_widths(xw_book *x, double w[XW_PF_COLS])
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
    w[XW_PF_COL_ID] = xw_clamp(id + 2, 6, 12);
    w[XW_PF_COL_NAME] = xw_clamp(name + 2, 20, 36);
    w[XW_PF_COL_CATEGORY] = xw_clamp(cat + 2, 14, 24);
    w[XW_PF_COL_REGION] = 7;
    w[XW_PF_COL_PROCESS] = 17;
    w[XW_PF_COL_RECOMMENDATION] = 13;
    w[XW_PF_COL_ALLOCATION] = 13;
    w[XW_PF_COL_OWNER] = 16;
    w[XW_PF_COL_AS_IS] = 9;
    w[XW_PF_COL_TO_BE] = 10;
    w[XW_PF_COL_GAP] = 8;
    w[XW_PF_COL_DOMAIN] = 10;
    w[XW_PF_COL_DIRECTION] = 17;
    w[XW_PF_COL_RANK] = 6;
    w[XW_PF_COL_SOURCES] = xw_clamp(ids + 2, 10, 20);
    w[XW_PF_COL_SOURCE_NAMES] = xw_clamp(names + 2, 16, 36);
    w[XW_PF_COL_MEMO] = xw_clamp(memo + 2, 16, 50);
    return 1;
}

/* The 改善の方向 formula of one row (the rule of advice.c):
 * IF(no As-Is, or 不要, or no pattern, "", by allocation and domain). */
static char *direction_formula(unsigned R)
{
    const char *in = isomm_side_label(ISOMM_SIDE_INSOURCE);
    const char *out = isomm_side_label(ISOMM_SIDE_OUTSOURCE);
    const char *both = isomm_side_label(ISOMM_SIDE_COMBINED);
    const char *s_in = advice_label(ADVICE_STRENGTHEN_INSOURCE);
    const char *s_out = advice_label(ADVICE_STRENGTHEN_OUTSOURCE);
    const char *m_in = advice_label(ADVICE_MOVE_INSOURCE);
    const char *m_out = advice_label(ADVICE_MOVE_OUTSOURCE);
    const char *dom = XW_DOMAIN_IN;
    return core_asprintf(
        "IF(OR(NOT(ISNUMBER(I%u)),F%u=\"%s\",L%u=\"\"),\"\","
        "IF(G%u=\"%s\",IF(L%u=\"%s\",\"%s\",\"%s\"),"
        "IF(G%u=\"%s\",IF(L%u=\"%s\",\"%s\",\"%s\"),"
        "IF(G%u=\"%s\",IF(L%u=\"%s\",\"%s\",\"%s\"),\"\"))))",
        R, R, XW_NOT_REQUIRED, R,
        R, in, R, dom, s_in, m_out,
        R, out, R, dom, m_in, s_out,
        R, both, R, dom, s_in, s_out);
}

static void service_row(xw_book *x, lxw_worksheet *ws, size_t i,
                        const double w[XW_PF_COLS])
{
    const isomm_catalog *c = x->catalog;
    const isomm_service *s = &c->services[i];
    const isomm_service_result *r = &x->portfolio->services[i];
    const xw_formats *f = &x->fmt;
    const lxw_row_t row = XW_PF_ROW(i);
    const unsigned R = row + 1; /* the row as formulas spell it */
    const unsigned first = XW_PF_FIRST_ROW + 1;
    const unsigned last = xw_pf_last_row(x) + 1;
    row_text t;
    if (!row_text_make(c, i, &t)) {
        xw_nomem(x);
        return;
    }

    xw_string(x, ws, row, XW_PF_COL_ID, s->id, f->center);
    xw_string(x, ws, row, XW_PF_COL_NAME, s->name, f->wrap);
    xw_string(x, ws, row, XW_PF_COL_CATEGORY, t.category,
                      f->wrap);
    xw_string(x, ws, row, XW_PF_COL_REGION,
                      xw_region_label(s->regions), f->center);
    xw_string(x, ws, row, XW_PF_COL_PROCESS,
                      isomm_process_label(s->process), f->center);
    xw_string(x, ws, row, XW_PF_COL_RECOMMENDATION,
                      isomm_recommendation_label(r->recommendation), f->input);
    xw_string(x, ws, row, XW_PF_COL_ALLOCATION,
                      isomm_side_label(r->allocation), f->input);
    xw_blank(x, ws, row, XW_PF_COL_OWNER, f->input_text);
    xw_score(x, ws, row, XW_PF_COL_AS_IS, r->as_is, f->input);
    xw_score(x, ws, row, XW_PF_COL_TO_BE, r->to_be, f->input);

    /* ギャップ = To-Be − As-Is when both are there. */
    int both = r->as_is >= 0 && r->to_be >= 0;
    xw_formula_opt(x, ws, row, XW_PF_COL_GAP, f->gap, both,
                           both ? r->to_be - r->as_is : 0,
                           "IF(AND(ISNUMBER(I%u),ISNUMBER(J%u)),J%u-I%u,\"\")",
                           R, R, R, R);

    /* The region's place in the pattern, then the list and the place. */
    int in_house = x->advice.in_house[i];
    xw_string(x, ws, row, XW_PF_COL_DOMAIN,
                      in_house < 0   ? ""
                      : in_house > 0 ? XW_DOMAIN_IN
                                     : XW_DOMAIN_OUT,
                      f->center);
    char *dir = direction_formula(R);
    if (!dir) {
        xw_nomem(x);
    } else {
        xw_formula_str(x, ws, row, XW_PF_COL_DIRECTION,
                               f->center,
                               advice_label(x->advice.kind[i]), "%s",
                               dir);
        free(dir);
    }
    /* Place in the list: lower As-Is in the same list, plus the same
     * As-Is above this row, plus one (ties in catalog order). */
    size_t rank = x->advice.rank[i];
    xw_formula_opt(
        x, ws, row, XW_PF_COL_RANK, f->count, rank > 0, (double)rank,
        "IF(M%u=\"\",\"\",SUMPRODUCT(($M$%u:$M$%u=M%u)*($I$%u:$I$%u<I%u))"
        "+SUMPRODUCT(($M$%u:M%u=M%u)*($I$%u:I%u=I%u))+1)",
        R, first, last, R, first, last, R, first - 1, R - 1, R, first - 1,
        R - 1, R);

    xw_string(x, ws, row, XW_PF_COL_SOURCES, t.ids, f->wrap);
    xw_string(x, ws, row, XW_PF_COL_SOURCE_NAMES, t.names,
                      f->wrap);
    xw_string(x, ws, row, XW_PF_COL_MEMO, r->memo, f->wrap);

    static const int wrapped[] = {
        XW_PF_COL_NAME, XW_PF_COL_CATEGORY,
        XW_PF_COL_SOURCES, XW_PF_COL_SOURCE_NAMES,
        XW_PF_COL_MEMO};
    const char *texts[] = {s->name, t.category, t.ids, t.names, r->memo};
    /* Two lines at least, so the rows look alike in every application. */
    unsigned lines = 2;
    for (size_t k = 0; k < sizeof wrapped / sizeof wrapped[0]; k++) {
        unsigned n = xw_text_lines(texts[k], w[wrapped[k]]);
        lines = n > lines ? n : lines;
    }
    xw_row_lines(x, ws, row, lines);
    row_text_free(&t);
}

/* Drop-downs for 推奨レベル and サービス割り当て; whole numbers 1-5 for the
 * scores. */
static void validations(xw_book *x, lxw_worksheet *ws)
{
    if (xw_failed(x) || x->catalog->service_count == 0)
        return;
    lxw_row_t first = XW_PF_FIRST_ROW, last = xw_pf_last_row(x);

    static char *recommendations[] = {"不要", "ベーシック", "スタンダード",
                                      "アドバンスド", "オプション", NULL};
    lxw_data_validation rec = {
        .validate = LXW_VALIDATION_TYPE_LIST,
        .value_list = recommendations,
        .input_title = "推奨レベル",
        .input_message = "一覧から選びます。不要にした理由は担当・委託先の欄か"
                         "移行メモに残してください。",
        .error_title = "推奨レベル",
        .error_message = "不要、ベーシック、スタンダード、アドバンスド、"
                         "オプションのいずれかを選んでください。",
    };
    xw_ok(x, worksheet_data_validation_range(
                         ws, first, XW_PF_COL_RECOMMENDATION, last,
                         XW_PF_COL_RECOMMENDATION, &rec));

    static char *allocations[] = {"インソース", "アウトソース", "併用",
                                  "未割り当て", NULL};
    lxw_data_validation alloc = {
        .validate = LXW_VALIDATION_TYPE_LIST,
        .value_list = allocations,
        .input_title = "サービス割り当て",
        .input_message = "自組織で行う (インソース)、外部に委託する "
                         "(アウトソース)、その両方 (併用)、未割り当て。",
        .error_title = "サービス割り当て",
        .error_message = "インソース、アウトソース、併用、未割り当ての"
                         "いずれかを選んでください。",
    };
    xw_ok(x, worksheet_data_validation_range(
                         ws, first, XW_PF_COL_ALLOCATION, last,
                         XW_PF_COL_ALLOCATION, &alloc));

    lxw_data_validation score = {
        .validate = LXW_VALIDATION_TYPE_INTEGER,
        .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
        .minimum_number = 1,
        .maximum_number = 5,
        .input_title = "サービススコア (1〜5)",
        .input_message = "1 実施できていない … 5 承認された文書で運用"
                         " (アウトソースは 5 = 想定どおり)。評価しないときは空欄。",
        .error_title = "サービススコア",
        .error_message = "1 から 5 までの整数を入力してください。",
    };
    xw_ok(x, worksheet_data_validation_range(
                         ws, first, XW_PF_COL_AS_IS, last,
                         XW_PF_COL_TO_BE, &score));
}

/* 不要 rows greyed, a colour scale on the scores, gaps >= 2 highlighted. */
static void conditional_formats(xw_book *x, lxw_worksheet *ws)
{
    if (xw_failed(x) || x->catalog->service_count == 0)
        return;
    lxw_row_t first = XW_PF_FIRST_ROW, last = xw_pf_last_row(x);
    char rule[64];
    snprintf(rule, sizeof rule, "=$F%u=\"%s\"", (unsigned)first + 1,
             XW_NOT_REQUIRED);
    lxw_conditional_format grey = {
        .type = LXW_CONDITIONAL_TYPE_FORMULA,
        .value_string = rule,
        .format = x->fmt.cf_grey,
    };
    xw_ok(x, worksheet_conditional_format_range(
                         ws, first, 0, last, XW_PF_COLS - 1, &grey));

    xw_score_scale(x, ws, first, XW_PF_COL_AS_IS, last, XW_PF_COL_TO_BE);

    lxw_conditional_format gap = {
        .type = LXW_CONDITIONAL_TYPE_CELL,
        .criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
        .value = 2,
        .format = x->fmt.cf_gap,
    };
    xw_ok(x, worksheet_conditional_format_range(
                         ws, first, XW_PF_COL_GAP, last,
                         XW_PF_COL_GAP, &gap));
}

void xw_write_portfolio(xw_book *x)
{
    size_t n = x->catalog->service_count;
    lxw_worksheet *ws = xw_add_sheet(x, XW_SHEET_PORTFOLIO);
    if (!ws)
        return;
    xw_page_setup(x, ws, 1, 0);

    double w[XW_PF_COLS];
    if (!fit_widths(x, w)) {
        xw_nomem(x);
        return;
    }
    for (lxw_col_t col = 0; col < XW_PF_COLS; col++)
        xw_width(x, ws, col, col, w[col], NULL);

    headers(x, ws);
    for (size_t i = 0; i < n && !xw_failed(x); i++)
        service_row(x, ws, i, w);
    validations(x, ws);
    conditional_formats(x, ws);

    worksheet_freeze_panes(ws, XW_PF_FIRST_ROW,
                           XW_PF_COL_NAME + 1);
    if (!xw_failed(x)) {
        lxw_row_t last = XW_PF_HEADER_ROW + (lxw_row_t)n;
        xw_ok(x, worksheet_autofilter(ws, XW_PF_HEADER_ROW, 0,
                                              last, XW_PF_COLS - 1));
        xw_ok(x, worksheet_repeat_rows(ws, XW_PF_GROUP_ROW,
                                               XW_PF_HEADER_ROW));
        /* Print the matrix (A..N); the v2.1 columns are on screen and,
         * for the record, on the 移行レポート. */
        xw_ok(x, worksheet_print_area(ws, 0, 0, last,
                                              XW_PF_COL_RANK));
    }
}
