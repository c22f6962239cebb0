/* tsv.h - the tiny TSV dialect of templates/: '#' comment lines, blank
 * lines ignored, a header row naming the columns, tab-separated fields. */
#ifndef ISOMM_TSV_H
#define ISOMM_TSV_H

#include <stddef.h>
#include "isomm/error.h"

typedef struct isomm_tsv {
    char *buf;          /* owned copy of the text, split in place */
    char **header;
    size_t columns;
    char ***rows;       /* rows[i][column], each row has `columns` fields */
    size_t *lines;      /* source line number of each row */
    size_t row_count;
} isomm_tsv;

/* Parse `size` bytes of `text`; `name` is used in error messages. */
isomm_error isomm_tsv_parse(isomm_tsv *t, const char *name, const char *text,
                            size_t size, char *errbuf);
/* Index of column `name`, or -1. */
long isomm_tsv_column(const isomm_tsv *t, const char *name);
void isomm_tsv_free(isomm_tsv *t);

#endif
