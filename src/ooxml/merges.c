/*
 * merges.c - which merged range holds a cell, in constant time.
 *
 * The readers ask for the merge of nearly every cell they look at; with a
 * scan of the merge list that is cells x merges (a small sheet of 100,000
 * cells and 200,000 merges took seconds). Every cell of a range of at
 * most MERGE_SMALL cells goes into a hash table (cell -> first range in
 * document order); the few larger ranges are kept in a list. The cells
 * hashed and the large ranges are capped, so a hostile sheet of
 * overlapping ranges is refused by name instead of costing their areas.
 */
#include "ooxml.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/core.h"

#define MERGE_SMALL 65536u          /* cells of a range that is hashed */
#define MERGE_MAX_HASHED 1000000u   /* cells hashed in all */
#define MERGE_MAX_LARGE 256u        /* larger ranges */

struct ooxml_merge_index {
    uint64_t *keys; /* row << 14 | col, + 1 (0: empty slot) */
    uint32_t *vals; /* index into g->merges */
    size_t mask;    /* slots - 1 */
    uint32_t *large;
    size_t nlarge;
};

static uint64_t key_of(unsigned row, unsigned col)
{
    return ((uint64_t)row << 14 | col) + 1;
}

static size_t slot_of(const struct ooxml_merge_index *m, uint64_t key)
{
    key *= 0x9E3779B97F4A7C15ULL;
    return (size_t)(key >> 17) & m->mask;
}

/* Add a cell unless a range earlier in the document holds it. */
static void put(struct ooxml_merge_index *m, unsigned row, unsigned col, uint32_t val)
{
    uint64_t key = key_of(row, col);
    size_t i = slot_of(m, key);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & m->mask;
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->vals[i] = val;
    }
}

static uint64_t area(const ooxml_range *r)
{
    return (uint64_t)(r->r2 - r->r1 + 1) * (r->c2 - r->c1 + 1);
}

static isomm_error refuse(const ooxml_book *b, const ooxml_grid *g, const char *what,
                          char *errbuf)
{
    return core_fail(errbuf, ISOMM_ERR_TOO_LARGE,
                     "%s: %s holds %s, more than a sheet can sensibly hold (overlapping "
                     "merged ranges?)", b->path, g->sheet_part, what);
}

/* Count what the index will hold; refuse a sheet past the caps. */
static isomm_error measure(const ooxml_book *b, const ooxml_grid *g, size_t *hashed,
                           size_t *large, char *errbuf)
{
    uint64_t cells = 0;
    *large = 0;
    for (size_t i = 0; i < g->merge_count; i++) {
        uint64_t a = area(&g->merges[i]);
        if (a > MERGE_SMALL) {
            if (++*large > MERGE_MAX_LARGE)
                return refuse(b, g, "more than 256 merged ranges of over 65,536 cells", errbuf);
        } else if ((cells += a) > MERGE_MAX_HASHED) {
            return refuse(b, g, "merged ranges of more than 1,000,000 cells in all", errbuf);
        }
    }
    *hashed = (size_t)cells;
    return ISOMM_OK;
}

isomm_error ooxml_index_merges(const ooxml_book *b, ooxml_grid *g, char *errbuf)
{
    if (g->merge_count == 0)
        return ISOMM_OK;
    size_t hashed = 0, large = 0;
    isomm_error err = measure(b, g, &hashed, &large, errbuf);
    if (err)
        return err;
    struct ooxml_merge_index *m = calloc(1, sizeof *m);
    size_t slots = 16;
    while (slots < 2 * hashed)
        slots *= 2;
    if (m) {
        m->mask = slots - 1;
        m->keys = calloc(slots, sizeof *m->keys);
        m->vals = calloc(slots, sizeof *m->vals);
        m->large = calloc(large ? large : 1, sizeof *m->large);
    }
    if (!m || !m->keys || !m->vals || !m->large) {
        g->merge_index = m;
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", b->path);
    }
    for (size_t i = 0; i < g->merge_count; i++) {
        const ooxml_range *r = &g->merges[i];
        if (area(r) > MERGE_SMALL) {
            m->large[m->nlarge++] = (uint32_t)i;
            continue;
        }
        for (unsigned row = r->r1; row <= r->r2; row++)
            for (unsigned col = r->c1; col <= r->c2; col++)
                put(m, row, col, (uint32_t)i);
    }
    g->merge_index = m;
    return ISOMM_OK;
}

void ooxml_merge_index_free(struct ooxml_merge_index *m)
{
    if (!m)
        return;
    free(m->keys);
    free(m->vals);
    free(m->large);
    free(m);
}

static int holds(const ooxml_range *r, unsigned row, unsigned col)
{
    return row >= r->r1 && row <= r->r2 && col >= r->c1 && col <= r->c2;
}

const ooxml_range *ooxml_grid_merge_at(const ooxml_grid *g, unsigned row, unsigned col)
{
    const struct ooxml_merge_index *m = g ? g->merge_index : NULL;
    if (!m || row >= OOXML_MAX_ROWS || col >= OOXML_MAX_COLS)
        return NULL;
    size_t best = SIZE_MAX, probes = 1;
    uint64_t key = key_of(row, col);
    for (size_t i = slot_of(m, key); m->keys[i]; i = (i + 1) & m->mask, probes++)
        if (m->keys[i] == key) {
            best = m->vals[i];
            break;
        }
    /* The first range in document order wins, as a scan would find. */
    for (size_t k = 0; k < m->nlarge && m->large[k] < best; k++, probes++)
        if (holds(&g->merges[m->large[k]], row, col))
            best = m->large[k];
    if (g->merge_probes)
        *g->merge_probes += probes;
    return best == SIZE_MAX ? NULL : &g->merges[best];
}
