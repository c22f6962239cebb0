/*
 * reader_marks.c - which level cells of a marker grid are selected.
 *
 * Every level cell of the chosen role rows (all rows a merged role cell
 * covers) is classified: empty, a placeholder (-, —), a known filled mark
 * (reader_mark_names), a hollow mark (○ □ ☆ ◇ FALSE 0), a number, a formula
 * without a cached value, or other text. Then, for the whole table:
 *
 *   - a row side whose every level cell holds its own column's level
 *     (0–5 printed in the grid; one cell may hold a filled mark instead)
 *     is background: no selection, one sheet warning;
 *   - without any mark, number or other text, the fills (fills.c): a row
 *     side's one differently filled level cell is its selection;
 *   - columns beside the levels under a side header (t->extra_cols): a
 *     mark under わからない is level 1, under 対象外 level 0 (one warning
 *     per kind), under anything else a warning per cell, ignored;
 *   - numbers: when numbers 2–5 stand under their own level column (a
 *     level typed into its column), a number equal to its column's level
 *     is a selection; otherwise 1 is a selection and 0 is not;
 *   - without any filled mark or number selection, the mark is inferred:
 *     a short text that appears about once per row side (at most 1.5 per
 *     side on average, in at least two sides) while the side's other cells
 *     are empty, hollow or a background symbol is taken as the selection
 *     (◎ or × among blanks, ○ among × or -), with one sheet warning;
 *   - a background symbol (at least two per side, in at least half the
 *     sides with content) and hollow marks are no selection and no warning;
 *   - any other text gives a warning naming the cell and role (the first
 *     MAX_CELL_WARNINGS, then a count), and formulas without a cached value
 *     one warning listing them.
 */
#include "read/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define MAX_CELL_WARNINGS 10 /* per-cell warnings of one kind, then a count */
#define MAX_TOKEN 48         /* bytes of a cell text kept for statistics */
#define MAX_INFER_CP 4       /* an inferred mark is a symbol or a short word */
#define MAX_ROWS_PER_ROLE 8  /* rows of a merged role cell examined */

enum { C_EMPTY, C_PLACE, C_FILLED, C_HOLLOW, C_NUM, C_OTHER, C_NOCACHE, C_BACKGROUND };

typedef struct entry {
    long role;
    unsigned char side, level, cls, annotated;
    signed char extra;   /* a column under the side header that is no level
                            column: 1 + its index there, else 0 */
    int kind;            /* C_FILLED: index into reader_mark_names */
    double num;          /* C_NUM */
    unsigned row, col;
    const char *text;    /* the cell's text as written */
    char tok[MAX_TOKEN]; /* cleaned text; "" when longer */
    int selected;
} entry;

/* norm without variation selectors (U+FE0E, U+FE0F), trimmed, into buf. */
static void clean(const char *norm, char *buf, size_t size)
{
    size_t o = 0;
    for (const char *p = norm; *p && o + 1 < size; p++) {
        if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xB8 &&
            ((unsigned char)p[2] == 0x8E || (unsigned char)p[2] == 0x8F)) {
            p += 2;
            continue;
        }
        buf[o++] = *p;
    }
    buf[o] = '\0';
    core_trim(buf);
}

static int placeholder(const char *t)
{
    static const char *const words[] = {"-", "—", "―", "‐", "−", "–", "ー", "/", "／"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(t, words[i]) == 0)
            return 1;
    return 0;
}

static int hollow(const char *t)
{
    static const char *const words[] = {"○", "◯", "〇", "□", "☐", "☆", "◇", "FALSE",
                                        "False", "false", "0"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(t, words[i]) == 0)
            return 1;
    return 0;
}

/* A symbol mark (not x, X, 1, TRUE) at the start of t: its index, and its
 * length in *len; -1 if none. */
static int leading_symbol(const char *t, size_t *len)
{
    for (int i = 0; i < READER_MARK_KINDS; i++) {
        if (i == 8 || i == 9 || i == 10 || i == 11)
            continue;
        size_t l = strlen(reader_mark_names[i]);
        if (strncmp(t, reader_mark_names[i], l) == 0) {
            *len = l;
            return i;
        }
    }
    return -1;
}

