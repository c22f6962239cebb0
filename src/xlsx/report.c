/*
 * write_report.c - the 移行レポート sheet: the audit trail of the
 * migration. (1) every v2.1 role with its answer and the X.1060 services
 * it went to; (2) every service with the roles it came from, their levels,
 * the merge applied and the resulting As-Is; (3) every warning: what the
 * reader doubted (duplicate marks, …), partial merges, unanswered roles
 * and services new in X.1060. The values are those of the migration;
 * editing the portfolio does not change them. Columns:
 * write_xlsx_internal.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "xlsx/xlsx.h"

static const double widths[XW_REP_COLS] = {
    [XW_REP_COL_ID] = 9,     [XW_REP_COL_NAME] = 26,
    [XW_REP_COL_STATE] = 17, [XW_REP_COL_SIDE] = 14,
    [XW_REP_COL_LEVEL] = 11, [XW_REP_COL_LINKS] = 52,
    [XW_REP_COL_NOTE] = 52,
};

/* A growable string. */
typedef struct buf {
    char *s;
    size_t len, cap;
    int failed;
} buf;

static void buf_add(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void buf_add(buf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    /* Format in place; grow and format again when it did not fit. */
    for (int pass = 0; pass < 2; pass++) {
        size_t room = b->cap - b->len;
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s ? b->s + b->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0)
            break;
        if ((size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = (b->len + (size_t)n + 1) * 2;
        if (cap < 256)
            cap = 256;
        char *p = realloc(b->s, cap);
        if (!p)
            break;
        b->s = p;
        b->cap = cap;
    }
    b->failed = 1;
}

static const char *state_text(const isomm_role_result *r)
{
    switch (r->state) {
    case ISOMM_ROLE_SCORED: return "評価済み";
    case ISOMM_ROLE_DECLINED: return "対象外(0)";
    case ISOMM_ROLE_BLANK: break;
    }
    return "未回答";
}

/* "A-6 リソース管理: インソース 3" */
static void describe_role(buf *b, const isomm_portfolio *p, size_t r)
{
    const isomm_role *role = &p->catalog->roles[r];
    if (!p->roles) {
        buf_add(b, "%s %s", role->id, role->name);
        return;
    }
    const isomm_role_result *rr = &p->roles[r];
    if (rr->state == ISOMM_ROLE_SCORED)
        buf_add(b, "%s %s: %s %d", role->id, role->name,
                isomm_side_label(rr->side), rr->level);
    else
        buf_add(b, "%s %s: %s", role->id, role->name, state_text(rr));
}

static void heading(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                    const char *text)
{
    xw_merge(x, ws, row, 0, row, XW_REP_COLS - 1, text,
                     x->fmt.heading);
    xw_row_height(x, ws, row, 22);
}

static void header_row(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                       const char *const labels[XW_REP_COLS])
{
    for (lxw_col_t col = 0; col < XW_REP_COLS; col++)
        xw_string(x, ws, row, col, labels[col], x->fmt.header);
    xw_row_height(x, ws, row, 30);
}

static void fit_row(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                    const char *const texts[XW_REP_COLS])
{
    unsigned lines = 1;
    for (lxw_col_t col = 0; col < XW_REP_COLS; col++) {
        unsigned n = xw_text_lines(texts[col], widths[col]);
        lines = n > lines ? n : lines;
    }
    xw_table_row(x, ws, row, lines);
}

/* Section 1: roles -> services. Returns the next free row. */
static lxw_row_t roles_section(xw_book *x, lxw_worksheet *ws, lxw_row_t row)
{
    const isomm_portfolio *p = x->portfolio;
    const isomm_catalog *c = x->catalog;
    const xw_formats *f = &x->fmt;
    char title[160];
    snprintf(title, sizeof title, "1. v2.1 の役割 → X.1060 のサービス（%zu 役割）",
             p->roles ? c->role_count : (size_t)0);
    heading(x, ws, row++, title);
    if (!p->roles) {
        xw_string(x, ws, row++, 0,
                          "v2.1 の役割はありません（X.1060 のサービスポートフォリオを"
                          "直接読み込みました）。",
                          NULL);
        return row + 1;
    }
    static const char *const labels[XW_REP_COLS] = {
        "役割 ID", "役割", "状態", "インソース / アウトソース", "レベル",
        "移行先の X.1060 サービス", "備考"};
    header_row(x, ws, row++, labels);
    for (size_t r = 0; r < c->role_count && !xw_failed(x); r++, row++) {
        const isomm_role_result *rr = &p->roles[r];
        buf targets = {0};
        size_t n = 0;
        for (size_t s = 0; s < c->service_count; s++)
            for (size_t k = 0; k < c->services[s].source_count; k++)
                if (c->services[s].sources[k] == r)
                    buf_add(&targets, "%s%s %s", n++ ? "、" : "",
                            c->services[s].id, c->services[s].name);
        if (targets.failed) {
            free(targets.s);
            xw_nomem(x);
            return row;
        }
        const char *note = p->role_notes ? p->role_notes[r] : NULL;
        xw_string(x, ws, row, XW_REP_COL_ID, c->roles[r].id,
                          f->center);
        xw_string(x, ws, row, XW_REP_COL_NAME, c->roles[r].name,
                          f->wrap);
        xw_string(x, ws, row, XW_REP_COL_STATE, state_text(rr),
                          f->center);
        xw_string(x, ws, row, XW_REP_COL_SIDE,
                          isomm_side_label(rr->side), f->center);
        xw_score(x, ws, row, XW_REP_COL_LEVEL, rr->level,
                         f->score);
        xw_string(x, ws, row, XW_REP_COL_LINKS,
                          targets.s ? targets.s : "", f->wrap);
        xw_string(x, ws, row, XW_REP_COL_NOTE, note, f->wrap);
        const char *texts[XW_REP_COLS] = {
            c->roles[r].id, c->roles[r].name, "", "", "", targets.s, note};
        fit_row(x, ws, row, texts);
        free(targets.s);
    }
    return row + 1;
}

/* How the As-Is of service s came about, in words. */
static const char *merge_text(const isomm_portfolio *p, size_t s)
{
    const isomm_service_result *r = &p->services[s];
    if (r->flags & ISOMM_FLAG_NEW)
        return "新設（移行元なし）";
    if (r->flags & ISOMM_FLAG_MERGED)
        return p->policy.merge == ISOMM_MERGE_MAX    ? "統合: 最大 (max)"
               : p->policy.merge == ISOMM_MERGE_MEAN ? "統合: 平均 (mean)"
                                                     : "統合: 最小 (min)";
    if (r->as_is >= 0)
        return "そのまま";
    if (r->recommendation == ISOMM_REC_NOT_REQUIRED)
        return "不要（すべて対象外）";
    return "評価なし";
}

static void flag_words(buf *b, unsigned flags)
{
    static const struct {
        unsigned bit;
        const char *text;
    } words[] = {
        {ISOMM_FLAG_NEW, "X.1060 で新設"},
        {ISOMM_FLAG_MERGED, "複数の役割を統合"},
        {ISOMM_FLAG_PARTIAL, "一部の役割が未回答・対象外"},
        {ISOMM_FLAG_UNANSWERED, "役割がすべて未回答"},
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (flags & words[i].bit)
            buf_add(b, "%s%s", n++ ? "・" : "【", words[i].text);
    if (n)
        buf_add(b, "】");
}

/* Section 2: services <- roles. */
static lxw_row_t services_section(xw_book *x, lxw_worksheet *ws,
                                  lxw_row_t row)
{
    const isomm_portfolio *p = x->portfolio;
    const isomm_catalog *c = x->catalog;
    const xw_formats *f = &x->fmt;
    char title[160];
    snprintf(title, sizeof title,
             "2. X.1060 のサービス ← v2.1 の役割（%zu サービス）",
             c->service_count);
    heading(x, ws, row++, title);
    static const char *const labels[XW_REP_COLS] = {
        "サービス ID", "サービス", "スコアの決め方", "サービス割り当て",
        "移行後の現状 (As-Is)", "移行元の役割と回答", "注記・移行メモ"};
    header_row(x, ws, row++, labels);
    for (size_t s = 0; s < c->service_count && !xw_failed(x);
         s++, row++) {
        const isomm_service *sv = &c->services[s];
        const isomm_service_result *r = &p->services[s];
        buf src = {0}, note = {0};
        for (size_t k = 0; k < sv->source_count; k++) {
            if (k)
                buf_add(&src, "、");
            describe_role(&src, p, sv->sources[k]);
        }
        flag_words(&note, r->flags);
        if (r->memo)
            buf_add(&note, "%s", r->memo);
        if (src.failed || note.failed) {
            free(src.s);
            free(note.s);
            xw_nomem(x);
            return row;
        }
        xw_string(x, ws, row, XW_REP_COL_ID, sv->id, f->center);
        xw_string(x, ws, row, XW_REP_COL_NAME, sv->name,
                          f->wrap);
        xw_string(x, ws, row, XW_REP_COL_STATE,
                          merge_text(p, s), f->wrap);
        xw_string(x, ws, row, XW_REP_COL_SIDE,
                          isomm_side_label(r->allocation), f->center);
        xw_score(x, ws, row, XW_REP_COL_LEVEL, r->as_is,
                         f->score);
        xw_string(x, ws, row, XW_REP_COL_LINKS,
                          src.s ? src.s : "", f->wrap);
        xw_string(x, ws, row, XW_REP_COL_NOTE,
                          note.s ? note.s : "", f->wrap);
        const char *texts[XW_REP_COLS] = {
            sv->id, sv->name, merge_text(p, s), "", "", src.s, note.s};
        fit_row(x, ws, row, texts);
        free(src.s);
        free(note.s);
    }
    return row + 1;
}

/* One warning row: number, kind, where, text. */
static void warning_row(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                        size_t number, const char *kind, const char *where,
                        const char *text)
{
    const xw_formats *f = &x->fmt;
    xw_number(x, ws, row, XW_REP_COL_ID, (double)number,
                      f->count);
    xw_string(x, ws, row, XW_REP_COL_NAME, kind, f->wrap);
    xw_string(x, ws, row, XW_REP_COL_STATE, where, f->center);
    xw_merge(x, ws, row, XW_REP_COL_SIDE, row,
                     XW_REP_COLS - 1, text, f->wrap);
    double width = 0;
    for (lxw_col_t col = XW_REP_COL_SIDE; col < XW_REP_COLS; col++)
        width += widths[col];
    xw_table_row(x, ws, row, xw_text_lines(text, width));
}

/* Section 3: every warning. */
static lxw_row_t warnings_section(xw_book *x, lxw_worksheet *ws,
                                  lxw_row_t row)
{
    const isomm_portfolio *p = x->portfolio;
    const isomm_catalog *c = x->catalog;
    const xw_formats *f = &x->fmt;
    lxw_row_t heading_row = row++;
    static const char *const labels[XW_REP_COLS] = {
        "#", "種類", "対象", "内容", "", "", ""};
    header_row(x, ws, row, labels);
    xw_merge(x, ws, row, XW_REP_COL_SIDE, row,
                     XW_REP_COLS - 1, "内容", f->header);
    row++;
    size_t n = 0;

    /* What the reader found doubtful, as it said it. */
    for (size_t i = 0; i < p->warnings.count; i++)
        warning_row(x, ws, row++, ++n, "読み取り", "", p->warnings.items[i]);

    /* Roles left unanswered. */
    for (size_t r = 0; p->roles && r < c->role_count; r++) {
        if (p->roles[r].state != ISOMM_ROLE_BLANK)
            continue;
        buf t = {0};
        buf_add(&t, "v2.1 の役割「%s」に回答がありません。移行先:", c->roles[r].name);
        size_t k = 0;
        for (size_t s = 0; s < c->service_count; s++)
            for (size_t j = 0; j < c->services[s].source_count; j++)
                if (c->services[s].sources[j] == r)
                    buf_add(&t, "%s%s", k++ ? "、" : " ", c->services[s].id);
        if (t.failed) {
            free(t.s);
            xw_nomem(x);
            return row;
        }
        warning_row(x, ws, row++, ++n, "未回答の役割", c->roles[r].id, t.s);
        free(t.s);
    }

    /* Services: partial merges, all sources unanswered, new in X.1060. */
    for (size_t s = 0; s < c->service_count && !xw_failed(x); s++) {
        const isomm_service *sv = &c->services[s];
        const isomm_service_result *r = &p->services[s];
        buf t = {0};
        const char *kind = NULL;
        if (r->flags & ISOMM_FLAG_NEW) {
            kind = "X.1060 で新設";
            buf_add(&t, "「%s」は v2.1 に対応する役割がありません。"
                        "現状 (As-Is) を新たに評価してください。",
                    sv->name);
        } else if (r->flags & ISOMM_FLAG_UNANSWERED) {
            kind = "評価なし";
            buf_add(&t, "「%s」の移行元 (", sv->name);
            for (size_t k = 0; k < sv->source_count; k++)
                buf_add(&t, "%s%s", k ? "、" : "",
                        c->roles[sv->sources[k]].id);
            buf_add(&t, ") に回答がないため、現状 (As-Is) は空欄です。");
        } else if (r->flags & ISOMM_FLAG_PARTIAL) {
            kind = "一部の役割で算出";
            buf_add(&t, "「%s」は移行元の一部だけで算出しました (", sv->name);
            for (size_t k = 0; k < sv->source_count; k++) {
                if (k)
                    buf_add(&t, "、");
                describe_role(&t, p, sv->sources[k]);
            }
            buf_add(&t, ")。未回答・対象外の役割は含めていません。");
        }
        if (t.failed) {
            free(t.s);
            xw_nomem(x);
            return row;
        }
        if (kind)
            warning_row(x, ws, row++, ++n, kind, sv->id, t.s);
        free(t.s);
    }
    if (n == 0)
        xw_string(x, ws, row++, XW_REP_COL_NAME, "なし", NULL);

    char title[160];
    snprintf(title, sizeof title, "3. 警告と確認事項（%zu 件）", n);
    heading(x, ws, heading_row, title);
    return row;
}

void xw_write_report(xw_book *x)
{
    const isomm_portfolio *p = x->portfolio;
    const xw_formats *f = &x->fmt;
    lxw_worksheet *ws = xw_add_sheet(x, XW_SHEET_REPORT);
    if (!ws)
        return;
    xw_page_setup(x, ws, 1, 0);
    for (lxw_col_t col = 0; col < XW_REP_COLS; col++)
        xw_width(x, ws, col, col, widths[col], NULL);

    xw_string(x, ws, 0, 0, "移行レポート: ISOMM v2.1 → X.1060", f->title);
    xw_row_height(x, ws, 0, 28);
    xw_string(x, ws, 1, 0,
                      "v2.1 の各役割がどのサービスに移ったか、各サービスの現状 (As-Is) "
                      "がどの役割のどの回答から決まったかを示します。値は移行した時点の"
                      "もので、サービスポートフォリオを編集しても変わりません。",
                      f->note);

    char source[512], policy[256], to_be[128];
    snprintf(source, sizeof source, "%s（%s、%s、%s）", p->path ? p->path : "",
             p->sheet ? p->sheet : "シート不明", p->kind ? p->kind : "",
             p->layout ? p->layout : "");
    snprintf(policy, sizeof policy, "%s",
             p->policy.merge == ISOMM_MERGE_MAX
                 ? "max: 複数の役割のうち最も高いスコア"
             : p->policy.merge == ISOMM_MERGE_MEAN
                 ? "mean: 複数の役割のスコアの平均を四捨五入 (2.5 → 3)"
                 : "min: 複数の役割のうち最も低いスコア（スコアを高く見せない）");
    if (p->policy.to_be >= 1 && p->policy.to_be <= 5)
        snprintf(to_be, sizeof to_be, "現状 (As-Is) のあるサービスに %d を設定",
                 p->policy.to_be);
    else
        snprintf(to_be, sizeof to_be, "設定しない（v2.1 には目標がありません）");
    const struct {
        const char *label, *value;
    } info[] = {
        {"入力", source},
        {"役割の統合", policy},
        {"あるべき姿", to_be},
        {"ルール", "docs/migration-policy.md: 0 は対象外、両側の回答は併用、"
                  "同じ側に複数の印があれば高い方を採用"},
    };
    lxw_row_t row = 3;
    for (size_t i = 0; i < sizeof info / sizeof info[0]; i++, row++) {
        xw_string(x, ws, row, XW_REP_COL_ID, info[i].label,
                          f->label);
        xw_merge(x, ws, row, XW_REP_COL_NAME, row,
                         XW_REP_COLS - 1, info[i].value, f->plain);
    }
    row++;
    row = roles_section(x, ws, row);
    row = services_section(x, ws, row);
    warnings_section(x, ws, row);
}
