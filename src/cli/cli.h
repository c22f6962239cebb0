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

/* "isomm: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
