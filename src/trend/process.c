/* process.c - the 評価プロセス sheet: the gap analysis of the textbook's
 * §3.4 between the previous assessment and the latest, in its three
 * phases: the service catalog (推奨レベル), the service profile (サービス
 * 割り当て), the service portfolio (As-Is, and the gap to To-Be). One
 * table per phase lists the services that changed, in catalog order. */
#define _POSIX_C_SOURCE 200809L
#include "trend/trend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

enum { P_ID = 0, P_NAME, P_CATEGORY, P_PREV, P_LAST, P_CHANGE, P_VERDICT, P_COLS };

typedef struct cursor {
    lxw_worksheet *ws;
    lxw_row_t row;
} cursor;

/* A phase's heading (a dark band), its summary line and table header;
 * phases 1 and 2 (`labels`) say what changed in one column. */
static void section(trend_book *b, cursor *c, const char *heading, const char *summary,
                    const char *prev_head, const char *last_head, int labels)
{
    const xw_formats *f = &b->x.fmt;
    c->row++;
    xw_merge(&b->x, c->ws, c->row, 0, c->row, P_COLS - 1, heading, b->tf.phase);
    xw_row_height(&b->x, c->ws, c->row++, 22);
    xw_merge(&b->x, c->ws, c->row, 0, c->row, P_COLS - 1, summary, f->plain);
    xw_row_height(&b->x, c->ws, c->row++, 18);
    const char *heads[P_COLS] = {"ID", "サービス", "カテゴリー", prev_head, last_head, "変化",
                                 "判定"};
    for (lxw_col_t col = 0; col < (labels ? P_CHANGE : P_COLS); col++)
        xw_string(&b->x, c->ws, c->row, col, heads[col], f->header);
    if (labels)
        xw_merge(&b->x, c->ws, c->row, P_CHANGE, c->row, P_VERDICT, "変化", f->header);
    xw_row_height(&b->x, c->ws, c->row++, 30);
}

/* ID | サービス | カテゴリー of a row. */
static void service_key(trend_book *b, cursor *c, size_t s)
{
    const isomm_catalog *cat = b->v->c;
    const xw_formats *f = &b->x.fmt;
    char *label = xw_category_label(cat, cat->services[s].category);
    if (!label) {
        xw_nomem(&b->x);
        return;
    }
    xw_string(&b->x, c->ws, c->row, P_ID, cat->services[s].id, f->center);
    xw_string(&b->x, c->ws, c->row, P_NAME, cat->services[s].name, f->text);
    xw_string(&b->x, c->ws, c->row, P_CATEGORY, label, f->text);
    free(label);
}

static void none_row(trend_book *b, cursor *c, const char *text)
{
    xw_merge(&b->x, c->ws, c->row, 0, c->row, P_COLS - 1, text, b->x.fmt.text);
    c->row++;
}

/* ---- phases 1 and 2: labels ------------------------------------------------ */

static const char *label_of(const isomm_rollup_member *a, int k, size_t s)
{
    return k == TREND_PHASE_REC ? isomm_recommendation_label((isomm_recommendation)a->recommendation[s])
                                : isomm_side_label((isomm_side)a->allocation[s]);
}

/* How a 推奨レベル or allocation changed, for people. */
static const char *verdict(int k, unsigned before, unsigned after)
{
    if (k == TREND_PHASE_REC) {
        if (after == ISOMM_REC_NOT_REQUIRED)
            return "不要になった";
        if (before == ISOMM_REC_NOT_REQUIRED)
            return "不要ではなくなった";
        return before == ISOMM_REC_NULL ? "新たに設定" : after == ISOMM_REC_NULL ? "設定なし" : "変更";
    }
    int had = before != ISOMM_SIDE_NULL && before != ISOMM_SIDE_UNASSIGNED;
    int has = after != ISOMM_SIDE_NULL && after != ISOMM_SIDE_UNASSIGNED;
    return !had ? "新たに割り当て" : !has ? "割り当てなし" : "変更";
}

