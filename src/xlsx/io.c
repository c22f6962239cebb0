/*
 * write_xlsx_io.c - how libxlsxwriter stores and packs the parts of the
 * portfolio workbook while isomm_write_xlsx() runs (docs/bench.md).
 *
 * libxlsxwriter 1.1.4 (Debian 12) writes every part of a workbook (the
 * sheets, the charts, the shared strings: 31 for a typical workbook) to a
 * scratch file from lxw_tmpfile(), reads it back and deflates it into the
 * zip through minizip at zlib's default level 6. It has no option for
 * either (no in-memory mode, no output buffer, no compression level).
 * lxw_tmpfile() and minizip's functions are public symbols that the
 * shared libraries call through their PLT, so the definitions below take
 * their place in any program linked with libisomm:
 *
 *   - lxw_tmpfile(): a memory-backed stream (fopencookie) instead of a
 *     file in TMPDIR: no open, unlink, write, lseek, read and close per
 *     part. The parts are at most about 100 KB and each is freed as soon
 *     as it is zipped.
 *   - zipOpenNewFileInZip4_64(): each entry is deflated at zlib level 2
 *     instead of 6. For the 400 KB of XML of a typical workbook: level 6
 *     takes 3.7 ms for 61 KB, level 2 1.9 ms for 70 KB. (libdeflate would
 *     halve that again, but it is not one of the project's dependencies.)
 *
 * Only between xw_io_begin() and xw_io_end(): at any
 * other time (the group workbook, the bench's generator) every call goes
 * to libxlsxwriter's and minizip's own functions unchanged. If the
 * dynamic linker does not route the calls here (a static libxlsxwriter),
 * the workbook is the same, only written more slowly;
 * tests/test_writer.c (test_parts_in_memory) notices. The state is
 * per process: isomm writes one workbook at a time (batches use
 * processes, not threads).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "xlsx/xlsx.h"

/* Depth of xw_io_begin() calls, and whether a memory stream
 * failed to grow since the outermost one. */
static int io_depth;
static int io_failed;

void xw_io_begin(void)
{
    if (io_depth++ == 0)
        io_failed = 0;
}

static void entry_release(void);

int xw_io_end(void)
{
    if (io_depth > 0 && --io_depth == 0)
        entry_release();
    return !io_failed;
}

/* ---- memory-backed scratch streams ------------------------------------ */

typedef struct mem_stream {
    char *data;
    size_t size; /* bytes written (the file's length) */
    size_t cap;
    size_t pos;
} mem_stream;

static ssize_t mem_read(void *cookie, char *buf, size_t n)
{
    mem_stream *m = cookie;
    if (m->pos >= m->size)
        return 0;
    size_t left = m->size - m->pos;
    if (n > left)
        n = left;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (ssize_t)n;
}

static ssize_t mem_write(void *cookie, const char *buf, size_t n)
{
    mem_stream *m = cookie;
    if (n > (size_t)-1 / 2 - m->pos) {
        io_failed = 1;
        errno = EFBIG;
        return -1;
    }
    size_t end = m->pos + n;
    if (end > m->cap) {
        size_t cap = m->cap ? m->cap : 16384;
        while (cap < end)
            cap *= 2;
        char *p = realloc(m->data, cap);
        if (!p) {
            io_failed = 1;
            errno = ENOMEM;
            return -1;
        }
        m->data = p;
        m->cap = cap;
    }
    if (m->pos > m->size) /* a seek past the end leaves zeros */
        memset(m->data + m->size, 0, m->pos - m->size);
    memcpy(m->data + m->pos, buf, n);
    m->pos = end;
    if (end > m->size)
        m->size = end;
    return (ssize_t)n;
}

static int mem_seek(void *cookie, off64_t *offset, int whence)
{
    mem_stream *m = cookie;
    off64_t base = whence == SEEK_SET   ? 0
                   : whence == SEEK_CUR ? (off64_t)m->pos
                   : whence == SEEK_END ? (off64_t)m->size
                                        : -1;
    if (base < 0 || (*offset < 0 && -*offset > base)) {
        errno = EINVAL;
        return -1;
    }
    m->pos = (size_t)(base + *offset);
    *offset = (off64_t)m->pos;
    return 0;
}

static int mem_close(void *cookie)
{
    mem_stream *m = cookie;
    free(m->data);
    free(m);
    return 0;
}

static FILE *mem_tmpfile(void)
{
    mem_stream *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    cookie_io_functions_t io = {
        .read = mem_read, .write = mem_write, .seek = mem_seek, .close = mem_close};
    FILE *f = fopencookie(m, "w+", io);
    if (!f)
        free(m);
    return f;
}

FILE *lxw_tmpfile(char *tmpdir)
{
    if (io_depth > 0) {
        FILE *f = mem_tmpfile();
        if (f)
            return f;
    }
    static FILE *(*next)(char *);
    if (!next)
        *(void **)&next = dlsym(RTLD_NEXT, "lxw_tmpfile");
    if (next)
        return next(tmpdir);
    return tmpfile(); /* not reached with a shared libxlsxwriter */
}

/* ---- compressing the zip entries ------------------------------------- */

/* zlib's fast levels are 1 to 3 (level 1: 1.8 ms, 72 KB; level 3: 2.1 ms,
 * 67 KB). minizip records the level in the entries' flags (bits 1-2 = 10,
 * "fast"). */
#define XW_ZIP_LEVEL 2

typedef int (*open_fn)(zipFile, const char *, const zip_fileinfo *,
                       const void *, uInt, const void *, uInt, const char *,
                       int, int, int, int, int, int, const char *, uLong,
                       uLong, uLong, int);

static open_fn next_open(void)
{
    static open_fn next;
    if (!next)
        *(void **)&next = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    return next;
}

/* Nothing is held between entries: minizip deflates as it goes. */
static void entry_release(void)
{
}

int zipOpenNewFileInZip4_64(zipFile file, const char *filename,
                            const zip_fileinfo *zipfi,
                            const void *extrafield_local,
                            uInt size_extrafield_local,
                            const void *extrafield_global,
                            uInt size_extrafield_global, const char *comment,
                            int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password,
                            uLong crcForCrypting, uLong versionMadeBy,
                            uLong flagBase, int zip64)
{
    open_fn next = next_open();
    if (!next)
        return ZIP_INTERNALERROR;
    if (io_depth > 0 && method == Z_DEFLATED && !raw) {
        level = XW_ZIP_LEVEL;
    }
    return next(file, filename, zipfi, extrafield_local, size_extrafield_local,
                extrafield_global, size_extrafield_global, comment, method,
                level, raw, windowBits, memLevel, strategy, password,
                crcForCrypting, versionMadeBy, flagBase, zip64);
}
