/* book.c - a workbook from start to end, for every workbook isomm writes
 * (the portfolio's, the group's, the trend's): libxlsxwriter writing a
 * temporary file beside the output, renamed into place when everything
 * went well, so a failed run leaves nothing behind.
 *
 * Reproducibility: libxlsxwriter stamps every zip entry with 1980-01-01
 * (as Excel does), so the only time in the file is the creation date of
 * docProps/core.xml. It is taken from SOURCE_DATE_EPOCH when that is set
 * (https://reproducible-builds.org/specs/source-date-epoch/), else from
 * the clock; the same input then gives the same bytes. */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isomm/isomm.h"

/* Latest time the ISO 8601 date of docProps/core.xml can hold
 * (9999-12-31T23:59:59Z). */
#define XW_MAX_EPOCH 253402300799LL

isomm_error xw_creation_time(time_t *out, const char *path, char *errbuf)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (!env || !*env) {
        *out = time(NULL);
        return ISOMM_OK;
    }
    char *end;
    errno = 0;
    long long v = strtoll(env, &end, 10);
    if (errno || *end || end == env || *env == '-' || *env == '+' || *env == ' ' || v < 0 ||
        v > XW_MAX_EPOCH || (sizeof(time_t) < sizeof(long long) && v > (long long)INT_MAX))
        return core_fail(errbuf, ISOMM_ERR_ARG,
                         "%s: cannot write workbook: SOURCE_DATE_EPOCH "
                         "\"%s\" is not a number of seconds since 1970",
                         path, env);
    /* libxlsxwriter reads 0 as "now". */
    *out = v == 0 ? (time_t)1 : (time_t)v;
    return ISOMM_OK;
}

isomm_error xw_begin(xw_book *x, core_atomic *a, const char *path, int constant_memory,
                     char *errbuf)
{
    isomm_error err = core_atomic_begin(a, path, errbuf);
    if (err)
        return err;
    /* libxlsxwriter writes the temporary file by name. */
    fclose(a->stream);
    a->stream = NULL;
    lxw_workbook_options opt = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE,
                                .tmpdir = NULL,
                                .use_zip64 = LXW_FALSE};
    x->workbook = workbook_new_opt(a->tmp_path, &opt);
    if (!x->workbook) {
        core_atomic_abort(a);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: cannot write workbook: out of memory",
                         path);
    }
    return ISOMM_OK;
}

void xw_properties(xw_book *x, const char *title, const char *subject, const char *company,
                   time_t created)
{
    if (xw_failed(x))
        return;
    /* workbook_set_properties() copies the strings. */
    char *t = core_strdup(xw_clean_text(x, title ? title : ""));
    char *co = company ? core_strdup(xw_clean_text(x, company)) : NULL;
    lxw_doc_properties props = {
        .title = t,
        .subject = (char *)subject,
        .company = co,
        .comments = (char *)"isomm " ISOMM_VERSION,
        .created = created,
    };
    if (!t || (company && !co))
        xw_nomem(x);
    else
        xw_ok(x, workbook_set_properties(x->workbook, &props));
    free(t);
    free(co);
}

/* libxlsxwriter's errors that come from a file operation: errno holds the
 * operating system's cause. */
static int file_error(lxw_error e)
{
    return e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_ZIP_FILE_OPERATION ||
           e == LXW_ERROR_ZIP_FILE_ADD || e == LXW_ERROR_ZIP_CLOSE;
}

isomm_error xw_finish(xw_book *x, core_atomic *a, const char *path, char *errbuf)
{
    int e = 0;
    if (xw_failed(x)) {
        lxw_workbook_free(x->workbook); /* nothing of it is wanted */
    } else {
        errno = 0;
        xw_ok(x, workbook_close(x->workbook)); /* frees it */
        e = errno; /* a full disk shows as a zip error: the cause is here */
    }
    x->workbook = NULL;
    free(x->scratch);
    x->scratch = NULL;
    if (x->nomem) {
        core_atomic_abort(a);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: cannot write workbook: out of memory",
                         path);
    }
    if (x->error == LXW_ERROR_CREATING_TMPFILE || x->error == LXW_ERROR_READING_TMPFILE) {
        const char *tmp = getenv("TMPDIR");
        tmp = tmp && *tmp ? tmp : "/tmp";
        if (!e && access(tmp, W_OK | X_OK) != 0)
            e = errno; /* libxlsxwriter lost it: the folder says why */
        core_atomic_abort(a);
        return core_fail(errbuf, ISOMM_ERR_WRITE, "%s: cannot write workbook: libxlsxwriter's "
                         "scratch file (tmpfile) in %s failed%s%s", path, tmp, e ? ": " : "",
                         e ? strerror(e) : "");
    }
    if (file_error(x->error)) {
        isomm_error err = core_write_failed(errbuf, path, "cannot write workbook", e);
        core_atomic_abort(a);
        return err;
    }
    if (x->error != LXW_NO_ERROR) {
        core_atomic_abort(a);
        return core_fail(errbuf, ISOMM_ERR_WRITE, "%s: cannot write workbook: %s", path,
                         lxw_strerror(x->error));
    }
    return core_atomic_commit(a, errbuf);
}
