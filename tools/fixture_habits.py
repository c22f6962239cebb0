"""Issue 10 fixtures: the habits of workbooks that organizations keep for a
few years (tools/make_fixtures.py; docs/reader.md, "Habits of workbooks that
have lived"). Each fixture is declared once as sheets (HGrid) and its Truth;
the writers of tools/fixture_writers.py write it.

  stale    last year's table in hidden rows, collapsed grouped rows, hidden
           前回 columns, a hidden or veryHidden sheet; the visible one is read
  years    several assessments (2019年度, FY2020, 令和2年度 …) in one book,
           in any sheet order; the newest is read, with its own patterns,
           organization and date
  sides    other spellings of the two sides and of the level headers
  fills    the answer shown by a cell fill only (rgb, theme, indexed)
  drops    combo boxes and list boxes linked to a cell holding the index
  services X.1060 service tables that organizations make themselves

Expected files: NAME.expected.json and NAME.expected-inspect.txt from the
declaration (tools/fixture_oracle.py); the warnings' words are made by the
functions w_*() below, one place to change them (docs/reader.md lists them).
"""
import datetime
import hashlib

import make_samples as ms
from fixture_dropdowns import attach_ctrlprops as drop_ctrlprops
from fixture_dropdowns import attach_vml as drop_vml
from fixture_dropdowns import splice
from fixture_grid import Dialect, ooxml_book, ref
from fixture_oracle import PortfolioTruth, Truth, write_json
from fixture_sheets import L21, answers, dots, plain_id, prep_sheet, render_table
from fixture_writers import (HGrid, gnumeric, gnumeric_available, npm_available, npm_book,
                             openpyxl_habits, soffice_available, soffice_resave)

FW_DIGITS = "０１２３４５"
FILL_SELECTIONS = ("fill colours of the level cells (the one cell of a row side filled "
                   "differently)")


def row_num(cell):
    return int("".join(ch for ch in cell if ch.isdigit()))


def last_row(t):
    return max(row_num(a[3]) for a in t.answers.values())


def first_row(t):
    return min(row_num(a[3]) for a in t.answers.values())


def rows_box(cols, t):
    """The role rows of a table as the reader names them: from its first
    role row to its last, over the role, level and note columns."""
    left = min(cols["role"], cols["in"], cols["out"])
    right = max(cols["note"], cols["in"] + 5, cols["out"] + 5)
    return f"{ref(first_row(t), left)}:{ref(last_row(t), right)}"


# ---- draft warnings (the reader decides the final words) ---------------------

def w_stacked_hidden(sheet, cur, old):
    return (f"{sheet}: 2 tables stacked on one sheet (the role IDs A-1 … I-6 run 2 times, in "
            f"blocks one below the other); read the rows {cur} (they are visible, the other "
            f"rows hidden), ignored {old} (hidden rows)")


def w_hidden_columns(sheet, cur_in, old_in, old_text):
    return (f"{sheet}: two インソース/アウトソース grids; read the one with インソース at "
            f"{cur_in}, ignored the one with インソース at {old_in} under '{old_text}' (its "
            "level columns are hidden)")


def w_sheets(read, other, reason):
    return (f"{read}: sheets '{read}' and '{other}' both hold a full table; read '{read}' "
            f"({reason})")


def w_fills(sheet, n):
    return (f"{sheet}: no marks in the level cells; the selections of {n} row sides were read "
            "from cell fill colours (the one level cell of a row side filled differently)")


def w_drop_index(sheet, cell, rid, value, n):
    return (f"{sheet}!{cell} ({rid}): linked cell of a drop-down holds '{value}', not an item "
            f"number 1–{n} of its list; ignored")


def w_unknown_service(sheet, cell, text):
    return f"{sheet}!{cell}: unknown service name '{text}'; row ignored"


def w_no_row(sheet, sid, name):
    return f"{sheet}: service {sid} ({name}) has no row in the table; left empty"


# ---- building blocks ----------------------------------------------------------

def with_prep(cat, t, current, target, org, date):
    prep = prep_sheet("準備シート", cat, t, current, target, where="right", org=org, date=date)
    t.org, t.date, t.date_source = org, date.isoformat(), "sheet"
    return prep


def v21_table(g, t, top, ov, mark=None, left=1, cols=None, level_label=int, **kw):
    spec = {"top": top, "left": left, "levels": L21, "level_label": level_label,
            "cols": cols or ["function", "role", "region", "in", "out", "note"],
            "id_text": plain_id, "mark": mark or dots("●", "○"),
            "answers": answers(cat_of(t), kw.pop("seed", t.name), ov), "merge_function": True}
    spec.update(kw)
    return render_table(g, t, spec)


def cat_of(t):
    return t.cat


def stale_truth(cat, name):
    """A throwaway Truth for a table that must not be read."""
    return Truth(cat, name + "~stale")


def insert_cols(g, at, n, cols):
    g.cells = {(r, c + n if c >= at else c): v for (r, c), v in g.cells.items()}
    g.merges = [(r1, c1 + n if c1 >= at else c1, r2, c2 + n if c2 >= at else c2)
                for r1, c1, r2, c2 in g.merges]
    g.hidden_cols = {c + n if c >= at else c for c in g.hidden_cols}
    for k, c in cols.items():
        if c >= at:
            cols[k] = c + n


