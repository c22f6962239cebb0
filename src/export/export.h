/*
 * export/export.h - text formats: the JSON document of a portfolio
 * (json.c), what `isomm inspect --format json` prints (inspect.c), and
 * what every JSON and CSV writer shares (text.c): strings escaped one way,
 * and writing to a path atomically or to standard output.
 */
#ifndef ISOMM_EXPORT_H
#define ISOMM_EXPORT_H

#include <stdio.h>
#include "isomm/error.h"

/* A JSON string as Python's json.dumps(ensure_ascii=False) writes it; a
 * NULL string is written as null; invalid UTF-8 becomes U+FFFD. */
void export_json_string(FILE *f, const char *s);

/* Write through `fn` to `path` atomically (a temporary file beside it,
 * renamed into place), or to standard output for "-". The message names
 * the path. */
typedef isomm_error (*export_writer)(FILE *f, const void *ctx);
isomm_error export_to_path(const char *path, export_writer fn, const void *ctx,
                           char *errbuf);

#endif
