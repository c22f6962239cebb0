/*
 * reader_patterns.c - the current and target organization patterns.
 *
 * The v2.1 workbook asks "現在のセキュリティ対応組織のパターンを選択して
 * ください。" and "中長期的に目指すモデルとなるセキュリティ対応組織のパター
 * ンを選択してください。" (usually on 準備シート); the answer is the first
 * non-empty cell to the right of the prompt, or else below it. Without any
 * prompt, the pattern names found in document order are taken (first =
 * current, second = target), ignoring sheets that list three or more of
 * them (a choice list).
 */
#include "reader.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ANSWER_ROWS_BELOW 3
#define MAX_PROMPTS_PER_SHEET 64 /* bounds the work on hostile sheets */
#define MAX_NAMES_PER_SHEET 2    /* bare names: only the first two count */

enum { CAND_CURRENT, CAND_TARGET, CAND_NAME };

typedef struct cand {
    int kind;
    size_t sheet_index;
    char *sheet;
    char ref[16];
    char *text;   /* trimmed answer text */
    long pattern; /* or -1 */
} cand;

struct reader_patterns {
    cand *items;
    size_t count, cap;
    int have_prompt;
};

reader_patterns *reader_patterns_new(void)
{
    return calloc(1, sizeof(reader_patterns));
}

void reader_patterns_free(reader_patterns *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->count; i++) {
        free(p->items[i].sheet);
        free(p->items[i].text);
    }
    free(p->items);
    free(p);
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Strip "パターン2. ", "2) ", "Ⅱ：" before and "パターン", "型" after. */
static void strip_decorations(char *t)
{
    char *p = t;
    if (starts(p, "パターン"))
        p += strlen("パターン");
    while (*p == ' ')
        p++;
    char *q = p;
    int numbered = 0;
    if (*q == '(') {
        q++;
        while (isdigit((unsigned char)*q))
            q++;
        if (*q == ')' && q > p + 1) {
            p = q + 1;
            numbered = 1;
        }
    } else if (isdigit((unsigned char)*q)) {
        while (isdigit((unsigned char)*q))
            q++;
        numbered = 1;
        p = q;
    } else if (starts(q, "\xE2\x85") && (unsigned char)q[2] >= 0xA0 &&
               (unsigned char)q[2] <= 0xAB) { /* Ⅰ..Ⅻ */
        p = q + 3;
        numbered = 1;
    }
    if (numbered) {
        for (;;) {
            if (*p == '.' || *p == ')' || *p == ':' || *p == ' ' || *p == ',')
                p++;
            else if (starts(p, "、") || starts(p, "。"))
                p += strlen("、");
            else
                break;
        }
    }
    memmove(t, p, strlen(p) + 1);
    for (int changed = 1; changed;) {
        changed = 0;
        isomm_trim(t);
        static const char *const suffixes[] = {"パターン", "型"};
        for (size_t i = 0; i < 2; i++)
            if (ends(t, suffixes[i]) && strlen(t) > strlen(suffixes[i])) {
                t[strlen(t) - strlen(suffixes[i])] = '\0';
                changed = 1;
            }
    }
}

long reader_match_pattern(const isomm_catalog *catalog, const char *text, int whole)
{
    char *t = reader_normalize(text);
    if (!t || !*t) {
        free(t);
        return -1;
    }
    long k = isomm_catalog_find_pattern(catalog, t);
    if (k < 0) {
        strip_decorations(t);
        k = isomm_catalog_find_pattern(catalog, t);
    }
    if (k < 0) {
        char *lower = isomm_strdup(t);
        if (lower) {
            for (char *c = lower; *c; c++)
                *c = (char)tolower((unsigned char)*c);
            k = isomm_catalog_find_pattern(catalog, lower);
            free(lower);
        }
    }
    if (k < 0 && !whole) {
        long only = -1;
        int n = 0;
        for (size_t i = 0; i < catalog->pattern_count; i++)
            if (strstr(t, catalog->patterns[i].name)) {
                only = (long)i;
                n++;
            }
        if (n == 1)
            k = only;
    }
    free(t);
    return k;
}

static isomm_error add(reader_patterns *p, int kind, const reader_sheet *s,
                       const xlsx_cell *c, const char *text, long pattern)
{
    if (p->count == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 16;
        cand *n = realloc(p->items, ncap * sizeof *n);
        if (!n)
            return ISOMM_ERR_NOMEM;
        p->items = n;
        p->cap = ncap;
    }
    cand *x = &p->items[p->count];
    x->kind = kind;
    x->sheet_index = s->index;
    x->pattern = pattern;
    xlsx_cell_ref(c->row, c->col, x->ref);
    x->sheet = isomm_strdup(s->name);
    x->text = isomm_trim(isomm_strdup(text));
    if (!x->sheet || !x->text) {
        free(x->sheet);
        free(x->text);
        return ISOMM_ERR_NOMEM;
    }
    p->count++;
    return ISOMM_OK;
}

static int filled(const reader_sheet *s, const xlsx_cell *c)
{
    const char *n = s->norm[c - s->grid->cells];
    return n && *n;
}

