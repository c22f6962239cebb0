/*
 * ooxml_grid.c - shared strings and the cells of one sheet.
 *
 * Handles what Excel and other writers produce: shared strings (t="s"),
 * inline strings (t="inlineStr"), formula strings (t="str"), booleans,
 * errors, ISO dates (t="d"), rich-text runs (<r><t>) concatenated with
 * phonetic runs (<rPh>, furigana) left out, rows and cells without an "r"
 * attribute (counted), <mergeCells>, and prefixed element names (<x:c>).
 */
#include "ooxml.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

void ooxml_cell_ref(unsigned row, unsigned col, char buf[16])
{
    char letters[8];
    int n = 0;
    unsigned c = col + 1;
    while (c > 0 && n < (int)sizeof letters) {
        unsigned r = (c - 1) % 26;
        letters[n++] = (char)('A' + r);
        c = (c - 1) / 26;
    }
    int k = 0;
    while (n > 0)
        buf[k++] = letters[--n];
    snprintf(buf + k, (size_t)(16 - k), "%u", row + 1);
}

int ooxml_parse_ref(const char *ref, unsigned *row, unsigned *col)
{
    const char *p = ref;
    unsigned long c = 0, r = 0;
    int nl = 0, nd = 0;
    if (*p == '$')
        p++;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        int v = (*p >= 'a' ? *p - 'a' : *p - 'A') + 1;
        c = c * 26 + (unsigned long)v;
        if (++nl > 3)
            return -1;
        p++;
    }
    if (*p == '$')
        p++;
    while (*p >= '0' && *p <= '9') {
        r = r * 10 + (unsigned long)(*p - '0');
        if (++nd > 7)
            return -1;
        p++;
    }
    if (*p || nl == 0 || nd == 0 || c == 0 || c > OOXML_MAX_COLS || r == 0 ||
        r > OOXML_MAX_ROWS)
        return -1;
    *row = (unsigned)(r - 1);
    *col = (unsigned)(c - 1);
    return 0;
}

/* "A1:B2" or "A1". */
static int parse_range(const char *ref, ooxml_range *out)
{
    char a[32], b[32];
    const char *colon = strchr(ref, ':');
    size_t la = colon ? (size_t)(colon - ref) : strlen(ref);
    if (la == 0 || la >= sizeof a)
        return -1;
    memcpy(a, ref, la);
    a[la] = '\0';
    if (colon) {
        size_t lb = strlen(colon + 1);
        if (lb == 0 || lb >= sizeof b)
            return -1;
        memcpy(b, colon + 1, lb + 1);
    } else {
        memcpy(b, a, la + 1);
    }
    unsigned r1, c1, r2, c2;
    if (ooxml_parse_ref(a, &r1, &c1) || ooxml_parse_ref(b, &r2, &c2))
        return -1;
    out->r1 = r1 < r2 ? r1 : r2;
    out->r2 = r1 < r2 ? r2 : r1;
    out->c1 = c1 < c2 ? c1 : c2;
    out->c2 = c1 < c2 ? c2 : c1;
    return 0;
}

/* Text of <si> / <is>: <t> directly or in <r> runs, not in <rPh>. */
typedef struct rich {
    int in_t, rph_depth; /* rph_depth: depth of an open <rPh>, or -1 */
    core_buf text;
} rich;

static void rich_reset(rich *r)
{
    r->in_t = 0;
    r->rph_depth = -1;
    r->text.len = 0;
    if (r->text.data)
        r->text.data[0] = '\0';
}

/* Feed one node inside the item; -1 on out of memory. */
static int rich_node(rich *r, ooxml_xml *x)
{
    if (r->rph_depth >= 0) {
        if (ooxml_xml_end(x, "rPh") && ooxml_xml_depth(x) == r->rph_depth)
            r->rph_depth = -1;
        return 0;
    }
    if (ooxml_xml_start(x, "rPh")) {
        if (!ooxml_xml_is_empty(x))
            r->rph_depth = ooxml_xml_depth(x);
    } else if (ooxml_xml_start(x, "t")) {
        r->in_t = !ooxml_xml_is_empty(x);
    } else if (ooxml_xml_end(x, "t")) {
        r->in_t = 0;
    } else if (r->in_t && ooxml_xml_is_text(x)) {
        const char *v = ooxml_xml_value(x);
        return core_buf_add(&r->text, v, strlen(v));
    }
    return 0;
}

