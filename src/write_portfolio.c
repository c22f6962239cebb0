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
    char direction[160];
    if (x->advice.pattern >= 0)
        snprintf(direction, sizeof direction, "改善の方向（%s: %s）",
                 x->advice.pattern_is_target ? "目標" : "現状",
                 x->catalog->patterns[x->advice.pattern].name);
    else
        snprintf(direction, sizeof direction, "改善の方向（パターン未設定）");
    isomm_xlsx_merge(x, ws, g, ISOMM_XLSX_PF_COL_ID, g,
                     ISOMM_XLSX_PF_COL_PROCESS, "サービス", h);
    isomm_xlsx_merge(x, ws, g, ISOMM_XLSX_PF_COL_RECOMMENDATION, g,
                     ISOMM_XLSX_PF_COL_OWNER, "サービスカタログ・プロファイル", h);
    isomm_xlsx_merge(x, ws, g, ISOMM_XLSX_PF_COL_AS_IS, g,
                     ISOMM_XLSX_PF_COL_GAP, "サービススコア", h);
    isomm_xlsx_merge(x, ws, g, ISOMM_XLSX_PF_COL_DOMAIN, g,
                     ISOMM_XLSX_PF_COL_RANK, direction, h);
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
        {ISOMM_XLSX_PF_COL_REGION, "領域"},
        {ISOMM_XLSX_PF_COL_PROCESS, "マネジメントプロセス"},
        {ISOMM_XLSX_PF_COL_RECOMMENDATION, "推奨レベル"},
        {ISOMM_XLSX_PF_COL_ALLOCATION, "サービス割り当て"},
        {ISOMM_XLSX_PF_COL_OWNER, "担当・委託先"},
        {ISOMM_XLSX_PF_COL_AS_IS, "現状 (As-Is)"},
        {ISOMM_XLSX_PF_COL_TO_BE, "あるべき姿 (To-Be)"},
        {ISOMM_XLSX_PF_COL_GAP, "ギャップ"},
        {ISOMM_XLSX_PF_COL_DOMAIN, "目標パターンでの担当"},
        {ISOMM_XLSX_PF_COL_DIRECTION, "改善の方向"},
        {ISOMM_XLSX_PF_COL_RANK, "順位"},
        {ISOMM_XLSX_PF_COL_SOURCES, "移行元"},
        {ISOMM_XLSX_PF_COL_SOURCE_NAMES, "移行元の役割"},
        {ISOMM_XLSX_PF_COL_MEMO, "移行メモ"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        isomm_xlsx_string(x, ws, r, labels[i].col, labels[i].label, h);
    isomm_xlsx_row_height(x, ws, g, 30);
    isomm_xlsx_row_height(x, ws, r, 33);
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
    t->category = isomm_xlsx_category_label(c, s->category);
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
    w[ISOMM_XLSX_PF_COL_NAME] = isomm_xlsx_clamp(name + 2, 20, 36);
    w[ISOMM_XLSX_PF_COL_CATEGORY] = isomm_xlsx_clamp(cat + 2, 14, 24);
    w[ISOMM_XLSX_PF_COL_REGION] = 7;
    w[ISOMM_XLSX_PF_COL_PROCESS] = 17;
    w[ISOMM_XLSX_PF_COL_RECOMMENDATION] = 13;
    w[ISOMM_XLSX_PF_COL_ALLOCATION] = 13;
    w[ISOMM_XLSX_PF_COL_OWNER] = 16;
    w[ISOMM_XLSX_PF_COL_AS_IS] = 9;
    w[ISOMM_XLSX_PF_COL_TO_BE] = 10;
    w[ISOMM_XLSX_PF_COL_GAP] = 8;
    w[ISOMM_XLSX_PF_COL_DOMAIN] = 10;
    w[ISOMM_XLSX_PF_COL_DIRECTION] = 17;
    w[ISOMM_XLSX_PF_COL_RANK] = 6;
    w[ISOMM_XLSX_PF_COL_SOURCES] = isomm_xlsx_clamp(ids + 2, 10, 20);
    w[ISOMM_XLSX_PF_COL_SOURCE_NAMES] = isomm_xlsx_clamp(names + 2, 16, 36);
    w[ISOMM_XLSX_PF_COL_MEMO] = isomm_xlsx_clamp(memo + 2, 16, 50);
    return 1;
}

