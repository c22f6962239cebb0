/*
 * reader_text.c - what a cell's text means to the reader: normalization
 * of full-width characters, role IDs with dash variants, level headers
 * and selection marks.
 */
#include "read/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

/* One code point at s (NUL-terminated); *n its byte length (0 at the
 * NUL). Malformed bytes decode as themselves with length 1. */
static unsigned utf8_next(const char *s, size_t *n)
{
    unsigned cp;
    if (!*s) {
        *n = 0;
        return 0;
    }
    *n = core_utf8_decode(s, 4, &cp);
    if (*n == 0) {
        *n = 1;
        return (unsigned char)*s;
    }
    return cp;
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
    return core_trim(out);
}

int reader_role_id(const char *s, char id[16])
{
    size_t n;
    unsigned cp;
    const char *p = s;
    while ((cp = fold(utf8_next(p, &n))) == ' ' || cp == '\t' || cp == '\n' || cp == '\r')
        p += n;
    /* One opening bracket may come first, （A-1）, [A-1], 【A-1】, 〔A-1〕. */
    if (cp == '(' || cp == '[' || cp == 0x3010 || cp == 0x3014) {
        p += n;
        cp = fold(utf8_next(p, &n));
    }
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

int reader_level(const ooxml_cell *c, const char *norm)
{
    if (!c)
        return -1;
    if (c->type == OOXML_NUMBER) {
        for (int l = 0; l <= 5; l++)
            if (c->number == (double)l)
                return l;
        return -1;
    }
    if (c->type != OOXML_STRING || !norm)
        return -1;
    const char *p = norm;
    /* Lv.0, LV 0, Level 0, LEVEL0, レベル0 (any case, a dot or spaces after) */
    static const char *const prefixes[] = {"level", "lv", "レベル"};
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t l = strlen(prefixes[i]);
        if (strncasecmp(p, prefixes[i], l) == 0) {
            p += l;
            if (*p == '.')
                p++;
            break;
        }
    }
    while (*p == ' ')
        p++;
    static const char *const circled[] = {"⓪", "①", "②", "③", "④", "⑤"};
    int level = -1;
    for (int l = 0; l < 6 && p == norm; l++)
        if (strncmp(p, circled[l], strlen(circled[l])) == 0) {
            level = l;
            p += strlen(circled[l]);
        }
    if (level < 0) {
        if (*p < '0' || *p > '5')
            return -1;
        level = *p - '0';
        p++;
    }
    if (strncmp(p, "点", strlen("点")) == 0) /* "3点" */
        p += strlen("点");
    /* "0（対象外）", "0 対象外", "0⏎対象外" (a line break in the cell) */
    if (*p == '\0' || *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t' || *p == '(' ||
        *p == ':' ||
        strncmp(p, "（", strlen("（")) == 0 || strncmp(p, "：", strlen("：")) == 0)
        return level;
    return -1;
}

/* The rubric of textbook 8.3 (the ISOG-J sheet's スコアの付け方), per level,
 * as reader_header_norm writes it: short words people put in a header, and
 * the textbook's sentences. A word names one level of one side only. */
static const char *const RUBRIC[2][6][8] = {
    {{"対象外", "評価対象外", "非該当", "該当なし", "実施しない", "実施しないと判断",
      "インソースでの実装を検討したものの、結果として実施しないと判断した"},
     {"未実施", "実施できていない", "実施していない", "未対応"},
     {"属人的", "属人", "属人化", "担当者のみ", "運用が明文化されておらず、担当者が業務を実施できる"},
     {"一部代行可", "一部代行", "代行可", "一部代行可能",
      "運用が明文化されておらず、担当者に代わりに他者が臨時で一部の業務を代行できる"},
     {"文書化済", "文書化済み", "明文化済", "明文化済み", "交代可",
      "運用が明文化されており、担当者と交代して他者が業務を実施できる"},
     {"承認済", "承認済み", "組織長承認済", "明文化された運用はcisoなど権限ある組織長に承認されている",
      "明文化された運用はcsioなど権限ある組織長に承認されている"}},
    {{"対象外", "評価対象外", "非該当", "該当なし", "委託しない",
      "アウトソースでの実装を検討したものの、結果として実施しないと判断した"},
     {"結果未確認", "報告未確認", "結果や報告を確認できていない"},
     {"理解できていない", "未理解", "サービス内容と得られる結果を理解できていない"},
     {"一部理解", "一部未理解", "サービス内容、得られる結果のいずれかが理解できていない"},
     {"想定未満", "期待未満", "サービス内容と得られる結果を理解できているが、想定未満"},
     {"想定通り", "期待通り", "サービス内容と得られる結果を理解でき、想定通り"}}};

int reader_level_word(const char *text, int side)
{
    static const char *const numbers[6] = {"zero", "one", "two", "three", "four", "five"};
    char *h = reader_header_norm(text);
    if (!h)
        return -1;
    /* a trailing addition: "承認済（+5点）", "想定通り。" */
    char *cut = strstr(h, "(");
    if (cut && cut > h)
        *cut = '\0';
    size_t n = strlen(h);
    if (n >= 3 && strcmp(h + n - 3, "。") == 0)
        h[n - 3] = '\0';
    int level = -1;
    const char *p = h;
    static const char *const prefixes[] = {"level", "lv.", "lv", "レベル"};
    for (size_t i = 0; i < 4; i++)
        if (strncmp(p, prefixes[i], strlen(prefixes[i])) == 0) {
            p += strlen(prefixes[i]);
            break;
        }
    for (int l = 0; l < 6 && level < 0; l++)
        if (strcmp(p, numbers[l]) == 0)
            level = l;
    for (int l = 0; l < 6 && level < 0 && side >= 0 && side < 2; l++)
        for (int w = 0; w < 8 && RUBRIC[side][l][w] && level < 0; w++)
            if (strcmp(h, RUBRIC[side][l][w]) == 0)
                level = l;
    free(h);
    return level;
}

const char *const reader_mark_names[READER_MARK_KINDS] = {
    "●", "◉", "⚫", "⬤", "■", "✓", "✔", "☑", "x", "X", "1", "TRUE",
    /* filled-looking variants whose hollow twin is a background: ◎ (among
     * ○), ★ (☆), ◆ (◇), ☒ (☐), ✅, small and medium squares */
    "◎", "★", "◆", "☒", "✅", "▪", "◼", "⬛"};

int reader_mark_kind(const ooxml_cell *c, const char *norm)
{
    enum { ONE = 10, TRUE_ = 11 };
    if (!c)
        return -1;
    if (c->type == OOXML_BOOL)
        return strcmp(c->text, "TRUE") == 0 ? TRUE_ : -1;
    if (c->type == OOXML_NUMBER)
        return c->number == 1.0 ? ONE : -1;
    if (c->type != OOXML_STRING || !norm)
        return -1;
    /* A mark is one character, with a variation selector at most (7
     * bytes): every level cell comes here, most of them ○ or text. */
    size_t n = strlen(norm);
    if (n == 0 || n > 7)
        return -1;
    for (int i = 0; i < READER_MARK_KINDS; i++) {
        const char *m = reader_mark_names[i]; /* ○ shares its first byte with most */
        if (m[0] == norm[0] && (!m[1] || (m[1] == norm[1] && m[2] == norm[2])) &&
            strcmp(norm, m) == 0)
            return i;
    }
    if (strcmp(norm, "True") == 0 || strcmp(norm, "true") == 0)
        return TRUE_;
    /* A mark followed by a variation selector: U+FE0F (emoji
     * presentation, "✔️") or U+FE0E (text presentation). */
    if (n < 4 || (unsigned char)norm[n - 3] != 0xEF) /* no variation selector */
        return -1;
    for (int i = 0; i < READER_MARK_KINDS; i++) {
        size_t l = strlen(reader_mark_names[i]);
        if (i != 10 && i != 11 && l + 3 == n && strncmp(norm, reader_mark_names[i], l) == 0 &&
            (strcmp(norm + l, "\xEF\xB8\x8F") == 0 || strcmp(norm + l, "\xEF\xB8\x8E") == 0))
            return i;
    }
    return -1;
}

int reader_mark(const ooxml_cell *c, const char *norm)
{
    return reader_mark_kind(c, norm) >= 0;
}

char *reader_header_norm(const char *s)
{
    if (!s)
        s = "";
    char *out = malloc(strlen(s) * 2 + 1); /* a half-width kana grows 3 → 3 */
    if (!out)
        return NULL;
    size_t o = 0, n;
    unsigned prev = 0;
    size_t prev_at = 0;
    for (const char *p = s; *p; p += n) {
        unsigned cp = fold(utf8_next(p, &n));
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000)
            continue;
        if ((cp == 0xFF9E || cp == 0xFF9F) && prev) { /* ﾞ ﾟ on the kana before */
            unsigned v = core_voiced_kana(prev, cp);
            if (v) {
                o = prev_at + core_put_utf8(out + prev_at, v);
                prev = 0;
                continue;
            }
        }
        cp = core_half_kana(cp);
        if (cp >= 'A' && cp <= 'Z')
            cp = cp - 'A' + 'a';
        prev = cp;
        prev_at = o;
        o += core_put_utf8(out + o, cp);
    }
    out[o] = '\0';
    return out;
}

void reader_split_ref(const char *ref, char *sheet, size_t size, const char **cells)
{
    const char *bang = strrchr(ref, '!');
    *cells = bang ? bang + 1 : ref;
    sheet[0] = '\0';
    if (!bang)
        return;
    size_t len = (size_t)(bang - ref);
    if (len >= 2 && ref[0] == '\'' && ref[len - 1] == '\'') {
        ref++;
        len -= 2;
    }
    snprintf(sheet, size, "%.*s", (int)(len < size ? len : size - 1), ref);
}
