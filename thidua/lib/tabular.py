"""Reading CSV/XLSX uploads into rows and writing import templates.

Headers are matched without diacritics or case, so "Mã đơn vị", "ma don vi" and
the key "ma_don_vi" name the same column. Line numbers are the spreadsheet's
(the header is line 1), so a message "Dòng 7: ..." points at the row the user sees.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from . import uploads
from .text import fold

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TabularError(ValueError):
    """The file as a whole cannot be read (wrong format, missing columns)."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    example: str = ""
    help: str = ""


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")


def _norm_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _raw_rows(content: bytes, filename: str) -> list[list[str]]:
    name = filename.lower()
    try:
        if name.endswith(".csv"):
            text = uploads.check_csv(content)
        elif name.endswith(".xlsx"):
            uploads.check_xlsx(content)
        else:
            raise TabularError("Chỉ nhận tệp .csv hoặc .xlsx.")
    except uploads.UploadRefused as exc:
        raise TabularError(exc.messages[0]) from exc
    if name.endswith(".csv"):
        dialect: type[csv.Dialect] = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            pass  # a one-column file: the default dialect reads it
        rows: list[list[str]] = []
        longest = uploads.limit("cell_chars")
        try:
            for r in csv.reader(io.StringIO(text), dialect):
                if len(r) > uploads.limit("sheet_columns"):
                    raise TabularError(
                        f"Dòng {len(rows) + 1} có {len(r)} cột, vượt giới hạn "
                        f"{uploads.limit('sheet_columns')} cột."
                    )
                if any(len(c) > longest for c in r):
                    raise TabularError(
                        f"Dòng {len(rows) + 1} có ô dài quá {longest} ký tự."
                    )
                rows.append([c.strip() for c in r])
        except csv.Error as exc:  # a cell past csv.field_size_limit, a stray quote
            raise TabularError(
                f"Tệp CSV bị lỗi ở dòng {len(rows) + 1} (có ô quá {longest} ký tự "
                "hoặc dấu ngoặc kép không đóng)."
            ) from exc
        return rows
    try:
        # the sheet's extent was checked above, so the dense grid is bounded
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own kinds for a bad file
        raise TabularError("Không đọc được tệp Excel.") from exc
    return [[_cell(c) for c in r] for r in sheet]


def read_rows(content: bytes, filename: str, columns: Sequence[Column]) -> list[Row]:
    """The non-empty data rows keyed by column key; TabularError when unreadable."""
    raw = _raw_rows(content, filename)
    if not raw:
        raise TabularError("Tệp không có dữ liệu.")
    known = {}
    for column in columns:
        known[_norm_header(column.key)] = column.key
        known[_norm_header(column.label)] = column.key
    header = [known.get(_norm_header(h)) for h in raw[0]]
    missing = [c.label for c in columns if c.required and c.key not in header]
    if missing:
        raise TabularError("Thiếu cột bắt buộc: " + ", ".join(missing) + ".")
    rows = []
    for number, cells in enumerate(raw[1:], start=2):
        values = {
            key: cell for key, cell in zip(header, cells, strict=False) if key and cell
        }
        if values:
            rows.append(Row(number, values))
    return rows


def parse_date(text: str) -> dt.date:
    """ "31/12/2020", "2020-12-31" (or an Excel date) → date; ValueError otherwise."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def template_xlsx(title: str, columns: Sequence[Column], notes: Sequence[str]) -> bytes:
    """An .xlsx with the header row and a "Hướng dẫn" sheet (examples live there so
    an untouched template imports nothing)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([c.label for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, column in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = max(14, len(column.label) + 4)
        # codes keep their leading zeros ("03388") only as text
        for row in range(2, 500):
            sheet.cell(row=row, column=i).number_format = "@"
    guide = book.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Ví dụ", "Ý nghĩa"])
    for column in columns:
        required = "có" if column.required else ""
        guide.append([column.label, required, column.example, column.help])
    guide.append([])
    for note in notes:
        guide.append([note])
    return xlsx_bytes(book)


# A cell starting with one of these is run as a formula by Excel and LibreOffice
# (a CSV cell, or an .xlsx cell typed as formula): =HYPERLINK(...) from a person's
# name would become a live link in an export (issue 11, finding 9).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A CSV cell that cannot start a formula: text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeCsvWriter:
    """csv.writer whose rows are neutralised (every CSV export writes through it)."""

    def __init__(self, out: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def xlsx_bytes(book: Workbook) -> bytes:
    """Save a workbook with every text cell kept as text: a value that starts like a
    formula is stored as a string with Excel's quote prefix, never as a formula.
    Every .xlsx export saves through here."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class ImportResult:
    """What an all-or-nothing import did: counts when it succeeded, else one message per bad row."""

    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    _lines: list[int] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def refuse(self, line: int, problems: Sequence[str]) -> None:
        """Add a row's message, kept in line order whichever pass found it."""
        at = bisect.bisect_right(self._lines, line)
        self._lines.insert(at, line)
        self.errors.insert(at, f"Dòng {line}: " + "; ".join(problems))
