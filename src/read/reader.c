/*
 * reader.c - isomm_assessment_read(): a v2.1 (or v2.0) self-check workbook
 * to an assessment. Every sheet is examined (one at a time, so memory stays
 * bounded by the largest sheet); the sheet whose table holds the most role
 * IDs wins, and the patterns may come from any sheet.
 */
#include "read/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

isomm_assessment *isomm_assessment_new(const isomm_catalog *catalog)
{
    if (!catalog)
        return NULL;
    isomm_assessment *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->catalog = catalog;
    a->pattern_current = a->pattern_target = -1;
    a->answers = calloc(catalog->role_count ? catalog->role_count : 1, sizeof *a->answers);
    if (!a->answers) {
        free(a);
        return NULL;
    }
    return a;
}

void isomm_assessment_free(isomm_assessment *a)
{
    if (!a)
        return;
    if (a->answers && a->catalog)
        for (size_t i = 0; i < a->catalog->role_count; i++)
            free(a->answers[i].note);
    free(a->answers);
    free(a->path);
    free(a->kind);
    free(a->sheet);
    free(a->layout);
    free(a->table_range);
    free(a->organization);
    free(a->date);
    free(a->date_source);
    free(a->selections);
    isomm_strlist_clear(&a->warnings);
    free(a);
}

void reader_sheet_release(reader_sheet *s)
{
    if (s->norm && s->grid)
        for (size_t i = 0; i < s->grid->count; i++)
            free(s->norm[i]);
    free(s->norm);
    free(s->role);
    ooxml_grid_free(s->grid);
    memset(s, 0, sizeof *s);
}

/* Normalized text and role ID of every cell. */
isomm_error reader_sheet_prepare(reader_sheet *s, const isomm_catalog *cat)
{
    size_t n = s->grid->count;
    s->norm = calloc(n ? n : 1, sizeof *s->norm);
    s->role = malloc((n ? n : 1) * sizeof *s->role);
    if (!s->norm || !s->role)
        return ISOMM_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const ooxml_cell *c = &s->grid->cells[i];
        s->norm[i] = reader_normalize(c->text);
        if (!s->norm[i])
            return ISOMM_ERR_NOMEM;
        char id[16];
        s->role[i] = c->type == OOXML_STRING && reader_role_id(c->text, id) == 0
                         ? isomm_catalog_find_role(cat, id)
                         : -1;
    }
    return ISOMM_OK;
}

/* One warning when the table holds no selection at all: the marks may be
 * cell colours, or form controls the file no longer holds. */
static isomm_error reader_warn_no_selection(const reader_sheet *s, const reader_table *t,
                                            isomm_assessment *a)
{
    for (size_t k = 0; k < a->catalog->role_count; k++)
        if (a->answers[k].insource || a->answers[k].outsource)
            return ISOMM_OK;
    /* reader_read_marks already said why: level numbers printed everywhere */
    for (size_t i = 0; i < a->warnings.count; i++)
        if (strstr(a->warnings.items[i], READER_PRINTED_LEVELS))
            return ISOMM_OK;
    long c1 = -1, c2 = -1;
    for (int l = 0; l < 6; l++) {
        long cs[2] = {t->in_cols[l], t->out_cols[l]};
        for (int i = 0; i < 2; i++) {
            if (cs[i] < 0)
                continue;
            if (c1 < 0 || cs[i] < c1)
                c1 = cs[i];
            if (cs[i] > c2)
                c2 = cs[i];
        }
    }
    if (t->numeric) {
        c1 = t->in_col < t->out_col ? t->in_col : t->out_col;
        c2 = t->in_col < t->out_col ? t->out_col : t->in_col;
    }
    unsigned last = t->level_row + 1, r, c;
    const char *colon = a->table_range ? strchr(a->table_range, ':') : NULL;
    if (colon && ooxml_parse_ref(colon + 1, &r, &c) == 0 && r > last)
        last = r;
    char tl[16], br[16];
    ooxml_cell_ref(t->level_row + 1, c1 < 0 ? 0 : (unsigned)c1, tl);
    ooxml_cell_ref(last, c2 < 0 ? 0 : (unsigned)c2, br);
    if (isomm_strlist_addf(&a->warnings,
                           t->numeric ? "%s: no level value found in the cells %s:%s; every "
                                        "role is blank"
                                      : "%s: no selection found in the level cells %s:%s "
                                        "(marks may be cell colours, or form controls the "
                                        "file no longer holds); every role is blank",
                           s->name, tl, br))
        return ISOMM_ERR_NOMEM;
    return ISOMM_OK;
}

