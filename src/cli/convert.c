/* convert.c - isomm convert: v2.1 sheets (files and folders) -> portfolio
 * workbooks / JSON, in parallel worker processes (docs/batch.md). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "isomm/isomm.h"

static const char convert_usage[] =
    "Usage: isomm convert IN... [options]\n"
    "Read ISOMM v2.1 self-check sheets and write X.1060 service portfolios.\n"
    "IN is a file, a folder (searched recursively for *.xlsx and *.xlsm,\n"
    "leaving out ~$ lock files and *-portfolio.xlsx outputs; .xls, .xlsb,\n"
    ".ods, .numbers and .csv files in it are failures, named with what to do),\n"
    "or '-' for standard input (with -o or -d).\n"
    "\n"
    "  -o, --output FILE    output file (one input only; '-' = stdout for json;\n"
    "                       its folder must exist); default: IN-portfolio.xlsx\n"
    "                       beside the input\n"
    "  -d, --dir DIR        write every output into DIR, created if missing\n"
    "                       (same names made unique: NAME-2-portfolio, ...)\n"
    "  -j, --jobs N         worker processes (default: the number of CPUs)\n"
    "  -f, --format FMT     xlsx (default) or json\n"
    "  -m, --merge HOW      several v2.1 roles -> one service: min (default),\n"
    "                       max, or mean (rounded half up)\n"
    "  -t, --to-be N        set To-Be (あるべき姿) = N (1-5) where As-Is is set\n"
    "      --org NAME       organization name for the workbook title\n"
    "      --date DATE      assessment date (YYYY-MM-DD) for the workbook\n"
    "      --title TEXT     title of the summary sheet\n"
    "      --file-timeout S stop a file that takes longer than S seconds and\n"
    "                       report it (0: no limit; default 10 s + 5 s per MiB)\n"
    "      --catalog DIR    use the catalog TSV files in DIR instead of the\n"
    "                       built-in one (see docs/catalog.md)\n"
    "  -q, --quiet          no progress bar, no IN -> OUT lines\n"
    "      --no-warnings    no warning lines (they are still counted)\n"
    "      --stats          print files/s, ms/file and peak memory at the end\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit status: 0 done, 1 a file could not be converted, 2 usage error.\n";

typedef struct options {
    const char *output;
    const char *dir;
    int json;
    int quiet;
    int no_warnings;
    int stats;
    cli_shared shared;  /* -j, -m, -t, --file-timeout */
    const char *catalog_dir;
    isomm_xlsx_options xlsx;
} options;

/* One run over many inputs (docs/batch.md). */
typedef struct convert_run {
    const isomm_catalog *cat;
    const options *o;
    batch_inputs in;
    char **outs;      /* output path of each input (NULL for walk errors) */
    progress prog;
    int lines;        /* print "IN -> OUT" lines */
    size_t converted, failed, warned;
    size_t stopped;   /* in progress when the run was interrupted */
} convert_run;

/* In this process: what a worker needs for input `job`: 'I' the input,
 * 'O' the output, or 'E' the error found while listing it. */
static void convert_describe(size_t job, batch_buf *task, void *ctx)
{
    convert_run *run = ctx;
    const batch_input *item = &run->in.items[job];
    if (item->error) {
        char *msg = cli_asprintf("%s: %s", item->path, item->error);
        batch_put_text(task, 'E', msg ? msg : item->error);
        free(msg);
        return;
    }
    batch_put_text(task, 'I', item->path);
    batch_put_text(task, 'O', run->outs[job]);
}

/* In a worker: convert one input, describing the outcome in `out`:
 * 'W' warnings, then 'O' (the output) or 'E' (the error message). Uses
 * only the task, the catalog and the options (workers start before the
 * list of inputs exists). */
static void convert_job(const unsigned char *task, size_t task_len, batch_buf *out, void *ctx)
{
    convert_run *run = ctx;
    const options *o = run->o;
    const char *in, *dest;
    if (!batch_task_paths(task, task_len, out, &in, &dest))
        return;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    if (strcmp(dest, "-") != 0 && (strcmp(in, dest) == 0 || cli_same_file(in, dest))) {
        snprintf(errbuf, sizeof errbuf,
                 "%s: refusing to write the output over the input; choose another -o", in);
        batch_put_text(out, 'E', errbuf);
        return;
    }
    isomm_reading *r = NULL;
    isomm_error err = cli_read(in, run->cat, &o->shared.policy, &r, errbuf);
    isomm_portfolio *p = r ? r->portfolio : NULL;
    /* --org and --date: for the JSON document as for the workbook. */
    if (!err && o->xlsx.organization)
        err = isomm_portfolio_set_organization(p, o->xlsx.organization, errbuf);
    if (!err && o->xlsx.date)
        err = isomm_portfolio_set_date(p, o->xlsx.date, errbuf);
    if (!err) {
        for (size_t i = 0; i < p->warnings.count; i++)
            batch_put_text(out, 'W', p->warnings.items[i]);
        batch_job_writes();
        err = o->json ? isomm_write_json(p, dest, errbuf)
                      : isomm_write_xlsx(p, dest, &o->xlsx, errbuf);
    }
    isomm_reading_free(r);
    if (err)
        batch_put_text(out, 'E', errbuf[0] ? errbuf : isomm_strerror(err));
    else
        batch_put_text(out, 'O', dest);
}

