/*
 * workbook.c - isomm_write_xlsx(): the portfolio workbook, written with
 * libxlsxwriter to a temporary file beside the output and renamed into
 * place, so a failed run leaves nothing behind (book.c).
 *
 * This file drives: the formats, the document properties, then the sheets
 * in workbook order (summary.c, portfolio.c, categories.c, report.c,
 * roles.c), each written with the helper kit (errors.c, text.c, cells.c,
 * formulas.c, charts.c, colours.c, formats.c, labels.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "isomm/isomm.h"

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
    err = xw_creation_time(&created, path, errbuf);
    if (err)
        return err;

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
    if (advice_compute(portfolio, &x.advice) != ISOMM_OK)
        return core_fail(errbuf, ISOMM_ERR_NOMEM,
                          "%s: cannot write workbook: out of memory", path);
    core_atomic a;
    err = xw_begin(&x, &a, path, 0, errbuf);
    if (err) {
        advice_free(&x.advice);
        return err;
    }
    if (!xw_make_formats(&x))
        xw_ok(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    xw_properties(&x, x.title, XW_SUBJECT, x.organization, created);

    /* Sheets are written in workbook order; formulas may refer to sheets
     * written later (they are resolved by name). */
    xw_write_summary(&x);
    xw_write_portfolio(&x);
    xw_write_categories(&x);
    xw_write_report(&x);
    if (portfolio->roles)
        xw_write_roles(&x);

    err = xw_finish(&x, &a, path, errbuf);
    advice_free(&x.advice);
    return err;
}