static const char *rich_text(const rich *r)
{
    return r->text.data ? r->text.data : "";
}

static isomm_error load_sst(ooxml_book *b, char *errbuf)
{
    if (b->sst_loaded || !b->sst_part)
        return ISOMM_OK;
    ooxml_xml x;
    isomm_error err = ooxml_xml_open(b, b->sst_part, &x, errbuf);
    if (err)
        return err;
    rich r = {0};
    rich_reset(&r);
    int in_si = 0, more;
    size_t cap = 0;
    while (!(err = ooxml_xml_next(&x, &more, errbuf)) && more) {
        int push = 0;
        if (ooxml_xml_start(&x, "si")) {
            rich_reset(&r);
            in_si = !ooxml_xml_is_empty(&x);
            push = !in_si;
        } else if (ooxml_xml_end(&x, "si")) {
            in_si = 0;
            push = 1;
        } else if (in_si && rich_node(&r, &x) != 0) {
            err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
            break;
        }
        if (!push)
            continue;
        if (b->sst_count >= OOXML_MAX_STRINGS) {
            err = core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                             "%s: %s holds more than %lu shared strings, the "
                             "limit for a workbook", b->path, b->sst_part,
                             OOXML_MAX_STRINGS);
            break;
        }
        if (b->sst_count == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            char **n = realloc(b->sst, ncap * sizeof *n);
            if (!n) {
                err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
                break;
            }
            b->sst = n;
            cap = ncap;
        }
        char *s = core_strdup(rich_text(&r));
        if (!s) {
            err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
            break;
        }
        b->sst[b->sst_count++] = s;
    }
    free(r.text.data);
    if (err) {
        ooxml_xml_close(&x);
        return err;
    }
    err = ooxml_xml_finish(&x, errbuf);
    if (!err)
        b->sst_loaded = 1;
    return err;
}

/* strtod in the "C" locale whatever the program's LC_NUMERIC is. */
static double parse_number(const char *s)
{
    const char *dp = localeconv()->decimal_point;
    if (!dp || strcmp(dp, ".") == 0 || !strchr(s, '.'))
        return strtod(s, NULL);
    char buf[128];
    size_t n = strlen(s), dl = strlen(dp);
    const char *dot = strchr(s, '.');
    if (n + dl >= sizeof buf)
        return strtod(s, NULL);
    size_t pre = (size_t)(dot - s);
    memcpy(buf, s, pre);
    memcpy(buf + pre, dp, dl);
    memcpy(buf + pre + dl, dot + 1, n - pre);
    return strtod(buf, NULL);
}

typedef struct sheet_parser {
    ooxml_book *book;
    const char *part;
    ooxml_grid *g;
    size_t cell_cap, merge_cap, text_total, hidden_cap, hcol_cap, fill_cap;
    int fills_sorted;
    struct outline { unsigned row; int level; } *outline; /* grouped rows */
    size_t noutline, outline_cap;
    int sorted;
    /* position */
    int have_row;
    unsigned row, next_col;
    /* the open cell */
    int in_cell;
    unsigned crow, ccol;
    char t[16];      /* the open cell's type; "" when it has none */
    int have_v, in_v, have_f, in_f, have_is, in_is;
    core_buf v, f;
    rich is;
} sheet_parser;

static isomm_error sp_nomem(sheet_parser *p, char *errbuf)
{
    return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", p->book->path);
}

static isomm_error sp_bad(sheet_parser *p, char *errbuf, const char *what,
                          const char *value)
{
    return core_fail(errbuf, ISOMM_ERR_XML, "%s: %s: %s '%s' is not valid",
                      p->book->path, p->part, what, value);
}

