/*
 * ooxml/styles.c - the fill colour of each cell format (xl/styles.xml),
 * read once per book: <cellXfs><xf fillId> → <fills><fill><patternFill
 * patternType fgColor> (or the first stop of a <gradientFill>), the colour
 * given as rgb (ARGB), theme (the theme part's colour scheme, with tint),
 * or indexed (the legacy palette, or the file's <indexedColors>). What a
 * fill means is the reader's business; this only says which RGB it shows.
 */
#include "ooxml.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

#define MAX_XFS 65536   /* Excel allows 64,000 cell formats */
#define MAX_FILLS 65536

/* Excel's legacy palette (indexes 0–63; 64 and 65 are the system colours). */
static const uint32_t PALETTE[66] = {
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
    0x800000, 0x008000, 0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080,
    0x9999FF, 0x993366, 0xFFFFCC, 0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF,
    0x000080, 0xFF00FF, 0xFFFF00, 0x00FFFF, 0x800080, 0x800000, 0x008080, 0x0000FF,
    0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99, 0x99CCFF, 0xFF99CC, 0xCC99FF, 0xFFCC99,
    0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900, 0xFF6600, 0x666699, 0x969696,
    0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366, 0x333399, 0x333333,
    0x000000, 0xFFFFFF};

/* The Office theme's colours in SpreadsheetML's order (lt1, dk1, lt2, dk2,
 * accent1–6, hlink, folHlink), for a book without a theme part. */
static const uint32_t OFFICE_THEME[12] = {0xFFFFFF, 0x000000, 0xE7E6E6, 0x44546A,
                                          0x4472C4, 0xED7D31, 0xA5A5A5, 0xFFC000,
                                          0x5B9BD5, 0x70AD47, 0x0563C1, 0x954F72};

typedef struct colours {
    uint32_t theme[12];
    uint32_t palette[66];
} colours;

static isomm_error nomem(ooxml_book *b, char *errbuf)
{
    return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
}

static int hex_rgb(const char *s, uint32_t *out)
{
    size_t n = s ? strlen(s) : 0;
    if (n != 6 && n != 8)
        return -1;
    char *end = NULL;
    unsigned long v = strtoul(s, &end, 16);
    if (*end)
        return -1;
    *out = (uint32_t)(v & 0xFFFFFF); /* the alpha byte of ARGB is ignored */
    return 0;
}

/* Excel's tint: the lightness moved towards white (tint > 0) or black. */
static uint32_t apply_tint(uint32_t rgb, double tint)
{
    if (!(tint >= -1 && tint <= 1) || tint == 0)
        return rgb;
    double c[3];
    for (int i = 0; i < 3; i++) {
        double v = (double)((rgb >> (16 - 8 * i)) & 0xFF) / 255.0;
        c[i] = tint < 0 ? v * (1 + tint) : v + (1 - v) * tint;
    }
    uint32_t out = 0;
    for (int i = 0; i < 3; i++)
        out = out << 8 | (uint32_t)lround(c[i] * 255.0);
    return out;
}

/* The RGB a <fgColor>/<color> element at x names, or OOXML_NO_FILL. */
static uint32_t element_colour(ooxml_xml *x, const colours *k, int *oom)
{
    char *rgb = ooxml_xml_attr(x, "rgb", 0, oom);
    char *theme = ooxml_xml_attr(x, "theme", 0, oom);
    char *indexed = ooxml_xml_attr(x, "indexed", 0, oom);
    char *tint = ooxml_xml_attr(x, "tint", 0, oom);
    uint32_t out = OOXML_NO_FILL, v;
    if (rgb && hex_rgb(rgb, &v) == 0)
        out = v;
    else if (theme && atol(theme) >= 0 && atol(theme) < 12)
        out = k->theme[atol(theme)];
    else if (indexed && atol(indexed) >= 0 && atol(indexed) < 66)
        out = k->palette[atol(indexed)];
    if (out != OOXML_NO_FILL && tint)
        out = apply_tint(out, atof(tint));
    free(rgb);
    free(theme);
    free(indexed);
    free(tint);
    return out;
}

/* The colour scheme of the theme part: <a:clrScheme> children in the order
 * dk1, lt1, dk2, lt2, accent1 … folHlink, each an srgbClr val or a sysClr
 * lastClr. */
static isomm_error load_theme(ooxml_book *b, colours *k, char *errbuf)
{
    if (!b->theme_part)
        return ISOMM_OK;
    ooxml_xml x;
    isomm_error err = ooxml_xml_open(b, b->theme_part, &x, errbuf);
    if (err)
        return err;
    static const char *const names[12] = {"lt1", "dk1", "lt2", "dk2", "accent1", "accent2",
                                          "accent3", "accent4", "accent5", "accent6",
                                          "hlink", "folHlink"};
    int slot = -1, in_scheme = 0, more, oom = 0;
    while (!(err = ooxml_xml_next(&x, &more, errbuf)) && more) {
        if (ooxml_xml_start(&x, "clrScheme"))
            in_scheme = 1;
        else if (ooxml_xml_end(&x, "clrScheme"))
            break; /* the first scheme only */
        if (!in_scheme || ooxml_xml_type(&x) != OOXML_NODE_ELEMENT)
            continue;
        const char *n = ooxml_xml_name(&x);
        int found = -1;
        for (int i = 0; i < 12; i++)
            if (strcmp(n, names[i]) == 0)
                found = i;
        if (found >= 0) {
            slot = found;
            continue;
        }
        if (slot < 0 || (strcmp(n, "srgbClr") && strcmp(n, "sysClr")))
            continue;
        char *v = ooxml_xml_attr(&x, strcmp(n, "srgbClr") ? "lastClr" : "val", 0, &oom);
        uint32_t rgb;
        if (v && hex_rgb(v, &rgb) == 0)
            k->theme[slot] = rgb;
        free(v);
        slot = -1;
        if (oom)
            break;
    }
    if (!err && oom)
        err = nomem(b, errbuf);
    if (err) {
        ooxml_xml_close(&x);
        return err;
    }
    return ooxml_xml_finish(&x, errbuf);
}

