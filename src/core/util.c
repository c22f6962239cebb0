/* util.c - internal helpers shared by reader, normalizer and writers. */
#define _DEFAULT_SOURCE
#include "core/core.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

isomm_error core_fail(char *errbuf, isomm_error err, const char *fmt, ...)
{
    if (errbuf) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(errbuf, ISOMM_ERRBUF_SIZE, fmt, ap);
        va_end(ap);
    }
    return err;
}

char *core_strdup(const char *s)
{
    return s ? core_strndup(s, strlen(s)) : NULL;
}

char *core_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *core_vasprintf(const char *fmt, va_list ap)
{
    /* One formatting pass for the usual short string. */
    char small[256];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    if ((size_t)n < sizeof small)
        memcpy(s, small, (size_t)n + 1);
    else
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *core_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = core_vasprintf(fmt, ap);
    va_end(ap);
    return s;
}

/* Length of a white-space character at p (ASCII or U+3000), else 0. */
static size_t space_len(const char *p)
{
    if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' ||
        *p == '\f')
        return 1;
    if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 &&
        (unsigned char)p[2] == 0x80)
        return 3;
    return 0;
}

char *core_trim(char *s)
{
    if (!s)
        return s;
    size_t start = 0, n;
    while ((n = space_len(s + start)) > 0)
        start += n;
    size_t len = strlen(s + start);
    memmove(s, s + start, len + 1);
    for (;;) {
        if (len >= 1 && space_len(s + len - 1) == 1) {
            s[--len] = '\0';
        } else if (len >= 3 && space_len(s + len - 3) == 3) {
            len -= 3;
            s[len] = '\0';
        } else {
            break;
        }
    }
    return s;
}

isomm_error core_atomic_begin(core_atomic *a, const char *path, char *errbuf)
{
    memset(a, 0, sizeof *a);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    a->final_path = core_strdup(path);
    a->tmp_path = core_asprintf("%.*s.%s.XXXXXX.tmp", (int)dirlen, path, base);
    if (!a->final_path || !a->tmp_path) {
        core_atomic_abort(a);
        return core_fail(errbuf, ISOMM_ERR_NOMEM, "%s: out of memory", path);
    }
    int fd = mkstemps(a->tmp_path, 4);
    if (fd < 0) {
        int e = errno;
        free(a->tmp_path);
        a->tmp_path = NULL;
        core_atomic_abort(a);
        return core_fail(errbuf, ISOMM_ERR_WRITE,
                          "%s: cannot create a temporary file in its folder: %s",
                          path, strerror(e));
    }
    a->stream = fdopen(fd, "wb");
    if (!a->stream) {
        close(fd);
        core_atomic_abort(a);
        return core_fail(errbuf, ISOMM_ERR_WRITE, "%s: cannot open: %s", path,
                          strerror(errno));
    }
    return ISOMM_OK;
}

int core_write_errno(const char *path, int err)
{
    if (err && err != EINVAL && err != EBADF)
        return err;
    /* No cause kept (a library lost errno): ask the file system. */
    const char *slash = path ? strrchr(path, '/') : NULL;
    char *dir = slash ? core_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : core_strdup(".");
    struct statvfs vfs;
    int probed = 0;
    if (dir && statvfs(dir, &vfs) == 0)
        probed = (vfs.f_flag & ST_RDONLY) ? EROFS
                 : vfs.f_bavail == 0 || vfs.f_favail == 0 ? ENOSPC : 0;
    free(dir);
    return probed ? probed : err ? err : EIO;
}

isomm_error core_write_failed(char *errbuf, const char *path, const char *what, int err)
{
    return core_fail(errbuf, ISOMM_ERR_WRITE, "%s: %s: %s", path, what,
                     strerror(core_write_errno(path, err)));
}

isomm_error core_atomic_commit(core_atomic *a, char *errbuf)
{
    isomm_error err = ISOMM_OK;
    if (a->stream) {
        /* The cause of the first failure: a buffered write failed earlier
         * (ferror), or the last flush or the close fails now. */
        int bad = ferror(a->stream), e = bad ? errno : 0;
        /* No fsync: outputs are derived files, and a batch of thousands
         * would wait on the disk for each (docs/cli.md, Safety). */
        if (fflush(a->stream) != 0 && !bad++)
            e = errno;
        if (fclose(a->stream) != 0 && !bad++)
            e = errno;
        a->stream = NULL;
        if (bad)
            err = core_write_failed(errbuf, a->final_path, "cannot write", e);
    }
    if (!err) {
        /* mkstemp creates 0600; outputs are ordinary documents. */
        mode_t um = umask(0);
        umask(um);
        chmod(a->tmp_path, 0666 & ~um);
        if (rename(a->tmp_path, a->final_path) != 0)
            err = core_fail(errbuf, ISOMM_ERR_WRITE, "%s: cannot rename %s into place: %s",
                             a->final_path, a->tmp_path, strerror(errno));
    }
    if (err) {
        core_atomic_abort(a);
        return err;
    }
    free(a->tmp_path);
    free(a->final_path);
    memset(a, 0, sizeof *a);
    return ISOMM_OK;
}

void core_atomic_abort(core_atomic *a)
{
    if (a->stream)
        fclose(a->stream);
    if (a->tmp_path)
        unlink(a->tmp_path);
    free(a->tmp_path);
    free(a->final_path);
    memset(a, 0, sizeof *a);
}

int core_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
