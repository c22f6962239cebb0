/* common.c - what the fuzz targets share (fuzz.h). */
#define _DEFAULT_SOURCE
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <minizip/unzip.h>
#include <zlib.h>

#ifndef ISOMM_SOURCE_DIR
#define ISOMM_SOURCE_DIR "."
#endif

static isomm_catalog *builtin;
static char *scratch_dir, *scratch_xlsx;

static void cleanup(void)
{
    if (scratch_xlsx)
        unlink(scratch_xlsx);
    if (scratch_dir)
        rmdir(scratch_dir);
    free(scratch_xlsx);
    free(scratch_dir);
    isomm_catalog_free(builtin);
}

const isomm_catalog *fuzz_catalog(void)
{
    if (builtin)
        return builtin;
    char err[ISOMM_ERRBUF_SIZE];
    if (isomm_catalog_load_builtin(&builtin, err) != ISOMM_OK) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    const char *tmp = getenv("TMPDIR");
    size_t n = strlen(tmp && *tmp ? tmp : "/tmp") + 32;
    scratch_dir = malloc(n);
    scratch_xlsx = malloc(n + 16);
    if (!scratch_dir || !scratch_xlsx)
        abort();
    snprintf(scratch_dir, n, "%s/isomm-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(scratch_dir))
        abort();
    snprintf(scratch_xlsx, n + 16, "%s/out.xlsx", scratch_dir);
    atexit(cleanup);
    return builtin;
}

/* An error must come with a message that names the input. */
static void check_error(isomm_error err, const char *errbuf, const char *name)
{
    if (!err)
        return;
    if (!errbuf[0] || (name && strncmp(errbuf, name, strlen(name)) != 0)) {
        fprintf(stderr, "fuzz: error %d without a message naming %s: '%s'\n", err,
                name ? name : "the output", errbuf);
        abort();
    }
}

static void write_outputs(const isomm_reading *r, const isomm_catalog *cat)
{
    char err[ISOMM_ERRBUF_SIZE] = "";
    FILE *null = fopen("/dev/null", "w");
    if (!null)
        abort();
    isomm_error e = isomm_write_json_stream(r->portfolio, null, err);
    if (!e)
        e = isomm_write_inspect_json(null, "fuzz.xlsx", r, NULL, err);
    fclose(null);
    if (e) {
        fprintf(stderr, "fuzz: writing JSON to /dev/null failed: %s\n", err);
        abort();
    }
    e = isomm_write_xlsx(r->portfolio, scratch_xlsx, NULL, err);
    check_error(e, err, scratch_xlsx);
    if (e != ISOMM_OK && e != ISOMM_ERR_NOMEM) {
        fprintf(stderr, "fuzz: the workbook of a reading cannot be written: %s\n", err);
        abort();
    }
    /* The record a worker hands to the group, and back. */
    void *rec = NULL;
    size_t rec_len = 0;
    isomm_rollup *g = NULL;
    if (isomm_rollup_encode(r->portfolio, &rec, &rec_len, err) == ISOMM_OK &&
        isomm_rollup_new(cat, &g, err) == ISOMM_OK &&
        isomm_rollup_add_encoded(g, rec, rec_len, err) != ISOMM_OK) {
        fprintf(stderr, "fuzz: a group record does not decode: %s\n", err);
        abort();
    }
    isomm_rollup_free(g);
    free(rec);
}

void fuzz_read_and_write(const void *data, size_t size, const isomm_catalog *cat)
{
    char err[ISOMM_ERRBUF_SIZE] = "";
    isomm_reading *r = NULL;
    isomm_error e = isomm_read_buffer(data, size, "fuzz.xlsx", cat, NULL, &r, err);
    check_error(e, err, "fuzz.xlsx");
    if (e) {
        if (r)
            abort();
        return;
    }
    if (!r || !r->portfolio)
        abort();
    write_outputs(r, cat);
    isomm_reading_free(r);
}

const char *fuzz_source_dir(void)
{
    const char *src = getenv("ISOMM_SOURCE_DIR");
    return src && *src ? src : ISOMM_SOURCE_DIR;
}

void fuzz_write_seed(const char *dir, const char *name, int first, const void *data,
                     size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || (first >= 0 && fputc(first, f) == EOF) ||
        (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
        fprintf(stderr, "fuzz: cannot write %s\n", path);
        exit(1);
    }
}

unsigned char *fuzz_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *p = realloc(buf, cap *= 2);
            if (!p)
                free(buf);
            buf = p;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* ---- a stored zip in memory ------------------------------------------------ */

static void put(unsigned char **buf, size_t *len, size_t *cap, const void *data, size_t n)
{
    if (*len + n > *cap) {
        size_t c = *cap ? *cap : 4096;
        while (c < *len + n)
            c *= 2;
        unsigned char *p = realloc(*buf, c);
        if (!p)
            abort();
        *buf = p;
        *cap = c;
    }
    if (n)
        memcpy(*buf + *len, data, n);
    *len += n;
}

static void le(unsigned char *p, uint32_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

void fuzz_zip_add(fuzz_zip *z, const char *name, const void *data, size_t len)
{
    uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)data, (uInt)len);
    size_t nl = strlen(name);
    unsigned char h[46] = {0};
    memcpy(h, "PK\x03\x04", 4);
    le(h + 4, 20, 2);
    le(h + 14, crc, 4);
    le(h + 18, (uint32_t)len, 4);
    le(h + 22, (uint32_t)len, 4);
    le(h + 26, (uint32_t)nl, 2);
    uint32_t offset = (uint32_t)z->len;
    put(&z->data, &z->len, &z->cap, h, 30);
    put(&z->data, &z->len, &z->cap, name, nl);
    put(&z->data, &z->len, &z->cap, data, len);
    memset(h, 0, sizeof h);
    memcpy(h, "PK\x01\x02", 4);
    le(h + 4, 20, 2);
    le(h + 6, 20, 2);
    le(h + 16, crc, 4);
    le(h + 20, (uint32_t)len, 4);
    le(h + 24, (uint32_t)len, 4);
    le(h + 28, (uint32_t)nl, 2);
    le(h + 42, offset, 4);
    put(&z->dir, &z->dir_len, &z->dir_cap, h, 46);
    put(&z->dir, &z->dir_len, &z->dir_cap, name, nl);
    z->entries++;
}

