"""Drop-down form controls (combo boxes and list boxes) as Excel writes them,
for tools/fixture_habits.py: a maturity tool's answer per role side (or per
role) is the 1-based index of the chosen item of a list range, kept in the
control's linked cell and in its `sel`.

  ctrlProps  <controls> in the sheet (anchor from/to cells) and
             xl/ctrlProps/ctrlPropN.xml:
             <formControlPr objectType="Drop" dropLines="8" dropStyle="combo"
             dx="26" fmlaLink="$H$5" fmlaRange="リスト!$A$1:$A$7" noThreeD="1"
             sel="4" val="0"/>   (list box: objectType="List" selType="single")
             [MS-XLSX] 2.6.65 CT_FormControlPr.
  vml        the legacy drawing: <x:ClientData ObjectType="Drop"> (or "List")
             with <x:Anchor>, <x:FmlaLink>, <x:FmlaRange>, <x:Sel>,
             <x:DropStyle>Combo</x:DropStyle>, <x:DropLines>, <x:SelType>
             ([ISO/IEC 29500-4] 20.1 VML ClientData).

A drop-down is a dict: row, col (the 1-based cell it lies over), kind
("Drop" or "List"), link ("$H$5" or None: the index only in sel), range
(the fmlaRange text), sel (1-based index or 0), lines (dropLines).

attach_*() add the controls to a hand-written Grid (fixture_grid.ooxml_book);
splice() adds them to a workbook another program wrote.
"""
import io
import re
import zipfile
from xml.sax.saxutils import escape

from fixture_controls import CT_CTRL, CTRL_REL, MC, VML_REL, XDR
from fixture_grid import XML_HEAD, zip_bytes

X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _anchor(d):
    col, row = d["col"], d["row"]
    return (f'<anchor moveWithCells="1"><from xmlns:xdr="{XDR}"><xdr:col>{col - 1}</xdr:col>'
            f'<xdr:colOff>9525</xdr:colOff><xdr:row>{row - 1}</xdr:row><xdr:rowOff>9525'
            f'</xdr:rowOff></from><to xmlns:xdr="{XDR}"><xdr:col>{col}</xdr:col><xdr:colOff>0'
            f'</xdr:colOff><xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></to></anchor>')


def ctrlprops_parts(drops, first_id=1):
    """(<controls> xml, sheet relationships, parts, content-type overrides)."""
    xml, rels, parts, types = [f'<controls xmlns:r="{R_NS}">'], [], [], []
    for i, d in enumerate(drops, start=first_id):
        name = ("Drop Down" if d["kind"] == "Drop" else "List Box") + f" {i}"
        xml.append(f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x14">'
                   f'<control shapeId="{1024 + i}" r:id="rIdD{i}" name="{name}">'
                   f'<controlPr defaultSize="0" autoLine="0" autoPict="0">{_anchor(d)}'
                   f'</controlPr></control></mc:Choice><mc:Fallback><control shapeId='
                   f'"{1024 + i}" r:id="rIdD{i}" name="{name}"/></mc:Fallback>'
                   '</mc:AlternateContent>')
        rels.append((f"rIdD{i}", CTRL_REL, f"../ctrlProps/ctrlProp{i}.xml"))
        link = f' fmlaLink="{escape(d["link"])}"' if d.get("link") else ""
        if d["kind"] == "Drop":
            attrs = (f'objectType="Drop" dropLines="{d.get("lines", 8)}" dropStyle="combo" '
                     f'dx="26"{link} fmlaRange="{escape(d["range"])}" noThreeD="1" '
                     f'sel="{d["sel"]}" val="0"')
        else:
            attrs = (f'objectType="List" dx="26"{link} fmlaRange="{escape(d["range"])}" '
                     f'noThreeD="1" sel="{d["sel"]}" selType="single" val="0"')
        parts.append((f"xl/ctrlProps/ctrlProp{i}.xml",
                      XML_HEAD + f'<formControlPr xmlns="{X14}" {attrs}/>'))
        types.append(f'<Override PartName="/xl/ctrlProps/ctrlProp{i}.xml" '
                     f'ContentType="{CT_CTRL}"/>')
    xml.append("</controls>")
    return "".join(xml), rels, parts, "".join(types)


