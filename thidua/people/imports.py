"""All-or-nothing import of people and their positions from CSV/XLSX.

One row is one position. Rows of the same file with the same name, birth year
and gender describe the same person (several positions over time); when that
person already has a post in the row's unit, the import updates them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.accounts.models import User
from thidua.core import audit
from thidua.lib.tabular import Column, ImportResult, Row, parse_date, read_rows
from thidua.lib.text import fold, name_key
from thidua.units.access import editable_unit_ids
from thidua.units.services import unit_by_code

from .models import Person, Position
from .services import person_create, person_update, position_create, position_update

COLUMNS = [
    Column("ho_ten", "Họ và tên", True, "Lò Văn Hùng"),
    Column("gioi_tinh", "Giới tính", True, "Nam", "Nam hoặc Nữ."),
    Column("nam_sinh", "Năm sinh", False, "1980"),
    Column("dan_toc", "Dân tộc", False, "Thái", "Trống = Kinh."),
    Column(
        "doi_tuong",
        "Đối tượng",
        False,
        "Công chức",
        "Một trong: " + "; ".join(str(x) for x in Person.TargetGroup.labels) + ".",
    ),
    Column("ma_don_vi", "Mã đơn vị", True, "111", "Đơn vị công tác (mã TCTK/nội bộ)."),
    Column("chuc_vu", "Chức vụ", False, "Chuyên viên"),
    Column("tu_ngay", "Từ ngày", True, "01/01/2018", "dd/mm/yyyy"),
    Column("den_ngay", "Đến ngày", False, "30/06/2025", "dd/mm/yyyy; trống = đến nay"),
    Column("lanh_dao", "Lãnh đạo", False, "không", "có/không"),
]
NOTES = [
    "Mỗi dòng là một chức vụ; các dòng cùng họ tên, năm sinh và giới tính là một người.",
    "Người đã có (cùng họ tên, năm sinh, giới tính và từng công tác tại đơn vị của dòng) "
    "được cập nhật, không tạo trùng; chức vụ cùng đơn vị và cùng ngày bắt đầu được sửa.",
    "Nhập toàn bộ hoặc không nhập gì: nếu một dòng có lỗi, không dòng nào được lưu.",
]
_GENDER = {"nam": Person.Gender.MALE, "nu": Person.Gender.FEMALE}
_YES = {"co", "x", "1", "yes", "true"}


def _choice(text: str, choices: Sequence[tuple[str, object]]) -> str | None:
    key = fold(text)
    for value, label in choices:
        if key in (value, fold(str(label))):
            return value
    return None


def _parse(row: Row, problems: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"full_name": " ".join(row.get("ho_ten").split())}
    data["gender"] = _GENDER.get(fold(row.get("gioi_tinh")))
    if data["gender"] is None:
        problems.append(f"giới tính '{row.get('gioi_tinh')}' phải là Nam hoặc Nữ")
    data["birth_year"] = None
    if row.get("nam_sinh"):
        try:
            data["birth_year"] = int(row.get("nam_sinh"))
        except ValueError:
            problems.append(f"năm sinh '{row.get('nam_sinh')}' không phải một năm")
    data["target_group"] = Person.TargetGroup.CIVIL_SERVANT
    if row.get("doi_tuong"):
        data["target_group"] = _choice(row.get("doi_tuong"), Person.TargetGroup.choices)
        if data["target_group"] is None:
            problems.append(f"đối tượng '{row.get('doi_tuong')}' không hợp lệ")
    for key, name, label in (
        ("tu_ngay", "start_date", "từ ngày"),
        ("den_ngay", "end_date", "đến ngày"),
    ):
        data[name] = None
        if row.get(key):
            try:
                data[name] = parse_date(row.get(key))
            except ValueError:
                problems.append(
                    f"ngày {label} '{row.get(key)}' không đúng dạng dd/mm/yyyy"
                )
    if data["start_date"] is None and not row.get("tu_ngay"):
        problems.append("chưa có ngày bắt đầu (Từ ngày)")
    if data["start_date"] is not None:
        code = row.get("ma_don_vi")
        try:
            data["unit"] = unit_by_code(code, on=data["start_date"])
        except ValidationError:
            problems.append(f"mã đơn vị '{code}' không tồn tại")
    return data


Key = tuple[str, Any, Any]


def _key(data: dict[str, Any]) -> Key:
    return (name_key(str(data["full_name"])), data["birth_year"], data["gender"])


def _existing_people(
    parsed: list[tuple[Row, dict[str, Any]]],
) -> dict[Key, list[Person]]:
    """The people each key of the file may already be: same name, birth year and
    gender, and a post in one of the key's units."""
    units: dict[Key, set[int]] = {}
    for _, data in parsed:
        units.setdefault(_key(data), set()).add(data["unit"].pk)
    found: dict[Key, list[Person]] = {}
    for key, unit_ids in units.items():
        name, birth_year, gender = key
        found[key] = [
            p
            for p in Person.objects.filter(
                search_text=fold(name),
                birth_year=birth_year,
                gender=gender,
                positions__unit_id__in=unit_ids,
            ).distinct()
            if name_key(p.full_name) == name
        ]
    return found


