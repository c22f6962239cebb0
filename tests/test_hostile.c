/* test_hostile.c - hostile and broken files: every one fails fast, with
 * the right code and a message naming the file, in bounded memory (the
 * suite runs under ASan/UBSan too). */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <xlsxwriter.h>
#include <zip.h>
#include <zlib.h>

#include "check.h"
#include "fixture.h"
#include "isomm/isomm.h"
#include "ooxml/ooxml.h"
#include "read/read.h"


/* Open `path` (and load every sheet): expect `want`, a message starting
 * with the path and holding `needle`; the reader must fail the same way.
 * Returns what the public reader's attempt cost (bytes inflated, XML
 * nodes, cell lookups): tests bound the work with it, not with a clock. */
static ooxml_stats expect_failure(const char *path, isomm_error want, const char *needle)
{
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_book *b = NULL;
    isomm_error err = ooxml_open(path, &b, errbuf);
    if (!err) {
        for (size_t i = 0; !err && i < ooxml_sheet_count(b); i++) {
            ooxml_grid *g = NULL;
            err = ooxml_load_grid(b, i, &g, errbuf);
            ooxml_grid_free(g);
        }
        ooxml_close(b);
    } else {
        assert_null(b);
    }
    if (err != want)
        fail_msg("%s: got %s (%d) '%s', want %s (%d)", path, isomm_strerror(err),
                 err, errbuf, isomm_strerror(want), want);
    assert_int_equal(strncmp(errbuf, path, strlen(path)), 0);
    assert_contains(errbuf, needle);

    isomm_assessment *a = (isomm_assessment *)&a; /* must be reset to NULL */
    char errbuf2[ISOMM_ERRBUF_SIZE] = "";
    assert_int_equal(isomm_assessment_read(path, cat, &a, errbuf2), want);
    assert_null(a);
    assert_string_equal(errbuf2, errbuf);

    ooxml_stats st = {0};
    isomm_reading *r = (isomm_reading *)&r;
    assert_int_equal(reader_read_counted(path, NULL, 0, cat, NULL, &st, &r, errbuf2), want);
    assert_null(r);
    assert_string_equal(errbuf2, errbuf);
    return st;
}

static char *path_of(const char *name)
{
    char *p = fx_path(dir, name);
    assert_non_null(p);
    return p;
}

static void test_ole2(void **state)
{
    (void)state;
    char *path = path_of("legacy.xls");
    unsigned char data[1536] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    assert_int_equal(fx_write_file(path, data, sizeof data), 0);
    expect_failure(path, ISOMM_ERR_OLE2, "legacy .xls workbook or a password-protected .xlsx");
    free(path);
}

static void test_random_bytes(void **state)
{
    (void)state;
    char *path = path_of("random.xlsx");
    unsigned char data[8192];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof data; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (unsigned char)(x >> 16);
    }
    data[0] = 'R';
    assert_int_equal(fx_write_file(path, data, sizeof data), 0);
    expect_failure(path, ISOMM_ERR_NOT_ZIP, "not an .xlsx workbook (no zip archive found)");
    free(path);
}

static void test_text_and_empty(void **state)
{
    (void)state;
    char *path = path_of("text.xlsx");
    const char *csv = "役割,インソース\nA-1,3\n";
    assert_int_equal(fx_write_file(path, csv, strlen(csv)), 0);
    expect_failure(path, ISOMM_ERR_NOT_ZIP, "no zip archive found");
    free(path);
    path = path_of("empty.xlsx");
    assert_int_equal(fx_write_file(path, "", 0), 0);
    expect_failure(path, ISOMM_ERR_NOT_ZIP, "empty");
    free(path);
}

static void test_missing_and_directory(void **state)
{
    (void)state;
    char *path = path_of("does-not-exist.xlsx");
    expect_failure(path, ISOMM_ERR_IO, "cannot open");
    free(path);
    expect_failure(dir, ISOMM_ERR_IO, "directory");
}

