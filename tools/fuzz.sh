#!/bin/sh
# Build the fuzz targets with libFuzzer under AddressSanitizer and
# UndefinedBehaviorSanitizer (clang, build-fuzz/) and run each for SECONDS
# (default 60) over its seeds and the committed regressions
# (docs/fuzzing.md). Exit 1 if any target found a crash, leak, hang or
# slow input; the input is in build-fuzz/findings/TARGET/. (A static
# libisomm: clang links no sanitizer runtime into a shared library.)
#   sh tools/fuzz.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/.."
secs="${1:-60}"
[ $# -gt 0 ] && shift
targets="${*:-read part catalog}"
case "$secs" in *[!0-9]*|'') echo "fuzz.sh: SECONDS must be a whole number" >&2; exit 2 ;; esac
sh tools/setup.sh build fuzz

b=build-fuzz
# One configure and build at a time: runs of this script side by side (one
# target each) share build-fuzz/.
mkdir -p "$b"
exec 9>"$b/.build-lock"
flock 9
CC=clang cmake -S . -B "$b" -DISOMM_FUZZ=ON -DISOMM_SANITIZE=ON -DISOMM_TESTS=OFF -DBUILD_SHARED_LIBS=OFF \
    -DISOMM_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$b" -j2 >/dev/null
flock -u 9

found=0
printf '%-8s %10s %8s %8s %8s  %s\n' target execs cov ft corpus findings
for t in $targets; do
    # one log per length of run: a smoke run beside a campaign keeps its own
    seeds="$b/seeds/$t" corpus="$b/corpus/$t" findings="$b/findings/$t" log="$b/logs/$t-${secs}s.log"
    mkdir -p "$corpus" "$findings" "$b/logs" "$b/seeds"
    rm -rf "$seeds"
    "$b/fuzz/fuzz_${t}_replay" --seeds "$seeds"
    dict="" regressions="" written=""
    [ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
    [ -d "fuzz/regressions/$t" ] && regressions="fuzz/regressions/$t"
    [ -d "fuzz/seeds/$t" ] && written="fuzz/seeds/$t"
    # New inputs go into the first folder (corpus/); the seeds (made from
    # the fixtures, and written by hand in fuzz/seeds/) and the regressions
    # are only read.
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$b/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$findings/" -print_final_stats=1 $dict \
        "$corpus" "$seeds" $written $regressions >"$log" 2>&1 || true
    execs=$(grep -a '^stat::number_of_executed_units' "$log" | sed 's/.*: *//' | tail -1)
    last=$(grep -a -E '^#[0-9]+' "$log" | tail -1)
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    n=$(ls "$corpus" | wc -l)
    bad=$(ls "$findings" | wc -l)
    printf '%-8s %10s %8s %8s %8s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$n" "$bad"
    if [ "$bad" -gt 0 ] || ! grep -a -q '^stat::number_of_executed_units' "$log"; then
        found=1
        echo "fuzz.sh: $t: see $log and $findings/" >&2
        grep -a -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5 >&2 || true
    fi
done
exit "$found"
