/*
 * zip.c - the zip archive under a workbook, read without trusting it.
 *
 * The central directory is read once into a table of entries, sorted by
 * name, so every part is found by binary search (a workbook with 100,000
 * entries costs one sort, not a directory scan per part). Each entry is
 * checked when it is opened: its local header must carry the same name
 * and method as its central record, its data must lie before the central
 * directory, and what it inflates to must match the size and CRC the
 * central record declares, always. Nothing is mapped: a file is read with
 * pread() as the parts are needed, a buffer in place.
 *
 * minizip's unzip is not used here: its 1.1 release misreads zip64 fields
 * on 64-bit Linux and reads through a FILE per archive; the archive is a
 * few hundred lines of format that the hostile-input layer should own.
 */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include "ooxml.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "core/core.h"

#define SIG_LOCAL 0x04034b50UL
#define SIG_CENTRAL 0x02014b50UL
#define SIG_END 0x06054b50UL
#define SIG_END64 0x06064b50UL
#define SIG_LOCATOR64 0x07064b50UL

typedef struct zip_entry {
    char *name;             /* as stored (validated: no "..", no '\\', …) */
    uint64_t comp, size;    /* compressed and declared inflated size */
    uint64_t offset;        /* of the local header */
    uint32_t crc;
    unsigned method, flags;
} zip_entry;

struct ooxml_zip {
    char *name;             /* for messages: the path as given */
    const unsigned char *mem; /* a caller's buffer, or NULL */
    int fd;                 /* a file, else -1 */
    uint64_t size;
    uint64_t dir_start;     /* where the central directory begins */
    zip_entry *entries;     /* sorted by name, ASCII case folded */
    size_t count;
    ooxml_stats *stats;     /* the book's counters, or NULL */
    uint64_t budget_used;   /* bytes declared by the parts opened so far */
};

static uint64_t le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/* Exactly n bytes at off, or -1 (short, out of range, I/O error). */
static int read_at(const ooxml_zip *z, uint64_t off, void *buf, size_t n)
{
    if (off > z->size || n > z->size - off)
        return -1;
    if (z->mem) {
        memcpy(buf, z->mem + off, n);
        return 0;
    }
    unsigned char *p = buf;
    while (n > 0) {
        ssize_t got = pread(z->fd, p, n, (off_t)off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        p += got;
        off += (uint64_t)got;
        n -= (size_t)got;
    }
    return 0;
}

/* The directory cannot be read: a cut-off zip, or "PK" and no zip at all. */
static isomm_error damaged(const ooxml_zip *z, char *errbuf)
{
    unsigned char h[4];
    int zip = read_at(z, 0, h, 4) == 0 && h[0] == 'P' && h[1] == 'K' &&
              ((h[2] == 3 && h[3] == 4) || (h[2] == 5 && h[3] == 6) || (h[2] == 7 && h[3] == 8));
    if (!zip && z->size >= 4)
        return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                         "%s: not an .xlsx workbook (no zip archive found)", z->name);
    return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                     "%s: damaged or truncated .xlsx workbook (the zip directory at the "
                     "end of the file is missing or unreadable); the file may have been "
                     "cut off while copying or downloading", z->name);
}

/* ---- the end of central directory record, zip64 included ------------- */

typedef struct dir_info {
    uint64_t entries, size, offset; /* offset as recorded */
    uint64_t end_pos;               /* where the (zip64) end record is */
} dir_info;

/* The last end record whose comment ends within the file. */
static long find_end(const unsigned char *tail, size_t n)
{
    for (long i = (long)n - 22; i >= 0; i--)
        if (le(tail + i, 4) == SIG_END && (size_t)i + 22 + le(tail + i + 20, 2) <= n)
            return i;
    return -1;
}

