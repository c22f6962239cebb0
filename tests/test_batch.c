/* test_batch.c - isomm convert over folders: walk and skip rules, unique
 * output names, failures that do not stop the rest, atomic outputs,
 * inputs left alone, the worker pool (docs/batch.md; time limits and
 * signals: test_stop.c). */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "check.h"
#include "fixture.h"
#include "run.h"
#include "ooxml/ooxml.h"

/* The worker pool itself, compiled into this test (it belongs to the CLI). */
#include "cli/batch_pool.c"
#include "cli/batch_records.c"

#define ALPHA "samples/alpha-manufacturing.xlsx"
#define BETA "samples/beta-finance.xlsx"
#define GAMMA "samples/gamma-retail.xlsx"

static char *path2(const char *dir, const char *name)
{
    char *p = fx_path(dir, name);
    assert_non_null(p);
    return p;
}

static void copy_file(const char *src, const char *dir, const char *name)
{
    size_t len;
    char *data = read_all(src, &len);
    assert_non_null(data);
    char *dst = path2(dir, name);
    assert_int_equal(write_all(dst, data, len), 0);
    free(dst);
    free(data);
}

static void make_dir(const char *dir, const char *name)
{
    char *p = path2(dir, name);
    assert_int_equal(mkdir(p, 0777), 0);
    free(p);
}

/* Number of temporaries and other dot files anywhere under dir. */
static size_t count_dot_files(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || (len > 4 && !strcmp(e->d_name + len - 4, ".tmp")))
            n++;
        char *sub = fx_path(dir, e->d_name);
        struct stat st;
        if (sub && stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            n += count_dot_files(sub);
        free(sub);
    }
    if (d)
        closedir(d);
    return n;
}

/* The output is a portfolio workbook our reader opens, and its cells name
 * `source` somewhere (the サマリー's 入力ファイル). */
static void assert_portfolio(const char *path, const char *source)
{
    char err[ISOMM_ERRBUF_SIZE];
    ooxml_book *b = NULL;
    if (ooxml_open(path, &b, err) != ISOMM_OK)
        fail_msg("%s", err);
    assert_true(ooxml_find_sheet(b, "サービスポートフォリオ") >= 0);
    int found = 0;
    for (size_t s = 0; s < ooxml_sheet_count(b) && !found; s++) {
        ooxml_grid *g = NULL;
        assert_int_equal(ooxml_load_grid(b, s, &g, err), ISOMM_OK);
        for (size_t i = 0; i < g->count && !found; i++)
            found = strstr(g->cells[i].text, source) != NULL;
        ooxml_grid_free(g);
    }
    ooxml_close(b);
    if (!found)
        fail_msg("%s does not name its source %s", path, source);
}

static int file_equals(const char *a, const char *b)
{
    size_t la, lb;
    char *da = read_all(a, &la), *db = read_all(b, &lb);
    int eq = da && db && la == lb && memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return eq;
}

/* in/a: the three samples; in/b: alpha again (same base name), beta as
 * .xlsm in a subfolder, a text file called .xlsx, a truncated workbook,
 * an Excel lock file, an earlier output and a text file. */
static char *make_tree(void)
{
    char *dir = tmpdir_make();
    assert_non_null(dir);
    make_dir(dir, "in");
    make_dir(dir, "in/a");
    make_dir(dir, "in/b");
    make_dir(dir, "in/b/sub");
    copy_file(ALPHA, dir, "in/a/alpha-manufacturing.xlsx");
    copy_file(BETA, dir, "in/a/beta-finance.xlsx");
    copy_file(GAMMA, dir, "in/a/gamma-retail.xlsx");
    copy_file(ALPHA, dir, "in/b/alpha-manufacturing.xlsx");
    copy_file(BETA, dir, "in/b/sub/beta-finance.XLSM");
    copy_file(GAMMA, dir, "in/b/~$alpha-manufacturing.xlsx");
    copy_file(GAMMA, dir, "in/b/old-portfolio.xlsx");
    char *p = path2(dir, "in/b/broken.xlsx");
    assert_int_equal(write_all(p, "not a workbook\n", 15), 0);
    free(p);
    p = path2(dir, "in/b/truncated.xlsx");
    assert_int_equal(fx_truncate_copy(BETA, p, 3000), 0);
    free(p);
    p = path2(dir, "in/b/notes.txt");
    assert_int_equal(write_all(p, "hello\n", 6), 0);
    free(p);
    return dir;
}

