/*
 * fixture.h - test workbooks built at test time: temporary folders, raw
 * zip archives (minizip), hostile parts (zip bombs), and ISOMM v2.1
 * self-check sheets written with libxlsxwriter.
 */
#ifndef ISOMM_TEST_FIXTURE_H
#define ISOMM_TEST_FIXTURE_H

#include <stddef.h>
#include "isomm/catalog.h"

/* A new folder /tmp/isomm-test-XXXXXX (malloc'ed path), or NULL. */
char *fx_tmpdir(void);
/* Remove a folder and everything in it; frees nothing. */
void fx_rmtree(const char *dir);
/* dir + "/" + name, malloc'ed. */
char *fx_path(const char *dir, const char *name);

/* Write bytes to a file. 0 on success. */
int fx_write_file(const char *path, const void *data, size_t len);
/* Copy the first `keep` bytes of src to dst. 0 on success. */
int fx_truncate_copy(const char *src, const char *dst, size_t keep);
/* Size of a file, or -1. */
long fx_file_size(const char *path);

/* One entry of a raw zip archive. len 0 means strlen(data). */
typedef struct fx_part {
    const char *name;
    const char *data;
    size_t len;
} fx_part;

/* Write a zip archive (deflated entries). 0 on success. */
int fx_write_zip(const char *path, const fx_part *parts, size_t n);

/* Standard package parts of a workbook with `nsheets` worksheets named
 * names[i] in xl/worksheets/sheet<i+1>.xml, and a sharedStrings part when
 * with_sst. Returns a static array of 4 parts ([Content_Types].xml,
 * _rels/.rels, xl/workbook.xml, xl/_rels/workbook.xml.rels) valid until
 * the next call. */
const fx_part *fx_package_parts(const char *const *names, size_t nsheets, int with_sst);

/* A workbook of hand-written sheet parts (sheet_xml[i]) and an optional
 * sharedStrings.xml (NULL for none). 0 on success. */
int fx_write_xlsx(const char *path, const char *const *names,
                  const char *const *sheet_xml, size_t nsheets, const char *sst_xml);

/* A workbook whose part `bomb_part` ("xl/worksheets/sheet1.xml" or
 * "xl/sharedStrings.xml") is `head`, then white space, then `tail`, for
 * `total` bytes once inflated, while the archive stays small (deflate
 * blocks repeated). The declared size is `declared` (0: honest). Other
 * parts form a valid one-sheet workbook. 0 on success. */
int fx_write_bomb(const char *path, const char *bomb_part, const char *head,
                  const char *tail, unsigned long long total,
                  unsigned long long declared);

/* A zip entry written raw: `deflated` bytes as the compressed data, with
 * the given declared size and CRC, plus a valid workbook around it whose
 * sheet1.xml is that entry. 0 on success. */
int fx_write_raw_sheet(const char *path, const void *deflated, size_t len,
                       unsigned long size, unsigned long crc);

/* ---- ISOMM v2.1 self-check workbooks ------------------------------------ */

#define FX_MAX_ROLES 64

typedef struct fx_isomm {
    const char *sheet_name;   /* table sheet; default "入力シート" */
    int decoy_sheet;          /* put a sheet "表紙" before the table sheet */
    unsigned row0, col0;      /* top-left (the 機能 header cell) */
    int v20;                  /* levels 1..5 only (v2.0) */
    int levels_as_text;       /* level headers as text "０".."５" */
    int merge_headers;        /* merge インソース / アウトソース over levels */
    int merge_functions;      /* 機能 cell merged over its role rows */
    int inline_strings;       /* libxlsxwriter constant_memory: inline strings */
    int blank_hollow;         /* leave unselected level cells empty (no ○) */
    const char *filled;       /* selected mark, default "●" */
    const char *hollow;       /* unselected mark, default "○" */
    int in_level[FX_MAX_ROLES];  /* level selected on the insource side, -1 none */
    int out_level[FX_MAX_ROLES]; /* same, outsource side */
    int in_level2[FX_MAX_ROLES]; /* a second insource mark, -1 none */
    const char *notes[FX_MAX_ROLES];
    const char *id_text[FX_MAX_ROLES]; /* the ID cell's text; default "A-1 name" */
    int omit[FX_MAX_ROLES];   /* no row for this role */
    int repeat_role;          /* a second row for this role at the end, -1 none */
    int repeat_in_level;      /* its insource level */
    /* Patterns: on a first sheet "準備シート" when set. */
    const char *current;
    const char *target;
    int target_below;         /* the target answer below its prompt */
    int no_prompts;           /* write the names only, without prompts */
    /* Organization and date on a sheet "基本情報" (first) when a label is
     * set: label in A2, value in B2 (or A3 with meta_below). */
    const char *org_label;    /* "組織名" … */
    const char *org;          /* its value */
    const char *date_label;   /* "評価日" … (A4 → B4 / A5) */
    const char *date_text;    /* the date as text, or */
    double date_serial;       /* … as a number (date format), if > 0 */
    int meta_below;
    long long created;        /* docProps/core.xml created/modified (time_t), 0: now */
    /* Numeric layout: one インソース and one アウトソース column holding the
     * level (in_level / out_level) as a number, or as text with
     * levels_as_text (full-width); raw_in overrides a cell's text. */
    int numeric;
    const char *raw_in[FX_MAX_ROLES];
} fx_isomm;

/* Defaults: nothing selected, no notes, every role present. */
void fx_isomm_init(fx_isomm *o);

/* Write the workbook. 0 on success. */
int fx_write_isomm(const char *path, const isomm_catalog *catalog, const fx_isomm *o);

/* ---- hand-made zip archives (stored entries, zip64, sparse holes) ------ */

typedef struct fx_raw_entry {
    const char *name;
    const char *data;          /* stored as is; NULL: a hole of `declared` bytes */
    unsigned long long declared; /* size when data is NULL */
    int zip64;                 /* sizes (and offset) in a zip64 extra field */
    int deflate;               /* deflate the data (not for holes) */
    unsigned long crc_xor;     /* spoil the CRC: written CRC ^ crc_xor */
    long size_delta;           /* the central record declares size + this */
    int point_at;              /* > 0: the central record's offset is that of
                                  entry point_at - 1 (another entry's header) */
} fx_raw_entry;

/* Write an archive of stored entries in order; an entry without data is a
 * sparse hole of its declared size (costs no disk), so archives of several
 * GiB are cheap. A zip64 end of central directory is written when any
 * entry is zip64 or an offset passes 4 GiB. 0 on success. */
int fx_write_raw_zip(const char *path, const fx_raw_entry *e, size_t n);

/* ---- raw zip editing ---------------------------------------------------- */

/* Part `name` of the zip archive `path` (new NUL-terminated buffer), or
 * NULL. */
char *fx_read_part(const char *path, const char *name);
/* Copy the archive src to dst (deflated), replacing the parts named in
 * `parts` and adding those it does not hold. 0 on success. */
int fx_rezip(const char *src, const char *dst, const fx_part *parts, size_t n);

#endif
