/* json.c - the trend as a JSON document (schema isomm-trend/1,
 * docs/trend.md), laid out as Python's json.dumps(indent=2). One array
 * element per assessment, oldest first; null where a value is unknown. */
#include "trend/trend.h"

#include <math.h>

#include "core/core.h"

static void score(export_json *w, int v)
{
    export_json_int(w, v);
}

static void whole(export_json *w, double v)
{
    if (isnan(v))
        export_json_str(w, NULL);
    else
        export_json_signed(w, (long)lround(v));
}

/* An array element {"id": …, "name": …, (the caller's keys)}. */
static void item(export_json *w, const char *id, const char *name)
{
    export_json_next(w);
    export_json_open(w, '{');
    export_json_key(w, "id");
    export_json_str(w, id);
    export_json_key(w, "name");
    export_json_str(w, name);
}

static const char *pattern_key(const isomm_catalog *c, long i)
{
    return i >= 0 && (size_t)i < c->pattern_count ? c->patterns[i].key : NULL;
}

static void assessments(export_json *w, const trend_view *v)
{
    export_json_key(w, "assessments");
    export_json_open(w, '[');
    for (size_t i = 0; i < v->n; i++) {
        const isomm_rollup_member *a = &v->t->assessments[i];
        export_json_next(w);
        export_json_open(w, '{');
        export_json_key(w, "date");
        export_json_str(w, a->date);
        export_json_key(w, "path");
        export_json_str(w, a->path);
        export_json_key(w, "kind");
        export_json_str(w, a->kind);
        export_json_key(w, "date_source");
        export_json_str(w, a->date_source);
        export_json_key(w, "organization");
        export_json_str(w, a->organization);
        export_json_key(w, "patterns");
        export_json_open(w, '{');
        export_json_key(w, "current");
        export_json_str(w, pattern_key(v->c, a->pattern_current));
        export_json_key(w, "target");
        export_json_str(w, pattern_key(v->c, a->pattern_target));
        export_json_close(w, '}');
        export_json_key(w, "as_is");
        export_json_number(w, v->overall[i]);
        export_json_key(w, "assessed");
        export_json_size(w, a->assessed);
        export_json_key(w, "warnings");
        export_json_size(w, a->warning_count);
        export_json_close(w, '}');
    }
    export_json_close(w, ']');
}

/* "key": [one value per assessment] of service s. */
enum { ARR_AS_IS, ARR_TO_BE, ARR_ALLOCATION, ARR_RECOMMENDATION, ARR_ORIGIN };

static void service_array(export_json *w, const trend_view *v, size_t s, int what)
{
    static const char *const keys[] = {"as_is", "to_be", "allocation", "recommendation",
                                       "origin"};
    export_json_key(w, keys[what]);
    export_json_open(w, '[');
    for (size_t i = 0; i < v->n; i++) {
        const isomm_rollup_member *a = &v->t->assessments[i];
        export_json_next(w);
        switch (what) {
        case ARR_AS_IS: score(w, a->as_is[s]); break;
        case ARR_TO_BE: score(w, a->to_be[s]); break;
        case ARR_ALLOCATION:
            export_json_str(w, isomm_side_key((isomm_side)a->allocation[s]));
            break;
        case ARR_RECOMMENDATION:
            export_json_str(w, isomm_recommendation_key((isomm_recommendation)a->recommendation[s]));
            break;
        default: export_json_str(w, trend_origin_key(trend_origin_of(v->t, i, s)));
        }
    }
    export_json_close(w, ']');
}

static void services(export_json *w, const trend_view *v)
{
    const isomm_catalog *c = v->c;
    export_json_key(w, "services");
    export_json_open(w, '[');
    for (size_t s = 0; s < c->service_count; s++) {
        const isomm_service *sv = &c->services[s];
        item(w, sv->id, sv->name);
        export_json_key(w, "category");
        export_json_str(w, c->categories[sv->category].id);
        for (int k = ARR_AS_IS; k <= ARR_RECOMMENDATION; k++)
            service_array(w, v, s, k);
        export_json_key(w, "sources");
        export_json_open(w, '[');
        for (size_t k = 0; k < sv->source_count; k++) {
            export_json_next(w);
            export_json_str(w, c->roles[sv->sources[k]].id);
        }
        export_json_close(w, ']');
        service_array(w, v, s, ARR_ORIGIN);
        export_json_key(w, "change");
        whole(w, v->service_change[s]);
        export_json_close(w, '}');
    }
    export_json_close(w, ']');
}

static void categories(export_json *w, const trend_view *v)
{
    const isomm_catalog *c = v->c;
    export_json_key(w, "categories");
    export_json_open(w, '[');
    for (size_t k = 0; k < c->category_count; k++) {
        item(w, c->categories[k].id, c->categories[k].name);
        export_json_key(w, "as_is");
        export_json_open(w, '[');
        for (size_t i = 0; i < v->n; i++) {
            export_json_next(w);
            export_json_number(w, trend_category(v, i, k));
        }
        export_json_close(w, ']');
        export_json_key(w, "change");
        export_json_number(w, v->category_change[k]);
        export_json_close(w, '}');
    }
    export_json_close(w, ']');
}

