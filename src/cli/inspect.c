/* inspect.c - `isomm inspect FILE...`: what the reader sees in each
 * workbook (kind, sheet, table, layout, counts, patterns, organization,
 * date, warnings), as text or as JSON (docs/reader.md). Everything comes
 * from isomm_read_file(), the entry point convert and group use too. */
#define _DEFAULT_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "isomm/isomm.h"

static const char inspect_usage[] =
    "Usage: isomm inspect [--format text|json] [--catalog DIR] FILE...\n"
    "('-' reads a workbook from standard input)\n"
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

static void pattern_text(FILE *f, const isomm_catalog *cat, long k)
{
    if (k >= 0 && (size_t)k < cat->pattern_count)
        fprintf(f, "%s (%s)", cat->patterns[k].name, cat->patterns[k].key);
    else
        fputs("not found", f);
}

static void print_text(FILE *f, const char *path, const isomm_reading *r)
{
    const isomm_portfolio *p = r->portfolio;
    const isomm_catalog *cat = p->catalog;
    fprintf(f, "%s\n", path);
    fprintf(f, "  kind:          %s (%s)\n", kind_text(p->kind), p->kind);
    fprintf(f, "  sheet:         %s\n", p->sheet ? p->sheet : "?");
    fprintf(f, "  table:         %s\n", p->table_range ? p->table_range : "?");
    fprintf(f, "  layout:        %s\n", p->layout ? p->layout : "?");
    fprintf(f, "  selections:    %s\n", p->selections ? p->selections : "?");
    if (!r->assessment)
        fprintf(f, "  services:      %zu of %zu assessed (with an As-Is)\n",
                r->services_assessed, cat->service_count);
    else
        fprintf(f, "  roles:         %zu: %zu scored, %zu declined, %zu blank\n",
                cat->role_count, r->roles_scored, r->roles_declined, r->roles_blank);
    fputs("  patterns:      current ", f);
    pattern_text(f, cat, p->pattern_current);
    fputs(", target ", f);
    pattern_text(f, cat, p->pattern_target);
    fputc('\n', f);
    fprintf(f, "  organization:  %s\n", p->organization ? p->organization : "not found");
    if (p->date)
        fprintf(f, "  date:          %s (%s)\n", p->date,
                p->date_source && !strcmp(p->date_source, "file")
                    ? "the workbook's modification date"
                    : "from the sheet");
    else
        fputs("  date:          not found\n", f);
    fprintf(f, "  warnings:      %zu\n", p->warnings.count);
    for (size_t i = 0; i < p->warnings.count; i++)
        fprintf(f, "    %s\n", p->warnings.items[i]);
}

/* Read one file and report it; 0 readable, 1 not. */
static int inspect_one(const char *path, const isomm_catalog *cat, int json, int first)
{
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_reading *r = NULL;
    isomm_error err = cli_read(path, cat, NULL, &r, errbuf);
    const char *error = errbuf[0] ? errbuf : isomm_strerror(err);
    if (json) {
        fputs(first ? "\n  " : ",\n  ", stdout);
        isomm_write_inspect_json(stdout, path, r, error, NULL);
    } else if (!err) {
        print_text(stdout, path, r);
    }
    if (err)
        cli_error("%s", error);
    isomm_reading_free(r);
    return err ? 1 : 0;
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
    while ((c = cli_getopt(argc, argv, "inspect", "f:h", longopts)) != -1) {
        switch (c) {
        case '?':
            return EXIT_USAGE;
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
        }
    }
    if (optind >= argc) {
        cli_error("inspect: no input file");
        fputs(inspect_usage, stderr);
        return EXIT_USAGE;
    }
    if (cli_count_stdin(argv + optind, (size_t)(argc - optind), "inspect", 0) != 0)
        return EXIT_USAGE;
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
