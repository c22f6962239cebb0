/* sheet.c - one sheet loaded for the detectors: its grid, the normalized
 * text and the catalog role of every cell, computed once and shared by
 * every detector that keeps the sheet (reference counted). */
#include "read.h"

#include "core/core.h"

#include <stdlib.h>
#include <string.h>

/* Normalized text and role ID of every cell. */
static isomm_error prepare(reader_sheet *s, const isomm_catalog *cat)
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

isomm_error reader_sheet_load(ooxml_book *book, size_t index, const isomm_catalog *catalog,
                              reader_sheet **out, char *errbuf)
{
    *out = NULL;
    reader_sheet *s = calloc(1, sizeof *s);
    if (!s)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", ooxml_path(book));
    s->refs = 1;
    s->index = index;
    s->name = ooxml_sheet_name(book, index);
    isomm_error err = ooxml_load_grid(book, index, &s->grid, errbuf);
    if (!err && prepare(s, catalog) != ISOMM_OK)
        err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", ooxml_path(book));
    if (err) {
        reader_sheet_unref(s);
        return err;
    }
    *out = s;
    return ISOMM_OK;
}

reader_sheet *reader_sheet_ref(reader_sheet *s)
{
    if (s)
        s->refs++;
    return s;
}

void reader_sheet_unref(reader_sheet *s)
{
    if (!s || --s->refs > 0)
        return;
    if (s->norm && s->grid)
        for (size_t i = 0; i < s->grid->count; i++)
            free(s->norm[i]);
    free(s->norm);
    free(s->role);
    ooxml_grid_free(s->grid);
    free(s);
}