static void test_folder_batch(void **state)
{
    (void)state;
    char *dir = make_tree();
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "convert '%s/in' -d '%s/out' -j 2", dir, dir);
    run_result r = run_isomm(cmd);

    /* Exit 1: two broken files; each named with its cause; the summary. */
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "in/b/broken.xlsx: not an .xlsx workbook");
    assert_contains(r.err, "in/b/truncated.xlsx: ");
    assert_contains(r.err, "isomm: 7 files: 5 converted (5 with warnings), 2 failed");
    assert_null(strstr(r.err, "~$"));
    assert_null(strstr(r.err, "old-portfolio"));
    assert_null(strstr(r.err, "notes.txt"));

    /* Not a terminal: one "IN -> OUT" line per output, in input order. */
    const char *l1 = strstr(r.err, "in/a/alpha-manufacturing.xlsx -> ");
    const char *l2 = strstr(r.err, "in/a/gamma-retail.xlsx -> ");
    const char *l3 = strstr(r.err, "in/b/alpha-manufacturing.xlsx -> ");
    const char *l4 = strstr(r.err, "in/b/sub/beta-finance.XLSM -> ");
    assert_true(l1 && l2 && l3 && l4 && l1 < l2 && l2 < l3 && l3 < l4);

    /* Every good sheet converted; same base names made unique in input
     * order; nothing else in the output folder. */
    char out[512], src[512];
    static const char *const outs[][2] = {
        {"alpha-manufacturing-portfolio.xlsx", "in/a/alpha-manufacturing.xlsx"},
        {"alpha-manufacturing-2-portfolio.xlsx", "in/b/alpha-manufacturing.xlsx"},
        {"beta-finance-portfolio.xlsx", "in/a/beta-finance.xlsx"},
        {"beta-finance-2-portfolio.xlsx", "in/b/sub/beta-finance.XLSM"},
        {"gamma-retail-portfolio.xlsx", "in/a/gamma-retail.xlsx"},
    };
    for (size_t i = 0; i < 5; i++) {
        snprintf(out, sizeof out, "%s/out/%s", dir, outs[i][0]);
        snprintf(src, sizeof src, "%s/%s", dir, outs[i][1]);
        assert_portfolio(out, src);
    }
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(dir_count(out), 5);
    assert_int_equal(count_dot_files(dir), 0);

    /* Inputs untouched, and nothing added beside them. */
    snprintf(src, sizeof src, "%s/in/a/alpha-manufacturing.xlsx", dir);
    assert_true(file_equals(src, ALPHA));
    snprintf(src, sizeof src, "%s/in/b/old-portfolio.xlsx", dir);
    assert_true(file_equals(src, GAMMA));
    snprintf(src, sizeof src, "%s/in/b/~$alpha-manufacturing.xlsx", dir);
    assert_true(file_equals(src, GAMMA));
    snprintf(src, sizeof src, "%s/in/a", dir);
    assert_int_equal(dir_count(src), 3);
    snprintf(src, sizeof src, "%s/in/b", dir);
    assert_int_equal(dir_count(src), 7);
    run_free(&r);

    /* Again, one worker, quiet: the same names (outputs replaced). */
    snprintf(cmd, sizeof cmd, "convert '%s/in' -d '%s/out' -j 1 -q", dir, dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    assert_null(strstr(r.err, " -> "));
    assert_contains(r.err, "7 files: 5 converted");
    assert_int_equal(dir_count(out), 5);
    assert_int_equal(count_dot_files(dir), 0);
    run_free(&r);
    tmpdir_remove(dir);
}

static void test_outputs_beside_inputs(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    copy_file(ALPHA, dir, "sheet.xlsx");
    copy_file(BETA, dir, "sheet.xlsm");
    char cmd[1024], path[512];
    snprintf(cmd, sizeof cmd, "convert '%s' -q", dir);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "2 files: 2 converted");
    /* Byte order of the names: sheet.xlsm before sheet.xlsx. */
    snprintf(path, sizeof path, "%s/sheet-portfolio.xlsx", dir);
    assert_portfolio(path, "sheet.xlsm");
    snprintf(path, sizeof path, "%s/sheet-2-portfolio.xlsx", dir);
    assert_portfolio(path, "sheet.xlsx");
    assert_int_equal(dir_count(dir), 4);
    run_free(&r);

    /* A second run skips the outputs and writes the same two again. */
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "2 files: 2 converted");
    assert_int_equal(dir_count(dir), 4);
    run_free(&r);

    /* Named explicitly, an output is taken as an input; an output never
     * replaces an input: "x-portfolio.xlsx" is taken, so x.xlsx goes to
     * "x-2-portfolio.xlsx". */
    copy_file(GAMMA, dir, "x.xlsx");
    copy_file(GAMMA, dir, "x-portfolio.xlsx");
    snprintf(cmd, sizeof cmd, "convert '%s/x-portfolio.xlsx' '%s/x.xlsx' --format json", dir,
             dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    snprintf(path, sizeof path, "%s/x-portfolio.xlsx", dir);
    assert_true(file_equals(path, GAMMA));
    snprintf(path, sizeof path, "%s/x-portfolio-portfolio.json", dir);
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/x-portfolio.json", dir);
    assert_int_equal(access(path, F_OK), 0);
    run_free(&r);
    tmpdir_remove(dir);
}