/* In this process, in input order: report the outcome. */
static void convert_done(size_t job, const batch_result *r, void *ctx)
{
    convert_run *run = ctx;
    const char *in = cli_input_name(run->in.items[job].path);
    if (r->lost) {
        run->failed++;
        progress_printf(&run->prog, "isomm: %s: could not be converted: %s", in, r->why);
        if (run->outs[job])
            batch_remove_temporaries(run->outs[job]);
        return;
    }
    size_t pos = 0, len;
    const unsigned char *data;
    char tag;
    int warned = 0, ok = 0, failed = 0;
    while (batch_next(r->data, r->len, &pos, &tag, &data, &len)) {
        const char *text = (const char *)data;
        if (tag == 'W') {
            warned = 1;
            if (!run->o->no_warnings)
                progress_printf(&run->prog, "isomm: %s: warning: %s", in, text);
        } else if (tag == 'E') {
            failed = 1;
            progress_printf(&run->prog, "isomm: %s", text);
        } else if (tag == 'O') {
            ok = 1;
            if (run->lines && strcmp(text, "-") != 0)
                progress_printf(&run->prog, "%s -> %s", in, text);
        }
    }
    if (ok && !failed) {
        run->converted++;
        run->warned += warned;
    } else {
        run->failed++;
        if (!failed)
            progress_printf(&run->prog, "isomm: %s: no result from the worker process", in);
    }
}

static void convert_tick(size_t finished, void *ctx)
{
    convert_run *run = ctx;
    progress_update(&run->prog, finished);
}

static void convert_abandon(size_t job, void *ctx)
{
    convert_run *run = ctx;
    if (run->outs[job])
        batch_remove_temporaries(run->outs[job]);
    run->stopped++;
    progress_printf(&run->prog, "isomm: %s: interrupted while being converted; nothing "
                    "written", cli_input_name(run->in.items[job].path));
}

/* The time limit of input `job` (--file-timeout, else by its size). */
static unsigned convert_limit(size_t job, void *ctx)
{
    convert_run *run = ctx;
    return cli_file_limit(&run->o->shared, run->in.items[job].size);
}

/* What an interrupted run did, exactly: the finished outputs were listed
 * (IN -> OUT) as they were reported, the stopped ones named. */
static void interrupted_summary(const convert_run *run, size_t total, int sig)
{
    size_t started = run->converted + run->failed + run->stopped;
    cli_error("interrupted by %s: %zu of %zu files converted, %zu failed, %zu stopped "
              "(nothing written for them), %zu not started; the converted outputs stay, "
              "no partial output is left behind",
              cli_signal_name(sig), run->converted, total, run->failed, run->stopped,
              total - started);
}

/* 1 if one of the arguments is a folder. */
static int any_folder(char *const *args, size_t n)
{
    struct stat st;
    for (size_t i = 0; i < n; i++)
        if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode))
            return 1;
    return 0;
}

