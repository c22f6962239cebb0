/*
 * xml_writer.c - libxlsxwriter's XML output, written without printf, for
 * the workbooks the isomm program writes.
 *
 * libxlsxwriter 1.1.4 prints every tag, attribute and cell of a workbook
 * with fprintf() and builds each attribute in a 4 KiB struct filled by
 * strncpy(): a portfolio workbook makes about 32,000 fprintf calls and
 * 5,000 such structs, a fifth of the time of a conversion (docs/bench.md).
 * The program (never the library) defines the functions below, so the
 * dynamic linker routes libxlsxwriter's calls here; each writes the same
 * bytes as libxlsxwriter's own (src/xmlwriter.c, src/utility.c and
 * _write_string_cell() of src/worksheet.c at 1.1.4) with fwrite. Two
 * differences that change no byte of a workbook:
 *
 *   - an attribute's struct is not padded with zeros past its strings;
 *   - lxw_has_control_characters() answers whether a string has one
 *     (1.1.4's loop runs to the terminating NUL and always says yes, so
 *     every shared string was copied by lxw_escape_control_characters(),
 *     a copy equal to the string when it has none).
 *
 *   ISOMM_XML=libxlsxwriter     libxlsxwriter's own functions
 *   cmake -DISOMM_FAST_WRITE=OFF   not built at all
 *
 * Built for libxlsxwriter 1.1.4 only (Debian 12's; the attribute's integer
 * became 64-bit in 1.1.6) and used only when the library that runs says it
 * is 1.1.4. tests/test_xml_writer.c compares every function with
 * libxlsxwriter's own; tests/xml_writer.sh proves that libxlsxwriter calls
 * them and that the workbooks are byte-identical either way.
 */
#define _GNU_SOURCE
#include <xlsxwriter.h>

#include "cli.h"

#if ISOMM_FAST_WRITE && LXW_VERSION_ID == 114
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter/xmlwriter.h>

/* 1, or 0 when libxlsxwriter's own functions write (ISOMM_XML, or
 * another libxlsxwriter at run time). */
static int ours(void)
{
    static int on = -1;
    if (on < 0) {
        const char *v = getenv("ISOMM_XML");
        on = (!v || strcmp(v, "libxlsxwriter") != 0) &&
             strcmp(lxw_version(), "1.1.4") == 0;
    }
    return on;
}

/* libxlsxwriter's own definition of a function defined here. */
static void *next(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (!f) {
        fprintf(stderr, "isomm: libxlsxwriter has no %s: %s\n", name, dlerror());
        abort();
    }
    return f;
}

#define NEXT(fn) ((__typeof__(&fn))next(#fn))

static void put(FILE *f, const char *s, size_t n)
{
    fwrite_unlocked(s, 1, n, f);
}

static void puts_(FILE *f, const char *s)
{
    fputs_unlocked(s, f);
}

/* printf's "%d" of v into out (12 bytes); its length. */
static size_t format_int(char *out, int32_t v)
{
    char b[12], *p = b + sizeof b;
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    size_t n = (size_t)(b + sizeof b - p);
    memcpy(out, p, n);
    out[n] = '\0';
    return n;
}

static void put_int(FILE *f, int32_t v)
{
    char b[12];
    put(f, b, format_int(b, v));
}

/* s with & < > escaped, and " and newlines too in an attribute. */
static void put_escaped(FILE *f, const char *s, int attribute)
{
    const char *special = attribute ? "&<>\"\n" : "&<>";
    for (;;) {
        size_t n = strcspn(s, special);
        put(f, s, n);
        s += n;
        switch (*s) {
        case '\0': return;
        case '&': puts_(f, "&amp;"); break;
        case '<': puts_(f, "&lt;"); break;
        case '>': puts_(f, "&gt;"); break;
        case '"': puts_(f, "&quot;"); break;
        default: puts_(f, "&#xA;"); break;
        }
        s++;
    }
}

static void put_attributes(FILE *f, struct xml_attribute_list *list, int escape)
{
    struct xml_attribute *a;
    if (!list)
        return;
    STAILQ_FOREACH(a, list, list_entries) {
        putc_unlocked(' ', f);
        puts_(f, a->key);
        put(f, "=\"", 2);
        if (escape)
            put_escaped(f, a->value, 1);
        else
            puts_(f, a->value);
        putc_unlocked('"', f);
    }
}

static void put_tag(FILE *f, const char *tag, struct xml_attribute_list *list,
                    int escape, const char *close)
{
    putc_unlocked('<', f);
    puts_(f, tag);
    put_attributes(f, list, escape);
    puts_(f, close);
}