def side_block(g, top, col, text, levels_text, marks_by_row):
    """A merged side header over six level columns, its sub-headers, and
    the marks of each row ({row: set of levels})."""
    g.set(top, col, text)
    g.merge(top, col, top, col + 5)
    for lv in L21:
        g.set(top + 1, col + lv, levels_text[lv])
    for row, levels in marks_by_row.items():
        for lv in L21:
            g.set(row, col + lv, "●" if lv in levels else "○")


# ---- 1. hidden means stale ----------------------------------------------------

def stale_rows(cat, name, outline):
    """The current table, then last year's below it in hidden rows (or in
    grouped rows, collapsed), no labels: only the visibility tells."""
    t = Truth(cat, name)
    prep = with_prep(cat, t, "hybrid", "full-insource", "オメガ精工株式会社",
                     datetime.date(2024, 10, 1))
    g = HGrid("入力シート")
    g.set(1, 1, ms.TITLE)
    ov = {"A-2": ("i0", None), "C-4": ("", None), "F-3": ("o5", "委託先と合意")}
    cols = v21_table(g, t, 3, ov)
    end = last_row(t)
    ts = stale_truth(cat, name)
    top2 = end + 3
    v21_table(g, ts, top2, {"A-2": ("i3", None), "C-4": ("i2", None)})
    ts.sheet = t.sheet = g.name
    end2 = last_row(ts)
    for r in range(top2, end2 + 1):
        g.hidden_rows.add(r)
        if outline:
            g.outline[r] = 1
    if outline:
        g.collapsed.add(end2 + 1)
        g.set(end2 + 1, 1, "（前年度の回答：グループ化して折りたたみ）")
    t.warn(w_stacked_hidden(g.name, rows_box(cols, t), rows_box(cols, ts)))
    return t, [prep, g]


def stale_columns(cat, name, where):
    """Hidden 前回インソース / 前回アウトソース level columns beside the
    visible current table (left of it, or right of 備考)."""
    t = Truth(cat, name)
    prep = with_prep(cat, t, "minimum-insource", "hybrid", "シグマ通信株式会社",
                     datetime.date(2024, 9, 12))
    g = HGrid("入力シート")
    g.set(1, 1, ms.TITLE)
    top = 4
    ov = {"B-1": ("o4", None), "D-8": ("", None), "H-1": ("i0", None)}
    cols = v21_table(g, t, top, ov)
    old = answers(cat, name + "~stale", {"B-1": ("o2", None), "D-8": ("i1", None)})
    if where == "left":
        at = cols["in"]
        insert_cols(g, at, 12, cols)
    else:
        at = cols["note"] + 1
    rows_in, rows_out = {}, {}
    for rid, a in t.answers.items():
        r = row_num(a[3])
        rows_in[r], rows_out[r] = old[rid][0], old[rid][1]
    side_block(g, top, at, "前回インソース", [str(lv) for lv in L21], rows_in)
    side_block(g, top, at + 6, "前回アウトソース", [str(lv) for lv in L21], rows_out)
    g.hidden_cols.update(range(at, at + 12))
    t.warn(w_hidden_columns(g.name, ref(top, cols["in"]), ref(top, at), "前回インソース"))
    return t, [prep, g]


def stale_sheet(cat, name, state, stale_name, current_name, stale_first=True):
    """Last year's table on a hidden (or veryHidden) sheet, this year's on
    a visible one."""
    t = Truth(cat, name)
    prep = with_prep(cat, t, "minimum-outsource", "full-insource", "ファイ電力株式会社",
                     datetime.date(2024, 7, 22))
    cur = HGrid(current_name)
    cur.set(1, 1, ms.TITLE)
    v21_table(cur, t, 3, {"E-7": ("i0", None), "G-2": ("", None)})
    old = HGrid(stale_name, state=state)
    old.set(1, 1, ms.TITLE)
    v21_table(old, stale_truth(cat, name), 3, {"E-7": ("i4", None), "G-2": ("o3", None)})
    t.sheet = current_name
    t.warn(w_sheets(current_name, stale_name, "it is visible, the other hidden"))
    sheets = [prep, old, cur] if stale_first else [prep, cur, old]
    return t, sheets


# ---- 2. several assessments in one workbook ----------------------------------

def year_sheet(cat, t, sheet, title, org, date, current, target, ov, seed):
    """One assessment on one sheet: its organization, date and patterns
    above its table."""
    g = HGrid(sheet)
    g.set(1, 1, f"{ms.TITLE}（{title}）")
    g.set(3, 1, "組織名")
    g.set(3, 2, org)
    g.set(4, 1, "評価日")
    g.set(4, 2, date)
    g.set(6, 1, ms.PROMPT_CURRENT)
    g.set(6, 3, cat.pattern_by_key[current]["name"])
    g.set(7, 1, ms.PROMPT_TARGET)
    g.set(7, 3, cat.pattern_by_key[target]["name"])
    v21_table(g, t, 9, ov, seed=seed)
    t.sheet = sheet
    return g


def years(cat, name, specs, newest, date_text=False):
    """specs: (sheet, title, org, date, current, target) in tab order; newest:
    the sheet to read."""
    t = Truth(cat, name)
    grids = []
    for sheet, title, org, date, cur, tgt in specs:
        is_new = sheet == newest
        tt = t if is_new else stale_truth(cat, f"{name}:{sheet}")
        ov = {"A-1": ("i3", None), "D-2": ("", None)} if is_new else {"A-1": ("o1", None)}
        d = date.strftime("%Y/%m/%d") if date_text else date
        grids.append(year_sheet(cat, tt, sheet, title, org, d, cur, tgt, ov, f"{name}:{sheet}"))
        if is_new:
            t.current, t.target = cur, tgt
            t.org, t.date, t.date_source = org, date.isoformat(), "sheet"
    for sheet, *_ in specs:
        if sheet != newest:
            t.warn(w_sheets(newest, sheet, "its name has the later year"))
    t.sheet = newest
    return t, grids


