/*
 * reader.c - isomm_assessment_read(): a v2.1 (or v2.0) self-check workbook
 * to an assessment. Every sheet is examined (one at a time, so memory stays
 * bounded by the largest sheet); the sheet whose table holds the most role
 * IDs wins, and the patterns may come from any sheet.
 */
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

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
    xlsx_grid_free(s->grid);
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
        const xlsx_cell *c = &s->grid->cells[i];
        s->norm[i] = reader_normalize(c->text);
        if (!s->norm[i])
            return ISOMM_ERR_NOMEM;
        char id[16];
        s->role[i] = c->type == XLSX_STRING && reader_role_id(c->text, id) == 0
                         ? isomm_catalog_find_role(cat, id)
                         : -1;
    }
    return ISOMM_OK;
}

static void column_name(unsigned col, char buf[16])
{
    xlsx_cell_ref(0, col, buf);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] >= '0' && buf[n - 1] <= '9')
        buf[--n] = '\0';
}

static isomm_error no_table(const char *path, const isomm_catalog *cat,
                            xlsx_book *book, const reader_table *t, size_t need,
                            char *errbuf)
{
    size_t sheets = xlsx_sheet_count(book), roles = cat->role_count;
    const char *first = roles ? cat->roles[0].id : "?";
    const char *last = roles ? cat->roles[roles - 1].id : "?";
    char closest[600];
    const char *sheet = xlsx_sheet_name(book, t->sheet);
    char in[16], out[16], col[16];
    xlsx_cell_ref(t->in_row, t->in_col, in);
    xlsx_cell_ref(t->out_row, t->out_col, out);
    column_name(t->role_col, col);
    switch (sheets ? t->stage : -1) {
    case 4:
        snprintf(closest, sizeof closest,
                 "closest: sheet %s, header with インソース at %s but only %zu of "
                 "%zu role IDs (at least %zu needed)", sheet, in, t->role_count,
                 roles, need);
        break;
    case 3:
        snprintf(closest, sizeof closest,
                 "closest: sheet %s, header with インソース at %s and アウトソース "
                 "at %s but no level columns 0–5 below them; %zu of %zu role IDs",
                 sheet, in, out, t->role_count, roles);
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
    return isomm_fail(errbuf, ISOMM_ERR_NO_TABLE,
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
        return isomm_fail(errbuf, ISOMM_ERR_ARG,
                          "isomm_assessment_read: missing path, catalog or result");
    xlsx_book *book = NULL;
    isomm_error err = xlsx_open(path, &book, errbuf);
    if (err)
        return err;

    isomm_assessment *a = isomm_assessment_new(catalog);
    reader_patterns *pat = reader_patterns_new();
    reader_meta *meta = reader_meta_new();
    reader_sheet best_sheet = {0};
    reader_table best = {0};
    int have_best = 0;
    if (!a || !pat || !meta || !(a->path = isomm_strdup(path))) {
        err = isomm_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }

    for (size_t i = 0; i < xlsx_sheet_count(book); i++) {
        reader_sheet s = {0};
        s.index = i;
        s.name = xlsx_sheet_name(book, i);
        err = xlsx_load_grid(book, i, &s.grid, errbuf);
        if (err)
            goto done;
        reader_table t;
        int ok = reader_sheet_prepare(&s, catalog) == ISOMM_OK;
        if (ok)
            ok = reader_find_table(&s, catalog, &t) == ISOMM_OK &&
                 reader_patterns_scan(pat, &s, catalog) == ISOMM_OK &&
                 reader_meta_scan(meta, &s, xlsx_date1904(book)) == ISOMM_OK;
        if (!ok) {
            reader_sheet_release(&s);
            err = isomm_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
            goto done;
        }
        if (!have_best || reader_table_better(&t, &best)) {
            reader_sheet_release(&best_sheet);
            best_sheet = s;
            best = t;
            have_best = 1;
        } else {
            reader_sheet_release(&s);
        }
    }

    size_t need = (catalog->role_count + 1) / 2;
    if (need == 0)
        need = 1;
    if (!have_best || best.stage < 4 || best.role_count < need) {
        err = no_table(path, catalog, book, &best, need, errbuf);
        goto done;
    }
    err = reader_read_table(&best_sheet, &best, a);
    if (!err && !best.numeric) {
        err = reader_apply_controls(book, &best_sheet, &best, a, errbuf);
        if (err)
            goto done;
    }
    if (!err)
        err = reader_patterns_resolve(pat, a);
    if (!err)
        err = reader_meta_resolve(meta, book, a);
    if (err)
        err = isomm_fail(errbuf, err, "%s: out of memory", path);

done:
    reader_sheet_release(&best_sheet);
    reader_patterns_free(pat);
    reader_meta_free(meta);
    xlsx_close(book);
    if (err) {
        isomm_assessment_free(a);
        return err;
    }
    *out = a;
    return ISOMM_OK;
}
