#!/bin/sh
# Regenerate the pictures of docs/workbook.md: the workbook of one sample
# as LibreOffice prints it, page by page, turned into PNG with pdftoppm.
#
#   sh tools/render_docs.sh            builds the CLI into build-docs/
#   ISOMM_BIN=build/isomm sh tools/render_docs.sh   uses that binary
#
# Writes docs/img/summary.png (the サマリー: always the first page),
# docs/img/portfolio.png and docs/img/categories.png (the first page of
# those sheets, found by the sheet name every page carries in its footer),
# and docs/img/trend.png (the サマリー of the trend of tests/series/delta).
# The input is samples/alpha-manufacturing.xlsx with --to-be 4, so the
# To-Be line and the gaps show.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup.sh build test

bin="${ISOMM_BIN:-}"
if [ -z "$bin" ]; then
    cmake -S . -B build-docs -DCMAKE_BUILD_TYPE=Release -DISOMM_TESTS=OFF >/dev/null
    cmake --build build-docs -j"$(nproc)" >/dev/null
    bin=build-docs/isomm
fi

tmp="$(mktemp -d /tmp/isomm-docs-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
name=alpha-manufacturing-portfolio
SOURCE_DATE_EPOCH=1711962000 "$bin" convert samples/alpha-manufacturing.xlsx \
    -o "$tmp/$name.xlsx" --to-be 4 -q 2>/dev/null
timeout 180 soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --convert-to pdf --outdir "$tmp" "$tmp/$name.xlsx" >/dev/null 2>&1
pdf="$tmp/$name.pdf"
pages="$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"

# first_page SHEET: the first page whose footer reads "SHEET  n / N"
first_page() {
    i=1
    while [ "$i" -le "$pages" ]; do
        if pdftotext -f "$i" -l "$i" -layout "$pdf" - |
            grep -Eq "^[[:space:]]*$1[[:space:]]+[0-9]+ / [0-9]+[[:space:]]*\$"; then
            echo "$i"
            return
        fi
        i=$((i + 1))
    done
    echo "render_docs: no page of $1 in the PDF" >&2
    exit 1
}

mkdir -p docs/img
render() { # SHEET OUT DPI
    page="$(first_page "$1")"
    pdftoppm -f "$page" -l "$page" -r "$3" -png -singlefile "$pdf" "docs/img/$2"
    echo "docs/img/$2.png: page $page ($1), $(wc -c <"docs/img/$2.png") bytes"
}
render "サマリー" summary 110
render "サービスポートフォリオ" portfolio 80
render "カテゴリー別" categories 80

# The trend of the bundled series (docs/trend.md): its サマリー.
SOURCE_DATE_EPOCH=1711962000 "$bin" trend tests/series/delta -o "$tmp/trend.xlsx" -q
timeout 180 soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --convert-to pdf --outdir "$tmp" "$tmp/trend.xlsx" >/dev/null 2>&1
pdftoppm -f 1 -l 1 -r 110 -png -singlefile "$tmp/trend.pdf" docs/img/trend
echo "docs/img/trend.png: page 1 (サマリー), $(wc -c <docs/img/trend.png) bytes"
