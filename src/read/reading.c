/*
 * reading.c - the one entry point of the readers. A workbook is opened
 * once; each sheet is loaded once and offered to every detector (v2.x
 * self-check table, X.1060 service table), to the pattern prompts and to
 * the meta data; only each detector's best sheet stays in memory. Then the
 * best reading wins: a full v2.x table (migrated), else a service table
 * (taken as it is), else one message covering both searches.
 */
#include "read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "migrate/migrate.h"

/* Everything the sheets of one book offered. */
typedef struct scan {
    const isomm_catalog *catalog;
    ooxml_book *book;
    reader_v2_pick v2;
    reader_x1060_pick x1060;
    reader_patterns *patterns;
    reader_meta *meta;
} scan;

static void scan_release(scan *sc)
{
    reader_v2_release(&sc->v2);
    reader_x1060_release(&sc->x1060);
    reader_patterns_free(sc->patterns);
    reader_meta_free(sc->meta);
}

static isomm_error scan_book(scan *sc, char *errbuf)
{
    const char *path = ooxml_path(sc->book);
    reader_v2_init(&sc->v2, sc->catalog);
    reader_x1060_init(&sc->x1060, sc->catalog);
    sc->patterns = reader_patterns_new();
    sc->meta = reader_meta_new();
    if (!sc->patterns || !sc->meta)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
    int date1904 = ooxml_date1904(sc->book);
    for (size_t i = 0; i < ooxml_sheet_count(sc->book); i++) {
        reader_sheet *s = NULL;
        isomm_error err = reader_sheet_load(sc->book, i, sc->catalog, &s, errbuf);
        if (err)
            return err;
        err = reader_meta_scan(sc->meta, s, date1904);
        if (!err)
            err = reader_v2_scan(&sc->v2, sc->book, s, sc->catalog,
                                 reader_meta_sheet_date(sc->meta, i));
        if (!err)
            err = reader_x1060_scan(&sc->x1060, s, sc->catalog);
        if (!err)
            err = reader_patterns_scan(sc->patterns, s, sc->catalog);
        reader_sheet_unref(s);
        if (err)
            return core_fail(errbuf, err, "%s: out of memory", path);
    }
    return ISOMM_OK;
}