static char *write_valid(const char *name)
{
    char *path = path_of(name);
    lxw_workbook *wb = workbook_new(path);
    assert_non_null(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "入力シート");
    for (int r = 0; r < 200; r++)
        worksheet_write_string(ws, (lxw_row_t)r, 0, "インソース アウトソース 全体方針管理", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    return path;
}

static void test_truncated(void **state)
{
    (void)state;
    char *good = write_valid("good.xlsx");
    long size = fx_file_size(good);
    assert_true(size > 1000);
    char *cut = path_of("cut.xlsx");
    assert_int_equal(fx_truncate_copy(good, cut, (size_t)size / 2), 0);
    expect_failure(cut, ISOMM_ERR_NOT_ZIP, "truncated");
    /* Any cut point fails cleanly. */
    size_t points[] = {3, 30, 300, (size_t)size - 100, (size_t)size - 22, (size_t)size - 10,
                       (size_t)size - 1};
    for (size_t i = 0; i < sizeof points / sizeof *points; i++) {
        assert_int_equal(fx_truncate_copy(good, cut, points[i]), 0);
        char errbuf[ISOMM_ERRBUF_SIZE] = "";
        ooxml_book *b = NULL;
        isomm_error err = ooxml_open(cut, &b, errbuf);
        if (err != ISOMM_ERR_NOT_ZIP)
            fail_msg("cut at %zu of %ld: got %d '%s'", points[i], size, err, errbuf);
        assert_null(b);
        assert_contains(errbuf, "truncated");
        assert_int_equal(strncmp(errbuf, cut, strlen(cut)), 0);
    }
    free(good);
    free(cut);
}

static void test_zip_without_workbook(void **state)
{
    (void)state;
    char *path = path_of("notes.xlsx");
    fx_part parts[] = {{"readme.txt", "hello", 0}};
    assert_int_equal(fx_write_zip(path, parts, 1), 0);
    expect_failure(path, ISOMM_ERR_NOT_WORKBOOK, "no xl/workbook.xml");
    free(path);

    path = path_of("binary.xlsx");
    fx_part xlsb[] = {{"[Content_Types].xml", "<Types/>", 0}, {"xl/workbook.bin", "\x83\x01", 2}};
    assert_int_equal(fx_write_zip(path, xlsb, 2), 0);
    expect_failure(path, ISOMM_ERR_NOT_WORKBOOK, ".xlsb");
    free(path);
}

static void test_missing_sheet_part(void **state)
{
    (void)state;
    char *path = path_of("nosheet.xlsx");
    const char *names[] = {"入力シート", "結果シート"};
    const fx_part *pk = fx_package_parts(names, 2, 0);
    fx_part parts[] = {pk[0], pk[1], pk[2], pk[3],
                       {"xl/worksheets/sheet1.xml", "<worksheet/>", 0}};
    assert_int_equal(fx_write_zip(path, parts, 5), 0);
    expect_failure(path, ISOMM_ERR_PART_MISSING, "xl/worksheets/sheet2.xml");
    free(path);

    path = path_of("norel.xlsx");
    fx_part parts2[] = {
        pk[0], pk[1],
        {"xl/workbook.xml",
         "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
         "<sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId7\"/></sheets></workbook>", 0},
        pk[3], {"xl/worksheets/sheet1.xml", "<worksheet/>", 0}};
    assert_int_equal(fx_write_zip(path, parts2, 5), 0);
    expect_failure(path, ISOMM_ERR_PART_MISSING, "rId7");
    free(path);

    path = path_of("nowbrels.xlsx");
    fx_part parts3[] = {pk[0], pk[1], pk[2], {"xl/worksheets/sheet1.xml", "<worksheet/>", 0}};
    assert_int_equal(fx_write_zip(path, parts3, 4), 0);
    expect_failure(path, ISOMM_ERR_PART_MISSING, "xl/_rels/workbook.xml.rels");
    free(path);

    path = path_of("nosst.xlsx");
    const fx_part *pk1 = fx_package_parts(names, 1, 1);
    fx_part parts4[] = {pk1[0], pk1[1], pk1[2], pk1[3], {"xl/worksheets/sheet1.xml", "<worksheet/>", 0}};
    assert_int_equal(fx_write_zip(path, parts4, 5), 0);
    expect_failure(path, ISOMM_ERR_PART_MISSING, "xl/sharedStrings.xml");
    free(path);
}

static const char *SHEET_HEAD =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
static const char *SHEET_TAIL = "</sheetData></worksheet>";
static const char *SST_HEAD =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>";
static const char *SST_TAIL = "</t></si></sst>";

/* 3 GiB of white space inflated from ~3 MB: refused without inflating. */
static void test_zip_bomb_declared(void **state)
{
    (void)state;
    char *path = path_of("bomb.xlsx");
    assert_int_equal(fx_write_bomb(path, "xl/worksheets/sheet1.xml", SHEET_HEAD, SHEET_TAIL,
                                   3ULL << 30, 0), 0);
    assert_true(fx_file_size(path) < 8L << 20);
    expect_failure(path, ISOMM_ERR_TOO_LARGE, "xl/worksheets/sheet1.xml inflates to 3221225472 bytes");
    ooxml_stats st = expect_failure(path, ISOMM_ERR_TOO_LARGE, "64 MiB");
    /* Refused by its declared size: only the small package parts inflated. */
    print_message("bomb: %zu bytes inflated\n", st.bytes_inflated);
    assert_true(st.bytes_inflated < 16384);
    free(path);

    path = path_of("sstbomb.xlsx");
    assert_int_equal(fx_write_bomb(path, "xl/sharedStrings.xml", SST_HEAD, SST_TAIL,
                                   (3ULL << 30) + 17, 0), 0);
    expect_failure(path, ISOMM_ERR_TOO_LARGE, "xl/sharedStrings.xml");
    free(path);
}

/* Just over the cap: the declared size is checked before inflating. */
static void test_zip_bomb_just_over(void **state)
{
    (void)state;
    char *path = path_of("over.xlsx");
    assert_int_equal(fx_write_bomb(path, "xl/worksheets/sheet1.xml", SHEET_HEAD, SHEET_TAIL,
                                   OOXML_MAX_PART_BYTES + 1, 0), 0);
    expect_failure(path, ISOMM_ERR_TOO_LARGE, "limit for one workbook part");
    free(path);
}

/* A part that lies about its size (declares 1 MiB, holds 3 GiB): only the
 * declared bytes (and one more) are inflated, and the lie is named. */
static void test_zip_bomb_lying(void **state)
{
    (void)state;
    char *path = path_of("liar.xlsx");
    assert_int_equal(fx_write_bomb(path, "xl/worksheets/sheet1.xml", SHEET_HEAD, SHEET_TAIL,
                                   3ULL << 30, 1 << 20), 0);
    ooxml_stats st = expect_failure(path, ISOMM_ERR_IO,
                                    "xl/worksheets/sheet1.xml: inflates to more than "
                                    "the 1048576 bytes its directory record declares");
    print_message("liar: %zu bytes inflated\n", st.bytes_inflated);
    assert_true(st.bytes_inflated <= (1 << 20) + 1 + 16384);
    free(path);
}

/* Under the cap, white space in sheetData is fine (and costs seconds at
 * most): the cap is not an off-by-one. */
static void test_large_but_allowed(void **state)
{
    (void)state;
    char *path = path_of("large.xlsx");
    /* 9 MiB: under libxml2's text-node limit and the part cap. */
    assert_int_equal(fx_write_bomb(path, "xl/worksheets/sheet1.xml",
                                   "<worksheet><sheetData><row r=\"2\"><c r=\"B2\"><v>4</v></c></row>",
                                   SHEET_TAIL, 9ULL << 20, 0), 0);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_book *b = NULL;
    assert_int_equal(ooxml_open(path, &b, errbuf), ISOMM_OK);
    ooxml_grid *g = NULL;
    if (ooxml_load_grid(b, 0, &g, errbuf) != ISOMM_OK)
        fail_msg("%s", errbuf);
    assert_int_equal(g->count, 1);
    assert_string_equal(ooxml_grid_at(g, 1, 1)->text, "4");
    ooxml_grid_free(g);
    ooxml_close(b);
    free(path);
}

#define LOL_DTD                                                                    \
    "<!DOCTYPE lolz [\n"                                                           \
    " <!ENTITY lol \"lol\">\n"                                                     \
    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"      \
    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n" \
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n" \
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n" \
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n" \
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n" \
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n" \
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n" \
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n" \
    "]>\n"

