/*
 * reader_patterns.c - the current and target organization patterns.
 *
 * The v2.1 workbook asks "現在のセキュリティ対応組織のパターンを選択して
 * ください。" and "中長期的に目指すモデルとなるセキュリティ対応組織のパター
 * ンを選択してください。" (usually on 準備シート). A prompt is a cell naming
 * パターン (or "pattern") with a current cue (現在, 現状, 今の, As-Is,
 * current) or a target cue (目指す, 目標, 将来, あるべき姿, 理想, 中長期,
 * 今後, To-Be, target, future); with both, the target cue wins. Its answer
 * is written in the prompt itself ("現在のパターン：ハイブリッド"), else it
 * is the first non-empty cell to its right, else the first below it (up to
 * 3 rows, under the prompt's columns). A cell naming two or more pattern
 * names is a choice hint and is skipped, so are separators (":", "→") and
 * instructions (※…, …してください); another prompt ends the search.
 * "A → B" (→ -> => ⇒ ＞ …) is current → target wherever it is found, also
 * after a label without a cue (組織パターン, this project's サマリー).
 * Without any prompt, the pattern names found in document order are taken
 * (first = current, second = target), ignoring sheets that list three or
 * more of them (a choice list).
 */
#include "read/read.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

#define ANSWER_ROWS_BELOW 3
#define MAX_PROMPTS_PER_SHEET 64 /* bounds the work on hostile sheets */
#define MAX_NAMES_PER_SHEET 2    /* bare names: only the first two count */

enum { CAND_CURRENT, CAND_TARGET, CAND_NAME };
enum { PROMPT_NONE = -1, PROMPT_LABEL = 3 }; /* or CAND_CURRENT / CAND_TARGET */

typedef struct cand {
    int kind;
    int noanswer; /* a prompt without an answer; text is the warning */
    size_t sheet_index;
    char *sheet;
    char ref[16];
    char *text;   /* trimmed answer text */
    long pattern; /* or -1 */
} cand;

struct reader_patterns {
    cand *items;
    size_t count, cap;
    size_t *prompt_sheets; /* sheets holding a prompt, ascending */
    size_t nprompt, prompt_cap;
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
    free(p->prompt_sheets);
    free(p);
}

/* Sheet s holds a prompt (sheets are scanned in order). */
static isomm_error have_prompt(reader_patterns *p, const reader_sheet *s)
{
    if (p->nprompt && p->prompt_sheets[p->nprompt - 1] == s->index)
        return ISOMM_OK;
    if (core_grow((void **)&p->prompt_sheets, &p->prompt_cap, p->nprompt,
                  sizeof *p->prompt_sheets, 8))
        return ISOMM_ERR_NOMEM;
    p->prompt_sheets[p->nprompt++] = s->index;
    return ISOMM_OK;
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

/* First occurrence of `needle` in s, ASCII letters compared without case. */
static const char *ci_find(const char *s, const char *needle)
{
    size_t m = strlen(needle);
    int first = tolower((unsigned char)needle[0]);
    for (; *s; s++) /* the first byte before a call: every cell comes here */
        if (tolower((unsigned char)*s) == first && strncasecmp(s, needle, m) == 0)
            return s;
    return NULL;
}

/* Drop spaces and middle dots (・ ･): "ミニマム・アウトソース". */
static void compact(char *t)
{
    char *w = t;
    for (const char *r = t; *r;) {
        if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
            r++;
        else if (starts(r, "・") || starts(r, "･"))
            r += strlen("・");
        else
            *w++ = *r++;
    }
    *w = '\0';
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
        core_trim(t);
        static const char *const suffixes[] = {"パターン", "型"};
        for (size_t i = 0; i < 2; i++)
            if (ends(t, suffixes[i]) && strlen(t) > strlen(suffixes[i])) {
                t[strlen(t) - strlen(suffixes[i])] = '\0';
                changed = 1;
            }
    }
}

/* Distinct pattern names inside t (already compacted); *only the last. */
static int count_names(const isomm_catalog *catalog, const char *t, long *only)
{
    int n = 0;
    for (size_t i = 0; i < catalog->pattern_count; i++)
        if (strstr(t, catalog->patterns[i].name)) {
            if (only)
                *only = (long)i;
            n++;
        }
    return n;
}

