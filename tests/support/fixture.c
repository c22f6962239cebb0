/* fixture.c - test workbooks built at test time (see fixture.h). */
#define _XOPEN_SOURCE 700
#include "fixture.h"

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <unzip.h>
#include <zip.h>
#include <zlib.h>

char *fx_tmpdir(void)
{
    char tmpl[] = "/tmp/isomm-test-XXXXXX";
    if (!mkdtemp(tmpl))
        return NULL;
    return strdup(tmpl);
}

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void fx_rmtree(const char *dir)
{
    if (dir && strncmp(dir, "/tmp/isomm-test-", 16) == 0)
        nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

char *fx_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

int fx_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = len ? fwrite(data, 1, len, f) : 0;
    return (fclose(f) != 0 || w != len) ? -1 : 0;
}

long fx_file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int fx_truncate_copy(const char *src, const char *dst, size_t keep)
{
    FILE *f = fopen(src, "rb");
    if (!f)
        return -1;
    char *buf = malloc(keep ? keep : 1);
    size_t got = buf ? fread(buf, 1, keep, f) : 0;
    fclose(f);
    int rc = buf && got == keep ? fx_write_file(dst, buf, keep) : -1;
    free(buf);
    return rc;
}

int fx_write_zip(const char *path, const fx_part *parts, size_t n)
{
    zipFile zf = zipOpen(path, APPEND_STATUS_CREATE);
    if (!zf)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        zip_fileinfo zi;
        memset(&zi, 0, sizeof zi);
        size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
        if (zipOpenNewFileInZip(zf, parts[i].name, &zi, NULL, 0, NULL, 0, NULL,
                                Z_DEFLATED, Z_DEFAULT_COMPRESSION) != ZIP_OK)
            rc = -1;
        else {
            if (len && zipWriteInFileInZip(zf, parts[i].data, (unsigned)len) != ZIP_OK)
                rc = -1;
            if (zipCloseFileInZip(zf) != ZIP_OK)
                rc = -1;
        }
    }
    if (zipClose(zf, NULL) != ZIP_OK)
        rc = -1;
    return rc;
}

static char ct_buf[4096], rels_buf[1024], wb_buf[16384], wbrels_buf[16384];

const fx_part *fx_package_parts(const char *const *names, size_t nsheets, int with_sst)
{
    static fx_part parts[4];
    snprintf(ct_buf, sizeof ct_buf,
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
             "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
             "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
             "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
             "</Types>");
    snprintf(rels_buf, sizeof rels_buf,
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
             "</Relationships>");
    size_t o = (size_t)snprintf(wb_buf, sizeof wb_buf,
                                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                                "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                                "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
    size_t w = (size_t)snprintf(wbrels_buf, sizeof wbrels_buf,
                                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (size_t i = 0; i < nsheets; i++) {
        o += (size_t)snprintf(wb_buf + o, sizeof wb_buf - o,
                              "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>",
                              names[i], i + 1, i + 1);
        w += (size_t)snprintf(wbrels_buf + w, sizeof wbrels_buf - w,
                              "<Relationship Id=\"rId%zu\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet%zu.xml\"/>",
                              i + 1, i + 1);
    }
    snprintf(wb_buf + o, sizeof wb_buf - o, "</sheets></workbook>");
    if (with_sst)
        w += (size_t)snprintf(wbrels_buf + w, sizeof wbrels_buf - w,
                              "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>");
    snprintf(wbrels_buf + w, sizeof wbrels_buf - w, "</Relationships>");
    parts[0] = (fx_part){"[Content_Types].xml", ct_buf, 0};
    parts[1] = (fx_part){"_rels/.rels", rels_buf, 0};
    parts[2] = (fx_part){"xl/workbook.xml", wb_buf, 0};
    parts[3] = (fx_part){"xl/_rels/workbook.xml.rels", wbrels_buf, 0};
    return parts;
}

int fx_write_xlsx(const char *path, const char *const *names,
                  const char *const *sheet_xml, size_t nsheets, const char *sst_xml)
{
    fx_part *parts = calloc(nsheets + 5, sizeof *parts);
    char(*part_names)[64] = calloc(nsheets + 1, sizeof *part_names);
    if (!parts || !part_names) {
        free(parts);
        free(part_names);
        return -1;
    }
    memcpy(parts, fx_package_parts(names, nsheets, sst_xml != NULL), 4 * sizeof *parts);
    size_t n = 4;
    for (size_t i = 0; i < nsheets; i++) {
        snprintf(part_names[i], sizeof part_names[i], "xl/worksheets/sheet%zu.xml", i + 1);
        parts[n++] = (fx_part){part_names[i], sheet_xml[i], 0};
    }
    if (sst_xml)
        parts[n++] = (fx_part){"xl/sharedStrings.xml", sst_xml, 0};
    int rc = fx_write_zip(path, parts, n);
    free(parts);
    free(part_names);
    return rc;
}

/* Raw deflate of data, ending on a full flush (byte-aligned, no history
 * needed): such chunks can be concatenated and repeated. */
static unsigned char *deflate_chunk(const void *data, size_t len, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    size_t cap = deflateBound(&z, (uLong)len) + 64;
    unsigned char *out = malloc(cap);
    if (!out) {
        deflateEnd(&z);
        return NULL;
    }
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FULL_FLUSH);
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_OK || z.avail_in != 0) {
        free(out);
        return NULL;
    }
    return out;
}

