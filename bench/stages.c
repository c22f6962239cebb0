/*
 * stages.c - where the time of a conversion goes, stage by stage
 * (docs/bench.md).
 *
 *   isomm_stages [-r RUNS] OUTDIR SHEET.xlsx...
 *
 * Converts every sheet as `isomm convert` does (isomm_read_file(), then
 * isomm_write_xlsx() into OUTDIR), RUNS times (default 3), and prints one
 * row per stage: milliseconds per sheet, the best of the runs. Nothing in
 * the library is changed for this: the program is linked with libisomm's
 * objects and
 *
 *   - GNU ld's --wrap for the library's internal steps (opening the book,
 *     inflating, parsing a sheet, detecting the table, the marks, the meta
 *     data, the migration, each sheet of the workbook, the formats);
 *   - definitions of its own for the functions libxlsxwriter calls through
 *     its PLT (assembling a worksheet's, a chart's and the shared strings'
 *     XML) and for zlib's deflate() and crc32(), which minizip calls; each
 *     forwards to the library's own (dlsym RTLD_NEXT).
 *
 * Time is given to the innermost stage running (as a profiler does), so the
 * rows add up to the whole. It writes as the isomm program does: the
 * program's zlib level and scratch parts in memory (src/cli/zip_level.c and
 * src/cli/scratch.c are linked in too).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include "isomm/isomm.h"
#include "migrate/migrate.h"
#include "ooxml/ooxml.h"
#include "read/read.h"
#include "xlsx/xlsx.h"

enum {
    S_READ_OTHER, S_OPEN, S_INFLATE, S_PARSE, S_PREPARE, S_DETECT, S_META, S_TABLE, S_MIGRATE,
    S_WRITE_OTHER, S_FORMATS, S_SUMMARY, S_PORTFOLIO, S_CATEGORIES, S_REPORT, S_ROLES,
    S_CLOSE, S_SHEET_XML, S_CHART_XML, S_SST_XML, S_DEFLATE, S_ZIP_ENTRY, S_FREE, S_COUNT
};

static const char *const NAMES[S_COUNT] = {
    "read: the rest (choosing, counting)", "open: zip directory, package, workbook",
    "inflate (zlib)", "parse: XML to cells (libxml2)", "prepare: cell text, role IDs",
    "detect: v2.x and X.1060 tables", "patterns, organization, date", "read the table: marks, controls",
    "migration", "write: the rest (document properties, temporary file)", "formats",
    "サマリー", "サービスポートフォリオ", "カテゴリー別", "移行レポート", "v2.1 入力",
    "package: the other parts, scratch parts, zip entries", "worksheet XML (libxlsxwriter)",
    "chart XML (libxlsxwriter)", "shared strings XML (libxlsxwriter)", "deflate + CRC (zlib)",
    "zip entries: deflate set-up (zlib)", "free the workbook (libxlsxwriter)",
};

static double spent[S_COUNT];
static int stack[64];
static int depth;
static double mark;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The innermost stage gets the time since the last change. */
static void enter(int stage)
{
    double t = now();
    if (depth > 0)
        spent[stack[depth - 1]] += t - mark;
    if (depth < 64)
        stack[depth++] = stage;
    mark = t;
}

static void leave(void)
{
    double t = now();
    if (depth > 0)
        spent[stack[--depth]] += t - mark;
    mark = t;
}

/* ---- the library's internal steps (--wrap) ------------------------------ */

/* The declarations take the library's own prototypes: a wrapper whose
 * parameters no longer match them does not compile. */
#define WRAP(stage, ret, name, params, args)                                   \
    __typeof__(name) __real_##name;                                             \
    __typeof__(name) __wrap_##name;                                             \
    ret __wrap_##name params                                                    \
    {                                                                           \
        enter(stage);                                                           \
        ret r = __real_##name args;                                             \
        leave();                                                                \
        return r;                                                               \
    }
