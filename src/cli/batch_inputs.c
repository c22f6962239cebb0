/* batch_inputs.c - inputs of a batch: folder walks, skip rules, unique
 * output names (docs/batch.md). */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"


/* ---- small hash sets ------------------------------------------------------ */

static uint64_t fnv(const void *data, size_t n, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}
#define FNV_SEED 1469598103934665603ULL

/* Files by device and inode. */
typedef struct file_id {
    dev_t dev;
    ino_t ino;
    int used;
} file_id;

typedef struct id_set {
    file_id *slots;
    size_t capacity, count;
} id_set;

static size_t id_hash(dev_t dev, ino_t ino)
{
    uint64_t h = fnv(&dev, sizeof dev, FNV_SEED);
    return (size_t)fnv(&ino, sizeof ino, h);
}

static int id_set_has(const id_set *s, dev_t dev, ino_t ino)
{
    if (!s->capacity)
        return 0;
    size_t mask = s->capacity - 1;
    for (size_t i = id_hash(dev, ino) & mask; s->slots[i].used; i = (i + 1) & mask)
        if (s->slots[i].dev == dev && s->slots[i].ino == ino)
            return 1;
    return 0;
}

/* 1 if added, 0 if already there, -1 out of memory. */
static int id_set_add(id_set *s, dev_t dev, ino_t ino)
{
    if (id_set_has(s, dev, ino))
        return 0;
    if ((s->count + 1) * 2 > s->capacity) {
        size_t cap = s->capacity ? s->capacity * 2 : 64;
        file_id *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < s->capacity; i++) {
            if (!s->slots[i].used)
                continue;
            size_t j = id_hash(s->slots[i].dev, s->slots[i].ino) & (cap - 1);
            while (slots[j].used)
                j = (j + 1) & (cap - 1);
            slots[j] = s->slots[i];
        }
        free(s->slots);
        s->slots = slots;
        s->capacity = cap;
    }
    size_t mask = s->capacity - 1;
    size_t i = id_hash(dev, ino) & mask;
    while (s->slots[i].used)
        i = (i + 1) & mask;
    s->slots[i] = (file_id){dev, ino, 1};
    s->count++;
    return 1;
}

/* Strings compared ignoring ASCII case (owned copies). */
typedef struct name_set {
    char **slots;
    size_t capacity, count;
} name_set;

static size_t name_hash(const char *s)
{
    uint64_t h = FNV_SEED;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        h = fnv(&c, 1, h);
    }
    return (size_t)h;
}

