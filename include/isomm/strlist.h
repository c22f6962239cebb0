/*
 * isomm/strlist.h - a growable list of owned strings (used for warnings).
 */
#ifndef ISOMM_STRLIST_H
#define ISOMM_STRLIST_H

#include "common.h"
#include <stddef.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A list of malloc'ed, NUL-terminated UTF-8 strings. Zero-initialise. */
typedef struct isomm_strlist {
    char **items;
    size_t count;
    size_t capacity;
} isomm_strlist;

/** Append a printf-formatted string. Returns ISOMM_ERR_NOMEM on failure. */
ISOMM_EXTERN isomm_error isomm_strlist_addf(isomm_strlist *list, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** Free every string and the array; leaves an empty list. */
ISOMM_EXTERN void isomm_strlist_clear(isomm_strlist *list);

#ifdef __cplusplus
}
#endif
#endif