static int add_raw_entry(zipFile zf, const char *name, const void *data, size_t len,
                         unsigned long size, unsigned long crc)
{
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    if (zipOpenNewFileInZip2(zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 9, 1) != ZIP_OK)
        return -1;
    int rc = len && zipWriteInFileInZip(zf, data, (unsigned)len) != ZIP_OK ? -1 : 0;
    if (zipCloseFileInZipRaw(zf, size, crc) != ZIP_OK)
        rc = -1;
    return rc;
}

static int add_entry(zipFile zf, const char *name, const char *data)
{
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    if (zipOpenNewFileInZip(zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                            Z_DEFAULT_COMPRESSION) != ZIP_OK)
        return -1;
    size_t len = strlen(data);
    int rc = len && zipWriteInFileInZip(zf, data, (unsigned)len) != ZIP_OK ? -1 : 0;
    if (zipCloseFileInZip(zf) != ZIP_OK)
        rc = -1;
    return rc;
}

static const char *SHEET_OK =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>";
static const char *SST_OK =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" "
    "uniqueCount=\"1\"><si><t>ok</t></si></sst>";

/* A one-sheet workbook in which `special` is written by the callback. */
static int write_book(const char *path, const char *special,
                      int (*write_special)(zipFile, void *), void *ctx)
{
    static const char *const names[] = {"Sheet1"};
    const fx_part *pk = fx_package_parts(names, 1, 1);
    zipFile zf = zipOpen(path, APPEND_STATUS_CREATE);
    if (!zf)
        return -1;
    int rc = 0;
    for (int i = 0; i < 4 && rc == 0; i++)
        rc = add_entry(zf, pk[i].name, pk[i].data);
    if (rc == 0)
        rc = strcmp(special, "xl/worksheets/sheet1.xml") == 0
                 ? write_special(zf, ctx)
                 : add_entry(zf, "xl/worksheets/sheet1.xml", SHEET_OK);
    if (rc == 0)
        rc = strcmp(special, "xl/sharedStrings.xml") == 0
                 ? write_special(zf, ctx)
                 : add_entry(zf, "xl/sharedStrings.xml", SST_OK);
    if (zipClose(zf, NULL) != ZIP_OK)
        rc = -1;
    return rc;
}

typedef struct bomb {
    const char *part, *head, *tail;
    unsigned long long total, declared;
} bomb;

#define BOMB_CHUNK ((size_t)1 << 20)

