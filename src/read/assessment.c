/* assessment.c - the reader's product for a v2.x sheet: the raw
 * selections of every role, before any migration policy. */
#include "read.h"

#include "core/core.h"

#include <stdlib.h>

isomm_assessment *isomm_assessment_new(const isomm_catalog *catalog)
{
    if (!catalog)
        return NULL;
    isomm_assessment *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->catalog = catalog;
    a->pattern_current = a->pattern_target = -1;
    a->answers = calloc(catalog->role_count ? catalog->role_count : 1, sizeof *a->answers);
    if (!a->answers) {
        free(a);
        return NULL;
    }
    return a;
}

void isomm_assessment_free(isomm_assessment *a)
{
    if (!a)
        return;
    if (a->answers && a->catalog)
        for (size_t i = 0; i < a->catalog->role_count; i++)
            free(a->answers[i].note);
    free(a->answers);
    free(a->path);
    free(a->kind);
    free(a->sheet);
    free(a->layout);
    free(a->table_range);
    free(a->organization);
    free(a->date);
    free(a->date_source);
    free(a->selections);
    core_strlist_clear(&a->warnings);
    free(a);
}
