/* trend.c - isomm trend: one organization's assessments (v2.1 sheets and
 * v3.1 portfolios) read in worker processes, ordered by date, written as
 * the trend workbook, JSON or CSV (docs/trend.md). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "isomm/isomm.h"

static const char trend_usage[] =
    "Usage: isomm trend IN... [options]\n"
    "Show how one organization's assessments moved: the X.1060 assessment cycle.\n"
    "IN are two or more v2.1 / v2.0 self-check sheets (migrated) and v3.1 portfolio\n"
    "workbooks, in any order, folders of them, or '-' for standard input. They are\n"
    "ordered by the assessment date each sheet gives (評価日, 実施日, 作成日, ...).\n"
    "\n"
    "  -o, --output FILE      output (default: trend.xlsx, trend.json or trend.csv;\n"
    "                         its folder must exist); '-' = stdout for json and csv\n"
    "  -f, --format FMT       xlsx (default), json (isomm-trend/1) or csv (one row\n"
    "                         per assessment x service)\n"
    "      --date IN=DATE     the assessment date (YYYY-MM-DD) of input IN, for a\n"
    "                         sheet without one or with a wrong one (repeatable)\n"
    "      --file-dates       take a workbook's modification date where its sheet\n"
    "                         gives no date\n"
    "      --org NAME         take every input as NAME's assessment (the names on\n"
    "                         the sheets may differ) and show NAME\n"
    "      --title TEXT       title of the サマリー sheet\n"
    "  -j, --jobs N           worker processes (default: the number of CPUs)\n"
    "  -m, --merge HOW        v2.1 roles -> one service: min (default), max, mean\n"
    "  -t, --to-be N          set To-Be = N (1-5) where As-Is is set\n"
    "      --file-timeout S   stop reading a file after S seconds and report it\n"
    "                         (0: no limit; default 10 s + 5 s per MiB)\n"
    "      --catalog DIR      use the catalog TSV files in DIR\n"
    "  -q, --quiet            no summary line\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit status: 0 done, 1 an input could not be read or taken (nothing is\n"
    "written) or the output could not be written, 2 usage error.\n";

enum { FMT_XLSX, FMT_CSV, FMT_JSON };

typedef struct given_date {
    const char *input; /* as named in --date */
    const char *date;
    int used;
} given_date;

typedef struct trend_run {
    const isomm_catalog *cat;
    cli_shared shared;  /* -j, -m, -t, --file-timeout */
    batch_inputs in;
    isomm_trend *trend;
    given_date *dates;
    size_t date_count;
    size_t failed;
    size_t done;        /* inputs reported */
} trend_run;

/* The --date given for input `path`, or NULL. */
static given_date *date_of(trend_run *run, const char *path)
{
    for (size_t i = 0; i < run->date_count; i++)
        if (strcmp(run->dates[i].input, path) == 0 ||
            (strcmp(path, "-") != 0 && cli_same_file(run->dates[i].input, path)))
            return &run->dates[i];
    return NULL;
}

/* In this process: 'I' the input of job `job` and 'D' its given date, or
 * 'E' its error. */
static void trend_describe(size_t job, batch_buf *task, void *ctx)
{
    trend_run *run = ctx;
    const batch_input *item = &run->in.items[job];
    if (item->error) {
        batch_put_text(task, 'E', item->error);
        return;
    }
    batch_put_text(task, 'I', item->path);
    given_date *d = date_of(run, item->path);
    if (d)
        batch_put_text(task, 'D', d->date);
}

/* In a worker: read one input, set its given date; 'M' its record or 'E'. */
static void trend_job(const unsigned char *task, size_t task_len, batch_buf *out, void *ctx)
{
    trend_run *run = ctx;
    const char *path, *date = NULL;
    if (!batch_task_paths(task, task_len, out, &path, NULL))
        return;
    size_t pos = 0, len;
    const unsigned char *data;
    char tag;
    while (batch_next(task, task_len, &pos, &tag, &data, &len))
        if (tag == 'D')
            date = (const char *)data;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_reading *r = NULL;
    isomm_error err = cli_read(path, run->cat, &run->shared.policy, &r, errbuf);
    if (!err && date && isomm_portfolio_set_date(r->portfolio, date, errbuf) != ISOMM_OK) {
        char *why = cli_asprintf("%s: --date: %s", path, errbuf);
        batch_put_text(out, 'E', why ? why : errbuf);
        free(why);
        isomm_reading_free(r);
        return;
    }
    void *rec = NULL;
    size_t rec_len = 0;
    if (!err)
        err = isomm_rollup_encode(r->portfolio, &rec, &rec_len, errbuf);
    isomm_reading_free(r);
    if (err)
        batch_put_text(out, 'E', errbuf[0] ? errbuf : isomm_strerror(err));
    else
        batch_put(out, 'M', rec, rec_len);
    free(rec);
}

/* What to do about a refused assessment of `path`, after the library's
 * message, into buf. */
