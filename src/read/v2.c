/*
 * v2.c - ISOMM v2.1 (v2.0) self-check sheets: which sheet's table is read
 * (every sheet is offered as it is loaded; only the best candidate is
 * kept), reading it (table, marks, form controls), and the message when
 * no sheet holds one.
 */
#include "read.h"

#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One warning when the table holds no selection at all: the marks may be
 * cell colours, or form controls the file no longer holds. */
static isomm_error warn_no_selection(const reader_sheet *s, const reader_table *t,
                                            isomm_assessment *a)
{
    for (size_t k = 0; k < a->catalog->role_count; k++)
        if (a->answers[k].insource || a->answers[k].outsource)
            return ISOMM_OK;
    /* reader_read_marks already said why: level numbers printed everywhere */
    for (size_t i = 0; i < a->warnings.count; i++)
        if (strstr(a->warnings.items[i], READER_PRINTED_LEVELS))
            return ISOMM_OK;
    long c1 = -1, c2 = -1;
    for (int l = 0; l < 6; l++) {
        long cs[2] = {t->in_cols[l], t->out_cols[l]};
        for (int i = 0; i < 2; i++) {
            if (cs[i] < 0)
                continue;
            if (c1 < 0 || cs[i] < c1)
                c1 = cs[i];
            if (cs[i] > c2)
                c2 = cs[i];
        }
    }
    if (t->numeric) {
        c1 = t->in_col < t->out_col ? t->in_col : t->out_col;
        c2 = t->in_col < t->out_col ? t->out_col : t->in_col;
    }
    unsigned last = t->level_row + 1, r, c;
    const char *colon = a->table_range ? strchr(a->table_range, ':') : NULL;
    if (colon && ooxml_parse_ref(colon + 1, &r, &c) == 0 && r > last)
        last = r;
    char tl[16], br[16];
    ooxml_cell_ref(t->level_row + 1, c1 < 0 ? 0 : (unsigned)c1, tl);
    ooxml_cell_ref(last, c2 < 0 ? 0 : (unsigned)c2, br);
    if (core_strlist_addf(&a->warnings,
                           t->numeric ? "%s: no level value found in the cells %s:%s; every "
                                        "role is blank"
                                      : "%s: no selection found in the level cells %s:%s "
                                        "(marks may be cell colours, or form controls the "
                                        "file no longer holds); every role is blank",
                           s->name, tl, br))
        return ISOMM_ERR_NOMEM;
    return ISOMM_OK;
}

/* How a sheet's name and state rank it among sheets that all hold a full
 * table: visible before hidden; then not an example (a name with 記入例,
 * 入力例, 記載例, 回答例, サンプル, Sample, Example, 例, or a 【記入例】 banner
 * above the table); then a name not marked old (旧, old, 前回, 前年, 昨年,
 * 過去, previous, backup, バックアップ, コピー, copy, 控え); then a name
 * marking the current state (現状, As-Is, 現在) before an unmarked one before
 * a target (目標, To-Be, あるべき, 将来); then the sheet with more than twice
 * as many selections as the other (a blank or barely started template
 * beside a filled copy); then the later year in the name (入力シート(2024)
 * before 入力シート(2023), FY2021 before FY2020, 令和2年度 before 令和元年度);
 * then, when neither name has a year, the later date labelled on the sheet.
 * A table whose level columns or role rows are mostly hidden ranks as a
 * hidden sheet. */
typedef struct sheet_rank {
    int hidden, example, old, asis, year;
} sheet_rank;

static sheet_rank rank_sheet(ooxml_book *book, size_t i, const reader_table *t)
{
    sheet_rank r = {ooxml_sheet_hidden(book, i) || t->hidden, t->example, 0, 0, 0};
    const char *name = ooxml_sheet_name(book, i);
    char *h = reader_header_norm(name);
    if (!h)
        return r;
    static const char *const old[] = {"旧", "old", "前回", "前年", "昨年", "過去", "prev",
                                      "backup", "バックアップ", "コピー", "copy", "控え", "bak"};
    for (size_t k = 0; k < sizeof old / sizeof *old; k++)
        r.old |= strstr(h, old[k]) != NULL;
    static const char *const example[] = {"記入例", "入力例", "記載例", "回答例", "サンプル",
                                          "sample", "example"};
    for (size_t k = 0; k < sizeof example / sizeof *example; k++)
        r.example |= strstr(h, example[k]) != NULL;
    r.example |= reader_example_text(name);
    if (strstr(h, "現状") || strstr(h, "as-is") || strstr(h, "asis") || strstr(h, "現在"))
        r.asis = 1;
    else if (strstr(h, "目標") || strstr(h, "to-be") || strstr(h, "tobe") ||
             strstr(h, "あるべき") || strstr(h, "将来"))
        r.asis = -1;
    free(h);
    r.year = reader_sheet_year(book, i);
    return r;
}

/* 1 if table a on sheet ai is to be read rather than b on bi; *why says
 * what decided between two full tables. */
