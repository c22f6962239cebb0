/*
 * write_summary.c - the サマリー sheet: the executive handout, one A4
 * landscape page. The title with the organization, the assessment date,
 * the source and the current → target pattern; the key figures; the
 * category table ("3.9 / 5", as the v2.1 result sheet printed it) beside
 * a radar of As-Is, To-Be and the v2.1 "before"; the two strongest and two
 * weakest categories with a sentence each; and the four improvement lists
 * of the v2.1 result sheet, per service.
 *
 * Every figure is a formula over サービスポートフォリオ / カテゴリー別
 * (with its cached value), so the page follows edits. Rows and columns:
 * write_xlsx_internal.h; docs/workbook.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isomm/isomm.h"
#include "core/core.h"
#include "xlsx/xlsx.h"

/* Column widths of the 16-column grid: A, B, then C..P. */
#define W_A 5.0
#define W_B 13.0
#define W_REST 9.0

/* Row heights (points) of the rows the radar sits beside. */
#define H_HEADING 20.0  /* section headings */
#define H_KEY 21.0      /* key figures */
#define H_GAP 8.0       /* the space after them */
#define H_HEADER 30.0   /* the category table's header */
#define H_CATEGORY 17.0 /* a category row */

xw_summary_rows xw_summary_layout(size_t category_count)
{
    xw_summary_rows r;
    unsigned table_end = XW_SUM_CAT_FIRST_ROW + (unsigned)category_count;
    /* the radar needs the rows down to the table's end at least */
    unsigned min_end = XW_SUM_KEY_ROW + XW_SUM_KEYS + 10;
    if (table_end < min_end)
        table_end = min_end;
    r.picks_heading = table_end + 1;
    r.picks = r.picks_heading + 1;
    r.lists_heading = r.picks + 2 * ADVICE_PICKS + 1;
    r.list_titles = r.lists_heading + 1;
    r.lists = r.list_titles + 1;
    r.footer = r.lists + ADVICE_LIST_MAX + 1;
    return r;
}

/* ---- the top: title, where from, key figures ------------------------- */

static void title_rows(xw_book *x, lxw_worksheet *ws)
{
    const isomm_portfolio *p = x->portfolio;
    const isomm_catalog *c = x->catalog;
    const xw_formats *f = &x->fmt;
    const lxw_col_t last = XW_SUM_COLS - 1, half = XW_SUM_HALF;

    /* "<organization>　<title>", unless the title already names it. */
    char *title;
    if (x->organization && *x->organization && !strstr(x->title, x->organization))
        title = core_asprintf("%s　%s", x->organization, x->title);
    else
        title = core_strdup(x->title);
    if (!title) {
        xw_nomem(x);
        return;
    }
    xw_merge(x, ws, XW_SUM_TITLE_ROW, 0,
                     XW_SUM_TITLE_ROW, last, title, f->title_fit);
    xw_row_height(x, ws, XW_SUM_TITLE_ROW, 30);
    free(title);

    /* Two rows of label | value pairs, left and right: the label in two
     * merged columns, the value in the rest of the half (readers find the
     * value right of its label). */
    char patterns[256], source[512];
    snprintf(patterns, sizeof patterns, "%s → %s（目標）",
             xw_pattern_name(c, p->pattern_current),
             xw_pattern_name(c, p->pattern_target));
    if (p->sheet && *p->sheet)
        snprintf(source, sizeof source, "%s（シート: %s）",
                 p->path ? p->path : "", p->sheet);
    else
        snprintf(source, sizeof source, "%s", p->path ? p->path : "");

    const struct {
        lxw_row_t row;
        lxw_col_t c1, c2;
        const char *label, *value;
    } pairs[] = {
        {XW_SUM_INFO_ROW, 0, half - 1, "組織名",
         x->organization && *x->organization ? x->organization : XW_NONE},
        {XW_SUM_INFO_ROW, half, last, "評価日",
         x->date && *x->date ? x->date : XW_NONE},
        {XW_SUM_INFO_ROW + 1, 0, half - 1, "組織パターン", patterns},
        {XW_SUM_INFO_ROW + 1, half, last, "入力ファイル", source},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        xw_merge(x, ws, pairs[i].row, pairs[i].c1, pairs[i].row,
                         pairs[i].c1 + 1, pairs[i].label, f->info_label);
        xw_merge(x, ws, pairs[i].row, pairs[i].c1 + 2, pairs[i].row,
                         pairs[i].c2, pairs[i].value, f->info);
    }
    xw_row_height(x, ws, XW_SUM_INFO_ROW, 18);
    xw_row_height(x, ws, XW_SUM_INFO_ROW + 1, 18);
    xw_row_height(x, ws, XW_SUM_INFO_ROW + 2, 6);
}

