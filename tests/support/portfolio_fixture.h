/*
 * portfolio_fixture.h - a deterministic portfolio built by hand (without
 * the reader or the normalizer), for the writer tests.
 *
 * Service i (catalog order) gets:
 *   As-Is      pf_fixture_as_is(i)   (-1 = null every 7th service)
 *   To-Be      pf_fixture_to_be(i)   (-1 = null where As-Is is, and i % 4 == 1)
 *   allocation pf_fixture_allocation(i) (cycles through all five sides)
 *   recommendation pf_fixture_recommendation(i) (cycles through all six)
 *   memo       "memo <ID>" when i is even, else NULL
 *   flags      ISOMM_FLAG_NEW for services without a v2.1 source.
 * Roles (when asked for): role i cycles scored / declined / blank, with a
 * note "note <ID>" on every third role. Two warnings.
 */
#ifndef PORTFOLIO_FIXTURE_H
#define PORTFOLIO_FIXTURE_H

#include <stddef.h>
#include "isomm/isomm.h"

int pf_fixture_as_is(size_t i);
int pf_fixture_to_be(size_t i);
isomm_side pf_fixture_allocation(size_t i);
isomm_recommendation pf_fixture_recommendation(size_t i);
isomm_role_result pf_fixture_role(size_t i);

/* A new portfolio over `catalog` (freed with isomm_portfolio_free), with
 * roles when `with_roles`, or NULL when out of memory. */
isomm_portfolio *pf_fixture_new(const isomm_catalog *catalog, int with_roles);

#endif
