/* member.c - what the roll-up and the trend keep of one assessment (an
 * isomm_rollup_member): its service values in one block, and the figures
 * derived from them. */
#include "rollup/rollup.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

void rollup_member_clear(isomm_rollup_member *m)
{
    free(m->name);
    free(m->path);
    free(m->organization);
    free(m->date);
    free(m->date_source);
    free(m->kind);
    free(m->as_is); /* one block holds every array */
    memset(m, 0, sizeof *m);
}

int rollup_member_alloc(isomm_rollup_member *m, size_t services, size_t categories)
{
    /* The four byte arrays (as_is first, which rollup_member_clear frees),
     * then the doubles, aligned. */
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
    m->previous = -1;
    m->subsidiary = -1;
    return 0;
}

void rollup_member_figures(isomm_rollup_member *m, const isomm_catalog *c)
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

isomm_error rollup_member_from_portfolio(isomm_rollup_member *m, const isomm_portfolio *p)
{
    const isomm_catalog *c = p->catalog;
    memset(m, 0, sizeof *m);
    if (rollup_member_alloc(m, c->service_count, c->category_count) != 0)
        return ISOMM_ERR_NOMEM;
    m->path = core_strdup(p->path ? p->path : "");
    m->organization = core_strdup(p->organization);
    m->date = core_strdup(p->date);
    m->date_source = core_strdup(p->date ? p->date_source : NULL);
    m->kind = core_strdup(p->kind);
    if (!m->path || (p->organization && !m->organization) || (p->date && !m->date) ||
        (p->date && p->date_source && !m->date_source) || (p->kind && !m->kind)) {
        rollup_member_clear(m);
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
    rollup_member_figures(m, c);
    return ISOMM_OK;
}

int rollup_member_later(const isomm_rollup_member *a, const isomm_rollup_member *b)
{
    return strcmp(a->date ? a->date : "", b->date ? b->date : "") >= 0;
}