static int same_name(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

static int name_set_has(const name_set *s, const char *name)
{
    if (!s->capacity)
        return 0;
    size_t mask = s->capacity - 1;
    for (size_t i = name_hash(name) & mask; s->slots[i]; i = (i + 1) & mask)
        if (same_name(s->slots[i], name))
            return 1;
    return 0;
}

static int name_set_add(name_set *s, const char *name)
{
    if (name_set_has(s, name))
        return 0;
    if ((s->count + 1) * 2 > s->capacity) {
        size_t cap = s->capacity ? s->capacity * 2 : 64;
        char **slots = calloc(cap, sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < s->capacity; i++) {
            if (!s->slots[i])
                continue;
            size_t j = name_hash(s->slots[i]) & (cap - 1);
            while (slots[j])
                j = (j + 1) & (cap - 1);
            slots[j] = s->slots[i];
        }
        free(s->slots);
        s->slots = slots;
        s->capacity = cap;
    }
    char *copy = cli_strdup(name);
    if (!copy)
        return -1;
    size_t mask = s->capacity - 1;
    size_t i = name_hash(name) & mask;
    while (s->slots[i])
        i = (i + 1) & mask;
    s->slots[i] = copy;
    s->count++;
    return 1;
}

static void name_set_free(name_set *s)
{
    for (size_t i = 0; i < s->capacity; i++)
        free(s->slots[i]);
    free(s->slots);
    memset(s, 0, sizeof *s);
}

/* ---- collecting ----------------------------------------------------------- */

typedef struct collector {
    batch_inputs *out;
    id_set seen;
    int have_exclude;
    dev_t exclude_dev;
    ino_t exclude_ino;
    int nomem;
} collector;

static batch_input *push(collector *c, char *path, char *error)
{
    batch_inputs *in = c->out;
    if (!path || c->nomem) {
        free(path);
        free(error);
        c->nomem = 1;
        return NULL;
    }
    if (in->count == in->capacity) {
        size_t cap = in->capacity ? in->capacity * 2 : 64;
        batch_input *p = realloc(in->items, cap * sizeof *p);
        if (!p) {
            free(path);
            free(error);
            c->nomem = 1;
            return NULL;
        }
        in->items = p;
        in->capacity = cap;
    }
    batch_input *item = &in->items[in->count++];
    memset(item, 0, sizeof *item);
    item->path = path;
    item->error = error;
    item->size = -1;
    return item;
}

/* Take a file (path is owned). */
static void take_file(collector *c, char *path, const struct stat *st)
{
    if (st) {
        int added = id_set_add(&c->seen, st->st_dev, st->st_ino);
        if (added < 0) {
            c->nomem = 1;
            free(path);
            return;
        }
        if (added == 0) { /* the same file again */
            free(path);
            return;
        }
    }
    batch_input *item = push(c, path, NULL);
    if (item && st) {
        item->exists = 1;
        item->dev = st->st_dev;
        item->ino = st->st_ino;
        if (S_ISREG(st->st_mode))
            item->size = (long long)st->st_size;
    }
}

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && same_name(s + n - m, suffix);
}

static int is_sheet_name(const char *name)
{
    return ends_with_ci(name, ".xlsx") || ends_with_ci(name, ".xlsm");
}

/* The group CSV isomm writes starts with these columns (rollup/export.c). */
static const char GROUP_CSV_HEAD[] = "subsidiary,service,service_name,";

/* 1 if the file at `path` is a CSV file of isomm group (after a BOM). */
static int is_group_csv(const char *path)
{
    char head[64] = "";
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(head, 1, sizeof head - 1, f) : 0;
    if (f)
        fclose(f);
    head[n] = '\0';
    const char *p = strncmp(head, "\xEF\xBB\xBF", 3) == 0 ? head + 3 : head;
    return strncmp(p, GROUP_CSV_HEAD, sizeof GROUP_CSV_HEAD - 1) == 0;
}

/* A file a folder walk takes: a workbook (.xlsx, .xlsm), or a file that
 * looks like a spreadsheet isomm cannot read (.xls, .xlsb, .ods, .numbers,
 * .csv), taken so that its failure is reported with a hint (cli_read).
 * Not an Excel lock file (~$), an isomm output (*-portfolio.xlsx, a group
 * CSV) nor `exclude`: those count as skipped. */
enum { WALK_LEAVE, WALK_TAKE, WALK_SKIP };

static int walk_rule(const collector *c, const char *name, const char *path,
                     const struct stat *st)
{
    int sheet = is_sheet_name(name), foreign = cli_foreign_hint(name) != NULL;
    if (!sheet && !foreign)
        return WALK_LEAVE;
    if (strncmp(name, "~$", 2) == 0 || ends_with_ci(name, "-portfolio.xlsx"))
        return WALK_SKIP;
    if (st && c->have_exclude && st->st_dev == c->exclude_dev && st->st_ino == c->exclude_ino)
        return WALK_SKIP;
    if (st && S_ISREG(st->st_mode) && ends_with_ci(name, ".csv") && is_group_csv(path))
        return WALK_SKIP;
    return WALK_TAKE;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folders being walked, to stop at symbolic-link loops. */
typedef struct ancestry {
    dev_t dev;
    ino_t ino;
    const struct ancestry *up;
} ancestry;

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    if (n && dir[n - 1] == '/')
        return cli_asprintf("%s%s", dir, name);
    return cli_asprintf("%s/%s", dir, name);
}

/* Walk `dir`; returns the number of files taken from it (or -1 when it
 * could not be read; the error is recorded as an input). */
