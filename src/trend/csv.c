/* csv.c - the trend as rows for BI tools: one row per assessment ×
 * service (RFC 4180, UTF-8, CRLF), oldest assessment first, services in
 * catalog order (docs/trend.md). */
#include "trend/trend.h"

#include "core/core.h"

static const char *const columns[] = {
    "organization", "date", "assessment", "kind", "file", "service", "service_name",
    "category", "category_name", "origin", "as_is", "to_be", "allocation", "recommendation",
};

static isomm_error rows(FILE *f, const void *ctx)
{
    const trend_view *v = ctx;
    const isomm_catalog *c = v->c;
    for (size_t k = 0; k < sizeof columns / sizeof columns[0]; k++)
        fprintf(f, "%s%s", k ? "," : "", columns[k]);
    fputs("\r\n", f);
    for (size_t i = 0; i < v->n; i++) {
        const isomm_rollup_member *a = &v->t->assessments[i];
        for (size_t s = 0; s < c->service_count; s++) {
            export_csv_text(f, v->t->organization, 1);
            fputc(',', f);
            export_csv_text(f, a->date, 0);
            fprintf(f, ",%zu,", i + 1);
            export_csv_text(f, a->kind, 0);
            fputc(',', f);
            export_csv_text(f, a->path, 1);
            fputc(',', f);
            export_csv_service(f, c, s);
            fputc(',', f);
            export_csv_text(f, trend_origin_key(trend_origin_of(v->t, i, s)), 0);
            fputc(',', f);
            export_csv_int(f, a->as_is[s]);
            fputc(',', f);
            export_csv_int(f, a->to_be[s]);
            fputc(',', f);
            export_csv_text(f, isomm_side_key((isomm_side)a->allocation[s]), 0);
            fputc(',', f);
            export_csv_text(f, isomm_recommendation_key((isomm_recommendation)a->recommendation[s]),
                            0);
            fputs("\r\n", f);
        }
    }
    return ferror(f) ? ISOMM_ERR_WRITE : ISOMM_OK;
}

isomm_error isomm_trend_write_csv(const isomm_trend *t, const char *path, char *errbuf)
{
    return trend_write_text(t, path, NULL, rows, errbuf);
}

isomm_error isomm_trend_write_csv_stream(const isomm_trend *t, FILE *stream, char *errbuf)
{
    return trend_write_text(t, NULL, stream, rows, errbuf);
}
