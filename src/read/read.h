/*
 * read/read.h - the readers: from an opened workbook (ooxml) to an
 * assessment or a portfolio. reading.c is the one entry point: it opens
 * the book once, loads each sheet once (sheet.c) and offers it to every
 * detector (v2.c with table.c, blocks.c, marks.c and controls.c for
 * ISOMM v2.x sheets; x1060.c for service portfolios), to the patterns
 * (patterns.c) and to the meta data (meta.c); the best reading wins.
 * text.c classifies cell text for all of them.
 */
#ifndef ISOMM_READ_H
#define ISOMM_READ_H

#include <stddef.h>
#include "isomm/assessment.h"
#include "isomm/portfolio.h"
#include "isomm/reading.h"
#include "ooxml/ooxml.h"

/* ---- text.c ----------------------------------------------------------- */

/* Copy of `s` with full-width ASCII (U+FF01..U+FF5E) as ASCII, U+3000 and
 * U+00A0 as ' ', trimmed. NULL on out of memory. Dashes are left alone
 * (ー is a letter in インソース). */
char *reader_normalize(const char *s);

/* If `s` starts with a role ID ("A-1", "Ａ－１", "a‐01", "A-1. 名前",
 * "A-1 名前"), write it as "A-1" to id and return 0; else -1. */
int reader_role_id(const char *s, char id[16]);

/* Header text for matching: reader_normalize's folding, half-width
 * katakana as full-width (ｲﾝｿｰｽ → インソース, ﾞ ﾟ joined), white space and
 * line breaks removed, ASCII lower case. NULL on out of memory. */
char *reader_header_norm(const char *s);

/* Level of a level sub-header cell (0..5: a number, "0", "０", "Lv.0",
 * "レベル0"), or -1. `norm` is the normalized text. */
int reader_level(const ooxml_cell *c, const char *norm);

/* Level of a sub-header written in words (side 0 insource, 1 outsource):
 * Zero … Five (also after Level / Lv / レベル), or a word of the textbook's
 * rubric (8.3) for that side, short or in full (未実施 1, 属人的 2, 一部代行可
 * 3, 文書化済 4, 承認済 5; 結果未確認 1, 理解できていない 2, 一部理解 3,
 * 想定未満 4, 想定通り 5; 対象外 0 on both), or -1. */
int reader_level_word(const char *text, int side);

/* 1 if the cell holds a filled selection mark (● ◉ ⚫ ⬤ ■ ✓ ✔ ☑ x X 1
 * TRUE), else 0 (○ ◯ 〇, empty, anything else). */
int reader_mark(const ooxml_cell *c, const char *norm);

/* Which filled mark the cell holds: an index into reader_mark_names (✔️ is ✔,
 * the number 1 is "1", a TRUE cell or text "True" is "TRUE"), or -1. */
int reader_mark_kind(const ooxml_cell *c, const char *norm);
#define READER_MARK_KINDS 20
extern const char *const reader_mark_names[READER_MARK_KINDS];

/* A reference "Sheet!A1", "'入力シート'!$A$1:$A$7" or "$A$1": the sheet name
 * (unquoted) into `sheet` ("" when there is none), the cells in *cells. */
void reader_split_ref(const char *ref, char *sheet, size_t size, const char **cells);

/* ---- reading.c ------------------------------------------------------------- */

/* isomm_read_file() (data NULL) or isomm_read_buffer(), adding what the
 * reading costs to *stats (bytes inflated, XML nodes, cell lookups), also
 * when it fails: tests bound work with it, the benchmark reports it. */
isomm_error reader_read_counted(const char *path, const void *data, size_t size,
                                const isomm_catalog *catalog, const isomm_read_options *options,
                                ooxml_stats *stats, isomm_reading **out, char *errbuf);

/* ---- sheet.c: one loaded sheet ------------------------------------------ */

typedef struct reader_sheet {
    size_t index;
    const char *name;
    ooxml_grid *grid;
    char **norm;     /* normalized text of each grid cell */
    long *role;      /* catalog role index of each cell, or -1 */
    unsigned refs;   /* detectors keeping the sheet, and the loader */
} reader_sheet;

/* Load sheet `index` and prepare it (normalized text and role of every
 * cell); *out has one reference. */
