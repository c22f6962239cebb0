#!/bin/sh
# The main job on the bundled samples: install what is missing, build,
# convert every v2.1 sheet in samples/ into out/ (workbook and JSON), and
# roll the three organizations up into one group workbook.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DISOMM_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
mkdir -p out/group
./build/isomm convert samples -d out
./build/isomm convert samples -d out -q --format json
./build/isomm group samples -o out/group/group.xlsx
echo
echo "Done: out/ holds a portfolio workbook (.xlsx) and a JSON document per sheet,"
echo "and out/group/group.xlsx compares the three organizations. Open them in Excel or"
echo "LibreOffice."
