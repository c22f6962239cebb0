/* normalize.c - the migration policy: v2.1 role answers -> X.1060 service
 * portfolio. Normative text: docs/migration-policy.md. */
#include "isomm/portfolio.h"
#include "core/core.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Highest level set in a 6-bit mask (levels 0..5), or -1. */
static int highest(unsigned mask)
{
    for (int l = 5; l >= 0; l--)
        if (mask & (1u << l))
            return l;
    return -1;
}

static int count_bits(unsigned mask)
{
    int n = 0;
    for (int l = 0; l <= 5; l++)
        n += (mask >> l) & 1u;
    return n;
}

static isomm_error warn_duplicates(isomm_strlist *w, const char *sheet,
                                   const isomm_answer *a, const char *role,
                                   unsigned mask, const char *side)
{
    if (count_bits(mask) < 2)
        return ISOMM_OK;
    char levels[32] = "";
    size_t len = 0;
    for (int l = 0; l <= 5; l++)
        if (mask & (1u << l))
            len += (size_t)snprintf(levels + len, sizeof levels - len, "%s%d",
                                    len ? ", " : "", l);
    return core_strlist_addf(w, "%s!%s (%s): %d marks on the %s side (levels %s); kept %d",
                              sheet ? sheet : "?", a->cell[0] ? a->cell : "?", role,
                              count_bits(mask), side, levels, highest(mask));
}

/* Resolve one role's raw marks (policy §1). */
static isomm_role_result resolve_role(const isomm_answer *a)
{
    isomm_role_result r = {ISOMM_ROLE_BLANK, ISOMM_SIDE_NULL, -1};
    unsigned in = a->insource & 0x3Fu, out = a->outsource & 0x3Fu;
    if (!in && !out)
        return r;
    int hi_in = (in & ~1u) ? highest(in) : 0;
    int hi_out = (out & ~1u) ? highest(out) : 0;
    if (hi_in == 0 && hi_out == 0) {
        r.state = ISOMM_ROLE_DECLINED;
        r.level = 0;
        r.side = in && out ? ISOMM_SIDE_COMBINED
                 : in      ? ISOMM_SIDE_INSOURCE
                           : ISOMM_SIDE_OUTSOURCE;
        return r;
    }
    r.state = ISOMM_ROLE_SCORED;
    r.level = hi_in > hi_out ? hi_in : hi_out;
    r.side = hi_in && hi_out ? ISOMM_SIDE_COMBINED
             : hi_in         ? ISOMM_SIDE_INSOURCE
                             : ISOMM_SIDE_OUTSOURCE;
    return r;
}

/* The scored levels of a service's sources, as they merge (policy §2). */
typedef struct level_merge {
    int lo, hi, sum;
    size_t n;
} level_merge;

static void merge_add(level_merge *m, int level)
{
    if (m->n == 0 || level < m->lo)
        m->lo = level;
    if (m->n == 0 || level > m->hi)
        m->hi = level;
    m->sum += level;
    m->n++;
}

static int merge_result(isomm_merge how, const level_merge *m)
{
    switch (how) {
    case ISOMM_MERGE_MAX: return m->hi;
    case ISOMM_MERGE_MEAN: return (int)floor((double)m->sum / (double)m->n + 0.5);
    case ISOMM_MERGE_MIN: break;
    }
    return m->lo;
}

/* "A-6 インソース3" / "I-4 未回答" / "D-5 対象外(0)" */
static void describe_source(char *buf, size_t size, const char *id,
                            const isomm_role_result *r)
{
    switch (r->state) {
    case ISOMM_ROLE_SCORED:
        snprintf(buf, size, "%s %s%d", id, isomm_side_label(r->side), r->level);
        break;
    case ISOMM_ROLE_DECLINED:
        snprintf(buf, size, "%s 対象外(0)", id);
        break;
    case ISOMM_ROLE_BLANK:
        snprintf(buf, size, "%s 未回答", id);
        break;
    }
}