isomm_error reader_sheet_load(ooxml_book *book, size_t index, const isomm_catalog *catalog,
                              reader_sheet **out, char *errbuf);
reader_sheet *reader_sheet_ref(reader_sheet *s);
void reader_sheet_unref(reader_sheet *s); /* NULL is allowed */

/* ---- table.c ----------------------------------------------------------- */

typedef struct reader_table {
    int stage;           /* 0 nothing, 1 role IDs, 2 one header word,
                            3 both words, 4 with level columns */
    size_t sheet;        /* index of the sheet */
    unsigned header_row; /* top row of the header */
    unsigned level_row;  /* row of the level sub-headers */
    int found_in, found_out; /* header words found */
    unsigned in_row, in_col, out_row, out_col; /* header cells */
    long in_cols[6], out_cols[6]; /* column of each level, or -1 */
    int has_zero;        /* level 0 columns present (v2.1) */
    int numeric;         /* numeric layout: the level as a value 0–5 in the
                            インソース column (in_col) and the アウトソース
                            column (out_col); no level columns */
    long note_col;       /* 備考 column, or -1 */
    unsigned role_col;
    size_t role_count;   /* distinct role IDs below the header */
    int asis;            /* labels above the grid: +1 現状 / As-Is / 現在,
                            -1 目標 / To-Be / あるべき / 将来, 0 none */
    char label[64];      /* that label, or "" */
    char ignored[160];   /* another full grid on the sheet that was not
                            chosen ("インソース at P5 under '目標'"), or "" */
    unsigned row_end;    /* rows from here down belong to another grid
                            below (its header row), or 0 */
    char no_levels[200]; /* stage 3 with several columns under a header:
                            "under インソース at D6: found '未実施', …" */
    long extra_cols[2][4];       /* per side (0 in, 1 out): columns under the
                                    side header that are no level column */
    signed char extra_level[2][4]; /* 1 わからない (don't know), 0 対象外,
                                      -1 anything else */
    char extra_name[2][4][48];   /* the sub-header of an extra column */
    int n_extra[2];
    int example;         /* a 【記入例】 banner above the header */
    char example_label[64];
    size_t selections;   /* filled level cells in role rows (sheet ranking) */
    int dropdown;        /* drop-down form controls over the role rows (in
                            in_col and out_col, or one column for both
                            sides when they are equal); no level columns */
    int hidden;          /* most of its level columns, or of its role rows,
                            are hidden: a stale table kept out of sight */
    char date[11];       /* the date labelled on its sheet, or "" */
    char why_not[200];   /* stage 3: why the columns were not read as the
                            numeric layout ("D5 holds 'レベル3' …"), or "" */
} reader_table;

/* What the sub-header of a column beside the levels means: 1 don't know
 * (わからない, 分からない, 不明: counts as level 1), 0 excluded (対象外,
 * 非該当, 該当なし: level 0), -1 anything else. */
int reader_extra_kind(const char *text);

/* 1 if a cell text labels an example: it contains 記入例, 記載例, 入力例 or
 * 回答例, or is 例, サンプル, Example or Sample (a bracket before, a
 * bracket, colon or number after allowed). */
int reader_example_text(const char *text);

/* The best table candidate of one sheet (stage 0 if nothing). */
isomm_error reader_find_table(const reader_sheet *s, const isomm_catalog *catalog,
                              reader_table *out);

/* 1 if a is a better candidate than b. */
int reader_table_better(const reader_table *a, const reader_table *b);

/* Fill a->answers, a->table_range and warnings from the table. */
isomm_error reader_read_table(const reader_sheet *s, const reader_table *t,
                              isomm_assessment *a);

/* ---- blocks.c ---------------------------------------------------------- */

/* The rows [*from, *to] of the table to read: all below the level row, or,
 * when the role IDs run through the catalog twice in two blocks (tables
 * stacked on one sheet), the chosen block's, with a warning naming the
 * blocks (left/right: the table's columns, for the ranges named). */
isomm_error reader_pick_block(const reader_sheet *s, const reader_table *t, unsigned left,
                              unsigned right, isomm_assessment *a, unsigned *from,
                              unsigned *to);
