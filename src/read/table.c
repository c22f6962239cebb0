/*
 * reader_table.c - finding the v2.1 table on a sheet and reading its rows.
 *
 * The table is found by content, never by coordinates: a header row with
 * a cell holding インソース and one holding アウトソース (often merged
 * across their level columns), level sub-headers 0..5 (1..5 in v2.0) in
 * one of the three rows below, and rows whose ID column holds role IDs.
 */
#define _GNU_SOURCE /* strcasestr */
#include "read/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define MAX_HEADER_WORDS 32 /* インソース / アウトソース cells tried per sheet */
#define LEVEL_ROW_SEARCH 3  /* rows below the header searched for levels */
#define SPAN_UNMERGED 8     /* columns scanned right of an unmerged header */
#define MAX_WIDEN 64        /* columns the range may grow by on each side */

static const char IN_WORD[] = "インソース";
static const char OUT_WORD[] = "アウトソース";

typedef struct box {
    unsigned r1, c1, r2, c2;
} box;

static box cell_box(const ooxml_grid *g, const ooxml_cell *c)
{
    const ooxml_range *m = ooxml_grid_merge_at(g, c->row, c->col);
    if (m && m->r1 == c->row && m->c1 == c->col)
        return (box){m->r1, m->c1, m->r2, m->c2};
    return (box){c->row, c->col, c->row, c->col};
}

/* The side a header cell names: 1 insource, 2 outsource, 0 neither or
 * both, or an organization pattern name (ミニマムインソース, フルインソース).
 * Matched on reader_header_norm (ｲﾝｿｰｽ, イン\nソース, Insource, In-source);
 * in short cells also the aliases 内製 / 自組織 / 自社 / 社内 / In-house (3,
 * insource) and 外部委託 / 委託 / 外注 / 社外 / 外部 / External (4,
 * outsource), which count only as a pair over level columns. */
/* 1 if the raw text may hold a side header word once normalized (width,
 * case, half-width katakana and spaces folded): every word has ソ (or its
 * half-width ｿ), source, house, external (maybe full-width, EF BC / EF BD
 * bytes), 製, 組, 社, 委 or 外. Every string cell of every sheet comes
 * here; most are marks, IDs and names and go no further. */
static int may_be_side(const char *t)
{
    static const char *const cues[] = {"ソ", "ｿ", "製", "組", "社", "委", "外", "ｓ", "Ｓ", "ｈ",
                                       "Ｈ", "ｅ", "Ｅ"};
    int ascii = 0;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        unsigned c = *p | 0x20;
        ascii |= c == 's' || c == 'h' || c == 'e';
        if (*p < 0xE3 || p[1] == 0 || p[2] == 0) /* the cues' lead bytes are E3..EF */
            continue;
        for (size_t i = 0; i < sizeof cues / sizeof *cues; i++)
            if (p[0] == (unsigned char)cues[i][0] && p[1] == (unsigned char)cues[i][1] &&
                p[2] == (unsigned char)cues[i][2])
                return 1;
        p += 2;
    }
    return ascii && (strcasestr(t, "source") || strcasestr(t, "house") ||
                     strcasestr(t, "external"));
}

static int side_header(const char *text)
{
    if (!text || !*text || strlen(text) > 200 || !may_be_side(text))
        return 0;
    char *h = reader_header_norm(text);
    if (!h)
        return 0;
    int in = strstr(h, IN_WORD) || strstr(h, "insource") || strstr(h, "in-source");
    int out = strstr(h, OUT_WORD) || strstr(h, "outsource") || strstr(h, "out-source");
    int alias = 0;
    if (!in && !out && strlen(h) <= 36) {
        in = strstr(h, "内製") || strstr(h, "自組織") || strstr(h, "自社") ||
             strstr(h, "社内") || strstr(h, "in-house") || strstr(h, "inhouse");
        out = strstr(h, "委託") || strstr(h, "外注") || strstr(h, "社外") ||
              strstr(h, "外部") || strstr(h, "external");
        alias = 2;
    }
    int r = in != out && !strstr(h, "ミニマム") && !strstr(h, "フル") ? (in ? 1 : 2) + alias : 0;
    free(h);
    return r;
}

/* Columns of levels 0..5 in row `row`, columns [c1, c2]. Returns 1 if
 * levels 1..5 are all there. */
static int scan_levels(const reader_sheet *s, unsigned row, unsigned c1,
                       unsigned c2, int side, long cols[6])
{
    for (int l = 0; l < 6; l++)
        cols[l] = -1;
    for (unsigned c = c1; c <= c2 && c < OOXML_MAX_COLS; c++) {
        const ooxml_cell *cell = ooxml_grid_at(s->grid, row, c);
        if (!cell)
            continue;
        int l = reader_level(cell, s->norm[cell - s->grid->cells]);
        if (l < 0 && cell->type == OOXML_STRING)
            l = reader_level_word(cell->text, side);
        if (l >= 0 && cols[l] < 0)
            cols[l] = (long)c;
    }
    for (int l = 1; l < 6; l++)
        if (cols[l] < 0)
            return 0;
    /* v2.0 grids (1–5) with a 対象外 column: that is level 0 */
    for (unsigned c = c1; cols[0] < 0 && c <= c2 && c < OOXML_MAX_COLS; c++) {
        const ooxml_cell *cell = ooxml_grid_at(s->grid, row, c);
        if (cell && cell->type == OOXML_STRING && reader_extra_kind(cell->text) == 0)
            cols[0] = (long)c;
    }
    return 1;
}

