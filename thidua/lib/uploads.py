"""Every file that enters the system is checked here, before any parser sees it.

A spreadsheet or document is a zip of XML: a few kilobytes can declare a sheet of
17 billion cells, a shared-string table of two billion entries, or inflate to
gigabytes. The parsers (python-calamine, openpyxl, python-docx) trust those
declarations and allocate for them, so the checks below decompress every member
themselves under a hard cap (the sizes written in the zip directory can lie) and
read the declarations before handing the bytes on. Each refusal is a Vietnamese
message; the limits are the UPLOAD_LIMITS setting (docs/decisions/0005-upload-checks.md).
"""

from __future__ import annotations

import functools
import html
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from thidua.lib import jsonbody

DEFAULT_LIMITS: dict[str, int] = {
    "max_bytes": 10 * 1024 * 1024,  # one upload
    "zip_members": 500,
    "zip_bytes": 64 * 1024 * 1024,  # all members once inflated
    "zip_ratio": 200,  # inflated : compressed, per member
    "sheet_rows": 20_000,
    "sheet_columns": 200,
    "sheet_cells": 1_000_000,
    "shared_strings": 500_000,
    "cell_chars": 32_767,  # Excel's own limit for one cell
    "docx_rows": 10_000,
    "docx_span": 64,  # columns one table cell may span
    "image_pixels": 40_000_000,
}

