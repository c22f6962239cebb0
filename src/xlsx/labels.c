/* labels.c - the workbook's wording of catalog and portfolio values. */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* ---- labels ------------------------------------------------------------ */

const char *xw_pattern_name(const isomm_catalog *c, long index)
{
    if (index < 0 || (size_t)index >= c->pattern_count)
        return "未設定";
    return c->patterns[index].name;
}

const char *xw_region_label(unsigned regions)
{
    if ((regions & ISOMM_REGION_ALL) == ISOMM_REGION_ALL)
        return "全領域";
    return isomm_region_label(regions);
}

lxw_row_t xw_pf_last_row(const xw_book *x)
{
    size_t n = x->catalog->service_count;
    return XW_PF_ROW(n ? n - 1 : 0);
}

const char *xw_pf_column(const xw_book *x, lxw_col_t col)
{
    return xw_range(XW_SHEET_PORTFOLIO,
                            XW_PF_FIRST_ROW, col,
                            xw_pf_last_row(x), col);
}

char *xw_category_label(const isomm_catalog *c, size_t k)
{
    if (k >= c->category_count)
        return core_strdup("");
    return core_asprintf("%s. %s", c->categories[k].id, c->categories[k].name);
}

