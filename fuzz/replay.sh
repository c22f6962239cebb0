#!/bin/sh
# replay.sh BIN SEEDS REGRESSIONS: write the target's seeds into SEEDS, then
# run every seed and every committed regression file through it once.
set -eu
bin="$1" seeds="$2" regressions="$3"
rm -rf "$seeds"
"$bin" --seeds "$seeds"
n=$(ls "$seeds" | wc -l)
[ "$n" -gt 0 ] || { echo "replay.sh: no seeds written" >&2; exit 1; }
set -- "$seeds"
[ -n "$(ls "$regressions" 2>/dev/null | grep -v '^README' || true)" ] && set -- "$@" "$regressions"
"$bin" "$@"
