/* strlist.c - growable list of owned strings. */
#include "isomm/strlist.h"
#include "core/core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

isomm_error core_strlist_addf(isomm_strlist *list, const char *fmt, ...)
{
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 8;
        char **items = realloc(list->items, cap * sizeof *items);
        if (!items)
            return ISOMM_ERR_NOMEM;
        list->items = items;
        list->capacity = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *s = core_vasprintf(fmt, ap);
    va_end(ap);
    if (!s)
        return ISOMM_ERR_NOMEM;
    list->items[list->count++] = s;
    return ISOMM_OK;
}

void core_strlist_clear(isomm_strlist *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = list->capacity = 0;
}
