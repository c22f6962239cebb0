/* options.c - what the commands share, so each is parsed and worded once:
 * option errors, the options convert and group share (-j, -m, -t,
 * --file-timeout), the catalog, the output's folder, and reading an input
 * ('-': standard input; a hint for kinds of spreadsheet isomm does not
 * read). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "isomm/isomm.h"

/* A whole number in [lo, hi], nothing else in the text. */
static int parse_whole(const char *text, long lo, long hi, long *out)
{
    char *end;
    long n = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || n < lo || n > hi)
        return -1;
    *out = n;
    return 0;
}

void cli_shared_init(cli_shared *s)
{
    memset(s, 0, sizeof *s);
    s->jobs = batch_cpus();
    s->file_timeout = -1;
}

int cli_shared_option(int ch, const char *arg, cli_shared *s)
{
    long n;
    switch (ch) {
    case 'j':
        if (parse_whole(arg, 1, 1024, &n) != 0) {
            cli_error("--jobs: '%s' is not a whole number from 1 to 1024", arg);
            return -1;
        }
        s->jobs = (unsigned)n;
        return 1;
    case 'm': {
        char errbuf[ISOMM_ERRBUF_SIZE];
        if (isomm_merge_parse(arg, &s->policy.merge, errbuf) != ISOMM_OK) {
            cli_error("--merge: %s", errbuf);
            return -1;
        }
        return 1;
    }
    case 't':
        if (parse_whole(arg, 1, 5, &n) != 0) {
            cli_error("--to-be: '%s' is not a whole number from 1 to 5", arg);
            return -1;
        }
        s->policy.to_be = (int)n;
        return 1;
    case CLI_OPT_FILE_TIMEOUT:
        if (parse_whole(arg, 0, 1000000, &n) != 0) {
            cli_error("--file-timeout: '%s' is not a whole number of seconds from 0 (no "
                      "limit) to 1000000", arg);
            return -1;
        }
        s->file_timeout = n;
        return 1;
    default:
        return 0;
    }
}

unsigned cli_file_limit(const cli_shared *s, long long size)
{
    if (s->file_timeout >= 0)
        return (unsigned)s->file_timeout;
    if (size < 0)
        return CLI_LIMIT_UNKNOWN;
    long long mib = (size + (1 << 20) - 1) >> 20;
    return (unsigned)(CLI_LIMIT_BASE + CLI_LIMIT_PER_MIB * mib);
}

int cli_load_catalog(const char *dir, isomm_catalog **out)
{
    char errbuf[ISOMM_ERRBUF_SIZE] = "";
    isomm_error err = dir ? isomm_catalog_load_dir(dir, out, errbuf)
                          : isomm_catalog_load_builtin(out, errbuf);
    if (err) {
        cli_error("catalog: %s", errbuf[0] ? errbuf : isomm_strerror(err));
        return -1;
    }
    return 0;
}

int cli_getopt(int argc, char **argv, const char *cmd, const char *shortopts,
               const struct option *longopts)
{
    opterr = 0;
    int before = optind;
    int ch = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (ch != '?' && ch != ':')
        return ch;
    /* The argument getopt stopped at: optind has moved past it, unless a
     * short option was bundled ("-qx"). */
    const char *arg = optind > before && optind - 1 < argc ? argv[optind - 1] : argv[before];
    if (ch == ':' || (optopt && strchr(shortopts, optopt) && !strchr(arg, '=')))
        cli_error("%s: option '%s' requires an argument", cmd, arg);
    else if (optopt)
        cli_error("%s: invalid option -- '%c'", cmd, optopt);
    else
        cli_error("%s: unrecognized option '%s'", cmd, arg);
    fprintf(stderr, "Try 'isomm %s --help'\n", cmd);
    return '?';
}

int cli_output_folder(const char *cmd, const char *path)
{
    if (!strcmp(path, "-"))
        return 0;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? cli_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : cli_strdup(".");
    struct stat st;
    int rc = 0;
    if (!dir) {
        cli_error("out of memory");
        rc = -1;
    } else if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        cli_error("%s: -o %s: the folder '%s' does not exist; create it first (-d DIR "
                  "creates the folder it is given)", cmd, path, dir);
        rc = -1;
    }
    free(dir);
    return rc;
}