static void label_phase(trend_book *b, cursor *c, int k)
{
    const trend_view *v = b->v;
    const isomm_rollup_member *p = &v->t->assessments[v->prev], *l = &v->t->assessments[v->last];
    const xw_formats *f = &b->x.fmt;
    size_t n = v->phase_count[k], moved = 0, fresh = 0, dropped = 0;
    for (size_t i = 0; i < n; i++) {
        size_t s = v->phase[k][i];
        unsigned before = k == TREND_PHASE_REC ? p->recommendation[s] : p->allocation[s];
        unsigned after = k == TREND_PHASE_REC ? l->recommendation[s] : l->allocation[s];
        const char *say = verdict(k, before, after);
        moved += strcmp(say, "変更") == 0;
        fresh += strcmp(say, "新たに設定") == 0 || strcmp(say, "新たに割り当て") == 0;
        dropped += strcmp(say, "不要になった") == 0;
    }
    char summary[320];
    if (k == TREND_PHASE_REC)
        snprintf(summary, sizeof summary,
                 "推奨レベルが変わったサービス %zu 件: 変更 %zu、新たに設定 %zu、「不要」になった %zu。%s",
                 n, moved, fresh, dropped,
                 trend_migrated(p) ? "前回の v2.1 の評価に推奨レベルはなく、「不要」は回答 0"
                                     "（実施しない）による。"
                                   : "");
    else
        snprintf(summary, sizeof summary,
                 "サービス割り当てが変わったサービス %zu 件: インソース・アウトソース・併用の間の変更 "
                 "%zu、新たに割り当て %zu。", n, moved, fresh);
    section(b, c,
            k == TREND_PHASE_REC ? "フェーズ1：サービスカタログの推奨レベルのギャップ分析"
                                 : "フェーズ2：サービスプロファイルのサービス割り当てのギャップ分析",
            summary, k == TREND_PHASE_REC ? "前回の推奨レベル" : "前回の割り当て",
            k == TREND_PHASE_REC ? "今回の推奨レベル" : "今回の割り当て", 1);
    for (size_t i = 0; i < n && !xw_failed(&b->x); i++, c->row++) {
        size_t s = v->phase[k][i];
        unsigned before = k == TREND_PHASE_REC ? p->recommendation[s] : p->allocation[s];
        unsigned after = k == TREND_PHASE_REC ? l->recommendation[s] : l->allocation[s];
        service_key(b, c, s);
        xw_string(&b->x, c->ws, c->row, P_PREV, label_of(p, k, s), f->center);
        xw_string(&b->x, c->ws, c->row, P_LAST, label_of(l, k, s), f->center);
        xw_merge(&b->x, c->ws, c->row, P_CHANGE, c->row, P_VERDICT, verdict(k, before, after),
                 f->center);
    }
    if (n == 0)
        none_row(b, c, "（変化なし）");
}

/* ---- phase 3: scores --------------------------------------------------------- */

/* 前回 / 今回 As-Is of service s: a formula over its 推移 cell. */
static void series_ref(trend_book *b, cursor *c, lxw_col_t out, size_t s, size_t i, double cached)
{
    char cell[160];
    snprintf(cell, sizeof cell, "%s",
             xw_cell(TREND_SHEET_SERIES, (lxw_row_t)(TREND_SER_FIRST_ROW + s),
                     TREND_COL(TREND_SER_COL_FIRST, i), 0));
    xw_formula_opt(&b->x, c->ws, c->row, out, b->x.fmt.score, !isnan(cached),
                   isnan(cached) ? 0 : cached, "IF(ISNUMBER(%s),%s,\"\")", cell, cell);
}

static void score_row(trend_book *b, cursor *c, int k, size_t s)
{
    const trend_view *v = b->v;
    double before, after;
    trend_phase_values(v, k, s, &before, &after);
    service_key(b, c, s);
    if (k == TREND_PHASE_AS_IS) {
        series_ref(b, c, P_PREV, s, v->prev, before);
        series_ref(b, c, P_LAST, s, v->last, after);
    } else {
        xw_number(&b->x, c->ws, c->row, P_PREV, before, b->x.fmt.gap);
        xw_number(&b->x, c->ws, c->row, P_LAST, after, b->x.fmt.gap);
    }
    char d[16], e[16], g[16];
    lxw_rowcol_to_cell(d, c->row, P_PREV);
    lxw_rowcol_to_cell(e, c->row, P_LAST);
    lxw_rowcol_to_cell(g, c->row, P_CHANGE);
    int both = !isnan(before) && !isnan(after);
    double change = both ? after - before : 0;
    xw_formula_opt(&b->x, c->ws, c->row, P_CHANGE, b->tf.change, both, change,
                   "IF(AND(ISNUMBER(%s),ISNUMBER(%s)),%s-%s,\"\")", d, e, e, d);
    if (k == TREND_PHASE_AS_IS) {
        const char *say = both ? (change > 0 ? "上昇" : "低下") : !isnan(after) ? "新たに評価" : "評価なし";
        xw_formula_str(&b->x, c->ws, c->row, P_VERDICT, b->x.fmt.center, say,
                       "IF(ISNUMBER(%s),IF(%s>0,\"上昇\",\"低下\"),IF(ISNUMBER(%s),\"新たに評価\","
                       "\"評価なし\"))", g, g, e);
    } else {
        xw_formula_str(&b->x, c->ws, c->row, P_VERDICT, b->x.fmt.center,
                       change < 0 ? "縮小" : "拡大", "IF(%s<0,\"縮小\",\"拡大\")", g);
    }
}

