#!/bin/sh
# replay.sh BIN SEEDS REGRESSIONS [WRITTEN]: write the target's seeds into
# SEEDS, then run every seed, every committed regression file and every
# seed written by hand (WRITTEN, fuzz/seeds/TARGET/) through it once.
set -eu
bin="$1" seeds="$2" regressions="$3" written="${4:-}"
rm -rf "$seeds"
"$bin" --seeds "$seeds"
n=$(ls "$seeds" | wc -l)
[ "$n" -gt 0 ] || { echo "replay.sh: no seeds written" >&2; exit 1; }
set -- "$seeds"
[ -n "$(ls "$regressions" 2>/dev/null | grep -v '^README' || true)" ] && set -- "$@" "$regressions"
[ -n "$written" ] && [ -n "$(ls "$written" 2>/dev/null || true)" ] && set -- "$@" "$written"
"$bin" "$@"
