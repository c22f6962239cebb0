/*
 * ooxml_zip.c - the zip layer of the workbook reader: file-type detection
 * (OLE2, not a zip, truncated zip), part lookup and inflating one part
 * through a size cap that does not trust the archive's own size fields.
 */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include "ooxml/ooxml_parts.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "core/core.h"

static const unsigned char OLE2_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                            0xA1, 0xB1, 0x1A, 0xE1};

int core_buf_add(core_buf *b, const char *s, size_t n)
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

char *ooxml_part_name(const char *name)
{
    while (*name == '/' || *name == '\\')
        name++;
    char *p = core_strdup(name);
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
        return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                          "%s: damaged or truncated .xlsx workbook (the zip "
                          "directory at the end of the file is missing or "
                          "unreadable); the file may have been cut off while "
                          "copying or downloading", path);
    return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
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

isomm_error ooxml_open(const char *path, ooxml_book **out, char *errbuf)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return core_fail(errbuf, ISOMM_ERR_ARG, "ooxml_open: no file given");

    struct stat st;
    if (stat(path, &st) != 0)
        return core_fail(errbuf, ISOMM_ERR_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    if (S_ISDIR(st.st_mode))
        return core_fail(errbuf, ISOMM_ERR_IO, "%s: is a directory, not a workbook",
                          path);
    if (!S_ISREG(st.st_mode))
        return core_fail(errbuf, ISOMM_ERR_IO, "%s: not a regular file", path);

    unsigned char head[8] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return core_fail(errbuf, ISOMM_ERR_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    size_t got = fread(head, 1, sizeof head, f);
    int bad = ferror(f);
    int e = errno;
    fclose(f);
    if (bad)
        return core_fail(errbuf, ISOMM_ERR_IO, "%s: cannot read: %s", path,
                          strerror(e));
    if (got == 0)
        return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                          "%s: not an .xlsx workbook (the file is empty)", path);
    if (got == sizeof head && memcmp(head, OLE2_MAGIC, sizeof head) == 0)
        return core_fail(errbuf, ISOMM_ERR_OLE2,
                          "%s: this is a legacy .xls workbook or a "
                          "password-protected .xlsx (OLE2 compound file); save "
                          "it as .xlsx (Excel Workbook) without a password and "
                          "try again", path);

    ooxml_book *b = calloc(1, sizeof *b);
    if (!b)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
    b->path = core_strdup(path);
    if (!b->path) {
        free(b);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
    }
    b->zip = eocd_intact(path) ? unzOpen64(path) : NULL;
    if (!b->zip) {
        ooxml_close(b);
        return open_failure(path, head, got, errbuf);
    }
    unz_global_info64 gi;
    if (unzGetGlobalInfo64(b->zip, &gi) != UNZ_OK) {
        ooxml_close(b);
        return open_failure(path, head, got, errbuf);
    }
    if (gi.number_entry > OOXML_MAX_ZIP_ENTRIES) {
        ooxml_close(b);
        return core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                          "%s: the zip archive lists %llu entries, more than the "
                          "limit of %lu for a workbook", path,
                          (unsigned long long)gi.number_entry, OOXML_MAX_ZIP_ENTRIES);
    }
    xmlInitParser();
    isomm_error err = ooxml_load_workbook(b, errbuf);
    if (err) {
        ooxml_close(b);
        return err;
    }
    *out = b;
    return ISOMM_OK;
}

void ooxml_close(ooxml_book *b)
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
    free(b->sheet_hidden);
    for (size_t i = 0; i < b->sst_count; i++)
        free(b->sst[i]);
    free(b->sst);
    free(b->sst_part);
    free(b->core_part);
    free(b->workbook_part);
    free(b->path);
    free(b);
}

const char *ooxml_path(const ooxml_book *b)
{
    return b ? b->path : NULL;
}

