/*
 * workbook.c - isomm_trend_write_xlsx(): the trend workbook (docs/trend.md).
 *
 *   サマリー        one A4 page: the five figures, the As-Is of every
 *                   assessment, the category line chart, the radar of the
 *                   first against the latest, the ranked lists (summary.c)
 *   推移            one row per service, one column per assessment, the
 *                   changes, the latest gap, the rank columns (series.c)
 *   カテゴリー推移  one row per category: the means as formulas over 推移
 *                   (the line chart's data) (series.c)
 *   評価プロセス    the three phases between the last two assessments
 *                   (process.c)
 *   評価一覧        the assessments: date and where it came from, kind,
 *                   file (inputs.c)
 *
 * Every figure the sheets can compute is a formula with its value cached;
 * the cached values are the view's (view.c), which follows the same rules.
 */
#define _POSIX_C_SOURCE 200809L
#include "trend/trend.h"

#include <stdio.h>
#include <string.h>

#include "core/core.h"

#define SUBJECT "X.1060 評価プロセス: 評価の推移とギャップ分析"

/* The trend's own formats, beside the kit's (x->fmt). 0 when out of
 * memory. */
static int trend_formats_make(trend_book *b)
{
    lxw_workbook *wb = b->x.workbook;
    trend_formats *f = &b->tf;
    lxw_format **boxed[] = {&f->migrated, &f->fresh, &f->change, &f->change_avg, &f->date,
                            &f->count_of};
    for (size_t i = 0; i < sizeof boxed / sizeof boxed[0]; i++)
        if (!(*boxed[i] = xw_bordered(wb)))
            return 0;
    if (!(f->key_change = workbook_add_format(wb)) || !(f->phase = workbook_add_format(wb)) ||
        !(f->list_change = workbook_add_format(wb)) ||
        !(f->list_change_avg = workbook_add_format(wb)))
        return 0;
    lxw_format *items[] = {f->list_change, f->list_change_avg};
    for (int i = 0; i < 2; i++) {
        format_set_bottom(items[i], LXW_BORDER_HAIR);
        format_set_bottom_color(items[i], 0xA6A6A6);
        format_set_align(items[i], LXW_ALIGN_CENTER);
        format_set_align(items[i], LXW_ALIGN_VERTICAL_CENTER);
        format_set_font_size(items[i], 10);
        format_set_num_format(items[i], i ? "+0.00;-0.00;0.00" : "+0;-0;0");
    }
    format_set_num_format(f->migrated, "0");
    format_set_align(f->migrated, LXW_ALIGN_CENTER);
    format_set_italic(f->migrated);
    format_set_font_color(f->fresh, 0x808080);
    format_set_font_size(f->fresh, 9);
    format_set_align(f->fresh, LXW_ALIGN_CENTER);
    format_set_num_format(f->change, "+0;-0;0");
    format_set_align(f->change, LXW_ALIGN_CENTER);
    format_set_num_format(f->change_avg, "+0.00;-0.00;0.00");
    format_set_align(f->change_avg, LXW_ALIGN_CENTER);
    format_set_align(f->date, LXW_ALIGN_CENTER);
    char count_of[48];
    snprintf(count_of, sizeof count_of, "0\" / %zu\"", b->x.catalog->service_count);
    format_set_num_format(f->count_of, count_of);
    format_set_align(f->count_of, LXW_ALIGN_CENTER);
    /* a key figure's change: as key_value, signed */
    format_set_bold(f->key_change);
    format_set_font_size(f->key_change, 14);
    format_set_font_color(f->key_change, 0x1F3864);
    format_set_align(f->key_change, LXW_ALIGN_CENTER);
    format_set_align(f->key_change, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bottom(f->key_change, LXW_BORDER_HAIR);
    format_set_bottom_color(f->key_change, 0xA6A6A6);
    format_set_num_format(f->key_change, "+0.0;-0.0;0.0");
    format_set_bold(f->phase);
    format_set_font_size(f->phase, 12);
    format_set_font_color(f->phase, 0xFFFFFF);
    format_set_bg_color(f->phase, 0x1F3864);
    format_set_align(f->phase, LXW_ALIGN_VERTICAL_CENTER);
    return 1;
}

isomm_error isomm_trend_write_xlsx(const isomm_trend *t, const char *path, char *errbuf)
{
    isomm_error err = trend_check(t, errbuf);
    if (!err && (!path || !*path))
        err = core_fail(errbuf, ISOMM_ERR_ARG, "cannot write the trend workbook: no output path");
    time_t created;
    if (!err)
        err = xw_creation_time(&created, path, errbuf);
    if (err)
        return err;
    trend_view v;
    if (trend_view_make(t, &v) != ISOMM_OK)
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: cannot write workbook: out of memory",
                         path);
    trend_book b;
    memset(&b, 0, sizeof b);
    b.v = &v;
    b.x.catalog = t->catalog;
    b.x.title = trend_title(t);
    b.x.organization = t->organization;
    core_atomic a;
    err = xw_begin(&b.x, &a, path, 0, errbuf);
    if (err) {
        trend_view_free(&v);
        return err;
    }
    if (!xw_make_formats(&b.x) || !trend_formats_make(&b))
        xw_ok(&b.x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    xw_properties(&b.x, b.x.title, SUBJECT, t->organization, created);
    trend_write_summary(&b);
    trend_write_series(&b);
    trend_write_categories(&b);
    trend_write_process(&b);
    trend_write_inputs(&b);
    err = xw_finish(&b.x, &a, path, errbuf);
    trend_view_free(&v);
    return err;
}
