/*
 * ooxml_workbook.c - the package structure: _rels/.rels -> workbook part,
 * workbook.xml -> sheet names and relationship ids, the workbook's
 * relationships -> sheet parts and the shared strings part. Relationship
 * types are matched by their last path segment, so both transitional
 * (http://schemas.openxmlformats.org/...) and Strict
 * (http://purl.oclc.org/ooxml/...) workbooks work.
 */
#define _POSIX_C_SOURCE 200809L
#include "ooxml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

typedef struct rel {
    char *id, *type, *target; /* target resolved to a part name */
} rel;

/* A relationship ID and its place in document order. */
typedef struct rel_ref {
    const char *id;
    size_t index;
} rel_ref;

typedef struct rels {
    rel *items;        /* in document order */
    size_t count, cap;
    rel_ref *by_id;    /* the same, sorted by ID (then document order) */
} rels;

static void rels_free(rels *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->items[i].id);
        free(r->items[i].type);
        free(r->items[i].target);
    }
    free(r->items);
    free(r->by_id);
    memset(r, 0, sizeof *r);
}

static int ref_cmp(const void *a, const void *b)
{
    const rel_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Sort the IDs once: every lookup is then a binary search. 0 or -1. */
static int rels_index(rels *r)
{
    r->by_id = malloc((r->count ? r->count : 1) * sizeof *r->by_id);
    if (!r->by_id)
        return -1;
    for (size_t i = 0; i < r->count; i++)
        r->by_id[i] = (rel_ref){r->items[i].id, i};
    qsort(r->by_id, r->count, sizeof *r->by_id, ref_cmp);
    return 0;
}

/* The first of `n` sorted refs with `id` (the first in document order), or
 * NULL. */
static const rel_ref *first_ref(const rel_ref *refs, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(refs[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(refs[lo].id, id) == 0 ? &refs[lo] : NULL;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Resolve a relationship target against the folder of the source part
 * ("xl" for xl/workbook.xml, "" for the package): percent-decoding, '/'
 * for absolute targets, "." and ".." segments. New string or NULL. */
static char *resolve(const char *base_dir, const char *target)
{
    core_buf in = {0};
    int ok = 1;
    if (target[0] != '/' && target[0] != '\\' && *base_dir)
        ok = core_buf_add(&in, base_dir, strlen(base_dir)) == 0 &&
             core_buf_add(&in, "/", 1) == 0;
    for (const char *p = target; ok && *p; p++) {
        char c = *p;
        if (c == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
            c = (char)(hexval(p[1]) * 16 + hexval(p[2]));
            p += 2;
        } else if (c == '\\') {
            c = '/';
        }
        if (c == '\0')
            break;
        ok = core_buf_add(&in, &c, 1) == 0;
    }
    if (!ok || !in.data) {
        free(in.data);
        return NULL;
    }
    /* Segment by segment into out (same size or shorter). */
    char *out = malloc(in.len + 1);
    if (!out) {
        free(in.data);
        return NULL;
    }
    size_t olen = 0;
    char *save = NULL;
    for (char *seg = strtok_r(in.data, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (strcmp(seg, ".") == 0)
            continue;
        if (strcmp(seg, "..") == 0) {
            while (olen > 0 && out[olen - 1] != '/')
                olen--;
            if (olen > 0)
                olen--;
            continue;
        }
        if (olen > 0)
            out[olen++] = '/';
        size_t n = strlen(seg);
        memcpy(out + olen, seg, n);
        olen += n;
    }
    out[olen] = '\0';
    free(in.data);
    return out;
}

/* "xl/workbook.xml" -> dir "xl", rels "xl/_rels/workbook.xml.rels". */
static char *dir_of(const char *part)
{
    const char *slash = strrchr(part, '/');
    return core_strndup(part, slash ? (size_t)(slash - part) : 0);
}

static char *rels_part_of(const char *part)
{
    const char *slash = strrchr(part, '/');
    if (!slash)
        return core_asprintf("_rels/%s.rels", part);
    return core_asprintf("%.*s/_rels/%s.rels", (int)(slash - part), part, slash + 1);
}

static const char *type_tail(const char *type)
{
    const char *slash = type ? strrchr(type, '/') : NULL;
    return slash ? slash + 1 : (type ? type : "");
}

static isomm_error nomem(ooxml_book *b, char *errbuf)
{
    return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
}

/* Parse a relationships part; targets resolved against `base_dir`. */
static isomm_error load_rels(ooxml_book *b, const char *part, const char *base_dir,
                             rels *out, char *errbuf)
{
    ooxml_xml x;
    isomm_error err = ooxml_xml_open(b, part, &x, errbuf);
    if (err)
        return err;
    int more;
    while (!(err = ooxml_xml_next(&x, &more, errbuf)) && more) {
        if (!ooxml_xml_start(&x, "Relationship"))
            continue;
        int oom = 0;
        char *id = ooxml_xml_attr(&x, "Id", 0, &oom);
        char *type = ooxml_xml_attr(&x, "Type", 0, &oom);
        char *target = ooxml_xml_attr(&x, "Target", 0, &oom);
        char *mode = ooxml_xml_attr(&x, "TargetMode", 0, &oom);
        int external = mode && strcasecmp(mode, "External") == 0;
        free(mode);
        char *resolved = NULL;
        if (!oom && id && target && !external) {
            resolved = resolve(base_dir, target);
            if (!resolved)
                oom = 1;
        }
        free(target);
        if (!oom && resolved) {
            if (out->count >= OOXML_MAX_ZIP_ENTRIES * 2) {
                err = core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                                 "%s: %s lists too many relationships", b->path, part);
            } else {
                if (out->count == out->cap) {
                    size_t cap = out->cap ? 2 * out->cap : 16;
                    rel *items = realloc(out->items, cap * sizeof *items);
                    if (items) {
                        out->items = items;
                        out->cap = cap;
                    }
                }
                if (out->count == out->cap) {
                    oom = 1;
                } else {
                    out->items[out->count++] = (rel){id, type, resolved};
                    id = type = resolved = NULL;
                }
            }
        }
        free(id);
        free(type);
        free(resolved);
        if (oom)
            err = nomem(b, errbuf);
        if (err)
            break;
    }
    if (err) {
        ooxml_xml_close(&x);
        return err;
    }
    err = ooxml_xml_finish(&x, errbuf);
    if (!err && rels_index(out) != 0)
        err = nomem(b, errbuf);
    return err;
}

static const rel *find_rel_type(const rels *r, const char *tail)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(type_tail(r->items[i].type), tail) == 0)
            return &r->items[i];
    return NULL;
}

static const rel *find_rel_id(const rels *r, const char *id)
{
    const rel_ref *ref = r->by_id ? first_ref(r->by_id, r->count, id) : NULL;
    return ref ? &r->items[ref->index] : NULL;
}

/* workbook.xml: <sheets><sheet name="…" r:id="rId1"/>…; ids into rids. */
static isomm_error load_sheet_list(ooxml_book *b, char ***rids, char *errbuf)
{
    ooxml_xml x;
    isomm_error err = ooxml_xml_open(b, b->workbook_part, &x, errbuf);
    if (err)
        return err;
    size_t cap = 0;
    int more;
    while (!(err = ooxml_xml_next(&x, &more, errbuf)) && more) {
        if (ooxml_xml_start(&x, "workbookPr")) {
            int oom = 0;
            char *v = ooxml_xml_attr(&x, "date1904", 0, &oom);
            if (oom) {
                err = nomem(b, errbuf);
                break;
            }
            b->date1904 = v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0);
            free(v);
            continue;
        }
        if (!ooxml_xml_start(&x, "sheet"))
            continue;
        if (b->sheet_count >= OOXML_MAX_SHEETS) {
            err = core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                             "%s: %s lists more than %lu sheets", b->path,
                             b->workbook_part, OOXML_MAX_SHEETS);
            break;
        }
        if (b->sheet_count == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            char **n = realloc(b->sheet_names, ncap * sizeof *n);
            if (n)
                b->sheet_names = n;
            char **p = n ? realloc(b->sheet_parts, ncap * sizeof *p) : NULL;
            if (p)
                b->sheet_parts = p;
            char **r = p ? realloc(*rids, ncap * sizeof *r) : NULL;
            if (r)
                *rids = r;
            unsigned char *h = r ? realloc(b->sheet_hidden, ncap) : NULL;
            if (h)
                b->sheet_hidden = h;
            if (!h) {
                err = nomem(b, errbuf);
                break;
            }
            cap = ncap;
        }
        int oom = 0;
        char *name = ooxml_xml_attr(&x, "name", 0, &oom);
        char *rid = ooxml_xml_attr(&x, "id", 1, &oom);
        char *state = ooxml_xml_attr(&x, "state", 0, &oom);
        b->sheet_hidden[b->sheet_count] =
            state && (strcmp(state, "hidden") == 0 || strcmp(state, "veryHidden") == 0);
        free(state);
        if (!oom && !name)
            name = core_asprintf("Sheet%zu", b->sheet_count + 1);
        if (!oom && !rid)
            rid = core_strdup("");
        if (oom || !name || !rid) {
            free(name);
            free(rid);
            err = nomem(b, errbuf);
            break;
        }
        b->sheet_names[b->sheet_count] = name;
        b->sheet_parts[b->sheet_count] = NULL;
        (*rids)[b->sheet_count] = rid;
        b->sheet_count++;
    }
    if (err) {
        ooxml_xml_close(&x);
        return err;
    }
    return ooxml_xml_finish(&x, errbuf);
}

