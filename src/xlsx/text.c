/* text.c - text as a cell can hold it (valid UTF-8 that XML 1.0 can carry,
 * at most 32,767 characters) and how wide and tall it prints. */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* Excel's limit on the characters in a cell. */
#define XW_CELL_MAX 32767

/* ---- text ------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n bytes left) that XML 1.0 can
 * carry, or 0 if the sequence is invalid or forbidden there. ASCII and the
 * three-byte sequences of Japanese text are checked here, the rest by the
 * decoder: every cell's text passes through this. */
static size_t utf8_char_len(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return c >= 0x20 || c == '\t' || c == '\n' || c == '\r' ? 1 : 0;
    }
    if (c >= 0xE1 && c <= 0xEC && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    size_t len = core_utf8_decode((const char *)s, n, cp);
    if (len == 3 && (*cp == 0xFFFE || *cp == 0xFFFF))
        return 0;
    return len;
}

/* `text` itself when it is clean, else a cleaned copy in x->scratch, or
 * NULL when that copy cannot be allocated. */
const char *xw_clean_text(xw_book *x, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), i = 0, chars = 0;
    unsigned cp;
    while (i < n && chars < XW_CELL_MAX) {
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
    while (i < n && chars < XW_CELL_MAX) {
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
    if (cp < 0x80) {
        *s = p + 1;
        return cp;
    }
    size_t len = utf8_char_len(p, 4, &cp); /* stops at the NUL */
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

