/*
 * write_xlsx.c - isomm_write_xlsx(): the portfolio workbook, written with
 * libxlsxwriter to a temporary file beside the output and renamed into
 * place (util.h), so a failed run leaves nothing behind.
 *
 * The sheets are filled by write_summary.c, write_portfolio.c,
 * write_categories.c, write_report.c and write_roles.c; this file holds
 * the driver, the formats, the document properties and the cell and
 * formula helpers they share (write_xlsx_internal.h).
 *
 * Reproducibility: libxlsxwriter stamps every zip entry with 1980-01-01
 * (as Excel does), so the only time in the file is the creation date of
 * docProps/core.xml. It is taken from SOURCE_DATE_EPOCH when that is set
 * (https://reproducible-builds.org/specs/source-date-epoch/), else from
 * the clock; the same input then gives the same bytes.
 */
#define _POSIX_C_SOURCE 200809L
#include "xlsx/xlsx.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "isomm/isomm.h"
#include "core/core.h"

/* Excel's limit on the characters in a cell. */
#define OOXML_CELL_MAX 32767

/* Latest time the ISO 8601 date of docProps/core.xml can hold
 * (9999-12-31T23:59:59Z). */
#define OOXML_MAX_EPOCH 253402300799LL

/* ---- errors ----------------------------------------------------------- */

int xw_ok(xw_book *x, lxw_error err)
{
    if (err != LXW_NO_ERROR && x->error == LXW_NO_ERROR)
        x->error = err;
    return !xw_failed(x);
}

void xw_nomem(xw_book *x)
{
    x->nomem = 1;
}

int xw_failed(const xw_book *x)
{
    return x->error != LXW_NO_ERROR || x->nomem;
}

/* ---- text ------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n bytes left) that XML 1.0 can
 * carry, or 0 if the sequence is invalid or forbidden there. */
static size_t utf8_char_len(const unsigned char *s, size_t n, unsigned *cp)
{
    size_t len = core_utf8_decode((const char *)s, n, cp);
    if (len == 1 && *cp < 0x20 && *cp != '\t' && *cp != '\n' && *cp != '\r')
        return 0;
    if (len == 3 && (*cp == 0xFFFE || *cp == 0xFFFF))
        return 0;
    return len;
}

/* `text` itself when it is clean, else a cleaned copy in x->scratch, or
 * NULL when that copy cannot be allocated. */
static const char *clean_text(xw_book *x, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), i = 0, chars = 0;
    unsigned cp;
    while (i < n && chars < OOXML_CELL_MAX) {
        size_t len = utf8_char_len(s + i, n - i, &cp);
        if (len == 0)
            break;
        i += len;
        chars++;
    }
    if (i == n)
        return text;

    /* Worst case: every byte becomes U+FFFD (3 bytes). */
    size_t need = 3 * n + 1;
    if (need > x->scratch_size) {
        char *p = realloc(x->scratch, need);
        if (!p)
            return NULL;
        x->scratch = p;
        x->scratch_size = need;
    }
    char *out = x->scratch;
    size_t o = 0;
    i = 0;
    chars = 0;
    while (i < n && chars < OOXML_CELL_MAX) {
        size_t len = utf8_char_len(s + i, n - i, &cp);
        if (len == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(out + o, s + i, len);
            o += len;
            i += len;
        }
        chars++;
    }
    out[o] = '\0';
    return out;
}

/* ---- text metrics ----------------------------------------------------- */

/* Decode one UTF-8 character at *s (advancing it); invalid bytes count as
 * one narrow character. */
static unsigned next_char(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned cp = p[0];
    size_t len = core_utf8_decode((const char *)p, 4, &cp); /* stops at the NUL */
    *s = p + (len ? len : 1);
    return len ? cp : p[0];
}

/* 1 for East Asian wide and full-width characters (approximately the
 * W and F classes of UAX #11). */
static int is_wide(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFD);
}

