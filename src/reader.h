/*
 * reader.h - internals of the v2.1 self-check reader (reader.c drives,
 * reader_text.c classifies cell text, reader_table.c finds and reads the
 * table, reader_patterns.c finds the organization patterns).
 */
#ifndef ISOMM_READER_H
#define ISOMM_READER_H

#include <stddef.h>
#include "isomm/assessment.h"
#include "xlsx.h"

/* ---- reader_text.c ------------------------------------------------------ */

/* Copy of `s` with full-width ASCII (U+FF01..U+FF5E) as ASCII, U+3000 and
 * U+00A0 as ' ', trimmed. NULL on out of memory. Dashes are left alone
 * (ー is a letter in インソース). */
char *reader_normalize(const char *s);

/* If `s` starts with a role ID ("A-1", "Ａ－１", "a‐01", "A-1. 名前",
 * "A-1 名前"), write it as "A-1" to id and return 0; else -1. */
int reader_role_id(const char *s, char id[16]);

/* Level of a level sub-header cell (0..5: a number, "0", "０", "Lv.0",
 * "レベル0"), or -1. `norm` is the normalized text. */
int reader_level(const xlsx_cell *c, const char *norm);

/* 1 if the cell holds a filled selection mark (● ◉ ⚫ ⬤ ■ ✓ ✔ ☑ x X 1
 * TRUE), else 0 (○ ◯ 〇, empty, anything else). */
int reader_mark(const xlsx_cell *c, const char *norm);

/* ---- one loaded sheet --------------------------------------------------- */

typedef struct reader_sheet {
    size_t index;
    const char *name;
    xlsx_grid *grid;
    char **norm;     /* normalized text of each grid cell */
    long *role;      /* catalog role index of each cell, or -1 */
} reader_sheet;

/* ---- reader_table.c ----------------------------------------------------- */

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
    long note_col;       /* 備考 column, or -1 */
    unsigned role_col;
    size_t role_count;   /* distinct role IDs below the header */
} reader_table;

/* The best table candidate of one sheet (stage 0 if nothing). */
isomm_error reader_find_table(const reader_sheet *s, const isomm_catalog *catalog,
                              reader_table *out);

/* 1 if a is a better candidate than b. */
int reader_table_better(const reader_table *a, const reader_table *b);

/* Fill a->answers, a->table_range and warnings from the table. */
isomm_error reader_read_table(const reader_sheet *s, const reader_table *t,
                              isomm_assessment *a);

/* ---- reader_patterns.c -------------------------------------------------- */

typedef struct reader_patterns reader_patterns;

reader_patterns *reader_patterns_new(void);
void reader_patterns_free(reader_patterns *p);
/* Collect prompts and answers of one sheet. */
isomm_error reader_patterns_scan(reader_patterns *p, const reader_sheet *s,
                                 const isomm_catalog *catalog);
/* Decide the current and target patterns; warnings for unknown names. */
isomm_error reader_patterns_resolve(reader_patterns *p, isomm_assessment *a);

/* Index of the pattern named by `text` ("ハイブリッド", "hybrid",
 * "パターン2. ハイブリッド", "ハイブリッドパターン"), or -1. `whole`:
 * only a full match after stripping decorations; else a name inside the
 * text also counts if it is the only one. */
long reader_match_pattern(const isomm_catalog *catalog, const char *text, int whole);

#endif
