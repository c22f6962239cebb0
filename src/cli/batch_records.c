/* batch_records.c - the records a job and the pool exchange: tagged
 * entries (tag, length, bytes) in a growable buffer (cli.h). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void batch_put(batch_buf *b, char tag, const void *data, size_t len)
{
    if (b->nomem)
        return;
    if (len > 0xFFFFFFF0u) {
        b->nomem = 1;
        return;
    }
    size_t need = b->len + 5 + len + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < need)
            cap *= 2;
        unsigned char *p = realloc(b->data, cap);
        if (!p) {
            b->nomem = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    uint32_t n = (uint32_t)len;
    b->data[b->len] = (unsigned char)tag;
    memcpy(b->data + b->len + 1, &n, 4);
    if (len)
        memcpy(b->data + b->len + 5, data, len);
    b->data[b->len + 5 + len] = '\0';
    b->len += 5 + len + 1;
}

void batch_put_text(batch_buf *b, char tag, const char *text)
{
    batch_put(b, tag, text ? text : "", text ? strlen(text) : 0);
}

void batch_buf_free(batch_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

int batch_next(const unsigned char *rec, size_t rec_len, size_t *pos, char *tag,
               const unsigned char **data, size_t *len)
{
    if (!rec || *pos + 5 > rec_len)
        return 0;
    uint32_t n;
    memcpy(&n, rec + *pos + 1, 4);
    if (rec_len - *pos - 5 < (size_t)n + 1)
        return 0;
    *tag = (char)rec[*pos];
    *data = rec + *pos + 5;
    *len = n;
    *pos += 5 + (size_t)n + 1;
    return 1;
}

int batch_task_paths(const unsigned char *task, size_t task_len, batch_buf *out,
                     const char **in, const char **dest)
{
    size_t pos = 0, len;
    const unsigned char *data;
    char tag;
    *in = NULL;
    if (dest)
        *dest = NULL;
    while (batch_next(task, task_len, &pos, &tag, &data, &len)) {
        if (tag == 'E') {
            batch_put_text(out, 'E', (const char *)data);
            return 0;
        }
        if (tag == 'I')
            *in = (const char *)data;
        else if (tag == 'O' && dest)
            *dest = (const char *)data;
    }
    if (!*in || (dest && !*dest)) {
        batch_put_text(out, 'E', "out of memory");
        return 0;
    }
    return 1;
}
