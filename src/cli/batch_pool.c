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
 * A worker that dies (a crash, the timeout, an out-of-memory kill) loses
 * only the job it held: the parent reports that job with the cause and
 * starts another worker for the rest. The parent hands the records to
 * done() in job order, whatever order they finish in, so the output of a
 * run does not depend on scheduling.
 *
 * SIGINT / SIGTERM: the parent stops the workers, calls abandon() for each
 * job in progress (to remove temporaries) and returns the signal.
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

/* ---- records ------------------------------------------------------------- */

void batch_put(batch_buf *b, char tag, const void *data, size_t len)
{
    if (b->nomem)
        return;
    if (len > 0xFFFFFFF0u) {
        b->nomem = 1;
        return;
    }
    size_t need = b->len + 5 + len + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < need)
            cap *= 2;
        unsigned char *p = realloc(b->data, cap);
        if (!p) {
            b->nomem = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    uint32_t n = (uint32_t)len;
    b->data[b->len] = (unsigned char)tag;
    memcpy(b->data + b->len + 1, &n, 4);
    if (len)
        memcpy(b->data + b->len + 5, data, len);
    b->data[b->len + 5 + len] = '\0';
    b->len += 5 + len + 1;
}

void batch_put_text(batch_buf *b, char tag, const char *text)
{
    batch_put(b, tag, text ? text : "", text ? strlen(text) : 0);
}

void batch_buf_free(batch_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

int batch_next(const unsigned char *rec, size_t rec_len, size_t *pos, char *tag,
               const unsigned char **data, size_t *len)
{
    if (!rec || *pos + 5 > rec_len)
        return 0;
    uint32_t n;
    memcpy(&n, rec + *pos + 1, 4);
    if (rec_len - *pos - 5 < (size_t)n + 1)
        return 0;
    *tag = (char)rec[*pos];
    *data = rec + *pos + 5;
    *len = n;
    *pos += 5 + (size_t)n + 1;
    return 1;
}

int batch_task_paths(const unsigned char *task, size_t task_len, batch_buf *out,
                     const char **in, const char **dest)
{
    size_t pos = 0, len;
    const unsigned char *data;
    char tag;
    *in = NULL;
    if (dest)
        *dest = NULL;
    while (batch_next(task, task_len, &pos, &tag, &data, &len)) {
        if (tag == 'E') {
            batch_put_text(out, 'E', (const char *)data);
            return 0;
        }
        if (tag == 'I')
            *in = (const char *)data;
        else if (tag == 'O' && dest)
            *dest = (const char *)data;
    }
    if (!*in || (dest && !*dest)) {
        batch_put_text(out, 'E', "out of memory");
        return 0;
    }
    return 1;
}

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
    int timed_out;
} worker;

typedef struct slot {
    unsigned char *data;
    size_t len;
    int ready;
    int lost;
    char why[96];
} slot;

struct batch_pool_state {
    worker *ws;
    unsigned nw;
    struct sigaction old_int, old_term, old_pipe;
    int handlers;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
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

/* The worker process: never returns. */
static void worker_main(const batch_pool *pool, int task_fd, int result_fd)
{
    signal(SIGINT, SIG_IGN); /* the parent decides */
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
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
    pid_t pid = fork();
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
    ws[k] = (worker){pid, task[1], res[0], -1, 0, 0};
    return 0;
}

/* Give worker w its next job, or tell it there is none. */
static void assign(batch_pool *pool, worker *w, size_t *next)
{
    if (w->task_fd < 0)
        return;
    if (*next < pool->jobs) {
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
            w->timed_out = 0;
            (*next)++;
            return;
        }
        /* The worker is gone: its end of file will be seen. */
    }
    close(w->task_fd);
    w->task_fd = -1;
}

static void describe_status(int status, int timed_out, unsigned timeout, char why[96])
{
    if (timed_out)
        snprintf(why, 96, "took longer than %u s and was stopped", timeout);
    else if (WIFSIGNALED(status))
        snprintf(why, 96, "the worker process was killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else if (WIFEXITED(status))
        snprintf(why, 96, "the worker process exited with status %d", WEXITSTATUS(status));
    else
        snprintf(why, 96, "the worker process stopped");
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
        describe_status(status, w->timed_out, pool->timeout, s->why);
        (*finished)++;
    }
    memset(w, 0, sizeof *w);
    w->task_fd = w->result_fd = -1;
    w->job = -1;
}

static void deliver(const batch_pool *pool, slot *slots, size_t *delivered)
{
    while (*delivered < pool->jobs && slots[*delivered].ready) {
        slot *s = &slots[*delivered];
        batch_result r = {s->data, s->len, s->lost, ""};
        memcpy(r.why, s->why, sizeof r.why);
        pool->done(*delivered, &r, pool->ctx);
        free(s->data);
        s->data = NULL;
        (*delivered)++;
    }
}

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

