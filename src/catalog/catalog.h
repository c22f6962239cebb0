/* tsv.h - the tiny TSV dialect of templates/: '#' comment lines, blank
 * lines ignored, a header row naming the columns, tab-separated fields. */
#ifndef ISOMM_TSV_H
#define ISOMM_TSV_H

#include <stddef.h>
#include "isomm/error.h"

typedef struct catalog_tsv {
    char *buf;          /* owned copy of the text, split in place */
    char **header;
    size_t columns;
    char ***rows;       /* rows[i][column], each row has `columns` fields */
    size_t *lines;      /* source line number of each row */
    size_t row_count;
} catalog_tsv;

/* Rows of one table at most: a catalog is a human-edited table, and the
 * loader's checks are linear searches (rows x rows stays small). */
#define CATALOG_MAX_ROWS 4096

/* Parse `size` bytes of `text`; `name` is used in error messages. */
isomm_error catalog_tsv_parse(catalog_tsv *t, const char *name, const char *text,
                            size_t size, char *errbuf);
/* Index of column `name`, or -1. */
long catalog_tsv_column(const catalog_tsv *t, const char *name);
void catalog_tsv_free(catalog_tsv *t);

/* A table in memory: templates/NAME.tsv's bytes. An array of them ends
 * with a NULL name. */
typedef struct catalog_template {
    const char *name;
    const char *data;
    size_t size;
} catalog_template;

/* The tables compiled in from templates/ (cmake/embed.cmake). */
const catalog_template *catalog_builtin_tables(void);

/* Load a catalog from tables in memory (every one of templates/ must be
 * there); messages name them "<label>/NAME.tsv". */
struct isomm_catalog;
isomm_error catalog_load_tables(const catalog_template *tables, const char *label,
                                struct isomm_catalog **out, char *errbuf);

#endif
