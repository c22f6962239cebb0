/*
 * cli/cli.h - the isomm command: a thin layer over libisomm, using only
 * its public headers (include/isomm/).
 *
 *   main.c          the commands, --help, --version
 *   convert.c, group.c, trend.c, inspect.c   the commands
 *   options.c       the options convert and group share, the catalog
 *   util.c          messages and the string helpers of the command
 *   batch_inputs.c  expand files and folders into a list of inputs, and
 *                   give every input a unique output name (docs/batch.md)
 *   batch_pool.c    run one job per input in worker processes: time
 *                   limits, signals
 *   batch_records.c the records jobs send back
 *   progress.c      the progress bar (a terminal) or plain lines
 *   zip_level.c     the program's zlib level for the workbooks it writes
 *   scratch.c       the workbooks' parts in memory instead of scratch files
 *   xml_writer.c    libxlsxwriter's XML output without printf
 */
#ifndef ISOMM_CLI_H
#define ISOMM_CLI_H

#include <stddef.h>
#include "isomm/isomm.h"
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- inputs (batch_inputs.c) -------------------------------------------- */

typedef struct batch_input {
    char *path;   /* as named, or folder + "/" + entry for a walked file */
    char *error;  /* set when the input cannot be taken (a folder that cannot
                     be read, nothing found in it): reported as a failure */
    dev_t dev;    /* of the file, when it exists */
    ino_t ino;
    long long size; /* bytes of a regular file, else -1 (standard input, …) */
    int exists;
} batch_input;

typedef struct batch_inputs {
    batch_input *items;
    size_t count, capacity;
    size_t folders; /* command-line arguments that were folders */
    size_t skipped; /* files left out of folder walks (~$ locks, outputs) */
} batch_inputs;

/*
 * Expand command-line arguments: a file is taken as named (whatever its
 * name); a folder is walked recursively, in byte order of the names,
 * taking *.xlsx and *.xlsm (any case) but not Excel lock files (~$*),
 * hidden entries (.*), nor this tool's outputs (*-portfolio.xlsx); nor the
 * file `exclude` (may be NULL), e.g. the group workbook being written.
 * The same file named twice (same device and inode) is taken once.
 * Returns 0, or -1 when out of memory.
 */
int batch_collect(char *const *args, size_t nargs, const char *exclude,
                  batch_inputs *out);
void batch_inputs_free(batch_inputs *in);

/*
 * The output path of every input (NULL for inputs with an error):
 * "<dir or the input's folder>/<stem>-portfolio.<ext>"; when two inputs
 * would get the same path (compared ignoring ASCII case), or when the path
 * is one of the inputs, the later one gets "<stem>-2-portfolio.<ext>",
 * "-3-"…, in input order. Returns a malloc'ed array of in->count strings,
 * or NULL when out of memory.
 */
char **batch_output_paths(const batch_inputs *in, const char *dir, const char *ext);
void batch_output_paths_free(char **paths, size_t count);

/* Remove the temporary files a writer interrupted while writing `path`
 * may have left (".<base>.XXXXXX.tmp" beside it; util.h). */
void batch_remove_temporaries(const char *path);

/* mkdir -p. 0 on success, else -1 with errno set. */
int batch_mkdirs(const char *dir);

/* The folder that holds `path` ("." for a bare name), malloc'ed or NULL. */
char *batch_parent_dir(const char *path);

/* Create the folder that will hold `path` (mkdir -p of its dirname). 0 or
 * -1 with errno. */
int batch_mkparent(const char *path);

/* ---- records a job sends back (batch_records.c) ------------------------- */

/* A growable sequence of tagged entries: tag (1 byte), length (4 bytes),
 * bytes. */
typedef struct batch_buf {
    unsigned char *data;
    size_t len, cap;
    int nomem;
} batch_buf;

void batch_put(batch_buf *b, char tag, const void *data, size_t len);
void batch_put_text(batch_buf *b, char tag, const char *text);
void batch_buf_free(batch_buf *b);

/* Iterate over the entries of a record: returns 1 and sets *tag, *data,
 * *len (the bytes are followed by a NUL) while there is one, else 0. */
int batch_next(const unsigned char *rec, size_t rec_len, size_t *pos, char *tag,
               const unsigned char **data, size_t *len);

/* In a worker: the input ('I') and, when dest is not NULL, the output ('O')
 * of a task. 0 when the task carries a listing error ('E') or lacks a
 * path; the error is then already in `out`. */
int batch_task_paths(const unsigned char *task, size_t task_len, batch_buf *out,
                     const char **in, const char **dest);

/* ---- the worker pool (batch_pool.c) -------------------------------------- */

