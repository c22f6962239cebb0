/*
 * book.c - a workbook opened for reading: the file type checked from its
 * first bytes (empty, OLE2, not a zip), then the zip directory and the
 * package structure, all before any sheet is read.
 */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include "ooxml.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>

#include "core/core.h"

static const unsigned char OLE2_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

/* libxml2 2.9 wants one xmlInitParser() before threads use it. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

/* What the first bytes say about a file that should be a zip archive. */
static isomm_error check_head(const char *name, const unsigned char *head, size_t got,
                              char *errbuf)
{
    if (got == 0)
        return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                         "%s: not an .xlsx workbook (the file is empty)", name);
    if (got >= sizeof OLE2_MAGIC && memcmp(head, OLE2_MAGIC, sizeof OLE2_MAGIC) == 0)
        return core_fail(errbuf, ISOMM_ERR_OLE2,
                         "%s: this is a legacy .xls workbook or a password-protected "
                         ".xlsx (OLE2 compound file); save it as .xlsx (Excel Workbook) "
                         "without a password and try again", name);
    if (got < 2 || head[0] != 'P' || head[1] != 'K')
        return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                         "%s: not an .xlsx workbook (no zip archive found)", name);
    return ISOMM_OK;
}

static isomm_error open_book(const char *name, const void *data, size_t size, int fd,
                             ooxml_stats *stats, ooxml_book **out, char *errbuf)
{
    ooxml_book *b = calloc(1, sizeof *b);
    if (!b || !(b->path = core_strdup(name))) {
        free(b);
        if (fd >= 0)
            close(fd);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", name);
    }
    b->stats = stats ? stats : &b->own;
    isomm_error err = ooxml_zip_open(name, data, size, fd, b->stats, &b->zip, errbuf);
    if (!err) {
        pthread_once(&xml_once, xml_init);
        err = ooxml_load_workbook(b, errbuf);
    }
    if (err) {
        ooxml_close(b);
        return err;
    }
    *out = b;
    return ISOMM_OK;
}

static isomm_error open_file(const char *path, ooxml_stats *stats, ooxml_book **out,
                             char *errbuf)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return core_fail(errbuf, ISOMM_ERR_IO, "%s: cannot open: %s", path, strerror(e));
    }
    const char *kind = S_ISDIR(st.st_mode) ? "is a directory, not a workbook"
                       : !S_ISREG(st.st_mode) ? "not a regular file" : NULL;
    unsigned char head[8] = {0};
    ssize_t got = kind ? 0 : pread(fd, head, sizeof head, 0);
    int e = errno;
    isomm_error err = kind ? core_fail(errbuf, ISOMM_ERR_IO, "%s: %s", path, kind)
                      : got < 0 ? core_fail(errbuf, ISOMM_ERR_IO, "%s: cannot read: %s",
                                            path, strerror(e))
                                : check_head(path, head, (size_t)got, errbuf);
    if (err) {
        close(fd);
        return err;
    }
    return open_book(path, NULL, 0, fd, stats, out, errbuf);
}

isomm_error ooxml_open_counted(const char *name, const void *data, size_t size,
                               ooxml_stats *stats, ooxml_book **out, char *errbuf)
{
    if (out)
        *out = NULL;
    if (!name && !data)
        return core_fail(errbuf, ISOMM_ERR_ARG, "ooxml_open: no file given");
    if (!data && !size)
        return out ? open_file(name, stats, out, errbuf)
                   : core_fail(errbuf, ISOMM_ERR_ARG, "%s: no result given", name);
    if (!name)
        name = "(memory)";
    if (!out || !data)
        return core_fail(errbuf, ISOMM_ERR_ARG, "%s: no workbook data given", name);
    isomm_error err = check_head(name, data, size, errbuf);
    if (err)
        return err;
    return open_book(name, data, size, -1, stats, out, errbuf);
}

isomm_error ooxml_open(const char *path, ooxml_book **out, char *errbuf)
{
    if (!path)
        return core_fail(errbuf, ISOMM_ERR_ARG, "ooxml_open: no file given");
    return ooxml_open_counted(path, NULL, 0, NULL, out, errbuf);
}

isomm_error ooxml_open_memory(const void *data, size_t size, const char *name,
                              ooxml_book **out, char *errbuf)
{
    static const char empty[1];
    return ooxml_open_counted(name ? name : "(memory)", data ? data : size ? NULL : empty,
                              size, NULL, out, errbuf);
}

void ooxml_close(ooxml_book *b)
{
    if (!b)
        return;
    ooxml_release_workbook(b);
    ooxml_zip_close(b->zip);
    free(b->path);
    free(b);
}

const char *ooxml_path(const ooxml_book *b)
{
    return b ? b->path : NULL;
}

const ooxml_stats *ooxml_book_stats(const ooxml_book *b)
{
    return b->stats;
}

int ooxml_has_part(const ooxml_book *b, const char *name)
{
    return b && ooxml_zip_has(b->zip, name);
}

isomm_error ooxml_read_part(ooxml_book *b, const char *name, char **data, size_t *len,
                            char *errbuf)
{
    if (data)
        *data = NULL;
    if (len)
        *len = 0;
    if (!b || !name || !data)
        return core_fail(errbuf, ISOMM_ERR_ARG, "ooxml_read_part: invalid argument");
    ooxml_stream s;
    isomm_error err = ooxml_stream_open(b->zip, name, OOXML_MAX_PART_BYTES, &s, errbuf);
    if (err)
        return err;
    core_buf buf = {0};
    char chunk[65536];
    long n;
    if (core_buf_add(&buf, "", 0) != 0)
        err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
    while (!err && (n = ooxml_stream_read(&s, chunk, sizeof chunk)) != 0) {
        if (n < 0)
            err = core_fail(errbuf, s.err, "%s", s.errbuf);
        else if (core_buf_add(&buf, chunk, (size_t)n) != 0)
            err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
    }
    isomm_error cerr = ooxml_stream_close(&s, !err, err ? NULL : errbuf);
    if (!err)
        err = cerr;
    if (err) {
        free(buf.data);
        return err;
    }
    *data = buf.data;
    if (len)
        *len = buf.len;
    return ISOMM_OK;
}