# What an attachment may be, by content: (kind, extension, content type).
PDF = ("pdf", "pdf", "application/pdf")
DOCX = (
    "docx",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = (
    "xlsx",
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
ODT = ("odt", "odt", "application/vnd.oasis.opendocument.text")
JPEG = ("jpeg", "jpg", "image/jpeg")
PNG = ("png", "png", "image/png")
WEBP = ("webp", "webp", "image/webp")
DOCUMENT_KINDS = (PDF, DOCX, XLSX, ODT, JPEG, PNG, WEBP)
ACCEPTED_TEXT = (
    "PDF, Word (.docx), Excel (.xlsx), OpenDocument (.odt), ảnh JPEG, PNG hoặc WebP"
)


class UploadRefused(ValidationError):
    """The file is refused before parsing; the message says why, in Vietnamese."""


def limit(name: str) -> int:
    return int(getattr(settings, "UPLOAD_LIMITS", {}).get(name, DEFAULT_LIMITS[name]))


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB".replace(".", ",")


def check_size(size: int) -> None:
    if size > limit("max_bytes"):
        raise UploadRefused(
            f"Tệp lớn hơn {_mb(limit('max_bytes'))}: hãy chia nhỏ hoặc nén ảnh trước khi tải lên."
        )
    if size == 0:
        raise UploadRefused("Tệp rỗng.")


# -- zip containers ---------------------------------------------------------------------


@dataclass
class Container:
    """A checked zip: the inflated members a parser will read, by name."""

    names: list[str]
    members: dict[str, bytes]

    def has(self, name: str) -> bool:
        return name in self.names

    def text(self, name: str) -> bytes:
        return self.members.get(name, b"")


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def _inflate(data: bytes, info: zipfile.ZipInfo, cap: int) -> bytes:
    """The member's bytes, inflated by us with at most `cap` bytes out."""
    offset = info.header_offset
    header = data[offset : offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise UploadRefused("Tệp nén bị hỏng (thiếu phần đầu của một thành phần).")
    name_len, extra_len = _LOCAL_HEADER.unpack(header)[-2:]
    start = offset + _LOCAL_HEADER.size + name_len + extra_len
    raw = data[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        raise UploadRefused("Tệp bị cắt cụt: hãy lưu lại và tải lên lần nữa.")
    if info.compress_type == zipfile.ZIP_STORED:
        out = raw
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            out = inflater.decompress(raw, cap + 1)
        except zlib.error as exc:
            raise UploadRefused("Tệp nén bị hỏng.") from exc
    else:
        raise UploadRefused("Tệp dùng kiểu nén không được hỗ trợ.")
    if len(out) > cap or len(out) != info.file_size:
        raise UploadRefused(
            "Tệp nén khai sai kích thước hoặc giải nén ra quá lớn (nghi “bom nén”)."
        )
    if zlib.crc32(out) != info.CRC:
        raise UploadRefused("Tệp nén bị hỏng (sai mã kiểm tra).")
    return out


def open_zip(data: bytes, wanted: Iterable[str] | None = None) -> Container:
    """Check a zip's members (count, inflated sizes, ratio, XML entities) and inflate
    those a parser will read (`wanted`: name prefixes; None for all)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UploadRefused("Tệp bị hỏng hoặc không đúng định dạng.") from exc
    if len(infos) > limit("zip_members"):
        raise UploadRefused(f"Tệp nén có quá {limit('zip_members')} thành phần.")
    budget = limit("zip_bytes")
    ratio = limit("zip_ratio")
    members: dict[str, bytes] = {}
    prefixes = tuple(wanted) if wanted is not None else None
    for info in infos:
        if info.flag_bits & 0x1:
            raise UploadRefused("Tệp được đặt mật khẩu: hãy bỏ mật khẩu rồi tải lên.")
        if info.file_size > budget:
            raise UploadRefused(
                f"Tệp giải nén ra quá lớn (giới hạn {_mb(limit('zip_bytes'))}, nghi “bom nén”)."
            )
        if info.file_size > ratio * max(info.compress_size, 1024):
            raise UploadRefused(
                f"Tệp nén bất thường: một thành phần giải nén ra gấp hơn {ratio} lần (nghi “bom nén”)."
            )
        if prefixes is not None and not info.filename.startswith(prefixes):
            continue
        out = _inflate(data, info, min(budget, info.file_size))
        budget -= len(out)
        if info.filename.endswith((".xml", ".rels")) and _has_doctype(out):
            raise UploadRefused("Tệp chứa khai báo XML không được phép (DOCTYPE).")
        members[info.filename] = out
    return Container([i.filename for i in infos], members)


def _has_doctype(xml: bytes) -> bool:
    # entity expansion ("billion laughs") needs a DTD; Office files never have one
    return b"<!DOCTYPE" in xml[:4096].upper() or b"<!ENTITY" in xml.upper()


# -- spreadsheets -------------------------------------------------------------------------

_CELL_REF = re.compile(rb"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"([^\"]+)\"")
_ROOT = re.compile(rb"<(\w+:)?(?:worksheet|sst)\b")
_SST = re.compile(rb"<(?:\w+:)?sst\b([^>]*)>")
_COUNT_ATTR = re.compile(rb"\b(?:count|uniqueCount)=\"(\d+)\"")


@functools.cache
def _patterns(prefix: bytes) -> dict[str, re.Pattern[bytes]]:
    """Patterns that start with a literal ("<c", "<x:row"), which the regex engine
    finds fast: a sheet of 200 000 cells is measured in about 0.2 s."""
    p = re.escape(prefix)
    return {
        "rows": re.compile(rb"<%srow[\s>/]" % p),
        "row_numbers": re.compile(rb"<%srow\s[^>]*?\br=\"(\d+)\"" % p),
        "cells": re.compile(rb"<%sc[\s>/]" % p),
        "columns": re.compile(rb"<%sc\s[^>]*?\br=\"\$?([A-Z]+)" % p),
        "strings": re.compile(rb"<%ssi[\s>/]" % p),
        "long_text": re.compile(rb"<[^<]{%d}" % limit("cell_chars")),
    }


def _prefix(xml: bytes) -> bytes:
    root = _ROOT.search(xml[:4096])
    return (root.group(1) or b"") if root else b""


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _ref(ref: bytes) -> tuple[int, int]:
    match = _CELL_REF.match(ref.strip())
    if not match:
        raise UploadRefused("Bảng tính khai báo vùng dữ liệu không hợp lệ.")
    return int(match.group(2)), _column_number(match.group(1))


def _check_extent(rows: int, columns: int, where: str) -> None:
    if rows > limit("sheet_rows"):
        raise UploadRefused(
            f"Trang tính {where} có tới {_n(rows)} dòng, vượt giới hạn {_n(limit('sheet_rows'))} dòng."
        )
    if columns > limit("sheet_columns"):
        raise UploadRefused(
            f"Trang tính {where} có tới {_n(columns)} cột, vượt giới hạn {limit('sheet_columns')} cột."
        )


def _check_text_lengths(xml: bytes, found: dict[str, re.Pattern[bytes]]) -> None:
    longest = limit("cell_chars")
    # bytes ≥ characters: only a run of that many bytes is decoded and counted
    for match in found["long_text"].finditer(xml):
        end = xml.find(b"<", match.end())
        run = xml[match.start() + 1 : end if end != -1 else len(xml)]
        text = html.unescape(run.partition(b">")[2].decode("utf-8", "replace"))
        if len(text) > longest:
            raise UploadRefused(f"Có ô dài quá {_n(longest)} ký tự.")


def _check_sheet(xml: bytes, where: str) -> None:
    dimension = _DIMENSION.search(xml[:8192])
    if dimension:
        _check_extent(*_ref(dimension.group(1).split(b":")[-1]), where)
    found = _patterns(_prefix(xml))
    numbered = [int(n) for n in found["row_numbers"].findall(xml)]
    rows = max([len(found["rows"].findall(xml)), *numbered])
    letters = set(found["columns"].findall(xml))
    columns = max((_column_number(c) for c in letters), default=0)
    _check_extent(rows, columns, where)
    if len(found["cells"].findall(xml)) > limit("sheet_cells"):
        raise UploadRefused(f"Trang tính {where} có quá {_n(limit('sheet_cells'))} ô.")
    _check_text_lengths(xml, found)


def _check_shared_strings(xml: bytes) -> None:
    most = limit("shared_strings")
    head = _SST.search(xml[:4096])
    declared = [int(n) for n in _COUNT_ATTR.findall(head.group(1))] if head else []
    found = _patterns(_prefix(xml))
    if any(n > most for n in declared) or len(found["strings"].findall(xml)) > most:
        raise UploadRefused(f"Bảng tính có quá {_n(most)} chuỗi ký tự dùng chung.")
    _check_text_lengths(xml, found)


def check_xlsx(data: bytes) -> Container:
    """An .xlsx a parser may open: no macros, every sheet within bounds."""
    check_size(len(data))
    _refuse_foreign(data, "bảng tính Excel (.xlsx)")
    book = open_zip(data, wanted=("xl/", "[Content_Types].xml"))
    if not book.has("xl/workbook.xml"):
        if book.has("word/document.xml"):
            raise UploadRefused(
                "Đây là văn bản Word, không phải bảng tính Excel (.xlsx)."
            )
        raise UploadRefused("Tệp không phải bảng tính Excel (.xlsx).")
    _refuse_macros(book)
    for name, xml in book.members.items():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            _check_sheet(xml, f"“{name.rsplit('/', 1)[-1][:-4]}”")
    _check_shared_strings(book.text("xl/sharedStrings.xml"))
    return book


def _refuse_macros(book: Container) -> None:
    types = book.text("[Content_Types].xml")
    if any(n.lower().endswith("vbaproject.bin") for n in book.names) or (
        b"macroEnabled" in types
    ):
        raise UploadRefused(
            "Tệp chứa macro (.xlsm/.docm): hãy lưu lại dưới dạng tệp thường (.xlsx, .docx)."
        )


def _refuse_foreign(data: bytes, wanted: str) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadRefused(
            f"Tệp định dạng Office 97–2003 (.xls, .doc) không được hỗ trợ: hãy mở bằng Excel/Word và lưu lại thành {wanted}."
        )
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRefused(f"Tệp không phải {wanted} (nội dung không đúng định dạng).")


# -- Word -------------------------------------------------------------------------------

_TR = re.compile(rb"<w:tr\b")
_SPAN = re.compile(rb"<w:gridSpan\b[^>]*w:val=\"(\d+)\"")


def check_docx(data: bytes) -> Container:
    check_size(len(data))
    _refuse_foreign(data, "văn bản Word (.docx)")
    doc = open_zip(data, wanted=("word/", "[Content_Types].xml", "_rels/"))
    if not doc.has("word/document.xml"):
        if doc.has("xl/workbook.xml"):
            raise UploadRefused(
                "Đây là bảng tính Excel, không phải văn bản Word (.docx)."
            )
        raise UploadRefused("Tệp không phải văn bản Word (.docx).")
    _refuse_macros(doc)
    body = doc.text("word/document.xml")
    if len(_TR.findall(body)) > limit("docx_rows"):
        raise UploadRefused(f"Văn bản có quá {_n(limit('docx_rows'))} dòng bảng.")
    if any(int(n) > limit("docx_span") for n in _SPAN.findall(body)):
        raise UploadRefused("Bảng trong văn bản có ô gộp quá nhiều cột.")
    return doc


# -- CSV --------------------------------------------------------------------------------


def check_csv(data: bytes) -> str:
    """The text of a CSV upload (UTF-8), bounded like a sheet."""
    check_size(len(data))
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):
        raise UploadRefused("Tệp không phải CSV: hãy chọn đúng tệp .csv hoặc .xlsx.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRefused(
            "Tệp CSV phải được lưu với mã hóa UTF-8 (trong Excel: “CSV UTF-8”)."
        ) from exc
    if "\x00" in text:
        raise UploadRefused("Tệp CSV chứa ký tự không hợp lệ (NUL).")
    lines = text.count("\n") + 1
    if lines > limit("sheet_rows"):
        _check_extent(lines, 0, "CSV")
    return text


# -- attachments --------------------------------------------------------------------------


def sniff(data: bytes) -> tuple[str, str, str] | None:
    """(kind, extension, content type) of an allowed document, judged by content."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if not data.startswith(b"PK\x03\x04"):
        return None
    box = open_zip(data, wanted=("mimetype", "[Content_Types].xml"))
    _refuse_macros(box)
    if box.text("mimetype").strip() == ODT[2].encode():
        return ODT
    if box.has("word/document.xml"):
        return DOCX
    if box.has("xl/workbook.xml"):
        return XLSX
    return None


def check_document(data: bytes) -> tuple[str, str, str]:
    """An attachment's kind by content, or UploadRefused naming what is accepted."""
    check_size(len(data))
    kind = sniff(data)
    if kind is None:
        raise UploadRefused(f"Loại tệp không được nhận. Chỉ nhận: {ACCEPTED_TEXT}.")
    if kind in (JPEG, PNG, WEBP):
        check_image(data)
    return kind


def check_image(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > limit("image_pixels"):
                raise UploadRefused(
                    f"Ảnh quá lớn ({width}×{height} điểm ảnh): hãy thu nhỏ trước khi tải lên."
                )
            image.verify()
    except UploadRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRefused("Ảnh bị hỏng hoặc không đúng định dạng.") from exc
    except Image.DecompressionBombError as exc:
        raise UploadRefused("Ảnh quá lớn: hãy thu nhỏ trước khi tải lên.") from exc


def check_picture(data: bytes) -> None:
    """An image to show or print (portal photos, banners, seals): size, JPEG, PNG or
    WebP by content, then pixel count, before any image library parses it."""
    check_size(len(data))
    if sniff(data) not in (JPEG, PNG, WEBP):
        raise UploadRefused("Chỉ nhận ảnh JPEG, PNG hoặc WebP.")
    check_image(data)


def check_json(data: bytes) -> Any:
    """A JSON upload (map boundaries): bounded size and nesting, then parsed."""
    check_size(len(data))
    try:
        return jsonbody.loads(data)
    except jsonbody.JSONBodyError as exc:
        raise UploadRefused(str(exc)) from exc


def _new_upload(file: Any) -> bytes | None:
    """The first bytes a check needs of a file being uploaded; None when unchanged."""
    if file is None or getattr(file, "_committed", True):
        return None  # unchanged since it was saved
    file.seek(0)
    data: bytes = file.read(limit("max_bytes") + 1)
    file.seek(0)
    return data


def validate_document(file: Any) -> None:
    """Model field validator: an attachment allowed by content and size."""
    data = _new_upload(file)
    if data is not None:
        check_document(data)


def validate_picture(file: Any) -> None:
    """Model field validator: see check_picture."""
    data = _new_upload(file)
    if data is not None:
        check_picture(data)
