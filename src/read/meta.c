/*
 * reader_meta.c - the organization name and the assessment date.
 *
 * A label cell (組織名, 会社名, 組織, 団体名 …; 評価日, 実施日, 記入日,
 * 日付 …, optionally with a parenthesised addition "会社名（組織名）" and
 * ':' / '：') gives its value in the first non-empty cell to its right,
 * else in the cells below it (up to 3 rows); when the cell to its right is
 * itself a label (会社名 | 実施日 over their values), below it.
 * "組織名：ガンマ商事" in one cell counts too. The first label found (sheet
 * order, then document order) wins. A date is a date serial number (1900 or
 * 1904 system) or a date-like text (2024/03/29, 2024-03-29, 2024.3.29,
 * 2024年3月29日, R6.3.29, 令和6年3月29日, H31.4.30); without one, the date
 * part of docProps/core.xml's dcterms:modified is taken (date_source
 * "file").
 */
#define _DEFAULT_SOURCE
#include "read/read.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

#define VALUE_ROWS_BELOW 3
#define MAX_LABELS_PER_SHEET 64 /* bounds the work on hostile sheets */

static const char *const ORG_LABELS[] = {
    "組織名", "会社名", "組織", "団体名", "企業名", "法人名", "組織名称",
    "会社名称", "団体名称", "事業者名", "所属組織", "組織・団体名",
    "organization", "organisation", "company", "company name", "organization name",
};
static const char *const DATE_LABELS[] = {
    "評価日", "実施日", "記入日", "日付", "作成日", "回答日", "評価実施日",
    "記入年月日", "評価年月日", "実施年月日", "作成年月日", "回答年月日",
    "セルフチェック実施日", "チェック日", "date", "assessment date",
};

/* What one sheet says: its first organization and date labels' values. */
typedef struct meta_sheet {
    char *org;
    char date[11];
    int have_date;
    char *bad_date; /* first unreadable date value: "sheet!cell: text" */
} meta_sheet;

struct reader_meta {
    meta_sheet *sheets; /* by sheet index */
    size_t count;
};

reader_meta *reader_meta_new(void)
{
    return calloc(1, sizeof(reader_meta));
}

void reader_meta_free(reader_meta *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->count; i++) {
        free(m->sheets[i].org);
        free(m->sheets[i].bad_date);
    }
    free(m->sheets);
    free(m);
}

const char *reader_meta_sheet_date(const reader_meta *m, size_t sheet)
{
    return sheet < m->count && m->sheets[sheet].have_date ? m->sheets[sheet].date : NULL;
}

/* Length of the label that `norm` is (whole text, or label + ':' + value,
 * or label + space + value: this project's own summary writes
 * "評価日　2024-03-15"), with *rest pointing at the inline value ("" if
 * none) and *spaced set for the space form; 0 if not a label. */
static size_t match_label(const char *norm, const char *const *labels, size_t n,
                          const char **rest, int *spaced)
{
    *spaced = 0;
    int first = tolower((unsigned char)*norm);
    for (size_t i = 0; i < n; i++) {
        /* the first byte before a call: every cell of every sheet comes here */
        if (tolower((unsigned char)labels[i][0]) != first)
            continue;
        size_t len = strlen(labels[i]);
        if (strncasecmp(norm, labels[i], len) != 0)
            continue;
        const char *p = norm + len;
        /* A parenthesised addition: "会社名（組織名）", "評価日 (西暦)". */
        const char *q = p;
        while (*q == ' ')
            q++;
        if (*q == '(') {
            const char *close = strchr(q, ')');
            if (!close)
                continue;
            p = close + 1;
        }
        int space = *p == ' ';
        while (*p == ' ')
            p++;
        if (*p == '\0') {
            *rest = p;
            return len;
        }
        if (*p == ':' || strncmp(p, "：", strlen("：")) == 0) {
            p += *p == ':' ? 1 : strlen("：");
            while (*p == ' ')
                p++;
            *rest = p;
            return len;
        }
        if (space && strcmp(labels[i], "組織") != 0 && strcmp(labels[i], "日付") != 0 &&
            strcmp(labels[i], "date") != 0) {
            *rest = p;
            *spaced = 1;
            return len;
        }
    }
    return 0;
}

