/*
 * ooxml_controls.c - form controls of a sheet: option buttons, check boxes,
 * group boxes, and drop-downs (combo and list boxes).
 *
 * Excel 2010+ writes each control twice: in the sheet,
 *   <controls><mc:AlternateContent><mc:Choice Requires="x14">
 *     <control shapeId="1025" r:id="rId3" name="Option Button 1">
 *       <controlPr …><anchor …><from><xdr:col>4</xdr:col><xdr:colOff>…
 *         <xdr:row>6</xdr:row>…</from><to>…</to></anchor></controlPr>
 *     </control></mc:Choice><mc:Fallback><control … r:id="rId3"/></mc:Fallback>
 * with r:id -> xl/ctrlProps/ctrlPropN.xml:
 *   <formControlPr objectType="Radio" checked="Checked" fmlaLink="$X$5"/>
 * and in the legacy VML drawing (<legacyDrawing r:id=…/>):
 *   <x:ClientData ObjectType="Radio"><x:Anchor>4, 15, 6, 2, 5, 10, 6, 18
 *   </x:Anchor><x:Checked>1</x:Checked><x:FmlaLink>$X$5</x:FmlaLink>…
 * The first is used when it has any option button, else the VML (older
 * writers). VML is scanned as text: Excel's VML is not always well-formed.
 */
#define _GNU_SOURCE /* memmem */
#include "ooxml.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

typedef struct ctl {
    char *rid;
    long row, col; /* -1 if no anchor: the <from> cell */
    long v[8];     /* from col, colOff, row, rowOff, to col, colOff, row, rowOff
                      (offsets in EMU); -1 if absent */
} ctl;

/* Column widths and row heights of the sheet, in pixels, to find the cell a
 * control's centre is in. */
typedef struct sizes {
    double def_w, def_h;
    struct span { unsigned c1, c2; double px; } *cols;
    size_t ncols, ccap;
    struct height { unsigned row; double px; } *rows;
    size_t nrows, rcap;
} sizes;

static void sizes_free(sizes *z)
{
    free(z->cols);
    free(z->rows);
}

static int span_cmp(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return (x->c1 > y->c1) - (x->c1 < y->c1);
}

/* The width of column c: the last span (by first column) that starts at
 * or before it, if it reaches it; binary search over the sorted spans. */
static double col_px(const sizes *z, unsigned c)
{
    size_t lo = 0, hi = z->ncols;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->cols[mid].c1 <= c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && c <= z->cols[lo - 1].c2 ? z->cols[lo - 1].px : z->def_w;
}

static double row_px(const sizes *z, unsigned r)
{
    size_t lo = 0, hi = z->nrows; /* rows are in document order: ascending */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->rows[mid].row == r)
            return z->rows[mid].px;
        if (z->rows[mid].row < r)
            lo = mid + 1;
        else
            hi = mid;
    }
    return z->def_h;
}

/* The column (or row) holding the middle of [from + from_off, to + to_off]
 * (offsets in pixels). */
static unsigned centre(const sizes *z, int rows, unsigned from, double from_off, unsigned to,
                       double to_off)
{
    if (to < from || to - from > 256)
        return from;
    double right = to_off;
    for (unsigned c = from; c < to; c++)
        right += rows ? row_px(z, c) : col_px(z, c);
    double mid = (from_off + right) / 2;
    unsigned c = from;
    while (c < to) {
        double w = rows ? row_px(z, c) : col_px(z, c);
        if (mid < w)
            break;
        mid -= w;
        c++;
    }
    return c;
}

typedef struct ctl_list {
    ctl *items;
    size_t count, cap;
} ctl_list;

static void ctl_list_free(ctl_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i].rid);
    free(l->items);
}

/* Append `*cur` (taking its rid: cur->rid becomes NULL). -1 when out of
 * memory (cur is left as it was). */
static int ctl_list_push(ctl_list *l, ctl *cur)
{
    if (l->count == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        ctl *n = realloc(l->items, ncap * sizeof *n);
        if (!n)
            return -1;
        l->items = n;
        l->cap = ncap;
    }
    l->items[l->count++] = *cur;
    cur->rid = NULL;
    return 0;
}

