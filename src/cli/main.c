/* main.c - isomm: dispatch to the subcommands. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "isomm/isomm.h"

static const char usage[] =
    "Usage: isomm <command> [options] FILE...\n"
    "Migrate ISOG-J ISOMM v2.1 self-check sheets to the X.1060 service portfolio.\n"
    "\n"
    "Commands:\n"
    "  convert IN... [-o OUT | -d DIR]   write a portfolio workbook or JSON\n"
    "                                    (IN: files or folders; -j N workers)\n"
    "  group IN... [-o group.xlsx]       roll up a group of subsidiaries\n"
    "                                    (--format csv|json: rows for BI tools)\n"
    "  inspect FILE... [--format json]   show what isomm reads in each workbook\n"
    "\n"
    "Run 'isomm COMMAND --help' for the options.\n"
    "  -h, --help      this help\n"
    "      --version   print the version\n"
    "\n"
    "Exit status: 0 done, 1 a file could not be converted, 2 usage error.\n";

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("isomm: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return EXIT_DONE;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("isomm %s (libxlsxwriter, libxml2, minizip)\n", isomm_version());
        return EXIT_DONE;
    }
    if (strcmp(cmd, "convert") == 0)
        return cmd_convert(argc - 1, argv + 1);
    if (strcmp(cmd, "group") == 0)
        return cmd_group(argc - 1, argv + 1);
    if (strcmp(cmd, "inspect") == 0)
        return cmd_inspect(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'isomm --help')", cmd);
    return EXIT_USAGE;
}
