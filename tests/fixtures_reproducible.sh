#!/bin/sh
# The committed reader fixtures are what tools/make_fixtures.py makes: every
# expectation file, and every workbook except those LibreOffice and isomm
# write, and those of ExcelJS, SheetJS and Gnumeric (they stamp the time into
# the file, and need node / ssconvert).
set -eu
tmp="$(mktemp -d /tmp/isomm-fixtures-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
python3 tools/make_fixtures.py "$tmp" >/dev/null 2>&1
status=0
for f in "$tmp"/*; do
    name="$(basename "$f")"
    case "$name" in
        lo-*.xlsx|isomm-*.xlsx|exceljs-*.xlsx|sheetjs-*.xlsx|gnumeric-*.xlsx) continue ;;
    esac
    if ! cmp -s "$f" "tests/fixtures/$name"; then
        echo "fixtures_reproducible: tests/fixtures/$name differs from what tools/make_fixtures.py makes" >&2
        status=1
    fi
done
for f in tests/fixtures/*; do
    [ -e "$tmp/$(basename "$f")" ] || case "$(basename "$f")" in
        lo-*|isomm-*|exceljs-*|sheetjs-*|gnumeric-*) ;;  # made only with LibreOffice, a built isomm, node or ssconvert
        *) echo "fixtures_reproducible: $f is not made by tools/make_fixtures.py" >&2; status=1 ;;
    esac
done
exit $status
