/*
 * isomm/error.h - error codes shared by every isomm function.
 *
 * Functions return an isomm_error. isomm_strerror() gives a fixed, short
 * description of a code; functions that take an `errbuf` also write a full
 * sentence there (file, cause, what was looked for), like curl's
 * CURLOPT_ERRORBUFFER.
 */
#ifndef ISOMM_ERROR_H
#define ISOMM_ERROR_H

#include "common.h"
#ifdef __cplusplus
extern "C" {
#endif

/** Size of the buffer that functions taking an `errbuf` write to. */
#define ISOMM_ERRBUF_SIZE 1024

/** Error codes. Values are stable: new codes are only appended. */
typedef enum isomm_error {
    ISOMM_OK = 0,             /**< success */
    ISOMM_ERR_NOMEM,          /**< out of memory */
    ISOMM_ERR_ARG,            /**< invalid argument */
    ISOMM_ERR_IO,             /**< file could not be opened, read or written */
    ISOMM_ERR_NOT_ZIP,        /**< not a zip archive (nor a workbook) */
    ISOMM_ERR_OLE2,           /**< legacy .xls or password-protected workbook */
    ISOMM_ERR_NOT_WORKBOOK,   /**< a zip archive without a spreadsheet in it */
    ISOMM_ERR_PART_MISSING,   /**< a part the workbook refers to is missing */
    ISOMM_ERR_TOO_LARGE,      /**< a part inflates beyond the safety cap */
    ISOMM_ERR_XML,            /**< malformed or forbidden XML (e.g. a DTD) */
    ISOMM_ERR_NO_TABLE,       /**< no ISOMM table found in any sheet */
    ISOMM_ERR_CATALOG,        /**< the catalog data is invalid */
    ISOMM_ERR_WRITE,          /**< the output could not be written */
    ISOMM_ERR_SAME_FILE,      /**< the output would overwrite the input */
    ISOMM_ERR_NO_DATE,        /**< an assessment without a date (trend) */
    ISOMM_ERR_ORGANIZATION,   /**< assessments of different organizations (trend) */
    ISOMM_ERR_SAME_DATE       /**< two assessments of one date (trend) */
} isomm_error;

/**
 * @brief A short English description of `err` ("no ISOMM table found"),
 * for a message when there is no error buffer.
 * @return a static string, never NULL (also for unknown codes).
 * Thread safety: safe.
 */
ISOMM_EXTERN const char *isomm_strerror(isomm_error err);

#ifdef __cplusplus
}
#endif
#endif
