/*
 * write_roles.c - the "v2.1 入力" sheet: the 54 v2.1 roles as read from
 * the source sheet (state, side, level, note) with the two patterns it
 * chose; written only when the portfolio has roles. The v2.1 averages of
 * カテゴリー別 are formulas over this sheet. Rows and columns:
 * write_xlsx_internal.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "util.h"
#include "write_xlsx_internal.h"

static const char *state_label(isomm_role_state state)
{
    switch (state) {
    case ISOMM_ROLE_SCORED: return "評価済み";
    case ISOMM_ROLE_DECLINED: return "対象外(0)";
    case ISOMM_ROLE_BLANK: break;
    }
    return "未回答";
}

void isomm_xlsx_write_roles(isomm_xlsx *x)
{
    const isomm_portfolio *p = x->portfolio;
    const isomm_catalog *c = x->catalog;
    const isomm_xlsx_formats *f = &x->fmt;

    lxw_worksheet *ws = isomm_xlsx_add_sheet(x, ISOMM_XLSX_SHEET_ROLES);
    if (!ws)
        return;
    isomm_xlsx_page_setup(x, ws, 1, 0);

    isomm_xlsx_string(x, ws, ISOMM_XLSX_ROLES_TITLE_ROW, 0,
                      "ISOMM v2.1 セルフチェックの回答（読み取ったまま）", f->title);
    isomm_xlsx_row_height(x, ws, ISOMM_XLSX_ROLES_TITLE_ROW, 28);
    const struct {
        const char *label, *value;
    } info[] = {
        {"現在のパターン", isomm_xlsx_pattern_name(c, p->pattern_current)},
        {"目指すパターン", isomm_xlsx_pattern_name(c, p->pattern_target)},
        {"入力ファイル", p->path},
        {"シート", p->sheet},
    };
    for (size_t i = 0; i < sizeof info / sizeof info[0]; i++) {
        lxw_row_t row = ISOMM_XLSX_ROLES_INFO_ROW + (lxw_row_t)i;
        if (row >= ISOMM_XLSX_ROLES_HEADER_ROW)
            break;
        isomm_xlsx_string(x, ws, row, ISOMM_XLSX_ROLES_COL_FUNCTION,
                          info[i].label, f->label);
        isomm_xlsx_string(x, ws, row, ISOMM_XLSX_ROLES_COL_ID, info[i].value,
                          NULL);
    }

    static const struct {
        const char *label;
        double width;
    } cols[ISOMM_XLSX_ROLES_COLS] = {
        [ISOMM_XLSX_ROLES_COL_FUNCTION] = {"機能", 0}, /* fitted */
        [ISOMM_XLSX_ROLES_COL_ID] = {"ID", 7},
        [ISOMM_XLSX_ROLES_COL_NAME] = {"役割", 0},     /* fitted */
        [ISOMM_XLSX_ROLES_COL_STATE] = {"状態", 11},
        [ISOMM_XLSX_ROLES_COL_SIDE] = {"インソース / アウトソース", 14},
        [ISOMM_XLSX_ROLES_COL_LEVEL] = {"レベル", 8},
        [ISOMM_XLSX_ROLES_COL_NOTE] = {"備考", 0},     /* fitted */
    };
    double fn_width = 0, name_width = 0, note_width = 0;
    for (size_t i = 0; i < c->function_count; i++) {
        double w = isomm_xlsx_text_width(c->functions[i].name) + 3;
        fn_width = w > fn_width ? w : fn_width;
    }
    for (size_t i = 0; i < c->role_count; i++) {
        double w = isomm_xlsx_text_width(c->roles[i].name);
        name_width = w > name_width ? w : name_width;
        w = isomm_xlsx_text_width(p->role_notes ? p->role_notes[i] : NULL);
        note_width = w > note_width ? w : note_width;
    }
    fn_width = isomm_xlsx_clamp(fn_width + 2, 16, 40);
    name_width = isomm_xlsx_clamp(name_width + 2, 16, 44);
    note_width = isomm_xlsx_clamp(note_width + 2, 16, 60);
    for (lxw_col_t col = 0; col < ISOMM_XLSX_ROLES_COLS; col++) {
        double width = col == ISOMM_XLSX_ROLES_COL_FUNCTION ? fn_width
                       : col == ISOMM_XLSX_ROLES_COL_NAME   ? name_width
                       : col == ISOMM_XLSX_ROLES_COL_NOTE   ? note_width
                                                            : cols[col].width;
        isomm_xlsx_width(x, ws, col, col, width, NULL);
        isomm_xlsx_string(x, ws, ISOMM_XLSX_ROLES_HEADER_ROW, col,
                          cols[col].label, f->header);
    }
    isomm_xlsx_row_height(x, ws, ISOMM_XLSX_ROLES_HEADER_ROW, 33);

    lxw_row_t row = ISOMM_XLSX_ROLES_FIRST_ROW;
    for (size_t i = 0; i < c->role_count && !isomm_xlsx_failed(x); i++, row++) {
        const isomm_role_result *r = &p->roles[i];
        const isomm_group *fn = &c->functions[c->roles[i].function];
        char *fn_label = isomm_asprintf("%s. %s", fn->id, fn->name);
        if (!fn_label) {
            isomm_xlsx_nomem(x);
            return;
        }
        isomm_xlsx_string(x, ws, row, ISOMM_XLSX_ROLES_COL_FUNCTION, fn_label,
                          f->wrap);
        isomm_xlsx_string(x, ws, row, ISOMM_XLSX_ROLES_COL_ID, c->roles[i].id,
                          f->center);
        isomm_xlsx_string(x, ws, row, ISOMM_XLSX_ROLES_COL_NAME,
                          c->roles[i].name, f->wrap);
        isomm_xlsx_string(x, ws, row, ISOMM_XLSX_ROLES_COL_STATE,
                          state_label(r->state), f->center);
        isomm_xlsx_string(x, ws, row, ISOMM_XLSX_ROLES_COL_SIDE,
                          isomm_side_label(r->side), f->center);
        isomm_xlsx_score(x, ws, row, ISOMM_XLSX_ROLES_COL_LEVEL, r->level,
                         f->score);
        const char *note = p->role_notes ? p->role_notes[i] : NULL;
        isomm_xlsx_string(x, ws, row, ISOMM_XLSX_ROLES_COL_NOTE, note,
                          f->wrap);
        unsigned a = isomm_xlsx_text_lines(c->roles[i].name, name_width);
        unsigned b = isomm_xlsx_text_lines(note, note_width);
        unsigned d = isomm_xlsx_text_lines(fn_label, fn_width);
        unsigned lines = a > b ? a : b;
        isomm_xlsx_table_row(x, ws, row, lines > d ? lines : d);
        free(fn_label);
    }

    worksheet_freeze_panes(ws, ISOMM_XLSX_ROLES_FIRST_ROW, 0);
    if (!isomm_xlsx_failed(x) && c->role_count > 0) {
        lxw_row_t last = ISOMM_XLSX_ROLES_HEADER_ROW + (lxw_row_t)c->role_count;
        isomm_xlsx_ok(x, worksheet_autofilter(ws, ISOMM_XLSX_ROLES_HEADER_ROW, 0,
                                              last, ISOMM_XLSX_ROLES_COLS - 1));
        isomm_xlsx_ok(x, worksheet_repeat_rows(ws, ISOMM_XLSX_ROLES_HEADER_ROW,
                                               ISOMM_XLSX_ROLES_HEADER_ROW));
    }
}