static isomm_error not_workbook(ooxml_book *b, char *errbuf)
{
    const char *hint = "";
    if (ooxml_zip_has(b->zip, "xl/workbook.bin"))
        hint = "; this is an .xlsb (binary) workbook: save it as .xlsx (Excel Workbook) and try again";
    else if (ooxml_zip_has(b->zip, "content.xml"))
        hint = "; this looks like an OpenDocument file (.ods): save it as .xlsx and try again";
    else if (ooxml_zip_has(b->zip, "word/document.xml"))
        hint = "; this is a Word document";
    else if (ooxml_zip_has(b->zip, "ppt/presentation.xml"))
        hint = "; this is a PowerPoint presentation";
    return core_fail(errbuf, ISOMM_ERR_NOT_WORKBOOK,
                      "%s: not an Excel workbook: the zip archive has no %s%s",
                      b->path, b->workbook_part, hint);
}

/* A sheet's part and its index, to sort by part. */
typedef struct sheet_at {
    const char *part;
    size_t index;
} sheet_at;

static int part_cmp(const void *a, const void *b)
{
    const sheet_at *x = a, *y = b;
    int c = strcasecmp(x->part, y->part);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Two sheets stored in one part would read it twice (4,096 sheets of one
 * 15 MB part: an hour of work from a 36 KB file); Excel never writes it. */
static isomm_error distinct_parts(ooxml_book *b, char *errbuf)
{
    if (b->sheet_count < 2)
        return ISOMM_OK;
    sheet_at *order = malloc(b->sheet_count * sizeof *order);
    if (!order)
        return nomem(b, errbuf);
    for (size_t i = 0; i < b->sheet_count; i++)
        order[i] = (sheet_at){b->sheet_parts[i], i};
    qsort(order, b->sheet_count, sizeof *order, part_cmp);
    isomm_error err = ISOMM_OK;
    for (size_t k = 1; k < b->sheet_count && !err; k++)
        if (strcasecmp(order[k - 1].part, order[k].part) == 0)
            err = core_fail(errbuf, ISOMM_ERR_NOT_WORKBOOK,
                            "%s: sheets '%s' and '%s' are both stored in %s; a workbook "
                            "stores each sheet in a part of its own", b->path,
                            b->sheet_names[order[k - 1].index], b->sheet_names[order[k].index],
                            order[k].part);
    free(order);
    return err;
}

isomm_error ooxml_load_workbook(ooxml_book *b, char *errbuf)
{
    isomm_error err = ISOMM_OK;
    rels pkg = {0}, wb = {0};
    char **rids = NULL;
    char *dir = NULL, *wb_rels = NULL;

    /* 1. The workbook part: the package's officeDocument relationship, or
     *    the usual xl/workbook.xml. */
    if (ooxml_zip_has(b->zip, "_rels/.rels")) {
        err = load_rels(b, "_rels/.rels", "", &pkg, errbuf);
        if (err)
            goto done;
        const rel *core = find_rel_type(&pkg, "core-properties");
        if (core && ooxml_zip_has(b->zip, core->target) &&
            !(b->core_part = core_strdup(core->target))) {
            err = nomem(b, errbuf);
            goto done;
        }
        const rel *r = find_rel_type(&pkg, "officeDocument");
        if (r && ooxml_zip_has(b->zip, r->target)) {
            b->workbook_part = core_strdup(r->target);
            if (!b->workbook_part) {
                err = nomem(b, errbuf);
                goto done;
            }
        }
    }
    if (!b->workbook_part) {
        b->workbook_part = core_strdup("xl/workbook.xml");
        if (!b->workbook_part) {
            err = nomem(b, errbuf);
            goto done;
        }
        if (!ooxml_zip_has(b->zip, b->workbook_part)) {
            err = not_workbook(b, errbuf);
            goto done;
        }
    }

    if (!b->core_part && ooxml_zip_has(b->zip, "docProps/core.xml") &&
        !(b->core_part = core_strdup("docProps/core.xml"))) {
        err = nomem(b, errbuf);
        goto done;
    }

    /* 2. Sheet names and relationship ids. */
    err = load_sheet_list(b, &rids, errbuf);
    if (err)
        goto done;

    /* 3. The workbook's relationships: sheet parts, shared strings. */
    dir = dir_of(b->workbook_part);
    wb_rels = rels_part_of(b->workbook_part);
    if (!dir || !wb_rels) {
        err = nomem(b, errbuf);
        goto done;
    }
    if (ooxml_zip_has(b->zip, wb_rels)) {
        err = load_rels(b, wb_rels, dir, &wb, errbuf);
        if (err)
            goto done;
    } else if (b->sheet_count > 0) {
        err = core_fail(errbuf, ISOMM_ERR_PART_MISSING,
                         "%s: %s is missing from the workbook (it tells where "
                         "the sheets are stored)", b->path, wb_rels);
        goto done;
    }
    for (size_t i = 0; i < b->sheet_count; i++) {
        const rel *r = find_rel_id(&wb, rids[i]);
        if (!r) {
            err = core_fail(errbuf, ISOMM_ERR_PART_MISSING,
                             "%s: sheet '%s' refers to relationship '%s', which "
                             "%s does not define", b->path, b->sheet_names[i],
                             rids[i], wb_rels);
            goto done;
        }
        if (!ooxml_zip_has(b->zip, r->target)) {
            err = core_fail(errbuf, ISOMM_ERR_PART_MISSING,
                             "%s: sheet '%s' is stored in %s, which is missing "
                             "from the workbook", b->path, b->sheet_names[i],
                             r->target);
            goto done;
        }
        b->sheet_parts[i] = core_strdup(r->target);
        if (!b->sheet_parts[i]) {
            err = nomem(b, errbuf);
            goto done;
        }
    }
    if ((err = distinct_parts(b, errbuf)) != ISOMM_OK)
        goto done;
    const rel *sst = find_rel_type(&wb, "sharedStrings");
    const char *sst_part = sst ? sst->target
                           : ooxml_zip_has(b->zip, "xl/sharedStrings.xml") ? "xl/sharedStrings.xml"
                                                                     : NULL;
    if (sst_part && !(b->sst_part = core_strdup(sst_part)))
        err = nomem(b, errbuf);
    const rel *styles = find_rel_type(&wb, "styles"), *theme = find_rel_type(&wb, "theme");
    if (!err && styles && ooxml_zip_has(b->zip, styles->target) &&
        !(b->styles_part = core_strdup(styles->target)))
        err = nomem(b, errbuf);
    if (!err && theme && ooxml_zip_has(b->zip, theme->target) &&
        !(b->theme_part = core_strdup(theme->target)))
        err = nomem(b, errbuf);

done:
    if (rids)
        for (size_t i = 0; i < b->sheet_count; i++)
            free(rids[i]);
    free(rids);
    free(dir);
    free(wb_rels);
    rels_free(&pkg);
    rels_free(&wb);
    return err;
}

void ooxml_release_workbook(ooxml_book *b)
{
    for (size_t i = 0; i < b->sheet_count; i++) {
        free(b->sheet_names[i]);
        free(b->sheet_parts[i]);
    }
    free(b->sheet_names);
    free(b->sheet_parts);
    free(b->sheet_hidden);
    for (size_t i = 0; i < b->sst_count; i++)
        free(b->sst[i]);
    free(b->sst);
    free(b->sst_part);
    free(b->styles_part);
    free(b->theme_part);
    free(b->xf_fill);
    free(b->core_part);
    free(b->workbook_part);
}

size_t ooxml_sheet_count(const ooxml_book *b)
{
    return b ? b->sheet_count : 0;
}

const char *ooxml_sheet_name(const ooxml_book *b, size_t i)
{
    return b && i < b->sheet_count ? b->sheet_names[i] : NULL;
}

int ooxml_sheet_hidden(const ooxml_book *b, size_t i)
{
    return b && i < b->sheet_count && b->sheet_hidden ? b->sheet_hidden[i] : 0;
}

const char *ooxml_sheet_part(const ooxml_book *b, size_t i)
{
    return b && i < b->sheet_count ? b->sheet_parts[i] : NULL;
}

long ooxml_find_sheet(const ooxml_book *b, const char *name)
{
    if (!b || !name)
        return -1;
    for (size_t i = 0; i < b->sheet_count; i++)
        if (strcmp(b->sheet_names[i], name) == 0)
            return (long)i;
    for (size_t i = 0; i < b->sheet_count; i++)
        if (strcasecmp(b->sheet_names[i], name) == 0)
            return (long)i;
    return -1;
}

int ooxml_date1904(const ooxml_book *b)
{
    return b ? b->date1904 : 0;
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long yy = (long long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

int ooxml_serial_date(double serial, int date1904, char out[11])
{
    out[0] = '\0';
    if (!(serial >= 1.0) || serial >= 2958466.0) /* NaN too */
        return -1;
    long long n = (long long)serial; /* time of day dropped */
    long long days; /* since 1970-01-01 */
    if (date1904) {
        days = n - 24107; /* 1904-01-01 is serial 0 */
    } else {
        if (n == 60) /* 1900-02-29: Lotus 1-2-3's phantom leap day */
            return -1;
        /* Serial 1 = 1900-01-01; from 61 on the phantom day is skipped. */
        days = (n < 60 ? n + 1 : n) - 25569;
    }
    long long y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 1900 || y > 9999)
        return -1;
    char buf[64];
    snprintf(buf, sizeof buf, "%04lld-%02u-%02u", y, m, d);
    memcpy(out, buf, 10);
    out[10] = '\0';
    return 0;
}

isomm_error ooxml_core_modified(ooxml_book *b, char **out, char *errbuf)
{
    *out = NULL;
    if (!b || !b->core_part)
        return ISOMM_OK;
    ooxml_xml x;
    isomm_error err = ooxml_xml_open(b, b->core_part, &x, errbuf);
    if (err)
        return err;
    int more, in_modified = 0;
    core_buf text = {0};
    while (!(err = ooxml_xml_next(&x, &more, errbuf)) && more) {
        if (ooxml_xml_start(&x, "modified") && !*out && !ooxml_xml_is_empty(&x)) {
            in_modified = 1;
            if (core_buf_add(&text, "", 0) != 0) {
                err = nomem(b, errbuf);
                break;
            }
        } else if (in_modified && ooxml_xml_end(&x, "modified")) {
            in_modified = 0;
            *out = text.data;
            text.data = NULL;
        } else if (in_modified && ooxml_xml_is_text(&x)) {
            const char *v = ooxml_xml_value(&x);
            if (v && text.len < 256 && core_buf_add(&text, v, strlen(v)) != 0) {
                err = nomem(b, errbuf);
                break;
            }
        }
    }
    free(text.data);
    if (err) {
        free(*out);
        *out = NULL;
        ooxml_xml_close(&x);
        return err;
    }
    err = ooxml_xml_finish(&x, errbuf);
    if (err) {
        free(*out);
        *out = NULL;
    }
    return err;
}

isomm_error ooxml_part_rels(ooxml_book *b, const char *part, ooxml_rel_list *out,
                           char *errbuf)
{
    memset(out, 0, sizeof *out);
    char *dir = dir_of(part), *rp = rels_part_of(part);
    isomm_error err = ISOMM_OK;
    rels r = {0};
    if (!dir || !rp)
        err = nomem(b, errbuf);
    else if (ooxml_zip_has(b->zip, rp))
        err = load_rels(b, rp, dir, &r, errbuf);
    free(dir);
    free(rp);
    if (err) {
        rels_free(&r);
        return err;
    }
    out->count = r.count;
    out->ids = calloc(r.count ? r.count : 1, sizeof *out->ids);
    out->targets = calloc(r.count ? r.count : 1, sizeof *out->targets);
    if (!out->ids || !out->targets) {
        rels_free(&r);
        ooxml_rel_list_free(out);
        return nomem(b, errbuf);
    }
    /* In ID order, for ooxml_rel_target()'s binary search. */
    for (size_t k = 0; k < r.count; k++) {
        const rel *it = &r.items[r.by_id ? r.by_id[k].index : k];
        out->ids[k] = it->id;
        out->targets[k] = it->target;
        free(it->type);
    }
    free(r.items);
    free(r.by_id);
    return ISOMM_OK;
}

const char *ooxml_rel_target(const ooxml_rel_list *l, const char *id)
{
    if (!id || !l->count)
        return NULL;
    size_t lo = 0, hi = l->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(l->ids[mid], id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->count && strcmp(l->ids[lo], id) == 0 ? l->targets[lo] : NULL;
}

void ooxml_rel_list_free(ooxml_rel_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        if (l->ids)
            free(l->ids[i]);
        if (l->targets)
            free(l->targets[i]);
    }
    free(l->ids);
    free(l->targets);
    memset(l, 0, sizeof *l);
}