int reader_extra_kind(const char *text)
{
    char *h = reader_header_norm(text);
    if (!h)
        return -1;
    static const char *const unknown[] = {"わからない", "分からない", "判らない", "わかりません",
                                          "分かりません", "不明", "don'tknow", "unknown"};
    static const char *const excluded[] = {"対象外", "非該当", "該当なし", "該当無し"};
    int k = -1;
    for (size_t i = 0; k < 0 && i < sizeof unknown / sizeof *unknown; i++)
        if (strstr(h, unknown[i]))
            k = 1;
    for (size_t i = 0; k < 0 && i < sizeof excluded / sizeof *excluded; i++)
        if (strstr(h, excluded[i]))
            k = 0;
    free(h);
    return k;
}

/* The columns under a side header [c1, c2] that are no level column: all
 * of a merged header's other columns; right of an unmerged header's
 * levels, the columns whose sub-header is filled (up to an empty one or a
 * 備考 / side header). */
static void find_extras(const reader_sheet *s, reader_table *t, int side, unsigned c1,
                        unsigned c2, int merged)
{
    const long *cols = side ? t->out_cols : t->in_cols;
    long hi = -1;
    for (int l = 0; l < 6; l++)
        if (cols[l] > hi)
            hi = cols[l];
    t->n_extra[side] = 0;
    for (unsigned c = merged ? c1 : (unsigned)hi + 1; c <= c2 && c < OOXML_MAX_COLS; c++) {
        int level_col = 0;
        for (int l = 0; l < 6; l++)
            level_col |= cols[l] == (long)c;
        if (level_col || c == t->role_col)
            continue;
        const ooxml_cell *sub = ooxml_grid_at(s->grid, t->level_row, c);
        const char *text = sub && sub->type != OOXML_EMPTY ? sub->text : "";
        if (!merged && (!*text || strstr(text, "備考") || side_header(text)))
            break;
        if (strstr(text, "備考"))
            continue;
        if (t->n_extra[side] == 4)
            break;
        int k = t->n_extra[side]++;
        t->extra_cols[side][k] = (long)c;
        t->extra_level[side][k] = (signed char)(*text ? reader_extra_kind(text) : -1);
        snprintf(t->extra_name[side][k], sizeof t->extra_name[side][k], "%.40s", text);
    }
}

/* The sub-header texts found under a header that has no level columns:
 * the row of the three below with the most filled cells in [c1, c2]. */
static void describe_sub_headers(const reader_sheet *s, reader_table *t, unsigned bottom,
                                 unsigned c1, unsigned c2)
{
    unsigned best_row = 0, best = 0;
    for (unsigned r = bottom + 1; r <= bottom + LEVEL_ROW_SEARCH; r++) {
        unsigned n = 0;
        for (unsigned c = c1; c <= c2 && c < OOXML_MAX_COLS; c++) {
            const ooxml_cell *cell = ooxml_grid_at(s->grid, r, c);
            n += cell && cell->type != OOXML_EMPTY && s->role[cell - s->grid->cells] < 0;
        }
        if (n > best) {
            best = n;
            best_row = r;
        }
    }
    if (best < 3)
        return;
    char ref[16];
    ooxml_cell_ref(best_row, c1, ref);
    size_t len = (size_t)snprintf(t->no_levels, sizeof t->no_levels,
                                  "no level sub-headers 0–5 recognised under インソース at "
                                  "%s: found", ref);
    unsigned shown = 0;
    for (unsigned c = c1; c <= c2 && c < OOXML_MAX_COLS && len < sizeof t->no_levels; c++) {
        const ooxml_cell *cell = ooxml_grid_at(s->grid, best_row, c);
        if (!cell || cell->type == OOXML_EMPTY)
            continue;
        if (shown++ == 4) {
            snprintf(t->no_levels + len, sizeof t->no_levels - len, ", …");
            break;
        }
        char one[40];
        snprintf(one, sizeof one, "%s", cell->text);
        for (char *q = one; *q; q++)
            if (*q == '\n' || *q == '\r')
                *q = ' ';
        len += (size_t)snprintf(t->no_levels + len, sizeof t->no_levels - len, "%s '%s'",
                                shown > 1 ? "," : "", one);
    }
}

/* Every distinct (column, role) with the last row it appears on, sorted
 * by column: built once per sheet, so trying many header candidates costs
 * a linear scan each, whatever the sheet holds. */
typedef struct hit {
    unsigned col;
    long role;
    unsigned last_row;
} hit;

typedef struct hits {
    hit *items;
    size_t count;
} hits;

static int hit_cmp(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return (x->role > y->role) - (x->role < y->role);
}

static int hits_build(const reader_sheet *s, hits *out)
{
    const ooxml_grid *g = s->grid;
    out->items = NULL;
    out->count = 0;
    size_t n = 0;
    for (size_t i = 0; i < g->count; i++)
        if (s->role[i] >= 0)
            n++;
    if (n == 0)
        return 0;
    if (!(out->items = malloc(n * sizeof *out->items)))
        return -1;
    n = 0;
    for (size_t i = 0; i < g->count; i++)
        if (s->role[i] >= 0)
            out->items[n++] = (hit){g->cells[i].col, s->role[i], g->cells[i].row};
    qsort(out->items, n, sizeof *out->items, hit_cmp);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        hit *h = &out->items[i];
        if (w > 0 && out->items[w - 1].col == h->col && out->items[w - 1].role == h->role) {
            if (h->last_row > out->items[w - 1].last_row)
                out->items[w - 1].last_row = h->last_row;
        } else {
            out->items[w++] = *h;
        }
    }
    out->count = w;
    return 0;
}

/* The column holding the most distinct role IDs below `min_row`
 * (exclusive; -1 for all rows). Returns the count; *col set if > 0. */
