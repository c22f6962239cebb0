/* catalog_fixture.h - the built-in catalog as a cmocka group fixture. */
#ifndef ISOMM_TEST_CATALOG_FIXTURE_H
#define ISOMM_TEST_CATALOG_FIXTURE_H

#include "isomm/catalog.h"

extern isomm_catalog *cat;            /* set by catalog_setup */
int catalog_setup(void **state);      /* loads the built-in catalog */
int catalog_teardown(void **state);

#endif
