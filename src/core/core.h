/* util.h - internal helpers: error buffers, strings, atomic output files. */
#ifndef ISOMM_UTIL_H
#define ISOMM_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include "isomm/error.h"

/* Write a printf-formatted message to errbuf (ISOMM_ERRBUF_SIZE bytes, may
 * be NULL) and return `err`, so callers can `return core_fail(...)`. */
isomm_error core_fail(char *errbuf, isomm_error err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

char *core_strdup(const char *s);              /* NULL-safe */
char *core_strndup(const char *s, size_t n);
char *core_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *core_vasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Trim ASCII and full-width (U+3000) white space in place; returns s. */
char *core_trim(char *s);

/* An output written to "<dir>/.<base>.XXXXXX.tmp" and renamed into place
 * by commit; abort (or a failed commit) removes the temporary file. */
typedef struct core_atomic {
    char *final_path;
    char *tmp_path;
    FILE *stream;     /* open for writing after core_atomic_begin */
} core_atomic;

isomm_error core_atomic_begin(core_atomic *a, const char *path, char *errbuf);
/* Close the stream (if still open) and rename into place. */
isomm_error core_atomic_commit(core_atomic *a, char *errbuf);
void core_atomic_abort(core_atomic *a);

/* 1 if both paths name the same existing file (same device and inode). */
int core_same_file(const char *a, const char *b);

#endif