static size_t role_column(const hits *h, long min_row, unsigned *col)
{
    size_t best = 0, run = 0;
    for (size_t i = 0; i < h->count; i++) {
        if (i == 0 || h->items[i].col != h->items[i - 1].col)
            run = 0;
        if ((long)h->items[i].last_row > min_row && ++run > best) {
            best = run;
            *col = h->items[i].col;
        }
    }
    return best;
}

int reader_table_better(const reader_table *a, const reader_table *b)
{
    if (a->stage != b->stage)
        return a->stage > b->stage;
    return a->role_count > b->role_count;
}

/* The 備考 column: a header cell holding 備考 in rows [r1, r2]. */
static long note_column(const reader_sheet *s, unsigned r1, unsigned r2)
{
    const ooxml_grid *g = s->grid;
    for (size_t i = 0; i < g->count; i++) {
        const ooxml_cell *c = &g->cells[i];
        if (c->row < r1)
            continue;
        if (c->row > r2)
            break;
        if (s->norm[i] && strstr(s->norm[i], "備考"))
            return (long)c->col;
    }
    return -1;
}

/* The columns an unmerged header covers: from its column to the column
 * before the other header (if that is to the right), at most SPAN_UNMERGED. */
static void header_span(box h, box other, unsigned *c1, unsigned *c2)
{
    *c1 = h.c1;
    if (h.c2 > h.c1) {
        *c2 = h.c2;
        return;
    }
    unsigned end = h.c1 + SPAN_UNMERGED - 1;
    if (other.c1 > h.c1 && other.c1 - 1 < end)
        end = other.c1 - 1;
    *c2 = end;
}

/* A level value of the numeric layout: 0..5 as a number or as (full-width)
 * text; -1 empty or a placeholder (—, -); -2 anything else. *disguised is
 * set when the level is written with text around it ('レベル3', 'Lv3', '3点',
 * '3（説明）', circled ①–⑤). */
static int level_value(const ooxml_cell *c, const char *norm, int *disguised)
{
    *disguised = 0;
    if (!c || c->type == OOXML_EMPTY || !norm || !*norm || !strcmp(norm, "—") ||
        !strcmp(norm, "-") || !strcmp(norm, "―"))
        return -1;
    double v;
    if (c->type == OOXML_NUMBER) {
        v = c->number;
    } else if (c->type == OOXML_STRING) {
        char *end = NULL;
        v = strtod(norm, &end);
        if (end == norm || *end) {
            static const char *const circled[] = {"⓪", "①", "②", "③", "④", "⑤"};
            for (int l = 0; l < 6; l++)
                if (strcmp(norm, circled[l]) == 0) {
                    *disguised = 1;
                    return l;
                }
            int l = reader_level(c, norm);
            *disguised = l >= 0;
            return l >= 0 ? l : -2;
        }
    } else {
        return -2;
    }
    if (!(v >= 0 && v <= 5) || v != (double)(int)v)
        return -2;
    return (int)v;
}

/* A numeric layout's header names the side only, not a score of a
 * service ("As-Is インソース" in a chart's data is no v2.1 column): the
 * word that makes it a score, or NULL. */
static const char *score_word(const char *norm)
{
    static const char *const not_words[] = {"As-Is", "as-is", "AS-IS", "現状", "To-Be",
                                            "to-be", "あるべき", "サービス", "平均"};
    for (size_t i = 0; i < sizeof not_words / sizeof not_words[0]; i++)
        if (strstr(norm, not_words[i]))
            return not_words[i];
    return NULL;
}

/* 1 if the role rows below `bottom` hold level values in the header columns
 * (at least one, and more values than other text); else 0 and t->why_not
 * says what the cells hold instead. */
static int numeric_values(const reader_sheet *s, reader_table *t, unsigned bottom)
{
    const ooxml_grid *g = s->grid;
    size_t good = 0, bad = 0, above = 0, nocache = 0;
    char bad_ref[16] = "", above_ref[16] = "", nc_ref[16] = "";
    char bad_text[48] = "", above_text[24] = "";
    for (size_t i = 0; i < g->count; i++) {
        if (s->role[i] < 0 || g->cells[i].col != t->role_col || g->cells[i].row <= bottom)
            continue;
        unsigned cols[2] = {t->in_col, t->out_col};
        for (int k = 0; k < 2; k++) {
            const ooxml_cell *c = ooxml_grid_at(g, g->cells[i].row, cols[k]);
            int d, v = c ? level_value(c, s->norm[c - g->cells], &d) : -1;
            good += v >= 0;
            if (c && c->type == OOXML_EMPTY && c->formula && !nocache++)
                ooxml_cell_ref(c->row, c->col, nc_ref);
            if (v != -2)
                continue;
            bad++;
            char *end = NULL;
            const char *n = s->norm[c - g->cells];
            double x = c->type == OOXML_NUMBER ? c->number : strtod(n, &end);
            if ((c->type == OOXML_NUMBER || (end != n && !*end)) && x > 5) {
                if (!above++) {
                    ooxml_cell_ref(c->row, c->col, above_ref);
                    snprintf(above_text, sizeof above_text, "%s", c->text);
                }
            } else if (!bad_ref[0]) {
                ooxml_cell_ref(c->row, c->col, bad_ref);
                snprintf(bad_text, sizeof bad_text, "%s", c->text);
            }
        }
    }
    if (good > 0 && good >= bad)
        return 1;
    if (above && above * 2 >= bad)
        snprintf(t->why_not, sizeof t->why_not, "%zu values above 5 (%s: %s)", above,
                 above_ref, above_text);
    else if (bad)
        snprintf(t->why_not, sizeof t->why_not, "%s holds '%s' (not a level 0–5; %zu such "
                 "values, %zu levels)", bad_ref, bad_text, bad, good);
    else if (nocache)
        snprintf(t->why_not, sizeof t->why_not, "%s and %zu more cells hold formulas without "
                 "cached values (the file was never recalculated)", nc_ref, nocache - 1);
    else
        snprintf(t->why_not, sizeof t->why_not, "the role rows hold no value under them");
    return 0;
}

