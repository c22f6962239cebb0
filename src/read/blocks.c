/*
 * reader_blocks.c - two whole tables stacked on one sheet. When the role
 * IDs below a table's header run through (at least half of) the catalog
 * twice, one block after the other (an old assessment kept above the new
 * one, with or without its own header), the blocks are two tables: one is
 * read, like two grids or two sheets are chosen, and one warning names
 * both row ranges. A block of fewer roles is no table: its rows are
 * repeats (the reader's per-row rule).
 */
#include "read/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define MAX_BLOCKS 8

typedef struct block {
    unsigned first, last; /* first and last role row */
    int label;            /* +1 current / new, -1 old / target, 0 none */
    int year;             /* a year in its label, or 0 */
    char text[64];        /* the label cell */
    size_t rows, hidden;  /* its role rows, and how many are hidden */
} block;

/* A year of a Japanese era written at p ("令和2年", "令和元年", "平成30年",
 * "r2年", "h30年"; h lower-cased by reader_header_norm), or 0. */
static int era_year(const char *p)
{
    static const struct {
        const char *name;
        int base; /* the era's year 1 is base + 1 */
    } ERAS[] = {{"令和", 2018}, {"平成", 1988}, {"昭和", 1925}, {"r", 2018}, {"h", 1988}};
    for (size_t i = 0; i < sizeof ERAS / sizeof *ERAS; i++) {
        size_t l = strlen(ERAS[i].name);
        if (strncmp(p, ERAS[i].name, l) != 0)
            continue;
        const char *q = p + l;
        int n = 0;
        if (strncmp(q, "元", strlen("元")) == 0) {
            n = 1;
            q += strlen("元");
        } else {
            for (int d = 0; d < 2 && *q >= '0' && *q <= '9'; d++)
                n = n * 10 + (*q++ - '0');
        }
        if (n >= 1 && n <= 99 && !(*q >= '0' && *q <= '9') &&
            strncmp(q, "年", strlen("年")) == 0)
            return ERAS[i].base + n;
    }
    return 0;
}

