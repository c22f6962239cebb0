/* test_stop.c - a file that takes too long is stopped and reported, the
 * batch goes on; a signal stops a run at any stage (also a single
 * conversion while it reads), and the summary says exactly what was
 * written (docs/batch.md). A never-ending standard input stands for the
 * file that never finishes: no clock decides these tests. */
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

#define ALPHA "samples/alpha-manufacturing.xlsx"
#define BETA "samples/beta-finance.xlsx"

/* isomm running with a standard input that stays open (nothing written to
 * it) and stderr in a file. */
typedef struct running {
    pid_t pid;
    int input; /* the write end of its standard input */
    char err[600];
} running;

static running start(const char *const *args)
{
    running r;
    memset(&r, 0, sizeof r);
    const char *bin = getenv("ISOMM_BIN");
    assert_non_null(bin);
    snprintf(r.err, sizeof r.err, "%s/stderr.txt", dir);
    int p[2];
    assert_int_equal(pipe(p), 0);
    r.pid = fork();
    assert_true(r.pid >= 0);
    if (r.pid == 0) {
        int e = open(r.err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(p[0], 0);
        dup2(e, 2);
        close(p[1]);
        const char *argv[32] = {bin};
        size_t n = 1;
        for (; args[n - 1] && n < 31; n++)
            argv[n] = args[n - 1];
        argv[n] = NULL;
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    close(p[0]);
    r.input = p[1];
    return r;
}

/* The exit status, and stderr in *err (malloc'ed). */
static int finish(running *r, char **err)
{
    int st;
    assert_int_equal(waitpid(r->pid, &st, 0), r->pid);
    close(r->input);
    *err = read_all(r->err, NULL);
    assert_non_null(*err);
    if (!WIFEXITED(st))
        fail_msg("isomm ended by signal %d:\n%s", WTERMSIG(st), *err);
    return WEXITSTATUS(st);
}

/* finish(), which must give `want`: else the failure shows stderr. */
static char *finish_with(running *r, int want)
{
    char *err;
    int got = finish(r, &err);
    if (got != want)
        fail_msg("isomm exited with %d, want %d; stderr:\n%s", got, want, err);
    return err;
}

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* 1 if process `pid` is in a read(2) of its standard input (/proc's
 * syscall line: the number of read on x86-64 or arm64, then fd 0). An
 * idle worker waits on its task pipe, another descriptor. */
static int reads_stdin(long pid)
{
    char path[64], buf[128] = "";
    snprintf(path, sizeof path, "/proc/%ld/syscall", pid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    return strncmp(buf, "0 0x0 ", 6) == 0 || strncmp(buf, "63 0x0 ", 7) == 0;
}

/* Wait until a worker of isomm reads the standard input: the inputs are
 * listed, the signal handling in place, the job under way. */
static void wait_for_worker(const running *r)
{
    char path[128], buf[512];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)r->pid, (int)r->pid);
    for (int i = 0; i < 6000; i++) {
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
        if (f)
            fclose(f);
        buf[n] = '\0';
        char *p = buf, *end;
        for (long pid; (pid = strtol(p, &end, 10)) > 0; p = end)
            if (reads_stdin(pid))
                return;
        pause_ms(5);
    }
    fail_msg("no worker of isomm came to read its standard input");
}

static void wait_for_file(const char *path)
{
    for (int i = 0; i < 12000; i++) {
        if (access(path, F_OK) == 0)
            return;
        pause_ms(5);
    }
    fail_msg("%s was never written", path);
}

/* Dot files (temporaries) in a folder. */
static size_t dot_files(const char *folder)
{
    DIR *d = opendir(folder);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

/* The time limit stops the file that does not end; the run ends with
 * exit 1 although the input never closes, and names the limit. */
static void test_file_timeout(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof out, "%s/stdin.json", dir);
    const char *args[] = {"convert", "-", "-o", out, "--format", "json", "--file-timeout", "1",
                          NULL};
    running r = start(args);
    char *err;
    err = finish_with(&r, 1);
    assert_contains(err, "isomm: (standard input): could not be converted: took longer than "
                         "1 s, the time limit for one file, and was stopped");
    assert_int_equal(access(out, F_OK), -1);
    assert_int_equal(dot_files(dir), 0);
    free(err);
}

/* In a batch the others go on: the stopped file is a failure in the
 * summary and on the group's 読み込み失敗 sheet. */
static void test_file_timeout_batch(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof out, "%s/out", dir);
    const char *args[] = {"convert", "-", ALPHA, BETA, "-d", out, "-j", "2",
                          "--file-timeout", "1", NULL};
    running r = start(args);
    char *err;
    err = finish_with(&r, 1);
    assert_contains(err, "(standard input): could not be converted: took longer than 1 s");
    assert_contains(err, "3 files: 2 converted (2 with warnings), 1 failed");
    assert_int_equal(dir_count(out), 2);
    free(err);

    char group[512];
    snprintf(group, sizeof group, "%s/group.xlsx", dir);
    const char *gargs[] = {"group", ALPHA, "-", "-o", group, "--file-timeout", "1", NULL};
    r = start(gargs);
    err = finish_with(&r, 1);
    assert_contains(err, "2 files: 1 subsidiaries (1 with warnings), 1 failed");
    free(err);
    assert_failure_listed(group, "took longer than 1 s");
}

