"""A PDF of one of our own Decree 30 .docx files (thidua.lib.nd30), for publishing.

The .docx stays the file of record; the PDF is drawn from it, not from a second
template, so both carry the same words. It reads only what nd30 writes —
paragraphs with alignment, bold, italic, size, first-line indent and page breaks;
borderless header/footer tables and "Table Grid" tables — and renders it with
WeasyPrint (docs/decisions/0011-decision-pdf-from-docx.md)."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from weasyprint import HTML

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
_ALIGN = {
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "justify",
}
CSS = """
@font-face { font-family: Doc; src: url("%(fonts)s/LiberationSerif-Regular.ttf"); }
@font-face { font-family: Doc; font-weight: bold;
  src: url("%(fonts)s/LiberationSerif-Bold.ttf"); }
@font-face { font-family: Doc; font-style: italic;
  src: url("%(fonts)s/LiberationSerif-Italic.ttf"); }
@font-face { font-family: Doc; font-weight: bold; font-style: italic;
  src: url("%(fonts)s/LiberationSerif-BoldItalic.ttf"); }
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: Doc, "Times New Roman", serif; font-size: 14pt; line-height: 1.3; }
p { margin: 0 0 6pt; }
.break { break-after: page; }
table { border-collapse: collapse; width: 100%%; margin: 6pt 0; }
table.plain { table-layout: fixed; }
table.plain td { vertical-align: top; }
table.grid td { border: 0.6pt solid #000; padding: 2pt 4pt; vertical-align: top; }
"""


def _paragraph(p: Paragraph) -> str:
    style = []
    if p.alignment in _ALIGN:
        style.append(f"text-align:{_ALIGN[p.alignment]}")
    fmt = p.paragraph_format
    if fmt.first_line_indent:
        style.append(f"text-indent:{fmt.first_line_indent.pt:.0f}pt")
    parts, page_break = [], False
    for run in p.runs:
        if run._element.find(qn("w:br")) is not None and not run.text:
            page_break = True
            continue
        text: str = escape(run.text)
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.font.size:
            text = f'<span style="font-size:{run.font.size.pt:g}pt">{text}</span>'
        parts.append(text)
    html = f'<p style="{";".join(style)}">{"".join(parts) or "&nbsp;"}</p>'
    return html + ('<div class="break"></div>' if page_break else "")


def _table(table: Table) -> str:
    grid = table.style is not None and table.style.name == "Table Grid"
    rows = []
    for row in table.rows:
        cells = "".join(
            (f'<td style="width:{cell.width.mm:.0f}mm">' if cell.width else "<td>")
            + "".join(_paragraph(p) for p in cell.paragraphs)
            + "</td>"
            for cell in row.cells
        )
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="{"grid" if grid else "plain"}">{"".join(rows)}</table>'


def docx_html(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    body = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            body.append(_paragraph(Paragraph(child, document)))
        elif child.tag == qn("w:tbl"):
            body.append(_table(Table(child, document)))
    css = CSS % {"fonts": FONTS.as_uri()}
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<style>{css}</style></head><body>{''.join(body)}</body></html>"
    )


def pdf_from_docx(data: bytes) -> bytes:
    return HTML(string=docx_html(data)).write_pdf()
