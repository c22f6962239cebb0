/* model.c - a trend (isomm/trend.h): assessments of one organization
 * kept in date order, each with a date an assessment can be ordered by. */
#include "trend/trend.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define DEFAULT_TITLE "X.1060 評価の推移"

typedef struct trend_priv {
    char *organization; /* options */
    char *title;
    int file_dates;
    char *key;          /* the folded organization the assessments share */
    const char *key_name, *key_path; /* who set it (borrowed from the member) */
    size_t capacity;
} trend_priv;

isomm_error isomm_trend_new(const isomm_catalog *catalog, const isomm_trend_options *options,
                            isomm_trend **out, char *errbuf)
{
    if (!out)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_trend_new: no result given");
    *out = NULL;
    if (!catalog)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_trend_new: no catalog given");
    isomm_trend *t = calloc(1, sizeof *t);
    trend_priv *priv = calloc(1, sizeof *priv);
    if (t && priv && options) {
        priv->file_dates = options->file_dates;
        priv->organization = core_strdup(options->organization);
        priv->title = core_strdup(options->title);
        t->organization = core_trim(core_strdup(options->organization));
    }
    if (!t || !priv || (options && ((options->organization && (!priv->organization ||
                                                               !t->organization)) ||
                                    (options->title && !priv->title)))) {
        if (priv) {
            free(priv->organization);
            free(priv->title);
        }
        free(priv);
        if (t)
            free(t->organization);
        free(t);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "trend: out of memory");
    }
    t->catalog = catalog;
    t->priv = priv;
    *out = t;
    return ISOMM_OK;
}

void isomm_trend_free(isomm_trend *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->count; i++)
        rollup_member_clear(&t->assessments[i]);
    free(t->assessments);
    free(t->organization);
    trend_priv *priv = t->priv;
    if (priv) {
        free(priv->organization);
        free(priv->title);
        free(priv->key);
    }
    free(priv);
    free(t);
}

/* The date check of isomm_trend_add(). */
static isomm_error check_date(const isomm_trend *t, const isomm_rollup_member *m, char *errbuf)
{
    const trend_priv *priv = t->priv;
    if (!m->date)
        return core_fail(errbuf, ISOMM_ERR_NO_DATE,
                         "%s: no assessment date: the sheet has no 評価日 (実施日, 作成日, …) "
                         "and a trend orders its assessments by date", m->path);
    if (m->date_source && strcmp(m->date_source, "file") == 0 && !priv->file_dates)
        return core_fail(errbuf, ISOMM_ERR_NO_DATE,
                         "%s: no assessment date on the sheet (評価日, 実施日, 作成日, …); its "
                         "modification date %s is not taken for a trend (copying or saving "
                         "the file changes it)", m->path, m->date);
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->assessments[i].date, m->date) == 0)
            return core_fail(errbuf, ISOMM_ERR_SAME_DATE,
                             "%s: dated %s, as %s is: a trend takes one assessment per date",
                             m->path, m->date, t->assessments[i].path);
    return ISOMM_OK;
}

/* The organization check: the first named assessment sets the name the
 * others must share (folded), unless the options name the organization.
 * *key takes the folded name when this one sets it. */
static isomm_error check_organization(const isomm_trend *t, const isomm_rollup_member *m,
                                      char **key, char *errbuf)
{
    const trend_priv *priv = t->priv;
    *key = NULL;
    if (priv->organization || !m->organization)
        return ISOMM_OK;
    char *k = core_fold_name(m->organization);
    if (!k)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", m->path);
    if (!*k) {
        free(k);
        return ISOMM_OK;
    }
    if (!priv->key) {
        *key = k;
        return ISOMM_OK;
    }
    int same = strcmp(k, priv->key) == 0;
    free(k);
    if (same)
        return ISOMM_OK;
    return core_fail(errbuf, ISOMM_ERR_ORGANIZATION,
                     "%s: an assessment of '%s', not of '%s' (%s): a trend follows one "
                     "organization", m->path, m->name, priv->key_name, priv->key_path);
}

/* The name the trend shows: the options', else the latest named one's. */
static isomm_error update_organization(isomm_trend *t)
{
    const trend_priv *priv = t->priv;
    if (priv->organization)
        return ISOMM_OK;
    for (size_t i = t->count; i-- > 0;)
        if (*t->assessments[i].name) {
            char *name = core_strdup(t->assessments[i].name);
            if (!name)
                return ISOMM_ERR_NOMEM;
            free(t->organization);
            t->organization = name;
            return ISOMM_OK;
        }
    return ISOMM_OK;
}

/* Insert m (taking its allocations) in date order. */
static isomm_error insert(isomm_trend *t, isomm_rollup_member *m)
{
    trend_priv *priv = t->priv;
    if (core_grow((void **)&t->assessments, &priv->capacity, t->count, sizeof *m, 4) != 0)
        return ISOMM_ERR_NOMEM;
    size_t i = t->count;
    while (i > 0 && strcmp(t->assessments[i - 1].date, m->date) > 0)
        i--;
    memmove(&t->assessments[i + 1], &t->assessments[i], (t->count - i) * sizeof *m);
    t->assessments[i] = *m;
    t->count++;
    memset(m, 0, sizeof *m);
    return ISOMM_OK;
}

