/* formats.c - the cell formats the sheets share, made once per workbook
 * and de-duplicated. */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* ---- formats ---------------------------------------------------------- */

#define COLOR_HEADER_FILL 0xD9E1F2
#define COLOR_BORDER 0xA6A6A6

lxw_format *xw_bordered(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    if (f) {
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, COLOR_BORDER);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    }
    return f;
}

#define COLOR_INPUT_FILL 0xFFFBEA
#define COLOR_GREY 0x7F7F7F
#define COLOR_ACCENT 0x1F3864
#define COLOR_LIST_FILL 0xEDF2F9

/* The cell formats of `f` (not the conditional ones), plain then
 * bordered. */
#define PLAIN_FORMATS(f)                                                      \
    &(f)->title, &(f)->title_fit, &(f)->subtitle, &(f)->heading, &(f)->label, \
        &(f)->plain, &(f)->plain_count, &(f)->note, &(f)->footnote,           \
        &(f)->info, &(f)->info_label, &(f)->key_label, &(f)->key_value,       \
        &(f)->key_count, &(f)->key_plain, &(f)->key_note, &(f)->pick_name,    \
        &(f)->pick_score, &(f)->pick_text, &(f)->list_title,                  \
        &(f)->list_item, &(f)->list_score
#define BOXED_FORMATS(f)                                                      \
    &(f)->header, &(f)->text, &(f)->wrap, &(f)->center, &(f)->score,          \
        &(f)->input, &(f)->input_text, &(f)->average, &(f)->gap, &(f)->count, \
        &(f)->out_of_5

/* Allocate every format of `f`, plain or bordered; 0 when out of memory. */
static int alloc_formats(lxw_workbook *wb, xw_formats *f)
{
    lxw_format **plain[] = {PLAIN_FORMATS(f), &f->cf_grey, &f->cf_gap};
    lxw_format **boxed[] = {BOXED_FORMATS(f)};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (!(*plain[i] = workbook_add_format(wb)))
            return 0;
    for (size_t i = 0; i < sizeof boxed / sizeof boxed[0]; i++)
        if (!(*boxed[i] = xw_bordered(wb)))
            return 0;
    return 1;
}

/* 1 when libxlsxwriter sees `a` and `b` as the same cell format: it
 * compares the whole struct but for its pointers. */
static int same_format(const lxw_format *a, const lxw_format *b)
{
    lxw_format ka, kb; /* byte copies: the padding is compared too */
    memcpy(&ka, a, sizeof ka);
    memcpy(&kb, b, sizeof kb);
    lxw_format *keys[2] = {&ka, &kb};
    for (int i = 0; i < 2; i++) {
        keys[i]->file = NULL;
        keys[i]->xf_format_indices = NULL;
        keys[i]->dxf_format_indices = NULL;
        keys[i]->num_xf_formats = NULL;
        keys[i]->num_dxf_formats = NULL;
        keys[i]->list_pointers.stqe_next = NULL;
    }
    return memcmp(&ka, &kb, sizeof ka) == 0;
}

/* Use one format for formats with the same properties. libxlsxwriter
 * gives a format its style index when a cell first uses it, but a format
 * equal to one already indexed is looked up again (hashed) for every cell
 * that uses it; the workbook is the same either way. */
static void share_formats(xw_formats *f)
{
    lxw_format **all[] = {PLAIN_FORMATS(f), BOXED_FORMATS(f)};
    size_t n = sizeof all / sizeof all[0];
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (same_format(*all[i], *all[j])) {
                *all[i] = *all[j];
                break;
            }
}

