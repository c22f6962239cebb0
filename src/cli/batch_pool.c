/*
 * batch_pool.c - run one job per input in fork()ed worker processes.
 *
 * Each worker has two pipes: the parent writes it the index of its next
 * job; it answers with one record (header: job, length; then the bytes of
 * a batch_buf). A worker holds one job at a time and gets the next one
 * when it answers, so fast workers take more jobs and memory per worker
 * does not depend on the number of jobs. The catalog and everything else
 * loaded before the run is shared with the workers copy-on-write.
 *
 * The parent only waits on pipes, so it answers a signal or a time limit
 * at once, whatever a worker is doing:
 *
 *  - A worker that dies (a crash, an out-of-memory kill) loses only the
 *    job it held: the parent reports that job with the cause and starts
 *    another worker for the rest.
 *  - A job past its time limit gets SIGTERM, and SIGKILL if it has not
 *    ended BATCH_KILL_GRACE seconds later; it is reported as stopped.
 *  - SIGINT / SIGTERM / SIGHUP: the parent sends SIGTERM to every worker
 *    holding a job, takes the records of those that finish, hands every
 *    finished job to done() and calls abandon() for the others.
 *
 * A job holds SIGTERM from batch_job_writes() (when it starts writing its
 * output, which takes milliseconds) until its record is sent: a job
 * stopped by a signal has either written its output and said so, or
 * written nothing.
 *
 * The parent hands the records to done() in job order, whatever order they
 * finish in, so the output of a run does not depend on scheduling.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* wait4 */
#endif
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Seconds between SIGTERM and SIGKILL for a job past its time limit. */
#define BATCH_KILL_GRACE 2.0

/* ---- plumbing ------------------------------------------------------------- */

