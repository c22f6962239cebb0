/*
 * read/dropdowns.c - answers given with drop-down form controls, as
 * Excel-based maturity tools save them: a combo box or list box per role
 * side (or one per role) placed over the role's row, whose linked cell
 * (fmlaLink; else its `sel`) holds the 1-based index of the chosen item of
 * a list range (fmlaRange). The item's cached text tells the level ("0" …
 * "5", "レベル3", "3：文書化済", a rubric word) and, for one control per
 * role, the side too ("インソース3", "アウトソース 2"). The control's side is
 * the side header above its column. Lists and linked cells may be on
 * other sheets, which are loaded once each.
 */
#include "read/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define HEADER_ROWS_ABOVE 3 /* rows above the first role row searched for a side */
#define MAX_OTHER_SHEETS 8  /* list or link sheets kept loaded at once */
#define MAX_LIST_ITEMS 1000

/* The role of row `row` in column `col` (a merged role cell counts for
 * every row it covers), or -1. */
static long role_of_row(const reader_sheet *s, unsigned col, unsigned row)
{
    const ooxml_cell *c = ooxml_grid_at(s->grid, row, col);
    if (!c) {
        const ooxml_range *m = ooxml_grid_merge_at(s->grid, row, col);
        if (m)
            c = ooxml_grid_at(s->grid, m->r1, m->c1);
    }
    return c ? s->role[c - s->grid->cells] : -1;
}

/* The side a text names: 0 insource, 1 outsource, -1 neither or both. */
static int side_of(const char *text)
{
    char *h = reader_header_norm(text);
    if (!h)
        return -1;
    int in = strstr(h, "インソース") || strstr(h, "insource") || strstr(h, "in-source") ||
             strstr(h, "内製") || strstr(h, "自組織") || strstr(h, "社内");
    int out = strstr(h, "アウトソース") || strstr(h, "outsource") ||
              strstr(h, "out-source") || strstr(h, "委託") || strstr(h, "外注") ||
              strstr(h, "社外");
    free(h);
    return in == out ? -1 : out;
}

/* The side of the header above column `col` (the nearest text in the rows
 * above `first`, merged cells included): 0, 1, or -1 (both, none). */
static int column_side(const reader_sheet *s, unsigned col, unsigned first)
{
    for (unsigned r = first; r-- > 0 && first - r <= HEADER_ROWS_ABOVE;) {
        const ooxml_cell *c = ooxml_grid_at(s->grid, r, col);
        if (!c) {
            const ooxml_range *m = ooxml_grid_merge_at(s->grid, r, col);
            c = m ? ooxml_grid_at(s->grid, m->r1, m->c1) : NULL;
        }
        if (c && c->type == OOXML_STRING && *s->norm[c - s->grid->cells])
            return side_of(c->text);
    }
    return -1;
}

static int is_drop(const ooxml_control *c)
{
    return c->dropdown && !c->groupbox;
}

isomm_error reader_find_dropdowns(ooxml_book *book, const reader_sheet *s, reader_table *t,
                                  size_t need, char *errbuf)
{
    ooxml_control *cs = NULL;
    size_t n = 0;
    isomm_error err = ooxml_load_controls(book, s->index, &cs, &n, errbuf);
    if (err || n == 0)
        return err;
    unsigned char *seen = calloc(s->grid->count ? s->grid->count : 1, 1);
    size_t roles = 0;
    unsigned first = OOXML_MAX_ROWS, cols[2] = {0, 0};
    int ncols = 0;
    for (size_t i = 0; seen && i < n; i++) {
        long k = is_drop(&cs[i]) ? role_of_row(s, t->role_col, cs[i].row) : -1;
        if (k < 0)
            continue;
        const ooxml_cell *rc = ooxml_grid_at(s->grid, cs[i].row, t->role_col);
        size_t at = rc ? (size_t)(rc - s->grid->cells) : 0;
        roles += rc && !seen[at];
        if (rc)
            seen[at] = 1;
        if (cs[i].row < first)
            first = cs[i].row;
        if (ncols < 2 && (ncols == 0 || cols[0] != cs[i].col) &&
            (ncols < 2 || cols[1] != cs[i].col))
            cols[ncols++] = cs[i].col;
    }
    if (!seen)
        err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", ooxml_path(book));
    free(seen);
    free(cs);
    if (err || roles < need || ncols == 0)
        return err;
    int s0 = column_side(s, cols[0], first), s1 = ncols > 1 ? column_side(s, cols[1], first) : -1;
    t->stage = 4;
    t->dropdown = 1;
    t->numeric = 0;
    t->has_zero = 1;
    t->hidden = 0;
    t->header_row = t->level_row = first > 0 ? first - 1 : 0;
    t->in_row = t->out_row = t->header_row;
    t->note_col = -1;
    for (unsigned c = 0; c < s->grid->cols && t->note_col < 0; c++) {
        const ooxml_cell *h = ooxml_grid_at(s->grid, t->header_row, c);
        if (h && strstr(s->norm[h - s->grid->cells], "備考"))
            t->note_col = (long)c;
    }
    for (int l = 0; l < 6; l++)
        t->in_cols[l] = t->out_cols[l] = -1;
    /* one column per side, or one column whose items name the side */
    int swap = ncols > 1 && (s0 == 1 || s1 == 0);
    t->in_col = cols[swap ? 1 : 0];
    t->out_col = ncols > 1 ? cols[swap ? 0 : 1] : cols[0];
    return ISOMM_OK;
}

