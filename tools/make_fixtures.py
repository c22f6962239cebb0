#!/usr/bin/env python3
"""Reader fixtures written by other programs: tests/fixtures/*.xlsx with the
JSON isomm must produce from each (NAME.expected.json).

  lo-NAME.xlsx           samples/NAME.xlsx re-saved by LibreOffice (headless
                         soffice --convert-to xlsx): LibreOffice's dialect.
                         The expected JSON is the sample's, with source.path
                         changed.
  openpyxl-numeric.xlsx  a numeric-layout self-check written by openpyxl: one
                         インソース and one アウトソース column with the level as a
                         number or full-width text, the 1904 date system, the
                         organization under 会社名 and the date under 実施日 on a
                         cover sheet.

Usage: python3 tools/make_fixtures.py [OUTDIR]   (default: tests/fixtures)
Run from the repository root. Needs python3-openpyxl; the lo-* files need
LibreOffice (soffice) and are skipped without it. LibreOffice's output is not
byte-reproducible (it stamps the time), so the fixtures are committed.
"""
import copy
import datetime
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_samples as ms  # noqa: E402  (also finds Debian's openpyxl)

from openpyxl import Workbook  # noqa: E402
from openpyxl.utils.datetime import CALENDAR_MAC_1904  # noqa: E402

REPO = ms.REPO
FULLWIDTH = "０１２３４５"


def write_json(path, doc):
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def libreoffice(outdir):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: lo-* fixtures skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        for sample in ms.SAMPLES:
            name = sample["name"]
            src = REPO / "samples" / f"{name}.xlsx"
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", tmp,
                            str(src)], check=True, stdout=subprocess.DEVNULL)
            dst = outdir / f"lo-{name}.xlsx"
            shutil.copyfile(Path(tmp) / f"{name}.xlsx", dst)
            doc = json.loads((REPO / "samples" / f"{name}.expected.json").read_text("utf-8"))
            doc["source"]["path"] = f"tests/fixtures/lo-{name}.xlsx"
            write_json(outdir / f"lo-{name}.expected.json", doc)
            print(f"wrote {dst}")


NUMERIC = {
    "name": "openpyxl-numeric",
    "org": "デルタ物流株式会社",
    "date": datetime.date(2024, 6, 28),
    "current": "full-insource",
    "target": "hybrid",
    "range_in": (1, 5),
    "range_out": (1, 5),
    "overrides": {
        "A-2": ("i0", None),             # declined
        "B-1": ("", "未評価（次回実施）"),  # blank, with a note
        "C-1": ("i2 o3", None),          # both sides
        "D-1": ("o0", None),             # declined, outsource
        "E-2": ("i0 o4", None),          # a 0 on the other side
    },
    # only for ms.expected_doc's warning cells (there are none)
    "layout": {"first_col": 1, "id_column": False, "header_row": 4},
}


def numeric(outdir):
    cat = ms.Catalog()
    sample = NUMERIC
    rows = ms.declare(cat, sample)
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    cover = wb.active
    cover.title = "表紙"
    cover["A1"] = ms.TITLE
    cover["A3"] = "会社名"
    cover["B3"] = sample["org"]
    cover["A4"] = "実施日"
    cover["A5"] = sample["date"]          # below its label; a 1904-system serial
    cover["A5"].number_format = "yyyy/mm/dd"
    cover["A7"] = ms.PROMPT_CURRENT
    cover["B7"] = cat.pattern_by_key[sample["current"]]["name"]
    cover["A8"] = ms.PROMPT_TARGET
    cover["B8"] = cat.pattern_by_key[sample["target"]]["name"]
    ws = wb.create_sheet("評価シート")
    ws["A1"] = "各役割のレベル (0〜5) を数字で記入してください。"
    for col, text in enumerate(["機能", "役割", "インソース", "アウトソース", "備考"], start=1):
        ws.cell(row=3, column=col, value=text)
    for i, (rid, ins, out, note) in enumerate(rows):
        r = 4 + i
        role = cat.role_by_id[rid]
        ws.cell(row=r, column=2, value=f"{rid} {role['name']}")
        for col, marks in ((3, ins), (4, out)):
            if marks:
                (level,) = marks
                ws.cell(row=r, column=col, value=level if i % 2 == 0 else FULLWIDTH[level])
        if note:
            ws.cell(row=r, column=5, value=note)
    wb.active = 1
    data = ms.reproducible_xlsx(wb, False)
    path = outdir / f"{sample['name']}.xlsx"
    path.write_bytes(data)
    doc = ms.expected_doc(cat, sample, rows)
    doc["source"] = {"path": f"tests/fixtures/{sample['name']}.xlsx", "kind": "isomm-v2.1",
                     "sheet": "評価シート", "layout": "numeric"}
    write_json(outdir / f"{sample['name']}.expected.json", doc)
    print(f"wrote {path}")


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    outdir = Path(argv[1]) if len(argv) == 2 else REPO / "tests" / "fixtures"
    outdir.mkdir(parents=True, exist_ok=True)
    numeric(outdir)
    libreoffice(outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