static isomm_error store_cell(sheet_parser *p, ooxml_type type, const char *text,
                              double number, char *errbuf)
{
    ooxml_grid *g = p->g;
    const char *formula = p->have_f && p->f.len > 0 ? p->f.data : NULL;
    if (type == OOXML_EMPTY && !formula)
        return ISOMM_OK;
    if (g->count >= OOXML_MAX_CELLS)
        return core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                          "%s: %s holds more than %lu cells, the limit for one sheet",
                          p->book->path, p->part, OOXML_MAX_CELLS);
    size_t tl = strlen(text), fl = formula ? strlen(formula) : 0;
    p->text_total += tl + fl;
    if (p->text_total > OOXML_MAX_GRID_TEXT)
        return core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                          "%s: %s holds more than %zu MiB of cell text, the "
                          "limit for one sheet", p->book->path, p->part,
                          OOXML_MAX_GRID_TEXT >> 20);
    if (g->count == p->cell_cap) {
        size_t ncap = p->cell_cap ? p->cell_cap * 2 : 256;
        ooxml_cell *n = realloc(g->cells, ncap * sizeof *n);
        if (!n)
            return sp_nomem(p, errbuf);
        g->cells = n;
        p->cell_cap = ncap;
    }
    ooxml_cell *c = &g->cells[g->count];
    c->row = p->crow;
    c->col = p->ccol;
    c->type = type;
    c->number = type == OOXML_NUMBER ? number : 0;
    c->text = core_strndup(text, tl);
    c->formula = formula ? core_strndup(formula, fl) : NULL;
    if (!c->text || (formula && !c->formula)) {
        free(c->text);
        free(c->formula);
        return sp_nomem(p, errbuf);
    }
    if (g->count > 0) {
        const ooxml_cell *prev = &g->cells[g->count - 1];
        if (prev->row > c->row || (prev->row == c->row && prev->col >= c->col))
            p->sorted = 0;
    }
    g->count++;
    if (c->row + 1 > g->rows)
        g->rows = c->row + 1;
    if (c->col + 1 > g->cols)
        g->cols = c->col + 1;
    return ISOMM_OK;
}

static isomm_error finish_cell(sheet_parser *p, char *errbuf)
{
    p->in_cell = p->in_v = p->in_f = p->in_is = 0;
    const char *t = p->t; /* no type and t="" read as numbers, as "n" does */
    const char *v = p->have_v && p->v.data ? p->v.data : "";
    isomm_error err;
    if (strcmp(t, "s") == 0) {
        if (!p->have_v || !*v) {
            err = store_cell(p, OOXML_EMPTY, "", 0, errbuf);
        } else {
            char *end;
            unsigned long idx = strtoul(v, &end, 10);
            if (*v < '0' || *v > '9' || *end)
                return sp_bad(p, errbuf, "shared string index", v);
            if (idx >= p->book->sst_count) {
                char ref[16];
                ooxml_cell_ref(p->crow, p->ccol, ref);
                return core_fail(errbuf, ISOMM_ERR_XML,
                                  "%s: %s: cell %s refers to shared string %lu, "
                                  "but the workbook has only %zu", p->book->path,
                                  p->part, ref, idx, p->book->sst_count);
            }
            err = store_cell(p, OOXML_STRING, p->book->sst[idx], 0, errbuf);
        }
    } else if (strcmp(t, "inlineStr") == 0) {
        err = store_cell(p, p->have_is || p->have_v ? OOXML_STRING : OOXML_EMPTY,
                         p->have_is ? rich_text(&p->is) : v, 0, errbuf);
    } else if (strcmp(t, "str") == 0 || strcmp(t, "d") == 0) {
        err = store_cell(p, p->have_v ? OOXML_STRING : OOXML_EMPTY, v, 0, errbuf);
    } else if (strcmp(t, "b") == 0) {
        int truth = strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ||
                    strcmp(v, "TRUE") == 0;
        err = store_cell(p, p->have_v && *v ? OOXML_BOOL : OOXML_EMPTY,
                         p->have_v && *v ? (truth ? "TRUE" : "FALSE") : "", 0, errbuf);
    } else if (strcmp(t, "e") == 0) {
        err = store_cell(p, p->have_v ? OOXML_ERROR : OOXML_EMPTY, v, 0, errbuf);
    } else {
        /* trimmed in place: the value buffer is the parser's own */
        const char *tv = p->have_v && p->v.data ? core_trim(p->v.data) : "";
        err = *tv ? store_cell(p, OOXML_NUMBER, tv, parse_number(tv), errbuf)
                  : store_cell(p, OOXML_EMPTY, "", 0, errbuf);
    }
    return err;
}

