#!/usr/bin/env python3
"""Reads the issue 10 fixtures back with openpyxl and checks that each
workbook is what its declaration says (tools/fixture_habits.py): every cell
value, every fill (rgb, theme or indexed; Gnumeric resolves theme colours to
rgb), hidden rows and columns, outline levels, sheet states, and for the
drop-downs the controls' cells, links, lists and selections.

Usage: python3 tools/check_habits.py [DIR]   (default: tests/fixtures)
Prints one line per workbook and exits 1 if any differs.
"""
import datetime
import io
import re
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_samples as ms  # noqa: E402
import fixture_habits as fh  # noqa: E402
from fixture_writers import as_hgrid  # noqa: E402

import openpyxl  # noqa: E402
from openpyxl.utils import column_index_from_string  # noqa: E402


def norm(v):
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def hidden_cols(ws):
    out = set()
    for key, d in ws.column_dimensions.items():
        if d.hidden:
            lo = d.min or column_index_from_string(key)
            hi = d.max or lo
            out.update(range(lo, min(hi, 200) + 1))
    return out


def fill_of(cell):
    f = cell.fill
    if not f or f.fill_type != "solid":
        return None
    c = f.fgColor
    if c.type == "rgb":
        return {"rgb": c.rgb[2:]}
    if c.type == "theme":
        return {"theme": c.theme, "tint": round(c.tint, 2)}
    return {"indexed": c.indexed}


def want_fill(f):
    if f and "theme" in f:
        return {"theme": f["theme"], "tint": round(f.get("tint", 0.0), 2)}
    return f


def check_grid(ws, g, writer, problems):
    g = as_hgrid(g)
    if ws.sheet_state != g.state:
        problems.append(f"{g.name}: state {ws.sheet_state}, declared {g.state}")
    got = {(c.row, c.column): norm(c.value) for row in ws.iter_rows() for c in row
           if c.value is not None}
    want = {k: norm(v) for k, v in g.cells.items()}
    for k in sorted(set(got) | set(want)):
        a, b = got.get(k), want.get(k)
        if isinstance(b, datetime.date) and isinstance(a, str):
            a = datetime.date(*map(int, re.split(r"[/-]", a)))
        if isinstance(b, datetime.date) and isinstance(a, int):  # a serial, no date style
            a = datetime.date(1899, 12, 30) + datetime.timedelta(days=a)
        if a != b:
            problems.append(f"{g.name}!{openpyxl.utils.get_column_letter(k[1])}{k[0]}: "
                            f"{a!r}, declared {b!r}")
    for (r, c), f in g.fills.items():
        have = fill_of(ws.cell(row=r, column=c))
        if writer in ("gnumeric", "libreoffice") and "theme" in f:
            ok = have is not None and "rgb" in have
        else:
            ok = have == want_fill(f)
        if not ok:
            problems.append(f"{g.name}: fill at row {r} col {c} is {have}, declared {f}")
    if writer not in ("gnumeric", "libreoffice"):
        extra = [(c.row, c.column) for row in ws.iter_rows() for c in row
                 if fill_of(c) and (c.row, c.column) not in g.fills]
        if extra:
            problems.append(f"{g.name}: {len(extra)} fills not declared, first {extra[0]}")
    hr = {r for r, d in ws.row_dimensions.items() if d.hidden}
    if hr != g.hidden_rows:
        problems.append(f"{g.name}: hidden rows {sorted(hr)[:5]}…, declared "
                        f"{sorted(g.hidden_rows)[:5]}…")
    ol = {r: d.outlineLevel for r, d in ws.row_dimensions.items() if d.outlineLevel}
    if ol != g.outline:
        problems.append(f"{g.name}: outline levels on {len(ol)} rows, declared {len(g.outline)}")
    hc = hidden_cols(ws)
    if hc != g.hidden_cols:
        problems.append(f"{g.name}: hidden columns {sorted(hc)}, declared {sorted(g.hidden_cols)}")
    merged = {(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges}
    if merged != set(g.merges):
        problems.append(f"{g.name}: {len(merged)} merged ranges, declared {len(g.merges)}")


def check_drops(data, drops, problems):
    z = zipfile.ZipFile(io.BytesIO(data))
    props = sorted((n for n in z.namelist() if n.startswith("xl/ctrlProps/")),
                   key=lambda n: int(re.search(r"(\d+)\.xml", n).group(1)))
    vml = [n for n in z.namelist() if n.endswith(".vml")]
    if props:
        if len(props) != len(drops):
            problems.append(f"{len(props)} ctrlProps parts, declared {len(drops)} drop-downs")
        for n, d in zip(props, drops):
            x = z.read(n).decode()
            if (f'objectType="{d["kind"]}"' not in x or f'sel="{d["sel"]}"' not in x
                    or (d["link"] and f'fmlaLink="{d["link"]}"' not in x)
                    or (not d["link"] and "fmlaLink" in x)):
                problems.append(f"{n}: {x[-160:]} is not {d}")
    if vml:
        text = z.read(vml[0]).decode()
        shapes = re.findall(r'<x:ClientData ObjectType="(\w+)">(.*?)</x:ClientData>', text, re.S)
        if len(shapes) != len(drops):
            problems.append(f"{len(shapes)} VML drop-downs, declared {len(drops)}")
        for (kind, body), d in zip(shapes, drops):
            anchor = [int(v) for v in re.search(r"<x:Anchor>([^<]*)<", body).group(1).split(",")]
            if (kind != d["kind"] or f"<x:Sel>{d['sel']}</x:Sel>" not in body
                    or anchor[0] != d["col"] - 1 or anchor[2] != d["row"] - 1):
                problems.append(f"VML shape {kind} {anchor} is not {d}")
    if not props and not vml:
        problems.append("no form controls")


def main(argv):
    folder = Path(argv[1]) if len(argv) > 1 else ms.REPO / "tests" / "fixtures"
    cat = ms.Catalog()
    jobs = []
    for name, (writer, make) in fh.declarations(cat).items():
        t, grids, _ = fh.with_active(make())
        jobs.append((name, writer, grids, None))
    for name, writer, grids, drops, _ in fh.dropdown_declarations(cat):
        jobs.append((name, writer, grids, drops))
    bad = 0
    for name, writer, grids, drops in jobs:
        path = next(iter(folder.glob(f"{name}.xls*")), None)
        if path is None:
            print(f"{name}: not there (its writer is missing)")
            continue
        problems = []
        data = path.read_bytes()
        wb = openpyxl.load_workbook(io.BytesIO(data))
        names = [ws.title for ws in wb.worksheets]
        if names != [g.name for g in grids]:
            problems.append(f"sheets {names}, declared {[g.name for g in grids]}")
        else:
            for ws, g in zip(wb.worksheets, grids):
                check_grid(ws, g, writer, problems)
        if drops is not None:
            check_drops(data, drops, problems)
        print(f"{path.name}: {'ok' if not problems else 'DIFFERS'}")
        for p in problems[:8]:
            print(f"    {p}")
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