/* The latest year 1990–2199 written in `h` (reader_header_norm text):
 * four digits alone (2020年度, FY2020), FY and two digits (FY20), or a
 * Japanese era year (令和2年, 令和元年, 平成30年, R2年, H30年); else 0. */
int reader_year(const char *h);
/* The year in the name of sheet `sheet` (reader_year), or 0. */
int reader_sheet_year(ooxml_book *book, size_t sheet);

/* ---- marks.c ----------------------------------------------------------- */

/* A role row the table is read from: its role and the rows its role cell
 * covers (a merged role cell covers several). */
typedef struct reader_row {
    long role;
    unsigned row, bottom;
} reader_row;

/* Part of the warning reader_read_marks gives for level numbers printed in
 * every cell; reader.c looks for it so as not to add "no selection found". */
#define READER_PRINTED_LEVELS "holds its own column's level number"

/* Decide which level cells of a marker grid are selected (known marks,
 * level numbers, or a mark inferred from the sheet's statistics), add them
 * to a->answers, set a->selections; warnings for level cells whose text is
 * no mark and for formulas without a cached value. */
isomm_error reader_read_marks(const reader_sheet *s, const reader_table *t,
                              const reader_row *rows, size_t nrows, isomm_assessment *a);

/* One warning naming formulas without a cached value: `listed` cells in
 * rows/cols (at most 6 are named), `n` in all; `what` is "level cell" …. */
isomm_error reader_warn_nocache(const reader_sheet *s, const unsigned *rows,
                                const unsigned *cols, size_t listed, size_t n,
                                const char *what, isomm_assessment *a);

/* ---- fills.c ----------------------------------------------------------- */

/* Selections shown by fill colours only: in each role row, a side's one
 * level cell filled differently from its others (white is no fill;
 * columns shaded alike in nearly every row are decoration). Adds them to
 * a->answers; when any, sets a->selections and warns once. *sides: the
 * row sides read. */
isomm_error reader_read_fills(const reader_sheet *s, const reader_table *t,
                              const reader_row *rows, size_t nrows, isomm_assessment *a,
                              size_t *sides);

/* ---- controls.c -------------------------------------------------------- */

/* Option buttons over the table's level cells: add their selections to
 * a->answers and set a->layout "form-controls" (nothing when the sheet has
 * no option button inside the table). */
isomm_error reader_apply_controls(ooxml_book *book, const reader_sheet *s,
                                  const reader_table *t, isomm_assessment *a,
                                  char *errbuf);

/* ---- dropdowns.c ------------------------------------------------------- */

/* If combo or list boxes lie over the rows of at least `need` roles of
 * the table's role column, make `t` a drop-down table (stage 4). */
isomm_error reader_find_dropdowns(ooxml_book *book, const reader_sheet *s, reader_table *t,
                                  size_t need, char *errbuf);
/* Read the drop-downs of a drop-down table into a->answers; layout
 * "form-controls", selections, warnings. */
isomm_error reader_read_dropdowns(ooxml_book *book, const reader_sheet *s, const reader_table *t,
                                  isomm_assessment *a, char *errbuf);

/* ---- patterns.c --------------------------------------------------------- */

typedef struct reader_patterns reader_patterns;

reader_patterns *reader_patterns_new(void);
void reader_patterns_free(reader_patterns *p);
/* Collect prompts and answers of one sheet. */
isomm_error reader_patterns_scan(reader_patterns *p, const reader_sheet *s,
                                 const isomm_catalog *catalog);
/* Decide the current and target patterns from the sheets `allowed` (by
 * sheet index; NULL: every sheet); warnings for unknown names. */
isomm_error reader_patterns_resolve(reader_patterns *p, const unsigned char *allowed,
                                    isomm_assessment *a);

/* Index of the pattern named by `text` ("ハイブリッド", "hybrid",
 * "パターン2. ハイブリッド", "ハイブリッドパターン"), or -1. `whole`:
 * only a full match after stripping decorations; else a name inside the
 * text also counts if it is the only one. */
long reader_match_pattern(const isomm_catalog *catalog, const char *text, int whole);

/* ---- meta.c ------------------------------------------------------------- */

typedef struct reader_meta reader_meta;