/* Record the fill of the cell just started (empty cells too). */
static int add_fill(sheet_parser *p, uint32_t rgb)
{
    ooxml_grid *g = p->g;
    if (g->fill_count >= OOXML_MAX_FILLS) {
        g->fills_truncated = 1;
        return 0;
    }
    if (core_grow((void **)&g->fills, &p->fill_cap, g->fill_count, sizeof *g->fills, 64))
        return -1;
    const ooxml_fill *prev = g->fill_count ? &g->fills[g->fill_count - 1] : NULL;
    if (prev && (prev->row > p->crow || (prev->row == p->crow && prev->col >= p->ccol)))
        p->fills_sorted = 0;
    g->fills[g->fill_count++] = (ooxml_fill){p->crow, p->ccol, rgb};
    return 0;
}

/* A cell format index: digits, as every writer saves it (else strtoul's
 * reading, as before). */
static unsigned long xf_index(const char *s)
{
    unsigned long n = 0;
    const char *c = s;
    while (*c >= '0' && *c <= '9' && c - s < 9)
        n = n * 10 + (unsigned long)(*c++ - '0');
    return *c || c == s ? strtoul(s, NULL, 10) : n;
}

static isomm_error start_cell(sheet_parser *p, ooxml_xml *x, char *errbuf)
{
    const char *r = ooxml_xml_attr_view(x, "r", 0);
    const char *style = ooxml_xml_attr_view(x, "s", 0);
    const char *t = ooxml_xml_attr_view(x, "t", 0);
    /* The type is needed at the end of the cell, after the parser moved
     * on; any longer value is no type isomm knows either. */
    snprintf(p->t, sizeof p->t, "%s", t ? t : "");
    uint32_t fill = style ? ooxml_style_fill(p->book, xf_index(style)) : OOXML_NO_FILL;
    if (r) {
        if (ooxml_parse_ref(r, &p->crow, &p->ccol) != 0)
            return sp_bad(p, errbuf, "cell reference", r);
    } else {
        if (p->next_col >= OOXML_MAX_COLS)
            return core_fail(errbuf, ISOMM_ERR_XML,
                              "%s: %s: row %u has more than %u cells",
                              p->book->path, p->part, p->row + 1, OOXML_MAX_COLS);
        p->crow = p->row;
        p->ccol = p->next_col;
    }
    p->next_col = p->ccol + 1;
    if (fill != OOXML_NO_FILL && add_fill(p, fill) != 0)
        return sp_nomem(p, errbuf);
    p->in_cell = 1;
    p->have_v = p->in_v = p->have_f = p->in_f = p->have_is = p->in_is = 0;
    p->v.len = p->f.len = 0;
    if (p->v.data)
        p->v.data[0] = '\0';
    if (p->f.data)
        p->f.data[0] = '\0';
    rich_reset(&p->is);
    if (ooxml_xml_is_empty(x))
        return finish_cell(p, errbuf);
    return ISOMM_OK;
}

