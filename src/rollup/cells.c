/* cells.c - what the sheets of the group workbook share (workbook.c,
 * compare.c): their formats, formulas with cached values, column
 * references, the title rows and the subsidiary key columns. */
#define _POSIX_C_SOURCE 200809L
#include "rollup/rollup.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLOR_HEADER_FILL 0xD9E1F2
#define COLOR_STAT_FILL 0xF2F2F2

int rollup_formats(rollup_book *w)
{
    lxw_workbook *wb = w->x.workbook;
    rollup_fmts *f = &w->f;
    f->title = workbook_add_format(wb);
    f->note = workbook_add_format(wb);
    f->header = xw_bordered(wb);
    f->text = xw_bordered(wb);
    f->center = xw_bordered(wb);
    f->avg = xw_bordered(wb);
    f->count = xw_bordered(wb);
    f->stat_label = xw_bordered(wb);
    f->stat_avg = xw_bordered(wb);
    f->stat_count = xw_bordered(wb);
    f->delta = xw_bordered(wb);
    for (int i = 0; i < 5; i++)
        f->side[i] = xw_bordered(wb);
    if (!f->title || !f->note || !f->header || !f->text || !f->center || !f->avg ||
        !f->count || !f->stat_label || !f->stat_avg || !f->stat_count || !f->delta)
        return 0;
    for (int i = 0; i < 5; i++)
        if (!f->side[i])
            return 0;
    format_set_bold(f->title);
    format_set_font_size(f->title, 16);
    format_set_font_color(f->note, 0x595959);
    format_set_bold(f->header);
    format_set_bg_color(f->header, COLOR_HEADER_FILL);
    format_set_text_wrap(f->header);
    format_set_align(f->header, LXW_ALIGN_CENTER);
    format_set_align(f->center, LXW_ALIGN_CENTER);
    format_set_num_format(f->avg, "0.00");
    format_set_align(f->avg, LXW_ALIGN_CENTER);
    format_set_num_format(f->count, "0");
    format_set_align(f->count, LXW_ALIGN_CENTER);
    format_set_bold(f->stat_label);
    format_set_bg_color(f->stat_label, COLOR_STAT_FILL);
    format_set_bold(f->stat_avg);
    format_set_bg_color(f->stat_avg, COLOR_STAT_FILL);
    format_set_num_format(f->stat_avg, "0.00");
    format_set_align(f->stat_avg, LXW_ALIGN_CENTER);
    format_set_bold(f->stat_count);
    format_set_bg_color(f->stat_count, COLOR_STAT_FILL);
    format_set_num_format(f->stat_count, "0");
    format_set_align(f->stat_count, LXW_ALIGN_CENTER);
    format_set_num_format(f->delta, "+0.00;-0.00;0.00");
    format_set_align(f->delta, LXW_ALIGN_CENTER);
    /* Allocation cells: null, insource, outsource, combined, unassigned. */
    static const lxw_color_t side_fill[5] = {0, 0xDDEBF7, 0xFCE4D6, 0xE2EFDA,
                                             0xFFF2CC};
    for (int i = 0; i < 5; i++) {
        format_set_align(f->side[i], LXW_ALIGN_CENTER);
        if (side_fill[i])
            format_set_bg_color(f->side[i], side_fill[i]);
    }
    return 1;
}

/* A printf-formatted formula in w->buf (NULL if out of memory). */
const char *rollup_formula(rollup_book *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(w->buf, w->bufsize, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    if ((size_t)n >= w->bufsize) {
        char *p = realloc(w->buf, (size_t)n + 1);
        if (!p)
            return NULL;
        w->buf = p;
        w->bufsize = (size_t)n + 1;
        va_start(ap, fmt);
        vsnprintf(w->buf, w->bufsize, fmt, ap);
        va_end(ap);
    }
    return w->buf;
}

/* A formula with its cached value; NaN writes a blank cell instead (no
 * value to show). */
void rollup_formula_num(rollup_book *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                        const char *text, double value, lxw_format *format)
{
    if (xw_failed(&w->x))
        return;
    if (isnan(value) || !text) {
        if (!text && !isnan(value))
            xw_nomem(&w->x);
        xw_blank(&w->x, ws, row, col, format);
        return;
    }
    xw_ok(&w->x, worksheet_write_formula_num(ws, row, col, text, format, value));
}

void rollup_number(rollup_book *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                            double v, lxw_format *format)
{
    if (isnan(v))
        xw_blank(&w->x, ws, row, col, format);
    else
        xw_number(&w->x, ws, row, col, v, format);
}

/* "A1"-style reference of a column (0-based) into buf. */
const char *rollup_col_name(lxw_col_t col, char buf[8])
{
    char tmp[8];
    int n = 0;
    unsigned c = (unsigned)col + 1;
    while (c > 0 && n < 7) {
        unsigned r = (c - 1) % 26;
        tmp[n++] = (char)('A' + r);
        c = (c - 1) / 26;
    }
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

/* "E8:E1007" of a column over the member rows. */
const char *rollup_col_range(lxw_col_t col, lxw_row_t first, size_t count, char buf[40])
{
    char name[8];
    rollup_col_name(col, name);
    snprintf(buf, 40, "%s%lu:%s%lu", name, (unsigned long)first + 1, name,
             (unsigned long)(first + count));
    return buf;
}

void rollup_row_lines(rollup_book *w, lxw_worksheet *ws, lxw_row_t row, unsigned lines)
{
    if (lines < 1)
        lines = 1;
    if (lines > 12)
        lines = 12;
    if (!xw_failed(&w->x))
        xw_ok(&w->x, worksheet_set_row(ws, row, XW_LINE_HEIGHT * lines, NULL));
}

void rollup_title(rollup_book *w, lxw_worksheet *ws, const char *title, const char *note)
{
    xw_string(&w->x, ws, 0, 0, title, w->f.title);
    xw_string(&w->x, ws, 1, 0, note, w->f.note);
}

/* Width of the 子会社 column: the longest name, within limits. */
double rollup_name_width(const isomm_rollup *g)
{
    double widest = 8;
    for (size_t i = 0; i < g->member_count; i++) {
        double v = xw_text_width(g->members[i].name);
        if (v > widest)
            widest = v;
    }
    return xw_clamp(widest + 2, 14, 40);
}

/* No | 子会社 of a member row. */
void rollup_member_key(rollup_book *w, lxw_worksheet *ws, lxw_row_t row, size_t i)
{
    xw_number(&w->x, ws, row, 0, (double)(i + 1), w->f.count);
    xw_string(&w->x, ws, row, 1, w->g->members[i].name, w->f.text);
}

