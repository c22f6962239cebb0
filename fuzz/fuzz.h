/*
 * fuzz/fuzz.h - what the fuzz targets share (docs/fuzzing.md).
 *
 *   read.c     raw file bytes -> isomm_read_buffer() -> both writers
 *   part.c     one XML part spliced into a fixed valid workbook
 *   catalog.c  one catalog TSV table in place of the built-in one
 *   common.c   the built-in catalog, the writers, a stored zip in memory
 *   replay.c   main() for builds without libFuzzer: run files through a
 *              target (the test suite replays the corpus with it)
 *
 * Every target is the libFuzzer entry point LLVMFuzzerTestOneInput().
 */
#ifndef ISOMM_FUZZ_H
#define ISOMM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include "isomm/isomm.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write the target's seed inputs, made from the fixtures, samples and
 * templates of the source tree, into the folder `dir` (replay --seeds). */
void fuzz_seeds(const char *dir);
/* One seed file dir/name: the byte `first` (unless it is -1), then data. */
void fuzz_write_seed(const char *dir, const char *name, int first, const void *data,
                     size_t len);
/* The source tree: $ISOMM_SOURCE_DIR, else where the build was made. */
const char *fuzz_source_dir(void);

/* The built-in catalog, loaded once (aborts if it cannot be). */
const isomm_catalog *fuzz_catalog(void);

/* Read `size` bytes as a workbook; when it reads, write the portfolio
 * workbook to a scratch file, the JSON and inspect documents to
 * /dev/null, and round-trip the group record. Aborts on an inconsistent
 * result (an error without a message, a reading without a portfolio). */
void fuzz_read_and_write(const void *data, size_t size, const isomm_catalog *cat);

/* A file's bytes (malloc'ed), or NULL. */
unsigned char *fuzz_slurp(const char *path, size_t *len);

/* A zip archive in memory, every entry stored (no compression). */
typedef struct fuzz_zip {
    unsigned char *data;
    size_t len, cap;
    unsigned char *dir; /* the central directory, appended at the end */
    size_t dir_len, dir_cap;
    unsigned entries;
} fuzz_zip;

void fuzz_zip_add(fuzz_zip *z, const char *name, const void *data, size_t len);
/* Append the central directory; z->data, z->len is the archive. */
void fuzz_zip_finish(fuzz_zip *z);
void fuzz_zip_free(fuzz_zip *z);

/* Every entry of the zip file at `path`: names[i], data[i], lens[i]
 * (malloc'ed arrays; *n entries). Aborts if the file cannot be read. */
void fuzz_unzip(const char *path, char ***names, unsigned char ***data, size_t **lens,
                size_t *n);

#endif