/* The bytes of standard input, at most `cap`. */
static unsigned char *read_stdin(size_t cap, size_t *len, char *errbuf)
{
    size_t size = 0, room = 65536;
    unsigned char *buf = malloc(room);
    for (;;) {
        if (!buf) {
            snprintf(errbuf, ISOMM_ERRBUF_SIZE, "%s: out of memory", CLI_STDIN_NAME);
            return NULL;
        }
        size_t got = fread(buf + size, 1, room - size, stdin);
        size += got;
        if (got == 0)
            break;
        if (size == room) {
            if (room >= cap) {
                snprintf(errbuf, ISOMM_ERRBUF_SIZE, "%s: more than %zu MiB; give the "
                         "workbook as a file", CLI_STDIN_NAME, cap >> 20);
                free(buf);
                return NULL;
            }
            room *= 2;
            unsigned char *n = realloc(buf, room);
            if (!n)
                free(buf);
            buf = n;
        }
    }
    if (ferror(stdin)) {
        snprintf(errbuf, ISOMM_ERRBUF_SIZE, "%s: cannot read: %s", CLI_STDIN_NAME,
                 strerror(errno));
        free(buf);
        return NULL;
    }
    *len = size;
    return buf;
}

/* Kinds of spreadsheet isomm does not read, by the end of the name. */
static const struct {
    const char *ext, *hint;
} foreign[] = {
    {".xls", "this is a legacy Excel 97-2003 workbook (.xls): open it in Excel or "
             "LibreOffice Calc and save it as .xlsx (Excel Workbook)"},
    {".xlsb", "this is an Excel binary workbook (.xlsb): open it in Excel and save it as "
              ".xlsx (Excel Workbook)"},
    {".ods", "this is an OpenDocument spreadsheet (.ods): open it in LibreOffice Calc and "
             "save it as .xlsx (Excel 2007-365)"},
    {".numbers", "this is an Apple Numbers document: export it from Numbers as Excel "
                 "(.xlsx)"},
    {".csv", "this is a CSV file, which holds no self-check sheet: convert the original "
             "workbook, or open the CSV and save it as .xlsx (Excel Workbook)"},
};

const char *cli_foreign_hint(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof foreign / sizeof *foreign; i++) {
        size_t m = strlen(foreign[i].ext);
        if (n > m && strcasecmp(name + n - m, foreign[i].ext) == 0)
            return foreign[i].hint;
    }
    return NULL;
}

/* After the cause, what to do with a kind isomm does not read, unless the
 * reader's message already says it (it knows OLE2 files, .ods and .xlsb
 * archives by their content). */
static isomm_error with_hint(isomm_error err, const char *path, char *errbuf)
{
    const char *hint = cli_foreign_hint(path);
    if (err && hint && errbuf && !strstr(errbuf, "save it as")) {
        size_t n = strlen(errbuf);
        snprintf(errbuf + n, ISOMM_ERRBUF_SIZE - n, "; %s", hint);
    }
    return err;
}

isomm_error cli_read(const char *path, const isomm_catalog *cat, const isomm_policy *policy,
                     isomm_reading **out, char *errbuf)
{
    isomm_read_options o = {0};
    if (policy)
        o.policy = *policy;
    if (strcmp(path, "-") != 0)
        return with_hint(isomm_read_file(path, cat, &o, out, errbuf), path, errbuf);
    *out = NULL;
    size_t len = 0;
    unsigned char *data = read_stdin((size_t)1 << 30, &len, errbuf);
    if (!data)
        return ISOMM_ERR_IO;
    isomm_error err = isomm_read_buffer(data, len, CLI_STDIN_NAME, cat, &o, out, errbuf);
    free(data);
    return err;
}

int cli_count_stdin(char *const *args, size_t n, const char *cmd, int no_output)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += strcmp(args[i], "-") == 0;
    if (k > 1) {
        cli_error("%s: standard input ('-') can be read only once", cmd);
        return -1;
    }
    if (k && no_output) {
        cli_error("%s: standard input ('-') needs -o FILE or -d DIR for its output", cmd);
        return -1;
    }
    return 0;
}