/* One round of matching on a normalized copy t (modified). */
static long match_once(const isomm_catalog *catalog, char *t, int whole)
{
    long k = isomm_catalog_find_pattern(catalog, t);
    if (k < 0) {
        strip_decorations(t);
        k = isomm_catalog_find_pattern(catalog, t);
    }
    if (k < 0) {
        char *lower = core_strdup(t);
        if (lower) {
            for (char *c = lower; *c; c++)
                *c = *c == ' ' ? '-' : (char)tolower((unsigned char)*c);
            k = isomm_catalog_find_pattern(catalog, lower);
            free(lower);
        }
    }
    if (k < 0 && !whole) {
        long only = -1;
        if (count_names(catalog, t, &only) == 1)
            k = only;
    }
    return k;
}

/* Bytes of the shortest pattern name or key: normalizing never makes a
 * text longer, so a shorter cell (a mark, a number, an ID) names no
 * pattern. This spares the normalizing of every grid cell. */
static size_t shortest_name(const isomm_catalog *catalog)
{
    size_t min = (size_t)-1;
    for (size_t i = 0; i < catalog->pattern_count; i++) {
        size_t a = strlen(catalog->patterns[i].key), b = strlen(catalog->patterns[i].name);
        min = a < min ? a : min;
        min = b < min ? b : min;
    }
    return min;
}

/* Whether a normalized text may name a pattern: matching only strips
 * decorations, folds ASCII case, turns spaces into '-' and drops spaces
 * and dots, so the text holds the first character of a pattern's name or
 * (in any case) of its key, or it names none. Most cells hold neither. */
static int may_name(const isomm_catalog *catalog, const char *norm)
{
    for (size_t i = 0; i < catalog->pattern_count; i++) {
        const char *name = catalog->patterns[i].name, *key = catalog->patterns[i].key;
        char first[5] = {name[0]};
        for (size_t n = 1; n < 4 && name[n - 1] && ((unsigned char)name[n] & 0xC0) == 0x80; n++)
            first[n] = name[n];
        if (*first && strstr(norm, first))
            return 1;
        unsigned char k = (unsigned char)*key;
        if (k && (strchr(norm, tolower(k)) || strchr(norm, toupper(k)) ||
                  (k == '-' && strchr(norm, ' '))))
            return 1;
    }
    return 0;
}

/* The pattern a normalized text names, or -1. */
static long match_norm(const isomm_catalog *catalog, const char *norm, int whole)
{
    if (!*norm || strlen(norm) < shortest_name(catalog) || !may_name(catalog, norm))
        return -1;
    char *t = core_strdup(norm);
    char *c = core_strdup(norm);
    long k = t ? match_once(catalog, t, whole) : -1;
    if (k < 0 && c) {
        compact(c);
        k = match_once(catalog, c, whole);
    }
    free(c);
    free(t);
    return k;
}

long reader_match_pattern(const isomm_catalog *catalog, const char *text, int whole)
{
    if (!text || strlen(text) < shortest_name(catalog))
        return -1;
    char *t = reader_normalize(text);
    long k = t ? match_norm(catalog, t, whole) : -1;
    free(t);
    return k;
}

/* Distinct pattern names in a normalized text (spaces and dots ignored). */
static int names_in(const isomm_catalog *catalog, const char *norm)
{
    char *c = core_strdup(norm);
    if (!c)
        return 0;
    compact(c);
    int n = count_names(catalog, c, NULL);
    free(c);
    return n;
}

/* "No answer": empty, a dash, 未記入, 未設定, 未選択, 選択してください. */
static int placeholder(const char *norm)
{
    static const char *const words[] = {"",       "—",      "-",    "―",
                                        "ー",     "未記入", "未設定", "未選択",
                                        "▼",      "選択してください",
                                        "(選択してください)", "(未選択)", "(未設定)"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(norm, words[i]) == 0)
            return 1;
    return 0;
}

static const char *const ARROWS[] = {"->", "=>", "→", "⇒", "⇨", "➡", "➔", "⟶", ">"};

/* The first arrow in s and its length, or NULL (at one place, the first
 * of ARROWS). Every arrow starts with '-', '=', '>' or the byte 0xE2. */
static const char *find_arrow(const char *s, size_t *len)
{
    for (const char *p = s; (p = strpbrk(p, "-=>\xE2")) != NULL; p++)
        for (size_t i = 0; i < sizeof ARROWS / sizeof ARROWS[0]; i++) {
            size_t l = strlen(ARROWS[i]);
            if (strncmp(p, ARROWS[i], l) == 0) {
                *len = l;
                return p;
            }
        }
    return NULL;
}