/* ---- reading ------------------------------------------------------------- */

/* The sheets a list or a linked cell may be on, loaded once each. */
typedef struct others {
    ooxml_book *book;
    const reader_sheet *self;
    size_t index[MAX_OTHER_SHEETS];
    ooxml_grid *grid[MAX_OTHER_SHEETS];
    size_t count;
} others;

static void others_free(others *o)
{
    for (size_t i = 0; i < o->count; i++)
        ooxml_grid_free(o->grid[i]);
}

/* "Sheet!$A$1:$A$7", "'設定'!B5", "$K$1" → the grid holding it and the
 * range; NULL if the sheet is unknown (or more than MAX_OTHER_SHEETS). */
static const ooxml_grid *locate(others *o, const char *ref, ooxml_range *out, char *errbuf,
                                isomm_error *err)
{
    char name[256], cells[64];
    const char *r;
    reader_split_ref(ref, name, sizeof name, &r);
    snprintf(cells, sizeof cells, "%s", r);
    char *colon = strchr(cells, ':');
    if (colon)
        *colon = '\0';
    if (ooxml_parse_ref(cells, &out->r1, &out->c1) != 0 ||
        ooxml_parse_ref(colon ? colon + 1 : cells, &out->r2, &out->c2) != 0)
        return NULL;
    if (out->r2 < out->r1 || out->c2 < out->c1)
        return NULL;
    long idx = r != ref ? ooxml_find_sheet(o->book, name) : (long)o->self->index;
    if (idx < 0)
        return NULL;
    if ((size_t)idx == o->self->index)
        return o->self->grid;
    for (size_t i = 0; i < o->count; i++)
        if (o->index[i] == (size_t)idx)
            return o->grid[i];
    if (o->count == MAX_OTHER_SHEETS)
        return NULL;
    *err = ooxml_load_grid(o->book, (size_t)idx, &o->grid[o->count], errbuf);
    if (*err)
        return NULL;
    o->index[o->count] = (size_t)idx;
    return o->grid[o->count++];
}

/* The level (and side, when the item names one) of a list item; -1 if it
 * names no level, -2 if it is blank or a placeholder (no answer). */
static int item_level(const char *text, int *side)
{
    char *t = reader_normalize(text);
    if (!t)
        return -1;
    int level = -2;
    if (*t && strcmp(t, "-") && strcmp(t, "—") && strcmp(t, "未選択") && strcmp(t, "未回答") &&
        strcmp(t, "選択してください")) {
        int sd = side_of(t);
        if (sd >= 0)
            *side = sd;
        /* the level after the side's word: "インソース3", "Outsource: 2" */
        char *p = t;
        while (*p && !(*p >= '0' && *p <= '5') && sd >= 0)
            p++;
        ooxml_cell c = {0, 0, OOXML_STRING, p, 0, NULL};
        level = reader_level(&c, p);
        if (level < 0 && sd < 0)
            level = reader_level_word(t, *side);
        if (level < 0)
            level = -1;
    }
    free(t);
    return level;
}

typedef struct drop_ctx {
    const reader_sheet *s;
    const reader_table *t;
    isomm_assessment *a;
    others o;
    int by_link, by_sel;
    size_t bad;
} drop_ctx;

static isomm_error warn_at(drop_ctx *x, unsigned row, unsigned col, long k, const char *what)
{
    char ref[16];
    ooxml_cell_ref(row, col, ref);
    return core_strlist_addf(&x->a->warnings, "%s!%s (%s): %s", x->s->name, ref,
                             k >= 0 ? x->a->catalog->roles[k].id : "no role", what)
               ? ISOMM_ERR_NOMEM
               : ISOMM_OK;
}

/* The index a control holds: its linked cell's cached number, or its sel
 * when it has no linked cell. 0 none; -1 a linked cell that holds no
 * number (*lr, *lc: the linked cell). */
