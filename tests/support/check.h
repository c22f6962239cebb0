/* check.h - assertions and group fixtures the cmocka tests share. Include
 * after <cmocka.h>. */
#ifndef ISOMM_TEST_CHECK_H
#define ISOMM_TEST_CHECK_H

#include "catalog_fixture.h" /* cat */

/* Fail the test unless `text` (NULL allowed) contains `needle`; the
 * message shows the text. */
void assert_contains(const char *text, const char *needle);

/* Fail unless a cell of the 読み込み失敗 sheet of the group workbook
 * `group_xlsx` contains `needle`. */
void assert_failure_listed(const char *group_xlsx, const char *needle);

/* isomm_assessment_read() of `path` with `cat`, which must succeed. */
struct isomm_assessment *assessment_ok(const char *path);
/* The index of role `id` in `cat` (the test fails if there is none). */
long role_index(const char *id);

/* A group fixture: the built-in catalog in `cat` and a new temporary
 * folder in `dir`, removed with everything in it by the teardown. */
extern char *dir;
int workspace_setup(void **state);
int workspace_teardown(void **state);

#endif