/* The v2.1 sheet's overall average (all scored roles, levels >= 1). */
static int before_overall(const isomm_portfolio *p, double *avg)
{
    if (!p->roles)
        return 0;
    long sum = 0;
    size_t n = 0;
    for (size_t r = 0; r < p->catalog->role_count; r++)
        if (p->roles[r].state == ISOMM_ROLE_SCORED && p->roles[r].level >= 1) {
            sum += p->roles[r].level;
            n++;
        }
    if (n)
        *avg = (double)sum / (double)n;
    return n > 0;
}

static void key_label(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                      const char *label)
{
    xw_merge(x, ws, row, XW_SUM_COL_KEY_LABEL, row,
                     XW_SUM_COL_KEY_VALUE - 1, label, x->fmt.key_label);
}

static void key_note(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                     const char *note)
{
    xw_merge(x, ws, row, XW_SUM_COL_KEY_NOTE, row,
                     XW_SUM_HALF - 1, note, x->fmt.key_note);
}

/* Merge the value cells, then put the formula in the first one. */
static void key_value_cells(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                            lxw_format *format)
{
    xw_merge(x, ws, row, XW_SUM_COL_KEY_VALUE, row,
                     XW_SUM_COL_KEY_NOTE - 1, "", format);
}

static void key_figures(xw_book *x, lxw_worksheet *ws)
{
    const isomm_portfolio *p = x->portfolio;
    const isomm_catalog *c = x->catalog;
    const xw_formats *f = &x->fmt;
    const lxw_col_t V = XW_SUM_COL_KEY_VALUE;

    xw_merge(x, ws, XW_SUM_KEY_HEADING_ROW, 0,
                     XW_SUM_KEY_HEADING_ROW, XW_SUM_HALF - 1,
                     "主要な指標", f->heading);

    char as_col[160], to_col[160], rec_col[160], src_col[160];
    snprintf(as_col, sizeof as_col, "%s",
             xw_pf_column(x, XW_PF_COL_AS_IS));
    snprintf(to_col, sizeof to_col, "%s",
             xw_pf_column(x, XW_PF_COL_TO_BE));
    snprintf(rec_col, sizeof rec_col, "%s",
             xw_pf_column(x, XW_PF_COL_RECOMMENDATION));
    snprintf(src_col, sizeof src_col, "%s",
             xw_pf_column(x, XW_PF_COL_SOURCES));

    size_t assessed = 0, with_to_be = 0, not_required = 0, fresh = 0, blank = 0;
    double as_sum = 0, to_sum = 0;
    for (size_t i = 0; i < c->service_count; i++) {
        const isomm_service_result *s = &p->services[i];
        if (s->as_is >= 0) {
            assessed++;
            as_sum += s->as_is;
        }
        if (s->to_be >= 0) {
            with_to_be++;
            to_sum += s->to_be;
        }
        not_required += s->recommendation == ISOMM_REC_NOT_REQUIRED;
        if (s->as_is < 0 && s->recommendation != ISOMM_REC_NOT_REQUIRED) {
            if (c->services[i].source_count == 0)
                fresh++;
            else
                blank++;
        }
    }

    lxw_row_t row = XW_SUM_KEY_ROW;
    /* 1. overall As-Is */
    key_label(x, ws, row, "現状 (As-Is) の平均");
    key_value_cells(x, ws, row, f->key_value);
    if (assessed)
        xw_formula_num(x, ws, row, V, f->key_value,
                               as_sum / (double)assessed,
                               "IFERROR(AVERAGE(%s),\"%s\")", as_col,
                               XW_NONE);
    else
        xw_formula_str(x, ws, row, V, f->key_value, XW_NONE,
                               "IFERROR(AVERAGE(%s),\"%s\")", as_col,
                               XW_NONE);
    double before = 0;
    char note[160];
    if (before_overall(p, &before))
        snprintf(note, sizeof note, "v2.1 の全役割平均は %.1f", before + 1e-9);
    else
        snprintf(note, sizeof note, "評価済みサービスの平均");
    key_note(x, ws, row++, note);

    /* 2. overall To-Be */
    key_label(x, ws, row, "あるべき姿 (To-Be) の平均");
    key_value_cells(x, ws, row, f->key_value);
    if (with_to_be)
        xw_formula_num(x, ws, row, V, f->key_value,
                               to_sum / (double)with_to_be,
                               "IFERROR(AVERAGE(%s),\"未設定\")", to_col);
    else
        xw_formula_str(x, ws, row, V, f->key_value, "未設定",
                               "IFERROR(AVERAGE(%s),\"未設定\")", to_col);
    key_note(x, ws, row++, "目標とするスコアの平均");

    /* 3. assessed */
    key_label(x, ws, row, "評価済みのサービス");
    key_value_cells(x, ws, row, f->key_count);
    xw_formula_num(x, ws, row, V, f->key_count, (double)assessed,
                           "COUNT(%s)", as_col);
    snprintf(note, sizeof note, "全 %zu サービスのうち", c->service_count);
    key_note(x, ws, row++, note);

    /* 4. not required */
    key_label(x, ws, row, "推奨レベル「不要」");
    key_value_cells(x, ws, row, f->key_plain);
    xw_formula_num(x, ws, row, V, f->key_plain, (double)not_required,
                           "COUNTIF(%s,\"%s\")", rec_col,
                           XW_NOT_REQUIRED);
    key_note(x, ws, row++, "実施しないと判断（v2.1 の 0）");

    /* 5. still to assess: no As-Is and not 不要 */
    key_label(x, ws, row, "これから評価するサービス");
    key_value_cells(x, ws, row, f->key_plain);
    xw_formula_num(x, ws, row, V, f->key_plain, (double)(fresh + blank),
                           "SUMPRODUCT((%s=\"\")*(%s<>\"%s\"))", as_col,
                           rec_col, XW_NOT_REQUIRED);
    snprintf(note, sizeof note, "X.1060 で新設 %zu・未回答 %zu", fresh, blank);
    xw_merge(x, ws, row, XW_SUM_COL_KEY_NOTE, row,
                     XW_SUM_HALF - 1, "", f->key_note);
    xw_formula_str(
        x, ws, row, XW_SUM_COL_KEY_NOTE, f->key_note, note,
        "\"X.1060 で新設 \"&SUMPRODUCT((%s=\"\")*(%s<>\"%s\")*(%s=\"\"))"
        "&\"・未回答 \"&SUMPRODUCT((%s=\"\")*(%s<>\"%s\")*(%s<>\"\"))",
        as_col, rec_col, XW_NOT_REQUIRED, src_col, as_col, rec_col,
        XW_NOT_REQUIRED, src_col);
    for (lxw_row_t r = XW_SUM_KEY_ROW; r <= row; r++)
        xw_row_height(x, ws, r, H_KEY);
    xw_row_height(x, ws, XW_SUM_KEY_HEADING_ROW, H_HEADING);
    xw_row_height(x, ws, row + 1, H_GAP);
}