static int push_control(ooxml_control **arr, size_t *n, size_t *cap, const ooxml_control *c)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        ooxml_control *a = realloc(*arr, ncap * sizeof *a);
        if (!a)
            return -1;
        *arr = a;
        *cap = ncap;
    }
    (*arr)[(*n)++] = *c;
    return 0;
}

static isomm_error nomem(ooxml_book *b, char *errbuf)
{
    return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
}

static isomm_error too_many(ooxml_book *b, const char *part, char *errbuf)
{
    return core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                      "%s: %s has more than %lu form controls, the limit for one sheet",
                      b->path, part, OOXML_MAX_CONTROLS);
}

/* The sheet: <control r:id> with its anchor, and <legacyDrawing r:id>. */
static isomm_error scan_sheet(ooxml_book *b, const char *part, ctl_list *out, char **vml_rid,
                              sizes *z, char *errbuf)
{
    ooxml_xml x;
    isomm_error err = ooxml_xml_open(b, part, &x, errbuf);
    if (err)
        return err;
    int more, in_control = 0, in_from = 0, field = 0; /* 1 col, 2 row */
    ctl cur = {NULL, -1, -1, {-1, -1, -1, -1, -1, -1, -1, -1}};
    char text[32];
    size_t tlen = 0;
    while (!(err = ooxml_xml_next(&x, &more, errbuf)) && more) {
        int oom = 0;
        if (ooxml_xml_start(&x, "legacyDrawing") && !*vml_rid) {
            *vml_rid = ooxml_xml_attr(&x, "id", 1, &oom);
        } else if (ooxml_xml_start(&x, "control")) {
            free(cur.rid);
            cur = (ctl){ooxml_xml_attr(&x, "id", 1, &oom), -1, -1, {-1, -1, -1, -1, -1, -1, -1, -1}};
            in_control = !ooxml_xml_is_empty(&x);
            if (!in_control && cur.rid) {
                /* <control …/> (the fallback): no anchor of its own */
                if (out->count >= OOXML_MAX_CONTROLS) {
                    err = too_many(b, part, errbuf);
                    break;
                }
                oom = ctl_list_push(out, &cur) != 0;
            }
        } else if (!in_control && ooxml_xml_start(&x, "sheetFormatPr")) {
            char *w = ooxml_xml_attr(&x, "defaultColWidth", 0, &oom);
            char *h = ooxml_xml_attr(&x, "defaultRowHeight", 0, &oom);
            if (w && atof(w) > 0)
                z->def_w = atof(w) * 7 + 5;
            if (h && atof(h) > 0)
                z->def_h = atof(h) * 4 / 3;
            free(w);
            free(h);
        } else if (!in_control && ooxml_xml_start(&x, "col")) {
            char *mn = ooxml_xml_attr(&x, "min", 0, &oom), *mx = ooxml_xml_attr(&x, "max", 0, &oom);
            char *w = ooxml_xml_attr(&x, "width", 0, &oom), *hd = ooxml_xml_attr(&x, "hidden", 0, &oom);
            if (mn && mx && w && atol(mn) >= 1 && atol(mx) >= atol(mn) && z->ncols < 16384) {
                if (z->ncols == z->ccap) {
                    size_t nc = z->ccap ? z->ccap * 2 : 16;
                    struct span *n = realloc(z->cols, nc * sizeof *n);
                    if (n) {
                        z->cols = n;
                        z->ccap = nc;
                    } else {
                        oom = 1;
                    }
                }
                if (!oom) {
                    int hidden = hd && (strcmp(hd, "1") == 0 || strcmp(hd, "true") == 0);
                    z->cols[z->ncols++] = (struct span){(unsigned)atol(mn) - 1,
                                                        (unsigned)atol(mx) - 1,
                                                        hidden ? 0 : (int)(atof(w) * 7 + 0.5)};
                }
            }
            free(mn);
            free(mx);
            free(w);
            free(hd);
        } else if (!in_control && ooxml_xml_start(&x, "row")) {
            char *r = ooxml_xml_attr(&x, "r", 0, &oom), *ht = ooxml_xml_attr(&x, "ht", 0, &oom);
            char *hd = ooxml_xml_attr(&x, "hidden", 0, &oom);
            int hidden = hd && (strcmp(hd, "1") == 0 || strcmp(hd, "true") == 0);
            if (r && (ht || hidden) && atol(r) >= 1 && atol(r) <= (long)OOXML_MAX_ROWS &&
                (z->nrows == 0 || z->rows[z->nrows - 1].row < (unsigned)atol(r) - 1)) {
                if (z->nrows == z->rcap) {
                    size_t nc = z->rcap ? z->rcap * 2 : 64;
                    struct height *n = realloc(z->rows, nc * sizeof *n);
                    if (n) {
                        z->rows = n;
                        z->rcap = nc;
                    } else {
                        oom = 1;
                    }
                }
                if (!oom)
                    z->rows[z->nrows++] =
                        (struct height){(unsigned)atol(r) - 1, hidden ? 0 : atof(ht ? ht : "0") * 4 / 3};
            }
            free(r);
            free(ht);
            free(hd);
        } else if (in_control && (ooxml_xml_start(&x, "from") || ooxml_xml_start(&x, "to"))) {
            in_from = strcmp(ooxml_xml_name(&x), "from") == 0 ? 1 : 2;
        } else if (in_control && in_from &&
                   (ooxml_xml_start(&x, "col") || ooxml_xml_start(&x, "row") ||
                    ooxml_xml_start(&x, "colOff") || ooxml_xml_start(&x, "rowOff"))) {
            const char *nm = ooxml_xml_name(&x);
            field = strcmp(nm, "col") == 0 ? 1 : strcmp(nm, "row") == 0 ? 2
                    : strcmp(nm, "colOff") == 0 ? 3 : 4;
            field += in_from == 2 ? 4 : 0;
            tlen = 0;
            text[0] = '\0';
        } else if (field && ooxml_xml_is_text(&x)) {
            const char *v = ooxml_xml_value(&x);
            size_t n = v ? strlen(v) : 0;
            if (tlen + n < sizeof text) {
                memcpy(text + tlen, v, n);
                tlen += n;
                text[tlen] = '\0';
            }
        } else if (field && (ooxml_xml_end(&x, "col") || ooxml_xml_end(&x, "row") ||
                             ooxml_xml_end(&x, "colOff") || ooxml_xml_end(&x, "rowOff"))) {
            char *end = NULL;
            long v = strtol(text, &end, 10);
            static const int slot[9] = {0, 0, 2, 1, 3, 4, 6, 5, 7};
            if (end != text && v >= 0 && v < 2000000000L) {
                cur.v[slot[field]] = v;
                if (field == 1 && v < (long)OOXML_MAX_COLS)
                    cur.col = v;
                else if (field == 2 && v < (long)OOXML_MAX_ROWS)
                    cur.row = v;
            }
            field = 0;
        } else if (in_from && (ooxml_xml_end(&x, "from") || ooxml_xml_end(&x, "to"))) {
            in_from = 0;
        } else if (in_control && ooxml_xml_end(&x, "control")) {
            in_control = 0;
            if (cur.rid) {
                if (out->count >= OOXML_MAX_CONTROLS) {
                    err = too_many(b, part, errbuf);
                    break;
                }
                oom = ctl_list_push(out, &cur) != 0;
            }
        }
        if (oom) {
            err = nomem(b, errbuf);
            break;
        }
    }
    free(cur.rid);
    if (err) {
        ooxml_xml_close(&x);
        return err;
    }
    if (z->ncols > 1)
        qsort(z->cols, z->ncols, sizeof *z->cols, span_cmp);
    return ooxml_xml_finish(&x, errbuf);
}