static int sheet_better(ooxml_book *book, const reader_table *a, size_t ai,
                        const reader_table *b, size_t bi, size_t need, const char **why)
{
    int fa = a->stage == 4 && a->role_count >= need, fb = b->stage == 4 && b->role_count >= need;
    if (!fa || !fb)
        return fa != fb ? fa : reader_table_better(a, b);
    sheet_rank ra = rank_sheet(book, ai, a), rb = rank_sheet(book, bi, b);
    if (ra.hidden != rb.hidden) {
        *why = "it is visible, the other hidden";
        return rb.hidden;
    }
    if (ra.example != rb.example) {
        *why = "the other is an example (記入例, サンプル)";
        return rb.example;
    }
    if (ra.old != rb.old) {
        *why = "the other's name marks it as old";
        return rb.old;
    }
    if (ra.asis != rb.asis) {
        sheet_rank w = ra.asis > rb.asis ? ra : rb, l = ra.asis > rb.asis ? rb : ra;
        *why = w.asis > 0 && l.asis < 0 ? "its name marks the current state (現状), the "
                                          "other's a target (目標)"
               : w.asis > 0             ? "its name marks the current state (現状)"
                                        : "the other's name marks a target (目標)";
        return ra.asis > rb.asis;
    }
    if (a->selections > 2 * b->selections || b->selections > 2 * a->selections) {
        /* a blank template, or one barely started, beside a filled copy */
        *why = (a->selections > b->selections ? b : a)->selections
                   ? "it holds more than twice as many selections"
                   : "it holds selections, the other none (a blank template)";
        return a->selections > b->selections;
    }
    if (ra.year && rb.year && ra.year != rb.year) {
        *why = "its name has the later year";
        return ra.year > rb.year;
    }
    if (!ra.year && !rb.year && a->date[0] && b->date[0] && strcmp(a->date, b->date)) {
        *why = "its assessment date is the later one";
        return strcmp(a->date, b->date) > 0;
    }
    if (a->role_count != b->role_count) {
        *why = "it holds more role IDs";
        return a->role_count > b->role_count;
    }
    *why = "it comes first";
    return 0;
}

static void column_name(unsigned col, char buf[16])
{
    ooxml_cell_ref(0, col, buf);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] >= '0' && buf[n - 1] <= '9')
        buf[--n] = '\0';
}

static isomm_error no_table(const char *path, const isomm_catalog *cat,
                            ooxml_book *book, const reader_table *t, size_t need,
                            char *errbuf)
{
    size_t sheets = ooxml_sheet_count(book), roles = cat->role_count;
    const char *first = roles ? cat->roles[0].id : "?";
    const char *last = roles ? cat->roles[roles - 1].id : "?";
    char closest[1024];
    const char *sheet = ooxml_sheet_name(book, t->sheet);
    char in[16], out[16], col[16];
    ooxml_cell_ref(t->in_row, t->in_col, in);
    ooxml_cell_ref(t->out_row, t->out_col, out);
    column_name(t->role_col, col);
    switch (sheets ? t->stage : -1) {
    case 4:
        snprintf(closest, sizeof closest,
                 "closest: sheet %s, header with インソース at %s but only %zu of "
                 "%zu role IDs (at least %zu needed)", sheet, in, t->role_count,
                 roles, need);
        break;
    case 3:
        if (t->no_levels[0] && (!t->why_not[0] || strstr(t->why_not, "merged"))) {
            snprintf(closest, sizeof closest,
                     "closest: sheet %s, header with インソース at %s and アウトソース "
                     "at %s but %s; %zu of %zu role IDs", sheet, in, out, t->no_levels,
                     t->role_count, roles);
            break;
        }
        snprintf(closest, sizeof closest,
                 "closest: sheet %s, header with インソース at %s and アウトソース "
                 "at %s but no level columns 0–5 below them%s%s%s; %zu of %zu role IDs",
                 sheet, in, out,
                 t->why_not[0] ? ", and not one column each holding the level 0–5 ("
                               : "",
                 t->why_not, t->why_not[0] ? ")" : "", t->role_count, roles);
        break;
    case 2:
        snprintf(closest, sizeof closest,
                 "closest: sheet %s, %s at %s but no %s in the same header row; "
                 "%zu of %zu role IDs", sheet,
                 t->found_in ? "インソース" : "アウトソース", t->found_in ? in : out,
                 t->found_in ? "アウトソース" : "インソース", t->role_count, roles);
        break;
    case 1:
        snprintf(closest, sizeof closest,
                 "closest: sheet %s, %zu of %zu role IDs in column %s but no "
                 "インソース/アウトソース header", sheet, t->role_count, roles, col);
        break;
    case -1:
        snprintf(closest, sizeof closest, "the workbook has no sheets");
        break;
    default:
        snprintf(closest, sizeof closest,
                 "no sheet has role IDs or an インソース/アウトソース header");
        break;
    }
    return core_fail(errbuf, ISOMM_ERR_NO_TABLE,
                      "%s: no ISOMM v2.1 table found: looked on %zu sheet%s for a "
                      "header with インソース and アウトソース above level columns "
                      "0–5 and rows with role IDs %s … %s; %s", path, sheets,
                      sheets == 1 ? "" : "s", first, last, closest);
}