static int filled(const reader_sheet *s, const ooxml_cell *c)
{
    const char *n = s->norm[c - s->grid->cells];
    return n && *n;
}

/* A placeholder for "no value" (—, -, ―, 未記入). */
static int placeholder(const reader_sheet *s, const ooxml_cell *c)
{
    const char *n = s->norm[c - s->grid->cells];
    return strcmp(n, "—") == 0 || strcmp(n, "-") == 0 || strcmp(n, "―") == 0 ||
           strcmp(n, "ー") == 0 || strcmp(n, "未記入") == 0;
}

/* 1 if the normalized text is an organization or date label (with or
 * without its value). */
static int is_label(const char *norm)
{
    const char *rest;
    int spaced;
    return match_label(norm, ORG_LABELS, sizeof ORG_LABELS / sizeof ORG_LABELS[0], &rest,
                       &spaced) ||
           match_label(norm, DATE_LABELS, sizeof DATE_LABELS / sizeof DATE_LABELS[0], &rest,
                       &spaced);
}

/* The value of the label at cell index i: the first non-empty cell right
 * of it, else the first below it (up to 3 rows). When the cell to the
 * right is itself a label (a row of labels: 会社名 | 実施日, the values in
 * the row below), the value is looked for below. A label found below is
 * no value either: NULL. */
static const ooxml_cell *value_of(const reader_sheet *s, size_t i)
{
    const ooxml_grid *g = s->grid;
    const ooxml_cell *pc = &g->cells[i];
    const ooxml_range *m = ooxml_grid_merge_at(g, pc->row, pc->col);
    unsigned r2 = m ? m->r2 : pc->row, c1 = m ? m->c1 : pc->col, c2 = m ? m->c2 : pc->col;
    for (size_t j = i + 1; j < g->count && g->cells[j].row == pc->row; j++)
        if (g->cells[j].col > c2 && filled(s, &g->cells[j])) {
            if (g->cells[j].type != OOXML_STRING || !is_label(s->norm[j]))
                return &g->cells[j];
            break;
        }
    for (unsigned r = r2 + 1; r <= r2 + VALUE_ROWS_BELOW && r < OOXML_MAX_ROWS; r++)
        for (unsigned c = c1; c <= c2; c++) {
            const ooxml_cell *a = ooxml_grid_at(g, r, c);
            if (a && filled(s, a))
                return a;
        }
    return NULL;
}

static int valid_ymd(long y, long m, long d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

static const char *number(const char *p, long *v, int max_digits)
{
    if (!isdigit((unsigned char)*p))
        return NULL;
    long n = 0;
    int k = 0;
    while (isdigit((unsigned char)*p)) {
        if (++k > max_digits)
            return NULL;
        n = n * 10 + (*p++ - '0');
    }
    *v = n;
    return p;
}

static const char *skip_sep(const char *p, const char *const *seps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(seps[i]);
        if (strncmp(p, seps[i], len) == 0)
            return p + len;
    }
    return NULL;
}

/* The rest of a date text may be empty, a time, a weekday "(金)" … but not
 * another digit (2024/03/290). */
static int tail_ok(const char *p)
{
    return !isdigit((unsigned char)*p);
}