#define WRAP_VOID(stage, name, params, args)                                   \
    __typeof__(name) __real_##name;                                             \
    __typeof__(name) __wrap_##name;                                             \
    void __wrap_##name params                                                   \
    {                                                                           \
        enter(stage);                                                           \
        __real_##name args;                                                     \
        leave();                                                                \
    }

WRAP(S_OPEN, isomm_error, ooxml_open_counted,
     (const char *n, const void *d, size_t s, ooxml_stats *st, ooxml_book **o, char *e),
     (n, d, s, st, o, e))
WRAP(S_INFLATE, long, ooxml_stream_read, (ooxml_stream *s, char *b, size_t l), (s, b, l))
WRAP(S_PARSE, isomm_error, ooxml_load_grid, (ooxml_book *b, size_t i, ooxml_grid **g, char *e),
     (b, i, g, e))
WRAP(S_PREPARE, isomm_error, reader_sheet_load,
     (ooxml_book *b, size_t i, const isomm_catalog *c, reader_sheet **o, char *e),
     (b, i, c, o, e))
WRAP(S_DETECT, isomm_error, reader_v2_scan,
     (reader_v2_pick *p, ooxml_book *b, reader_sheet *s, const isomm_catalog *c, const char *d),
     (p, b, s, c, d))
WRAP(S_DETECT, isomm_error, reader_x1060_scan,
     (reader_x1060_pick *p, reader_sheet *s, const isomm_catalog *c), (p, s, c))
WRAP(S_META, isomm_error, reader_patterns_scan,
     (reader_patterns *p, const reader_sheet *s, const isomm_catalog *c), (p, s, c))
WRAP(S_META, isomm_error, reader_meta_scan, (reader_meta *m, const reader_sheet *s, int d),
     (m, s, d))
WRAP(S_META, isomm_error, reader_patterns_resolve,
     (reader_patterns *p, const unsigned char *s, isomm_assessment *a), (p, s, a))
WRAP(S_META, isomm_error, reader_meta_resolve,
     (reader_meta *m, ooxml_book *b, const unsigned char *s, isomm_assessment *a), (m, b, s, a))
WRAP(S_TABLE, isomm_error, reader_v2_read,
     (const reader_v2_pick *p, ooxml_book *b, isomm_assessment *a, char *e), (p, b, a, e))
WRAP(S_MIGRATE, isomm_error, isomm_portfolio_from_assessment,
     (const isomm_assessment *a, const isomm_policy *p, isomm_portfolio **o, char *e),
     (a, p, o, e))
WRAP(S_FORMATS, int, xw_make_formats, (xw_book *x), (x))
WRAP_VOID(S_SUMMARY, xw_write_summary, (xw_book *x), (x))
WRAP_VOID(S_PORTFOLIO, xw_write_portfolio, (xw_book *x), (x))
WRAP_VOID(S_CATEGORIES, xw_write_categories, (xw_book *x), (x))
WRAP_VOID(S_REPORT, xw_write_report, (xw_book *x), (x))
WRAP_VOID(S_ROLES, xw_write_roles, (xw_book *x), (x))
WRAP(S_CLOSE, lxw_error, workbook_close, (lxw_workbook *w), (w))

/* ---- what libxlsxwriter and minizip call through their PLT ------------- */