#define BATCH_WHY_SIZE 160

typedef struct batch_result {
    const unsigned char *data; /* the job's record (batch_next), or NULL */
    size_t len;
    int lost;         /* the worker died while doing the job (no record) */
    char why[BATCH_WHY_SIZE]; /* for a lost job: "… killed by signal 11 (…)",
                                 "took longer than 30 s, …" */
} batch_result;

typedef struct batch_pool_state batch_pool_state;

typedef struct batch_pool {
    size_t jobs;       /* jobs 0 … jobs-1 */
    unsigned workers;  /* worker processes */
    unsigned timeout;  /* seconds a job may take, 0 = no limit */
    /* The seconds job `job` may take (0 = no limit), in place of
     * `timeout`. May be NULL. */
    unsigned (*limit)(size_t job, void *ctx);
    /* In this process: what a worker needs to know to do job `job`
     * (entries added to `task`). */
    void (*describe)(size_t job, batch_buf *task, void *ctx);
    /* In a worker process (or in this one for an inline run): do the job
     * `task` describes and record the outcome in `out`. Workers may be
     * started before this process builds its list of jobs: use the task,
     * and in ctx only what existed when batch_pool_start() was called.
     * A job that writes a file calls batch_job_writes() first. */
    void (*work)(const unsigned char *task, size_t task_len, batch_buf *out, void *ctx);
    /* In this process, in job order (after an interruption: every job
     * that finished, in order, gaps left out). */
    void (*done)(size_t job, const batch_result *r, void *ctx);
    /* In this process, after a job is finished (any order) and a few times
     * a second. May be NULL. */
    void (*tick)(size_t finished, void *ctx);
    /* In this process, for each job in progress and unfinished when the
     * run is interrupted (SIGINT, SIGTERM, SIGHUP), after every worker is
     * stopped: clean up after it. May be NULL. */
    void (*abandon)(size_t job, void *ctx);
    void *ctx;
    /* Set by the run: the largest peak RSS of one worker process, KiB (of
     * this process for an inline run). */
    long worker_maxrss_kb;
    batch_pool_state *state; /* internal; zero-initialise */
} batch_pool;

/* Start the worker processes now, before this process builds what they do
 * not need (the list of inputs, the results), so that a worker's memory
 * does not depend on the number of jobs. Optional. Also installs the
 * SIGINT/SIGTERM/SIGHUP handling of the run. 0, or -1 with errno set. */
int batch_pool_start(batch_pool *pool);

/* Run every job in worker processes, starting them if batch_pool_start()
 * did not; when no worker can be started, the jobs run inline, in this
 * process (no time limit; a signal ends the process). Returns 0 when every
 * job was delivered to done(), the signal number when interrupted (every
 * worker stopped, the finished jobs delivered, abandon() called for the
 * others), or -1 on an error of the pool itself (errno). Workers are
 * always stopped on return. */
int batch_pool_run(batch_pool *pool);

/* The signal received since batch_pool_start() installed its handling
 * (SIGINT, SIGTERM, SIGHUP), or 0: long steps before the run stop early. */
int batch_interrupted(void);

/* Stop the workers of batch_pool_start() without running any job. */
void batch_pool_stop(batch_pool *pool);

/* Hold SIGINT, SIGTERM and SIGHUP (hold = 1, the old mask saved) while a
 * file is written, then restore the mask (hold = 0): a signal received
 * meanwhile takes effect once the file is complete or removed. */
void batch_hold_signals(int hold, sigset_t *saved);

/* In a job, before it writes its output: signals are held until the job's
 * outcome is reported, so a job stopped by a signal has either written
 * its output and said so, or written nothing. */
void batch_job_writes(void);

/* When TMPDIR is not set and /dev/shm is a writable memory file system
 * with 256 MiB free, set TMPDIR=/dev/shm for this process and its workers
 * (libxlsxwriter's scratch files: a file system with a journal costs
 * more than the conversion itself). Returns 1 if it did. */
int batch_prefer_tmpfs(void);

/* Number of online processors (at least 1). */
unsigned batch_cpus(void);

/* ---- progress (progress.c) ----------------------------------------------- */

typedef struct progress {
    int bar;         /* draw a bar on stderr */
    size_t total, done;
    double start, last_draw;
    int shown;       /* the bar is on the screen */
    const char *unit; /* "files" */
} progress;

