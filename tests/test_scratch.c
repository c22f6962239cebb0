/*
 * The isomm program's scratch parts (src/cli/scratch.c): libxlsxwriter's
 * lxw_tmpfile() answered with a stream in memory that moves to a real
 * scratch file past 1 MiB. What a stream holds is checked against a plain
 * buffer written the same way (writes, seeks back and past the end,
 * reads), before and after the move; open descriptors tell where it is.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <xlsxwriter.h>

const char *cli_scratch(void);

#define MIB ((size_t)1 << 20)

static size_t open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    size_t n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* The expected contents, kept beside the stream. */
typedef struct model {
    unsigned char *data;
    size_t size, pos;
} model;

static void model_write(model *m, const void *p, size_t n)
{
    if (m->pos + n > m->size) {
        m->data = realloc(m->data, m->pos + n);
        assert_non_null(m->data);
        if (m->pos > m->size)
            memset(m->data + m->size, 0, m->pos - m->size);
        m->size = m->pos + n;
    }
    memcpy(m->data + m->pos, p, n);
    m->pos += n;
}

/* Write n bytes of a pattern that depends on `seed` to both. */
static void write_both(FILE *f, model *m, size_t n, unsigned seed)
{
    unsigned char buf[4096];
    while (n) {
        size_t k = n < sizeof buf ? n : sizeof buf;
        for (size_t i = 0; i < k; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (unsigned char)(seed >> 16);
        }
        assert_int_equal(fwrite(buf, 1, k, f), k);
        model_write(m, buf, k);
        n -= k;
    }
}

static void seek_both(FILE *f, model *m, long to)
{
    assert_int_equal(fseek(f, to, SEEK_SET), 0);
    m->pos = (size_t)to;
}

static void expect_contents(FILE *f, const model *m)
{
    rewind(f);
    unsigned char *got = malloc(m->size + 1);
    assert_non_null(got);
    assert_int_equal(fread(got, 1, m->size + 1, f), m->size);
    assert_memory_equal(got, m->data, m->size);
    free(got);
}

static void exercise(FILE *f, model *m, size_t bytes)
{
    write_both(f, m, bytes / 2, 1);
    assert_int_equal(fprintf(f, "<c r=\"A%d\"/>", 1), 11);
    model_write(m, "<c r=\"A1\"/>", 11);
    seek_both(f, m, 100);       /* over what is there */
    write_both(f, m, 5000, 2);
    seek_both(f, m, (long)m->size + 3000); /* past the end: zeros between */
    write_both(f, m, bytes / 2, 3);
    expect_contents(f, m);
}

static void test_in_memory_then_a_file(void **state)
{
    (void)state;
    unsetenv("ISOMM_SCRATCH");
    assert_string_equal(cli_scratch(), "scratch parts in memory");
    size_t before = open_fds();
    FILE *f = lxw_tmpfile(NULL);
    assert_non_null(f);
    model m = {0};
    exercise(f, &m, MIB / 2);       /* a portfolio's largest part is 100 KB */
    assert_int_equal(open_fds(), before); /* no file behind it */

    seek_both(f, &m, (long)m.size);
    write_both(f, &m, MIB, 4);     /* past 1 MiB: a real scratch file */
    fflush(f);
    assert_int_equal(open_fds(), before + 1);
    seek_both(f, &m, 7);
    write_both(f, &m, 300, 5);
    seek_both(f, &m, (long)m.size);
    exercise(f, &m, 3 * MIB);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(open_fds(), before);
    free(m.data);
}

static void test_files_on_request(void **state)
{
    (void)state;
    setenv("ISOMM_SCRATCH", "files", 1);
    size_t before = open_fds();
    FILE *f = lxw_tmpfile(NULL);
    assert_non_null(f);
    assert_int_equal(open_fds(), before + 1);
    model m = {0};
    exercise(f, &m, 4096);
    assert_int_equal(fclose(f), 0);
    unsetenv("ISOMM_SCRATCH");
    free(m.data);
}

/* A workbook written through the streams is the one written through
 * scratch files, byte for byte (its creation time fixed). */
static void write_book(const char *path, const char *scratch)
{
    if (scratch)
        setenv("ISOMM_SCRATCH", scratch, 1);
    else
        unsetenv("ISOMM_SCRATCH");
    lxw_workbook *wb = workbook_new(path);
    assert_non_null(wb);
    lxw_doc_properties props = {.created = 1700000000};
    assert_int_equal(workbook_set_properties(wb, &props), LXW_NO_ERROR);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "大きなシート");
    char text[64];
    for (unsigned r = 0; r < 40000; r++) { /* a sheet part of about 2 MiB */
        snprintf(text, sizeof text, "子会社 %u", r);
        worksheet_write_string(ws, r, 0, text, NULL);
        worksheet_write_number(ws, r, 1, r * 0.25, NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    unsetenv("ISOMM_SCRATCH");
}

static void test_workbook_identical(void **state)
{
    (void)state;
    char a[] = "/tmp/isomm-scratch-XXXXXX";
    assert_non_null(mkdtemp(a));
    char pa[128], pb[128];
    snprintf(pa, sizeof pa, "%s/memory.xlsx", a);
    snprintf(pb, sizeof pb, "%s/files.xlsx", a);
    write_book(pa, NULL);
    write_book(pb, "files");
    FILE *fa = fopen(pa, "rb"), *fb = fopen(pb, "rb");
    assert_non_null(fa);
    assert_non_null(fb);
    size_t n = 0;
    int ca, cb;
    do {
        ca = getc(fa);
        cb = getc(fb);
        assert_int_equal(ca, cb);
        n++;
    } while (ca != EOF);
    assert_true(n > 100000);
    fclose(fa);
    fclose(fb);
    remove(pa);
    remove(pb);
    remove(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_memory_then_a_file),
        cmocka_unit_test(test_files_on_request),
        cmocka_unit_test(test_workbook_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
