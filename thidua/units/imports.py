"""All-or-nothing import of units from CSV/XLSX, through the same services as the screens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.accounts.models import User
from thidua.core import audit
from thidua.lib.tabular import Column, ImportResult, Row, parse_date, read_rows
from thidua.lib.text import fold

from .access import editable_unit_ids
from .models import OrgUnit
from .services import unit_by_code, unit_create, unit_update

COLUMNS = [
    Column("ma", "Mã đơn vị", True, "03388", "Mã TCTK nếu có; mã nội bộ nếu không."),
    Column("ten", "Tên đơn vị", True, "Phường Đoàn Kết", "Tên đầy đủ, có dấu."),
    Column(
        "loai",
        "Loại",
        True,
        "Phường",
        "Một trong: " + "; ".join(str(label) for label in OrgUnit.Kind.labels) + ".",
    ),
    Column(
        "ma_cap_tren",
        "Mã đơn vị cấp trên",
        False,
        "12",
        "Đơn vị cấp trên phải có sẵn hoặc nằm ở dòng phía trên.",
    ),
    Column("hieu_luc_tu", "Hiệu lực từ", False, "01/07/2025", "dd/mm/yyyy"),
    Column(
        "hieu_luc_den", "Hiệu lực đến", False, "", "dd/mm/yyyy; trống = còn hiệu lực"
    ),
]
NOTES = [
    "Nhập toàn bộ hoặc không nhập gì: nếu một dòng có lỗi, không dòng nào được lưu.",
    "Đơn vị đã có (cùng mã và cùng ngày hiệu lực từ) được cập nhật.",
]
_KIND_ALIASES = {
    "tinh": OrgUnit.Kind.PROVINCE,
    "thanh pho": OrgUnit.Kind.CITY,
    "so": OrgUnit.Kind.AGENCY,
    "co quan": OrgUnit.Kind.AGENCY,
    "doanh nghiep": OrgUnit.Kind.ENTERPRISE,
    "hop tac xa": OrgUnit.Kind.ENTERPRISE,
    "truong": OrgUnit.Kind.SCHOOL,
    "bo": OrgUnit.Kind.MINISTRY,
    "ban": OrgUnit.Kind.AGENCY,
    "nganh": OrgUnit.Kind.AGENCY,
    "vu": OrgUnit.Kind.AGENCY,
    "cuc": OrgUnit.Kind.AGENCY,
    "vien": OrgUnit.Kind.AGENCY,
    "doan the": OrgUnit.Kind.MASS_ORG,
    "hoi": OrgUnit.Kind.MASS_ORG,
    "mat tran": OrgUnit.Kind.MASS_ORG,
}


def parse_kind(text: str) -> str | None:
    key = fold(text)
    for value, label in OrgUnit.Kind.choices:
        if key in (value, fold(str(label))):
            return value
    return _KIND_ALIASES.get(key)


def _row_fields(row: Row, problems: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {"code": row.get("ma"), "name": row.get("ten")}
    kind = parse_kind(row.get("loai"))
    if kind is None:
        problems.append(f"loại đơn vị '{row.get('loai')}' không hợp lệ")
    fields["kind"] = kind
    for key, name, label in (
        ("hieu_luc_tu", "valid_from", "hiệu lực từ"),
        ("hieu_luc_den", "valid_to", "hiệu lực đến"),
    ):
        fields[name] = None
        if row.get(key):
            try:
                fields[name] = parse_date(row.get(key))
            except ValueError:
                problems.append(
                    f"ngày {label} '{row.get(key)}' không đúng dạng dd/mm/yyyy"
                )
    parent_code = row.get("ma_cap_tren")
    fields["parent"] = None
    if parent_code and not problems:
        day = fields["valid_from"] or fields["valid_to"] or dt.date.today()
        try:
            fields["parent"] = unit_by_code(parent_code, on=day)
        except ValidationError:
            problems.append(f"mã đơn vị cấp trên '{parent_code}' không tồn tại")
    return fields


def units_import(*, content: bytes, filename: str, user: User) -> ImportResult:
    """Create or update the units of a file; saves nothing if any row is refused.

    A unit officer may only add or change units below their own unit.
    """
    with audit.acting_as(user, f"Nhập đơn vị từ {filename}"):
        return _units_import(content, filename, user)


@transaction.atomic
def _units_import(content: bytes, filename: str, user: User) -> ImportResult:
    rows = read_rows(content, filename, COLUMNS)
    editable = editable_unit_ids(user)
    result = ImportResult()
    for row in rows:
        problems: list[str] = []
        fields = _row_fields(row, problems)
        if problems:
            result.refuse(row.line, problems)
            continue
        parent = fields["parent"]
        existing = OrgUnit.objects.filter(
            code=fields["code"], valid_from=fields["valid_from"]
        ).first()
        if editable is not None and (
            (existing is not None and existing.pk not in editable)
            or not isinstance(parent, OrgUnit)
            or parent.pk not in editable
        ):
            result.refuse(
                row.line,
                [f"bạn không có quyền thêm hoặc sửa đơn vị '{fields['code']}'"],
            )
            continue
        try:
            if existing is None:
                unit = unit_create(**fields)
                result.created += 1
            else:
                unit = unit_update(unit=existing, **fields)
                result.updated += 1
        except ValidationError as exc:
            result.refuse(row.line, exc.messages)
            continue
        if editable is not None:
            editable.add(unit.pk)
    if result.errors:
        transaction.set_rollback(True)
        result.created = result.updated = 0
    return result
