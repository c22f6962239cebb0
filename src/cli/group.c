/* group.c - isomm group: read many sheets (v2.1 or v3.1 portfolios) in
 * worker processes and write the group roll-up workbook, or CSV / JSON
 * rows for BI tools (docs/group.md). */
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

static const char group_usage[] =
    "Usage: isomm group IN... [options]\n"
    "Roll up the sheets of a group's subsidiaries into one workbook.\n"
    "IN is a v2.1 self-check sheet, a v3.1 portfolio workbook, a folder\n"
    "(searched recursively for *.xlsx and *.xlsm, leaving out ~$ lock files,\n"
    "*-portfolio.xlsx outputs and group CSV files; .xls, .xlsb, .ods, .numbers\n"
    "and .csv files in it are failures, named with what to do), or '-' for\n"
    "standard input.\n"
    "\n"
    "  -o, --output FILE    output (default: group.xlsx, group.csv or\n"
    "                       group.json; its folder must exist); '-' = stdout\n"
    "                       for csv and json\n"
    "  -f, --format FMT     xlsx (default), csv or json: one row per\n"
    "                       subsidiary x service, for BI tools\n"
    "  -j, --jobs N         worker processes (default: the number of CPUs)\n"
    "  -m, --merge HOW      v2.1 roles -> one service: min (default), max, mean\n"
    "  -t, --to-be N        set To-Be = N (1-5) where As-Is is set\n"
    "      --title TEXT     title of the 概要 sheet\n"
    "      --bom            csv: start with a UTF-8 byte order mark (for Excel)\n"
    "      --file-timeout S stop reading a file after S seconds and report it\n"
    "                       (0: no limit; default 10 s + 5 s per MiB)\n"
    "      --catalog DIR    use the catalog TSV files in DIR\n"
    "  -q, --quiet          no progress bar\n"
    "      --stats          print files/s, ms/file and peak memory at the end\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit status: 0 done, 1 an input could not be read (the roll-up of the\n"
    "others is still written) or the output could not be written, 2 usage error.\n";

enum { FMT_XLSX, FMT_CSV, FMT_JSON };

typedef struct group_run {
    const isomm_catalog *cat;
    cli_shared shared;  /* -j, -m, -t, --file-timeout */
    batch_inputs in;
    isomm_rollup *group;
    progress prog;
    int nomem;
} group_run;

/* In this process: 'I' the input of job `job`, or 'E' its error. */
static void group_describe(size_t job, batch_buf *task, void *ctx)
{
    group_run *run = ctx;
    const batch_input *item = &run->in.items[job];
    if (item->error)
        batch_put_text(task, 'E', item->error);
    else
        batch_put_text(task, 'I', item->path);
}

/* In a worker: read one input; 'M' the subsidiary's record, or 'E'. */
static void group_job(const unsigned char *task, size_t task_len, batch_buf *out, void *ctx)
{
    group_run *run = ctx;
    const char *path;
    if (!batch_task_paths(task, task_len, out, &path, NULL))
        return;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_reading *r = NULL;
    isomm_error err = cli_read(path, run->cat, &run->shared.policy, &r, errbuf);
    if (err) {
        batch_put_text(out, 'E', errbuf[0] ? errbuf : isomm_strerror(err));
        return;
    }
    void *rec = NULL;
    size_t rec_len = 0;
    err = isomm_rollup_encode(r->portfolio, &rec, &rec_len, errbuf);
    isomm_reading_free(r);
    if (err)
        batch_put_text(out, 'E', errbuf);
    else
        batch_put(out, 'M', rec, rec_len);
    free(rec);
}

/* "PATH: cause" -> "cause" (the sheet of failures has a column for the
 * path). */
static const char *cause_of(const char *message, const char *path)
{
    size_t n = strlen(path);
    if (strncmp(message, path, n) == 0 && message[n] == ':' && message[n + 1] == ' ')
        return message + n + 2;
    return message;
}

static void fail(group_run *run, const char *path, const char *cause)
{
    progress_printf(&run->prog, "isomm: %s: %s", path, cause);
    if (isomm_rollup_add_failure(run->group, path, cause, NULL) != ISOMM_OK)
        run->nomem = 1;
}

