/*
 * The streaming XML reader of ooxml/ (xml.c), node by node: what each
 * part below reads as, written down by hand from the XML specification
 * (entities and character references decoded, namespaces resolved, text
 * joined, depths), and the parts it must refuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "fixture.h"
#include "core/core.h"
#include "isomm/isomm.h"
#include "ooxml/ooxml.h"

#define PART "xl/test.xml"
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define STRICT_REL_NS "http://purl.oclc.org/ooxml/officeDocument/relationships"

/* A workbook holding `xml` (len bytes, 0 = strlen) as PART, opened. */
static ooxml_book *book_with(const char *xml, size_t len)
{
    static int n;
    char name[32];
    snprintf(name, sizeof name, "xml-%d.xlsx", n++);
    char *path = fx_path(dir, name);
    assert_non_null(path);
    const char *names[] = {"S"};
    const fx_part *pk = fx_package_parts(names, 1, 0);
    fx_part parts[] = {pk[0], pk[1], pk[2], pk[3],
                       {"xl/worksheets/sheet1.xml", "<worksheet/>", 0},
                       {PART, xml, len ? len : strlen(xml)}};
    assert_int_equal(fx_write_zip(path, parts, 6), 0);
    char err[ISOMM_ERRBUF_SIZE] = "";
    ooxml_book *b = NULL;
    if (ooxml_open(path, &b, err))
        fail_msg("ooxml_open: %s", err);
    free(path);
    return b;
}

/* One line per node: "<name d=D [empty] [a=v ...]", "</name d=D" or
 * "text d=D: ...", text nodes that follow each other joined (callers
 * join them). `attrs` names the attributes to show: "x" in no namespace,
 * "r:x" in a relationships namespace. On failure, "error: " + message. */
static char *trace(const char *xml, size_t len, const char *const *attrs)
{
    ooxml_book *b = book_with(xml, len);
    char err[ISOMM_ERRBUF_SIZE] = "";
    core_buf out = {0};
    ooxml_xml x;
    isomm_error e = ooxml_xml_open(b, PART, &x, err);
    int more = 1, text_open = 0;
    while (!e && (e = ooxml_xml_next(&x, &more, err)) == ISOMM_OK && more) {
        char line[256];
        if (ooxml_xml_is_text(&x)) {
            if (!text_open) {
                snprintf(line, sizeof line, "text d=%d: ", ooxml_xml_depth(&x));
                core_buf_add(&out, line, strlen(line));
            }
            core_buf_add(&out, ooxml_xml_value(&x), strlen(ooxml_xml_value(&x)));
            text_open = 1;
            continue;
        }
        if (text_open)
            core_buf_add(&out, "\n", 1);
        text_open = 0;
        int start = ooxml_xml_type(&x) == OOXML_NODE_ELEMENT;
        snprintf(line, sizeof line, "%s%s d=%d%s", start ? "<" : "</", ooxml_xml_name(&x),
                 ooxml_xml_depth(&x), start && ooxml_xml_is_empty(&x) ? " empty" : "");
        core_buf_add(&out, line, strlen(line));
        for (size_t i = 0; start && attrs && attrs[i]; i++) {
            int rel = strncmp(attrs[i], "r:", 2) == 0;
            char *v = ooxml_xml_attr(&x, attrs[i] + (rel ? 2 : 0), rel, NULL);
            if (v) {
                snprintf(line, sizeof line, " %s=%s", attrs[i], v);
                core_buf_add(&out, line, strlen(line));
            }
            free(v);
        }
        core_buf_add(&out, "\n", 1);
    }
    if (text_open)
        core_buf_add(&out, "\n", 1);
    if (!e)
        e = ooxml_xml_finish(&x, err);
    else
        ooxml_xml_close(&x);
    ooxml_close(b);
    if (e) {
        free(out.data);
        return core_asprintf("error %d: %s", (int)e, err);
    }
    return out.data ? out.data : core_strdup("");
}

static void expect_trace(const char *xml, const char *const *attrs, const char *want)
{
    char *got = trace(xml, 0, attrs);
    size_t i = 0;
    while (got[i] && got[i] == want[i])
        i++;
    if (got[i] != want[i]) /* where they part, not the whole trace */
        fail_msg("at byte %zu of %zu: got \"%.60s\", want \"%.60s\"", i, strlen(want),
                 got + i, want + i);
    free(got);
}

static void expect_refused(const char *xml, size_t len, const char *needle)
{
    char *got = trace(xml, len, NULL);
    if (strncmp(got, "error 9: ", 9) != 0)
        fail_msg("accepted: %s", got);
    assert_contains(got, PART);
    assert_contains(got, needle);
    free(got);
}

static void test_elements_depths_and_empty(void **state)
{
    (void)state;
    expect_trace("<a><b><c/></b><d></d><e> </e></a>", NULL,
                 "<a d=0\n<b d=1\n<c d=2 empty\n</b d=1\n<d d=1 empty\n"
                 "<e d=1\ntext d=2:  \n</e d=1\n</a d=0\n");
}

