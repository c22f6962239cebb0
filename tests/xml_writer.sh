#!/bin/sh
# The isomm program's XML output for libxlsxwriter (src/cli/xml_writer.c):
#   1. libxlsxwriter's calls reach the program's functions (the dynamic
#      linker's own account, LD_DEBUG=bindings);
#   2. every workbook the program writes - portfolios, a group, a trend,
#      with names that need escaping - is byte for byte the one
#      libxlsxwriter's own functions write (ISOMM_XML=libxlsxwriter).
# Usage: xml_writer.sh ISOMM   (from the source tree)
set -eu
isomm="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "xml_writer: $*" >&2; exit 1; }

"$isomm" --version | grep -q "XML without printf" ||
    fail "isomm --version does not say it writes the XML itself"

LD_DEBUG=bindings "$isomm" convert samples/alpha-manufacturing.xlsx -q \
    -o "$work/bind.xlsx" 2>"$work/bindings" >/dev/null
for sym in lxw_xml_start_tag lxw_xml_data_element lxw_new_attribute_str \
           lxw_rowcol_to_cell lxw_has_control_characters _write_string_cell; do
    grep "libxlsxwriter.so" "$work/bindings" | grep "to .*/isomm \[0\]" |
        grep -q "symbol \`$sym'" ||
        fail "libxlsxwriter's calls of $sym do not reach the program"
done

export SOURCE_DATE_EPOCH=1700000000
org='A&B <"Ｘ"> 株式会社'
title='評価 & 改善 <2026> "試行"'
write() { # DIR: every kind of workbook into DIR
    mkdir -p "$1"
    "$isomm" convert samples -d "$1" -q --no-warnings --org "$org" --title "$title"
    "$isomm" group samples tests/series/group -o "$1/group.xlsx" -q --title "$title" \
        2>/dev/null
    "$isomm" trend tests/series/delta -o "$1/trend.xlsx" -q --title "$title" 2>/dev/null
}
write "$work/ours"
ISOMM_XML=libxlsxwriter write "$work/theirs"
n=0
for f in "$work/ours"/*.xlsx; do
    cmp "$f" "$work/theirs/${f##*/}" || fail "${f##*/} differs from libxlsxwriter's"
    n=$((n + 1))
done
[ "$n" -eq 5 ] || fail "expected 5 workbooks, compared $n"
# The names really are in the workbooks (escaped), so the comparison saw them.
for part in xl/worksheets/sheet1.xml docProps/core.xml; do
    unzip -p "$work/ours/group.xlsx" "$part" | grep -q '評価 &amp; 改善 &lt;2026&gt; "試行"' ||
        fail "the group workbook's $part lacks the escaped title"
done
unzip -p "$work/ours/alpha-manufacturing-portfolio.xlsx" xl/sharedStrings.xml |
    grep -q 'A&amp;B &lt;"Ｘ"&gt; 株式会社' || fail "the portfolio lacks the escaped organization"
echo "xml_writer: $n workbooks identical to libxlsxwriter's own output"
