/*
 * isomm/portfolio.h - the X.1060 service portfolio: the result of
 * migrating an assessment (normalize.c), or of reading a v3.1 sheet.
 * The migration policy is documented in docs/migration-policy.md.
 */
#ifndef ISOMM_PORTFOLIO_H
#define ISOMM_PORTFOLIO_H

#include "common.h"
#include <stddef.h>
#include "assessment.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Side of a role or allocation of a service. */
typedef enum isomm_side {
    ISOMM_SIDE_NULL = 0,   /**< JSON null */
    ISOMM_SIDE_INSOURCE,   /**< インソース */
    ISOMM_SIDE_OUTSOURCE,  /**< アウトソース */
    ISOMM_SIDE_COMBINED,   /**< 併用 */
    ISOMM_SIDE_UNASSIGNED  /**< 未割り当て (services only) */
} isomm_side;

/** State of a v2.1 role after resolution. */
typedef enum isomm_role_state {
    ISOMM_ROLE_BLANK = 0, /**< no selection */
    ISOMM_ROLE_DECLINED,  /**< only level 0 selected (評価対象外) */
    ISOMM_ROLE_SCORED     /**< a level 1..5 selected */
} isomm_role_state;

/** 推奨レベル. */
typedef enum isomm_recommendation {
    ISOMM_REC_NULL = 0,
    ISOMM_REC_NOT_REQUIRED, /**< 不要 */
    ISOMM_REC_BASIC,        /**< ベーシック */
    ISOMM_REC_STANDARD,     /**< スタンダード */
    ISOMM_REC_ADVANCED,     /**< アドバンスド */
    ISOMM_REC_OPTIONAL      /**< オプション */
} isomm_recommendation;

/** How several scored sources merge into one As-Is. */
typedef enum isomm_merge {
    ISOMM_MERGE_MIN = 0, /**< the lowest (default: never overstates) */
    ISOMM_MERGE_MAX,
    ISOMM_MERGE_MEAN     /**< arithmetic mean rounded half up */
} isomm_merge;

/** Service flags (bit set). JSON lists them in this order. */
enum isomm_flag {
    ISOMM_FLAG_NEW = 1,        /**< "new-in-x1060": no v2.1 source */
    ISOMM_FLAG_MERGED = 2,     /**< "merged": several scored sources */
    ISOMM_FLAG_PARTIAL = 4,    /**< "partial": some sources blank/declined */
    ISOMM_FLAG_UNANSWERED = 8  /**< "unanswered": sources all blank */
};

/** A resolved v2.1 role. */
typedef struct isomm_role_result {
    isomm_role_state state;
    isomm_side side;   /**< NULL for blank */
    int level;         /**< 1..5 scored, 0 declined, -1 blank (null) */
} isomm_role_result;

/** One row of the portfolio. -1 stands for null in as_is and to_be. */
typedef struct isomm_service_result {
    isomm_recommendation recommendation;
    isomm_side allocation;
    int as_is;
    int to_be;
    unsigned flags;   /**< enum isomm_flag */
    char *memo;       /**< 移行メモ: how the value was derived (Japanese) */
} isomm_service_result;

/** Per-category figures. */
typedef struct isomm_category_result {
    double as_is;   /**< mean of non-null As-Is; valid if assessed > 0 */
    double to_be;   /**< mean of non-null To-Be; valid if to_be_count > 0 */
    size_t assessed;     /**< services with an As-Is */
    size_t to_be_count;  /**< services with a To-Be */
    size_t total;        /**< services in the category */
} isomm_category_result;

/** Options of the migration. Zero-initialised means the defaults. */
typedef struct isomm_policy {
    isomm_merge merge; /**< default ISOMM_MERGE_MIN */
    int to_be;         /**< 1..5 sets To-Be wherever As-Is is set; 0 none */
} isomm_policy;

/** A service portfolio. */
typedef struct isomm_portfolio {
    const isomm_catalog *catalog; /**< not owned */
    char *path;          /**< source file */
    char *kind;          /**< "isomm-v2.1", "isomm-v2.0", "x1060-portfolio" */
    char *sheet;          /**< the sheet the table was read from */
    char *layout;         /**< "marker-grid", "numeric", "form-controls",
                               "service-matrix" */
    char *table_range;    /**< the table's cells, e.g. "A5:Q62" */
    char *selections;     /**< where the answers were read from, for
                               people ("marks (●) in the level columns") */
    long pattern_current; /**< index into catalog->patterns, or -1 */
    long pattern_target;
    char *organization;   /**< or NULL */
    char *date;           /**< YYYY-MM-DD, or NULL */
    char *date_source;    /**< "sheet", "file" (the workbook's modification
                               date), "given" (isomm_portfolio_set_date()),
                               or NULL when date is NULL */
    isomm_policy policy;
    /** catalog->role_count entries, or NULL when the source has no roles
     *  (a v3.1 portfolio read directly). */
    isomm_role_result *roles;
    char **role_notes;    /**< 備考 per role (NULL entries allowed) */
    isomm_service_result *services;     /**< catalog->service_count */
    isomm_category_result *categories;  /**< catalog->category_count */
    isomm_strlist warnings;
} isomm_portfolio;

