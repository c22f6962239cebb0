/*
 * ooxml_xml.c - libxml2's streaming xmlTextReader over one zip part.
 *
 * Bytes flow zip -> capped inflate (ooxml_stream) -> read_cb -> parser. The
 * callback sees every byte before the parser does and refuses the part if
 * it holds "<!DOCTYPE" (also split across chunks) or is not UTF-8, so no
 * DTD, internal or external, ever reaches libxml2. The parser runs without
 * XML_PARSE_NOENT / XML_PARSE_DTDLOAD, with XML_PARSE_NONET, and with the
 * document's own encoding declaration ignored.
 */
#include "ooxml.h"

#include <libxml/xmlreader.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

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

static int close_cb(void *ctx)
{
    (void)ctx;
    return 0;
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
    if (x->xml_error)
        return core_fail(errbuf, ISOMM_ERR_XML, "%s: %s: malformed XML at line %d: %s",
                          path, part, x->xml_line, x->xml_msg);
    return core_fail(errbuf, ISOMM_ERR_XML, "%s: %s: malformed XML", path, part);
}

isomm_error ooxml_xml_open(ooxml_book *b, const char *part, ooxml_xml *x, char *errbuf)
{
    memset(x, 0, sizeof *x);
    isomm_error err = ooxml_stream_open(b->zip, part, OOXML_MAX_PART_BYTES, &x->stream, errbuf);
    x->stats = b->stats;
    if (err)
        return err;
    x->reader = xmlReaderForIO(read_cb, close_cb, x, NULL, "UTF-8",
                               XML_PARSE_NONET | XML_PARSE_NOERROR |
                                   XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC);
    if (!x->reader) {
        if (x->doctype || x->not_utf8 || x->stream.err)
            err = failure(x, errbuf);
        else
            err = core_fail(errbuf, ISOMM_ERR_XML, "%s: %s: cannot start the XML parser",
                             b->path, x->stream.part);
        ooxml_xml_close(x);
        return err;
    }
    xmlTextReaderSetStructuredErrorHandler(x->reader, error_cb, x);
    return ISOMM_OK;
}

isomm_error ooxml_xml_next(ooxml_xml *x, int *more, char *errbuf)
{
    *more = 0;
    int rc = xmlTextReaderRead(x->reader);
    if (rc == 1 && !x->doctype && !x->not_utf8 && !x->stream.err) {
        *more = 1;
        x->stats->xml_nodes++;
        return ISOMM_OK;
    }
    if (rc == 0 && !x->doctype && !x->not_utf8 && !x->stream.err && !x->xml_error)
        return ISOMM_OK;
    return failure(x, errbuf);
}

isomm_error ooxml_xml_finish(ooxml_xml *x, char *errbuf)
{
    if (x->reader) {
        xmlFreeTextReader(x->reader);
        x->reader = NULL;
    }
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
    if (x->reader) {
        xmlFreeTextReader(x->reader);
        x->reader = NULL;
    }
    ooxml_stream_close(&x->stream, 0, NULL);
}

int ooxml_xml_type(const ooxml_xml *x)
{
    return xmlTextReaderNodeType(x->reader);
}

int ooxml_xml_depth(const ooxml_xml *x)
{
    return xmlTextReaderDepth(x->reader);
}

int ooxml_xml_is_empty(const ooxml_xml *x)
{
    return xmlTextReaderIsEmptyElement(x->reader) == 1;
}

const char *ooxml_xml_name(const ooxml_xml *x)
{
    const xmlChar *n = xmlTextReaderConstLocalName(x->reader);
    return n ? (const char *)n : "";
}

int ooxml_xml_start(const ooxml_xml *x, const char *name)
{
    return ooxml_xml_type(x) == XML_READER_TYPE_ELEMENT &&
           strcmp(ooxml_xml_name(x), name) == 0;
}

int ooxml_xml_end(const ooxml_xml *x, const char *name)
{
    return ooxml_xml_type(x) == XML_READER_TYPE_END_ELEMENT &&
           strcmp(ooxml_xml_name(x), name) == 0;
}

int ooxml_xml_is_text(const ooxml_xml *x)
{
    int t = ooxml_xml_type(x);
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
           t == XML_READER_TYPE_WHITESPACE ||
           t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

const char *ooxml_xml_value(const ooxml_xml *x)
{
    const xmlChar *v = xmlTextReaderConstValue(x->reader);
    return v ? (const char *)v : "";
}

static int is_rel_ns(const char *ns)
{
    return ns && (strcmp(ns, "http://schemas.openxmlformats.org/officeDocument/2006/relationships") == 0 ||
                  strcmp(ns, "http://purl.oclc.org/ooxml/officeDocument/relationships") == 0);
}

char *ooxml_xml_attr(ooxml_xml *x, const char *local, int ns_kind, int *nomem)
{
    char *out = NULL;
    if (xmlTextReaderHasAttributes(x->reader) != 1)
        return NULL;
    if (xmlTextReaderMoveToFirstAttribute(x->reader) != 1)
        return NULL;
    do {
        const char *name = (const char *)xmlTextReaderConstLocalName(x->reader);
        const char *ns = (const char *)xmlTextReaderConstNamespaceUri(x->reader);
        if (!name || strcmp(name, local) != 0)
            continue;
        if (ns_kind == 0 ? ns != NULL : !is_rel_ns(ns))
            continue;
        const char *v = (const char *)xmlTextReaderConstValue(x->reader);
        out = core_strdup(v ? v : "");
        if (!out && nomem)
            *nomem = 1;
        break;
    } while (xmlTextReaderMoveToNextAttribute(x->reader) == 1);
    xmlTextReaderMoveToElement(x->reader);
    return out;
}
