#!/usr/bin/python3
"""The peer of the benchmark (docs/bench.md): what a user would write
instead of isomm, in Python with openpyxl.

  /usr/bin/python3 bench/peer_openpyxl.py [--minimal] OUTDIR SHEET.xlsx...

For each v2.1 self-check sheet (the benchmark's generated layout): read it
with openpyxl, map the 54 roles onto the 64 X.1060 services by the
correspondence of templates/ (the lowest score of several sources), and
write a portfolio workbook with two charts, comparable to the two main
sheets of isomm's:

  - サービスポートフォリオ: one row per service with the columns of
    isomm's sheet (ID, サービス, カテゴリー, 領域, マネジメントプロセス,
    推奨レベル, サービス割り当て, 担当・委託先, 現状, あるべき姿, ギャップ,
    目標パターンでの担当, 改善の方向, 順位, 移行元, 移行元の役割, 移行メモ),
    the gap, direction and rank as formulas, a bordered and filled
    header, bordered cells, column widths, drop-downs for 推奨レベル and
    サービス割り当て, whole numbers 1–5 for the scores, a colour scale on
    現状 and a highlight for gaps of 2 or more, frozen panes, an autofilter,
    print titles and fit to one page wide;
  - カテゴリー別: the nine categories with AVERAGEIFS of 現状 and あるべき姿
    and COUNTIFS, formatted;
  - a bar chart of the services' 現状 and a radar chart of the categories.

`--minimal` writes the values, the formulas and the two charts only (no
formats, validations or conditional formats): the least a user could do.

One process for all the sheets, so Python's start and the import of
openpyxl are paid once; the time of each stage is measured per sheet with
time.perf_counter() and printed as one line of JSON:

  {"sheets": N, "read_ms": …, "map_ms": …, "write_ms": …, "save_ms": …,
   "total_ms": …}   (milliseconds per sheet, means)
"""
import json
import sys
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

REPO = Path(__file__).resolve().parent.parent


def tsv(name):
    rows = []
    for line in (REPO / "templates" / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:]]


CATEGORIES = tsv("categories")
SERVICES = tsv("services")
ROLE_NAMES = {r["id"]: r["name"] for r in tsv("roles")}
CATEGORY_NAMES = {c["id"]: c["name"] for c in CATEGORIES}
PROCESS = {"strategic": "戦略マネジメント", "operation": "運用", "response": "対応"}
SOURCES = {}
for row in tsv("correspondence"):
    SOURCES.setdefault(row["service"], []).append(row["role"])

THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
INPUT_FILL = PatternFill("solid", fgColor="FFFBEA")
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center")
WRAP = Alignment(wrap_text=True, vertical="top")
PF_HEAD = ["ID", "サービス", "カテゴリー", "領域", "マネジメントプロセス", "推奨レベル",
           "サービス割り当て", "担当・委託先", "現状 (As-Is)", "あるべき姿 (To-Be)", "ギャップ",
           "目標パターンでの担当", "改善の方向", "順位", "移行元", "移行元の役割", "移行メモ"]
WIDTHS = [6, 28, 24, 8, 14, 12, 14, 16, 10, 10, 8, 12, 16, 6, 14, 30, 40]


def read_sheet(path):
    """{role id: (side, level)} from the 入力シート of the generated layout:
    a header row with インソース and アウトソース over six level columns
    each, role IDs in column B, ● for a selection."""
    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb["入力シート"]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    head = next(i for i, r in enumerate(rows) if r and "インソース" in [str(v) for v in r])
    cols = [str(v) if v is not None else "" for v in rows[head]]
    cin, cout = cols.index("インソース"), cols.index("アウトソース")
    answers = {}
    for r in rows[head + 2:]:
        if not r or not r[1]:
            continue
        rid = str(r[1]).split()[0]
        best = None
        for side, c in (("insource", cin), ("outsource", cout)):
            for level in range(6):
                if r[c + level] == "●" and (best is None or level > best[1]):
                    best = (side, level)
        answers[rid] = best
    return answers


def map_services(answers):
    out = []
    for s in SERVICES:
        src = SOURCES.get(s["id"], [])
        levels = [answers[r] for r in src if answers.get(r)]
        scored = [a for a in levels if a[1] >= 1]
        as_is = min(a[1] for a in scored) if scored else None
        sides = {a[0] for a in scored}
        alloc = "併用" if len(sides) > 1 else {"insource": "インソース",
                                              "outsource": "アウトソース"}.get(
                                                  next(iter(sides), ""), "未割り当て")
        memo = (f"v2.1 {', '.join(src)} から移行" if src else "X.1060で新設")
        out.append({"id": s["id"], "name": s["name"], "category": s["category"],
                    "region": s["region"], "process": PROCESS[s["process"]],
                    "alloc": alloc, "as_is": as_is, "sources": ", ".join(src),
                    "source_names": "、".join(ROLE_NAMES[r] for r in src), "memo": memo})
    return out


