"""Self-check tables and portfolio sheets as Grids, with their Truth
(tools/make_fixtures.py). Nothing here knows which program writes the file.

render_table() lays out a v2.1 / v2.0 marker grid from a spec:

  top, left      the header cell of the first column (1-based)
  cols           column kinds in sheet order: function, no (the ID in its own
                 column), role, region (領域), eval (評価, 現状 below it),
                 note (備考), code (a hidden column), in, out (level groups)
  levels         [0..5] (v2.1) or [1..5] (v2.0)
  level_label    level -> header value (number, text, full-width text)
  id_text        (index, role ID, name) -> (ID cell text or None, role cell)
  mark           (index, level, selected) -> cell value or None
  answers        role ID -> (insource levels, outsource levels, note)
  merge_function the 機能 cell merged over its role rows (else: first row)
  function_rows  a heading row per function instead
  spacer         a blank row after each function ("hidden": hidden too)
  omit, repeat   roles without a row; (role, insource level) rows at the end
"""
import hashlib

from fixture_grid import Formula, Grid, ref

HEADS = {"function": "機能", "no": "No.", "role": "役割", "region": "領域", "eval": "評価",
         "note": "備考", "code": "管理番号"}
REGION = {"I": "領域I", "II": "領域II", "III": "領域III", "IV": "領域IV", "all": "全領域"}
FULLWIDTH = "０１２３４５６７８９"
L21, L20 = list(range(6)), list(range(1, 6))   # level columns: v2.1, v2.0


def fullwidth(s):
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in s)


def dot_id(i, rid, name):
    return f"{rid}.", name


def plain_id(i, rid, name):
    return None, f"{rid} {name}"


def own_id(i, rid, name):
    return rid, name


def dots(sel_mark, hollow):
    return lambda i, lv, sel: sel_mark if sel else hollow


def family(v):
    """The filled mark a value is, as src/reader_text.c names it."""
    if isinstance(v, Formula):
        v = v.cached
    if v is True:
        return "TRUE"
    if isinstance(v, (int, float)):
        return "1"
    s = v.replace("\ufe0f", "").strip()
    return "TRUE" if s in ("True", "true") else s


def answers(cat, name, overrides, levels=range(6)):
    """role ID -> (ins, out, note): overrides ('i3 o2', note), others from a hash."""
    lo = 1
    out = {}
    for rid in cat.role_ids:
        if rid in overrides:
            spec, note = overrides[rid]
        else:
            h = hashlib.sha256(f"{name}:{rid}".encode()).digest()
            spec, note = f"{'io'[h[0] % 3 == 0]}{lo + h[1] % 5}", None
        ins, outs = set(), set()
        for tok in spec.split():
            lv = int(tok[1:])
            if lv not in levels:
                raise SystemExit(f"{name}: {rid}: level {lv} is not on the sheet")
            (ins if tok[0] == "i" else outs).add(lv)
        out[rid] = (ins, outs, note)
    return out


def render_table(g, t, spec):
    cat = t.cat
    top, levels = spec["top"], spec["levels"]
    cols, c = {}, spec["left"]
    for kind in spec["cols"]:
        cols[kind] = c
        c += len(levels) if kind in ("in", "out") else 1
    lrow = top + 1
    for kind, col in cols.items():
        if kind in ("in", "out"):
            g.set(top, col, "インソース" if kind == "in" else "アウトソース")
            g.merge(top, col, top, col + len(levels) - 1)
            for k, lv in enumerate(levels):
                g.set(lrow, col + k, spec["level_label"](lv))
        else:
            g.set(top, col, HEADS[kind])
            if kind == "eval":
                g.set(lrow, col, "現状")
            elif spec.get("merge_vertical"):
                g.merge(top, col, lrow, col)
    if "code" in cols:
        g.hidden_cols.add(cols["code"])
    t.sheet = g.name
    t.kind = "isomm-v2.1" if 0 in levels else "isomm-v2.0"
    id_col = cols["no"] if "no" in cols else cols["role"]
    row, idx = lrow + 1, 0
    for fid, roles in cat.roles_by_function():
        present = [r for r in roles if r["id"] not in spec.get("omit", ())]
        fname = f"{fid} {cat.function_name[fid]}"
        if spec.get("function_rows"):
            g.set(row, cols["function"], f"{fid}. {cat.function_name[fid]}")
            row += 1
        first = row
        for r in present:
            rid = r["id"]
            ins, outs, note = spec["answers"][rid]
            no_text, role_text = spec["id_text"](idx, rid, r["name"])
            if "no" in cols:
                g.set(row, cols["no"], no_text)
            g.set(row, cols["role"], role_text)
            t.role(rid, ref(row, id_col), ins, outs, note)
            if "region" in cols:
                g.set(row, cols["region"], REGION[cat.role_region(rid)])
            if "code" in cols:
                g.set(row, cols["code"], f"R{idx + 1:03d}")
            for kind, sel in (("in", ins), ("out", outs)):
                for k, lv in enumerate(levels):
                    v = spec["mark"](idx, lv, lv in sel)
                    g.set(row, cols[kind] + k, v)
                    if lv in sel and v is not None:
                        t.marks.add(family(v))
            if "eval" in cols and (ins | outs):
                g.set(row, cols["eval"], str(max(ins | outs)))
            if note is not None and "note" in cols:
                g.set(row, cols["note"], note)
            row += 1
            idx += 1
        if not spec.get("function_rows") and present:
            g.set(first, cols["function"], fname)
            if spec.get("merge_function") and row - 1 > first:
                g.merge(first, cols["function"], row - 1, cols["function"])
        if spec.get("spacer"):
            if spec["spacer"] == "hidden":
                g.hidden_rows.add(row)
            row += 1
    for rid, level in spec.get("repeat", ()):
        no_text, role_text = spec["id_text"](idx, rid, "（再掲）")
        if "no" in cols:
            g.set(row, cols["no"], no_text)
        g.set(row, cols["role"], role_text)
        for k, lv in enumerate(levels):
            g.set(row, cols["in"] + k, spec["mark"](idx, lv, lv == level))
        t.warn(f"{g.name}!{ref(row, id_col)} ({rid}): role ID repeated (first at "
               f"{t.answers[rid][3]}); the first row is used")
        row += 1
    return cols


