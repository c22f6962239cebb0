/* compare.c - the 前回比 sheet of the group workbook: per subsidiary its
 * previous and latest assessment, the overall As-Is and the category
 * averages of both, and the change (a formula). Written only when some
 * subsidiary has more than one assessment among the inputs; one with a
 * single assessment shows no change (docs/group.md). */
#define _POSIX_C_SOURCE 200809L
#include "rollup/rollup.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* Layout (0-based). */
#define CMP_STAT_ROW 3   /* グループ平均 */
#define CMP_GROUP_ROW 5  /* spanning headings */
#define CMP_HEADER_ROW 6 /* 前回 | 最新 | 変化 */
#define CMP_FIRST_ROW 7
enum {
    CMP_COL_NO = 0,
    CMP_COL_NAME,
    CMP_COL_COUNT,     /* 評価数 */
    CMP_COL_PREV_DATE, /* 評価日: 前回 */
    CMP_COL_DATE,      /* 評価日: 最新 */
    CMP_COL_FIGURES    /* then 全体 and each category: 前回 | 最新 | 変化 */
};

/* The overall As-Is (k == 0) or category k-1's average of a member. */
static double figure(const isomm_rollup_member *m, size_t k)
{
    return k == 0 ? m->overall_as_is : m->category_as_is[k - 1];
}

static const isomm_rollup_member *previous_of(const isomm_rollup *g, size_t i)
{
    long p = g->members[i].previous;
    return p >= 0 && (size_t)p < g->earlier_count ? &g->earlier[p] : NULL;
}

/* The two header rows: spanning names, then 前回 | 最新 | 変化 (row by
 * row: the sheet is written in constant memory). */
static void headers(rollup_book *w, lxw_worksheet *ws, size_t figures, lxw_col_t files)
{
    const rollup_fmts *f = &w->f;
    static const char *const keys[] = {"No.", "子会社", "評価数"};
    rollup_row_lines(w, ws, CMP_GROUP_ROW, 2);
    for (lxw_col_t col = 0; col < 3; col++)
        xw_blank(&w->x, ws, CMP_GROUP_ROW, col, f->header);
    xw_merge(&w->x, ws, CMP_GROUP_ROW, CMP_COL_PREV_DATE, CMP_GROUP_ROW, CMP_COL_DATE,
             "評価日", f->header);
    for (size_t k = 0; k < figures; k++) {
        lxw_col_t c = (lxw_col_t)(CMP_COL_FIGURES + 3 * k);
        char *label = k ? xw_category_label(w->c, k - 1) : core_strdup("全体 As-Is");
        if (!label) {
            xw_nomem(&w->x);
            return;
        }
        xw_merge(&w->x, ws, CMP_GROUP_ROW, c, CMP_GROUP_ROW, c + 2, label, f->header);
        free(label);
    }
    xw_merge(&w->x, ws, CMP_GROUP_ROW, files, CMP_GROUP_ROW, files + 1, "ファイル", f->header);
    for (lxw_col_t col = 0; col < 3; col++)
        xw_string(&w->x, ws, CMP_HEADER_ROW, col, keys[col], f->header);
    xw_string(&w->x, ws, CMP_HEADER_ROW, CMP_COL_PREV_DATE, "前回", f->header);
    xw_string(&w->x, ws, CMP_HEADER_ROW, CMP_COL_DATE, "最新", f->header);
    for (size_t k = 0; k < figures; k++) {
        lxw_col_t c = (lxw_col_t)(CMP_COL_FIGURES + 3 * k);
        xw_string(&w->x, ws, CMP_HEADER_ROW, c, "前回", f->header);
        xw_string(&w->x, ws, CMP_HEADER_ROW, c + 1, "最新", f->header);
        xw_string(&w->x, ws, CMP_HEADER_ROW, c + 2, "変化", f->header);
    }
    xw_string(&w->x, ws, CMP_HEADER_ROW, files, "最新", f->header);
    xw_string(&w->x, ws, CMP_HEADER_ROW, files + 1, "前回", f->header);
}

/* グループ平均 of every figure column (SUBTOTAL: follows the filter). */
static void group_means(rollup_book *w, lxw_worksheet *ws, size_t figures, lxw_col_t files)
{
    const isomm_rollup *g = w->g;
    size_t n = g->member_count;
    const rollup_fmts *f = &w->f;
    for (lxw_col_t col = 0; col < CMP_COL_FIGURES; col++)
        xw_blank(&w->x, ws, CMP_STAT_ROW, col, f->stat_label);
    xw_string(&w->x, ws, CMP_STAT_ROW, CMP_COL_NAME, "グループ平均", f->stat_label);
    for (size_t k = 0; k < figures && !xw_failed(&w->x); k++) {
        rollup_stat st[3];
        memset(st, 0, sizeof st);
        for (size_t i = 0; i < n; i++) {
            const isomm_rollup_member *p = previous_of(g, i);
            double now = figure(&g->members[i], k), before = p ? figure(p, k) : NAN;
            rollup_stat_add(&st[0], before);
            rollup_stat_add(&st[1], now);
            rollup_stat_add(&st[2], now - before);
        }
        for (int j = 0; j < 3; j++) {
            lxw_col_t col = (lxw_col_t)(CMP_COL_FIGURES + 3 * k + (size_t)j);
            char range[40];
            rollup_col_range(col, CMP_FIRST_ROW, n, range);
            rollup_formula_num(w, ws, CMP_STAT_ROW, col, rollup_formula(w, "=SUBTOTAL(101,%s)", range),
                               rollup_stat_mean(&st[j]), j == 2 ? f->delta : f->stat_avg);
        }
    }
    xw_blank(&w->x, ws, CMP_STAT_ROW, files, f->stat_label);
    xw_blank(&w->x, ws, CMP_STAT_ROW, files + 1, f->stat_label);
}

