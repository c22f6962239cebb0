/* inspect.c - what `isomm inspect --format json` prints for one input
 * (docs/reader.md): one object per input, on one line. */
#include "export.h"

#include <string.h>

#include "isomm/reading.h"
#include "core/core.h"

/* The short key of the layout's selections, or NULL: "fills" for a
 * marker grid answered by cell colours (its selections text says so). */
static const char *selections_key(const char *layout, const char *text)
{
    if (layout && !strcmp(layout, "marker-grid") && text && !strncmp(text, "fill colours", 12))
        return "fills";
    static const char *const keys[][2] = {
        {"marker-grid", "marks"},
        {"numeric", "numbers"},
        {"form-controls", "form-controls"},
        {"service-matrix", "scores"},
    };
    for (size_t i = 0; layout && i < sizeof keys / sizeof keys[0]; i++)
        if (!strcmp(layout, keys[i][0]))
            return keys[i][1];
    return NULL;
}

static const char *pattern_key(const isomm_catalog *cat, long k)
{
    return k >= 0 && (size_t)k < cat->pattern_count ? cat->patterns[k].key : NULL;
}

static void member(FILE *f, const char *key, const char *value)
{
    fprintf(f, ", \"%s\": ", key);
    export_json_string(f, value);
}

static void counts(FILE *f, const isomm_reading *r)
{
    const isomm_portfolio *p = r->portfolio;
    if (r->assessment)
        fprintf(f, ", \"roles\": {\"total\": %zu, \"scored\": %zu, \"declined\": %zu, "
                   "\"blank\": %zu}, \"services\": null",
                p->catalog->role_count, r->roles_scored, r->roles_declined, r->roles_blank);
    else
        fprintf(f, ", \"roles\": null, \"services\": {\"total\": %zu, \"assessed\": %zu}",
                p->catalog->service_count, r->services_assessed);
}

static void facts(FILE *f, const isomm_reading *r)
{
    const isomm_portfolio *p = r->portfolio;
    member(f, "kind", p->kind);
    member(f, "sheet", p->sheet);
    member(f, "table_range", p->table_range);
    member(f, "layout", p->layout);
    member(f, "selections", selections_key(p->layout, p->selections));
    member(f, "selections_text", p->selections);
    counts(f, r);
    fputs(", \"patterns\": {\"current\": ", f);
    export_json_string(f, pattern_key(p->catalog, p->pattern_current));
    fputs(", \"target\": ", f);
    export_json_string(f, pattern_key(p->catalog, p->pattern_target));
    fputc('}', f);
    member(f, "organization", p->organization);
    member(f, "date", p->date);
    member(f, "date_source", p->date_source);
    fputs(", \"warnings\": [", f);
    for (size_t i = 0; i < p->warnings.count; i++) {
        if (i)
            fputs(", ", f);
        export_json_string(f, p->warnings.items[i]);
    }
    fputc(']', f);
}

isomm_error isomm_write_inspect_json(FILE *f, const char *path, const isomm_reading *r,
                                     const char *error, char *errbuf)
{
    if (!f || !path || (r && !r->portfolio))
        return core_fail(errbuf, ISOMM_ERR_ARG, "isomm_write_inspect_json: no stream, path or "
                                                "portfolio given");
    fputs("{\"path\": ", f);
    export_json_string(f, path);
    fprintf(f, ", \"ok\": %s", r ? "true" : "false");
    if (r)
        facts(f, r);
    else
        member(f, "error", error ? error : "");
    fputc('}', f);
    if (ferror(f))
        return core_fail(errbuf, ISOMM_ERR_WRITE, "%s: inspect JSON: write failed", path);
    return ISOMM_OK;
}
