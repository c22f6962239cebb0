/* inspect.c - `isomm inspect FILE...`: what the reader sees in each
 * workbook (kind, sheet, table, layout, counts, patterns, organization,
 * date, warnings), as text or as JSON (docs/reader.md). */
#define _DEFAULT_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "isomm/isomm.h"
#include "read/read.h"

/* Length of the longest prefix of s of at most max bytes that ends on a
 * UTF-8 character boundary. */
static int utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return (int)n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

static const char inspect_usage[] =
    "Usage: isomm inspect [--format text|json] [--catalog DIR] FILE...\n"
    "Show what isomm reads in each workbook: its kind (ISOMM v2.1 / v2.0\n"
    "self-check, X.1060 service portfolio), the sheet and range of the table,\n"
    "the layout and where selections come from, how many roles were scored,\n"
    "declined or left blank (services assessed, for a portfolio), the\n"
    "patterns, organization, assessment date, and every warning.\n"
    "\n"
    "  -f, --format FMT     text (default) or json (one array, docs/reader.md)\n"
    "      --catalog DIR    use the catalog TSV files in DIR\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit status: 0 every file readable, 1 a file could not be read, 2 usage error.\n";

typedef struct facts {
    const char *path;
    int ok;
    char error[ISOMM_ERRBUF_SIZE];
    const char *kind;        /* "isomm-v2.1" … */
    const char *sheet, *table_range, *layout;
    const char *selections;  /* the reader's words, or NULL */
    int is_portfolio;
    size_t roles, scored, declined, blank;
    size_t services, assessed;
    long current, target;
    const char *organization, *date, *date_source;
    const isomm_strlist *warnings;
} facts;

static const char *kind_text(const char *kind)
{
    if (!strcmp(kind, "isomm-v2.1"))
        return "ISOMM v2.1 self-check sheet";
    if (!strcmp(kind, "isomm-v2.0"))
        return "ISOMM v2.0 self-check sheet";
    if (!strcmp(kind, "x1060-portfolio"))
        return "X.1060 (ISOMM v3.1) service portfolio";
    return kind;
}

static const char *selections_key(const char *layout)
{
    if (!layout)
        return NULL;
    if (!strcmp(layout, "marker-grid"))
        return "marks";
    if (!strcmp(layout, "numeric"))
        return "numbers";
    if (!strcmp(layout, "form-controls"))
        return "form-controls";
    if (!strcmp(layout, "service-matrix"))
        return "scores";
    return NULL;
}

static const char *selections_text(const char *layout)
{
    const char *k = selections_key(layout);
    if (!k)
        return "?";
    if (!strcmp(k, "marks"))
        return "marks (●) in the level columns";
    if (!strcmp(k, "numbers"))
        return "numbers 0–5 in one インソース and one アウトソース column";
    if (!strcmp(k, "form-controls"))
        return "option buttons (form controls)";
    return "scores 1–5 in the 現状 (As-Is) / あるべき姿 (To-Be) columns";
}

static void json_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

static const char *pattern_key(const isomm_catalog *cat, long k)
{
    return k >= 0 && (size_t)k < cat->pattern_count ? cat->patterns[k].key : NULL;
}