#define NEXT(name)              \
    static __typeof__(name) *next; \
    if (!next)                  \
        *(void **)&next = dlsym(RTLD_NEXT, #name)

void lxw_worksheet_assemble_xml_file(lxw_worksheet *w)
{
    NEXT(lxw_worksheet_assemble_xml_file);
    enter(S_SHEET_XML);
    next(w);
    leave();
}

void lxw_chart_assemble_xml_file(lxw_chart *c)
{
    NEXT(lxw_chart_assemble_xml_file);
    enter(S_CHART_XML);
    next(c);
    leave();
}

void lxw_sst_assemble_xml_file(lxw_sst *s)
{
    NEXT(lxw_sst_assemble_xml_file);
    enter(S_SST_XML);
    next(s);
    leave();
}

int deflate(z_streamp strm, int flush)
{
    NEXT(deflate);
    enter(S_DEFLATE);
    int r = next(strm, flush);
    leave();
    return r;
}

uLong crc32(uLong crc, const Bytef *buf, uInt len)
{
    NEXT(crc32);
    /* the reader checks CRCs too: that is inflating's */
    enter(depth > 0 && stack[depth - 1] < S_WRITE_OTHER ? S_INFLATE : S_DEFLATE);
    uLong r = next(crc, buf, len);
    leave();
    return r;
}

int deflateInit2_(z_streamp strm, int level, int method, int windowBits, int memLevel,
                  int strategy, const char *version, int size)
{
    NEXT(deflateInit2_);
    enter(S_ZIP_ENTRY);
    int r = next(strm, level, method, windowBits, memLevel, strategy, version, size);
    leave();
    return r;
}

int deflateEnd(z_streamp strm)
{
    NEXT(deflateEnd);
    enter(S_ZIP_ENTRY);
    int r = next(strm);
    leave();
    return r;
}

void lxw_workbook_free(lxw_workbook *w)
{
    NEXT(lxw_workbook_free);
    enter(S_FREE);
    next(w);
    leave();
}

/* ---- the loop ------------------------------------------------------------ */

static int convert(const char *in, const char *outdir, const isomm_catalog *cat)
{
    char err[ISOMM_ERRBUF_SIZE], out[4096];
    const char *base = strrchr(in, '/');
    snprintf(out, sizeof out, "%s/%s", outdir, base ? base + 1 : in);
    isomm_reading *r = NULL;
    enter(S_READ_OTHER);
    isomm_error rc = isomm_read_file(in, cat, NULL, &r, err);
    leave();
    if (!rc) {
        enter(S_WRITE_OTHER);
        rc = isomm_write_xlsx(r->portfolio, out, NULL, err);
        leave();
    }
    isomm_reading_free(r);
    if (rc)
        fprintf(stderr, "isomm_stages: %s\n", err);
    return rc ? -1 : 0;
}

int main(int argc, char **argv)
{
    int runs = 3, first = 1;
    if (argc > 2 && !strcmp(argv[1], "-r")) {
        runs = atoi(argv[2]);
        first = 3;
    }
    if (argc - first < 2 || runs < 1) {
        fputs("usage: isomm_stages [-r RUNS] OUTDIR SHEET.xlsx...\n", stderr);
        return 2;
    }
    const char *outdir = argv[first];
    int n = argc - first - 1;
    char err[ISOMM_ERRBUF_SIZE];
    isomm_catalog *cat = NULL;
    if (isomm_catalog_load_builtin(&cat, err)) {
        fprintf(stderr, "isomm_stages: %s\n", err);
        return 1;
    }
    double best[S_COUNT], best_total = 0;
    for (int k = 0; k < runs; k++) {
        memset(spent, 0, sizeof spent);
        double t0 = now();
        for (int i = 0; i < n; i++)
            if (convert(argv[first + 1 + i], outdir, cat) != 0)
                return 1;
        double total = now() - t0;
        if (k == 0 || total < best_total) {
            best_total = total;
            memcpy(best, spent, sizeof best);
        }
    }
    isomm_catalog_free(cat);
    printf("| stage | ms per sheet | share |\n|---|---:|---:|\n");
    double sum = 0, read = 0;
    for (int s = 0; s < S_COUNT; s++) {
        sum += best[s];
        if (s < S_WRITE_OTHER)
            read += best[s];
        printf("| %s | %.3f | %.0f%% |\n", NAMES[s], 1000 * best[s] / n,
               100 * best[s] / best_total);
        if (s == S_MIGRATE)
            printf("| **reading and migration** | **%.3f** | |\n", 1000 * read / n);
    }
    printf("| **writing** | **%.3f** | |\n", 1000 * (sum - read) / n);
    printf("| **a conversion, in all** | **%.3f** | %d sheets, best of %d runs |\n",
           1000 * best_total / n, n, runs);
    return 0;
}
