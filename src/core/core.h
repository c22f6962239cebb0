/* core/core.h - what every layer uses: error buffers, strings, names
 * folded for comparison, UTF-8, growable buffers, atomic output files.
 * Depends on nothing of isomm. */
#ifndef ISOMM_CORE_H
#define ISOMM_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include "isomm/error.h"
#include "isomm/strlist.h"

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

/* The key two names are compared by (fold.c): trimmed, runs of white space
 * (ASCII, U+3000) made one space, full-width ASCII made ASCII, half-width
 * katakana made full-width (ｶﾞ = ガ). malloc'ed; NULL for NULL or when out
 * of memory. */
char *core_fold_name(const char *s);

/* An output written to "<dir>/.<base>.XXXXXX.tmp" and renamed into place
 * by commit; abort (or a failed commit) removes the temporary file. */
typedef struct core_atomic {
    char *final_path;
    char *tmp_path;
    FILE *stream;     /* open for writing after core_atomic_begin */
} core_atomic;

/* Messages name the path and the operating system's cause (strerror):
 * "cannot create a temporary file in its folder: Read-only file system",
 * "cannot write: No space left on device". */
isomm_error core_atomic_begin(core_atomic *a, const char *path, char *errbuf);
/* Close the stream (if still open) and rename into place. */
isomm_error core_atomic_commit(core_atomic *a, char *errbuf);
void core_atomic_abort(core_atomic *a);

/* The cause of a failed write of `path`: `err` (an errno) when there is
 * one, else what the folder's file system says (EROFS, ENOSPC), else EIO. */
int core_write_errno(const char *path, int err);
/* "<path>: <what>: <strerror>" in errbuf; returns ISOMM_ERR_WRITE. */
isomm_error core_write_failed(char *errbuf, const char *path, const char *what, int err);

/* Append a printf-formatted string to a warning list (zero-initialised
 * before its first use). ISOMM_ERR_NOMEM leaves the list unchanged. */
isomm_error core_strlist_addf(isomm_strlist *list, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Free every string and the array; the list is left empty. */
void core_strlist_clear(isomm_strlist *list);

/* A growable string. Zero-initialise; data is NUL-terminated after the
 * first successful add. */
typedef struct core_buf {
    char *data;
    size_t len, cap;
} core_buf;

int core_buf_add(core_buf *b, const char *s, size_t n); /* 0 ok, -1 nomem */

/* Room for one more item in the array *items of `count` items of `size`
 * bytes and capacity *cap (doubled, `first` items at first). 0 ok, -1 when
 * out of memory (the array is left as it was). */
int core_grow(void **items, size_t *cap, size_t count, size_t size, size_t first);

/* Decode the UTF-8 sequence at s (at most n bytes; a NUL ends it): its
 * length 1..4 with *cp set, or 0 when the bytes are no valid sequence
 * (overlong, surrogate, beyond U+10FFFF, cut short). */
size_t core_utf8_decode(const char *s, size_t n, unsigned *cp);
/* Encode code point cp at out (room for 4 bytes): its length 1..4. */
size_t core_put_utf8(char *out, unsigned cp);
/* The full-width katakana of a half-width form U+FF61..U+FF9F (ｱ -> ア),
 * else cp (fold.c). */
unsigned core_half_kana(unsigned cp);
/* The kana (full-width) with the half-width (semi-)voiced mark `mark`
 * (U+FF9E ﾞ, U+FF9F ﾟ) on it (カ + ﾞ -> ガ), or 0 when it takes none. */
unsigned core_voiced_kana(unsigned kana, unsigned mark);
/* The length of the longest prefix of s (n bytes) of at most max bytes
 * that ends on a character boundary. */
size_t core_utf8_prefix(const char *s, size_t n, size_t max);

/* 1 if both paths name the same existing file (same device and inode). */
int core_same_file(const char *a, const char *b);

#endif
