/* text.c - what the JSON and CSV writers share: strings, fields, and
 * writing to a path. */
#include "export.h"

#include <errno.h>
#include <string.h>

#include "core/core.h"

void export_json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x80) {
            switch (ch) {
            case '"': fputs("\\\"", f); break;
            case '\\': fputs("\\\\", f); break;
            case '\n': fputs("\\n", f); break;
            case '\r': fputs("\\r", f); break;
            case '\t': fputs("\\t", f); break;
            case '\b': fputs("\\b", f); break;
            case '\f': fputs("\\f", f); break;
            default:
                if (ch < 0x20)
                    fprintf(f, "\\u%04x", ch);
                else
                    fputc(ch, f);
            }
            i++;
            continue;
        }
        unsigned cp;
        size_t len = core_utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            fputs("\\ufffd", f);
            i++;
        } else {
            fwrite(s + i, 1, len, f);
            i += len;
        }
    }
    fputc('"', f);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned cp;
    return core_utf8_decode((const char *)s, n, &cp);
}

void export_csv_text(FILE *f, const char *s, int guard)
{
    if (!s)
        s = "";
    int quote = 0;
    for (const char *p = s; *p; p++)
        if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
            quote = 1;
    if (*s == ' ' || (*s && s[strlen(s) - 1] == ' '))
        quote = 1;
    if (quote)
        fputc('"', f);
    if (guard && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t'))
        fputc('\'', f);
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t len = utf8_len(u + i, n - i);
        if (len == 0) {
            fputs("\xEF\xBF\xBD", f);
            i++;
            continue;
        }
        if (u[i] == '"')
            fputc('"', f);
        fwrite(u + i, 1, len, f);
        i += len;
    }
    if (quote)
        fputc('"', f);
}

void export_csv_service(FILE *f, const isomm_catalog *c, size_t s)
{
    const isomm_service *sv = &c->services[s];
    export_csv_text(f, sv->id, 0);
    fputc(',', f);
    export_csv_text(f, sv->name, 0);
    fputc(',', f);
    export_csv_text(f, c->categories[sv->category].id, 0);
    fputc(',', f);
    export_csv_text(f, c->categories[sv->category].name, 0);
}

void export_csv_int(FILE *f, long v)
{
    if (v >= 0)
        fprintf(f, "%ld", v);
}

isomm_error export_to_path(const char *path, export_writer fn, const void *ctx,
                           char *errbuf)
{
    if (!path || !*path)
        return core_fail(errbuf, ISOMM_ERR_ARG, "cannot write: no output path");
    if (strcmp(path, "-") == 0) {
        isomm_error err = fn(stdout, ctx);
        if (!err && fflush(stdout) != 0)
            err = ISOMM_ERR_WRITE;
        if (err == ISOMM_ERR_WRITE)
            return core_fail(errbuf, err, "standard output: cannot write: %s",
                             strerror(errno ? errno : EIO));
        if (err)
            return core_fail(errbuf, err, "standard output: write failed");
        return ISOMM_OK;
    }
    core_atomic a;
    isomm_error err = core_atomic_begin(&a, path, errbuf);
    if (err)
        return err;
    /* A large buffer: hundreds of thousands of short writes. */
    setvbuf(a.stream, NULL, _IOFBF, 1 << 16);
    err = fn(a.stream, ctx);
    if (ferror(a.stream)) /* the commit names the cause and removes it */
        return core_atomic_commit(&a, errbuf);
    if (err) {
        core_atomic_abort(&a);
        return core_fail(errbuf, err, "%s: write failed", path);
    }
    return core_atomic_commit(&a, errbuf);
}
