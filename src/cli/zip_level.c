/*
 * zip_level.c - the zlib level of the workbooks the isomm program writes.
 *
 * libxlsxwriter 1.1 has no compression option: it deflates every part of
 * a workbook through minizip's zipOpenNewFileInZip4_64() at zlib's default
 * level 6. The program (never the library) defines that function, so the
 * dynamic linker routes libxlsxwriter's calls here; it passes them on to
 * minizip's own with level 1, which packs the 425 KB of XML of a portfolio
 * workbook in half the time for 20% more bytes (docs/bench.md).
 *
 *   ISOMM_ZIP_LEVEL=0…9   that level instead
 *   ISOMM_ZIP_LEVEL=default   minizip's call left as libxlsxwriter made it
 *   cmake -DISOMM_FAST_WRITE=OFF   not built at all
 *
 * Only for the libxlsxwriter versions this was checked with (1.1.x, which
 * all call this function); tests/test_writer.c (test_zip_level) proves it
 * takes effect through the shared libraries.
 */
#define _GNU_SOURCE
#include <xlsxwriter.h>

#if ISOMM_FAST_WRITE && LXW_VERSION_ID >= 110 && LXW_VERSION_ID < 120
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "cli.h"

#define CLI_ZIP_LEVEL 1

typedef int (*open_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt,
                       const void *, uInt, const char *, int, int, int, int, int, int,
                       const char *, uLong, uLong, uLong, int);

/* The level to use, or -2 to leave the call alone. */
static int wanted_level(void)
{
    const char *v = getenv("ISOMM_ZIP_LEVEL");
    if (!v || !*v)
        return CLI_ZIP_LEVEL;
    if (!strcmp(v, "default"))
        return -2;
    if (v[0] >= '0' && v[0] <= '9' && !v[1])
        return v[0] - '0';
    return CLI_ZIP_LEVEL;
}

int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw,
                            int windowBits, int memLevel, int strategy, const char *password,
                            uLong crcForCrypting, uLong versionMadeBy, uLong flagBase,
                            int zip64)
{
    static open_fn next;
    if (!next)
        *(void **)&next = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    if (!next)
        return ZIP_INTERNALERROR;
    int want = wanted_level();
    if (want != -2 && method == Z_DEFLATED && !raw)
        level = want;
    return next(file, filename, zipfi, extrafield_local, size_extrafield_local,
                extrafield_global, size_extrafield_global, comment, method, level, raw,
                windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
                flagBase, zip64);
}

const char *cli_zip_level(void)
{
    static char text[32];
    int want = wanted_level();
    if (want == -2)
        return "zlib default (ISOMM_ZIP_LEVEL=default)";
    snprintf(text, sizeof text, "zlib level %d", want);
    return text;
}
#else
#include "cli.h"

const char *cli_zip_level(void)
{
    return "zlib default";
}
#endif
