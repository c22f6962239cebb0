/* catalog.c - builds an isomm_catalog from the TSV files of templates/,
 * either compiled in (catalog_data.c) or from a directory (--catalog). */
#define _POSIX_C_SOURCE 200809L
#include "isomm/catalog.h"
#include "catalog/catalog.h"
#include "core/core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const catalog_template catalog_templates[];

/* A catalog file may be at most this large: it is a human-edited table. */
#define CATALOG_FILE_MAX (4u << 20)

typedef struct loader {
    const char *dir;   /* NULL: the tables below */
    const catalog_template *tables;
    const char *label; /* how messages name the tables' folder */
    char *errbuf;
} loader;

static isomm_error load_table(loader *ld, const char *name, catalog_tsv *t)
{
    char label[512];
    if (!ld->dir) {
        snprintf(label, sizeof label, "%s/%s.tsv", ld->label, name);
        for (const catalog_template *e = ld->tables; e->name; e++)
            if (strcmp(e->name, name) == 0)
                return catalog_tsv_parse(t, label, e->data, e->size, ld->errbuf);
        return core_fail(ld->errbuf, ISOMM_ERR_CATALOG, "%s: missing", label);
    }
    snprintf(label, sizeof label, "%s/%s.tsv", ld->dir, name);
    FILE *f = fopen(label, "rb");
    if (!f)
        return core_fail(ld->errbuf, ISOMM_ERR_CATALOG, "%s: cannot open: %s",
                          label, strerror(errno));
    char *buf = malloc(CATALOG_FILE_MAX + 1);
    if (!buf) {
        fclose(f);
        return ISOMM_ERR_NOMEM;
    }
    size_t n = fread(buf, 1, CATALOG_FILE_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    isomm_error err;
    if (bad)
        err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG, "%s: read error", label);
    else if (n > CATALOG_FILE_MAX)
        err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG, "%s: larger than %u bytes",
                         label, CATALOG_FILE_MAX);
    else
        err = catalog_tsv_parse(t, label, buf, n, ld->errbuf);
    free(buf);
    return err;
}

/* Look up the columns `names` (NULL-terminated) of table `file`. */
static isomm_error need_columns(loader *ld, const catalog_tsv *t, const char *file,
                                const char *const *names, long *cols)
{
    for (size_t i = 0; names[i]; i++) {
        cols[i] = catalog_tsv_column(t, names[i]);
        if (cols[i] < 0)
            return core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                              "%s.tsv: missing column '%s'", file, names[i]);
    }
    return ISOMM_OK;
}

static long find_group(const isomm_group *g, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(g[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* Copy the optional cell `col` of `row` to *out: NULL when the column is
 * absent (col < 0) or the cell is empty. Returns 0 when out of memory. */
static int optional_text(char **out, char **row, long col)
{
    *out = NULL;
    if (col < 0 || !row[col][0])
        return 1;
    *out = core_strdup(row[col]);
    return *out != NULL;
}

/* An ID the readers can hold (ISOMM_CATALOG_ID_MAX bytes at most). */
static isomm_error check_id(loader *ld, const char *file, size_t line, const char *id)
{
    if (strlen(id) <= ISOMM_CATALOG_ID_MAX)
        return ISOMM_OK;
    return core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                     "%s.tsv line %zu: id '%.40s' is longer than %d bytes", file, line, id,
                     ISOMM_CATALOG_ID_MAX);
}

static isomm_error load_groups(loader *ld, const char *file, isomm_group **out,
                               size_t *count)
{
    catalog_tsv t;
    isomm_error err = load_table(ld, file, &t);
    if (err)
        return err;
    static const char *const names[] = {"id", "name", NULL};
    long c[2];
    if ((err = need_columns(ld, &t, file, names, c)))
        goto done;
    /* Optional one-sentence texts (absent column or empty cell: NULL). */
    long opt_description = catalog_tsv_column(&t, "description");
    long opt_strength = catalog_tsv_column(&t, "strength");
    long opt_weakness = catalog_tsv_column(&t, "weakness");
    *out = calloc(t.row_count ? t.row_count : 1, sizeof **out);
    if (!*out) {
        err = ISOMM_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < t.row_count; i++) {
        const char *id = t.rows[i][c[0]];
        if (!*id || find_group(*out, *count, id) >= 0) {
            err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                             "%s.tsv line %zu: id '%s' is empty or repeated", file,
                             t.lines[i], id);
            goto done;
        }
        if ((err = check_id(ld, file, t.lines[i], id)))
            goto done;
        (*out)[i].id = core_strdup(id);
        (*out)[i].name = core_strdup(t.rows[i][c[1]]);
        *count = i + 1;
        if (!(*out)[i].id || !(*out)[i].name ||
            !optional_text(&(*out)[i].description, t.rows[i], opt_description) ||
            !optional_text(&(*out)[i].strength, t.rows[i], opt_strength) ||
            !optional_text(&(*out)[i].weakness, t.rows[i], opt_weakness)) {
            err = ISOMM_ERR_NOMEM;
            goto done;
        }
    }
    if (*count == 0)
        err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG, "%s.tsv: no rows", file);
done:
    catalog_tsv_free(&t);
    return err;
}

