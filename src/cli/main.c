/* main.c - isomm: dispatch to the commands; --help, --version. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "Usage: isomm COMMAND [options] IN...\n"
    "Migrate ISOG-J ISOMM v2.1 self-check sheets to the X.1060 service portfolio.\n"
    "\n"
    "Commands:\n"
    "  convert IN... [-o OUT | -d DIR]   write a portfolio workbook or JSON\n"
    "                                    (IN: files, folders or '-'; -j N workers)\n"
    "  group IN... [-o group.xlsx]       roll up a group of subsidiaries\n"
    "                                    (--format csv|json: rows for BI tools)\n"
    "  trend IN... [-o trend.xlsx]       one organization's assessments over time\n"
    "                                    (--format json|csv; --date IN=YYYY-MM-DD)\n"
    "  inspect IN... [--format json]     show what isomm reads in each workbook\n"
    "\n"
    "Run 'isomm COMMAND --help' for its options; 'man isomm' for all of them.\n"
    "  -h, --help      this help\n"
    "  -V, --version   the versions of isomm and of the libraries it runs on\n"
    "\n"
    "Exit status: 0 done, 1 a file could not be read or written, 2 usage error.\n";

/* One line, as curl -V has it: the program, then every library. */
static void print_version(void)
{
    const isomm_version_data *v = isomm_version_info();
    printf("isomm %s libisomm/%s libxlsxwriter/%s libxml2/%s zlib/%s minizip/%s\n",
           ISOMM_VERSION, v->isomm, v->libxlsxwriter, v->libxml2, v->zlib,
           ISOMM_MINIZIP_VERSION);
    printf("Workbooks: packed at %s, %s, %s\n", cli_zip_level(), cli_scratch(),
           cli_xml_writer());
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    /* Past a file size limit (ulimit -f) a write fails with EFBIG, which is
     * reported with the file's name, instead of ending the process. */
    signal(SIGXFSZ, SIG_IGN);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return EXIT_DONE;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        print_version();
        return EXIT_DONE;
    }
    if (!strcmp(cmd, "convert"))
        return cmd_convert(argc - 1, argv + 1);
    if (!strcmp(cmd, "group"))
        return cmd_group(argc - 1, argv + 1);
    if (!strcmp(cmd, "trend"))
        return cmd_trend(argc - 1, argv + 1);
    if (!strcmp(cmd, "inspect"))
        return cmd_inspect(argc - 1, argv + 1);
    if (cmd[0] == '-')
        cli_error("unrecognized option '%s'", cmd);
    else
        cli_error("unknown command '%s'", cmd);
    fputs("Try 'isomm --help'\n", stderr);
    return EXIT_USAGE;
}
