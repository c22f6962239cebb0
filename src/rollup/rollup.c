/*
 * group.c - the group roll-up model (isomm/group.h): one compact record per
 * subsidiary, unique names, and the byte form the CLI's worker processes
 * send back to the parent.
 */
#include "isomm/group.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rollup/rollup.h"
#include "core/core.h"

/* ---- a set of names (open addressing, FNV-1a) ----------------------------
 * Each name also remembers the next suffix to try when it comes again as a
 * base name, so that N repeats of a name cost O(N), not O(N^2). */

typedef struct name_slot {
    const char *name;   /* borrowed: a member's name string; NULL = empty */
    unsigned long next; /* next " (n)" to try for this base name */
} name_slot;

typedef struct name_set {
    name_slot *slots;
    size_t capacity; /* a power of two, or 0 */
    size_t count;
} name_set;

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static name_slot *name_set_find(const name_set *set, const char *name)
{
    if (set->capacity == 0)
        return NULL;
    size_t mask = set->capacity - 1;
    for (size_t i = (size_t)hash_name(name) & mask; set->slots[i].name; i = (i + 1) & mask)
        if (strcmp(set->slots[i].name, name) == 0)
            return &set->slots[i];
    return NULL;
}

static int name_set_put(name_set *set, const char *name)
{
    if ((set->count + 1) * 2 > set->capacity) {
        size_t cap = set->capacity ? set->capacity * 2 : 64;
        name_slot *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < set->capacity; i++) {
            if (!set->slots[i].name)
                continue;
            size_t j = (size_t)hash_name(set->slots[i].name) & (cap - 1);
            while (slots[j].name)
                j = (j + 1) & (cap - 1);
            slots[j] = set->slots[i];
        }
        free(set->slots);
        set->slots = slots;
        set->capacity = cap;
    }
    size_t mask = set->capacity - 1;
    size_t i = (size_t)hash_name(name) & mask;
    while (set->slots[i].name)
        i = (i + 1) & mask;
    set->slots[i].name = name;
    set->slots[i].next = 2;
    set->count++;
    return 0;
}

typedef struct group_priv {
    name_set names;
    size_t member_capacity;
    size_t failure_capacity;
} group_priv;

/* ---- the group ---------------------------------------------------------- */

isomm_error isomm_rollup_new(const isomm_catalog *catalog, isomm_rollup **out, char *errbuf)
{
    if (!out)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_rollup_new: no result given");
    *out = NULL;
    if (!catalog)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_rollup_new: no catalog given");
    isomm_rollup *g = calloc(1, sizeof *g);
    group_priv *priv = calloc(1, sizeof *priv);
    if (!g || !priv) {
        free(g);
        free(priv);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "group: out of memory");
    }
    g->catalog = catalog;
    g->priv = priv;
    *out = g;
    return ISOMM_OK;
}

static void member_clear(isomm_rollup_member *m)
{
    free(m->name);
    free(m->path);
    free(m->organization);
    free(m->date);
    free(m->kind);
    free(m->as_is); /* one block holds every array */
    memset(m, 0, sizeof *m);
}

void isomm_rollup_free(isomm_rollup *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->member_count; i++)
        member_clear(&g->members[i]);
    free(g->members);
    for (size_t i = 0; i < g->failure_count; i++) {
        free(g->failures[i].path);
        free(g->failures[i].message);
    }
    free(g->failures);
    group_priv *priv = g->priv;
    if (priv)
        free(priv->names.slots);
    free(priv);
    free(g);
}

/* Allocate the arrays of a member in one block: the four byte arrays
 * (as_is first, which member_clear frees), then the doubles, aligned. */
static int member_alloc(isomm_rollup_member *m, size_t services, size_t categories)
{
    size_t head = (4 * services + sizeof(double) - 1) / sizeof(double) * sizeof(double);
    size_t bytes = head + categories * sizeof(double);
    char *block = malloc(bytes ? bytes : 1);
    if (!block)
        return -1;
    m->as_is = (signed char *)block;
    m->to_be = (signed char *)block + services;
    m->allocation = (unsigned char *)block + 2 * services;
    m->recommendation = (unsigned char *)block + 3 * services;
    m->category_as_is = (double *)(void *)(block + head);
    return 0;
}

