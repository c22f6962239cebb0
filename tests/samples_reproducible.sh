#!/bin/sh
# The committed samples are exactly what tools/make_samples.py makes.
set -eu
tmp="$(mktemp -d /tmp/isomm-samples-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
python3 tools/make_samples.py "$tmp" >/dev/null
status=0
for f in samples/*.xlsx samples/*.expected.json; do
    if ! cmp -s "$f" "$tmp/$(basename "$f")"; then
        echo "samples_reproducible: $f differs from what tools/make_samples.py makes" >&2
        status=1
    fi
done
exit $status
