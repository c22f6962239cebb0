/* record.c - an assessment as bytes, for the worker processes of `isomm
 * group` and `isomm trend`: isomm_rollup_encode() in the worker, decoded
 * (every length and value checked) in the parent.
 *
 *   "IGM2" u32 services u32 categories i32 current i32 target u64 warnings
 *   services x (i8 as_is, i8 to_be, u8 allocation, u8 recommendation)
 *   5 strings (path, organization, kind, date, date_source): u32 length
 *   (0xFFFFFFFF = NULL), then the bytes.
 *
 * Native byte order: the record only travels between processes of one
 * build. The figures are recomputed by the receiver.
 */
#include "rollup/rollup.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define RECORD_MAGIC "IGM2"
#define RECORD_NULL 0xFFFFFFFFu

typedef struct writer {
    unsigned char *p;
    size_t len, cap;
    int nomem;
} writer;

static void put(writer *w, const void *data, size_t n)
{
    if (w->nomem)
        return;
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 256;
        while (cap < w->len + n)
            cap *= 2;
        unsigned char *p = realloc(w->p, cap);
        if (!p) {
            w->nomem = 1;
            return;
        }
        w->p = p;
        w->cap = cap;
    }
    memcpy(w->p + w->len, data, n);
    w->len += n;
}

static void put_u32(writer *w, uint32_t v) { put(w, &v, sizeof v); }

static void put_str(writer *w, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (s && n >= RECORD_NULL)
        n = RECORD_NULL - 1;
    put_u32(w, s ? (uint32_t)n : RECORD_NULL);
    if (s)
        put(w, s, n);
}

static signed char score(int v)
{
    return (signed char)(v >= 1 && v <= 5 ? v : -1);
}

isomm_error isomm_rollup_encode(const isomm_portfolio *p, void **data, size_t *len,
                                char *errbuf)
{
    if (!data || !len || !p || !p->catalog || !p->services)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_rollup_encode: no portfolio or result given");
    *data = NULL;
    *len = 0;
    const isomm_catalog *c = p->catalog;
    writer w = {0};
    put(&w, RECORD_MAGIC, 4);
    put_u32(&w, (uint32_t)c->service_count);
    put_u32(&w, (uint32_t)c->category_count);
    int32_t pc = (int32_t)p->pattern_current, pt = (int32_t)p->pattern_target;
    put(&w, &pc, sizeof pc);
    put(&w, &pt, sizeof pt);
    uint64_t warnings = p->warnings.count;
    put(&w, &warnings, sizeof warnings);
    for (size_t i = 0; i < c->service_count; i++) {
        const isomm_service_result *s = &p->services[i];
        unsigned char v[4] = {(unsigned char)score(s->as_is), (unsigned char)score(s->to_be),
                              (unsigned char)s->allocation, (unsigned char)s->recommendation};
        put(&w, v, 4);
    }
    put_str(&w, p->path ? p->path : "");
    put_str(&w, p->organization);
    put_str(&w, p->kind);
    put_str(&w, p->date);
    put_str(&w, p->date ? p->date_source : NULL);
    if (w.nomem) {
        free(w.p);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", p->path ? p->path : "portfolio");
    }
    *data = w.p;
    *len = w.len;
    return ISOMM_OK;
}

typedef struct reader {
    const unsigned char *p;
    size_t len, pos;
    int bad;
} reader;

static void get(reader *r, void *out, size_t n)
{
    if (r->bad || r->len - r->pos < n) {
        r->bad = 1;
        memset(out, 0, n);
        return;
    }
    memcpy(out, r->p + r->pos, n);
    r->pos += n;
}

/* 0 on success, -1 malformed, -2 out of memory; *out NULL for a NULL
 * string. */
