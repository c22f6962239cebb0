/*
 * isomm/strlist.h - a list of strings (the warnings of an assessment or a
 * portfolio), owned by the object that holds it; read it directly.
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

#ifdef __cplusplus
}
#endif
#endif
