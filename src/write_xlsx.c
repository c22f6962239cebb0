/*
 * write_xlsx.c - isomm_write_xlsx(): the portfolio workbook, written with
 * libxlsxwriter to a temporary file beside the output and renamed into
 * place (util.h), so a failed run leaves nothing behind.
 *
 * The sheets are filled by write_summary.c, write_portfolio.c and
 * write_roles.c; this file holds the driver, the formats, the document
 * properties and the cell helpers they share (write_xlsx_internal.h).
 *
 * Reproducibility: libxlsxwriter stamps every zip entry with 1980-01-01
 * (as Excel does), so the only time in the file is the creation date of
 * docProps/core.xml. It is taken from SOURCE_DATE_EPOCH when that is set
 * (https://reproducible-builds.org/specs/source-date-epoch/), else from
 * the clock; the same input then gives the same bytes.
 */
#define _POSIX_C_SOURCE 200809L
#include "write_xlsx_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "isomm/isomm.h"
#include "util.h"

/* Excel's limit on the characters in a cell. */
#define XLSX_CELL_MAX 32767

/* Latest time the ISO 8601 date of docProps/core.xml can hold
 * (9999-12-31T23:59:59Z). */
#define XLSX_MAX_EPOCH 253402300799LL

/* ---- errors ----------------------------------------------------------- */

int isomm_xlsx_ok(isomm_xlsx *x, lxw_error err)
{
    if (err != LXW_NO_ERROR && x->error == LXW_NO_ERROR)
        x->error = err;
    return !isomm_xlsx_failed(x);
}

void isomm_xlsx_nomem(isomm_xlsx *x)
{
    x->nomem = 1;
}

int isomm_xlsx_failed(const isomm_xlsx *x)
{
    return x->error != LXW_NO_ERROR || x->nomem;
}

/* ---- text ------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n bytes left) that XML 1.0 can
 * carry, or 0 if the sequence is invalid or forbidden there. */
static size_t utf8_char_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') ? 1 : 0;
    size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
        cp == 0xFFFF)
        return 0;
    return len;
}

/* `text` itself when it is clean, else a cleaned copy in x->scratch, or
 * NULL when that copy cannot be allocated. */
