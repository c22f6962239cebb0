/*
 * xml.c - libxml2's push parser (SAX2) over one zip part, read node by node.
 *
 * Bytes flow zip -> capped inflate (ooxml_stream) -> read_cb -> parser. The
 * callback sees every byte before the parser does and refuses the part if
 * it holds "<!DOCTYPE" (also split across chunks) or is not UTF-8, so no
 * DTD, internal or external, ever reaches libxml2. The parser runs without
 * XML_PARSE_NOENT / XML_PARSE_DTDLOAD, with XML_PARSE_NONET, with the
 * document's own encoding declaration ignored, and with no entity
 * callbacks at all: only the five predefined entities exist.
 *
 * The parser's callbacks queue what they see - start tags with their
 * attributes, end tags, text - and ooxml_xml_next() hands it out one node
 * at a time, feeding the parser the next KiB when the queue is empty:
 * the nodes of xmlTextReader without the tree node it builds and frees
 * for each (a fifth of the instructions of reading a sheet, docs/bench.md). An element
 * whose end tag follows its start tag in the same chunk is one empty node,
 * as <e/> is; text split by the parser is one node while it is queued
 * (callers join text nodes anyway).
 */
#include "ooxml.h"

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlreader.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* Fed 1 KiB at a time: a caller that stops early (styles, the theme's
 * colours) parses little, and the queue stays in the cache (the fewest
 * instructions of 512 B to 16 KiB on the benchmark's sheets). */
#define CHUNK 1024
/* libxml2's own limit (xmlParserMaxDepth), which it checks only where it
 * builds a tree */
#define MAX_DEPTH 256

typedef struct xml_attr {
    const char *local, *uri; /* the parser's dictionary; uri NULL if none */
    size_t value;            /* offset in the arena */
} xml_attr;

typedef struct xml_node {
    int type;                /* OOXML_NODE_ELEMENT, OOXML_NODE_END, XML_READER_TYPE_TEXT */
    int depth;
    int empty;
    const char *name;        /* local name of an element (the dictionary) */
    size_t text;             /* a text node's offset in the arena */
    size_t attr, nattr;      /* an element's attributes in attrs[] */
} xml_node;

struct ooxml_xml_events {
    xml_node *nodes;
    size_t count, cap, next, cur; /* queued: [next, count); cur: the current */
    xml_attr *attrs;
    size_t nattrs, attrs_cap;
    core_buf arena;          /* text and attribute values, NUL-separated */
    int level;               /* elements open */
    char chunk[CHUNK];
};

static const char DOCTYPE[] = "<!DOCTYPE";

/* Advance the match of "<!DOCTYPE" (any case, also split across chunks)
 * over n bytes; 1 when it is complete. Bytes between one '<' and the next
 * are skipped with memchr: this sees every byte of every part. */
static int scan_doctype(ooxml_xml *x, const unsigned char *u, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (x->doctype_match == 0) {
            const unsigned char *lt = memchr(u + i, '<', n - i);
            if (!lt)
                return 0;
            i = (size_t)(lt - u) + 1;
            x->doctype_match = 1;
        } else if (toupper(u[i]) == DOCTYPE[x->doctype_match]) {
            if (++x->doctype_match == sizeof DOCTYPE - 1)
                return 1;
            i++;
        } else {
            x->doctype_match = 0; /* this byte again: it may be a '<' */
        }
    }
    return 0;
}

static int read_cb(void *ctx, char *buf, int len)
{
    ooxml_xml *x = ctx;
    if (x->doctype || x->not_utf8 || len <= 0)
        return -1;
    long n = ooxml_stream_read(&x->stream, buf, (size_t)len);
    if (n <= 0)
        return (int)n;
    const unsigned char *u = (const unsigned char *)buf;
    if (!x->first_done) {
        x->first_done = 1;
        /* UTF-16/32 (BOM or NUL bytes up front), where a byte scan for
         * "<!DOCTYPE" would not see the declaration. */
        if ((n >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) ||
            memchr(buf, 0, (size_t)(n < 4 ? n : 4)) != NULL) {
            x->not_utf8 = 1;
            return -1;
        }
    }
    if (scan_doctype(x, u, (size_t)n)) {
        x->doctype = 1;
        return -1;
    }
    return (int)n;
}