/* Make `name` the current file; 0 if found. */
static int locate(ooxml_book *b, const char *name)
{
    char *n = ooxml_part_name(name);
    if (!n)
        return -1;
    int rc = *n ? unzLocateFile(b->zip, n, 2 /* case-insensitive */) : UNZ_END_OF_LIST_OF_FILE;
    free(n);
    return rc == UNZ_OK ? 0 : -1;
}

int ooxml_has_part(ooxml_book *b, const char *name)
{
    if (!b || !name || b->streaming)
        return 0;
    return locate(b, name) == 0;
}


/* ---- zip64 entries, read without minizip --------------------------------- */

struct ooxml_raw {
    FILE *f;
    int method;                  /* 0 stored, 8 deflated */
    unsigned long long comp_left;   /* compressed bytes not yet read */
    unsigned long long uncomp_left; /* declared bytes not yet produced */
    unsigned long crc_want, crc;
    z_stream zs;
    int zs_init, z_end;
    unsigned char in[16384];
};

static unsigned long long rd_le(const unsigned char *p, int n)
{
    unsigned long long v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/* The current entry's central directory record, read from the file, with
 * its zip64 extra field applied. *zip64 = 1 if any 32-bit field was a
 * 0xFFFFFFFF placeholder. -1 if the record cannot be read. */
typedef struct central {
    unsigned long long comp, uncomp, offset;
    unsigned long crc;
    unsigned flag, method;
    int zip64;
} central;

static int read_central(ooxml_book *b, central *c)
{
    memset(c, 0, sizeof *c);
    ZPOS64_T pos = unzGetOffset64(b->zip);
    FILE *f = fopen(b->path, "rb");
    if (!f)
        return -1;
    unsigned char h[46];
    int rc = -1;
    if (fseeko(f, (off_t)pos, SEEK_SET) == 0 && fread(h, 1, 46, f) == 46 &&
        rd_le(h, 4) == 0x02014b50) {
        c->flag = (unsigned)rd_le(h + 8, 2);
        c->method = (unsigned)rd_le(h + 10, 2);
        c->crc = (unsigned long)rd_le(h + 16, 4);
        c->comp = rd_le(h + 20, 4);
        c->uncomp = rd_le(h + 24, 4);
        c->offset = rd_le(h + 42, 4);
        unsigned name = (unsigned)rd_le(h + 28, 2), extra = (unsigned)rd_le(h + 30, 2);
        int need_u = c->uncomp == 0xFFFFFFFFull, need_c = c->comp == 0xFFFFFFFFull,
            need_o = c->offset == 0xFFFFFFFFull;
        c->zip64 = need_u || need_c || need_o;
        rc = 0;
        if (c->zip64) {
            unsigned char *x = malloc(extra ? extra : 1);
            rc = x && fseeko(f, (off_t)name, SEEK_CUR) == 0 &&
                         fread(x, 1, extra, f) == extra ? 0 : -1;
            for (unsigned i = 0; rc == 0 && i + 4 <= extra;) {
                unsigned id = (unsigned)rd_le(x + i, 2), size = (unsigned)rd_le(x + i + 2, 2);
                if (i + 4 + size > extra)
                    break;
                if (id == 1) {
                    unsigned k = i + 4, end = i + 4 + size;
                    if (need_u && k + 8 <= end) {
                        c->uncomp = rd_le(x + k, 8);
                        k += 8;
                        need_u = 0;
                    }
                    if (need_c && k + 8 <= end) {
                        c->comp = rd_le(x + k, 8);
                        k += 8;
                        need_c = 0;
                    }
                    if (need_o && k + 8 <= end) {
                        c->offset = rd_le(x + k, 8);
                        need_o = 0;
                    }
                    break;
                }
                i += 4 + size;
            }
            free(x);
            if (need_u || need_c || need_o)
                rc = -1; /* placeholder without its zip64 value */
        }
    }
    fclose(f);
    return rc;
}

static isomm_error raw_open(ooxml_book *b, const central *c, ooxml_stream *s,
                            char *errbuf)
{
    struct ooxml_raw *r = calloc(1, sizeof *r);
    if (!r)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
    r->f = fopen(b->path, "rb");
    unsigned char h[30];
    int ok = r->f && fseeko(r->f, (off_t)c->offset, SEEK_SET) == 0 &&
             fread(h, 1, 30, r->f) == 30 && rd_le(h, 4) == 0x04034b50;
    if (ok) {
        off_t skip = (off_t)(rd_le(h + 26, 2) + rd_le(h + 28, 2));
        ok = fseeko(r->f, skip, SEEK_CUR) == 0;
    }
    if (ok && c->method == Z_DEFLATED) {
        ok = inflateInit2(&r->zs, -MAX_WBITS) == Z_OK;
        r->zs_init = ok;
    }
    if (!ok) {
        if (r->f)
            fclose(r->f);
        free(r);
        return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                          "%s: %s: damaged zip entry (cannot be opened); the file "
                          "may be truncated or corrupt", b->path, s->part);
    }
    r->method = (int)c->method;
    r->comp_left = c->comp;
    r->uncomp_left = c->uncomp;
    r->crc_want = c->crc;
    r->crc = crc32(0L, Z_NULL, 0);
    s->raw = r;
    return ISOMM_OK;
}