static const char *DTD_MESSAGE = "DTD declarations are not allowed in workbook parts";

static void test_billion_laughs(void **state)
{
    (void)state;
    const char *names[] = {"S"};
    char *path = path_of("laughs-sst.xlsx");
    const char *plain[] = {"<worksheet><sheetData><row><c t=\"s\"><v>0</v></c></row></sheetData></worksheet>"};
    const char *sst = "<?xml version=\"1.0\"?>\n" LOL_DTD
                      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                      "<si><t>&lol9;</t></si></sst>";
    assert_int_equal(fx_write_xlsx(path, names, plain, 1, sst), 0);
    expect_failure(path, ISOMM_ERR_XML, "xl/sharedStrings.xml: DTD declarations are not allowed");
    free(path);

    path = path_of("laughs-sheet.xlsx");
    const char *sheet[] = {"<?xml version=\"1.0\"?>\n" LOL_DTD
                           "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol9;</t></is>"
                           "</c></row></sheetData></worksheet>"};
    assert_int_equal(fx_write_xlsx(path, names, sheet, 1, NULL), 0);
    expect_failure(path, ISOMM_ERR_XML, "xl/worksheets/sheet1.xml: DTD declarations are not allowed");
    free(path);
}

static void test_external_entity(void **state)
{
    (void)state;
    const char *names[] = {"S"};
    char *path = path_of("xxe.xlsx");
    const char *sheet[] = {
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
        "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>"
        "</sheetData></worksheet>"};
    assert_int_equal(fx_write_xlsx(path, names, sheet, 1, NULL), 0);
    expect_failure(path, ISOMM_ERR_XML, DTD_MESSAGE);
    free(path);

    /* External DTD, lower case, in the package relationships. */
    path = path_of("xxe-rels.xlsx");
    const fx_part *pk = fx_package_parts(names, 1, 0);
    fx_part parts[] = {
        pk[0],
        {"_rels/.rels",
         "<?xml version=\"1.0\"?><!doctype Relationships SYSTEM \"http://127.0.0.1:1/x.dtd\">"
         "<Relationships/>", 0},
        pk[2], pk[3], {"xl/worksheets/sheet1.xml", "<worksheet/>", 0}};
    assert_int_equal(fx_write_zip(path, parts, 5), 0);
    expect_failure(path, ISOMM_ERR_XML, "_rels/.rels: DTD declarations are not allowed");
    free(path);

    path = path_of("xxe-workbook.xlsx");
    fx_part parts2[] = {
        pk[0], pk[1],
        {"xl/workbook.xml",
         "<?xml version=\"1.0\"?>\n<!DOCTYPE workbook [<!ENTITY n SYSTEM \"/etc/hostname\">]>"
         "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
         "<sheets><sheet name=\"&n;\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", 0},
        pk[3], {"xl/worksheets/sheet1.xml", "<worksheet/>", 0}};
    assert_int_equal(fx_write_zip(path, parts2, 5), 0);
    expect_failure(path, ISOMM_ERR_XML, "xl/workbook.xml: DTD declarations are not allowed");
    free(path);
}

