#!/bin/sh
# The benchmark (docs/bench.md): build a Release isomm, generate a
# deterministic synthetic group of v2.1 sheets, then time the batch
# conversion and the group roll-up. Prints a Markdown table.
#
#   sh bench/run.sh              100 and 1,000 sheets
#   sh bench/run.sh --with-5000  plus a roll-up of 5,000 (about a minute more)
#
# Environment: JOBS (workers, default 2), REPEAT (runs per measurement,
# median kept; default 3), BENCH_DIR (default build-bench/bench).
set -eu
cd "$(dirname "$0")/.."
big=0
[ "${1:-}" = "--with-5000" ] && big=1
jobs="${JOBS:-2}"
repeat="${REPEAT:-3}"
build=build-bench
work="${BENCH_DIR:-$build/bench}"

sh tools/setup.sh build
if [ ! -x /usr/bin/time ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "Installing: time" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time >/dev/null
fi

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DISOMM_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
# shellcheck disable=SC2046
cc -O2 -std=c11 -Wall -Wextra -Iinclude bench/gen_sheets.c "$build/libisomm.a" \
    $(pkg-config --cflags --libs xlsxwriter libxml-2.0 minizip zlib) -lm \
    -o "$build/gen_sheets"
isomm="$build/isomm"

rm -rf "$work"
mkdir -p "$work"
echo "generating 1000 sheets in $work/sheets ..." >&2
"$build/gen_sheets" "$work/sheets" 1000 1 >/dev/null
if [ "$big" = 1 ]; then
    echo "generating 5000 sheets in $work/sheets5000 ..." >&2
    "$build/gen_sheets" "$work/sheets5000" 5000 1 >/dev/null
fi

# measure LABEL FILES COMMAND...: run REPEAT times (the command gets
# --stats); report the median wall time (/usr/bin/time) and the largest
# peak RSS of one worker process and of the main process (from --stats:
# getrusage / wait4 of each worker).
results="$work/results.md"
: >"$results"
measure() {
    label="$1" files="$2"
    shift 2
    i=0
    : >"$work/times"
    while [ "$i" -lt "$repeat" ]; do
        rm -rf "$work/out" "$work/g.xlsx" "$work/g.csv"
        /usr/bin/time -f "%e %M" -o "$work/t1" "$@" --stats >/dev/null 2>"$work/stderr" || true
        stats="$(grep 'isomm: stats:' "$work/stderr" | sed -n 's/.*peak RSS \([0-9.]*\) MiB per worker, \([0-9.]*\) MiB in the main.*/\1 \2/p')"
        echo "$(cat "$work/t1") ${stats:-0 0}" >>"$work/times"
        i=$((i + 1))
    done
    sort -n "$work/times" | awk -v label="$label" -v files="$files" -v n="$repeat" '
        { t[NR] = $1; if ($3 > wrss) wrss = $3; if ($4 > mrss) mrss = $4; if ($2 > trss) trss = $2 }
        END {
            med = t[int((n + 1) / 2)]
            rate = med > 0 ? files / med : 0
            printf "| %s | %d | %.2f | %.0f | %.2f | %.1f | %.1f |\n",
                   label, files, med, rate, 1000 * med / files, wrss, mrss
        }' | tee -a "$results"
    grep -v 'isomm: stats:' "$work/stderr" | tail -n 1 | sed 's/^/    /' >&2
}

one="$work/sheets/grp-00/sub-00001.xlsx"
echo "| run | files | wall s (median of $repeat) | files/s | ms/file | peak RSS of one worker, MiB | peak RSS of the main process, MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
measure "convert 1 sheet (in-process)" 1 "$isomm" convert "$one" -o "$work/one.xlsx" -q
measure "convert -j $jobs, 100 sheets" 100 "$isomm" convert "$work/sheets/grp-00" -d "$work/out" -j "$jobs" -q
measure "convert -j $jobs, 1000 sheets" 1000 "$isomm" convert "$work/sheets" -d "$work/out" -j "$jobs" -q
measure "convert -j 1, 1000 sheets" 1000 "$isomm" convert "$work/sheets" -d "$work/out" -j 1 -q
measure "convert -j $jobs --format json, 1000 sheets" 1000 "$isomm" convert "$work/sheets" -d "$work/out" -j "$jobs" -q --format json
measure "group -j $jobs, 100 sheets" 100 "$isomm" group "$work/sheets/grp-00" -o "$work/g.xlsx" -j "$jobs" -q
measure "group -j $jobs, 1000 sheets" 1000 "$isomm" group "$work/sheets" -o "$work/g.xlsx" -j "$jobs" -q
measure "group -j $jobs --format csv, 1000 sheets" 1000 "$isomm" group "$work/sheets" -f csv -o "$work/g.csv" -j "$jobs" -q
if [ "$big" = 1 ]; then
    measure "group -j $jobs, 5000 sheets" 5000 "$isomm" group "$work/sheets5000" -o "$work/g.xlsx" -j "$jobs" -q
fi

cpu="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
mem="$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo
echo "Machine: $(nproc) CPUs ($cpu), $mem RAM, Linux $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME"); TMPDIR=${TMPDIR:-unset}"

# The targets of issue 5.
awk -F'|' -v jobs="$jobs" '
    function trim(s) { gsub(/^ +| +$/, "", s); return s }
    { label = trim($2); wall = trim($4) + 0; ms = trim($6) + 0; wrss = trim($7) + 0 }
    label ~ /^convert 1 sheet/ { printf "target: one conversion peak RSS <= 20 MiB: %.1f MiB %s\n", wrss, wrss <= 20 ? "ok" : "MISSED" }
    label == "convert -j " jobs ", 100 sheets" { ms100 = ms; rss100 = wrss }
    label == "convert -j " jobs ", 1000 sheets" {
        printf "target: 1000 sheets converted with -j %s in <= 5 s: %.2f s %s\n", jobs, wall, wall <= 5 ? "ok" : "MISSED"
        printf "linear: ms/file 100 -> 1000 sheets: %.2f -> %.2f; peak RSS of a worker %.1f -> %.1f MiB\n", ms100, ms, rss100, wrss }
    label == "group -j " jobs ", 1000 sheets" { printf "target: roll-up of 1000 in <= 3 s: %.2f s %s\n", wall, wall <= 3 ? "ok" : "MISSED" }
' "$results"
