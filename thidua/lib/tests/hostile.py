"""A corpus of hostile files, made at test time (nothing binary is committed).

Each entry is (name, filename, bytes). Every one must be refused by every upload
path with a Vietnamese message, quickly and without saving anything.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Callable

from openpyxl import Workbook

HostileFile = tuple[str, str, bytes]


def plain_xlsx(rows: list[list[object]] | None = None) -> bytes:
    book = Workbook()
    for row in rows or [["Họ và tên", "Hình thức khen thưởng"], ["Lò Văn A", "GK"]]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def real_sheet(rows: int) -> bytes:
    """A genuine people sheet of `rows` data rows × 10 columns (the size officers send)."""
    book = Workbook()
    book.active.append(["Họ và tên", "Giới tính"] + [f"Cột {i}" for i in range(8)])
    for r in range(rows):
        book.active.append(
            [
                f"Nguyễn Văn {r}",
                "Nam",
                1980,
                "Kinh",
                "x",
                "03598",
                "y",
                "01/01/2015",
                "",
                "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_zip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A copy of a zip with each member passed through `change` (None drops it)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = change(info.filename, src.read(info))
            if body is not None:
                dst.writestr(info.filename, body)
    return out.getvalue()


def add_members(data: bytes, extra: dict[str, bytes]) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as dst:
        for name, body in extra.items():
            dst.writestr(name, body)
    return out.getvalue()


def _sheet(change: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    def apply(name: str, body: bytes) -> bytes:
        return change(body) if name == "xl/worksheets/sheet1.xml" else body

    return apply


def dimension_bomb() -> bytes:
    """The 1.8 KB file of finding 1: the sheet declares A1:XFD1048576."""
    return rewrite_zip(
        plain_xlsx(),
        _sheet(
            lambda xml: xml.replace(
                b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>'
            )
        ),
    )


def far_cell() -> bytes:
    """No dimension, but one cell in the last row and column."""
    return rewrite_zip(
        plain_xlsx(),
        _sheet(
            lambda xml: xml.replace(b'<dimension ref="A1:B2"/>', b"").replace(
                b"</sheetData>",
                b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>',
            )
        ),
    )


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def raw_xlsx(
    sheet_data: str, strings: str, *, sst_attrs: str = "", head: str = ""
) -> bytes:
    """An .xlsx written by hand (openpyxl refuses to write what a hostile file holds)."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{head}'
            f"<sheetData>{sheet_data}</sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"{sst_attrs}>'
            f"{strings}</sst>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            book.writestr(name, text.encode())
    return out.getvalue()


HEADER_ROW = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
HEADER_STRINGS = "<si><t>Họ và tên</t></si><si><t>Hình thức khen thưởng</t></si>"


def shared_strings_declared() -> bytes:
    """A shared-string table that declares two billion entries."""
    return raw_xlsx(
        HEADER_ROW,
        HEADER_STRINGS,
        sst_attrs=' count="2000000000" uniqueCount="2000000000"',
    )


def shared_strings_many() -> bytes:
    """Two million tiny shared strings: 54 KB of zip, hundreds of MB in memory."""
    return raw_xlsx(HEADER_ROW, HEADER_STRINGS + "<si><t>x</t></si>" * 2_000_000)


def long_cell() -> bytes:
    return raw_xlsx(HEADER_ROW, HEADER_STRINGS + f"<si><t>{'A' * 40_000}</t></si>")


def billion_laughs() -> bytes:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    xlsx = raw_xlsx(HEADER_ROW, HEADER_STRINGS + "<si><t>&a9;</t></si>")

    def change(name: str, body: bytes) -> bytes:
        if name == "xl/sharedStrings.xml":
            return body.replace(b"<sst ", f"<!DOCTYPE sst [{entities}]><sst ".encode())
        return body

    return rewrite_zip(xlsx, change)


