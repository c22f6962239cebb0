/* text.c - what the JSON and CSV writers share. */
#include "export.h"

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

isomm_error export_to_path(const char *path, export_writer fn, const void *ctx,
                           char *errbuf)
{
    if (!path || !*path)
        return core_fail(errbuf, ISOMM_ERR_ARG, "cannot write: no output path");
    if (strcmp(path, "-") == 0) {
        isomm_error err = fn(stdout, ctx);
        if (!err && fflush(stdout) != 0)
            err = ISOMM_ERR_WRITE;
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
    if (err) {
        core_atomic_abort(&a);
        return core_fail(errbuf, err, "%s: write failed", path);
    }
    return core_atomic_commit(&a, errbuf);
}