/* The 改善の方向 formula of one row (the rule of advice.c):
 * IF(no As-Is, or 不要, or no pattern, "", by allocation and domain). */
static char *direction_formula(unsigned R)
{
    const char *in = isomm_side_label(ISOMM_SIDE_INSOURCE);
    const char *out = isomm_side_label(ISOMM_SIDE_OUTSOURCE);
    const char *both = isomm_side_label(ISOMM_SIDE_COMBINED);
    const char *s_in = isomm_advice_label(ISOMM_ADVICE_STRENGTHEN_INSOURCE);
    const char *s_out = isomm_advice_label(ISOMM_ADVICE_STRENGTHEN_OUTSOURCE);
    const char *m_in = isomm_advice_label(ISOMM_ADVICE_MOVE_INSOURCE);
    const char *m_out = isomm_advice_label(ISOMM_ADVICE_MOVE_OUTSOURCE);
    const char *dom = ISOMM_XLSX_DOMAIN_IN;
    return isomm_asprintf(
        "IF(OR(NOT(ISNUMBER(I%u)),F%u=\"%s\",L%u=\"\"),\"\","
        "IF(G%u=\"%s\",IF(L%u=\"%s\",\"%s\",\"%s\"),"
        "IF(G%u=\"%s\",IF(L%u=\"%s\",\"%s\",\"%s\"),"
        "IF(G%u=\"%s\",IF(L%u=\"%s\",\"%s\",\"%s\"),\"\"))))",
        R, R, ISOMM_XLSX_NOT_REQUIRED, R,
        R, in, R, dom, s_in, m_out,
        R, out, R, dom, m_in, s_out,
        R, both, R, dom, s_in, s_out);
}