def render_numeric(g, t, top, left, answers_, raw=None, omit=(), repeat=()):
    """Numeric layout: 機能 | 役割 | インソース | アウトソース | 備考, the level
    as a value (every other one as full-width text); raw: role -> (side, text
    or number) written instead, and warned about unless it is a level."""
    cat = t.cat
    raw = raw or {}
    for k, text in enumerate(["機能", "役割", "インソース", "アウトソース", "備考"]):
        g.set(top, left + k, text)
    t.sheet, t.layout = g.name, "numeric"
    row = top + 1
    for i, rid in enumerate(cat.role_ids):
        if rid in omit:
            continue
        ins, outs, note = answers_[rid]
        if rid in raw:  # the raw value replaces that side's level
            ins, outs = (set(), outs) if raw[rid][0] == "insource" else (ins, set())
        r = cat.role_by_id[rid]
        g.set(row, left + 1, f"{rid} {r['name']}")
        t.role(rid, ref(row, left + 1), ins, outs, note)
        for k, (side, levels) in enumerate((("insource", ins), ("outsource", outs))):
            if levels:
                (lv,) = levels
                g.set(row, left + 2 + k, lv if i % 2 == 0 else FULLWIDTH[lv])
            if rid in raw and raw[rid][0] == side:
                v = raw[rid][1]
                g.set(row, left + 2 + k, v)
                other, olevels = (("outsource", outs) if side == "insource"
                                  else ("insource", ins))
                then = (f"{rid} is read from its {other} value alone" if olevels
                        else f"{rid} is left blank")
                t.warn(f"{g.name}!{ref(row, left + 2 + k)} ({rid}): {side} value '{v}' is "
                       f"not a level 0–5; ignored, so {then}")
        if note is not None:
            g.set(row, left + 4, note)
        row += 1
    for rid, level in repeat:
        g.set(row, left + 1, rid)
        g.set(row, left + 2, level)
        t.warn(f"{g.name}!{ref(row, left + 1)} ({rid}): role ID repeated (first at "
               f"{t.answers[rid][3]}); the first row is used")
        row += 1


def prep_sheet(name, cat, t, current, target, where="right", org=None, date=None,
               org_label="組織名", date_label="評価日", top=1):
    """準備シート: the two pattern prompts (answer right of or below each) and
    the organization and date labels with values to their right."""
    from make_samples import PROMPT_CURRENT, PROMPT_TARGET, TITLE
    g = Grid(name)
    g.set(top, 1, TITLE)
    row = top + 2
    if org is not None:
        g.set(row, 1, org_label)
        g.set(row, 2, org)
        row += 1
    if date is not None:
        g.set(row, 1, date_label)
        g.set(row, 2, date)
        row += 1
    row += 1
    for key, prompt in ((current, PROMPT_CURRENT), (target, PROMPT_TARGET)):
        g.set(row, 1, prompt)
        text = cat.pattern_by_key[key]["name"] if key in cat.pattern_by_key else key
        if where == "right":
            g.set(row, 3, text)
            row += 2
        else:
            g.set(row + 1, 1, text)
            row += 3
    t.current = current if current in cat.pattern_by_key else None
    t.target = target if target in cat.pattern_by_key else None
    return g
