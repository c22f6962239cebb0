/* strlist.c - growable list of owned strings. */
#include "isomm/strlist.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

isomm_error isomm_strlist_addf(isomm_strlist *list, const char *fmt, ...)
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
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return ISOMM_ERR_ARG;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return ISOMM_ERR_NOMEM;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    list->items[list->count++] = s;
    return ISOMM_OK;
}

void isomm_strlist_clear(isomm_strlist *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = list->capacity = 0;
}
