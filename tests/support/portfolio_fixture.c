/* portfolio_fixture.c - see portfolio_fixture.h. */
#define _POSIX_C_SOURCE 200809L
#include "portfolio_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

int pf_fixture_as_is(size_t i)
{
    return i % 7 == 3 ? -1 : (int)(i % 5) + 1;
}

int pf_fixture_to_be(size_t i)
{
    int a = pf_fixture_as_is(i);
    if (a < 0 || i % 4 == 1)
        return -1;
    return a < 5 ? a + 1 : 5;
}

isomm_side pf_fixture_allocation(size_t i)
{
    static const isomm_side all[] = {ISOMM_SIDE_INSOURCE, ISOMM_SIDE_OUTSOURCE,
                                     ISOMM_SIDE_COMBINED, ISOMM_SIDE_UNASSIGNED,
                                     ISOMM_SIDE_NULL};
    return all[i % 5];
}

isomm_recommendation pf_fixture_recommendation(size_t i)
{
    static const isomm_recommendation all[] = {
        ISOMM_REC_BASIC, ISOMM_REC_STANDARD, ISOMM_REC_ADVANCED,
        ISOMM_REC_OPTIONAL, ISOMM_REC_NOT_REQUIRED, ISOMM_REC_NULL};
    return all[i % 6];
}

isomm_role_result pf_fixture_role(size_t i)
{
    isomm_role_result r;
    switch (i % 3) {
    case 0:
        r.state = ISOMM_ROLE_SCORED;
        r.side = i % 2 ? ISOMM_SIDE_OUTSOURCE : ISOMM_SIDE_INSOURCE;
        r.level = (int)(i % 5) + 1;
        break;
    case 1:
        r.state = ISOMM_ROLE_DECLINED;
        r.side = ISOMM_SIDE_INSOURCE;
        r.level = 0;
        break;
    default:
        r.state = ISOMM_ROLE_BLANK;
        r.side = ISOMM_SIDE_NULL;
        r.level = -1;
        break;
    }
    return r;
}

static char *dup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static char *tagged(const char *tag, const char *id)
{
    size_t n = strlen(tag) + strlen(id) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s %s", tag, id);
    return s;
}

isomm_portfolio *pf_fixture_new(const isomm_catalog *c, int with_roles)
{
    isomm_portfolio *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->catalog = c;
    p->path = dup("fixture/自己評価シート.xlsx");
    p->kind = dup("isomm-v2.1");
    p->sheet = dup("セルフチェック");
    p->layout = dup("marker-grid");
    p->organization = dup("テスト株式会社 CSIRT");
    p->date = dup("2024-04-01");
    p->pattern_current = c->pattern_count > 1 ? 1 : -1;
    p->pattern_target = -1;
    p->policy.merge = ISOMM_MERGE_MIN;
    p->services = calloc(c->service_count ? c->service_count : 1,
                         sizeof *p->services);
    p->categories = calloc(c->category_count ? c->category_count : 1,
                           sizeof *p->categories);
    if (!p->path || !p->kind || !p->sheet || !p->layout || !p->organization ||
        !p->date || !p->services || !p->categories)
        goto fail;
    for (size_t i = 0; i < c->service_count; i++) {
        isomm_service_result *s = &p->services[i];
        s->as_is = pf_fixture_as_is(i);
        s->to_be = pf_fixture_to_be(i);
        s->allocation = pf_fixture_allocation(i);
        s->recommendation = pf_fixture_recommendation(i);
        s->flags = c->services[i].source_count ? 0 : ISOMM_FLAG_NEW;
        if (i % 2 == 0 && !(s->memo = tagged("memo", c->services[i].id)))
            goto fail;
    }
    isomm_portfolio_update_categories(p);
    if (with_roles) {
        p->roles = calloc(c->role_count ? c->role_count : 1, sizeof *p->roles);
        p->role_notes = calloc(c->role_count ? c->role_count : 1,
                               sizeof *p->role_notes);
        if (!p->roles || !p->role_notes)
            goto fail;
        for (size_t i = 0; i < c->role_count; i++) {
            p->roles[i] = pf_fixture_role(i);
            if (i % 3 == 0 &&
                !(p->role_notes[i] = tagged("note", c->roles[i].id)))
                goto fail;
        }
    }
    if (core_strlist_addf(&p->warnings, "セルフチェック!B12 (A-1): %s",
                           "インソースとアウトソースの両方が選択されています") ||
        core_strlist_addf(&p->warnings, "second warning"))
        goto fail;
    return p;
fail:
    isomm_portfolio_free(p);
    return NULL;
}
