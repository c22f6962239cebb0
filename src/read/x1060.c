/*
 * portfolio_sheet.c - a v3.1 service portfolio sheet as input: the
 * textbook appendix's service matrix (サービス | 推奨レベル | サービス割り
 * 当て | 現状 (As-Is) | あるべき姿 (To-Be)) or this project's own output
 * (サービスポートフォリオ sheet). Found by content, never by position: a
 * header row with a 現状/As-Is column and a サービス column (or 推奨レベル /
 * 割り当て / ID), then rows whose service ID (A-1 … I-7, in an ID column or
 * leading the name: "A-1. リスクマネジメント") is in the catalog. The sheet
 * with the most service IDs wins (at least half of the catalog's).
 */
#define _DEFAULT_SOURCE
#include "read/read.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isomm/portfolio.h"
#include "core/core.h"

#define MAX_HEADER_CANDIDATES 64 /* per sheet: bounds work on hostile sheets */

enum { K_ID, K_NAME, K_REC, K_ALLOC, K_ASIS, K_TOBE, K_COUNT };
_Static_assert(K_COUNT == sizeof ((reader_x1060_table *)0)->col / sizeof(long),
               "one column per kind");
static const char *const KIND_LABEL[K_COUNT] = {
    "ID", "サービス", "推奨レベル", "サービス割り当て", "現状 (As-Is)", "あるべき姿 (To-Be)",
};


static int contains(const char *s, const char *w)
{
    return strstr(s, w) != NULL;
}

static int starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static int placeholder(const char *t)
{
    return !*t || !strcmp(t, "—") || !strcmp(t, "-") || !strcmp(t, "―") || !strcmp(t, "ー") ||
           !strcmp(t, "–");
}

/* Lower-case ASCII copy of a normalized text, spaces removed. */
static void squeeze(const char *in, char *out, size_t n)
{
    size_t k = 0;
    for (; *in && k + 1 < n; in++)
        if (*in != ' ')
            out[k++] = (char)tolower((unsigned char)*in);
    out[k] = '\0';
}

/* Kind of a header cell, or -1. */
static int header_kind(const char *norm)
{
    /* Of three bytes or fewer only "#", "ID", "No" and "No." are headers
     * (every Japanese one is longer): marks and IDs end here. */
    size_t n = strlen(norm);
    if (n <= 3 && strcmp(norm, "#") != 0 && strncasecmp(norm, "id", 2) != 0 &&
        strncasecmp(norm, "no", 2) != 0)
        return -1;
    char t[256];
    squeeze(norm, t, sizeof t);
    if (!*t || contains(t, "パターン") || contains(t, "ギャップ") || contains(t, "gap"))
        return -1;
    if (!strcmp(t, "id") || !strcmp(t, "no.") || !strcmp(t, "no") || !strcmp(t, "番号") ||
        !strcmp(t, "サービスid") || !strcmp(t, "サービス番号") || !strcmp(t, "#") ||
        !strcmp(t, "serviceid") || !strcmp(t, "serviceno."))
        return K_ID;
    if (contains(t, "推奨レベル") || contains(t, "recommend"))
        return K_REC;
    if (contains(t, "割り当て") || contains(t, "割当") || contains(t, "allocat") ||
        !strcmp(t, "assignment"))
        return K_ALLOC;
    if (contains(t, "現状") || contains(t, "as-is") || contains(t, "asis"))
        return K_ASIS;
    if (contains(t, "あるべき") || contains(t, "to-be") || contains(t, "tobe"))
        return K_TOBE;
    if (!strcmp(t, "サービス") || !strcmp(t, "サービス名") || !strcmp(t, "サービス名称") ||
        !strcmp(t, "service") || !strcmp(t, "servicename") || !strcmp(t, "services") ||
        !strcmp(t, "x.1060サービス"))
        return K_NAME;
    return -1;
}

static const char *norm_at(const reader_sheet *s, unsigned r, unsigned c)
{
    const ooxml_cell *x = ooxml_grid_at(s->grid, r, c);
    return x ? s->norm[x - s->grid->cells] : NULL;
}