#if LIBXML_VERSION >= 21200
static void error_cb(void *ctx, const xmlError *e)
#else
static void error_cb(void *ctx, xmlErrorPtr e)
#endif
{
    ooxml_xml *x = ctx;
    if (!e || e->level < XML_ERR_ERROR || x->xml_error)
        return;
    x->xml_error = 1;
    x->xml_line = e->line;
    snprintf(x->xml_msg, sizeof x->xml_msg, "%s", e->message ? e->message : "error");
    size_t n = strlen(x->xml_msg);
    while (n > 0 && (x->xml_msg[n - 1] == '\n' || x->xml_msg[n - 1] == ' '))
        x->xml_msg[--n] = '\0';
}

/* The cause of a failed read, most specific first. */
static isomm_error failure(ooxml_xml *x, char *errbuf)
{
    const char *path = ooxml_zip_name(x->stream.zip);
    const char *part = x->stream.part;
    if (x->doctype)
        return core_fail(errbuf, ISOMM_ERR_XML,
                          "%s: %s: DTD declarations are not allowed in workbook parts",
                          path, part);
    if (x->not_utf8)
        return core_fail(errbuf, ISOMM_ERR_XML,
                          "%s: %s: the part is not UTF-8 XML (UTF-16/32 parts "
                          "are not supported)", path, part);
    if (x->stream.err)
        return core_fail(errbuf, x->stream.err, "%s", x->stream.errbuf);
    if (x->nomem)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: %s: out of memory", path, part);
    if (x->xml_error)
        return core_fail(errbuf, ISOMM_ERR_XML, "%s: %s: malformed XML at line %d: %s",
                          path, part, x->xml_line, x->xml_msg);
    return core_fail(errbuf, ISOMM_ERR_XML, "%s: %s: malformed XML", path, part);
}

/* ---- the parser's callbacks: queue the nodes ---------------------------- */

static void stop(ooxml_xml *x)
{
    x->nomem = 1;
    xmlStopParser(x->parser);
}

/* A new node at the end of the queue, or NULL (out of memory). */
static xml_node *push_node(ooxml_xml *x, int type)
{
    ooxml_xml_events *q = x->ev;
    if (core_grow((void **)&q->nodes, &q->cap, q->count, sizeof *q->nodes, 256) != 0) {
        stop(x);
        return NULL;
    }
    xml_node *n = &q->nodes[q->count++];
    memset(n, 0, sizeof *n);
    n->type = type;
    n->depth = q->level;
    return n;
}

/* The last queued node, not yet handed out, or NULL. */
static xml_node *tail(ooxml_xml_events *q)
{
    return q->count > q->next ? &q->nodes[q->count - 1] : NULL;
}

/* Append s[0..n) to the arena as a new string (its offset in *at). */
static int add_string(ooxml_xml *x, const char *s, size_t n, size_t *at)
{
    core_buf *a = &x->ev->arena;
    *at = a->len;
    if (core_buf_add(a, s, n) != 0 || core_buf_add(a, "", 1) != 0) {
        stop(x);
        return -1;
    }
    return 0;
}

/* An attribute value as the parser leaves it without entity substitution:
 * every '&' (from &amp;, &#38; or &#x26;) reads "&#38;"; all else is
 * decoded. */