/* ---- the category table and the radar --------------------------------- */

static void category_table(xw_book *x, lxw_worksheet *ws)
{
    const isomm_portfolio *p = x->portfolio;
    const isomm_catalog *c = x->catalog;
    const xw_formats *f = &x->fmt;
    const char *CAT = XW_SHEET_CATEGORIES;

    xw_merge(x, ws, XW_SUM_CAT_HEADING_ROW, 0,
                     XW_SUM_CAT_HEADING_ROW, XW_SUM_HALF - 1,
                     "カテゴリー別スコア（5 点満点）", f->heading);
    xw_row_height(x, ws, XW_SUM_CAT_HEADING_ROW, H_HEADING);
    const lxw_row_t h = XW_SUM_CAT_HEADER_ROW;
    xw_string(x, ws, h, XW_SUM_COL_CAT_ID, "ID", f->header);
    xw_merge(x, ws, h, XW_SUM_COL_CAT_NAME, h,
                     XW_SUM_COL_CAT_BEFORE - 1, "カテゴリー", f->header);
    xw_string(x, ws, h, XW_SUM_COL_CAT_BEFORE, "v2.1\n(移行前)",
                      f->header);
    xw_string(x, ws, h, XW_SUM_COL_CAT_AS_IS, "現状\n(As-Is)",
                      f->header);
    xw_string(x, ws, h, XW_SUM_COL_CAT_TO_BE,
                      "あるべき姿\n(To-Be)", f->header);
    xw_string(x, ws, h, XW_SUM_COL_CAT_ASSESSED, "評価済み",
                      f->header);
    xw_row_height(x, ws, h, H_HEADER);

    for (size_t k = 0; k < c->category_count && !xw_failed(x); k++) {
        const isomm_category_result *cr = &p->categories[k];
        lxw_row_t row = XW_SUM_CAT_FIRST_ROW + (lxw_row_t)k;
        lxw_row_t crow = XW_CAT_FIRST_ROW + (lxw_row_t)k;
        xw_string(x, ws, row, XW_SUM_COL_CAT_ID,
                          c->categories[k].id, f->center);
        xw_merge(x, ws, row, XW_SUM_COL_CAT_NAME, row,
                         XW_SUM_COL_CAT_BEFORE - 1,
                         c->categories[k].name, f->text);

        /* Each figure shows the カテゴリー別 value, or "—". */
        const struct {
            lxw_col_t col, src;
            int present;
            double value;
        } cells[] = {
            {XW_SUM_COL_CAT_BEFORE, XW_CAT_COL_BEFORE,
             x->advice.before_count[k] > 0, x->advice.before[k]},
            {XW_SUM_COL_CAT_AS_IS, XW_CAT_COL_AS_IS,
             cr->assessed > 0, cr->as_is},
            {XW_SUM_COL_CAT_TO_BE, XW_CAT_COL_TO_BE,
             cr->to_be_count > 0, cr->to_be},
        };
        for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
            char src[160];
            snprintf(src, sizeof src, "%s",
                     xw_cell(CAT, crow, cells[i].src, 1));
            if (cells[i].present)
                xw_formula_num(x, ws, row, cells[i].col, f->out_of_5,
                                       cells[i].value,
                                       "IF(ISNUMBER(%s),%s,\"%s\")", src, src,
                                       XW_NONE);
            else
                xw_formula_str(x, ws, row, cells[i].col, f->out_of_5,
                                       XW_NONE,
                                       "IF(ISNUMBER(%s),%s,\"%s\")", src, src,
                                       XW_NONE);
        }
        char counts[64], a[160], t[160];
        snprintf(counts, sizeof counts, "%zu / %zu", cr->assessed, cr->total);
        snprintf(a, sizeof a, "%s",
                 xw_cell(CAT, crow, XW_CAT_COL_ASSESSED, 1));
        snprintf(t, sizeof t, "%s",
                 xw_cell(CAT, crow, XW_CAT_COL_TOTAL, 1));
        xw_formula_str(x, ws, row, XW_SUM_COL_CAT_ASSESSED,
                               f->center, counts, "%s&\" / \"&%s", a, t);
        xw_row_height(x, ws, row, H_CATEGORY);
    }
}

