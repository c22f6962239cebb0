/* fold.c - names compared the way people write them: an organization is
 * the same whether its sheet says "ＡＢＣ銀行", "ABC 銀行 " or "ｱﾙﾌｧ" for
 * "アルファ" (group roll-up over time, trend). */
#include "core.h"

#include <stdlib.h>
#include <string.h>

/* Full-width katakana of the half-width forms U+FF61..U+FF9F. */
static const unsigned short HALF_KANA[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7,
    0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8,
    0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB,
    0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD,
    0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1,
    0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF,
    0x30F3, 0x309B, 0x309C,
};

unsigned core_half_kana(unsigned cp)
{
    return cp >= 0xFF61 && cp <= 0xFF9F ? HALF_KANA[cp - 0xFF61] : cp;
}

unsigned core_voiced_kana(unsigned kana, unsigned mark)
{
    int ha = kana >= 0x30CF && kana <= 0x30DB && (kana - 0x30CF) % 3 == 0;
    if (mark == 0xFF9F)
        return ha ? kana + 2 : 0;
    if (mark != 0xFF9E)
        return 0;
    if (kana == 0x30A6)
        return 0x30F4; /* ヴ */
    if (ha || (kana >= 0x30AB && kana <= 0x30C1 && (kana - 0x30AB) % 2 == 0) ||
        kana == 0x30C4 || kana == 0x30C6 || kana == 0x30C8)
        return kana + 1;
    return 0;
}

size_t core_put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The folded code point at s (n bytes left), advancing *len over what it
 * used; 0 for an invalid byte (copied as it is). */
static unsigned fold_at(const char *s, size_t n, size_t *len)
{
    unsigned cp;
    *len = core_utf8_decode(s, n, &cp);
    if (*len == 0) {
        *len = 1;
        return 0;
    }
    if (cp == 0x3000 || cp == '\t' || cp == '\n' || cp == '\r')
        return ' ';
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFEE0;
    if (cp >= 0xFF61 && cp <= 0xFF9F) {
        unsigned kana = core_half_kana(cp), mark, v;
        size_t more = core_utf8_decode(s + *len, n - *len, &mark);
        if (more && (v = core_voiced_kana(kana, mark)) != 0) {
            *len += more;
            return v;
        }
        return kana;
    }
    return cp;
}

char *core_fold_name(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = malloc(n + 1); /* folding never lengthens the text */
    if (!out)
        return NULL;
    size_t o = 0, len;
    int space = 0;
    for (size_t i = 0; i < n; i += len) {
        unsigned cp = fold_at(s + i, n - i, &len);
        if (cp == ' ') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = 0;
        if (cp == 0)
            out[o++] = s[i];
        else
            o += core_put_utf8(out + o, cp);
    }
    out[o] = '\0';
    return out;
}