unsigned batch_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_full(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Bytes read (less than len at end of file), or -1. */
static ssize_t read_full(int fd, void *data, size_t len)
{
    char *p = data;
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* Both directions: header, then `len` bytes. */
typedef struct message_header {
    uint64_t job;
    uint64_t len;
} message_header;

typedef struct worker {
    pid_t pid;       /* 0: no process */
    int task_fd;     /* -1 once closed: no more jobs */
    int result_fd;
    long job;        /* the job it holds, or -1 */
    double started;
    unsigned limit;  /* seconds the job may take, 0 = no limit */
    int stopping;    /* 1 SIGTERM sent for the time limit, 2 SIGKILL too */
    double stop_sent;
} worker;

typedef struct slot {
    unsigned char *data;
    size_t len;
    int ready;
    int lost;
    int delivered;
    char why[BATCH_WHY_SIZE];
} slot;

struct batch_pool_state {
    worker *ws;
    unsigned nw;
    struct sigaction old_int, old_term, old_hup, old_pipe;
    int handlers;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

int batch_interrupted(void)
{
    return interrupted;
}

int batch_prefer_tmpfs(void)
{
    const char *dir = "/dev/shm";
    struct statvfs vfs;
    const char *env = getenv("TMPDIR");
    if ((env && *env) || statvfs(dir, &vfs) != 0 || access(dir, W_OK | X_OK) != 0)
        return 0;
    unsigned long long avail = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
    if (avail < (256ULL << 20))
        return 0;
    return setenv("TMPDIR", dir, 0) == 0;
}

/* ---- signals while a job writes ------------------------------------------ */

static sigset_t job_saved;
static int job_holding;

void batch_hold_signals(int hold, sigset_t *saved)
{
    if (hold) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGHUP);
        sigprocmask(SIG_BLOCK, &set, saved);
    } else {
        sigprocmask(SIG_SETMASK, saved, NULL);
    }
}

void batch_job_writes(void)
{
    if (!job_holding) {
        batch_hold_signals(1, &job_saved);
        job_holding = 1;
    }
}

/* The job's record is out: a signal held meanwhile takes effect now. */
static void job_reported(void)
{
    if (job_holding) {
        job_holding = 0;
        batch_hold_signals(0, &job_saved);
    }
}

/* ---- workers -------------------------------------------------------------- */

/* The worker process: never returns. */
static void worker_main(const batch_pool *pool, int task_fd, int result_fd)
{
    signal(SIGINT, SIG_IGN); /* the parent decides */
    signal(SIGHUP, SIG_IGN);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
#ifdef __GLIBC__
    /* Jobs allocate and free the same few megabytes over and over: keep
     * them instead of giving them back to the kernel after every job. */
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
    mallopt(M_MMAP_THRESHOLD, 16 << 20);
#endif
    unsigned char *task = NULL;
    size_t cap = 0;
    for (;;) {
        message_header h;
        if (read_full(task_fd, &h, sizeof h) != (ssize_t)sizeof h || h.len > ((size_t)1 << 30))
            _exit(0);
        if (h.len + 1 > cap) {
            unsigned char *t = realloc(task, (size_t)h.len + 1);
            if (!t)
                _exit(1);
            task = t;
            cap = (size_t)h.len + 1;
        }
        if (read_full(task_fd, task, (size_t)h.len) != (ssize_t)h.len)
            _exit(0);
        task[h.len] = '\0';
        batch_buf b = {0};
        pool->work(task, (size_t)h.len, &b, pool->ctx);
        if (b.nomem) {
            batch_buf_free(&b);
            batch_put_text(&b, 'E', "out of memory");
        }
        message_header r = {h.job, b.len};
        if (write_full(result_fd, &r, sizeof r) != 0 ||
            (b.len && write_full(result_fd, b.data, b.len) != 0))
            _exit(1);
        batch_buf_free(&b);
        job_reported();
    }
}

static int spawn(const batch_pool *pool, worker *ws, unsigned nw, unsigned k)
{
    int task[2], res[2];
    if (pipe(task) != 0)
        return -1;
    if (pipe(res) != 0) {
        close(task[0]);
        close(task[1]);
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    /* The child starts with the signals held, until it has its own
     * handling: a SIGTERM meant for it must not meet the parent's
     * handler. */
    sigset_t saved;
    batch_hold_signals(1, &saved);
    pid_t pid = fork();
    if (pid != 0)
        batch_hold_signals(0, &saved);
    if (pid < 0) {
        int e = errno;
        close(task[0]);
        close(task[1]);
        close(res[0]);
        close(res[1]);
        errno = e;
        return -1;
    }
    if (pid == 0) {
        close(task[1]);
        close(res[0]);
        for (unsigned i = 0; i < nw; i++) {
            if (i == k || !ws[i].pid)
                continue;
            if (ws[i].task_fd >= 0)
                close(ws[i].task_fd);
            if (ws[i].result_fd >= 0)
                close(ws[i].result_fd);
        }
        worker_main(pool, task[0], res[1]);
    }
    close(task[0]);
    close(res[1]);
    ws[k] = (worker){.pid = pid, .task_fd = task[1], .result_fd = res[0], .job = -1};
    return 0;
}

static unsigned job_limit(const batch_pool *pool, size_t job)
{
    return pool->limit ? pool->limit(job, pool->ctx) : pool->timeout;
}

/* Give worker w its next job, or tell it there is none. */
static void assign(batch_pool *pool, worker *w, size_t *next)
{
    if (w->task_fd < 0)
        return;
    if (*next < pool->jobs && !w->stopping) {
        batch_buf task = {0};
        if (pool->describe)
            pool->describe(*next, &task, pool->ctx);
        message_header h = {*next, task.nomem ? 0 : task.len};
        int ok = write_full(w->task_fd, &h, sizeof h) == 0 &&
                 (!h.len || write_full(w->task_fd, task.data, task.len) == 0);
        batch_buf_free(&task);
        if (ok) {
            w->job = (long)*next;
            w->started = progress_now();
            w->limit = job_limit(pool, *next);
            (*next)++;
            return;
        }
        /* The worker is gone: its end of file will be seen. */
    }
    close(w->task_fd);
    w->task_fd = -1;
}

static void describe_status(int status, const worker *w, char why[BATCH_WHY_SIZE])
{
    if (w->stopping)
        snprintf(why, BATCH_WHY_SIZE,
                 "took longer than %u s, the time limit for one file, and was stopped",
                 w->limit);
    else if (WIFSIGNALED(status))
        snprintf(why, BATCH_WHY_SIZE, "the worker process was killed by signal %d (%s)",
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
    else if (WIFEXITED(status))
        snprintf(why, BATCH_WHY_SIZE, "the worker process exited with status %d",
                 WEXITSTATUS(status));
    else
        snprintf(why, BATCH_WHY_SIZE, "the worker process stopped");
}

/* Wait for a worker's process; record its peak memory. */
static int wait_worker(batch_pool *pool, pid_t pid)
{
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
        ;
    if (ru.ru_maxrss > pool->worker_maxrss_kb)
        pool->worker_maxrss_kb = ru.ru_maxrss;
    return status;
}

/* Worker w closed its result pipe: reap it; its job, if any, is lost. */
static void reap(batch_pool *pool, worker *w, slot *slots, size_t *finished)
{
    if (w->task_fd >= 0)
        close(w->task_fd);
    close(w->result_fd);
    int status = wait_worker(pool, w->pid);
    if (w->job >= 0) {
        slot *s = &slots[w->job];
        s->ready = 1;
        s->lost = 1;
        describe_status(status, w, s->why);
        (*finished)++;
    }
    memset(w, 0, sizeof *w);
    w->task_fd = w->result_fd = -1;
    w->job = -1;
}

/* Read worker w's record for its job into its slot: 1, or 0 when there is
 * none (the worker died first). */
static int take_record(worker *w, slot *slots)
{
    message_header h;
    ssize_t got = read_full(w->result_fd, &h, sizeof h);
    if (got != (ssize_t)sizeof h || w->job < 0 || h.job != (uint64_t)w->job ||
        h.len >= ((size_t)1 << 30))
        return 0;
    unsigned char *data = NULL;
    if (h.len) {
        data = malloc((size_t)h.len);
        if (!data || read_full(w->result_fd, data, (size_t)h.len) != (ssize_t)h.len) {
            free(data);
            return 0;
        }
    }
    slot *s = &slots[w->job];
    s->data = data;
    s->len = (size_t)h.len;
    s->ready = 1;
    w->job = -1;
    return 1;
}

/* SIGTERM for jobs past their limit, SIGKILL for those that ignore it. */
static void enforce_limits(worker *ws, unsigned nw)
{
    double now = progress_now();
    for (unsigned i = 0; i < nw; i++) {
        worker *w = &ws[i];
        if (!w->pid || w->job < 0 || !w->limit)
            continue;
        if (!w->stopping && now - w->started > w->limit) {
            w->stopping = 1;
            w->stop_sent = now;
            kill(w->pid, SIGTERM);
        } else if (w->stopping == 1 && now - w->stop_sent > BATCH_KILL_GRACE) {
            w->stopping = 2;
            kill(w->pid, SIGKILL);
        }
    }
}

/* Hand finished jobs to done(): in order up to the first unfinished one,
 * or (`all`, after an interruption) every finished one. */
static void deliver(const batch_pool *pool, slot *slots, size_t *delivered, int all)
{
    for (size_t j = *delivered; j < pool->jobs; j++) {
        slot *s = &slots[j];
        if (!s->ready) {
            if (!all)
                break;
            continue;
        }
        batch_result r = {s->data, s->len, s->lost, ""};
        memcpy(r.why, s->why, sizeof r.why);
        pool->done(j, &r, pool->ctx);
        free(s->data);
        s->data = NULL;
        s->ready = 0;
        s->delivered = 1;
        if (j == *delivered)
            (*delivered)++;
    }
}

/* Inline, in this process: when no worker can be started. A signal ends
 * the run at once, except while a job writes (batch_job_writes()). */
static int run_inline(batch_pool *pool)
{
    for (size_t j = 0; j < pool->jobs; j++) {
        batch_buf task = {0}, b = {0};
        if (pool->describe)
            pool->describe(j, &task, pool->ctx);
        pool->work(task.nomem ? NULL : task.data, task.nomem ? 0 : task.len, &b, pool->ctx);
        batch_buf_free(&task);
        if (b.nomem) {
            batch_buf_free(&b);
            batch_put_text(&b, 'E', "out of memory");
        }
        batch_result r = {b.data, b.len, 0, ""};
        pool->done(j, &r, pool->ctx);
        job_reported();
        batch_buf_free(&b);
        if (pool->tick)
            pool->tick(j + 1, pool->ctx);
    }
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        pool->worker_maxrss_kb = ru.ru_maxrss;
    return 0;
}

/* ---- the pool ------------------------------------------------------------- */

static void install_handlers(batch_pool_state *st)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    interrupted = 0;
    sigaction(SIGINT, &sa, &st->old_int);
    sigaction(SIGTERM, &sa, &st->old_term);
    sigaction(SIGHUP, &sa, &st->old_hup);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, &st->old_pipe);
    st->handlers = 1;
}

int batch_pool_start(batch_pool *pool)
{
    if (pool->state)
        return 0;
    batch_pool_state *st = calloc(1, sizeof *st);
    unsigned nw = pool->workers ? pool->workers : 1;
    worker *ws = calloc(nw, sizeof *ws);
    if (!st || !ws) {
        free(st);
        free(ws);
        errno = ENOMEM;
        return -1;
    }
    for (unsigned i = 0; i < nw; i++) {
        ws[i].task_fd = ws[i].result_fd = -1;
        ws[i].job = -1;
    }
    st->ws = ws;
    st->nw = nw;
    pool->state = st;
    install_handlers(st);

    int started = 0, err = 0;
    for (unsigned i = 0; i < nw; i++) {
        if (spawn(pool, ws, nw, i) == 0)
            started++;
        else if (!err)
            err = errno;
    }
    if (!started) {
        batch_pool_stop(pool);
        errno = err;
        return -1;
    }
    return 0;
}

/* Stop every worker: SIGTERM to those holding a job (SIGKILL if it has
 * neither ended nor answered BATCH_KILL_GRACE seconds later); with
 * `slots`, the record of a job that finished meanwhile is kept. */
static void stop_workers(batch_pool *pool, slot *slots)
{
    batch_pool_state *st = pool->state;
    for (unsigned i = 0; i < st->nw; i++) {
        worker *w = &st->ws[i];
        if (w->pid && w->job >= 0)
            kill(w->pid, SIGTERM);
        if (w->task_fd >= 0)
            close(w->task_fd);
        w->task_fd = -1;
    }
    for (unsigned i = 0; i < st->nw; i++) {
        worker *w = &st->ws[i];
        if (!w->pid)
            continue;
        if (w->job >= 0) {
            /* Its record, or its end: within the grace, else SIGKILL. */
            struct pollfd pfd = {w->result_fd, POLLIN, 0};
            int n;
            while ((n = poll(&pfd, 1, (int)(BATCH_KILL_GRACE * 1000))) < 0 && errno == EINTR)
                ;
            if (n <= 0)
                kill(w->pid, SIGKILL);
            else if (slots)
                take_record(w, slots);
        }
        close(w->result_fd);
        wait_worker(pool, w->pid);
        w->pid = 0;
    }
}

void batch_pool_stop(batch_pool *pool)
{
    batch_pool_state *st = pool->state;
    if (!st)
        return;
    stop_workers(pool, NULL);
    if (st->handlers) {
        sigaction(SIGINT, &st->old_int, NULL);
        sigaction(SIGTERM, &st->old_term, NULL);
        sigaction(SIGHUP, &st->old_hup, NULL);
        sigaction(SIGPIPE, &st->old_pipe, NULL);
    }
    free(st->ws);
    free(st);
    pool->state = NULL;
}

/* One round: wait for records (200 ms at most), take them, hand out the
 * next jobs, replace workers that died. -1 on a poll error. */
static int run_round(batch_pool *pool, slot *slots, struct pollfd *fds, unsigned *fd_worker,
                     size_t *next, size_t *finished)
{
    batch_pool_state *st = pool->state;
    worker *ws = st->ws;
    unsigned nfds = 0;
    for (unsigned i = 0; i < st->nw; i++) {
        if (!ws[i].pid)
            continue;
        fds[nfds] = (struct pollfd){ws[i].result_fd, POLLIN, 0};
        fd_worker[nfds++] = i;
    }
    if (nfds == 0) {
        /* Every worker is gone and jobs remain: start one. */
        if (spawn(pool, ws, st->nw, 0) != 0)
            return -1;
        assign(pool, &ws[0], next);
        return 0;
    }
    int n = poll(fds, nfds, 200);
    if (n < 0 && errno != EINTR)
        return -1;
    for (unsigned f = 0; n > 0 && f < nfds; f++) {
        if (!fds[f].revents)
            continue;
        worker *w = &ws[fd_worker[f]];
        long job = w->job;
        if (!take_record(w, slots)) {
            reap(pool, w, slots, finished);
            if (*next < pool->jobs && spawn(pool, ws, st->nw, fd_worker[f]) == 0)
                assign(pool, &ws[fd_worker[f]], next);
            continue;
        }
        (*finished) += job >= 0;
        assign(pool, w, next); /* a worker being stopped gets none */
    }
    enforce_limits(ws, st->nw);
    return 0;
}

int batch_pool_run(batch_pool *pool)
{
    if (!pool->state && pool->jobs == 0)
        return 0;
    if (!pool->state && batch_pool_start(pool) != 0)
        return run_inline(pool);
    batch_pool_state *st = pool->state;
    slot *slots = calloc(pool->jobs ? pool->jobs : 1, sizeof *slots);
    struct pollfd *fds = calloc(st->nw, sizeof *fds);
    unsigned *fd_worker = calloc(st->nw, sizeof *fd_worker);
    if (!slots || !fds || !fd_worker) {
        free(slots);
        free(fds);
        free(fd_worker);
        batch_pool_stop(pool);
        errno = ENOMEM;
        return -1;
    }

    size_t next = 0, finished = 0, delivered = 0;
    int rc = 0, saved_errno = 0;
    for (unsigned i = 0; i < st->nw; i++)
        if (st->ws[i].pid)
            assign(pool, &st->ws[i], &next);
    while (delivered < pool->jobs) {
        if (interrupted) {
            rc = interrupted;
            break;
        }
        if (run_round(pool, slots, fds, fd_worker, &next, &finished) != 0) {
            saved_errno = errno;
            rc = -1;
            break;
        }
        deliver(pool, slots, &delivered, 0);
        if (pool->tick)
            pool->tick(finished, pool->ctx);
    }

    if (rc > 0) {
        /* Interrupted: what finished is reported, what did not is
         * abandoned (its temporaries removed). */
        stop_workers(pool, slots);
        deliver(pool, slots, &delivered, 1);
        for (size_t j = delivered; j < next && pool->abandon; j++)
            if (!slots[j].delivered)
                pool->abandon(j, pool->ctx);
    }
    batch_pool_stop(pool);
    for (size_t j = 0; j < pool->jobs; j++)
        free(slots[j].data);
    free(slots);
    free(fds);
    free(fd_worker);
    if (rc == -1)
        errno = saved_errno;
    return rc;
}