int reader_parse_date(const char *text, char out[11])
{
    out[0] = '\0';
    char *t = reader_normalize(text);
    if (!t)
        return -1;
    static const char *const SEP[] = {"/", "-", ".", "年", "月"};
    const char *p = t;
    long y = 0, m = 0, d = 0, era_base = -1;
    static const struct {
        const char *prefix;
        long base; /* era year 1 = base + 1 */
    } ERAS[] = {
        {"令和", 2018}, {"平成", 1988}, {"昭和", 1925}, {"R", 2018}, {"r", 2018},
        {"H", 1988},    {"h", 1988},    {"S", 1925},    {"s", 1925},
    };
    for (size_t i = 0; i < sizeof ERAS / sizeof ERAS[0]; i++)
        if (strncmp(p, ERAS[i].prefix, strlen(ERAS[i].prefix)) == 0) {
            era_base = ERAS[i].base;
            p += strlen(ERAS[i].prefix);
            while (*p == ' ')
                p++;
            break;
        }
    int ok = 0;
    if (era_base >= 0 && strncmp(p, "元", strlen("元")) == 0) {
        y = 1;
        p += strlen("元");
    } else {
        p = number(p, &y, era_base >= 0 ? 2 : 4);
    }
    if (p) {
        const char *q = skip_sep(p, SEP, 4); /* "/" "-" "." "年" */
        q = q ? number(q, &m, 2) : NULL;
        if (q) {
            const char *r = skip_sep(q, SEP, 5); /* … or "月" */
            r = r ? number(r, &d, 2) : NULL;
            if (r) {
                if (strncmp(r, "日", strlen("日")) == 0)
                    r += strlen("日");
                ok = tail_ok(r);
            }
        }
    }
    if (ok && era_base >= 0) {
        if (y < 1)
            ok = 0;
        y += era_base;
    } else if (ok && y < 1000) {
        ok = 0; /* two-digit years are ambiguous */
    }
    free(t);
    if (!ok || !valid_ymd(y, m, d))
        return -1;
    char buf[64];
    snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d);
    memcpy(out, buf, 10);
    out[10] = '\0';
    return 0;
}

static isomm_error set_bad_date(meta_sheet *m, const reader_sheet *s, const ooxml_cell *c,
                                const char *label)
{
    if (m->bad_date)
        return ISOMM_OK;
    char ref[16];
    ooxml_cell_ref(c->row, c->col, ref);
    m->bad_date = core_asprintf("%s!%s (%s): '%s' is not a date (expected a "
                                 "date cell or text like 2024/03/29)",
                                 s->name, ref, label, c->text);
    return m->bad_date ? ISOMM_OK : ISOMM_ERR_NOMEM;
}

/* The organization label at cell i: its value, or nothing (another label,
 * a placeholder). ISOMM_ERR_NOMEM or ISOMM_OK. */
static isomm_error org_at(meta_sheet *m, const reader_sheet *s, size_t i, const char *rest)
{
    const char *text = rest;
    if (!*rest) {
        const ooxml_cell *v = value_of(s, i);
        if (!v || placeholder(s, v) || is_label(s->norm[v - s->grid->cells]))
            return ISOMM_OK; /* no value, or another label */
        text = v->text;
    }
    m->org = core_trim(core_strdup(text));
    if (!m->org)
        return ISOMM_ERR_NOMEM;
    if (!*m->org) {
        free(m->org);
        m->org = NULL;
    }
    return ISOMM_OK;
}

/* The date label at cell i. */
static isomm_error date_at(meta_sheet *m, const reader_sheet *s, size_t i, const char *rest,
                           int spaced, int date1904)
{
    const ooxml_grid *g = s->grid;
    const char *label = g->cells[i].text;
    if (*rest) {
        if (reader_parse_date(rest, m->date) == 0)
            m->have_date = 1;
        else if (!spaced)
            return set_bad_date(m, s, &g->cells[i], label); /* "評価日 を記入" is no value */
        return ISOMM_OK;
    }
    const ooxml_cell *v = value_of(s, i);
    if (!v || placeholder(s, v) || is_label(s->norm[v - g->cells]))
        return ISOMM_OK; /* no value, or another label */
    int ok = v->type == OOXML_NUMBER ? ooxml_serial_date(v->number, date1904, m->date) == 0
                                     : reader_parse_date(v->text, m->date) == 0;
    if (ok)
        m->have_date = 1;
    else
        return set_bad_date(m, s, v, label);
    return ISOMM_OK;
}

