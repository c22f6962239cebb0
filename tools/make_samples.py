#!/usr/bin/env python3
"""Generate sample ISOMM v2.1 self-check workbooks and their expected migrations.

Usage:  python3 tools/make_samples.py [OUTDIR]      (default: <repo>/samples)

For every sample organization this writes

  OUTDIR/NAME.xlsx           a filled-in ISOMM v2.1 workbook (準備シート, 入力シート, ...)
  OUTDIR/NAME.expected.json  the X.1060 portfolio the isomm tool must produce from it

The catalog (functions, roles, services, correspondence, categories, patterns) is
read from templates/*.tsv; nothing of it is spelled out here.  Each sample is
declared as data (which ● marks each role gets, notes, layout options); the
workbook is rendered from that declaration and the expected JSON is computed
from the same declaration by an independent Python implementation of the
migration policy (see docs/samples.md), so it can serve as the test oracle.

Output is byte-for-byte reproducible: document properties are fixed and the
zip container is rewritten with fixed timestamps.

Needs openpyxl (Debian: apt-get install python3-openpyxl).
"""

import datetime
import hashlib
import io
import json
import re
import sys
import zipfile
from pathlib import Path

try:
    import openpyxl
except ImportError:  # e.g. a pyenv python in front of the Debian one
    sys.path.append("/usr/lib/python3/dist-packages")
    import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.datavalidation import DataValidation

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"

