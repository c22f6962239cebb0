/*
 * isomm/group.h - a group of organizations (subsidiaries) rolled up: one
 * compact record per subsidiary, and the group workbook and BI exports
 * made from them (docs/group.md).
 *
 *   isomm_rollup *g;
 *   isomm_rollup_new(catalog, &g, err);
 *   for each input, in input order:
 *       if (isomm_portfolio_read(path, catalog, NULL, &p, err) == ISOMM_OK)
 *           isomm_rollup_add(g, p, err), isomm_portfolio_free(p);
 *       else
 *           isomm_rollup_add_failure(g, path, err, NULL);
 *   isomm_rollup_write_xlsx(g, "group.xlsx", NULL, err);
 *   isomm_rollup_free(g);
 *
 * Thread safety: a group is changed by one thread at a time; different
 * groups may be used in different threads at once.
 *
 * A portfolio can also be turned into a record in one process and added in
 * another (isomm_rollup_encode / isomm_rollup_add_encoded): `isomm group`
 * reads its inputs in worker processes that way.
 */
#ifndef ISOMM_GROUP_H
#define ISOMM_GROUP_H

#include "common.h"
#include <stddef.h>
#include <stdio.h>
#include "catalog.h"
#include "error.h"
#include "portfolio.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One subsidiary, or one of its earlier assessments: what the roll-up
 *  keeps of a portfolio. */
typedef struct isomm_rollup_member {
    char *name;         /**< unique in the group: the organization name, else
                             the file name without extension; a name taken by
                             another subsidiary gets " (2)", " (3)"… in order
                             of addition. An earlier assessment carries its
                             subsidiary's name */
    char *path;         /**< the input file */
    char *organization; /**< as read from the sheet, or NULL */
    char *date;         /**< the assessment date (YYYY-MM-DD), or NULL */
    char *date_source;  /**< where the date came from: "sheet", "given"
                             (isomm_portfolio_set_date()), "file" (the
                             workbook's modification date), or NULL */
    char *kind;         /**< "isomm-v2.1", "x1060-portfolio", … or NULL */
    long pattern_current; /**< index into catalog->patterns, or -1 */
    long pattern_target;
    signed char *as_is;   /**< catalog->service_count entries: 1..5, -1 null */
    signed char *to_be;   /**< idem */
    unsigned char *allocation;     /**< isomm_side per service */
    unsigned char *recommendation; /**< isomm_recommendation per service */
    double *category_as_is; /**< catalog->category_count entries: mean of
                                 the category's non-null As-Is, NAN if none */
    double overall_as_is; /**< mean of every non-null service As-Is, NAN
                               if none */
    size_t assessed;     /**< services with an As-Is */
    size_t not_required; /**< services without As-Is whose 推奨レベル is 不要 */
    size_t to_assess;    /**< the other services without As-Is */
    size_t warning_count; /**< warnings of the reader and the migration */
    /* Over time (docs/group.md): assessments of one organization (the same
     * name after trimming and width folding) make one subsidiary, shown by
     * its latest assessment; the others are kept in group->earlier. */
    size_t assessments; /**< a subsidiary's assessments among the inputs (1 or
                             more); 0 for an earlier assessment */
    long previous;      /**< a subsidiary's assessment before the latest: an
                             index into group->earlier, or -1 */
    long subsidiary;    /**< the index of the subsidiary in group->members (its
                             own index for a subsidiary) */
} isomm_rollup_member;

/** An input that could not be read. */
typedef struct isomm_rollup_failure {
    char *path;
    char *message; /**< names the file and the cause */
} isomm_rollup_failure;

/** The group. Read the arrays directly; change it only through the API. */
typedef struct isomm_rollup {
    const isomm_catalog *catalog; /**< not owned */
    isomm_rollup_member *members;  /**< the subsidiaries, in order of their
                                        first addition, each by its latest
                                        assessment */
    size_t member_count;
    isomm_rollup_failure *failures; /**< in order of addition */
    size_t failure_count;
    isomm_rollup_member *earlier;   /**< assessments of a subsidiary older
                                         than its latest, in order of addition */
    size_t earlier_count;
    void *priv; /**< internal */
} isomm_rollup;

/** Options of the group writers. Zero-initialise for the defaults. */
typedef struct isomm_rollup_options {
    const char *title; /**< title of the 概要 sheet, or NULL */
    int csv_bom;       /**< CSV: start with a UTF-8 byte order mark (Excel) */
} isomm_rollup_options;

/**
 * @brief A new, empty group over `catalog`, which must outlive it.
 * @param out     on success the group (isomm_rollup_free()); else NULL.
 * @param errbuf  NULL, or ISOMM_ERRBUF_SIZE bytes for the message.
 * @return ISOMM_OK, ISOMM_ERR_NOMEM, ISOMM_ERR_ARG.
 */
