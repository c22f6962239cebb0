/* portfolio_read.c - one entry point for every input kind: commands call
 * this and need not know whether a sheet is v2.1 or already X.1060. The
 * v2.1 (v2.0) reader is tried first; when it finds no table, the v3.1
 * service portfolio reader; when neither does, one message covers both
 * searches. Any other failure (not a workbook, too large, …) is reported
 * as the first reader found it. */
#include "isomm/portfolio.h"

#include <stdio.h>
#include <string.h>

#include "read/read.h"
#include "core/core.h"

/* The part of a message after "path: ". */
static const char *after_path(const char *msg, const char *path)
{
    size_t n = strlen(path);
    if (strncmp(msg, path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
        return msg + n + 2;
    return msg;
}

isomm_error isomm_portfolio_read(const char *path, const isomm_catalog *catalog,
                                 const isomm_policy *policy,
                                 isomm_portfolio **out, char *errbuf)
{
    *out = NULL;
    isomm_assessment *a = NULL;
    char v21[ISOMM_ERRBUF_SIZE] = "";
    isomm_error err = isomm_assessment_read(path, catalog, &a, v21);
    if (err == ISOMM_ERR_NO_TABLE) {
        char pf[ISOMM_ERRBUF_SIZE] = "";
        err = reader_portfolio_read(path, catalog, out, NULL, pf);
        if (err == ISOMM_ERR_NO_TABLE)
            return core_fail(errbuf, err,
                              "%s: neither an ISOMM v2.1 self-check sheet nor an X.1060 "
                              "service portfolio: %s; also %s", path, after_path(v21, path),
                              after_path(pf, path));
        if (err)
            return core_fail(errbuf, err, "%s", pf);
        return ISOMM_OK; /* read as it is: no migration policy applies */
    }
    if (err)
        return core_fail(errbuf, err, "%s", v21);
    err = isomm_portfolio_from_assessment(a, policy, out);
    if (err)
        core_fail(errbuf, err, "%s: %s", path, isomm_strerror(err));
    isomm_assessment_free(a);
    return err;
}