FIXED_TIME = datetime.datetime(2024, 4, 1, 9, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

SELECTED = "●"
UNSELECTED = "○"
LEVELS = range(6)

PREP_SHEET = "準備シート"
INPUT_SHEET = "入力シート"
RESULT_SHEET = "結果シート"
TITLE = "セキュリティ対応組織成熟度セルフチェックシート"
PROMPT_CURRENT = "現在のセキュリティ対応組織のパターンを選択してください。"
PROMPT_TARGET = "中長期的に目指すモデルとなるセキュリティ対応組織のパターンを選択してください。"
INTRO = ("本チェックシートを活用することによって、セキュリティ対応組織（SOC/CSIRT）での"
         "現状における組織の「強み」と「弱み」、将来的に達成したい組織モデル実現に必要な"
         "ポイントを明確にすることができます。今後の組織強化方針の策定にお役立てください。")
INPUT_HELP = ("各役割について、インソース／アウトソースのいずれかで該当するスコアを"
              "1つ選択してください（0: 検討の結果、実施しないと判断した）。")


# --------------------------------------------------------------------------
# catalog

def read_tsv(name):
    """Rows of templates/NAME as dicts; '#' lines are comments, first row is the header."""
    rows, header = [], None
    with open(TEMPLATES / name, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
            else:
                rows.append(dict(zip(header, fields)))
    return rows


class Catalog:
    def __init__(self):
        self.functions = read_tsv("functions.tsv")
        self.roles = read_tsv("roles.tsv")
        self.services = read_tsv("services.tsv")
        self.categories = read_tsv("categories.tsv")
        self.patterns = read_tsv("patterns.tsv")
        corr = read_tsv("correspondence.tsv")
        self.role_ids = [r["id"] for r in self.roles]
        self.role_by_id = {r["id"]: r for r in self.roles}
        self.function_name = {f["id"]: f["name"] for f in self.functions}
        self.service_region = {s["id"]: s["region"] for s in self.services}
        self.pattern_by_key = {p["key"]: p for p in self.patterns}
        # service -> [role, ...] in file order; role -> [service, ...]
        self.sources = {}
        self.targets = {}
        for row in corr:
            self.sources.setdefault(row["service"], []).append(row["role"])
            self.targets.setdefault(row["role"], []).append(row["service"])
        for roles in self.sources.values():
            for r in roles:
                if r not in self.role_by_id:
                    raise SystemExit(f"correspondence.tsv: unknown role {r}")

    def role_region(self, role_id):
        """Region of a v2.1 role = region of the first X.1060 service it feeds."""
        return self.service_region[self.targets[role_id][0]]

    def roles_by_function(self):
        groups = []
        for r in self.roles:
            if groups and groups[-1][0] == r["function"]:
                groups[-1][1].append(r)
            else:
                groups.append((r["function"], [r]))
        return groups


# --------------------------------------------------------------------------
# sample declarations

def parse_marks(spec):
    """'i3 o4' -> ({3}, {4}); '' -> (set(), set())."""
    ins, out = set(), set()
    for tok in spec.split():
        side, level = tok[0], int(tok[1:])
        if level not in LEVELS:
            raise ValueError(spec)
        (ins if side == "i" else out).add(level)
    return ins, out


def default_spec(cat, sample, role_id):
    """Ordinary answer for a role not listed in the sample's overrides.

    Roles whose region is covered by the organization's current pattern are done
    in-house, the others are outsourced; the level is a stable hash of
    (sample, role) spread over the sample's maturity range.
    """
    region = cat.role_region(role_id)
    covered = cat.pattern_by_key[sample["current"]]["regions"].split(",")
    inhouse = region == "all" or region in covered
    lo, hi = sample["range_in"] if inhouse else sample["range_out"]
    h = hashlib.sha256(f"{sample['name']}:{role_id}".encode()).digest()[0]
    return f"{'i' if inhouse else 'o'}{lo + h % (hi - lo + 1)}"


SAMPLES = [
    {
        "name": "alpha-manufacturing",
        "org": "株式会社アルファ製作所",
        "date": datetime.date(2024, 3, 15),
        "current": "hybrid",
        "target": "minimum-outsource",
        "range_in": (2, 4),
        "range_out": (2, 4),
        # role -> (marks, note); '' marks = blank row
        "overrides": {
            "A-1": ("i3", "情報セキュリティ委員会で年次承認"),
            "A-6": ("i3", None),
            "I-4": ("o2", "人材確保は人材紹介会社に委託"),
            "B-1": ("o4", "MSSP（24時間監視）に委託"),
            "B-2": ("", "未評価（委託範囲を確認中）"),
            "H-1": ("i0", "内部統制監査データは監査部門が直接収集するため対象外"),
            "C-1": ("o3", None),
            "C-2": ("o0", "デジタルフォレンジックは委託しない判断"),
            "D-3": ("i3 o4", "一次分析は自社、詳細分析はベンダー"),
            "E-3": ("i2 i4", "部門ごとに回答が分かれた"),
            "E-5": ("o0", "ペネトレーションテストは実施しない方針"),
            "G-9": ("", None),
            "I-6": ("i3", "  業界ISACに加盟  "),
        },
        "layout": {
            "first_col": 1,           # table starts in column A
            "header_row": 5,
            "id_column": False,       # "A-1 全体方針管理" in one cell
            "vertical_header_merge": True,
            "level_labels": "int",
            "unselected": UNSELECTED,
            "function_label": "{id} {name}",
            "region_label": {"I": "領域I", "II": "領域II", "III": "領域III",
                             "IV": "領域IV", "all": "全領域"},
            "title_rows": [TITLE + "（入力シート）", INPUT_HELP],
        },
        "prep": {
            "title": "A1", "intro": "A3",
            "org_label": "A5", "date_label": "A6",
            "current_prompt": "A8", "target_prompt": "A11",
            "date_as_text": False,
        },
        "result_sheet": True,
        "shared_strings": True,   # text stored as Excel does (xl/sharedStrings.xml)
    },
    {
        "name": "beta-finance",
        "org": "ベータ銀行",
        "date": datetime.date(2024, 3, 29),
        "current": "minimum-outsource",
        "target": "full-insource",
        "range_in": (3, 5),
        "range_out": (3, 5),
        "overrides": {
            "A-6": ("i5", None),
            "I-4": ("i0", "採用は人事部の所管のため対象外"),
            "B-1": ("i4", None),
            "B-2": ("o5", "高度分析は外部SOCの専任アナリスト"),
            "H-1": ("i3", None),
            "C-1": ("o0", "ネットワークフォレンジックは実施しない"),
            "C-2": ("i0 o0", "デジタルフォレンジックは自社でも委託でも実施しない"),
            "D-4": ("o4", None),
            "D-5": ("", "オンサイト対処の契約を見直し中のため未回答"),
            "D-6": ("i5", None),
            "D-7": ("i4 o0", "外部連携は自社で実施（委託はしない）"),
            "F-2": ("i0 i4", "0 を選択後に 4 を追加選択"),
            "G-5": ("o3 o5", "ベンダー2社で評価が異なる"),
            "G-7": ("i1 i3 o2 o4", "自社・委託とも複数回答"),
            "H-2": ("", None),
            "H-3": ("", None),
        },
        "layout": {
            "first_col": 1,
            "header_row": 3,
            "id_column": True,        # "No." column with the ID, then the name
            "vertical_header_merge": False,
            "level_labels": "text",
            "unselected": None,       # unselected level cells left empty
            "function_label": "{id}. {name}",
            "region_label": {"I": "I", "II": "II", "III": "III", "IV": "IV", "all": "I-IV"},
            "title_rows": [TITLE + "　入力シート"],
        },
        "prep": {
            "title": "B2", "intro": None,
            "org_label": "B4", "date_label": "B5",
            "current_prompt": "B7", "target_prompt": "B10",
            "date_as_text": True,
        },
        "result_sheet": False,
        "shared_strings": True,
    },
    {
        "name": "gamma-retail",
        "org": "ガンマ商事",
        "date": datetime.date(2024, 2, 20),
        "current": "minimum-insource",
        "target": "hybrid",
        "range_in": (1, 3),
        "range_out": (1, 3),
        "overrides": {
            "A-6": ("i2", None),
            "I-4": ("", None),
            "B-1": ("o3", None),
            "B-2": ("o0", "高度分析は委託しない判断"),
            "H-1": ("", None),
            "C-1": ("", "フォレンジックは未検討"),
            "C-2": ("", None),
            "D-4": ("o2", None),
            "D-5": ("o1", "保守ベンダーのオンサイト対応（結果未確認）"),
            "D-6": ("i2", None),
            "D-7": ("i0", "外部連携は親会社が実施"),
            "E-7": ("i0 o0", "訓練は自社でも委託でも実施しない"),
            "F-3": ("o1 o2 o3", "担当者ごとに\n評価が異なる"),
            "I-3": ("i1 o3", "社内相談窓口とコンサル契約の併用"),
        },
        # alternative printings of role names (the tool must go by ID)
        "role_names": {"B-5": "分析内容問合せ受付", "C-4": "サイバーキルチェーン分析"},
        "layout": {
            "first_col": 2,           # table starts in column B
            "header_row": 4,
            "id_column": False,
            "vertical_header_merge": False,
            "level_labels": "int",
            "unselected": UNSELECTED,
            "function_label": "{id} {name}",
            "region_label": {"I": "領域Ⅰ", "II": "領域Ⅱ", "III": "領域Ⅲ",
                             "IV": "領域Ⅳ", "all": "全領域"},
            "title_rows": [None, TITLE],
        },
        "prep": {
            "title": "B2", "intro": "B3",
            "org_label": "B5", "date_label": "E5",
            "current_prompt": "B7", "target_prompt": "B10",
            "date_as_text": False,
        },
        "result_sheet": False,
        "shared_strings": False,  # keep openpyxl's inline strings (t="inlineStr")
    },
]


def declare(cat, sample):
    """Per-role answers of a sample: [(role_id, ins_levels, out_levels, note), ...]."""
    overrides = sample["overrides"]
    for rid in overrides:
        if rid not in cat.role_by_id:
            raise SystemExit(f"{sample['name']}: unknown role {rid}")
    rows = []
    for rid in cat.role_ids:
        spec, note = overrides.get(rid, (default_spec(cat, sample, rid), None))
        ins, out = parse_marks(spec)
        rows.append((rid, ins, out, note))
    return rows


# --------------------------------------------------------------------------
# workbook layout

def columns(layout):
    """Column numbers of the 入力シート table."""
    c = layout["first_col"]
    cols = {"function": c}
    c += 1
    if layout["id_column"]:
        cols["id"] = c
        cols["name"] = c + 1
        c += 2
    else:
        cols["id"] = cols["name"] = c
        c += 1
    cols["region"] = c
    cols["insource"] = c + 1          # level 0; levels 1..5 follow
    cols["outsource"] = c + 7
    cols["note"] = c + 13
    return cols


def role_row(layout, index):
    return layout["header_row"] + 2 + index


THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="1F4E78")
IN_FILL = PatternFill("solid", fgColor="DDEBF7")
OUT_FILL = PatternFill("solid", fgColor="FCE4D6")
HEAD_FONT = Font(bold=True, color="FFFFFF")
CENTER = Alignment(horizontal="center", vertical="center")
WRAP = Alignment(vertical="center", wrap_text=True)


def pattern_validation(cat):
    names = ",".join(p["name"] for p in cat.patterns)
    return DataValidation(type="list", formula1=f'"{names}"', allow_blank=True)


def write_prep(wb, cat, sample):
    ws = wb.active
    ws.title = PREP_SHEET
    p = sample["prep"]
    ws[p["title"]] = TITLE
    ws[p["title"]].font = Font(bold=True, size=16)
    if p["intro"]:
        ws[p["intro"]] = INTRO
    right = lambda ref, n=1: ws[ref].offset(column=n)
    below = lambda ref, n=1: ws[ref].offset(row=n)
    ws[p["org_label"]] = "組織名"
    right(p["org_label"]).value = sample["org"]
    ws[p["date_label"]] = "評価日"
    d = right(p["date_label"])
    if p["date_as_text"]:
        d.value = sample["date"].strftime("%Y/%m/%d")
    else:
        d.value = sample["date"]
        d.number_format = "yyyy/mm/dd"
    dv = pattern_validation(cat)
    ws.add_data_validation(dv)
    for key, prompt in (("current", PROMPT_CURRENT), ("target", PROMPT_TARGET)):
        ws[p[key + "_prompt"]] = prompt
        ws[p[key + "_prompt"]].font = Font(bold=True)
        ans = below(p[key + "_prompt"])
        ans.value = cat.pattern_by_key[sample[key]]["name"]
        ans.border = BOX
        ans.fill = PatternFill("solid", fgColor="FFF2CC")
        dv.add(ans.coordinate)
    note = below(p["target_prompt"], 3)
    note.value = "※ 詳細は教科書 第6章をご参照ください。"
    ws.column_dimensions[get_column_letter(ws[p["title"]].column)].width = 14
    ws.column_dimensions[get_column_letter(ws[p["title"]].column + 1)].width = 28
    return ws


def level_label(layout, level):
    return str(level) if layout["level_labels"] == "text" else level


def write_input(wb, cat, sample, rows):
    layout = sample["layout"]
    ws = wb.create_sheet(INPUT_SHEET)
    cols = columns(layout)
    h = layout["header_row"]
    first, last = cols["function"], cols["note"]

    for i, text in enumerate(layout["title_rows"]):
        if text is None:
            continue
        c = ws.cell(row=1 + i, column=first, value=text)
        if i == 0 or text == TITLE:
            c.font = Font(bold=True, size=14)

    heads = [("function", "機能")]
    if layout["id_column"]:
        heads += [("id", "No."), ("name", "役割")]
    else:
        heads += [("name", "役割")]
    heads += [("region", "領域"), ("note", "備考")]
    for key, text in heads:
        c = ws.cell(row=h, column=cols[key], value=text)
        if layout["vertical_header_merge"]:
            ws.merge_cells(start_row=h, end_row=h + 1,
                           start_column=cols[key], end_column=cols[key])
    for side, text in (("insource", "インソース"), ("outsource", "アウトソース")):
        ws.cell(row=h, column=cols[side], value=text)
        ws.merge_cells(start_row=h, end_row=h, start_column=cols[side],
                       end_column=cols[side] + 5)
        for lv in LEVELS:
            ws.cell(row=h + 1, column=cols[side] + lv, value=level_label(layout, lv))
    for r in (h, h + 1):
        for c in range(first, last + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = HEAD_FONT
            cell.fill = HEAD_FILL
            cell.alignment = CENTER
            cell.border = BOX

    names = dict(sample.get("role_names", {}))
    index = {rid: i for i, rid in enumerate(cat.role_ids)}
    for fid, roles in cat.roles_by_function():
        r0 = role_row(layout, index[roles[0]["id"]])
        r1 = role_row(layout, index[roles[-1]["id"]])
        c = ws.cell(row=r0, column=cols["function"],
                    value=layout["function_label"].format(id=fid, name=cat.function_name[fid]))
        c.alignment = WRAP
        ws.merge_cells(start_row=r0, end_row=r1,
                       start_column=cols["function"], end_column=cols["function"])

    for i, (rid, ins, out, note) in enumerate(rows):
        r = role_row(layout, i)
        name = names.get(rid, cat.role_by_id[rid]["name"])
        if layout["id_column"]:
            ws.cell(row=r, column=cols["id"], value=rid).alignment = CENTER
            ws.cell(row=r, column=cols["name"], value=name)
        else:
            ws.cell(row=r, column=cols["name"], value=f"{rid} {name}")
        region = cat.role_region(rid)
        ws.cell(row=r, column=cols["region"], value=layout["region_label"][region])
        for side, marks, fill in (("insource", ins, IN_FILL), ("outsource", out, OUT_FILL)):
            for lv in LEVELS:
                c = ws.cell(row=r, column=cols[side] + lv)
                c.value = SELECTED if lv in marks else layout["unselected"]
                c.alignment = CENTER
                c.fill = fill
        if note is not None:
            ws.cell(row=r, column=cols["note"], value=note).alignment = WRAP
        for c in range(first, last + 1):
            ws.cell(row=r, column=c).border = BOX

    ws.column_dimensions[get_column_letter(cols["function"])].width = 24
    ws.column_dimensions[get_column_letter(cols["name"])].width = 36
    if layout["id_column"]:
        ws.column_dimensions[get_column_letter(cols["id"])].width = 6
    ws.column_dimensions[get_column_letter(cols["region"])].width = 9
    for side in ("insource", "outsource"):
        for lv in LEVELS:
            ws.column_dimensions[get_column_letter(cols[side] + lv)].width = 4
    ws.column_dimensions[get_column_letter(cols["note"])].width = 40
    ws.freeze_panes = ws.cell(row=h + 2, column=cols["region"])
    return ws


def cell_below(ref):
    col, row = coordinate_from_string(ref)
    return f"{col}{row + 1}"


def write_result(wb, cat, sample):
    """A small 結果シート with formulas (no cached values), like the real workbook has."""
    ws = wb.create_sheet(RESULT_SHEET)
    layout, prep = sample["layout"], sample["prep"]
    cols = columns(layout)
    q = "'" + INPUT_SHEET + "'!"
    ws["A1"] = "あなたのセキュリティ対応組織における“機能別”成熟度"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "現在のパターン"
    ws["B2"] = "='" + PREP_SHEET + "'!" + cell_below(prep["current_prompt"])
    ws["A3"] = "目指すパターン"
    ws["B3"] = "='" + PREP_SHEET + "'!" + cell_below(prep["target_prompt"])
    ws["A5"] = "機能"
    ws["B5"] = "回答数"
    ws["C5"] = "役割数"
    index = {rid: i for i, rid in enumerate(cat.role_ids)}
    for n, (fid, roles) in enumerate(cat.roles_by_function()):
        r0 = role_row(layout, index[roles[0]["id"]])
        r1 = role_row(layout, index[roles[-1]["id"]])
        rng = (f"{get_column_letter(cols['insource'])}{r0}:"
               f"{get_column_letter(cols['outsource'] + 5)}{r1}")
        ws.cell(row=6 + n, column=1, value=f"{fid}. {cat.function_name[fid]}")
        ws.cell(row=6 + n, column=2, value=f'=COUNTIF({q}{rng},"{SELECTED}")')
        ws.cell(row=6 + n, column=3, value=len(roles))
    ws.column_dimensions["A"].width = 40
    return ws


def build_workbook(cat, sample, rows):
    wb = openpyxl.Workbook()
    props = wb.properties
    props.creator = "isomm tools/make_samples.py"
    props.lastModifiedBy = "isomm tools/make_samples.py"
    props.title = f"{TITLE}（{sample['org']}）"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    write_prep(wb, cat, sample)
    write_input(wb, cat, sample, rows)
    if sample.get("result_sheet"):
        write_result(wb, cat, sample)
    wb.active = 1  # open on 入力シート
    return wb


CORE_TIME = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")


INLINE_RE = re.compile(
    rb'<c( [^>]*?) t="inlineStr"><is>(<t(?: xml:space="preserve")?>[^<]*</t>)</is></c>')
CHARREF_RE = re.compile(rb"&#(\d+);")
SHEET_RE = re.compile(r"xl/worksheets/sheet\d+\.xml")
SST = "xl/sharedStrings.xml"


def _utf8_refs(m):
    n = int(m.group(1))
    return chr(n).encode() if n >= 0x80 else m.group(0)


def to_shared_strings(parts):
    """Rewrite openpyxl's inline strings as a shared-string table, the way Excel stores
    text: <c t="s"><v>index</v></c> + xl/sharedStrings.xml (UTF-8, no character
    references).  Worksheet relationship targets become relative, as Excel writes them.
    parts: list of [name, bytes] in archive order, modified in place."""
    table, index, count = [], {}, 0

    def share(m):
        nonlocal count
        t = CHARREF_RE.sub(_utf8_refs, m.group(2))
        if t not in index:
            index[t] = len(table)
            table.append(t)
        count += 1
        return b'<c' + m.group(1) + b' t="s"><v>' + str(index[t]).encode() + b'</v></c>'

    last_sheet = 0
    for i, part in enumerate(parts):
        if SHEET_RE.fullmatch(part[0]):
            part[1] = INLINE_RE.sub(share, part[1])
            if b'inlineStr' in part[1]:
                raise SystemExit(f"{part[0]}: unconverted inline string")
            last_sheet = i
    ns = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sst = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="' + ns
           + b'" count="' + str(count).encode() + b'" uniqueCount="'
           + str(len(table)).encode() + b'">'
           + b"".join(b"<si>" + t + b"</si>" for t in table) + b"</sst>")
    parts.insert(last_sheet + 1, [SST, sst])
    for part in parts:
        if part[0] == "[Content_Types].xml":
            part[1] = part[1].replace(b"</Types>", (
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
        elif part[0] == "xl/_rels/workbook.xml.rels":
            ids = [int(x) for x in re.findall(rb'Id="rId(\d+)"', part[1])]
            part[1] = part[1].replace(b'Target="/xl/', b'Target="').replace(
                b"</Relationships>",
                b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId'
                + str(max(ids) + 1).encode() + b'"/></Relationships>')


def reproducible_xlsx(wb, shared_strings):
    """Bytes of the workbook with fixed zip timestamps and document times."""
    raw = io.BytesIO()
    wb.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src:
        names = [info.filename for info in src.infolist()]
        parts = [[name, src.read(name)] for name in names]
    if SST in names:
        shared_strings = False  # this openpyxl already writes a shared-string table
    if shared_strings:
        to_shared_strings(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts:
            if name == "docProps/core.xml":
                # whatever openpyxl version wrote, pin created/modified
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                              lambda m: m.group(1) + CORE_TIME.encode() + m.group(3), data)
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, data)
    return out.getvalue()


# --------------------------------------------------------------------------
# oracle: the migration policy, applied to the declared answers

def role_result(rid, ins, out):
    """(state, side, level) of one role from its ● levels on each side."""
    if not ins and not out:
        return "blank", None, None
    pos_in = {lv for lv in ins if lv >= 1}
    pos_out = {lv for lv in out if lv >= 1}
    if not pos_in and not pos_out:
        sides = [s for s, m in (("insource", ins), ("outsource", out)) if m]
        return "declined", sides[0] if len(sides) == 1 else "combined", 0
    sides = [s for s, m in (("insource", pos_in), ("outsource", pos_out)) if m]
    side = sides[0] if len(sides) == 1 else "combined"
    return "scored", side, max(pos_in | pos_out)


def expected_doc(cat, sample, rows):
    layout = sample["layout"]
    cols = columns(layout)
    roles_out, warnings, by_id = [], [], {}
    for i, (rid, ins, out, note) in enumerate(rows):
        state, side, level = role_result(rid, ins, out)
        note = note.strip() if note is not None else ""
        roles_out.append({
            "id": rid,
            "name": cat.role_by_id[rid]["name"],
            "state": state,
            "side": side,
            "level": level,
            "note": note if note else None,
        })
        by_id[rid] = (state, side, level)
        cell = f"{get_column_letter(cols['id'])}{role_row(layout, i)}"
        for side_name, marks in (("insource", ins), ("outsource", out)):
            if len(marks) >= 2:
                lv = sorted(marks)
                warnings.append(
                    f"{INPUT_SHEET}!{cell} ({rid}): {len(lv)} marks on the {side_name} side "
                    f"(levels {', '.join(map(str, lv))}); kept {lv[-1]}")

    services_out = []
    for s in cat.services:
        srcs = cat.sources.get(s["id"], [])
        entry = {"id": s["id"], "category": s["category"], "name": s["name"],
                 "recommendation": None, "allocation": None, "as_is": None,
                 "to_be": None, "sources": list(srcs), "flags": []}
        states = [by_id[r] for r in srcs]
        scored = [st for st in states if st[0] == "scored"]
        if not srcs:
            entry["allocation"] = "unassigned"
            entry["flags"] = ["new-in-x1060"]
        elif scored:
            entry["as_is"] = min(st[2] for st in scored)
            sides = {st[1] for st in scored}
            entry["allocation"] = sides.pop() if len(sides) == 1 else "combined"
            if len(scored) >= 2:
                entry["flags"].append("merged")
            if len(scored) < len(states):
                entry["flags"].append("partial")
        elif all(st[0] == "declined" for st in states):
            entry["recommendation"] = "not-required"
        else:
            entry["allocation"] = "unassigned"
            entry["flags"] = ["unanswered"]
        services_out.append(entry)

    categories_out = []
    for c in cat.categories:
        members = [e for e in services_out if e["category"] == c["id"]]
        vals = [e["as_is"] for e in members if e["as_is"] is not None]
        categories_out.append({
            "id": c["id"], "name": c["name"],
            "as_is": (sum(vals) / len(vals)) if vals else None,
            "to_be": None,
            "assessed": len(vals),
            "total": len(members),
        })

    return {
        "schema": "isomm-portfolio/2",
        "organization": sample.get("org"),
        "date": sample["date"].isoformat() if sample.get("date") else None,
        "source": {"path": f"samples/{sample['name']}.xlsx", "kind": "isomm-v2.1",
                   "sheet": INPUT_SHEET, "layout": "marker-grid"},
        "patterns": {"current": sample["current"], "target": sample["target"]},
        "policy": {"merge": "min"},
        "roles": roles_out,
        "services": services_out,
        "categories": categories_out,
        "warnings": warnings,
    }


# --------------------------------------------------------------------------
# self-check: read the written workbook back and compare with the declaration

def read_back(data, cat, sample):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    layout = sample["layout"]
    cols = columns(layout)
    ws = wb[INPUT_SHEET]
    got = []
    for i, rid in enumerate(cat.role_ids):
        r = role_row(layout, i)
        idcell = str(ws.cell(row=r, column=cols["id"]).value)
        if idcell.split()[0] != rid:
            raise SystemExit(f"{sample['name']}: row {r} holds {idcell!r}, expected {rid}")
        ins = {lv for lv in LEVELS if ws.cell(row=r, column=cols["insource"] + lv).value == SELECTED}
        out = {lv for lv in LEVELS if ws.cell(row=r, column=cols["outsource"] + lv).value == SELECTED}
        note = ws.cell(row=r, column=cols["note"]).value
        got.append((rid, ins, out, note))
    prep = wb[PREP_SHEET]
    for key in ("current", "target"):
        p = prep[sample["prep"][key + "_prompt"]]
        want = cat.pattern_by_key[sample[key]]["name"]
        if p.offset(row=1).value != want:
            raise SystemExit(f"{sample['name']}: {key} pattern cell does not read back")
    return got


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    outdir = Path(argv[1]) if len(argv) == 2 else REPO / "samples"
    outdir.mkdir(parents=True, exist_ok=True)
    cat = Catalog()
    for sample in SAMPLES:
        rows = declare(cat, sample)
        data = reproducible_xlsx(build_workbook(cat, sample, rows),
                                 sample.get("shared_strings", False))
        if read_back(data, cat, sample) != rows:
            raise SystemExit(f"{sample['name']}: workbook does not read back as declared")
        doc = expected_doc(cat, sample, rows)
        xlsx = outdir / f"{sample['name']}.xlsx"
        xlsx.write_bytes(data)
        js = outdir / f"{sample['name']}.expected.json"
        js.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {xlsx} and {js.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