static int add_value(ooxml_xml *x, const xmlChar *v, const xmlChar *end, size_t *at)
{
    const char *s = (const char *)v;
    size_t n = (size_t)(end - v);
    if (!memchr(s, '&', n))
        return add_string(x, s, n, at);
    core_buf *a = &x->ev->arena;
    *at = a->len;
    while (n) {
        const char *amp = memchr(s, '&', n);
        size_t k = amp ? (size_t)(amp - s) : n;
        if (core_buf_add(a, s, k) != 0)
            goto nomem;
        s += k;
        n -= k;
        if (!n)
            break;
        size_t skip = n >= 5 && memcmp(s, "&#38;", 5) == 0 ? 5 : 1;
        if (core_buf_add(a, "&", 1) != 0)
            goto nomem;
        s += skip;
        n -= skip;
    }
    if (core_buf_add(a, "", 1) == 0)
        return 0;
nomem:
    stop(x);
    return -1;
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    (void)prefix, (void)uri, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
    ooxml_xml *x = ctx;
    ooxml_xml_events *q = x->ev;
    xml_node *n = push_node(x, OOXML_NODE_ELEMENT);
    if (!n)
        return;
    n->name = (const char *)local;
    n->attr = q->nattrs;
    if (++q->level > MAX_DEPTH) {
        x->xml_error = 1;
        x->xml_line = xmlSAX2GetLineNumber(x->parser);
        snprintf(x->xml_msg, sizeof x->xml_msg, "elements nested deeper than %d", MAX_DEPTH);
        xmlStopParser(x->parser);
        return;
    }
    for (int i = 0; i < nb_attributes; i++) {
        const xmlChar **a = attributes + 5 * i; /* local, prefix, URI, value, end */
        if (core_grow((void **)&q->attrs, &q->attrs_cap, q->nattrs, sizeof *q->attrs, 64) != 0) {
            stop(x);
            return;
        }
        xml_attr *t = &q->attrs[q->nattrs];
        t->local = (const char *)a[0];
        t->uri = (const char *)a[2];
        if (add_value(x, a[3], a[4], &t->value) != 0)
            return;
        q->nattrs++;
        n->nattr++;
    }
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix, (void)uri;
    ooxml_xml *x = ctx;
    ooxml_xml_events *q = x->ev;
    q->level--;
    /* Nothing since its start tag, which is still queued: <e></e> is <e/>. */
    xml_node *t = tail(q);
    if (t && t->type == OOXML_NODE_ELEMENT && t->depth == q->level && !t->empty) {
        t->empty = 1;
        return;
    }
    xml_node *n = push_node(x, OOXML_NODE_END);
    if (n)
        n->name = (const char *)local;
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
    ooxml_xml *x = ctx;
    ooxml_xml_events *q = x->ev;
    xml_node *t = tail(q);
    if (t && t->type == XML_READER_TYPE_TEXT) { /* the arena ends with it */
        core_buf *a = &q->arena;
        a->len--; /* its NUL */
        size_t at;
        add_string(x, (const char *)s, (size_t)len, &at);
        return;
    }
    xml_node *n = push_node(x, XML_READER_TYPE_TEXT);
    if (n)
        add_string(x, (const char *)s, (size_t)len, &n->text);
}

/* ---- the reader ----------------------------------------------------------- */

isomm_error ooxml_xml_open(ooxml_book *b, const char *part, ooxml_xml *x, char *errbuf)
{
    memset(x, 0, sizeof *x);
    isomm_error err = ooxml_stream_open(b->zip, part, OOXML_MAX_PART_BYTES, &x->stream, errbuf);
    x->stats = b->stats;
    if (err)
        return err;
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_text;
    sax.ignorableWhitespace = on_text;
    sax.cdataBlock = on_text;
    sax.serror = error_cb;
    x->ev = calloc(1, sizeof *x->ev);
    x->parser = x->ev ? xmlCreatePushParserCtxt(&sax, x, NULL, 0, NULL) : NULL;
    if (!x->parser) {
        ooxml_xml_close(x);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: %s: cannot start the XML parser",
                         b->path, part);
    }
    xmlCtxtUseOptions(x->parser, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                     XML_PARSE_IGNORE_ENC);
    return ISOMM_OK;
}

static int failed(const ooxml_xml *x)
{
    return x->doctype || x->not_utf8 || x->stream.err || x->xml_error || x->nomem;
}

/* Parse the next chunk of the part (or the end of it) into the queue. */
static void feed(ooxml_xml *x)
{
    ooxml_xml_events *q = x->ev;
    q->next = q->count = q->nattrs = 0;
    q->arena.len = 0;
    int n = read_cb(x, q->chunk, CHUNK);
    if (n < 0)
        return; /* read_cb has said why */
    int rc = xmlParseChunk(x->parser, n ? q->chunk : NULL, n, n == 0);
    if (n == 0)
        x->ended = 1;
    if (rc != 0 && !failed(x)) {
        x->xml_error = 1;
        snprintf(x->xml_msg, sizeof x->xml_msg, "the parser stopped (error %d)", rc);
    }
}

