/* jsonw.c - JSON documents laid out as Python's json.dumps(doc,
 * ensure_ascii=False, indent=2) lays them out, so that a document diffs
 * cleanly against one made by another tool (and a test oracle can compare
 * the text). Used by the portfolio and the trend documents. */
#include "export.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void indent(export_json *w)
{
    fputc('\n', w->f);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->f);
}

void export_json_next(export_json *w)
{
    if (w->depth == 0)
        return;
    if (w->items[w->depth]++)
        fputc(',', w->f);
    indent(w);
}

void export_json_key(export_json *w, const char *k)
{
    export_json_next(w);
    export_json_string(w->f, k);
    fputs(": ", w->f);
}

void export_json_open(export_json *w, char c)
{
    fputc(c, w->f);
    if (w->depth + 1 < EXPORT_JSON_DEPTH)
        w->items[++w->depth] = 0;
}

void export_json_close(export_json *w, char c)
{
    int empty = w->items[w->depth] == 0;
    w->depth--;
    if (!empty)
        indent(w);
    fputc(c, w->f);
}

void export_json_str(export_json *w, const char *s)
{
    export_json_string(w->f, s);
}

void export_json_int(export_json *w, long v)
{
    if (v >= 0)
        fprintf(w->f, "%ld", v);
    else
        fputs("null", w->f);
}

void export_json_signed(export_json *w, long v)
{
    fprintf(w->f, "%ld", v);
}

void export_json_size(export_json *w, size_t v)
{
    fprintf(w->f, "%zu", v);
}

/* Shortest text that reads back as the same double, as Python's repr. */
void export_json_number(export_json *w, double v)
{
    if (isnan(v) || isinf(v)) {
        fputs("null", w->f);
        return;
    }
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
