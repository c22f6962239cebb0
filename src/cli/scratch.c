/*
 * scratch.c - where libxlsxwriter keeps the parts of the workbooks the
 * isomm program writes, before it zips them.
 *
 * libxlsxwriter 1.1 writes every part of a workbook (sheets, charts, shared
 * strings: 36 for a portfolio workbook) to a scratch file from
 * lxw_tmpfile(), reads it back and deflates it into the zip; it has no
 * option to keep them in memory. The program (never the library) defines
 * lxw_tmpfile(), so the dynamic linker routes libxlsxwriter's calls here:
 * a stream in memory (fopencookie) that moves to a real scratch file, from
 * libxlsxwriter's own lxw_tmpfile(), once it holds 1 MiB. A portfolio
 * workbook's parts are at most about 100 KB: no file is made, no open,
 * unlink, write, lseek, read or close per part; a group workbook of
 * thousands of subsidiaries still writes its big sheets to files, so memory
 * stays flat in the size of the group (docs/bench.md).
 *
 *   ISOMM_SCRATCH=files        libxlsxwriter's own scratch files
 *   cmake -DISOMM_FAST_WRITE=OFF   not built at all
 *
 * Only for the libxlsxwriter versions this was checked with (1.1.x; the
 * prototype took `char *` before 1.1.6 and takes `const char *` since);
 * tests/test_writer.c (test_scratch_in_memory) proves through the shared
 * libraries that it takes effect.
 */
#define _GNU_SOURCE
#include <xlsxwriter.h>

#include "cli.h"

#if ISOMM_FAST_WRITE && LXW_VERSION_ID >= 110 && LXW_VERSION_ID < 120
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#if LXW_VERSION_ID >= 116
#define TMPDIR_ARG const char *
#else
#define TMPDIR_ARG char *
#endif

#define SPILL_BYTES ((size_t)1 << 20)

typedef struct scratch {
    char *data;     /* in memory, while file is NULL */
    size_t size, cap, pos;
    FILE *file;     /* the real scratch file, once spilled */
    char *tmpdir;   /* for that file (libxlsxwriter's option), or NULL */
} scratch;

static FILE *(*next_tmpfile(void))(TMPDIR_ARG)
{
    static FILE *(*next)(TMPDIR_ARG);
    if (!next)
        *(void **)&next = dlsym(RTLD_NEXT, "lxw_tmpfile");
    return next;
}

/* Move the contents into a real scratch file. 0, or -1 with errno. */
static int spill(scratch *s)
{
    FILE *(*next)(TMPDIR_ARG) = next_tmpfile();
    FILE *f = next ? next(s->tmpdir) : tmpfile();
    if (!f)
        return -1;
    if ((s->size && fwrite(s->data, 1, s->size, f) != s->size) ||
        fseeko(f, (off_t)s->pos, SEEK_SET) != 0) {
        int e = errno;
        fclose(f);
        errno = e ? e : EIO;
        return -1;
    }
    free(s->data);
    s->data = NULL;
    s->file = f;
    return 0;
}

static ssize_t scratch_read(void *cookie, char *buf, size_t n)
{
    scratch *s = cookie;
    if (s->file)
        return (ssize_t)fread(buf, 1, n, s->file);
    if (s->pos >= s->size)
        return 0;
    if (n > s->size - s->pos)
        n = s->size - s->pos;
    memcpy(buf, s->data + s->pos, n);
    s->pos += n;
    return (ssize_t)n;
}

/* Room for `end` bytes in memory. 0, or -1 with errno. */
static int reserve(scratch *s, size_t end)
{
    if (end <= s->cap)
        return 0;
    size_t cap = s->cap ? s->cap : 16384;
    while (cap < end)
        cap *= 2;
    char *p = realloc(s->data, cap);
    if (!p) {
        errno = ENOMEM;
        return -1;
    }
    s->data = p;
    s->cap = cap;
    return 0;
}

static ssize_t scratch_write(void *cookie, const char *buf, size_t n)
{
    scratch *s = cookie;
    if (!s->file && (n > SPILL_BYTES || s->pos > SPILL_BYTES - n) && spill(s) != 0)
        return -1;
    if (s->file)
        return fwrite(buf, 1, n, s->file) == n ? (ssize_t)n : -1;
    size_t end = s->pos + n;
    if (reserve(s, end) != 0)
        return -1;
    if (s->pos > s->size) /* a seek past the end leaves zeros */
        memset(s->data + s->size, 0, s->pos - s->size);
    memcpy(s->data + s->pos, buf, n);
    s->pos = end;
    if (end > s->size)
        s->size = end;
    return (ssize_t)n;
}

static int scratch_seek(void *cookie, off64_t *offset, int whence)
{
    scratch *s = cookie;
    if (s->file) {
        if (fseeko(s->file, (off_t)*offset, whence) != 0)
            return -1;
        *offset = (off64_t)ftello(s->file);
        return 0;
    }
    off64_t base = whence == SEEK_SET   ? 0
                   : whence == SEEK_CUR ? (off64_t)s->pos
                   : whence == SEEK_END ? (off64_t)s->size
                                        : -1;
    if (base < 0 || (*offset < 0 && -*offset > base)) {
        errno = EINVAL;
        return -1;
    }
    s->pos = (size_t)(base + *offset);
    *offset = (off64_t)s->pos;
    return 0;
}

static int scratch_close(void *cookie)
{
    scratch *s = cookie;
    int rc = s->file ? fclose(s->file) : 0;
    free(s->data);
    free(s->tmpdir);
    free(s);
    return rc;
}

static int in_memory(void)
{
    const char *v = getenv("ISOMM_SCRATCH");
    return !v || strcmp(v, "files") != 0;
}

FILE *lxw_tmpfile(TMPDIR_ARG tmpdir)
{
    scratch *s = in_memory() ? calloc(1, sizeof *s) : NULL;
    if (s && (!tmpdir || (s->tmpdir = strdup(tmpdir)))) {
        cookie_io_functions_t io = {.read = scratch_read, .write = scratch_write,
                                    .seek = scratch_seek, .close = scratch_close};
        FILE *f = fopencookie(s, "w+", io);
        if (f)
            return f;
    }
    if (s)
        free(s->tmpdir);
    free(s);
    FILE *(*next)(TMPDIR_ARG) = next_tmpfile();
    return next ? next(tmpdir) : tmpfile();
}

const char *cli_scratch(void)
{
    return in_memory() ? "scratch parts in memory" : "scratch files (ISOMM_SCRATCH=files)";
}
#else
const char *cli_scratch(void)
{
    return "scratch files";
}
#endif
