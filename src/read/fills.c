/*
 * read/fills.c - answers shown by a cell's fill colour only: the chosen
 * level cell of a row side is filled (any colour) and the others are not,
 * or every level cell holds its level number or a common base fill and the
 * chosen one is filled differently. Read only when no level cell of the
 * table holds a mark. White counts as no fill (it looks like none). A
 * level column filled alike in nearly every row (a column shaded as
 * decoration) is left out, so it never reads as everybody's answer.
 */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define DECORATION_SHARE 0.9 /* of the role rows: a column shaded as a style */
#define DECORATION_MIN_ROWS 8

/* The fill of a cell as the reader sees it: white is no fill. */
static uint32_t seen_fill(const reader_sheet *s, unsigned row, long col)
{
    uint32_t f = col >= 0 ? ooxml_grid_fill(s->grid, row, (unsigned)col) : OOXML_NO_FILL;
    return f == 0xFFFFFFu ? OOXML_NO_FILL : f;
}

/* The fill most of a row side's level cells have (the first on a tie). */
static uint32_t majority(const uint32_t f[6], const long cols[6])
{
    uint32_t best = OOXML_NO_FILL;
    int most = 0;
    for (int l = 0; l < 6; l++) {
        int n = 0;
        for (int m = 0; m < 6 && cols[l] >= 0; m++)
            n += cols[m] >= 0 && f[m] == f[l];
        if (n > most) {
            most = n;
            best = f[l];
        }
    }
    return best;
}

/* The level whose cell alone differs from the side's others (among the
 * columns not decorated), or -1. */
static int odd_one(const uint32_t f[6], const long cols[6], const int decorated[6])
{
    int levels = 0, odd = -1, odd_count = 0;
    uint32_t base = majority(f, cols);
    for (int l = 0; l < 6; l++) {
        if (cols[l] < 0 || decorated[l])
            continue;
        levels++;
        if (f[l] != base) {
            odd = l;
            odd_count++;
        }
    }
    return levels >= 4 && odd_count == 1 ? odd : -1;
}

/* Columns (per side) filled in nearly every role row with one colour that
 * differs from the row's other cells: decoration. */
static void find_decoration(const reader_sheet *s, const reader_table *t, const reader_row *rows,
                            size_t nrows, int decorated[2][6])
{
    memset(decorated, 0, 2 * 6 * sizeof **decorated);
    if (nrows < DECORATION_MIN_ROWS)
        return;
    for (int side = 0; side < 2; side++) {
        const long *cols = side ? t->out_cols : t->in_cols;
        for (int l = 0; l < 6; l++) {
            if (cols[l] < 0)
                continue;
            size_t alike = 0;
            uint32_t first = OOXML_NO_FILL;
            for (size_t i = 0; i < nrows; i++) {
                uint32_t f[6];
                for (int m = 0; m < 6; m++)
                    f[m] = seen_fill(s, rows[i].row, cols[m]);
                if (f[l] == majority(f, cols))
                    continue;
                if (first == OOXML_NO_FILL)
                    first = f[l];
                alike += f[l] == first;
            }
            decorated[side][l] = (double)alike >= DECORATION_SHARE * (double)nrows;
        }
    }
}

isomm_error reader_read_fills(const reader_sheet *s, const reader_table *t,
                              const reader_row *rows, size_t nrows, isomm_assessment *a,
                              size_t *sides)
{
    *sides = 0;
    if (!s->grid->fill_count)
        return ISOMM_OK;
    int decorated[2][6];
    find_decoration(s, t, rows, nrows, decorated);
    for (size_t i = 0; i < nrows; i++)
        for (int side = 0; side < 2; side++) {
            const long *cols = side ? t->out_cols : t->in_cols;
            uint32_t f[6];
            for (int l = 0; l < 6; l++)
                f[l] = seen_fill(s, rows[i].row, cols[l]);
            int l = odd_one(f, cols, decorated[side]);
            if (l < 0)
                continue;
            isomm_answer *ans = &a->answers[rows[i].role];
            if (side)
                ans->outsource |= 1u << l;
            else
                ans->insource |= 1u << l;
            (*sides)++;
        }
    if (!*sides)
        return ISOMM_OK;
    free(a->selections);
    a->selections = core_strdup("fill colours of the level cells (the one cell of a row side "
                                "filled differently)");
    if (!a->selections ||
        core_strlist_addf(&a->warnings,
                          "%s: no marks in the level cells; the selections of %zu row side%s "
                          "were read from cell fill colours (the one level cell of a row side "
                          "filled differently)", s->name, *sides, *sides == 1 ? "" : "s"))
        return ISOMM_ERR_NOMEM;
    return ISOMM_OK;
}