static int write_bomb_entry(zipFile zf, void *ctx)
{
    bomb *b = ctx;
    size_t hl = strlen(b->head), tl = strlen(b->tail);
    if (b->total < hl + tl)
        return -1;
    unsigned long long spaces = b->total - hl - tl;
    char *blank = malloc(BOMB_CHUNK);
    if (!blank)
        return -1;
    memset(blank, ' ', BOMB_CHUNK);
    size_t hn = 0, cn = 0, rn = 0, tn = 0;
    size_t rest = (size_t)(spaces % BOMB_CHUNK);
    unsigned long long reps = spaces / BOMB_CHUNK;
    unsigned char *h = deflate_chunk(b->head, hl, &hn);
    unsigned char *c = deflate_chunk(blank, BOMB_CHUNK, &cn);
    unsigned char *r = deflate_chunk(blank, rest, &rn);
    unsigned char *t = deflate_chunk(b->tail, tl, &tn);
    uLong crc_chunk = crc32(0L, (const Bytef *)blank, (uInt)BOMB_CHUNK);
    uLong crc = crc32(0L, (const Bytef *)b->head, (uInt)hl);
    for (unsigned long long i = 0; i < reps; i++)
        crc = crc32_combine(crc, crc_chunk, (z_off_t)BOMB_CHUNK);
    crc = crc32_combine(crc, crc32(0L, (const Bytef *)blank, (uInt)rest), (z_off_t)rest);
    crc = crc32_combine(crc, crc32(0L, (const Bytef *)b->tail, (uInt)tl), (z_off_t)tl);
    int rc = -1;
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    if (h && c && r && t &&
        zipOpenNewFileInZip2(zf, b->part, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 9, 1) == ZIP_OK) {
        rc = zipWriteInFileInZip(zf, h, (unsigned)hn) == ZIP_OK ? 0 : -1;
        for (unsigned long long i = 0; rc == 0 && i < reps; i++)
            rc = zipWriteInFileInZip(zf, c, (unsigned)cn) == ZIP_OK ? 0 : -1;
        static const unsigned char final_block[2] = {0x03, 0x00};
        if (rc == 0)
            rc = zipWriteInFileInZip(zf, r, (unsigned)rn) == ZIP_OK &&
                         zipWriteInFileInZip(zf, t, (unsigned)tn) == ZIP_OK &&
                         zipWriteInFileInZip(zf, final_block, 2) == ZIP_OK
                     ? 0
                     : -1;
        unsigned long long size = b->declared ? b->declared : b->total;
        if (zipCloseFileInZipRaw64(zf, (ZPOS64_T)size, crc) != ZIP_OK)
            rc = -1;
    }
    free(blank);
    free(h);
    free(c);
    free(r);
    free(t);
    return rc;
}

int fx_write_bomb(const char *path, const char *bomb_part, const char *head,
                  const char *tail, unsigned long long total,
                  unsigned long long declared)
{
    bomb b = {bomb_part, head, tail, total, declared};
    return write_book(path, bomb_part, write_bomb_entry, &b);
}

typedef struct raw {
    const void *data;
    size_t len;
    unsigned long size, crc;
} raw;

static int write_raw_entry(zipFile zf, void *ctx)
{
    raw *r = ctx;
    return add_raw_entry(zf, "xl/worksheets/sheet1.xml", r->data, r->len, r->size, r->crc);
}

int fx_write_raw_sheet(const char *path, const void *deflated, size_t len,
                       unsigned long size, unsigned long crc)
{
    raw r = {deflated, len, size, crc};
    return write_book(path, "xl/worksheets/sheet1.xml", write_raw_entry, &r);
}

/* ---- ISOMM workbooks ----------------------------------------------------- */

void fx_isomm_init(fx_isomm *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 0; i < FX_MAX_ROLES; i++)
        o->in_level[i] = o->out_level[i] = o->in_level2[i] = -1;
    o->repeat_role = -1;
    o->repeat_in_level = -1;
}

static const char *const FULLWIDTH_DIGITS[] = {"０", "１", "２", "３", "４", "５"};

static void write_levels_header(lxw_worksheet *ws, const fx_isomm *o, unsigned row,
                                unsigned col)
{
    int first = o->v20 ? 1 : 0;
    for (int l = first; l <= 5; l++, col++) {
        if (o->levels_as_text)
            worksheet_write_string(ws, row, (lxw_col_t)col, FULLWIDTH_DIGITS[l], NULL);
        else
            worksheet_write_number(ws, row, (lxw_col_t)col, l, NULL);
    }
}

static void write_marks(lxw_worksheet *ws, const fx_isomm *o, unsigned row, unsigned col,
                        int level, int level2)
{
    int first = o->v20 ? 1 : 0;
    const char *filled = o->filled ? o->filled : "●";
    const char *hollow = o->hollow ? o->hollow : "○";
    for (int l = first; l <= 5; l++, col++) {
        if (l == level || l == level2)
            worksheet_write_string(ws, row, (lxw_col_t)col, filled, NULL);
        else if (!o->blank_hollow)
            worksheet_write_string(ws, row, (lxw_col_t)col, hollow, NULL);
    }
}

