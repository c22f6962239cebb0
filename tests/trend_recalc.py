#!/usr/bin/python3
"""A real spreadsheet recalculates the trend workbook (issue 11), as
tests/handout_recalc.py does the portfolio workbook (its mechanisms are
reused here).

1. isomm writes the trend of tests/series/delta (and of the four
   assessments with tests/series/later). LibreOffice, told to recalculate
   every formula on load, saves it again; every formula's value in its copy
   must equal the value isomm cached.
2. One As-Is of 推移 is edited in the XML (A-12, latest: 1 -> 5) and
   LibreOffice recalculates again. The change of A-12, the category mean of
   A on カテゴリー推移, the サマリー's latest mean and its lists (which must
   be the ranks Python computes from the recalculated changes), and the
   radar's data must all follow.
3. LibreOffice prints the workbook to PDF: the サマリー is one page.

Needs LibreOffice (soffice), pdfinfo/pdftotext and python3-openpyxl; the CLI
comes from $ISOMM_BIN (ctest sets it). Run from the repository root.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handout_recalc as hr  # noqa: E402

import openpyxl  # noqa: E402

SER = "推移"
CAT = "カテゴリー推移"
SUM = "サマリー"
TOP = 5
failures = []


def fail(msg):
    failures.append(msg)
    print("trend_recalc: " + msg, file=sys.stderr)


def same_values(book, recalculated, least):
    mine, theirs = hr.values(book), hr.values(recalculated)
    if len(mine) < least:
        fail("only %d formulas in %s" % (len(mine), book))
    for key, v in mine.items():
        if not hr.same(v, theirs.get(key)):
            fail("%s!%s: isomm cached %r, LibreOffice computes %r"
                 % (key[0], key[1], v, theirs.get(key)))
    print("%s: %d formulas, cached values equal LibreOffice's" % (os.path.basename(book), len(mine)))


def ranked(values, direction):
    """Indexes of the first TOP values above (1) or below (-1) 0, ties in
    order: the rule of docs/trend.md, from the recalculated cells."""
    items = [(i, v) for i, v in enumerate(values)
             if isinstance(v, (int, float)) and (v > 0 if direction > 0 else v < 0)]
    items.sort(key=lambda iv: (-iv[1] * direction, iv[0]))
    return [i for i, _ in items[:TOP]]


def check_edit(book, tmp, profile):
    pf = openpyxl.load_workbook(book, data_only=True)[SER]
    if pf["A16"].value != "A-12" or pf["G16"].value != 1 or pf["E16"].value != 3:
        sys.exit("trend_recalc: expected A-12 with As-Is 3 ... 1 in %s!E16:G16" % SER)
    edited = os.path.join(tmp, "edited.xlsx")
    hr.edit_cell(book, edited, SER, "G16", 5)
    out = hr.recalc(edited, os.path.join(tmp, "lo2"), profile)
    after = openpyxl.load_workbook(out, data_only=True)
    ser = after[SER]
    rows = list(ser.iter_rows(min_row=5, max_row=68))
    ids = [r[0].value for r in rows]
    latest = [r[6].value for r in rows]
    change = [r[7].value for r in rows]
    a_latest = [v for i, v in zip(ids, latest) if i.startswith("A-") and isinstance(v, int)]
    numbers = [v for v in latest if isinstance(v, int)]
    checks = [
        (ser["H16"].value, 5 - 3, SER + "!H16 (A-12 の変化)"),
        (after[CAT]["E5"].value, sum(a_latest) / len(a_latest), CAT + "!E5 (A の最新の平均)"),
        (after[SUM]["E6"].value, sum(numbers) / len(numbers), SUM + "!E6 (最新の現状の平均)"),
    ]
    for got, want, what in checks:
        if not hr.same(got, want):
            fail("after the edit %s is %r, want %r" % (what, got, want))
    names = [r[1].value for r in rows]
    for col, direction, what in ((0, 1, "上がった"), (4, -1, "下がった")):
        want = ["%s %s" % (ids[i], names[i]) for i in ranked(change, direction)]
        got = [after[SUM].cell(row=35 + j, column=col + 1).value for j in range(len(want))]
        if got != want:
            fail("after the edit the list 現状が%sサービス is %r, want %r" % (what, got, want))
    radar = hr.chart_first_points(out).get(CAT + "!$E$5:$E$13")
    if radar is None or abs(radar - sum(a_latest) / len(a_latest)) > 1e-9:
        fail("after the edit the radar's latest series starts with %r" % radar)
    print("edited %s!G16 1 -> 5: the change, the means, the lists and the radar follow" % SER)


def check_print(book, tmp, profile):
    pdf = hr.convert(book, tmp, profile, "pdf")
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    summary = []
    for i in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", pdf, "-"],
                              capture_output=True, text=True).stdout
        if re.search(r"^\s*サマリー\s+\d+ ?/ ?\d+\s*$", text, re.M):
            summary.append(i)
            if "作成: isomm" not in text or "評価プロセス" not in text:
                fail("%s: page %d lacks the サマリー's last rows" % (pdf, i))
    if summary != [1]:
        fail("%s: the サマリー printed on pages %r, want [1]" % (pdf, summary))
    print("%s: %d pages, the サマリー on page 1 only" % (os.path.basename(pdf), pages))


def main():
    isomm = os.environ.get("ISOMM_BIN")
    if not isomm:
        sys.exit("trend_recalc: run through ctest (ISOMM_BIN is not set)")
    tmp = tempfile.mkdtemp(prefix="isomm-trend-recalc-")
    try:
        profile = hr.make_profile(tmp)
        books = []
        for name, inputs in (("trend3", ["tests/series/delta"]),
                             ("trend4", ["tests/series/delta", "tests/series/later"])):
            book = os.path.join(tmp, name + ".xlsx")
            subprocess.run([isomm, "trend", *inputs, "-o", book, "-q"], check=True)
            books.append(book)
            same_values(book, hr.recalc(book, os.path.join(tmp, "lo-" + name), profile), 700)
        check_edit(books[0], tmp, profile)
        check_print(books[0], tmp, profile)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