def people_import(*, content: bytes, filename: str, user: User) -> ImportResult:
    """Create or update the people and positions of a file; saves nothing if any row
    is refused.

    A row whose person (same name, birth year and gender) already holds or held a
    post in the row's unit updates that person instead of creating a duplicate; a
    row repeating an existing post (same unit and start date) updates the post.
    Units must be ones the user may change (a unit officer: their own subtree).
    """
    with audit.acting_as(user, f"Nhập cá nhân từ {filename}"):
        return _people_import(content, filename, user)


@transaction.atomic
def _people_import(content: bytes, filename: str, user: User) -> ImportResult:
    rows = read_rows(content, filename, COLUMNS)
    editable = editable_unit_ids(user)
    result = ImportResult()
    parsed: list[tuple[Row, dict[str, Any]]] = []
    for row in rows:
        problems: list[str] = []
        data = _parse(row, problems)
        unit = data.get("unit")
        if not problems and unit and editable is not None and unit.pk not in editable:
            problems.append(f"bạn không có quyền nhập cá nhân cho {unit}")
        if problems:
            result.refuse(row.line, problems)
        else:
            parsed.append((row, data))
    existing = _existing_people(parsed)
    created: dict[Key, Person] = {}
    updated: set[int] = set()
    for row, data in parsed:
        matches = existing[_key(data)]
        if len(matches) > 1:
            result.refuse(
                row.line,
                [
                    f"có {len(matches)} cá nhân cùng họ tên, năm sinh, giới tính từng "
                    f"công tác tại {data['unit']}: không xác định được cần cập nhật ai"
                ],
            )
            continue
        key = _key(data)
        try:
            if key in created:
                person = created[key]
            elif matches:
                person = matches[0]
                if person.pk not in updated:
                    changes = _person_fields(row, data, only_given=True)
                    person_update(person=person, **changes)
                    updated.add(person.pk)
            else:
                person = created[key] = person_create(**_person_fields(row, data))
                result.created += 1
            _save_post(person, row, data)
        except ValidationError as exc:
            result.refuse(row.line, exc.messages)
    result.updated = len(updated)
    if result.errors:
        transaction.set_rollback(True)
        result.created = result.updated = 0
    return result


def _person_fields(
    row: Row, data: dict[str, Any], *, only_given: bool = False
) -> dict[str, Any]:
    """Person fields of a row; for an update, only the optional columns filled in."""
    fields = {
        "full_name": data["full_name"],
        "gender": data["gender"],
        "birth_year": data["birth_year"],
        "ethnicity": row.get("dan_toc") or "Kinh",
        "target_group": data["target_group"],
    }
    if only_given:
        given = {"dan_toc": "ethnicity", "doi_tuong": "target_group"}
        return {field: fields[field] for key, field in given.items() if row.get(key)}
    return fields


def _save_post(person: Person, row: Row, data: dict[str, Any]) -> None:
    fields = {
        "end_date": data["end_date"],
        "title": row.get("chuc_vu"),
        "is_leader": fold(row.get("lanh_dao")) in _YES,
    }
    post = Position.objects.filter(
        person=person, unit=data["unit"], start_date=data["start_date"]
    ).first()
    if post is None:
        position_create(
            person=person, unit=data["unit"], start_date=data["start_date"], **fields
        )
    else:
        position_update(position=post, **fields)
