/* util.h - internal helpers: error buffers, strings, atomic output files. */
#ifndef ISOMM_UTIL_H
#define ISOMM_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include "isomm/error.h"

/* Write a printf-formatted message to errbuf (ISOMM_ERRBUF_SIZE bytes, may
 * be NULL) and return `err`, so callers can `return isomm_fail(...)`. */
isomm_error isomm_fail(char *errbuf, isomm_error err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

char *isomm_strdup(const char *s);              /* NULL-safe */
char *isomm_strndup(const char *s, size_t n);
char *isomm_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *isomm_vasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Trim ASCII and full-width (U+3000) white space in place; returns s. */
char *isomm_trim(char *s);

/* An output written to "<dir>/.<base>.XXXXXX.tmp" and renamed into place
 * by commit; abort (or a failed commit) removes the temporary file. */
typedef struct isomm_atomic {
    char *final_path;
    char *tmp_path;
    FILE *stream;     /* open for writing after isomm_atomic_begin */
} isomm_atomic;

isomm_error isomm_atomic_begin(isomm_atomic *a, const char *path, char *errbuf);
/* Close the stream (if still open) and rename into place. */
isomm_error isomm_atomic_commit(isomm_atomic *a, char *errbuf);
void isomm_atomic_abort(isomm_atomic *a);

/* 1 if both paths name the same existing file (same device and inode). */
int isomm_same_file(const char *a, const char *b);

#endif