static int read_end64(const ooxml_zip *z, uint64_t end_pos, dir_info *d)
{
    unsigned char loc[20], rec[56];
    if (end_pos < 20 || read_at(z, end_pos - 20, loc, 20) != 0 || le(loc, 4) != SIG_LOCATOR64)
        return -1;
    uint64_t at = le(loc + 8, 8);
    if (read_at(z, at, rec, 56) != 0 || le(rec, 4) != SIG_END64)
        return -1;
    d->entries = le(rec + 32, 8);
    d->size = le(rec + 40, 8);
    d->offset = le(rec + 48, 8);
    d->end_pos = at;
    return 0;
}

static isomm_error find_directory(ooxml_zip *z, dir_info *d, char *errbuf)
{
    size_t n = z->size < 22 + 65535 ? (size_t)z->size : 22 + 65535;
    unsigned char *tail = malloc(n ? n : 1);
    if (!tail)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", z->name);
    long at = read_at(z, z->size - n, tail, n) == 0 ? find_end(tail, n) : -1;
    if (at < 0) {
        free(tail);
        return damaged(z, errbuf);
    }
    const unsigned char *e = tail + at;
    d->entries = le(e + 10, 2);
    d->size = le(e + 12, 4);
    d->offset = le(e + 16, 4);
    d->end_pos = z->size - n + (uint64_t)at;
    int zip64 = d->entries == 0xFFFF || d->size == 0xFFFFFFFFu || d->offset == 0xFFFFFFFFu;
    free(tail);
    if (zip64 && read_end64(z, d->end_pos, d) != 0)
        return damaged(z, errbuf);
    if (d->size > d->end_pos || d->offset > d->end_pos - d->size)
        return damaged(z, errbuf);
    return ISOMM_OK;
}

/* ---- the central directory --------------------------------------------- */

/* Why a stored name may not name a part, or NULL. */
static const char *unsafe_name(const char *name, size_t n)
{
    if (n == 0)
        return "an empty name";
    if (memchr(name, '\0', n))
        return "a NUL byte in the name";
    if (memchr(name, '\\', n))
        return "a backslash in the name";
    if (name[0] == '/')
        return "an absolute path";
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && name[j] != '/')
            j++;
        if (j - i == 2 && name[i] == '.' && name[i + 1] == '.')
            return "a '..' segment";
        i = j + 1;
    }
    return NULL;
}

/* Apply the zip64 extra field (id 1) to the fields that hold 0xFFFFFFFF. */
static int apply_zip64(zip_entry *e, const unsigned char *x, size_t n)
{
    int need_u = e->size == 0xFFFFFFFFu, need_c = e->comp == 0xFFFFFFFFu,
        need_o = e->offset == 0xFFFFFFFFu;
    for (size_t i = 0; (need_u || need_c || need_o) && i + 4 <= n;) {
        size_t id = (size_t)le(x + i, 2), len = (size_t)le(x + i + 2, 2);
        if (i + 4 + len > n)
            break;
        if (id == 1) {
            size_t k = i + 4, end = i + 4 + len;
            if (need_u && k + 8 <= end)
                e->size = le(x + k, 8), k += 8, need_u = 0;
            if (need_c && k + 8 <= end)
                e->comp = le(x + k, 8), k += 8, need_c = 0;
            if (need_o && k + 8 <= end)
                e->offset = le(x + k, 8), need_o = 0;
            break;
        }
        i += 4 + len;
    }
    return need_u || need_c || need_o ? -1 : 0;
}

static isomm_error bad_entry(const ooxml_zip *z, const char *name, size_t n,
                             const char *why, char *errbuf)
{
    return core_fail(errbuf, ISOMM_ERR_NOT_ZIP, "%s: zip entry '%.*s' is refused: %s",
                     z->name, (int)(n > 200 ? 200 : n), name, why);
}

