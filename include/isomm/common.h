/*
 * isomm/common.h - what every public header needs: the export macro.
 *
 * libisomm is built with hidden symbols; only functions declared with
 * ISOMM_EXTERN are exported from the shared library.
 */
#ifndef ISOMM_COMMON_H
#define ISOMM_COMMON_H

#if defined(ISOMM_BUILDING) && defined(__GNUC__)
#define ISOMM_EXTERN __attribute__((visibility("default")))
#else
#define ISOMM_EXTERN
#endif

#endif
