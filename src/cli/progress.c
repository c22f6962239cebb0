/* progress.c - a one-line progress bar on stderr (done/total, rate, ETA),
 * redrawn with \r; messages are printed above it. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"

void progress_start(progress *p, size_t total, int bar)
{
    memset(p, 0, sizeof *p);
    p->bar = bar;
    p->total = total;
    p->unit = "files";
    p->start = progress_now();
}

double progress_elapsed(const progress *p)
{
    return progress_now() - p->start;
}

static unsigned term_width(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col;
    return 80;
}

static void draw(progress *p)
{
    double t = progress_elapsed(p);
    double rate = t > 0 ? (double)p->done / t : 0;
    char eta[32] = "--:--";
    if (rate > 0 && p->done < p->total) {
        unsigned long s = (unsigned long)((double)(p->total - p->done) / rate + 0.5);
        snprintf(eta, sizeof eta, "%lu:%02lu", s / 60, s % 60);
    } else if (p->done >= p->total) {
        snprintf(eta, sizeof eta, "0:00");
    }
    char tail[128];
    snprintf(tail, sizeof tail, " %zu/%zu %3.0f%%  %.1f %s/s  ETA %s", p->done, p->total,
             p->total ? 100.0 * (double)p->done / (double)p->total : 100.0, rate, p->unit,
             eta);
    unsigned width = term_width();
    int bar = (int)width - 60; /* room for "isomm: [", "]" and the tail */
    if (bar > 40)
        bar = 40;
    char line[256] = "";
    if (bar >= 10) {
        int fill = p->total ? (int)((double)bar * (double)p->done / (double)p->total) : bar;
        char cells[41];
        for (int i = 0; i < bar; i++)
            cells[i] = i < fill ? '#' : '.';
        cells[bar] = '\0';
        snprintf(line, sizeof line, "isomm: [%s]%s", cells, tail);
    } else {
        snprintf(line, sizeof line, "isomm:%s", tail);
    }
    fprintf(stderr, "\r%s\033[K", line);
    fflush(stderr);
    p->shown = 1;
    p->last_draw = progress_now();
}

void progress_update(progress *p, size_t done)
{
    int changed = done != p->done;
    p->done = done;
    if (!p->bar)
        return;
    double now = progress_now();
    if (!p->shown || (changed && now - p->last_draw >= 0.1) || now - p->last_draw >= 0.5 ||
        done == p->total)
        draw(p);
}

void progress_printf(progress *p, const char *fmt, ...)
{
    if (p && p->shown)
        fputs("\r\033[K", stderr);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (p && p->shown)
        draw(p);
}

void progress_end(progress *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->shown = 0;
}

void progress_stats(size_t files, double secs, long worker_kb)
{
    struct rusage self;
    memset(&self, 0, sizeof self);
    getrusage(RUSAGE_SELF, &self);
    fprintf(stderr,
            "isomm: stats: %zu files in %.3f s: %.1f files/s, %.2f ms/file; peak RSS "
            "%.1f MiB per worker, %.1f MiB in the main process\n",
            files, secs, secs > 0 ? (double)files / secs : 0.0,
            files ? 1000.0 * secs / (double)files : 0.0, (double)worker_kb / 1024.0,
            (double)self.ru_maxrss / 1024.0);
}