def years_paired(cat, name):
    """準備シート(令和…) and 入力シート(令和…) for each year, the newest in the
    middle: meta data from the newest year's 準備シート."""
    t = Truth(cat, name)
    years_ = [("令和元年度", "タウ化成株式会社", datetime.date(2019, 11, 5), "minimum-insource",
               "hybrid"),
              ("令和2年度", "タウ・ケミカル株式会社", datetime.date(2020, 12, 1), "hybrid",
               "minimum-outsource"),
              ("平成30年度", "タウ化成株式会社", datetime.date(2018, 10, 30), "minimum-insource",
               "minimum-insource")]
    grids, newest = [], "入力シート(令和2年度)"
    for era, org, date, cur, tgt in years_:
        is_new = f"入力シート({era})" == newest
        tt = t if is_new else stale_truth(cat, f"{name}:{era}")
        prep = prep_sheet(f"準備シート({era})", cat, tt, cur, tgt, where="right", org=org,
                          date=date)
        g = HGrid(f"入力シート({era})")
        g.set(1, 1, f"{ms.TITLE}（{era}）")
        ov = {"B-5": ("o5", None), "I-6": ("", None)} if is_new else {"B-5": ("i1", None)}
        v21_table(g, tt, 3, ov, seed=f"{name}:{era}")
        grids += [prep, g]
        if is_new:
            t.org, t.date, t.date_source = org, date.isoformat(), "sheet"
    t.sheet = newest
    for era in ("令和元年度", "平成30年度"):
        t.warn(w_sheets(newest, f"入力シート({era})", "its name has the later year"))
    return t, grids


def years_none(cat, name):
    """Negative: two filled tables, two assessments, and no year or date
    anywhere: nothing tells which is newer. The first in tab order is read
    (as today), with a warning naming both; its own patterns."""
    t = Truth(cat, name)
    grids = []
    for sheet, cur, tgt, is_first in (("チェック表", "hybrid", "full-insource", True),
                                      ("チェックシート", "minimum-insource", "hybrid", False)):
        tt = t if is_first else stale_truth(cat, f"{name}:{sheet}")
        g = HGrid(sheet)
        g.set(1, 1, ms.PROMPT_CURRENT)
        g.set(1, 3, cat.pattern_by_key[cur]["name"])
        g.set(2, 1, ms.PROMPT_TARGET)
        g.set(2, 3, cat.pattern_by_key[tgt]["name"])
        v21_table(g, tt, 4, {"C-1": ("i4", None)} if is_first else {"C-1": ("o2", None)},
                  seed=f"{name}:{sheet}")
        grids.append(g)
        if is_first:
            t.current, t.target = cur, tgt
    t.sheet = "チェック表"
    t.org, t.date, t.date_source = None, "2024-04-01", "file"
    t.warn(w_sheets("チェック表", "チェックシート", "it comes first"))
    return t, grids


# ---- 3. other spellings of the two sides --------------------------------------

# Level headers in words (REFERENCE §2 / the textbook's 8.3 rubric): each word
# names one level of one side and nothing else.
WORDS_EN = ["Zero", "One", "Two", "Three", "Four", "Five"]
WORDS_IN = ["対象外", "未実施", "属人的", "一部代行可", "文書化済", "承認済"]
WORDS_OUT = ["対象外", "結果未確認", "理解できていない", "一部理解", "想定未満", "想定通り"]


def sides(cat, name, in_text, out_text, in_levels, out_levels, mark=("●", "○"),
          heads=None):
    t = Truth(cat, name)
    prep = with_prep(cat, t, "full-insource", "full-insource", "カイ物産株式会社",
                     datetime.date(2024, 11, 18))
    g = HGrid("入力シート")
    g.set(1, 1, ms.TITLE)
    top = 3
    cols = v21_table(g, t, top, {"A-6": ("o0", None), "E-5": ("", None), "G-7": ("i5", None)},
                     mark=dots(*mark))
    g.set(top, cols["in"], in_text)
    g.set(top, cols["out"], out_text)
    for lv in L21:
        g.set(top + 1, cols["in"] + lv, in_levels[lv])
        g.set(top + 1, cols["out"] + lv, out_levels[lv])
    for kind, text in (heads or {}).items():
        g.set(top, cols[kind], text)
    return t, [prep, g]


# ---- 4. answers shown by fill colour only ------------------------------------

RGB = ["FFFF00", "92D050", "FFC000", "00B0F0", "FF99CC"]
THEME = [(5, 0.3999755851924192), (9, 0.5999938962981048), (4, -0.249977111117893), (7, 0.0)]
INDEXED = [13, 43, 51, 42]


