#!/bin/sh
# A real client: LibreOffice opens every demo workbook and prints it to PDF.
# Fails if LibreOffice reports an error or produces no page.
set -eu
bin="${ISOMM_BIN:?run through ctest}"
tmp="$(mktemp -d /tmp/isomm-lo-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
status=0
for f in samples/*.xlsx; do
    name="$(basename "$f" .xlsx)"
    "$bin" convert "$f" -o "$tmp/$name-portfolio.xlsx" -q 2>/dev/null
    if ! timeout 180 soffice -env:UserInstallation="file://$tmp/profile" --headless \
            --convert-to pdf --outdir "$tmp" "$tmp/$name-portfolio.xlsx" >"$tmp/lo.log" 2>&1; then
        echo "libreoffice_open: LibreOffice failed on $name-portfolio.xlsx:" >&2
        cat "$tmp/lo.log" >&2
        status=1
        continue
    fi
    if grep -qi "error" "$tmp/lo.log"; then
        echo "libreoffice_open: LibreOffice reported an error on $name-portfolio.xlsx:" >&2
        cat "$tmp/lo.log" >&2
        status=1
    fi
    pages="$(pdfinfo "$tmp/$name-portfolio.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
    if [ -z "$pages" ] || [ "$pages" -lt 1 ]; then
        echo "libreoffice_open: no page printed from $name-portfolio.xlsx" >&2
        status=1
    else
        echo "$name-portfolio.xlsx: $pages page(s)"
    fi
done
exit $status