def vml_part(drops, first_id=1):
    """The legacy VML drawing of the drop-downs (not well-formed, as Excel's)."""
    out = ['<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-'
           'com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
           ' <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>'
           '<v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" '
           'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path '
           'shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/>'
           '<o:lock v:ext="edit" shapetype="t"/></v:shapetype>\n']
    for i, d in enumerate(drops, start=first_id):
        col, row = d["col"], d["row"]
        body = [f'  <x:Anchor>\n   {col - 1}, 1, {row - 1}, 1, {col}, 0, {row}, 0</x:Anchor>',
                "  <x:AutoFill>False</x:AutoFill>"]
        if d.get("link"):
            body.append(f"  <x:FmlaLink>{escape(d['link'])}</x:FmlaLink>")
        body.append(f"  <x:FmlaRange>{escape(d['range'])}</x:FmlaRange>")
        body.append(f"  <x:Val>0</x:Val>\n  <x:Sel>{d['sel']}</x:Sel>")
        if d["kind"] == "Drop":
            body.append(f"  <x:DropStyle>Combo</x:DropStyle>\n  <x:DropLines>"
                        f"{d.get('lines', 8)}</x:DropLines>")
        else:
            body.append("  <x:SelType>Single</x:SelType>")
        out.append(f'<v:shape id="_x0000_s{1024 + i}" type="#_x0000_t201" style="position:'
                   f'absolute;z-index:{i}" stroked="f" strokecolor="windowText [64]" '
                   'o:insetmode="auto"><o:lock v:ext="edit" rotation="t" text="t"/>'
                   f'<x:ClientData ObjectType="{d["kind"]}">\n  <x:MoveWithCells/>\n'
                   + "\n".join(body) + "\n  <x:NoThreeD/>\n</x:ClientData></v:shape>\n")
    out.append("</xml>")
    return "".join(out)


def attach_ctrlprops(grid, drops, with_vml=False):
    xml, rels, parts, types = ctrlprops_parts(drops)
    if with_vml:
        grid.extra_xml += '<legacyDrawing r:id="rIdV1"/>'
        grid.rels.append(("rIdV1", VML_REL, "../drawings/vmlDrawing1.vml"))
        parts.append(("xl/drawings/vmlDrawing1.vml", vml_part(drops)))
    grid.extra_xml += xml
    grid.rels += rels
    return parts, types


def attach_vml(grid, drops):
    grid.extra_xml += '<legacyDrawing r:id="rIdV1"/>'
    grid.rels.append(("rIdV1", VML_REL, "../drawings/vmlDrawing1.vml"))
    return [("xl/drawings/vmlDrawing1.vml", vml_part(drops))], ""


def _sheet_part(parts, sheet_name):
    wb = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    m = re.search(r'<(?:\w+:)?sheet [^>]*name="' + re.escape(escape(sheet_name)) + r'"[^>]*/>', wb)
    rid = re.search(r'r:id="([^"]+)"', m.group(0)).group(1)
    rel = next(r for r in re.findall(r"<Relationship [^>]*/>", rels) if f'Id="{rid}"' in r)
    target = re.search(r'Target="([^"]+)"', rel).group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def splice(data, sheet_name, drops, with_vml=True):
    """The workbook with the drop-downs added to one sheet: <legacyDrawing>
    and <controls> before </worksheet> (or its tableParts / extLst), the
    ctrlProps (and VML) parts, their relationships and content types."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        order = [i.filename for i in z.infolist()]
        parts = {n: z.read(n) for n in order}
    sheet = _sheet_part(parts, sheet_name)
    xml, rels, new_parts, types = ctrlprops_parts(drops)
    insert = ""
    if with_vml:
        rels.append(("rIdV1", VML_REL, "../drawings/vmlDrawing1.vml"))
        new_parts.append(("xl/drawings/vmlDrawing1.vml", vml_part(drops)))
        insert += f'<legacyDrawing xmlns:r="{R_NS}" r:id="rIdV1"/>'
    insert += xml
    s = parts[sheet].decode()
    if "<legacyDrawing" in s or "<controls" in s:
        raise SystemExit(f"{sheet}: the writer already put a drawing there")
    cut = min(i for i in (s.find("<tableParts"), s.find("<extLst"), s.rfind("</worksheet>"))
              if i >= 0)
    parts[sheet] = (s[:cut] + insert + s[cut:]).encode()
    rels_name = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
    rel_xml = "".join(f'<Relationship Id="{a}" Type="{b}" Target="{c}"/>' for a, b, c in rels)
    if rels_name in parts:
        old = parts[rels_name].decode()
        parts[rels_name] = old.replace("</Relationships>", rel_xml + "</Relationships>").encode()
    else:
        parts[rels_name] = (XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/'
                            f'package/2006/relationships">{rel_xml}</Relationships>').encode()
        order.append(rels_name)
    ct = parts["[Content_Types].xml"].decode()
    if 'Extension="vml"' not in ct:
        types += ('<Default Extension="vml" ContentType="application/vnd.openxmlformats-'
                  'officedocument.vmlDrawing"/>')
    parts["[Content_Types].xml"] = ct.replace("</Types>", types + "</Types>").encode()
    for name, body in new_parts:
        parts[name] = body.encode() if isinstance(body, str) else body
        order.append(name)
    return zip_bytes([(n, parts[n]) for n in order])
