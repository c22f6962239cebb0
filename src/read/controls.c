/*
 * reader_controls.c - the form-controls layout: option buttons placed over
 * the level cells of a v2.1 table (the cells themselves stay empty). A
 * checked button selects the level column it sits over, in the role row it
 * sits in. Without a checked state, a group's linked cell (fmlaLink: all
 * buttons sharing it form a group) holds the 1-based index of the chosen
 * button, counted in reading order (row, then column).
 */
#include "read/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* Role index of row `row` in the table's role column (merged role cells
 * count for every row they cover), or -1; *ref gets the role cell. */
static long role_at(const reader_sheet *s, const reader_table *t, unsigned row)
{
    const ooxml_grid *g = s->grid;
    const ooxml_cell *c = ooxml_grid_at(g, row, t->role_col);
    if (!c) {
        const ooxml_range *m = ooxml_grid_merge_at(g, row, t->role_col);
        if (m)
            c = ooxml_grid_at(g, m->r1, m->c1);
    }
    return c ? s->role[c - g->cells] : -1;
}

/* The linked cell's position on this sheet ("$X$5", "X5", "'入力シート'!$X$5"). */
static int link_ref(const reader_sheet *s, const char *link, unsigned *row, unsigned *col)
{
    char sheet[256];
    const char *ref;
    reader_split_ref(link, sheet, sizeof sheet, &ref);
    if (ref != link && strcmp(sheet, s->name) != 0)
        return -1; /* another sheet */
    return ooxml_parse_ref(ref, row, col);
}

static int cmp_pos(const void *a, const void *b)
{
    const ooxml_control *x = *(const ooxml_control *const *)a, *y = *(const ooxml_control *const *)b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return (x > y) - (x < y); /* stable: document order */
}

/* The role, side (0 in, 1 out) and level a button is over; 0 if none. */
static int button_target(const reader_sheet *s, const reader_table *t, const ooxml_control *c,
                         long *k, int *side, int *level)
{
    *k = c->row > t->level_row ? role_at(s, t, c->row) : -1;
    for (int l = 0; *k >= 0 && l < 6; l++)
        for (int sd = 0; sd < 2; sd++)
            if ((sd ? t->out_cols : t->in_cols)[l] == (long)c->col) {
                *side = sd;
                *level = l;
                return 1;
            }
    return 0;
}

/* "D7 (A-1 insource level 2)" or "D7 (not over a level cell)". */
static void describe(const reader_sheet *s, const reader_table *t, const ooxml_control *c,
                     const isomm_assessment *a, char *buf, size_t size)
{
    char ref[16];
    long k;
    int side, level;
    ooxml_cell_ref(c->row, c->col, ref);
    if (button_target(s, t, c, &k, &side, &level))
        snprintf(buf, size, "%s (%s %s level %d)", ref, a->catalog->roles[k].id,
                 side ? "outsource" : "insource", level);
    else
        snprintf(buf, size, "%s (not over a level cell)", ref);
}

/* The group box a button's centre is in (the smallest), or -1. */
static long box_of(const ooxml_control *cs, size_t n, const ooxml_control *c)
{
    long best = -1;
    unsigned long area = 0;
    for (size_t i = 0; i < n; i++) {
        const ooxml_control *b = &cs[i];
        if (!b->groupbox || c->row < b->r1 || c->row > b->r2 || c->col < b->c1 ||
            c->col > b->c2)
            continue;
        unsigned long ar = (unsigned long)(b->r2 - b->r1 + 1) * (b->c2 - b->c1 + 1);
        if (best < 0 || ar < area) {
            best = (long)i;
            area = ar;
        }
    }
    return best;
}

static isomm_error select_button(const reader_sheet *s, const reader_table *t,
                                 const ooxml_control *c, isomm_assessment *a)
{
    char ref[16];
    ooxml_cell_ref(c->row, c->col, ref);
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
    if (core_strlist_addf(&a->warnings,
                           "%s!%s (%s): a selected %s is not over a level "
                           "column of a role row; ignored", s->name, ref,
                           k >= 0 ? a->catalog->roles[k].id : "no role",
                           c->checkbox ? "check box" : "option button"))
        return ISOMM_ERR_NOMEM;
    return ISOMM_OK;
}

/* A button selected through its group's linked cell: warn when it is not
 * over a level cell of a role row. */
