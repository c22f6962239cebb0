/*
 * trend/trend.h - the trend of one organization's assessments
 * (isomm/trend.h): the model (model.c), what it shows (view.c: the change
 * from the first assessment to the latest, the ranked lists, the three
 * phases between the last two), and its writers: the JSON document
 * (json.c), the CSV rows (csv.c) and the workbook (workbook.c with
 * summary.c, series.c, process.c, inputs.c; layout.c places things).
 * Rules: docs/trend.md.
 */
#ifndef ISOMM_TREND_INTERNAL_H
#define ISOMM_TREND_INTERNAL_H

#include <stddef.h>
#include "isomm/trend.h"
#include "export/export.h"
#include "rollup/rollup.h"
#include "xlsx/xlsx.h"

/* How an assessment's value of a service came to be. */
typedef enum trend_origin {
    TREND_ASSESSED = 0, /* "assessed": read from an X.1060 portfolio */
    TREND_MIGRATED,     /* "migrated": from v2.x roles by the migration policy */
    TREND_NEW           /* "new-in-x1060": a v2.x sheet had no such service */
} trend_origin;

/* The most entries of a ranked list. */
#define TREND_TOP 5
/* Two changes closer than this are the same (means of a few whole
 * numbers: equal ones differ by rounding only, others by far more). */
#define TREND_TIE 1e-9

/* A service or category in a ranked list, with its values. */
typedef struct trend_pick {
    size_t index;
    double from, to, change; /* first / latest / change; for the To-Be list:
                                As-Is, To-Be, gap */
} trend_pick;

typedef struct trend_list {
    trend_pick item[TREND_TOP];
    size_t count;
} trend_list;

/* The three phases between the previous and the latest assessment. */
enum { TREND_PHASE_REC = 0, TREND_PHASE_ALLOC, TREND_PHASE_AS_IS, TREND_PHASE_GAP,
       TREND_PHASES };

/* The ranks (1 = first) of a figure per item, 0 for items not in the
 * list: as the workbook's rank columns compute them (view.c). */
typedef struct trend_ranks {
    size_t *up, *down;
} trend_ranks;

/* What the writers show; made from a trend of two assessments or more. */
typedef struct trend_view {
    const isomm_trend *t;
    const isomm_catalog *c;
    size_t n, prev, last;    /* assessments; the last two */
    double *overall;         /* [n]: mean As-Is of each assessment, NaN none */
    double *category;        /* [n * categories]: assessment i, category k at
                                i * categories + k; NaN none */
    double *service_change;  /* [services]: latest − first As-Is, NaN */
    double *category_change; /* [categories] */
    double *gap;             /* [services]: latest To-Be − As-Is, NaN */
    double *prev_gap;        /* [services]: the previous one's */
    trend_ranks service_rank, category_rank;
    size_t *gap_rank;        /* [services]: rank of a gap > 0, else 0 */
    trend_list up, down, category_up, category_down, furthest;
    size_t *phase[TREND_PHASES]; /* service indexes, catalog order */
    size_t phase_count[TREND_PHASES];
} trend_view;

/* ---- model.c ---------------------------------------------------------------- */

/* 1 if the assessment was migrated from a v2.x sheet. */
int trend_migrated(const isomm_rollup_member *a);
trend_origin trend_origin_of(const isomm_trend *t, size_t assessment, size_t service);
/* "assessed", "migrated", "new-in-x1060". */
const char *trend_origin_key(trend_origin o);
/* The title of the workbook (the options' or the default). */
const char *trend_title(const isomm_trend *t);
/* "ISOMM v2.1（移行）", "X.1060 サービスポートフォリオ", …: an assessment's
 * kind for people. Static. */
const char *trend_kind_label(const isomm_rollup_member *a);
/* ISOMM_ERR_ARG with a message when the trend cannot be written. */
isomm_error trend_check(const isomm_trend *t, char *errbuf);
/* Check the trend, make its view and write it through `fn` (given the
 * view) to `stream`, or else to `path` (atomically; "-": stdout); neither
 * is ISOMM_ERR_ARG. */