/* The figures derived from the service values (isomm/group.h). */
static void member_figures(isomm_rollup_member *m, const isomm_catalog *c)
{
    size_t cats = c->category_count;
    double total = 0;
    m->assessed = m->not_required = m->to_assess = 0;
    for (size_t k = 0; k < cats; k++)
        m->category_as_is[k] = 0;
    size_t *count = calloc(cats ? cats : 1, sizeof *count);
    for (size_t i = 0; i < c->service_count; i++) {
        int v = m->as_is[i];
        if (v >= 0) {
            m->assessed++;
            total += v;
            size_t k = c->services[i].category;
            if (count && k < cats) {
                m->category_as_is[k] += v;
                count[k]++;
            }
        } else if (m->recommendation[i] == ISOMM_REC_NOT_REQUIRED) {
            m->not_required++;
        } else {
            m->to_assess++;
        }
    }
    for (size_t k = 0; k < cats; k++)
        m->category_as_is[k] = count && count[k] ? m->category_as_is[k] / (double)count[k] : NAN;
    free(count);
    m->overall_as_is = m->assessed ? total / (double)m->assessed : NAN;
}

/* "dir/name.xlsx" -> "name" */
static char *file_stem(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return core_strndup(base, n);
}

/* Give m a name no other member has. */
static isomm_error member_name(isomm_rollup *g, isomm_rollup_member *m)
{
    group_priv *priv = g->priv;
    char *base = core_strdup(m->organization);
    if (base)
        core_trim(base);
    if (!base || !*base) {
        free(base);
        base = file_stem(m->path ? m->path : "");
        if (base)
            core_trim(base);
    }
    if (!base)
        return ISOMM_ERR_NOMEM;
    if (!*base) {
        free(base);
        base = core_strdup("(名称なし)");
        if (!base)
            return ISOMM_ERR_NOMEM;
    }
    char *name = base;
    name_slot *seen = name_set_find(&priv->names, base);
    if (seen) {
        unsigned long n = seen->next;
        name = NULL;
        do {
            free(name);
            name = core_asprintf("%s (%lu)", base, n++);
            if (!name) {
                free(base);
                return ISOMM_ERR_NOMEM;
            }
        } while (name_set_find(&priv->names, name));
        seen->next = n; /* before the set grows: `seen` points into it */
        free(base);
    }
    if (name_set_put(&priv->names, name) != 0) {
        free(name);
        return ISOMM_ERR_NOMEM;
    }
    m->name = name;
    return ISOMM_OK;
}

/* Append a filled member (taking its allocations), naming it. */
static isomm_error push_member(isomm_rollup *g, isomm_rollup_member *m)
{
    group_priv *priv = g->priv;
    if (g->member_count == priv->member_capacity) {
        size_t cap = priv->member_capacity ? priv->member_capacity * 2 : 16;
        isomm_rollup_member *p = realloc(g->members, cap * sizeof *p);
        if (!p)
            return ISOMM_ERR_NOMEM;
        g->members = p;
        priv->member_capacity = cap;
    }
    isomm_error err = member_name(g, m);
    if (err)
        return err;
    g->members[g->member_count++] = *m;
    memset(m, 0, sizeof *m);
    return ISOMM_OK;
}

