/*
 * isomm/isomm.h - the whole public API of libisomm; include this one.
 *
 *   catalog     isomm_catalog_load_builtin(), isomm_catalog_load_dir()
 *   reading     isomm_read_file(), isomm_read_buffer() -> isomm_reading
 *               (isomm_portfolio_read(), isomm_assessment_read() for short)
 *   migration   isomm_portfolio_from_assessment()
 *   writing     isomm_write_xlsx(), isomm_write_json()
 *   group       isomm_rollup_new(), isomm_rollup_add(), isomm_rollup_write_xlsx()
 *   trend       isomm_trend_new(), isomm_trend_add(), isomm_trend_write_xlsx()
 *
 * Every function that can fail returns an isomm_error; isomm_strerror()
 * describes a code, and functions taking an `errbuf` write a sentence
 * there that names the file and the cause.
 */
#ifndef ISOMM_ISOMM_H
#define ISOMM_ISOMM_H

#include "common.h"
#include "isomm/version.h"
#include "error.h"
#include "strlist.h"
#include "catalog.h"
#include "assessment.h"
#include "portfolio.h"
#include "reading.h"
#include "output.h"
#include "group.h"
#include "trend.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief The version of the library that is running, "MAJOR.MINOR.PATCH"
 * (ISOMM_VERSION is the version of the headers a program was built with).
 * @return a static string. Thread safety: safe.
 */
ISOMM_EXTERN const char *isomm_version(void);

/** The versions of libisomm and of the libraries it runs on. */
typedef struct isomm_version_data {
    const char *isomm;         /**< "MAJOR.MINOR.PATCH" of the running library */
    unsigned version_num;      /**< the same as 0xMMmmpp */
    const char *libxlsxwriter; /**< the running libxlsxwriter's version */
    const char *libxml2;       /**< the running libxml2's, "2.9.14" */
    const char *zlib;          /**< the running zlib's, "1.2.13" */
} isomm_version_data;

/**
 * @brief What `isomm --version` prints: the versions of libisomm and of
 * the libraries it runs on (read from them at run time, not from the
 * headers it was built with).
 * @return a static structure, never NULL. Thread safety: safe.
 */
ISOMM_EXTERN const isomm_version_data *isomm_version_info(void);

#ifdef __cplusplus
}
#endif
#endif