def fills(cat, name, colours, numbers, base=None):
    """colours: (index) -> fill of the chosen cell; numbers: every level cell
    holds its level (else the cells are empty); base: a fill of every level
    cell of a side ({"in": fill, "out": fill}), the chosen one differs."""
    t = Truth(cat, name)
    prep = with_prep(cat, t, "hybrid", "minimum-outsource", "プサイ銀行株式会社",
                     datetime.date(2024, 12, 3))
    g = HGrid("入力シート")
    g.set(1, 1, ms.TITLE)
    g.set(2, 1, "該当するレベルのセルを塗りつぶしてください。")
    mark = (lambda i, lv, sel: lv) if numbers else (lambda i, lv, sel: None)
    cols = v21_table(g, t, 4, {"A-3": ("i0", None), "D-6": ("", None), "I-1": ("o5", None)},
                     mark=mark)
    t.marks = set()
    t.selections_text = FILL_SELECTIONS
    n = 0
    for i, rid in enumerate(cat.role_ids):
        ins, outs, _, cell = t.answers[rid]
        r = row_num(cell)
        for side, levels in (("in", ins), ("out", outs)):
            if base:
                for lv in L21:
                    g.fills[(r, cols[side] + lv)] = base[side]
            for lv in levels:
                g.fills[(r, cols[side] + lv)] = colours(i)
                n += 1
    t.warn(w_fills(g.name, n))
    return t, [prep, g]


# ---- 5. drop-down form controls ---------------------------------------------

def list_sheet(items, name="リスト", state="visible"):
    g = HGrid(name, state=state)
    for i, v in enumerate(items, start=1):
        if v is not None and v != "":
            g.set(i, 1, v)
    return g


LEVEL_ITEMS = [None, 0, 1, 2, 3, 4, 5]   # index 1: blank, 2…7: levels 0…5
ROLE_ITEMS = ([None] + [f"インソース{lv}" for lv in L21] + [f"アウトソース{lv}" for lv in L21])


def drop_table(cat, name, ov, answer_head=None):
    """機能 | 役割 | 領域 | インソース | アウトソース | 備考, one cell per side
    (or one answer column), the level cells left for the controls."""
    t = Truth(cat, name)
    t.layout = "form-controls"
    g = HGrid("入力シート")
    g.set(1, 1, ms.TITLE)
    top = 4
    heads = ["機能", "役割", "領域"] + ([answer_head] if answer_head else
                                      ["インソース", "アウトソース"]) + ["備考"]
    for k, h in enumerate(heads, start=1):
        g.set(top, k, h)
    decl = answers(cat, name, ov)
    rows = {}
    for i, r in enumerate(cat.roles):
        row = top + 1 + i
        rid = r["id"]
        ins, outs, note = decl[rid]
        if i == 0 or cat.roles[i - 1]["function"] != r["function"]:
            g.set(row, 1, f"{r['function']} {cat.function_name[r['function']]}")
        g.set(row, 2, f"{rid} {r['name']}")
        g.set(row, 3, {"I": "領域I", "II": "領域II", "III": "領域III", "IV": "領域IV",
                       "all": "全領域"}[cat.role_region(rid)])
        if note:
            g.set(row, len(heads), note)
        t.role(rid, ref(row, 2), ins, outs, note)
        rows[rid] = row
    t.sheet = g.name
    return t, g, rows, top


def level_index(levels):
    return 2 + next(iter(levels)) if levels else 1


def drops_per_side(cat, name, kind, link, range_text, sel_only=(), bad=None):
    """A control per role side over its cell; link: 'hidden' (linked cells
    in hidden columns H, I), 'under' (the cell under the control: the index
    shows in the インソース / アウトソース column), None."""
    ov = {"A-1": ("i5", "CISO 承認"), "B-2": ("", None), "C-3": ("o0", None)}
    t, g, rows, top = drop_table(cat, name, ov)
    drops = []
    for rid, row in rows.items():
        ins, outs, _, _ = t.answers[rid]
        for k, (col, levels) in enumerate(((4, ins), (5, outs))):
            idx = level_index(levels)
            if rid == bad and k == 0:
                idx = 9
                ins.clear()
                outs.clear()
            if link == "hidden":
                cell = (row, 8 + k)
            elif link == "under":
                cell = (row, col)
            else:
                cell = None
            linked = None
            if cell and rid not in sel_only:
                linked = f"${ref(*cell).rstrip('0123456789')}${row}"
                g.set(*cell, idx)
            drops.append({"row": row, "col": col, "kind": kind, "link": linked,
                          "range": range_text, "sel": idx, "lines": 7})
            if rid == bad and k == 0:
                t.late_warnings.append(w_drop_index(g.name, ref(*cell), rid, idx, 7))
    if link == "hidden":
        g.hidden_cols.update({8, 9})
        g.set(top, 8, "IN選択")
        g.set(top, 9, "OUT選択")
    return t, g, drops


def drops_per_role(cat, name):
    """One combo box per role over one answer column; its list is
    インソース0 … アウトソース5 (13 items with the blank)."""
    ov = {"A-2": ("i0", None), "D-4": ("", None), "G-1": ("o5", None)}
    t, g, rows, top = drop_table(cat, name, ov, answer_head="インソース／アウトソース（レベル）")
    drops = []
    for rid, row in rows.items():
        ins, outs, _, _ = t.answers[rid]
        idx = 1
        if ins:
            idx = 2 + next(iter(ins))
        elif outs:
            idx = 8 + next(iter(outs))
        g.set(row, 7, idx)
        drops.append({"row": row, "col": 4, "kind": "Drop", "link": f"$G${row}",
                      "range": "リスト!$A$1:$A$13", "sel": idx, "lines": 13})
    g.hidden_cols.add(7)
    return t, g, drops


# ---- 6. X.1060 service tables of their own ------------------------------------

REC_JP = {"basic": "ベーシック", "standard": "スタンダード", "advanced": "アドバンスド",
          "optional": "オプション", "not-required": "不要"}
