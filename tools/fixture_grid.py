"""Sheets as plain data, and three ways to write them (tools/make_fixtures.py).

A Grid is one worksheet: cells {(row, col): value} (1-based), merged ranges,
hidden rows and columns. A value is str, int, float, bool, datetime.date, or
Formula(text, cached). The same grids are written by

  openpyxl_book(grids)        python3-openpyxl (formulas without cached values)
  ooxml_book(grids, dialect)  hand-written SpreadsheetML (python zipfile), in
                              dialects no writer produces on request: Strict
                              namespaces, x: prefixes, cells without r,
                              inline strings, rich-text runs, .xlsm
  lxw_book(grids, path)       libxlsxwriter (through ctypes, no compiler)

Every byte is reproducible: fixed document times and zip timestamps.
"""
import ctypes
import ctypes.util
import datetime
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

import make_samples as ms
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

CORE_TIME = "2024-04-01T09:00:00Z"   # docProps/core.xml created / modified
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class Formula:
    def __init__(self, text, cached):
        self.text = text          # without '='
        self.cached = cached      # str, int or None (no cached value)


class Grid:
    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.merges = []          # (r1, c1, r2, c2)
        self.hidden_rows = set()
        self.hidden_cols = set()
        self.extra_xml = ""       # appended to a hand-written <worksheet> (controls…)
        self.rels = []            # (Id, Type, Target) of a hand-written sheet

    def set(self, row, col, value):
        if value is None:
            self.cells.pop((row, col), None)
        else:
            self.cells[(row, col)] = value

    def merge(self, r1, c1, r2, c2):
        self.merges.append((r1, c1, r2, c2))


def ref(row, col):
    return f"{get_column_letter(col)}{row}"


def excel_serial(d, date1904=False):
    base = datetime.date(1904, 1, 1) if date1904 else datetime.date(1899, 12, 30)
    return (d - base).days


# ---- openpyxl ---------------------------------------------------------------

def openpyxl_workbook():
    """A workbook whose properties do not change between runs."""
    wb = Workbook()
    props = wb.properties
    props.creator = props.lastModifiedBy = "isomm tools/make_fixtures.py"
    props.created = props.modified = datetime.datetime(2024, 4, 1, 9, 0, 0)
    return wb


def put_cells(ws, g):
    """The grid's values (formulas, dates as yyyy/mm/dd) into sheet ws."""
    for (r, c), v in sorted(g.cells.items()):
        cell = ws.cell(row=r, column=c)
        if isinstance(v, Formula):
            cell.value = "=" + v.text
        else:
            cell.value = v
            if isinstance(v, datetime.date):
                cell.number_format = "yyyy/mm/dd"


def openpyxl_book(grids, active=0, shared_strings=False):
    wb = openpyxl_workbook()
    first = True
    for g in grids:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = g.name
        put_cells(ws, g)
        for r1, c1, r2, c2 in g.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for r in g.hidden_rows:
            ws.row_dimensions[r].hidden = True
        for c in g.hidden_cols:
            ws.column_dimensions[get_column_letter(c)].hidden = True
    wb.active = active
    return ms.reproducible_xlsx(wb, shared_strings)


# ---- hand-written SpreadsheetML ---------------------------------------------

NS = {
    "transitional": {
        "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "rel": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "pkgrel": "http://schemas.openxmlformats.org/package/2006/relationships",
        "core": "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
    },
    "strict": {
        "main": "http://purl.oclc.org/ooxml/spreadsheetml/main",
        "r": "http://purl.oclc.org/ooxml/officeDocument/relationships",
        "rel": "http://purl.oclc.org/ooxml/officeDocument/relationships",
        "pkgrel": "http://schemas.openxmlformats.org/package/2006/relationships",
        "core": "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
    },
}
CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class Dialect:
    def __init__(self, strict=False, prefix="", no_r=False, strings="shared",
                 rich=None, xlsm=False, iso_dates=False):
        self.ns = NS["strict" if strict else "transitional"]
        self.prefix = prefix      # "x" -> <x:worksheet xmlns:x=…>
        self.no_r = no_r          # rows and cells without r attributes
        self.strings = strings    # "shared" or "inline"
        self.rich = rich or {}    # text -> [run, run, …] (<r><t>), last may be furigana
        self.xlsm = xlsm
        self.iso_dates = iso_dates  # dates as t="d" ISO text, else serials


