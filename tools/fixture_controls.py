"""Option buttons (form controls) over a self-check table, hand-written as
Excel 2010+ writes them (tools/make_fixtures.py):

  ctrlProps  <controls><mc:AlternateContent>…<control r:id><controlPr><anchor>
             <from><xdr:col/><xdr:row/></from>… in the sheet, and
             xl/ctrlProps/ctrlPropN.xml <formControlPr objectType="Radio"
             checked="Checked" fmlaLink="$T$9"/>
  vml        the legacy drawing only: <x:ClientData ObjectType="Radio">
             <x:Anchor>col, dx, row, dy, …</x:Anchor><x:Checked>1</x:Checked>
             <x:FmlaLink>$T$9</x:FmlaLink> in xl/drawings/vmlDrawing1.vml

A button is (row, col, checked, link), 1-based cells.
"""
from xml.sax.saxutils import escape

from fixture_grid import XML_HEAD

XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CTRL_REL = "http://schemas.microsoft.com/office/2006/relationships/ctrlProp"
VML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
CT_CTRL = "application/vnd.ms-excel.controlproperties+xml"


def attach_ctrlprops(grid, buttons):
    """Controls on the sheet and one ctrlProp part each; returns the parts
    and the content types to add."""
    xml, parts, types = ['<controls>'], [], []
    for i, (row, col, checked, link) in enumerate(buttons, start=1):
        anchor = (f'<anchor moveWithCells="1"><from xmlns:xdr="{XDR}"><xdr:col>{col - 1}'
                  f'</xdr:col><xdr:colOff>19050</xdr:colOff><xdr:row>{row - 1}</xdr:row>'
                  f'<xdr:rowOff>9525</xdr:rowOff></from><to xmlns:xdr="{XDR}"><xdr:col>'
                  f'{col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}</xdr:row>'
                  '<xdr:rowOff>0</xdr:rowOff></to></anchor>')
        xml.append(f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x14">'
                   f'<control shapeId="{1024 + i}" r:id="rIdC{i}" name="Option Button {i}">'
                   f'<controlPr defaultSize="0" autoPict="0">{anchor}</controlPr></control>'
                   f'</mc:Choice><mc:Fallback><control shapeId="{1024 + i}" r:id="rIdC{i}" '
                   f'name="Option Button {i}"/></mc:Fallback></mc:AlternateContent>')
        grid.rels.append((f"rIdC{i}", CTRL_REL, f"../ctrlProps/ctrlProp{i}.xml"))
        attrs = ' checked="Checked"' if checked else ""
        if link:
            attrs += f' fmlaLink="{escape(link)}"'
        parts.append((f"xl/ctrlProps/ctrlProp{i}.xml", XML_HEAD +
                      '<formControlPr xmlns="http://schemas.microsoft.com/office/'
                      f'spreadsheetml/2009/9/main" objectType="Radio"{attrs} lockText="1"/>'))
        types.append(f'<Override PartName="/xl/ctrlProps/ctrlProp{i}.xml" '
                     f'ContentType="{CT_CTRL}"/>')
    xml.append("</controls>")
    grid.extra_xml += "".join(xml)
    return parts, "".join(types)


def attach_vml(grid, buttons):
    """The legacy VML drawing only (as Excel's, not well-formed XML: a <br>)."""
    shapes = ['<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-'
              'com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
              ' <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>'
              '<v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" '
              'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/></v:shapetype>\n']
    for i, (row, col, checked, link) in enumerate(buttons, start=1):
        extra = "\n  <x:Checked>1</x:Checked>" if checked else ""
        if link:
            extra += f"\n  <x:FmlaLink>{escape(link)}</x:FmlaLink>"
        shapes.append(
            f'<v:shape id="_x0000_s{1024 + i}" type="#_x0000_t201" style="position:absolute;'
            f'z-index:{i}" filled="f" stroked="f"><v:textbox><div style="text-align:left">'
            '<font face="Yu Gothic" size="220"> </font><br></div></v:textbox>'
            '<x:ClientData ObjectType="Radio">\n  <x:MoveWithCells/>\n  <x:Anchor>\n   '
            f'{col - 1}, 15, {row - 1}, 2, {col}, 10, {row - 1}, 18</x:Anchor>\n'
            f'  <x:AutoFill>False</x:AutoFill>{extra}\n  <x:NoThreeD/>\n'
            '</x:ClientData></v:shape>\n')
    shapes.append("</xml>")
    grid.extra_xml += '<legacyDrawing r:id="rIdV1"/>'
    grid.rels.append(("rIdV1", VML_REL, "../drawings/vmlDrawing1.vml"))
    return [("xl/drawings/vmlDrawing1.vml", "".join(shapes))], ""
