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
