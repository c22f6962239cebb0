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

/* Parse `size` bytes of `text`; `name` is used in error messages. */
isomm_error catalog_tsv_parse(catalog_tsv *t, const char *name, const char *text,
                            size_t size, char *errbuf);
/* Index of column `name`, or -1. */
long catalog_tsv_column(const catalog_tsv *t, const char *name);
void catalog_tsv_free(catalog_tsv *t);

#endif
