/*
 * isomm/isomm.h - the whole public API of libisomm.
 *
 *   catalog      isomm_catalog_load_builtin()
 *   reader       isomm_assessment_read()        (v2.1 sheet -> assessment)
 *   normalizer   isomm_portfolio_from_assessment()
 *   writer       isomm_write_xlsx(), isomm_write_json()
 */
#ifndef ISOMM_ISOMM_H
#define ISOMM_ISOMM_H

#include "error.h"
#include "strlist.h"
#include "catalog.h"
#include "assessment.h"
#include "portfolio.h"
#include "reading.h"
#include "output.h"
#include "group.h"

#define ISOMM_VERSION "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/** The library version, "0.1.0". */
const char *isomm_version(void);

#ifdef __cplusplus
}
#endif
#endif