/* One central record at p (left bytes): fills e, *used its length. */
static isomm_error parse_record(ooxml_zip *z, const unsigned char *p, size_t left,
                                zip_entry *e, size_t *used, char *errbuf)
{
    if (left < 46 || le(p, 4) != SIG_CENTRAL)
        return damaged(z, errbuf);
    size_t name = (size_t)le(p + 28, 2), extra = (size_t)le(p + 30, 2),
           comment = (size_t)le(p + 32, 2);
    if (46 + name + extra + comment > left)
        return damaged(z, errbuf);
    const char *nm = (const char *)p + 46;
    const char *why = unsafe_name(nm, name);
    if (why)
        return bad_entry(z, nm, name, why, errbuf);
    e->flags = (unsigned)le(p + 8, 2);
    e->method = (unsigned)le(p + 10, 2);
    e->crc = (uint32_t)le(p + 16, 4);
    e->comp = le(p + 20, 4);
    e->size = le(p + 24, 4);
    e->offset = le(p + 42, 4);
    if (apply_zip64(e, p + 46 + name, extra) != 0)
        return bad_entry(z, nm, name, "a zip64 size or offset is missing from its record",
                         errbuf);
    if (e->offset > z->dir_start || e->comp > z->dir_start - e->offset)
        return bad_entry(z, nm, name, "its data would lie outside the archive", errbuf);
    if (!(e->name = core_strndup(nm, name)))
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", z->name);
    *used = 46 + name + extra + comment;
    return ISOMM_OK;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcasecmp(((const zip_entry *)a)->name, ((const zip_entry *)b)->name);
}

static isomm_error read_directory(ooxml_zip *z, const dir_info *d, char *errbuf)
{
    if (d->entries > OOXML_MAX_ZIP_ENTRIES)
        return core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                         "%s: the zip archive lists %llu entries, more than the limit of "
                         "%lu for a workbook", z->name, (unsigned long long)d->entries,
                         OOXML_MAX_ZIP_ENTRIES);
    if (d->size > OOXML_MAX_DIRECTORY_BYTES)
        return core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                         "%s: the zip directory takes %llu bytes, more than the limit of "
                         "%zu MiB", z->name, (unsigned long long)d->size,
                         OOXML_MAX_DIRECTORY_BYTES >> 20);
    z->dir_start = d->offset;
    unsigned char *dir = malloc(d->size ? (size_t)d->size : 1);
    z->entries = calloc(d->entries ? (size_t)d->entries : 1, sizeof *z->entries);
    if (!dir || !z->entries) {
        free(dir);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", z->name);
    }
    isomm_error err = read_at(z, d->offset, dir, (size_t)d->size) ? damaged(z, errbuf)
                                                                  : ISOMM_OK;
    size_t pos = 0;
    while (!err && z->count < d->entries) {
        size_t used = 0;
        err = parse_record(z, dir + pos, (size_t)d->size - pos, &z->entries[z->count],
                           &used, errbuf);
        if (!err)
            z->count++, pos += used;
    }
    free(dir);
    if (err)
        return err;
    qsort(z->entries, z->count, sizeof *z->entries, entry_cmp);
    for (size_t i = 1; i < z->count; i++)
        if (strcasecmp(z->entries[i - 1].name, z->entries[i].name) == 0)
            return bad_entry(z, z->entries[i].name, strlen(z->entries[i].name),
                             "the archive holds two entries of that name", errbuf);
    return ISOMM_OK;
}

/* ---- opening and closing ----------------------------------------------- */

isomm_error ooxml_zip_open(const char *name, const void *data, size_t size, int fd,
                           ooxml_stats *stats, ooxml_zip **out, char *errbuf)
{
    *out = NULL;
    ooxml_zip *z = calloc(1, sizeof *z);
    if (!z || !(z->name = core_strdup(name))) {
        free(z);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", name);
    }
    z->mem = data;
    z->fd = data ? -1 : fd;
    z->stats = stats;
    if (data) {
        z->size = size;
    } else {
        struct stat st;
        z->size = fstat(fd, &st) == 0 ? (uint64_t)st.st_size : 0;
    }
    dir_info d = {0};
    isomm_error err = find_directory(z, &d, errbuf);
    if (!err)
        err = read_directory(z, &d, errbuf);
    if (err) {
        ooxml_zip_close(z);
        return err;
    }
    *out = z;
    return ISOMM_OK;
}

