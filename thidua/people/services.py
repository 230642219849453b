"""Writes to people and their positions; refusals are Vietnamese ValidationErrors."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from thidua.lib.formats import short_date
from thidua.units.models import OrgUnit

from .models import Person, Position


def _check_person(person: Person) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not person.full_name.strip():
        errors["full_name"] = ["Chưa nhập họ và tên."]
    elif len(person.full_name) > Person._meta.get_field("full_name").max_length:
        errors["full_name"] = ["Họ và tên dài quá 120 ký tự."]
    if person.gender not in Person.Gender.values:
        errors["gender"] = ["Giới tính phải là Nam hoặc Nữ."]
    if person.target_group not in Person.TargetGroup.values:
        errors["target_group"] = [f"Đối tượng '{person.target_group}' không hợp lệ."]
    if person.birth_year is not None and not 1900 <= person.birth_year <= 2100:
        errors["birth_year"] = [f"Năm sinh {person.birth_year} không hợp lệ."]
    if len(person.ethnicity) > 40:
        errors["ethnicity"] = ["Dân tộc dài quá 40 ký tự."]
    return errors


@transaction.atomic
def person_create(
    *,
    full_name: str,
    gender: str,
    birth_year: int | None = None,
    ethnicity: str = "Kinh",
    target_group: str = Person.TargetGroup.CIVIL_SERVANT,
) -> Person:
    person = Person(
        full_name=" ".join((full_name or "").split()),
        gender=gender,
        birth_year=birth_year,
        ethnicity=(ethnicity or "Kinh").strip(),
        target_group=target_group,
    )
    errors = _check_person(person)
    if errors:
        raise ValidationError(errors)
    person.save()
    return person


@transaction.atomic
def position_create(
    *,
    person: Person,
    unit: OrgUnit,
    start_date: dt.date,
    end_date: dt.date | None = None,
    title: str = "",
    is_leader: bool = False,
) -> Position:
    """A post held in `unit`; it must fall inside the unit's validity and not
    overlap another post of the same person in the same unit."""
    errors: list[str] = []
    if end_date is not None and end_date < start_date:
        errors.append("Ngày kết thúc phải sau ngày bắt đầu.")
    elif not unit.is_valid_on(start_date):
        errors.append(f"{unit} không có hiệu lực vào ngày {short_date(start_date)}.")
    elif unit.valid_to and (end_date is None or end_date > unit.valid_to):
        errors.append(
            f"{unit} chỉ có hiệu lực đến {short_date(unit.valid_to)}: "
            "chức vụ phải kết thúc trước ngày đó."
        )
    if len(title) > Position._meta.get_field("title").max_length:
        errors.append("Chức vụ dài quá 120 ký tự.")
    if not errors and person.pk:
        overlap = Position.objects.filter(person=person, unit=unit).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start_date)
        )
        if end_date is not None:
            overlap = overlap.filter(start_date__lte=end_date)
        if overlap.exists():
            errors.append(f"{person} đã có chức vụ tại {unit} trong thời gian này.")
    if errors:
        raise ValidationError({"position": errors})
    return Position.objects.create(
        person=person,
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        title=title.strip(),
        is_leader=is_leader,
    )