/* xl/ctrlProps/ctrlPropN.xml: *radio = 1 for an option button or a check
 * box (c->checkbox). */
static isomm_error read_ctrl_prop(ooxml_book *b, const char *part, int *radio,
                                  ooxml_control *c, char *errbuf)
{
    *radio = 0;
    ooxml_xml x;
    isomm_error err = ooxml_xml_open(b, part, &x, errbuf);
    if (err)
        return err;
    int more;
    while (!(err = ooxml_xml_next(&x, &more, errbuf)) && more) {
        if (!ooxml_xml_start(&x, "formControlPr"))
            continue;
        int oom = 0;
        char *type = ooxml_xml_attr(&x, "objectType", 0, &oom);
        char *checked = ooxml_xml_attr(&x, "checked", 0, &oom);
        char *link = ooxml_xml_attr(&x, "fmlaLink", 0, &oom);
        char *range = ooxml_xml_attr(&x, "fmlaRange", 0, &oom);
        char *sel = ooxml_xml_attr(&x, "sel", 0, &oom);
        int drop = type && (strcasecmp(type, "Drop") == 0 || strcasecmp(type, "List") == 0);
        if (!oom && type && (strcasecmp(type, "Radio") == 0 || strcasecmp(type, "CheckBox") == 0 ||
                             strcasecmp(type, "GBox") == 0 || drop)) {
            *radio = 1;
            c->checkbox = strcasecmp(type, "CheckBox") == 0;
            c->groupbox = strcasecmp(type, "GBox") == 0;
            c->dropdown = drop;
            c->checked = checked && strcasecmp(checked, "Checked") == 0;
            snprintf(c->link, sizeof c->link, "%s", link ? link : "");
            snprintf(c->range, sizeof c->range, "%s", range ? range : "");
            c->sel = sel ? atol(sel) : 0;
        }
        free(type);
        free(checked);
        free(link);
        free(range);
        free(sel);
        if (oom) {
            err = nomem(b, errbuf);
            break;
        }
    }
    if (err) {
        ooxml_xml_close(&x);
        return err;
    }
    return ooxml_xml_finish(&x, errbuf);
}