static size_t codepoints(const char *t)
{
    size_t n = 0;
    for (; *t; t++)
        n += ((unsigned char)*t & 0xC0) != 0x80;
    return n;
}

static void classify(const ooxml_cell *c, const char *norm, entry *e)
{
    e->cls = C_EMPTY;
    e->tok[0] = '\0';
    e->text = c ? c->text : "";
    if (!c)
        return;
    if (c->type == OOXML_EMPTY) {
        e->cls = c->formula ? C_NOCACHE : C_EMPTY;
        return;
    }
    if (c->type == OOXML_BOOL) {
        int t = strcmp(c->text, "TRUE") == 0;
        e->cls = t ? C_FILLED : C_HOLLOW;
        e->kind = 11;
        snprintf(e->tok, sizeof e->tok, "%s", c->text);
        return;
    }
    if (c->type == OOXML_NUMBER) {
        e->cls = C_NUM;
        e->num = c->number;
        snprintf(e->tok, sizeof e->tok, "%s", c->text);
        return;
    }
    char buf[256];
    clean(norm ? norm : "", buf, sizeof buf);
    if (strlen(norm ? norm : "") >= sizeof buf - 1) { /* long text: no mark */
        e->cls = C_OTHER;
        return;
    }
    if (!*buf)
        return;
    if (placeholder(buf)) {
        e->cls = C_PLACE;
        return;
    }
    size_t len = strlen(buf);
    if (len < sizeof e->tok)
        memcpy(e->tok, buf, len + 1);
    ooxml_cell tmp = *c;
    int kind = reader_mark_kind(&tmp, buf);
    char *end = NULL;
    double v = strtod(buf, &end);
    if (kind == 10 || (end != buf && !*end && buf[0] >= '0' && buf[0] <= '9')) {
        e->cls = C_NUM;
        e->num = kind == 10 ? 1.0 : v;
        return;
    }
    if (kind >= 0) {
        e->cls = C_FILLED;
        e->kind = kind;
        return;
    }
    if (hollow(buf)) {
        e->cls = C_HOLLOW;
        return;
    }
    size_t l = 0;
    int lead = leading_symbol(buf, &l);
    if (lead >= 0) {
        const char *rest = buf + l;
        while (strncmp(rest, reader_mark_names[lead], l) == 0) /* "●●" */
            rest += l;
        if (!*rest) {
            e->cls = C_FILLED;
            e->kind = lead;
            return;
        }
        if (*rest == ' ' || *rest == '(' || *rest == '[' || *rest == ':' ||
            strncmp(rest, "（", strlen("（")) == 0 || strncmp(rest, "【", strlen("【")) == 0 ||
            strncmp(rest, "：", strlen("：")) == 0 || strncmp(rest, "「", strlen("「")) == 0) {
            e->cls = C_FILLED;
            e->kind = lead;
            e->annotated = 1;
            return;
        }
    }
    e->cls = C_OTHER;
}

typedef struct token_stat {
    const char *tok;
    size_t cells, sides;
    int hollow;
} token_stat;

/* Statistics of the texts of OTHER / HOLLOW cells; entries are in side
 * order (role, side), so a side is a run of equal (role, side). */
static size_t token_stats(const entry *e, size_t n, token_stat *st, size_t cap)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if ((e[i].cls != C_OTHER && e[i].cls != C_HOLLOW) || !e[i].tok[0])
            continue;
        size_t j = 0;
        while (j < m && strcmp(st[j].tok, e[i].tok) != 0)
            j++;
        if (j == m) {
            if (m == cap)
                continue;
            st[m++] = (token_stat){e[i].tok, 0, 0, e[i].cls == C_HOLLOW};
        }
        st[j].cells++;
        /* a new side for this token unless an earlier cell of the same side
         * holds it */
        int seen = 0;
        for (size_t q = i; q-- > 0 && e[q].role == e[i].role && e[q].side == e[i].side;)
            if (strcmp(e[q].tok, e[i].tok) == 0 &&
                (e[q].cls == C_OTHER || e[q].cls == C_HOLLOW))
                seen = 1;
        if (!seen)
            st[j].sides++;
    }
    return m;
}