def portfolio_sheet(ws, services, styled):
    ws.append(PF_HEAD)
    for i, s in enumerate(services, start=2):
        ws.append([s["id"], s["name"], f"{s['category']}. {CATEGORY_NAMES[s['category']]}",
                   s["region"], s["process"], None, s["alloc"], None, s["as_is"], None,
                   f'=IF(AND(ISNUMBER(I{i}),ISNUMBER(J{i})),J{i}-I{i},"")',
                   "自組織" if s["region"] in ("I", "II", "all") else "外部",
                   f'=IF(NOT(ISNUMBER(I{i})),"",IF(L{i}="自組織",IF(G{i}="アウトソース",'
                   f'"インソースへの切り替えを検討","インソース強化"),IF(G{i}="インソース",'
                   f'"アウトソースへの切り替えを検討","アウトソース強化")))',
                   f'=IF(M{i}="","",COUNTIFS($M$2:$M$65,M{i},$I$2:$I$65,"<"&I{i})+1)',
                   s["sources"], s["source_names"], s["memo"]])
    last = len(services) + 1
    if not styled:
        return last
    for c, w in zip("ABCDEFGHIJKLMNOPQ", WIDTHS):
        ws.column_dimensions[c].width = w
    for cell in ws[1]:
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BORDER, CENTER
    for row in ws.iter_rows(min_row=2, max_row=last):
        for k, cell in enumerate(row):
            cell.border = BORDER
            if k in (0, 3, 5, 6, 8, 9, 10, 11, 13):
                cell.alignment = CENTER
            elif k in (15, 16):
                cell.alignment = WRAP
            if k in (5, 6, 7, 8, 9):
                cell.fill = INPUT_FILL
    rec = DataValidation(type="list", formula1='"不要,ベーシック,スタンダード,アドバンスド,オプション"')
    alloc = DataValidation(type="list", formula1='"インソース,アウトソース,併用,未割り当て"')
    score = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
    for dv, ref in ((rec, f"F2:F{last}"), (alloc, f"G2:G{last}"), (score, f"I2:J{last}")):
        dv.add(ref)
        ws.add_data_validation(dv)
    ws.conditional_formatting.add(f"I2:J{last}", ColorScaleRule(
        start_type="num", start_value=1, start_color="F8696B", mid_type="num", mid_value=3,
        mid_color="FFEB84", end_type="num", end_value=5, end_color="63BE7B"))
    ws.conditional_formatting.add(f"K2:K{last}", CellIsRule(
        operator="greaterThanOrEqual", formula=["2"], font=Font(bold=True, color="C00000")))
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:Q{last}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return last


def categories_sheet(cs, last, styled):
    cs.append(["ID", "カテゴリー", "現状 (As-Is)", "あるべき姿 (To-Be)", "評価済み", "サービス数"])
    pf = "サービスポートフォリオ"
    for i, c in enumerate(CATEGORIES, start=2):
        crit = f'"{c["id"]}. {c["name"]}"'
        cs.append([c["id"], c["name"],
                   f'=IFERROR(AVERAGEIFS({pf}!$I$2:$I${last},{pf}!$C$2:$C${last},{crit}),"")',
                   f'=IFERROR(AVERAGEIFS({pf}!$J$2:$J${last},{pf}!$C$2:$C${last},{crit}),"")',
                   f'=COUNTIFS({pf}!$C$2:$C${last},{crit},{pf}!$I$2:$I${last},">0")',
                   f'=COUNTIFS({pf}!$C$2:$C${last},{crit})'])
    if styled:
        for c, w in zip("ABCDEF", [6, 30, 12, 12, 10, 10]):
            cs.column_dimensions[c].width = w
        for cell in cs[1]:
            cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BORDER, CENTER
        for row in cs.iter_rows(min_row=2, max_row=len(CATEGORIES) + 1):
            for k, cell in enumerate(row):
                cell.border = BORDER
                if k in (2, 3):
                    cell.number_format = "0.00"


def write_workbook(services, styled=True):
    wb = Workbook()
    ws = wb.active
    ws.title = "サービスポートフォリオ"
    last = portfolio_sheet(ws, services, styled)
    cs = wb.create_sheet("カテゴリー別")
    categories_sheet(cs, last, styled)
    bar = BarChart()
    bar.type = "bar"
    bar.title = "サービス別 現状 (As-Is)"
    bar.add_data(Reference(ws, min_col=9, min_row=1, max_row=last), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    ws.add_chart(bar, "S2")
    radar = RadarChart()
    radar.title = "カテゴリー別 現状"
    radar.add_data(Reference(cs, min_col=3, max_col=4, min_row=1, max_row=len(CATEGORIES) + 1),
                   titles_from_data=True)
    radar.set_categories(Reference(cs, min_col=2, min_row=2, max_row=len(CATEGORIES) + 1))
    cs.add_chart(radar, "H2")
    return wb


def main(argv):
    styled = True
    if len(argv) > 1 and argv[1] == "--minimal":
        styled = False
        argv = argv[:1] + argv[2:]
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    t = {"read": 0.0, "map": 0.0, "write": 0.0, "save": 0.0}
    for path in argv[2:]:
        t0 = time.perf_counter()
        answers = read_sheet(path)
        t1 = time.perf_counter()
        services = map_services(answers)
        t2 = time.perf_counter()
        wb = write_workbook(services, styled)
        t3 = time.perf_counter()
        wb.save(out / (Path(path).stem + "-peer.xlsx"))
        t4 = time.perf_counter()
        for k, a, b in (("read", t0, t1), ("map", t1, t2), ("write", t2, t3), ("save", t3, t4)):
            t[k] += b - a
    n = len(argv) - 2
    res = {"peer": "comparable" if styled else "minimal", "sheets": n}
    res.update({f"{k}_ms": round(1000 * v / n, 3) for k, v in t.items()})
    res["total_ms"] = round(sum(res[f"{k}_ms"] for k in t), 3)
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