static int parse_regions(const char *text, unsigned *out)
{
    static const struct { const char *label; unsigned bit; } map[] = {
        {"I", ISOMM_REGION_I}, {"II", ISOMM_REGION_II},
        {"III", ISOMM_REGION_III}, {"IV", ISOMM_REGION_IV},
        {"all", ISOMM_REGION_ALL}};
    unsigned set = 0;
    char buf[64];
    if (strlen(text) >= sizeof buf)
        return -1;
    strcpy(buf, text);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        core_trim(tok);
        size_t k;
        for (k = 0; k < sizeof map / sizeof map[0]; k++)
            if (strcmp(tok, map[k].label) == 0)
                break;
        if (k == sizeof map / sizeof map[0])
            return -1;
        set |= map[k].bit;
    }
    if (!set)
        return -1;
    *out = set;
    return 0;
}

static isomm_error load_roles(loader *ld, isomm_catalog *c)
{
    catalog_tsv t;
    isomm_error err = load_table(ld, "roles", &t);
    if (err)
        return err;
    static const char *const names[] = {"id", "function", "name", NULL};
    long col[3];
    if ((err = need_columns(ld, &t, "roles", names, col)))
        goto done;
    c->roles = calloc(t.row_count ? t.row_count : 1, sizeof *c->roles);
    if (!c->roles) {
        err = ISOMM_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < t.row_count; i++) {
        char **r = t.rows[i];
        long fn = find_group(c->functions, c->function_count, r[col[1]]);
        if (!*r[col[0]] || isomm_catalog_find_role(c, r[col[0]]) >= 0 || fn < 0) {
            err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                             "roles.tsv line %zu: role '%s' is empty, repeated or "
                             "names an unknown function '%s'",
                             t.lines[i], r[col[0]], r[col[1]]);
            goto done;
        }
        if ((err = check_id(ld, "roles", t.lines[i], r[col[0]])))
            goto done;
        c->roles[i].id = core_strdup(r[col[0]]);
        c->roles[i].name = core_strdup(r[col[2]]);
        c->roles[i].function = (size_t)fn;
        c->role_count = i + 1;
        if (!c->roles[i].id || !c->roles[i].name) {
            err = ISOMM_ERR_NOMEM;
            goto done;
        }
    }
done:
    catalog_tsv_free(&t);
    return err;
}

static isomm_error load_services(loader *ld, isomm_catalog *c)
{
    catalog_tsv t;
    isomm_error err = load_table(ld, "services", &t);
    if (err)
        return err;
    static const char *const names[] = {"id", "category", "name", "region",
                                        "process", NULL};
    long col[5];
    if ((err = need_columns(ld, &t, "services", names, col)))
        goto done;
    long aliases = catalog_tsv_column(&t, "aliases");
    c->services = calloc(t.row_count ? t.row_count : 1, sizeof *c->services);
    c->service_aliases = calloc(t.row_count ? t.row_count : 1, sizeof *c->service_aliases);
    if (!c->services || !c->service_aliases) {
        err = ISOMM_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < t.row_count; i++) {
        char **r = t.rows[i];
        isomm_service *s = &c->services[i];
        long cat = find_group(c->categories, c->category_count, r[col[1]]);
        if (!*r[col[0]] || isomm_catalog_find_service(c, r[col[0]]) >= 0 || cat < 0) {
            err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                             "services.tsv line %zu: service '%s' is empty, repeated "
                             "or names an unknown category '%s'",
                             t.lines[i], r[col[0]], r[col[1]]);
            goto done;
        }
        if ((err = check_id(ld, "services", t.lines[i], r[col[0]])))
            goto done;
        if (parse_regions(r[col[3]], &s->regions) != 0) {
            err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                             "services.tsv line %zu: region '%s' is not I, II, III, "
                             "IV, a comma list of them, or all",
                             t.lines[i], r[col[3]]);
            goto done;
        }
        const char *p = r[col[4]];
        if (strcmp(p, "strategic") == 0)
            s->process = ISOMM_PROCESS_STRATEGIC;
        else if (strcmp(p, "operation") == 0)
            s->process = ISOMM_PROCESS_OPERATION;
        else if (strcmp(p, "response") == 0)
            s->process = ISOMM_PROCESS_RESPONSE;
        else {
            err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                             "services.tsv line %zu: process '%s' is not strategic, "
                             "operation or response",
                             t.lines[i], p);
            goto done;
        }
        s->id = core_strdup(r[col[0]]);
        s->name = core_strdup(r[col[2]]);
        s->category = (size_t)cat;
        c->service_count = i + 1;
        if (!s->id || !s->name || !optional_text(&c->service_aliases[i], r, aliases)) {
            err = ISOMM_ERR_NOMEM;
            goto done;
        }
    }
