/*
 * reader_text.c - what a cell's text means to the reader: normalization
 * of full-width characters, role IDs with dash variants, level headers
 * and selection marks.
 */
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Decode one UTF-8 code point at s (NUL-terminated); *n its byte length.
 * Malformed bytes decode as themselves with length 1. */
static unsigned utf8_next(const char *s, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *n = u[0] ? 1 : 0;
        return u[0];
    }
    if ((u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80) {
        *n = 2;
        return ((unsigned)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    }
    if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        *n = 3;
        return ((unsigned)(u[0] & 0x0F) << 12) | ((unsigned)(u[1] & 0x3F) << 6) |
               (u[2] & 0x3F);
    }
    if ((u[0] & 0xF8) == 0xF0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80 &&
        (u[3] & 0xC0) == 0x80) {
        *n = 4;
        return ((unsigned)(u[0] & 0x07) << 18) | ((unsigned)(u[1] & 0x3F) << 12) |
               ((unsigned)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
    }
    *n = 1;
    return u[0];
}

/* Full-width ASCII and wide spaces folded to ASCII; else cp itself. */
static unsigned fold(unsigned cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFF01 + 0x21;
    if (cp == 0x3000 || cp == 0x00A0)
        return ' ';
    return cp;
}

static int is_dash(unsigned cp)
{
    return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
           cp == 0x30FC || cp == 0xFF70 || cp == 0x2500 || cp == 0x2043 ||
           cp == 0xFE58 || cp == 0xFE63;
}

char *reader_normalize(const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t o = 0, n;
    for (const char *p = s; *p; p += n) {
        unsigned cp = utf8_next(p, &n);
        unsigned f = fold(cp);
        if (f != cp) {
            out[o++] = (char)f;
        } else {
            memcpy(out + o, p, n);
            o += n;
        }
    }
    out[o] = '\0';
    return isomm_trim(out);
}

int reader_role_id(const char *s, char id[16])
{
    size_t n;
    unsigned cp;
    const char *p = s;
    while ((cp = fold(utf8_next(p, &n))) == ' ' || cp == '\t' || cp == '\n' || cp == '\r')
        p += n;
    if (!((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')))
        return -1;
    char letter = (char)(cp >= 'a' ? cp - 'a' + 'A' : cp);
    p += n;
    while ((cp = fold(utf8_next(p, &n))) == ' ')
        p += n;
    if (!is_dash(cp))
        return -1;
    p += n;
    while ((cp = fold(utf8_next(p, &n))) == ' ')
        p += n;
    unsigned num = 0;
    int digits = 0;
    while ((cp = fold(utf8_next(p, &n))) >= '0' && cp <= '9') {
        num = num * 10 + (cp - '0');
        if (++digits > 3)
            return -1;
        p += n;
    }
    if (digits == 0 || num == 0)
        return -1;
    /* What follows must not continue the ID: "A-1-2", "A-1.2", "A-1x". */
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
        return -1;
    if (is_dash(cp) || cp == '.') {
        size_t m;
        unsigned next = fold(utf8_next(p + n, &m));
        if (next >= '0' && next <= '9')
            return -1;
    }
    snprintf(id, 16, "%c-%u", letter, num);
    return 0;
}

int reader_level(const xlsx_cell *c, const char *norm)
{
    if (!c)
        return -1;
    if (c->type == XLSX_NUMBER) {
        for (int l = 0; l <= 5; l++)
            if (c->number == (double)l)
                return l;
        return -1;
    }
    if (c->type != XLSX_STRING || !norm)
        return -1;
    const char *p = norm;
    static const char *const prefixes[] = {"Lv.", "Lv", "LV.", "LV", "lv.", "lv",
                                           "Level", "level", "レベル"};
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t l = strlen(prefixes[i]);
        if (strncmp(p, prefixes[i], l) == 0) {
            p += l;
            break;
        }
    }
    while (*p == ' ')
        p++;
    if (*p < '0' || *p > '5')
        return -1;
    int level = *p - '0';
    p++;
    if (*p == '\0' || *p == ' ' || *p == '(' || *p == ':' ||
        strncmp(p, "（", strlen("（")) == 0 || strncmp(p, "：", strlen("：")) == 0)
        return level;
    return -1;
}

int reader_mark(const xlsx_cell *c, const char *norm)
{
    if (!c)
        return 0;
    if (c->type == XLSX_BOOL)
        return strcmp(c->text, "TRUE") == 0;
    if (c->type == XLSX_NUMBER)
        return c->number == 1.0;
    if (c->type != XLSX_STRING || !norm)
        return 0;
    static const char *const filled[] = {"●", "◉", "⚫", "⬤", "■", "✓", "✔", "☑",
                                         "x", "X", "1", "TRUE", "True", "true"};
    for (size_t i = 0; i < sizeof filled / sizeof *filled; i++)
        if (strcmp(norm, filled[i]) == 0)
            return 1;
    /* A mark followed by U+FE0F (emoji presentation), e.g. "✔️". */
    for (size_t i = 0; i < 8; i++) {
        size_t l = strlen(filled[i]);
        if (strncmp(norm, filled[i], l) == 0 && strcmp(norm + l, "\xEF\xB8\x8F") == 0)
            return 1;
    }
    return 0;
}