static void print_json(FILE *f, const facts *x, const isomm_catalog *cat, int first)
{
    fputs(first ? "\n  {" : ",\n  {", f);
    fputs("\"path\": ", f);
    json_str(f, x->path);
    fprintf(f, ", \"ok\": %s", x->ok ? "true" : "false");
    if (!x->ok) {
        fputs(", \"error\": ", f);
        json_str(f, x->error);
        fputs("}", f);
        return;
    }
    fputs(", \"kind\": ", f);
    json_str(f, x->kind);
    fputs(", \"sheet\": ", f);
    json_str(f, x->sheet);
    fputs(", \"table_range\": ", f);
    json_str(f, x->table_range);
    fputs(", \"layout\": ", f);
    json_str(f, x->layout);
    fputs(", \"selections\": ", f);
    json_str(f, selections_key(x->layout));
    fputs(", \"selections_text\": ", f);
    json_str(f, x->selections ? x->selections : selections_text(x->layout));
    if (x->is_portfolio)
        fputs(", \"roles\": null", f);
    else
        fprintf(f, ", \"roles\": {\"total\": %zu, \"scored\": %zu, \"declined\": %zu, "
                   "\"blank\": %zu}", x->roles, x->scored, x->declined, x->blank);
    if (x->is_portfolio)
        fprintf(f, ", \"services\": {\"total\": %zu, \"assessed\": %zu}", x->services,
                x->assessed);
    else
        fputs(", \"services\": null", f);
    fputs(", \"patterns\": {\"current\": ", f);
    json_str(f, pattern_key(cat, x->current));
    fputs(", \"target\": ", f);
    json_str(f, pattern_key(cat, x->target));
    fputs("}, \"organization\": ", f);
    json_str(f, x->organization);
    fputs(", \"date\": ", f);
    json_str(f, x->date);
    fputs(", \"date_source\": ", f);
    json_str(f, x->date_source);
    fputs(", \"warnings\": [", f);
    for (size_t i = 0; i < x->warnings->count; i++) {
        if (i)
            fputs(", ", f);
        json_str(f, x->warnings->items[i]);
    }
    fputs("]}", f);
}

static void pattern_text(FILE *f, const isomm_catalog *cat, long k)
{
    if (k >= 0 && (size_t)k < cat->pattern_count)
        fprintf(f, "%s (%s)", cat->patterns[k].name, cat->patterns[k].key);
    else
        fputs("not found", f);
}

static void print_text(FILE *f, const facts *x, const isomm_catalog *cat)
{
    fprintf(f, "%s\n", x->path);
    fprintf(f, "  kind:          %s (%s)\n", kind_text(x->kind), x->kind);
    fprintf(f, "  sheet:         %s\n", x->sheet ? x->sheet : "?");
    fprintf(f, "  table:         %s\n", x->table_range ? x->table_range : "?");
    fprintf(f, "  layout:        %s\n", x->layout ? x->layout : "?");
    fprintf(f, "  selections:    %s\n",
            x->selections ? x->selections : selections_text(x->layout));
    if (x->is_portfolio)
        fprintf(f, "  services:      %zu of %zu assessed (with an As-Is)\n", x->assessed,
                x->services);
    else
        fprintf(f, "  roles:         %zu: %zu scored, %zu declined, %zu blank\n", x->roles,
                x->scored, x->declined, x->blank);
    fputs("  patterns:      current ", f);
    pattern_text(f, cat, x->current);
    fputs(", target ", f);
    pattern_text(f, cat, x->target);
    fputc('\n', f);
    fprintf(f, "  organization:  %s\n", x->organization ? x->organization : "not found");
    if (x->date)
        fprintf(f, "  date:          %s (%s)\n", x->date,
                x->date_source && !strcmp(x->date_source, "file")
                    ? "the workbook's modification date"
                    : "from the sheet");
    else
        fputs("  date:          not found\n", f);
    fprintf(f, "  warnings:      %zu\n", x->warnings->count);
    for (size_t i = 0; i < x->warnings->count; i++)
        fprintf(f, "    %s\n", x->warnings->items[i]);
}