/* The part of a message after "path: ". */
static const char *after_path(const char *msg, const char *path)
{
    size_t n = strlen(path);
    if (strncmp(msg, path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
        return msg + n + 2;
    return msg;
}

/* Neither detector found a table: one message for both searches, each
 * part cut at a character boundary so that both fit. */
static isomm_error no_table(scan *sc, char *errbuf)
{
    const char *path = ooxml_path(sc->book);
    char v2[ISOMM_ERRBUF_SIZE] = "", pf[ISOMM_ERRBUF_SIZE] = "";
    reader_v2_no_table(&sc->v2, sc->book, sc->catalog, v2);
    reader_x1060_no_table(&sc->x1060, sc->book, sc->catalog, pf);
    const char *a = after_path(v2, path), *b = after_path(pf, path);
    return core_fail(errbuf, ISOMM_ERR_NO_TABLE,
                     "%s: neither an ISOMM v2.1 self-check sheet nor an X.1060 service "
                     "portfolio: %.*s; also %.*s", path,
                     (int)core_utf8_prefix(a, strlen(a), 640), a,
                     (int)core_utf8_prefix(b, strlen(b), 280), b);
}

/* The sheets of the assessment read from sheet `chosen`, whose patterns,
 * organization and date are taken: that sheet, and every sheet that
 * belongs to no other assessment. A sheet holding another full table is
 * another assessment's; so is a sheet whose name has a year (2019年度,
 * FY2020, 令和元年度) of another sheet holding a full table, unless it is
 * the chosen sheet's year. Sheets without a year (準備シート, a cover) are
 * shared. NULL when out of memory. */
static unsigned char *assessment_sheets(scan *sc, size_t chosen)
{
    size_t n = ooxml_sheet_count(sc->book);
    unsigned char *full = calloc(n ? n : 1, 1), *allowed = calloc(n ? n : 1, 1);
    int *year = calloc(n ? n : 1, sizeof *year);
    if (!full || !allowed || !year) {
        free(full);
        free(year);
        free(allowed);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        year[i] = reader_sheet_year(sc->book, i);
    for (size_t f = 0; f < sc->v2.nfull; f++)
        full[sc->v2.full[f].sheet] = 1;
    for (size_t i = 0; i < n; i++) {
        int other_year = 0;
        for (size_t f = 0; f < sc->v2.nfull && year[i] && year[i] != year[chosen]; f++)
            other_year |= sc->v2.full[f].sheet != chosen && year[sc->v2.full[f].sheet] == year[i];
        allowed[i] = i == chosen || (!full[i] && !other_year);
    }
    free(full);
    free(year);
    return allowed;
}

/* Patterns, organization and date into `a` (warnings too), from the
 * sheets of the assessment on sheet `chosen`. */
static isomm_error resolve_meta(scan *sc, size_t chosen, isomm_assessment *a, char *errbuf)
{
    unsigned char *allowed = assessment_sheets(sc, chosen);
    isomm_error err = allowed ? ISOMM_OK : ISOMM_ERR_NOMEM;
    if (!err)
        err = reader_patterns_resolve(sc->patterns, allowed, a);
    if (!err)
        err = reader_meta_resolve(sc->meta, sc->book, allowed, a);
    free(allowed);
    if (err)
        return core_fail(errbuf, err, "%s: out of memory", ooxml_path(sc->book));
    return ISOMM_OK;
}

/* Where the answers came from when the reader did not say more. */
static const char *default_selections(const char *layout)
{
    if (layout && !strcmp(layout, "numeric"))
        return "numbers 0–5 in one インソース and one アウトソース column";
    if (layout && !strcmp(layout, "form-controls"))
        return "option buttons (form controls)";
    return "marks (●) in the level columns";
}

static isomm_error read_v2(scan *sc, isomm_assessment **out, char *errbuf)
{
    isomm_assessment *a = isomm_assessment_new(sc->catalog);
    if (!a || !(a->path = core_strdup(ooxml_path(sc->book)))) {
        isomm_assessment_free(a);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", ooxml_path(sc->book));
    }
    isomm_error err = reader_v2_read(&sc->v2, sc->book, a, errbuf);
    if (!err)
        err = resolve_meta(sc, sc->v2.sheet->index, a, errbuf);
    if (!err && !a->selections && !(a->selections = core_strdup(default_selections(a->layout))))
        err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", ooxml_path(sc->book));
    if (err) {
        isomm_assessment_free(a);
        return err;
    }
    *out = a;
    return ISOMM_OK;
}

/* Move the meta data the shared rules found (through an assessment, the
 * same rules as for v2.x sheets) onto a portfolio read as it is. */
static isomm_error take_meta(isomm_assessment *a, isomm_portfolio *p)
{
    for (size_t i = 0; i < a->warnings.count; i++)
        if (core_strlist_addf(&p->warnings, "%s", a->warnings.items[i]))
            return ISOMM_ERR_NOMEM;
    p->pattern_current = a->pattern_current;
    p->pattern_target = a->pattern_target;
    p->organization = a->organization;
    p->date = a->date;
    p->date_source = a->date_source;
    a->organization = a->date = a->date_source = NULL;
    return ISOMM_OK;
}

static isomm_error set_provenance(isomm_portfolio *p, const char *path,
                                  const char *sheet, const char *range)
{
    p->path = core_strdup(path);
    p->kind = core_strdup("x1060-portfolio");
    p->layout = core_strdup("service-matrix");
    p->sheet = core_strdup(sheet);
    p->table_range = core_strdup(range);
    p->selections = core_strdup("scores 1–5 in the 現状 (As-Is) / あるべき姿 (To-Be) columns");
    return p->path && p->kind && p->layout && p->sheet && p->table_range && p->selections
               ? ISOMM_OK
               : ISOMM_ERR_NOMEM;
}

static isomm_error read_x1060(scan *sc, isomm_portfolio **out, char *errbuf)
{
    const char *path = ooxml_path(sc->book);
    isomm_portfolio *p = migrate_portfolio_new(sc->catalog);
    isomm_assessment *a = isomm_assessment_new(sc->catalog);
    isomm_error err = p && a ? ISOMM_OK : ISOMM_ERR_NOMEM;
    char range[40] = "";
    if (!err)
        err = resolve_meta(sc, sc->x1060.sheet->index, a, errbuf);
    if (!err)
        err = take_meta(a, p);
    if (!err)
        err = reader_x1060_read(&sc->x1060, p, range);
    if (!err)
        err = set_provenance(p, path, sc->x1060.sheet->name, range);
    isomm_assessment_free(a);
    if (err) {
        isomm_portfolio_free(p);
        return err == ISOMM_ERR_NOMEM ? core_fail(errbuf, err, "%s: out of memory", path)
                                      : err;
    }
    isomm_portfolio_update_categories(p);
    *out = p;
    return ISOMM_OK;
}

/* What is read: a v2.x assessment (migrated), else a service portfolio. */
typedef enum want { WANT_ANY, WANT_V2 } want;

static isomm_error read_book(ooxml_book *book, const isomm_catalog *catalog, want w,
                             const isomm_policy *policy, isomm_reading *r, char *errbuf)
{
    scan sc = {.catalog = catalog, .book = book};
    isomm_error err = scan_book(&sc, errbuf);
    if (!err && reader_v2_found(&sc.v2)) {
        err = read_v2(&sc, &r->assessment, errbuf);
        if (!err && w == WANT_ANY)
            err = isomm_portfolio_from_assessment(r->assessment, policy, &r->portfolio, errbuf);
    } else if (!err && w == WANT_V2) {
        err = reader_v2_no_table(&sc.v2, book, catalog, errbuf);
    } else if (!err && reader_x1060_found(&sc.x1060)) {
        err = read_x1060(&sc, &r->portfolio, errbuf);
    } else if (!err) {
        err = no_table(&sc, errbuf);
    }
    scan_release(&sc);
    return err;
}

static void count(isomm_reading *r)
{
    const isomm_portfolio *p = r->portfolio;
    for (size_t k = 0; p->roles && k < p->catalog->role_count; k++) {
        r->roles_scored += p->roles[k].state == ISOMM_ROLE_SCORED;
        r->roles_declined += p->roles[k].state == ISOMM_ROLE_DECLINED;
        r->roles_blank += p->roles[k].state == ISOMM_ROLE_BLANK;
    }
    for (size_t k = 0; k < p->catalog->service_count; k++)
        r->services_assessed += p->services[k].as_is >= 0;
}

/* Open (a file when data is NULL), read, close. */
static isomm_error read_source(const char *path, const void *data, size_t size,
                               const isomm_catalog *catalog, const isomm_read_options *options,
                               want w, ooxml_stats *stats, isomm_reading **out, char *errbuf)
{
    if (out)
        *out = NULL;
    if (!path || !catalog || !out)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_read: missing input, catalog or result");
    ooxml_book *book = NULL;
    isomm_error err = ooxml_open_counted(path, data, size, stats, &book, errbuf);
    if (err)
        return err;
    isomm_reading *r = calloc(1, sizeof *r);
    if (!r)
        err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
    else
        err = read_book(book, catalog, w, options ? &options->policy : NULL, r, errbuf);
    ooxml_close(book);
    if (err) {
        isomm_reading_free(r);
        return err;
    }
    if (r->portfolio)
        count(r);
    *out = r;
    return ISOMM_OK;
}

isomm_error reader_read_counted(const char *path, const void *data, size_t size,
                                const isomm_catalog *catalog, const isomm_read_options *options,
                                ooxml_stats *stats, isomm_reading **out, char *errbuf)
{
    return read_source(path, data, size, catalog, options, WANT_ANY, stats, out, errbuf);
}

isomm_error isomm_read_file(const char *path, const isomm_catalog *catalog,
                            const isomm_read_options *options, isomm_reading **out,
                            char *errbuf)
{
    return read_source(path, NULL, 0, catalog, options, WANT_ANY, NULL, out, errbuf);
}

isomm_error isomm_read_buffer(const void *data, size_t size, const char *name,
                              const isomm_catalog *catalog, const isomm_read_options *options,
                              isomm_reading **out, char *errbuf)
{
    static const char empty[1]; /* an empty buffer is read (and refused) as such */
    return read_source(name ? name : "(memory)", data ? data : size ? NULL : empty, size,
                       catalog, options, WANT_ANY, NULL, out, errbuf);
}

isomm_portfolio *isomm_reading_take_portfolio(isomm_reading *r)
{
    if (!r)
        return NULL;
    isomm_portfolio *p = r->portfolio;
    r->portfolio = NULL;
    return p;
}

void isomm_reading_free(isomm_reading *r)
{
    if (!r)
        return;
    isomm_portfolio_free(r->portfolio);
    isomm_assessment_free(r->assessment);
    free(r);
}

isomm_error isomm_portfolio_read(const char *path, const isomm_catalog *catalog,
                                 const isomm_policy *policy, isomm_portfolio **out,
                                 char *errbuf)
{
    if (out)
        *out = NULL;
    if (!out)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_portfolio_read: no result given");
    isomm_read_options o = {0};
    if (policy)
        o.policy = *policy;
    isomm_reading *r = NULL;
    isomm_error err = isomm_read_file(path, catalog, &o, &r, errbuf);
    if (!err)
        *out = isomm_reading_take_portfolio(r);
    isomm_reading_free(r);
    return err;
}

isomm_error isomm_assessment_read(const char *path, const isomm_catalog *catalog,
                                  isomm_assessment **out, char *errbuf)
{
    if (out)
        *out = NULL;
    isomm_reading *r = NULL;
    isomm_error err = read_source(path, NULL, 0, catalog, NULL, WANT_V2, NULL, &r, errbuf);
    if (!err) {
        *out = r->assessment;
        r->assessment = NULL;
    }
    isomm_reading_free(r);
    return err;
}
