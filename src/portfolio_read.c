/* portfolio_read.c - one entry point for every input kind: commands call
 * this and need not know whether a sheet is v2.1 or already X.1060. */
#include "isomm/portfolio.h"
#include "util.h"

isomm_error isomm_portfolio_read(const char *path, const isomm_catalog *catalog,
                                 const isomm_policy *policy,
                                 isomm_portfolio **out, char *errbuf)
{
    *out = NULL;
    isomm_assessment *a = NULL;
    isomm_error err = isomm_assessment_read(path, catalog, &a, errbuf);
    if (err)
        return err;
    err = isomm_portfolio_from_assessment(a, policy, out);
    if (err)
        isomm_fail(errbuf, err, "%s: %s", path, isomm_strerror(err));
    isomm_assessment_free(a);
    return err;
}
