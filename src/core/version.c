/* version.c - the versions of the library and of the libraries it runs
 * on, as curl_version_info() tells them. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include "isomm/isomm.h"

const char *isomm_version(void)
{
    return ISOMM_VERSION;
}

static isomm_version_data data;
static char libxml2[64];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* libxml2 gives its running version as a number, "20914" for 2.9.14. */
static void fill(void)
{
    long v = strtol(xmlParserVersion, NULL, 10);
    snprintf(libxml2, sizeof libxml2, "%ld.%ld.%ld", v / 10000, v / 100 % 100, v % 100);
    data.isomm = ISOMM_VERSION;
    data.version_num = ISOMM_VERSION_NUM;
    data.libxlsxwriter = lxw_version();
    data.libxml2 = libxml2;
    data.zlib = zlibVersion();
}

const isomm_version_data *isomm_version_info(void)
{
    pthread_once(&once, fill);
    return &data;
}