/* Service index of a cell's text ("A-1", "A-1. リスクマネジメント"), -1 if
 * the text is no service ID, -2 if it looks like one the catalog lacks. */
static long service_of(const ooxml_cell *c, const isomm_catalog *cat, char id[16])
{
    id[0] = '\0';
    if (!c || c->type != OOXML_STRING || reader_role_id(c->text, id) != 0)
        return -1;
    long k = isomm_catalog_find_service(cat, id);
    return k >= 0 ? k : -2;
}

/* A service name for matching: reader_header_norm (width, half-width
 * kana, spaces and case) without middle dots. New string or NULL. */
static char *name_key(const char *text)
{
    char *h = reader_header_norm(text);
    if (!h)
        return NULL;
    char *w = h;
    for (const char *r = h; *r;) {
        if (starts(r, "・") || starts(r, "･") || starts(r, "·"))
            r += starts(r, "·") ? strlen("·") : strlen("・");
        else
            *w++ = *r++;
    }
    *w = '\0';
    return h;
}

static int key_cmp(const void *a, const void *b)
{
    const struct reader_x1060_name *x = a, *y = b;
    return strcmp(x->key, y->key);
}

/* Add `len` bytes of `text` as a key of service k. */
static isomm_error add_name(reader_x1060_pick *p, const char *text, size_t len, long k)
{
    char *one = core_strndup(text, len);
    char *key = one ? name_key(one) : NULL;
    free(one);
    if (!key)
        return ISOMM_ERR_NOMEM;
    p->names[p->nnames++] = (struct reader_x1060_name){key, k};
    return ISOMM_OK;
}

/* The catalog's service names and aliases as keys, sorted. */
static isomm_error build_names(reader_x1060_pick *p, const isomm_catalog *cat)
{
    size_t n = cat->service_count;
    for (size_t k = 0; cat->service_aliases && k < cat->service_count; k++)
        for (const char *a = cat->service_aliases[k]; a && *a; a++)
            n += *a == '|' || !a[1];
    if (!(p->names = calloc(n ? n : 1, sizeof *p->names)))
        return ISOMM_ERR_NOMEM;
    isomm_error err = ISOMM_OK;
    for (size_t k = 0; !err && k < cat->service_count; k++) {
        const char *name = cat->services[k].name;
        err = add_name(p, name, strlen(name), (long)k);
        const char *a = cat->service_aliases ? cat->service_aliases[k] : NULL;
        while (!err && a && *a) {
            size_t len = strcspn(a, "|");
            err = add_name(p, a, len, (long)k);
            a += len + (a[len] == '|');
        }
    }
    if (!err)
        qsort(p->names, p->nnames, sizeof *p->names, key_cmp);
    return err;
}

/* The service a name (or alias) names, or -1. */
static long service_named(const reader_x1060_pick *p, const char *text)
{
    char *key = name_key(text);
    if (!key || !*key) {
        free(key);
        return -1;
    }
    struct reader_x1060_name k = {key, 0};
    const struct reader_x1060_name *hit =
        p->nnames ? bsearch(&k, p->names, p->nnames, sizeof k, key_cmp) : NULL;
    free(key);
    return hit ? hit->service : -1;
}

/* The cell holding row r's service ID under table t, or NULL. */
static const ooxml_cell *id_cell(const reader_sheet *s, const reader_x1060_table *t, unsigned r)
{
    if (t->col[K_ID] >= 0)
        return ooxml_grid_at(s->grid, r, (unsigned)t->col[K_ID]);
    if (t->col[K_NAME] >= 0)
        return ooxml_grid_at(s->grid, r, (unsigned)t->col[K_NAME]);
    /* The first string cell left of the As-Is column. */
    for (unsigned c = t->c1; c < (unsigned)t->col[K_ASIS]; c++) {
        const ooxml_cell *x = ooxml_grid_at(s->grid, r, c);
        if (x && x->type == OOXML_STRING && *s->norm[x - s->grid->cells])
            return x;
    }
    return NULL;
}

