#!/bin/sh
# The committed dated series (tests/series/) are exactly what
# tools/make_trend.py makes: every workbook and every expectation.
set -eu
tmp="$(mktemp -d /tmp/isomm-series-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
python3 tools/make_trend.py "$tmp" >/dev/null
status=0
if ! diff -r "$tmp" tests/series >/dev/null 2>&1; then
    echo "series_reproducible: tests/series differs from what tools/make_trend.py makes:" >&2
    diff -rq "$tmp" tests/series >&2 || true
    status=1
fi
exit $status
