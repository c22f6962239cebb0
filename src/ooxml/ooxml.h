/*
 * ooxml/ooxml.h - read-only access to .xlsx workbooks (SpreadsheetML in a
 * zip archive), hardened against hostile files. The container layer: it
 * knows zip, XML and the package, nothing of ISOMM.
 *
 *   - the zip directory is read once into a sorted table; every entry is
 *     checked against its central record when opened, and what it
 *     inflates to must match the size and CRC declared there;
 *   - every part is inflated through a size cap, so zip bombs fail fast in
 *     bounded memory;
 *   - XML is parsed with libxml2's streaming xmlTextReader, never with
 *     entity substitution or DTD loading, and any part holding a DOCTYPE
 *     is rejected before the parser sees it (no billion laughs, no XXE);
 *   - entry, sheet, string, cell, merge and control counts are capped.
 *
 * Every error message starts with the name the book was opened with.
 * Thread safety: a book is used by one thread at a time; different books
 * may be read in different threads at once.
 */
#ifndef ISOMM_OOXML_H
#define ISOMM_OOXML_H

#include <stddef.h>
#include <stdint.h>
#include "isomm/error.h"

/* Safety caps, in one place. */
#define OOXML_MAX_PART_BYTES   ((size_t)64 << 20) /* one inflated zip part */
#define OOXML_MAX_ZIP_ENTRIES  100000UL  /* entries in the archive */
#define OOXML_MAX_DIRECTORY_BYTES ((size_t)64 << 20) /* the zip directory */
#define OOXML_MAX_SHEETS       4096UL    /* sheets in workbook.xml */
#define OOXML_MAX_STRINGS      1000000UL /* shared strings */
#define OOXML_MAX_CELLS        1000000UL /* stored cells of one sheet */
#define OOXML_MAX_MERGES       200000UL  /* merged ranges of one sheet */
#define OOXML_MAX_GRID_TEXT    ((size_t)64 << 20)  /* cell text of one sheet,
                                 after shared strings are resolved */
#define OOXML_MAX_CONTROLS     20000UL   /* form controls of one sheet */
#define OOXML_MAX_BOOK_BYTES   ((uint64_t)256 << 20) /* all parts read from one
                                 book, inflated (a part read twice counts twice):
                                 bounds the work of any file (docs/hostile.md) */

/* Excel's own limits: 1,048,576 rows and 16,384 (XFD) columns. */
#define OOXML_MAX_ROWS 1048576U
#define OOXML_MAX_COLS 16384U

/* What reading a book has cost so far: tests bound work with these
 * counters instead of the clock. */
typedef struct ooxml_stats {
    size_t bytes_inflated; /* bytes produced by all parts read */
    size_t parts_opened;   /* zip entries opened */
    size_t lookups;        /* part names looked up in the zip directory */
    size_t zip_probes;     /* names compared in those lookups (binary search) */
    size_t xml_nodes;      /* XML nodes the parser delivered */
    size_t cell_lookups;   /* ooxml_grid_at() calls on the book's grids */
    size_t merge_probes;   /* ranges and slots ooxml_grid_merge_at() looked at */
} ooxml_stats;

typedef struct ooxml_book ooxml_book;

/* Open a workbook file: checks the file type (OLE2, zip), reads the zip
 * directory, finds the workbook part, its sheets and their parts. errbuf
 * names the file and the cause. */
isomm_error ooxml_open(const char *path, ooxml_book **out, char *errbuf);
/* The same over `size` bytes at `data`, which must stay valid until
 * ooxml_close(); `name` is used in messages. */
isomm_error ooxml_open_memory(const void *data, size_t size, const char *name,
                              ooxml_book **out, char *errbuf);
/* Either of the two (a file when data is NULL), adding what reading the
 * book costs to *stats (also when the open fails) until ooxml_close(). */
isomm_error ooxml_open_counted(const char *name, const void *data, size_t size,
                               ooxml_stats *stats, ooxml_book **out, char *errbuf);
void ooxml_close(ooxml_book *book); /* NULL is allowed */

