/* cells.c - writing cells, merged ranges, column widths, row heights and
 * page set-up; the sheets of the workbook. */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* ---- cell helpers ----------------------------------------------------- */

void xw_blank(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                      lxw_col_t col, lxw_format *format)
{
    /* A blank cell without a format is no cell at all. */
    if (!xw_failed(x) && format)
        xw_ok(x, worksheet_write_blank(ws, row, col, format));
}

void xw_string(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                       lxw_col_t col, const char *text, lxw_format *format)
{
    if (xw_failed(x))
        return;
    if (!text || !*text) {
        xw_blank(x, ws, row, col, format);
        return;
    }
    const char *clean = xw_clean_text(x, text);
    if (!clean) {
        xw_nomem(x);
        return;
    }
    xw_ok(x, worksheet_write_string(ws, row, col, clean, format));
}

void xw_rich(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                     lxw_col_t col, lxw_format *cell_format, size_t n,
                     lxw_format *const *formats, const char *const *texts)
{
    if (xw_failed(x))
        return;
    lxw_rich_string_tuple parts[8], *list[9];
    char *copies[8] = {0};
    size_t m = 0;
    for (size_t i = 0; i < n && i < 8; i++) {
        if (!texts[i] || !*texts[i])
            continue; /* libxlsxwriter refuses empty fragments */
        const char *clean = xw_clean_text(x, texts[i]);
        copies[m] = clean ? core_strdup(clean) : NULL;
        if (!copies[m]) {
            xw_nomem(x);
            break;
        }
        parts[m].format = formats[i];
        parts[m].string = copies[m];
        list[m] = &parts[m];
        m++;
    }
    list[m] = NULL;
    if (!xw_failed(x)) {
        if (m >= 2)
            xw_ok(x, worksheet_write_rich_string(ws, row, col, list,
                                                         cell_format));
        else if (m == 1)
            xw_ok(x, worksheet_write_string(ws, row, col, copies[0],
                                                    cell_format));
        else
            xw_blank(x, ws, row, col, cell_format);
    }
    for (size_t i = 0; i < m; i++)
        free(copies[i]);
}

void xw_number(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                       lxw_col_t col, double value, lxw_format *format)
{
    if (!xw_failed(x))
        xw_ok(x, worksheet_write_number(ws, row, col, value, format));
}

void xw_score(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                      lxw_col_t col, int value, lxw_format *format)
{
    if (value < 0)
        xw_blank(x, ws, row, col, format);
    else
        xw_number(x, ws, row, col, value, format);
}

void xw_merge(xw_book *x, lxw_worksheet *ws, lxw_row_t r1,
                      lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                      const char *text, lxw_format *format)
{
    if (xw_failed(x))
        return;
    const char *clean = xw_clean_text(x, text ? text : "");
    if (!clean) {
        xw_nomem(x);
        return;
    }
    xw_ok(x, worksheet_merge_range(ws, r1, c1, r2, c2, clean, format));
}

void xw_width(xw_book *x, lxw_worksheet *ws, lxw_col_t first,
                      lxw_col_t last, double width, lxw_format *format)
{
    if (!xw_failed(x))
        xw_ok(x, worksheet_set_column(ws, first, last, width, format));
}

void xw_hide_columns(xw_book *x, lxw_worksheet *ws,
                             lxw_col_t first, lxw_col_t last, double width)
{
    if (xw_failed(x))
        return;
    lxw_row_col_options opt = {.hidden = 1, .level = 0, .collapsed = 0};
    xw_ok(x, worksheet_set_column_opt(ws, first, last, width, NULL,
                                              &opt));
}

void xw_table_row(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                          unsigned lines)
{
    if (lines > 24)
        lines = 24;
    xw_row_height(x, ws, row,
                          lines <= 1 ? 20 : XW_LINE_HEIGHT * lines + 2);
}

void xw_row_height(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                           double points)
{
    if (!xw_failed(x))
        xw_ok(x, worksheet_set_row(ws, row, points, NULL));
}

/* ---- page set-up ------------------------------------------------------- */

void xw_page_setup(xw_book *x, lxw_worksheet *ws, uint16_t wide,
                           uint16_t tall)
{
    if (xw_failed(x))
        return;
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_margins(ws, 0.4, 0.4, 0.45, 0.55);
    worksheet_center_horizontally(ws);
    worksheet_fit_to_pages(ws, wide, tall);
    /* The sheet name on every page (tests/libreoffice_open.sh counts the
     * pages of the サマリー by it). */
    lxw_header_footer_options hf = {.margin = 0.25};
    xw_ok(x, worksheet_set_footer_opt(ws, "&L&8&A&R&8&P / &N", &hf));
}

lxw_worksheet *xw_add_sheet(xw_book *x, const char *name)
{
    if (xw_failed(x))
        return NULL;
    lxw_error err = workbook_validate_sheet_name(x->workbook, name);
    if (!xw_ok(x, err))
        return NULL;
    lxw_worksheet *ws = workbook_add_worksheet(x->workbook, name);
    if (!ws)
        xw_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return ws;
}