void reader_v2_init(reader_v2_pick *p, const isomm_catalog *catalog)
{
    memset(p, 0, sizeof *p);
    p->need = (catalog->role_count + 1) / 2;
    if (p->need == 0)
        p->need = 1;
}

void reader_v2_release(reader_v2_pick *p)
{
    reader_sheet_unref(p->sheet);
    free(p->full);
    memset(p, 0, sizeof *p);
}

/* Remember a sheet holding a full table (for the warning naming them). */
static isomm_error add_full(reader_v2_pick *p, size_t sheet, const reader_table *t)
{
    if (p->nfull == p->full_cap) {
        size_t cap = p->full_cap ? 2 * p->full_cap : 4;
        struct reader_v2_full *f = realloc(p->full, cap * sizeof *f);
        if (!f)
            return ISOMM_ERR_NOMEM;
        p->full = f;
        p->full_cap = cap;
    }
    p->full[p->nfull].sheet = sheet;
    p->full[p->nfull].table = *t;
    p->nfull++;
    return ISOMM_OK;
}

isomm_error reader_v2_scan(reader_v2_pick *p, ooxml_book *book, reader_sheet *s,
                           const isomm_catalog *catalog, const char *date)
{
    reader_table t;
    isomm_error err = reader_find_table(s, catalog, &t);
    if (!err && t.role_count >= p->need && (t.stage < 4 || t.numeric)) {
        char errbuf[ISOMM_ERRBUF_SIZE];
        err = reader_find_dropdowns(book, s, &t, p->need, errbuf);
        if (err && err != ISOMM_ERR_NOMEM) /* unreadable controls: no drop-downs */
            err = ISOMM_OK;
    }
    if (date)
        snprintf(t.date, sizeof t.date, "%s", date);
    if (!err && t.stage == 4 && t.role_count >= p->need)
        err = add_full(p, s->index, &t);
    if (err)
        return err;
    const char *why = "it comes first";
    if (!p->sheet || sheet_better(book, &t, s->index, &p->table, p->sheet->index, p->need,
                                  &why)) {
        reader_sheet_unref(p->sheet);
        p->sheet = reader_sheet_ref(s);
        p->table = t;
    }
    return ISOMM_OK;
}

int reader_v2_found(const reader_v2_pick *p)
{
    return p->sheet && p->table.stage == 4 && p->table.role_count >= p->need;
}

isomm_error reader_v2_no_table(const reader_v2_pick *p, ooxml_book *book,
                               const isomm_catalog *catalog, char *errbuf)
{
    static const reader_table none;
    return no_table(ooxml_path(book), catalog, book, p->sheet ? &p->table : &none, p->need,
                    errbuf);
}

/* The warnings naming what was not read: another grid on the sheet, other
 * sheets with a full table. */
static isomm_error warn_others(const reader_v2_pick *p, ooxml_book *book, isomm_assessment *a)
{
    const reader_table *best = &p->table;
    const char *name = p->sheet->name;
    if (best->ignored[0]) {
        char ref[16];
        ooxml_cell_ref(best->in_row, best->in_col, ref);
        if (core_strlist_addf(&a->warnings,
                               "%s: two インソース/アウトソース grids; read the one with "
                               "インソース at %s%s%s%s, ignored the one with %s",
                               name, ref, best->label[0] ? " under '" : "", best->label,
                               best->label[0] ? "'" : "", best->ignored))
            return ISOMM_ERR_NOMEM;
    }
    for (size_t f = 0; p->nfull > 1 && f < p->nfull; f++) {
        if (p->full[f].sheet == p->sheet->index)
            continue;
        const char *why = "it comes first";
        sheet_better(book, best, p->sheet->index, &p->full[f].table, p->full[f].sheet,
                     p->need, &why);
        if (core_strlist_addf(&a->warnings,
                               "%s: sheets '%s' and '%s' both hold a full table; read "
                               "'%s' (%s)", name, name,
                               ooxml_sheet_name(book, p->full[f].sheet), name, why))
            return ISOMM_ERR_NOMEM;
    }
    return ISOMM_OK;
}

isomm_error reader_v2_read(const reader_v2_pick *p, ooxml_book *book, isomm_assessment *a,
                           char *errbuf)
{
    const char *path = ooxml_path(book);
    isomm_error err = reader_read_table(p->sheet, &p->table, a);
    if (!err)
        err = warn_others(p, book, a);
    if (!err && (p->table.dropdown || !p->table.numeric)) {
        err = p->table.dropdown ? reader_read_dropdowns(book, p->sheet, &p->table, a, errbuf)
                                : reader_apply_controls(book, p->sheet, &p->table, a, errbuf);
        if (err)
            return err;
    }
    if (!err)
        err = warn_no_selection(p->sheet, &p->table, a);
    if (err)
        return core_fail(errbuf, err, "%s: out of memory", path);
    return ISOMM_OK;
}