void lxw_xml_declaration(FILE *f)
{
    if (!ours()) {
        NEXT(lxw_xml_declaration)(f);
        return;
    }
    puts_(f, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
}

void lxw_xml_start_tag(FILE *f, const char *tag, struct xml_attribute_list *list)
{
    if (!ours()) {
        NEXT(lxw_xml_start_tag)(f, tag, list);
        return;
    }
    put_tag(f, tag, list, 1, ">");
}

void lxw_xml_start_tag_unencoded(FILE *f, const char *tag,
                                 struct xml_attribute_list *list)
{
    if (!ours()) {
        NEXT(lxw_xml_start_tag_unencoded)(f, tag, list);
        return;
    }
    put_tag(f, tag, list, 0, ">");
}

void lxw_xml_end_tag(FILE *f, const char *tag)
{
    if (!ours()) {
        NEXT(lxw_xml_end_tag)(f, tag);
        return;
    }
    put(f, "</", 2);
    puts_(f, tag);
    putc_unlocked('>', f);
}

void lxw_xml_empty_tag(FILE *f, const char *tag, struct xml_attribute_list *list)
{
    if (!ours()) {
        NEXT(lxw_xml_empty_tag)(f, tag, list);
        return;
    }
    put_tag(f, tag, list, 1, "/>");
}

void lxw_xml_empty_tag_unencoded(FILE *f, const char *tag,
                                 struct xml_attribute_list *list)
{
    if (!ours()) {
        NEXT(lxw_xml_empty_tag_unencoded)(f, tag, list);
        return;
    }
    put_tag(f, tag, list, 0, "/>");
}

void lxw_xml_data_element(FILE *f, const char *tag, const char *data,
                          struct xml_attribute_list *list)
{
    if (!ours()) {
        NEXT(lxw_xml_data_element)(f, tag, data, list);
        return;
    }
    put_tag(f, tag, list, 1, ">");
    put_escaped(f, data, 0);
    lxw_xml_end_tag(f, tag);
}

void lxw_xml_rich_si_element(FILE *f, const char *string)
{
    if (!ours()) {
        NEXT(lxw_xml_rich_si_element)(f, string);
        return;
    }
    put(f, "<si>", 4);
    puts_(f, string);
    put(f, "</si>", 5);
}

/* LXW_ATTRIBUTE_COPY without the padding: at most 2,079 bytes. */
static void copy_field(char *dst, const char *src)
{
    size_t n = strnlen(src, LXW_MAX_ATTRIBUTE_LENGTH - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static struct xml_attribute *new_attribute(const char *key)
{
    struct xml_attribute *a = malloc(sizeof *a);
    if (!a) { /* libxlsxwriter's own would write through NULL */
        fputs("isomm: out of memory writing a workbook\n", stderr);
        abort();
    }
    copy_field(a->key, key);
    return a;
}

struct xml_attribute *lxw_new_attribute_str(const char *key, const char *value)
{
    if (!ours())
        return NEXT(lxw_new_attribute_str)(key, value);
    struct xml_attribute *a = new_attribute(key);
    copy_field(a->value, value);
    return a;
}

/* 1.1.4 prints the unsigned value with "%d". */
struct xml_attribute *lxw_new_attribute_int(const char *key, uint32_t value)
{
    if (!ours())
        return NEXT(lxw_new_attribute_int)(key, value);
    struct xml_attribute *a = new_attribute(key);
    format_int(a->value, (int32_t)value);
    return a;
}

uint8_t lxw_has_control_characters(const char *string)
{
    if (!ours())
        return NEXT(lxw_has_control_characters)(string);
    for (const unsigned char *s = (const unsigned char *)string; *s; s++)
        if (*s < 0x20 && *s != '\n' && *s != '\t')
            return LXW_TRUE;
    return LXW_FALSE;
}

/* lxw_col_to_name() and snprintf(.., LXW_MAX_ROW_NAME_LENGTH, "%d", row + 1). */
void lxw_rowcol_to_cell(char *cell_name, lxw_row_t row, lxw_col_t col)
{
    if (!ours()) {
        NEXT(lxw_rowcol_to_cell)(cell_name, row, col);
        return;
    }
    char letters[8];
    size_t n = 0;
    /* lxw_col_t arithmetic: column 65535 + 1 wraps to 0 (no letters) */
    for (lxw_col_t c = (lxw_col_t)(col + 1); c; c = (lxw_col_t)((c - 1) / 26)) {
        unsigned r = c % 26;
        letters[n++] = (char)('A' + (r ? r : 26) - 1);
    }
    for (size_t i = 0; i < n; i++)
        cell_name[i] = letters[n - 1 - i];
    char digits[12];
    size_t d = format_int(digits, (int32_t)(row + 1));
    if (d > LXW_MAX_ROW_NAME_LENGTH - 1)
        d = LXW_MAX_ROW_NAME_LENGTH - 1;
    memcpy(cell_name + n, digits, d);
    cell_name[n + d] = '\0';
}

/* worksheet.c's inner loop for a shared string cell (exported by builds
 * like Debian's; where it is static this is never called). */
void _write_string_cell(lxw_worksheet *self, char *range, int32_t style_index,
                        lxw_cell *cell);
void _write_string_cell(lxw_worksheet *self, char *range, int32_t style_index,
                        lxw_cell *cell)
{
    if (!ours()) {
        NEXT(_write_string_cell)(self, range, style_index, cell);
        return;
    }
    FILE *f = self->file;
    put(f, "<c r=\"", 6);
    puts_(f, range);
    if (style_index) {
        put(f, "\" s=\"", 5);
        put_int(f, style_index);
    }
    put(f, "\" t=\"s\"><v>", 11);
    put_int(f, cell->u.string_id);
    put(f, "</v></c>", 8);
}

const char *cli_xml_writer(void)
{
    return ours() ? "XML without printf" : "libxlsxwriter's XML (ISOMM_XML=libxlsxwriter)";
}
#else
const char *cli_xml_writer(void)
{
    return "libxlsxwriter's XML";
}
#endif