/* Fill m from a portfolio (no name yet). */
static isomm_error member_from_portfolio(isomm_rollup_member *m,
                                         const isomm_portfolio *p)
{
    const isomm_catalog *c = p->catalog;
    memset(m, 0, sizeof *m);
    if (member_alloc(m, c->service_count, c->category_count) != 0)
        return ISOMM_ERR_NOMEM;
    m->path = core_strdup(p->path ? p->path : "");
    m->organization = core_strdup(p->organization);
    m->date = core_strdup(p->date);
    m->kind = core_strdup(p->kind);
    if (!m->path || (p->organization && !m->organization) || (p->date && !m->date) ||
        (p->kind && !m->kind)) {
        member_clear(m);
        return ISOMM_ERR_NOMEM;
    }
    m->pattern_current = p->pattern_current;
    m->pattern_target = p->pattern_target;
    for (size_t i = 0; i < c->service_count; i++) {
        const isomm_service_result *s = &p->services[i];
        m->as_is[i] = (signed char)(s->as_is >= 1 && s->as_is <= 5 ? s->as_is : -1);
        m->to_be[i] = (signed char)(s->to_be >= 1 && s->to_be <= 5 ? s->to_be : -1);
        m->allocation[i] = (unsigned char)s->allocation;
        m->recommendation[i] = (unsigned char)s->recommendation;
    }
    m->warning_count = p->warnings.count;
    member_figures(m, c);
    return ISOMM_OK;
}

isomm_error isomm_rollup_add(isomm_rollup *g, const isomm_portfolio *p, char *errbuf)
{
    if (!g || !p || !p->services)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_rollup_add: no group or portfolio given");
    if (p->catalog != g->catalog)
        return core_fail(errbuf, ISOMM_ERR_ARG, "%s: read with another catalog than the group's",
                         p->path ? p->path : "portfolio");
    isomm_rollup_member m;
    isomm_error err = member_from_portfolio(&m, p);
    if (!err) {
        err = push_member(g, &m);
        member_clear(&m);
    }
    if (err)
        return core_fail(errbuf, err, "%s: out of memory", p->path ? p->path : "portfolio");
    return ISOMM_OK;
}

/* The failure list grows by one. */
static isomm_error add_failure(isomm_rollup *g, const char *path, const char *message)
{
    group_priv *priv = g->priv;
    if (g->failure_count == priv->failure_capacity) {
        size_t cap = priv->failure_capacity ? priv->failure_capacity * 2 : 8;
        isomm_rollup_failure *f = realloc(g->failures, cap * sizeof *f);
        if (!f)
            return ISOMM_ERR_NOMEM;
        g->failures = f;
        priv->failure_capacity = cap;
    }
    isomm_rollup_failure f = {core_strdup(path),
                             core_strdup(message ? message : "")};
    if (!f.path || !f.message) {
        free(f.path);
        free(f.message);
        return ISOMM_ERR_NOMEM;
    }
    g->failures[g->failure_count++] = f;
    return ISOMM_OK;
}

isomm_error isomm_rollup_add_failure(isomm_rollup *g, const char *path, const char *message,
                                     char *errbuf)
{
    if (!g || !path)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_rollup_add_failure: no group or path given");
    if (add_failure(g, path, message) != ISOMM_OK)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
    return ISOMM_OK;
}

/* ---- the byte record ------------------------------------------------------
 *
 *   "IGM1" u32 services u32 categories i32 current i32 target u64 warnings
 *   services x (i8 as_is, i8 to_be, u8 allocation, u8 recommendation)
 *   4 strings (path, organization, kind, date): u32 length (0xFFFFFFFF = NULL),
 *   then the bytes.
 *
 * Native byte order: the record only travels between processes of one
 * build. The figures are recomputed by the receiver.
 */

#define RECORD_MAGIC "IGM1"
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
        unsigned char v[4] = {
            (unsigned char)(signed char)(s->as_is >= 1 && s->as_is <= 5 ? s->as_is : -1),
            (unsigned char)(signed char)(s->to_be >= 1 && s->to_be <= 5 ? s->to_be : -1),
            (unsigned char)s->allocation, (unsigned char)s->recommendation};
        put(&w, v, 4);
    }
    put_str(&w, p->path ? p->path : "");
    put_str(&w, p->organization);
    put_str(&w, p->kind);
    put_str(&w, p->date);
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

/* 0 on success; *out NULL for a NULL string. */
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