static void raw_close(struct ooxml_raw *r)
{
    if (!r)
        return;
    if (r->zs_init)
        inflateEnd(&r->zs);
    if (r->f)
        fclose(r->f);
    free(r);
}

/* Like unzReadCurrentFile: bytes (> 0), 0 at the end, < 0 on error
 * (UNZ_ERRNO, or a zlib error code). */
static int raw_read(struct ooxml_raw *r, char *buf, unsigned len)
{
    if (r->uncomp_left == 0 || r->z_end)
        return 0;
    if (len > r->uncomp_left)
        len = (unsigned)r->uncomp_left;
    int n;
    if (r->method == 0) {
        if (len > r->comp_left)
            len = (unsigned)r->comp_left;
        if (len == 0)
            return 0;
        size_t got = fread(buf, 1, len, r->f);
        if (got == 0)
            return ferror(r->f) ? UNZ_ERRNO : Z_DATA_ERROR; /* cut short */
        r->comp_left -= got;
        n = (int)got;
    } else {
        r->zs.next_out = (Bytef *)buf;
        r->zs.avail_out = len;
        while (r->zs.avail_out == len) {
            if (r->zs.avail_in == 0 && r->comp_left > 0) {
                size_t want = sizeof r->in < r->comp_left ? sizeof r->in : (size_t)r->comp_left;
                size_t got = fread(r->in, 1, want, r->f);
                if (got == 0)
                    return ferror(r->f) ? UNZ_ERRNO : Z_DATA_ERROR;
                r->comp_left -= got;
                r->zs.next_in = r->in;
                r->zs.avail_in = (uInt)got;
            }
            int z = inflate(&r->zs, Z_SYNC_FLUSH);
            if (z == Z_STREAM_END) {
                r->z_end = 1;
                break;
            }
            if (z == Z_BUF_ERROR && r->zs.avail_in == 0 && r->comp_left == 0)
                return Z_DATA_ERROR; /* the data ends before the stream does */
            if (z != Z_OK && z != Z_BUF_ERROR)
                return z < 0 ? z : Z_DATA_ERROR;
        }
        n = (int)(len - r->zs.avail_out);
    }
    r->uncomp_left -= (unsigned long long)n;
    r->crc = crc32(r->crc, (const Bytef *)buf, (uInt)n);
    return n;
}