static void radar(xw_book *x, lxw_worksheet *ws)
{
    lxw_chart *chart = xw_radar(
        x, XW_SHEET_SUMMARY, XW_SUM_CAT_FIRST_ROW,
        XW_SUM_COL_CAT_NAME, XW_SUM_COL_CAT_AS_IS,
        XW_SUM_COL_CAT_TO_BE, XW_SUM_COL_CAT_BEFORE);
    if (!chart || xw_failed(x))
        return;
    /* From the key figures' heading down to the end of the category
     * table, across the right half; points are 4/3 pixels. */
    double pt = H_HEADING + XW_SUM_KEYS * H_KEY + H_GAP + H_HEADING +
                H_HEADER + H_CATEGORY * (double)x->catalog->category_count;
    double px_h = pt * 4.0 / 3.0;
    double px_w = (XW_SUM_COLS - XW_SUM_HALF) * (W_REST * 7 + 5);
    lxw_chart_options opt = {
        .x_offset = 10,
        .y_offset = 2,
        .x_scale = (px_w - 14) / 480.0,
        .y_scale = (px_h - 4) / 288.0,
        .object_position = LXW_OBJECT_MOVE_DONT_SIZE,
        .description = (char *)"カテゴリー別の現状 (As-Is)、あるべき姿 (To-Be)、"
                               "v2.1 (移行前) のレーダーチャート",
    };
    xw_ok(x, worksheet_insert_chart_opt(ws, XW_SUM_KEY_HEADING_ROW,
                                                XW_SUM_HALF, chart,
                                                &opt));
}

