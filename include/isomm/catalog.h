/*
 * isomm/catalog.h - the v2.1 roles, the X.1060 services and the
 * correspondence between them, loaded from the TSV files of templates/.
 *
 * The built-in catalog is compiled from templates/ into the library; a
 * replacement directory with the same files can be loaded instead
 * (organizations may add services of their own, or a revised X.1060).
 * Code never spells out a role or service list: it walks the catalog.
 */
#ifndef ISOMM_CATALOG_H
#define ISOMM_CATALOG_H

#include "common.h"
#include <stddef.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The longest ID (bytes) of a function, role, category or service: the
 *  loaders refuse a catalog with a longer one, with a message naming it. */
#define ISOMM_CATALOG_ID_MAX 15

/** Regions (領域) as a bit set; a service in every region has all four. */
enum isomm_region {
    ISOMM_REGION_I = 1,   /**< 領域I: do in-house */
    ISOMM_REGION_II = 2,  /**< 領域II: in-house led */
    ISOMM_REGION_III = 4, /**< 領域III: provider */
    ISOMM_REGION_IV = 8,  /**< 領域IV: provider led */
    ISOMM_REGION_ALL = 15
};

/** Management process (マネジメントプロセス, textbook 表8). */
typedef enum isomm_process {
    ISOMM_PROCESS_STRATEGIC = 0, /**< 戦略マネジメント */
    ISOMM_PROCESS_OPERATION,     /**< 運用 */
    ISOMM_PROCESS_RESPONSE       /**< 対応 */
} isomm_process;

/** A v2.1 function (機能) or an X.1060 category (カテゴリー). */
typedef struct isomm_group {
    char *id;   /**< "A" … "I" */
    char *name; /**< Japanese name */
    /* Optional columns of the TSV file (docs/catalog.md); NULL when the
     * column is absent or the cell is empty. One sentence each. */
    char *description; /**< what the category covers */
    char *strength;    /**< next step when it is one of the strongest */
    char *weakness;    /**< next step when it is one of the weakest */
} isomm_group;

/** A v2.1 role (役割). */
typedef struct isomm_role {
    char *id;        /**< "A-1" */
    char *name;      /**< Japanese name (names vary; match by id only) */
    size_t function; /**< index into catalog->functions */
} isomm_role;

/** An X.1060 service (サービス). */
typedef struct isomm_service {
    char *id;              /**< "A-1" */
    char *name;            /**< Japanese name */
    size_t category;       /**< index into catalog->categories */
    unsigned regions;      /**< bit set of enum isomm_region */
    isomm_process process; /**< management process */
    size_t *sources;       /**< indexes into catalog->roles (表7) */
    size_t source_count;   /**< 0 for a service new in X.1060 */
} isomm_service;

/** An organization pattern (セキュリティ対応組織のパターン). */
typedef struct isomm_pattern {
    char *key;        /**< "minimum-insource", "hybrid", … (JSON value) */
    char *name;       /**< "ミニマムインソース", … */
    unsigned regions; /**< regions the organization covers itself */
} isomm_pattern;

/** The whole catalog. Read-only after loading. */
typedef struct isomm_catalog {
    isomm_group *functions;
    size_t function_count;
    isomm_role *roles;
    size_t role_count;
    isomm_group *categories;
    size_t category_count;
    isomm_service *services;
    size_t service_count;
    isomm_pattern *patterns;
    size_t pattern_count;
    /** Per service (parallel to services): other spellings of its name that
     *  the textbook prints ("深堀分析ツール運用"), separated by '|' (the
     *  optional `aliases` column of services.tsv); NULL where there are
     *  none. The reader matches a service table without IDs by name or
     *  alias. */
    char **service_aliases;
} isomm_catalog;

/*
 * Thread safety of this header: a loaded catalog is only read, so any
 * number of threads may use one catalog at once (it must outlive every
 * assessment, portfolio and group made with it). The loaders themselves
 * may run in several threads at once.
 */

/**
 * @brief Load the catalog built into the library (templates/ of the
 * source tree: 54 roles, 64 services, the correspondence of 表7).
 *
 * @param out     on success a new catalog, freed with isomm_catalog_free();
 *                on failure NULL.
 * @param errbuf  NULL, or ISOMM_ERRBUF_SIZE bytes for the message.
 * @return ISOMM_OK, ISOMM_ERR_NOMEM, ISOMM_ERR_CATALOG (a build with broken
 *         templates), ISOMM_ERR_ARG (out is NULL).
 */
ISOMM_EXTERN isomm_error isomm_catalog_load_builtin(isomm_catalog **out, char *errbuf);

/**
 * @brief Load a catalog from the folder `dir`: functions.tsv, roles.tsv,
 * categories.tsv, services.tsv, correspondence.tsv and patterns.tsv
 * (docs/catalog.md), for a custom or revised catalog.
 *
 * Every reference is checked (a role's function, a service's category,
 * the roles and services of the correspondence, every role mapped); an
 * ID longer than ISOMM_CATALOG_ID_MAX is refused.
 *
 * @param dir     the folder.
 * @param out     on success a new catalog (isomm_catalog_free()); else NULL.
 * @param errbuf  NULL, or ISOMM_ERRBUF_SIZE bytes: the file, the line and
 *                what is wrong there.
 * @return ISOMM_OK, ISOMM_ERR_IO (a file missing or unreadable),
 *         ISOMM_ERR_CATALOG (the data is wrong), ISOMM_ERR_NOMEM, ISOMM_ERR_ARG.
 */
ISOMM_EXTERN isomm_error isomm_catalog_load_dir(const char *dir, isomm_catalog **out,
                                                char *errbuf);

/** @brief Free a catalog and everything in it. NULL is allowed. */
ISOMM_EXTERN void isomm_catalog_free(isomm_catalog *catalog);

/**
 * @brief The index of the role whose ID is `id` ("A-1", exactly).
 * @return an index into catalog->roles, or -1 (also for NULL arguments).
 */
ISOMM_EXTERN long isomm_catalog_find_role(const isomm_catalog *catalog, const char *id);

/**
 * @brief The index of the service whose ID is `id` ("A-1", exactly).
 * @return an index into catalog->services, or -1.
 */
ISOMM_EXTERN long isomm_catalog_find_service(const isomm_catalog *catalog, const char *id);

/**
 * @brief The index of the pattern whose key ("hybrid") or Japanese name
 * ("ハイブリッド") is `text`.
 * @return an index into catalog->patterns, or -1.
 */
ISOMM_EXTERN long isomm_catalog_find_pattern(const isomm_catalog *catalog,
                                             const char *text);

/**
 * @brief The label of a region set: "I", "II", "III", "IV", "I,II", …, or
 * "all" for ISOMM_REGION_ALL.
 * @return a static string (never to be freed).
 */
ISOMM_EXTERN const char *isomm_region_label(unsigned regions);

/** @brief "strategic", "operation" or "response" (JSON). Static string. */
ISOMM_EXTERN const char *isomm_process_key(isomm_process process);

/** @brief "戦略マネジメント", "運用" or "対応" (workbooks). Static string. */
ISOMM_EXTERN const char *isomm_process_label(isomm_process process);

#ifdef __cplusplus
}
#endif
#endif