/* 1 if an インソース and an アウトソース header can belong to one grid: no
 * merged cell in the row above covers one but not the other (目標 | 現状
 * super-headers), and no column between them holds role IDs (two tables
 * side by side, each with its role column). */
static int same_grid(const reader_sheet *s, const hits *h, box a, box b)
{
    if (a.r1 > 0) {
        for (size_t m = 0; m < s->grid->merge_count; m++) {
            const ooxml_range *r = &s->grid->merges[m];
            if (r->r2 != a.r1 - 1)
                continue;
            int ca = r->c1 <= a.c1 && a.c1 <= r->c2, cb = r->c1 <= b.c1 && b.c1 <= r->c2;
            if (ca != cb)
                return 0;
        }
    }
    unsigned lo = a.c2 < b.c1 ? a.c2 : b.c2, hi = a.c2 < b.c1 ? b.c1 : a.c1;
    size_t run = 0;
    for (size_t i = 0; i < h->count; i++) {
        if (h->items[i].col <= lo || h->items[i].col >= hi)
            continue;
        run = i > 0 && h->items[i - 1].col == h->items[i].col ? run + 1 : 1;
        if (run >= 10)
            return 0;
    }
    return 1;
}

/* 1 if another side header of the same row lies between a and b: they
 * belong to different grids (前回インソース … | インソース … アウトソース). */
static int header_between(const box *ib, size_t nin, const box *ob, size_t nout, box a, box b)
{
    unsigned lo = a.c2 < b.c1 ? a.c2 : b.c2, hi = a.c2 < b.c1 ? b.c1 : a.c1;
    for (size_t i = 0; i < nin + nout; i++) {
        box x = i < nin ? ib[i] : ob[i - nin];
        if (x.r1 == a.r1 && x.c1 > lo && x.c2 < hi)
            return 1;
    }
    return 0;
}

/* 1 if two tables read the same columns (one stacked above the other). */
static int same_columns(const reader_table *a, const reader_table *b)
{
    if (a->numeric != b->numeric || a->role_col != b->role_col)
        return 0;
    if (a->numeric)
        return a->in_col == b->in_col && a->out_col == b->out_col;
    return memcmp(a->in_cols, b->in_cols, sizeof a->in_cols) == 0 &&
           memcmp(a->out_cols, b->out_cols, sizeof a->out_cols) == 0;
}

/* t->asis and t->label: a label 現状 / As-Is / 現在 (+1) or 目標 / To-Be /
 * あるべき / 将来 (-1) in the header cells or the three rows above, over
 * the columns from just after the previous grid's headers to this grid's
 * last column. */
static void grid_label(const reader_sheet *s, const box *ib, size_t nin, const box *ob,
                       size_t nout, box hi, box ho, reader_table *t)
{
    unsigned lo = hi.c1 < ho.c1 ? hi.c1 : ho.c1, end = hi.c2 > ho.c2 ? hi.c2 : ho.c2;
    unsigned from = 0;
    for (size_t i = 0; i < nin + nout; i++) {
        box b = i < nin ? ib[i] : ob[i - nin];
        if (b.r1 == hi.r1 && b.c2 < lo && b.c2 + 1 > from)
            from = b.c2 + 1;
    }
    unsigned top = hi.r1 >= 3 ? hi.r1 - 3 : 0;
    const ooxml_grid *g = s->grid;
    for (size_t i = 0; i < g->count; i++) {
        const ooxml_cell *c = &g->cells[i];
        if (c->row < top || c->row > hi.r1 || c->type != OOXML_STRING)
            continue;
        box b = cell_box(g, c);
        if (b.c1 > end || b.c2 < from)
            continue;
        char *n = reader_header_norm(c->text);
        if (!n)
            continue;
        int v = 0;
        if (strstr(n, "現状") || strstr(n, "as-is") || strstr(n, "asis") || strstr(n, "現在"))
            v = 1;
        else if (strstr(n, "目標") || strstr(n, "to-be") || strstr(n, "tobe") ||
                 strstr(n, "あるべき") || strstr(n, "将来") || strstr(n, "前回") ||
                 strstr(n, "前年") || strstr(n, "昨年") || strstr(n, "過去"))
            v = -1; /* a target, or an old assessment kept beside */
        free(n);
        if (v && (!t->asis || c->row < hi.r1)) {
            t->asis = v;
            snprintf(t->label, sizeof t->label, "%s", c->text);
        }
    }
}

/* 1 if most level columns of either side (a side column of the numeric
 * layout) are hidden: a stale copy kept beside the current one. */
static int columns_hidden(const reader_sheet *s, const reader_table *t)
{
    if (t->numeric)
        return ooxml_grid_col_hidden(s->grid, t->in_col) ||
               ooxml_grid_col_hidden(s->grid, t->out_col);
    for (int side = 0; side < 2; side++) {
        size_t n = 0, hidden = 0;
        for (int l = 0; l < 6; l++) {
            long c = (side ? t->out_cols : t->in_cols)[l];
            if (c >= 0) {
                n++;
                hidden += ooxml_grid_col_hidden(s->grid, (unsigned)c);
            }
        }
        if (n > 0 && hidden * 2 > n)
            return 1;
    }
    return 0;
}

