#!/bin/sh
# The main job on the bundled samples: install what is missing, build,
# convert every v2.1 sheet in samples/ into out/ (workbook and JSON), and
# roll the three organizations up into one group workbook; then the trend
# of one organization's dated series (tests/series/delta: v2.1 2019, v2.1
# 2021, X.1060 2024) and a group folder holding two years of a subsidiary.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DISOMM_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
mkdir -p out/group
./build/isomm convert samples -d out
./build/isomm convert samples -d out -q --format json
./build/isomm group samples -o out/group/group.xlsx
./build/isomm trend tests/series/delta -o out/trend.xlsx
./build/isomm group tests/series/group -o out/group/group-years.xlsx
echo
echo "Done: out/ holds a portfolio workbook (.xlsx) and a JSON document per sheet,"
echo "out/group/group.xlsx compares the three organizations, out/trend.xlsx shows one"
echo "organization's assessments over time and out/group/group-years.xlsx a group with"
echo "two years of a subsidiary (前回比). Open them in Excel or LibreOffice."