static void service_row(isomm_xlsx *x, lxw_worksheet *ws, size_t i,
                        const double w[ISOMM_XLSX_PF_COLS])
{
    const isomm_catalog *c = x->catalog;
    const isomm_service *s = &c->services[i];
    const isomm_service_result *r = &x->portfolio->services[i];
    const isomm_xlsx_formats *f = &x->fmt;
    const lxw_row_t row = ISOMM_XLSX_PF_ROW(i);
    const unsigned R = row + 1; /* the row as formulas spell it */
    const unsigned first = ISOMM_XLSX_PF_FIRST_ROW + 1;
    const unsigned last = isomm_xlsx_pf_last_row(x) + 1;
    row_text t;
    if (!row_text_make(c, i, &t)) {
        isomm_xlsx_nomem(x);
        return;
    }

    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_ID, s->id, f->center);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_NAME, s->name, f->wrap);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_CATEGORY, t.category,
                      f->wrap);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_REGION,
                      isomm_xlsx_region_label(s->regions), f->center);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_PROCESS,
                      isomm_process_label(s->process), f->center);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_RECOMMENDATION,
                      isomm_recommendation_label(r->recommendation), f->input);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_ALLOCATION,
                      isomm_side_label(r->allocation), f->input);
    isomm_xlsx_blank(x, ws, row, ISOMM_XLSX_PF_COL_OWNER, f->input_text);
    isomm_xlsx_score(x, ws, row, ISOMM_XLSX_PF_COL_AS_IS, r->as_is, f->input);
    isomm_xlsx_score(x, ws, row, ISOMM_XLSX_PF_COL_TO_BE, r->to_be, f->input);

    /* ギャップ = To-Be − As-Is when both are there. */
    int both = r->as_is >= 0 && r->to_be >= 0;
    isomm_xlsx_formula_opt(x, ws, row, ISOMM_XLSX_PF_COL_GAP, f->gap, both,
                           both ? r->to_be - r->as_is : 0,
                           "IF(AND(ISNUMBER(I%u),ISNUMBER(J%u)),J%u-I%u,\"\")",
                           R, R, R, R);

    /* The region's place in the pattern, then the list and the place. */
    int in_house = x->advice.in_house[i];
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_DOMAIN,
                      in_house < 0   ? ""
                      : in_house > 0 ? ISOMM_XLSX_DOMAIN_IN
                                     : ISOMM_XLSX_DOMAIN_OUT,
                      f->center);
    char *dir = direction_formula(R);
    if (!dir) {
        isomm_xlsx_nomem(x);
    } else {
        isomm_xlsx_formula_str(x, ws, row, ISOMM_XLSX_PF_COL_DIRECTION,
                               f->center,
                               isomm_advice_label(x->advice.kind[i]), "%s",
                               dir);
        free(dir);
    }
    /* Place in the list: lower As-Is in the same list, plus the same
     * As-Is above this row, plus one (ties in catalog order). */
    size_t rank = x->advice.rank[i];
    isomm_xlsx_formula_opt(
        x, ws, row, ISOMM_XLSX_PF_COL_RANK, f->count, rank > 0, (double)rank,
        "IF(M%u=\"\",\"\",SUMPRODUCT(($M$%u:$M$%u=M%u)*($I$%u:$I$%u<I%u))"
        "+SUMPRODUCT(($M$%u:M%u=M%u)*($I$%u:I%u=I%u))+1)",
        R, first, last, R, first, last, R, first - 1, R - 1, R, first - 1,
        R - 1, R);

    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_SOURCES, t.ids, f->wrap);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_SOURCE_NAMES, t.names,
                      f->wrap);
    isomm_xlsx_string(x, ws, row, ISOMM_XLSX_PF_COL_MEMO, r->memo, f->wrap);

    static const int wrapped[] = {
        ISOMM_XLSX_PF_COL_NAME, ISOMM_XLSX_PF_COL_CATEGORY,
        ISOMM_XLSX_PF_COL_SOURCES, ISOMM_XLSX_PF_COL_SOURCE_NAMES,
        ISOMM_XLSX_PF_COL_MEMO};
    const char *texts[] = {s->name, t.category, t.ids, t.names, r->memo};
    /* Two lines at least, so the rows look alike in every application. */
    unsigned lines = 2;
    for (size_t k = 0; k < sizeof wrapped / sizeof wrapped[0]; k++) {
        unsigned n = isomm_xlsx_text_lines(texts[k], w[wrapped[k]]);
        lines = n > lines ? n : lines;
    }
    isomm_xlsx_row_lines(x, ws, row, lines);
    row_text_free(&t);
}

/* Drop-downs for 推奨レベル and サービス割り当て; whole numbers 1-5 for the
 * scores. */
static void validations(isomm_xlsx *x, lxw_worksheet *ws)
{
    if (isomm_xlsx_failed(x) || x->catalog->service_count == 0)
        return;
    lxw_row_t first = ISOMM_XLSX_PF_FIRST_ROW, last = isomm_xlsx_pf_last_row(x);

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
    isomm_xlsx_ok(x, worksheet_data_validation_range(
                         ws, first, ISOMM_XLSX_PF_COL_RECOMMENDATION, last,
                         ISOMM_XLSX_PF_COL_RECOMMENDATION, &rec));

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
    isomm_xlsx_ok(x, worksheet_data_validation_range(
                         ws, first, ISOMM_XLSX_PF_COL_ALLOCATION, last,
                         ISOMM_XLSX_PF_COL_ALLOCATION, &alloc));

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
    isomm_xlsx_ok(x, worksheet_data_validation_range(
                         ws, first, ISOMM_XLSX_PF_COL_AS_IS, last,
                         ISOMM_XLSX_PF_COL_TO_BE, &score));
}