done:
    catalog_tsv_free(&t);
    return err;
}

static isomm_error load_correspondence(loader *ld, isomm_catalog *c)
{
    catalog_tsv t;
    isomm_error err = load_table(ld, "correspondence", &t);
    if (err)
        return err;
    static const char *const names[] = {"service", "role", NULL};
    long col[2];
    if ((err = need_columns(ld, &t, "correspondence", names, col)))
        goto done;
    for (size_t i = 0; i < t.row_count; i++) {
        long s = isomm_catalog_find_service(c, t.rows[i][col[0]]);
        long r = isomm_catalog_find_role(c, t.rows[i][col[1]]);
        if (s < 0 || r < 0) {
            err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                             "correspondence.tsv line %zu: unknown %s '%s'",
                             t.lines[i], s < 0 ? "service" : "role",
                             s < 0 ? t.rows[i][col[0]] : t.rows[i][col[1]]);
            goto done;
        }
        isomm_service *sv = &c->services[s];
        for (size_t k = 0; k < sv->source_count; k++)
            if (sv->sources[k] == (size_t)r) {
                err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                                 "correspondence.tsv line %zu: %s <- %s repeated",
                                 t.lines[i], sv->id, c->roles[r].id);
                goto done;
            }
        size_t *src = realloc(sv->sources, (sv->source_count + 1) * sizeof *src);
        if (!src) {
            err = ISOMM_ERR_NOMEM;
            goto done;
        }
        sv->sources = src;
        sv->sources[sv->source_count++] = (size_t)r;
    }
    /* A role that feeds nothing would be silently lost by a migration. */
    for (size_t r = 0; r < c->role_count; r++) {
        int used = 0;
        for (size_t s = 0; s < c->service_count && !used; s++)
            for (size_t k = 0; k < c->services[s].source_count; k++)
                if (c->services[s].sources[k] == r)
                    used = 1;
        if (!used) {
            err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                             "correspondence.tsv: role %s maps to no service",
                             c->roles[r].id);
            goto done;
        }
    }
done:
    catalog_tsv_free(&t);
    return err;
}

static isomm_error load_patterns(loader *ld, isomm_catalog *c)
{
    catalog_tsv t;
    isomm_error err = load_table(ld, "patterns", &t);
    if (err)
        return err;
    static const char *const names[] = {"key", "name", "regions", NULL};
    long col[3];
    if ((err = need_columns(ld, &t, "patterns", names, col)))
        goto done;
    c->patterns = calloc(t.row_count ? t.row_count : 1, sizeof *c->patterns);
    if (!c->patterns) {
        err = ISOMM_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < t.row_count; i++) {
        isomm_pattern *p = &c->patterns[i];
        const char *key = t.rows[i][col[0]], *name = t.rows[i][col[1]];
        /* A sheet's answer is looked up by key or name: each must say one
         * pattern (an empty one would match every blank answer). */
        if (!*key || !*name || isomm_catalog_find_pattern(c, key) >= 0 ||
            isomm_catalog_find_pattern(c, name) >= 0) {
            err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                             "patterns.tsv line %zu: pattern '%s' (%s) has an empty or "
                             "repeated key or name", t.lines[i], key, name);
            goto done;
        }
        if (parse_regions(t.rows[i][col[2]], &p->regions) != 0) {
            err = core_fail(ld->errbuf, ISOMM_ERR_CATALOG,
                             "patterns.tsv line %zu: bad regions '%s'", t.lines[i],
                             t.rows[i][col[2]]);
            goto done;
        }
        p->key = core_strdup(t.rows[i][col[0]]);
        p->name = core_strdup(t.rows[i][col[1]]);
        c->pattern_count = i + 1;
        if (!p->key || !p->name) {
            err = ISOMM_ERR_NOMEM;
            goto done;
        }
    }
done:
    catalog_tsv_free(&t);
    return err;
}