static const char *hint(isomm_error err, const char *message, const char *path, char *buf,
                        size_t size)
{
    switch (err) {
    case ISOMM_ERR_NO_DATE:
        snprintf(buf, size, "; give it with --date '%s=YYYY-MM-DD'%s", path,
                 strstr(message, "modification date")
                     ? ", or take the modification dates with --file-dates" : "");
        break;
    case ISOMM_ERR_ORGANIZATION:
        snprintf(buf, size, "; leave it out, or take every input as one organization with "
                 "--org NAME");
        break;
    case ISOMM_ERR_SAME_DATE:
        snprintf(buf, size, "; leave one out, or correct a date with --date '%s=YYYY-MM-DD'",
                 path);
        break;
    default:
        buf[0] = '\0';
    }
    return buf;
}

static void trend_done(size_t job, const batch_result *r, void *ctx)
{
    trend_run *run = ctx;
    const char *path = cli_input_name(run->in.items[job].path);
    run->done++;
    if (r->lost) {
        cli_error("%s: could not be read: %s", path, r->why);
        run->failed++;
        return;
    }
    size_t pos = 0, len;
    const unsigned char *data;
    char tag;
    int got = 0;
    while (batch_next(r->data, r->len, &pos, &tag, &data, &len)) {
        char errbuf[ISOMM_ERRBUF_SIZE] = "";
        isomm_error err = ISOMM_OK;
        if (tag == 'E') {
            snprintf(errbuf, sizeof errbuf, "%s", (const char *)data);
            err = ISOMM_ERR_IO;
        } else if (tag == 'M')
            err = isomm_trend_add_encoded(run->trend, data, len, errbuf);
        else
            continue;
        got = 1;
        if (err) {
            char more[ISOMM_ERRBUF_SIZE];
            cli_error("%s%s", errbuf, hint(err, errbuf, path, more, sizeof more));
            run->failed++;
        }
    }
    if (!got) {
        cli_error("%s: no result from the worker process", path);
        run->failed++;
    }
}

/* --date IN=YYYY-MM-DD: the last '=' splits (a file name may hold one). */
static int add_date(trend_run *run, char *arg)
{
    char *eq = strrchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) {
        cli_error("--date: '%s' is not IN=YYYY-MM-DD (an input and its assessment date)", arg);
        return -1;
    }
    given_date *d = realloc(run->dates, (run->date_count + 1) * sizeof *d);
    if (!d) {
        cli_error("out of memory");
        return -1;
    }
    run->dates = d;
    *eq = '\0';
    d[run->date_count++] = (given_date){arg, eq + 1, 0};
    return 0;
}

/* Every --date names one of the inputs. */
static int dates_used(trend_run *run)
{
    for (size_t i = 0; i < run->in.count; i++) {
        given_date *d = date_of(run, run->in.items[i].path);
        if (d)
            d->used = 1;
    }
    for (size_t i = 0; i < run->date_count; i++)
        if (!run->dates[i].used) {
            cli_error("--date %s=%s: '%s' is not one of the inputs", run->dates[i].input,
                      run->dates[i].date, run->dates[i].input);
            return -1;
        }
    return 0;
}

static int parse_format(const char *arg, int *format)
{
    if (strcmp(arg, "xlsx") == 0)
        *format = FMT_XLSX;
    else if (strcmp(arg, "csv") == 0)
        *format = FMT_CSV;
    else if (strcmp(arg, "json") == 0)
        *format = FMT_JSON;
    else {
        cli_error("--format: '%s' is not xlsx, json or csv", arg);
        return -1;
    }
    return 0;
}

typedef struct trend_args {
    const char *output, *catalog_dir;
    int format, quiet;
    isomm_trend_options options;
} trend_args;

/* The options; 0, 1 after --help, -1 for a usage error (reported). */
static int parse(int argc, char **argv, trend_run *run, trend_args *a)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'}, {"format", required_argument, NULL, 'f'},
        {"date", required_argument, NULL, 'D'},   {"file-dates", no_argument, NULL, 'F'},
        {"org", required_argument, NULL, 'O'},    {"title", required_argument, NULL, 'T'},
        {"jobs", required_argument, NULL, 'j'},   {"merge", required_argument, NULL, 'm'},
        {"to-be", required_argument, NULL, 't'},  {"catalog", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {"file-timeout", required_argument, NULL, CLI_OPT_FILE_TIMEOUT},
        {NULL, 0, NULL, 0}};
    int ch;
    optind = 1;
    while ((ch = cli_getopt(argc, argv, "trend", "o:f:j:m:t:qh", longopts)) != -1) {
        switch (ch) {
        case '?': return -1;
        case 'o': a->output = optarg; break;
        case 'f':
            if (parse_format(optarg, &a->format) != 0)
                return -1;
            break;
        case 'D':
            if (add_date(run, optarg) != 0)
                return -1;
            break;
        case 'F': a->options.file_dates = 1; break;
        case 'O': a->options.organization = optarg; break;
        case 'T': a->options.title = optarg; break;
        case 'C': a->catalog_dir = optarg; break;
        case 'q': a->quiet = 1; break;
        case 'h': fputs(trend_usage, stdout); return 1;
        default:
            if (cli_shared_option(ch, optarg, &run->shared) <= 0)
                return -1;
        }
    }
    return 0;
}

