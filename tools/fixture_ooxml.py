"""Hand-written SpreadsheetML fixtures (tools/make_fixtures.py): dialects
no writer produces on request (Strict namespaces, x: prefixes, cells without
r, inline strings, .xlsm), option buttons (ctrlProps, legacy VML, linked
cells), and files isomm must refuse (err-*).
"""
import datetime
import io
import zipfile

from fixture_controls import attach_ctrlprops, attach_vml
from fixture_grid import Dialect, Formula, Grid, XML_HEAD, ooxml_book, ref, zip_bytes
from fixture_oracle import Truth, write_error
from fixture_sheets import L21, answers, dots, plain_id, prep_sheet, render_table


def fx_ooxml_table(cat, name, ext=".xlsx", mark=None, top=5):
    """A v2.1 sheet for the hand-written dialects: 準備シート + 入力シート."""
    t = Truth(cat, name, ext)
    prep = prep_sheet("準備シート", cat, t, "full-insource", "full-insource", where="right",
                      org="ニュー商会", date=datetime.date(2024, 9, 30))
    t.org, t.date, t.date_source = "ニュー商会", "2024-09-30", "sheet"
    g = Grid("入力シート")
    ov = {"A-1": ("i4", "CISO 承認済み"), "B-2": ("", None), "F-4": ("o0", None)}
    cols = render_table(g, t, {
        "top": top, "left": 1, "levels": L21, "level_label": int,
        "cols": ["function", "role", "region", "in", "out", "note"],
        "id_text": plain_id, "mark": mark or dots("●", "○"),
        "answers": answers(cat, name, ov), "merge_function": True})
    return t, prep, g, cols


def ooxml(cat, outdir):
    # Strict namespaces, rich-text shared strings (furigana left out), formula
    # cells with cached values, an ISO date cell (t="d").
    t, prep, g, cols = fx_ooxml_table(
        cat, "ooxml-strict",
        mark=lambda i, lv, sel: Formula(f"IF(TRUE,\"{'●' if sel else '○'}\")",
                                        "●" if sel else "○"))
    for (r, c), v in list(prep.cells.items()):
        if v in ("フルインソース",):
            prep.set(r, c, Formula('"フルインソース"', "フルインソース"))
    rich = {"インソース": {"runs": ["イン", "ソース"]},
            "アウトソース": {"runs": ["アウト", "ソース"], "phonetic": "アウトソース"},
            "ニュー商会": {"runs": ["ニュー", "商会"], "phonetic": "ニューショウカイ"},
            "CISO 承認済み": {"runs": ["CISO ", "承認済み"], "phonetic": "ショウニンズミ"}}
    for r in cat.roles:
        text = f"{r['id']} {r['name']}"
        rich[text] = {"runs": [r["id"], " " + r["name"]], "phonetic": "ヤクワリ"}
    d = Dialect(strict=True, rich=rich, iso_dates=True)
    (outdir / t.file).write_bytes(ooxml_book([prep, g], d))
    t.write(outdir)

    # x: prefixes on every element, rows and cells without r attributes.
    t, prep, g, _ = fx_ooxml_table(cat, "ooxml-prefixed", mark=dots("✔", None))
    (outdir / t.file).write_bytes(ooxml_book([prep, g], Dialect(prefix="x", no_r=True)))
    t.write(outdir)

    # .xlsm: a macro-enabled workbook with inline strings (rich runs too).
    t, prep, g, _ = fx_ooxml_table(cat, "ooxml-inline", ext=".xlsm", mark=dots("x", None))
    d = Dialect(strings="inline", xlsm=True,
                rich={"インソース": {"runs": ["イン", "ソース"], "phonetic": "インソース"}})
    (outdir / t.file).write_bytes(ooxml_book([prep, g], d))
    t.write(outdir)

    controls(cat, outdir)


def row_of(t, row):
    """The role whose ID is on this row."""
    return next(rid for rid, a in t.answers.items()
                if int("".join(ch for ch in a[3] if ch.isdigit())) == row)


def buttons_for(t, cols, checked=True, link_col=None, skip=()):
    """A button over every level cell of every role row; the selection
    checked (or, with link_col, told by a linked cell per row)."""
    out, links = [], {}
    for rid, (ins, outs, _, cell) in t.answers.items():
        row = int("".join(ch for ch in cell if ch.isdigit()))
        link = f"${ref(row, link_col).rstrip('0123456789')}${row}" if link_col else None
        n = 0
        for side, levels in (("in", ins), ("out", outs)):
            for lv in L21:
                n += 1
                sel = lv in levels
                if sel and link_col:
                    links[row] = n
                out.append((row, cols[side] + lv, sel and checked and rid not in skip, link))
    return out, links


def only_functions(t, functions):
    """Buttons on the rows of these functions only (keeps the files small):
    the other roles have no selection."""
    for rid, a in t.answers.items():
        if rid[0] not in functions:
            a[0].clear()
            a[1].clear()
    return {rid for rid in t.answers if rid[0] not in functions}