ALLOC_JP = {"insource": "インソース", "outsource": "アウトソース", "combined": "併用",
            "unassigned": "未割り当て"}
REC_EN = {"basic": "Basic", "standard": "Standard", "advanced": "Advanced",
          "optional": "Optional", "not-required": "Not required"}
ALLOC_EN = {"insource": "Insource", "outsource": "Outsource", "combined": "Combined",
            "unassigned": "Unassigned"}

# Service names as people type them, each the catalog's after the usual
# normalizations (width, spaces) or a minor variant printed in the textbook
# (表7: 深堀分析ツール運用; appendix: CDC システム運用, セキュリティベンダー連携).
NAME_VARIANTS = {
    "A-1": "ﾘｽｸﾏﾈｼﾞﾒﾝﾄ",
    "A-5": "\u3000事業継続性\u3000",
    "B-3": "通知･警告",
    "D-4": "インシデント対応 ･ 封じ込め",
    "E-1": "ネットワーク 情報収集",
    "G-8": "深堀分析ツール運用",
    "G-11": "ＣＤＣシステム運用",
    "I-4": "セキュリティベンダー連携",
}
NAME_VARIANTS_2 = {"G-11": "CDC システム運用", "F-2": "内部脅威情報の収集･分析",
                   "H-1": "内部不正対応・分析支援 "}


def service_values(cat, name):
    out = {}
    recs, allocs = list(REC_JP), list(ALLOC_JP)
    for i, s in enumerate(cat.services):
        h = hashlib.sha256(f"{name}:{s['id']}".encode()).digest()
        as_is = None if h[0] % 11 == 0 else 1 + h[1] % 5
        to_be = None if as_is is None else min(5, as_is + h[2] % 3)
        out[s["id"]] = (recs[h[3] % 5], allocs[h[4] % 4], as_is, to_be)
    return out


def service_meta(g, t, cat, org, date, current, target, english=False):
    labels = (("Organization", "Date", "Current pattern", "Target pattern") if english else
              ("組織名", "評価日", "現状のパターン", "目標のパターン"))
    for k, (label, value) in enumerate(zip(labels, (org, date,
                                                    cat.pattern_by_key[current]["name"],
                                                    cat.pattern_by_key[target]["name"]))):
        g.set(2 + k, 1, label)
        g.set(2 + k, 2, value)
    t.current, t.target = current, target
    t.org, t.date, t.date_source = org, date.isoformat(), "sheet"


def cat_name(cat, cid):
    return next(c["name"] for c in cat.categories if c["id"] == cid)


def services_by_name(cat, name, sheet, variants, unknown=None, english=False, text_scores=False):
    """No ID column: サービス名 | 推奨レベル | 割り当て | 現状 | あるべき姿, a
    category row before each category's services."""
    t = PortfolioTruth(cat, name, sheet)
    g = HGrid(sheet)
    g.set(1, 1, "サービスポートフォリオ（自社版）")
    service_meta(g, t, cat, "ウプシロン証券株式会社", datetime.date(2025, 1, 20), "hybrid",
                 "minimum-outsource")
    heads = (["Service", "Recommendation", "Allocation", "As-Is", "To-Be"] if english else
             ["サービス名", "推奨レベル", "割り当て", "現状", "あるべき姿"])
    top = 7
    for k, h in enumerate(heads, start=1):
        g.set(top, k, h)
    vals = service_values(cat, name)
    row, cid = top + 1, None
    for s in cat.services:
        sid = s["id"]
        if s["category"] != cid:
            cid = s["category"]
            g.set(row, 1, f"{cid}. {cat_name(cat, cid)}")
            row += 1
        rec, alloc, as_is, to_be = vals[sid]
        text = variants.get(sid, s["name"])
        if unknown and sid in unknown:
            text = unknown[sid]
            t.warnings.append(w_unknown_service(sheet, ref(row, 1), text))
        else:
            t.services[sid] = vals[sid]
        g.set(row, 1, text)
        g.set(row, 2, (REC_EN if english else REC_JP)[rec])
        g.set(row, 3, (ALLOC_EN if english else ALLOC_JP)[alloc])
        for k, v in ((4, as_is), (5, to_be)):
            if v is not None:
                g.set(row, k, str(v) if text_scores else v)
        row += 1
        if unknown and sid == "I-5":  # a service of the organization's own
            g.set(row, 1, "ゼロトラスト推進")
            g.set(row, 2, REC_JP["standard"])
            g.set(row, 3, ALLOC_JP["combined"])
            g.set(row, 4, 2)
            g.set(row, 5, 4)
            t.warnings.append(w_unknown_service(sheet, ref(row, 1), "ゼロトラスト推進"))
            row += 1
    for sid in (unknown or {}):
        t.warnings.append(w_no_row(sheet, sid, next(s["name"] for s in cat.services
                                                      if s["id"] == sid)))
    return t, [g]


def services_english(cat, name):
    """English headers (ID | Service | Recommendation | Allocation | As-Is |
    To-Be), IDs zero-padded (A-01), scores as text."""
    t = PortfolioTruth(cat, name, "Service Portfolio")
    g = HGrid(t.sheet)
    g.set(1, 1, "Security Operation Services Portfolio (X.1060)")
    service_meta(g, t, cat, "Omicron Trading Co., Ltd.", datetime.date(2025, 2, 14),
                 "minimum-outsource", "full-insource", english=True)
    top = 7
    for k, h in enumerate(["ID", "Service", "Recommendation", "Allocation", "As-Is", "To-Be"],
                          start=1):
        g.set(top, k, h)
    vals = service_values(cat, name)
    for i, s in enumerate(cat.services):
        row = top + 1 + i
        sid = s["id"]
        rec, alloc, as_is, to_be = vals[sid]
        g.set(row, 1, f"{sid[0]}-{int(sid[2:]):02d}")
        g.set(row, 2, s["name"])
        g.set(row, 3, REC_EN[rec])
        g.set(row, 4, ALLOC_EN[alloc])
        if as_is is not None:
            g.set(row, 5, str(as_is))
            g.set(row, 6, str(to_be))
        t.services[sid] = vals[sid]
    return t, [g]