static void group_done(size_t job, const batch_result *r, void *ctx)
{
    group_run *run = ctx;
    const char *path = cli_input_name(run->in.items[job].path);
    if (r->lost) {
        char cause[BATCH_WHY_SIZE + 32];
        snprintf(cause, sizeof cause, "could not be read: %s", r->why);
        fail(run, path, cause);
        return;
    }
    size_t pos = 0, len;
    const unsigned char *data;
    char tag;
    int got = 0;
    while (batch_next(r->data, r->len, &pos, &tag, &data, &len)) {
        if (tag == 'E') {
            fail(run, path, cause_of((const char *)data, path));
            got = 1;
        } else if (tag == 'M') {
            char errbuf[ISOMM_ERRBUF_SIZE];
            if (isomm_rollup_add_encoded(run->group, data, len, errbuf) != ISOMM_OK)
                fail(run, path, errbuf);
            got = 1;
        }
    }
    if (!got)
        fail(run, path, "no result from the worker process");
}

/* The time limit of input `job` (--file-timeout, else by its size). */
static unsigned group_limit(size_t job, void *ctx)
{
    group_run *run = ctx;
    return cli_file_limit(&run->shared, run->in.items[job].size);
}

static void group_tick(size_t finished, void *ctx)
{
    group_run *run = ctx;
    progress_update(&run->prog, finished);
}

/* Subsidiaries whose latest assessment has warnings. */
static size_t warned(const isomm_rollup *g)
{
    size_t n = 0;
    for (size_t i = 0; i < g->member_count; i++)
        n += g->members[i].warning_count > 0;
    return n;
}

/* Which assessment stands for a subsidiary that has several. */
static void report_latest(const isomm_rollup *g)
{
    for (size_t i = 0; i < g->member_count; i++) {
        const isomm_rollup_member *m = &g->members[i];
        if (m->assessments < 2 || m->previous < 0)
            continue;
        const isomm_rollup_member *p = &g->earlier[m->previous];
        cli_error("%s: %zu assessments: took %s (%s), compared with %s (%s) on 前回比", m->name,
                  m->assessments, m->path, m->date ? m->date : "undated", p->path,
                  p->date ? p->date : "undated");
    }
}

/* 1 if `out` names one of the command-line inputs. */
static int output_is_input(const char *out, char *const *args, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(out, args[i]) == 0 || cli_same_file(out, args[i]))
            return 1;
    return 0;
}