/* ---- strengths and weaknesses ----------------------------------------- */

static void picks(xw_book *x, lxw_worksheet *ws,
                  const xw_summary_rows *rows)
{
    const isomm_catalog *c = x->catalog;
    const xw_formats *f = &x->fmt;
    const char *CAT = XW_SHEET_CATEGORIES;
    lxw_row_t r1 = XW_CAT_FIRST_ROW;
    lxw_row_t r2 = r1 + (lxw_row_t)(c->category_count ? c->category_count - 1 : 0);
    char ids[160], names[160], avgs[160], desc[160];
    snprintf(ids, sizeof ids, "%s",
             xw_range(CAT, r1, XW_CAT_COL_ID, r2,
                              XW_CAT_COL_ID));
    snprintf(names, sizeof names, "%s",
             xw_range(CAT, r1, XW_CAT_COL_NAME, r2,
                              XW_CAT_COL_NAME));
    snprintf(avgs, sizeof avgs, "%s",
             xw_range(CAT, r1, XW_CAT_COL_AS_IS, r2,
                              XW_CAT_COL_AS_IS));
    snprintf(desc, sizeof desc, "%s",
             xw_range(CAT, r1, XW_CAT_COL_DESCRIPTION, r2,
                              XW_CAT_COL_DESCRIPTION));

    for (int side = 0; side < 2; side++) {
        /* Seven columns a side, the eighth a gap. */
        lxw_col_t c1 = side ? XW_SUM_HALF : 0;
        lxw_col_t c2 = c1 + XW_SUM_HALF - 2;
        xw_merge(x, ws, rows->picks_heading, c1, rows->picks_heading, c2,
                         side ? "弱み（現状スコアの低いカテゴリー）"
                              : "強み（現状スコアの高いカテゴリー）",
                         f->heading);
        char rank[160], advice[160];
        lxw_col_t rank_col =
            side ? XW_CAT_COL_RANK_LOW : XW_CAT_COL_RANK_HIGH;
        lxw_col_t advice_col =
            side ? XW_CAT_COL_WEAKNESS : XW_CAT_COL_STRENGTH;
        snprintf(rank, sizeof rank, "%s",
                 xw_range(CAT, r1, rank_col, r2, rank_col));
        snprintf(advice, sizeof advice, "%s",
                 xw_range(CAT, r1, advice_col, r2, advice_col));
        const size_t *chosen = side ? x->advice.weaknesses : x->advice.strengths;
        size_t count = side ? x->advice.weakness_count : x->advice.strength_count;

        for (size_t i = 0; i < ADVICE_PICKS && !xw_failed(x); i++) {
            lxw_row_t row = rows->picks + 2 * (lxw_row_t)i;
            int has = i < count;
            size_t k = has ? chosen[i] : 0;
            const isomm_group *g = has ? &c->categories[k] : NULL;
            char *name = has ? xw_category_label(c, k) : core_strdup("");
            /* What the category covers, a line break, what to do next. */
            const char *d = g && g->description ? g->description : "";
            char *text = has ? core_asprintf("%s%s%s", d, *d ? "\n" : "",
                                              side ? (g->weakness ? g->weakness : "")
                                                   : (g->strength ? g->strength : ""))
                             : core_strdup(i == 0 ? "（評価済みのカテゴリーがありません）" : "");
            if (!name || !text) {
                free(name);
                free(text);
                xw_nomem(x);
                return;
            }
            char match[200];
            snprintf(match, sizeof match, "MATCH(%zu,%s,0)", i + 1, rank);

            xw_merge(x, ws, row, c1, row, c2 - 2, "", f->pick_name);
            xw_formula_str(x, ws, row, c1, f->pick_name, name,
                                   "IFERROR(INDEX(%s,%s)&\". \"&INDEX(%s,%s),\"\")",
                                   ids, match, names, match);
            xw_merge(x, ws, row, c2 - 1, row, c2, "", f->pick_score);
            xw_formula_opt(x, ws, row, c2 - 1, f->pick_score, has,
                                   has ? x->portfolio->categories[k].as_is : 0,
                                   "IFERROR(INDEX(%s,%s),\"\")", avgs, match);
            /* The sentences take the whole half, gap column included. */
            xw_merge(x, ws, row + 1, c1, row + 1, c2 + 1, "", f->pick_text);
            xw_formula_str(
                x, ws, row + 1, c1, f->pick_text, text,
                "IFERROR(INDEX(%s,%s)&IF(INDEX(%s,%s)=\"\",\"\",CHAR(10))"
                "&INDEX(%s,%s),\"%s\")",
                desc, match, desc, match, advice, match,
                i == 0 ? "（評価済みのカテゴリーがありません）" : "");
            free(name);
            free(text);
        }
    }
    /* The sentence rows fit the longest text of any category, so they
     * still fit when edits pick other categories. */
    unsigned lines = 1;
    for (size_t k = 0; k < c->category_count; k++) {
        const isomm_group *g = &c->categories[k];
        for (int side = 0; side < 2; side++) {
            char *t = core_asprintf("%s\n%s", g->description ? g->description : "",
                                     side ? (g->weakness ? g->weakness : "")
                                          : (g->strength ? g->strength : ""));
            if (!t) {
                xw_nomem(x);
                return;
            }
            /* 8 columns at 10 points: about 72 * 11 / 10 units */
            unsigned n = xw_text_lines(t, (W_A + W_B + 6 * W_REST) * 1.1);
            lines = n > lines ? n : lines;
            free(t);
        }
    }
    xw_row_height(x, ws, rows->picks_heading, 20);
    for (size_t i = 0; i < ADVICE_PICKS; i++) {
        xw_row_height(x, ws, rows->picks + 2 * (lxw_row_t)i, 18);
        xw_row_height(x, ws, rows->picks + 2 * (lxw_row_t)i + 1,
                              13.5 * lines + 3);
    }
    xw_row_height(x, ws, rows->lists_heading - 1, 8);
}

