/*
 * xlsx_zip.c - the zip layer of the workbook reader: file-type detection
 * (OLE2, not a zip, truncated zip), part lookup and inflating one part
 * through a size cap that does not trust the archive's own size fields.
 */
#define _POSIX_C_SOURCE 200809L
#include "xlsx_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static const unsigned char OLE2_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                            0xA1, 0xB1, 0x1A, 0xE1};

int xlsx_buf_add(xlsx_buf *b, const char *s, size_t n)
{
    if (n > SIZE_MAX / 2 - b->len - 1)
        return -1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

char *xlsx_part_name(const char *name)
{
    while (*name == '/' || *name == '\\')
        name++;
    char *p = isomm_strdup(name);
    if (p)
        for (char *q = p; *q; q++)
            if (*q == '\\')
                *q = '/';
    return p;
}

static const char *mib(size_t bytes, char buf[32])
{
    snprintf(buf, 32, "%zu MiB", bytes >> 20);
    return buf;
}

/* Classify a file that minizip could not open. */
static isomm_error open_failure(const char *path, const unsigned char *head,
                                size_t got, char *errbuf)
{
    if (got >= 2 && head[0] == 'P' && head[1] == 'K' &&
        (got < 4 || (head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) ||
         (head[2] == 7 && head[3] == 8)))
        return isomm_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                          "%s: damaged or truncated .xlsx workbook (the zip "
                          "directory at the end of the file is missing or "
                          "unreadable); the file may have been cut off while "
                          "copying or downloading", path);
    return isomm_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                      "%s: not an .xlsx workbook (no zip archive found)", path);
}

/* 1 if the file ends with a complete end-of-central-directory record
 * (its comment included); a cut-off file does not. */
static int eocd_intact(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    int ok = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        long want = size < 65535 + 22 ? size : 65535 + 22;
        unsigned char *buf = want > 0 ? malloc((size_t)want) : NULL;
        if (buf && fseek(f, size - want, SEEK_SET) == 0 &&
            fread(buf, 1, (size_t)want, f) == (size_t)want) {
            for (long i = want - 22; i >= 0 && !ok; i--) {
                if (buf[i] != 'P' || buf[i + 1] != 'K' || buf[i + 2] != 5 || buf[i + 3] != 6)
                    continue;
                long comment = buf[i + 20] | (buf[i + 21] << 8);
                ok = i + 22 + comment <= want;
            }
        }
        free(buf);
    }
    fclose(f);
    return ok;
}

isomm_error xlsx_open(const char *path, xlsx_book **out, char *errbuf)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return isomm_fail(errbuf, ISOMM_ERR_ARG, "xlsx_open: no file given");

    struct stat st;
    if (stat(path, &st) != 0)
        return isomm_fail(errbuf, ISOMM_ERR_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    if (S_ISDIR(st.st_mode))
        return isomm_fail(errbuf, ISOMM_ERR_IO, "%s: is a directory, not a workbook",
                          path);
    if (!S_ISREG(st.st_mode))
        return isomm_fail(errbuf, ISOMM_ERR_IO, "%s: not a regular file", path);

    unsigned char head[8] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return isomm_fail(errbuf, ISOMM_ERR_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    size_t got = fread(head, 1, sizeof head, f);
    int bad = ferror(f);
    int e = errno;
    fclose(f);
    if (bad)
        return isomm_fail(errbuf, ISOMM_ERR_IO, "%s: cannot read: %s", path,
                          strerror(e));
    if (got == 0)
        return isomm_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                          "%s: not an .xlsx workbook (the file is empty)", path);
    if (got == sizeof head && memcmp(head, OLE2_MAGIC, sizeof head) == 0)
        return isomm_fail(errbuf, ISOMM_ERR_OLE2,
                          "%s: this is a legacy .xls workbook or a "
                          "password-protected .xlsx (OLE2 compound file); save "
                          "it as .xlsx (Excel Workbook) without a password and "
                          "try again", path);

    xlsx_book *b = calloc(1, sizeof *b);
    if (!b)
        return isomm_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
    b->path = isomm_strdup(path);
    if (!b->path) {
        free(b);
        return isomm_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
    }
    b->zip = eocd_intact(path) ? unzOpen64(path) : NULL;
    if (!b->zip) {
        xlsx_close(b);
        return open_failure(path, head, got, errbuf);
    }
    unz_global_info64 gi;
    if (unzGetGlobalInfo64(b->zip, &gi) != UNZ_OK) {
        xlsx_close(b);
        return open_failure(path, head, got, errbuf);
    }
    if (gi.number_entry > XLSX_MAX_ZIP_ENTRIES) {
        xlsx_close(b);
        return isomm_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                          "%s: the zip archive lists %llu entries, more than the "
                          "limit of %lu for a workbook", path,
                          (unsigned long long)gi.number_entry, XLSX_MAX_ZIP_ENTRIES);
    }
    xmlInitParser();
    isomm_error err = xlsx_load_workbook(b, errbuf);
    if (err) {
        xlsx_close(b);
        return err;
    }
    *out = b;
    return ISOMM_OK;
}