/* A single conversion stops on SIGINT, SIGTERM and SIGHUP while it reads,
 * with the exit status of the signal and nothing written. */
static void test_single_conversion_stops(void **state)
{
    (void)state;
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    static const char *const names[] = {"SIGINT", "SIGTERM", "SIGHUP"};
    char out[512], want[256];
    snprintf(out, sizeof out, "%s/x.xlsx", dir);
    for (size_t k = 0; k < 3; k++) {
        const char *args[] = {"convert", "-", "-o", out, NULL};
        running r = start(args);
        wait_for_worker(&r);
        kill(r.pid, sigs[k]);
        char *err;
        err = finish_with(&r, 128 + sigs[k]);
        assert_contains(err, "isomm: (standard input): interrupted while being converted; "
                             "nothing written");
        snprintf(want, sizeof want, "interrupted by %s: 0 of 1 files converted, 0 failed, 1 "
                 "stopped (nothing written for them), 0 not started", names[k]);
        assert_contains(err, want);
        assert_int_equal(access(out, F_OK), -1);
        assert_int_equal(dot_files(dir), 0);
        free(err);
    }
}

/* Interrupted after the second input was written while the first still
 * reads: the summary counts the written one (the old summary said "0 of
 * 2 files converted" here), names the stopped one, and counts the input
 * no worker had started. */
static void test_interrupt_is_exact(void **state)
{
    (void)state;
    char out[512], done[600];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(done, sizeof done, "%s/alpha-manufacturing-portfolio.xlsx", out);
    const char *args[] = {"convert", "-", ALPHA, "-d", out, "-j", "2", NULL};
    running r = start(args);
    wait_for_file(done);
    kill(r.pid, SIGTERM);
    char *err;
    err = finish_with(&r, 143);
    assert_contains(err, ALPHA " -> ");
    assert_contains(err, "isomm: (standard input): interrupted while being converted");
    assert_contains(err, "interrupted by SIGTERM: 1 of 2 files converted, 0 failed, 1 stopped "
                         "(nothing written for them), 0 not started");
    assert_int_equal(dir_count(out), 1);
    assert_int_equal(dot_files(out), 0);
    free(err);

    /* One worker held by standard input: the two others never started. */
    const char *one[] = {"convert", "-", ALPHA, BETA, "-d", out, "-j", "1", NULL};
    r = start(one);
    wait_for_worker(&r);
    kill(r.pid, SIGINT);
    err = finish_with(&r, 130);
    assert_contains(err, "interrupted by SIGINT: 0 of 3 files converted, 0 failed, 1 stopped "
                         "(nothing written for them), 2 not started");
    free(err);

    /* group: nothing is written before every file is read. */
    char group[512];
    snprintf(group, sizeof group, "%s/group.xlsx", dir);
    const char *gargs[] = {"group", ALPHA, "-", "-o", group, "-j", "2", NULL};
    r = start(gargs);
    wait_for_worker(&r);
    kill(r.pid, SIGHUP);
    err = finish_with(&r, 129);
    assert_contains(err, "interrupted by SIGHUP: ");
    assert_contains(err, "of 2 files done");
    assert_contains(err, "nothing written");
    assert_int_equal(access(group, F_OK), -1);
    free(err);
}

/* --file-timeout takes whole seconds. */
static void test_file_timeout_usage(void **state)
{
    (void)state;
    run_result r = run_isomm("convert " ALPHA " --file-timeout 1.5");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--file-timeout: '1.5' is not a whole number of seconds");
    run_free(&r);
    r = run_isomm("group " ALPHA " --file-timeout -1 -o -  --format csv");
    assert_int_equal(r.status, 2);
    run_free(&r);
    /* 0: no limit; the file converts as usual. */
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "convert " ALPHA " --file-timeout 0 -o '%s/a.json' --format json",
             dir);
    r = run_isomm(cmd);
    assert_int_equal(r.status, 0);
    run_free(&r);
}

static int fresh_dir(void **state)
{
    (void)state;
    fx_rmtree(dir);
    return mkdir(dir, 0777);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_file_timeout, fresh_dir),
        cmocka_unit_test_setup(test_file_timeout_batch, fresh_dir),
        cmocka_unit_test_setup(test_single_conversion_stops, fresh_dir),
        cmocka_unit_test_setup(test_interrupt_is_exact, fresh_dir),
        cmocka_unit_test_setup(test_file_timeout_usage, fresh_dir),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