/* The output and the inputs are usable: 0, or the exit status. */
static int check_paths(trend_args *a, char *const *args, size_t nargs)
{
    if (nargs < 1) {
        cli_error("trend: no input (try 'isomm trend --help')");
        return EXIT_USAGE;
    }
    if (!a->output)
        a->output = a->format == FMT_XLSX ? "trend.xlsx" : a->format == FMT_CSV ? "trend.csv"
                                                                               : "trend.json";
    int to_stdout = strcmp(a->output, "-") == 0;
    if (to_stdout && a->format == FMT_XLSX) {
        cli_error("trend: '-o -' (stdout) needs --format json or csv");
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < nargs && !to_stdout; i++)
        if (strcmp(a->output, args[i]) == 0 || cli_same_file(a->output, args[i])) {
            cli_error("%s: refusing to write the output over an input; choose another -o",
                      a->output);
            return EXIT_FAILED;
        }
    if (cli_output_folder("trend", a->output) != 0 ||
        cli_count_stdin(args, nargs, "trend", 0) != 0)
        return EXIT_USAGE;
    return 0;
}

static isomm_error write_output(const isomm_trend *t, const trend_args *a, char *errbuf)
{
    sigset_t saved;
    batch_hold_signals(1, &saved); /* the output is complete or absent */
    isomm_error err = a->format == FMT_XLSX  ? isomm_trend_write_xlsx(t, a->output, errbuf)
                      : a->format == FMT_CSV ? isomm_trend_write_csv(t, a->output, errbuf)
                                             : isomm_trend_write_json(t, a->output, errbuf);
    batch_hold_signals(0, &saved);
    return err;
}

/* The time limit of input `job` (--file-timeout, else by its size). */
static unsigned trend_limit(size_t job, void *ctx)
{
    trend_run *run = ctx;
    return cli_file_limit(&run->shared, run->in.items[job].size);
}

/* Read every input and write the trend: the exit status. */
static int run_trend(trend_run *run, trend_args *a)
{
    batch_pool pool = {
        .jobs = run->in.count,
        .workers = run->shared.jobs,
        .limit = trend_limit,
        .describe = trend_describe,
        .work = trend_job,
        .done = trend_done,
        .ctx = run,
    };
    int rc = batch_pool_run(&pool);
    if (rc > 0) {
        cli_error("interrupted by %s: %zu of %zu files done, %zu not; nothing written (the "
                  "trend is written only once every file is read)",
                  cli_signal_name(rc), run->done, run->in.count, run->in.count - run->done);
        return 128 + rc;
    }
    if (rc < 0) {
        cli_error("the worker processes failed: %s", strerror(errno));
        return EXIT_FAILED;
    }
    if (run->failed) {
        cli_error("trend: nothing written: %zu of %zu inputs could not be taken", run->failed,
                  run->in.count);
        return EXIT_FAILED;
    }
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    if (write_output(run->trend, a, errbuf) != ISOMM_OK) {
        cli_error("%s", errbuf);
        return EXIT_FAILED;
    }
    const isomm_trend *t = run->trend;
    if (!a->quiet)
        cli_error("%zu assessments of %s (%s … %s) -> %s", t->count,
                  t->organization ? t->organization : "(no name)", t->assessments[0].date,
                  t->assessments[t->count - 1].date,
                  strcmp(a->output, "-") == 0 ? "stdout" : a->output);
    return EXIT_DONE;
}

int cmd_trend(int argc, char **argv)
{
    trend_run run;
    memset(&run, 0, sizeof run);
    cli_shared_init(&run.shared);
    trend_args a = {.format = FMT_XLSX};
    int rc = parse(argc, argv, &run, &a);
    char *const *args = argv + optind;
    size_t nargs = rc == 0 ? (size_t)(argc - optind) : 0;
    int status = rc > 0 ? EXIT_DONE : rc < 0 ? EXIT_USAGE : check_paths(&a, args, nargs);
    isomm_catalog *cat = NULL;
    if (rc == 0 && status == 0 && cli_load_catalog(a.catalog_dir, &cat) != 0)
        status = EXIT_FAILED;
    if (rc == 0 && status == 0) {
        run.cat = cat;
        char errbuf[ISOMM_ERRBUF_SIZE] = "";
        if (isomm_trend_new(cat, &a.options, &run.trend, errbuf) != ISOMM_OK ||
            batch_collect(args, nargs, strcmp(a.output, "-") ? a.output : NULL, &run.in) != 0) {
            cli_error("out of memory");
            status = EXIT_FAILED;
        } else if (dates_used(&run) != 0) {
            status = EXIT_USAGE;
        } else {
            status = run_trend(&run, &a);
        }
    }
    isomm_trend_free(run.trend);
    batch_inputs_free(&run.in);
    free(run.dates);
    isomm_catalog_free(cat);
    return status;
}
