/* check.c - see check.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "fixture.h"

char *dir;

void assert_contains(const char *text, const char *needle)
{
    if (!text || !strstr(text, needle))
        fail_msg("expected '%s' in:\n%s", needle, text ? text : "(null)");
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
