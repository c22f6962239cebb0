/* test_reader_layouts.c - the other v2.1 table layouts: numeric (one
 * インソース and one アウトソース column holding 0–5) and option-button form
 * controls. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "fixture.h"
#include "isomm/isomm.h"
#include "read/read.h"


static void fill(fx_isomm *o)
{
    for (size_t k = 0; k < cat->role_count; k++) {
        switch (k % 4) {
        case 0: o->in_level[k] = (int)(k % 6); break;
        case 1: o->out_level[k] = (int)(k % 6); break;
        case 2: o->in_level[k] = 2; o->out_level[k] = 4; break;
        default: break; /* blank */
        }
    }
}

static void check(const isomm_assessment *a, const fx_isomm *o)
{
    for (size_t k = 0; k < cat->role_count; k++) {
        if (o->raw_in[k])
            continue;
        unsigned in = o->in_level[k] >= 0 ? 1u << o->in_level[k] : 0;
        unsigned out = o->out_level[k] >= 0 ? 1u << o->out_level[k] : 0;
        if (a->answers[k].insource != in || a->answers[k].outsource != out)
            fail_msg("%s: got in %#x out %#x, want in %#x out %#x", cat->roles[k].id,
                     a->answers[k].insource, a->answers[k].outsource, in, out);
    }
}

static void test_numeric(void **state)
{
    (void)state;
    for (int text = 0; text < 2; text++) {
        fx_isomm o;
        fx_isomm_init(&o);
        o.numeric = 1;
        o.levels_as_text = text; /* full-width text "０".."５" */
        o.row0 = 2;
        o.col0 = 1;
        fill(&o);
        o.raw_in[role_index("B-1")] = "7";
        o.raw_in[role_index("C-1")] = "高い";
        o.raw_in[role_index("C-2")] = "—"; /* a placeholder: blank, no warning */
        o.notes[role_index("A-1")] = "数値で記入";
        char *path = fx_path(dir, text ? "numeric-text.xlsx" : "numeric.xlsx");
        assert_int_equal(fx_write_isomm(path, cat, &o), 0);
        isomm_assessment *a = assessment_ok(path);
        for (size_t i = 0; i < a->warnings.count; i++)
            print_message("%s\n", a->warnings.items[i]);
        assert_string_equal(a->layout, "numeric");
        assert_string_equal(a->kind, "isomm-v2.1");
        /* B3 機能 … F3 アウトソース, G3 備考; row 4 empty; roles on rows 5..58. */
        assert_string_equal(a->table_range, "B3:G58");
        check(a, &o);
        assert_string_equal(a->answers[role_index("A-1")].note, "数値で記入");
        assert_int_equal(a->answers[role_index("B-1")].insource, 0);
        assert_int_equal(a->answers[role_index("C-2")].insource, 0);
        assert_int_equal(a->warnings.count, 2);
        char want[200];
        snprintf(want, sizeof want, "入力シート!E%s (B-1): insource value '7' is not a level "
                 "0–5; ignored, so B-1 is read from its outsource value alone",
                 a->answers[role_index("B-1")].cell + 1);
        assert_string_equal(a->warnings.items[0], want);
        assert_non_null(strstr(a->warnings.items[1], "(C-1): insource value '高い' is not a level 0–5"));
        isomm_assessment_free(a);
        free(path);
    }
}

/* ---- option buttons ------------------------------------------------------ */

#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

typedef struct button {
    unsigned row, col;
    int checked;
    const char *link;
} button;

/* A-1 (row 3): a button per insource level, level 3 checked. A-2 (row 4):
 * twelve buttons (both sides) linked to R4, which holds 8: the 8th in
 * reading order, outsource level 1. A-3 (row 5): a checked button over the
 * 領域 column (C5). */
static size_t buttons(button *b)
{
    size_t n = 0;
    for (unsigned l = 0; l < 6; l++)
        b[n++] = (button){2, 3 + l, l == 3, NULL};
    for (unsigned c = 3; c < 15; c++)
        b[n++] = (button){3, c, 0, "$R$4"};
    b[n++] = (button){4, 2, 1, NULL};
    return n;
}

static char *append(char *s, const char *add)
{
    size_t a = strlen(s), b = strlen(add);
    char *r = realloc(s, a + b + 1);
    assert_non_null(r);
    memcpy(r + a, add, b + 1);
    return r;
}