enum { VAL_NONE, VAL_ONE, VAL_PAIR, VAL_HINT, VAL_OTHER };

typedef struct value {
    int kind;
    long pat[2];   /* VAL_ONE: pat[0]; VAL_PAIR: current, target */
    char *side[2]; /* VAL_PAIR: the text of a side that names no pattern */
} value;

static void value_free(value *v)
{
    free(v->side[0]);
    free(v->side[1]);
    v->side[0] = v->side[1] = NULL;
}

/* What a normalized cell text answers. ISOMM_ERR_NOMEM or ISOMM_OK. */
static isomm_error classify(const isomm_catalog *catalog, const char *norm, value *v)
{
    memset(v, 0, sizeof *v);
    v->pat[0] = v->pat[1] = -1;
    if (placeholder(norm)) {
        v->kind = VAL_NONE;
        return ISOMM_OK;
    }
    size_t alen = 0, alen2 = 0;
    const char *a = find_arrow(norm, &alen);
    if (a && !find_arrow(a + alen, &alen2)) { /* one arrow: "A → B" */
        char *side[2] = {core_trim(core_strndup(norm, (size_t)(a - norm))),
                         core_trim(core_strdup(a + alen))};
        if (!side[0] || !side[1]) {
            free(side[0]);
            free(side[1]);
            return ISOMM_ERR_NOMEM;
        }
        int n[2] = {names_in(catalog, side[0]), names_in(catalog, side[1])};
        /* A side naming no pattern is empty, a placeholder or a misspelt
         * name; "フルインソース (>2025年)" is no pair. */
        int ok = n[0] <= 1 && n[1] <= 1 && n[0] + n[1] >= 1;
        for (int k = 0; k < 2 && ok; k++)
            if (!n[k] && !placeholder(side[k]) && strpbrk(side[k], "0123456789"))
                ok = 0;
        if (ok) {
            v->kind = VAL_PAIR;
            for (int k = 0; k < 2; k++) {
                if (n[k])
                    v->pat[k] = reader_match_pattern(catalog, side[k], 0);
                if (v->pat[k] < 0 && !placeholder(side[k])) {
                    v->side[k] = side[k]; /* an unknown name */
                    side[k] = NULL;
                }
                free(side[k]);
            }
            return ISOMM_OK;
        }
        free(side[0]);
        free(side[1]);
    }
    if (names_in(catalog, norm) >= 2) {
        v->kind = VAL_HINT;
        return ISOMM_OK;
    }
    v->pat[0] = reader_match_pattern(catalog, norm, 0);
    v->kind = v->pat[0] >= 0 ? VAL_ONE : VAL_OTHER;
    return ISOMM_OK;
}

static isomm_error add(reader_patterns *p, int kind, const reader_sheet *s,
                       const ooxml_cell *c, const char *text, long pattern, int noanswer)
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
    x->noanswer = noanswer;
    x->sheet_index = s->index;
    x->pattern = pattern;
    ooxml_cell_ref(c->row, c->col, x->ref);
    x->sheet = core_strdup(s->name);
    x->text = core_trim(core_strdup(text));
    if (!x->sheet || !x->text) {
        free(x->sheet);
        free(x->text);
        return ISOMM_ERR_NOMEM;
    }
    p->count++;
    return ISOMM_OK;
}

/* Both halves of "A → B" found at cell c. */
static isomm_error add_pair(reader_patterns *p, int kind0, const reader_sheet *s,
                            const ooxml_cell *c, const value *v)
{
    for (int k = 0; k < 2; k++) {
        int kind = kind0 == CAND_NAME ? CAND_NAME : (k == 0 ? CAND_CURRENT : CAND_TARGET);
        if (v->pat[k] >= 0) {
            const char *name = ""; /* text is only quoted for unknown names */
            if (add(p, kind, s, c, name, v->pat[k], 0))
                return ISOMM_ERR_NOMEM;
        } else if (v->side[k] && kind != CAND_NAME) {
            if (add(p, kind, s, c, v->side[k], -1, 0))
                return ISOMM_ERR_NOMEM;
        }
    }
    return ISOMM_OK;
}

static int filled(const reader_sheet *s, const ooxml_cell *c)
{
    const char *n = s->norm[c - s->grid->cells];
    return n && *n;
}

