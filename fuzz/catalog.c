/* catalog.c - fuzz target: one table of the catalog (the first byte picks
 * which) replaced by the input, the others built in; a catalog that loads
 * then reads a sample sheet, so the readers meet odd IDs and names. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"

static catalog_template tables[16];
static size_t ntables;
static unsigned char *sample;
static size_t sample_len;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_catalog();
    const catalog_template *t = catalog_builtin_tables();
    for (ntables = 0; t[ntables].name; ntables++)
        if (ntables + 1 >= sizeof tables / sizeof *tables)
            abort();
    memcpy(tables, t, (ntables + 1) * sizeof *t);
    char path[4096];
    snprintf(path, sizeof path, "%s/samples/alpha-manufacturing.xlsx", fuzz_source_dir());
    if (!(sample = fuzz_slurp(path, &sample_len))) {
        fprintf(stderr, "fuzz: cannot read %s\n", path);
        abort();
    }
    return 0;
}

/* One seed per table: its selector byte and the built-in text. */
void fuzz_seeds(const char *dir)
{
    for (size_t k = 0; k < ntables; k++) {
        char name[64];
        snprintf(name, sizeof name, "seed-%s", tables[k].name);
        fuzz_write_seed(dir, name, (int)k, tables[k].data, tables[k].size);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t k = data[0] % ntables;
    catalog_template mine[16];
    memcpy(mine, tables, (ntables + 1) * sizeof *tables);
    mine[k].data = (const char *)data + 1;
    mine[k].size = size - 1;
    isomm_catalog *cat = NULL;
    char err[ISOMM_ERRBUF_SIZE] = "";
    isomm_error e = catalog_load_tables(mine, "fuzz", &cat, err);
    if (e) {
        if (cat || !err[0])
            abort();
        return 0;
    }
    fuzz_read_and_write(sample, sample_len, cat);
    isomm_catalog_free(cat);
    return 0;
}