double xw_text_width(const char *text)
{
    double widest = 0, line = 0;
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    while (*s) {
        unsigned cp = next_char(&s);
        if (cp == '\n') {
            line = 0;
            continue;
        }
        line += is_wide(cp) ? 2.0 : 1.0;
        if (line > widest)
            widest = line;
    }
    return widest;
}

unsigned xw_text_lines(const char *text, double width)
{
    /* Leave room for the cell padding and for words that do not split. */
    double usable = width > 3 ? width - 1.5 : 1.5;
    unsigned lines = 1;
    double line = 0;
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    while (*s) {
        unsigned cp = next_char(&s);
        if (cp == '\n') {
            lines++;
            line = 0;
            continue;
        }
        double w = is_wide(cp) ? 2.0 : 1.0;
        if (line + w > usable && line > 0) {
            lines++;
            line = 0;
        }
        line += w;
    }
    return lines;
}

double xw_clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void xw_row_lines(xw_book *x, lxw_worksheet *ws, lxw_row_t row,
                          unsigned lines)
{
    if (lines > 1 && !xw_failed(x)) {
        if (lines > 24) /* Excel's limit is 409 points */
            lines = 24;
        xw_ok(x, worksheet_set_row(ws, row,
                                           XW_LINE_HEIGHT * lines,
                                           NULL));
    }
}

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
    const char *clean = clean_text(x, text);
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
        const char *clean = clean_text(x, texts[i]);
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
    const char *clean = clean_text(x, text ? text : "");
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
    const char *clean = f ? clean_text(x, cached ? cached : "") : NULL;
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

/* ---- chart caches ------------------------------------------------------ */