/* "<!DOCTYPE" split across the parser's read chunks at every offset. */
static void test_doctype_across_chunks(void **state)
{
    (void)state;
    const char *names[] = {"S"};
    char *path = path_of("split.xlsx");
    const size_t boundaries[] = {4000, 4096, 16384};
    for (size_t b = 0; b < sizeof boundaries / sizeof *boundaries; b++) {
        for (size_t shift = 0; shift <= 10; shift++) {
            /* "<?xml ...?>" + "<!--" + padding + "-->" then the DOCTYPE */
            const char *decl = "<?xml version=\"1.0\"?>\n<!--";
            size_t start = boundaries[b] - 9 + shift; /* DOCTYPE offset */
            size_t pad = start - strlen(decl) - 3;
            size_t total = start + 200;
            char *xml = malloc(total + 1);
            assert_non_null(xml);
            strcpy(xml, decl);
            memset(xml + strlen(decl), 'x', pad);
            strcpy(xml + strlen(decl) + pad,
                   "--><!DOCTYPE w [<!ENTITY a \"b\">]><worksheet><sheetData/></worksheet>");
            assert_int_equal(strstr(xml, "<!DOCTYPE") - xml, (long)start);
            const char *sheets[] = {xml};
            assert_int_equal(fx_write_xlsx(path, names, sheets, 1, NULL), 0);
            expect_failure(path, ISOMM_ERR_XML, DTD_MESSAGE);
            free(xml);
        }
    }
    free(path);
}

static void test_utf16_part(void **state)
{
    (void)state;
    const char *names[] = {"S"};
    char *path = path_of("utf16.xlsx");
    const char *ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE w SYSTEM \"x\"><worksheet/>";
    size_t n = strlen(ascii);
    char *u16 = calloc(2 * n + 2, 1);
    assert_non_null(u16);
    u16[0] = (char)0xFF;
    u16[1] = (char)0xFE;
    for (size_t i = 0; i < n; i++)
        u16[2 + 2 * i] = ascii[i];
    const fx_part *pk = fx_package_parts(names, 1, 0);
    fx_part parts[] = {pk[0], pk[1], pk[2], pk[3], {"xl/worksheets/sheet1.xml", u16, 2 * n + 2}};
    assert_int_equal(fx_write_zip(path, parts, 5), 0);
    expect_failure(path, ISOMM_ERR_XML, "not UTF-8");
    free(u16);
    free(path);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    const char *names[] = {"S"};
    char *path = path_of("deep.xlsx");
    size_t depth = 100000;
    char *xml = malloc(depth * 7 + 64);
    assert_non_null(xml);
    char *p = xml;
    p += sprintf(p, "<worksheet>");
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<a>");
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "</a>");
    sprintf(p, "</worksheet>");
    const char *sheets[] = {xml};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, NULL), 0);
    expect_failure(path, ISOMM_ERR_XML, "malformed XML");
    free(xml);
    free(path);
}

static void test_damaged_deflate(void **state)
{
    (void)state;
    char *path = path_of("damaged.xlsx");
    /* Block type 3 is invalid in deflate. */
    const unsigned char junk[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x12, 0x34, 0x56};
    assert_int_equal(fx_write_raw_sheet(path, junk, sizeof junk, 100, 0), 0);
    expect_failure(path, ISOMM_ERR_IO, "damaged data");
    free(path);
}

static void test_crc_mismatch(void **state)
{
    (void)state;
    char *path = path_of("crc.xlsx");
    const char *xml = "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>";
    unsigned char out[512];
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)xml;
    z.avail_in = (uInt)strlen(xml);
    z.next_out = out;
    z.avail_out = sizeof out;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t len = sizeof out - z.avail_out;
    deflateEnd(&z);
    unsigned long crc = crc32(0L, (const Bytef *)xml, (uInt)strlen(xml));
    assert_int_equal(fx_write_raw_sheet(path, out, len, strlen(xml), crc ^ 1), 0);
    expect_failure(path, ISOMM_ERR_IO, "checksum mismatch");
    /* The same entry with the right CRC reads fine. */
    assert_int_equal(fx_write_raw_sheet(path, out, len, strlen(xml), crc), 0);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_book *b = NULL;
    assert_int_equal(ooxml_open(path, &b, errbuf), ISOMM_OK);
    ooxml_grid *g = NULL;
    assert_int_equal(ooxml_load_grid(b, 0, &g, errbuf), ISOMM_OK);
    assert_int_equal(g->count, 1);
    ooxml_grid_free(g);
    ooxml_close(b);
    free(path);
}

/* More shared strings than the cap: refused (and quickly). */
static void test_too_many_strings(void **state)
{
    (void)state;
    const char *names[] = {"S"};
    char *path = path_of("strings.xlsx");
    size_t n = OOXML_MAX_STRINGS + 1;
    char *sst = malloc(n * 5 + 256);
    assert_non_null(sst);
    char *p = sst + sprintf(sst, "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
    for (size_t i = 0; i < n; i++) {
        memcpy(p, "<si/>", 5);
        p += 5;
    }
    strcpy(p, "</sst>");
    const char *sheets[] = {"<worksheet/>"};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, sst), 0);
    free(sst);
    ooxml_stats st = expect_failure(path, ISOMM_ERR_TOO_LARGE, "shared strings");
    /* One pass over the strings up to the cap: a node or two each. */
    print_message("%zu shared strings: %zu XML nodes\n", n, st.xml_nodes);
    assert_true(st.xml_nodes <= 2 * n + 64);
    free(path);
}

