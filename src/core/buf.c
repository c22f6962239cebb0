/* buf.c - a growable byte string, always NUL-terminated once used. */
#include "core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int core_buf_add(core_buf *b, const char *s, size_t n)
{
    if (n > SIZE_MAX / 2 - b->len - 1)
        return -1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int core_grow(void **items, size_t *cap, size_t count, size_t size, size_t first)
{
    if (count < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : first;
    void *n = realloc(*items, ncap * size);
    if (!n)
        return -1;
    *items = n;
    *cap = ncap;
    return 0;
}