static isomm_error load(loader *ld, isomm_catalog **out)
{
    *out = NULL;
    isomm_catalog *c = calloc(1, sizeof *c);
    if (!c)
        return core_fail(ld->errbuf, ISOMM_ERR_NOMEM, "catalog: out of memory");
    isomm_error err;
    if ((err = load_groups(ld, "functions", &c->functions, &c->function_count)) ||
        (err = load_groups(ld, "categories", &c->categories, &c->category_count)) ||
        (err = load_roles(ld, c)) || (err = load_services(ld, c)) ||
        (err = load_correspondence(ld, c)) || (err = load_patterns(ld, c))) {
        if (err == ISOMM_ERR_NOMEM)
            core_fail(ld->errbuf, err, "catalog: out of memory");
        isomm_catalog_free(c);
        return err;
    }
    *out = c;
    return ISOMM_OK;
}

isomm_error isomm_catalog_load_builtin(isomm_catalog **out, char *errbuf)
{
    return catalog_load_tables(catalog_templates, "built-in templates", out, errbuf);
}

const catalog_template *catalog_builtin_tables(void)
{
    return catalog_templates;
}

isomm_error catalog_load_tables(const catalog_template *tables, const char *label,
                                isomm_catalog **out, char *errbuf)
{
    loader ld = {NULL, tables, label, errbuf};
    return load(&ld, out);
}

isomm_error isomm_catalog_load_dir(const char *dir, isomm_catalog **out,
                                   char *errbuf)
{
    if (!dir || !out)
        return core_fail(errbuf, ISOMM_ERR_ARG, "catalog: no directory given");
    loader ld = {dir, NULL, NULL, errbuf};
    return load(&ld, out);
}

static void free_groups(isomm_group *g, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(g[i].id);
        free(g[i].name);
        free(g[i].description);
        free(g[i].strength);
        free(g[i].weakness);
    }
    free(g);
}

void isomm_catalog_free(isomm_catalog *c)
{
    if (!c)
        return;
    free_groups(c->functions, c->function_count);
    free_groups(c->categories, c->category_count);
    for (size_t i = 0; i < c->role_count; i++) {
        free(c->roles[i].id);
        free(c->roles[i].name);
    }
    free(c->roles);
    for (size_t i = 0; i < c->service_count; i++) {
        free(c->services[i].id);
        free(c->services[i].name);
        free(c->services[i].sources);
        if (c->service_aliases)
            free(c->service_aliases[i]);
    }
    free(c->services);
    free(c->service_aliases);
    for (size_t i = 0; i < c->pattern_count; i++) {
        free(c->patterns[i].key);
        free(c->patterns[i].name);
    }
    free(c->patterns);
    free(c);
}

long isomm_catalog_find_role(const isomm_catalog *c, const char *id)
{
    for (size_t i = 0; i < c->role_count; i++)
        if (c->roles[i].id && strcmp(c->roles[i].id, id) == 0)
            return (long)i;
    return -1;
}

long isomm_catalog_find_service(const isomm_catalog *c, const char *id)
{
    for (size_t i = 0; i < c->service_count; i++)
        if (c->services[i].id && strcmp(c->services[i].id, id) == 0)
            return (long)i;
    return -1;
}

long isomm_catalog_find_pattern(const isomm_catalog *c, const char *text)
{
    if (!text)
        return -1;
    char *t = core_trim(core_strdup(text));
    long found = -1;
    for (size_t i = 0; t && i < c->pattern_count && found < 0; i++)
        if (strcmp(c->patterns[i].key, t) == 0 || strcmp(c->patterns[i].name, t) == 0)
            found = (long)i;
    free(t);
    return found;
}

const char *isomm_region_label(unsigned regions)
{
    static const char *const labels[16] = {
        "",        "I",        "II",        "I,II",     "III",     "I,III",
        "II,III",  "I,II,III", "IV",        "I,IV",     "II,IV",   "I,II,IV",
        "III,IV",  "I,III,IV", "II,III,IV", "all"};
    return labels[regions & 15];
}

const char *isomm_process_key(isomm_process p)
{
    switch (p) {
    case ISOMM_PROCESS_STRATEGIC: return "strategic";
    case ISOMM_PROCESS_OPERATION: return "operation";
    case ISOMM_PROCESS_RESPONSE: return "response";
    }
    return "";
}

const char *isomm_process_label(isomm_process p)
{
    switch (p) {
    case ISOMM_PROCESS_STRATEGIC: return "戦略マネジメント";
    case ISOMM_PROCESS_OPERATION: return "運用";
    case ISOMM_PROCESS_RESPONSE: return "対応";
    }
    return "";
}