/* One 1 MiB shared string referenced by 80 cells: 80 MiB of cell text
 * from a small part; refused by the per-sheet text cap. */
static void test_shared_string_amplification(void **state)
{
    (void)state;
    const char *names[] = {"S"};
    char *path = path_of("amplify.xlsx");
    size_t big = 1 << 20;
    char *sst = malloc(big + 256);
    assert_non_null(sst);
    char *p = sst + sprintf(sst, "<sst><si><t>");
    memset(p, 'a', big);
    strcpy(p + big, "</t></si></sst>");
    char sheet[8192];
    char *q = sheet + sprintf(sheet, "<worksheet><sheetData><row>");
    for (int i = 0; i < 80; i++)
        q += sprintf(q, "<c t=\"s\"><v>0</v></c>");
    strcpy(q, "</row></sheetData></worksheet>");
    const char *sheets[] = {sheet};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, sst), 0);
    free(sst);
    expect_failure(path, ISOMM_ERR_TOO_LARGE, "MiB of cell text");
    free(path);
}

/* Patch the compression method of `name` in the zip's central directory. */
static void patch_method(const char *path, const char *name, unsigned method)
{
    long size = fx_file_size(path);
    assert_true(size > 0);
    unsigned char *data = malloc((size_t)size);
    assert_non_null(data);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    size_t nl = strlen(name);
    int patched = 0;
    for (long i = 0; i + 46 + (long)nl <= size; i++) {
        if (memcmp(data + i, "PK\x01\x02", 4) != 0)
            continue;
        size_t len = data[i + 28] | (data[i + 29] << 8);
        if (len == nl && memcmp(data + i + 46, name, nl) == 0) {
            data[i + 10] = (unsigned char)(method & 0xFF);
            data[i + 11] = (unsigned char)(method >> 8);
            patched = 1;
        }
    }
    assert_true(patched);
    assert_int_equal(fx_write_file(path, data, (size_t)size), 0);
    free(data);
}

static void test_unsupported_method(void **state)
{
    (void)state;
    char *path = path_of("bzip2.xlsx");
    const char *names[] = {"S"};
    const char *sheets[] = {"<worksheet><sheetData/></worksheet>"};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, NULL), 0);
    patch_method(path, "xl/worksheets/sheet1.xml", 12); /* bzip2 */
    expect_failure(path, ISOMM_ERR_IO, "compression method 12");
    free(path);
}

/* More cells than the cap in one sheet. */
static void test_too_many_cells(void **state)
{
    (void)state;
    const char *names[] = {"S"};
    char *path = path_of("cells.xlsx");
    size_t n = OOXML_MAX_CELLS + 1, per_row = 1000;
    char *xml = malloc(n * 16 + (n / per_row + 2) * 16 + 256);
    assert_non_null(xml);
    char *p = xml + sprintf(xml, "<worksheet><sheetData><row>");
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && i % per_row == 0) {
            memcpy(p, "</row><row>", 11);
            p += 11;
        }
        memcpy(p, "<c><v>1</v></c>", 15);
        p += 15;
    }
    strcpy(p, "</row></sheetData></worksheet>");
    const char *sheets[] = {xml};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, NULL), 0);
    free(xml);
    ooxml_stats st = expect_failure(path, ISOMM_ERR_TOO_LARGE, "cells, the limit for one sheet");
    print_message("%zu cells: %zu XML nodes\n", n, st.xml_nodes);
    assert_true(st.xml_nodes <= 6 * n + 64);
    free(path);
}

static void test_too_many_sheets(void **state)
{
    (void)state;
    char *path = path_of("sheets.xlsx");
    size_t n = OOXML_MAX_SHEETS + 1;
    char *wb = malloc(n * 64 + 512);
    assert_non_null(wb);
    char *p = wb + sprintf(wb, "<workbook xmlns:r=\"http://schemas.openxmlformats.org/"
                               "officeDocument/2006/relationships\"><sheets>");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "<sheet name=\"S%zu\" sheetId=\"%zu\" r:id=\"rId1\"/>", i, i + 1);
    strcpy(p, "</sheets></workbook>");
    const char *names[] = {"S"};
    const fx_part *pk = fx_package_parts(names, 1, 0);
    fx_part parts[] = {pk[0], pk[1], {"xl/workbook.xml", wb, 0}, pk[3],
                       {"xl/worksheets/sheet1.xml", "<worksheet/>", 0}};
    assert_int_equal(fx_write_zip(path, parts, 5), 0);
    free(wb);
    expect_failure(path, ISOMM_ERR_TOO_LARGE, "sheets");
    free(path);
}

