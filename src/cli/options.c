/* options.c - the options convert and group share (-j, -m, -t) and the
 * catalog every command loads, so each is parsed and worded once. */
#include <stdlib.h>

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

int cli_shared_option(int ch, const char *arg, unsigned *jobs, isomm_policy *policy)
{
    long n;
    switch (ch) {
    case 'j':
        if (parse_whole(arg, 1, 1024, &n) != 0) {
            cli_error("--jobs: '%s' is not a whole number from 1 to 1024", arg);
            return -1;
        }
        *jobs = (unsigned)n;
        return 1;
    case 'm':
        if (isomm_merge_parse(arg, &policy->merge) != 0) {
            cli_error("--merge: '%s' is not min, max or mean", arg);
            return -1;
        }
        return 1;
    case 't':
        if (parse_whole(arg, 1, 5, &n) != 0) {
            cli_error("--to-be: '%s' is not a whole number from 1 to 5", arg);
            return -1;
        }
        policy->to_be = (int)n;
        return 1;
    default:
        return 0;
    }
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
