/* run.c - helpers for tests that run the CLI and look at files. */
#define _DEFAULT_SOURCE
#include "run.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int write_all(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && n == len) ? 0 : -1;
}

char *tmpdir_make(void)
{
    char *dir = strdup("/tmp/isomm-test-XXXXXX");
    if (!dir || !mkdtemp(dir)) {
        free(dir);
        return NULL;
    }
    return dir;
}

void tmpdir_remove(char *dir)
{
    if (!dir)
        return;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(dir);
}

size_t dir_count(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

run_result run_isomm(const char *args)
{
    run_result r = {-1, NULL, NULL};
    const char *bin = getenv("ISOMM_BIN");
    char *dir = tmpdir_make();
    if (!bin || !dir) {
        fprintf(stderr, "ISOMM_BIN is not set (run the tests through ctest)\n");
        tmpdir_remove(dir);
        return r;
    }
    size_t size = strlen(bin) + strlen(args) + 2 * strlen(dir) + 64;
    char *cmd = malloc(size);
    /* Standard input is /dev/null unless ARGS redirect it. */
    snprintf(cmd, size, "'%s' %s >'%s/out' 2>'%s/err'%s", bin, args, dir, dir,
             strchr(args, '<') ? "" : " </dev/null");
    int st = system(cmd);
    free(cmd);
    if (st != -1 && WIFEXITED(st))
        r.status = WEXITSTATUS(st);
    char path[512];
    snprintf(path, sizeof path, "%s/out", dir);
    r.out = read_all(path, NULL);
    snprintf(path, sizeof path, "%s/err", dir);
    r.err = read_all(path, NULL);
    tmpdir_remove(dir);
    return r;
}

void run_free(run_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}