/* Many header words and role IDs: the table search stays fast. */
static void test_table_search_is_bounded(void **state)
{
    (void)state;
    const char *names[] = {"S"};
    char *path = path_of("search.xlsx");
    size_t rows = 2000, cols = 60;
    char *xml = malloc(rows * cols * 64 + 100000);
    assert_non_null(xml);
    char *p = xml + sprintf(xml, "<worksheet><sheetData><row r=\"1\">");
    for (size_t c = 0; c < 80; c++)
        p += sprintf(p, "<c t=\"inlineStr\"><is><t>%s</t></is></c>",
                     c % 2 ? "アウトソース" : "インソース");
    p += sprintf(p, "</row><row r=\"2\">");
    for (size_t c = 0; c < 80; c++)
        p += sprintf(p, "<c><v>%zu</v></c>", c % 6);
    p += sprintf(p, "</row>");
    for (size_t r = 0; r < rows; r++) {
        p += sprintf(p, "<row>");
        for (size_t c = 0; c < cols; c++)
            p += sprintf(p, "<c t=\"inlineStr\"><is><t>%c-%zu</t></is></c>",
                         (int)('A' + (r + c) % 9), (r * 7 + c) % 6 + 1);
        p += sprintf(p, "</row>");
    }
    strcpy(p, "</sheetData></worksheet>");
    const char *sheets[] = {xml};
    assert_int_equal(fx_write_xlsx(path, names, sheets, 1, NULL), 0);
    free(xml);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_stats st = {0};
    isomm_reading *r = NULL;
    isomm_error err = reader_read_counted(path, NULL, 0, cat, NULL, &st, &r, errbuf);
    size_t cells = rows * cols + 160;
    print_message("table search over %zu cells: %zu cell lookups (%s)\n", cells,
                  st.cell_lookups, err ? errbuf : "table found");
    /* Linear in the cells: a bounded number of lookups per cell, however
     * many header words and role IDs the sheet holds. */
    assert_true(st.cell_lookups <= 8 * cells);
    isomm_reading_free(r);
    free(path);
}

/* Styled empty cells, hidden columns and nested collapsed outline groups:
 * read in work linear in the sheet (each grouped row is folded at most once
 * per outline level), fills recorded for empty cells too. */
static void test_fills_and_outlines_are_bounded(void **state)
{
    (void)state;
    char *path = path_of("fills.xlsx");
    size_t rows = 20000, per_row = 10;
    char *xml = malloc(rows * (per_row * 32 + 96) + 4096);
    assert_non_null(xml);
    char *p = xml + sprintf(xml, "<worksheet><cols>");
    for (size_t c = 1; c <= 200; c++)
        p += sprintf(p, "<col min=\"%zu\" max=\"%zu\" hidden=\"1\" width=\"0\"/>", c, c);
    p += sprintf(p, "</cols><sheetData>");
    for (size_t r = 1; r <= rows; r++) {
        /* levels 7 … 1; the first row of each level is the collapsed
         * summary row of the deeper groups above it */
        int level = 7 - (int)(r * 7 / (rows + 1));
        int first = r > 1 && 7 - (int)((r - 1) * 7 / (rows + 1)) != level;
        p += sprintf(p, "<row r=\"%zu\" outlineLevel=\"%d\"%s>", r, level,
                     first ? " collapsed=\"1\"" : "");
        for (size_t c = 0; c < per_row; c++)
            p += sprintf(p, "<c r=\"%c%zu\" s=\"1\"/>", (int)('A' + c), r);
        p += sprintf(p, "</row>");
    }
    strcpy(p, "</sheetData></worksheet>");
    static const char *const names[] = {"S"};
    const fx_part *pk = fx_package_parts(names, 1, 0);
    static const char wbrels[] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
        "2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
        "2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>";
    static const char styles[] =
        "<styleSheet><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
        "<fill><patternFill patternType=\"solid\"><fgColor theme=\"5\" tint=\"0.4\"/>"
        "</patternFill></fill></fills><cellXfs count=\"2\"><xf fillId=\"0\"/>"
        "<xf fillId=\"1\"/></cellXfs></styleSheet>";
    fx_part parts[] = {pk[0], pk[1], pk[2], {"xl/_rels/workbook.xml.rels", wbrels, 0},
                       {"xl/worksheets/sheet1.xml", xml, 0}, {"xl/styles.xml", styles, 0}};
    assert_int_equal(fx_write_zip(path, parts, 6), 0);
    free(xml);
    ooxml_stats st = {0};
    ooxml_book *b = NULL;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    if (ooxml_open_counted(path, NULL, 0, &st, &b, errbuf))
        fail_msg("%s", errbuf);
    ooxml_grid *g = NULL;
    if (ooxml_load_grid(b, 0, &g, errbuf))
        fail_msg("%s", errbuf);
    assert_int_equal(g->fill_count, rows * per_row);
    assert_int_equal(g->count, 0); /* empty cells are no cells */
    assert_true(ooxml_grid_fill(g, 0, 0) != OOXML_NO_FILL);
    assert_true(ooxml_grid_col_hidden(g, 199) && !ooxml_grid_col_hidden(g, 200));
    /* every row above the level-1 rows is inside a collapsed group */
    assert_true(ooxml_grid_row_hidden(g, 0) && g->hidden_count >= rows - rows / 7 - 1);
    print_message("%zu styled cells, 7 outline levels: %zu XML nodes, %zu hidden rows\n",
                  rows * per_row, st.xml_nodes, g->hidden_count);
    assert_true(st.xml_nodes <= 4 * rows * per_row + 8 * rows + 4096);
    assert_true(g->hidden_count < rows);
    ooxml_grid_free(g);
    ooxml_close(b);
    free(path);
}

