/* colours.c - the conditional colours every workbook shares: one fixed
 * score scale (a colour means the same score on every sheet and in every
 * workbook) and green / red for a change up or down. */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <stdio.h>
#include <string.h>

void xw_score_scale(xw_book *x, lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1,
                    lxw_row_t r2, lxw_col_t c2)
{
    if (xw_failed(x) || r2 < r1 || c2 < c1)
        return;
    lxw_conditional_format cf = {
        .type = LXW_CONDITIONAL_3_COLOR_SCALE,
        .min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
        .min_value = 1,
        .min_color = XW_COLOR_SCORE_LOW,
        .mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
        .mid_value = 3,
        .mid_color = XW_COLOR_SCORE_MID,
        .max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
        .max_value = 5,
        .max_color = XW_COLOR_SCORE_HIGH,
    };
    xw_ok(x, worksheet_conditional_format_range(ws, r1, c1, r2, c2, &cf));
}

/* The dxf format of a change (font and fill only count), made once. */
static lxw_format *change_format(xw_book *x, lxw_format **slot, lxw_color_t font,
                                 lxw_color_t fill)
{
    if (!*slot) {
        *slot = workbook_add_format(x->workbook);
        if (!*slot) {
            xw_nomem(x);
            return NULL;
        }
        format_set_font_color(*slot, font);
        format_set_bg_color(*slot, fill);
    }
    return *slot;
}

void xw_change_colours(xw_book *x, lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1,
                       lxw_row_t r2, lxw_col_t c2, int lower_is_better)
{
    if (xw_failed(x) || r2 < r1 || c2 < c1)
        return;
    lxw_format *up = change_format(x, &x->fmt.cf_up, 0x006100, 0xC6EFCE);
    lxw_format *down = change_format(x, &x->fmt.cf_down, 0x9C0006, 0xFFC7CE);
    if (!up || !down)
        return;
    /* A formula rule: "" (no change to show) compares as text, never as a
     * number above or below 0. */
    char first[LXW_MAX_CELL_NAME_LENGTH], rule[2][96];
    lxw_rowcol_to_cell(first, r1, c1);
    snprintf(rule[0], sizeof rule[0], "=AND(ISNUMBER(%s),%s>0)", first, first);
    snprintf(rule[1], sizeof rule[1], "=AND(ISNUMBER(%s),%s<0)", first, first);
    for (int i = 0; i < 2; i++) {
        lxw_conditional_format cf = {
            .type = LXW_CONDITIONAL_TYPE_FORMULA,
            .value_string = rule[i],
            .format = (i != 0) != (lower_is_better != 0) ? down : up,
        };
        xw_ok(x, worksheet_conditional_format_range(ws, r1, c1, r2, c2, &cf));
    }
}
