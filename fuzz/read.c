/* read.c - fuzz target: the bytes of a file, read as a workbook through
 * the public entry point and, when they read, written by both writers. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_catalog();
    return 0;
}

/* The seeds: every workbook of tests/fixtures and samples. */
void fuzz_seeds(const char *dir)
{
    static const char *const folders[] = {"tests/fixtures", "samples"};
    for (size_t f = 0; f < 2; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", fuzz_source_dir(), folders[f]);
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            const char *dot = strrchr(e->d_name, '.');
            if (!dot || (strcmp(dot, ".xlsx") && strcmp(dot, ".xlsm") && strcmp(dot, ".xls")))
                continue;
            char file[4096 + 256];
            snprintf(file, sizeof file, "%s/%s", path, e->d_name);
            size_t len = 0;
            unsigned char *data = fuzz_slurp(file, &len);
            if (!data)
                exit(1);
            fuzz_write_seed(dir, e->d_name, -1, data, len);
            free(data);
        }
        if (d)
            closedir(d);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read_and_write(data, size, fuzz_catalog());
    return 0;
}
