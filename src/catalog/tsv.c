/* tsv.c - parser for the catalog's TSV files. */
#include "catalog/catalog.h"
#include "core/core.h"

#include <stdlib.h>
#include <string.h>

static size_t split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *tab = strchr(p, '\t');
        if (n < max)
            fields[n] = p;
        n++;
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    for (size_t i = 0; i < n && i < max; i++)
        core_trim(fields[i]);
    return n;
}

/* The catalog's optional columns (docs/catalog.md). */
static int optional_column(const char *name)
{
    static const char *const names[] = {"description", "strength", "weakness", "aliases"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

isomm_error catalog_tsv_parse(catalog_tsv *t, const char *name, const char *text,
                            size_t size, char *errbuf)
{
    memset(t, 0, sizeof *t);
    if (memchr(text, '\0', size))
        return core_fail(errbuf, ISOMM_ERR_CATALOG, "%s: contains a NUL byte", name);
    t->buf = core_strndup(text, size);
    if (!t->buf)
        return ISOMM_ERR_NOMEM;
    /* Skip a UTF-8 byte order mark: editors add one. */
    char *p = t->buf;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3;
    size_t cap = 0, lineno = 0;
    while (*p) {
        char *line = p;
        char *nl = strchr(p, '\n');
        if (nl) {
            *nl = '\0';
            p = nl + 1;
        } else {
            p += strlen(p);
        }
        lineno++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
            continue;
        if (!t->header) {
            size_t n = 1;
            for (const char *q = line; *q; q++)
                n += *q == '\t';
            t->header = calloc(n, sizeof *t->header);
            if (!t->header)
                goto nomem;
            t->columns = split(line, t->header, n);
            continue;
        }
        if (t->row_count == CATALOG_MAX_ROWS) {
            catalog_tsv_free(t);
            return core_fail(errbuf, ISOMM_ERR_CATALOG, "%s line %zu: more than %d rows",
                             name, lineno, CATALOG_MAX_ROWS);
        }
        if (t->row_count == cap) {
            cap = cap ? cap * 2 : 64;
            char ***rows = realloc(t->rows, cap * sizeof *rows);
            size_t *lines = realloc(t->lines, cap * sizeof *lines);
            if (rows)
                t->rows = rows;
            if (lines)
                t->lines = lines;
            if (!rows || !lines)
                goto nomem;
        }
        char **fields = calloc(t->columns, sizeof *fields);
        if (!fields)
            goto nomem;
        size_t n = split(line, fields, t->columns);
        /* empty optional fields may be missing at the end of a row: editors
         * drop trailing tabs */
        size_t have = n;
        while (have > 0 && have < t->columns && optional_column(t->header[have]))
            have++;
        for (size_t i = n; have == t->columns && i < t->columns; i++)
            fields[i] = fields[n - 1] + strlen(fields[n - 1]);
        if (n > t->columns || have != t->columns) {
            size_t columns = t->columns;
            free(fields);
            catalog_tsv_free(t);
            return core_fail(errbuf, ISOMM_ERR_CATALOG,
                              "%s line %zu: %zu fields, the header has %zu", name,
                              lineno, n, columns);
        }
        t->lines[t->row_count] = lineno;
        t->rows[t->row_count++] = fields;
    }
    if (!t->header) {
        catalog_tsv_free(t);
        return core_fail(errbuf, ISOMM_ERR_CATALOG, "%s: no header row", name);
    }
    return ISOMM_OK;
nomem:
    catalog_tsv_free(t);
    return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", name);
}

long catalog_tsv_column(const catalog_tsv *t, const char *name)
{
    for (size_t i = 0; i < t->columns; i++)
        if (strcmp(t->header[i], name) == 0)
            return (long)i;
    return -1;
}

void catalog_tsv_free(catalog_tsv *t)
{
    for (size_t i = 0; i < t->row_count; i++)
        free(t->rows[i]);
    free(t->rows);
    free(t->lines);
    free(t->header);
    free(t->buf);
    memset(t, 0, sizeof *t);
}