/* The answer to the prompt at cell index i, or NULL. */
static const xlsx_cell *answer(const reader_sheet *s, size_t i)
{
    const xlsx_grid *g = s->grid;
    const xlsx_cell *pc = &g->cells[i];
    const xlsx_range *m = xlsx_grid_merge_at(g, pc->row, pc->col);
    unsigned r1 = pc->row, r2 = pc->row, c1 = pc->col, c2 = pc->col;
    if (m) {
        r1 = m->r1;
        r2 = m->r2;
        c1 = m->c1;
        c2 = m->c2;
    }
    (void)r1;
    for (size_t j = i + 1; j < g->count && g->cells[j].row == pc->row; j++)
        if (g->cells[j].col > c2 && filled(s, &g->cells[j]))
            return &g->cells[j];
    for (unsigned r = r2 + 1; r <= r2 + ANSWER_ROWS_BELOW && r < XLSX_MAX_ROWS; r++)
        for (unsigned c = c1; c <= c2; c++) {
            const xlsx_cell *a = xlsx_grid_at(g, r, c);
            if (a && filled(s, a))
                return a;
        }
    return NULL;
}

static int prompt_kind(const char *norm)
{
    if (!norm || !strstr(norm, "パターン"))
        return -1;
    /* v2.1 prompts: 現在 / 目指す; also the labels 現状のパターン /
     * 目標のパターン (a label, not a sentence that mentions them). */
    int cur = strstr(norm, "現在") != NULL || strncmp(norm, "現状のパターン", strlen("現状のパターン")) == 0;
    int tgt = strstr(norm, "目指す") != NULL || strncmp(norm, "目標のパターン", strlen("目標のパターン")) == 0;
    if (cur && !tgt)
        return CAND_CURRENT;
    if (tgt && !cur)
        return CAND_TARGET;
    return -1;
}

isomm_error reader_patterns_scan(reader_patterns *p, const reader_sheet *s,
                                 const isomm_catalog *catalog)
{
    const xlsx_grid *g = s->grid;
    size_t first_name = p->count;
    unsigned seen = 0; /* distinct pattern names on this sheet (bit set) */
    size_t prompts = 0, names = 0;
    for (size_t i = 0; i < g->count; i++) {
        const char *norm = s->norm[i];
        if (!norm || !*norm)
            continue;
        int kind = prompt_kind(norm);
        if (kind >= 0) {
            p->have_prompt = 1;
            if (++prompts > MAX_PROMPTS_PER_SHEET)
                continue;
            const xlsx_cell *a = answer(s, i);
            if (a && add(p, kind, s, a, a->text,
                         reader_match_pattern(catalog, a->text, 0)))
                return ISOMM_ERR_NOMEM;
            continue;
        }
        long k = reader_match_pattern(catalog, g->cells[i].text, 1);
        if (k >= 0) {
            if (k < 32)
                seen |= 1u << k;
            if (names++ < MAX_NAMES_PER_SHEET &&
                add(p, CAND_NAME, s, &g->cells[i], g->cells[i].text, k))
                return ISOMM_ERR_NOMEM;
        }
    }
    int distinct = 0;
    for (unsigned b = seen; b; b &= b - 1)
        distinct++;
    if (distinct >= 3) { /* a list of the choices, not an answer */
        size_t w = first_name;
        for (size_t i = first_name; i < p->count; i++) {
            if (p->items[i].kind == CAND_NAME) {
                free(p->items[i].sheet);
                free(p->items[i].text);
            } else {
                p->items[w++] = p->items[i];
            }
        }
        p->count = w;
    }
    return ISOMM_OK;
}

static isomm_error resolve_kind(reader_patterns *p, int kind, long *out,
                                isomm_assessment *a)
{
    *out = -1;
    const cand *unknown = NULL;
    for (size_t i = 0; i < p->count; i++) {
        const cand *c = &p->items[i];
        if (c->kind != kind)
            continue;
        if (c->pattern >= 0) {
            *out = c->pattern;
            return ISOMM_OK;
        }
        if (!unknown && *c->text)
            unknown = c;
    }
    if (unknown && isomm_strlist_addf(&a->warnings, "%s!%s: unknown pattern name '%s'",
                                      unknown->sheet, unknown->ref, unknown->text))
        return ISOMM_ERR_NOMEM;
    return ISOMM_OK;
}

isomm_error reader_patterns_resolve(reader_patterns *p, isomm_assessment *a)
{
    a->pattern_current = a->pattern_target = -1;
    if (p->have_prompt) {
        isomm_error err = resolve_kind(p, CAND_CURRENT, &a->pattern_current, a);
        if (!err)
            err = resolve_kind(p, CAND_TARGET, &a->pattern_target, a);
        return err;
    }
    int n = 0;
    for (size_t i = 0; i < p->count && n < 2; i++)
        if (p->items[i].kind == CAND_NAME) {
            if (n++ == 0)
                a->pattern_current = p->items[i].pattern;
            else
                a->pattern_target = p->items[i].pattern;
        }
    return ISOMM_OK;
}