def controls(cat, outdir):
    hollow = lambda i, lv, sel: None  # noqa: E731  (the cells stay empty)
    # ctrlProps with checked state; one stray selected button over 領域.
    t, prep, g, cols = fx_ooxml_table(cat, "ooxml-ctrlprops", mark=hollow)
    for a in t.answers.values():
        if len(a[0]) > 1 or len(a[1]) > 1:
            raise SystemExit("one selection per side with option buttons")
    t.layout, t.controls, t.control_how = "form-controls", "ctrlProps", {"checked"}
    bare = only_functions(t, "ABC")
    bts, _ = buttons_for(t, cols)
    bts = [b for b in bts if row_of(t, b[0]) not in bare]
    row = int("".join(ch for ch in t.answers["A-3"][3] if ch.isdigit()))
    bts.append((row, cols["region"], True, None))
    t.late_warnings = [f"入力シート!{ref(row, cols['region'])} (A-3): a selected option "
                       "button is not over a level column of a role row; ignored"]
    parts, types = attach_ctrlprops(g, bts)
    (outdir / t.file).write_bytes(ooxml_book([prep, g], Dialect(), parts, types))
    t.write(outdir)

    # The legacy VML drawing only: checked buttons, and the rows of
    # function D told by linked cells instead.
    t, prep, g, cols = fx_ooxml_table(cat, "ooxml-vml", mark=hollow)
    link_col = cols["note"] + 2
    t.layout, t.controls, t.control_how = "form-controls", "vml", {"checked", "linked"}
    d_roles = {rid for rid in t.answers if rid.startswith("D-")}
    bts, _ = buttons_for(t, cols, skip=d_roles)
    lbts, links = buttons_for(t, cols, checked=False, link_col=link_col)
    d_rows = {int("".join(ch for ch in t.answers[r][3] if ch.isdigit())) for r in d_roles}
    bts = [b for b in bts if b[0] not in d_rows] + [b for b in lbts if b[0] in d_rows]
    for row in d_rows:
        if row in links:
            g.set(row, link_col, links[row])
    parts, types = attach_vml(g, bts)
    (outdir / t.file).write_bytes(ooxml_book([prep, g], Dialect(), parts, types))
    t.write(outdir)

    # ctrlProps with fmlaLink only (no checked state): each row's group of
    # twelve buttons writes the chosen one's number to a hidden column; one
    # row's cell holds 13, which names no button.
    t, prep, g, cols = fx_ooxml_table(cat, "ooxml-fmlalink", mark=hollow)
    link_col = cols["note"] + 1
    g.hidden_cols.add(link_col)
    t.layout, t.controls, t.control_how = "form-controls", "ctrlProps", {"linked"}
    bare = only_functions(t, "DE")
    bts, links = buttons_for(t, cols, checked=False, link_col=link_col)
    bts = [b for b in bts if row_of(t, b[0]) not in bare]
    for row, n in links.items():
        g.set(row, link_col, n)
    bad = t.answers["E-5"]
    bad_row = int("".join(ch for ch in bad[3] if ch.isdigit()))
    g.set(bad_row, link_col, 13)
    bad[0].clear()
    bad[1].clear()
    t.late_warnings = [f"入力シート!{ref(bad_row, link_col)} (E-5): linked cell of an option "
                       "button group holds '13', not a button number 1–12; ignored"]
    parts, types = attach_ctrlprops(g, bts)
    (outdir / t.file).write_bytes(ooxml_book([prep, g], Dialect(), parts, types))
    t.write(outdir)


# ---- files to refuse ------------------------------------------------------

def errors(outdir):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    legacy = ("this is a legacy .xls workbook or a password-protected .xlsx (OLE2 "
              "compound file)")
    files = {
        "err-legacy.xls": (ole2, legacy),
        "err-password.xlsx": (ole2[:8] + b"\x00" * 16 + b"\x3e\x00\x03\x00" + bytes(484),
                              legacy),
        "err-not-zip.xlsx": ("機能,役割,インソース,アウトソース\nA,A-1,3,\n".encode(),
                             "not an .xlsx workbook (no zip archive found)"),
        "err-word.xlsx": (zip_bytes([
            ("[Content_Types].xml", XML_HEAD + '<Types xmlns="http://schemas.openxmlformats'
             '.org/package/2006/content-types"/>'),
            ("word/document.xml", XML_HEAD + "<w:document xmlns:w=\"http://schemas."
             "openxmlformats.org/wordprocessingml/2006/main\"/>")]),
            "not an Excel workbook: the zip archive has no xl/workbook.xml; this is a "
            "Word document"),
    }
    g = Grid("入力シート")
    g.set(1, 1, "インソース")
    book = ooxml_book([g], Dialect())
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        parts = [(i.filename, z.read(i.filename)) for i in z.infolist()
                 if i.filename != "xl/worksheets/sheet1.xml"]
    files["err-missing-sheet.xlsx"] = (
        zip_bytes(parts), "sheet '入力シート' is stored in xl/worksheets/sheet1.xml, which "
        "is missing from the workbook")
    for name, (data, msg) in files.items():
        (outdir / name).write_bytes(data)
        write_error(outdir, name.rsplit(".", 1)[0], msg)