isomm_error trend_write_text(const isomm_trend *t, const char *path, FILE *stream,
                             export_writer fn, char *errbuf);

/* ---- view.c ----------------------------------------------------------------- */

isomm_error trend_view_make(const isomm_trend *t, trend_view *v);
void trend_view_free(trend_view *v);
/* Phase 3's two values of service s (As-Is, or the gap to To-Be: k),
 * previous and latest, NaN when unknown. */
void trend_phase_values(const trend_view *v, int k, size_t s, double *previous, double *latest);
/* The mean As-Is of category k in assessment i, NaN when none. */
double trend_category(const trend_view *v, size_t i, size_t k);

/* ---- the workbook (workbook.c and its sheets) -------------------------------- */

#define TREND_SHEET_SUMMARY "サマリー"
#define TREND_SHEET_SERIES "推移"
#define TREND_SHEET_CATEGORIES "カテゴリー推移"
#define TREND_SHEET_PROCESS "評価プロセス"
#define TREND_SHEET_INPUTS "評価一覧"

/* 推移: one row per service (catalog order) from TREND_SER_FIRST_ROW; the
 * assessments' As-Is from column TREND_SER_COL_FIRST, then the columns of
 * trend_series_cols. */
#define TREND_SER_HEADER_ROW 3
#define TREND_SER_FIRST_ROW 4
enum { TREND_SER_COL_ID = 0, TREND_SER_COL_NAME, TREND_SER_COL_CATEGORY,
       TREND_SER_COL_SOURCES, TREND_SER_COL_FIRST };
/* カテゴリー推移: one row per category, then 全体. */
#define TREND_CAT_HEADER_ROW 3
#define TREND_CAT_FIRST_ROW 4
enum { TREND_CAT_COL_ID = 0, TREND_CAT_COL_NAME, TREND_CAT_COL_FIRST };

/* Columns after the assessments (both sheets): the change, the previous
 * change, the latest To-Be and gap (推移 only), the hidden ranks. */
typedef struct trend_cols {
    lxw_col_t change, change_prev, to_be, gap, rank_up, rank_down, rank_gap, last;
} trend_cols;
trend_cols trend_series_cols(size_t n);
trend_cols trend_category_cols(size_t n);
/* The column of assessment i on 推移 and カテゴリー推移. */
#define TREND_COL(first, i) ((lxw_col_t)((first) + (i)))

typedef struct trend_formats {
    lxw_format *migrated; /* a migrated score: italic */
    lxw_format *fresh;    /* "新設": grey, centred */
    lxw_format *change;   /* "+0;-0;0" */
    lxw_format *change_avg; /* "+0.00;-0.00;0.00" */
    lxw_format *key_change; /* a key figure "+0.0" */
    lxw_format *date;     /* a date text, centred */
    lxw_format *count_of; /* "51 / 64" */
    lxw_format *list_change, *list_change_avg; /* a list item's "+2", "+0.50" */
    lxw_format *phase;    /* a phase heading */
} trend_formats;

typedef struct trend_book {
    xw_book x;
    const trend_view *v;
    trend_formats tf;
} trend_book;

void trend_write_summary(trend_book *b);
void trend_write_series(trend_book *b);
void trend_write_categories(trend_book *b);
void trend_write_process(trend_book *b);
void trend_write_inputs(trend_book *b);
/* "A-1 リスクマネジメント", malloc'ed or NULL. */
char *trend_service_label(const isomm_catalog *c, size_t s);
/* The header of assessment i: "2019-04-01\nv2.1（移行）". malloc'ed. */
char *trend_assessment_head(const trend_view *v, size_t i);
/* "v2.1（移行）", "v2.0（移行）" or "X.1060". Static. */
const char *trend_short_kind(const isomm_rollup_member *a);

#endif
