/*
 * workbook.c - isomm_write_xlsx(): the portfolio workbook, written with
 * libxlsxwriter to a temporary file beside the output and renamed into
 * place, so a failed run leaves nothing behind.
 *
 * This file drives: the formats, the document properties, then the sheets
 * in workbook order (summary.c, portfolio.c, categories.c, report.c,
 * roles.c), each written with the helper kit (errors.c, text.c, cells.c,
 * formulas.c, charts.c, formats.c, labels.c).
 *
 * Reproducibility: libxlsxwriter stamps every zip entry with 1980-01-01
 * (as Excel does), so the only time in the file is the creation date of
 * docProps/core.xml. It is taken from SOURCE_DATE_EPOCH when that is set
 * (https://reproducible-builds.org/specs/source-date-epoch/), else from
 * the clock; the same input then gives the same bytes.
 */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include <limits.h>
#include <time.h>

#include "isomm/isomm.h"

/* Latest time the ISO 8601 date of docProps/core.xml can hold
 * (9999-12-31T23:59:59Z). */
#define XW_MAX_EPOCH 253402300799LL

/* ---- document properties --------------------------------------------- */

/* The creation time of the document: SOURCE_DATE_EPOCH if set, else now.
 * libxlsxwriter reads 0 as "now", so an epoch of 0 becomes 1 second. */
static isomm_error creation_time(time_t *out, const char *path, char *errbuf)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (!env || !*env) {
        *out = time(NULL);
        return ISOMM_OK;
    }
    char *end;
    errno = 0;
    long long v = strtoll(env, &end, 10);
    if (errno || *end || end == env || *env == '-' || *env == '+' ||
        *env == ' ' || v < 0 || v > XW_MAX_EPOCH ||
        (sizeof(time_t) < sizeof(long long) && v > (long long)INT_MAX))
        return core_fail(errbuf, ISOMM_ERR_ARG,
                          "%s: cannot write workbook: SOURCE_DATE_EPOCH "
                          "\"%s\" is not a number of seconds since 1970",
                          path, env);
    *out = v == 0 ? (time_t)1 : (time_t)v;
    return ISOMM_OK;
}

/* ---- driver ----------------------------------------------------------- */

static isomm_error check_portfolio(const isomm_portfolio *p, const char *path,
                                   char *errbuf)
{
    if (!path || !*path)
        return core_fail(errbuf, ISOMM_ERR_ARG,
                          "cannot write workbook: no output path");
    if (!p || !p->catalog || (p->catalog->service_count && !p->services) ||
        (p->catalog->category_count && !p->categories))
        return core_fail(errbuf, ISOMM_ERR_ARG,
                          "%s: cannot write workbook: incomplete portfolio",
                          path);
    return ISOMM_OK;
}

isomm_error isomm_write_xlsx(const isomm_portfolio *portfolio,
                             const char *path,
                             const isomm_xlsx_options *options,
                             char *errbuf)
{
    isomm_error err = check_portfolio(portfolio, path, errbuf);
    if (err)
        return err;
    time_t created = 0;
    err = creation_time(&created, path, errbuf);
    if (err)
        return err;

    core_atomic a;
    err = core_atomic_begin(&a, path, errbuf);
    if (err)
        return err;
    /* libxlsxwriter writes the temporary file by name. */
    fclose(a.stream);
    a.stream = NULL;

    xw_book x;
    memset(&x, 0, sizeof x);
    x.portfolio = portfolio;
    x.catalog = portfolio->catalog;
    x.title = options && options->title && *options->title
                  ? options->title
                  : XW_DEFAULT_TITLE;
    x.organization = options && options->organization &&
                             *options->organization
                         ? options->organization
                         : portfolio->organization;
    x.date = options && options->date && *options->date ? options->date
                                                        : portfolio->date;
    if (advice_compute(portfolio, &x.advice) != ISOMM_OK) {
        core_atomic_abort(&a);
        return core_fail(errbuf, ISOMM_ERR_NOMEM,
                          "%s: cannot write workbook: out of memory", path);
    }

    lxw_workbook_options wopt = {.constant_memory = LXW_FALSE,
                                 .tmpdir = NULL,
                                 .use_zip64 = LXW_FALSE};
    x.workbook = workbook_new_opt(a.tmp_path, &wopt);
    if (!x.workbook) {
        advice_free(&x.advice);
        core_atomic_abort(&a);
        return core_fail(errbuf, ISOMM_ERR_NOMEM,
                          "%s: cannot write workbook: out of memory", path);
    }

    if (!xw_make_formats(&x))
        xw_ok(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);

    if (!xw_failed(&x)) {
        /* workbook_set_properties() copies the strings. */
        char *title = core_strdup(xw_clean_text(&x, x.title));
        const char *company =
            x.organization ? xw_clean_text(&x, x.organization) : NULL;
        lxw_doc_properties props = {
            .title = title,
            .subject = (char *)XW_SUBJECT,
            .company = (char *)company,
            .comments = (char *)"isomm " ISOMM_VERSION,
            .created = created,
        };
        if (!title || (x.organization && !company))
            xw_nomem(&x);
        else
            xw_ok(&x, workbook_set_properties(x.workbook, &props));
        free(title);
    }

    /* Sheets are written in workbook order; formulas may refer to sheets
     * written later (they are resolved by name). */
    xw_write_summary(&x);
    xw_write_portfolio(&x);
    xw_write_categories(&x);
    xw_write_report(&x);
    if (portfolio->roles)
        xw_write_roles(&x);

    if (xw_failed(&x)) {
        /* Nothing of this workbook is wanted: free it without packaging. */
        lxw_workbook_free(x.workbook);
    } else {
        xw_ok(&x, workbook_close(x.workbook)); /* frees it */
    }
    x.workbook = NULL;
    free(x.scratch);
    advice_free(&x.advice);

    if (x.nomem) {
        core_atomic_abort(&a);
        return core_fail(errbuf, ISOMM_ERR_NOMEM,
                          "%s: cannot write workbook: out of memory", path);
    }
    if (x.error != LXW_NO_ERROR) {
        core_atomic_abort(&a);
        return core_fail(errbuf, ISOMM_ERR_WRITE,
                          "%s: cannot write workbook: %s", path,
                          lxw_strerror(x.error));
    }
    return core_atomic_commit(&a, errbuf);
}