/* A ranked list: services (whole numbers) or categories. */
static void list(export_json *w, const trend_view *v, const char *key, const trend_list *l,
                 int of_categories, int to_be)
{
    const isomm_catalog *c = v->c;
    export_json_key(w, key);
    export_json_open(w, '[');
    for (size_t i = 0; i < l->count; i++) {
        const trend_pick *p = &l->item[i];
        if (of_categories)
            item(w, c->categories[p->index].id, c->categories[p->index].name);
        else
            item(w, c->services[p->index].id, c->services[p->index].name);
        const char *const *names = to_be ? (const char *const[]){"as_is", "to_be", "gap"}
                                         : (const char *const[]){"first", "latest", "change"};
        double values[3] = {p->from, p->to, p->change};
        for (int k = 0; k < 3; k++) {
            export_json_key(w, names[k]);
            if (of_categories)
                export_json_number(w, values[k]);
            else
                whole(w, values[k]);
        }
        export_json_close(w, '}');
    }
    export_json_close(w, ']');
}

/* The label key (phases 1 and 2) of service s in assessment a. */
static const char *phase_key(const isomm_rollup_member *a, int k, size_t s)
{
    return k == TREND_PHASE_REC ? isomm_recommendation_key((isomm_recommendation)a->recommendation[s])
                                : isomm_side_key((isomm_side)a->allocation[s]);
}

/* One phase: the services that changed, with their two values. */
static void phase(export_json *w, const trend_view *v, int k)
{
    static const char *const keys[TREND_PHASES] = {"recommendation", "allocation", "as_is", "gap"};
    const isomm_rollup_member *p = &v->t->assessments[v->prev], *l = &v->t->assessments[v->last];
    export_json_key(w, keys[k]);
    export_json_open(w, '[');
    for (size_t i = 0; i < v->phase_count[k]; i++) {
        size_t s = v->phase[k][i];
        item(w, v->c->services[s].id, v->c->services[s].name);
        if (k < TREND_PHASE_AS_IS) {
            export_json_key(w, "previous");
            export_json_str(w, phase_key(p, k, s));
            export_json_key(w, "latest");
            export_json_str(w, phase_key(l, k, s));
        } else {
            double a, b;
            trend_phase_values(v, k, s, &a, &b);
            export_json_key(w, "previous");
            whole(w, a);
            export_json_key(w, "latest");
            whole(w, b);
            export_json_key(w, "change");
            whole(w, isnan(a) || isnan(b) ? NAN : b - a);
        }
        export_json_close(w, '}');
    }
    export_json_close(w, ']');
}

static void changes(export_json *w, const trend_view *v)
{
    const isomm_trend *t = v->t;
    export_json_key(w, "changes");
    export_json_open(w, '{');
    const char *const when[] = {"first", "previous", "latest"};
    const size_t at[] = {0, v->prev, v->last};
    for (int k = 0; k < 3; k++) {
        export_json_key(w, when[k]);
        export_json_str(w, t->assessments[at[k]].date);
    }
    export_json_key(w, "as_is");
    export_json_open(w, '{');
    for (int k = 0; k < 3; k++) {
        export_json_key(w, when[k]);
        export_json_number(w, v->overall[at[k]]);
    }
    export_json_key(w, "change");
    export_json_number(w, v->overall[v->last] - v->overall[0]);
    export_json_key(w, "change_previous");
    export_json_number(w, v->overall[v->last] - v->overall[v->prev]);
    export_json_close(w, '}');
    list(w, v, "improved_services", &v->up, 0, 0);
    list(w, v, "regressed_services", &v->down, 0, 0);
    list(w, v, "improved_categories", &v->category_up, 1, 0);
    list(w, v, "regressed_categories", &v->category_down, 1, 0);
    list(w, v, "furthest_from_to_be", &v->furthest, 0, 1);
    export_json_key(w, "phases");
    export_json_open(w, '{');
    for (int k = 0; k < TREND_PHASES; k++)
        phase(w, v, k);
    export_json_close(w, '}');
    export_json_close(w, '}');
}

static isomm_error document(FILE *f, const void *ctx)
{
    const trend_view *v = ctx;
    export_json w = {f, 0, {0}};
    export_json_open(&w, '{');
    export_json_key(&w, "schema");
    export_json_str(&w, "isomm-trend/1");
    export_json_key(&w, "organization");
    export_json_str(&w, v->t->organization);
    assessments(&w, v);
    services(&w, v);
    categories(&w, v);
    changes(&w, v);
    export_json_close(&w, '}');
    fputc('\n', f);
    return ferror(f) ? ISOMM_ERR_WRITE : ISOMM_OK;
}

isomm_error isomm_trend_write_json(const isomm_trend *t, const char *path, char *errbuf)
{
    return trend_write_text(t, path, NULL, document, errbuf);
}

isomm_error isomm_trend_write_json_stream(const isomm_trend *t, FILE *stream, char *errbuf)
{
    return trend_write_text(t, NULL, stream, document, errbuf);
}