/* Row r's service: by the ID (in the ID column, leading the name, or the
 * first text left of 現状), else by the name in the name column (or that
 * first text) as the catalog spells it or an alias. -1 no service, -2 an
 * ID the catalog lacks. *cell: the cell that told (or NULL). */
static long row_service(const reader_sheet *s, const reader_x1060_table *t,
                        const reader_x1060_pick *p, const isomm_catalog *cat, unsigned r,
                        const ooxml_cell **cell, char id[16])
{
    const ooxml_cell *c = id_cell(s, t, r);
    *cell = c;
    long k = service_of(c, cat, id);
    if (k != -1)
        return k;
    const ooxml_cell *nc = t->col[K_NAME] >= 0 ? ooxml_grid_at(s->grid, r, (unsigned)t->col[K_NAME])
                                               : t->col[K_ID] < 0 ? c : NULL;
    if (!nc || nc->type != OOXML_STRING || !(k = service_named(p, nc->text), k >= 0))
        return -1;
    *cell = nc;
    snprintf(id, 16, "%s", cat->services[k].id);
    return k;
}

/* Count the distinct catalog services in the rows below the header. */
static isomm_error count_ids(const reader_sheet *s, const reader_x1060_pick *p,
                             const isomm_catalog *cat, reader_x1060_table *t)
{
    unsigned char *seen = calloc(cat->service_count ? cat->service_count : 1, 1);
    if (!seen)
        return ISOMM_ERR_NOMEM;
    t->ids = 0;
    for (unsigned r = t->header_row + 1; r < s->grid->rows; r++) {
        char id[16];
        const ooxml_cell *c;
        long k = row_service(s, t, p, cat, r, &c, id);
        if (k >= 0 && !seen[k]) {
            seen[k] = 1;
            t->ids++;
        }
    }
    free(seen);
    return ISOMM_OK;
}

static int better(const reader_x1060_table *a, const reader_x1060_table *b)
{
    if (!b->found)
        return a->found;
    if (!a->found)
        return 0;
    if (a->ids != b->ids)
        return a->ids > b->ids;
    return a->columns > b->columns;
}

/* The best header of one sheet. */
static isomm_error find_table(const reader_sheet *s, const reader_x1060_pick *p,
                              const isomm_catalog *cat, reader_x1060_table *best)
{
    memset(best, 0, sizeof *best);
    const ooxml_grid *g = s->grid;
    size_t candidates = 0;
    for (size_t i = 0; i < g->count && candidates < MAX_HEADER_CANDIDATES;) {
        unsigned r = g->cells[i].row;
        size_t end = i;
        int has_asis = 0;
        while (end < g->count && g->cells[end].row == r) {
            has_asis |= header_kind(s->norm[end]) == K_ASIS;
            end++;
        }
        if (!has_asis) {
            i = end;
            continue;
        }
        candidates++;
        reader_x1060_table t;
        memset(&t, 0, sizeof t);
        for (int k = 0; k < K_COUNT; k++)
            t.col[k] = -1;
        t.sheet = s->index;
        t.header_row = r;
        t.c1 = g->cells[i].col;
        t.c2 = g->cells[end - 1].col;
        int any_service = 0;
        for (size_t j = i; j < end; j++) {
            int k = header_kind(s->norm[j]);
            if (k >= 0 && t.col[k] < 0)
                t.col[k] = g->cells[j].col;
            any_service |= contains(s->norm[j], "サービス");
        }
        /* Headers merged down from the row above (サービス over two rows). */
        for (size_t m = 0; m < g->merge_count; m++) {
            const ooxml_range *x = &g->merges[m];
            if (x->r1 >= r || x->r2 < r)
                continue;
            const char *n = norm_at(s, x->r1, x->c1);
            int k = n ? header_kind(n) : -1;
            if (k >= 0 && t.col[k] < 0)
                t.col[k] = x->c1;
            if (n && contains(n, "サービス"))
                any_service = 1;
            if (x->c1 < t.c1)
                t.c1 = x->c1;
            if (x->c2 > t.c2)
                t.c2 = x->c2;
        }
        if (any_service || t.col[K_REC] >= 0 || t.col[K_ALLOC] >= 0 || t.col[K_ID] >= 0) {
            t.found = 1;
            for (int k = 0; k < K_COUNT; k++)
                t.columns += t.col[k] >= 0;
            isomm_error err = count_ids(s, p, cat, &t);
            if (err)
                return err;
            if (better(&t, best))
                *best = t;
        }
        i = end;
    }
    return ISOMM_OK;
}