/* 1 if more than half of the role rows below the table's header are hidden. */
static int rows_hidden(const reader_sheet *s, const reader_table *t)
{
    size_t n = 0, hidden = 0;
    for (size_t i = 0; i < s->grid->count; i++) {
        const ooxml_cell *c = &s->grid->cells[i];
        if (s->role[i] < 0 || c->col != t->role_col || c->row <= t->level_row ||
            (t->row_end && c->row >= t->row_end))
            continue;
        n++;
        hidden += ooxml_grid_row_hidden(s->grid, c->row);
    }
    return n > 0 && hidden * 2 > n;
}

isomm_error reader_find_table(const reader_sheet *s, const isomm_catalog *catalog,
                              reader_table *out)
{
    const ooxml_grid *g = s->grid;
    memset(out, 0, sizeof *out);
    out->sheet = s->index;
    out->note_col = -1;
    for (int l = 0; l < 6; l++)
        out->in_cols[l] = out->out_cols[l] = -1;

    hits h;
    if (hits_build(s, &h) != 0)
        return ISOMM_ERR_NOMEM;
    unsigned col = 0;
    size_t n = role_column(&h, -1, &col);
    if (n > 0) {
        out->stage = 1;
        out->role_count = n;
        out->role_col = col;
    }

    size_t ins[MAX_HEADER_WORDS], outs[MAX_HEADER_WORDS], nin = 0, nout = 0;
    int in_alias[MAX_HEADER_WORDS], out_alias[MAX_HEADER_WORDS];
    for (size_t i = 0; i < g->count; i++) {
        if (g->cells[i].type != OOXML_STRING)
            continue;
        int side = side_header(g->cells[i].text);
        if ((side == 1 || side == 3) && nin < MAX_HEADER_WORDS) {
            in_alias[nin] = side == 3;
            ins[nin++] = i;
        } else if ((side == 2 || side == 4) && nout < MAX_HEADER_WORDS) {
            out_alias[nout] = side == 4;
            outs[nout++] = i;
        }
    }
    /* an alias alone is not reported as a header word */
    size_t real_in = 0, real_out = 0;
    for (size_t i = 0; i < nin; i++)
        real_in += !in_alias[i];
    for (size_t i = 0; i < nout; i++)
        real_out += !out_alias[i];
    if (real_in + real_out > 0) {
        size_t first_in = 0, first_out = 0;
        while (first_in < nin && in_alias[first_in])
            first_in++;
        while (first_out < nout && out_alias[first_out])
            first_out++;
        size_t i = real_in ? ins[first_in] : outs[first_out];
        out->stage = 2;
        out->header_row = g->cells[i].row;
        out->found_in = real_in > 0;
        out->found_out = real_out > 0;
        if (real_in) {
            out->in_row = g->cells[i].row;
            out->in_col = g->cells[i].col;
        } else {
            out->out_row = g->cells[i].row;
            out->out_col = g->cells[i].col;
        }
        out->role_count = role_column(&h, (long)g->cells[i].row, &out->role_col);
    }

    box in_box[MAX_HEADER_WORDS], out_box[MAX_HEADER_WORDS];
    for (size_t a = 0; a < nin; a++)
        in_box[a] = cell_box(g, &g->cells[ins[a]]);
    for (size_t b = 0; b < nout; b++)
        out_box[b] = cell_box(g, &g->cells[outs[b]]);
    for (size_t a = 0; a < nin; a++) {
        for (size_t b = 0; b < nout; b++) {
            const ooxml_cell *ci = &g->cells[ins[a]], *co = &g->cells[outs[b]];
            box hi = in_box[a], ho = out_box[b];
            if (hi.r1 != ho.r1 || !same_grid(s, &h, hi, ho) ||
                header_between(in_box, nin, out_box, nout, hi, ho))
                continue;
            reader_table t;
            memset(&t, 0, sizeof t);
            t.stage = 3;
            t.found_in = t.found_out = 1;
            t.sheet = s->index;
            t.header_row = hi.r1;
            t.in_row = ci->row;
            t.in_col = ci->col;
            t.out_row = co->row;
            t.out_col = co->col;
            t.note_col = -1;
            for (int l = 0; l < 6; l++)
                t.in_cols[l] = t.out_cols[l] = -1;
            unsigned bottom = hi.r2 > ho.r2 ? hi.r2 : ho.r2;
            unsigned ia, ib, oa, ob;
            header_span(hi, ho, &ia, &ib);
            header_span(ho, hi, &oa, &ob);
            for (unsigned rr = bottom + 1; rr <= bottom + LEVEL_ROW_SEARCH; rr++) {
                long icols[6], ocols[6];
                if (scan_levels(s, rr, ia, ib, 0, icols) && scan_levels(s, rr, oa, ob, 1, ocols)) {
                    t.stage = 4;
                    t.level_row = rr;
                    memcpy(t.in_cols, icols, sizeof icols);
                    memcpy(t.out_cols, ocols, sizeof ocols);
                    t.has_zero = icols[0] >= 0 || ocols[0] >= 0;
                    break;
                }
            }
            if ((in_alias[a] || out_alias[b]) && t.stage < 4)
                continue; /* 内製 / 委託 only over level columns */
            if (t.stage == 4) {
                find_extras(s, &t, 0, ia, ib, hi.c2 > hi.c1);
                find_extras(s, &t, 1, oa, ob, ho.c2 > ho.c1);
            } else if (hi.c2 > hi.c1) {
                describe_sub_headers(s, &t, bottom, ia, ib);
            }
            unsigned last_header = t.stage == 4 ? t.level_row : bottom;
            t.role_count = role_column(&h, (long)last_header, &t.role_col);
            const char *word = score_word(s->norm[ins[a]]), *wcell = ci->text;
            if (!word) {
                word = score_word(s->norm[outs[b]]);
                wcell = co->text;
            }
            if (t.stage == 3 && hi.c1 == hi.c2 && ho.c1 == ho.c2 && t.role_count > 0 && word)
                snprintf(t.why_not, sizeof t.why_not, "the header '%.60s' mentions %s (a "
                         "service score, not a level)", wcell, word);
            else if (t.stage == 3 && (hi.c1 != hi.c2 || ho.c1 != ho.c2))
                snprintf(t.why_not, sizeof t.why_not, "the headers are merged over several "
                         "columns");
            if (t.stage == 3 && hi.c1 == hi.c2 && ho.c1 == ho.c2 && t.role_count > 0 &&
                !word && numeric_values(s, &t, bottom)) {
                t.stage = 4;
                t.numeric = 1;
                t.has_zero = 1;
                t.level_row = bottom;
                t.note_col = note_column(s, t.header_row, bottom);
            }
            if (t.stage == 4)
                t.note_col = note_column(s, t.header_row, t.level_row);
            if (t.stage == 4) {
                grid_label(s, in_box, nin, out_box, nout, hi, ho, &t);
                t.hidden = columns_hidden(s, &t);
            }
            int full = t.stage == 4 && t.role_count * 2 >= catalog->role_count;
            if (full && out->stage == 4 && out->role_count * 2 >= catalog->role_count &&
                t.header_row != out->header_row && same_columns(&t, out)) {
                /* stacked in the same columns: read from the upper header;
                 * reader_pick_block chooses between the blocks of rows */
                if (t.header_row < out->header_row)
                    *out = t;
                continue;
            }
            if (full && out->stage == 4 && out->role_count * 2 >= catalog->role_count) {
                /* two full grids: a visible one before one whose level
                 * columns are hidden, then the one labelled 現状 / As-Is,
                 * else the first */
                int take = t.hidden != out->hidden ? out->hidden : t.asis > out->asis;
                reader_table *win = take ? &t : out, *lose = take ? out : &t;
                char ref[16];
                ooxml_cell_ref(lose->in_row, lose->in_col, ref);
                char desc[160];
                snprintf(desc, sizeof desc, "インソース at %s%s%s%s%s", ref,
                         lose->label[0] ? " under '" : "", lose->label,
                         lose->label[0] ? "'" : "",
                         lose->hidden && !win->hidden ? " (its level columns are hidden)" : "");
                memcpy(win->ignored, desc, sizeof desc);
                if (lose->header_row > win->header_row &&
                    (!win->row_end || lose->header_row < win->row_end))
                    win->row_end = lose->header_row; /* the other grid is below */
                if (take)
                    *out = t;
                continue;
            }
            if (reader_table_better(&t, out))
                *out = t;
        }
    }
    free(h.items);
    if (out->stage == 4) {
        out->hidden = out->hidden || rows_hidden(s, out);
        /* a 【記入例】 banner above the header marks an example sheet */
        for (size_t i = 0; i < g->count && g->cells[i].row < out->header_row; i++)
            if (g->cells[i].type == OOXML_STRING && strlen(g->cells[i].text) < 200 &&
                reader_example_text(g->cells[i].text)) {
                out->example = 1;
                snprintf(out->example_label, sizeof out->example_label, "%s",
                         g->cells[i].text);
                break;
            }
        /* filled level cells of role rows, to rank sheets holding the table */
        for (size_t i = 0; i < g->count && !out->numeric; i++) {
            const ooxml_cell *c = &g->cells[i];
            if (c->row <= out->level_row || (out->row_end && c->row >= out->row_end))
                continue;
            for (int l = 0; l < 6; l++)
                if (out->in_cols[l] == (long)c->col || out->out_cols[l] == (long)c->col)
                    out->selections += reader_mark(c, s->norm[i]) ||
                                       (c->type == OOXML_NUMBER && l >= 2 && c->number == l);
        }
        for (size_t i = 0; i < g->count && out->numeric; i++) {
            const ooxml_cell *c = &g->cells[i];
            int d;
            if (c->row > out->level_row && (c->col == out->in_col || c->col == out->out_col))
                out->selections += level_value(c, s->norm[i], &d) >= 0;
        }
    }
    return ISOMM_OK;
}