isomm_error reader_meta_scan(reader_meta *m, const reader_sheet *s, int date1904)
{
    if (s->index >= m->count) {
        meta_sheet *n = realloc(m->sheets, (s->index + 1) * sizeof *n);
        if (!n)
            return ISOMM_ERR_NOMEM;
        memset(n + m->count, 0, (s->index + 1 - m->count) * sizeof *n);
        m->sheets = n;
        m->count = s->index + 1;
    }
    meta_sheet *ms = &m->sheets[s->index];
    const ooxml_grid *g = s->grid;
    size_t labels = 0;
    isomm_error err = ISOMM_OK;
    for (size_t i = 0; !err && i < g->count && labels < MAX_LABELS_PER_SHEET; i++) {
        const char *norm = s->norm[i];
        if (!norm || !*norm || g->cells[i].type != OOXML_STRING)
            continue;
        const char *rest = "";
        int spaced = 0;
        if (!ms->org && match_label(norm, ORG_LABELS, sizeof ORG_LABELS / sizeof ORG_LABELS[0],
                                    &rest, &spaced)) {
            labels++;
            err = org_at(ms, s, i, rest);
        } else if (!ms->have_date &&
                   match_label(norm, DATE_LABELS, sizeof DATE_LABELS / sizeof DATE_LABELS[0],
                               &rest, &spaced)) {
            labels++;
            err = date_at(ms, s, i, rest, spaced, date1904);
        }
    }
    return err;
}

/* The first sheet (in tab order) allowed that has what `has` asks. */
static const meta_sheet *first_sheet(const reader_meta *m, const unsigned char *allowed,
                                     int (*has)(const meta_sheet *))
{
    for (size_t i = 0; i < m->count; i++)
        if ((!allowed || allowed[i]) && has(&m->sheets[i]))
            return &m->sheets[i];
    return NULL;
}

static int has_org(const meta_sheet *m)
{
    return m->org != NULL;
}

static int has_date(const meta_sheet *m)
{
    return m->have_date;
}

static int has_bad_date(const meta_sheet *m)
{
    return m->bad_date != NULL;
}

isomm_error reader_meta_resolve(reader_meta *m, ooxml_book *book, const unsigned char *allowed,
                                isomm_assessment *a)
{
    const meta_sheet *org = first_sheet(m, allowed, has_org);
    const meta_sheet *dated = first_sheet(m, allowed, has_date);
    const meta_sheet *bad = first_sheet(m, allowed, has_bad_date);
    free(a->organization);
    a->organization = org ? core_strdup(org->org) : NULL;
    free(a->date);
    a->date = NULL;
    free(a->date_source);
    a->date_source = NULL;
    if (org && !a->organization)
        return ISOMM_ERR_NOMEM;
    if (dated) {
        a->date = core_strdup(dated->date);
        a->date_source = core_strdup("sheet");
        return a->date && a->date_source ? ISOMM_OK : ISOMM_ERR_NOMEM;
    }
    char *modified = NULL;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_error err = ooxml_core_modified(book, &modified, errbuf);
    if (err == ISOMM_ERR_NOMEM)
        return err;
    char date[11] = "";
    int have = 0;
    if (!err && modified) {
        /* W3CDTF: "2024-04-01T09:00:00Z"; the date part as written. */
        char head[11];
        snprintf(head, sizeof head, "%.10s", modified);
        long y, mo, d;
        if (strlen(head) == 10 && sscanf(head, "%4ld-%2ld-%2ld", &y, &mo, &d) == 3 &&
            head[4] == '-' && head[7] == '-' && valid_ymd(y, mo, d)) {
            memcpy(date, head, sizeof date);
            have = 1;
        }
    }
    if (bad &&
        core_strlist_addf(&a->warnings, "%s%s", bad->bad_date,
                           have ? "; took the file's modification date instead"
                                : "; no date"))
        err = ISOMM_ERR_NOMEM;
    else
        err = ISOMM_OK;
    if (have) {
        a->date = core_strdup(date);
        a->date_source = core_strdup("file");
        if (!a->date || !a->date_source)
            err = ISOMM_ERR_NOMEM;
    }
    free(modified);
    return err;
}
