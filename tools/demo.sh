#!/bin/sh
# The main job on the bundled samples: install what is missing, build,
# convert every v2.1 sheet in samples/ into out/ (workbook and JSON).
set -eu
cd "$(dirname "$0")/.."
sh tools/setup.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DISOMM_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
mkdir -p out
for f in samples/*.xlsx; do
    case "$f" in *-portfolio.xlsx) continue ;; esac
    ./build/isomm convert "$f" -d out
    ./build/isomm convert "$f" -d out --format json
done
echo "Done: the portfolio workbooks are in out/ (open them in Excel or LibreOffice)."