static isomm_error select_linked(const reader_sheet *s, const reader_table *t,
                                 const ooxml_control *c, const char *vref, long idx,
                                 isomm_assessment *a)
{
    long k;
    int side, level;
    if (button_target(s, t, c, &k, &side, &level)) {
        if (side)
            a->answers[k].outsource |= 1u << level;
        else
            a->answers[k].insource |= 1u << level;
        return ISOMM_OK;
    }
    char ref[16];
    ooxml_cell_ref(c->row, c->col, ref);
    if (core_strlist_addf(&a->warnings,
                           "%s!%s (%s): linked cell holds %ld, which selects the option "
                           "button at %s, not over a level column of a role row; ignored",
                           s->name, vref, k >= 0 ? a->catalog->roles[k].id : "no role", idx,
                           ref))
        return ISOMM_ERR_NOMEM;
    return ISOMM_OK;
}

static int cmp_ptr(const void *a, const void *b)
{
    const ooxml_control *x = *(const ooxml_control *const *)a, *y = *(const ooxml_control *const *)b;
    return (x > y) - (x < y);
}

isomm_error reader_apply_controls(ooxml_book *book, const reader_sheet *s,
                                  const reader_table *t, isomm_assessment *a,
                                  char *errbuf)
{
    ooxml_control *cs = NULL;
    size_t n = 0;
    isomm_error err = ooxml_load_controls(book, s->index, &cs, &n, errbuf);
    size_t kept = 0; /* drop-downs are read by dropdowns.c */
    for (size_t i = 0; !err && i < n; i++)
        if (!cs[i].dropdown)
            cs[kept++] = cs[i];
    n = kept;
    if (err || n == 0) {
        free(cs);
        return err;
    }
    /* Only buttons inside the table make it a form-controls table. */
    size_t inside = 0;
    for (size_t i = 0; i < n; i++)
        inside += !cs[i].groupbox && cs[i].row > t->level_row && role_at(s, t, cs[i].row) >= 0;
    if (inside == 0) {
        free(cs);
        return ISOMM_OK;
    }
    const ooxml_control **order = malloc(n * sizeof *order);
    const ooxml_control **tmp = malloc(n * sizeof *tmp);
    size_t *members = malloc(n * sizeof *members);
    unsigned char *done = calloc(n, 1);
    long *box = malloc(n * sizeof *box);
    if (!order || !tmp || !members || !done || !box) {
        free(order);
        free(tmp);
        free(members);
        free(done);
        free(box);
        free(cs);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", ooxml_path(book));
    }
    int by_checked = 0, by_link = 0, checkboxes = 0;
    size_t links = 0; /* linked cells holding a value */
    for (size_t i = 0; i < n; i++)
        order[i] = &cs[i];
    qsort(order, n, sizeof *order, cmp_pos);
    for (size_t i = 0; i < n; i++)
        box[i] = order[i]->groupbox ? -1 : box_of(cs, n, order[i]);
    for (size_t i = 0; !err && i < n; i++) {
        if (done[i] || order[i]->groupbox)
            continue;
        unsigned lr = 0, lc = 0;
        int lok = *order[i]->link ? (link_ref(s, order[i]->link, &lr, &lc) == 0 ? 1 : -1) : 0;
        if (order[i]->checkbox) {
            /* a check box: checked, or its linked cell holds TRUE */
            done[i] = 1;
            int on = order[i]->checked;
            if (on) {
                by_checked = 1;
            } else if (lok == 1) {
                const ooxml_cell *v = ooxml_grid_at(s->grid, lr, lc);
                on = v && (v->type == OOXML_BOOL || v->type == OOXML_NUMBER) &&
                     (strcmp(v->text, "TRUE") == 0 || v->number == 1);
                by_link |= on;
                links += v && v->type != OOXML_EMPTY;
            }
            checkboxes = 1;
            if (on)
                err = select_button(s, t, order[i], a);
            continue;
        }
        /* The group: the option buttons in the same group box (or none)
         * sharing the linked cell; a button without one is alone. */
        size_t m = 0, checked = 0;
        for (size_t j = i; j < n; j++) {
            if (done[j] || order[j]->groupbox || order[j]->checkbox)
                continue;
            unsigned jr, jc;
            if (j != i && (lok != 1 || box[j] != box[i] || !*order[j]->link ||
                           link_ref(s, order[j]->link, &jr, &jc) != 0 || jr != lr || jc != lc))
                continue;
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
        long k0 = role_at(s, t, order[i]->row);
        const char *rid = k0 >= 0 && order[i]->row > t->level_row ? a->catalog->roles[k0].id
                                                                  : "no role";
        char bref[16];
        ooxml_cell_ref(order[i]->row, order[i]->col, bref);
        if (lok == -1) {
            if (core_strlist_addf(&a->warnings,
                                   "%s!%s (%s): the linked cell '%s' of an option button "
                                   "group is on another sheet or no cell; not read",
                                   s->name, bref, rid, order[i]->link))
                err = ISOMM_ERR_NOMEM;
            continue;
        }
        if (lok == 0)
            continue;
        const ooxml_cell *v = ooxml_grid_at(s->grid, lr, lc);
        if (!v || v->type == OOXML_EMPTY)
            continue;
        links++;
        double idx = v->type == OOXML_NUMBER ? v->number : -1;
        char vref[16];
        ooxml_cell_ref(lr, lc, vref);
        if (idx == 0)
            continue; /* no button chosen */
        if (!(idx >= 1 && idx <= (double)m && idx == (double)(size_t)idx)) {
            if (core_strlist_addf(&a->warnings,
                                   "%s!%s (%s): linked cell of an option button group "
                                   "holds '%s', not a button number 1–%zu; ignored",
                                   s->name, vref, rid, v->text, m))
                err = ISOMM_ERR_NOMEM;
            continue;
        }
        /* one group over several roles holds one answer for all of them */
        long first = -1, last = -1;
        size_t roles = 0;
        for (size_t q = 0; q < m; q++) {
            const ooxml_control *c = order[members[q]];
            long k = c->row > t->level_row ? role_at(s, t, c->row) : -1;
            if (k < 0 || k == last || k == first)
                continue;
            if (first < 0)
                first = k;
            last = k;
            roles++;
        }
        if (roles > 1) {
            if (core_strlist_addf(&a->warnings,
                                   "%s!%s (%s): linked cell holds %g, but the %zu option "
                                   "buttons sharing it lie in the rows of several roles "
                                   "(%s … %s), one choice for all of them; ignored",
                                   s->name, vref, rid, idx, m, a->catalog->roles[first].id,
                                   a->catalog->roles[last].id))
                err = ISOMM_ERR_NOMEM;
            continue;
        }
        /* the n-th button: Excel counts in the order the buttons were made
         * (the file's order); people count in reading order */
        size_t nth = (size_t)idx - 1;
        const ooxml_control *ro = order[members[nth]];
        for (size_t q = 0; q < m; q++)
            tmp[q] = order[members[q]];
        qsort(tmp, m, sizeof *tmp, cmp_ptr);
        const ooxml_control *co = tmp[nth];
        long k1, k2;
        int s1 = 0, s2 = 0, l1 = 0, l2 = 0;
        int t1 = button_target(s, t, ro, &k1, &s1, &l1), t2 = button_target(s, t, co, &k2, &s2, &l2);
        if (ro != co && !(t1 && t2 && k1 == k2 && s1 == s2 && l1 == l2)) {
            char d1[64], d2[64];
            describe(s, t, ro, a, d1, sizeof d1);
            describe(s, t, co, a, d2, sizeof d2);
            if (core_strlist_addf(&a->warnings,
                                   "%s!%s (%s): linked cell holds %g, but button %g is %s in "
                                   "reading order and %s in the order the buttons were "
                                   "made; ignored", s->name, vref, rid, idx, idx, d1, d2))
                err = ISOMM_ERR_NOMEM;
            continue;
        }
        by_link = 1;
        err = select_linked(s, t, ro, vref, (long)idx, a);
    }
    if (err == ISOMM_ERR_NOMEM)
        err = core_fail(errbuf, err, "%s: out of memory", ooxml_path(book));
    int vml = cs[0].from_vml;
    if (!err && !by_checked && !by_link && !links &&
        core_strlist_addf(&a->warnings,
                           "%s: %zu form controls over the table, but none is checked and "
                           "no linked cell holds a choice; no selection read from them",
                           s->name, inside))
        err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", ooxml_path(book));
    free(order);
    free(tmp);
    free(members);
    free(done);
    free(box);
    free(cs);
    if (!err) {
        free(a->layout);
        free(a->selections);
        a->layout = core_strdup("form-controls");
        a->selections = core_asprintf(
            "%s (form controls in %s): %s", checkboxes ? "check boxes" : "option buttons",
            vml ? "legacy VML drawing" : "xl/ctrlProps",
            by_checked && by_link ? "checked state and linked cells (fmlaLink)"
            : by_checked          ? "checked state"
            : by_link             ? "linked cells (fmlaLink)"
                                  : "none selected");
        if (!a->layout || !a->selections)
            err = core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", ooxml_path(book));
    }
    return err;
}