static int nonempty(const reader_sheet *s, unsigned row, unsigned col)
{
    const ooxml_cell *c = ooxml_grid_at(s->grid, row, col);
    if (c && s->norm[c - s->grid->cells] && *s->norm[c - s->grid->cells])
        return 1;
    return ooxml_grid_merge_at(s->grid, row, col) != NULL;
}

static int row_cmp(const void *a, const void *b)
{
    const reader_row *x = a, *y = b;
    return (x->row > y->row) - (x->row < y->row);
}

int reader_example_text(const char *text)
{
    static const char *const words[] = {"記入例", "例", "サンプル", "記載例", "入力例",
                                        "回答例", "example", "sample"};
    /* Every word has 例, サンプル (half-width: ｻ, EF BD BB) or "ample"
     * (maybe full-width: EF BD): cells without one go no further. */
    if (!strstr(text, "例") && !strstr(text, "サンプル") && !strstr(text, "\xEF\xBD") &&
        !strcasestr(text, "ample"))
        return 0;
    char *h = reader_header_norm(text);
    if (!h)
        return 0;
    const char *p = h;
    static const char *const open[] = {"【", "(", "[", "〔", "＜", "<", "≪", "※"};
    for (size_t i = 0; i < sizeof open / sizeof *open; i++)
        if (strncmp(p, open[i], strlen(open[i])) == 0) {
            p += strlen(open[i]);
            break;
        }
    int hit = strstr(h, "記入例") || strstr(h, "記載例") || strstr(h, "入力例") ||
              strstr(h, "回答例");
    for (size_t w = 0; w < sizeof words / sizeof *words && !hit; w++) {
        size_t l = strlen(words[w]);
        if (strncmp(p, words[w], l) != 0)
            continue;
        const char *q = p + l;
        /* the word alone, or followed by a bracket, colon or number */
        hit = !*q || strchr(")]:>", *q) || strncmp(q, "】", 3) == 0 ||
              strncmp(q, "〕", 3) == 0 || strncmp(q, "：", 3) == 0 ||
              strncmp(q, "＞", 3) == 0 || strncmp(q, "≫", 3) == 0 ||
              (*q >= '0' && *q <= '9' && !q[1]);
    }
    free(h);
    return hit;
}

