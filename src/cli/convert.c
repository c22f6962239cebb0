/* convert.c - isomm convert: v2.1 sheet(s) -> portfolio workbook / JSON. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "isomm/isomm.h"
#include "util.h"

static const char convert_usage[] =
    "Usage: isomm convert IN.xlsx... [options]\n"
    "Read ISOMM v2.1 self-check sheets and write X.1060 service portfolios.\n"
    "\n"
    "  -o, --output FILE    output file (one input only; '-' = stdout for json)\n"
    "                       default: IN-portfolio.xlsx beside the input\n"
    "  -d, --dir DIR        write every output into DIR\n"
    "  -f, --format FMT     xlsx (default) or json\n"
    "  -m, --merge HOW      several v2.1 roles -> one service: min (default),\n"
    "                       max, or mean (rounded half up)\n"
    "  -t, --to-be N        set To-Be (あるべき姿) = N (1-5) where As-Is is set\n"
    "      --org NAME       organization name for the workbook title\n"
    "      --date DATE      assessment date (YYYY-MM-DD) for the workbook\n"
    "      --title TEXT     title of the summary sheet\n"
    "      --catalog DIR    use the catalog TSV files in DIR instead of the\n"
    "                       built-in one (see docs/catalog.md)\n"
    "  -q, --quiet          do not print where each output went\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit status: 0 done, 1 a file could not be converted, 2 usage error.\n";

typedef struct options {
    const char *output;
    const char *dir;
    int json;
    int quiet;
    isomm_policy policy;
    const char *catalog_dir;
    isomm_xlsx_options xlsx;
} options;

/* "dir/name.xlsx" -> "<outdir or dir>/name-portfolio.<ext>" */
static char *default_output(const char *in, const char *dir, int json)
{
    const char *slash = strrchr(in, '/');
    const char *base = slash ? slash + 1 : in;
    size_t stem = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        stem = (size_t)(dot - base);
    const char *ext = json ? "json" : "xlsx";
    if (dir)
        return isomm_asprintf("%s/%.*s-portfolio.%s", dir, (int)stem, base, ext);
    return isomm_asprintf("%.*s%.*s-portfolio.%s", (int)(base - in), in, (int)stem,
                          base, ext);
}

static int convert_one(const isomm_catalog *cat, const char *in, const char *out,
                       const options *o)
{
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    if (strcmp(out, "-") != 0 && (strcmp(in, out) == 0 || isomm_same_file(in, out))) {
        cli_error("%s: refusing to write the output over the input; choose another -o",
                  in);
        return EXIT_FAILED;
    }
    isomm_portfolio *p = NULL;
    isomm_error err = isomm_portfolio_read(in, cat, &o->policy, &p, errbuf);
    if (!err) {
        for (size_t i = 0; i < p->warnings.count; i++)
            fprintf(stderr, "isomm: %s: warning: %s\n", in, p->warnings.items[i]);
        err = o->json ? isomm_write_json(p, out, errbuf)
                      : isomm_write_xlsx(p, out, &o->xlsx, errbuf);
    }
    isomm_portfolio_free(p);
    if (err) {
        cli_error("%s", errbuf[0] ? errbuf : isomm_strerror(err));
        return EXIT_FAILED;
    }
    if (!o->quiet && strcmp(out, "-") != 0)
        fprintf(stderr, "%s -> %s\n", in, out);
    return EXIT_DONE;
}

int cmd_convert(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"dir", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"merge", required_argument, NULL, 'm'},
        {"to-be", required_argument, NULL, 't'},
        {"catalog", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},
        {"org", required_argument, NULL, 'O'},
        {"date", required_argument, NULL, 'D'},
        {"title", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    options o = {0};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "o:d:f:m:t:qh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o': o.output = optarg; break;
        case 'd': o.dir = optarg; break;
        case 'q': o.quiet = 1; break;
        case 'C': o.catalog_dir = optarg; break;
        case 'O': o.xlsx.organization = optarg; break;
        case 'T': o.xlsx.title = optarg; break;
        case 'D': {
            int y, m, d;
            char extra;
            if (sscanf(optarg, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 ||
                m > 12 || d < 1 || d > 31) {
                cli_error("--date: '%s' is not a date like 2024-04-01", optarg);
                return EXIT_USAGE;
            }
            o.xlsx.date = optarg;
            break;
        }
        case 'f':
            if (strcmp(optarg, "json") == 0)
                o.json = 1;
            else if (strcmp(optarg, "xlsx") != 0) {
                cli_error("--format: '%s' is not xlsx or json", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'm':
            if (isomm_merge_parse(optarg, &o.policy.merge) != 0) {
                cli_error("--merge: '%s' is not min, max or mean", optarg);
                return EXIT_USAGE;
            }
            break;
        case 't': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || n < 1 || n > 5) {
                cli_error("--to-be: '%s' is not a whole number from 1 to 5", optarg);
                return EXIT_USAGE;
            }
            o.policy.to_be = (int)n;
            break;
        }
        case 'h': fputs(convert_usage, stdout); return EXIT_DONE;
        default: fputs(convert_usage, stderr); return EXIT_USAGE;
        }
    }
    int ninputs = argc - optind;
    if (ninputs < 1) {
        cli_error("convert: no input file (try 'isomm convert --help')");
        return EXIT_USAGE;
    }
    if (o.output && (ninputs > 1 || o.dir)) {
        cli_error("convert: -o takes one input and no -d; use -d DIR for several");
        return EXIT_USAGE;
    }
    if (o.output && strcmp(o.output, "-") == 0 && !o.json) {
        cli_error("convert: '-o -' (stdout) needs --format json");
        return EXIT_USAGE;
    }
    if (o.dir) {
        struct stat st;
        if (mkdir(o.dir, 0777) != 0 && (stat(o.dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
            cli_error("%s: cannot create the output directory", o.dir);
            return EXIT_FAILED;
        }
    }

    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_catalog *cat = NULL;
    isomm_error err = o.catalog_dir ? isomm_catalog_load_dir(o.catalog_dir, &cat, errbuf)
                                    : isomm_catalog_load_builtin(&cat, errbuf);
    if (err) {
        cli_error("catalog: %s", errbuf[0] ? errbuf : isomm_strerror(err));
        return EXIT_FAILED;
    }
    int status = EXIT_DONE;
    for (int i = optind; i < argc; i++) {
        char *out = o.output ? isomm_strdup(o.output) : default_output(argv[i], o.dir, o.json);
        if (!out) {
            cli_error("out of memory");
            status = EXIT_FAILED;
            break;
        }
        if (convert_one(cat, argv[i], out, &o) != EXIT_DONE)
            status = EXIT_FAILED;
        free(out);
    }
    isomm_catalog_free(cat);
    return status;
}