/* The table sheet (no marks), then R4 = 8, the controls or the VML. */
static char *write_controls_book(const char *name, int vml, const char *r4)
{
    fx_isomm o;
    fx_isomm_init(&o);
    o.blank_hollow = 1;
    char *src = fx_path(dir, "plain.xlsx");
    assert_int_equal(fx_write_isomm(src, cat, &o), 0);
    char *sheet = fx_read_part(src, "xl/worksheets/sheet1.xml");
    assert_non_null(sheet);
    assert_null(fx_read_part(src, "xl/worksheets/_rels/sheet1.xml.rels"));
    assert_non_null(strstr(sheet, "xmlns:r=\"" NS_R "\""));

    /* R4 = 8 at the end of row 4. */
    char *row4 = strstr(sheet, "<row r=\"4\"");
    assert_non_null(row4);
    char *close = strstr(row4, "</row>");
    size_t head = (size_t)(close - sheet);
    char *edited = malloc(head + 1);
    memcpy(edited, sheet, head);
    edited[head] = '\0';
    char r4cell[64];
    snprintf(r4cell, sizeof r4cell, "<c r=\"R4\"><v>%s</v></c>", r4);
    edited = append(edited, r4cell);
    char *tail_at = strstr(close, "</worksheet>");
    size_t mid = (size_t)(tail_at - close);
    char *midtxt = strndup(close, mid);
    edited = append(edited, midtxt);
    free(midtxt);

    button b[32];
    size_t n = buttons(b);
    char *rels = strdup("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships "
                        "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    fx_part parts[40];
    size_t np = 0;
    static char names[32][48], props[32][256];
    char buf[1024];
    if (vml) {
        edited = append(edited, "<legacyDrawing r:id=\"rId1\"/>");
        rels = append(rels, "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats."
                            "org/officeDocument/2006/relationships/vmlDrawing\" "
                            "Target=\"../drawings/vmlDrawing1.vml\"/>");
        /* Excel's VML: not well-formed XML (<br> in a text box). */
        char *v = strdup("<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:"
                         "schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-"
                         "microsoft-com:office:excel\">\n <o:shapelayout v:ext=\"edit\">"
                         "<o:idmap v:ext=\"edit\" data=\"1\"/></o:shapelayout>\n"
                         "<v:shape id=\"_x0000_s9999\" type=\"#_x0000_t202\"><v:textbox>"
                         "<div>memo<br>line</div></v:textbox><x:ClientData ObjectType="
                         "\"Note\"><x:Anchor>1, 0, 1, 0, 2, 0, 2, 0</x:Anchor></x:ClientData>"
                         "</v:shape>\n");
        for (size_t i = 0; i < n; i++) {
            snprintf(buf, sizeof buf,
                     "<v:shape id=\"_x0000_s%zu\" type=\"#_x0000_t201\"><x:ClientData "
                     "ObjectType=\"Radio\">\n <x:MoveWithCells/>\n <x:Anchor>\n  %u, 15, "
                     "%u, 2, %u, 10, %u, 18</x:Anchor>\n <x:AutoFill>False</x:AutoFill>%s"
                     "%s%s%s</x:ClientData></v:shape>\n",
                     1025 + i, b[i].col, b[i].row, b[i].col + 1, b[i].row,
                     b[i].checked ? "\n <x:Checked>1</x:Checked>" : "",
                     b[i].link ? "<x:FmlaLink>" : "", b[i].link ? b[i].link : "",
                     b[i].link ? "</x:FmlaLink>" : "");
            v = append(v, buf);
        }
        v = append(v, "</xml>");
        parts[np++] = (fx_part){"xl/drawings/vmlDrawing1.vml", v, 0};
    } else {
        edited = append(edited, "<controls>");
        for (size_t i = 0; i < n; i++) {
            snprintf(buf, sizeof buf,
                     "<mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/"
                     "markup-compatibility/2006\"><mc:Choice Requires=\"x14\"><control "
                     "shapeId=\"%zu\" r:id=\"rId%zu\" name=\"Option Button %zu\"><controlPr "
                     "defaultSize=\"0\" autoPict=\"0\"><anchor moveWithCells=\"1\"><from "
                     "xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/"
                     "spreadsheetDrawing\"><xdr:col>%u</xdr:col><xdr:colOff>19050</xdr:colOff>"
                     "<xdr:row>%u</xdr:row><xdr:rowOff>9525</xdr:rowOff></from><to xmlns:xdr="
                     "\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\">"
                     "<xdr:col>%u</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>%u</xdr:row>"
                     "<xdr:rowOff>0</xdr:rowOff></to></anchor></controlPr></control>"
                     "</mc:Choice><mc:Fallback><control shapeId=\"%zu\" r:id=\"rId%zu\" "
                     "name=\"Option Button %zu\"/></mc:Fallback></mc:AlternateContent>",
                     1025 + i, i + 1, i + 1, b[i].col, b[i].row, b[i].col + 1, b[i].row + 1,
                     1025 + i, i + 1, i + 1);
            edited = append(edited, buf);
            snprintf(buf, sizeof buf,
                     "<Relationship Id=\"rId%zu\" Type=\"http://schemas.microsoft.com/office/"
                     "2006/relationships/ctrlProp\" Target=\"../ctrlProps/ctrlProp%zu.xml\"/>",
                     i + 1, i + 1);
            rels = append(rels, buf);
            snprintf(names[i], sizeof names[i], "xl/ctrlProps/ctrlProp%zu.xml", i + 1);
            snprintf(props[i], sizeof props[i],
                     "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                     "<formControlPr xmlns=\"http://schemas.microsoft.com/office/spreadsheetml/"
                     "2009/9/main\" objectType=\"Radio\"%s%s%s%s lockText=\"1\"/>",
                     b[i].checked ? " checked=\"Checked\"" : "",
                     b[i].link ? " fmlaLink=\"" : "", b[i].link ? b[i].link : "",
                     b[i].link ? "\"" : "");
            parts[np++] = (fx_part){names[i], props[i], 0};
        }
        /* A check box is no option button. */
        edited = append(edited, "</controls>");
    }
    edited = append(edited, "</worksheet>");
    rels = append(rels, "</Relationships>");
    parts[np++] = (fx_part){"xl/worksheets/sheet1.xml", edited, 0};
    parts[np++] = (fx_part){"xl/worksheets/_rels/sheet1.xml.rels", rels, 0};
    char *path = fx_path(dir, name);
    assert_int_equal(fx_rezip(src, path, parts, np), 0);
    if (vml)
        free((char *)parts[0].data);
    free(edited);
    free(rels);
    free(sheet);
    free(src);
    return path;
}

static void test_form_controls(void **state)
{
    (void)state;
    for (int vml = 0; vml < 2; vml++) {
        char *path = write_controls_book(vml ? "vml.xlsx" : "ctrl.xlsx", vml, "8");
        isomm_assessment *a = assessment_ok(path);
        for (size_t i = 0; i < a->warnings.count; i++)
            print_message("%s\n", a->warnings.items[i]);
        assert_string_equal(a->layout, "form-controls");
        assert_string_equal(a->kind, "isomm-v2.1");
        assert_int_equal(a->answers[role_index("A-1")].insource, 1u << 3);
        assert_int_equal(a->answers[role_index("A-1")].outsource, 0);
        assert_int_equal(a->answers[role_index("A-2")].insource, 0);
        assert_int_equal(a->answers[role_index("A-2")].outsource, 1u << 1);
        assert_int_equal(a->answers[role_index("A-3")].insource, 0);
        assert_int_equal(a->answers[role_index("A-4")].insource, 0);
        assert_int_equal(a->warnings.count, 1);
        assert_string_equal(a->warnings.items[0],
                            "入力シート!C5 (A-3): a selected option button is not over a "
                            "level column of a role row; ignored");
        isomm_assessment_free(a);
        free(path);

        /* A linked cell that names no button of its group of 12. */
        path = write_controls_book(vml ? "vml13.xlsx" : "ctrl13.xlsx", vml, "13");
        a = assessment_ok(path);
        assert_int_equal(a->answers[role_index("A-2")].insource, 0);
        assert_int_equal(a->answers[role_index("A-2")].outsource, 0);
        assert_int_equal(a->warnings.count, 2);
        assert_string_equal(a->warnings.items[0],
                            "入力シート!R4 (A-2): linked cell of an option button group "
                            "holds '13', not a button number 1–12; ignored");
        isomm_assessment_free(a);
        free(path);
    }
}

/* Broken VML (cut off, stray tags): no selection, no crash, no error. */
static void test_broken_vml(void **state)
{
    (void)state;
    char *src = write_controls_book("vmlsrc.xlsx", 1, "8");
    static const char *const bad[] = {
        "<x:ClientData ObjectType=\"Radio\"><x:Anchor>3, 0, 2",
        "<x:ClientData ObjectType=\"Radio\">",
        "ClientData ObjectType=\"Radio\" <x:Checked>1</x:Checked>",
        "<ClientData ObjectType=\"Radio\"><Anchor>99999999, 0, 2, 0</Anchor><Checked>1</Checked></ClientData>",
        "<x:ClientData ObjectType=\"Radio\"><x:Anchor>-4, 0, -2, 0</x:Anchor><x:Checked/></x:ClientData>",
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fx_part part = {"xl/drawings/vmlDrawing1.vml", bad[i], strlen(bad[i]) ? 0 : 1};
        if (!*bad[i])
            part.data = " ";
        char *path = fx_path(dir, "badvml.xlsx");
        assert_int_equal(fx_rezip(src, path, &part, 1), 0);
        isomm_assessment *a = assessment_ok(path);
        assert_int_equal(a->answers[role_index("A-1")].insource, 0);
        isomm_assessment_free(a);
        free(path);
    }
    free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numeric),
        cmocka_unit_test(test_form_controls),
        cmocka_unit_test(test_broken_vml),
    };
    return cmocka_run_group_tests(tests, workspace_setup, workspace_teardown);
}