int xw_make_formats(xw_book *x)
{
    xw_formats *f = &x->fmt;
    if (!alloc_formats(x->workbook, f))
        return 0;

    format_set_bold(f->title);
    format_set_font_size(f->title, 18);
    format_set_font_color(f->title, COLOR_ACCENT);

    /* The サマリー's title spans the page: a long one shrinks to fit. */
    format_set_bold(f->title_fit);
    format_set_font_size(f->title_fit, 18);
    format_set_font_color(f->title_fit, COLOR_ACCENT);
    format_set_align(f->title_fit, LXW_ALIGN_VERTICAL_CENTER);
    format_set_shrink(f->title_fit);
    format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);

    format_set_bold(f->subtitle);
    format_set_font_size(f->subtitle, 12);

    format_set_bold(f->heading);
    format_set_font_size(f->heading, 12);
    format_set_font_color(f->heading, COLOR_ACCENT);
    format_set_bottom(f->heading, LXW_BORDER_THIN);
    format_set_bottom_color(f->heading, COLOR_ACCENT);
    format_set_align(f->heading, LXW_ALIGN_VERTICAL_BOTTOM);

    format_set_bold(f->label);
    format_set_align(f->label, LXW_ALIGN_VERTICAL_TOP);

    format_set_text_wrap(f->plain);
    format_set_align(f->plain, LXW_ALIGN_LEFT);
    format_set_align(f->plain, LXW_ALIGN_VERTICAL_TOP);

    format_set_num_format(f->plain_count, "0");
    format_set_align(f->plain_count, LXW_ALIGN_LEFT);
    format_set_align(f->plain_count, LXW_ALIGN_VERTICAL_TOP);

    format_set_font_size(f->footnote, 9);
    format_set_font_color(f->footnote, COLOR_GREY);
    format_set_text_wrap(f->footnote);
    format_set_align(f->footnote, LXW_ALIGN_VERTICAL_TOP);

    format_set_font_size(f->note, 9);
    format_set_font_color(f->note, COLOR_GREY);
    format_set_align(f->note, LXW_ALIGN_VERTICAL_CENTER);

    format_set_bold(f->header);
    format_set_bg_color(f->header, COLOR_HEADER_FILL);
    format_set_text_wrap(f->header);
    format_set_align(f->header, LXW_ALIGN_CENTER);

    format_set_text_wrap(f->wrap);

    format_set_align(f->center, LXW_ALIGN_CENTER);

    format_set_num_format(f->score, "0");
    format_set_align(f->score, LXW_ALIGN_CENTER);

    format_set_num_format(f->input, "0");
    format_set_align(f->input, LXW_ALIGN_CENTER);
    format_set_bg_color(f->input, COLOR_INPUT_FILL);

    format_set_text_wrap(f->input_text);
    format_set_bg_color(f->input_text, COLOR_INPUT_FILL);

    format_set_num_format(f->average, "0.00");
    format_set_align(f->average, LXW_ALIGN_CENTER);

    format_set_num_format(f->gap, "+0;-0;0");
    format_set_align(f->gap, LXW_ALIGN_CENTER);

    format_set_num_format(f->count, "0");
    format_set_align(f->count, LXW_ALIGN_CENTER);

    format_set_num_format(f->out_of_5, "0.0\" / 5\"");
    format_set_align(f->out_of_5, LXW_ALIGN_CENTER);

    /* サマリー */
    format_set_shrink(f->info); /* a long name stays on its line */
    format_set_align(f->info, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bold(f->info_label);
    format_set_font_color(f->info_label, COLOR_ACCENT);
    format_set_align(f->info_label, LXW_ALIGN_VERTICAL_CENTER);

    format_set_align(f->key_label, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bottom(f->key_label, LXW_BORDER_HAIR);
    format_set_bottom_color(f->key_label, COLOR_BORDER);

    lxw_format *keys[] = {f->key_value, f->key_count, f->key_plain};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        format_set_bold(keys[i]);
        format_set_font_size(keys[i], 14);
        format_set_font_color(keys[i], COLOR_ACCENT);
        format_set_align(keys[i], LXW_ALIGN_CENTER);
        format_set_align(keys[i], LXW_ALIGN_VERTICAL_CENTER);
        format_set_bottom(keys[i], LXW_BORDER_HAIR);
        format_set_bottom_color(keys[i], COLOR_BORDER);
    }
    format_set_num_format(f->key_value, "0.0\" / 5\"");
    char count_format[48];
    snprintf(count_format, sizeof count_format, "0\" / %zu\"",
             x->catalog->service_count);
    format_set_num_format(f->key_count, count_format);
    format_set_num_format(f->key_plain, "0");

    format_set_font_size(f->key_note, 9);
    format_set_font_color(f->key_note, COLOR_GREY);
    format_set_text_wrap(f->key_note);
    format_set_align(f->key_note, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bottom(f->key_note, LXW_BORDER_HAIR);
    format_set_bottom_color(f->key_note, COLOR_BORDER);

    format_set_bold(f->pick_name);
    format_set_align(f->pick_name, LXW_ALIGN_VERTICAL_BOTTOM);

    format_set_bold(f->pick_score);
    format_set_num_format(f->pick_score, "0.0\" / 5\"");
    format_set_align(f->pick_score, LXW_ALIGN_RIGHT);
    format_set_align(f->pick_score, LXW_ALIGN_VERTICAL_BOTTOM);

    format_set_text_wrap(f->pick_text);
    format_set_align(f->pick_text, LXW_ALIGN_VERTICAL_TOP);
    format_set_font_size(f->pick_text, 10);

    format_set_bold(f->list_title);
    format_set_bg_color(f->list_title, COLOR_LIST_FILL);
    format_set_text_wrap(f->list_title);
    format_set_align(f->list_title, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_size(f->list_title, 10);

    format_set_shrink(f->list_item); /* long service names stay whole */
    format_set_bottom(f->list_item, LXW_BORDER_HAIR);
    format_set_bottom_color(f->list_item, COLOR_BORDER);
    format_set_align(f->list_item, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_size(f->list_item, 10);

    format_set_bottom(f->list_score, LXW_BORDER_HAIR);
    format_set_bottom_color(f->list_score, COLOR_BORDER);
    format_set_align(f->list_score, LXW_ALIGN_CENTER);
    format_set_align(f->list_score, LXW_ALIGN_VERTICAL_CENTER);
    format_set_num_format(f->list_score, "0");
    format_set_font_size(f->list_score, 10);

    /* Conditional formats (only font and fill count). */
    format_set_font_color(f->cf_grey, 0x808080);
    format_set_bg_color(f->cf_grey, 0xEDEDED);
    format_set_bold(f->cf_gap);
    format_set_font_color(f->cf_gap, 0x9C0006);
    format_set_bg_color(f->cf_gap, 0xFFC7CE);

    share_formats(f);
    return 1;
}

