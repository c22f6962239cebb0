/*
 * isomm/group.h - a group of organizations (subsidiaries) rolled up: one
 * compact record per subsidiary, and the group workbook and BI exports
 * made from them (docs/group.md).
 *
 *   isomm_rollup *g;
 *   isomm_rollup_new(catalog, &g);
 *   for each input, in input order:
 *       if (isomm_portfolio_read(path, catalog, NULL, &p, err) == ISOMM_OK)
 *           isomm_rollup_add(g, p), isomm_portfolio_free(p);
 *       else
 *           isomm_rollup_add_failure(g, path, err);
 *   isomm_rollup_write_xlsx(g, "group.xlsx", NULL, err);
 *   isomm_rollup_free(g);
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

/** One subsidiary: what the roll-up keeps of its portfolio. */
typedef struct isomm_rollup_member {
    char *name;         /**< unique in the group: the organization name, else
                             the file name without extension; a repeated
                             name gets " (2)", " (3)"… in order of addition */
    char *path;         /**< the input file */
    char *organization; /**< as read from the sheet, or NULL */
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
} isomm_rollup_member;

/** An input that could not be read. */
typedef struct isomm_rollup_failure {
    char *path;
    char *message; /**< names the file and the cause */
} isomm_rollup_failure;

/** The group. Read the arrays directly; change it only through the API. */
typedef struct isomm_rollup {
    const isomm_catalog *catalog; /**< not owned */
    isomm_rollup_member *members;  /**< in order of addition */
    size_t member_count;
    isomm_rollup_failure *failures; /**< in order of addition */
    size_t failure_count;
    void *priv; /**< internal */
} isomm_rollup;

/** Options of the group writers. Zero-initialise for the defaults. */
typedef struct isomm_rollup_options {
    const char *title; /**< title of the 概要 sheet, or NULL */
    int csv_bom;       /**< CSV: start with a UTF-8 byte order mark (Excel) */
} isomm_rollup_options;

/** A new, empty group over `catalog` (which must outlive it). */
ISOMM_EXTERN isomm_error isomm_rollup_new(const isomm_catalog *catalog, isomm_rollup **out);

/** Free a group. NULL is allowed. */
ISOMM_EXTERN void isomm_rollup_free(isomm_rollup *group);

/** Add a subsidiary from its portfolio (which must use the group's
 *  catalog); its name is made unique here. */
ISOMM_EXTERN isomm_error isomm_rollup_add(isomm_rollup *group, const isomm_portfolio *portfolio);

/** Record an input that failed; `message` names the file and the cause. */
ISOMM_EXTERN isomm_error isomm_rollup_add_failure(isomm_rollup *group, const char *path,
                                    const char *message);

/**
 * The record of a portfolio as bytes, for passing it to another process of
 * the same build (*data is malloc'ed; the caller frees it).
 */
ISOMM_EXTERN isomm_error isomm_rollup_encode(const isomm_portfolio *portfolio, void **data,
                               size_t *len);

/** Add a subsidiary from a record made by isomm_rollup_encode() with the
 *  same catalog. ISOMM_ERR_ARG if the record is malformed. */
ISOMM_EXTERN isomm_error isomm_rollup_add_encoded(isomm_rollup *group, const void *data,
                                    size_t len);

/**
 * The group workbook (概要, グラフ, サービス別, 割り当て, 読み込み失敗;
 * docs/group.md), written to a temporary file beside `path` and renamed
 * into place. `options` may be NULL. Memory stays flat in the number of
 * subsidiaries (rows are streamed).
 */
ISOMM_EXTERN isomm_error isomm_rollup_write_xlsx(const isomm_rollup *group, const char *path,
                                   const isomm_rollup_options *options,
                                   char *errbuf);

/** One CSV row per subsidiary × service (RFC 4180, UTF-8; docs/group.md),
 *  written atomically to `path` ("-" is stdout). */
ISOMM_EXTERN isomm_error isomm_rollup_write_csv(const isomm_rollup *group, const char *path,
                                  const isomm_rollup_options *options,
                                  char *errbuf);
ISOMM_EXTERN isomm_error isomm_rollup_write_csv_stream(const isomm_rollup *group, FILE *stream,
                                         const isomm_rollup_options *options);

/** The same rows as a JSON array of objects, written atomically to `path`
 *  ("-" is stdout). */
ISOMM_EXTERN isomm_error isomm_rollup_write_json(const isomm_rollup *group, const char *path,
                                   const isomm_rollup_options *options,
                                   char *errbuf);
ISOMM_EXTERN isomm_error isomm_rollup_write_json_stream(const isomm_rollup *group, FILE *stream,
                                          const isomm_rollup_options *options);

#ifdef __cplusplus
}
#endif
#endif