/* Start timing; a bar is drawn when `bar` is set (stderr a terminal). */
void progress_start(progress *p, size_t total, int bar);
/* `done` jobs finished: redraw (at most ten times a second). */
void progress_update(progress *p, size_t done);
/* A line on stderr, above the bar. */
void progress_printf(progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Erase the bar. */
void progress_end(progress *p);
/* Seconds since progress_start. */
double progress_elapsed(const progress *p);
/* --stats: "isomm: stats: N files in S s: R files/s, M ms/file; peak RSS
 * W MiB per worker, P MiB in the main process" on stderr. */
void progress_stats(size_t files, double secs, long worker_kb);
/* Monotonic seconds. */
double progress_now(void);


/* Exit codes (stable; docs/cli.md). */
enum {
    EXIT_DONE = 0,   /* everything converted */
    EXIT_FAILED = 1, /* at least one file could not be converted */
    EXIT_USAGE = 2   /* bad command line */
};

int cmd_convert(int argc, char **argv);
int cmd_group(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_inspect(int argc, char **argv); /* inspect.c */


/* What convert and group share: -j N, -m HOW, -t N, --file-timeout S. */
typedef struct cli_shared {
    unsigned jobs;
    isomm_policy policy;
    long file_timeout; /* seconds per file; -1: the default by size (below) */
} cli_shared;

#define CLI_OPT_FILE_TIMEOUT 1001 /* getopt code of --file-timeout */

/* Defaults: every CPU, the default policy, the time limit by size. */
void cli_shared_init(cli_shared *s);
/* Parse one of the shared options into *s. 1 handled, 0 not one of them,
 * -1 bad value (reported). */
int cli_shared_option(int ch, const char *arg, cli_shared *s);

/* The time limit for one input (docs/batch.md): --file-timeout when given
 * (0 = none), else CLI_LIMIT_BASE s + CLI_LIMIT_PER_MIB s per MiB begun
 * of a regular file, CLI_LIMIT_UNKNOWN s when the size is unknown
 * (standard input). */
#define CLI_LIMIT_BASE 10
#define CLI_LIMIT_PER_MIB 5
#define CLI_LIMIT_UNKNOWN 600
unsigned cli_file_limit(const cli_shared *s, long long size);

struct option;

/* getopt_long() for command `cmd`, with getopt's own messages replaced
 * by one line ("isomm: convert: unrecognized option '--bogus'") and
 * "Try 'isomm convert --help'"; returns '?' after printing them. */
int cli_getopt(int argc, char **argv, const char *cmd, const char *shortopts,
               const struct option *longopts);

/* 0 if the folder of output `path` exists ("-" is standard output); else
 * -1 with a message: -o never creates folders (-d DIR does). */
int cli_output_folder(const char *cmd, const char *path);

/* -1 (reported) if '-' is among the inputs more than once, or at all
 * when `no_output` (its output would have no name). */
int cli_count_stdin(char *const *args, size_t n, const char *cmd, int no_output);

/* How messages name standard input, given as '-'. */
#define CLI_STDIN_NAME "(standard input)"

/* Read one input: a file, or '-' for standard input (read whole, at most
 * 1 GiB). When a file called like a kind of spreadsheet isomm does not
 * read (.xls, .xlsb, .ods, .numbers, .csv) fails, the message ends with
 * what to do (cli_foreign_hint). */
isomm_error cli_read(const char *path, const isomm_catalog *cat, const isomm_policy *policy,
                     isomm_reading **out, char *errbuf);

/* What to do with a file called `name` (.xls, .xlsb, .ods, .numbers,
 * .csv, any case): "this is …: save it as .xlsx …", or NULL. */
const char *cli_foreign_hint(const char *name);

/* The built-in catalog, or the one in `dir` (--catalog). -1 if it cannot be
 * loaded (reported). */
int cli_load_catalog(const char *dir, isomm_catalog **out);

/* ---- util.c ---------------------------------------------------------------- */

/* "isomm: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *cli_strdup(const char *s); /* NULL-safe; NULL when out of memory */
char *cli_strndup(const char *s, size_t n);
char *cli_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* 1 if both paths name the same existing file (same device and inode). */
int cli_same_file(const char *a, const char *b);
/* How messages name an input: CLI_STDIN_NAME for "-", else the path. */
const char *cli_input_name(const char *path);
/* "SIGINT", "SIGTERM", "SIGHUP" (the signals that interrupt a run). */
const char *cli_signal_name(int sig);

/* ---- zip_level.c ------------------------------------------------------------ */

/* How the workbooks this program writes are packed, for --version. */
const char *cli_zip_level(void);

/* ---- scratch.c ------------------------------------------------------------- */

/* Where libxlsxwriter keeps a workbook's parts before zipping, for --version. */
const char *cli_scratch(void);

/* ---- xml_writer.c ---------------------------------------------------------- */

/* Who writes the workbooks' XML, for --version. */
const char *cli_xml_writer(void);

#endif