void ooxml_zip_close(ooxml_zip *z)
{
    if (!z)
        return;
    for (size_t i = 0; i < z->count; i++)
        free(z->entries[i].name);
    free(z->entries);
    if (z->fd >= 0)
        close(z->fd);
    free(z->name);
    free(z);
}

const char *ooxml_zip_name(const ooxml_zip *z)
{
    return z->name;
}

/* Index of the entry called `part` (a leading '/' and ASCII case are
 * ignored, as OPC compares part names), or -1. */
static long find(const ooxml_zip *z, const char *part)
{
    while (*part == '/')
        part++;
    if (z->stats)
        z->stats->lookups++;
    size_t lo = 0, hi = z->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcasecmp(part, z->entries[mid].name);
        if (z->stats)
            z->stats->zip_probes++;
        if (c == 0)
            return (long)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

int ooxml_zip_has(const ooxml_zip *z, const char *part)
{
    return z && part && *part && find(z, part) >= 0;
}

/* ---- one entry, inflated through a cap ---------------------------------- */

struct ooxml_entry_reader {
    z_stream zs;
    int zs_init, z_end;
    uint64_t in_pos, in_left;  /* compressed bytes still to read */
    uint32_t crc;
    unsigned char in[16384];
};

static const char *mib(size_t bytes, char buf[32])
{
    snprintf(buf, 32, "%zu MiB", bytes >> 20);
    return buf;
}

/* The local header must agree with the central record (the name, the
 * method; the sizes and CRC unless a data descriptor follows the data). */
static isomm_error check_local(ooxml_stream *s, const zip_entry *e, uint64_t *data,
                               char *errbuf)
{
    const ooxml_zip *z = s->zip;
    size_t n = strlen(e->name);
    unsigned char h[30];
    char *nm = malloc(n ? n : 1);
    int ok = nm && read_at(z, e->offset, h, 30) == 0 && le(h, 4) == SIG_LOCAL &&
             le(h + 26, 2) == n && read_at(z, e->offset + 30, nm, n) == 0 &&
             memcmp(nm, e->name, n) == 0;
    free(nm);
    if (!ok)
        return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                         "%s: %s: damaged zip entry (its local header is missing or names "
                         "another entry); the file may be truncated or corrupt", z->name,
                         s->part);
    uint64_t lcrc = le(h + 14, 4), lcomp = le(h + 18, 4), lsize = le(h + 22, 4);
    int sizes_ok = (e->flags & 8) || lcrc == e->crc ||
                   (lcomp == 0xFFFFFFFFu || lsize == 0xFFFFFFFFu);
    if (le(h + 8, 2) != e->method || !sizes_ok)
        return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                         "%s: %s: damaged zip entry (its local header does not match its "
                         "central directory record)", z->name, s->part);
    *data = e->offset + 30 + n + le(h + 28, 2);
    if (*data > z->dir_start || e->comp > z->dir_start - *data)
        return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                         "%s: %s: damaged zip entry (its data runs into the zip directory)",
                         z->name, s->part);
    return ISOMM_OK;
}