/* ---- values ---------------------------------------------------------------- */


/* 1 recognised (*out set, maybe NULL), 0 unknown. */
static int parse_rec(const char *norm, isomm_recommendation *out)
{
    char t[256];
    squeeze(norm, t, sizeof t);
    const char *p = t;
    while (*p == '(')
        p++;
    *out = ISOMM_REC_NULL;
    if (placeholder(p))
        return 1;
    static const struct {
        const char *label;
        isomm_recommendation rec;
    } L[] = {
        {"不要", ISOMM_REC_NOT_REQUIRED},   {"ベーシック", ISOMM_REC_BASIC},
        {"スタンダード", ISOMM_REC_STANDARD}, {"アドバンスド", ISOMM_REC_ADVANCED},
        {"アドバンスト", ISOMM_REC_ADVANCED}, {"オプション", ISOMM_REC_OPTIONAL},
        {"必須", ISOMM_REC_BASIC},          {"標準", ISOMM_REC_STANDARD},
        {"推奨", ISOMM_REC_ADVANCED},       {"任意", ISOMM_REC_OPTIONAL},
        {"not-required", ISOMM_REC_NOT_REQUIRED}, {"notrequired", ISOMM_REC_NOT_REQUIRED},
        {"basic", ISOMM_REC_BASIC},
        {"standard", ISOMM_REC_STANDARD},   {"advanced", ISOMM_REC_ADVANCED},
        {"optional", ISOMM_REC_OPTIONAL},
    };
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (starts(p, L[i].label)) {
            *out = L[i].rec;
            return 1;
        }
    return 0;
}

static int parse_alloc(const char *norm, isomm_side *out)
{
    char t[256];
    squeeze(norm, t, sizeof t);
    *out = ISOMM_SIDE_NULL;
    if (placeholder(t))
        return 1;
    static const struct {
        const char *label;
        isomm_side side;
    } L[] = {
        {"インソース", ISOMM_SIDE_INSOURCE},  {"アウトソース", ISOMM_SIDE_OUTSOURCE},
        {"併用", ISOMM_SIDE_COMBINED},        {"未割り当て", ISOMM_SIDE_UNASSIGNED},
        {"未割当", ISOMM_SIDE_UNASSIGNED},    {"未割り当", ISOMM_SIDE_UNASSIGNED},
        {"insource", ISOMM_SIDE_INSOURCE},    {"outsource", ISOMM_SIDE_OUTSOURCE},
        {"combined", ISOMM_SIDE_COMBINED},    {"unassigned", ISOMM_SIDE_UNASSIGNED},
        {"in-source", ISOMM_SIDE_INSOURCE},   {"out-source", ISOMM_SIDE_OUTSOURCE},
        {"both", ISOMM_SIDE_COMBINED},        {"not-assigned", ISOMM_SIDE_UNASSIGNED},
    };
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (starts(t, L[i].label)) {
            *out = L[i].side;
            return 1;
        }
    return 0;
}

/* 1..5, -1 empty, -2 not a score. */
static int parse_score(const ooxml_cell *c, const char *norm)
{
    if (!c)
        return -1;
    double v;
    if (c->type == OOXML_NUMBER) {
        v = c->number;
    } else if (c->type == OOXML_STRING) {
        if (placeholder(norm))
            return -1;
        char *end = NULL;
        v = strtod(norm, &end);
        if (end == norm || *end)
            return -2;
    } else if (c->type == OOXML_EMPTY) {
        return -1;
    } else {
        return -2;
    }
    if (!(v >= 1 && v <= 5) || v != floor(v))
        return -2;
    return (int)v;
}