/* How a sheet's name and state rank it among sheets that all hold a full
 * table: visible before hidden; then not an example (a name with 記入例,
 * 入力例, 記載例, 回答例, サンプル, Sample, Example, 例, or a 【記入例】 banner
 * above the table); then a name not marked old (旧, old, 前回, 前年, 昨年,
 * 過去, previous, backup, バックアップ, コピー, copy, 控え); then a name
 * marking the current state (現状, As-Is, 現在) before an unmarked one before
 * a target (目標, To-Be, あるべき, 将来); then the sheet with more than twice
 * as many selections as the other (a blank or barely started template
 * beside a filled copy); then the later year in the name (入力シート(2024)
 * before 入力シート(2023)). */
typedef struct sheet_rank {
    int hidden, example, old, asis, year;
} sheet_rank;

static sheet_rank rank_sheet(ooxml_book *book, size_t i, const reader_table *t)
{
    sheet_rank r = {ooxml_sheet_hidden(book, i), t->example, 0, 0, 0};
    const char *name = ooxml_sheet_name(book, i);
    char *h = reader_header_norm(name);
    if (!h)
        return r;
    static const char *const old[] = {"旧", "old", "前回", "前年", "昨年", "過去", "prev",
                                      "backup", "バックアップ", "コピー", "copy", "控え", "bak"};
    for (size_t k = 0; k < sizeof old / sizeof *old; k++)
        r.old |= strstr(h, old[k]) != NULL;
    static const char *const example[] = {"記入例", "入力例", "記載例", "回答例", "サンプル",
                                          "sample", "example"};
    for (size_t k = 0; k < sizeof example / sizeof *example; k++)
        r.example |= strstr(h, example[k]) != NULL;
    r.example |= reader_example_text(name);
    if (strstr(h, "現状") || strstr(h, "as-is") || strstr(h, "asis") || strstr(h, "現在"))
        r.asis = 1;
    else if (strstr(h, "目標") || strstr(h, "to-be") || strstr(h, "tobe") ||
             strstr(h, "あるべき") || strstr(h, "将来"))
        r.asis = -1;
    r.year = reader_year(h);
    free(h);
    return r;
}

/* 1 if table a on sheet ai is to be read rather than b on bi; *why says
 * what decided between two full tables. */
static int sheet_better(ooxml_book *book, const reader_table *a, size_t ai,
                        const reader_table *b, size_t bi, size_t need, const char **why)
{
    int fa = a->stage == 4 && a->role_count >= need, fb = b->stage == 4 && b->role_count >= need;
    if (!fa || !fb)
        return fa != fb ? fa : reader_table_better(a, b);
    sheet_rank ra = rank_sheet(book, ai, a), rb = rank_sheet(book, bi, b);
    if (ra.hidden != rb.hidden) {
        *why = "it is visible, the other hidden";
        return rb.hidden;
    }
    if (ra.example != rb.example) {
        *why = "the other is an example (記入例, サンプル)";
        return rb.example;
    }
    if (ra.old != rb.old) {
        *why = "the other's name marks it as old";
        return rb.old;
    }
    if (ra.asis != rb.asis) {
        sheet_rank w = ra.asis > rb.asis ? ra : rb, l = ra.asis > rb.asis ? rb : ra;
        *why = w.asis > 0 && l.asis < 0 ? "its name marks the current state (現状), the "
                                          "other's a target (目標)"
               : w.asis > 0             ? "its name marks the current state (現状)"
                                        : "the other's name marks a target (目標)";
        return ra.asis > rb.asis;
    }
    if (a->selections > 2 * b->selections || b->selections > 2 * a->selections) {
        /* a blank template, or one barely started, beside a filled copy */
        *why = (a->selections > b->selections ? b : a)->selections
                   ? "it holds more than twice as many selections"
                   : "it holds selections, the other none (a blank template)";
        return a->selections > b->selections;
    }
    if (ra.year && rb.year && ra.year != rb.year) {
        *why = "its name has the later year";
        return ra.year > rb.year;
    }
    if (a->role_count != b->role_count) {
        *why = "it holds more role IDs";
        return a->role_count > b->role_count;
    }
    *why = "it comes first";
    return 0;
}

