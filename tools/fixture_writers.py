"""Writers for the issue 10 fixtures (tools/fixture_habits.py): the same
sheets as data, written by programs the other fixtures don't use.

An HGrid is a Grid (tools/fixture_grid.py) with what workbooks that have
lived carry: cell fills (rgb, theme or indexed colours), row outline levels
(grouped rows), and a sheet state (visible, hidden, veryHidden).

  openpyxl_habits(grids)   python3-openpyxl, reproducible bytes
  npm_book(writer, grids)  ExcelJS or SheetJS through tools/fixture_npm.cjs
                           (node and tools/node_modules, or $ISOMM_NODE_MODULES)
  gnumeric(data)           an openpyxl workbook re-saved by Gnumeric's ssconvert
  soffice_resave(files)    re-saved by LibreOffice (soffice --headless)

ExcelJS, Gnumeric and LibreOffice stamp the time into what they write, and
SheetJS needs node: their workbooks are committed and not compared byte for byte
(tests/fixtures_reproducible.sh); without the program they are skipped, and
their expected files are written all the same.
"""
import datetime
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import make_samples as ms
from fixture_grid import Formula, Grid, openpyxl_workbook, put_cells
from openpyxl.styles import Color, PatternFill
from openpyxl.utils import get_column_letter

TOOLS = Path(__file__).resolve().parent


class HGrid(Grid):
    def __init__(self, name, state="visible"):
        super().__init__(name)
        self.state = state        # "visible", "hidden", "veryHidden"
        self.fills = {}           # (row, col) -> {"rgb"} | {"theme", "tint"} | {"indexed"}
        self.outline = {}         # row -> outline level (grouped rows)
        self.collapsed = set()    # rows marked collapsed (the summary row of a group)


def as_hgrid(g):
    """A plain Grid (fixture_sheets.prep_sheet) as an HGrid."""
    if isinstance(g, HGrid):
        return g
    h = HGrid(g.name)
    for k in ("cells", "merges", "hidden_rows", "hidden_cols", "extra_xml", "rels"):
        setattr(h, k, getattr(g, k))
    return h


def _color(f):
    if "rgb" in f:
        return Color(rgb="FF" + f["rgb"])
    if "theme" in f:
        return Color(theme=f["theme"], tint=f.get("tint", 0.0))
    return Color(indexed=f["indexed"])


# ---- openpyxl ---------------------------------------------------------------

def openpyxl_habits(grids, active=0):
    wb = openpyxl_workbook()
    for i, g in enumerate(grids):
        g = as_hgrid(g)
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = g.name
        put_cells(ws, g)
        for (r, c), f in sorted(g.fills.items()):
            col = _color(f)
            ws.cell(row=r, column=c).fill = PatternFill("solid", fgColor=col, bgColor=col)
        for r1, c1, r2, c2 in g.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for r in sorted(g.hidden_rows):
            ws.row_dimensions[r].hidden = True
        for r, lv in sorted(g.outline.items()):
            ws.row_dimensions[r].outlineLevel = lv
        for r in sorted(g.collapsed):
            ws.row_dimensions[r].collapsed = True
        for c in sorted(g.hidden_cols):
            ws.column_dimensions[get_column_letter(c)].hidden = True
        if g.state != "visible":
            ws.sheet_state = g.state
    wb.active = active
    return ms.reproducible_xlsx(wb, False)


# ---- npm: ExcelJS, SheetJS ----------------------------------------------------

def node_modules():
    """The folder holding exceljs and xlsx: $ISOMM_NODE_MODULES, else
    tools/node_modules (npm ci --prefix tools)."""
    return Path(os.environ.get("ISOMM_NODE_MODULES") or TOOLS / "node_modules")


def npm_available(writer):
    pkg = {"exceljs": "exceljs", "sheetjs": "xlsx"}[writer]
    return shutil.which("node") is not None and (node_modules() / pkg / "package.json").exists()


def _spec_value(v):
    if isinstance(v, Formula):
        raise SystemExit("formulas are not written through fixture_npm.cjs")
    if isinstance(v, datetime.date):
        return {"date": v.isoformat()}
    return v


def npm_spec(grids, active=0):
    sheets = []
    for g in grids:
        g = as_hgrid(g)
        sheets.append({
            "name": g.name, "state": g.state,
            "cells": [[r, c, _spec_value(v)] for (r, c), v in sorted(g.cells.items())],
            "fills": [[r, c, f] for (r, c), f in sorted(g.fills.items())],
            "merges": [list(m) for m in g.merges],
            "hidden_rows": sorted(g.hidden_rows), "hidden_cols": sorted(g.hidden_cols),
            "outline": {str(r): lv for r, lv in sorted(g.outline.items())},
        })
    return {"active": active, "sheets": sheets}


def npm_book(writer, grids, active=0):
    with tempfile.TemporaryDirectory() as tmp:
        spec, out = Path(tmp) / "spec.json", Path(tmp) / "out.xlsx"
        spec.write_text(json.dumps(npm_spec(grids, active), ensure_ascii=False), "utf-8")
        subprocess.run(["node", str(TOOLS / "fixture_npm.cjs"), writer, str(spec), str(out),
                        str(node_modules())], check=True)
        return out.read_bytes()


# ---- Gnumeric -----------------------------------------------------------------

def gnumeric_available():
    return shutil.which("ssconvert") is not None


def gnumeric(data):
    """The workbook re-saved by Gnumeric (ssconvert, its xlsx2 exporter)."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.xlsx", Path(tmp) / "out.xlsx"
        src.write_bytes(data)
        subprocess.run(["ssconvert", "--export-type=Gnumeric_Excel:xlsx2", str(src), str(out)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=dict(os.environ, HOME=tmp))
        return out.read_bytes()


# ---- LibreOffice ----------------------------------------------------------------

def soffice_available():
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def soffice_resave(files):
    """{name: bytes} re-saved by LibreOffice in one run -> {name: bytes}."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src, out = tmp / "src", tmp / "out"
        src.mkdir()
        out.mkdir()
        for name, data in files.items():
            (src / name).write_bytes(data)
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp / 'profile'}",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out)]
                       + [str(src / n) for n in files], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return {name: (out / name).read_bytes() for name in files}
