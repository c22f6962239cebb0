/*
 * xlsx.h - internal, read-only access to .xlsx workbooks (SpreadsheetML in
 * a zip archive), hardened against hostile files:
 *
 *   - every zip part is inflated through a size cap (the size the archive
 *     declares is checked first, and the bytes actually inflated are
 *     counted too), so zip bombs fail fast in bounded memory;
 *   - XML is parsed with libxml2's streaming xmlTextReader, never with
 *     entity substitution or DTD loading, and any part holding a DOCTYPE
 *     is rejected before the parser sees it (no billion laughs, no XXE);
 *   - cell, string, merge, sheet and zip-entry counts are capped.
 *
 * Every error message starts with the file path as given to ooxml_open().
 */
#ifndef XW_H
#define XW_H

#include <stddef.h>
#include "isomm/error.h"

/* Safety caps, in one place. */
#define OOXML_MAX_PART_BYTES   ((size_t)64 << 20) /* one inflated zip part */
#define OOXML_MAX_ZIP_ENTRIES  100000UL  /* entries in the archive */
#define OOXML_MAX_SHEETS       4096UL    /* sheets in workbook.xml */
#define OOXML_MAX_STRINGS      1000000UL /* shared strings */
#define OOXML_MAX_CELLS        1000000UL /* stored cells of one sheet */
#define OOXML_MAX_MERGES       200000UL  /* merged ranges of one sheet */
#define OOXML_MAX_GRID_TEXT    ((size_t)64 << 20)  /* cell text of one sheet,
                                 after shared strings are resolved */

/* Excel's own limits: 1,048,576 rows and 16,384 (XFD) columns. */
#define OOXML_MAX_ROWS 1048576U
#define OOXML_MAX_COLS 16384U

typedef struct ooxml_book ooxml_book;

/* Open a workbook: checks the file type (OLE2, zip), finds the workbook
 * part, its sheets and their parts. errbuf names the file and cause. */
isomm_error ooxml_open(const char *path, ooxml_book **out, char *errbuf);
void ooxml_close(ooxml_book *book); /* NULL is allowed */

/* The path as given to ooxml_open(). */
const char *ooxml_path(const ooxml_book *book);

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
int ooxml_has_part(ooxml_book *book, const char *name);

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

typedef struct ooxml_grid {
    ooxml_cell *cells;     /* cells with a value or formula, sorted by row, col */
    size_t count;
    unsigned rows, cols;  /* extent: 1 + the largest row/col of any cell or merge */
    ooxml_range *merges;   /* merged cells, in document order */
    size_t merge_count;
    char *sheet_part;     /* the zip part the grid was read from */
    unsigned *hidden_rows; /* rows with <row hidden="1">, ascending */
    size_t hidden_count;
} ooxml_grid;

/* Read the cells and merged ranges of sheet `sheet` (a chart sheet gives an
 * empty grid). */
isomm_error ooxml_load_grid(ooxml_book *book, size_t sheet, ooxml_grid **out,
                           char *errbuf);
/* The cell at (row, col) or NULL if absent; binary search. */
const ooxml_cell *ooxml_grid_at(const ooxml_grid *g, unsigned row, unsigned col);
/* The merged range containing (row, col), or NULL. */
const ooxml_range *ooxml_grid_merge_at(const ooxml_grid *g, unsigned row,
                                     unsigned col);
void ooxml_grid_free(ooxml_grid *g); /* NULL is allowed */
/* 1 if row `row` (0-based) is hidden. */
int ooxml_grid_row_hidden(const ooxml_grid *g, unsigned row);

/* An option button (form control "Radio"), check box or group box of a sheet, from the sheet's
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
    unsigned r1, c1, r2, c2; /* the cells of the anchor's corners */
} ooxml_control;

#define OOXML_MAX_CONTROLS 20000UL /* option buttons of one sheet */

/* The option buttons of sheet `sheet` (a new array, *n entries; NULL and
 * 0 when there are none). */
isomm_error ooxml_load_controls(ooxml_book *book, size_t sheet, ooxml_control **out,
                               size_t *n, char *errbuf);

/* (11, 1) -> "B12". */
void ooxml_cell_ref(unsigned row, unsigned col, char buf[16]);
/* Parse "B12" or "$B$12" (whole string) -> (11, 1). Returns 0 on success,
 * -1 if malformed or beyond Excel's limits. */
int ooxml_parse_ref(const char *ref, unsigned *row, unsigned *col);

#endif
