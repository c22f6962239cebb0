/*
 * export/export.h - text formats: the JSON document of a portfolio
 * (json.c), what `isomm inspect --format json` prints (inspect.c), and
 * what every JSON and CSV writer shares: strings escaped one way, CSV
 * fields, writing to a path atomically or to standard output (text.c),
 * and documents laid out as Python's json.dumps(indent=2) (jsonw.c).
 */
#ifndef ISOMM_EXPORT_H
#define ISOMM_EXPORT_H

#include <stddef.h>
#include <stdio.h>
#include "isomm/catalog.h"
#include "isomm/error.h"

/* A JSON string as Python's json.dumps(ensure_ascii=False) writes it; a
 * NULL string is written as null; invalid UTF-8 becomes U+FFFD. */
void export_json_string(FILE *f, const char *s);

/* A CSV field (RFC 4180): quoted when needed, invalid UTF-8 as U+FFFD;
 * with `guard`, a text a spreadsheet would run as a formula (= + - @ or a
 * tab first) gets a leading apostrophe. NULL writes nothing. */
void export_csv_text(FILE *f, const char *s, int guard);
/* The four fields of service s: ID, name, category ID, category name. */
void export_csv_service(FILE *f, const isomm_catalog *c, size_t s);
/* A whole number; v < 0 (null) writes nothing. */
void export_csv_int(FILE *f, long v);

/* An indented JSON document (jsonw.c). Zero-initialise with the stream:
 * export_json w = {f, 0, {0}}; open, then key + value per member (next
 * before each array element), close. */
#define EXPORT_JSON_DEPTH 16
typedef struct export_json {
    FILE *f;
    int depth;
    size_t items[EXPORT_JSON_DEPTH]; /* values written at each depth */
} export_json;

void export_json_open(export_json *w, char c);  /* '{' or '[' */
void export_json_close(export_json *w, char c); /* '}' or ']' */
void export_json_key(export_json *w, const char *key);
void export_json_next(export_json *w);          /* before an array element */
void export_json_str(export_json *w, const char *s); /* NULL: null */
void export_json_int(export_json *w, long v);   /* v < 0: null */
void export_json_signed(export_json *w, long v);
void export_json_size(export_json *w, size_t v);
void export_json_number(export_json *w, double v); /* as Python's repr; NaN: null */

/* Write through `fn` to `path` atomically (a temporary file beside it,
 * renamed into place), or to standard output for "-". The message names
 * the path. */
typedef isomm_error (*export_writer)(FILE *f, const void *ctx);
isomm_error export_to_path(const char *path, export_writer fn, const void *ctx,
                           char *errbuf);

#endif
