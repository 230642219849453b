"""Reading nominee lists from .xlsx and from the table of a .docx (what offices send today).

Only parsing lives here; services.nominees_import resolves names and saves all
rows or none.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from thidua.lib import uploads
from thidua.lib.text import fold

# folded header text → field; the first matching prefix wins
HEADERS = [
    ("ho va ten", "name"),
    ("ho ten", "name"),
    ("ten tap the", "name"),
    ("ten", "name"),
    ("doi tuong", "kind"),
    ("loai", "kind"),
    ("nam sinh", "birth_year"),
    ("chuc vu", "position"),
    ("don vi", "position"),
    ("hinh thuc", "award"),
    ("danh hieu", "award"),
    ("ma khen thuong", "award"),
    ("thanh tich", "achievement"),
    ("giai trinh", "justification"),
    ("ly do", "justification"),
]
KINDS = {
    "ca nhan": "individual",
    "tap the": "collective",
    "ho gia dinh": "household",
    "ho": "household",
}
MAX_ROWS = 2000


@dataclass
class Row:
    line: int
    values: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str:
        return self.values.get(key, "").strip()


def _field_for(header: str) -> str | None:
    text = fold(header)
    for prefix, name in HEADERS:
        if text.startswith(prefix):
            return name
    return None


def _header(grid: list[list[str]]) -> tuple[int, list[str | None]]:
    for index, cells in enumerate(grid[:15]):
        fields = [_field_for(c) if c else None for c in cells]
        if "name" in fields and "award" in fields:
            return index, fields
    raise ValidationError(
        {
            "file": "Không tìm thấy dòng tiêu đề có cột “Họ và tên” (hoặc “Tên tập thể”) "
            "và cột “Hình thức khen thưởng”."
        }
    )


def _rows_from_grid(grid: list[list[str]]) -> list[Row]:
    index, fields = _header(grid)
    rows: list[Row] = []
    for offset, cells in enumerate(grid[index + 1 :], start=index + 2):
        values = {
            f: c for f, c in zip(fields, cells, strict=False) if f and c and c.strip()
        }
        if not values:
            continue
        if "name" not in values and len(values) == 1:
            continue  # a footer note such as "Danh sách có 12 người"
        rows.append(Row(line=offset, values=values))
    if not rows:
        raise ValidationError({"file": "Danh sách không có dòng nào."})
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": f"Danh sách quá {MAX_ROWS} dòng."})
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _checked(check: Callable[[bytes], object], data: bytes) -> None:
    try:
        check(data)
    except uploads.UploadRefused as exc:
        raise ValidationError({"file": exc.messages}) from exc


def read_xlsx(data: bytes) -> list[Row]:
    from openpyxl import load_workbook

    _checked(uploads.check_xlsx, data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValidationError(
            {"file": "Tệp không phải bảng tính .xlsx hợp lệ."}
        ) from exc
    ws = wb.worksheets[0]
    grid = [
        [_cell(v) for v in row]
        for row in ws.iter_rows(max_row=MAX_ROWS + 20, values_only=True)
    ]
    wb.close()
    return _rows_from_grid(grid)


def read_docx(data: bytes) -> list[Row]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    _checked(uploads.check_docx, data)
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise ValidationError({"file": "Tệp không phải văn bản .docx hợp lệ."}) from exc
    last_error: ValidationError | None = None
    for table in document.tables:
        grid = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        try:
            return _rows_from_grid(grid)
        except ValidationError as exc:
            last_error = exc
    raise last_error or ValidationError(
        {"file": "Văn bản không có bảng danh sách đề nghị."}
    )


def read_nominee_file(filename: str, data: bytes) -> list[Row]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    if name.endswith(".docx"):
        return read_docx(data)
    raise ValidationError({"file": "Chỉ nhận tệp .xlsx hoặc .docx."})


def kind_of(text: str) -> str | None:
    return KINDS.get(fold(text)) if text else "individual"