static int has_cue(const char *norm, const char *const *cues, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ci_find(norm, cues[i]))
            return 1;
    return 0;
}

/* CAND_CURRENT or CAND_TARGET for a prompt, PROMPT_LABEL for a cell
 * naming パターン without a cue (組織パターン), else PROMPT_NONE. */
static int prompt_kind(const char *norm)
{
    static const char *const TARGET[] = {"目指",  "めざ",  "目標",   "将来",  "あるべき",
                                         "理想",  "中長期", "今後",   "to-be", "to be",
                                         "tobe",  "target", "future"};
    static const char *const CURRENT[] = {"現在", "現状", "今の", "as-is", "as is", "current"};
    if (!norm || (!strstr(norm, "パターン") && !ci_find(norm, "pattern")))
        return PROMPT_NONE;
    if (has_cue(norm, TARGET, sizeof TARGET / sizeof TARGET[0]))
        return CAND_TARGET; /* "目標とする現在の組織パターン": the target */
    if (has_cue(norm, CURRENT, sizeof CURRENT / sizeof CURRENT[0]))
        return CAND_CURRENT;
    return PROMPT_LABEL;
}

/* The value written in the prompt cell itself: after パターン (and a
 * parenthesised addition), a separator (':', '=', '「', 'は', a space) and
 * the value; NULL if none. */
static const char *inline_value(const char *norm)
{
    const char *p = strstr(norm, "パターン");
    size_t len = strlen("パターン");
    if (!p) {
        p = ci_find(norm, "pattern");
        len = strlen("pattern");
    }
    if (!p)
        return NULL;
    p += len;
    const char *q = p;
    while (*q == ' ')
        q++;
    if (*q == '(') {
        const char *close = strchr(q, ')');
        if (!close)
            return NULL;
        q = close + 1;
    }
    int spaced = *q == ' ';
    while (*q == ' ')
        q++;
    if (*q == ':' || *q == '=')
        q++;
    else if (starts(q, "「") || starts(q, "『") || starts(q, "は"))
        q += strlen("「");
    else if (!spaced)
        return NULL;
    while (*q == ' ')
        q++;
    return *q ? q : NULL;
}

/* A separator cell (":", "→") or an instruction ("※プルダウンから選択
 * してください") between a prompt and its answer. */
static int filler(const char *norm)
{
    static const char *const SEPS[] = {":", "=", "→", "⇒", "▶", "►", "⇨", "➡", "->"};
    for (size_t i = 0; i < sizeof SEPS / sizeof SEPS[0]; i++)
        if (strcmp(norm, SEPS[i]) == 0)
            return 1;
    return starts(norm, "※") || starts(norm, "*") || strstr(norm, "してください") ||
           strstr(norm, "プルダウン") || strstr(norm, "ドロップダウン");
}

/* For the answer search: 0 an answer, 1 a choice hint (skip), 2 another
 * prompt (stop), 3 a separator or an instruction (skip). */
static int answer_role(const reader_sheet *s, size_t j, const isomm_catalog *catalog)
{
    const char *n = s->norm[j];
    if (match_norm(catalog, n, 1) >= 0)
        return 0;
    int kind = prompt_kind(n);
    if (kind == CAND_CURRENT || kind == CAND_TARGET)
        return 2;
    if (placeholder(n))
        return 0;
    if (filler(n))
        return 3;
    size_t alen;
    if (names_in(catalog, n) >= 2) {
        value v;
        if (find_arrow(n, &alen) && classify(catalog, n, &v) == ISOMM_OK) {
            int pair = v.kind == VAL_PAIR;
            value_free(&v);
            if (pair)
                return 0;
        }
        return 1;
    }
    return 0;
}

/* The answer to the prompt at cell index i, or NULL; *hint the first
 * choice hint skipped on the way (or NULL). */