/**
 * @brief Migrate an assessment onto the X.1060 services, by the policy of
 * docs/migration-policy.md (the correspondence of the catalog, 表7).
 *
 * @param in      the assessment (only read).
 * @param policy  NULL for the defaults (merge min, no To-Be).
 * @param out     on success a new portfolio (isomm_portfolio_free()) over
 *                in->catalog; on failure NULL. Its warnings are the
 *                assessment's, then the migration's own.
 * @param errbuf  NULL, or ISOMM_ERRBUF_SIZE bytes for the message.
 * @return ISOMM_OK, ISOMM_ERR_NOMEM, ISOMM_ERR_ARG.
 * Thread safety: safe for different outputs at once.
 */
ISOMM_EXTERN isomm_error isomm_portfolio_from_assessment(const isomm_assessment *in,
                                                         const isomm_policy *policy,
                                                         isomm_portfolio **out, char *errbuf);

/**
 * @brief Read any supported workbook into a portfolio: isomm_read_file()
 * for programs that want the portfolio only.
 *
 * @param path, catalog, errbuf  as for isomm_read_file().
 * @param policy  how a v2.x sheet is migrated (NULL: the defaults); a
 *                service portfolio is read as it is.
 * @param out     on success a new portfolio (isomm_portfolio_free()); on
 *                failure NULL.
 * @return as isomm_read_file().
 * Thread safety: safe for different outputs at once.
 */
ISOMM_EXTERN isomm_error isomm_portfolio_read(const char *path, const isomm_catalog *catalog,
                                              const isomm_policy *policy,
                                              isomm_portfolio **out, char *errbuf);

/**
 * @brief Recompute the category figures (means, counts) from the services,
 * after a program changed As-Is or To-Be values.
 */
ISOMM_EXTERN void isomm_portfolio_update_categories(isomm_portfolio *portfolio);

/**
 * @brief Set the organization name (a copy of `name`; NULL clears it), as
 * a program or `isomm convert --org` gives it.
 * @return ISOMM_OK, ISOMM_ERR_NOMEM, ISOMM_ERR_ARG.
 */
ISOMM_EXTERN isomm_error isomm_portfolio_set_organization(isomm_portfolio *portfolio,
                                                          const char *name, char *errbuf);

/**
 * @brief Set the assessment date, "YYYY-MM-DD" (a real calendar date), for
 * a sheet that has none or a wrong one (`isomm convert --date`); its
 * date_source becomes "given". NULL clears the date.
 * @return ISOMM_OK, ISOMM_ERR_ARG (not such a date: the message says so),
 *         ISOMM_ERR_NOMEM.
 */
ISOMM_EXTERN isomm_error isomm_portfolio_set_date(isomm_portfolio *portfolio, const char *date,
                                                  char *errbuf);

/** @brief Free a portfolio and what it owns. NULL is allowed. */
ISOMM_EXTERN void isomm_portfolio_free(isomm_portfolio *portfolio);

/* The labels below return static strings (never to be freed); they are
 * safe to call from any thread. */

/** @brief The JSON key of a side: "insource", "outsource", "combined",
 *  "unassigned", or NULL for ISOMM_SIDE_NULL. */
ISOMM_EXTERN const char *isomm_side_key(isomm_side side);
/** @brief The workbook label: "インソース", "アウトソース", "併用",
 *  "未割り当て", or "". */
ISOMM_EXTERN const char *isomm_side_label(isomm_side side);
/** @brief "scored", "declined" or "blank". */
ISOMM_EXTERN const char *isomm_role_state_key(isomm_role_state state);
/** @brief The JSON key: "not-required", "basic", "standard", "advanced",
 *  "optional", or NULL. */
ISOMM_EXTERN const char *isomm_recommendation_key(isomm_recommendation rec);
/** @brief The workbook label: "不要", "ベーシック", "スタンダード",
 *  "アドバンスド", "オプション", or "". */
ISOMM_EXTERN const char *isomm_recommendation_label(isomm_recommendation rec);
/** @brief "min", "max" or "mean". */
ISOMM_EXTERN const char *isomm_merge_key(isomm_merge merge);

/**
 * @brief Parse a merge rule, "min", "max" or "mean", into *out.
 * @return ISOMM_OK, or ISOMM_ERR_ARG with a message ("'avg' is not min,
 *         max or mean") in errbuf (NULL or ISOMM_ERRBUF_SIZE bytes).
 */
ISOMM_EXTERN isomm_error isomm_merge_parse(const char *text, isomm_merge *out, char *errbuf);

#ifdef __cplusplus
}
#endif
#endif
