#!/bin/sh
# A real client: LibreOffice opens every demo workbook (and the trend and
# group-over-time workbooks) and prints it to PDF.
# Fails if LibreOffice reports an error or produces no page, or if the
# サマリー does not print on exactly one page.
#
# How the one page is checked: every sheet prints its own name in the page
# footer (&A, set by the writer), so in the PDF of the whole workbook the
# pages of the サマリー are those whose footer line reads "サマリー  n / N".
# There must be exactly one, the first page, and it must hold the sheet's
# last row (the note ending in "作成: isomm …"), Japanese fonts, and a
# title printed at a legible size (the fit-to-page scale did not shrink it
# below 11 points).
set -eu
bin="${ISOMM_BIN:?run through ctest}"
tmp="$(mktemp -d /tmp/isomm-lo-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
status=0

fail() {
    echo "libreoffice_open: $*" >&2
    status=1
}

# check NAME: the PDF $tmp/NAME.pdf made from $tmp/NAME.xlsx
check() {
    name="$1"
    pdf="$tmp/$name.pdf"
    pages="$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
    if [ -z "$pages" ] || [ "$pages" -lt 1 ]; then
        fail "no page printed from $name.xlsx"
        return
    fi
    summary=0
    first=""
    i=1
    while [ "$i" -le "$pages" ]; do
        if pdftotext -f "$i" -l "$i" -layout "$pdf" - 2>/dev/null |
            grep -Eq '^[[:space:]]*サマリー[[:space:]]+[0-9]+ ?/ ?[0-9]+[[:space:]]*$'; then
            summary=$((summary + 1))
            [ -n "$first" ] || first="$i"
        fi
        i=$((i + 1))
    done
    if [ "$summary" -ne 1 ] || [ "$first" != 1 ]; then
        fail "$name.xlsx: the サマリー printed on $summary page(s) (first: ${first:-none}), want exactly page 1"
    fi
    if ! pdftotext -f 1 -l 1 "$pdf" - 2>/dev/null | grep -q "作成: isomm"; then
        fail "$name.xlsx: the last row of the サマリー is not on page 1"
    fi
    if ! pdffonts -f 1 -l 1 "$pdf" 2>/dev/null | grep -q "CJK"; then
        fail "$name.xlsx: no Japanese (CJK) font on page 1 (fonts-noto-cjk missing?)"
    fi
    title="$(pdftotext -f 1 -l 1 -bbox "$pdf" - 2>/dev/null | grep -m1 '<word' |
        sed -E 's/.*yMin="([0-9.]+)".*yMax="([0-9.]+)".*/\1 \2/' |
        awk '{ printf "%.1f", $2 - $1 }')"
    if [ -z "$title" ] || ! awk -v h="$title" 'BEGIN { exit !(h >= 11) }'; then
        fail "$name.xlsx: the サマリー title is ${title:-missing} points high, want >= 11"
    fi
    echo "$name.xlsx: $pages page(s), サマリー on page 1 only (title ${title} pt)"
}

# convert_pdf NAME [CHECK]: $tmp/NAME.xlsx to PDF, then CHECK NAME.
convert_pdf() {
    name="$1"
    what="${2:-check}"
    if ! timeout 180 soffice -env:UserInstallation="file://$tmp/profile" --headless \
            --convert-to pdf --outdir "$tmp" "$tmp/$name.xlsx" >"$tmp/lo.log" 2>&1; then
        fail "LibreOffice failed on $name.xlsx:"
        cat "$tmp/lo.log" >&2
        return 1
    fi
    if grep -qi "error" "$tmp/lo.log"; then
        fail "LibreOffice reported an error on $name.xlsx:"
        cat "$tmp/lo.log" >&2
    fi
    "$what" "$name"
}

# check_group NAME: the group roll-up prints, starting with its 概要.
check_group() {
    pdf="$tmp/$1.pdf"
    pages="$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
    if [ -z "$pages" ] || [ "$pages" -lt 1 ]; then
        fail "no page printed from $1.xlsx"
        return
    fi
    want="${2:-株式会社アルファ製作所}"
    if ! pdftotext -f 1 -l 1 "$pdf" - 2>/dev/null | grep -q "$want"; then
        fail "$1.xlsx: page 1 does not list the subsidiary $want"
    fi
    echo "$1.xlsx: $pages page(s)"
}

# check_years NAME: the group over time prints its 前回比 after the 概要.
check_years() {
    pdf="$tmp/$1.pdf"
    check_group "$1" イプシロン証券
    if ! pdftotext -layout "$pdf" - 2>/dev/null |
        grep -Eq '^[[:space:]]*前回比[[:space:]]+[0-9]+ ?/ ?[0-9]+[[:space:]]*$'; then
        fail "$1.xlsx: no page of the 前回比 sheet"
    fi
}

# The demo workbooks (tools/demo.sh), then one with every option set.
for f in samples/*.xlsx; do
    name="$(basename "$f" .xlsx)-portfolio"
    "$bin" convert "$f" -o "$tmp/$name.xlsx" -q 2>/dev/null
    convert_pdf "$name" || true
done
"$bin" convert samples/alpha-manufacturing.xlsx -o "$tmp/options.xlsx" -q \
    --to-be 4 --org "株式会社オプション" --date 2025-01-31 \
    --title "SOC/CSIRT 成熟度の移行結果（経営会議資料）" 2>/dev/null
convert_pdf options || true
"$bin" group samples -o "$tmp/group.xlsx" -q 2>/dev/null
convert_pdf group check_group || true
# The trend of a v2.1 -> v2.1 -> v3.1 series: its サマリー is one page too;
# the group over time with its 前回比.
"$bin" trend tests/series/delta -o "$tmp/trend.xlsx" -q 2>/dev/null
convert_pdf trend || true
"$bin" group tests/series/group -o "$tmp/group-years.xlsx" -q 2>/dev/null
convert_pdf group-years check_years || true
exit $status
