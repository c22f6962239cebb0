/*
 * isomm/trend.h - the X.1060 assessment cycle of one organization: its
 * assessments (v2.1 sheets migrated, v3.1 portfolios as they are) ordered
 * by date, the change from the first to the latest, and the three-phase
 * gap analysis of the textbook (§3.4 評価プロセス) between the last two
 * (docs/trend.md).
 *
 *   isomm_trend *t;
 *   isomm_trend_new(catalog, NULL, &t, err);
 *   for each assessment, in any order:
 *       if (isomm_portfolio_read(path, catalog, NULL, &p, err) == ISOMM_OK)
 *           rc = isomm_trend_add(t, p, err), isomm_portfolio_free(p);
 *   isomm_trend_write_xlsx(t, "trend.xlsx", err);   (or _json / _csv)
 *   isomm_trend_free(t);
 *
 * A trend needs a date for every assessment: the sheet's (評価日, 実施日,
 * 作成日, …) or one a program gives (isomm_portfolio_set_date()); the
 * workbook's modification date only when the options accept it. Its
 * assessments are of one organization (the same name after trimming and
 * width folding), unless the options name it.
 *
 * Thread safety: a trend is changed by one thread at a time; different
 * trends may be used in different threads at once.
 */
#ifndef ISOMM_TREND_H
#define ISOMM_TREND_H

#include "common.h"
#include <stddef.h>
#include <stdio.h>
#include "catalog.h"
#include "error.h"
#include "group.h"
#include "portfolio.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The most assessments a trend takes. */
#define ISOMM_TREND_MAX 100

/** Options of a trend. Zero-initialise (or pass NULL) for the defaults. */
typedef struct isomm_trend_options {
    /** Take every assessment as this organization's, whatever names the
     *  sheets give, and show this name; NULL: the sheets must agree. */
    const char *organization;
    /** Accept the workbook's modification date (date_source "file") for a
     *  sheet without a date of its own; 0: refuse it (a copy or a re-save
     *  changes that date). */
    int file_dates;
    /** Title of the workbook's サマリー, or NULL for the default. */
    const char *title;
} isomm_trend_options;

/** A trend. Read the fields directly; change it only through the API. */
typedef struct isomm_trend {
    const isomm_catalog *catalog; /**< not owned */
    /** The organization: the options' name, else the latest assessment's
     *  (trimmed) that has one, or NULL. */
    char *organization;
    /** The assessments, oldest first (isomm/group.h: name is the
     *  organization as the sheet gives it, trimmed, or ""). */
    isomm_rollup_member *assessments;
    size_t count;
    void *priv; /**< internal */
} isomm_trend;

/**
 * @brief A new, empty trend over `catalog`, which must outlive it.
 * @param options  NULL for the defaults; its strings are copied.
 * @param out      on success the trend (isomm_trend_free()); else NULL.
 * @param errbuf   NULL, or ISOMM_ERRBUF_SIZE bytes for the message.
 * @return ISOMM_OK, ISOMM_ERR_NOMEM, ISOMM_ERR_ARG.
 */
ISOMM_EXTERN isomm_error isomm_trend_new(const isomm_catalog *catalog,
                                         const isomm_trend_options *options, isomm_trend **out,
                                         char *errbuf);

/** @brief Free a trend and what it holds. NULL is allowed. */
ISOMM_EXTERN void isomm_trend_free(isomm_trend *trend);

/**
 * @brief Add an assessment from its portfolio (read with the trend's
 * catalog), in date order whatever the order of the calls. The trend keeps
 * a copy of what it needs. Refused, with a message naming the file, when:
 *
 * @return ISOMM_OK;
 *         ISOMM_ERR_NO_DATE: the portfolio has no date, or only the
 *         workbook's modification date and the options do not accept it;
 *         ISOMM_ERR_ORGANIZATION: it names another organization than an
 *         assessment already added (the message names both), and the
 *         options name none;
 *         ISOMM_ERR_SAME_DATE: an assessment of that date is in already;
 *         ISOMM_ERR_TOO_LARGE: ISOMM_TREND_MAX assessments are in already;
 *         ISOMM_ERR_NOMEM, ISOMM_ERR_ARG (another catalog).
 */
ISOMM_EXTERN isomm_error isomm_trend_add(isomm_trend *trend, const isomm_portfolio *portfolio,
                                         char *errbuf);

/**
 * @brief Add an assessment from a record of isomm_rollup_encode() (made
 * with the same build and catalog, e.g. in a worker process), as
 * isomm_trend_add() does; every length and value is checked.
 * @return as isomm_trend_add(); ISOMM_ERR_ARG for a malformed record.
 */
ISOMM_EXTERN isomm_error isomm_trend_add_encoded(isomm_trend *trend, const void *data,
                                                 size_t len, char *errbuf);

/**
 * @brief Write the trend workbook (サマリー, 推移, カテゴリー推移,
 * 評価プロセス, 評価一覧; docs/trend.md) to `path`: a temporary file
 * beside it, renamed into place. With SOURCE_DATE_EPOCH set, the same
 * trend gives the same bytes.
 * @return ISOMM_OK; ISOMM_ERR_ARG with fewer than two assessments;
 *         ISOMM_ERR_IO, ISOMM_ERR_WRITE, ISOMM_ERR_NOMEM.
 * Thread safety: safe for different outputs at once.
 */
ISOMM_EXTERN isomm_error isomm_trend_write_xlsx(const isomm_trend *trend, const char *path,
                                                char *errbuf);

/**
 * @brief Write the JSON document (schema isomm-trend/1, docs/trend.md) to
 * `path` (written atomically) or to standard output for "-".
 * @return as isomm_trend_write_xlsx().
 */
ISOMM_EXTERN isomm_error isomm_trend_write_json(const isomm_trend *trend, const char *path,
                                                char *errbuf);

/** @brief The JSON document to a stream. @return ISOMM_OK, ISOMM_ERR_WRITE,
 *  ISOMM_ERR_ARG (also with fewer than two assessments). */
ISOMM_EXTERN isomm_error isomm_trend_write_json_stream(const isomm_trend *trend, FILE *stream,
                                                       char *errbuf);

/**
 * @brief Write one CSV row per assessment × service (RFC 4180, UTF-8;
 * docs/trend.md) to `path` (written atomically) or standard output ("-").
 * @return as isomm_trend_write_xlsx().
 */
ISOMM_EXTERN isomm_error isomm_trend_write_csv(const isomm_trend *trend, const char *path,
                                               char *errbuf);

/** @brief The CSV rows to a stream. @return ISOMM_OK, ISOMM_ERR_WRITE,
 *  ISOMM_ERR_ARG (also with fewer than two assessments). */
ISOMM_EXTERN isomm_error isomm_trend_write_csv_stream(const isomm_trend *trend, FILE *stream,
                                                      char *errbuf);

#ifdef __cplusplus
}
#endif
#endif