static int get_str(reader *r, char **out)
{
    uint32_t n;
    *out = NULL;
    get(r, &n, sizeof n);
    if (r->bad || n == RECORD_NULL)
        return r->bad ? -1 : 0;
    if (r->len - r->pos < n) {
        r->bad = 1;
        return -1;
    }
    *out = core_strndup((const char *)r->p + r->pos, n);
    r->pos += n;
    return *out ? 0 : -2;
}

/* The header of a record: 0, or -1 when it does not fit catalog `c`. */
static int get_header(reader *r, const isomm_catalog *c, isomm_rollup_member *m)
{
    char magic[4];
    uint32_t services, categories;
    int32_t pc, pt;
    uint64_t warnings;
    get(r, magic, 4);
    get(r, &services, sizeof services);
    get(r, &categories, sizeof categories);
    get(r, &pc, sizeof pc);
    get(r, &pt, sizeof pt);
    get(r, &warnings, sizeof warnings);
    if (r->bad || memcmp(magic, RECORD_MAGIC, 4) != 0 || services != c->service_count ||
        categories != c->category_count || pc < -1 || pt < -1 ||
        (pc >= 0 && (size_t)pc >= c->pattern_count) ||
        (pt >= 0 && (size_t)pt >= c->pattern_count) || r->len - r->pos < 4 * (size_t)services)
        return -1;
    m->pattern_current = pc;
    m->pattern_target = pt;
    m->warning_count = (size_t)warnings;
    return 0;
}

/* The service values: 0, or -1 when one is out of range. */
static int get_services(reader *r, const isomm_catalog *c, isomm_rollup_member *m)
{
    for (size_t i = 0; i < c->service_count; i++) {
        unsigned char v[4];
        get(r, v, 4);
        signed char as_is = (signed char)v[0], to_be = (signed char)v[1];
        if ((as_is != -1 && (as_is < 1 || as_is > 5)) ||
            (to_be != -1 && (to_be < 1 || to_be > 5)) || v[2] > ISOMM_SIDE_UNASSIGNED ||
            v[3] > ISOMM_REC_OPTIONAL)
            return -1;
        m->as_is[i] = as_is;
        m->to_be[i] = to_be;
        m->allocation[i] = v[2];
        m->recommendation[i] = v[3];
    }
    return 0;
}

isomm_error rollup_member_decode(const isomm_catalog *c, const void *data, size_t len,
                                 isomm_rollup_member *m)
{
    memset(m, 0, sizeof *m);
    if (!data)
        return ISOMM_ERR_ARG;
    reader r = {data, len, 0, 0};
    if (rollup_member_alloc(m, c->service_count, c->category_count) != 0)
        return ISOMM_ERR_NOMEM;
    if (get_header(&r, c, m) != 0 || get_services(&r, c, m) != 0) {
        rollup_member_clear(m);
        return ISOMM_ERR_ARG;
    }
    char **strings[] = {&m->path, &m->organization, &m->kind, &m->date, &m->date_source};
    int bad = 0;
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        int e = get_str(&r, strings[i]);
        bad = bad ? bad : e;
    }
    if (bad || !m->path || r.pos != r.len || (m->date_source && !m->date)) {
        rollup_member_clear(m);
        return bad == -2 ? ISOMM_ERR_NOMEM : ISOMM_ERR_ARG;
    }
    rollup_member_figures(m, c);
    return ISOMM_OK;
}

isomm_error isomm_rollup_add_encoded(isomm_rollup *g, const void *data, size_t len, char *errbuf)
{
    if (!g || !data)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_rollup_add_encoded: no group or record given");
    isomm_rollup_member m;
    isomm_error err = rollup_member_decode(g->catalog, data, len, &m);
    if (!err) {
        err = rollup_push(g, &m);
        rollup_member_clear(&m);
    }
    if (err == ISOMM_ERR_ARG)
        return core_fail(errbuf, err, "a malformed subsidiary record (%zu bytes), not made by "
                         "isomm_rollup_encode() of this build and catalog", len);
    if (err)
        return core_fail(errbuf, err, "group: out of memory");
    return ISOMM_OK;
}