/* ---- reading the table ------------------------------------------------------ */

static isomm_error warn(isomm_portfolio *p, const char *sheet, unsigned r, unsigned c,
                        const char *id, const char *what, const char *text)
{
    char ref[16];
    ooxml_cell_ref(r, c, ref);
    return core_strlist_addf(&p->warnings, "%s!%s (%s): %s '%s'", sheet, ref, id, what,
                              text)
               ? ISOMM_ERR_NOMEM
               : ISOMM_OK;
}

/* 1 if row r holds a value in a column other than the service's: a score
 * or a label (not a heading row). */
static int row_has_values(const reader_sheet *s, const reader_x1060_table *t, unsigned r)
{
    for (int k = K_REC; k < K_COUNT; k++) {
        const char *n = t->col[k] >= 0 ? norm_at(s, r, (unsigned)t->col[k]) : NULL;
        if (n && !placeholder(n))
            return 1;
    }
    return 0;
}

/* A row whose name matches no service (nor an alias) but holds values:
 * warned, never guessed. */
static isomm_error warn_unknown(const reader_sheet *s, const reader_x1060_table *t, unsigned r,
                                isomm_portfolio *p)
{
    const ooxml_cell *nc = t->col[K_NAME] >= 0 && t->col[K_ID] < 0
                               ? ooxml_grid_at(s->grid, r, (unsigned)t->col[K_NAME])
                               : NULL;
    if (!nc || nc->type != OOXML_STRING || !*s->norm[nc - s->grid->cells] ||
        !row_has_values(s, t, r))
        return ISOMM_OK;
    char ref[16];
    ooxml_cell_ref(nc->row, nc->col, ref);
    return core_strlist_addf(&p->warnings, "%s!%s: unknown service name '%s'; row ignored",
                             s->name, ref, nc->text)
               ? ISOMM_ERR_NOMEM
               : ISOMM_OK;
}

