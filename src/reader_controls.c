/*
 * reader_controls.c - the form-controls layout: option buttons placed over
 * the level cells of a v2.1 table (the cells themselves stay empty). A
 * checked button selects the level column it sits over, in the role row it
 * sits in. Without a checked state, a group's linked cell (fmlaLink: all
 * buttons sharing it form a group) holds the 1-based index of the chosen
 * button, counted in reading order (row, then column).
 */
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Role index of row `row` in the table's role column (merged role cells
 * count for every row they cover), or -1; *ref gets the role cell. */
static long role_at(const reader_sheet *s, const reader_table *t, unsigned row)
{
    const xlsx_grid *g = s->grid;
    const xlsx_cell *c = xlsx_grid_at(g, row, t->role_col);
    if (!c) {
        const xlsx_range *m = xlsx_grid_merge_at(g, row, t->role_col);
        if (m)
            c = xlsx_grid_at(g, m->r1, m->c1);
    }
    return c ? s->role[c - g->cells] : -1;
}

/* The linked cell's position on this sheet ("$X$5", "X5", "'入力シート'!$X$5"). */
static int link_ref(const reader_sheet *s, const char *link, unsigned *row, unsigned *col)
{
    const char *bang = strrchr(link, '!');
    const char *ref = link;
    if (bang) {
        size_t n = (size_t)(bang - link);
        const char *name = link;
        if (n >= 2 && name[0] == '\'' && name[n - 1] == '\'') {
            name++;
            n -= 2;
        }
        if (strlen(s->name) != n || strncmp(s->name, name, n) != 0)
            return -1; /* another sheet */
        ref = bang + 1;
    }
    return xlsx_parse_ref(ref, row, col);
}

static int cmp_pos(const void *a, const void *b)
{
    const xlsx_control *x = *(const xlsx_control *const *)a, *y = *(const xlsx_control *const *)b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->col > y->col) - (x->col < y->col);
}

static isomm_error select_button(const reader_sheet *s, const reader_table *t,
                                 const xlsx_control *c, isomm_assessment *a)
{
    char ref[16];
    xlsx_cell_ref(c->row, c->col, ref);
    long k = c->row > t->level_row ? role_at(s, t, c->row) : -1;
    for (int l = 0; k >= 0 && l < 6; l++) {
        if (t->in_cols[l] == (long)c->col) {
            a->answers[k].insource |= 1u << l;
            return ISOMM_OK;
        }
        if (t->out_cols[l] == (long)c->col) {
            a->answers[k].outsource |= 1u << l;
            return ISOMM_OK;
        }
    }
    if (isomm_strlist_addf(&a->warnings,
                           "%s!%s (%s): a selected %s is not over a level "
                           "column of a role row; ignored", s->name, ref,
                           k >= 0 ? a->catalog->roles[k].id : "no role",
                           c->checkbox ? "check box" : "option button"))
        return ISOMM_ERR_NOMEM;
    return ISOMM_OK;
}