static void write_patterns_sheet(lxw_workbook *wb, const fx_isomm *o)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "準備シート");
    worksheet_write_string(ws, 1, 1, "セキュリティ対応組織成熟度セルフチェックシート", NULL);
    if (o->no_prompts) {
        if (o->current)
            worksheet_write_string(ws, 3, 3, o->current, NULL);
        if (o->target)
            worksheet_write_string(ws, 6, 3, o->target, NULL);
        return;
    }
    worksheet_merge_range(ws, 3, 1, 3, 2,
                          "現在のセキュリティ対応組織のパターンを選択してください。", NULL);
    if (o->current)
        worksheet_write_string(ws, 3, 4, o->current, NULL);
    worksheet_write_string(ws, 6, 1,
                           "中長期的に目指すモデルとなるセキュリティ対応組織のパターンを選択してください。",
                           NULL);
    if (o->target)
        worksheet_write_string(ws, o->target_below ? 7 : 6, o->target_below ? 1 : 3,
                               o->target, NULL);
    worksheet_write_string(ws, 9, 1, "セキュリティ対応組織のパターン", NULL);
    worksheet_write_string(ws, 10, 1, "ミニマムインソース", NULL);
    worksheet_write_string(ws, 10, 2, "ハイブリッド", NULL);
    worksheet_write_string(ws, 10, 3, "ミニマムアウトソース", NULL);
    worksheet_write_string(ws, 10, 4, "フルインソース", NULL);
}

