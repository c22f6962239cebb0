/* check.c - see check.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "fixture.h"
#include "isomm/isomm.h"
#include "ooxml/ooxml.h"

char *dir;

void assert_contains(const char *text, const char *needle)
{
    if (!text || !strstr(text, needle))
        fail_msg("expected '%s' in:\n%s", needle, text ? text : "(null)");
}

isomm_assessment *assessment_ok(const char *path)
{
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_assessment *a = NULL;
    if (isomm_assessment_read(path, cat, &a, errbuf))
        fail_msg("isomm_assessment_read(%s): %s", path, errbuf);
    return a;
}

long role_index(const char *id)
{
    long k = isomm_catalog_find_role(cat, id);
    if (k < 0)
        fail_msg("no role %s in the catalog", id);
    return k;
}

int workspace_setup(void **state)
{
    if (catalog_setup(state) != 0)
        return -1;
    dir = fx_tmpdir();
    return dir ? 0 : -1;
}

int workspace_teardown(void **state)
{
    if (dir)
        fx_rmtree(dir);
    free(dir);
    dir = NULL;
    return catalog_teardown(state);
}

void assert_failure_listed(const char *group_xlsx, const char *needle)
{
    char errbuf[ISOMM_ERRBUF_SIZE];
    ooxml_book *b = NULL;
    if (ooxml_open(group_xlsx, &b, errbuf))
        fail_msg("%s", errbuf);
    long s = ooxml_find_sheet(b, "読み込み失敗");
    if (s < 0)
        fail_msg("%s has no 読み込み失敗 sheet", group_xlsx);
    ooxml_grid *g = NULL;
    if (ooxml_load_grid(b, (size_t)s, &g, errbuf))
        fail_msg("%s", errbuf);
    int found = 0;
    for (size_t i = 0; i < g->count && !found; i++)
        found = strstr(g->cells[i].text, needle) != NULL;
    ooxml_grid_free(g);
    ooxml_close(b);
    if (!found)
        fail_msg("'%s' is not on the 読み込み失敗 sheet of %s", needle, group_xlsx);
}