static void test_batch_usage(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char cmd[1024];
    run_result r = run_isomm("convert samples -j 0");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--jobs: '0'");
    run_free(&r);
    snprintf(cmd, sizeof cmd, "convert samples -o '%s/x.xlsx'", dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "is a folder");
    run_free(&r);
    /* A folder without sheets is a failure, named. */
    make_dir(dir, "empty");
    copy_file(ALPHA, dir, "empty/~$lock.xlsx");
    snprintf(cmd, sizeof cmd, "convert '%s/empty' " ALPHA " -d '%s/out'", dir, dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "empty: no .xlsx or .xlsm sheet in this folder");
    assert_contains(r.err, "2 files: 1 converted");
    run_free(&r);
    r = run_isomm("convert --help");
    assert_contains(r.out, "--jobs");
    run_free(&r);
    tmpdir_remove(dir);
}

/* A folder with a legacy .xls, an .ods, a .csv, an .xlsb and a .numbers
 * package beside good sheets: each is named with its cause and what to
 * do, counts as a failure, and the others are converted and rolled up;
 * lock files and isomm's own group CSV stay skipped. */
static void test_foreign_spreadsheets(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    make_dir(dir, "in");
    copy_file(ALPHA, dir, "in/alpha.xlsx");
    copy_file(BETA, dir, "in/beta.xlsx");
    copy_file("tests/fixtures/err-legacy.xls", dir, "in/old.xls");
    copy_file("tests/fixtures/err-legacy.xls", dir, "in/~$old.xls");
    char *p = path2(dir, "in/sheet.ods");
    fx_part ods[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0},
                     {"content.xml", "<office:document-content/>", 0}};
    assert_int_equal(fx_write_zip(p, ods, 2), 0);
    free(p);
    p = path2(dir, "in/book.xlsb");
    fx_part xlsb[] = {{"[Content_Types].xml", "<Types/>", 0}, {"xl/workbook.bin", "\x83\x01", 2}};
    assert_int_equal(fx_write_zip(p, xlsb, 2), 0);
    free(p);
    p = path2(dir, "in/data.csv");
    assert_int_equal(write_all(p, "役割,インソース\nA-1,3\n", 27), 0);
    free(p);
    p = path2(dir, "in/group.csv");
    const char *own = "\xEF\xBB\xBFsubsidiary,service,service_name,category\r\n";
    assert_int_equal(write_all(p, own, strlen(own)), 0);
    free(p);
    make_dir(dir, "in/Report.numbers");
    copy_file(ALPHA, dir, "in/Report.numbers/Index.xlsx"); /* inside a package: not walked */
    p = path2(dir, "in/notes.txt");
    assert_int_equal(write_all(p, "hello\n", 6), 0);
    free(p);

    char cmd[2048];
    snprintf(cmd, sizeof cmd, "convert '%s/in' -d '%s/out' -j 2 -q", dir, dir);
    run_result r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "in/old.xls: this is a legacy .xls workbook");
    assert_contains(r.err, "save it as .xlsx");
    /* The reader knows .ods and .xlsb archives by their content: its
     * message says what to do, once. */
    assert_contains(r.err, "in/sheet.ods: not an Excel workbook: the zip archive has no "
                           "xl/workbook.xml; this looks like an OpenDocument file (.ods): save "
                           "it as .xlsx");
    assert_contains(r.err, "in/book.xlsb: not an Excel workbook: the zip archive has no "
                           "xl/workbook.xml; this is an .xlsb (binary) workbook: save it as "
                           ".xlsx");
    assert_null(strstr(r.err, "; this is an Excel binary workbook"));
    assert_null(strstr(r.err, "; this is an OpenDocument spreadsheet"));
    assert_contains(r.err, "in/data.csv: not an .xlsx workbook (no zip archive found); this is a "
                           "CSV file");
    assert_contains(r.err, "in/Report.numbers: is a directory, not a workbook; this is an Apple "
                           "Numbers document: export it from Numbers as Excel (.xlsx)");
    assert_contains(r.err, "7 files: 2 converted (2 with warnings), 5 failed");
    assert_null(strstr(r.err, "group.csv"));
    assert_null(strstr(r.err, "~$"));
    assert_null(strstr(r.err, "notes.txt"));
    assert_null(strstr(r.err, "Index.xlsx"));
    char out[512];
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(dir_count(out), 2);
    run_free(&r);

    /* group: the same five on the 読み込み失敗 sheet, the two rolled up. */
    snprintf(cmd, sizeof cmd, "group '%s/in' -o '%s/out/group.xlsx' -q", dir, dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "7 files: 2 subsidiaries (2 with warnings), 5 failed");
    run_free(&r);
    snprintf(out, sizeof out, "%s/out/group.xlsx", dir);
    static const char *const names[] = {"old.xls", "sheet.ods", "book.xlsb", "data.csv",
                                        "Report.numbers"};
    for (size_t k = 0; k < 5; k++)
        assert_failure_listed(out, names[k]);
    tmpdir_remove(dir);
}