static void test_entities_and_references(void **state)
{
    (void)state;
    const char *attrs[] = {"v", NULL};
    expect_trace("<a v=\"1&amp;2 &#38; &#x26; &lt;&gt;&quot;&apos; &#x65E5;&#26412;\">"
                 "x&amp;y &lt;&#60;&gt; &#x6F22;</a>",
                 attrs,
                 "<a d=0 v=1&2 & & <>\"' \xe6\x97\xa5\xe6\x9c\xac\n"
                 "text d=1: x&y <<> \xe6\xbc\xa2\n</a d=0\n");
    /* "&#38;" written as text stays what it is in an attribute: '&' */
    expect_trace("<a v=\"&amp;#38;\"/>", attrs, "<a d=0 empty v=&#38;\n");
}

static void test_cdata_comments_and_instructions(void **state)
{
    (void)state;
    expect_trace("<?xml version=\"1.0\"?><!-- c --><a>t<![CDATA[<v>&amp;]]><?pi x?>u<!-- c -->w</a>",
                 NULL, "<a d=0\ntext d=1: t<v>&amp;uw\n</a d=0\n");
}

static void test_namespaces(void **state)
{
    (void)state;
    const char *attrs[] = {"id", "r:id", NULL};
    expect_trace("<x:w xmlns:x=\"urn:main\" xmlns:r=\"" REL_NS "\" xmlns:s=\"" STRICT_REL_NS "\">"
                 "<x:c r:id=\"rId1\" id=\"plain\"/><c s:id=\"rId2\"/><c xmlns=\"urn:d\" id=\"d\"/>"
                 "<c o:id=\"other\" xmlns:o=\"urn:o\"/></x:w>",
                 attrs,
                 "<w d=0\n<c d=1 empty id=plain r:id=rId1\n<c d=1 empty r:id=rId2\n"
                 "<c d=1 empty id=d\n<c d=1 empty\n</w d=0\n");
}

/* The declared encoding is ignored: parts are UTF-8; a UTF-8 BOM is fine. */
static void test_encoding(void **state)
{
    (void)state;
    expect_trace("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>\xe6\x97\xa5\xe6\x9c\xac</a>",
                 NULL, "<a d=0\ntext d=1: \xe6\x97\xa5\xe6\x9c\xac\n</a d=0\n");
    expect_trace("\xef\xbb\xbf<a/>", NULL, "<a d=0 empty\n");
}

/* Text and attributes far longer than one chunk of the parser's input. */
static void test_long_text_and_many_attributes(void **state)
{
    (void)state;
    size_t n = 100000;
    core_buf xml = {0}, want = {0};
    core_buf_add(&xml, "<a>", 3);
    core_buf_add(&want, "<a d=0\ntext d=1: ", strlen("<a d=0\ntext d=1: "));
    for (size_t i = 0; i < n; i++) {
        char c = (char)('a' + i % 26);
        core_buf_add(&xml, i % 1000 == 999 ? "&amp;" : &c, i % 1000 == 999 ? 5 : 1);
        core_buf_add(&want, i % 1000 == 999 ? "&" : &c, 1);
    }
    core_buf_add(&xml, "<b", 2);
    for (int i = 0; i < 2000; i++) {
        char at[32];
        snprintf(at, sizeof at, " k%d=\"%d\"", i, i * 7);
        core_buf_add(&xml, at, strlen(at));
    }
    core_buf_add(&xml, "/></a>", 6);
    const char *tail = "\n<b d=1 empty k0=0 k1999=13993\n</a d=0\n";
    core_buf_add(&want, tail, strlen(tail));
    const char *attrs[] = {"k0", "k1999", "k2000", NULL};
    expect_trace(xml.data, attrs, want.data);
    free(xml.data);
    free(want.data);
}

static void test_nesting_limit(void **state)
{
    (void)state;
    core_buf ok = {0}, deep = {0};
    for (int i = 0; i < 256; i++)
        core_buf_add(&ok, "<a>", 3);
    for (int i = 0; i < 256; i++)
        core_buf_add(&ok, "</a>", 4);
    char *got = trace(ok.data, 0, NULL);
    assert_contains(got, "</a d=0\n");
    assert_contains(got, "<a d=255 empty\n");
    free(got);
    for (int i = 0; i < 257; i++)
        core_buf_add(&deep, "<a>", 3);
    expect_refused(deep.data, 0, "malformed XML at line 1: elements nested deeper than 256");
    free(ok.data);
    free(deep.data);
}

static void test_malformed(void **state)
{
    (void)state;
    expect_refused("<a>\n<b></a>", 0, "malformed XML at line 2");
    expect_refused("<a>&undeclared;</a>", 0, "malformed XML at line 1");
    expect_refused("<a/><b/>", 0, "malformed XML");
    expect_refused("<a>", 0, "malformed XML");
    expect_refused("", 0, "malformed XML");
    expect_refused("<a v=\"1\" v=\"2\"/>", 0, "malformed XML");
    expect_refused("<a>\xff\xfe</a>", 0, "malformed XML");
    expect_refused("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", 0,
                   "DTD declarations are not allowed");
    expect_refused("\xff\xfe<\0a\0/\0>\0", 10, "not UTF-8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elements_depths_and_empty),
        cmocka_unit_test(test_entities_and_references),
        cmocka_unit_test(test_cdata_comments_and_instructions),
        cmocka_unit_test(test_namespaces),
        cmocka_unit_test(test_encoding),
        cmocka_unit_test(test_long_text_and_many_attributes),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