static int run_inline(batch_pool *pool)
{
    for (size_t j = 0; j < pool->jobs; j++) {
        batch_buf task = {0}, b = {0};
        if (pool->describe)
            pool->describe(j, &task, pool->ctx);
        /* A job writes a file: let it finish (or fail and clean up) before
         * a Ctrl-C takes effect, so that no temporary is left behind. */
        sigset_t saved;
        batch_hold_signals(1, &saved);
        pool->work(task.nomem ? NULL : task.data, task.nomem ? 0 : task.len, &b, pool->ctx);
        batch_hold_signals(0, &saved);
        batch_buf_free(&task);
        if (b.nomem) {
            batch_buf_free(&b);
            batch_put_text(&b, 'E', "out of memory");
        }
        batch_result r = {b.data, b.len, 0, ""};
        pool->done(j, &r, pool->ctx);
        batch_buf_free(&b);
        if (pool->tick)
            pool->tick(j + 1, pool->ctx);
    }
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        pool->worker_maxrss_kb = ru.ru_maxrss;
    return 0;
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

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    interrupted = 0;
    sigaction(SIGINT, &sa, &st->old_int);
    sigaction(SIGTERM, &sa, &st->old_term);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, &st->old_pipe);
    st->handlers = 1;

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

void batch_pool_stop(batch_pool *pool)
{
    batch_pool_state *st = pool->state;
    if (!st)
        return;
    for (unsigned i = 0; i < st->nw; i++) {
        worker *w = &st->ws[i];
        if (!w->pid)
            continue;
        if (w->job >= 0)
            kill(w->pid, SIGTERM); /* interrupted in the middle of a job */
        if (w->task_fd >= 0)
            close(w->task_fd);
        close(w->result_fd);
        wait_worker(pool, w->pid);
        w->pid = 0;
    }
    if (st->handlers) {
        sigaction(SIGINT, &st->old_int, NULL);
        sigaction(SIGTERM, &st->old_term, NULL);
        sigaction(SIGPIPE, &st->old_pipe, NULL);
    }
    free(st->ws);
    free(st);
    pool->state = NULL;
}

int batch_pool_run(batch_pool *pool)
{
    if (!pool->state && pool->jobs <= 1)
        return pool->jobs ? run_inline(pool) : 0;
    if (!pool->state && batch_pool_start(pool) != 0)
        return -1;
    batch_pool_state *st = pool->state;
    worker *ws = st->ws;
    unsigned nw = st->nw;
    slot *slots = calloc(pool->jobs ? pool->jobs : 1, sizeof *slots);
    struct pollfd *fds = calloc(nw, sizeof *fds);
    unsigned *fd_worker = calloc(nw, sizeof *fd_worker);
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
    for (unsigned i = 0; i < nw; i++)
        if (ws[i].pid)
            assign(pool, &ws[i], &next);

    while (delivered < pool->jobs) {
        if (interrupted) {
            rc = interrupted;
            break;
        }
        unsigned nfds = 0;
        for (unsigned i = 0; i < nw; i++) {
            if (!ws[i].pid)
                continue;
            fds[nfds] = (struct pollfd){ws[i].result_fd, POLLIN, 0};
            fd_worker[nfds++] = i;
        }
        if (nfds == 0) {
            /* Every worker is gone and jobs remain: start one. */
            if (spawn(pool, ws, nw, 0) != 0) {
                saved_errno = errno;
                rc = -1;
                break;
            }
            assign(pool, &ws[0], &next);
            continue;
        }
        int n = poll(fds, nfds, 200);
        if (n < 0 && errno != EINTR) {
            saved_errno = errno;
            rc = -1;
            break;
        }
        for (unsigned f = 0; n > 0 && f < nfds; f++) {
            if (!fds[f].revents)
                continue;
            worker *w = &ws[fd_worker[f]];
            message_header h;
            ssize_t got = read_full(w->result_fd, &h, sizeof h);
            unsigned char *data = NULL;
            int ok = got == (ssize_t)sizeof h && w->job >= 0 && h.job == (uint64_t)w->job &&
                     h.len < ((size_t)1 << 30);
            if (ok && h.len) {
                data = malloc((size_t)h.len);
                ok = data && read_full(w->result_fd, data, (size_t)h.len) == (ssize_t)h.len;
            }
            if (!ok) {
                free(data);
                reap(pool, w, slots, &finished);
                if (next < pool->jobs && spawn(pool, ws, nw, fd_worker[f]) == 0)
                    assign(pool, &ws[fd_worker[f]], &next);
                continue;
            }
            slot *s = &slots[w->job];
            s->data = data;
            s->len = (size_t)h.len;
            s->ready = 1;
            finished++;
            w->job = -1;
            assign(pool, w, &next);
        }
        if (pool->timeout) {
            double now = progress_now();
            for (unsigned i = 0; i < nw; i++)
                if (ws[i].pid && ws[i].job >= 0 && !ws[i].timed_out &&
                    now - ws[i].started > pool->timeout) {
                    ws[i].timed_out = 1;
                    kill(ws[i].pid, SIGKILL);
                }
        }
        deliver(pool, slots, &delivered);
        if (pool->tick)
            pool->tick(finished, pool->ctx);
    }

    if (rc > 0 && pool->abandon) {
        /* Stop the workers first, then clean up after their jobs. */
        long held[1024];
        unsigned nheld = 0;
        for (unsigned i = 0; i < nw && nheld < 1024; i++)
            if (ws[i].pid && ws[i].job >= 0)
                held[nheld++] = ws[i].job;
        batch_pool_stop(pool);
        for (unsigned i = 0; i < nheld; i++)
            pool->abandon((size_t)held[i], pool->ctx);
    } else {
        batch_pool_stop(pool);
    }
    for (size_t j = 0; j < pool->jobs; j++)
        free(slots[j].data);
    free(slots);
    free(fds);
    free(fd_worker);
    if (rc == -1)
        errno = saved_errno;
    return rc;
}
