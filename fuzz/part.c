/* part.c - fuzz target: one XML part of a fixed valid workbook replaced by
 * the input (its first byte picks the part), so that the mutations reach
 * the XML parsers behind the zip layer's checks. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bases: a v2.1 sheet (marks), one with form controls, one with a
 * VML drawing. */
static const char *const base_files[] = {
    "samples/alpha-manufacturing.xlsx",
    "tests/fixtures/ooxml-ctrlprops.xlsx",
    "tests/fixtures/ooxml-vml.xlsx",
};
#define NBASES (sizeof base_files / sizeof *base_files)

/* The parts the first byte picks from (modulo their number). */
static const struct {
    unsigned base;
    const char *part;
} kinds[] = {
    {0, "xl/worksheets/sheet2.xml"},
    {0, "xl/sharedStrings.xml"},
    {0, "xl/workbook.xml"},
    {0, "xl/_rels/workbook.xml.rels"},
    {0, "[Content_Types].xml"},
    {0, "_rels/.rels"},
    {0, "xl/styles.xml"},
    {0, "docProps/core.xml"},
    {1, "xl/ctrlProps/ctrlProp1.xml"},
    {1, "xl/worksheets/_rels/sheet2.xml.rels"},
    {1, "xl/worksheets/sheet2.xml"},
    {2, "xl/drawings/vmlDrawing1.vml"},
    {2, "xl/worksheets/_rels/sheet2.xml.rels"},
    {2, "xl/worksheets/sheet2.xml"},
};
#define NKINDS (sizeof kinds / sizeof *kinds)

typedef struct base {
    char **names;
    unsigned char **data;
    size_t *lens, count;
} base;

static base bases[NBASES];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_catalog();
    const char *src = fuzz_source_dir();
    for (size_t i = 0; i < NBASES; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", src, base_files[i]);
        fuzz_unzip(path, &bases[i].names, &bases[i].data, &bases[i].lens, &bases[i].count);
    }
    for (size_t k = 0; k < NKINDS; k++) {
        const base *b = &bases[kinds[k].base];
        size_t i = 0;
        while (i < b->count && strcmp(b->names[i], kinds[k].part) != 0)
            i++;
        if (i == b->count) {
            fprintf(stderr, "fuzz: %s has no part %s\n", base_files[kinds[k].base],
                    kinds[k].part);
            abort();
        }
    }
    return 0;
}

/* One seed per kind: its selector byte and the base's own part. */
void fuzz_seeds(const char *dir)
{
    for (size_t k = 0; k < NKINDS; k++) {
        const base *b = &bases[kinds[k].base];
        for (size_t i = 0; i < b->count; i++) {
            if (strcmp(b->names[i], kinds[k].part) != 0)
                continue;
            char name[32];
            snprintf(name, sizeof name, "seed-%02zu", k);
            fuzz_write_seed(dir, name, (int)k, b->data[i], b->lens[i]);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t k = data[0] % NKINDS;
    const base *b = &bases[kinds[k].base];
    fuzz_zip z = {0};
    for (size_t i = 0; i < b->count; i++) {
        if (strcmp(b->names[i], kinds[k].part) == 0)
            fuzz_zip_add(&z, b->names[i], data + 1, size - 1);
        else
            fuzz_zip_add(&z, b->names[i], b->data[i], b->lens[i]);
    }
    fuzz_zip_finish(&z);
    fuzz_read_and_write(z.data, z.len, fuzz_catalog());
    fuzz_zip_free(&z);
    return 0;
}