static const ooxml_cell *answer(const reader_sheet *s, size_t i, const isomm_catalog *catalog,
                               const ooxml_cell **hint)
{
    *hint = NULL;
    const ooxml_grid *g = s->grid;
    const ooxml_cell *pc = &g->cells[i];
    const ooxml_range *m = ooxml_grid_merge_at(g, pc->row, pc->col);
    unsigned r2 = pc->row, c1 = pc->col, c2 = pc->col;
    if (m) {
        r2 = m->r2;
        c1 = m->c1;
        c2 = m->c2;
    }
    for (size_t j = i + 1; j < g->count && g->cells[j].row == pc->row; j++) {
        if (g->cells[j].col <= c2 || !filled(s, &g->cells[j]))
            continue;
        int role = answer_role(s, j, catalog);
        if (role == 0)
            return &g->cells[j];
        if (role == 1 && !*hint)
            *hint = &g->cells[j];
        if (role == 2)
            break;
    }
    for (unsigned r = r2 + 1; r <= r2 + ANSWER_ROWS_BELOW && r < OOXML_MAX_ROWS; r++)
        for (unsigned c = c1; c <= c2; c++) {
            const ooxml_cell *a = ooxml_grid_at(g, r, c);
            if (!a || !filled(s, a))
                continue;
            int role = answer_role(s, (size_t)(a - g->cells), catalog);
            if (role == 0)
                return a;
            if (role == 1 && !*hint)
                *hint = a;
            if (role == 2)
                return NULL;
        }
    return NULL;
}

/* A prompt at pc without an answer: the warning it gives when nothing
 * else answers its kind, naming a choice hint passed over. */
static isomm_error no_answer(reader_patterns *p, int kind, const reader_sheet *s,
                             const ooxml_cell *pc, const ooxml_cell *hint)
{
    const char *what = kind == CAND_CURRENT ? "current" : "target";
    char ref[16] = "";
    if (hint)
        ooxml_cell_ref(hint->row, hint->col, ref);
    char *msg = hint ? core_asprintf("the %s pattern prompt '%s' has no answer (%s names "
                                      "several patterns: '%s'); %s pattern not set",
                                      what, pc->text, ref, hint->text, what)
                     : core_asprintf("the %s pattern prompt '%s' has no answer (no "
                                      "pattern name to its right or below); %s pattern "
                                      "not set", what, pc->text, what);
    if (!msg)
        return ISOMM_ERR_NOMEM;
    isomm_error err = add(p, kind, s, pc, msg, -1, 1);
    free(msg);
    return err;
}

/* A prompt (kind CAND_CURRENT / CAND_TARGET) at cell index i. */
static isomm_error read_prompt(reader_patterns *p, const reader_sheet *s, size_t i,
                               int kind, const isomm_catalog *catalog)
{
    const ooxml_cell *pc = &s->grid->cells[i];
    value v;
    isomm_error err;
    const char *iv = inline_value(s->norm[i]);
    if (iv) {
        if ((err = classify(catalog, iv, &v)))
            return err;
        if (v.kind == VAL_ONE)
            err = add(p, kind, s, pc, "", v.pat[0], 0);
        else if (v.kind == VAL_PAIR)
            err = add_pair(p, kind, s, pc, &v);
        value_free(&v);
        if (err || v.kind == VAL_ONE || v.kind == VAL_PAIR)
            return err;
    }
    const ooxml_cell *hint;
    const ooxml_cell *a = answer(s, i, catalog, &hint);
    if (!a)
        return no_answer(p, kind, s, pc, hint);
    if ((err = classify(catalog, s->norm[a - s->grid->cells], &v)))
        return err;
    switch (v.kind) {
    case VAL_ONE:
        err = add(p, kind, s, a, a->text, v.pat[0], 0);
        break;
    case VAL_PAIR:
        err = add_pair(p, kind, s, a, &v);
        break;
    case VAL_OTHER:
        err = add(p, kind, s, a, a->text, -1, 0);
        break;
    default: /* a placeholder (—, 未選択) */
        err = no_answer(p, kind, s, pc, NULL);
        break;
    }
    value_free(&v);
    return err;
}

/* A label without a cue (組織パターン): only "A → B" counts, in the cell
 * itself or as its answer; it then counts as a prompt. */
static isomm_error read_label(reader_patterns *p, const reader_sheet *s, size_t i,
                              const isomm_catalog *catalog)
{
    const ooxml_cell *pc = &s->grid->cells[i];
    const char *iv = inline_value(s->norm[i]);
    const ooxml_cell *at = pc;
    size_t alen;
    if (!iv || !find_arrow(iv, &alen)) {
        const ooxml_cell *hint;
        at = answer(s, i, catalog, &hint);
        iv = at ? s->norm[at - s->grid->cells] : NULL;
        if (!iv || !find_arrow(iv, &alen))
            return ISOMM_OK;
    }
    value v;
    isomm_error err = classify(catalog, iv, &v);
    if (err)
        return err;
    if (v.kind == VAL_PAIR) {
        err = have_prompt(p, s);
        if (!err)
            err = add_pair(p, CAND_CURRENT, s, at, &v);
    }
    value_free(&v);
    return err;
}