static int add_cell_warning(const reader_sheet *s, isomm_assessment *a, const entry *e,
                            size_t *count, const char *fmt_what)
{
    if (++*count > MAX_CELL_WARNINGS)
        return 0;
    char ref[16];
    ooxml_cell_ref(e->row, e->col, ref);
    return core_strlist_addf(&a->warnings, "%s!%s (%s): %s", s->name, ref,
                              a->catalog->roles[e->role].id, fmt_what);
}

isomm_error reader_warn_nocache(const reader_sheet *s, const unsigned *rows,
                                const unsigned *cols, size_t listed, size_t n,
                                const char *what, isomm_assessment *a)
{
    if (n == 0)
        return ISOMM_OK;
    char list[200] = "";
    size_t len = 0;
    for (size_t i = 0; i < listed && i < 6; i++) {
        char ref[16];
        ooxml_cell_ref(rows[i], cols[i], ref);
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", ref);
        if (len >= sizeof list)
            break;
    }
    if (core_strlist_addf(&a->warnings,
                           "%s!%s%s: %zu %s%s hold%s a formula without a cached value; "
                           "the file was never recalculated (open and save it in Excel "
                           "or LibreOffice), so %s read as empty",
                           s->name, list, n > 6 ? ", …" : "", n, what, n == 1 ? "" : "s",
                           n == 1 ? "s" : "", n == 1 ? "it is" : "they are"))
        return ISOMM_ERR_NOMEM;
    return ISOMM_OK;
}

/* 1 if row r of the table is labelled as a target (目標, To-Be): such rows
 * under a merged role cell are not the assessment. */
static int target_row(const reader_sheet *s, const reader_table *t, unsigned r)
{
    long maxc = -1;
    for (int l = 0; l < 6; l++) {
        if (t->in_cols[l] > maxc)
            maxc = t->in_cols[l];
        if (t->out_cols[l] > maxc)
            maxc = t->out_cols[l];
    }
    static const char *const words[] = {"目標", "To-Be", "to-be", "TO-BE", "あるべき", "将来"};
    for (long c = 0; c <= maxc; c++) {
        if ((unsigned)c == t->role_col)
            continue;
        const ooxml_cell *cell = ooxml_grid_at(s->grid, r, (unsigned)c);
        if (!cell || cell->type != OOXML_STRING)
            continue;
        int level_col = 0;
        for (int l = 0; l < 6; l++)
            level_col |= t->in_cols[l] == c || t->out_cols[l] == c;
        if (level_col)
            continue;
        const char *norm = s->norm[cell - s->grid->cells];
        for (size_t w = 0; w < sizeof words / sizeof *words; w++)
            if (norm && strstr(norm, words[w]))
                return 1;
    }
    return 0;
}

static isomm_error describe(isomm_assessment *a, unsigned marks, int numgrid,
                            const char *inferred)
{
    free(a->selections);
    char list[256] = "";
    size_t n = 0;
    if (!marks && !numgrid && !inferred)
        marks = 1u; /* none found: say what is looked for */
    for (int i = 0; i < READER_MARK_KINDS && n < sizeof list; i++)
        if (marks & (1u << i))
            n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "",
                                  reader_mark_names[i]);
    if (numgrid && n < sizeof list)
        n += (size_t)snprintf(list + n, sizeof list - n, "%slevel numbers", n ? ", " : "");
    if (inferred && n < sizeof list)
        n += (size_t)snprintf(list + n, sizeof list - n, "%s%s (inferred)", n ? ", " : "",
                              inferred);
    a->selections = core_asprintf("marks (%s) in the level columns", list);
    return a->selections ? ISOMM_OK : ISOMM_ERR_NOMEM;
}