static void column_name(unsigned col, char buf[16])
{
    ooxml_cell_ref(0, col, buf);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] >= '0' && buf[n - 1] <= '9')
        buf[--n] = '\0';
}

static isomm_error no_table(const char *path, const isomm_catalog *cat,
                            ooxml_book *book, const reader_table *t, size_t need,
                            char *errbuf)
{
    size_t sheets = ooxml_sheet_count(book), roles = cat->role_count;
    const char *first = roles ? cat->roles[0].id : "?";
    const char *last = roles ? cat->roles[roles - 1].id : "?";
    char closest[1024];
    const char *sheet = ooxml_sheet_name(book, t->sheet);
    char in[16], out[16], col[16];
    ooxml_cell_ref(t->in_row, t->in_col, in);
    ooxml_cell_ref(t->out_row, t->out_col, out);
    column_name(t->role_col, col);
    switch (sheets ? t->stage : -1) {
    case 4:
        snprintf(closest, sizeof closest,
                 "closest: sheet %s, header with インソース at %s but only %zu of "
                 "%zu role IDs (at least %zu needed)", sheet, in, t->role_count,
                 roles, need);
        break;
    case 3:
        if (t->no_levels[0] && (!t->why_not[0] || strstr(t->why_not, "merged"))) {
            snprintf(closest, sizeof closest,
                     "closest: sheet %s, header with インソース at %s and アウトソース "
                     "at %s but %s; %zu of %zu role IDs", sheet, in, out, t->no_levels,
                     t->role_count, roles);
            break;
        }
        snprintf(closest, sizeof closest,
                 "closest: sheet %s, header with インソース at %s and アウトソース "
                 "at %s but no level columns 0–5 below them%s%s%s; %zu of %zu role IDs",
                 sheet, in, out,
                 t->why_not[0] ? ", and not one column each holding the level 0–5 ("
                               : "",
                 t->why_not, t->why_not[0] ? ")" : "", t->role_count, roles);
        break;
    case 2:
        snprintf(closest, sizeof closest,
                 "closest: sheet %s, %s at %s but no %s in the same header row; "
                 "%zu of %zu role IDs", sheet,
                 t->found_in ? "インソース" : "アウトソース", t->found_in ? in : out,
                 t->found_in ? "アウトソース" : "インソース", t->role_count, roles);
        break;
    case 1:
        snprintf(closest, sizeof closest,
                 "closest: sheet %s, %zu of %zu role IDs in column %s but no "
                 "インソース/アウトソース header", sheet, t->role_count, roles, col);
        break;
    case -1:
        snprintf(closest, sizeof closest, "the workbook has no sheets");
        break;
    default:
        snprintf(closest, sizeof closest,
                 "no sheet has role IDs or an インソース/アウトソース header");
        break;
    }
    return core_fail(errbuf, ISOMM_ERR_NO_TABLE,
                      "%s: no ISOMM v2.1 table found: looked on %zu sheet%s for a "
                      "header with インソース and アウトソース above level columns "
                      "0–5 and rows with role IDs %s … %s; %s", path, sheets,
                      sheets == 1 ? "" : "s", first, last, closest);
}