/* Text of the first <…NAME>…</…NAME> (any prefix) in [p, end), or NULL. */
/* The first `needle` (n bytes) in [p, end), or NULL. With memchr and
 * memcmp only, the sanitizers check the bytes read, where strstr and
 * memmem check the rest of the part on every call (400,000 blocks: hours
 * under ASan). */
static const char *find_in(const char *p, const char *end, const char *needle, size_t n)
{
    while (p && (size_t)(end - p) >= n) {
        const char *c = memchr(p, needle[0], (size_t)(end - p) - n + 1);
        if (c && memcmp(c, needle, n) == 0)
            return c;
        p = c ? c + 1 : NULL;
    }
    return NULL;
}

static const char *element_text(const char *p, const char *end, const char *name,
                                size_t *len)
{
    size_t n = strlen(name);
    for (const char *q = p; q && q < end; q++) {
        q = memchr(q, '<', (size_t)(end - q));
        if (!q)
            return NULL;
        const char *t = q + 1;
        if (*t == '/')
            continue;
        const char *colon = t;
        while (colon < end && (isalnum((unsigned char)*colon) || *colon == '_'))
            colon++;
        const char *local = colon < end && *colon == ':' ? colon + 1 : t;
        if ((size_t)(end - local) <= n || strncmp(local, name, n) != 0)
            continue;
        const char *gt = local + n;
        if (*gt == '/') { /* <x:Checked/> */
            *len = 0;
            return gt;
        }
        if (*gt != '>' && *gt != ' ')
            continue;
        gt = memchr(gt, '>', (size_t)(end - gt));
        if (!gt)
            return NULL;
        const char *v = gt + 1, *close = memchr(v, '<', (size_t)(end - v));
        if (!close)
            return NULL;
        *len = (size_t)(close - v);
        return v;
    }
    return NULL;
}