def zip_bomb() -> bytes:
    """A sheet of 100 MB of spaces, deflated to about 100 KB."""
    filler = b" " * (100 * 1024 * 1024)

    def change(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return body.replace(b"<sheetData>", b"<sheetData>" + filler)
        return body

    return rewrite_zip(plain_xlsx(), change)


def lying_sizes() -> bytes:
    """The zip directory says every member is 100 bytes; the sheet inflates to 50 MB."""
    data = bytearray(
        rewrite_zip(
            plain_xlsx(),
            _sheet(
                lambda xml: xml.replace(
                    b"<sheetData>", b"<sheetData>" + b" " * 50_000_000
                )
            ),
        )
    )
    at = data.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<L", data, at + 24, 100)  # uncompressed size
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def many_members() -> bytes:
    return add_members(plain_xlsx(), {f"xl/media/x{i}.xml": b"" for i in range(5000)})


def macro_xlsm() -> bytes:
    def change(name: str, body: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return body.replace(
                b"spreadsheetml.sheet.main+xml",
                b"sheet.macroEnabled.main+xml",
            )
        return body

    return add_members(
        rewrite_zip(plain_xlsx(), change),
        {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512},
    )


def truncated() -> bytes:
    data = plain_xlsx()
    return data[: len(data) // 2]


def docx_bytes() -> bytes:
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Họ và tên"
    table.cell(0, 1).text = "Hình thức khen thưởng"
    table.cell(1, 0).text = "Lò Văn A"
    table.cell(1, 1).text = "GK"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_span_bomb() -> bytes:
    def change(name: str, body: bytes) -> bytes:
        if name == "word/document.xml":
            return body.replace(
                b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="1000000"/>', 1
            )
        return body

    return rewrite_zip(docx_bytes(), change)


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(width: int = 4, height: int = 4) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def png_pixel_bomb() -> bytes:
    """A valid PNG header declaring 100 000 × 100 000 pixels (a few hundred bytes)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">L", len(body))
            + kind
            + body
            + struct.pack(">L", zlib.crc32(kind + body))
        )

    header = struct.pack(">LLBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


HTML = b"<!doctype html><html><body><script>fetch('/admin/')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


@functools.cache
def spreadsheet_corpus() -> tuple[HostileFile, ...]:
    """What must never reach a spreadsheet parser (imports of .xlsx/.csv)."""
    return (
        ("dimension bomb", "bom-vung.xlsx", dimension_bomb()),
        ("far cell", "o-xa.xlsx", far_cell()),
        ("shared strings declared", "chuoi-khai.xlsx", shared_strings_declared()),
        ("shared strings many", "chuoi-nhieu.xlsx", shared_strings_many()),
        ("long cell", "o-dai.xlsx", long_cell()),
        ("zip bomb", "bom-nen.xlsx", zip_bomb()),
        ("lying sizes", "khai-sai.xlsx", lying_sizes()),
        ("many members", "nhieu-tep.xlsx", many_members()),
        ("billion laughs", "thuc-the.xlsx", billion_laughs()),
        ("macro", "macro.xlsx", macro_xlsm()),
        ("truncated", "cut.xlsx", truncated()),
        ("pdf renamed", "gia.xlsx", pdf_bytes()),
        ("docx renamed", "van-ban.xlsx", docx_bytes()),
        ("png renamed", "anh.xlsx", png_bytes()),
        ("old xls", "cu.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096),
        ("html renamed", "trang.xlsx", HTML),
        ("huge", "lon.xlsx", b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024)),
        (
            "csv windows-1258",
            "ds.csv",
            "Ho va ten\nĐặng Văn\n".encode("cp1258", "ignore"),
        ),
        ("csv utf16", "ds.csv", "Họ và tên\nLò Văn Á\n".encode("utf-16")),
        ("csv nul", "ds.csv", b"Ho va ten\nA\x00B\n"),
        ("csv long cell", "ds.csv", b"Ho va ten\n" + b"x" * 200_000 + b"\n"),
        ("csv wide", "ds.csv", b",".join([b"c"] * 5000) + b"\n"),
        ("csv tall", "ds.csv", b"Ho va ten\n" + b"a\n" * 100_000),
        ("csv huge", "ds.csv", b"a,b\n" * (3 * 1024 * 1024)),
        ("csv that is a zip", "ds.csv", plain_xlsx()),
        ("no extension", "danh-sach", plain_xlsx()),
        ("html", "evil.html", HTML),
    )


@functools.cache
def document_corpus() -> tuple[HostileFile, ...]:
    """What must never be stored as an attachment."""
    return (
        ("html", "evil.html", HTML),
        ("html as pdf", "evil.pdf", HTML),
        ("svg", "anh.svg", SVG),
        ("svg as png", "anh.png", SVG),
        ("macro", "bang.xlsm", macro_xlsm()),
        ("macro renamed", "bang.xlsx", macro_xlsm()),
        ("zip bomb", "bom.xlsx", zip_bomb()),
        ("lying sizes", "khai-sai.docx", lying_sizes()),
        ("truncated", "cut.docx", truncated()),
        ("pixel bomb", "anh.png", png_pixel_bomb()),
        ("broken png", "hong.png", png_bytes()[:40]),
        ("old doc", "cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096),
        ("exe", "setup.pdf", b"MZ\x90\x00" + b"\0" * 1000),
        ("plain zip", "tep.zip", add_members(b"", {"a.txt": b"hello"})),
        ("huge pdf", "lon.pdf", b"%PDF-1.4\n" + b"\0" * (11 * 1024 * 1024)),
        ("empty", "rong.pdf", b""),
    )