void xlsx_close(xlsx_book *b)
{
    if (!b)
        return;
    if (b->zip)
        unzClose(b->zip);
    for (size_t i = 0; i < b->sheet_count; i++) {
        free(b->sheet_names[i]);
        free(b->sheet_parts[i]);
    }
    free(b->sheet_names);
    free(b->sheet_parts);
    for (size_t i = 0; i < b->sst_count; i++)
        free(b->sst[i]);
    free(b->sst);
    free(b->sst_part);
    free(b->workbook_part);
    free(b->path);
    free(b);
}

const char *xlsx_path(const xlsx_book *b)
{
    return b ? b->path : NULL;
}

/* Make `name` the current file; 0 if found. */
static int locate(xlsx_book *b, const char *name)
{
    char *n = xlsx_part_name(name);
    if (!n)
        return -1;
    int rc = *n ? unzLocateFile(b->zip, n, 2 /* case-insensitive */) : UNZ_END_OF_LIST_OF_FILE;
    free(n);
    return rc == UNZ_OK ? 0 : -1;
}

int xlsx_has_part(xlsx_book *b, const char *name)
{
    if (!b || !name || b->streaming)
        return 0;
    return locate(b, name) == 0;
}

isomm_error xlsx_stream_open(xlsx_book *b, const char *part, size_t cap,
                             xlsx_stream *s, char *errbuf)
{
    memset(s, 0, sizeof *s);
    if (b->streaming)
        return isomm_fail(errbuf, ISOMM_ERR_ARG,
                          "%s: %s: another part is still being read", b->path, part);
    s->book = b;
    s->cap = cap;
    s->part = xlsx_part_name(part);
    if (!s->part)
        return isomm_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
    if (locate(b, s->part) != 0) {
        isomm_error err = isomm_fail(errbuf, ISOMM_ERR_PART_MISSING,
                                     "%s: %s is missing from the workbook",
                                     b->path, s->part);
        free(s->part);
        s->part = NULL;
        return err;
    }
    unz_file_info64 info;
    char m[32];
    isomm_error err = ISOMM_OK;
    if (unzGetCurrentFileInfo64(b->zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
        err = isomm_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                         "%s: %s: damaged zip directory entry", b->path, s->part);
    else if (info.flag & 1)
        err = isomm_fail(errbuf, ISOMM_ERR_IO,
                         "%s: %s is encrypted inside the zip archive; save the "
                         "workbook without a password and try again",
                         b->path, s->part);
    else if (info.compression_method != 0 && info.compression_method != Z_DEFLATED)
        err = isomm_fail(errbuf, ISOMM_ERR_IO,
                         "%s: %s uses zip compression method %lu, which is not "
                         "supported (only stored and deflated parts are)",
                         b->path, s->part, (unsigned long)info.compression_method);
    else if (info.uncompressed_size > cap)
        err = isomm_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                         "%s: %s inflates to %llu bytes, more than the %s limit "
                         "for one workbook part", b->path, s->part,
                         (unsigned long long)info.uncompressed_size, mib(cap, m));
    else if (unzOpenCurrentFile(b->zip) != UNZ_OK)
        err = isomm_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                         "%s: %s: damaged zip entry (cannot be opened); the file "
                         "may be truncated or corrupt", b->path, s->part);
    if (err) {
        free(s->part);
        s->part = NULL;
        return err;
    }
    s->open = 1;
    b->streaming = 1;
    return ISOMM_OK;
}