/* isomm_trend_add() of a member; m is cleared in every case. */
static isomm_error add_member(isomm_trend *t, isomm_rollup_member *m, char *errbuf)
{
    trend_priv *priv = t->priv;
    char *key = NULL;
    m->name = core_trim(core_strdup(m->organization ? m->organization : ""));
    isomm_error err = m->name ? ISOMM_OK : core_fail(errbuf, ISOMM_ERR_NOMEM, "trend: out of memory");
    if (!err && t->count >= ISOMM_TREND_MAX)
        err = core_fail(errbuf, ISOMM_ERR_TOO_LARGE, "%s: more than %d assessments in one trend",
                        m->path, ISOMM_TREND_MAX);
    if (!err)
        err = check_date(t, m, errbuf);
    if (!err)
        err = check_organization(t, m, &key, errbuf);
    const char *name = m->name, *path = m->path;
    if (!err && (err = insert(t, m)) != ISOMM_OK)
        core_fail(errbuf, err, "trend: out of memory");
    if (!err && key) {
        priv->key = key; /* the member keeps its strings where they are */
        priv->key_name = name;
        priv->key_path = path;
        key = NULL;
    }
    if (!err && update_organization(t) != ISOMM_OK)
        err = core_fail(errbuf, ISOMM_ERR_NOMEM, "trend: out of memory");
    free(key);
    rollup_member_clear(m);
    return err;
}

isomm_error isomm_trend_add(isomm_trend *t, const isomm_portfolio *p, char *errbuf)
{
    if (!t || !p || !p->services)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_trend_add: no trend or portfolio given");
    if (p->catalog != t->catalog)
        return core_fail(errbuf, ISOMM_ERR_ARG, "%s: read with another catalog than the trend's",
                         p->path ? p->path : "portfolio");
    isomm_rollup_member m;
    if (rollup_member_from_portfolio(&m, p) != ISOMM_OK)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory",
                         p->path ? p->path : "portfolio");
    return add_member(t, &m, errbuf);
}

isomm_error isomm_trend_add_encoded(isomm_trend *t, const void *data, size_t len, char *errbuf)
{
    if (!t || !data)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_trend_add_encoded: no trend or record given");
    isomm_rollup_member m;
    isomm_error err = rollup_member_decode(t->catalog, data, len, &m);
    if (err == ISOMM_ERR_ARG)
        return core_fail(errbuf, err, "a malformed assessment record (%zu bytes), not made by "
                         "isomm_rollup_encode() of this build and catalog", len);
    if (err)
        return core_fail(errbuf, err, "trend: out of memory");
    return add_member(t, &m, errbuf);
}

/* ---- what the writers share ----------------------------------------------- */

int trend_migrated(const isomm_rollup_member *a)
{
    return a->kind && strncmp(a->kind, "isomm-v2", 8) == 0;
}

trend_origin trend_origin_of(const isomm_trend *t, size_t i, size_t s)
{
    if (!trend_migrated(&t->assessments[i]))
        return TREND_ASSESSED;
    return t->catalog->services[s].source_count ? TREND_MIGRATED : TREND_NEW;
}

const char *trend_origin_key(trend_origin o)
{
    return o == TREND_MIGRATED ? "migrated" : o == TREND_NEW ? "new-in-x1060" : "assessed";
}

const char *trend_title(const isomm_trend *t)
{
    const trend_priv *priv = t->priv;
    return priv->title && *priv->title ? priv->title : DEFAULT_TITLE;
}

const char *trend_kind_label(const isomm_rollup_member *a)
{
    if (!a->kind)
        return "";
    if (strcmp(a->kind, "isomm-v2.1") == 0)
        return "ISOMM v2.1（移行）";
    if (strcmp(a->kind, "isomm-v2.0") == 0)
        return "ISOMM v2.0（移行）";
    if (strcmp(a->kind, "x1060-portfolio") == 0)
        return "X.1060 ポートフォリオ";
    return a->kind;
}

isomm_error trend_check(const isomm_trend *t, char *errbuf)
{
    if (!t || !t->catalog)
        return core_fail(errbuf, ISOMM_ERR_ARG, "cannot write the trend: no trend given");
    if (t->count < 2)
        return core_fail(errbuf, ISOMM_ERR_ARG,
                         "a trend needs two assessments or more of one organization; it has %zu",
                         t->count);
    return ISOMM_OK;
}

/* Check, make the view, write through `fn` to a path or a stream. */
isomm_error trend_write_text(const isomm_trend *t, const char *path, FILE *stream,
                             export_writer fn, char *errbuf)
{
    if (!path && !stream)
        return core_fail(errbuf, ISOMM_ERR_ARG, "cannot write the trend: no stream given");
    isomm_error err = trend_check(t, errbuf);
    if (err)
        return err;
    trend_view v;
    if (trend_view_make(t, &v) != ISOMM_OK)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "trend: out of memory");
    if (stream) {
        err = fn(stream, &v);
        if (err)
            core_fail(errbuf, err, "trend: write failed");
    } else {
        err = export_to_path(path, fn, &v, errbuf);
    }
    trend_view_free(&v);
    return err;
}