/* 1 if a cell of row `row` (columns up to `right`) labels the row as an
 * example (reader_example_text); the label in `label`. */
static int example_row(const reader_sheet *s, unsigned row, unsigned right, char *label,
                       size_t size)
{
    for (unsigned c = 0; c <= right && c < OOXML_MAX_COLS; c++) {
        const ooxml_cell *cell = ooxml_grid_at(s->grid, row, c);
        if (!cell || cell->type != OOXML_STRING)
            continue;
        if (reader_example_text(cell->text)) {
            snprintf(label, size, "%s", cell->text);
            return 1;
        }
    }
    return 0;
}

isomm_error reader_read_table(const reader_sheet *s, const reader_table *t,
                              isomm_assessment *a)
{
    const isomm_catalog *cat = a->catalog;
    const ooxml_grid *g = s->grid;
    unsigned last_row = t->level_row;
    unsigned left = t->role_col, right = t->role_col;
#define WIDEN(c)                                                                   \
    do {                                                                           \
        unsigned c_ = (unsigned)(c);                                               \
        if (c_ < left)                                                             \
            left = c_;                                                             \
        if (c_ > right)                                                            \
            right = c_;                                                            \
    } while (0)
    for (int l = 0; l < 6; l++) {
        if (t->in_cols[l] >= 0)
            WIDEN(t->in_cols[l]);
        if (t->out_cols[l] >= 0)
            WIDEN(t->out_cols[l]);
    }
    WIDEN(t->in_col);
    WIDEN(t->out_col);
    if (t->note_col >= 0)
        WIDEN(t->note_col);

    /* Of tables stacked on the sheet, the rows of one. */
    unsigned from, to;
    isomm_error berr = reader_pick_block(s, t, left, right, a, &from, &to);
    if (berr)
        return berr;

    /* The role rows: rows labelled as an example (記入例) are skipped; of a
     * repeated role ID the first visible row is read. */
    size_t nrows = 0;
    reader_row *rows = malloc((g->count ? g->count : 1) * sizeof *rows);
    /* warnings of this pass, given in row order with the values' below */
    isomm_strlist later = {0};
    unsigned *later_row = malloc((g->count ? g->count : 1) * sizeof *later_row);
    if (!rows || !later_row) {
        free(rows);
        free(later_row);
        return ISOMM_ERR_NOMEM;
    }
    isomm_error err = ISOMM_OK;
#define LATER(...)                                                                 \
    do {                                                                           \
        if (core_strlist_addf(&later, __VA_ARGS__))                               \
            err = ISOMM_ERR_NOMEM;                                                 \
        else                                                                       \
            later_row[later.count - 1] = c->row;                                   \
    } while (0)
    for (size_t i = 0; !err && i < g->count; i++) {
        const ooxml_cell *c = &g->cells[i];
        long k = s->role[i];
        if (k < 0 || c->col != t->role_col || c->row < from || c->row > to)
            continue;
        const ooxml_range *mr = ooxml_grid_merge_at(g, c->row, c->col);
        unsigned bottom = mr ? mr->r2 : c->row;
        /* a merged role cell's rows end before a row with its own role cell */
        for (unsigned r = c->row + 1; r <= bottom; r++) {
            const ooxml_cell *below = ooxml_grid_at(g, r, c->col);
            if (below && s->norm[below - g->cells] && *s->norm[below - g->cells]) {
                bottom = r - 1;
                break;
            }
        }
        char ref[16], label[64];
        ooxml_cell_ref(c->row, c->col, ref);
        if (example_row(s, c->row, right, label, sizeof label)) {
            LATER("%s!%s (%s): the row is labelled '%s' (an example); skipped", s->name,
                  ref, cat->roles[k].id, label);
            continue;
        }
        if (bottom > last_row)
            last_row = bottom;
        isomm_answer *ans = &a->answers[k];
        int hidden = ooxml_grid_row_hidden(g, c->row);
        if (ans->found) {
            size_t f = 0;
            while (f < nrows && rows[f].role != k)
                f++;
            int first_hidden = f < nrows && ooxml_grid_row_hidden(g, rows[f].row);
            if (f < nrows && first_hidden && !hidden) {
                LATER("%s!%s (%s): role ID repeated (first at %s, a hidden row); the "
                      "visible row is used", s->name, ref, cat->roles[k].id, ans->cell);
                rows[f] = (reader_row){k, c->row, bottom};
                snprintf(ans->cell, sizeof ans->cell, "%s", ref);
                continue;
            }
            LATER("%s!%s (%s): role ID repeated (first at %s); the first row is used",
                  s->name, ref, cat->roles[k].id, ans->cell);
            continue;
        }
        ans->found = 1;
        snprintf(ans->cell, sizeof ans->cell, "%s", ref);
        rows[nrows++] = (reader_row){k, c->row, bottom};
    }
#undef LATER
    qsort(rows, nrows, sizeof *rows, row_cmp);
    unsigned first_row = nrows ? rows[0].row : from;
    size_t nocache = 0, flushed = 0, disguised = 0;
    unsigned nc_rows[8] = {0}, nc_cols[8] = {0};
    for (size_t i = 0; !err && i <= nrows; i++) {
        while (!err && flushed < later.count &&
               (i == nrows || later_row[flushed] < rows[i].row))
            if (core_strlist_addf(&a->warnings, "%s", later.items[flushed++]))
                err = ISOMM_ERR_NOMEM;
        if (i == nrows)
            break;
        long k = rows[i].role;
        unsigned row = rows[i].row;
        isomm_answer *ans = &a->answers[k];
        const ooxml_cell *m2[2] = {NULL, NULL};
        int v2[2] = {-1, -1}, d2[2] = {0, 0};
        for (int side = 0; t->numeric && side < 2; side++) {
            m2[side] = ooxml_grid_at(g, row, side ? t->out_col : t->in_col);
            if (m2[side])
                v2[side] = level_value(m2[side], s->norm[m2[side] - g->cells], &d2[side]);
        }
        for (int side = 0; t->numeric && !err && side < 2; side++) {
            unsigned vc = side ? t->out_col : t->in_col;
            const ooxml_cell *m = m2[side];
            int v = v2[side];
            char vref[16];
            ooxml_cell_ref(row, vc, vref);
            if (v >= 0) {
                if (side)
                    ans->outsource |= 1u << v;
                else
                    ans->insource |= 1u << v;
                if (d2[side] && disguised++ < 10 &&
                    core_strlist_addf(&a->warnings,
                                       "%s!%s (%s): %s value '%s' is not a bare level; read "
                                       "as level %d", s->name, vref, cat->roles[k].id,
                                       side ? "outsource" : "insource", m->text, v))
                    err = ISOMM_ERR_NOMEM;
            } else if (v == -2) {
                /* what the role becomes without it */
                char then[80];
                if (v2[!side] >= 0)
                    snprintf(then, sizeof then, "%s is read from its %s value alone",
                             cat->roles[k].id, side ? "insource" : "outsource");
                else
                    snprintf(then, sizeof then, "%s is left blank", cat->roles[k].id);
                if (core_strlist_addf(&a->warnings,
                                       "%s!%s (%s): %s value '%s' is not a level 0–5; "
                                       "ignored, so %s", s->name, vref, cat->roles[k].id,
                                       side ? "outsource" : "insource", m->text, then))
                    err = ISOMM_ERR_NOMEM;
            } else if (m && m->type == OOXML_EMPTY && m->formula) {
                if (nocache < 8) {
                    nc_rows[nocache] = row;
                    nc_cols[nocache] = vc;
                }
                nocache++;
            }
        }
        if (t->note_col >= 0) {
            const ooxml_cell *n = ooxml_grid_at(g, row, (unsigned)t->note_col);
            if (n && n->type != OOXML_EMPTY) {
                char *note = core_trim(core_strdup(n->text));
                if (!note)
                    err = ISOMM_ERR_NOMEM;
                else if (*note)
                    ans->note = note;
                else
                    free(note);
            }
        }
    }
    if (!err && disguised > 10 &&
        core_strlist_addf(&a->warnings, "%s: %zu more level values are written with text "
                           "around the level ('レベル3', '3点', '③'); read as the level",
                           s->name, disguised - 10))
        err = ISOMM_ERR_NOMEM;
    if (!err && !t->numeric && !t->dropdown)
        err = reader_read_marks(s, t, rows, nrows, a);
    free(rows);
    free(later_row);
    core_strlist_clear(&later);
    if (!err)
        err = reader_warn_nocache(s, nc_rows, nc_cols, nocache < 8 ? nocache : 8, nocache,
                                  "level value", a);
    if (err)
        return err;
    for (size_t k = 0; k < cat->role_count; k++)
        if (!a->answers[k].found &&
            core_strlist_addf(&a->warnings,
                               "%s: role %s not found in the table; treated as blank",
                               s->name, cat->roles[k].id))
            return ISOMM_ERR_NOMEM;

    /* The range: widened over header cells that continue the header row
     * (機能, 役割, 領域 … 備考). */
    for (int changed = 1, steps = 0; changed && steps < MAX_WIDEN; steps++) {
        changed = 0;
        for (unsigned r = t->header_row; r <= t->level_row; r++) {
            if (left > 0 && nonempty(s, r, left - 1)) {
                left--;
                changed = 1;
            }
            if (right + 1 < OOXML_MAX_COLS && nonempty(s, r, right + 1)) {
                right++;
                changed = 1;
            }
        }
    }
#undef WIDEN
    /* a lower block: from its own header (インソース in the same column) */
    unsigned top = t->header_row;
    if (from > t->level_row + 1) {
        top = first_row;
        for (size_t i = 0; i < g->count; i++) {
            const ooxml_cell *c = &g->cells[i];
            if (c->row >= from && c->row < top && c->col == t->in_col &&
                c->type == OOXML_STRING && side_header(c->text) == 1) {
                top = c->row;
                break;
            }
        }
    }
    char tl[16], br[16];
    ooxml_cell_ref(top, left, tl);
    ooxml_cell_ref(last_row, right, br);
    free(a->table_range);
    free(a->kind);
    free(a->sheet);
    free(a->layout);
    a->table_range = core_asprintf("%s:%s", tl, br);
    a->kind = core_strdup(t->has_zero ? "isomm-v2.1" : "isomm-v2.0");
    a->sheet = core_strdup(s->name);
    a->layout = core_strdup(t->numeric ? "numeric" : "marker-grid");
    if (!a->table_range || !a->kind || !a->sheet || !a->layout)
        return ISOMM_ERR_NOMEM;
    if (t->numeric) {
        free(a->selections);
        a->selections = core_strdup("numbers 0–5 in one インソース and one アウトソース column");
        if (!a->selections)
            return ISOMM_ERR_NOMEM;
    }
    return ISOMM_OK;
}