static void score_phase(trend_book *b, cursor *c, int k)
{
    const trend_view *v = b->v;
    size_t n = v->phase_count[k], up = 0, down = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        double before, after;
        trend_phase_values(v, k, v->phase[k][i], &before, &after);
        if (isnan(before) || isnan(after))
            other++;
        else if (after > before)
            up++;
        else
            down++;
    }
    char summary[256];
    if (k == TREND_PHASE_AS_IS)
        snprintf(summary, sizeof summary,
                 "現状 (As-Is) が上がったサービス %zu 件、下がったサービス %zu 件、"
                 "前回と今回の一方だけに評価のあるサービス %zu 件。", up, down, other);
    else
        snprintf(summary, sizeof summary,
                 "あるべき姿 (To-Be) とのギャップ（To-Be − As-Is）が縮小したサービス %zu 件、"
                 "拡大したサービス %zu 件（前回と今回の両方に To-Be と As-Is があるもの）。",
                 down, up);
    section(b, c,
            k == TREND_PHASE_AS_IS
                ? "フェーズ3：サービスポートフォリオのサービスアセスメントのギャップ分析（現状）"
                : "フェーズ3：サービスポートフォリオのサービスアセスメントのギャップ分析（あるべき姿とのギャップ）",
            summary, k == TREND_PHASE_AS_IS ? "前回の現状" : "前回のギャップ",
            k == TREND_PHASE_AS_IS ? "今回の現状" : "今回のギャップ", 0);
    lxw_row_t first = c->row;
    for (size_t i = 0; i < n && !xw_failed(&b->x); i++, c->row++)
        score_row(b, c, k, v->phase[k][i]);
    if (n)
        xw_change_colours(&b->x, c->ws, first, P_CHANGE, c->row - 1, P_CHANGE,
                          k == TREND_PHASE_GAP);
    else
        none_row(b, c, k == TREND_PHASE_AS_IS ? "（変化なし）"
                                              : "（前回と今回の両方にあるべき姿 (To-Be) の"
                                                "あるサービスで、ギャップの変わったものはない）");
}

void trend_write_process(trend_book *b)
{
    const trend_view *v = b->v;
    lxw_worksheet *ws = xw_add_sheet(&b->x, TREND_SHEET_PROCESS);
    if (!ws)
        return;
    static const double widths[P_COLS] = {6, 32, 30, 15, 15, 8, 16};
    for (lxw_col_t col = 0; col < P_COLS; col++)
        xw_width(&b->x, ws, col, col, widths[col], NULL);
    const isomm_rollup_member *p = &v->t->assessments[v->prev], *l = &v->t->assessments[v->last];
    xw_merge(&b->x, ws, 0, 0, 0, P_COLS - 1, "評価プロセス（ギャップ分析）", b->x.fmt.title);
    xw_row_height(&b->x, ws, 0, 28);
    char *note = core_asprintf(
        "前回 %s（%s）→ 今回 %s（%s）。X.1060 の評価プロセス（教科書 3.4）は、構築プロセスの 3 つの"
        "フェーズ（サービスカタログ、サービスプロファイル、サービスポートフォリオ）をそれぞれ見直す。"
        "変化したサービスだけを挙げる。",
        p->date, trend_kind_label(p), l->date, trend_kind_label(l));
    if (!note) {
        xw_nomem(&b->x);
        return;
    }
    xw_merge(&b->x, ws, 1, 0, 1, P_COLS - 1, note, b->x.fmt.footnote);
    xw_row_height(&b->x, ws, 1, 30);
    free(note);
    cursor c = {ws, 2};
    label_phase(b, &c, TREND_PHASE_REC);
    label_phase(b, &c, TREND_PHASE_ALLOC);
    score_phase(b, &c, TREND_PHASE_AS_IS);
    score_phase(b, &c, TREND_PHASE_GAP);
    xw_page_setup(&b->x, ws, 1, 0);
    if (!xw_failed(&b->x))
        xw_ok(&b->x, worksheet_print_area(ws, 0, 0, c.row, P_COLS - 1));
}