/* The record decoded and added; ISOMM_ERR_ARG when it is malformed. */
static isomm_error add_encoded(isomm_rollup *g, const void *data, size_t len)
{
    if (!g || !data)
        return ISOMM_ERR_ARG;
    const isomm_catalog *c = g->catalog;
    reader r = {data, len, 0, 0};
    char magic[4];
    uint32_t services, categories;
    int32_t pc, pt;
    uint64_t warnings;
    get(&r, magic, 4);
    get(&r, &services, sizeof services);
    get(&r, &categories, sizeof categories);
    get(&r, &pc, sizeof pc);
    get(&r, &pt, sizeof pt);
    get(&r, &warnings, sizeof warnings);
    if (r.bad || memcmp(magic, RECORD_MAGIC, 4) != 0 || services != c->service_count ||
        categories != c->category_count || pc < -1 || pt < -1 ||
        (pc >= 0 && (size_t)pc >= c->pattern_count) ||
        (pt >= 0 && (size_t)pt >= c->pattern_count) ||
        r.len - r.pos < 4 * (size_t)services)
        return ISOMM_ERR_ARG;

    isomm_rollup_member m;
    memset(&m, 0, sizeof m);
    if (member_alloc(&m, c->service_count, c->category_count) != 0)
        return ISOMM_ERR_NOMEM;
    m.pattern_current = pc;
    m.pattern_target = pt;
    m.warning_count = (size_t)warnings;
    for (size_t i = 0; i < c->service_count; i++) {
        unsigned char v[4];
        get(&r, v, 4);
        signed char as_is = (signed char)v[0], to_be = (signed char)v[1];
        if ((as_is != -1 && (as_is < 1 || as_is > 5)) ||
            (to_be != -1 && (to_be < 1 || to_be > 5)) ||
            v[2] > ISOMM_SIDE_UNASSIGNED || v[3] > ISOMM_REC_OPTIONAL) {
            member_clear(&m);
            return ISOMM_ERR_ARG;
        }
        m.as_is[i] = as_is;
        m.to_be[i] = to_be;
        m.allocation[i] = v[2];
        m.recommendation[i] = v[3];
    }
    int e1 = get_str(&r, &m.path);
    int e2 = get_str(&r, &m.organization);
    int e3 = get_str(&r, &m.kind);
    int e4 = get_str(&r, &m.date);
    if (e1 || e2 || e3 || e4 || !m.path || r.pos != r.len) {
        member_clear(&m);
        return (e1 == -2 || e2 == -2 || e3 == -2 || e4 == -2) ? ISOMM_ERR_NOMEM : ISOMM_ERR_ARG;
    }
    member_figures(&m, c);
    isomm_error err = push_member(g, &m);
    member_clear(&m);
    return err;
}

/* ---- figures shared by the writers (group_internal.h) ------------------- */

void rollup_stat_add(rollup_stat *s, double v)
{
    if (isnan(v))
        return;
    if (s->count == 0 || v < s->min)
        s->min = v;
    if (s->count == 0 || v > s->max)
        s->max = v;
    s->sum += v;
    s->count++;
}

double rollup_stat_mean(const rollup_stat *s)
{
    return s->count ? s->sum / (double)s->count : NAN;
}

const char *rollup_pattern_name(const isomm_catalog *c, long index)
{
    return index >= 0 && (size_t)index < c->pattern_count ? c->patterns[index].name : "";
}

const char *rollup_pattern_key(const isomm_catalog *c, long index)
{
    return index >= 0 && (size_t)index < c->pattern_count ? c->patterns[index].key : NULL;
}

isomm_error isomm_rollup_add_encoded(isomm_rollup *g, const void *data, size_t len, char *errbuf)
{
    if (!g || !data)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_rollup_add_encoded: no group or record given");
    isomm_error err = add_encoded(g, data, len);
    if (err == ISOMM_ERR_ARG)
        return core_fail(errbuf, err, "a malformed subsidiary record (%zu bytes), not made by "
                         "isomm_rollup_encode() of this build and catalog", len);
    if (err)
        return core_fail(errbuf, err, "group: out of memory");
    return ISOMM_OK;
}
