/* book.h - writing a portfolio workbook in a test and opening it again
 * with isomm's own reader layer (src/xlsx.h); every helper fails the test
 * on error. Include after <cmocka.h>; uses check.h's `dir`. */
#ifndef ISOMM_TEST_BOOK_H
#define ISOMM_TEST_BOOK_H

#include "isomm/isomm.h"
#include "ooxml/ooxml.h"

/* dir + "/" + name, malloc'ed. */
char *path_in(const char *name);
/* isomm_write_xlsx() that must succeed. */
void write_ok(const isomm_portfolio *p, const char *path, const isomm_xlsx_options *opt);
/* ooxml_open() that must succeed. */
ooxml_book *book_open_ok(const char *path);
/* The grid of sheet `name`: load_sheet() fails the test when there is no
 * such sheet, find_sheet_grid() returns NULL. */
ooxml_grid *load_sheet(ooxml_book *b, const char *name);
ooxml_grid *find_sheet_grid(ooxml_book *b, const char *name);
/* A part of the package, NUL-terminated and malloc'ed. */
char *read_part(ooxml_book *b, const char *name);

#endif