static long control_index(drop_ctx *x, const ooxml_control *c, unsigned *lr, unsigned *lc,
                          int *linked, char *errbuf, isomm_error *err)
{
    *linked = 0;
    if (!*c->link) {
        x->by_sel |= c->sel > 0;
        return c->sel > 0 ? c->sel : 0;
    }
    ooxml_range r;
    const ooxml_grid *g = locate(&x->o, c->link, &r, errbuf, err);
    if (!g)
        return *err ? 0 : -1;
    *linked = 1;
    *lr = r.r1;
    *lc = r.c1;
    const ooxml_cell *v = ooxml_grid_at(g, r.r1, r.c1);
    if (!v || v->type == OOXML_EMPTY)
        return 0;
    x->by_link = 1;
    if (v->type != OOXML_NUMBER || v->number != (double)(long)v->number || v->number < 0)
        return -1;
    return (long)v->number;
}

/* One drop-down over role k's row. */
static isomm_error read_one(drop_ctx *x, const ooxml_control *c, long k, char *errbuf)
{
    const reader_table *t = x->t;
    int side = t->in_col == t->out_col ? -1 : c->col == t->out_col ? 1 : 0;
    unsigned lr = c->row, lc = c->col;
    int linked;
    isomm_error err = ISOMM_OK;
    long idx = control_index(x, c, &lr, &lc, &linked, errbuf, &err);
    if (err || idx == 0)
        return err;
    ooxml_range r;
    const ooxml_grid *g = locate(&x->o, c->range, &r, errbuf, &err);
    if (err)
        return err;
    unsigned long items = g ? (unsigned long)(r.r2 - r.r1 + 1) * (r.c2 - r.c1 + 1) : 0;
    char what[200];
    if (!g || items > MAX_LIST_ITEMS) {
        snprintf(what, sizeof what, "the list range '%.60s' of a drop-down is not a range of "
                 "this workbook's cells; ignored", c->range);
        return warn_at(x, c->row, c->col, k, what);
    }
    if (idx < 1 || (unsigned long)idx > items) {
        snprintf(what, sizeof what, "%s of a drop-down holds '%ld', not an item number 1–%lu "
                 "of its list; ignored", linked ? "linked cell" : "the selected item (sel)",
                 idx, items);
        return warn_at(x, linked ? lr : c->row, linked ? lc : c->col, k, what);
    }
    unsigned width = r.c2 - r.c1 + 1, n = (unsigned)idx - 1;
    const ooxml_cell *item = ooxml_grid_at(g, r.r1 + n / width, r.c1 + n % width);
    int level = item_level(item ? item->text : "", &side);
    if (level == -2)
        return ISOMM_OK;
    if (level < 0 || side < 0) {
        snprintf(what, sizeof what, "the drop-down's item '%.60s' names no %s; ignored",
                 item ? item->text : "", level < 0 ? "level 0–5" : "side (インソース / アウトソース)");
        return warn_at(x, c->row, c->col, k, what);
    }
    isomm_answer *ans = &x->a->answers[k];
    if (side)
        ans->outsource |= 1u << level;
    else
        ans->insource |= 1u << level;
    return ISOMM_OK;
}

isomm_error reader_read_dropdowns(ooxml_book *book, const reader_sheet *s, const reader_table *t,
                                  isomm_assessment *a, char *errbuf)
{
    ooxml_control *cs = NULL;
    size_t n = 0;
    isomm_error err = ooxml_load_controls(book, s->index, &cs, &n, errbuf);
    if (err)
        return err;
    drop_ctx x = {s, t, a, {book, s, {0}, {NULL}, 0}, 0, 0, 0};
    int vml = n > 0 && cs[0].from_vml;
    for (size_t i = 0; !err && i < n; i++) {
        long k = is_drop(&cs[i]) && cs[i].row > t->level_row
                     ? role_of_row(s, t->role_col, cs[i].row)
                     : -1;
        if (k >= 0)
            err = read_one(&x, &cs[i], k, errbuf);
    }
    others_free(&x.o);
    free(cs);
    if (err == ISOMM_ERR_NOMEM)
        return core_fail(errbuf, err, "%s: out of memory", ooxml_path(book));
    if (err)
        return err;
    free(a->layout);
    free(a->selections);
    a->layout = core_strdup("form-controls");
    a->selections = core_asprintf(
        "drop-downs (form controls in %s): %s", vml ? "legacy VML drawing" : "xl/ctrlProps",
        x.by_link && x.by_sel ? "linked cells (fmlaLink) and selected items (sel)"
        : x.by_sel            ? "selected items (sel)"
        : x.by_link           ? "linked cells (fmlaLink)"
                              : "none selected");
    if (!a->layout || !a->selections)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", ooxml_path(book));
    return ISOMM_OK;
}