static isomm_error entry_usable(const ooxml_stream *s, const zip_entry *e, size_t cap,
                                char *errbuf)
{
    const char *zn = s->zip->name;
    char m[32];
    if (e->flags & 1)
        return core_fail(errbuf, ISOMM_ERR_IO,
                         "%s: %s is encrypted inside the zip archive; save the workbook "
                         "without a password and try again", zn, s->part);
    if (e->method != 0 && e->method != Z_DEFLATED)
        return core_fail(errbuf, ISOMM_ERR_IO,
                         "%s: %s uses zip compression method %u, which is not supported "
                         "(only stored and deflated parts are)", zn, s->part, e->method);
    if (e->size > cap)
        return core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                         "%s: %s inflates to %llu bytes, more than the %s limit for one "
                         "workbook part", zn, s->part, (unsigned long long)e->size,
                         mib(cap, m));
    if (s->zip->budget_used + e->size > OOXML_MAX_BOOK_BYTES)
        return core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                         "%s: reading %s would take the parts read from this workbook past "
                         "%s in all, the limit for one workbook (parts read again count "
                         "again)", zn, s->part, mib((size_t)OOXML_MAX_BOOK_BYTES, m));
    if (e->method == 0 && e->comp != e->size)
        return core_fail(errbuf, ISOMM_ERR_NOT_ZIP,
                         "%s: %s: damaged zip entry (stored, but %llu bytes declared as "
                         "%llu)", zn, s->part, (unsigned long long)e->comp,
                         (unsigned long long)e->size);
    return ISOMM_OK;
}

isomm_error ooxml_stream_open(ooxml_zip *z, const char *part, size_t cap,
                              ooxml_stream *s, char *errbuf)
{
    memset(s, 0, sizeof *s);
    s->zip = z;
    s->cap = cap;
    long i = find(z, part);
    while (*part == '/')
        part++;
    snprintf(s->part, sizeof s->part, "%s", i >= 0 ? z->entries[i].name : part);
    if (i < 0)
        return core_fail(errbuf, ISOMM_ERR_PART_MISSING, "%s: %s is missing from the workbook",
                         z->name, s->part);
    const zip_entry *e = &z->entries[i];
    uint64_t data = 0;
    isomm_error err = entry_usable(s, e, cap, errbuf);
    if (!err)
        err = check_local(s, e, &data, errbuf);
    struct ooxml_entry_reader *r = err ? NULL : calloc(1, sizeof *r);
    if (!err && !r)
        err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", z->name);
    if (!err && e->method == Z_DEFLATED) {
        r->zs_init = inflateInit2(&r->zs, -MAX_WBITS) == Z_OK;
        if (!r->zs_init)
            err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", z->name);
    }
    if (err) {
        free(r);
        return err;
    }
    r->in_pos = data;
    r->in_left = e->comp;
    r->crc = (uint32_t)crc32(0L, Z_NULL, 0);
    s->entry = r;
    s->declared = e->size;
    s->crc_want = e->crc;
    s->stored = e->method == 0;
    s->open = 1;
    /* Charged what it declares (it never inflates to more). */
    z->budget_used += e->size;
    if (z->stats)
        z->stats->parts_opened++;
    return ISOMM_OK;
}

static long stream_fail(ooxml_stream *s, isomm_error err, const char *what)
{
    s->err = core_fail(s->errbuf, err, "%s: %s: %s", s->zip->name, s->part, what);
    return -1;
}

/* Compressed bytes into the inflater, when it has none. 0 ok, -1 error. */
static int refill(ooxml_stream *s)
{
    struct ooxml_entry_reader *r = s->entry;
    if (r->zs.avail_in > 0 || r->in_left == 0)
        return 0;
    size_t want = r->in_left < sizeof r->in ? (size_t)r->in_left : sizeof r->in;
    if (read_at(s->zip, r->in_pos, r->in, want) != 0)
        return -1;
    r->in_pos += want;
    r->in_left -= want;
    r->zs.next_in = r->in;
    r->zs.avail_in = (uInt)want;
    return 0;
}