def services_blocks(cat, name):
    """One block per category: a category row, its own header row
    (ID | サービス | 推奨レベル | サービス割り当て | 現状 (As-Is) | あるべき姿
    (To-Be)), full-width IDs (Ａ－１), scores as text, a blank row."""
    t = PortfolioTruth(cat, name, "カテゴリー別")
    g = HGrid(t.sheet)
    g.set(1, 1, "X.1060 サービス評価")
    service_meta(g, t, cat, "イプシロン重工株式会社", datetime.date(2025, 3, 3),
                 "minimum-insource", "hybrid")
    vals = service_values(cat, name)
    row, cid = 7, None
    for s in cat.services:
        sid = s["id"]
        if s["category"] != cid:
            if cid is not None:
                row += 1
            cid = s["category"]
            g.set(row, 1, f"{cid}. {cat_name(cat, cid)}")
            row += 1
            for k, h in enumerate(["ID", "サービス", "推奨レベル", "サービス割り当て",
                                   "現状 (As-Is)", "あるべき姿 (To-Be)"], start=1):
                g.set(row, k, h)
            row += 1
        rec, alloc, as_is, to_be = vals[sid]
        g.set(row, 1, "".join(chr(ord(ch) + 0xFEE0) for ch in sid[0] + "-" + sid[2:]))
        g.set(row, 2, s["name"])
        g.set(row, 3, REC_JP[rec])
        g.set(row, 4, ALLOC_JP[alloc])
        if as_is is not None:
            g.set(row, 5, str(as_is))
            g.set(row, 6, str(to_be))
        t.services[sid] = vals[sid]
        row += 1
    return t, [g]


def services_v32(cat, name):
    """In the manner of the later self-assessment sheets: No. (A-01) |
    カテゴリー (on each block's first row) | サービス名 | 推奨レベル |
    サービス割り当て | 現状 (As-Is) | あるべき姿 (To-Be) | 備考, scores as text."""
    t = PortfolioTruth(cat, name, "セルフアセスメント")
    g = HGrid(t.sheet)
    g.set(1, 1, "セキュリティ対応組織 セルフアセスメントシート")
    service_meta(g, t, cat, "ラムダ電子株式会社", datetime.date(2025, 4, 8), "hybrid",
                 "full-insource")
    top = 7
    for k, h in enumerate(["No.", "カテゴリー", "サービス名", "推奨レベル", "サービス割り当て",
                           "現状 (As-Is)", "あるべき姿 (To-Be)", "備考"], start=1):
        g.set(top, k, h)
    vals = service_values(cat, name)
    cid = None
    for i, s in enumerate(cat.services):
        row = top + 1 + i
        sid = s["id"]
        if s["category"] != cid:
            cid = s["category"]
            g.set(row, 2, cat_name(cat, cid))
        rec, alloc, as_is, to_be = vals[sid]
        g.set(row, 1, f"{sid[0]}-{int(sid[2:]):02d}")
        g.set(row, 3, NAME_VARIANTS_2.get(sid, s["name"]))
        g.set(row, 4, REC_JP[rec])
        g.set(row, 5, ALLOC_JP[alloc])
        if as_is is not None:
            g.set(row, 6, str(as_is))
            g.set(row, 7, str(to_be))
        t.services[sid] = vals[sid]
    return t, [g]


# ---- the fixtures, by writer ------------------------------------------------------