isomm_error ooxml_stream_open(ooxml_book *b, const char *part, size_t cap,
                             ooxml_stream *s, char *errbuf)
{
    memset(s, 0, sizeof *s);
    if (b->streaming)
        return core_fail(errbuf, ISOMM_ERR_ARG,
                          "%s: %s: another part is still being read", b->path, part);
    s->book = b;
    s->cap = cap;
    s->part = ooxml_part_name(part);
    if (!s->part)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
    if (locate(b, s->part) != 0) {
        isomm_error err = core_fail(errbuf, ISOMM_ERR_PART_MISSING,
                                     "%s: %s is missing from the workbook",
                                     b->path, s->part);
        free(s->part);
        s->part = NULL;
        return err;
    }
    unz_file_info64 info;
    central c;
    char m[32];
    isomm_error err = ISOMM_OK;
    if (unzGetCurrentFileInfo64(b->zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
        read_central(b, &c) != 0)
        err = core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                         "%s: %s: damaged zip directory entry", b->path, s->part);
    else if (info.flag & 1)
        err = core_fail(errbuf, ISOMM_ERR_IO,
                         "%s: %s is encrypted inside the zip archive; save the "
                         "workbook without a password and try again",
                         b->path, s->part);
    else if (info.compression_method != 0 && info.compression_method != Z_DEFLATED)
        err = core_fail(errbuf, ISOMM_ERR_IO,
                         "%s: %s uses zip compression method %lu, which is not "
                         "supported (only stored and deflated parts are)",
                         b->path, s->part, (unsigned long)info.compression_method);
    else if (c.uncomp > cap)
        err = core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                         "%s: %s inflates to %llu bytes, more than the %s limit "
                         "for one workbook part", b->path, s->part, c.uncomp,
                         mib(cap, m));
    else if (c.zip64)
        err = raw_open(b, &c, s, errbuf);
    else if (unzOpenCurrentFile(b->zip) != UNZ_OK)
        err = core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
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

long ooxml_stream_read(ooxml_stream *s, char *buf, size_t len)
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
    int n = s->raw ? raw_read(s->raw, buf, (unsigned)len)
                   : unzReadCurrentFile(s->book->zip, buf, (unsigned)len);
    if (n < 0) {
        if (n == UNZ_ERRNO)
            s->err = core_fail(s->errbuf, ISOMM_ERR_IO, "%s: %s: read error: %s",
                                s->book->path, s->part, strerror(errno));
        else
            s->err = core_fail(s->errbuf, ISOMM_ERR_IO,
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
        s->err = core_fail(s->errbuf, ISOMM_ERR_TOO_LARGE,
                            "%s: %s inflates to more than the %s limit for one "
                            "workbook part", s->book->path, s->part,
                            mib(s->cap, m));
        return -1;
    }
    return n;
}

isomm_error ooxml_stream_close(ooxml_stream *s, int verify, char *errbuf)
{
    isomm_error err = ISOMM_OK;
    if (s->open) {
        if (verify) {
            char buf[16384];
            long n;
            while ((n = ooxml_stream_read(s, buf, sizeof buf)) > 0)
                ;
            if (n < 0)
                err = core_fail(errbuf, s->err, "%s", s->errbuf);
        }
        int rc;
        if (s->raw) {
            rc = s->raw->uncomp_left == 0 && s->raw->crc != s->raw->crc_want
                     ? UNZ_CRCERROR : UNZ_OK;
            raw_close(s->raw);
            s->raw = NULL;
        } else {
            rc = unzCloseCurrentFile(s->book->zip);
        }
        if (!err && verify && rc == UNZ_CRCERROR)
            err = core_fail(errbuf, ISOMM_ERR_IO,
                             "%s: %s: checksum mismatch; the workbook is damaged",
                             s->book->path, s->part);
        s->book->streaming = 0;
        s->open = 0;
    }
    free(s->part);
    s->part = NULL;
    return err;
}

isomm_error ooxml_read_part(ooxml_book *b, const char *name, char **data,
                           size_t *len, char *errbuf)
{
    if (data)
        *data = NULL;
    if (len)
        *len = 0;
    if (!b || !name || !data)
        return core_fail(errbuf, ISOMM_ERR_ARG, "ooxml_read_part: invalid argument");
    ooxml_stream s;
    isomm_error err = ooxml_stream_open(b, name, OOXML_MAX_PART_BYTES, &s, errbuf);
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