def _t(text):
    sp = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f"<t{sp}>{escape(text)}</t>"


def _string_item(text, d):
    """<si>/<is> content: rich-text runs (and a phonetic run) when declared."""
    runs = d.rich.get(text)
    if not runs:
        return _t(text)
    body = "".join(f"<r><rPr><b/></rPr>{_t(r)}</r>" if i == 0 else f"<r>{_t(r)}</r>"
                   for i, r in enumerate(runs["runs"]))
    if runs.get("phonetic"):
        body += f'<rPh sb="0" eb="1">{_t(runs["phonetic"])}</rPh>'
    return body


def _sheet_xml(g, d, sst):
    p = d.prefix + ":" if d.prefix else ""
    xmlns = f'xmlns{":" + d.prefix if d.prefix else ""}="{d.ns["main"]}"'
    out = [XML_HEAD, f'<{p}worksheet {xmlns} xmlns:r="{d.ns["r"]}">']
    if g.hidden_cols:
        out.append(f"<{p}cols>")
        for c in sorted(g.hidden_cols):
            out.append(f'<{p}col min="{c}" max="{c}" width="2" hidden="1" customWidth="1"/>')
        out.append(f"</{p}cols>")
    out.append(f"<{p}sheetData>")
    rows = sorted({r for r, _ in g.cells} | g.hidden_rows)
    prev_row = 0
    for r in rows:
        cells = sorted((c, v) for (rr, c), v in g.cells.items() if rr == r)
        attrs = "" if d.no_r and r == prev_row + 1 else f' r="{r}"'
        if r in g.hidden_rows:
            attrs += ' hidden="1"'
        out.append(f"<{p}row{attrs}>")
        prev_col = 0
        for c, v in cells:
            ra = "" if d.no_r and c == prev_col + 1 else f' r="{ref(r, c)}"'
            if d.no_r and c != prev_col + 1 and r == prev_row + 1 and prev_col == 0:
                ra = f' r="{ref(r, c)}"'
            prev_col = c
            out.append(_cell_xml(p, ra, v, d, sst))
        out.append(f"</{p}row>")
        prev_row = r
    out.append(f"</{p}sheetData>")
    if g.merges:
        out.append(f'<{p}mergeCells count="{len(g.merges)}">')
        for r1, c1, r2, c2 in g.merges:
            out.append(f'<{p}mergeCell ref="{ref(r1, c1)}:{ref(r2, c2)}"/>')
        out.append(f"</{p}mergeCells>")
    out.append(g.extra_xml)
    out.append(f"</{p}worksheet>")
    return "".join(out)


def _cell_xml(p, ra, v, d, sst):
    if isinstance(v, Formula):
        f = f"<{p}f>{escape(v.text)}</{p}f>"
        if v.cached is None:
            return f"<{p}c{ra}>{f}</{p}c>"
        if isinstance(v.cached, str):
            return f'<{p}c{ra} t="str">{f}<{p}v>{escape(v.cached)}</{p}v></{p}c>'
        return f"<{p}c{ra}>{f}<{p}v>{v.cached}</{p}v></{p}c>"
    if isinstance(v, bool):
        return f'<{p}c{ra} t="b"><{p}v>{int(v)}</{p}v></{p}c>'
    if isinstance(v, (int, float)):
        return f"<{p}c{ra}><{p}v>{v}</{p}v></{p}c>"
    if isinstance(v, datetime.date):
        if d.iso_dates:
            return f'<{p}c{ra} t="d"><{p}v>{v.isoformat()}</{p}v></{p}c>'
        return f"<{p}c{ra}><{p}v>{excel_serial(v)}</{p}v></{p}c>"
    if d.strings == "inline":
        return f'<{p}c{ra} t="inlineStr"><{p}is>{_string_item(v, d)}</{p}is></{p}c>'
    if v not in sst:
        sst[v] = len(sst)
    return f'<{p}c{ra} t="s"><{p}v>{sst[v]}</{p}v></{p}c>'


