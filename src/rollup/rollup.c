/*
 * rollup.c - the group roll-up model (isomm/group.h): one member per
 * subsidiary with a unique name; several assessments of one organization
 * make one subsidiary, shown by its latest (docs/group.md).
 */
#include "isomm/group.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rollup/rollup.h"
#include "core/core.h"

/* ---- a set of names (open addressing, FNV-1a) ----------------------------
 * Two sets: the members' names, where each name also remembers the next
 * suffix to try when it comes again as a base name (so that N repeats of
 * a name cost O(N), not O(N^2)); and the folded organization names, each
 * with the index of its subsidiary. */

typedef struct name_slot {
    const char *name;    /* borrowed; NULL = empty */
    unsigned long value; /* names: next " (n)" to try; organizations: the member */
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

/* Room for one more name: 0, or -1 when out of memory. */
static int name_set_reserve(name_set *set)
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
    return 0;
}

/* Add a name (after name_set_reserve(), it cannot fail). */
static int name_set_put(name_set *set, const char *name, unsigned long value)
{
    if (name_set_reserve(set) != 0)
        return -1;
    size_t mask = set->capacity - 1;
    size_t i = (size_t)hash_name(name) & mask;
    while (set->slots[i].name)
        i = (i + 1) & mask;
    set->slots[i].name = name;
    set->slots[i].value = value;
    set->count++;
    return 0;
}

typedef struct group_priv {
    name_set names;
    name_set organizations; /* folded organization -> member */
    char **keys;            /* per member: its folded organization, or NULL */
    size_t member_capacity, key_capacity;
    size_t failure_capacity;
    size_t earlier_capacity;
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

void isomm_rollup_free(isomm_rollup *g)
{
    if (!g)
        return;
    group_priv *priv = g->priv;
    for (size_t i = 0; i < g->member_count; i++) {
        rollup_member_clear(&g->members[i]);
        if (priv && priv->keys)
            free(priv->keys[i]);
    }
    free(g->members);
    for (size_t i = 0; i < g->earlier_count; i++)
        rollup_member_clear(&g->earlier[i]);
    free(g->earlier);
    for (size_t i = 0; i < g->failure_count; i++) {
        free(g->failures[i].path);
        free(g->failures[i].message);
    }
    free(g->failures);
    if (priv) {
        free(priv->names.slots);
        free(priv->organizations.slots);
        free(priv->keys);
    }
    free(priv);
    free(g);
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
        unsigned long n = seen->value;
        name = NULL;
        do {
            free(name);
            name = core_asprintf("%s (%lu)", base, n++);
            if (!name) {
                free(base);
                return ISOMM_ERR_NOMEM;
            }
        } while (name_set_find(&priv->names, name));
        seen->value = n; /* before the set grows: `seen` points into it */
        free(base);
    }
    if (name_set_put(&priv->names, name, 2) != 0) {
        free(name);
        return ISOMM_ERR_NOMEM;
    }
    m->name = name;
    return ISOMM_OK;
}

/* Room for one more subsidiary (and its organization key). */
static isomm_error grow_members(isomm_rollup *g)
{
    group_priv *priv = g->priv;
    if (core_grow((void **)&g->members, &priv->member_capacity, g->member_count,
                  sizeof *g->members, 16) != 0 ||
        core_grow((void **)&priv->keys, &priv->key_capacity, g->member_count,
                  sizeof *priv->keys, 16) != 0)
        return ISOMM_ERR_NOMEM;
    return ISOMM_OK;
}

/* Append m to group->earlier as an assessment of subsidiary `sub`,
 * taking its allocations and giving it the subsidiary's name; its index,
 * or -1 when out of memory. */
static long push_earlier(isomm_rollup *g, isomm_rollup_member *m, size_t sub)
{
    group_priv *priv = g->priv;
    if (core_grow((void **)&g->earlier, &priv->earlier_capacity, g->earlier_count,
                  sizeof *g->earlier, 8) != 0)
        return -1;
    free(m->name);
    m->name = core_strdup(g->members[sub].name);
    if (!m->name)
        return -1;
    m->assessments = 0;
    m->previous = -1;
    m->subsidiary = (long)sub;
    g->earlier[g->earlier_count] = *m;
    memset(m, 0, sizeof *m);
    return (long)g->earlier_count++;
}

/* Another assessment m of subsidiary `sub`: the later one is shown, the
 * other is kept in earlier (docs/group.md). */
static isomm_error add_assessment(isomm_rollup *g, size_t sub, isomm_rollup_member *m)
{
    isomm_rollup_member *cur = &g->members[sub];
    if (rollup_member_later(m, cur)) {
        isomm_rollup_member old = *cur;
        m->name = old.name;
        old.name = NULL;
        m->assessments = old.assessments + 1;
        m->subsidiary = (long)sub;
        old.assessments = 0;
        *cur = *m;
        memset(m, 0, sizeof *m);
        long j = push_earlier(g, &old, sub);
        if (j < 0) {
            rollup_member_clear(&old);
            return ISOMM_ERR_NOMEM;
        }
        g->members[sub].previous = j;
        return ISOMM_OK;
    }
    long prev = cur->previous;
    int newer = prev < 0 || rollup_member_later(m, &g->earlier[prev]);
    long j = push_earlier(g, m, sub);
    if (j < 0)
        return ISOMM_ERR_NOMEM;
    g->members[sub].assessments++;
    if (newer)
        g->members[sub].previous = j;
    return ISOMM_OK;
}

/* The folded organization of m, or NULL (none, or out of memory: *nomem). */
static char *organization_key(const isomm_rollup_member *m, int *nomem)
{
    *nomem = 0;
    if (!m->organization)
        return NULL;
    char *key = core_fold_name(m->organization);
    if (!key)
        *nomem = 1;
    else if (!*key) {
        free(key);
        key = NULL;
    }
    return key;
}

isomm_error rollup_push(isomm_rollup *g, isomm_rollup_member *m)
{
    group_priv *priv = g->priv;
    int nomem;
    char *key = organization_key(m, &nomem);
    if (nomem)
        return ISOMM_ERR_NOMEM;
    name_slot *same = key ? name_set_find(&priv->organizations, key) : NULL;
    if (same) {
        free(key);
        return add_assessment(g, same->value, m);
    }
    /* Room everywhere first: once named, the member is in. */
    isomm_error err = grow_members(g);
    if (!err && (name_set_reserve(&priv->names) != 0 ||
                 name_set_reserve(&priv->organizations) != 0))
        err = ISOMM_ERR_NOMEM;
    if (!err)
        err = member_name(g, m);
    if (err) {
        free(key);
        return err;
    }
    size_t i = g->member_count;
    if (key)
        name_set_put(&priv->organizations, key, i);
    priv->keys[i] = key;
    m->assessments = 1;
    m->previous = -1;
    m->subsidiary = (long)i;
    g->members[g->member_count++] = *m;
    memset(m, 0, sizeof *m);
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
    isomm_error err = rollup_member_from_portfolio(&m, p);
    if (!err) {
        err = rollup_push(g, &m);
        rollup_member_clear(&m);
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

/* ---- figures shared by the writers ---------------------------------------- */

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
