/* book.c - see book.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "book.h"
#include "check.h"
#include "fixture.h"

char *path_in(const char *name)
{
    char *p = fx_path(dir, name);
    assert_non_null(p);
    return p;
}

void write_ok(const isomm_portfolio *p, const char *path, const isomm_xlsx_options *opt)
{
    char err[ISOMM_ERRBUF_SIZE] = "";
    if (isomm_write_xlsx(p, path, opt, err))
        fail_msg("isomm_write_xlsx: %s", err);
}

ooxml_book *book_open_ok(const char *path)
{
    char err[ISOMM_ERRBUF_SIZE] = "";
    ooxml_book *b = NULL;
    if (ooxml_open(path, &b, err))
        fail_msg("ooxml_open: %s", err);
    return b;
}

ooxml_grid *find_sheet_grid(ooxml_book *b, const char *name)
{
    long i = ooxml_find_sheet(b, name);
    if (i < 0)
        return NULL;
    char err[ISOMM_ERRBUF_SIZE] = "";
    ooxml_grid *g = NULL;
    if (ooxml_load_grid(b, (size_t)i, &g, err))
        fail_msg("ooxml_load_grid %s: %s", name, err);
    return g;
}

ooxml_grid *load_sheet(ooxml_book *b, const char *name)
{
    ooxml_grid *g = find_sheet_grid(b, name);
    if (!g)
        fail_msg("no sheet %s", name);
    return g;
}

char *read_part(ooxml_book *b, const char *name)
{
    char err[ISOMM_ERRBUF_SIZE] = "";
    char *data = NULL;
    if (ooxml_read_part(b, name, &data, NULL, err))
        fail_msg("ooxml_read_part %s: %s", name, err);
    return data;
}
