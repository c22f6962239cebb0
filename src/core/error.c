/* error.c - isomm_strerror(). */
#include "isomm/isomm.h"

const char *isomm_strerror(isomm_error err)
{
    switch (err) {
    case ISOMM_OK: return "no error";
    case ISOMM_ERR_NOMEM: return "out of memory";
    case ISOMM_ERR_ARG: return "invalid argument";
    case ISOMM_ERR_IO: return "file could not be read";
    case ISOMM_ERR_NOT_ZIP: return "not an .xlsx workbook (not a zip archive)";
    case ISOMM_ERR_OLE2: return "legacy .xls or password-protected workbook";
    case ISOMM_ERR_NOT_WORKBOOK: return "zip archive without a workbook";
    case ISOMM_ERR_PART_MISSING: return "workbook part missing";
    case ISOMM_ERR_TOO_LARGE: return "workbook part too large";
    case ISOMM_ERR_XML: return "malformed or forbidden XML";
    case ISOMM_ERR_NO_TABLE: return "no ISOMM table found";
    case ISOMM_ERR_CATALOG: return "invalid catalog";
    case ISOMM_ERR_WRITE: return "output could not be written";
    case ISOMM_ERR_SAME_FILE: return "output would overwrite the input";
    case ISOMM_ERR_NO_DATE: return "assessment without a date";
    case ISOMM_ERR_ORGANIZATION: return "assessments of different organizations";
    case ISOMM_ERR_SAME_DATE: return "two assessments of the same date";
    }
    return "unknown error";
}