/* Up to len bytes of a deflated entry: > 0, 0 at its end, -1 on error. */
static long inflate_some(ooxml_stream *s, char *buf, size_t len)
{
    struct ooxml_entry_reader *r = s->entry;
    r->zs.next_out = (Bytef *)buf;
    r->zs.avail_out = (uInt)len;
    while (r->zs.avail_out == len && !r->z_end) {
        if (refill(s) != 0)
            return stream_fail(s, ISOMM_ERR_IO, "read error: the file is truncated or "
                                                 "cannot be read");
        int zr = inflate(&r->zs, Z_SYNC_FLUSH);
        if (zr == Z_STREAM_END)
            r->z_end = 1;
        else if (zr == Z_BUF_ERROR && r->zs.avail_in == 0 && r->in_left == 0)
            return stream_fail(s, ISOMM_ERR_IO, "damaged data in the zip archive (the "
                                                 "compressed data ends too early); the "
                                                 "file may be truncated or corrupt");
        else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            char what[160];
            snprintf(what, sizeof what, "damaged data in the zip archive (zlib error %d); "
                     "the file may be truncated or corrupt", zr);
            return stream_fail(s, ISOMM_ERR_IO, what);
        }
    }
    return (long)(len - r->zs.avail_out);
}

static long copy_some(ooxml_stream *s, char *buf, size_t len)
{
    struct ooxml_entry_reader *r = s->entry;
    if (len > r->in_left)
        len = (size_t)r->in_left;
    if (len && read_at(s->zip, r->in_pos, buf, len) != 0)
        return stream_fail(s, ISOMM_ERR_IO, "read error: the file is truncated or cannot "
                                             "be read");
    r->in_pos += len;
    r->in_left -= len;
    return (long)len;
}

/* At the end of the data: the size and the CRC the directory declares. */
static long check_end(ooxml_stream *s)
{
    char what[200];
    if (s->total != s->declared) {
        snprintf(what, sizeof what, "damaged zip entry: it inflates to %zu bytes but its "
                 "directory record declares %llu", s->total,
                 (unsigned long long)s->declared);
        return stream_fail(s, ISOMM_ERR_IO, what);
    }
    if (s->entry->crc != s->crc_want)
        return stream_fail(s, ISOMM_ERR_IO, "checksum mismatch; the workbook is damaged");
    s->eof = 1;
    return 0;
}

long ooxml_stream_read(ooxml_stream *s, char *buf, size_t len)
{
    if (s->err)
        return -1;
    if (!s->open || s->eof || len == 0)
        return 0;
    /* Never more than one byte past what the directory declares. */
    size_t room = s->total < s->declared ? (size_t)(s->declared - s->total) + 1 : 1;
    if (len > room)
        len = room;
    if (len > INT_MAX / 2)
        len = INT_MAX / 2;
    long n = s->stored ? copy_some(s, buf, len) : inflate_some(s, buf, len);
    if (n < 0)
        return -1;
    if (n == 0)
        return check_end(s);
    s->total += (size_t)n;
    if (s->zip->stats)
        s->zip->stats->bytes_inflated += (size_t)n;
    if (s->total > s->declared) {
        char what[160];
        snprintf(what, sizeof what, "inflates to more than the %llu bytes its directory "
                 "record declares; the workbook is damaged or forged",
                 (unsigned long long)s->declared);
        return stream_fail(s, ISOMM_ERR_IO, what);
    }
    s->entry->crc = (uint32_t)crc32(s->entry->crc, (const Bytef *)buf, (uInt)n);
    return n;
}

isomm_error ooxml_stream_close(ooxml_stream *s, int verify, char *errbuf)
{
    isomm_error err = ISOMM_OK;
    if (s->open && verify) {
        char buf[16384];
        long n;
        while ((n = ooxml_stream_read(s, buf, sizeof buf)) > 0)
            ;
        if (n < 0)
            err = core_fail(errbuf, s->err, "%s", s->errbuf);
    }
    if (s->entry) {
        if (s->entry->zs_init)
            inflateEnd(&s->entry->zs);
        free(s->entry);
        s->entry = NULL;
    }
    s->open = 0;
    return err;
}
