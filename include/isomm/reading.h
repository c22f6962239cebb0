/*
 * isomm/reading.h - reading any supported workbook: the one entry point
 * behind `isomm convert`, `isomm group` and `isomm inspect`.
 *
 * A workbook is opened once and its sheets parsed once; every detector (the
 * ISOMM v2.1 / v2.0 self-check table, the X.1060 service portfolio table)
 * looks at the same parsed sheets and the best reading wins (a full v2.x
 * table before a service table). A v2.x sheet is migrated with the policy
 * of docs/migration-policy.md; a service portfolio is taken as it is.
 *
 *     char err[ISOMM_ERRBUF_SIZE];
 *     isomm_reading *r;
 *     if (isomm_read_file("sheet.xlsx", catalog, NULL, &r, err) == ISOMM_OK) {
 *         printf("%s: %s, %zu warnings\n", r->portfolio->path, r->portfolio->kind,
 *                r->portfolio->warnings.count);
 *         isomm_reading_free(r);
 *     } else {
 *         fprintf(stderr, "%s\n", err);
 *     }
 */
#ifndef ISOMM_READING_H
#define ISOMM_READING_H

#include <stddef.h>
#include <stdio.h>
#include "common.h"
#include "assessment.h"
#include "portfolio.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options of the readers. Zero-initialise (or pass NULL) for the defaults. */
typedef struct isomm_read_options {
    isomm_policy policy; /**< how a v2.x sheet is migrated */
} isomm_read_options;

/** What the reader made of one workbook. Read the fields directly. */
typedef struct isomm_reading {
    /** The service portfolio: migrated from a v2.x sheet, or read as it is
     *  from a service portfolio. Owned by the reading; never NULL. Its
     *  warnings are the reader's, then the migration's. */
    isomm_portfolio *portfolio;
    /** The raw selections of a v2.x sheet; NULL for a service portfolio.
     *  Owned by the reading. */
    isomm_assessment *assessment;
    size_t roles_scored;      /**< v2.x roles with a level 1–5 */
    size_t roles_declined;    /**< v2.x roles with only level 0 (対象外) */
    size_t roles_blank;       /**< v2.x roles without a selection */
    size_t services_assessed; /**< services with an As-Is */
} isomm_reading;

/**
 * @brief Read the workbook at `path`.
 *
 * @param path     an .xlsx or .xlsm file.
 * @param catalog  the catalog to read against; must outlive the reading.
 * @param options  NULL for the defaults.
 * @param out      on success a new reading, freed with isomm_reading_free();
 *                 on failure NULL.
 * @param errbuf   NULL, or ISOMM_ERRBUF_SIZE bytes: on failure a sentence
 *                 starting with `path` that names the cause.
 * @return ISOMM_OK; ISOMM_ERR_IO, ISOMM_ERR_NOT_ZIP, ISOMM_ERR_OLE2,
 *         ISOMM_ERR_NOT_WORKBOOK, ISOMM_ERR_PART_MISSING, ISOMM_ERR_TOO_LARGE,
 *         ISOMM_ERR_XML for files that cannot be read; ISOMM_ERR_NO_TABLE
 *         when no sheet holds a table (the message covers both searches);
 *         ISOMM_ERR_NOMEM, ISOMM_ERR_ARG.
 *
 * Thread safety: safe to call from several threads at once, each with its
 * own output; the catalog is only read.
 */
ISOMM_EXTERN isomm_error isomm_read_file(const char *path, const isomm_catalog *catalog,
                                         const isomm_read_options *options,
                                         isomm_reading **out, char *errbuf);

/**
 * @brief Read a workbook held in memory, as isomm_read_file() does.
 *
 * @param data, size  the bytes of the file; only read, and not kept after
 *                    the call returns.
 * @param name        how messages and the portfolio's `path` name it
 *                    (NULL: "(memory)").
 *
 * The other parameters, the return value and thread safety are those of
 * isomm_read_file().
 */
ISOMM_EXTERN isomm_error isomm_read_buffer(const void *data, size_t size, const char *name,
                                           const isomm_catalog *catalog,
                                           const isomm_read_options *options,
                                           isomm_reading **out, char *errbuf);

/**
 * @brief Take the portfolio out of a reading: the caller then owns it
 * (isomm_portfolio_free()) and the reading's `portfolio` is NULL.
 */
ISOMM_EXTERN isomm_portfolio *isomm_reading_take_portfolio(isomm_reading *reading);

/** @brief Free a reading and what it still owns. NULL is allowed. */
ISOMM_EXTERN void isomm_reading_free(isomm_reading *reading);

/**
 * @brief Write what `isomm inspect --format json` prints for one input: a
 * JSON object on one line (docs/reader.md, "inspect --format json").
 *
 * @param stream   where to write.
 * @param path     the input as given.
 * @param reading  its reading, or NULL when it could not be read;
 * @param error    then the message (the errbuf of isomm_read_file()).
 * @param errbuf   NULL, or ISOMM_ERRBUF_SIZE bytes for this call's message.
 * @return ISOMM_OK, ISOMM_ERR_ARG, ISOMM_ERR_WRITE if the stream failed.
 *
 * Thread safety: as the stream allows.
 */
ISOMM_EXTERN isomm_error isomm_write_inspect_json(FILE *stream, const char *path,
                                                  const isomm_reading *reading,
                                                  const char *error, char *errbuf);

#ifdef __cplusplus
}
#endif
#endif