ISOMM_EXTERN isomm_error isomm_rollup_new(const isomm_catalog *catalog, isomm_rollup **out,
                                          char *errbuf);

/** @brief Free a group and its members. NULL is allowed. */
ISOMM_EXTERN void isomm_rollup_free(isomm_rollup *group);

/**
 * @brief Add a subsidiary's assessment from its portfolio (read with the
 * group's catalog); the group keeps a copy of what it needs. A portfolio
 * whose organization (trimmed, width folded) is already a subsidiary's is
 * another assessment of it: the later date is shown (undated counts as
 * the oldest; on the same date the one added later), the other is kept in
 * group->earlier. Otherwise it is a new subsidiary, named uniquely.
 * @return ISOMM_OK, ISOMM_ERR_NOMEM, ISOMM_ERR_ARG (a portfolio of another
 *         catalog: the message names its file).
 */
ISOMM_EXTERN isomm_error isomm_rollup_add(isomm_rollup *group, const isomm_portfolio *portfolio,
                                          char *errbuf);

/**
 * @brief Record an input that could not be read: `path` and the message
 * naming its cause (copied), for the 読み込み失敗 sheet.
 * @return ISOMM_OK, ISOMM_ERR_NOMEM, ISOMM_ERR_ARG.
 */
ISOMM_EXTERN isomm_error isomm_rollup_add_failure(isomm_rollup *group, const char *path,
                                                  const char *message, char *errbuf);

/**
 * @brief The record of a portfolio as bytes, for handing it to another
 * process of the same build, which adds it with isomm_rollup_add_encoded().
 * @param data  on success a malloc'ed buffer the caller frees; else NULL.
 * @param len   its length.
 * @return ISOMM_OK, ISOMM_ERR_NOMEM, ISOMM_ERR_ARG.
 * Thread safety: safe.
 */
ISOMM_EXTERN isomm_error isomm_rollup_encode(const isomm_portfolio *portfolio, void **data,
                                             size_t *len, char *errbuf);

/**
 * @brief Add a subsidiary from a record made by isomm_rollup_encode() with
 * the same build and catalog. Every length and value is checked.
 * @return ISOMM_OK, ISOMM_ERR_ARG (a malformed record), ISOMM_ERR_NOMEM.
 */
ISOMM_EXTERN isomm_error isomm_rollup_add_encoded(isomm_rollup *group, const void *data,
                                                  size_t len, char *errbuf);

/**
 * @brief Write the group workbook (概要, 前回比 when a subsidiary has
 * several assessments, グラフ, サービス別, 割り当て, 読み込み失敗;
 * docs/group.md) to `path`: a temporary file beside it,
 * renamed into place. Memory stays flat in the number of subsidiaries
 * (rows are streamed).
 * @param options  NULL for the defaults.
 * @param errbuf   NULL, or ISOMM_ERRBUF_SIZE bytes naming `path` and the
 *                 cause.
 * @return ISOMM_OK, ISOMM_ERR_IO, ISOMM_ERR_WRITE, ISOMM_ERR_NOMEM,
 *         ISOMM_ERR_ARG.
 */
ISOMM_EXTERN isomm_error isomm_rollup_write_xlsx(const isomm_rollup *group, const char *path,
                                                 const isomm_rollup_options *options,
                                                 char *errbuf);

/**
 * @brief Write one CSV row per subsidiary × service (RFC 4180, UTF-8;
 * docs/group.md) to `path` (written atomically) or standard output ("-").
 * @return as isomm_rollup_write_xlsx().
 */
ISOMM_EXTERN isomm_error isomm_rollup_write_csv(const isomm_rollup *group, const char *path,
                                                const isomm_rollup_options *options,
                                                char *errbuf);

/** @brief The CSV rows to a stream. @return ISOMM_OK, ISOMM_ERR_WRITE,
 *  ISOMM_ERR_ARG. */
ISOMM_EXTERN isomm_error isomm_rollup_write_csv_stream(const isomm_rollup *group, FILE *stream,
                                                       const isomm_rollup_options *options,
                                                       char *errbuf);

/**
 * @brief The same rows as a JSON array of objects, to `path` (written
 * atomically) or standard output ("-").
 * @return as isomm_rollup_write_xlsx().
 */
ISOMM_EXTERN isomm_error isomm_rollup_write_json(const isomm_rollup *group, const char *path,
                                                 const isomm_rollup_options *options,
                                                 char *errbuf);

/** @brief The JSON rows to a stream. @return ISOMM_OK, ISOMM_ERR_WRITE,
 *  ISOMM_ERR_ARG. */
ISOMM_EXTERN isomm_error isomm_rollup_write_json_stream(const isomm_rollup *group, FILE *stream,
                                                        const isomm_rollup_options *options,
                                                        char *errbuf);

#ifdef __cplusplus
}
#endif
#endif