/* ---- the worker pool --------------------------------------------------- */

#define POOL_JOBS 24

typedef struct pool_log {
    size_t next;            /* the job done() should see next */
    int in_order;
    int lost[POOL_JOBS];
    char why[POOL_JOBS][BATCH_WHY_SIZE];
    size_t len[POOL_JOBS];
    int text_ok[POOL_JOBS];
    size_t ticks;
} pool_log;

static void pool_describe(size_t job, batch_buf *task, void *ctx)
{
    (void)ctx;
    char text[32];
    snprintf(text, sizeof text, "%zu", job);
    batch_put_text(task, 'J', text);
}

static void pool_work(const unsigned char *task, size_t task_len, batch_buf *out, void *ctx)
{
    (void)ctx;
    size_t pos = 0, len;
    const unsigned char *data;
    char tag;
    size_t job = 999;
    while (batch_next(task, task_len, &pos, &tag, &data, &len))
        if (tag == 'J')
            job = strtoul((const char *)data, NULL, 10);
    if (job == 3)
        raise(SIGKILL); /* a crash (SIGKILL: not caught by sanitizers) */
    if (job == 5)
        sleep(4); /* beyond the timeout */
    char text[32];
    snprintf(text, sizeof text, "job %zu", job);
    batch_put_text(out, 'T', text);
    if (job == 7) { /* a record larger than a pipe's buffer */
        size_t n = 300000;
        char *big = malloc(n);
        memset(big, 'x', n);
        batch_put(out, 'B', big, n);
        free(big);
    }
}

static void pool_done(size_t job, const batch_result *r, void *ctx)
{
    pool_log *log = ctx;
    if (job != log->next++)
        log->in_order = 0;
    log->lost[job] = r->lost;
    memcpy(log->why[job], r->why, sizeof r->why);
    log->len[job] = r->len;
    size_t pos = 0, len;
    const unsigned char *data;
    char tag, want[32];
    snprintf(want, sizeof want, "job %zu", job);
    while (batch_next(r->data, r->len, &pos, &tag, &data, &len))
        if (tag == 'T' && strcmp((const char *)data, want) == 0)
            log->text_ok[job] = 1;
}

static void pool_tick(size_t finished, void *ctx)
{
    pool_log *log = ctx;
    (void)finished;
    log->ticks++;
}

static void test_pool(void **state)
{
    (void)state;
    pool_log log;
    memset(&log, 0, sizeof log);
    log.in_order = 1;
    batch_pool pool = {.jobs = POOL_JOBS, .workers = 3, .timeout = 1,
                       .describe = pool_describe, .work = pool_work, .done = pool_done,
                       .tick = pool_tick, .ctx = &log};
    assert_int_equal(batch_pool_run(&pool), 0);
    assert_int_equal(log.next, POOL_JOBS);
    assert_true(log.in_order);
    assert_true(log.ticks > 0);
    for (size_t j = 0; j < POOL_JOBS; j++) {
        if (j == 3 || j == 5) {
            assert_true(log.lost[j]);
            assert_int_equal(log.len[j], 0);
        } else {
            assert_false(log.lost[j]);
            assert_true(log.text_ok[j]);
        }
    }
    assert_contains(log.why[3], "killed by signal 9");
    assert_contains(log.why[5], "took longer than 1 s");
    assert_true(log.len[7] > 300000);
    assert_true(pool.worker_maxrss_kb > 0);
    assert_null(pool.state);

    /* Workers started before the jobs are known. */
    memset(&log, 0, sizeof log);
    log.in_order = 1;
    pool.jobs = 0;
    pool.workers = 2;
    pool.timeout = 0;
    assert_int_equal(batch_pool_start(&pool), 0);
    pool.jobs = 3; /* 0, 1, 2: no crash, no sleep */
    assert_int_equal(batch_pool_run(&pool), 0);
    assert_int_equal(log.next, 3);
    assert_true(log.text_ok[0] && log.text_ok[1] && log.text_ok[2]);
    assert_null(pool.state);

    /* One job runs in this process. */
    memset(&log, 0, sizeof log);
    log.in_order = 1;
    pool.jobs = 1;
    assert_int_equal(batch_pool_run(&pool), 0);
    assert_int_equal(log.next, 1);
    assert_true(log.text_ok[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folder_batch),
        cmocka_unit_test(test_outputs_beside_inputs),
        cmocka_unit_test(test_batch_usage),
        cmocka_unit_test(test_foreign_spreadsheets),
        cmocka_unit_test(test_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