/* The name the book was opened with. */
const char *ooxml_path(const ooxml_book *book);
/* The counters of this book (never NULL). */
const ooxml_stats *ooxml_book_stats(const ooxml_book *book);

size_t ooxml_sheet_count(const ooxml_book *book);
/* Sheet names in the document order of workbook.xml. NULL if i is out of
 * range. */
const char *ooxml_sheet_name(const ooxml_book *book, size_t i);
/* 1 if sheet i is hidden (state="hidden" or "veryHidden"). */
int ooxml_sheet_hidden(const ooxml_book *book, size_t i);
/* The zip part holding sheet i ("xl/worksheets/sheet1.xml"), or NULL. */
const char *ooxml_sheet_part(const ooxml_book *book, size_t i);
/* Index of the sheet called `name` (exact, else ASCII case-insensitive as
 * Excel compares sheet names), or -1. */
long ooxml_find_sheet(const ooxml_book *book, const char *name);

/* 1 if the workbook uses the 1904 date system (workbookPr date1904). */
int ooxml_date1904(const ooxml_book *book);
/* Date serial (Excel: 1900 system with its phantom 1900-02-29, or the 1904
 * system) to "YYYY-MM-DD" (time of day dropped). 0 on success, -1 if the
 * serial is not a date (< 1, the phantom day 60, beyond 9999-12-31). */
int ooxml_serial_date(double serial, int date1904, char out[11]);
/* dcterms:modified of the core properties part (docProps/core.xml) as
 * written, in *out (new string), or *out = NULL if there is none. */
isomm_error ooxml_core_modified(ooxml_book *book, char **out, char *errbuf);

/* Read one zip part (e.g. "xl/charts/chart1.xml"; a leading '/' and ASCII
 * case are ignored) fully into a new NUL-terminated buffer the caller
 * frees, capped at OOXML_MAX_PART_BYTES. `len` may be NULL. */
isomm_error ooxml_read_part(ooxml_book *book, const char *name, char **data,
                            size_t *len, char *errbuf);
/* 1 if the archive holds the part, else 0. */
int ooxml_has_part(const ooxml_book *book, const char *name);

typedef enum { OOXML_EMPTY, OOXML_STRING, OOXML_NUMBER, OOXML_BOOL, OOXML_ERROR } ooxml_type;

typedef struct ooxml_cell {
    unsigned row, col; /* 0-based */
    ooxml_type type;
    /* Never NULL. Strings resolved (shared, inline, rich-text runs
     * concatenated, phonetic runs left out); numbers as written in <v>;
     * bools "TRUE"/"FALSE"; errors "#N/A" etc.; formulas: the cached
     * value; OOXML_EMPTY: "" (a formula without a cached value). */
    char *text;
    double number;  /* for OOXML_NUMBER, else 0 */
    char *formula;  /* the formula text, or NULL */
} ooxml_cell;

typedef struct ooxml_range { unsigned r1, c1, r2, c2; } ooxml_range; /* 0-based, inclusive */

/* A cell's fill colour (solid or pattern foreground, or a gradient's first
 * stop; theme and indexed colours resolved) as 0xRRGGBB. */
#define OOXML_NO_FILL 0xFFFFFFFFu
typedef struct ooxml_fill { unsigned row, col; uint32_t rgb; } ooxml_fill;
#define OOXML_MAX_FILLS 1000000UL /* filled cells recorded per sheet; more
                                     are not recorded (fills_truncated) */

typedef struct ooxml_grid {
    ooxml_cell *cells;     /* cells with a value or formula, sorted by row, col */
    size_t count;
    unsigned rows, cols;  /* extent: 1 + the largest row/col of any cell or merge */
    ooxml_range *merges;   /* merged cells, in document order */
    size_t merge_count;
    char *sheet_part;     /* the zip part the grid was read from */
    unsigned *hidden_rows; /* hidden rows, ascending: <row hidden="1">, a
                              height of 0, or in a collapsed outline group */
    size_t hidden_count;
    ooxml_range *hidden_cols; /* hidden column spans (c1..c2; rows unused):
                                 <col hidden="1"> or width 0, ascending */
    size_t hidden_col_count;
    ooxml_fill *fills;    /* cells (also empty ones) with a fill, sorted */
    size_t fill_count;
    int fills_truncated;
    size_t *lookups;      /* counts ooxml_grid_at() calls (the book's stats) */
    struct ooxml_merge_index *merge_index; /* merges.c */
    size_t *merge_probes;  /* counts its work (the book's stats) */
} ooxml_grid;