long xlsx_stream_read(xlsx_stream *s, char *buf, size_t len)
{
    if (s->err)
        return -1;
    if (!s->open || s->eof || len == 0)
        return 0;
    /* Never inflate more than one byte past the cap. */
    size_t room = s->cap - s->total + 1;
    if (len > room)
        len = room;
    if (len > INT_MAX / 2)
        len = INT_MAX / 2;
    int n = unzReadCurrentFile(s->book->zip, buf, (unsigned)len);
    if (n < 0) {
        if (n == UNZ_ERRNO)
            s->err = isomm_fail(s->errbuf, ISOMM_ERR_IO, "%s: %s: read error: %s",
                                s->book->path, s->part, strerror(errno));
        else
            s->err = isomm_fail(s->errbuf, ISOMM_ERR_IO,
                                "%s: %s: damaged data in the zip archive (zlib "
                                "error %d); the file may be truncated or corrupt",
                                s->book->path, s->part, n);
        return -1;
    }
    if (n == 0) {
        s->eof = 1;
        return 0;
    }
    s->total += (size_t)n;
    if (s->total > s->cap) {
        char m[32];
        s->err = isomm_fail(s->errbuf, ISOMM_ERR_TOO_LARGE,
                            "%s: %s inflates to more than the %s limit for one "
                            "workbook part", s->book->path, s->part,
                            mib(s->cap, m));
        return -1;
    }
    return n;
}

isomm_error xlsx_stream_close(xlsx_stream *s, int verify, char *errbuf)
{
    isomm_error err = ISOMM_OK;
    if (s->open) {
        if (verify) {
            char buf[16384];
            long n;
            while ((n = xlsx_stream_read(s, buf, sizeof buf)) > 0)
                ;
            if (n < 0)
                err = isomm_fail(errbuf, s->err, "%s", s->errbuf);
        }
        int rc = unzCloseCurrentFile(s->book->zip);
        if (!err && verify && rc == UNZ_CRCERROR)
            err = isomm_fail(errbuf, ISOMM_ERR_IO,
                             "%s: %s: checksum mismatch; the workbook is damaged",
                             s->book->path, s->part);
        s->book->streaming = 0;
        s->open = 0;
    }
    free(s->part);
    s->part = NULL;
    return err;
}

isomm_error xlsx_read_part(xlsx_book *b, const char *name, char **data,
                           size_t *len, char *errbuf)
{
    if (data)
        *data = NULL;
    if (len)
        *len = 0;
    if (!b || !name || !data)
        return isomm_fail(errbuf, ISOMM_ERR_ARG, "xlsx_read_part: invalid argument");
    xlsx_stream s;
    isomm_error err = xlsx_stream_open(b, name, XLSX_MAX_PART_BYTES, &s, errbuf);
    if (err)
        return err;
    xlsx_buf buf = {0};
    char chunk[65536];
    long n;
    if (xlsx_buf_add(&buf, "", 0) != 0)
        err = isomm_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
    while (!err && (n = xlsx_stream_read(&s, chunk, sizeof chunk)) != 0) {
        if (n < 0)
            err = isomm_fail(errbuf, s.err, "%s", s.errbuf);
        else if (xlsx_buf_add(&buf, chunk, (size_t)n) != 0)
            err = isomm_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
    }
    isomm_error cerr = xlsx_stream_close(&s, !err, err ? NULL : errbuf);
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