int fx_write_isomm(const char *path, const isomm_catalog *cat, const fx_isomm *o)
{
    if (cat->role_count > FX_MAX_ROLES)
        return -1;
    lxw_workbook_options opt = {0};
    opt.constant_memory = o->inline_strings ? LXW_TRUE : LXW_FALSE;
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return -1;
    if (o->created) {
        lxw_doc_properties props;
        memset(&props, 0, sizeof props);
        props.created = (time_t)o->created;
        workbook_set_properties(wb, &props);
    }
    if (o->org_label || o->date_label) {
        lxw_worksheet *m = workbook_add_worksheet(wb, "基本情報");
        unsigned dr = o->meta_below ? 1 : 0, dc = o->meta_below ? 0 : 1;
        if (o->org_label) {
            worksheet_write_string(m, 1, 0, o->org_label, NULL);
            if (o->org)
                worksheet_write_string(m, 1 + dr, (lxw_col_t)dc, o->org, NULL);
        }
        if (o->date_label) {
            worksheet_write_string(m, 4, 0, o->date_label, NULL);
            if (o->date_serial > 0) {
                lxw_format *f = workbook_add_format(wb);
                format_set_num_format(f, "yyyy/mm/dd");
                worksheet_write_number(m, 4 + dr, (lxw_col_t)dc, o->date_serial, f);
            } else if (o->date_text) {
                worksheet_write_string(m, 4 + dr, (lxw_col_t)dc, o->date_text, NULL);
            }
        }
    }
    int patterns = o->current || o->target;
    if (patterns)
        write_patterns_sheet(wb, o);
    if (o->decoy_sheet) {
        lxw_worksheet *d = workbook_add_worksheet(wb, "表紙");
        worksheet_write_string(d, 0, 0, "役割一覧 (抜粋)", NULL);
        for (unsigned i = 0; i < 6 && i < cat->role_count; i++)
            worksheet_write_string(d, 2 + i, 0, cat->roles[i].id, NULL);
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, o->sheet_name ? o->sheet_name : "入力シート");
    unsigned r = o->row0, c = o->col0;
    unsigned nlev = o->numeric ? 1 : o->v20 ? 5 : 6;
    unsigned in0 = c + 3, out0 = in0 + nlev, note = out0 + nlev;
    worksheet_write_string(ws, r, (lxw_col_t)c, "機能", NULL);
    worksheet_write_string(ws, r, (lxw_col_t)c + 1, "役割", NULL);
    worksheet_write_string(ws, r, (lxw_col_t)c + 2, "領域", NULL);
    if (o->merge_headers) {
        worksheet_merge_range(ws, r, (lxw_col_t)in0, r, (lxw_col_t)(in0 + nlev - 1), "インソース", NULL);
        worksheet_merge_range(ws, r, (lxw_col_t)out0, r, (lxw_col_t)(out0 + nlev - 1), "アウトソース", NULL);
    } else {
        worksheet_write_string(ws, r, (lxw_col_t)in0, "インソース", NULL);
        worksheet_write_string(ws, r, (lxw_col_t)out0, "アウトソース", NULL);
    }
    worksheet_write_string(ws, r, (lxw_col_t)note, "備考", NULL);
    if (!o->numeric) {
        write_levels_header(ws, o, r + 1, in0);
        write_levels_header(ws, o, r + 1, out0);
    }

    unsigned row = r + 2;
    for (size_t f = 0; f < cat->function_count; f++) {
        unsigned first = row;
        for (size_t k = 0; k < cat->role_count; k++) {
            if (cat->roles[k].function != f || o->omit[k])
                continue;
            if (row == first && !o->merge_functions) {
                char fn[256];
                snprintf(fn, sizeof fn, "%s %s", cat->functions[f].id, cat->functions[f].name);
                worksheet_write_string(ws, row, (lxw_col_t)c, fn, NULL);
            }
            char id[256];
            snprintf(id, sizeof id, "%s %s", cat->roles[k].id, cat->roles[k].name);
            worksheet_write_string(ws, row, (lxw_col_t)c + 1, o->id_text[k] ? o->id_text[k] : id, NULL);
            worksheet_write_string(ws, row, (lxw_col_t)c + 2, "領域I", NULL);
            if (o->numeric) {
                int lv[2] = {o->in_level[k], o->out_level[k]};
                for (int side = 0; side < 2; side++) {
                    lxw_col_t col = (lxw_col_t)(side ? out0 : in0);
                    if (side == 0 && o->raw_in[k])
                        worksheet_write_string(ws, row, col, o->raw_in[k], NULL);
                    else if (lv[side] >= 0 && o->levels_as_text)
                        worksheet_write_string(ws, row, col, FULLWIDTH_DIGITS[lv[side]], NULL);
                    else if (lv[side] >= 0)
                        worksheet_write_number(ws, row, col, lv[side], NULL);
                }
            } else {
                write_marks(ws, o, row, in0, o->in_level[k], o->in_level2[k]);
                write_marks(ws, o, row, out0, o->out_level[k], -1);
            }
            if (o->notes[k])
                worksheet_write_string(ws, row, (lxw_col_t)note, o->notes[k], NULL);
            row++;
        }
        if (o->merge_functions && row > first) {
            char fn[256];
            snprintf(fn, sizeof fn, "%s %s", cat->functions[f].id, cat->functions[f].name);
            if (row - 1 > first)
                worksheet_merge_range(ws, first, (lxw_col_t)c, row - 1, (lxw_col_t)c, fn, NULL);
            else
                worksheet_write_string(ws, first, (lxw_col_t)c, fn, NULL);
        }
    }
    if (o->repeat_role >= 0) {
        size_t k = (size_t)o->repeat_role;
        worksheet_write_string(ws, row, (lxw_col_t)c + 1, cat->roles[k].id, NULL);
        write_marks(ws, o, row, in0, o->repeat_in_level, -1);
        write_marks(ws, o, row, out0, -1, -1);
        row++;
    }
    if (o->no_prompts && patterns) {
        lxw_worksheet *l = workbook_add_worksheet(wb, "リスト");
        worksheet_write_string(l, 0, 0, "ミニマムインソース", NULL);
        worksheet_write_string(l, 1, 0, "ハイブリッド", NULL);
        worksheet_write_string(l, 2, 0, "ミニマムアウトソース", NULL);
        worksheet_write_string(l, 3, 0, "フルインソース", NULL);
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

/* ---- raw zip editing ------------------------------------------------------ */

char *fx_read_part(const char *path, const char *name)
{
    unzFile uf = unzOpen64(path);
    if (!uf)
        return NULL;
    char *data = NULL;
    unz_file_info64 info;
    if (unzLocateFile(uf, name, 0) == UNZ_OK &&
        unzGetCurrentFileInfo64(uf, &info, NULL, 0, NULL, 0, NULL, 0) == UNZ_OK &&
        info.uncompressed_size < (64u << 20) && unzOpenCurrentFile(uf) == UNZ_OK) {
        data = malloc((size_t)info.uncompressed_size + 1);
        int n = data ? unzReadCurrentFile(uf, data, (unsigned)info.uncompressed_size) : -1;
        if (n < 0 || (uint64_t)n != info.uncompressed_size) {
            free(data);
            data = NULL;
        } else {
            data[n] = '\0';
        }
        unzCloseCurrentFile(uf);
    }
    unzClose(uf);
    return data;
}

int fx_rezip(const char *src, const char *dst, const fx_part *parts, size_t n)
{
    unzFile uf = unzOpen64(src);
    if (!uf)
        return -1;
    zipFile zf = zipOpen(dst, APPEND_STATUS_CREATE);
    if (!zf) {
        unzClose(uf);
        return -1;
    }
    int rc = 0;
    unsigned char used[64] = {0};
    for (int more = unzGoToFirstFile(uf); rc == 0 && more == UNZ_OK; more = unzGoToNextFile(uf)) {
        char name[512];
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(uf, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK) {
            rc = -1;
            break;
        }
        const char *data = NULL;
        size_t len = 0;
        for (size_t i = 0; i < n && i < 64; i++)
            if (strcmp(parts[i].name, name) == 0) {
                data = parts[i].data;
                len = parts[i].len ? parts[i].len : strlen(data);
                used[i] = 1;
            }
        char *copy = NULL;
        if (!data) {
            copy = fx_read_part(src, name);
            /* fx_read_part reopens the archive: find our place again. */
            if (unzLocateFile(uf, name, 0) != UNZ_OK || !copy) {
                free(copy);
                rc = -1;
                break;
            }
            data = copy;
            len = (size_t)info.uncompressed_size;
        }
        zip_fileinfo zi;
        memset(&zi, 0, sizeof zi);
        if (zipOpenNewFileInZip(zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                Z_DEFAULT_COMPRESSION) != ZIP_OK)
            rc = -1;
        else {
            if (len && zipWriteInFileInZip(zf, data, (unsigned)len) != ZIP_OK)
                rc = -1;
            if (zipCloseFileInZip(zf) != ZIP_OK)
                rc = -1;
        }
        free(copy);
    }
    for (size_t i = 0; rc == 0 && i < n && i < 64; i++) {
        if (used[i])
            continue;
        if (add_entry(zf, parts[i].name, parts[i].data) != 0)
            rc = -1;
    }
    unzClose(uf);
    if (zipClose(zf, NULL) != ZIP_OK)
        rc = -1;
    return rc;
}

/* ---- hand-made zip archives ---------------------------------------------- */

static void le(unsigned char *p, unsigned long long v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

int fx_write_raw_zip(const char *path, const fx_raw_entry *e, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    unsigned long long *offs = calloc(n ? n : 1, sizeof *offs);
    unsigned long *crcs = calloc(n ? n : 1, sizeof *crcs);
    int rc = offs && crcs ? 0 : -1;
    int any64 = 0;
    unsigned long long pos = 0;
    unsigned char h[64];
    unsigned long long *csizes = calloc(n ? n : 1, sizeof *csizes);
    unsigned char **zdata = calloc(n ? n : 1, sizeof *zdata);
    if (!csizes || !zdata)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        unsigned long long size = e[i].data ? strlen(e[i].data) : e[i].declared;
        unsigned long crc = e[i].data ? crc32(0, (const Bytef *)e[i].data, (uInt)size) : 0;
        crc ^= e[i].crc_xor;
        crcs[i] = crc;
        csizes[i] = size;
        if (e[i].deflate && e[i].data) {
            uLongf cap = compressBound((uLong)size) + 64;
            zdata[i] = malloc(cap);
            z_stream z;
            memset(&z, 0, sizeof z);
            if (!zdata[i] || deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
                rc = -1;
                break;
            }
            z.next_in = (Bytef *)(uintptr_t)e[i].data;
            z.avail_in = (uInt)size;
            z.next_out = zdata[i];
            z.avail_out = (uInt)cap;
            if (deflate(&z, Z_FINISH) != Z_STREAM_END)
                rc = -1;
            csizes[i] = cap - z.avail_out;
            deflateEnd(&z);
        }
        offs[i] = pos;
        any64 |= e[i].zip64 || pos > 0xFFFFFFFEull;
        size_t nl = strlen(e[i].name);
        memset(h, 0, sizeof h);
        le(h, 0x04034b50, 4);
        le(h + 4, e[i].zip64 ? 45 : 20, 2);
        le(h + 8, zdata[i] ? 8 : 0, 2);
        le(h + 14, crc, 4);
        le(h + 18, e[i].zip64 ? 0xFFFFFFFFull : csizes[i], 4);
        le(h + 22, e[i].zip64 ? 0xFFFFFFFFull : size, 4);
        le(h + 26, nl, 2);
        le(h + 28, e[i].zip64 ? 20 : 0, 2);
        unsigned char x[20];
        le(x, 1, 2);
        le(x + 2, 16, 2);
        le(x + 4, size, 8);
        le(x + 12, csizes[i], 8);
        if (fwrite(h, 1, 30, f) != 30 || fwrite(e[i].name, 1, nl, f) != nl ||
            (e[i].zip64 && fwrite(x, 1, 20, f) != 20))
            rc = -1;
        pos += 30 + nl + (e[i].zip64 ? 20 : 0);
        const void *bytes = zdata[i] ? (const void *)zdata[i] : (const void *)e[i].data;
        if (rc == 0 && bytes && csizes[i] && fwrite(bytes, 1, (size_t)csizes[i], f) != csizes[i])
            rc = -1;
        if (rc == 0 && !e[i].data && fseeko(f, (off_t)size, SEEK_CUR) != 0)
            rc = -1;
        pos += csizes[i];
    }
    unsigned long long cd = pos;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        unsigned long long size = (e[i].data ? strlen(e[i].data) : e[i].declared) +
                                  (unsigned long long)e[i].size_delta;
        unsigned long long off = e[i].point_at ? offs[e[i].point_at - 1] : offs[i];
        int big_off = off > 0x7FFFFFFFull; /* as Python's zipfile does */
        int z = e[i].zip64 || big_off;
        size_t nl = strlen(e[i].name);
        memset(h, 0, sizeof h);
        le(h, 0x02014b50, 4);
        le(h + 4, 45, 2);
        le(h + 6, z ? 45 : 20, 2);
        le(h + 10, zdata[i] ? 8 : 0, 2);
        le(h + 16, crcs[i], 4);
        le(h + 20, z ? 0xFFFFFFFFull : csizes[i], 4);
        le(h + 24, z ? 0xFFFFFFFFull : size, 4);
        le(h + 28, nl, 2);
        le(h + 30, z ? 28 : 0, 2);
        le(h + 42, z ? 0xFFFFFFFFull : off, 4);
        unsigned char x[28];
        le(x, 1, 2);
        le(x + 2, 24, 2);
        le(x + 4, size, 8);
        le(x + 12, csizes[i], 8);
        le(x + 20, off, 8);
        if (fwrite(h, 1, 46, f) != 46 || fwrite(e[i].name, 1, nl, f) != nl ||
            (z && fwrite(x, 1, 28, f) != 28))
            rc = -1;
        pos += 46 + nl + (z ? 28 : 0);
    }
    unsigned long long cd_size = pos - cd;
    any64 |= cd > 0xFFFFFFFEull;
    if (rc == 0 && any64) {
        unsigned char r[56 + 20];
        memset(r, 0, sizeof r);
        le(r, 0x06064b50, 4);
        le(r + 4, 44, 8);
        le(r + 12, 45, 2);
        le(r + 14, 45, 2);
        le(r + 24, n, 8);
        le(r + 32, n, 8);
        le(r + 40, cd_size, 8);
        le(r + 48, cd, 8);
        le(r + 56, 0x07064b50, 4);
        le(r + 64, pos, 8);
        le(r + 72, 1, 4);
        if (fwrite(r, 1, sizeof r, f) != sizeof r)
            rc = -1;
    }
    memset(h, 0, sizeof h);
    le(h, 0x06054b50, 4);
    le(h + 8, any64 ? 0xFFFF : n, 2);
    le(h + 10, any64 ? 0xFFFF : n, 2);
    le(h + 12, any64 ? 0xFFFFFFFFull : cd_size, 4);
    le(h + 16, any64 ? 0xFFFFFFFFull : cd, 4);
    if (rc == 0 && fwrite(h, 1, 22, f) != 22)
        rc = -1;
    if (fclose(f) != 0)
        rc = -1;
    for (size_t i = 0; zdata && i < n; i++)
        free(zdata[i]);
    free(zdata);
    free(csizes);
    free(offs);
    free(crcs);
    return rc;
}
