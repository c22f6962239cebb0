/* errors.c - the first libxlsxwriter error of a workbook is kept; every
 * helper is a no-op after it, so the sheet writers can stay linear. */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* ---- errors ----------------------------------------------------------- */

int xw_ok(xw_book *x, lxw_error err)
{
    if (err != LXW_NO_ERROR && x->error == LXW_NO_ERROR)
        x->error = err;
    return !xw_failed(x);
}

void xw_nomem(xw_book *x)
{
    x->nomem = 1;
}

int xw_failed(const xw_book *x)
{
    return x->error != LXW_NO_ERROR || x->nomem;
}