static int truth(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static int add_hidden_row(sheet_parser *p, unsigned row)
{
    ooxml_grid *g = p->g;
    if (g->hidden_count && g->hidden_rows[g->hidden_count - 1] == row)
        return 0;
    if (core_grow((void **)&g->hidden_rows, &p->hidden_cap, g->hidden_count,
                  sizeof *g->hidden_rows, 16))
        return -1;
    g->hidden_rows[g->hidden_count++] = row;
    return 0;
}

/* A row marked collapsed (level `lv`) summarises the group right above it
 * (Excel's default summaryBelow): the grouped rows of deeper levels directly
 * above are folded away, even when a writer left out their hidden flag.
 * Each grouped row is passed once per enclosing collapsed level at most. */
static int collapse(sheet_parser *p, int lv)
{
    unsigned want = p->row;
    for (size_t i = p->noutline; i-- > 0 && want > 0;) {
        if (p->outline[i].row != want - 1 || p->outline[i].level <= lv)
            break;
        if (add_hidden_row(p, p->outline[i].row))
            return -1;
        want--;
    }
    return 0;
}

/* <col min max hidden width>: hidden columns (also width 0). */
static isomm_error add_col(sheet_parser *p, ooxml_xml *x, char *errbuf)
{
    int oom = 0;
    char *mn = ooxml_xml_attr(x, "min", 0, &oom), *mx = ooxml_xml_attr(x, "max", 0, &oom);
    char *hd = ooxml_xml_attr(x, "hidden", 0, &oom), *w = ooxml_xml_attr(x, "width", 0, &oom);
    long a = mn ? atol(mn) : 0, b = mx ? atol(mx) : 0;
    int hidden = truth(hd) || (w && *w && parse_number(w) == 0);
    free(mn);
    free(mx);
    free(hd);
    free(w);
    if (oom)
        return sp_nomem(p, errbuf);
    if (!hidden || a < 1 || b < a || b > (long)OOXML_MAX_COLS)
        return ISOMM_OK;
    ooxml_grid *g = p->g;
    if (g->hidden_col_count >= OOXML_MAX_COLS)
        return ISOMM_OK;
    if (core_grow((void **)&g->hidden_cols, &p->hcol_cap, g->hidden_col_count,
                  sizeof *g->hidden_cols, 8))
        return sp_nomem(p, errbuf);
    g->hidden_cols[g->hidden_col_count++] = (ooxml_range){0, (unsigned)a - 1, 0, (unsigned)b - 1};
    return ISOMM_OK;
}

static isomm_error start_row(sheet_parser *p, ooxml_xml *x, char *errbuf)
{
    const char *r = ooxml_xml_attr_view(x, "r", 0);
    if (r) {
        char *end;
        unsigned long n = strtoul(r, &end, 10);
        if (*r < '0' || *r > '9' || *end || n == 0 || n > OOXML_MAX_ROWS)
            return sp_bad(p, errbuf, "row number", r);
        p->row = (unsigned)(n - 1);
    } else if (p->have_row) {
        if (p->row + 1 >= OOXML_MAX_ROWS)
            return core_fail(errbuf, ISOMM_ERR_XML, "%s: %s: more than %u rows",
                              p->book->path, p->part, OOXML_MAX_ROWS);
        p->row++;
    } else {
        p->row = 0;
    }
    p->have_row = 1;
    p->next_col = 0;
    const char *hidden = ooxml_xml_attr_view(x, "hidden", 0);
    const char *ht = ooxml_xml_attr_view(x, "ht", 0);
    const char *level = ooxml_xml_attr_view(x, "outlineLevel", 0);
    int is_hidden = truth(hidden) || (ht && *ht && parse_number(ht) == 0);
    int lv = level ? atoi(level) : 0, fold = truth(ooxml_xml_attr_view(x, "collapsed", 0));
    if ((is_hidden && add_hidden_row(p, p->row)) || (fold && collapse(p, lv)))
        return sp_nomem(p, errbuf);
    if (lv >= 1 && lv <= 7) {
        if (core_grow((void **)&p->outline, &p->outline_cap, p->noutline, sizeof *p->outline,
                      64))
            return sp_nomem(p, errbuf);
        p->outline[p->noutline++] = (struct outline){p->row, lv};
    }
    return ISOMM_OK;
}

static int row_cmp(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

int ooxml_grid_row_hidden(const ooxml_grid *g, unsigned row)
{
    if (!g || !g->hidden_count)
        return 0;
    return bsearch(&row, g->hidden_rows, g->hidden_count, sizeof row, row_cmp) != NULL;
}

int ooxml_grid_col_hidden(const ooxml_grid *g, unsigned col)
{
    size_t lo = 0, hi = g ? g->hidden_col_count : 0; /* sorted by first column */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->hidden_cols[mid].c1 <= col)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && col <= g->hidden_cols[lo - 1].c2;
}

static int fill_cmp(const void *a, const void *b)
{
    const ooxml_fill *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->col > y->col) - (x->col < y->col);
}