isomm_error reader_apply_controls(xlsx_book *book, const reader_sheet *s,
                                  const reader_table *t, isomm_assessment *a,
                                  char *errbuf)
{
    xlsx_control *cs = NULL;
    size_t n = 0;
    isomm_error err = xlsx_load_controls(book, s->index, &cs, &n, errbuf);
    if (err || n == 0)
        return err;
    /* Only buttons inside the table make it a form-controls table. */
    size_t inside = 0;
    for (size_t i = 0; i < n; i++)
        inside += cs[i].row > t->level_row && role_at(s, t, cs[i].row) >= 0;
    if (inside == 0) {
        free(cs);
        return ISOMM_OK;
    }
    const xlsx_control **order = malloc(n * sizeof *order);
    unsigned char *done = calloc(n, 1);
    if (!order || !done) {
        free(order);
        free(done);
        free(cs);
        return isomm_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", xlsx_path(book));
    }
    int by_checked = 0, by_link = 0, checkboxes = 0;
    size_t links = 0; /* linked cells holding a value */
    for (size_t i = 0; i < n; i++)
        order[i] = &cs[i];
    qsort(order, n, sizeof *order, cmp_pos);
    for (size_t i = 0; !err && i < n; i++) {
        if (done[i])
            continue;
        if (order[i]->checkbox) {
            /* a check box: checked, or its linked cell holds TRUE */
            done[i] = 1;
            int on = order[i]->checked;
            unsigned lr, lc;
            if (on) {
                by_checked = 1;
            } else if (*order[i]->link && link_ref(s, order[i]->link, &lr, &lc) == 0) {
                const xlsx_cell *v = xlsx_grid_at(s->grid, lr, lc);
                on = v && (v->type == XLSX_BOOL || v->type == XLSX_NUMBER) &&
                     (strcmp(v->text, "TRUE") == 0 || v->number == 1);
                by_link |= on;
                links += v && v->type != XLSX_EMPTY;
            }
            checkboxes = 1;
            if (on)
                err = select_button(s, t, order[i], a);
            continue;
        }
        /* The group: every button with the same linked cell ("" : alone). */
        size_t members[64], m = 0, checked = 0;
        for (size_t j = i; j < n && m < 64; j++)
            if (!done[j] && (j == i || (*order[i]->link &&
                                        strcmp(order[j]->link, order[i]->link) == 0))) {
                members[m++] = j;
                done[j] = 1;
                checked += order[j]->checked != 0;
            }
        if (checked) {
            by_checked = 1;
            for (size_t q = 0; !err && q < m; q++)
                if (order[members[q]]->checked)
                    err = select_button(s, t, order[members[q]], a);
            continue;
        }
        unsigned lr, lc;
        if (!*order[i]->link || link_ref(s, order[i]->link, &lr, &lc) != 0)
            continue;
        const xlsx_cell *v = xlsx_grid_at(s->grid, lr, lc);
        if (!v || v->type == XLSX_EMPTY)
            continue;
        links++;
        double idx = v->type == XLSX_NUMBER ? v->number : -1;
        char vref[16];
        xlsx_cell_ref(lr, lc, vref);
        if (idx >= 1 && idx <= (double)m && idx == (double)(size_t)idx) {
            by_link = 1;
            err = select_button(s, t, order[members[(size_t)idx - 1]], a);
        } else {
            long k = role_at(s, t, order[i]->row);
            if (isomm_strlist_addf(&a->warnings,
                                   "%s!%s (%s): linked cell of an option button group "
                                   "holds '%s', not a button number 1–%zu; ignored",
                                   s->name, vref, k >= 0 ? a->catalog->roles[k].id : "no role",
                                   v->text, m))
                err = ISOMM_ERR_NOMEM;
        }
    }
    if (err == ISOMM_ERR_NOMEM)
        err = isomm_fail(errbuf, err, "%s: out of memory", xlsx_path(book));
    int vml = cs[0].from_vml;
    if (!err && !by_checked && !by_link && !links &&
        isomm_strlist_addf(&a->warnings,
                           "%s: %zu form controls over the table, but none is checked and "
                           "no linked cell holds a choice; no selection read from them",
                           s->name, inside))
        err = isomm_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", xlsx_path(book));
    free(order);
    free(done);
    free(cs);
    if (!err) {
        free(a->layout);
        free(a->selections);
        a->layout = isomm_strdup("form-controls");
        a->selections = isomm_asprintf(
            "%s (form controls in %s): %s", checkboxes ? "check boxes" : "option buttons",
            vml ? "legacy VML drawing" : "xl/ctrlProps",
            by_checked && by_link ? "checked state and linked cells (fmlaLink)"
            : by_checked          ? "checked state"
            : by_link             ? "linked cells (fmlaLink)"
                                  : "none selected");
        if (!a->layout || !a->selections)
            err = isomm_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", xlsx_path(book));
    }
    return err;
}