isomm_error reader_patterns_scan(reader_patterns *p, const reader_sheet *s,
                                 const isomm_catalog *catalog)
{
    const ooxml_grid *g = s->grid;
    size_t first_name = p->count;
    unsigned seen = 0; /* distinct pattern names on this sheet (bit set) */
    size_t prompts = 0, labels = 0, names = 0;
    for (size_t i = 0; i < g->count; i++) {
        const char *norm = s->norm[i];
        if (!norm || !*norm)
            continue;
        long k = match_norm(catalog, norm, 1);
        if (k >= 0) {
            if (k < 32)
                seen |= 1u << k;
            if (names++ < MAX_NAMES_PER_SHEET &&
                add(p, CAND_NAME, s, &g->cells[i], g->cells[i].text, k, 0))
                return ISOMM_ERR_NOMEM;
            continue;
        }
        int kind = prompt_kind(norm);
        if (kind != PROMPT_NONE) {
            size_t *seen_kind = kind == PROMPT_LABEL ? &labels : &prompts;
            if (++*seen_kind > MAX_PROMPTS_PER_SHEET)
                continue;
            isomm_error err;
            if (kind == PROMPT_LABEL) {
                err = read_label(p, s, i, catalog);
            } else {
                err = have_prompt(p, s);
                if (!err)
                    err = read_prompt(p, s, i, kind, catalog);
            }
            if (err)
                return err;
            continue;
        }
        size_t alen;
        if (find_arrow(norm, &alen)) { /* a bare "A → B" */
            value v;
            if (classify(catalog, norm, &v))
                return ISOMM_ERR_NOMEM;
            if (v.kind == VAL_PAIR && v.pat[0] >= 0 && v.pat[1] >= 0) {
                for (int h = 0; h < 2; h++)
                    if (v.pat[h] < 32)
                        seen |= 1u << v.pat[h];
                isomm_error err = ISOMM_OK;
                if (names < MAX_NAMES_PER_SHEET)
                    err = add_pair(p, CAND_NAME, s, &g->cells[i], &v);
                names += 2;
                if (err) {
                    value_free(&v);
                    return err;
                }
            }
            value_free(&v);
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

static isomm_error resolve_kind(reader_patterns *p, int kind, const unsigned char *allowed,
                                long *out, isomm_assessment *a)
{
    *out = -1;
    const cand *unknown = NULL, *empty = NULL;
    for (size_t i = 0; i < p->count; i++) {
        const cand *c = &p->items[i];
        if (c->kind != kind || (allowed && !allowed[c->sheet_index]))
            continue;
        if (c->pattern >= 0) {
            *out = c->pattern;
            return ISOMM_OK;
        }
        if (c->noanswer) {
            if (!empty)
                empty = c;
        } else if (!unknown && *c->text) {
            unknown = c;
        }
    }
    if (unknown && core_strlist_addf(&a->warnings, "%s!%s: unknown pattern name '%s'",
                                      unknown->sheet, unknown->ref, unknown->text))
        return ISOMM_ERR_NOMEM;
    if (!unknown && empty &&
        core_strlist_addf(&a->warnings, "%s!%s: %s", empty->sheet, empty->ref, empty->text))
        return ISOMM_ERR_NOMEM;
    return ISOMM_OK;
}

isomm_error reader_patterns_resolve(reader_patterns *p, const unsigned char *allowed,
                                    isomm_assessment *a)
{
    a->pattern_current = a->pattern_target = -1;
    int prompts = 0;
    for (size_t i = 0; i < p->nprompt && !prompts; i++)
        prompts = !allowed || allowed[p->prompt_sheets[i]];
    if (prompts) {
        isomm_error err = resolve_kind(p, CAND_CURRENT, allowed, &a->pattern_current, a);
        if (!err)
            err = resolve_kind(p, CAND_TARGET, allowed, &a->pattern_target, a);
        return err;
    }
    int n = 0;
    for (size_t i = 0; i < p->count && n < 2; i++)
        if (p->items[i].kind == CAND_NAME &&
            (!allowed || allowed[p->items[i].sheet_index])) {
            if (n++ == 0)
                a->pattern_current = p->items[i].pattern;
            else
                a->pattern_target = p->items[i].pattern;
        }
    return ISOMM_OK;
}
