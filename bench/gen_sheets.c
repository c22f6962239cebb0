/*
 * gen_sheets.c - a deterministic synthetic group: N ISOMM v2.1 self-check
 * workbooks, one per subsidiary, for the benchmark (docs/bench.md).
 *
 *   gen_sheets OUTDIR [N [SEED]]      (default N 1000, SEED 1)
 *
 * Writes OUTDIR/grp-XX/sub-NNNNN.xlsx, 100 per folder. Each workbook has a
 * 準備シート (title, 組織名, 評価日, the current and target pattern below
 * their prompts) and a 入力シート (機能 | 役割 | 領域 | インソース 0-5 |
 * アウトソース 0-5 | 備考, one row per v2.1 role, ● selected, ○ not), the
 * layout of samples/alpha-manufacturing.xlsx. The marks come from a seeded
 * PRNG (splitmix64): each subsidiary has its own maturity; about 4% of the
 * roles are blank, 4% declined (0), 3% marked on both sides and 2% carry two
 * marks on one side (a warning). The same N and SEED give the same marks.
 * The roles, functions and patterns are walked from the built-in catalog.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <xlsxwriter.h>

#include "isomm/isomm.h"

static uint64_t rng_state;

static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static unsigned below(unsigned n)
{
    return (unsigned)(next_u64() % n);
}

static int clamp_level(int v)
{
    return v < 1 ? 1 : v > 5 ? 5 : v;
}

static int write_sheet(const char *path, const isomm_catalog *cat, unsigned index)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return -1;
    lxw_worksheet *prep = workbook_add_worksheet(wb, "準備シート");
    lxw_worksheet *in = workbook_add_worksheet(wb, "入力シート");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *center = workbook_add_format(wb);
    format_set_align(center, LXW_ALIGN_CENTER);
    format_set_border(center, LXW_BORDER_THIN);

    /* 準備シート */
    char org[64], date[16];
    snprintf(org, sizeof org, "子会社%05u株式会社", index + 1);
    snprintf(date, sizeof date, "2024/%02u/%02u", 1 + below(12), 1 + below(28));
    unsigned current = below((unsigned)cat->pattern_count);
    unsigned target = current + below((unsigned)cat->pattern_count - current);
    worksheet_write_string(prep, 0, 0, "セキュリティ対応組織成熟度セルフチェックシート", bold);
    worksheet_write_string(prep, 4, 0, "組織名", NULL);
    worksheet_write_string(prep, 4, 1, org, NULL);
    worksheet_write_string(prep, 5, 0, "評価日", NULL);
    worksheet_write_string(prep, 5, 1, date, NULL);
    worksheet_write_string(prep, 7, 0,
                           "現在のセキュリティ対応組織のパターンを選択してください。", bold);
    worksheet_write_string(prep, 8, 0, cat->patterns[current].name, NULL);
    worksheet_write_string(prep, 10, 0,
                           "中長期的に目指すモデルとなるセキュリティ対応組織のパターンを選択"
                           "してください。",
                           bold);
    worksheet_write_string(prep, 11, 0, cat->patterns[target].name, NULL);

    /* 入力シート: header rows 5-6 (0-based 4-5), roles from row 7. */
    const lxw_row_t h = 4;
    const lxw_col_t c_fn = 0, c_name = 1, c_region = 2, c_in = 3, c_out = 9, c_note = 15;
    worksheet_write_string(in, 0, 0, "セキュリティ対応組織成熟度セルフチェックシート（入力シート）",
                           bold);
    worksheet_merge_range(in, h, c_fn, h + 1, c_fn, "機能", center);
    worksheet_merge_range(in, h, c_name, h + 1, c_name, "役割", center);
    worksheet_merge_range(in, h, c_region, h + 1, c_region, "領域", center);
    worksheet_merge_range(in, h, c_in, h, c_in + 5, "インソース", center);
    worksheet_merge_range(in, h, c_out, h, c_out + 5, "アウトソース", center);
    worksheet_merge_range(in, h, c_note, h + 1, c_note, "備考", center);
    for (int lv = 0; lv <= 5; lv++) {
        worksheet_write_number(in, h + 1, (lxw_col_t)(c_in + lv), lv, center);
        worksheet_write_number(in, h + 1, (lxw_col_t)(c_out + lv), lv, center);
    }
    int mean = 1 + (int)below(5); /* this subsidiary's maturity */
    size_t prev_fn = (size_t)-1;
    for (size_t r = 0; r < cat->role_count; r++) {
        const isomm_role *role = &cat->roles[r];
        lxw_row_t row = (lxw_row_t)(h + 2 + r);
        if (role->function != prev_fn) {
            char fn[256];
            snprintf(fn, sizeof fn, "%s %s", cat->functions[role->function].id,
                     cat->functions[role->function].name);
            worksheet_write_string(in, row, c_fn, fn, NULL);
            prev_fn = role->function;
        }
        char name[256];
        snprintf(name, sizeof name, "%s %s", role->id, role->name);
        worksheet_write_string(in, row, c_name, name, NULL);
        worksheet_write_string(in, row, c_region, "領域I", NULL);
        unsigned ins = 0, outs = 0; /* bit n: level n marked */
        unsigned roll = below(100);
        int level = clamp_level(mean + (int)below(3) - 1);
        int outsourced = below(100) < 25;
        if (roll < 4) {
            /* blank */
        } else if (roll < 8) {
            *(outsourced ? &outs : &ins) |= 1u;
        } else if (roll < 11) {
            ins |= 1u << level;
            outs |= 1u << clamp_level(level + (int)below(3) - 1);
        } else if (roll < 13) {
            *(outsourced ? &outs : &ins) |= (1u << level) | (1u << clamp_level(level - 1));
        } else {
            *(outsourced ? &outs : &ins) |= 1u << level;
        }
        for (int lv = 0; lv <= 5; lv++) {
            worksheet_write_string(in, row, (lxw_col_t)(c_in + lv), ins >> lv & 1 ? "●" : "○",
                                   center);
            worksheet_write_string(in, row, (lxw_col_t)(c_out + lv),
                                   outs >> lv & 1 ? "●" : "○", center);
        }
        if (below(10) == 0)
            worksheet_write_string(in, row, c_note, "委託先と定例会で確認", NULL);
    }
    worksheet_set_column(in, c_fn, c_fn, 24, NULL);
    worksheet_set_column(in, c_name, c_name, 36, NULL);
    worksheet_set_column(in, c_in, c_out + 5, 4, NULL);
    worksheet_set_column(in, c_note, c_note, 40, NULL);
    worksheet_activate(in);

    lxw_doc_properties props = {.title = (char *)"ISOMM v2.1 synthetic sheet",
                                .created = 1711962000};
    workbook_set_properties(wb, &props);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: gen_sheets OUTDIR [N [SEED]]\n");
        return 2;
    }
    const char *dir = argv[1];
    unsigned n = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 1000;
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    char err[ISOMM_ERRBUF_SIZE];
    isomm_catalog *cat;
    if (isomm_catalog_load_builtin(&cat, err) != ISOMM_OK) {
        fprintf(stderr, "gen_sheets: %s\n", err);
        return 1;
    }
    mkdir(dir, 0777);
    for (unsigned i = 0; i < n; i++) {
        char sub[4096], path[4200];
        snprintf(sub, sizeof sub, "%s/grp-%02u", dir, i / 100);
        mkdir(sub, 0777);
        snprintf(path, sizeof path, "%s/sub-%05u.xlsx", sub, i + 1);
        rng_state = seed * 0x100000001B3ULL + i; /* each sheet on its own stream */
        if (write_sheet(path, cat, i) != 0) {
            fprintf(stderr, "gen_sheets: cannot write %s\n", path);
            isomm_catalog_free(cat);
            return 1;
        }
    }
    isomm_catalog_free(cat);
    printf("%u sheets in %s\n", n, dir);
    return 0;
}