/* Apply the service rules (policy §2) to service `s`. */
static isomm_error migrate_service(isomm_portfolio *p, size_t s)
{
    const isomm_service *sv = &p->catalog->services[s];
    isomm_service_result *out = &p->services[s];
    out->as_is = out->to_be = -1;
    if (sv->source_count == 0) {
        out->allocation = ISOMM_SIDE_UNASSIGNED;
        out->flags = ISOMM_FLAG_NEW;
        out->memo = core_strdup("X.1060で新設: v2.1に対応する役割なし");
        return out->memo ? ISOMM_OK : ISOMM_ERR_NOMEM;
    }
    level_merge m = {0};
    size_t scored = 0, declined = 0, blank = 0;
    isomm_side side = ISOMM_SIDE_NULL;
    core_buf list = {0};
    for (size_t k = 0; k < sv->source_count; k++) {
        size_t r = sv->sources[k];
        const isomm_role_result *rr = &p->roles[r];
        char one[128];
        describe_source(one, sizeof one, p->catalog->roles[r].id, rr);
        if ((k && core_buf_add(&list, ", ", 2)) || core_buf_add(&list, one, strlen(one))) {
            free(list.data);
            return ISOMM_ERR_NOMEM;
        }
        if (rr->state == ISOMM_ROLE_SCORED) {
            merge_add(&m, rr->level);
            scored++;
            if (side == ISOMM_SIDE_NULL)
                side = rr->side;
            else if (side != rr->side)
                side = ISOMM_SIDE_COMBINED;
        } else if (rr->state == ISOMM_ROLE_DECLINED) {
            declined++;
        } else {
            blank++;
        }
    }
    if (scored) {
        out->as_is = merge_result(p->policy.merge, &m);
        out->allocation = side;
        if (scored > 1)
            out->flags |= ISOMM_FLAG_MERGED;
        if (declined || blank)
            out->flags |= ISOMM_FLAG_PARTIAL;
        if (p->policy.to_be >= 1 && p->policy.to_be <= 5)
            out->to_be = p->policy.to_be;
        if (scored > 1)
            out->memo = core_asprintf("v2.1 %s を統合 (%s) → %d%s", list.data,
                                       isomm_merge_key(p->policy.merge), out->as_is,
                                       (declined || blank) ? "。未回答・対象外の役割は除外" : "");
        else
            out->memo = core_asprintf("v2.1 %s から移行%s", list.data,
                                       (declined || blank) ? "。未回答・対象外の役割は除外" : "");
    } else if (declined == sv->source_count) {
        out->recommendation = ISOMM_REC_NOT_REQUIRED;
        out->allocation = ISOMM_SIDE_NULL;
        out->memo = core_asprintf("v2.1 %s: すべて評価対象外(0)のため不要", list.data);
    } else {
        out->allocation = ISOMM_SIDE_UNASSIGNED;
        out->flags = ISOMM_FLAG_UNANSWERED;
        out->memo = core_asprintf("v2.1 %s: 評価なし", list.data);
    }
    free(list.data);
    return out->memo ? ISOMM_OK : ISOMM_ERR_NOMEM;
}

void isomm_portfolio_update_categories(isomm_portfolio *p)
{
    const isomm_catalog *c = p->catalog;
    memset(p->categories, 0, c->category_count * sizeof *p->categories);
    /* The sums first, in the fields that then hold the means. */
    for (size_t s = 0; s < c->service_count; s++) {
        isomm_category_result *cr = &p->categories[c->services[s].category];
        cr->total++;
        if (p->services[s].as_is >= 0) {
            cr->assessed++;
            cr->as_is += p->services[s].as_is;
        }
        if (p->services[s].to_be >= 0) {
            cr->to_be_count++;
            cr->to_be += p->services[s].to_be;
        }
    }
    for (size_t k = 0; k < c->category_count; k++) {
        isomm_category_result *cr = &p->categories[k];
        cr->as_is = cr->assessed ? cr->as_is / (double)cr->assessed : 0.0;
        cr->to_be = cr->to_be_count ? cr->to_be / (double)cr->to_be_count : 0.0;
    }
}

isomm_portfolio *migrate_portfolio_new(const isomm_catalog *c)
{
    isomm_portfolio *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->catalog = c;
    p->pattern_current = p->pattern_target = -1;
    p->services = calloc(c->service_count ? c->service_count : 1, sizeof *p->services);
    p->categories = calloc(c->category_count ? c->category_count : 1,
                           sizeof *p->categories);
    if (!p->services || !p->categories) {
        isomm_portfolio_free(p);
        return NULL;
    }
    return p;
}