def ooxml_book(grids, d, extra_parts=(), extra_types=""):
    """Bytes of a hand-written workbook. extra_parts: (name, bytes) added as
    they are (ctrlProps, VML, …); extra_types: <Default>/<Override> entries."""
    sst = {}
    sheets = [_sheet_xml(g, d, sst) for g in grids]
    ns = d.ns
    main_ct = CT_MACRO if d.xlsm else CT_MAIN
    types = ['<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
             'package.relationships+xml"/>',
             '<Default Extension="xml" ContentType="application/xml"/>',
             '<Default Extension="vml" ContentType="application/vnd.openxmlformats-'
             'officedocument.vmlDrawing"/>' if "vml" not in extra_types else "",
             f'<Override PartName="/xl/workbook.xml" ContentType="{main_ct}"/>']
    if d.xlsm:
        types.append('<Default Extension="bin" ContentType="application/'
                     'vnd.ms-office.vbaProject"/>')
    for i in range(len(grids)):
        types.append(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
                     f'ContentType="{CT_SHEET}"/>')
    if sst:
        types.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT_SST}"/>')
    types.append('<Override PartName="/docProps/core.xml" ContentType="application/'
                 'vnd.openxmlformats-package.core-properties+xml"/>')
    types.append(extra_types + "</Types>")
    pkg_rels = (f'<Relationships xmlns="{ns["pkgrel"]}">'
                f'<Relationship Id="rId1" Type="{ns["rel"]}/officeDocument" '
                'Target="xl/workbook.xml"/>'
                f'<Relationship Id="rId2" Type="{ns["core"]}" Target="docProps/core.xml"/>'
                "</Relationships>")
    p = d.prefix + ":" if d.prefix else ""
    xmlns = f'xmlns{":" + d.prefix if d.prefix else ""}="{ns["main"]}"'
    wb = [f'<{p}workbook {xmlns} xmlns:r="{ns["r"]}"><{p}workbookPr/><{p}sheets>']
    wb_rels = [f'<Relationships xmlns="{ns["pkgrel"]}">']
    for i, g in enumerate(grids):
        wb.append(f'<{p}sheet name={quoteattr(g.name)} sheetId="{i + 1}" r:id="rId{i + 1}"/>')
        wb_rels.append(f'<Relationship Id="rId{i + 1}" Type="{ns["rel"]}/worksheet" '
                       f'Target="worksheets/sheet{i + 1}.xml"/>')
    wb.append(f"</{p}sheets></{p}workbook>")
    n = len(grids)
    if sst:
        wb_rels.append(f'<Relationship Id="rId{n + 1}" Type="{ns["rel"]}/sharedStrings" '
                       'Target="sharedStrings.xml"/>')
    if d.xlsm:
        wb_rels.append(f'<Relationship Id="rId{n + 2}" Type="http://schemas.microsoft.com/'
                       'office/2006/relationships/vbaProject" Target="vbaProject.bin"/>')
    wb_rels.append("</Relationships>")
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
            'XMLSchema-instance"><dc:creator>isomm tools/make_fixtures.py</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{CORE_TIME}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{CORE_TIME}</dcterms:modified>'
            "</cp:coreProperties>")
    parts = [("[Content_Types].xml", XML_HEAD + "".join(types)),
             ("_rels/.rels", XML_HEAD + pkg_rels),
             ("docProps/core.xml", XML_HEAD + core),
             ("xl/workbook.xml", XML_HEAD + "".join(wb)),
             ("xl/_rels/workbook.xml.rels", XML_HEAD + "".join(wb_rels))]
    for i, (g, xml) in enumerate(zip(grids, sheets)):
        parts.append((f"xl/worksheets/sheet{i + 1}.xml", xml))
        if g.rels:
            rels = "".join(f'<Relationship Id="{a}" Type="{b}" Target="{c}"/>'
                           for a, b, c in g.rels)
            parts.append((f"xl/worksheets/_rels/sheet{i + 1}.xml.rels",
                          XML_HEAD + f'<Relationships xmlns="{ns["pkgrel"]}">{rels}'
                          "</Relationships>"))
    if sst:
        items = "".join(f"<si>{_string_item(t, d)}</si>" for t in sst)
        parts.append(("xl/sharedStrings.xml", XML_HEAD + f'<sst xmlns="{ns["main"]}" '
                      f'count="{len(sst)}" uniqueCount="{len(sst)}">{items}</sst>'))
    if d.xlsm:
        # not a real VBA project: nothing reads it, the file type is the point
        parts.append(("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)))
    parts += list(extra_parts)
    return zip_bytes(parts)


def zip_bytes(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data.encode("utf-8") if isinstance(data, str) else data)
    return out.getvalue()


def rezip(data):
    """The archive with fixed timestamps (libxlsxwriter stamps the time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    return zip_bytes(parts)


# ---- libxlsxwriter ----------------------------------------------------------

class _DocProps(ctypes.Structure):
    _fields_ = [(n, ctypes.c_char_p) for n in
                ("title", "subject", "author", "manager", "company", "category",
                 "keywords", "comments", "status", "hyperlink_base")] + \
               [("created", ctypes.c_long)]


def lxw_available():
    return ctypes.util.find_library("xlsxwriter") is not None


def lxw_book(grids, path):
    """Write the grids with libxlsxwriter (the library the isomm writer uses)."""
    lib = ctypes.CDLL(ctypes.util.find_library("xlsxwriter"))
    P, S, I, D = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_double
    lib.workbook_new.restype = P
    lib.workbook_new.argtypes = [S]
    lib.workbook_add_worksheet.restype = P
    lib.workbook_add_worksheet.argtypes = [P, S]
    lib.workbook_add_format.restype = P
    lib.workbook_add_format.argtypes = [P]
    lib.format_set_num_format.argtypes = [P, S]
    lib.workbook_set_properties.argtypes = [P, ctypes.POINTER(_DocProps)]
    lib.worksheet_write_string.argtypes = [P, ctypes.c_uint32, ctypes.c_uint16, S, P]
    lib.worksheet_write_number.argtypes = [P, ctypes.c_uint32, ctypes.c_uint16, D, P]
    lib.worksheet_write_boolean.argtypes = [P, ctypes.c_uint32, ctypes.c_uint16, I, P]
    lib.worksheet_write_formula_num.argtypes = [P, ctypes.c_uint32, ctypes.c_uint16, S, P, D]
    lib.worksheet_write_formula_str.argtypes = [P, ctypes.c_uint32, ctypes.c_uint16, S, P, S]
    lib.worksheet_merge_range.argtypes = [P, ctypes.c_uint32, ctypes.c_uint16,
                                          ctypes.c_uint32, ctypes.c_uint16, S, P]
    lib.workbook_close.restype = I
    lib.workbook_close.argtypes = [P]
    wb = lib.workbook_new(str(path).encode())
    props = _DocProps(author=b"isomm tools/make_fixtures.py",
                      created=int(datetime.datetime(2024, 4, 1, 9, 0, 0,
                                                    tzinfo=datetime.timezone.utc).timestamp()))
    lib.workbook_set_properties(wb, ctypes.byref(props))
    datefmt = lib.workbook_add_format(wb)
    lib.format_set_num_format(datefmt, b"yyyy/mm/dd")
    for g in grids:
        ws = lib.workbook_add_worksheet(wb, g.name.encode())
        merged = {}
        for r1, c1, r2, c2 in g.merges:
            merged[(r1, c1)] = (r2, c2)
        for (r, c), v in sorted(g.cells.items()):
            r0, c0 = r - 1, c - 1
            if (r, c) in merged:
                r2, c2 = merged.pop((r, c))
                lib.worksheet_merge_range(ws, r0, c0, r2 - 1, c2 - 1, str(v).encode(), None)
            elif isinstance(v, Formula):
                if isinstance(v.cached, str):
                    lib.worksheet_write_formula_str(ws, r0, c0, ("=" + v.text).encode(), None,
                                                    v.cached.encode())
                else:
                    lib.worksheet_write_formula_num(ws, r0, c0, ("=" + v.text).encode(), None,
                                                    float(v.cached or 0))
            elif isinstance(v, bool):
                lib.worksheet_write_boolean(ws, r0, c0, int(v), None)
            elif isinstance(v, (int, float)):
                lib.worksheet_write_number(ws, r0, c0, float(v), None)
            elif isinstance(v, datetime.date):
                lib.worksheet_write_number(ws, r0, c0, float(excel_serial(v)), datefmt)
            else:
                lib.worksheet_write_string(ws, r0, c0, v.encode(), None)
        for (r1, c1), (r2, c2) in merged.items():
            lib.worksheet_merge_range(ws, r1 - 1, c1 - 1, r2 - 1, c2 - 1, b"", None)
    if lib.workbook_close(wb) != 0:
        raise SystemExit(f"libxlsxwriter could not write {path}")