static int span_cmp(const void *a, const void *b)
{
    const ooxml_range *x = a, *y = b;
    return (x->c1 > y->c1) - (x->c1 < y->c1);
}

uint32_t ooxml_grid_fill(const ooxml_grid *g, unsigned row, unsigned col)
{
    if (!g || !g->fill_count)
        return OOXML_NO_FILL;
    ooxml_fill key = {row, col, 0};
    const ooxml_fill *f = bsearch(&key, g->fills, g->fill_count, sizeof key, fill_cmp);
    return f ? f->rgb : OOXML_NO_FILL;
}

static isomm_error add_merge(sheet_parser *p, ooxml_xml *x, char *errbuf)
{
    int oom = 0;
    char *ref = ooxml_xml_attr(x, "ref", 0, &oom);
    if (oom)
        return sp_nomem(p, errbuf);
    ooxml_range r;
    int ok = ref && parse_range(ref, &r) == 0;
    free(ref);
    if (!ok)
        return ISOMM_OK; /* a malformed merge only loses the merge */
    ooxml_grid *g = p->g;
    if (g->merge_count >= OOXML_MAX_MERGES)
        return core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                          "%s: %s holds more than %lu merged ranges, the limit "
                          "for one sheet", p->book->path, p->part, OOXML_MAX_MERGES);
    if (g->merge_count == p->merge_cap) {
        size_t ncap = p->merge_cap ? p->merge_cap * 2 : 32;
        ooxml_range *n = realloc(g->merges, ncap * sizeof *n);
        if (!n)
            return sp_nomem(p, errbuf);
        g->merges = n;
        p->merge_cap = ncap;
    }
    g->merges[g->merge_count++] = r;
    if (r.r2 + 1 > g->rows)
        g->rows = r.r2 + 1;
    if (r.c2 + 1 > g->cols)
        g->cols = r.c2 + 1;
    return ISOMM_OK;
}

/* One node of the sheet. */
static isomm_error sheet_node(sheet_parser *p, ooxml_xml *x, char *errbuf)
{
    if (p->in_cell) {
        if (ooxml_xml_end(x, "c"))
            return finish_cell(p, errbuf);
        if (p->in_is) {
            if (ooxml_xml_end(x, "is"))
                p->in_is = 0;
            else if (rich_node(&p->is, x) != 0)
                return sp_nomem(p, errbuf);
            return ISOMM_OK;
        }
        if (ooxml_xml_start(x, "v")) {
            p->have_v = 1;
            p->in_v = !ooxml_xml_is_empty(x);
        } else if (ooxml_xml_end(x, "v")) {
            p->in_v = 0;
        } else if (ooxml_xml_start(x, "f")) {
            p->have_f = 1;
            p->in_f = !ooxml_xml_is_empty(x);
        } else if (ooxml_xml_end(x, "f")) {
            p->in_f = 0;
        } else if (ooxml_xml_start(x, "is")) {
            p->have_is = 1;
            p->in_is = !ooxml_xml_is_empty(x);
        } else if (ooxml_xml_is_text(x) && (p->in_v || p->in_f)) {
            const char *v = ooxml_xml_value(x);
            if (core_buf_add(p->in_v ? &p->v : &p->f, v, strlen(v)) != 0)
                return sp_nomem(p, errbuf);
        }
        return ISOMM_OK;
    }
    if (ooxml_xml_start(x, "row"))
        return start_row(p, x, errbuf);
    if (ooxml_xml_start(x, "c"))
        return start_cell(p, x, errbuf);
    if (ooxml_xml_start(x, "mergeCell"))
        return add_merge(p, x, errbuf);
    if (ooxml_xml_start(x, "col"))
        return add_col(p, x, errbuf);
    return ISOMM_OK;
}

static int cell_cmp(const void *a, const void *b)
{
    const ooxml_cell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return 0;
}