/* ---- zip64 and huge stored parts (sparse files: no disk, no time) ------- */

/* Package parts of a one-sheet workbook, its sheet part given. */
static size_t raw_book(fx_raw_entry *e, const fx_raw_entry *sheet, int zip64, int sheet_first)
{
    static const char *const names[] = {"Sheet1"};
    const fx_part *pk = fx_package_parts(names, 1, 0);
    size_t n = 0;
    if (sheet_first)
        e[n++] = *sheet;
    for (int i = 0; i < 4; i++)
        e[n++] = (fx_raw_entry){pk[i].name, pk[i].data, 0, zip64, 0, 0, 0, 0};
    if (!sheet_first)
        e[n++] = *sheet;
    return n;
}

static const char *SHEET_INLINE =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>zip64 ok</t></is></c>"
    "</row></sheetData></worksheet>";

/* Every entry written with zip64 records (as streaming writers do): read
 * as usual. */
static void test_zip64_records(void **state)
{
    (void)state;
    char *path = path_of("zip64small.xlsx");
    fx_raw_entry sheet = {"xl/worksheets/sheet1.xml", SHEET_INLINE, 0, 1, 0, 0, 0, 0};
    fx_raw_entry e[8];
    size_t n = raw_book(e, &sheet, 1, 0);
    assert_int_equal(fx_write_raw_zip(path, e, n), 0);
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    ooxml_book *b = NULL;
    if (ooxml_open(path, &b, errbuf))
        fail_msg("%s", errbuf);
    ooxml_grid *g = NULL;
    if (ooxml_load_grid(b, 0, &g, errbuf))
        fail_msg("%s", errbuf);
    assert_int_equal(g->count, 1);
    assert_string_equal(g->cells[0].text, "zip64 ok");
    ooxml_grid_free(g);
    ooxml_close(b);

    /* Deflated zip64 entries too; a spoiled CRC is still caught. */
    sheet.deflate = 1;
    n = raw_book(e, &sheet, 1, 0);
    for (size_t i = 0; i < n; i++)
        e[i].deflate = 1;
    assert_int_equal(fx_write_raw_zip(path, e, n), 0);
    if (ooxml_open(path, &b, errbuf))
        fail_msg("%s", errbuf);
    if (ooxml_load_grid(b, 0, &g, errbuf))
        fail_msg("%s", errbuf);
    assert_string_equal(g->cells[0].text, "zip64 ok");
    ooxml_grid_free(g);
    ooxml_close(b);
    e[n - 1].crc_xor = 1;
    assert_int_equal(fx_write_raw_zip(path, e, n), 0);
    expect_failure(path, ISOMM_ERR_IO, "xl/worksheets/sheet1.xml: checksum mismatch");
    free(path);
}

/* A 5 GiB archive (sparse): a stored zip64 sheet part declared 5 GiB comes
 * first, so every other part lies beyond 4 GiB. The package is found and
 * the big part is refused by its real declared size. */
static void test_zip64_huge_archive(void **state)
{
    (void)state;
    char *path = path_of("zip64huge.xlsx");
    fx_raw_entry sheet = {"xl/worksheets/sheet1.xml", NULL, 5ULL << 30, 1, 0, 0, 0, 0};
    fx_raw_entry e[8];
    size_t n = raw_book(e, &sheet, 0, 1);
    assert_int_equal(fx_write_raw_zip(path, e, n), 0);
    assert_true(fx_file_size(path) > (long)(5LL << 30) || sizeof(long) < 8);
    ooxml_stats st = expect_failure(path, ISOMM_ERR_TOO_LARGE,
                   "xl/worksheets/sheet1.xml inflates to 5368709120 bytes, more than the 64 MiB limit");
    assert_true(st.bytes_inflated < 16384);
    unlink(path);
    free(path);
}

/* A stored (uncompressed) 2 GiB part before the package parts: the error
 * names the big part, not the relationships part behind it. */
static void test_stored_2gib_part(void **state)
{
    (void)state;
    char *path = path_of("stored2g.xlsx");
    fx_raw_entry sheet = {"xl/worksheets/sheet1.xml", NULL, 2ULL << 30, 0, 0, 0, 0, 0};
    fx_raw_entry e[8];
    size_t n = raw_book(e, &sheet, 0, 1);
    assert_int_equal(fx_write_raw_zip(path, e, n), 0);
    expect_failure(path, ISOMM_ERR_TOO_LARGE,
                   "xl/worksheets/sheet1.xml inflates to 2147483648 bytes");
    /* … and after the package parts. */
    n = raw_book(e, &sheet, 0, 0);
    assert_int_equal(fx_write_raw_zip(path, e, n), 0);
    expect_failure(path, ISOMM_ERR_TOO_LARGE,
                   "xl/worksheets/sheet1.xml inflates to 2147483648 bytes");
    /* Just over 4 GiB, zip64 sizes: not truncated to 32 bits. */
    sheet.declared = (4ULL << 30) + 7;
    sheet.zip64 = 1;
    n = raw_book(e, &sheet, 0, 0);
    assert_int_equal(fx_write_raw_zip(path, e, n), 0);
    ooxml_stats st = expect_failure(path, ISOMM_ERR_TOO_LARGE,
                                    "xl/worksheets/sheet1.xml inflates to 4294967303 bytes");
    assert_true(st.bytes_inflated < 16384);
    unlink(path);
    free(path);
}