int reader_year(const char *h)
{
    int year = 0;
    for (const char *p = h; *p; p++) {
        int y = 0;
        if ((p[0] == '1' || p[0] == '2') && (p[1] == '9' || p[1] == '0') && p[2] >= '0' &&
            p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9') &&
            (p == h || !(p[-1] >= '0' && p[-1] <= '9')))
            y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        else if (p[0] == 'f' && p[1] == 'y' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
                 p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9'))
            y = 2000 + (p[2] - '0') * 10 + (p[3] - '0'); /* FY20 */
        else if (p == h || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9')))
            y = era_year(p);
        if (y >= 1990 && y <= 2199 && y > year)
            year = y;
    }
    return year;
}

int reader_sheet_year(ooxml_book *book, size_t sheet)
{
    char *h = reader_header_norm(ooxml_sheet_name(book, sheet));
    int y = h ? reader_year(h) : 0;
    free(h);
    return y;
}

/* +1 for a label naming the current or newest assessment, -1 for an old
 * one or a target, 0 otherwise (or both). */
static int label_kind(const char *h)
{
    static const char *const cur[] = {"現状", "現在", "今回", "最新", "new", "latest",
                                      "current", "as-is", "asis"};
    static const char *const old[] = {"旧", "前回", "過去", "前年", "昨年", "old", "prev",
                                      "目標", "to-be", "tobe", "あるべき", "将来"};
    int c = 0, o = 0;
    for (size_t i = 0; i < sizeof cur / sizeof *cur; i++)
        c |= strstr(h, cur[i]) != NULL;
    for (size_t i = 0; i < sizeof old / sizeof *old; i++)
        o |= strstr(h, old[i]) != NULL;
    return c == o ? 0 : c ? 1 : -1;
}

/* The label of a block: text cells in rows [r1, r2] naming it. */
static void block_label(const reader_sheet *s, unsigned r1, unsigned r2, block *b)
{
    const ooxml_grid *g = s->grid;
    for (size_t i = 0; i < g->count; i++) {
        const ooxml_cell *c = &g->cells[i];
        if (c->row < r1 || c->type != OOXML_STRING || s->role[i] >= 0)
            continue;
        if (c->row > r2)
            break;
        char *h = reader_header_norm(c->text);
        if (!h)
            continue;
        int k = label_kind(h), y = reader_year(h);
        free(h);
        if ((k && !b->label) || (y && !b->year)) {
            if (k && !b->label)
                b->label = k;
            if (y && !b->year)
                b->year = y;
            if (!b->text[0])
                snprintf(b->text, sizeof b->text, "%s", c->text);
        }
    }
}

isomm_error reader_pick_block(const reader_sheet *s, const reader_table *t, unsigned left,
                              unsigned right, isomm_assessment *a, unsigned *from,
                              unsigned *to)
{
    const isomm_catalog *cat = a->catalog;
    const ooxml_grid *g = s->grid;
    *from = t->level_row + 1;
    *to = t->row_end ? t->row_end - 1 : OOXML_MAX_ROWS;
    size_t need = (cat->role_count + 1) / 2;
    unsigned char *seen = calloc(cat->role_count ? cat->role_count : 1, 1);
    if (!seen)
        return ISOMM_ERR_NOMEM;
    block b[MAX_BLOCKS];
    size_t nb = 0, distinct = 0;
    for (size_t i = 0; i < g->count; i++) {
        const ooxml_cell *c = &g->cells[i];
        long k = s->role[i];
        if (k < 0 || c->col != t->role_col || c->row < *from || c->row > *to)
            continue;
        if (nb == 0 || (seen[k] && distinct >= need && nb < MAX_BLOCKS)) {
            memset(seen, 0, cat->role_count);
            distinct = 0;
            b[nb++] = (block){c->row, c->row, 0, 0, "", 0, 0};
        }
        distinct += !seen[k];
        seen[k] = 1;
        b[nb - 1].last = c->row;
        b[nb - 1].rows++;
        b[nb - 1].hidden += (size_t)ooxml_grid_row_hidden(g, c->row);
    }
    /* a short block is no table: its rows are repeats of the block above */
    if (nb > 1 && distinct < need) {
        b[nb - 2].last = b[nb - 1].last;
        b[nb - 2].rows += b[nb - 1].rows;
        b[nb - 2].hidden += b[nb - 1].hidden;
        nb--;
    }
    free(seen);
    if (nb < 2)
        return ISOMM_OK;
    unsigned top = t->header_row >= 3 ? t->header_row - 3 : 0;
    for (size_t i = 0; i < nb; i++)
        block_label(s, i ? b[i - 1].last + 1 : top, b[i].first - 1, &b[i]);
    /* a visible block before one in hidden (or collapsed) rows; then the
     * block labelled current / new (or the one not labelled old), then the
     * later year, then the later block */
    int visible[MAX_BLOCKS], any_visible = 0, any_hidden = 0;
    for (size_t i = 0; i < nb; i++) {
        visible[i] = b[i].hidden * 2 <= b[i].rows;
        any_visible |= visible[i];
        any_hidden |= !visible[i];
    }
    int by_sight = any_visible && any_hidden;
    int best = -2, same = 1, first = 1, l0 = 0;
    for (size_t i = 0; i < nb; i++) {
        if (by_sight && !visible[i])
            continue;
        if (first)
            l0 = b[i].label;
        same &= b[i].label == l0;
        if (first || b[i].label > best)
            best = b[i].label;
        first = 0;
    }
    int years = 1, ydiff = 0, y0 = -1;
    for (size_t i = 0; i < nb; i++)
        if (b[i].label == best && (!by_sight || visible[i])) {
            years &= b[i].year != 0;
            ydiff |= y0 >= 0 && b[i].year != y0;
            if (y0 < 0)
                y0 = b[i].year;
        }
    size_t w = nb;
    for (size_t i = 0; i < nb; i++)
        if (b[i].label == best && (!by_sight || visible[i]) &&
            (w == nb || (years && ydiff ? b[i].year >= b[w].year : 1)))
            w = i;
    size_t nvisible = 0;
    for (size_t i = 0; i < nb; i++)
        nvisible += (size_t)visible[i];
    int alone = by_sight && nvisible == 1; /* sight alone decided */
    const char *why = alone          ? "they are visible, the other rows hidden"
                      : !same        ? (best > 0 ? "its label names it the current one"
                                                 : "the others are labelled old or a target")
                      : years && ydiff ? "its label has the later year"
                                       : "the later block on the sheet, usually the newer";
    char tl[16], br[16], used[40], others[160] = "";
    ooxml_cell_ref(b[w].first, left, tl);
    ooxml_cell_ref(b[w].last, right, br);
    snprintf(used, sizeof used, "%s:%s", tl, br);
    for (size_t i = 0; i < nb; i++) {
        if (i == w)
            continue;
        ooxml_cell_ref(b[i].first, left, tl);
        ooxml_cell_ref(b[i].last, right, br);
        size_t n = strlen(others);
        snprintf(others + n, sizeof others - n, "%s%s:%s%s%s%s%s", n ? ", " : "", tl, br,
                 b[i].text[0] ? " under '" : "", b[i].text, b[i].text[0] ? "'" : "",
                 by_sight && !visible[i] ? " (hidden rows)" : "");
    }
    if (core_strlist_addf(&a->warnings,
                           "%s: %zu tables stacked on one sheet (the role IDs %s … %s run "
                           "%zu times, in blocks one below the other); read the rows %s%s%s%s "
                           "(%s), ignored %s",
                           s->name, nb, cat->roles[0].id, cat->roles[cat->role_count - 1].id,
                           nb, used, b[w].text[0] ? " under '" : "", b[w].text,
                           b[w].text[0] ? "'" : "", why, others))
        return ISOMM_ERR_NOMEM;
    *from = w ? b[w - 1].last + 1 : *from;
    *to = w + 1 < nb ? b[w + 1].first - 1 : *to;
    return ISOMM_OK;
}
