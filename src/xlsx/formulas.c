/* formulas.c - formulas with their cached results, and the references and
 * literals they are made of. */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include <stdarg.h>

/* ---- formulas --------------------------------------------------------- */

/* The formula text of fmt/ap (libxlsxwriter drops a leading '=' itself):
 * in `buf` when it fits, else in a malloc'ed string left in *heap. NULL
 * when out of memory. */
#define FORMULA_BUF 1024

static const char *formula_text(char *buf, char **heap, const char *fmt,
                                va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(buf, FORMULA_BUF, fmt, copy);
    va_end(copy);
    *heap = NULL;
    if (n < 0)
        return NULL;
    if (n < FORMULA_BUF)
        return buf;
    *heap = core_vasprintf(fmt, ap);
    return *heap;
}

void xw_formula_num(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                            lxw_col_t col, lxw_format *format, double cached,
                            const char *fmt, ...)
{
    if (xw_failed(x))
        return;
    char buf[FORMULA_BUF], *heap;
    va_list ap;
    va_start(ap, fmt);
    const char *f = formula_text(buf, &heap, fmt, ap);
    va_end(ap);
    if (!f) {
        xw_nomem(x);
        return;
    }
    xw_ok(x, worksheet_write_formula_num(ws, row, col, f, format,
                                                 cached));
    free(heap);
}

void xw_formula_str(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                            lxw_col_t col, lxw_format *format,
                            const char *cached, const char *fmt, ...)
{
    if (xw_failed(x))
        return;
    char buf[FORMULA_BUF], *heap;
    va_list ap;
    va_start(ap, fmt);
    const char *f = formula_text(buf, &heap, fmt, ap);
    va_end(ap);
    const char *clean = f ? xw_clean_text(x, cached ? cached : "") : NULL;
    if (!f || !clean) {
        free(heap);
        xw_nomem(x);
        return;
    }
    xw_ok(x, worksheet_write_formula_str(ws, row, col, f, format,
                                                 clean));
    free(heap);
}

void xw_formula_opt(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                            lxw_col_t col, lxw_format *format, int present,
                            double cached, const char *fmt, ...)
{
    if (xw_failed(x))
        return;
    char buf[FORMULA_BUF], *heap;
    va_list ap;
    va_start(ap, fmt);
    const char *f = formula_text(buf, &heap, fmt, ap);
    va_end(ap);
    if (!f) {
        xw_nomem(x);
        return;
    }
    if (present)
        xw_ok(x, worksheet_write_formula_num(ws, row, col, f, format,
                                                     cached));
    else
        xw_ok(x, worksheet_write_formula_str(ws, row, col, f, format,
                                                     ""));
    free(heap);
}

/* A ring of buffers for references, so several fit in one printf. */
#define REF_RING 8
#define REF_SIZE 160

static char *ref_buffer(void)
{
    static char ring[REF_RING][REF_SIZE];
    static unsigned next;
    return ring[next++ % REF_RING];
}

static void sheet_prefix(char *buf, const char *sheet)
{
    /* Sheet names here are ours: quote them, doubling any quote. */
    size_t o = 0;
    buf[o++] = '\'';
    for (const char *p = sheet; *p && o < REF_SIZE - 60; p++) {
        if (*p == '\'')
            buf[o++] = '\'';
        buf[o++] = *p;
    }
    buf[o++] = '\'';
    buf[o++] = '!';
    buf[o] = '\0';
}

const char *xw_range(const char *sheet, lxw_row_t r1, lxw_col_t c1,
                             lxw_row_t r2, lxw_col_t c2)
{
    char *buf = ref_buffer();
    buf[0] = '\0';
    if (sheet)
        sheet_prefix(buf, sheet);
    char a[LXW_MAX_CELL_NAME_LENGTH], b[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(a, r1, c1, 1, 1);
    lxw_rowcol_to_cell_abs(b, r2, c2, 1, 1);
    size_t n = strlen(buf);
    snprintf(buf + n, REF_SIZE - n, "%s:%s", a, b);
    return buf;
}

const char *xw_cell(const char *sheet, lxw_row_t row, lxw_col_t col,
                            int absolute)
{
    char *buf = ref_buffer();
    buf[0] = '\0';
    if (sheet)
        sheet_prefix(buf, sheet);
    char a[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(a, row, col, absolute, absolute);
    size_t n = strlen(buf);
    snprintf(buf + n, REF_SIZE - n, "%s", a);
    return buf;
}

/* Quote `text` as a formula string; `escape` also puts ~ before the
 * COUNTIF wildcards * ? ~. */
static char *quoted(const char *text, int escape)
{
    size_t n = strlen(text ? text : "");
    char *out = malloc(2 * n + 3);
    if (!out)
        return NULL;
    size_t o = 0;
    out[o++] = '"';
    for (const char *p = text ? text : ""; *p; p++) {
        if (*p == '"')
            out[o++] = '"';
        else if (escape && (*p == '*' || *p == '?' || *p == '~'))
            out[o++] = '~';
        out[o++] = *p;
    }
    out[o++] = '"';
    out[o] = '\0';
    return out;
}

char *xw_literal(const char *text)
{
    return quoted(text, 0);
}

char *xw_criterion(const char *text)
{
    /* A criterion starting with = < > would be read as a comparison:
     * "=" in front makes it an exact match of the rest. */
    if (text && (*text == '=' || *text == '<' || *text == '>')) {
        char *t = core_asprintf("=%s", text);
        char *q = t ? quoted(t, 1) : NULL;
        free(t);
        return q;
    }
    return quoted(text, 1);
}