/* Read the cells and merged ranges of sheet `sheet` (a chart sheet gives an
 * empty grid). */
isomm_error ooxml_load_grid(ooxml_book *book, size_t sheet, ooxml_grid **out,
                           char *errbuf);
/* The cell at (row, col) or NULL if absent; binary search. */
const ooxml_cell *ooxml_grid_at(const ooxml_grid *g, unsigned row, unsigned col);
/* The merged range containing (row, col) (the first in document order),
 * or NULL; constant time (merges.c). */
const ooxml_range *ooxml_grid_merge_at(const ooxml_grid *g, unsigned row,
                                     unsigned col);
void ooxml_grid_free(ooxml_grid *g); /* NULL is allowed */
/* 1 if row `row` (0-based) is hidden. */
int ooxml_grid_row_hidden(const ooxml_grid *g, unsigned row);
/* 1 if column `col` (0-based) is hidden. */
int ooxml_grid_col_hidden(const ooxml_grid *g, unsigned col);
/* The fill colour of (row, col), or OOXML_NO_FILL. */
uint32_t ooxml_grid_fill(const ooxml_grid *g, unsigned row, unsigned col);

/* A form control of a sheet (option button "Radio", check box, group box,
 * combo or list box), from the sheet's
 * <controls> and xl/ctrlProps/ctrlPropN.xml, or else from its legacy VML
 * drawing (<x:ClientData ObjectType="Radio">). */
typedef struct ooxml_control {
    unsigned row, col;  /* the cell its centre is in (0-based), from both
                           anchor corners and the sheet's column widths and
                           row heights; the top-left corner's cell when the
                           anchor has no bottom-right corner */
    int checked;
    int checkbox;       /* a check box (CheckBox / Checkbox), not a button */
    char link[64];      /* linked cell (fmlaLink / x:FmlaLink) as written, or "" */
    int from_vml;
    int groupbox;       /* a group box (GBox): groups the option buttons
                           inside it; r1..c2 is its area */
    int dropdown;       /* a combo box (Drop) or list box (List): the
                           linked cell holds the 1-based index of the chosen
                           item of `range` */
    char range[64];     /* its list range (fmlaRange / x:FmlaRange), or "" */
    long sel;           /* its selected item (sel / x:Sel), 0 if none */
    unsigned r1, c1, r2, c2; /* the cells of the anchor's corners */
} ooxml_control;

/* The form controls of sheet `sheet` (a new array, *n entries; NULL and
 * 0 when there are none). */
isomm_error ooxml_load_controls(ooxml_book *book, size_t sheet, ooxml_control **out,
                               size_t *n, char *errbuf);

/* (11, 1) -> "B12". */
void ooxml_cell_ref(unsigned row, unsigned col, char buf[16]);
/* Parse "B12" or "$B$12" (whole string) -> (11, 1). Returns 0 on success,
 * -1 if malformed or beyond Excel's limits. */
int ooxml_parse_ref(const char *ref, unsigned *row, unsigned *col);

/* ==== for the files of src/ooxml/ only ================================== */

/* ---- zip.c: the archive and one entry inflated through a cap ---------- */

typedef struct ooxml_zip ooxml_zip;

/* Read the zip directory of `size` bytes at `data`, or (data NULL) of the
 * open file `fd`, which the archive then owns and closes. */
isomm_error ooxml_zip_open(const char *name, const void *data, size_t size, int fd,
                           ooxml_stats *stats, ooxml_zip **out, char *errbuf);
void ooxml_zip_close(ooxml_zip *zip);
const char *ooxml_zip_name(const ooxml_zip *zip);
int ooxml_zip_has(const ooxml_zip *zip, const char *part);

