"""Word documents in the administrative layout of Decree 30/2020/NĐ-CP (Appendix I).

Used for decisions, year-end reports and minutes. The builder fixes the layout
(A4, margins, Times New Roman 13–14, header table with issuing body and the
national motto, number and symbol, place and date, title, signature block,
"Nơi nhận"); callers supply only the content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from .formats import long_date

FONT = "Times New Roman"
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Article:
    """ "Điều 1." followed by its text; extra paragraphs become clauses."""

    text: str
    clauses: Sequence[str] = ()


@dataclass
class OfficialDocument:
    issuing_body: str  # "ỦY BAN NHÂN DÂN TỈNH …" (organisation settings)
    doc_type: str  # "QUYẾT ĐỊNH", "BÁO CÁO", "BIÊN BẢN"
    summary: str  # "Về việc tặng danh hiệu ..."
    place: str = ""  # "Tuyên Quang" → "Tuyên Quang, ngày … tháng … năm …"
    date: dt.date | None = None  # None leaves "ngày … tháng … năm …" for a draft
    number: str = ""  # "15/QĐ-UBND"; empty shows "Số:      /QĐ-UBND" on a draft
    symbol: str = ""  # used with an empty number: "QĐ-UBND"
    superior_body: str = ""  # the body above the issuer, e.g. "UBND TỈNH …"
    authority: str = ""  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", "BỘ TRƯỞNG BỘ …"
    grounds: Sequence[str] = ()  # "Căn cứ ...;" lines
    articles: Sequence[Article] = ()
    paragraphs: Sequence[str] = ()  # body of reports (after articles if both)
    recipients: Sequence[str] = ()
    signature_capacity: Sequence[str] = ()  # ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    signer: str = ""
    headings: dict[int, str] = field(default_factory=dict)  # paragraph index → heading


def _font(run: Any, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _para(
    container: Any,
    text: str,
    size: float = 14,
    *,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    first_line: float | None = None,
    after: float = 6,
) -> Paragraph:
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if first_line:
        fmt.first_line_indent = Mm(first_line)
    if text:
        _font(p.add_run(text), size, bold, italic)
    return p


def _rule_below(paragraph: Paragraph) -> None:
    """The short horizontal line under the issuer and the motto (a bottom border)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("val", "single"),
        ("sz", "6"),
        ("space", "1"),
        ("color", "000000"),
    ):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    p_pr.append(borders)


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def new_document(*, landscape: bool = False) -> DocxDocument:
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    return document


def number_line(doc: OfficialDocument) -> str:
    if doc.number:
        return f"Số: {doc.number}"
    return f"Số:        /{doc.symbol}" if doc.symbol else "Số:"


def place_date_line(doc: OfficialDocument) -> str:
    when = long_date(doc.date) if doc.date else "ngày      tháng      năm"
    return f"{doc.place}, {when}" if doc.place else when[:1].upper() + when[1:]


def build(doc: OfficialDocument) -> DocxDocument:
    document = new_document()
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(header)
    left, right = header.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    left.paragraphs[0].text = ""
    center = WD_ALIGN_PARAGRAPH.CENTER
    if doc.superior_body:
        p = left.paragraphs[0]
        p.alignment = center
        _font(p.add_run(doc.superior_body.upper()), 13)
        issuer = _para(
            left, doc.issuing_body.upper(), 13, bold=True, align=center, after=0
        )
    else:
        issuer = left.paragraphs[0]
        issuer.alignment = center
        _font(issuer.add_run(doc.issuing_body.upper()), 13, bold=True)
    _rule_below(issuer)
    _para(left, number_line(doc), 13, align=center, after=0)
    motto = right.paragraphs[0]
    motto.alignment = center
    _font(motto.add_run(MOTTO_1), 13, bold=True)
    second = _para(right, MOTTO_2, 14, bold=True, align=center, after=0)
    _rule_below(second)
    _para(right, place_date_line(doc), 14, italic=True, align=center, after=0)

    _para(document, "", after=0)
    _para(document, doc.doc_type.upper(), 14, bold=True, align=center, after=0)
    _para(document, doc.summary, 14, bold=True, align=center, after=12)
    if doc.authority:
        _para(document, doc.authority.upper(), 14, bold=True, align=center, after=12)
    for ground in doc.grounds:
        _para(document, ground, 14, italic=True, first_line=12.7)
    if doc.articles:
        if doc.doc_type.upper() == "QUYẾT ĐỊNH":
            _para(document, "QUYẾT ĐỊNH:", 14, bold=True, align=center, after=6)
        for i, article in enumerate(doc.articles, start=1):
            p = _para(document, "", 14, first_line=12.7)
            _font(p.add_run(f"Điều {i}. "), 14, bold=True)
            _font(p.add_run(article.text), 14)
            for clause in article.clauses:
                _para(document, clause, 14, first_line=12.7)
    for i, text in enumerate(doc.paragraphs):
        if i in doc.headings:
            _para(document, doc.headings[i], 14, bold=True, first_line=12.7)
        _para(document, text, 14, first_line=12.7)

    footer = document.add_table(rows=1, cols=2)
    _no_borders(footer)
    left, right = footer.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    if doc.recipients:
        p = left.paragraphs[0]
        _font(p.add_run("Nơi nhận:"), 12, bold=True, italic=True)
        for r in doc.recipients:
            _para(left, f"- {r}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    sign = right.paragraphs[0]
    sign.alignment = center
    for i, line in enumerate(doc.signature_capacity):
        target = sign if i == 0 else _para(right, "", 14, align=center, after=0)
        _font(target.add_run(line.upper()), 14, bold=True)
    _para(right, "", 14, after=48, align=center)
    if doc.signer:
        _para(right, doc.signer, 14, bold=True, align=center)
    return document


def attachment(
    issuing_body: str, title: str, reference: str, *, landscape: bool = True
) -> DocxDocument:
    """A list sent with a document (Decree 30/2020, Appendix I: an annex carries no
    number of its own, only "(Kèm theo … số … ngày … của …)" under its title)."""
    document = new_document(landscape=landscape)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(document, issuing_body.upper(), 13, bold=True, align=center, after=6)
    _para(document, title.upper(), 14, bold=True, align=center, after=0)
    _para(document, f"({reference})", 14, italic=True, align=center, after=12)
    return document


def add_table(
    document: DocxDocument,
    headers: Sequence[str],
    rows: Sequence[Sequence[object] | str],
    *,
    title: str = "",
    size: float = 12,
) -> None:
    """A bordered table (annex lists, money tables), optionally titled; a row given
    as a string is a group heading across the whole table ("I. Huân chương …")."""
    if title:
        _para(document, title, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(str(text)), size, bold=True)
    for row in rows:
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])
            _font(merged.paragraphs[0].add_run(row), size, bold=True)
            continue
        for cell, value in zip(cells, row, strict=True):
            _font(cell.paragraphs[0].add_run("" if value is None else str(value)), size)


def document_text(document: DocxDocument) -> str:
    """All text of a document, tables included (for tests and search)."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