/* The parse of styles.xml: fills, then the cell formats pointing at them. */
typedef struct styles_parse {
    uint32_t *fills;
    size_t nfills, fill_cap;
    long *xf_fill;
    size_t nxf, xf_cap;
    int in_fills, in_fill, in_xfs, in_colors, npal;
    uint32_t cur;     /* colour of the open <fill> */
    int cur_none;     /* its patternType is none */
} styles_parse;

/* One node of styles.xml; -1 when out of memory. */
static int styles_node(styles_parse *p, ooxml_xml *x, colours *k)
{
    int oom = 0;
    const char *n = ooxml_xml_name(x);
    if (ooxml_xml_type(x) == OOXML_NODE_END) {
        if (!strcmp(n, "fills"))
            p->in_fills = 0;
        else if (!strcmp(n, "cellXfs"))
            p->in_xfs = 0;
        else if (!strcmp(n, "indexedColors"))
            p->in_colors = 0;
        else if (!strcmp(n, "fill") && p->in_fill) {
            p->in_fill = 0;
            if (p->nfills < MAX_FILLS) {
                if (core_grow((void **)&p->fills, &p->fill_cap, p->nfills, sizeof *p->fills, 32))
                    return -1;
                p->fills[p->nfills++] = p->cur_none ? OOXML_NO_FILL : p->cur;
            }
        }
        return 0;
    }
    if (ooxml_xml_type(x) != OOXML_NODE_ELEMENT)
        return 0;
    if (!strcmp(n, "fills")) {
        p->in_fills = !ooxml_xml_is_empty(x);
    } else if (!strcmp(n, "cellXfs")) {
        p->in_xfs = !ooxml_xml_is_empty(x);
    } else if (!strcmp(n, "indexedColors")) {
        p->in_colors = !ooxml_xml_is_empty(x);
    } else if (p->in_colors && !strcmp(n, "rgbColor") && p->npal < 64) {
        char *rgb = ooxml_xml_attr(x, "rgb", 0, &oom);
        uint32_t v;
        if (rgb && hex_rgb(rgb, &v) == 0)
            k->palette[p->npal] = v;
        p->npal++;
        free(rgb);
    } else if (p->in_fills && !strcmp(n, "fill")) {
        p->in_fill = !ooxml_xml_is_empty(x);
        p->cur = OOXML_NO_FILL;
        p->cur_none = 0;
    } else if (p->in_fill && !strcmp(n, "patternFill")) {
        char *type = ooxml_xml_attr(x, "patternType", 0, &oom);
        p->cur_none = !type || !strcmp(type, "none");
        free(type);
    } else if (p->in_fill && p->cur == OOXML_NO_FILL &&
               (!strcmp(n, "fgColor") || !strcmp(n, "color"))) {
        p->cur = element_colour(x, k, &oom); /* a gradient's first stop */
    } else if (p->in_xfs && !strcmp(n, "xf") && p->nxf < MAX_XFS) {
        char *id = ooxml_xml_attr(x, "fillId", 0, &oom);
        if (core_grow((void **)&p->xf_fill, &p->xf_cap, p->nxf, sizeof *p->xf_fill, 32))
            oom = 1;
        else
            p->xf_fill[p->nxf++] = id ? atol(id) : 0;
        free(id);
    }
    return oom ? -1 : 0;
}

isomm_error ooxml_load_styles(ooxml_book *b, char *errbuf)
{
    if (b->styles_loaded)
        return ISOMM_OK;
    b->styles_loaded = 1;
    if (!b->styles_part)
        return ISOMM_OK;
    colours k;
    memcpy(k.theme, OFFICE_THEME, sizeof k.theme);
    memcpy(k.palette, PALETTE, sizeof k.palette);
    isomm_error err = load_theme(b, &k, errbuf);
    if (err)
        return err;
    ooxml_xml x;
    if ((err = ooxml_xml_open(b, b->styles_part, &x, errbuf)))
        return err;
    styles_parse p = {0};
    int more;
    while (!(err = ooxml_xml_next(&x, &more, errbuf)) && more)
        if (styles_node(&p, &x, &k)) {
            err = nomem(b, errbuf);
            break;
        }
    if (err)
        ooxml_xml_close(&x);
    else
        err = ooxml_xml_finish(&x, errbuf);
    if (!err && p.nxf && !(b->xf_fill = malloc(p.nxf * sizeof *b->xf_fill)))
        err = nomem(b, errbuf);
    for (size_t i = 0; !err && i < p.nxf; i++)
        b->xf_fill[i] = p.xf_fill[i] >= 0 && (size_t)p.xf_fill[i] < p.nfills
                            ? p.fills[p.xf_fill[i]]
                            : OOXML_NO_FILL;
    if (!err)
        b->xf_count = p.nxf;
    free(p.fills);
    free(p.xf_fill);
    return err;
}

uint32_t ooxml_style_fill(const ooxml_book *b, unsigned long xf)
{
    return b->xf_fill && xf < b->xf_count ? b->xf_fill[xf] : OOXML_NO_FILL;
}
