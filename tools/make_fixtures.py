#!/usr/bin/env python3
"""Reader fixtures: tests/fixtures/, workbooks written by several programs,
each with what isomm must make of it. docs/reader.md lists them (the table
"Fixtures"); tests/test_reader_fixtures.c checks every one.

  NAME.expected.json          the JSON isomm_portfolio_read gives
  NAME.expected-inspect.txt   lines `isomm inspect` prints for it
  NAME.expected-error.txt     for files isomm must refuse: the message after
                              "PATH: " (the start of it)

Writers: python3-openpyxl (openpyxl-*), LibreOffice headless re-saves
(lo-*), libxlsxwriter through ctypes (libxlsxwriter-*), this project's own
writer (isomm-portfolio.xlsx), and hand-written SpreadsheetML (ooxml-*) for
dialects no writer produces on request. err-* are files to refuse.
The habits of workbooks that have lived (issue 10; tools/fixture_habits.py)
add ExcelJS and SheetJS (exceljs-*, sheetjs-*: node with tools/node_modules
from `npm ci --prefix tools`, or $ISOMM_NODE_MODULES) and Gnumeric's ssconvert
(gnumeric-*: apt-get install gnumeric).

Every expected file is computed from the declaration the fixture was rendered
from (tools/fixture_oracle.py), never by running isomm. Modules: fixture_grid
(sheets as data; openpyxl, hand-written and libxlsxwriter writers),
fixture_sheets (self-check tables), fixture_ooxml and fixture_controls
(hand-written dialects, option buttons, files to refuse).

Usage: python3 tools/make_fixtures.py [OUTDIR]   (default: tests/fixtures)
Run from the repository root. Needs python3-openpyxl. lo-* need LibreOffice
(soffice), libxlsxwriter-* the libxlsxwriter shared library, and
isomm-portfolio.xlsx the isomm program ($ISOMM_BIN, else build*/isomm); each
is skipped without it, and so are exceljs-*, sheetjs-* and gnumeric-*
workbooks (their expected files are written all the same). LibreOffice's,
isomm's, ExcelJS's, SheetJS's and Gnumeric's output are not byte-for-byte
reproducible (time stamps), so the fixtures are committed.
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_samples as ms  # noqa: E402  (also finds Debian's openpyxl)
from fixture_habits import habits  # noqa: E402
from fixture_grid import (Formula, Grid, lxw_available, lxw_book,  # noqa: E402
                          openpyxl_book, ref, rezip)
from fixture_ooxml import errors, ooxml  # noqa: E402
from fixture_oracle import (PortfolioTruth, Truth, sample_inspect, write_error,
                            write_json)  # noqa: E402
from fixture_sheets import (L20, L21, answers, dot_id, dots, fullwidth,  # noqa: E402
                            own_id, plain_id, prep_sheet, render_numeric, render_table)

from openpyxl import Workbook  # noqa: E402
from openpyxl.utils.datetime import CALENDAR_MAC_1904  # noqa: E402

REPO = ms.REPO
FULLWIDTH = "０１２３４５"
# ---- openpyxl ---------------------------------------------------------------

def fx_offset(cat):
    """Item 1: the table on the third sheet at D7, a decoy role list on the
    first, No. | 領域 | 機能 | 役割 | (hidden) | アウトソース | インソース | 備考,
    merged function cells, hidden spacer rows; patterns right of prompts."""
    t = Truth(cat, "openpyxl-offset")
    cover = Grid("表紙")
    cover.set(1, 1, ms.TITLE)
    cover.set(3, 1, "組織名")
    cover.set(3, 2, "イータ精機株式会社")
    cover.set(4, 1, "評価日")
    cover.set(4, 2, datetime.date(2024, 5, 20))
    cover.set(6, 1, "役割一覧（抜粋）")
    for i, rid in enumerate(cat.role_ids[:6]):
        cover.set(7 + i, 1, rid)
    t.org, t.date, t.date_source = "イータ精機株式会社", "2024-05-20", "sheet"
    prep = prep_sheet("準備", cat, t, "minimum-outsource", "full-insource", where="right")
    g = Grid("回答シート")
    g.set(2, 4, "セルフチェック（回答）")
    g.set(3, 4, "各役割について該当するレベルに●を付けてください。")
    ov = {"A-2": ("i0", "対象外と判断"), "B-3": ("", "未回答"), "C-1": ("i2 o4", None),
          "D-5": ("o0", None), "G-10": ("i5", "  手順書あり  ")}
    render_table(g, t, {
        "top": 7, "left": 4, "levels": L21, "level_label": int,
        "cols": ["no", "region", "function", "role", "code", "out", "in", "note"],
        "id_text": dot_id, "mark": dots("●", "○"), "answers": answers(cat, t.name, ov),
        "merge_function": True, "spacer": "hidden", "merge_vertical": True})
    return t, [cover, prep, g], 2


ID_STYLES = [
    lambda rid, name: rid,
    lambda rid, name: f"{rid}. {name}",
    lambda rid, name: f"{rid} {name}",
    lambda rid, name: f"{fullwidth(rid)}\u3000{name}",
    lambda rid, name: f"{rid.replace('-', '－')} {name}",
    lambda rid, name: f"{rid.replace('-', '‐')} {name}",
    lambda rid, name: f"{rid.replace('-', '−')} {name}",
    lambda rid, name: f"{rid.replace('-', '–')} {name}",
    lambda rid, name: f"{rid.replace('-', 'ー')} {name}",
    lambda rid, name: f"{rid}   ",
    lambda rid, name: f"{rid[0].lower()}-{int(rid[2:]):02d} {name}",
    lambda rid, name: f"{rid}.{name}",
    lambda rid, name: f"{rid[0]} - {rid[2:]}　{name}",
]


def fx_ids(cat):
    """Item 2 and the table warnings: every way of writing a role ID (own
    dashes, full width, trailing spaces), a role missing, one repeated, two
    marks on one side; function heading rows; ◉ marks; patterns below the
    prompts; 組織名：… in one cell; a 令和 date."""
    t = Truth(cat, "openpyxl-ids")
    prep = prep_sheet("準備シート", cat, t, "minimum-insource", "hybrid", where="below")
    prep.set(20, 1, "組織名：イプシロン電機株式会社")
    prep.set(21, 1, "評価日")
    prep.set(22, 1, "令和6年3月29日")
    t.org, t.date, t.date_source = "イプシロン電機株式会社", "2024-03-29", "sheet"
    g = Grid("入力シート")
    g.set(1, 1, ms.TITLE)
    ov = {"E-3": ("i2 i4", "部門で回答が分かれた"), "G-5": ("o3 o5", None),
          "A-3": ("", None), "F-1": ("i0 o0", None)}
    render_table(g, t, {
        "top": 3, "left": 1, "levels": L21, "level_label": int,
        "cols": ["function", "role", "region", "in", "out", "note"],
        "id_text": lambda i, rid, name: (None, ID_STYLES[i % len(ID_STYLES)](rid, name)),
        "mark": dots("◉", "○"), "answers": answers(cat, t.name, ov),
        "function_rows": True, "omit": {"I-2"}, "repeat": [("C-2", 3)]})
    return t, [prep, g], 1


def fx_v20(cat):
    """A v2.0 sheet: levels 1–5 with full-width headers, an 評価 column
    reading 現状, ■ among □; the patterns as two bare names on a cover; no
    date on any sheet (the file's)."""
    t = Truth(cat, "openpyxl-v20")
    cover = Grid("表紙")
    cover.set(1, 1, "セキュリティ対応組織成熟度セルフチェック（第2.0版）")
    cover.set(3, 1, "現状")
    cover.set(3, 2, "ミニマムインソース")
    cover.set(4, 1, "目標")
    cover.set(4, 2, "ハイブリッド")
    cover.set(6, 1, "会社名")
    cover.set(7, 1, "ゼータ工業株式会社")
    t.current, t.target = "minimum-insource", "hybrid"
    t.org, t.date, t.date_source = "ゼータ工業株式会社", "2024-04-01", "file"
    g = Grid("セルフチェック")
    ov = {"B-2": ("", None), "D-1": ("i2 o3", "一部委託")}
    render_table(g, t, {
        "top": 4, "left": 2, "levels": L20, "level_label": lambda lv: FULLWIDTH[lv],
        "cols": ["function", "no", "role", "in", "out", "eval", "note"],
        "id_text": own_id, "mark": dots("■", "□"), "answers": answers(cat, t.name, ov, L20),
        "merge_function": True})
    return t, [cover, g], 1


MARKS = [("●", "○"), ("◉", None), ("⚫", None), ("⬤", "◯"), ("■", "□"), ("✓", None),
         ("✔", None), ("✔\ufe0f", None), ("☑", "☐"), ("x", None), ("X", None), (1, 0),
         ("1", None), (True, False), ("TRUE", "FALSE"), ("●", "〇")]


def marks_table(cat, t, g, top):
    ov = {"A-1": ("i0 o0", None), "C-3": ("", None)}
    render_table(g, t, {
        "top": top, "left": 1, "levels": L21, "level_label": str,
        "cols": ["function", "role", "region", "in", "out", "note"],
        "id_text": plain_id,
        "mark": lambda i, lv, sel: MARKS[i % len(MARKS)][0 if sel else 1],
        "answers": answers(cat, t.name, ov)})


def fx_marks(cat):
    """Item 3's mark families, one per row, among empty or hollow cells; level
    headers as text; prompts and labels (English) above the table."""
    t = Truth(cat, "openpyxl-marks")
    g = Grid("チェックシート")
    g.set(1, 1, "Organization")
    g.set(1, 2, "Kappa Systems K.K.")
    g.set(2, 1, "Date")
    g.set(2, 2, "2024-05-10")
    g.set(4, 1, ms.PROMPT_CURRENT)
    g.set(4, 3, "ハイブリッド")
    g.set(5, 1, ms.PROMPT_TARGET)
    g.set(5, 3, "フルインソース")
    t.current, t.target = "hybrid", "full-insource"
    t.org, t.date, t.date_source = "Kappa Systems K.K.", "2024-05-10", "sheet"
    marks_table(cat, t, g, 8)
    return t, [g], 0


def fx_warnings(cat):
    """Item 7 on a numeric sheet: levels outside 0–5, a role missing, one
    repeated, an unknown pattern name, a date label without a date."""
    t = Truth(cat, "openpyxl-warnings")
    prep = prep_sheet("準備シート", cat, t, "ハイブリット", "full-insource", where="below",
                      org="テータ運輸株式会社", date="未定")
    t.org, t.date, t.date_source = "テータ運輸株式会社", "2024-04-01", "file"
    g = Grid("評価")
    ov = {"A-5": ("i0", None), "C-2": ("", "未記入")}
    render_numeric(g, t, 2, 1, answers(cat, t.name, ov),
                   raw={"B-1": ("insource", 7), "C-3": ("outsource", "高い"),
                        "D-2": ("insource", "-1")},
                   omit={"H-3"}, repeat=[("A-4", 2)])
    typo = next(ref(r, c) for (r, c), v in prep.cells.items() if v == "ハイブリット")
    when = next(ref(r, c) for (r, c), v in prep.cells.items() if v == "未定")
    t.late_warnings = [f"準備シート!{typo}: unknown pattern name 'ハイブリット'",
                       f"準備シート!{when} (評価日): '未定' is not a date (expected a date "
                       "cell or text like 2024/03/29); took the file's modification date "
                       "instead"]
    return t, [prep, g], 1


def fx_formulas_source(cat):
    """LibreOffice's input for lo-formulas: level cells are formulas over a
    hidden level column (=IF($T9=3,"●","")), the pattern answers formulas
    over a list sheet; openpyxl stores no values, LibreOffice computes them."""
    t = Truth(cat, "lo-formulas")
    lists = Grid("リスト")
    for i, p in enumerate(cat.patterns, start=1):
        lists.set(i, 1, p["name"])
    prep = Grid("準備シート")
    prep.set(1, 1, ms.TITLE)
    prep.set(3, 1, "組織名")
    prep.set(3, 2, "イオタ化学株式会社")
    prep.set(4, 1, "評価日")
    prep.set(4, 2, "2024/07/01")
    prep.set(6, 1, ms.PROMPT_CURRENT)
    prep.set(7, 1, Formula("リスト!A2", "ハイブリッド"))
    prep.set(9, 1, ms.PROMPT_TARGET)
    prep.set(10, 1, Formula("リスト!A3", "ミニマムアウトソース"))
    t.current, t.target = "hybrid", "minimum-outsource"
    t.org, t.date, t.date_source = "イオタ化学株式会社", "2024-07-01", "sheet"
    g = Grid("入力シート")
    ov = {"B-4": ("", None), "E-1": ("i0", None)}
    cols = render_table(g, t, {
        "top": 3, "left": 1, "levels": L21, "level_label": int,
        "cols": ["function", "role", "region", "in", "out", "note"],
        "id_text": plain_id, "mark": dots("●", None), "answers": answers(cat, t.name, ov),
        "merge_function": True})
    helper = {"in": cols["note"] + 2, "out": cols["note"] + 3}
    for rid, (ins, outs, _, cell) in t.answers.items():
        row = int("".join(ch for ch in cell if ch.isdigit()))
        for side, levels in (("in", ins), ("out", outs)):
            h = helper[side]
            g.set(row, h, next(iter(levels)) if levels else -1)
            g.hidden_cols.add(h)
            hc = ref(row, h).rstrip("0123456789")
            for lv in L21:
                g.set(row, cols[side] + lv,
                      Formula(f'IF(${hc}{row}={lv},"●","")', "●" if lv in levels else ""))
    return t, [prep, g, lists], 1


def fx_no_table(cat):
    g = Grid("役割一覧")
    g.set(1, 1, "機能")
    g.set(1, 2, "役割")
    g.set(1, 3, "自社")
    g.set(1, 4, "委託")
    for i, r in enumerate(cat.roles, start=2):
        g.set(i, 2, f"{r['id']} {r['name']}")
    n, s = len(cat.roles), len(cat.services)
    msg = ("neither an ISOMM v2.1 self-check sheet nor an X.1060 service portfolio: "
           "no ISOMM v2.1 table found: looked on 1 sheet for a header with インソース and "
           "アウトソース above level columns 0–5 and rows with role IDs "
           f"{cat.role_ids[0]} … {cat.role_ids[-1]}; closest: sheet 役割一覧, {n} of {n} "
           "role IDs in column B but no インソース/アウトソース header; also no X.1060 "
           "service portfolio found: looked on 1 sheet for a header with サービス and "
           "現状 (As-Is) above rows with service IDs "
           f"{cat.services[0]['id']} … {cat.services[s - 1]['id']}; no sheet has a header "
           "with サービス and 現状 (As-Is)")
    return [g], msg


REC_TEXT = {"basic": "ベーシック (必須)", "standard": "スタンダード（標準）",
            "advanced": "アドバンスド", "optional": "オプション", "not-required": "不要"}
ALLOC_TEXT = {"insource": "インソース", "outsource": "アウトソース(MSSP)", "combined": "併用",
              "unassigned": "未割り当て"}


def fx_textbook(cat):
    """Item 6: the textbook appendix's service matrix (サービス | 推奨レベル |
    サービス割り当て | サービススコア 現状 / あるべき姿, headers merged over
    two rows, category heading rows, "A-1. name"), with bad values."""
    t = PortfolioTruth(cat, "openpyxl-textbook-portfolio", "サービスポートフォリオ")
    g = Grid(t.sheet)
    g.set(1, 2, "セキュリティ対応組織 サービスポートフォリオ")
    g.set(2, 2, "組織名")
    g.set(2, 3, "ラムダ保険株式会社")
    g.set(3, 2, "評価日")
    g.set(3, 3, "2024/06/14")
    g.set(4, 2, "現状のパターン")
    g.set(4, 3, "ハイブリッド")
    g.set(5, 2, "目標のパターン")
    g.set(5, 3, "ミニマムアウトソース")
    t.current, t.target = "hybrid", "minimum-outsource"
    t.org, t.date, t.date_source = "ラムダ保険株式会社", "2024-06-14", "sheet"
    for col, text in ((2, "サービス"), (3, "推奨レベル"), (4, "サービス割り当て")):
        g.set(7, col, text)
        g.merge(7, col, 8, col)
    g.set(7, 5, "サービススコア")
    g.merge(7, 5, 7, 6)
    g.set(8, 5, "現状 (As-Is)")
    g.set(8, 6, "あるべき姿 (To-Be)")
    recs, allocs = list(REC_TEXT), list(ALLOC_TEXT)
    row, cat_id = 9, None
    for i, s in enumerate(cat.services):
        sid = s["id"]
        if s["category"] != cat_id:
            cat_id = s["category"]
            name = next(c["name"] for c in cat.categories if c["id"] == cat_id)
            g.set(row, 2, f"{cat_id}. {name}")
            row += 1
        if sid == "I-7":  # no row: a warning
            t.warnings.append(f"{t.sheet}: service I-7 ({s['name']}) has no row in the "
                              "table; left empty")
            continue
        rec, alloc = recs[i % 5], allocs[i % 4]
        as_is = None if i % 9 == 4 else 1 + i % 5
        to_be = None if as_is is None else min(5, as_is + i % 2)
        g.set(row, 2, f"{sid}. {s['name']}")
        g.set(row, 3, REC_TEXT[rec])
        g.set(row, 4, ALLOC_TEXT[alloc])
        if as_is is not None:
            g.set(row, 5, as_is if i % 3 else FULLWIDTH[as_is])
            g.set(row, 6, to_be)
        else:
            g.set(row, 5, "—")
        if sid == "B-2":
            g.set(row, 3, "必要")
            t.warnings.insert(0, f"{t.sheet}!C{row} ({sid}): unknown 推奨レベル '必要'")
            rec = None
        if sid == "D-3":
            g.set(row, 5, 6)
            t.warnings.insert(1, f"{t.sheet}!E{row} ({sid}): 現状 (As-Is) is not a score "
                              "1–5 (left empty): '6'")
            as_is = None
        t.services[sid] = (rec, alloc, as_is, to_be)
        row += 1
    return t, [g]


def openpyxl_numeric(cat, outdir):
    """openpyxl-numeric.xlsx: the numeric layout, the 1904 date system, 会社名
    and 実施日 on a cover sheet (value below the label)."""
    t = Truth(cat, "openpyxl-numeric")
    ov = {"A-2": ("i0", None), "B-1": ("", "未評価（次回実施）"), "C-1": ("i2 o3", None),
          "D-1": ("o0", None), "E-2": ("i0 o4", None)}
    sample = {"name": t.name, "current": "full-insource", "range_in": (1, 5),
              "range_out": (1, 5), "overrides": ov}
    rows = ms.declare(cat, sample)
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    cover = wb.active
    cover.title = "表紙"
    cover["A1"] = ms.TITLE
    cover["A3"] = "会社名"
    cover["B3"] = "デルタ物流株式会社"
    cover["A4"] = "実施日"
    cover["A5"] = datetime.date(2024, 6, 28)
    cover["A5"].number_format = "yyyy/mm/dd"
    cover["A7"] = ms.PROMPT_CURRENT
    cover["B7"] = cat.pattern_by_key["full-insource"]["name"]
    cover["A8"] = ms.PROMPT_TARGET
    cover["B8"] = cat.pattern_by_key["hybrid"]["name"]
    ws = wb.create_sheet("評価シート")
    ws["A1"] = "各役割のレベル (0〜5) を数字で記入してください。"
    for col, text in enumerate(["機能", "役割", "インソース", "アウトソース", "備考"], start=1):
        ws.cell(row=3, column=col, value=text)
    for i, (rid, ins, out, note) in enumerate(rows):
        r = 4 + i
        ws.cell(row=r, column=2, value=f"{rid} {cat.role_by_id[rid]['name']}")
        t.role(rid, f"B{r}", ins, out, note)
        for col, marks in ((3, ins), (4, out)):
            if marks:
                (level,) = marks
                ws.cell(row=r, column=col, value=level if i % 2 == 0 else FULLWIDTH[level])
        if note:
            ws.cell(row=r, column=5, value=note)
    wb.active = 1
    t.sheet, t.layout = "評価シート", "numeric"
    t.current, t.target = "full-insource", "hybrid"
    t.org, t.date, t.date_source = "デルタ物流株式会社", "2024-06-28", "sheet"
    (outdir / f"{t.name}.xlsx").write_bytes(ms.reproducible_xlsx(wb, False))
    t.write(outdir)


def openpyxl_all(cat, outdir):
    for make in (fx_offset, fx_ids, fx_v20, fx_marks, fx_warnings):
        t, grids, active = make(cat)
        (outdir / t.file).write_bytes(openpyxl_book(grids, active))
        t.write(outdir)
    openpyxl_numeric(cat, outdir)
    t, grids = fx_textbook(cat)
    (outdir / t.file).write_bytes(openpyxl_book(grids))
    t.write(outdir)
    grids, msg = fx_no_table(cat)
    (outdir / "openpyxl-no-table.xlsx").write_bytes(openpyxl_book(grids))
    write_error(outdir, "openpyxl-no-table", msg)


# ---- LibreOffice ------------------------------------------------------------

def soffice_convert(src_dir, names, out_dir, profile):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir)]
                   + [str(src_dir / n) for n in names], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def libreoffice(cat, outdir):
    """lo-*: LibreOffice re-saves of the samples, of two openpyxl fixtures, and
    of a formula sheet whose values only LibreOffice computes."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        print("soffice not found: lo-* fixtures skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src, out = tmp / "src", tmp / "out"
        src.mkdir()
        out.mkdir()
        jobs = []  # (source file, fixture name, Truth or sample expected doc)
        for sample in ms.SAMPLES:
            name = sample["name"]
            shutil.copyfile(REPO / "samples" / f"{name}.xlsx", src / f"{name}.xlsx")
            doc = json.loads((REPO / "samples" / f"{name}.expected.json").read_text("utf-8"))
            jobs.append((f"{name}.xlsx", f"lo-{name}", (doc, sample)))
        for make in (fx_offset, fx_marks):
            t, grids, active = make(cat)
            base = t.name.replace("openpyxl-", "")
            (src / f"{base}.xlsx").write_bytes(openpyxl_book(grids, active))
            t.name, t.file = f"lo-{base}", f"lo-{base}.xlsx"
            jobs.append((f"{base}.xlsx", t.name, t))
        t, grids, active = fx_formulas_source(cat)
        (src / "formulas.xlsx").write_bytes(openpyxl_book(grids, active))
        jobs.append(("formulas.xlsx", t.name, t))
        soffice_convert(src, [j[0] for j in jobs], out, tmp / "profile")
        for srcname, name, truth in jobs:
            shutil.copyfile(out / srcname, outdir / f"{name}.xlsx")
            if isinstance(truth, tuple):
                doc, sample = truth
                doc["source"]["path"] = f"tests/fixtures/{name}.xlsx"
                write_json(outdir / f"{name}.expected.json", doc)
                (outdir / f"{name}.expected-inspect.txt").write_text(
                    "\n".join(sample_inspect(cat, doc, sample)) + "\n", encoding="utf-8")
            else:
                truth.write(outdir)
            print(f"wrote {outdir / name}.xlsx")


# ---- libxlsxwriter and this project's writer --------------------------------

def libxlsxwriter(cat, outdir):
    """libxlsxwriter-v21.xlsx: a plain v2.1 sheet as the C library writes it."""
    if not lxw_available():
        print("libxlsxwriter not found: libxlsxwriter-* fixtures skipped")
        return
    t = Truth(cat, "libxlsxwriter-v21")
    prep = prep_sheet("準備シート", cat, t, "hybrid", "minimum-outsource", where="below",
                      org="ミュー製薬株式会社", date=datetime.date(2024, 8, 9))
    t.org, t.date, t.date_source = "ミュー製薬株式会社", "2024-08-09", "sheet"
    g = Grid("入力シート")
    g.set(1, 1, ms.TITLE + "（入力シート）")
    ov = {"A-4": ("i0", "実施しない"), "H-2": ("", None), "D-7": ("i3 o4", None)}
    render_table(g, t, {
        "top": 4, "left": 1, "levels": L21, "level_label": int,
        "cols": ["function", "role", "region", "in", "out", "note"],
        "id_text": plain_id, "mark": dots("●", "○"), "answers": answers(cat, t.name, ov),
        "merge_function": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lxw.xlsx"
        lxw_book([prep, g], path)
        (outdir / t.file).write_bytes(rezip(path.read_bytes()))
    t.write(outdir)


def find_isomm():
    if os.environ.get("ISOMM_BIN"):
        return os.environ["ISOMM_BIN"]
    found = sorted(REPO.glob("build*/isomm"), key=lambda p: p.stat().st_mtime)
    return str(found[-1]) if found else None


def isomm_portfolio(cat, outdir):
    """isomm-portfolio.xlsx: this project's own output read back as input;
    expected by docs/reader.md's round-trip rule from the sample's JSON."""
    isomm = find_isomm()
    if not isomm:
        print("isomm not built: isomm-portfolio.xlsx skipped")
        return
    name, sample = "isomm-portfolio", ms.SAMPLES[1]
    dst = outdir / f"{name}.xlsx"
    subprocess.run([isomm, "convert", str(REPO / "samples" / f"{sample['name']}.xlsx"),
                    "-o", str(dst)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    doc = json.loads((REPO / "samples" / f"{sample['name']}.expected.json").read_text("utf-8"))
    t = PortfolioTruth(cat, name, "サービスポートフォリオ")
    t.current, t.target = doc["patterns"]["current"], doc["patterns"]["target"]
    t.org, t.date, t.date_source = sample["org"], sample["date"].isoformat(), "sheet"
    for s in doc["services"]:
        t.services[s["id"]] = (s["recommendation"], s["allocation"], s["as_is"], s["to_be"])
    t.write(outdir)
    print(f"wrote {dst}")


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    outdir = Path(argv[1]) if len(argv) == 2 else REPO / "tests" / "fixtures"
    outdir.mkdir(parents=True, exist_ok=True)
    cat = ms.Catalog()
    openpyxl_all(cat, outdir)
    ooxml(cat, outdir)
    errors(outdir)
    libxlsxwriter(cat, outdir)
    isomm_portfolio(cat, outdir)
    libreoffice(cat, outdir)
    habits(cat, outdir)
    print(f"wrote the fixtures in {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