isomm_error reader_read_marks(const reader_sheet *s, const reader_table *t,
                              const reader_row *rows, size_t nrows, isomm_assessment *a)
{
    const ooxml_grid *g = s->grid;
    size_t cap = nrows * 20 * MAX_ROWS_PER_ROLE + 1, n = 0;
    entry *e = malloc(cap * sizeof *e);
    if (!e)
        return ISOMM_ERR_NOMEM;
    isomm_error err = ISOMM_OK;
    for (size_t i = 0; i < nrows; i++) {
        const reader_row *rw = &rows[i];
        for (int side = 0; side < 2; side++) {
            const long *cols = side ? t->out_cols : t->in_cols;
            for (unsigned r = rw->row; r <= rw->bottom && r - rw->row < MAX_ROWS_PER_ROLE;
                 r++) {
                if (rw->bottom > rw->row && target_row(s, t, r))
                    continue;
                for (int l = 0; l < 6 + t->n_extra[side]; l++) {
                    int xi = l - 6;
                    if (xi < 0 && cols[l] < 0)
                        continue;
                    entry *x = &e[n];
                    memset(x, 0, sizeof *x);
                    x->role = rw->role;
                    x->side = (unsigned char)side;
                    x->level = (unsigned char)(xi < 0 ? l
                                               : t->extra_level[side][xi] >= 0
                                                   ? t->extra_level[side][xi]
                                                   : 0);
                    x->extra = (signed char)(xi < 0 ? 0 : xi + 1);
                    x->row = r;
                    x->col = (unsigned)(xi < 0 ? cols[l] : t->extra_cols[side][xi]);
                    const ooxml_cell *c = ooxml_grid_at(g, r, x->col);
                    classify(c, c ? s->norm[c - g->cells] : NULL, x);
                    if (x->cls != C_EMPTY)
                        n++;
                }
            }
        }
    }

    /* A row side whose every level cell holds its own column's level (0–5
     * printed in the grid, the choice shown by cell colours): background. */
    size_t bg_sides = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, lv = 0, own = 0, filled = 0;
        while (j < n && e[j].role == e[i].role && e[j].side == e[i].side && e[j].row == e[i].row)
            j++;
        const long *cols = e[i].side ? t->out_cols : t->in_cols;
        for (int l = 0; l < 6; l++)
            lv += cols[l] >= 0;
        for (size_t q = i; q < j; q++)
            if (!e[q].extra) {
                own += e[q].cls == C_NUM && e[q].num == (double)e[q].level;
                filled += e[q].cls == C_FILLED;
            }
        /* also with one filled mark among them: the mark is the selection */
        if (lv >= 5 && own + 1 >= lv && own + filled == lv) {
            for (size_t q = i; q < j; q++)
                if (!e[q].extra && e[q].cls == C_NUM)
                    e[q].cls = C_BACKGROUND;
            bg_sides += own == lv;
        }
        i = j;
    }
    /* No mark at all: the choice may be a cell's fill colour. */
    size_t marked = 0, fill_sides = 0;
    for (size_t i = 0; i < n; i++)
        marked += e[i].cls == C_FILLED || e[i].cls == C_NUM || e[i].cls == C_OTHER;
    if (!marked && reader_read_fills(s, t, rows, nrows, a, &fill_sides)) {
        free(e);
        return ISOMM_ERR_NOMEM;
    }
    if (bg_sides && !fill_sides &&
        core_strlist_addf(&a->warnings,
                           "%s: every level cell of %zu row side%s " READER_PRINTED_LEVELS
                           " (0–5 printed in the grid), which is background, "
                           "not a selection; no selection can be read there (the choice may "
                           "be shown by cell colours), so those sides are left blank",
                           s->name, bg_sides, bg_sides == 1 ? "" : "s")) {
        free(e);
        return ISOMM_ERR_NOMEM;
    }

    /* Numbers: level numbers in their own columns, or 1 / 0. */
    size_t strong = 0, stray1 = 0;
    for (size_t i = 0; i < n; i++) {
        if (e[i].cls != C_NUM || e[i].extra)
            continue;
        if (e[i].num >= 2 && e[i].num <= 5 && e[i].num == (double)e[i].level)
            strong++;
        if (e[i].num == 1 && e[i].level != 1)
            stray1++;
    }
    int numgrid = strong > stray1;
    unsigned marks = 0;
    size_t selected = 0;
    for (size_t i = 0; i < n; i++) {
        entry *x = &e[i];
        if (x->cls == C_FILLED) {
            x->selected = 1;
            marks |= 1u << x->kind;
        } else if (x->cls == C_NUM && x->extra) {
            if (x->num == 1)
                x->selected = 1;
            else
                x->cls = x->num == 0 ? C_HOLLOW : C_OTHER;
        } else if (x->cls == C_NUM) {
            if (numgrid ? x->num == (double)x->level : x->num == 1) {
                x->selected = 1;
                if (!numgrid)
                    marks |= 1u << 10;
            } else if (!numgrid && x->num == 0) {
                x->cls = C_HOLLOW;
            } else {
                x->cls = C_OTHER;
            }
        }
        selected += x->selected;
    }

    /* Sides with any content, for the statistics. */
    size_t content_sides = 0;
    for (size_t i = 0; i < n; i++)
        if (e[i].cls != C_PLACE &&
            (i == 0 || e[i - 1].role != e[i].role || e[i - 1].side != e[i].side))
            content_sides++;
    token_stat st[64];
    size_t m = token_stats(e, n, st, 64);
    const char *inferred = NULL;
    if (selected == 0 && !fill_sides) {
        long best = -1;
        for (size_t j = 0; j < m; j++) {
            if (st[j].sides < 2 || st[j].cells * 2 > st[j].sides * 3 ||
                codepoints(st[j].tok) > MAX_INFER_CP)
                continue;
            if (best < 0 || (st[best].hollow && !st[j].hollow) ||
                (st[best].hollow == st[j].hollow && st[j].sides > st[best].sides))
                best = (long)j;
        }
        if (best >= 0) {
            inferred = st[best].tok;
            /* the background: the most common other text */
            long bg = -1;
            for (size_t j = 0; j < m; j++)
                if ((long)j != best && (bg < 0 || st[j].cells > st[bg].cells))
                    bg = (long)j;
            char among[80];
            if (bg >= 0)
                snprintf(among, sizeof among, "'%s'", st[bg].tok);
            else
                snprintf(among, sizeof among, "empty cells");
            if (core_strlist_addf(&a->warnings,
                                   "%s: the level cells use '%s' as the mark (one per "
                                   "row, among %s); taken as selected",
                                   s->name, inferred, among)) {
                err = ISOMM_ERR_NOMEM;
                goto out;
            }
            for (size_t i = 0; i < n; i++)
                if ((e[i].cls == C_OTHER || e[i].cls == C_HOLLOW) &&
                    strcmp(e[i].tok, inferred) == 0)
                    e[i].selected = 1;
        }
    }

    /* Selections, and warnings for what is neither a mark nor background. */
    size_t other = 0, annotated = 0, nocache = 0, stray = 0;
    size_t extra_used[2][4] = {{0}};
    unsigned nc_rows[8] = {0}, nc_cols[8] = {0};
    for (size_t i = 0; i < n; i++) {
        entry *x = &e[i];
        isomm_answer *ans = &a->answers[x->role];
        if (x->selected && x->extra && t->extra_level[x->side][x->extra - 1] < 0) {
            /* a mark under the side header, in a column that is no level */
            char what[300];
            const char *name = t->extra_name[x->side][x->extra - 1];
            snprintf(what, sizeof what,
                     "a mark '%.40s' under %s%s%s, a column of the %s side that is no "
                     "level column; ignored", x->text, name[0] ? "'" : "",
                     name[0] ? name : "a column without a sub-header", name[0] ? "'" : "",
                     x->side ? "outsource" : "insource");
            if (add_cell_warning(s, a, x, &stray, what)) {
                err = ISOMM_ERR_NOMEM;
                goto out;
            }
            continue;
        }
        if (x->selected && x->extra)
            extra_used[x->side][x->extra - 1]++;
        if (x->selected) {
            if (x->side)
                ans->outsource |= 1u << x->level;
            else
                ans->insource |= 1u << x->level;
            if (x->annotated) {
                char what[300];
                snprintf(what, sizeof what,
                         "'%s' read as the mark '%s' (the text beside it is ignored)",
                         x->text, reader_mark_names[x->kind]);
                if (add_cell_warning(s, a, x, &annotated, what)) {
                    err = ISOMM_ERR_NOMEM;
                    goto out;
                }
            }
            continue;
        }
        if (x->cls == C_NOCACHE) {
            if (nocache < 8) {
                nc_rows[nocache] = x->row;
                nc_cols[nocache] = x->col;
            }
            nocache++;
            continue;
        }
        if (x->cls != C_OTHER)
            continue;
        int background = 0;
        for (size_t j = 0; j < m && x->tok[0]; j++)
            if (strcmp(st[j].tok, x->tok) == 0)
                background = st[j].cells >= 2 * st[j].sides && st[j].sides * 2 >= content_sides;
        if (background)
            continue;
        char what[300];
        snprintf(what, sizeof what, "'%.200s' in a level cell is not a mark; ignored", x->text);
        if (add_cell_warning(s, a, x, &other, what)) {
            err = ISOMM_ERR_NOMEM;
            goto out;
        }
    }
    if (stray > MAX_CELL_WARNINGS &&
        core_strlist_addf(&a->warnings,
                           "%s: %zu more marks in columns under a side header that are no "
                           "level column; ignored", s->name, stray - MAX_CELL_WARNINGS)) {
        err = ISOMM_ERR_NOMEM;
        goto out;
    }
    /* one warning per kind of extra column: わからない read as 1, 対象外 as 0 */
    for (int kind = 1; kind >= 0; kind--) {
        char cols[300] = "";
        size_t len = 0, marks_n = 0;
        for (int side = 0; side < 2; side++)
            for (int k = 0; k < t->n_extra[side]; k++) {
                if (t->extra_level[side][k] != kind || !extra_used[side][k])
                    continue;
                char ref[16];
                ooxml_cell_ref(t->level_row, (unsigned)t->extra_cols[side][k], ref);
                if (len < sizeof cols)
                    len += (size_t)snprintf(cols + len, sizeof cols - len,
                                            "%s'%s' (%s, %s)", len ? ", " : "",
                                            t->extra_name[side][k], ref,
                                            side ? "outsource" : "insource");
                marks_n += extra_used[side][k];
            }
        if (!marks_n)
            continue;
        if (core_strlist_addf(&a->warnings,
                               kind ? "%s: %zu mark%s under %s, a column beside the levels, "
                                      "read as level 1 on %s side (\"don't know\" counts "
                                      "as 1)"
                                    : "%s: %zu mark%s under %s, a column beside the levels, "
                                      "read as level 0 (対象外, deliberately not done) on "
                                      "%s side",
                               s->name, marks_n, marks_n == 1 ? "" : "s", cols,
                               "that")) {
            err = ISOMM_ERR_NOMEM;
            goto out;
        }
    }
    if (annotated > MAX_CELL_WARNINGS &&
        core_strlist_addf(&a->warnings,
                           "%s: %zu more level cells hold a mark with text beside it; "
                           "read as the mark", s->name, annotated - MAX_CELL_WARNINGS))
        err = ISOMM_ERR_NOMEM;
    if (!err && other > MAX_CELL_WARNINGS &&
        core_strlist_addf(&a->warnings,
                           "%s: %zu more level cells hold text that is not a mark; ignored",
                           s->name, other - MAX_CELL_WARNINGS))
        err = ISOMM_ERR_NOMEM;
    if (!err)
        err = reader_warn_nocache(s, nc_rows, nc_cols, nocache < 8 ? nocache : 8, nocache,
                                  "level cell", a);
    if (!err && !fill_sides)
        err = describe(a, marks, numgrid && strong, inferred);
out:
    free(e);
    return err;
}