/* One subsidiary's row. */
static void member_row(rollup_book *w, lxw_worksheet *ws, size_t i, size_t figures,
                       lxw_col_t files)
{
    const isomm_rollup_member *m = &w->g->members[i], *p = previous_of(w->g, i);
    const rollup_fmts *f = &w->f;
    lxw_row_t row = (lxw_row_t)(CMP_FIRST_ROW + i);
    rollup_member_key(w, ws, row, i);
    xw_number(&w->x, ws, row, CMP_COL_COUNT, (double)m->assessments, f->count);
    xw_string(&w->x, ws, row, CMP_COL_PREV_DATE, p && p->date ? p->date : "", f->center);
    xw_string(&w->x, ws, row, CMP_COL_DATE, m->date ? m->date : "", f->center);
    for (size_t k = 0; k < figures; k++) {
        lxw_col_t c = (lxw_col_t)(CMP_COL_FIGURES + 3 * k);
        double before = p ? figure(p, k) : NAN, now = figure(m, k);
        rollup_number(w, ws, row, c, before, f->avg);
        rollup_number(w, ws, row, c + 1, now, f->avg);
        char a[16], b[16];
        lxw_rowcol_to_cell(a, row, c);
        lxw_rowcol_to_cell(b, row, c + 1);
        int both = !isnan(before) && !isnan(now);
        xw_formula_opt(&w->x, ws, row, c + 2, f->delta, both, both ? now - before : 0,
                       "IF(AND(ISNUMBER(%s),ISNUMBER(%s)),%s-%s,\"\")", a, b, b, a);
    }
    xw_string(&w->x, ws, row, files, m->path, f->text);
    xw_string(&w->x, ws, row, files + 1, p ? p->path : "", f->text);
}

static void columns(rollup_book *w, lxw_worksheet *ws, size_t figures, lxw_col_t files)
{
    xw_width(&w->x, ws, CMP_COL_NO, CMP_COL_NO, 6, NULL);
    xw_width(&w->x, ws, CMP_COL_NAME, CMP_COL_NAME, rollup_name_width(w->g), NULL);
    xw_width(&w->x, ws, CMP_COL_COUNT, CMP_COL_COUNT, 7, NULL);
    xw_width(&w->x, ws, CMP_COL_PREV_DATE, CMP_COL_DATE, 11, NULL);
    xw_width(&w->x, ws, CMP_COL_FIGURES, (lxw_col_t)(CMP_COL_FIGURES + 3 * figures - 1), 7.5,
             NULL);
    xw_width(&w->x, ws, files, files + 1, 40, NULL);
}

/* Colours: the score scale on 前回 and 最新, green / red on 変化. */
static void colours(rollup_book *w, lxw_worksheet *ws, size_t figures)
{
    size_t n = w->g->member_count;
    lxw_row_t last = (lxw_row_t)(CMP_FIRST_ROW + n - 1);
    for (size_t k = 0; k < figures && n; k++) {
        lxw_col_t c = (lxw_col_t)(CMP_COL_FIGURES + 3 * k);
        xw_score_scale(&w->x, ws, CMP_FIRST_ROW, c, last, c + 1);
        xw_change_colours(&w->x, ws, CMP_STAT_ROW, c + 2, CMP_STAT_ROW, c + 2, 0);
        xw_change_colours(&w->x, ws, CMP_FIRST_ROW, c + 2, last, c + 2, 0);
    }
}

void rollup_write_compare(rollup_book *w)
{
    const isomm_rollup *g = w->g;
    size_t n = g->member_count, figures = 1 + w->c->category_count;
    if (g->earlier_count == 0 || xw_failed(&w->x))
        return;
    lxw_worksheet *ws = xw_add_sheet(&w->x, ROLLUP_SHEET_COMPARE);
    if (!ws)
        return;
    lxw_col_t files = (lxw_col_t)(CMP_COL_FIGURES + 3 * figures);
    columns(w, ws, figures, files);
    size_t several = 0;
    for (size_t i = 0; i < n; i++)
        several += g->members[i].assessments > 1;
    char note[512];
    snprintf(note, sizeof note,
             "子会社 %zu 社のうち %zu 社は評価が複数あり、最新の評価を前回と比べる（変化 = 最新 − 前回）。"
             "同じ組織名（前後の空白、全角・半角の違いは同じとみなす）の評価のうち評価日の最も"
             "新しいものが最新。評価が 1 回だけの子会社は前回が空欄。",
             n, several);
    rollup_title(w, ws, "前回比（子会社ごとの前回 → 最新）", note);
    group_means(w, ws, figures, files);
    headers(w, ws, figures, files);
    for (size_t i = 0; i < n && !xw_failed(&w->x); i++)
        member_row(w, ws, i, figures, files);
    if (xw_failed(&w->x))
        return;
    colours(w, ws, figures);
    worksheet_freeze_panes(ws, CMP_FIRST_ROW, CMP_COL_COUNT);
    xw_ok(&w->x, worksheet_autofilter(ws, CMP_HEADER_ROW, 0, (lxw_row_t)(CMP_HEADER_ROW + n),
                                      files + 1));
    xw_page_setup(&w->x, ws, 1, 0);
    xw_ok(&w->x, worksheet_repeat_rows(ws, CMP_GROUP_ROW, CMP_HEADER_ROW));
    xw_ok(&w->x, worksheet_print_area(ws, 0, 0, (lxw_row_t)(CMP_HEADER_ROW + (n ? n : 1)),
                                      files - 1));
}