/* ---- the four improvement lists --------------------------------------- */

/* "I・II・IV" for a region set. */
static void region_names(unsigned regions, char *buf, size_t size)
{
    static const struct {
        unsigned bit;
        const char *name;
    } order[] = {{ISOMM_REGION_I, "I"}, {ISOMM_REGION_II, "II"},
                 {ISOMM_REGION_IV, "IV"}, {ISOMM_REGION_III, "III"}};
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < 4; i++)
        if (regions & order[i].bit)
            o += (size_t)snprintf(buf + o, o < size ? size - o : 0, "%s%s",
                                  o ? "・" : "", order[i].name);
}

static void lists(xw_book *x, lxw_worksheet *ws,
                  const xw_summary_rows *rows)
{
    const isomm_catalog *c = x->catalog;
    const xw_formats *f = &x->fmt;
    const advice_set *a = &x->advice;
    const char *PF = XW_SHEET_PORTFOLIO;

    char heading[320];
    if (a->pattern >= 0) {
        char regions[64];
        region_names(a->regions, regions, sizeof regions);
        snprintf(heading, sizeof heading,
                 "改善の方向（%sのパターン「%s」: 領域 %s を自組織で担う）",
                 a->pattern_is_target ? "目標" : "現状（目標は未設定）",
                 c->patterns[a->pattern].name, regions);
    } else {
        snprintf(heading, sizeof heading,
                 "改善の方向（組織パターンが未設定のため判定できません）");
    }
    xw_merge(x, ws, rows->lists_heading, 0, rows->lists_heading,
                     XW_SUM_COLS - 1, heading, f->heading);
    xw_row_height(x, ws, rows->lists_heading, 20);

    static const char *const explain[ADVICE_KINDS] = {
        "自組織の領域で自組織が担い、スコアの低いもの",
        "外部の領域で委託し、スコアの低いもの",
        "目標では自組織の領域だが、いま委託しているもの",
        "目標では外部の領域だが、いま自組織で行うもの",
    };
    char m_col[160], n_col[160], ids[160], names[160], scores[160];
    snprintf(m_col, sizeof m_col, "%s",
             xw_pf_column(x, XW_PF_COL_DIRECTION));
    snprintf(n_col, sizeof n_col, "%s",
             xw_pf_column(x, XW_PF_COL_RANK));
    lxw_row_t last = xw_pf_last_row(x);
    snprintf(ids, sizeof ids, "%s",
             xw_range(PF, 0, XW_PF_COL_ID, last,
                              XW_PF_COL_ID));
    snprintf(names, sizeof names, "%s",
             xw_range(PF, 0, XW_PF_COL_NAME, last,
                              XW_PF_COL_NAME));
    snprintf(scores, sizeof scores, "%s",
             xw_range(PF, 0, XW_PF_COL_AS_IS, last,
                              XW_PF_COL_AS_IS));

    for (int k = 0; k < ADVICE_KINDS && !xw_failed(x); k++) {
        lxw_col_t c1 = (lxw_col_t)(k * XW_SUM_LIST_WIDTH);
        lxw_col_t c2 = c1 + XW_SUM_LIST_WIDTH - 1;
        xw_merge(x, ws, rows->list_titles, c1, rows->list_titles, c2, "",
                         f->list_title);
        lxw_format *const fm[] = {f->list_title, f->note};
        char second[160];
        snprintf(second, sizeof second, "\n%s", explain[k]);
        const char *const tx[] = {advice_title(k), second};
        xw_rich(x, ws, rows->list_titles, c1, f->list_title, 2, fm, tx);

        const char *label = advice_label(k);
        for (size_t j = 0; j < ADVICE_LIST_MAX; j++) {
            lxw_row_t row = rows->lists + (lxw_row_t)j;
            int has = j < a->list_count[k];
            size_t s = has ? a->list[k][j] : 0;
            char *name = has ? core_asprintf("%s %s", c->services[s].id,
                                              c->services[s].name)
                             : core_strdup(j == 0 ? "（該当なし）" : "");
            if (!name) {
                xw_nomem(x);
                return;
            }
            /* The portfolio row of the j-th service of this list, or 0. */
            char where[800];
            snprintf(where, sizeof where,
                     "SUMPRODUCT((%s=\"%s\")*(%s=%zu)*ROW(%s))", m_col, label,
                     n_col, j + 1, m_col);
            xw_merge(x, ws, row, c1, row, c2 - 1, "", f->list_item);
            xw_formula_str(x, ws, row, c1, f->list_item, name,
                                   "IF(%s=0,\"%s\",INDEX(%s,%s)&\" \"&INDEX(%s,%s))",
                                   where, j == 0 ? "（該当なし）" : "", ids,
                                   where, names, where);
            xw_formula_opt(x, ws, row, c2, f->list_score, has,
                                   has ? x->portfolio->services[s].as_is : 0,
                                   "IF(%s=0,\"\",INDEX(%s,%s))", where, scores,
                                   where);
            xw_row_height(x, ws, row, 17);
            free(name);
        }
    }
    xw_row_height(x, ws, rows->list_titles, 30);
}