int cmd_group(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"jobs", required_argument, NULL, 'j'},
        {"merge", required_argument, NULL, 'm'},
        {"to-be", required_argument, NULL, 't'},
        {"title", required_argument, NULL, 'T'},
        {"bom", no_argument, NULL, 'B'},
        {"catalog", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},
        {"stats", no_argument, NULL, 'S'},
        {"file-timeout", required_argument, NULL, CLI_OPT_FILE_TIMEOUT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *output = NULL, *catalog_dir = NULL;
    int format = FMT_XLSX, quiet = 0, stats = 0;
    isomm_rollup_options wopt = {0};
    group_run run;
    memset(&run, 0, sizeof run);
    cli_shared_init(&run.shared);
    int ch;
    optind = 1;
    while ((ch = cli_getopt(argc, argv, "group", "o:f:j:m:t:qh", longopts)) != -1) {
        switch (ch) {
        case '?': return EXIT_USAGE;
        case 'o': output = optarg; break;
        case 'q': quiet = 1; break;
        case 'S': stats = 1; break;
        case 'C': catalog_dir = optarg; break;
        case 'T': wopt.title = optarg; break;
        case 'B': wopt.csv_bom = 1; break;
        case 'f':
            if (strcmp(optarg, "xlsx") == 0)
                format = FMT_XLSX;
            else if (strcmp(optarg, "csv") == 0)
                format = FMT_CSV;
            else if (strcmp(optarg, "json") == 0)
                format = FMT_JSON;
            else {
                cli_error("--format: '%s' is not xlsx, csv or json", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h': fputs(group_usage, stdout); return EXIT_DONE;
        default: {
            int shared = cli_shared_option(ch, optarg, &run.shared);
            if (shared < 0)
                return EXIT_USAGE;
            if (shared == 0)
                return EXIT_USAGE;
        }
        }
    }
    size_t nargs = (size_t)(argc - optind);
    char *const *args = argv + optind;
    if (nargs < 1) {
        cli_error("group: no input (try 'isomm group --help')");
        return EXIT_USAGE;
    }
    if (!output)
        output = format == FMT_XLSX ? "group.xlsx" : format == FMT_CSV ? "group.csv" : "group.json";
    int to_stdout = strcmp(output, "-") == 0;
    if (to_stdout && format == FMT_XLSX) {
        cli_error("group: '-o -' (stdout) needs --format csv or json");
        return EXIT_USAGE;
    }
    if (!to_stdout && output_is_input(output, args, nargs)) {
        cli_error("%s: refusing to write the output over an input; choose another -o", output);
        return EXIT_FAILED;
    }
    if (cli_output_folder("group", output) != 0 ||
        cli_count_stdin(args, nargs, "group", 0) != 0)
        return EXIT_USAGE;

    isomm_catalog *cat = NULL;
    if (cli_load_catalog(catalog_dir, &cat) != 0)
        return EXIT_FAILED;
    run.cat = cat;
    batch_pool pool = {
        .workers = run.shared.jobs,
        .limit = group_limit,
        .describe = group_describe,
        .work = group_job,
        .done = group_done,
        .tick = group_tick,
        .ctx = &run,
    };
    /* The workers start before the list of inputs and the records exist:
     * their memory does not grow with the group. The workbook's scratch
     * files go to /dev/shm when it has room. */
    batch_prefer_tmpfs();
    if (batch_pool_start(&pool) != 0)
        cli_error("cannot start worker processes (%s); reading in this process, without "
                  "a time limit", strerror(errno));
    if (isomm_rollup_new(cat, &run.group, NULL) != ISOMM_OK ||
        batch_collect(args, nargs, to_stdout ? NULL : output, &run.in) != 0 ||
        batch_interrupted()) {
        int sig = batch_interrupted();
        if (sig)
            cli_error("interrupted by %s while the inputs were listed: nothing written",
                      cli_signal_name(sig));
        else
            cli_error("out of memory");
        batch_pool_stop(&pool);
        batch_inputs_free(&run.in);
        isomm_rollup_free(run.group);
        isomm_catalog_free(cat);
        return sig ? 128 + sig : EXIT_FAILED;
    }

    size_t total = run.in.count;
    progress_start(&run.prog, total, !quiet && total > 1 && isatty(STDERR_FILENO));
    pool.jobs = total;
    int rc = batch_pool_run(&pool);
    progress_end(&run.prog);
    int status = EXIT_DONE;
    if (rc > 0) {
        size_t read = run.group->member_count + run.group->failure_count;
        cli_error("interrupted by %s: %zu of %zu files done, %zu not; nothing written (the "
                  "group output is written only once every file is read)",
                  cli_signal_name(rc), read, total, total - read);
        status = 128 + rc;
    } else if (rc < 0) {
        cli_error("the worker processes failed: %s", strerror(errno));
        status = EXIT_FAILED;
    } else if (run.nomem) {
        cli_error("out of memory");
        status = EXIT_FAILED;
    } else {
        sigset_t saved;
        char errbuf[ISOMM_ERRBUF_SIZE] = "";
        batch_hold_signals(1, &saved); /* the output is complete or absent */
        isomm_error err = format == FMT_XLSX  ? isomm_rollup_write_xlsx(run.group, output, &wopt, errbuf)
              : format == FMT_CSV ? isomm_rollup_write_csv(run.group, output, &wopt, errbuf)
                                  : isomm_rollup_write_json(run.group, output, &wopt, errbuf);
        batch_hold_signals(0, &saved);
        if (err) {
            cli_error("%s", errbuf[0] ? errbuf : isomm_strerror(err));
            status = EXIT_FAILED;
        } else {
            if (run.group->failure_count)
                status = EXIT_FAILED;
            if (!quiet)
                report_latest(run.group);
            cli_error("%zu files: %zu subsidiaries (%zu with warnings), %zu failed -> %s "
                      "(%.2f s)",
                      total, run.group->member_count, warned(run.group), run.group->failure_count,
                      to_stdout ? "stdout" : output, progress_elapsed(&run.prog));
            if (stats)
                progress_stats(total, progress_elapsed(&run.prog), pool.worker_maxrss_kb);
        }
    }
    isomm_rollup_free(run.group);
    batch_inputs_free(&run.in);
    isomm_catalog_free(cat);
    return status;
}
