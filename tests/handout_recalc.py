#!/usr/bin/python3
"""A real spreadsheet recalculates the portfolio workbook (issue 4).

1. isomm writes the workbook of a sample (with --to-be 4). LibreOffice,
   told to recalculate every formula on load, saves it again as .xlsx.
   Every formula's value in LibreOffice's copy must equal the cached value
   isomm wrote: the cached values are what a spreadsheet computes, so
   viewers that never recalculate show the right numbers.
2. One As-Is cell of サービスポートフォリオ is edited (A-1: 3 -> 5) in the
   workbook's XML, nothing else touched, and LibreOffice recalculates
   again. The category average on カテゴリー別, the サマリー's table and
   key figure, and the charts' data (LibreOffice rewrites the chart caches
   from the cells) must all follow the edit.

Needs LibreOffice (soffice) and python3-openpyxl; the CLI comes from
$ISOMM_BIN (ctest sets it). Run from the repository root.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

PF = "サービスポートフォリオ"
CAT = "カテゴリー別"
SUM = "サマリー"
SAMPLE = "samples/alpha-manufacturing.xlsx"

# A user profile that recalculates OOXML files on load (the default is to
# trust the cached values, which would prove nothing here).
REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

failures = []


def fail(msg):
    failures.append(msg)
    print("handout_recalc: " + msg, file=sys.stderr)


def make_profile(tmp):
    """A LibreOffice user profile in tmp that recalculates on load."""
    profile = os.path.join(tmp, "profile")
    os.makedirs(os.path.join(profile, "user"))
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
        f.write(REGISTRY)
    return profile


def convert(src, outdir, profile, fmt):
    """LibreOffice opens src (recalculating everything with this profile)
    and saves it as outdir/<name>.<fmt>."""
    os.makedirs(outdir, exist_ok=True)
    r = subprocess.run(
        ["soffice", "-env:UserInstallation=file://" + profile, "--headless",
         "--convert-to", fmt, "--outdir", outdir, src],
        capture_output=True, text=True, timeout=300)
    out = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + "." + fmt)
    if r.returncode != 0 or not os.path.exists(out):
        sys.exit("handout_recalc: LibreOffice failed on %s:\n%s%s"
                 % (src, r.stdout, r.stderr))
    return out


def recalc(src, outdir, profile):
    """LibreOffice opens src, recalculates everything, saves outdir/<name>."""
    return convert(src, outdir, profile, "xlsx")


def values(path):
    """{(sheet, cell): value} of every formula cell, as cached in path."""
    formulas = openpyxl.load_workbook(path, data_only=False)
    cached = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    v = cached[ws.title][c.coordinate].value
                    out[(ws.title, c.coordinate)] = "" if v is None else v
    return out


def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-9
    return a == b


def edit_cell(src, dst, sheet, cell, value):
    """Copy src to dst with one numeric cell's value replaced in the XML."""
    with zipfile.ZipFile(src) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(r'<sheet name="%s" sheetId="\d+" r:id="(rId\d+)"'
                        % re.escape(sheet), wb).group(1)
        target = re.search(r'<Relationship Id="%s" [^>]*Target="([^"]+)"' % rid,
                           rels).group(1)
        part = "xl/" + target.lstrip("/").replace("xl/", "", 1)
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
            for info in z.infolist():
                data = z.read(info.filename)
                if info.filename == part:
                    text, n = re.subn(r'(<c r="%s"[^>]*>)<v>[^<]*</v>' % cell,
                                      r"\g<1><v>%s</v>" % value, data.decode())
                    if n != 1:
                        sys.exit("handout_recalc: %s!%s not found" % (sheet, cell))
                    data = text.encode()
                out.writestr(info, data)


def chart_first_points(path):
    """{range formula: first cached number} of every chart series."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not re.match(r"xl/charts/chart\d+\.xml$", name):
                continue
            xml = z.read(name).decode()
            for val in re.findall(r"<c:val>(.*?)</c:val>", xml, re.S):
                f = re.search(r"<c:f>([^<]*)</c:f>", val)
                pt = re.search(r'<c:pt idx="0"><c:v>([^<]*)</c:v>', val)
                if f:
                    key = f.group(1).replace("'", "")
                    out[key] = float(pt.group(1)) if pt else None
    return out


def main():
    isomm = os.environ.get("ISOMM_BIN")
    if not isomm:
        sys.exit("handout_recalc: run through ctest (ISOMM_BIN is not set)")
    tmp = tempfile.mkdtemp(prefix="isomm-recalc-")
    try:
        profile = make_profile(tmp)

        book = os.path.join(tmp, "alpha.xlsx")
        subprocess.run([isomm, "convert", SAMPLE, "-o", book, "--to-be", "4", "-q"],
                       check=True, stderr=subprocess.DEVNULL)

        # 1. The cached values are what LibreOffice computes.
        mine = values(book)
        theirs = values(recalc(book, os.path.join(tmp, "lo1"), profile))
        if len(mine) < 600:
            fail("only %d formulas in the workbook" % len(mine))
        for key, v in mine.items():
            if not same(v, theirs.get(key)):
                fail("%s!%s: isomm cached %r, LibreOffice computes %r"
                     % (key[0], key[1], v, theirs.get(key)))
        print("%d formulas: cached values equal LibreOffice's" % len(mine))

        # 2. Edit one As-Is; averages, summary and charts follow.
        pf = openpyxl.load_workbook(book, data_only=True)[PF]
        if pf["A3"].value != "A-1" or pf["I3"].value != 3:
            sys.exit("handout_recalc: expected A-1 with As-Is 3 in %s!I3" % PF)
        edited = os.path.join(tmp, "edited.xlsx")
        edit_cell(book, edited, PF, "I3", 5)
        out = recalc(edited, os.path.join(tmp, "lo2"), profile)
        after = openpyxl.load_workbook(out, data_only=True)

        scores = {r[0].value: r[8].value for r in after[PF].iter_rows(min_row=3)}
        a_scores = [v for k, v in scores.items()
                    if k and k.startswith("A-") and isinstance(v, (int, float))]
        all_scores = [v for v in scores.values() if isinstance(v, (int, float))]
        want_a = sum(a_scores) / len(a_scores)
        want_all = sum(all_scores) / len(all_scores)
        before_a = mine[(CAT, "C5")]
        if abs(want_a - before_a) < 1e-9:
            fail("the edit should change category A (still %r)" % before_a)
        checks = [
            (after[CAT]["C5"].value, want_a, CAT + "!C5 (A の現状平均)"),
            (after[SUM]["F14"].value, want_a, SUM + "!F14 (A の現状)"),
            (after[SUM]["D6"].value, want_all, SUM + "!D6 (現状の平均)"),
            (after[PF]["K3"].value, 4 - 5, PF + "!K3 (ギャップ)"),
        ]
        for got, want, what in checks:
            if not same(got, want):
                fail("after the edit %s is %r, want %r" % (what, got, want))
        charts = chart_first_points(out)
        series = {
            CAT + "!$C$5:$C$13": want_a,   # カテゴリー別 radar, As-Is
            SUM + "!$F$14:$F$22": want_a,  # サマリー radar, As-Is
            CAT + "!$R$5:$R$17": 5,        # bar chart A, insource As-Is of A-1
        }
        for rng, want in series.items():
            got = charts.get(rng)
            if got is None or abs(got - want) > 1e-9:
                fail("after the edit the chart series %s starts with %r, want %r"
                     % (rng, got, want))
        print("edited %s!I3 3 -> 5: category A %.4f -> %.4f; summary and charts follow"
              % (PF, before_a, want_a))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
