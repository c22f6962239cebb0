/*
 * isomm/output.h - writing a portfolio: the .xlsx workbook and the JSON
 * document. Both write to a temporary file beside `path` and rename it
 * into place, so a failed write leaves nothing behind.
 */
#ifndef ISOMM_OUTPUT_H
#define ISOMM_OUTPUT_H

#include "common.h"
#include <stdio.h>
#include "portfolio.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options of the workbook writer. Zero-initialise for the defaults. */
typedef struct isomm_xlsx_options {
    const char *title;        /**< overrides the summary title, or NULL */
    const char *organization; /**< overrides the sheet's organization, or NULL */
    const char *date;         /**< overrides the assessment date (YYYY-MM-DD), or NULL */
} isomm_xlsx_options;

/**
 * Write the portfolio workbook (サマリー, サービスポートフォリオ, …) to
 * `path` atomically. `options` may be NULL.
 */
ISOMM_EXTERN isomm_error isomm_write_xlsx(const isomm_portfolio *portfolio,
                             const char *path,
                             const isomm_xlsx_options *options,
                             char *errbuf);

/** Write the JSON document (schema isomm-portfolio/1) to a stream. */
ISOMM_EXTERN isomm_error isomm_write_json_stream(const isomm_portfolio *portfolio,
                                    FILE *stream);

/** Write the JSON document to `path` atomically ("-" is stdout). */
ISOMM_EXTERN isomm_error isomm_write_json(const isomm_portfolio *portfolio,
                             const char *path, char *errbuf);

#ifdef __cplusplus
}
#endif
#endif