void fuzz_zip_finish(fuzz_zip *z)
{
    uint32_t at = (uint32_t)z->len;
    put(&z->data, &z->len, &z->cap, z->dir, z->dir_len);
    unsigned char end[22] = {0};
    memcpy(end, "PK\x05\x06", 4);
    le(end + 8, z->entries, 2);
    le(end + 10, z->entries, 2);
    le(end + 12, (uint32_t)z->dir_len, 4);
    le(end + 16, at, 4);
    put(&z->data, &z->len, &z->cap, end, sizeof end);
}

void fuzz_zip_free(fuzz_zip *z)
{
    free(z->data);
    free(z->dir);
    memset(z, 0, sizeof *z);
}

void fuzz_unzip(const char *path, char ***names, unsigned char ***data, size_t **lens,
                size_t *n)
{
    unzFile u = unzOpen64(path);
    if (!u) {
        fprintf(stderr, "fuzz: cannot open %s\n", path);
        abort();
    }
    *names = NULL;
    *data = NULL;
    *lens = NULL;
    *n = 0;
    for (int rc = unzGoToFirstFile(u); rc == UNZ_OK; rc = unzGoToNextFile(u)) {
        char name[512];
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(u, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK ||
            unzOpenCurrentFile(u) != UNZ_OK)
            abort();
        unsigned char *bytes = malloc(info.uncompressed_size + 1);
        if (!bytes || unzReadCurrentFile(u, bytes, (unsigned)info.uncompressed_size) !=
                          (int)info.uncompressed_size)
            abort();
        unzCloseCurrentFile(u);
        *names = realloc(*names, (*n + 1) * sizeof **names);
        *data = realloc(*data, (*n + 1) * sizeof **data);
        *lens = realloc(*lens, (*n + 1) * sizeof **lens);
        if (!*names || !*data || !*lens || !((*names)[*n] = strdup(name)))
            abort();
        (*data)[*n] = bytes;
        (*lens)[*n] = (size_t)info.uncompressed_size;
        (*n)++;
    }
    unzClose(u);
}