static const char *clean_text(isomm_xlsx *x, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), i = 0, chars = 0;
    while (i < n && chars < XLSX_CELL_MAX) {
        size_t len = utf8_char_len(s + i, n - i);
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
    while (i < n && chars < XLSX_CELL_MAX) {
        size_t len = utf8_char_len(s + i, n - i);
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
    size_t len = utf8_char_len(p, 4); /* stops at the NUL */
    if (len <= 1) {
        *s = p + 1;
        return p[0];
    }
    unsigned cp = p[0] & (0xFF >> (len + 1));
    for (size_t i = 1; i < len; i++)
        cp = (cp << 6) | (p[i] & 0x3F);
    *s = p + len;
    return cp;
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

double isomm_xlsx_text_width(const char *text)
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

unsigned isomm_xlsx_text_lines(const char *text, double width)
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

double isomm_xlsx_clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void isomm_xlsx_row_lines(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                          unsigned lines)
{
    if (lines > 1 && !isomm_xlsx_failed(x)) {
        if (lines > 24) /* Excel's limit is 409 points */
            lines = 24;
        isomm_xlsx_ok(x, worksheet_set_row(ws, row,
                                           ISOMM_XLSX_LINE_HEIGHT * lines,
                                           NULL));
    }
}

/* ---- cell helpers ----------------------------------------------------- */

void isomm_xlsx_blank(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                      lxw_col_t col, lxw_format *format)
{
    /* A blank cell without a format is no cell at all. */
    if (!isomm_xlsx_failed(x) && format)
        isomm_xlsx_ok(x, worksheet_write_blank(ws, row, col, format));
}

void isomm_xlsx_string(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                       lxw_col_t col, const char *text, lxw_format *format)
{
    if (isomm_xlsx_failed(x))
        return;
    if (!text || !*text) {
        isomm_xlsx_blank(x, ws, row, col, format);
        return;
    }
    const char *clean = clean_text(x, text);
    if (!clean) {
        isomm_xlsx_nomem(x);
        return;
    }
    isomm_xlsx_ok(x, worksheet_write_string(ws, row, col, clean, format));
}

void isomm_xlsx_number(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                       lxw_col_t col, double value, lxw_format *format)
{
    if (!isomm_xlsx_failed(x))
        isomm_xlsx_ok(x, worksheet_write_number(ws, row, col, value, format));
}

void isomm_xlsx_score(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                      lxw_col_t col, int value, lxw_format *format)
{
    if (value < 0)
        isomm_xlsx_blank(x, ws, row, col, format);
    else
        isomm_xlsx_number(x, ws, row, col, value, format);
}

void isomm_xlsx_merge(isomm_xlsx *x, lxw_worksheet *ws, lxw_row_t r1,
                      lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                      const char *text, lxw_format *format)
{
    if (isomm_xlsx_failed(x))
        return;
    const char *clean = clean_text(x, text ? text : "");
    if (!clean) {
        isomm_xlsx_nomem(x);
        return;
    }
    isomm_xlsx_ok(x, worksheet_merge_range(ws, r1, c1, r2, c2, clean, format));
}

void isomm_xlsx_width(isomm_xlsx *x, lxw_worksheet *ws, lxw_col_t first,
                      lxw_col_t last, double width, lxw_format *format)
{
    if (!isomm_xlsx_failed(x))
        isomm_xlsx_ok(x, worksheet_set_column(ws, first, last, width, format));
}

lxw_worksheet *isomm_xlsx_add_sheet(isomm_xlsx *x, const char *name)
{
    if (isomm_xlsx_failed(x))
        return NULL;
    lxw_error err = workbook_validate_sheet_name(x->workbook, name);
    if (!isomm_xlsx_ok(x, err))
        return NULL;
    lxw_worksheet *ws = workbook_add_worksheet(x->workbook, name);
    if (!ws)
        isomm_xlsx_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return ws;
}

lxw_chart *isomm_xlsx_add_chart(isomm_xlsx *x, uint8_t type)
{
    if (isomm_xlsx_failed(x))
        return NULL;
    lxw_chart *chart = workbook_add_chart(x->workbook, type);
    if (!chart)
        isomm_xlsx_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return chart;
}

lxw_chart_series *isomm_xlsx_add_series(isomm_xlsx *x, lxw_chart *chart)
{
    if (isomm_xlsx_failed(x) || !chart)
        return NULL;
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    if (!series)
        isomm_xlsx_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return series;
}

/* ---- formats ---------------------------------------------------------- */

#define COLOR_HEADER_FILL 0xD9E1F2
#define COLOR_BORDER 0xA6A6A6

static lxw_format *bordered(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    if (f) {
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, COLOR_BORDER);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    }
    return f;
}

static int make_formats(isomm_xlsx *x)
{
    lxw_workbook *wb = x->workbook;
    isomm_xlsx_formats *f = &x->fmt;

    f->title = workbook_add_format(wb);
    f->heading = workbook_add_format(wb);
    f->label = workbook_add_format(wb);
    f->plain = workbook_add_format(wb);
    f->plain_count = workbook_add_format(wb);
    f->header = bordered(wb);
    f->text = bordered(wb);
    f->wrap = bordered(wb);
    f->center = bordered(wb);
    f->score = bordered(wb);
    f->average = bordered(wb);
    f->count = bordered(wb);
    if (!f->title || !f->heading || !f->label || !f->plain ||
        !f->plain_count || !f->header ||
        !f->text || !f->wrap || !f->center || !f->score || !f->average ||
        !f->count)
        return 0;

    format_set_bold(f->title);
    format_set_font_size(f->title, 16);

    format_set_bold(f->heading);
    format_set_font_size(f->heading, 12);

    format_set_bold(f->label);
    format_set_align(f->label, LXW_ALIGN_VERTICAL_TOP);

    format_set_text_wrap(f->plain);
    format_set_align(f->plain, LXW_ALIGN_LEFT);
    format_set_align(f->plain, LXW_ALIGN_VERTICAL_TOP);

    format_set_bold(f->header);
    format_set_bg_color(f->header, COLOR_HEADER_FILL);
    format_set_text_wrap(f->header);
    format_set_align(f->header, LXW_ALIGN_CENTER);

    format_set_text_wrap(f->wrap);

    format_set_align(f->center, LXW_ALIGN_CENTER);

    format_set_num_format(f->score, "0");
    format_set_align(f->score, LXW_ALIGN_CENTER);

    format_set_num_format(f->average, "0.00");
    format_set_align(f->average, LXW_ALIGN_CENTER);

    format_set_num_format(f->count, "0");
    format_set_align(f->count, LXW_ALIGN_CENTER);

    format_set_num_format(f->plain_count, "0");
    format_set_align(f->plain_count, LXW_ALIGN_LEFT);
    format_set_align(f->plain_count, LXW_ALIGN_VERTICAL_TOP);
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
        *env == ' ' || v < 0 || v > XLSX_MAX_EPOCH ||
        (sizeof(time_t) < sizeof(long long) && v > (long long)INT_MAX))
        return isomm_fail(errbuf, ISOMM_ERR_ARG,
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
        return isomm_fail(errbuf, ISOMM_ERR_ARG,
                          "cannot write workbook: no output path");
    if (!p || !p->catalog || (p->catalog->service_count && !p->services) ||
        (p->catalog->category_count && !p->categories))
        return isomm_fail(errbuf, ISOMM_ERR_ARG,
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

    isomm_atomic a;
    err = isomm_atomic_begin(&a, path, errbuf);
    if (err)
        return err;
    /* libxlsxwriter writes the temporary file by name. */
    fclose(a.stream);
    a.stream = NULL;

    isomm_xlsx x;
    memset(&x, 0, sizeof x);
    x.portfolio = portfolio;
    x.catalog = portfolio->catalog;
    x.title = options && options->title && *options->title
                  ? options->title
                  : ISOMM_XLSX_DEFAULT_TITLE;

    lxw_workbook_options wopt = {.constant_memory = LXW_FALSE,
                                 .tmpdir = NULL,
                                 .use_zip64 = LXW_FALSE};
    x.workbook = workbook_new_opt(a.tmp_path, &wopt);
    if (!x.workbook) {
        isomm_atomic_abort(&a);
        return isomm_fail(errbuf, ISOMM_ERR_NOMEM,
                          "%s: cannot write workbook: out of memory", path);
    }

    if (!make_formats(&x))
        isomm_xlsx_ok(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);

    if (!isomm_xlsx_failed(&x)) {
        /* workbook_set_properties() copies the strings. */
        const char *title = clean_text(&x, x.title);
        lxw_doc_properties props = {
            .title = (char *)title,
            .subject = (char *)ISOMM_XLSX_SUBJECT,
            .comments = (char *)"isomm " ISOMM_VERSION,
            .created = created,
        };
        if (!title)
            isomm_xlsx_nomem(&x);
        else
            isomm_xlsx_ok(&x, workbook_set_properties(x.workbook, &props));
    }

    isomm_xlsx_write_summary(&x);
    isomm_xlsx_write_portfolio(&x);
    if (portfolio->roles)
        isomm_xlsx_write_roles(&x);

    if (isomm_xlsx_failed(&x)) {
        /* Nothing of this workbook is wanted: free it without packaging. */
        lxw_workbook_free(x.workbook);
    } else {
        isomm_xlsx_ok(&x, workbook_close(x.workbook)); /* frees it */
    }
    x.workbook = NULL;
    free(x.scratch);

    if (x.nomem) {
        isomm_atomic_abort(&a);
        return isomm_fail(errbuf, ISOMM_ERR_NOMEM,
                          "%s: cannot write workbook: out of memory", path);
    }
    if (x.error != LXW_NO_ERROR) {
        isomm_atomic_abort(&a);
        return isomm_fail(errbuf, ISOMM_ERR_WRITE,
                          "%s: cannot write workbook: %s", path,
                          lxw_strerror(x.error));
    }
    return isomm_atomic_commit(&a, errbuf);
}
