/* catalog_fixture.c - load the built-in catalog once per test group. */
#include "catalog_fixture.h"

#include <stdio.h>

isomm_catalog *cat;

int catalog_setup(void **state)
{
    (void)state;
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_error err = isomm_catalog_load_builtin(&cat, errbuf);
    if (err)
        fprintf(stderr, "built-in catalog: %s\n", errbuf);
    return err ? -1 : 0;
}

int catalog_teardown(void **state)
{
    (void)state;
    isomm_catalog_free(cat);
    cat = NULL;
    return 0;
}