/* 不要 rows greyed, a colour scale on the scores, gaps >= 2 highlighted. */
static void conditional_formats(isomm_xlsx *x, lxw_worksheet *ws)
{
    if (isomm_xlsx_failed(x) || x->catalog->service_count == 0)
        return;
    lxw_row_t first = ISOMM_XLSX_PF_FIRST_ROW, last = isomm_xlsx_pf_last_row(x);
    char rule[64];
    snprintf(rule, sizeof rule, "=$F%u=\"%s\"", (unsigned)first + 1,
             ISOMM_XLSX_NOT_REQUIRED);
    lxw_conditional_format grey = {
        .type = LXW_CONDITIONAL_TYPE_FORMULA,
        .value_string = rule,
        .format = x->fmt.cf_grey,
    };
    isomm_xlsx_ok(x, worksheet_conditional_format_range(
                         ws, first, 0, last, ISOMM_XLSX_PF_COLS - 1, &grey));

    lxw_conditional_format scale = {
        .type = LXW_CONDITIONAL_3_COLOR_SCALE,
        .min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
        .min_value = 1,
        .min_color = 0xF8696B,
        .mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
        .mid_value = 3,
        .mid_color = 0xFFEB84,
        .max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
        .max_value = 5,
        .max_color = 0x63BE7B,
    };
    isomm_xlsx_ok(x, worksheet_conditional_format_range(
                         ws, first, ISOMM_XLSX_PF_COL_AS_IS, last,
                         ISOMM_XLSX_PF_COL_TO_BE, &scale));

    lxw_conditional_format gap = {
        .type = LXW_CONDITIONAL_TYPE_CELL,
        .criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
        .value = 2,
        .format = x->fmt.cf_gap,
    };
    isomm_xlsx_ok(x, worksheet_conditional_format_range(
                         ws, first, ISOMM_XLSX_PF_COL_GAP, last,
                         ISOMM_XLSX_PF_COL_GAP, &gap));
}

void isomm_xlsx_write_portfolio(isomm_xlsx *x)
{
    size_t n = x->catalog->service_count;
    lxw_worksheet *ws = isomm_xlsx_add_sheet(x, ISOMM_XLSX_SHEET_PORTFOLIO);
    if (!ws)
        return;
    isomm_xlsx_page_setup(x, ws, 1, 0);

    double w[ISOMM_XLSX_PF_COLS];
    if (!fit_widths(x, w)) {
        isomm_xlsx_nomem(x);
        return;
    }
    for (lxw_col_t col = 0; col < ISOMM_XLSX_PF_COLS; col++)
        isomm_xlsx_width(x, ws, col, col, w[col], NULL);

    headers(x, ws);
    for (size_t i = 0; i < n && !isomm_xlsx_failed(x); i++)
        service_row(x, ws, i, w);
    validations(x, ws);
    conditional_formats(x, ws);

    worksheet_freeze_panes(ws, ISOMM_XLSX_PF_FIRST_ROW,
                           ISOMM_XLSX_PF_COL_NAME + 1);
    if (!isomm_xlsx_failed(x)) {
        lxw_row_t last = ISOMM_XLSX_PF_HEADER_ROW + (lxw_row_t)n;
        isomm_xlsx_ok(x, worksheet_autofilter(ws, ISOMM_XLSX_PF_HEADER_ROW, 0,
                                              last, ISOMM_XLSX_PF_COLS - 1));
        isomm_xlsx_ok(x, worksheet_repeat_rows(ws, ISOMM_XLSX_PF_GROUP_ROW,
                                               ISOMM_XLSX_PF_HEADER_ROW));
        /* Print the matrix (A..N); the v2.1 columns are on screen and,
         * for the record, on the 移行レポート. */
        isomm_xlsx_ok(x, worksheet_print_area(ws, 0, 0, last,
                                              ISOMM_XLSX_PF_COL_RANK));
    }
}
