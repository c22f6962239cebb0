/* run.h - run the isomm CLI in tests and capture what it printed. */
#ifndef ISOMM_TEST_RUN_H
#define ISOMM_TEST_RUN_H

#include <stddef.h>

typedef struct run_result {
    int status;   /* exit code, or -1 if it did not exit normally */
    char *out;    /* stdout */
    char *err;    /* stderr */
} run_result;

/* Run `isomm ARGS` (ARGS is shell text, which may redirect standard input;
 * else it is /dev/null) with the binary from $ISOMM_BIN. */
run_result run_isomm(const char *args);
void run_free(run_result *r);

/* A fresh temporary directory (freed by tmpdir_remove). */
char *tmpdir_make(void);
void tmpdir_remove(char *dir);
/* Number of entries in dir (excluding . and ..). */
size_t dir_count(const char *dir);
/* Whole file, NUL-terminated; *len set if len != NULL. NULL if missing. */
char *read_all(const char *path, size_t *len);
int write_all(const char *path, const void *data, size_t len);

#endif