isomm_error isomm_assessment_read(const char *path, const isomm_catalog *catalog,
                                  isomm_assessment **out, char *errbuf)
{
    if (out)
        *out = NULL;
    if (!path || !catalog || !out)
        return core_fail(errbuf, ISOMM_ERR_ARG,
                          "isomm_assessment_read: missing path, catalog or result");
    ooxml_book *book = NULL;
    isomm_error err = ooxml_open(path, &book, errbuf);
    if (err)
        return err;

    isomm_assessment *a = isomm_assessment_new(catalog);
    reader_patterns *pat = reader_patterns_new();
    reader_meta *meta = reader_meta_new();
    reader_sheet best_sheet = {0};
    reader_table best = {0};
    int have_best = 0;
    if (!a || !pat || !meta || !(a->path = core_strdup(path))) {
        err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }

    size_t need = (catalog->role_count + 1) / 2;
    if (need == 0)
        need = 1;
    size_t full[8], nfull = 0; /* sheets holding a full table */
    reader_table full_t[8];
    const char *why = "it comes first";
    for (size_t i = 0; i < ooxml_sheet_count(book); i++) {
        reader_sheet s = {0};
        s.index = i;
        s.name = ooxml_sheet_name(book, i);
        err = ooxml_load_grid(book, i, &s.grid, errbuf);
        if (err)
            goto done;
        reader_table t;
        int ok = reader_sheet_prepare(&s, catalog) == ISOMM_OK;
        if (ok)
            ok = reader_find_table(&s, catalog, &t) == ISOMM_OK &&
                 reader_patterns_scan(pat, &s, catalog) == ISOMM_OK &&
                 reader_meta_scan(meta, &s, ooxml_date1904(book)) == ISOMM_OK;
        if (!ok) {
            reader_sheet_release(&s);
            err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
            goto done;
        }
        if (t.stage == 4 && t.role_count >= need)
        {
            size_t f = nfull < 8 ? nfull++ : 7;
            full[f] = i;
            full_t[f] = t;
        }
        if (!have_best || sheet_better(book, &t, i, &best, best_sheet.index, need, &why)) {
            reader_sheet_release(&best_sheet);
            best_sheet = s;
            best = t;
            have_best = 1;
        } else {
            reader_sheet_release(&s);
        }
    }

    if (!have_best || best.stage < 4 || best.role_count < need) {
        err = no_table(path, catalog, book, &best, need, errbuf);
        goto done;
    }
    err = reader_read_table(&best_sheet, &best, a);
    if (!err && best.ignored[0]) {
        char ref[16];
        ooxml_cell_ref(best.in_row, best.in_col, ref);
        if (isomm_strlist_addf(&a->warnings,
                               "%s: two インソース/アウトソース grids; read the one with "
                               "インソース at %s%s%s%s, ignored the one with %s",
                               best_sheet.name, ref, best.label[0] ? " under '" : "",
                               best.label, best.label[0] ? "'" : "", best.ignored))
            err = ISOMM_ERR_NOMEM;
    }
    for (size_t f = 0; !err && nfull > 1 && f < nfull; f++) {
        if (full[f] == best_sheet.index)
            continue;
        sheet_better(book, &best, best_sheet.index, &full_t[f], full[f], need, &why);
        if (isomm_strlist_addf(&a->warnings,
                               "%s: sheets '%s' and '%s' both hold a full table; read "
                               "'%s' (%s)", best_sheet.name, best_sheet.name,
                               ooxml_sheet_name(book, full[f]), best_sheet.name,
                               why))
            err = ISOMM_ERR_NOMEM;
    }
    if (!err && !best.numeric) {
        err = reader_apply_controls(book, &best_sheet, &best, a, errbuf);
        if (err)
            goto done;
    }
    if (!err)
        err = reader_warn_no_selection(&best_sheet, &best, a);
    if (!err)
        err = reader_patterns_resolve(pat, a);
    if (!err)
        err = reader_meta_resolve(meta, book, a);
    if (err)
        err = core_fail(errbuf, err, "%s: out of memory", path);

done:
    reader_sheet_release(&best_sheet);
    reader_patterns_free(pat);
    reader_meta_free(meta);
    ooxml_close(book);
    if (err) {
        isomm_assessment_free(a);
        return err;
    }
    *out = a;
    return ISOMM_OK;
}
