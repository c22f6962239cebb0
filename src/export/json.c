/* json.c - the JSON document (schema isomm-portfolio/2, docs/json.md).
 * Layout matches Python's json.dumps(indent=2, ensure_ascii=False), so
 * outputs diff cleanly against documents made by other tools. */
#include "export.h"

#include "isomm/output.h"
#include "core/core.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 16

typedef struct jw {
    FILE *f;
    int depth;
    size_t items[JSON_MAX_DEPTH]; /* values written at each depth */
} jw;

static void indent(jw *w)
{
    fputc('\n', w->f);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->f);
}

/* Separator and indentation before a new member or element. */
static void next(jw *w)
{
    if (w->depth == 0)
        return;
    if (w->items[w->depth]++)
        fputc(',', w->f);
    indent(w);
}

static void str(jw *w, const char *s)
{
    export_json_string(w->f, s);
}

static void key(jw *w, const char *k)
{
    next(w);
    str(w, k);
    fputs(": ", w->f);
}

static void open_(jw *w, char c)
{
    fputc(c, w->f);
    if (w->depth + 1 < JSON_MAX_DEPTH)
        w->items[++w->depth] = 0;
}

static void close_(jw *w, char c)
{
    int empty = w->items[w->depth] == 0;
    w->depth--;
    if (!empty)
        indent(w);
    fputc(c, w->f);
}

static void str_or_null(jw *w, const char *s)
{
    export_json_string(w->f, s);
}

static void int_or_null(jw *w, int v)
{
    if (v >= 0)
        fprintf(w->f, "%d", v);
    else
        fputs("null", w->f);
}

/* Shortest text that reads back as the same double, as Python's repr. */
static void number(jw *w, double v)
{
    char buf[64];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    if (strchr(buf, 'e') && fabs(v) >= 1e-4 && fabs(v) < 1e16) {
        for (int dec = 0; dec <= 17; dec++) {
            snprintf(buf, sizeof buf, "%.*f", dec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
    }
    if (!strpbrk(buf, ".en"))
        strcat(buf, ".0");
    fputs(buf, w->f);
}

static const char *flag_keys[] = {"new-in-x1060", "merged", "partial", "unanswered"};

static const char *pattern_key(const isomm_portfolio *p, long i)
{
    return i >= 0 && (size_t)i < p->catalog->pattern_count ? p->catalog->patterns[i].key
                                                           : NULL;
}

static isomm_error write_document(const isomm_portfolio *p, FILE *f)
{
    const isomm_catalog *c = p->catalog;
    jw w = {f, 0, {0}};
    open_(&w, '{');
    key(&w, "schema");
    str(&w, "isomm-portfolio/2");
    key(&w, "organization");
    str_or_null(&w, p->organization);
    key(&w, "date");
    str_or_null(&w, p->date);

    key(&w, "source");
    open_(&w, '{');
    key(&w, "path");
    str_or_null(&w, p->path);
    key(&w, "kind");
    str_or_null(&w, p->kind);
    key(&w, "sheet");
    str_or_null(&w, p->sheet);
    key(&w, "layout");
    str_or_null(&w, p->layout);
    close_(&w, '}');

    key(&w, "patterns");
    open_(&w, '{');
    key(&w, "current");
    str_or_null(&w, pattern_key(p, p->pattern_current));
    key(&w, "target");
    str_or_null(&w, pattern_key(p, p->pattern_target));
    close_(&w, '}');

    key(&w, "policy");
    open_(&w, '{');
    key(&w, "merge");
    str(&w, isomm_merge_key(p->policy.merge));
    close_(&w, '}');

    key(&w, "roles");
    open_(&w, '[');
    for (size_t r = 0; p->roles && r < c->role_count; r++) {
        const isomm_role_result *rr = &p->roles[r];
        next(&w);
        open_(&w, '{');
        key(&w, "id");
        str(&w, c->roles[r].id);
        key(&w, "name");
        str(&w, c->roles[r].name);
        key(&w, "state");
        str(&w, isomm_role_state_key(rr->state));
        key(&w, "side");
        str_or_null(&w, isomm_side_key(rr->side));
        key(&w, "level");
        int_or_null(&w, rr->state == ISOMM_ROLE_BLANK ? -1 : rr->level);
        key(&w, "note");
        str_or_null(&w, p->role_notes ? p->role_notes[r] : NULL);
        close_(&w, '}');
    }
    close_(&w, ']');

    key(&w, "services");
    open_(&w, '[');
    for (size_t s = 0; s < c->service_count; s++) {
        const isomm_service *sv = &c->services[s];
        const isomm_service_result *sr = &p->services[s];
        next(&w);
        open_(&w, '{');
        key(&w, "id");
        str(&w, sv->id);
        key(&w, "category");
        str(&w, c->categories[sv->category].id);
        key(&w, "name");
        str(&w, sv->name);
        key(&w, "recommendation");
        str_or_null(&w, isomm_recommendation_key(sr->recommendation));
        key(&w, "allocation");
        str_or_null(&w, isomm_side_key(sr->allocation));
        key(&w, "as_is");
        int_or_null(&w, sr->as_is);
        key(&w, "to_be");
        int_or_null(&w, sr->to_be);
        key(&w, "sources");
        open_(&w, '[');
        for (size_t k = 0; k < sv->source_count; k++) {
            next(&w);
            str(&w, c->roles[sv->sources[k]].id);
        }
        close_(&w, ']');
        key(&w, "flags");
        open_(&w, '[');
        for (size_t k = 0; k < sizeof flag_keys / sizeof flag_keys[0]; k++)
            if (sr->flags & (1u << k)) {
                next(&w);
                str(&w, flag_keys[k]);
            }
        close_(&w, ']');
        close_(&w, '}');
    }
    close_(&w, ']');

    key(&w, "categories");
    open_(&w, '[');
    for (size_t k = 0; k < c->category_count; k++) {
        const isomm_category_result *cr = &p->categories[k];
        next(&w);
        open_(&w, '{');
        key(&w, "id");
        str(&w, c->categories[k].id);
        key(&w, "name");
        str(&w, c->categories[k].name);
        key(&w, "as_is");
        if (cr->assessed)
            number(&w, cr->as_is);
        else
            fputs("null", f);
        key(&w, "to_be");
        if (cr->to_be_count)
            number(&w, cr->to_be);
        else
            fputs("null", f);
        key(&w, "assessed");
        fprintf(f, "%zu", cr->assessed);
        key(&w, "total");
        fprintf(f, "%zu", cr->total);
        close_(&w, '}');
    }
    close_(&w, ']');

    key(&w, "warnings");
    open_(&w, '[');
    for (size_t i = 0; i < p->warnings.count; i++) {
        next(&w);
        str(&w, p->warnings.items[i]);
    }
    close_(&w, ']');
    close_(&w, '}');
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
