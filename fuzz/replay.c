/* replay.c - main() for a fuzz target built without libFuzzer: every file
 * named (or every file in a folder named) is run through the target once.
 * The test suite replays the seeds and the regressions with it.
 *   replay FILE|DIR...     run them
 *   replay --seeds DIR     write the target's seed inputs into DIR */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static size_t run_file(const char *path)
{
    size_t len = 0;
    unsigned char *data = fuzz_slurp(path, &len);
    if (!data) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        exit(1);
    }
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return 1;
}

static size_t run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: no such file or folder\n", path);
        exit(1);
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path);
    DIR *d = opendir(path);
    if (!d)
        exit(1);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        n += run_path(sub);
    }
    closedir(d);
    return n;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    if (argc == 3 && strcmp(argv[1], "--seeds") == 0) {
        mkdir(argv[2], 0777);
        fuzz_seeds(argv[2]);
        return 0;
    }
    size_t n = 0;
    for (int i = 1; i < argc; i++)
        n += run_path(argv[i]);
    if (n == 0) {
        fprintf(stderr, "replay: no input given\n");
        return 1;
    }
    printf("replay: %zu inputs, no crash\n", n);
    return 0;
}
