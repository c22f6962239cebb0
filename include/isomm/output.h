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
 * @brief Write the portfolio workbook (サマリー, サービスポートフォリオ,
 * カテゴリー別, 移行レポート and, for a migrated v2.x sheet, v2.1 入力;
 * docs/workbook.md) to `path`.
 *
 * The workbook is written to a temporary file beside `path` and renamed
 * into place: on failure nothing is left behind and an existing file at
 * `path` is unchanged. With SOURCE_DATE_EPOCH set, the same portfolio
 * gives the same bytes.
 *
 * @param portfolio  the portfolio (only read).
 * @param path       the output file; its folder must exist.
 * @param options    NULL for the defaults.
 * @param errbuf     NULL, or ISOMM_ERRBUF_SIZE bytes naming `path` and the
 *                   cause on failure.
 * @return ISOMM_OK, ISOMM_ERR_IO (the folder is missing or not writable),
 *         ISOMM_ERR_WRITE (libxlsxwriter failed), ISOMM_ERR_NOMEM,
 *         ISOMM_ERR_ARG.
 *
 * Thread safety: safe for different outputs at once.
 */
ISOMM_EXTERN isomm_error isomm_write_xlsx(const isomm_portfolio *portfolio, const char *path,
                                          const isomm_xlsx_options *options, char *errbuf);

/**
 * @brief Write the JSON document of a portfolio (schema
 * isomm-portfolio/1, docs/json.md) to `stream`.
 * @return ISOMM_OK, ISOMM_ERR_WRITE if the stream failed, ISOMM_ERR_ARG.
 * Thread safety: as the stream allows.
 */
ISOMM_EXTERN isomm_error isomm_write_json_stream(const isomm_portfolio *portfolio,
                                                 FILE *stream, char *errbuf);

/**
 * @brief Write the JSON document to `path` (written to a temporary file
 * and renamed into place), or to standard output for "-".
 * @return as isomm_write_xlsx(); errbuf names the path.
 * Thread safety: safe for different outputs at once.
 */
ISOMM_EXTERN isomm_error isomm_write_json(const isomm_portfolio *portfolio, const char *path,
                                          char *errbuf);

#ifdef __cplusplus
}
#endif
#endif