static isomm_error migrate(const isomm_assessment *in, const isomm_policy *policy,
                           isomm_portfolio **out)
{
    const isomm_catalog *c = in->catalog;
    isomm_portfolio *p = migrate_portfolio_new(c);
    if (!p)
        return ISOMM_ERR_NOMEM;
    isomm_error err = ISOMM_ERR_NOMEM;
    if (policy)
        p->policy = *policy;
    p->path = core_strdup(in->path);
    p->kind = core_strdup(in->kind);
    p->sheet = core_strdup(in->sheet);
    p->layout = core_strdup(in->layout);
    p->table_range = core_strdup(in->table_range);
    p->selections = core_strdup(in->selections);
    p->organization = core_strdup(in->organization);
    p->date = core_strdup(in->date);
    p->date_source = core_strdup(in->date_source);
    if ((in->path && !p->path) || (in->kind && !p->kind) || (in->sheet && !p->sheet) ||
        (in->layout && !p->layout) || (in->table_range && !p->table_range) ||
        (in->selections && !p->selections) || (in->organization && !p->organization) ||
        (in->date && !p->date) || (in->date_source && !p->date_source))
        goto fail;
    p->pattern_current = in->pattern_current;
    p->pattern_target = in->pattern_target;
    p->roles = calloc(c->role_count ? c->role_count : 1, sizeof *p->roles);
    p->role_notes = calloc(c->role_count ? c->role_count : 1, sizeof *p->role_notes);
    if (!p->roles || !p->role_notes)
        goto fail;
    for (size_t i = 0; i < in->warnings.count; i++)
        if (core_strlist_addf(&p->warnings, "%s", in->warnings.items[i]))
            goto fail;
    for (size_t r = 0; r < c->role_count; r++) {
        const isomm_answer *a = &in->answers[r];
        p->roles[r] = resolve_role(a);
        if (a->note && !(p->role_notes[r] = core_strdup(a->note)))
            goto fail;
        if (warn_duplicates(&p->warnings, in->sheet, a, c->roles[r].id,
                            a->insource & 0x3Fu, "insource") ||
            warn_duplicates(&p->warnings, in->sheet, a, c->roles[r].id,
                            a->outsource & 0x3Fu, "outsource"))
            goto fail;
    }
    for (size_t s = 0; s < c->service_count; s++)
        if ((err = migrate_service(p, s)))
            goto fail;
    isomm_portfolio_update_categories(p);
    *out = p;
    return ISOMM_OK;
fail:
    isomm_portfolio_free(p);
    return err ? err : ISOMM_ERR_NOMEM;
}

isomm_error isomm_portfolio_from_assessment(const isomm_assessment *in,
                                            const isomm_policy *policy,
                                            isomm_portfolio **out, char *errbuf)
{
    if (!out)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_portfolio_from_assessment: no result given");
    *out = NULL;
    if (!in || !in->catalog || !in->answers)
        return core_fail(errbuf, ISOMM_ERR_ARG,
                         "isomm_portfolio_from_assessment: no assessment given");
    if (migrate(in, policy, out) != ISOMM_OK)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory while migrating",
                         in->path ? in->path : "assessment");
    return ISOMM_OK;
}

void isomm_portfolio_free(isomm_portfolio *p)
{
    if (!p)
        return;
    free(p->path);
    free(p->kind);
    free(p->sheet);
    free(p->layout);
    free(p->table_range);
    free(p->selections);
    free(p->organization);
    free(p->date);
    free(p->date_source);
    if (p->role_notes)
        for (size_t r = 0; r < p->catalog->role_count; r++)
            free(p->role_notes[r]);
    free(p->role_notes);
    free(p->roles);
    if (p->services)
        for (size_t s = 0; s < p->catalog->service_count; s++)
            free(p->services[s].memo);
    free(p->services);
    free(p->categories);
    core_strlist_clear(&p->warnings);
    free(p);
}

/* Replace *field with a copy of value (NULL clears it). 0 or -1. */
static int set_text(char **field, const char *value)
{
    char *copy = value ? core_strdup(value) : NULL;
    if (value && !copy)
        return -1;
    free(*field);
    *field = copy;
    return 0;
}

isomm_error isomm_portfolio_set_organization(isomm_portfolio *p, const char *name, char *errbuf)
{
    if (!p)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_portfolio_set_organization: no portfolio");
    if (set_text(&p->organization, name) != 0)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "out of memory");
    return ISOMM_OK;
}

/* 1 if text is YYYY-MM-DD and a day of the Gregorian calendar. */
static int calendar_date(const char *t)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(t) != 10 || t[4] != '-' || t[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (t[i] < '0' || t[i] > '9'))
            return 0;
    int y = atoi(t), m = atoi(t + 5), d = atoi(t + 8);
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] &&
           (m != 2 || d <= 28 + leap);
}

isomm_error isomm_portfolio_set_date(isomm_portfolio *p, const char *date, char *errbuf)
{
    if (!p)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_portfolio_set_date: no portfolio");
    if (date && !calendar_date(date))
        return core_fail(errbuf, ISOMM_ERR_ARG, "'%s' is not a date like 2024-04-01", date);
    if (set_text(&p->date, date) != 0 || set_text(&p->date_source, date ? "given" : NULL) != 0)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "out of memory");
    return ISOMM_OK;
}