static isomm_error scan_vml(ooxml_book *b, const char *part, const sizes *z, ooxml_control **arr,
                            size_t *n, size_t *cap, char *errbuf)
{
    char *data = NULL;
    size_t len = 0;
    isomm_error err = ooxml_read_part(b, part, &data, &len, errbuf);
    if (err)
        return err;
    const char *end = data + len;
    static const char OBJECT_TYPE[] = "ObjectType=";
    for (const char *p = data; (p = find_in(p, end, "ClientData", 10)) != NULL;) {
        const char *tag_end = memchr(p, '>', (size_t)(end - p));
        if (!tag_end)
            break;
        const char *lt = p;
        while (lt > data && *lt != '<' && p - lt < 32)
            lt--;
        int start_tag = *lt == '<' && lt[1] != '/';
        const char *block_end = find_in(tag_end, end, "ClientData>", 11);
        if (!block_end)
            block_end = end;
        if (start_tag) {
            /* Only in this start tag: one pass over the part in all. */
            const char *ot = memmem(p, (size_t)(tag_end - p), OBJECT_TYPE, sizeof OBJECT_TYPE - 1);
            int checkbox = ot && ot < tag_end && strncasecmp(ot + 12, "Checkbox", 8) == 0;
            int gbox = ot && ot < tag_end && strncasecmp(ot + 12, "GBox", 4) == 0;
            int drop = ot && ot < tag_end && (strncasecmp(ot + 12, "Drop\"", 5) == 0 ||
                                              strncasecmp(ot + 12, "List\"", 5) == 0);
            int radio = checkbox || gbox || drop ||
                        (ot && ot < tag_end && strncasecmp(ot + 12, "Radio", 5) == 0);
            if (radio) {
                ooxml_control c;
                memset(&c, 0, sizeof c);
                c.from_vml = 1;
                c.checkbox = checkbox;
                c.groupbox = gbox;
                c.dropdown = drop;
                size_t vl = 0;
                const char *v = element_text(tag_end, block_end, "Anchor", &vl);
                long nums[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
                if (v) {
                    char buf[160];
                    snprintf(buf, sizeof buf, "%.*s", (int)(vl < 159 ? vl : 159), v);
                    sscanf(buf, " %ld , %ld , %ld , %ld , %ld , %ld , %ld , %ld", &nums[0], &nums[1],
                           &nums[2], &nums[3], &nums[4], &nums[5], &nums[6], &nums[7]);
                }
                v = element_text(tag_end, block_end, "Checked", &vl);
                if (v) {
                    while (vl && isspace((unsigned char)*v)) {
                        v++;
                        vl--;
                    }
                    c.checked = vl == 0 || *v == '1'; /* <x:Checked/> means checked */
                }
                v = element_text(tag_end, block_end, "FmlaLink", &vl);
                if (v)
                    snprintf(c.link, sizeof c.link, "%.*s", (int)(vl < 63 ? vl : 63), v);
                core_trim(c.link);
                v = element_text(tag_end, block_end, "FmlaRange", &vl);
                if (v)
                    snprintf(c.range, sizeof c.range, "%.*s", (int)(vl < 63 ? vl : 63), v);
                core_trim(c.range);
                v = element_text(tag_end, block_end, "Sel", &vl);
                c.sel = v && vl ? strtol(v, NULL, 10) : 0;
                if (nums[0] >= 0 && nums[2] >= 0 && nums[0] < (long)OOXML_MAX_COLS &&
                    nums[2] < (long)OOXML_MAX_ROWS) {
                    c.col = c.c1 = c.c2 = (unsigned)nums[0];
                    c.row = c.r1 = c.r2 = (unsigned)nums[2];
                    if (nums[4] >= nums[0] && nums[6] >= nums[2] && nums[4] < (long)OOXML_MAX_COLS &&
                        nums[6] < (long)OOXML_MAX_ROWS) {
                        c.c2 = (unsigned)nums[4];
                        c.r2 = (unsigned)nums[6];
                    }
                    if (nums[4] >= nums[0] && nums[6] >= nums[2] && nums[1] >= 0 && nums[5] >= 0 &&
                        nums[3] >= 0 && nums[7] >= 0) { /* offsets in pixels */
                        c.col = centre(z, 0, c.col, (double)nums[1], (unsigned)nums[4], (double)nums[5]);
                        c.row = centre(z, 1, c.row, (double)nums[3], (unsigned)nums[6], (double)nums[7]);
                    }
                    if (*n >= OOXML_MAX_CONTROLS) {
                        err = too_many(b, part, errbuf);
                        break;
                    }
                    if (push_control(arr, n, cap, &c)) {
                        err = nomem(b, errbuf);
                        break;
                    }
                }
            }
        }
        p = block_end < end ? block_end + 1 : end;
        if (p >= end)
            break;
    }
    free(data);
    return err;
}

/* A control and its place in the sheet. */
typedef struct ctl_ref {
    const char *rid;
    size_t index;
} ctl_ref;

static int ctl_ref_cmp(const void *a, const void *b)
{
    const ctl_ref *x = a, *y = b;
    int c = strcmp(x->rid, y->rid);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* 1 for each anchored control whose r:id an earlier anchored control has:
 * one sort, not a comparison of every pair. NULL when out of memory. */
static unsigned char *mark_repeats(const ctl_list *l)
{
    unsigned char *dup = calloc(l->count ? l->count : 1, 1);
    ctl_ref *refs = malloc((l->count ? l->count : 1) * sizeof *refs);
    if (!dup || !refs) {
        free(dup);
        free(refs);
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].row >= 0)
            refs[n++] = (ctl_ref){l->items[i].rid, i};
    qsort(refs, n, sizeof *refs, ctl_ref_cmp);
    for (size_t k = 1; k < n; k++)
        if (strcmp(refs[k].rid, refs[k - 1].rid) == 0)
            dup[refs[k].index] = 1;
    free(refs);
    return dup;
}

isomm_error ooxml_load_controls(ooxml_book *b, size_t sheet, ooxml_control **out, size_t *n,
                               char *errbuf)
{
    *out = NULL;
    *n = 0;
    const char *part = ooxml_sheet_part(b, sheet);
    if (!part)
        return ISOMM_OK;
    ooxml_rel_list rels = {0};
    isomm_error err = ooxml_part_rels(b, part, &rels, errbuf);
    if (err)
        return err;
    if (rels.count == 0) {
        ooxml_rel_list_free(&rels);
        return ISOMM_OK; /* no controls, no drawing */
    }
    ctl_list ctls = {0};
    char *vml_rid = NULL;
    size_t cap = 0;
    sizes z = {64, 20, NULL, 0, 0, NULL, 0, 0};
    err = scan_sheet(b, part, &ctls, &vml_rid, &z, errbuf);
    /* ctrlProps: the anchored <control> of each r:id, the first of each
     * r:id only (Excel writes each twice; a hostile sheet may repeat one). */
    unsigned char *dup = err ? NULL : mark_repeats(&ctls);
    if (!err && !dup)
        err = nomem(b, errbuf);
    for (size_t i = 0; !err && i < ctls.count; i++) {
        if (ctls.items[i].row < 0 || ctls.items[i].col < 0 || dup[i])
            continue;
        const char *target = ooxml_rel_target(&rels, ctls.items[i].rid);
        if (!target || !ooxml_has_part(b, target))
            continue;
        ooxml_control c;
        memset(&c, 0, sizeof c);
        c.row = c.r1 = c.r2 = (unsigned)ctls.items[i].row;
        c.col = c.c1 = c.c2 = (unsigned)ctls.items[i].col;
        const long *v = ctls.items[i].v;
        if (v[4] >= v[0] && v[6] >= v[2] && v[4] < (long)OOXML_MAX_COLS && v[6] < (long)OOXML_MAX_ROWS) {
            c.c2 = (unsigned)v[4];
            c.r2 = (unsigned)v[6];
        }
        if (v[4] >= v[0] && v[6] >= v[2] && v[1] >= 0 && v[3] >= 0 && v[5] >= 0 && v[7] >= 0) {
            /* the cell of the centre (offsets in EMU, 9525 a pixel) */
            c.col = centre(&z, 0, c.col, v[1] / 9525.0, (unsigned)v[4], v[5] / 9525.0);
            c.row = centre(&z, 1, c.row, v[3] / 9525.0, (unsigned)v[6], v[7] / 9525.0);
        }
        int radio = 0;
        err = read_ctrl_prop(b, target, &radio, &c, errbuf);
        if (!err && radio && push_control(out, n, &cap, &c))
            err = nomem(b, errbuf);
    }
    if (!err && *n == 0 && vml_rid) {
        const char *target = ooxml_rel_target(&rels, vml_rid);
        if (target && ooxml_has_part(b, target))
            err = scan_vml(b, target, &z, out, n, &cap, errbuf);
    }
    free(dup);
    free(vml_rid);
    sizes_free(&z);
    ctl_list_free(&ctls);
    ooxml_rel_list_free(&rels);
    if (err) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return err;
}