/* Read one file and report it; 0 readable, 1 not. */
static int inspect_one(const char *path, const isomm_catalog *cat, int json, int first)
{
    static const isomm_strlist none = {0};
    facts x;
    memset(&x, 0, sizeof x);
    x.path = path;
    x.warnings = &none;
    x.current = x.target = -1;
    isomm_assessment *a = NULL;
    isomm_portfolio *p = NULL;
    reader_portfolio_info info;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_error err = isomm_assessment_read(path, cat, &a, errbuf);
    if (!err) {
        err = isomm_portfolio_from_assessment(a, NULL, &p);
        if (err)
            snprintf(errbuf, sizeof errbuf, "%s: %s", path, isomm_strerror(err));
    }
    if (!err) {
        x.kind = a->kind;
        x.sheet = a->sheet;
        x.table_range = a->table_range;
        x.layout = a->layout;
        x.selections = a->selections;
        x.roles = cat->role_count;
        for (size_t r = 0; r < cat->role_count; r++) {
            x.scored += p->roles[r].state == ISOMM_ROLE_SCORED;
            x.declined += p->roles[r].state == ISOMM_ROLE_DECLINED;
            x.blank += p->roles[r].state == ISOMM_ROLE_BLANK;
        }
        x.current = a->pattern_current;
        x.target = a->pattern_target;
        x.organization = a->organization;
        x.date = a->date;
        x.date_source = a->date_source;
        x.warnings = &p->warnings; /* the reader's, then the normalizer's */
    } else if (err == ISOMM_ERR_NO_TABLE) {
        char v21[ISOMM_ERRBUF_SIZE];
        memcpy(v21, errbuf, sizeof v21);
        err = reader_portfolio_read(path, cat, &p, &info, errbuf);
        if (!err) {
            x.is_portfolio = 1;
            x.kind = p->kind;
            x.sheet = p->sheet;
            x.table_range = info.table_range;
            x.layout = p->layout;
            x.services = cat->service_count;
            x.assessed = info.assessed;
            x.current = p->pattern_current;
            x.target = p->pattern_target;
            x.organization = p->organization;
            x.date = p->date;
            x.date_source = info.date_source[0] ? info.date_source : NULL;
            x.warnings = &p->warnings;
        } else if (err == ISOMM_ERR_NO_TABLE) {
            size_t n = strlen(path);
            const char *pf = strncmp(errbuf, path, n) == 0 ? errbuf + n + 2 : errbuf;
            const char *v = strncmp(v21, path, n) == 0 ? v21 + n + 2 : v21;
            char both[ISOMM_ERRBUF_SIZE];
            snprintf(both, sizeof both, "%s: neither an ISOMM v2.1 self-check sheet nor "
                     "an X.1060 service portfolio: %.*s; also %.*s", path,
                     utf8_prefix(v, 640), v, utf8_prefix(pf, 280), pf);
            memcpy(errbuf, both, sizeof both);
        }
    }
    x.ok = err == ISOMM_OK;
    if (!x.ok)
        snprintf(x.error, sizeof x.error, "%s", errbuf[0] ? errbuf : isomm_strerror(err));
    if (json)
        print_json(stdout, &x, cat, first);
    else if (x.ok)
        print_text(stdout, &x, cat);
    if (!x.ok)
        cli_error("%s", x.error);
    isomm_portfolio_free(p);
    isomm_assessment_free(a);
    return x.ok ? 0 : 1;
}

int cmd_inspect(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"catalog", required_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int json = 0;
    const char *catalog_dir = NULL;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "json"))
                json = 1;
            else if (!strcmp(optarg, "text"))
                json = 0;
            else {
                cli_error("--format: '%s' is not text or json", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'C':
            catalog_dir = optarg;
            break;
        case 'h':
            fputs(inspect_usage, stdout);
            return EXIT_DONE;
        default:
            fputs(inspect_usage, stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error("inspect: no input file");
        fputs(inspect_usage, stderr);
        return EXIT_USAGE;
    }
    isomm_catalog *cat = NULL;
    if (cli_load_catalog(catalog_dir, &cat) != 0)
        return EXIT_FAILED;
    int failed = 0;
    if (json)
        fputs("[", stdout);
    for (int i = optind; i < argc; i++)
        failed |= inspect_one(argv[i], cat, json, i == optind);
    if (json)
        fputs("\n]\n", stdout);
    isomm_catalog_free(cat);
    return failed ? EXIT_FAILED : EXIT_DONE;
}