def declarations(cat):
    """name -> (writer, make): make() -> (truth, grids[, active]) or, for
    drop-downs, a function writing the file itself."""
    D = datetime.date
    western = [("2019年度", "2019年度", "アルファ建設工業株式会社", D(2019, 10, 2),
                "minimum-insource", "hybrid"),
               ("2020年度", "2020年度", "アルファ建設株式会社", D(2020, 11, 10), "hybrid",
                "full-insource")]
    fy = [("FY2019", "FY2019", "ベータ交通株式会社", D(2019, 9, 30), "minimum-insource",
           "hybrid"),
          ("FY2021", "FY2021", "ベータ・モビリティ株式会社", D(2021, 10, 15), "full-insource",
           "full-insource"),
          ("FY2020", "FY2020", "ベータ交通株式会社", D(2020, 9, 28), "hybrid",
           "minimum-outsource")]
    era = [("平成30年度", "平成30年度", "ガンマ食品株式会社", D(2018, 12, 20), "minimum-insource",
            "minimum-insource"),
           ("令和2年度", "令和2年度", "ガンマフーズ株式会社", D(2021, 2, 26), "minimum-outsource",
            "full-insource"),
           ("令和元年度", "令和元年度", "ガンマ食品株式会社", D(2019, 12, 9), "hybrid",
            "minimum-outsource")]
    half = "ｲﾝｿｰｽ", "ｱｳﾄｿｰｽ"
    return {
        # 1. hidden means stale
        "openpyxl-stale-rows": ("openpyxl", lambda: stale_rows(cat, "openpyxl-stale-rows", False)),
        "exceljs-stale-outline": ("exceljs",
                                  lambda: stale_rows(cat, "exceljs-stale-outline", True)),
        "openpyxl-stale-outline": ("openpyxl",
                                   lambda: stale_rows(cat, "openpyxl-stale-outline", True)),
        "gnumeric-stale-columns": ("gnumeric",
                                   lambda: stale_columns(cat, "gnumeric-stale-columns", "left")),
        "sheetjs-stale-columns": ("sheetjs",
                                  lambda: stale_columns(cat, "sheetjs-stale-columns", "right")),
        "exceljs-stale-sheet": ("exceljs", lambda: stale_sheet(
            cat, "exceljs-stale-sheet", "hidden", "入力シート", "入力シート (2)")),
        "sheetjs-stale-veryhidden": ("sheetjs", lambda: stale_sheet(
            cat, "sheetjs-stale-veryhidden", "veryHidden", "セルフチェック", "入力シート")),
        "openpyxl-stale-veryhidden": ("openpyxl", lambda: stale_sheet(
            cat, "openpyxl-stale-veryhidden", "veryHidden", "入力シート", "入力シート（今回）",
            stale_first=False)),
        # 2. several assessments
        "openpyxl-years-western": ("openpyxl", lambda: years(
            cat, "openpyxl-years-western", western, "2020年度")),
        "exceljs-years-fy": ("exceljs", lambda: years(cat, "exceljs-years-fy", fy, "FY2021")),
        "sheetjs-years-era": ("sheetjs", lambda: years(cat, "sheetjs-years-era", era, "令和2年度",
                                                       date_text=True)),
        "gnumeric-years-era-paired": ("gnumeric",
                                      lambda: years_paired(cat, "gnumeric-years-era-paired")),
        "openpyxl-years-none": ("openpyxl", lambda: years_none(cat, "openpyxl-years-none")),
        # 3. other spellings
        "openpyxl-sides-halfwidth": ("openpyxl", lambda: sides(
            cat, "openpyxl-sides-halfwidth", *half, FW_DIGITS, FW_DIGITS)),
        "exceljs-sides-english": ("exceljs", lambda: sides(
            cat, "exceljs-sides-english", "In-source", "Out-source", WORDS_EN, WORDS_EN,
            heads={"function": "Function", "role": "Role", "region": "Region",
                   "note": "Notes"})),
        "sheetjs-sides-shanai": ("sheetjs", lambda: sides(
            cat, "sheetjs-sides-shanai", "社内", "社外",
            [f"レベル{d}" for d in FW_DIGITS], [f"レベル{d}" for d in FW_DIGITS])),
        "gnumeric-sides-words": ("gnumeric", lambda: sides(
            cat, "gnumeric-sides-words", "自組織", "外部委託", WORDS_IN, WORDS_OUT)),
        "openpyxl-sides-insource": ("openpyxl", lambda: sides(
            cat, "openpyxl-sides-insource", "Insource", "Outsource", WORDS_IN, WORDS_OUT,
            mark=("✓", None))),
        # 4. fills
        "openpyxl-fill-rgb": ("openpyxl", lambda: fills(
            cat, "openpyxl-fill-rgb", lambda i: {"rgb": RGB[i % len(RGB)]}, numbers=False)),
        "openpyxl-fill-indexed": ("openpyxl", lambda: fills(
            cat, "openpyxl-fill-indexed", lambda i: {"indexed": INDEXED[i % len(INDEXED)]},
            numbers=True, base={"in": {"rgb": "DDEBF7"}, "out": {"rgb": "FCE4D6"}})),
        "exceljs-fill-theme": ("exceljs", lambda: fills(
            cat, "exceljs-fill-theme",
            lambda i: dict(zip(("theme", "tint"), THEME[i % len(THEME)])), numbers=False)),
        "exceljs-fill-numbers": ("exceljs", lambda: fills(
            cat, "exceljs-fill-numbers", lambda i: {"rgb": "FFFF00"}, numbers=True)),
        "gnumeric-fill-base": ("gnumeric", lambda: fills(
            cat, "gnumeric-fill-base",
            lambda i: dict(zip(("theme", "tint"), THEME[i % len(THEME)])), numbers=True,
            base={"in": {"theme": 0}, "out": {"theme": 0}})),
        # LibreOffice re-saves (lo-*, written in one soffice run)
        "lo-stale-outline": ("libreoffice", lambda: stale_rows(cat, "lo-stale-outline", True)),
        "lo-fill": ("libreoffice", lambda: fills(
            cat, "lo-fill",
            lambda i: dict(zip(("theme", "tint"), THEME[i % len(THEME)])), numbers=False)),
        # 6. services
        "openpyxl-services-names": ("openpyxl", lambda: services_by_name(
            cat, "openpyxl-services-names", "サービス一覧", NAME_VARIANTS)),
        "exceljs-services-english": ("exceljs",
                                     lambda: services_english(cat, "exceljs-services-english")),
        "sheetjs-services-blocks": ("sheetjs",
                                    lambda: services_blocks(cat, "sheetjs-services-blocks")),
        "gnumeric-services-v32": ("gnumeric", lambda: services_v32(cat, "gnumeric-services-v32")),
        "openpyxl-services-unknown": ("openpyxl", lambda: services_by_name(
            cat, "openpyxl-services-unknown", "サービス評価", {},
            unknown={"I-6": "技術レポート作成"}, text_scores=True)),
    }