/* Sort (writers nearly always emit sorted cells) and drop repeats. */
static void sort_cells(ooxml_grid *g)
{
    qsort(g->cells, g->count, sizeof *g->cells, cell_cmp);
    size_t w = 0;
    for (size_t i = 0; i < g->count; i++) {
        if (w > 0 && cell_cmp(&g->cells[w - 1], &g->cells[i]) == 0) {
            free(g->cells[i].text);
            free(g->cells[i].formula);
            continue;
        }
        g->cells[w++] = g->cells[i];
    }
    g->count = w;
}

isomm_error ooxml_load_grid(ooxml_book *b, size_t sheet, ooxml_grid **out, char *errbuf)
{
    if (out)
        *out = NULL;
    if (!b || !out || sheet >= b->sheet_count)
        return core_fail(errbuf, ISOMM_ERR_ARG, "%s: no sheet %zu",
                          b ? b->path : "ooxml_load_grid", sheet);
    isomm_error err = load_sst(b, errbuf);
    if (!err)
        err = ooxml_load_styles(b, errbuf);
    if (err)
        return err;
    ooxml_grid *g = calloc(1, sizeof *g);
    if (!g || !(g->sheet_part = core_strdup(b->sheet_parts[sheet]))) {
        free(g);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
    }
    sheet_parser p = {0};
    g->lookups = &b->stats->cell_lookups;
    g->merge_probes = &b->stats->merge_probes;
    p.book = b;
    p.part = g->sheet_part;
    p.g = g;
    p.sorted = p.fills_sorted = 1;
    rich_reset(&p.is);
    ooxml_xml x;
    err = ooxml_xml_open(b, g->sheet_part, &x, errbuf);
    if (!err) {
        int more;
        while (!(err = ooxml_xml_next(&x, &more, errbuf)) && more)
            if ((err = sheet_node(&p, &x, errbuf)) != ISOMM_OK)
                break;
        if (err)
            ooxml_xml_close(&x);
        else
            err = ooxml_xml_finish(&x, errbuf);
    }
    free(p.v.data);
    free(p.f.data);
    free(p.is.text.data);
    free(p.outline);
    if (err) {
        ooxml_grid_free(g);
        return err;
    }
    if (!p.sorted)
        sort_cells(g);
    if (g->hidden_count > 1) { /* sorted, each row once (folded groups overlap) */
        qsort(g->hidden_rows, g->hidden_count, sizeof *g->hidden_rows, row_cmp);
        size_t w = 1;
        for (size_t i = 1; i < g->hidden_count; i++)
            if (g->hidden_rows[i] != g->hidden_rows[w - 1])
                g->hidden_rows[w++] = g->hidden_rows[i];
        g->hidden_count = w;
    }
    if (g->hidden_col_count > 1)
        qsort(g->hidden_cols, g->hidden_col_count, sizeof *g->hidden_cols, span_cmp);
    if (!p.fills_sorted) /* a repeated cell's first fill is kept at random: fine */
        qsort(g->fills, g->fill_count, sizeof *g->fills, fill_cmp);
    if ((err = ooxml_index_merges(b, g, errbuf)) != ISOMM_OK) {
        ooxml_grid_free(g);
        return err;
    }
    *out = g;
    return ISOMM_OK;
}

const ooxml_cell *ooxml_grid_at(const ooxml_grid *g, unsigned row, unsigned col)
{
    if (!g)
        return NULL;
    if (g->lookups)
        (*g->lookups)++;
    size_t lo = 0, hi = g->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const ooxml_cell *c = &g->cells[mid];
        if (c->row < row || (c->row == row && c->col < col))
            lo = mid + 1;
        else if (c->row == row && c->col == col)
            return c;
        else
            hi = mid;
    }
    return NULL;
}

void ooxml_grid_free(ooxml_grid *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->count; i++) {
        free(g->cells[i].text);
        free(g->cells[i].formula);
    }
    free(g->cells);
    free(g->merges);
    ooxml_merge_index_free(g->merge_index);
    free(g->hidden_rows);
    free(g->hidden_cols);
    free(g->fills);
    free(g->sheet_part);
    free(g);
}