typedef struct ooxml_stream {
    ooxml_zip *zip;
    char part[256];        /* the entry's name (for messages) */
    size_t cap;
    size_t total;          /* bytes inflated so far */
    uint64_t declared;     /* the size its directory record declares */
    uint32_t crc_want;
    int stored, eof, open;
    struct ooxml_entry_reader *entry;
    isomm_error err;       /* set when a read fails */
    char errbuf[ISOMM_ERRBUF_SIZE];
} ooxml_stream;

/* Locate and open `part`. Fails with ISOMM_ERR_PART_MISSING if absent,
 * ISOMM_ERR_TOO_LARGE if the declared size exceeds `cap`, ISOMM_ERR_NOT_ZIP
 * if its local header does not match the directory. Several streams may
 * be open at once. */
isomm_error ooxml_stream_open(ooxml_zip *zip, const char *part, size_t cap,
                              ooxml_stream *s, char *errbuf);
/* Bytes read (> 0), 0 at the end (size and CRC checked), -1 on error
 * (s->err, s->errbuf). */
long ooxml_stream_read(ooxml_stream *s, char *buf, size_t len);
/* Close. With `verify`, drain what is left (still capped) and check the
 * size and CRC; errors are reported. Without, just release. */
isomm_error ooxml_stream_close(ooxml_stream *s, int verify, char *errbuf);

/* ---- merges.c: the merged range of a cell --------------------------------- */

/* Index g's merges (called by ooxml_load_grid); refuses a sheet whose
 * merged ranges cover more cells than the caps allow. */
isomm_error ooxml_index_merges(const ooxml_book *book, ooxml_grid *g, char *errbuf);
void ooxml_merge_index_free(struct ooxml_merge_index *m);

/* ---- xml.c: streaming XML over a part ------------------------------------ */

typedef struct ooxml_xml_events ooxml_xml_events; /* xml.c */

typedef struct ooxml_xml {
    ooxml_stream stream;
    ooxml_stats *stats;
    struct _xmlParserCtxt *parser; /* libxml2's push parser, SAX2 */
    ooxml_xml_events *ev;  /* what it found, not yet read */
    unsigned first_done;   /* the first bytes were checked */
    unsigned doctype_match;/* bytes of "<!DOCTYPE" matched so far */
    int doctype;           /* a DOCTYPE was found */
    int not_utf8;
    int xml_error;         /* libxml2 reported an error */
    int nomem;             /* out of memory while parsing */
    int ended;             /* the parser saw the end of the part */
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

enum { OOXML_NODE_ELEMENT = 1, OOXML_NODE_END = 15 };
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
/* The same without a copy: the parser's own text, valid until the next
 * ooxml_xml_next() (the cells' r, s and t: most of a sheet's attributes). */
const char *ooxml_xml_attr_view(const ooxml_xml *x, const char *local, int ns_kind);

/* ---- styles.c: fill colours of the cell formats ------------------------ */

/* Read xl/styles.xml (and the theme's colour scheme) once per book. */
isomm_error ooxml_load_styles(ooxml_book *book, char *errbuf);
/* The RGB of cell format `xf`'s fill, or OOXML_NO_FILL. */
uint32_t ooxml_style_fill(const ooxml_book *book, unsigned long xf);

/* ---- package.c: the package structure ------------------------------------ */

struct ooxml_book {
    char *path;            /* as given */
    ooxml_zip *zip;
    ooxml_stats own;       /* the counters, unless the opener gave its own */
    ooxml_stats *stats;
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
    char *styles_part;     /* xl/styles.xml, or NULL */
    char *theme_part;      /* the theme (its colour scheme), or NULL */
    int styles_loaded;
    uint32_t *xf_fill;     /* fill RGB of each cell format (cellXfs), or
                              OOXML_NO_FILL */
    size_t xf_count;
};

/* Find the workbook part and its sheets (called by ooxml_open). */
isomm_error ooxml_load_workbook(ooxml_book *book, char *errbuf);
/* Free what ooxml_load_workbook and the shared strings filled in. */
void ooxml_release_workbook(ooxml_book *book);

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

#endif