def with_active(made):
    """The first sheet is the active one (every fixture's first sheet is
    visible): the tab a workbook opens on tells nothing here."""
    t, grids = made[:2]
    return t, grids, 0


def write_one(writer, t, grids, active, outdir):
    """The workbook (when its writer is here) and, always, its expectations."""
    data = None
    if writer == "openpyxl":
        data = openpyxl_habits(grids, active)
    elif writer in ("exceljs", "sheetjs"):
        if npm_available(writer):
            data = npm_book(writer, grids, active)
        else:
            print(f"{writer} not found (npm ci --prefix tools): {t.file} not written")
    elif writer == "gnumeric":
        if gnumeric_available():
            data = gnumeric(openpyxl_habits(grids, active))
        else:
            print(f"ssconvert not found (apt-get install gnumeric): {t.file} not written")
    if data is not None:
        (outdir / t.file).write_bytes(data)
    t.write(outdir)


def drop_selections(where, sel_too=False):
    how = "linked cells (fmlaLink) and selected items (sel)" if sel_too else \
        "linked cells (fmlaLink)"
    return f"drop-downs (form controls in {where}): {how}"


def dropdown_declarations(cat):
    """5: [(name, writer, grids, drops, truth)]: hand-written ctrlProps, VML
    only, and controls spliced into workbooks by openpyxl and ExcelJS."""
    out = []
    # hand-written: combo boxes per side, linked cells in hidden columns,
    # the list on a sheet リスト; A-2…A-4's index only in sel; one index 9 of 7.
    t, g, drops = drops_per_side(cat, "ooxml-dropdown-ctrlprops", "Drop", "hidden",
                                 "リスト!$A$1:$A$7",
                                 sel_only={"A-2", "A-3", "A-4"}, bad="E-4")
    prep = with_prep(cat, t, "hybrid", "minimum-outsource", "パイ海運株式会社",
                     datetime.date(2025, 1, 9))
    t.selections_text = drop_selections("xl/ctrlProps", sel_too=True)
    out.append((t.name, "ooxml-ctrlprops", [prep, g, list_sheet(LEVEL_ITEMS)], drops, t))

    # hand-written, the legacy VML drawing only: list boxes per side, each
    # linked to the cell under it (the index shows in the side's column);
    # the list in hidden column K of the same sheet.
    t, g, drops = drops_per_side(cat, "ooxml-dropdown-vml", "List", "under", "$K$1:$K$7")
    prep = with_prep(cat, t, "minimum-insource", "minimum-outsource", "ロー観光株式会社",
                     datetime.date(2025, 2, 3))
    for i, v in enumerate(LEVEL_ITEMS, start=1):
        if v is not None:
            g.set(i, 11, v)
    g.hidden_cols.add(11)
    t.selections_text = drop_selections("legacy VML drawing")
    out.append((t.name, "ooxml-vml", [prep, g], drops, t))

    # openpyxl + spliced controls: one combo box per role (13 items).
    t, g, drops = drops_per_role(cat, "openpyxl-dropdown-role")
    prep = with_prep(cat, t, "full-insource", "full-insource", "シータ製紙株式会社",
                     datetime.date(2025, 3, 17))
    t.selections_text = drop_selections("xl/ctrlProps")
    out.append((t.name, "openpyxl", [prep, g, list_sheet(ROLE_ITEMS)], drops, t))

    # ExcelJS + spliced controls: combo boxes per side, linked cells in
    # hidden columns, the list on a hidden sheet 設定.
    t, g, drops = drops_per_side(cat, "exceljs-dropdown-side", "Drop", "hidden",
                                 "設定!$A$1:$A$7")
    prep = with_prep(cat, t, "minimum-outsource", "hybrid", "カッパ製作所株式会社",
                     datetime.date(2025, 4, 21))
    t.selections_text = drop_selections("xl/ctrlProps")
    out.append((t.name, "exceljs", [prep, g, list_sheet(LEVEL_ITEMS, "設定", state="hidden")],
                drops, t))
    return out


def dropdowns(cat, outdir):
    for name, writer, grids, drops, t in dropdown_declarations(cat):
        g = grids[1]
        data = None
        if writer == "ooxml-ctrlprops":
            parts, types = drop_ctrlprops(g, drops)
            data = ooxml_book(grids, Dialect(), parts, types)
        elif writer == "ooxml-vml":
            parts, types = drop_vml(g, drops)
            data = ooxml_book(grids, Dialect(), parts, types)
        elif writer == "openpyxl":
            data = splice(openpyxl_habits(grids, 0), g.name, drops)
        elif npm_available(writer):
            data = splice(npm_book(writer, grids, 0), g.name, drops)
        else:
            print(f"{writer} not found (npm ci --prefix tools): {t.file} not written")
        if data is not None:
            (outdir / t.file).write_bytes(data)
        t.write(outdir)


def habits(cat, outdir):
    lo = {}
    for name, (writer, make) in declarations(cat).items():
        t, grids, active = with_active(make())
        if t.name != name:
            raise SystemExit(f"{name}: declared as {t.name}")
        if writer == "libreoffice":
            lo[t.file] = openpyxl_habits(grids, active)
            t.write(outdir)
        else:
            write_one(writer, t, grids, active, outdir)
    if soffice_available():
        for file, data in soffice_resave(lo).items():
            (outdir / file).write_bytes(data)
    else:
        print(f"soffice not found: {', '.join(lo)} not written")
    dropdowns(cat, outdir)