static long walk(collector *c, const char *dir, const ancestry *up)
{
    DIR *d = opendir(dir);
    if (!d) {
        push(c, cli_strdup(dir),
             cli_asprintf("cannot read this folder: %s", strerror(errno)));
        return -1;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') /* ., .., hidden files, our temporaries */
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (!p) {
                c->nomem = 1;
                break;
            }
            names = p;
        }
        if (!(names[count] = cli_strdup(e->d_name))) {
            c->nomem = 1;
            break;
        }
        count++;
    }
    closedir(d);
    if (names)
        qsort(names, count, sizeof *names, cmp_names);
    long taken = 0;
    for (size_t i = 0; i < count && !batch_interrupted(); i++) {
        const char *name = names[i];
        char *path = c->nomem ? NULL : join(dir, name);
        if (!path) {
            c->nomem = 1;
            continue;
        }
        struct stat st;
        int exists = stat(path, &st) == 0;
        /* A folder called like a document (a .numbers package) is one. */
        if (exists && S_ISDIR(st.st_mode) && !ends_with_ci(name, ".numbers")) {
            int loop = 0;
            for (const ancestry *a = up; a; a = a->up)
                loop |= a->dev == st.st_dev && a->ino == st.st_ino;
            if (!loop) {
                ancestry here = {st.st_dev, st.st_ino, up};
                long n = walk(c, path, &here);
                if (n > 0)
                    taken += n;
            }
            free(path);
            continue;
        }
        /* A dangling link called like a sheet is taken: its failure is
         * reported. */
        int rule = walk_rule(c, name, path, exists ? &st : NULL);
        if (rule == WALK_TAKE) {
            take_file(c, path, exists ? &st : NULL);
            taken++;
            continue;
        }
        if (rule == WALK_SKIP)
            c->out->skipped++;
        free(path);
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return taken;
}

int batch_collect(char *const *args, size_t nargs, const char *exclude, batch_inputs *out)
{
    memset(out, 0, sizeof *out);
    collector c;
    memset(&c, 0, sizeof c);
    c.out = out;
    struct stat st;
    if (exclude && stat(exclude, &st) == 0) {
        c.have_exclude = 1;
        c.exclude_dev = st.st_dev;
        c.exclude_ino = st.st_ino;
    }
    /* A signal stops the walk too (a large share can take long); the run
     * then reports what was listed as not started. */
    for (size_t i = 0; i < nargs && !c.nomem && !batch_interrupted(); i++) {
        const char *arg = args[i];
        if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
            out->folders++;
            size_t skipped = out->skipped;
            ancestry top = {st.st_dev, st.st_ino, NULL};
            long n = walk(&c, arg, &top);
            if (n == 0 && !batch_interrupted()) {
                skipped = out->skipped - skipped;
                push(&c, cli_strdup(arg),
                     skipped ? cli_asprintf("no .xlsx or .xlsm sheet in this folder "
                                              "(%zu Excel lock file(s) or isomm output(s) "
                                              "skipped)",
                                              skipped)
                             : cli_strdup("no .xlsx or .xlsm sheet in this folder"));
            }
        } else if (stat(arg, &st) == 0) {
            take_file(&c, cli_strdup(arg), &st);
        } else {
            take_file(&c, cli_strdup(arg), NULL); /* its failure is reported */
        }
    }
    free(c.seen.slots);
    if (c.nomem) {
        batch_inputs_free(out);
        return -1;
    }
    return 0;
}

void batch_inputs_free(batch_inputs *in)
{
    for (size_t i = 0; i < in->count; i++) {
        free(in->items[i].path);
        free(in->items[i].error);
    }
    free(in->items);
    memset(in, 0, sizeof *in);
}

/* ---- output names --------------------------------------------------------- */

void batch_output_paths_free(char **paths, size_t count)
{
    if (!paths)
        return;
    for (size_t i = 0; i < count; i++)
        free(paths[i]);
    free(paths);
}

