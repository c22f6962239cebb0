/* cli.h - the isomm command: a thin layer over libisomm. */
#ifndef ISOMM_CLI_H
#define ISOMM_CLI_H

/* Exit codes (stable; docs/cli.md). */
enum {
    EXIT_DONE = 0,   /* everything converted */
    EXIT_FAILED = 1, /* at least one file could not be converted */
    EXIT_USAGE = 2   /* bad command line */
};

int cmd_convert(int argc, char **argv);
int cmd_group(int argc, char **argv);
int cmd_inspect(int argc, char **argv); /* inspect.c */

struct isomm_catalog;
struct isomm_policy;

/* Parse an option convert and group share: -j N (*jobs), -m HOW and -t N
 * (*policy). 1 handled, 0 not one of them, -1 bad value (reported). */
int cli_shared_option(int ch, const char *arg, unsigned *jobs, struct isomm_policy *policy);

/* The built-in catalog, or the one in `dir` (--catalog). -1 if it cannot be
 * loaded (reported). */
int cli_load_catalog(const char *dir, struct isomm_catalog **out);

/* "isomm: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
