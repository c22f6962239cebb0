/*
 * xlsx_internal.h - shared by xlsx_zip.c (archive, capped part streams),
 * xlsx_xml.c (streaming XML over a part), xlsx_workbook.c (workbook.xml
 * and relationships) and xlsx_grid.c (shared strings, sheet cells).
 */
#ifndef ISOMM_XLSX_INTERNAL_H
#define ISOMM_XLSX_INTERNAL_H

#include <stddef.h>
#include <libxml/xmlreader.h>
#include <unzip.h>
#include "xlsx.h"

struct xlsx_book {
    char *path;            /* as given */
    unzFile zip;
    int streaming;         /* a part is open for reading (minizip allows one) */
    char *workbook_part;   /* "xl/workbook.xml" */
    size_t sheet_count;
    char **sheet_names;
    char **sheet_parts;
    unsigned char *sheet_hidden; /* state="hidden" or "veryHidden" */
    char *sst_part;        /* shared strings part, or NULL */
    int sst_loaded;
    char **sst;            /* shared strings */
    size_t sst_count;
    int date1904;          /* workbookPr date1904: serials count from 1904 */
    char *core_part;       /* core properties part, or NULL */
};

/* ---- xlsx_zip.c: one part, inflated through a cap ---------------------- */

typedef struct xlsx_stream {
    xlsx_book *book;
    char *part;            /* owned */
    size_t cap;
    size_t total;          /* bytes inflated so far */
    int eof;
    int open;
    isomm_error err;       /* set when a read fails */
    char errbuf[ISOMM_ERRBUF_SIZE];
    /* Entries with zip64 fields the system minizip cannot decode (its
     * 1.1 release compares them with (unsigned long)-1, which never
     * matches on 64-bit Linux) are read here, straight from the file. */
    struct xlsx_raw *raw;
} xlsx_stream;

/* Locate and open `part`. Fails with ISOMM_ERR_PART_MISSING if absent,
 * ISOMM_ERR_TOO_LARGE if the declared size exceeds `cap`. */
isomm_error xlsx_stream_open(xlsx_book *book, const char *part, size_t cap,
                             xlsx_stream *s, char *errbuf);
/* Bytes read (> 0), 0 at the end, -1 on error (s->err, s->errbuf). */
long xlsx_stream_read(xlsx_stream *s, char *buf, size_t len);
/* Close. With `verify`, drain what is left (still capped) and check the
 * CRC; errors are reported. Without, just release. */
isomm_error xlsx_stream_close(xlsx_stream *s, int verify, char *errbuf);

/* Normalized part name: no leading '/', backslashes as '/'. New string. */
char *xlsx_part_name(const char *name);

/* ---- xlsx_xml.c: streaming XML over a part ----------------------------- */

typedef struct xlsx_xml {
    xlsx_stream stream;
    xmlTextReaderPtr reader;
    unsigned first_done;   /* the first bytes were checked */
    unsigned doctype_match;/* bytes of "<!DOCTYPE" matched so far */
    int doctype;           /* a DOCTYPE was found */
    int not_utf8;
    int xml_error;         /* libxml2 reported an error */
    int xml_line;
    char xml_msg[256];
} xlsx_xml;

/* Open `part` (must exist) for streaming; cap XLSX_MAX_PART_BYTES. */
isomm_error xlsx_xml_open(xlsx_book *book, const char *part, xlsx_xml *x,
                          char *errbuf);
/* Advance to the next node: *more = 1 on a node, 0 at the end. */
isomm_error xlsx_xml_next(xlsx_xml *x, int *more, char *errbuf);
/* At the end of the document: drain and verify the part, then release. */
isomm_error xlsx_xml_finish(xlsx_xml *x, char *errbuf);
/* Release without checks (after an error). Safe to call twice. */
void xlsx_xml_close(xlsx_xml *x);

int xlsx_xml_type(const xlsx_xml *x);          /* XML_READER_TYPE_* */
int xlsx_xml_depth(const xlsx_xml *x);
int xlsx_xml_is_empty(const xlsx_xml *x);      /* <e/> */
/* Local name of the current node ("c" for <x:c>), never NULL. */
const char *xlsx_xml_name(const xlsx_xml *x);
/* 1 if the current node is a start tag with local name `name`. */
int xlsx_xml_start(const xlsx_xml *x, const char *name);
/* 1 if the current node is an end tag with local name `name`. */
int xlsx_xml_end(const xlsx_xml *x, const char *name);
/* 1 if the current node is text, CDATA or white space. */
int xlsx_xml_is_text(const xlsx_xml *x);
const char *xlsx_xml_value(const xlsx_xml *x); /* text of a text node */
/* Attribute of the current element by local name, in no namespace
 * (ns_kind 0) or in a relationships namespace (ns_kind 1: transitional or
 * Strict). New string or NULL. *nomem set on allocation failure. */
char *xlsx_xml_attr(xlsx_xml *x, const char *local, int ns_kind, int *nomem);

/* ---- xlsx_workbook.c ---------------------------------------------------- */

/* Find the workbook part and its sheets (called by xlsx_open). */
isomm_error xlsx_load_workbook(xlsx_book *book, char *errbuf);

/* The relationships of any part (targets resolved to part names; external
 * targets left out). A part without a .rels part has none. */
typedef struct xlsx_rel_list {
    char **ids, **targets;
    size_t count;
} xlsx_rel_list;
isomm_error xlsx_part_rels(xlsx_book *book, const char *part, xlsx_rel_list *out,
                           char *errbuf);
const char *xlsx_rel_target(const xlsx_rel_list *l, const char *id); /* or NULL */
void xlsx_rel_list_free(xlsx_rel_list *l);

/* ---- growable string ---------------------------------------------------- */

typedef struct xlsx_buf {
    char *data;
    size_t len, cap;
} xlsx_buf;

int xlsx_buf_add(xlsx_buf *b, const char *s, size_t n); /* 0 ok, -1 nomem */

#endif