void xw_series_cache(xw_book *x, lxw_series_range *range,
                             const double *values, size_t n)
{
    if (xw_failed(x) || !range || !range->data_cache)
        return;
    /* libxlsxwriter fills the cache from the cells at workbook_close()
     * unless ignore_cache is set; it frees the points with the chart. */
    range->ignore_cache = LXW_TRUE;
    for (size_t i = 0; i < n; i++) {
        lxw_series_data_point *pt = calloc(1, sizeof *pt);
        if (!pt) {
            xw_nomem(x);
            return;
        }
        if (values[i] < 0)
            pt->no_data = LXW_TRUE;
        else
            pt->number = values[i];
        STAILQ_INSERT_TAIL(range->data_cache, pt, list_pointers);
        range->num_data_points++;
    }
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

/* ---- labels ------------------------------------------------------------ */

const char *xw_pattern_name(const isomm_catalog *c, long index)
{
    if (index < 0 || (size_t)index >= c->pattern_count)
        return "未設定";
    return c->patterns[index].name;
}

const char *xw_region_label(unsigned regions)
{
    if ((regions & ISOMM_REGION_ALL) == ISOMM_REGION_ALL)
        return "全領域";
    return isomm_region_label(regions);
}

lxw_row_t xw_pf_last_row(const xw_book *x)
{
    size_t n = x->catalog->service_count;
    return XW_PF_ROW(n ? n - 1 : 0);
}

const char *xw_pf_column(const xw_book *x, lxw_col_t col)
{
    return xw_range(XW_SHEET_PORTFOLIO,
                            XW_PF_FIRST_ROW, col,
                            xw_pf_last_row(x), col);
}

char *xw_category_label(const isomm_catalog *c, size_t k)
{
    if (k >= c->category_count)
        return core_strdup("");
    return core_asprintf("%s. %s", c->categories[k].id, c->categories[k].name);
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

lxw_chart *xw_add_chart(xw_book *x, uint8_t type)
{
    if (xw_failed(x))
        return NULL;
    lxw_chart *chart = workbook_add_chart(x->workbook, type);
    if (!chart)
        xw_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return chart;
}

lxw_chart_series *xw_add_series(xw_book *x, lxw_chart *chart)
{
    if (xw_failed(x) || !chart)
        return NULL;
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    if (!series)
        xw_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return series;
}

/* ---- formats ---------------------------------------------------------- */

#define COLOR_HEADER_FILL 0xD9E1F2
#define COLOR_BORDER 0xA6A6A6

lxw_format *xw_bordered(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    if (f) {
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, COLOR_BORDER);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    }
    return f;
}

#define COLOR_INPUT_FILL 0xFFFBEA
#define COLOR_GREY 0x7F7F7F
#define COLOR_ACCENT 0x1F3864
#define COLOR_LIST_FILL 0xEDF2F9

/* The cell formats of `f` (not the conditional ones), plain then
 * bordered. */
#define PLAIN_FORMATS(f)                                                      \
    &(f)->title, &(f)->title_fit, &(f)->subtitle, &(f)->heading, &(f)->label, \
        &(f)->plain, &(f)->plain_count, &(f)->note, &(f)->footnote,           \
        &(f)->info, &(f)->info_label, &(f)->key_label, &(f)->key_value,       \
        &(f)->key_count, &(f)->key_plain, &(f)->key_note, &(f)->pick_name,    \
        &(f)->pick_score, &(f)->pick_text, &(f)->list_title,                  \
        &(f)->list_item, &(f)->list_score
#define BOXED_FORMATS(f)                                                      \
    &(f)->header, &(f)->text, &(f)->wrap, &(f)->center, &(f)->score,          \
        &(f)->input, &(f)->input_text, &(f)->average, &(f)->gap, &(f)->count, \
        &(f)->out_of_5

/* Allocate every format of `f`, plain or bordered; 0 when out of memory. */
static int alloc_formats(lxw_workbook *wb, xw_formats *f)
{
    lxw_format **plain[] = {PLAIN_FORMATS(f), &f->cf_grey, &f->cf_gap};
    lxw_format **boxed[] = {BOXED_FORMATS(f)};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (!(*plain[i] = workbook_add_format(wb)))
            return 0;
    for (size_t i = 0; i < sizeof boxed / sizeof boxed[0]; i++)
        if (!(*boxed[i] = xw_bordered(wb)))
            return 0;
    return 1;
}

/* 1 when libxlsxwriter sees `a` and `b` as the same cell format: it
 * compares the whole struct but for its pointers. */
static int same_format(const lxw_format *a, const lxw_format *b)
{
    lxw_format ka, kb; /* byte copies: the padding is compared too */
    memcpy(&ka, a, sizeof ka);
    memcpy(&kb, b, sizeof kb);
    lxw_format *keys[2] = {&ka, &kb};
    for (int i = 0; i < 2; i++) {
        keys[i]->file = NULL;
        keys[i]->xf_format_indices = NULL;
        keys[i]->dxf_format_indices = NULL;
        keys[i]->num_xf_formats = NULL;
        keys[i]->num_dxf_formats = NULL;
        keys[i]->list_pointers.stqe_next = NULL;
    }
    return memcmp(&ka, &kb, sizeof ka) == 0;
}

/* Use one format for formats with the same properties. libxlsxwriter
 * gives a format its style index when a cell first uses it, but a format
 * equal to one already indexed is looked up again (hashed) for every cell
 * that uses it; the workbook is the same either way. */
static void share_formats(xw_formats *f)
{
    lxw_format **all[] = {PLAIN_FORMATS(f), BOXED_FORMATS(f)};
    size_t n = sizeof all / sizeof all[0];
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (same_format(*all[i], *all[j])) {
                *all[i] = *all[j];
                break;
            }
}

static int make_formats(xw_book *x)
{
    xw_formats *f = &x->fmt;
    if (!alloc_formats(x->workbook, f))
        return 0;

    format_set_bold(f->title);
    format_set_font_size(f->title, 18);
    format_set_font_color(f->title, COLOR_ACCENT);

    /* The サマリー's title spans the page: a long one shrinks to fit. */
    format_set_bold(f->title_fit);
    format_set_font_size(f->title_fit, 18);
    format_set_font_color(f->title_fit, COLOR_ACCENT);
    format_set_align(f->title_fit, LXW_ALIGN_VERTICAL_CENTER);
    format_set_shrink(f->title_fit);
    format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);

    format_set_bold(f->subtitle);
    format_set_font_size(f->subtitle, 12);

    format_set_bold(f->heading);
    format_set_font_size(f->heading, 12);
    format_set_font_color(f->heading, COLOR_ACCENT);
    format_set_bottom(f->heading, LXW_BORDER_THIN);
    format_set_bottom_color(f->heading, COLOR_ACCENT);
    format_set_align(f->heading, LXW_ALIGN_VERTICAL_BOTTOM);

    format_set_bold(f->label);
    format_set_align(f->label, LXW_ALIGN_VERTICAL_TOP);

    format_set_text_wrap(f->plain);
    format_set_align(f->plain, LXW_ALIGN_LEFT);
    format_set_align(f->plain, LXW_ALIGN_VERTICAL_TOP);

    format_set_num_format(f->plain_count, "0");
    format_set_align(f->plain_count, LXW_ALIGN_LEFT);
    format_set_align(f->plain_count, LXW_ALIGN_VERTICAL_TOP);

    format_set_font_size(f->footnote, 9);
    format_set_font_color(f->footnote, COLOR_GREY);
    format_set_text_wrap(f->footnote);
    format_set_align(f->footnote, LXW_ALIGN_VERTICAL_TOP);

    format_set_font_size(f->note, 9);
    format_set_font_color(f->note, COLOR_GREY);
    format_set_align(f->note, LXW_ALIGN_VERTICAL_CENTER);

    format_set_bold(f->header);
    format_set_bg_color(f->header, COLOR_HEADER_FILL);
    format_set_text_wrap(f->header);
    format_set_align(f->header, LXW_ALIGN_CENTER);

    format_set_text_wrap(f->wrap);

    format_set_align(f->center, LXW_ALIGN_CENTER);

    format_set_num_format(f->score, "0");
    format_set_align(f->score, LXW_ALIGN_CENTER);

    format_set_num_format(f->input, "0");
    format_set_align(f->input, LXW_ALIGN_CENTER);
    format_set_bg_color(f->input, COLOR_INPUT_FILL);

    format_set_text_wrap(f->input_text);
    format_set_bg_color(f->input_text, COLOR_INPUT_FILL);

    format_set_num_format(f->average, "0.00");
    format_set_align(f->average, LXW_ALIGN_CENTER);

    format_set_num_format(f->gap, "+0;-0;0");
    format_set_align(f->gap, LXW_ALIGN_CENTER);

    format_set_num_format(f->count, "0");
    format_set_align(f->count, LXW_ALIGN_CENTER);

    format_set_num_format(f->out_of_5, "0.0\" / 5\"");
    format_set_align(f->out_of_5, LXW_ALIGN_CENTER);

    /* サマリー */
    format_set_shrink(f->info); /* a long name stays on its line */
    format_set_align(f->info, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bold(f->info_label);
    format_set_font_color(f->info_label, COLOR_ACCENT);
    format_set_align(f->info_label, LXW_ALIGN_VERTICAL_CENTER);

    format_set_align(f->key_label, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bottom(f->key_label, LXW_BORDER_HAIR);
    format_set_bottom_color(f->key_label, COLOR_BORDER);

    lxw_format *keys[] = {f->key_value, f->key_count, f->key_plain};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        format_set_bold(keys[i]);
        format_set_font_size(keys[i], 14);
        format_set_font_color(keys[i], COLOR_ACCENT);
        format_set_align(keys[i], LXW_ALIGN_CENTER);
        format_set_align(keys[i], LXW_ALIGN_VERTICAL_CENTER);
        format_set_bottom(keys[i], LXW_BORDER_HAIR);
        format_set_bottom_color(keys[i], COLOR_BORDER);
    }
    format_set_num_format(f->key_value, "0.0\" / 5\"");
    char count_format[48];
    snprintf(count_format, sizeof count_format, "0\" / %zu\"",
             x->catalog->service_count);
    format_set_num_format(f->key_count, count_format);
    format_set_num_format(f->key_plain, "0");

    format_set_font_size(f->key_note, 9);
    format_set_font_color(f->key_note, COLOR_GREY);
    format_set_text_wrap(f->key_note);
    format_set_align(f->key_note, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bottom(f->key_note, LXW_BORDER_HAIR);
    format_set_bottom_color(f->key_note, COLOR_BORDER);

    format_set_bold(f->pick_name);
    format_set_align(f->pick_name, LXW_ALIGN_VERTICAL_BOTTOM);

    format_set_bold(f->pick_score);
    format_set_num_format(f->pick_score, "0.0\" / 5\"");
    format_set_align(f->pick_score, LXW_ALIGN_RIGHT);
    format_set_align(f->pick_score, LXW_ALIGN_VERTICAL_BOTTOM);

    format_set_text_wrap(f->pick_text);
    format_set_align(f->pick_text, LXW_ALIGN_VERTICAL_TOP);
    format_set_font_size(f->pick_text, 10);

    format_set_bold(f->list_title);
    format_set_bg_color(f->list_title, COLOR_LIST_FILL);
    format_set_text_wrap(f->list_title);
    format_set_align(f->list_title, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_size(f->list_title, 10);

    format_set_shrink(f->list_item); /* long service names stay whole */
    format_set_bottom(f->list_item, LXW_BORDER_HAIR);
    format_set_bottom_color(f->list_item, COLOR_BORDER);
    format_set_align(f->list_item, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_size(f->list_item, 10);

    format_set_bottom(f->list_score, LXW_BORDER_HAIR);
    format_set_bottom_color(f->list_score, COLOR_BORDER);
    format_set_align(f->list_score, LXW_ALIGN_CENTER);
    format_set_align(f->list_score, LXW_ALIGN_VERTICAL_CENTER);
    format_set_num_format(f->list_score, "0");
    format_set_font_size(f->list_score, 10);

    /* Conditional formats (only font and fill count). */
    format_set_font_color(f->cf_grey, 0x808080);
    format_set_bg_color(f->cf_grey, 0xEDEDED);
    format_set_bold(f->cf_gap);
    format_set_font_color(f->cf_gap, 0x9C0006);
    format_set_bg_color(f->cf_gap, 0xFFC7CE);

    share_formats(f);
    return 1;
}

/* ---- document properties --------------------------------------------- */

/* The creation time of the document: SOURCE_DATE_EPOCH if set, else now.
 * libxlsxwriter reads 0 as "now", so an epoch of 0 becomes 1 second. */
static isomm_error creation_time(time_t *out, const char *path, char *errbuf)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (!env || !*env) {
        *out = time(NULL);
        return ISOMM_OK;
    }
    char *end;
    errno = 0;
    long long v = strtoll(env, &end, 10);
    if (errno || *end || end == env || *env == '-' || *env == '+' ||
        *env == ' ' || v < 0 || v > OOXML_MAX_EPOCH ||
        (sizeof(time_t) < sizeof(long long) && v > (long long)INT_MAX))
        return core_fail(errbuf, ISOMM_ERR_ARG,
                          "%s: cannot write workbook: SOURCE_DATE_EPOCH "
                          "\"%s\" is not a number of seconds since 1970",
                          path, env);
    *out = v == 0 ? (time_t)1 : (time_t)v;
    return ISOMM_OK;
}

/* ---- driver ----------------------------------------------------------- */

static isomm_error check_portfolio(const isomm_portfolio *p, const char *path,
                                   char *errbuf)
{
    if (!path || !*path)
        return core_fail(errbuf, ISOMM_ERR_ARG,
                          "cannot write workbook: no output path");
    if (!p || !p->catalog || (p->catalog->service_count && !p->services) ||
        (p->catalog->category_count && !p->categories))
        return core_fail(errbuf, ISOMM_ERR_ARG,
                          "%s: cannot write workbook: incomplete portfolio",
                          path);
    return ISOMM_OK;
}

isomm_error isomm_write_xlsx(const isomm_portfolio *portfolio,
                             const char *path,
                             const isomm_xlsx_options *options,
                             char *errbuf)
{
    isomm_error err = check_portfolio(portfolio, path, errbuf);
    if (err)
        return err;
    time_t created = 0;
    err = creation_time(&created, path, errbuf);
    if (err)
        return err;

    core_atomic a;
    err = core_atomic_begin(&a, path, errbuf);
    if (err)
        return err;
    /* libxlsxwriter writes the temporary file by name. */
    fclose(a.stream);
    a.stream = NULL;

    xw_book x;
    memset(&x, 0, sizeof x);
    x.portfolio = portfolio;
    x.catalog = portfolio->catalog;
    x.title = options && options->title && *options->title
                  ? options->title
                  : XW_DEFAULT_TITLE;
    x.organization = options && options->organization &&
                             *options->organization
                         ? options->organization
                         : portfolio->organization;
    x.date = options && options->date && *options->date ? options->date
                                                        : portfolio->date;
    if (advice_compute(portfolio, &x.advice) != ISOMM_OK) {
        core_atomic_abort(&a);
        return core_fail(errbuf, ISOMM_ERR_NOMEM,
                          "%s: cannot write workbook: out of memory", path);
    }

    lxw_workbook_options wopt = {.constant_memory = LXW_FALSE,
                                 .tmpdir = NULL,
                                 .use_zip64 = LXW_FALSE};
    /* The parts in memory, deflated fast (write_xlsx_io.c). */
    xw_io_begin();
    x.workbook = workbook_new_opt(a.tmp_path, &wopt);
    if (!x.workbook) {
        xw_io_end();
        advice_free(&x.advice);
        core_atomic_abort(&a);
        return core_fail(errbuf, ISOMM_ERR_NOMEM,
                          "%s: cannot write workbook: out of memory", path);
    }

    if (!make_formats(&x))
        xw_ok(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);

    if (!xw_failed(&x)) {
        /* workbook_set_properties() copies the strings. */
        char *title = core_strdup(clean_text(&x, x.title));
        const char *company =
            x.organization ? clean_text(&x, x.organization) : NULL;
        lxw_doc_properties props = {
            .title = title,
            .subject = (char *)XW_SUBJECT,
            .company = (char *)company,
            .comments = (char *)"isomm " ISOMM_VERSION,
            .created = created,
        };
        if (!title || (x.organization && !company))
            xw_nomem(&x);
        else
            xw_ok(&x, workbook_set_properties(x.workbook, &props));
        free(title);
    }

    /* Sheets are written in workbook order; formulas may refer to sheets
     * written later (they are resolved by name). */
    xw_write_summary(&x);
    xw_write_portfolio(&x);
    xw_write_categories(&x);
    xw_write_report(&x);
    if (portfolio->roles)
        xw_write_roles(&x);

    if (xw_failed(&x)) {
        /* Nothing of this workbook is wanted: free it without packaging. */
        lxw_workbook_free(x.workbook);
    } else {
        xw_ok(&x, workbook_close(x.workbook)); /* frees it */
    }
    x.workbook = NULL;
    if (!xw_io_end())
        xw_nomem(&x);
    free(x.scratch);
    advice_free(&x.advice);

    if (x.nomem) {
        core_atomic_abort(&a);
        return core_fail(errbuf, ISOMM_ERR_NOMEM,
                          "%s: cannot write workbook: out of memory", path);
    }
    if (x.error != LXW_NO_ERROR) {
        core_atomic_abort(&a);
        return core_fail(errbuf, ISOMM_ERR_WRITE,
                          "%s: cannot write workbook: %s", path,
                          lxw_strerror(x.error));
    }
    return core_atomic_commit(&a, errbuf);
}