int cmd_convert(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"dir", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"merge", required_argument, NULL, 'm'},
        {"to-be", required_argument, NULL, 't'},
        {"jobs", required_argument, NULL, 'j'},
        {"catalog", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},
        {"no-warnings", no_argument, NULL, 'W'},
        {"stats", no_argument, NULL, 'S'},
        {"org", required_argument, NULL, 'O'},
        {"date", required_argument, NULL, 'D'},
        {"title", required_argument, NULL, 'T'},
        {"file-timeout", required_argument, NULL, CLI_OPT_FILE_TIMEOUT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    options o = {0};
    cli_shared_init(&o.shared);
    int ch;
    optind = 1;
    while ((ch = cli_getopt(argc, argv, "convert", "o:d:f:m:t:j:qh", longopts)) != -1) {
        switch (ch) {
        case 'o': o.output = optarg; break;
        case 'd': o.dir = optarg; break;
        case 'q': o.quiet = 1; break;
        case 'W': o.no_warnings = 1; break;
        case '?': return EXIT_USAGE;
        case 'S': o.stats = 1; break;
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
        case 'h': fputs(convert_usage, stdout); return EXIT_DONE;
        default: {
            int shared = cli_shared_option(ch, optarg, &o.shared);
            if (shared < 0)
                return EXIT_USAGE;
            if (shared == 0)
                return EXIT_USAGE;
        }
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
    struct stat st;
    if (o.output && stat(argv[optind], &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_error("convert: %s is a folder: -o takes one file; use -d DIR for a folder",
                  argv[optind]);
        return EXIT_USAGE;
    }
    if (o.output && cli_output_folder("convert", o.output) != 0)
        return EXIT_USAGE;
    if (cli_count_stdin(argv + optind, (size_t)ninputs, "convert", !o.output && !o.dir) != 0)
        return EXIT_USAGE;
    if (o.dir && batch_mkdirs(o.dir) != 0) {
        cli_error("%s: cannot create the output directory: %s", o.dir, strerror(errno));
        return EXIT_FAILED;
    }

    isomm_catalog *cat = NULL;
    if (cli_load_catalog(o.catalog_dir, &cat) != 0)
        return EXIT_FAILED;

    convert_run run;
    memset(&run, 0, sizeof run);
    run.cat = cat;
    run.o = &o;
    /* Several inputs: start the workers now, before the list of inputs
     * exists, so that their memory does not grow with it. One input: one
     * worker, so that a signal or the time limit stops it at any stage. */
    int many = ninputs > 1 || any_folder(argv + optind, (size_t)ninputs);
    batch_pool pool = {
        .workers = many ? o.shared.jobs : 1,
        .limit = convert_limit,
        .describe = convert_describe,
        .work = convert_job,
        .done = convert_done,
        .tick = convert_tick,
        .abandon = convert_abandon,
        .ctx = &run,
    };
    /* libxlsxwriter's scratch files in memory when /dev/shm has room: a
     * third of a conversion's time on a disk (docs/bench.md). */
    batch_prefer_tmpfs();
    if (batch_pool_start(&pool) != 0)
        cli_error("cannot start worker processes (%s); converting in this process, "
                  "without a time limit", strerror(errno));
    int status = EXIT_DONE;
    if (batch_collect(argv + optind, (size_t)ninputs, NULL, &run.in) != 0 ||
        batch_interrupted()) {
        int sig = batch_interrupted();
        if (sig)
            cli_error("interrupted by %s while the inputs were listed: nothing converted",
                      cli_signal_name(sig));
        else
            cli_error("out of memory");
        batch_pool_stop(&pool);
        batch_inputs_free(&run.in);
        isomm_catalog_free(cat);
        return sig ? 128 + sig : EXIT_FAILED;
    }
    if (o.output) {
        run.outs = calloc(1, sizeof *run.outs);
        if (run.outs && run.in.count == 1)
            run.outs[0] = cli_strdup(o.output);
    } else {
        run.outs = batch_output_paths(&run.in, o.dir, o.json ? "json" : "xlsx");
    }
    if (!run.outs || (o.output && !run.outs[0])) {
        cli_error("out of memory");
        batch_pool_stop(&pool);
        batch_output_paths_free(run.outs, run.in.count);
        batch_inputs_free(&run.in);
        isomm_catalog_free(cat);
        return EXIT_FAILED;
    }

    size_t total = run.in.count;
    many = many || total > 1;
    int bar = many && !o.quiet && isatty(STDERR_FILENO);
    run.lines = !o.quiet && !bar;
    progress_start(&run.prog, total, bar);
    pool.jobs = total;
    int rc = batch_pool_run(&pool);
    progress_end(&run.prog);
    double secs = progress_elapsed(&run.prog);
    if (rc > 0) {
        interrupted_summary(&run, total, rc);
        status = 128 + rc;
    } else if (rc < 0) {
        cli_error("the worker processes failed: %s", strerror(errno));
        status = EXIT_FAILED;
    } else {
        if (run.failed)
            status = EXIT_FAILED;
        if (many)
            cli_error("%zu files: %zu converted (%zu with warnings), %zu failed (%.2f s)",
                      total, run.converted, run.warned, run.failed, secs);
        if (o.stats)
            progress_stats(total, secs, pool.worker_maxrss_kb);
    }
    batch_output_paths_free(run.outs, total);
    batch_inputs_free(&run.in);
    isomm_catalog_free(cat);
    return status;
}