reader_meta *reader_meta_new(void);
void reader_meta_free(reader_meta *m);
/* Collect the organization name and date labels of one sheet. */
isomm_error reader_meta_scan(reader_meta *m, const reader_sheet *s, int date1904);
/* Set a->organization, a->date and a->date_source ("sheet" or "file": the
 * workbook's docProps/core.xml modification date) from the first of the
 * sheets `allowed` (by sheet index; NULL: every sheet) that has them;
 * warnings. */
isomm_error reader_meta_resolve(reader_meta *m, ooxml_book *book, const unsigned char *allowed,
                                isomm_assessment *a);
/* The date labelled on sheet `sheet` itself, or NULL. */
const char *reader_meta_sheet_date(const reader_meta *m, size_t sheet);
/* A date-like text (2024/03/29, 2024-03-29, 2024年3月29日, R6.3.29,
 * 令和6年3月29日) to "YYYY-MM-DD"; 0 on success, -1 otherwise. */
int reader_parse_date(const char *text, char out[11]);

/* ---- v2.c: which v2.x table is read ----------------------------------- */

/* The sheets offered so far: the best candidate, and every sheet holding a
 * full table (level columns and at least `need` role IDs). */
typedef struct reader_v2_pick {
    reader_sheet *sheet;   /* the best candidate (a reference), or NULL */
    reader_table table;
    size_t need;
    struct reader_v2_full {
        size_t sheet;
        reader_table table;
    } *full;
    size_t nfull, full_cap;
} reader_v2_pick;

void reader_v2_init(reader_v2_pick *p, const isomm_catalog *catalog);
void reader_v2_release(reader_v2_pick *p);
/* Find the table of one sheet and keep the sheet if it is the best so
 * far. ISOMM_ERR_NOMEM only. */
isomm_error reader_v2_scan(reader_v2_pick *p, ooxml_book *book, reader_sheet *s,
                           const isomm_catalog *catalog, const char *date);
/* 1 if a full table was found. */
int reader_v2_found(const reader_v2_pick *p);
/* ISOMM_ERR_NO_TABLE, the message naming the closest candidate. */
isomm_error reader_v2_no_table(const reader_v2_pick *p, ooxml_book *book,
                               const isomm_catalog *catalog, char *errbuf);
/* Read the chosen table into `a` (answers, table range, layout, warnings,
 * form controls). */
isomm_error reader_v2_read(const reader_v2_pick *p, ooxml_book *book, isomm_assessment *a,
                           char *errbuf);

/* ---- x1060.c: X.1060 service portfolio sheets --------------------------- */

typedef struct reader_x1060_table {
    int found;
    size_t sheet;
    unsigned header_row;
    long col[6];          /* column of ID, サービス, 推奨レベル, 割り当て,
                             現状, あるべき姿; or -1 */
    unsigned c1, c2;      /* header extent */
    size_t ids;           /* distinct catalog service IDs below the header */
    int columns;          /* kinds found */
} reader_x1060_table;

typedef struct reader_x1060_pick {
    reader_sheet *sheet;  /* the best candidate (a reference), or NULL */
    reader_x1060_table table;
    size_t need;          /* service IDs a table needs (half the catalog's) */
    long sum_cur, sum_tgt; /* patterns on isomm's own サマリー, or -1 */
    char *title_org;      /* organization in isomm's own サマリー title */
    struct reader_x1060_name {
        char *key;        /* a service name or alias, normalized */
        long service;
    } *names;             /* sorted by key, made on the first scan */
    size_t nnames;
} reader_x1060_pick;

void reader_x1060_init(reader_x1060_pick *p, const isomm_catalog *catalog);
void reader_x1060_release(reader_x1060_pick *p);
/* Find the service table of one sheet; keep the sheet if it is the best. */
isomm_error reader_x1060_scan(reader_x1060_pick *p, reader_sheet *s,
                              const isomm_catalog *catalog);
int reader_x1060_found(const reader_x1060_pick *p);
isomm_error reader_x1060_no_table(const reader_x1060_pick *p, ooxml_book *book,
                                  const isomm_catalog *catalog, char *errbuf);
/* Read the chosen table into `port` (services, warnings; the summary's
 * patterns and organization where `port` has none); `range` gets the
 * table's cells ("A2:Q63"). ISOMM_ERR_NOMEM only. */
isomm_error reader_x1060_read(reader_x1060_pick *p, isomm_portfolio *port, char range[40]);

#endif