isomm_error ooxml_xml_next(ooxml_xml *x, int *more, char *errbuf)
{
    *more = 0;
    ooxml_xml_events *q = x->ev;
    while (q->next == q->count && !failed(x) && !x->ended)
        feed(x);
    if (failed(x))
        return failure(x, errbuf);
    if (q->next == q->count)
        return ISOMM_OK;
    q->cur = q->next++;
    x->stats->xml_nodes++;
    *more = 1;
    return ISOMM_OK;
}

static void release_parser(ooxml_xml *x)
{
    if (x->parser) {
        xmlFreeParserCtxt(x->parser);
        x->parser = NULL;
    }
    if (x->ev) {
        free(x->ev->nodes);
        free(x->ev->attrs);
        free(x->ev->arena.data);
        free(x->ev);
        x->ev = NULL;
    }
}

isomm_error ooxml_xml_finish(ooxml_xml *x, char *errbuf)
{
    release_parser(x);
    if (x->doctype || x->not_utf8)
        return failure(x, errbuf);
    /* Drain: also finds a DOCTYPE or damage after the root element. */
    char buf[16384];
    int n;
    while ((n = read_cb(x, buf, sizeof buf)) > 0)
        ;
    if (n < 0) {
        isomm_error err = failure(x, errbuf);
        ooxml_stream_close(&x->stream, 0, NULL);
        return err;
    }
    return ooxml_stream_close(&x->stream, 1, errbuf);
}

void ooxml_xml_close(ooxml_xml *x)
{
    release_parser(x);
    ooxml_stream_close(&x->stream, 0, NULL);
}

static const xml_node *current(const ooxml_xml *x)
{
    const ooxml_xml_events *q = x->ev;
    return q && q->cur < q->count ? &q->nodes[q->cur] : NULL;
}

int ooxml_xml_type(const ooxml_xml *x)
{
    const xml_node *n = current(x);
    return n ? n->type : 0;
}

int ooxml_xml_depth(const ooxml_xml *x)
{
    const xml_node *n = current(x);
    return n ? n->depth : -1;
}

int ooxml_xml_is_empty(const ooxml_xml *x)
{
    const xml_node *n = current(x);
    return n && n->empty;
}

const char *ooxml_xml_name(const ooxml_xml *x)
{
    const xml_node *n = current(x);
    return n && n->name ? n->name : "";
}

int ooxml_xml_start(const ooxml_xml *x, const char *name)
{
    const xml_node *n = current(x);
    return n && n->type == OOXML_NODE_ELEMENT && strcmp(n->name, name) == 0;
}

int ooxml_xml_end(const ooxml_xml *x, const char *name)
{
    const xml_node *n = current(x);
    return n && n->type == OOXML_NODE_END && strcmp(n->name, name) == 0;
}

int ooxml_xml_is_text(const ooxml_xml *x)
{
    return ooxml_xml_type(x) == XML_READER_TYPE_TEXT;
}

const char *ooxml_xml_value(const ooxml_xml *x)
{
    const xml_node *n = current(x);
    return n && n->type == XML_READER_TYPE_TEXT ? x->ev->arena.data + n->text : "";
}

static int is_rel_ns(const char *ns)
{
    return ns && (strcmp(ns, "http://schemas.openxmlformats.org/officeDocument/2006/relationships") == 0 ||
                  strcmp(ns, "http://purl.oclc.org/ooxml/officeDocument/relationships") == 0);
}

const char *ooxml_xml_attr_view(const ooxml_xml *x, const char *local, int ns_kind)
{
    const xml_node *n = current(x);
    if (!n || n->type != OOXML_NODE_ELEMENT)
        return NULL;
    const ooxml_xml_events *q = x->ev;
    for (size_t i = n->attr; i < n->attr + n->nattr; i++) {
        const xml_attr *a = &q->attrs[i];
        if (strcmp(a->local, local) != 0)
            continue;
        if (ns_kind == 0 ? a->uri != NULL : !is_rel_ns(a->uri))
            continue;
        return q->arena.data + a->value;
    }
    return NULL;
}

char *ooxml_xml_attr(ooxml_xml *x, const char *local, int ns_kind, int *nomem)
{
    const char *v = ooxml_xml_attr_view(x, local, ns_kind);
    if (!v)
        return NULL;
    char *out = core_strdup(v);
    if (!out && nomem)
        *nomem = 1;
    return out;
}
