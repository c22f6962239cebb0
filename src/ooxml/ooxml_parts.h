/*
 * ooxml_internal.h - shared by ooxml_zip.c (archive, capped part streams),
 * ooxml_xml.c (streaming XML over a part), ooxml_workbook.c (workbook.xml
 * and relationships) and ooxml_grid.c (shared strings, sheet cells).
 */
#ifndef XW_INTERNAL_H
#define XW_INTERNAL_H

#include <stddef.h>
#include <libxml/xmlreader.h>
#include <unzip.h>
#include "ooxml/ooxml.h"

struct ooxml_book {
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

/* ---- ooxml_zip.c: one part, inflated through a cap ---------------------- */

typedef struct ooxml_stream {
    ooxml_book *book;
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
    struct ooxml_raw *raw;
} ooxml_stream;

/* Locate and open `part`. Fails with ISOMM_ERR_PART_MISSING if absent,
 * ISOMM_ERR_TOO_LARGE if the declared size exceeds `cap`. */
isomm_error ooxml_stream_open(ooxml_book *book, const char *part, size_t cap,
                             ooxml_stream *s, char *errbuf);
/* Bytes read (> 0), 0 at the end, -1 on error (s->err, s->errbuf). */
long ooxml_stream_read(ooxml_stream *s, char *buf, size_t len);
/* Close. With `verify`, drain what is left (still capped) and check the
 * CRC; errors are reported. Without, just release. */
isomm_error ooxml_stream_close(ooxml_stream *s, int verify, char *errbuf);

/* Normalized part name: no leading '/', backslashes as '/'. New string. */
char *ooxml_part_name(const char *name);

/* ---- ooxml_xml.c: streaming XML over a part ----------------------------- */

typedef struct ooxml_xml {
    ooxml_stream stream;
    xmlTextReaderPtr reader;
    unsigned first_done;   /* the first bytes were checked */
    unsigned doctype_match;/* bytes of "<!DOCTYPE" matched so far */
    int doctype;           /* a DOCTYPE was found */
    int not_utf8;
    int xml_error;         /* libxml2 reported an error */
    int xml_line;
    char xml_msg[256];
} ooxml_xml;

/* Open `part` (must exist) for streaming; cap OOXML_MAX_PART_BYTES. */
isomm_error ooxml_xml_open(ooxml_book *book, const char *part, ooxml_xml *x,
                          char *errbuf);
/* Advance to the next node: *more = 1 on a node, 0 at the end. */
isomm_error ooxml_xml_next(ooxml_xml *x, int *more, char *errbuf);
/* At the end of the document: drain and verify the part, then release. */
isomm_error ooxml_xml_finish(ooxml_xml *x, char *errbuf);
/* Release without checks (after an error). Safe to call twice. */
void ooxml_xml_close(ooxml_xml *x);

int ooxml_xml_type(const ooxml_xml *x);          /* XML_READER_TYPE_* */
int ooxml_xml_depth(const ooxml_xml *x);
int ooxml_xml_is_empty(const ooxml_xml *x);      /* <e/> */
/* Local name of the current node ("c" for <x:c>), never NULL. */
const char *ooxml_xml_name(const ooxml_xml *x);
/* 1 if the current node is a start tag with local name `name`. */
int ooxml_xml_start(const ooxml_xml *x, const char *name);
/* 1 if the current node is an end tag with local name `name`. */
int ooxml_xml_end(const ooxml_xml *x, const char *name);
/* 1 if the current node is text, CDATA or white space. */
int ooxml_xml_is_text(const ooxml_xml *x);
const char *ooxml_xml_value(const ooxml_xml *x); /* text of a text node */
/* Attribute of the current element by local name, in no namespace
 * (ns_kind 0) or in a relationships namespace (ns_kind 1: transitional or
 * Strict). New string or NULL. *nomem set on allocation failure. */
char *ooxml_xml_attr(ooxml_xml *x, const char *local, int ns_kind, int *nomem);

/* ---- ooxml_workbook.c ---------------------------------------------------- */

/* Find the workbook part and its sheets (called by ooxml_open). */
isomm_error ooxml_load_workbook(ooxml_book *book, char *errbuf);

/* The relationships of any part (targets resolved to part names; external
 * targets left out). A part without a .rels part has none. */
typedef struct ooxml_rel_list {
    char **ids, **targets;
    size_t count;
} ooxml_rel_list;
isomm_error ooxml_part_rels(ooxml_book *book, const char *part, ooxml_rel_list *out,
                           char *errbuf);
const char *ooxml_rel_target(const ooxml_rel_list *l, const char *id); /* or NULL */
void ooxml_rel_list_free(ooxml_rel_list *l);

/* ---- growable string ---------------------------------------------------- */

typedef struct core_buf {
    char *data;
    size_t len, cap;
} core_buf;

int core_buf_add(core_buf *b, const char *s, size_t n); /* 0 ok, -1 nomem */

#endif
