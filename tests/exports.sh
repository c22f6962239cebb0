#!/bin/sh
# The shared library exports exactly the functions the public headers
# declare with ISOMM_EXTERN: nothing internal, nothing of libxlsxwriter,
# minizip, zlib or libxml2.
set -eu
lib="${1:?usage: exports.sh LIBISOMM.so}"
tmp="$(mktemp -d /tmp/isomm-exports-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

# Declared: ISOMM_EXTERN <type> [*]isomm_name( — possibly over two lines.
cat include/isomm/*.h | tr '\n' ' ' | grep -o 'ISOMM_EXTERN [^;(]*(' |
    sed 's/($//; s/.*[ *]//' | grep '^isomm_' | sort -u > "$tmp/declared"
# Exported: defined dynamic symbols, versions stripped.
# (_edata, _end, __bss_start: the linker's own markers, in every library.)
nm -D --defined-only "$lib" | awk '$3 !~ /^(_edata|_end|__bss_start)$/ {print $3}' | sed 's/@.*//' | grep -v '^$' |
    sort -u > "$tmp/exported"

status=0
if ! cmp -s "$tmp/declared" "$tmp/exported"; then
    echo "exports: the library exports what the headers do not declare (>) or lacks what they do (<):" >&2
    diff "$tmp/declared" "$tmp/exported" >&2 || true
    status=1
fi
n="$(wc -l < "$tmp/exported")"
[ "$n" -ge 40 ] || { echo "exports: only $n symbols exported" >&2; status=1; }
[ $status -eq 0 ] && echo "exports: $n functions, all declared in include/isomm/"
exit $status