/* ---- the sheet --------------------------------------------------------- */

void xw_write_summary(xw_book *x)
{
    const isomm_catalog *c = x->catalog;
    lxw_worksheet *ws = xw_add_sheet(x, XW_SHEET_SUMMARY);
    if (!ws)
        return;
    xw_summary_rows rows = xw_summary_layout(c->category_count);

    /* One A4 landscape page. */
    xw_page_setup(x, ws, 1, 1);
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    if (!xw_failed(x))
        xw_ok(x, worksheet_print_area(ws, 0, 0, rows.footer,
                                              XW_SUM_COLS - 1));
    xw_width(x, ws, 0, 0, W_A, NULL);
    xw_width(x, ws, 1, 1, W_B, NULL);
    xw_width(x, ws, 2, XW_SUM_COLS - 1, W_REST, NULL);

    title_rows(x, ws);
    key_figures(x, ws);
    category_table(x, ws);
    radar(x, ws);
    picks(x, ws, &rows);
    lists(x, ws, &rows);

    xw_row_height(x, ws, rows.footer - 1, 6);
    const isomm_portfolio *p = x->portfolio;
    const char *merge = p->policy.merge == ISOMM_MERGE_MAX    ? "最も高いスコア (max)"
                        : p->policy.merge == ISOMM_MERGE_MEAN ? "平均の四捨五入 (mean)"
                                                              : "最も低いスコア (min)";
    char to_be[64] = "";
    if (p->policy.to_be >= 1 && p->policy.to_be <= 5)
        snprintf(to_be, sizeof to_be, "、あるべき姿は一律 %d", p->policy.to_be);
    char *footer = core_asprintf(
        "移行方針: 複数の v2.1 役割は%sで統合%s。数値はすべて「サービスポートフォリオ」"
        "シートから数式で計算しています（編集すると更新）。\n移行の根拠は「移行レポート」、"
        "読み取った v2.1 の回答は「v2.1 入力」シートにあります。作成: isomm " ISOMM_VERSION,
        merge, to_be);
    if (!footer) {
        xw_nomem(x);
        return;
    }
    xw_merge(x, ws, rows.footer, 0, rows.footer, XW_SUM_COLS - 1,
                     footer, x->fmt.footnote);
    xw_row_height(x, ws, rows.footer, 26);
    free(footer);
}
