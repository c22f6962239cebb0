/*
 * write_group_export.c - the group as rows for BI tools: one row per
 * subsidiary x service, as CSV (RFC 4180) or as a JSON array of objects.
 * Columns and values: docs/group.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rollup/rollup.h"
#include "export/export.h"
#include "isomm/group.h"
#include "core/core.h"

/* The columns, in order (CSV header = JSON keys). */
static const char *const columns[] = {
    "subsidiary", "service", "service_name", "category", "category_name",
    "allocation", "as_is", "to_be", "recommendation",
    "file", "current_pattern", "target_pattern", "date",
};
enum { N_COLUMNS = sizeof columns / sizeof columns[0] };

static isomm_error write_csv(const isomm_rollup *g, FILE *f,
                             const isomm_rollup_options *options)
{
    const isomm_catalog *c = g->catalog;
    if (options && options->csv_bom)
        fputs("\xEF\xBB\xBF", f);
    for (size_t k = 0; k < N_COLUMNS; k++)
        fprintf(f, "%s%s", k ? "," : "", columns[k]);
    fputs("\r\n", f);
    for (size_t m = 0; m < g->member_count; m++) {
        const isomm_rollup_member *mb = &g->members[m];
        const char *current = rollup_pattern_key(c, mb->pattern_current);
        const char *target = rollup_pattern_key(c, mb->pattern_target);
        for (size_t i = 0; i < c->service_count; i++) {
            export_csv_text(f, mb->name, 1);
            fputc(',', f);
            export_csv_service(f, c, i);
            fputc(',', f);
            export_csv_text(f, isomm_side_key((isomm_side)mb->allocation[i]), 0);
            fputc(',', f);
            export_csv_int(f, mb->as_is[i]);
            fputc(',', f);
            export_csv_int(f, mb->to_be[i]);
            fputc(',', f);
            export_csv_text(f, isomm_recommendation_key((isomm_recommendation)mb->recommendation[i]), 0);
            fputc(',', f);
            export_csv_text(f, mb->path, 1);
            fputc(',', f);
            export_csv_text(f, current, 0);
            fputc(',', f);
            export_csv_text(f, target, 0);
            fputc(',', f);
            export_csv_text(f, mb->date, 0);
            fputs("\r\n", f);
        }
    }
    return ferror(f) ? ISOMM_ERR_WRITE : ISOMM_OK;
}

/* ---- JSON ----------------------------------------------------------------- */

static void json_score(FILE *f, int v)
{
    if (v >= 0)
        fprintf(f, "%d", v);
    else
        fputs("null", f);
}

static isomm_error write_json(const isomm_rollup *g, FILE *f)
{
    const isomm_catalog *c = g->catalog;
    fputc('[', f);
    int first = 1;
    for (size_t m = 0; m < g->member_count; m++) {
        const isomm_rollup_member *mb = &g->members[m];
        const char *current = rollup_pattern_key(c, mb->pattern_current);
        const char *target = rollup_pattern_key(c, mb->pattern_target);
        for (size_t i = 0; i < c->service_count; i++) {
            const isomm_service *s = &c->services[i];
            fputs(first ? "\n" : ",\n", f);
            first = 0;
            fputs("{\"subsidiary\": ", f);
            export_json_string(f, mb->name);
            fputs(", \"service\": ", f);
            export_json_string(f, s->id);
            fputs(", \"service_name\": ", f);
            export_json_string(f, s->name);
            fputs(", \"category\": ", f);
            export_json_string(f, c->categories[s->category].id);
            fputs(", \"category_name\": ", f);
            export_json_string(f, c->categories[s->category].name);
            fputs(", \"allocation\": ", f);
            export_json_string(f, isomm_side_key((isomm_side)mb->allocation[i]));
            fputs(", \"as_is\": ", f);
            json_score(f, mb->as_is[i]);
            fputs(", \"to_be\": ", f);
            json_score(f, mb->to_be[i]);
            fputs(", \"recommendation\": ", f);
            export_json_string(f, isomm_recommendation_key(
                               (isomm_recommendation)mb->recommendation[i]));
            fputs(", \"file\": ", f);
            export_json_string(f, mb->path);
            fputs(", \"current_pattern\": ", f);
            export_json_string(f, current);
            fputs(", \"target_pattern\": ", f);
            export_json_string(f, target);
            fputs(", \"date\": ", f);
            export_json_string(f, mb->date);
            fputc('}', f);
        }
    }
    fputs(first ? "]\n" : "\n]\n", f);
    return ferror(f) ? ISOMM_ERR_WRITE : ISOMM_OK;
}

/* ---- to a file ------------------------------------------------------------ */

struct rows_format;
typedef struct export_job {
    const isomm_rollup *group;
    const isomm_rollup_options *options;
    const struct rows_format *format;
} export_job;

/* One writer of rows (CSV or JSON) with what its messages call it. */
typedef struct rows_format {
    const char *name;
    isomm_error (*write)(const isomm_rollup *, FILE *, const isomm_rollup_options *);
} rows_format;

static isomm_error json_rows(const isomm_rollup *g, FILE *f, const isomm_rollup_options *o)
{
    (void)o;
    return write_json(g, f);
}

static const rows_format CSV = {"CSV", write_csv}, JSON = {"JSON", json_rows};

static isomm_error job(FILE *f, const void *ctx)
{
    const export_job *j = ctx;
    return j->format->write(j->group, f, j->options);
}

static isomm_error to_stream(const rows_format *fmt, const isomm_rollup *g, FILE *f,
                             const isomm_rollup_options *options, char *errbuf)
{
    if (!g || !f)
        return core_fail(errbuf, ISOMM_ERR_ARG, "group %s: no group or stream given", fmt->name);
    if (fmt->write(g, f, options) != ISOMM_OK)
        return core_fail(errbuf, ISOMM_ERR_WRITE, "group %s: write failed", fmt->name);
    return ISOMM_OK;
}

static isomm_error to_path(const rows_format *fmt, const isomm_rollup *g, const char *path,
                           const isomm_rollup_options *options, char *errbuf)
{
    export_job j = {g, options, fmt};
    if (!g)
        return core_fail(errbuf, ISOMM_ERR_ARG, "group %s: no group given", fmt->name);
    return export_to_path(path, job, &j, errbuf);
}

isomm_error isomm_rollup_write_csv_stream(const isomm_rollup *g, FILE *f,
                                          const isomm_rollup_options *options, char *errbuf)
{
    return to_stream(&CSV, g, f, options, errbuf);
}

isomm_error isomm_rollup_write_json_stream(const isomm_rollup *g, FILE *f,
                                           const isomm_rollup_options *options, char *errbuf)
{
    return to_stream(&JSON, g, f, options, errbuf);
}

isomm_error isomm_rollup_write_csv(const isomm_rollup *g, const char *path,
                                   const isomm_rollup_options *options, char *errbuf)
{
    return to_path(&CSV, g, path, options, errbuf);
}

isomm_error isomm_rollup_write_json(const isomm_rollup *g, const char *path,
                                    const isomm_rollup_options *options, char *errbuf)
{
    return to_path(&JSON, g, path, options, errbuf);
}