/* Entry names that could escape a folder, or that are there twice: the
 * archive is refused, the entry named. */
static void test_zip_entry_names(void **state)
{
    (void)state;
    char *path = path_of("names.xlsx");
    fx_raw_entry sheet = {"xl/worksheets/sheet1.xml", SHEET_INLINE, 0, 0, 0, 0, 0, 0};
    static const struct {
        const char *name, *why;
    } bad[] = {
        {"../evil.xml", "zip entry '../evil.xml' is refused: a '..' segment"},
        {"xl/../../etc/x", "zip entry 'xl/../../etc/x' is refused: a '..' segment"},
        {"/etc/passwd", "zip entry '/etc/passwd' is refused: an absolute path"},
        {"xl\\worksheets\\sheet9.xml", "is refused: a backslash in the name"},
        {"xl/workbook.xml", "zip entry 'xl/workbook.xml' is refused: the archive holds two "
                            "entries of that name"},
        {"XL/Workbook.xml", "is refused: the archive holds two entries of that name"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        fx_raw_entry e[8];
        size_t n = raw_book(e, &sheet, 0, 0);
        e[n++] = (fx_raw_entry){bad[k].name, "x", 0, 0, 0, 0, 0, 0};
        assert_int_equal(fx_write_raw_zip(path, e, n), 0);
        expect_failure(path, ISOMM_ERR_NOT_ZIP, bad[k].why);
    }
    free(path);
}

/* A central record must agree with its entry: pointing at another entry's
 * header, or declaring a size the data does not inflate to, is named as
 * damage (also when the CRC would match). */
static void test_zip_entry_mismatch(void **state)
{
    (void)state;
    char *path = path_of("mismatch.xlsx");
    fx_raw_entry sheet = {"xl/worksheets/sheet1.xml", SHEET_INLINE, 0, 0, 1, 0, 0, 0};
    fx_raw_entry e[8];
    size_t n = raw_book(e, &sheet, 0, 0);
    /* The sheet's record points at the header of an entry whose name has
     * the same length. */
    e[n] = (fx_raw_entry){"xl/worksheets/sheet2.xml", SHEET_INLINE, 0, 0, 0, 0, 0, 0};
    e[n - 1].point_at = (int)n + 1;
    n++;
    assert_int_equal(fx_write_raw_zip(path, e, n), 0);
    expect_failure(path, ISOMM_ERR_NOT_ZIP, "xl/worksheets/sheet1.xml: damaged zip entry (its "
                                            "local header is missing or names another entry)");
    /* zip64 records too. */
    n = raw_book(e, &sheet, 1, 0);
    e[n - 1].point_at = 2;
    e[n - 1].zip64 = 1;
    assert_int_equal(fx_write_raw_zip(path, e, n), 0);
    expect_failure(path, ISOMM_ERR_NOT_ZIP, "names another entry");

    char want[200];
    size_t size = strlen(SHEET_INLINE);
    n = raw_book(e, &sheet, 0, 0);
    e[n - 1].size_delta = 5; /* declares more than the data holds */
    assert_int_equal(fx_write_raw_zip(path, e, n), 0);
    snprintf(want, sizeof want, "xl/worksheets/sheet1.xml: damaged zip entry: it inflates to "
             "%zu bytes but its directory record declares %zu", size, size + 5);
    expect_failure(path, ISOMM_ERR_IO, want);
    e[n - 1].size_delta = -5; /* declares less */
    assert_int_equal(fx_write_raw_zip(path, e, n), 0);
    snprintf(want, sizeof want, "xl/worksheets/sheet1.xml: inflates to more than the %zu "
             "bytes its directory record declares", size - 5);
    expect_failure(path, ISOMM_ERR_IO, want);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ole2),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_text_and_empty),
        cmocka_unit_test(test_missing_and_directory),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_zip_without_workbook),
        cmocka_unit_test(test_missing_sheet_part),
        cmocka_unit_test(test_zip_bomb_declared),
        cmocka_unit_test(test_zip64_records),
        cmocka_unit_test(test_zip_entry_names),
        cmocka_unit_test(test_zip_entry_mismatch),
        cmocka_unit_test(test_zip64_huge_archive),
        cmocka_unit_test(test_stored_2gib_part),
        cmocka_unit_test(test_zip_bomb_just_over),
        cmocka_unit_test(test_zip_bomb_lying),
        cmocka_unit_test(test_large_but_allowed),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_external_entity),
        cmocka_unit_test(test_doctype_across_chunks),
        cmocka_unit_test(test_utf16_part),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_damaged_deflate),
        cmocka_unit_test(test_crc_mismatch),
        cmocka_unit_test(test_too_many_strings),
        cmocka_unit_test(test_shared_string_amplification),
        cmocka_unit_test(test_unsupported_method),
        cmocka_unit_test(test_too_many_cells),
        cmocka_unit_test(test_too_many_sheets),
        cmocka_unit_test(test_table_search_is_bounded),
        cmocka_unit_test(test_fills_and_outlines_are_bounded),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