static isomm_error read_rows(const reader_sheet *s, const reader_x1060_table *t,
                             const reader_x1060_pick *pick, isomm_portfolio *p, char range[40])
{
    const isomm_catalog *cat = p->catalog;
    char (*first)[16] = calloc(cat->service_count ? cat->service_count : 1, sizeof *first);
    if (!first)
        return ISOMM_ERR_NOMEM;
    for (size_t k = 0; k < cat->service_count; k++) {
        p->services[k].as_is = p->services[k].to_be = -1;
        p->services[k].allocation = ISOMM_SIDE_NULL;
        p->services[k].recommendation = ISOMM_REC_NULL;
    }
    isomm_error err = ISOMM_OK;
    unsigned last_row = t->header_row;
    for (unsigned r = t->header_row + 1; !err && r < s->grid->rows; r++) {
        const ooxml_cell *ic;
        char id[16];
        long k = row_service(s, t, pick, cat, r, &ic, id);
        if (k == -1) {
            err = warn_unknown(s, t, r, p);
            continue;
        }
        char ref[16];
        ooxml_cell_ref(ic->row, ic->col, ref);
        if (k == -2) {
            err = warn(p, s->name, ic->row, ic->col, id,
                       "not a service of the X.1060 catalog, row ignored:", ic->text);
            continue;
        }
        if (first[k][0]) {
            if (core_strlist_addf(&p->warnings,
                                   "%s!%s (%s): service %s appears again (first at %s); "
                                   "this row is ignored", s->name, ref, id, id, first[k]))
                err = ISOMM_ERR_NOMEM;
            continue;
        }
        memcpy(first[k], ref, sizeof ref);
        last_row = r;
        isomm_service_result *sv = &p->services[k];
        if (t->col[K_REC] >= 0) {
            const ooxml_cell *c = ooxml_grid_at(s->grid, r, (unsigned)t->col[K_REC]);
            if (c && !parse_rec(s->norm[c - s->grid->cells], &sv->recommendation))
                err = warn(p, s->name, r, c->col, id, "unknown 推奨レベル", c->text);
        }
        if (!err && t->col[K_ALLOC] >= 0) {
            const ooxml_cell *c = ooxml_grid_at(s->grid, r, (unsigned)t->col[K_ALLOC]);
            if (c && !parse_alloc(s->norm[c - s->grid->cells], &sv->allocation))
                err = warn(p, s->name, r, c->col, id, "unknown サービス割り当て", c->text);
        }
        for (int kind = K_ASIS; !err && kind <= K_TOBE; kind++) {
            if (t->col[kind] < 0)
                continue;
            const ooxml_cell *c = ooxml_grid_at(s->grid, r, (unsigned)t->col[kind]);
            int v = parse_score(c, c ? s->norm[c - s->grid->cells] : NULL);
            if (v == -2) {
                char what[96];
                snprintf(what, sizeof what, "%s is not a score 1–5 (left empty):",
                         KIND_LABEL[kind]);
                err = warn(p, s->name, r, c->col, id, what, c->text);
                v = -1;
            }
            if (kind == K_ASIS)
                sv->as_is = v;
            else
                sv->to_be = v;
        }
    }
    for (size_t k = 0; !err && k < cat->service_count; k++)
        if (!first[k][0] &&
            core_strlist_addf(&p->warnings, "%s: service %s (%s) has no row in the table; "
                               "left empty", s->name, cat->services[k].id,
                               cat->services[k].name))
            err = ISOMM_ERR_NOMEM;
    free(first);
    char a[16], b[16];
    ooxml_cell_ref(t->header_row, t->c1, a);
    ooxml_cell_ref(last_row, t->c2, b);
    snprintf(range, 40, "%s:%s", a, b);
    return err;
}

/* This project's own summary names the organization only in its title,
 * "<組織名>　<title>" (the title ends with サービスポートフォリオ by
 * default): taken when no sheet has an organization label. */
static isomm_error summary_title_org(const reader_sheet *s, char **out)
{
    if (strcmp(s->name, "サマリー") != 0 || s->grid->count == 0 || s->grid->cells[0].row != 0)
        return ISOMM_OK;
    const char *t = s->grid->cells[0].text;
    const char *sep = strstr(t, "　");
    static const char *const tail = "サービスポートフォリオ";
    size_t n = strlen(t), m = strlen(tail);
    if (!sep || sep == t || n < m || strcmp(t + n - m, tail) != 0)
        return ISOMM_OK;
    *out = core_trim(core_strndup(t, (size_t)(sep - t)));
    return *out ? ISOMM_OK : ISOMM_ERR_NOMEM;
}

/* The summary's "組織パターン　ハイブリッド → ミニマムアウトソース（目標）"
 * (this project's own output): the patterns when no prompt gave them. */
static void summary_patterns(const reader_sheet *s, const isomm_catalog *cat, long *cur,
                             long *tgt)
{
    if (strcmp(s->name, "サマリー") != 0)
        return;
    for (size_t i = 0; i < s->grid->count; i++) {
        const char *n = s->norm[i];
        if (!n || !starts(n, "組織パターン"))
            continue;
        const char *rest = n + strlen("組織パターン");
        while (*rest == ' ' || *rest == ':')
            rest++;
        if (!*rest) /* the value in a cell to the right */
            for (size_t j = i + 1; j < s->grid->count && s->grid->cells[j].row ==
                                                           s->grid->cells[i].row; j++)
                if (s->norm[j] && *s->norm[j]) {
                    rest = s->norm[j];
                    break;
                }
        const char *arrow = strstr(rest, "→");
        char left[256], right[256];
        if (arrow) {
            snprintf(left, sizeof left, "%.*s", (int)(arrow - rest), rest);
            snprintf(right, sizeof right, "%s", arrow + strlen("→"));
        } else {
            snprintf(left, sizeof left, "%s", rest);
            right[0] = '\0';
        }
        *cur = reader_match_pattern(cat, left, 0);
        *tgt = *right ? reader_match_pattern(cat, right, 0) : -1;
        return;
    }
}

