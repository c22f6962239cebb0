/*
 * isomm/assessment.h - a v2.1 self-check sheet as the reader found it:
 * the raw selections of every role, before any migration policy.
 */
#ifndef ISOMM_ASSESSMENT_H
#define ISOMM_ASSESSMENT_H

#include "common.h"
#include <stddef.h>
#include "catalog.h"
#include "strlist.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The raw answer of one role. */
typedef struct isomm_answer {
    int found;             /**< the role's row was found in the table */
    unsigned insource;     /**< bit n set: level n (0..5) selected, インソース */
    unsigned outsource;    /**< bit n set: level n selected, アウトソース */
    char *note;            /**< 備考, or NULL */
    char cell[16];         /**< where the role's ID was read ("B12"), or "" */
} isomm_answer;

/** What the reader found in one workbook. */
typedef struct isomm_assessment {
    const isomm_catalog *catalog; /**< not owned */
    char *path;           /**< the file as given */
    char *kind;           /**< "isomm-v2.1", "isomm-v2.0" */
    char *sheet;          /**< name of the sheet holding the table */
    char *layout;         /**< "marker-grid", "numeric", "form-controls" */
    char *table_range;    /**< e.g. "A5:Q62" */
    long pattern_current; /**< index into catalog->patterns, or -1 */
    long pattern_target;  /**< index into catalog->patterns, or -1 */
    char *organization;   /**< organization name if the sheet has one */
    char *date;           /**< assessment date (YYYY-MM-DD) if found */
    char *date_source;    /**< "sheet" (a labelled cell), "file" (the
                               workbook's docProps/core.xml modified date),
                               or NULL when date is NULL */
    char *selections;     /**< where the selections were read from, for
                               people: "marks (●, ✓) in the level columns",
                               "option buttons (form controls in xl/ctrlProps):
                               checked state", … (NULL: not known) */
    isomm_answer *answers; /**< catalog->role_count entries, catalog order */
    isomm_strlist warnings; /**< "sheet!cell (role): what was doubtful" */
} isomm_assessment;

/**
 * @brief Read the raw selections of a v2.1 (or v2.0) self-check workbook,
 * without migrating them (isomm_read_file() reads and migrates).
 *
 * @param path     an .xlsx or .xlsm file.
 * @param catalog  the catalog; must outlive the assessment.
 * @param out      on success a new assessment (isomm_assessment_free());
 *                 on failure NULL.
 * @param errbuf   NULL, or ISOMM_ERRBUF_SIZE bytes naming the file and the
 *                 cause.
 * @return as isomm_read_file(); ISOMM_ERR_NO_TABLE also for a service
 *         portfolio, which has no v2.x table.
 *
 * Thread safety: safe for different outputs at once.
 */
ISOMM_EXTERN isomm_error isomm_assessment_read(const char *path, const isomm_catalog *catalog,
                                               isomm_assessment **out, char *errbuf);

/**
 * @brief An empty assessment over `catalog` (every role not found), for a
 * program that fills one in itself before isomm_portfolio_from_assessment().
 * @return a new assessment (isomm_assessment_free()), or NULL when out of
 *         memory or `catalog` is NULL.
 */
ISOMM_EXTERN isomm_assessment *isomm_assessment_new(const isomm_catalog *catalog);

/** @brief Free an assessment and the strings it owns. NULL is allowed. */
ISOMM_EXTERN void isomm_assessment_free(isomm_assessment *assessment);

#ifdef __cplusplus
}
#endif
#endif