char **batch_output_paths(const batch_inputs *in, const char *dir, const char *ext)
{
    char **paths = calloc(in->count ? in->count : 1, sizeof *paths);
    if (!paths)
        return NULL;
    name_set taken = {0};
    id_set inputs = {0};
    int nomem = 0;
    for (size_t i = 0; i < in->count && !nomem; i++) {
        const batch_input *item = &in->items[i];
        if (item->exists && id_set_add(&inputs, item->dev, item->ino) < 0)
            nomem = 1;
        if (name_set_add(&taken, item->path) < 0)
            nomem = 1;
    }
    for (size_t i = 0; i < in->count && !nomem; i++) {
        const batch_input *item = &in->items[i];
        if (item->error)
            continue;
        const char *slash = strrchr(item->path, '/');
        const char *base = slash ? slash + 1 : item->path;
        if (!strcmp(item->path, "-"))
            base = "stdin"; /* standard input: stdin-portfolio.xlsx in -d DIR */
        size_t stem = strlen(base);
        const char *dot = strrchr(base, '.');
        if (dot && dot != base)
            stem = (size_t)(dot - base);
        /* "<dir>/" or the input's folder (with its slash), or "". */
        char *prefix = dir ? (dir[0] && dir[strlen(dir) - 1] == '/'
                                  ? cli_strdup(dir)
                                  : cli_asprintf("%s/", dir))
                           : cli_strndup(item->path, slash ? (size_t)(slash + 1 - item->path) : 0);
        if (!prefix) {
            nomem = 1;
            break;
        }
        for (unsigned n = 1;; n++) {
            char *cand = n == 1 ? cli_asprintf("%s%.*s-portfolio.%s", prefix, (int)stem,
                                                 base, ext)
                                : cli_asprintf("%s%.*s-%u-portfolio.%s", prefix, (int)stem,
                                                 base, n, ext);
            if (!cand) {
                nomem = 1;
                break;
            }
            struct stat st;
            int clash = name_set_has(&taken, cand) ||
                        (stat(cand, &st) == 0 && id_set_has(&inputs, st.st_dev, st.st_ino));
            if (!clash) {
                if (name_set_add(&taken, cand) < 0)
                    nomem = 1;
                paths[i] = cand;
                break;
            }
            free(cand);
        }
        free(prefix);
    }
    name_set_free(&taken);
    free(inputs.slots);
    if (nomem) {
        batch_output_paths_free(paths, in->count);
        return NULL;
    }
    return paths;
}

/* ---- files ---------------------------------------------------------------- */

void batch_remove_temporaries(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char *dir = slash ? cli_strndup(path, (size_t)(slash - path + 1)) : cli_strdup(".");
    if (!dir)
        return;
    DIR *d = opendir(dir);
    size_t blen = strlen(base);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        /* ".<base>.XXXXXX.tmp" */
        if (strlen(n) == blen + 12 && n[0] == '.' && strncmp(n + 1, base, blen) == 0 &&
            n[1 + blen] == '.' && strcmp(n + blen + 8, ".tmp") == 0) {
            char *full = cli_asprintf("%s%s%s", dir, slash ? "" : "/", n);
            if (full)
                unlink(full);
            free(full);
        }
    }
    if (d)
        closedir(d);
    free(dir);
}

int batch_mkdirs(const char *dir)
{
    if (!*dir) {
        errno = ENOENT;
        return -1;
    }
    char *p = cli_strdup(dir);
    if (!p) {
        errno = ENOMEM;
        return -1;
    }
    struct stat st;
    for (char *s = p + 1;; s++) {
        char c = *s;
        if (c == '/' || c == '\0') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                int e = errno;
                free(p);
                errno = e;
                return -1;
            }
            *s = c;
        }
        if (!c)
            break;
    }
    int ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    free(p);
    if (!ok) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

char *batch_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? cli_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                 : cli_strdup(".");
}

int batch_mkparent(const char *path)
{
    char *dir = batch_parent_dir(path);
    if (!dir) {
        errno = ENOMEM;
        return -1;
    }
    int rc = batch_mkdirs(dir);
    int e = errno;
    free(dir);
    errno = e;
    return rc;
}