static isomm_error no_table(const char *path, const isomm_catalog *cat, ooxml_book *book,
                            const reader_x1060_table *t, size_t need, char *errbuf)
{
    size_t sheets = ooxml_sheet_count(book), n = cat->service_count;
    char closest[400];
    if (t->found) {
        char ref[16];
        ooxml_cell_ref(t->header_row, (unsigned)t->col[K_ASIS], ref);
        snprintf(closest, sizeof closest,
                 "closest: sheet %s, 現状 (As-Is) header at %s but only %zu of %zu "
                 "service IDs (at least %zu needed)", ooxml_sheet_name(book, t->sheet),
                 ref, t->ids, n, need);
    } else {
        snprintf(closest, sizeof closest,
                 "no sheet has a header with サービス and 現状 (As-Is)");
    }
    return core_fail(errbuf, ISOMM_ERR_NO_TABLE,
                      "%s: no X.1060 service portfolio found: looked on %zu sheet%s for "
                      "a header with サービス and 現状 (As-Is) above rows with service "
                      "IDs %s … %s; %s", path, sheets, sheets == 1 ? "" : "s",
                      n ? cat->services[0].id : "?", n ? cat->services[n - 1].id : "?",
                      closest);
}

void reader_x1060_init(reader_x1060_pick *p, const isomm_catalog *catalog)
{
    memset(p, 0, sizeof *p);
    p->sum_cur = p->sum_tgt = -1;
    p->need = (catalog->service_count + 1) / 2;
    if (p->need == 0)
        p->need = 1;
}

void reader_x1060_release(reader_x1060_pick *p)
{
    reader_sheet_unref(p->sheet);
    free(p->title_org);
    for (size_t i = 0; i < p->nnames; i++)
        free(p->names[i].key);
    free(p->names);
    memset(p, 0, sizeof *p);
}

isomm_error reader_x1060_scan(reader_x1060_pick *p, reader_sheet *s,
                              const isomm_catalog *catalog)
{
    reader_x1060_table t;
    isomm_error err = p->names ? ISOMM_OK : build_names(p, catalog);
    if (!err)
        err = find_table(s, p, catalog, &t);
    if (err)
        return err;
    if (p->sum_cur < 0 && p->sum_tgt < 0)
        summary_patterns(s, catalog, &p->sum_cur, &p->sum_tgt);
    if (!p->title_org && (err = summary_title_org(s, &p->title_org)))
        return err;
    if (!p->sheet ? t.found : better(&t, &p->table)) {
        reader_sheet_unref(p->sheet);
        p->sheet = reader_sheet_ref(s);
        p->table = t;
    }
    return ISOMM_OK;
}

int reader_x1060_found(const reader_x1060_pick *p)
{
    return p->sheet && p->table.found && p->table.ids >= p->need;
}

isomm_error reader_x1060_no_table(const reader_x1060_pick *p, ooxml_book *book,
                                  const isomm_catalog *catalog, char *errbuf)
{
    static const reader_x1060_table none;
    return no_table(ooxml_path(book), catalog, book, p->sheet ? &p->table : &none, p->need,
                    errbuf);
}

isomm_error reader_x1060_read(reader_x1060_pick *p, isomm_portfolio *port, char range[40])
{
    isomm_error err = read_rows(p->sheet, &p->table, p, port, range);
    if (err)
        return err;
    if (port->pattern_current < 0 && port->pattern_target < 0) {
        port->pattern_current = p->sum_cur;
        port->pattern_target = p->sum_tgt;
    }
    if (!port->organization) {
        port->organization = p->title_org;
        p->title_org = NULL;
    }
    return ISOMM_OK;
}
