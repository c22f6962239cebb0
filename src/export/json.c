/* json.c - the JSON document (schema isomm-portfolio/2, docs/json.md),
 * laid out by jsonw.c as Python's json.dumps(indent=2) would. */
#include "export.h"

#include "isomm/output.h"
#include "core/core.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *flag_keys[] = {"new-in-x1060", "merged", "partial", "unanswered"};

static const char *pattern_key(const isomm_portfolio *p, long i)
{
    return i >= 0 && (size_t)i < p->catalog->pattern_count ? p->catalog->patterns[i].key
                                                           : NULL;
}

static isomm_error write_document(const isomm_portfolio *p, FILE *f)
{
    const isomm_catalog *c = p->catalog;
    export_json w = {f, 0, {0}};
    export_json_open(&w, '{');
    export_json_key(&w, "schema");
    export_json_str(&w, "isomm-portfolio/2");
    export_json_key(&w, "organization");
    export_json_str(&w, p->organization);
    export_json_key(&w, "date");
    export_json_str(&w, p->date);

    export_json_key(&w, "source");
    export_json_open(&w, '{');
    export_json_key(&w, "path");
    export_json_str(&w, p->path);
    export_json_key(&w, "kind");
    export_json_str(&w, p->kind);
    export_json_key(&w, "sheet");
    export_json_str(&w, p->sheet);
    export_json_key(&w, "layout");
    export_json_str(&w, p->layout);
    export_json_close(&w, '}');

    export_json_key(&w, "patterns");
    export_json_open(&w, '{');
    export_json_key(&w, "current");
    export_json_str(&w, pattern_key(p, p->pattern_current));
    export_json_key(&w, "target");
    export_json_str(&w, pattern_key(p, p->pattern_target));
    export_json_close(&w, '}');

    export_json_key(&w, "policy");
    export_json_open(&w, '{');
    export_json_key(&w, "merge");
    export_json_str(&w, isomm_merge_key(p->policy.merge));
    export_json_close(&w, '}');

    export_json_key(&w, "roles");
    export_json_open(&w, '[');
    for (size_t r = 0; p->roles && r < c->role_count; r++) {
        const isomm_role_result *rr = &p->roles[r];
        export_json_next(&w);
        export_json_open(&w, '{');
        export_json_key(&w, "id");
        export_json_str(&w, c->roles[r].id);
        export_json_key(&w, "name");
        export_json_str(&w, c->roles[r].name);
        export_json_key(&w, "state");
        export_json_str(&w, isomm_role_state_key(rr->state));
        export_json_key(&w, "side");
        export_json_str(&w, isomm_side_key(rr->side));
        export_json_key(&w, "level");
        export_json_int(&w, rr->state == ISOMM_ROLE_BLANK ? -1 : rr->level);
        export_json_key(&w, "note");
        export_json_str(&w, p->role_notes ? p->role_notes[r] : NULL);
        export_json_close(&w, '}');
    }
    export_json_close(&w, ']');

    export_json_key(&w, "services");
    export_json_open(&w, '[');
    for (size_t s = 0; s < c->service_count; s++) {
        const isomm_service *sv = &c->services[s];
        const isomm_service_result *sr = &p->services[s];
        export_json_next(&w);
        export_json_open(&w, '{');
        export_json_key(&w, "id");
        export_json_str(&w, sv->id);
        export_json_key(&w, "category");
        export_json_str(&w, c->categories[sv->category].id);
        export_json_key(&w, "name");
        export_json_str(&w, sv->name);
        export_json_key(&w, "recommendation");
        export_json_str(&w, isomm_recommendation_key(sr->recommendation));
        export_json_key(&w, "allocation");
        export_json_str(&w, isomm_side_key(sr->allocation));
        export_json_key(&w, "as_is");
        export_json_int(&w, sr->as_is);
        export_json_key(&w, "to_be");
        export_json_int(&w, sr->to_be);
        export_json_key(&w, "sources");
        export_json_open(&w, '[');
        for (size_t k = 0; k < sv->source_count; k++) {
            export_json_next(&w);
            export_json_str(&w, c->roles[sv->sources[k]].id);
        }
        export_json_close(&w, ']');
        export_json_key(&w, "flags");
        export_json_open(&w, '[');
        for (size_t k = 0; k < sizeof flag_keys / sizeof flag_keys[0]; k++)
            if (sr->flags & (1u << k)) {
                export_json_next(&w);
                export_json_str(&w, flag_keys[k]);
            }
        export_json_close(&w, ']');
        export_json_close(&w, '}');
    }
    export_json_close(&w, ']');

    export_json_key(&w, "categories");
    export_json_open(&w, '[');
    for (size_t k = 0; k < c->category_count; k++) {
        const isomm_category_result *cr = &p->categories[k];
        export_json_next(&w);
        export_json_open(&w, '{');
        export_json_key(&w, "id");
        export_json_str(&w, c->categories[k].id);
        export_json_key(&w, "name");
        export_json_str(&w, c->categories[k].name);
        export_json_key(&w, "as_is");
        export_json_number(&w, cr->assessed ? cr->as_is : NAN);
        export_json_key(&w, "to_be");
        export_json_number(&w, cr->to_be_count ? cr->to_be : NAN);
        export_json_key(&w, "assessed");
        export_json_size(&w, cr->assessed);
        export_json_key(&w, "total");
        export_json_size(&w, cr->total);
        export_json_close(&w, '}');
    }
    export_json_close(&w, ']');

    export_json_key(&w, "warnings");
    export_json_open(&w, '[');
    for (size_t i = 0; i < p->warnings.count; i++) {
        export_json_next(&w);
        export_json_str(&w, p->warnings.items[i]);
    }
    export_json_close(&w, ']');
    export_json_close(&w, '}');
    fputc('\n', f);
    return ferror(f) ? ISOMM_ERR_WRITE : ISOMM_OK;
}

isomm_error isomm_write_json_stream(const isomm_portfolio *p, FILE *f, char *errbuf)
{
    if (!p || !f)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_write_json_stream: no portfolio or stream");
    if (write_document(p, f) != ISOMM_OK)
        return core_fail(errbuf, ISOMM_ERR_WRITE, "JSON: write failed");
    return ISOMM_OK;
}

static isomm_error write_portfolio(FILE *f, const void *p)
{
    return write_document(p, f);
}

isomm_error isomm_write_json(const isomm_portfolio *p, const char *path, char *errbuf)
{
    if (!p)
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_write_json: no portfolio given");
    return export_to_path(path, write_portfolio, p, errbuf);
}
