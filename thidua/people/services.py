"""Writes to people and their positions; refusals are Vietnamese ValidationErrors."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from thidua.core import audit
from thidua.core.models import max_length
from thidua.lib.formats import short_date
from thidua.units.models import OrgUnit

from .models import Person, Position

if TYPE_CHECKING:
    from thidua.accounts.models import User


def _check_person(person: Person) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not person.full_name.strip():
        errors["full_name"] = ["Chưa nhập họ và tên."]
    elif len(person.full_name) > max_length(Person, "full_name"):
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


def _new_person(
    *,
    full_name: str,
    gender: str,
    birth_year: int | None,
    ethnicity: str,
    target_group: str,
) -> Person:
    return Person(
        full_name=" ".join((full_name or "").split()),
        gender=gender,
        birth_year=birth_year,
        ethnicity=(ethnicity or "Kinh").strip(),
        target_group=target_group,
    )


@transaction.atomic
def person_create(
    *,
    full_name: str,
    gender: str,
    birth_year: int | None = None,
    ethnicity: str = "Kinh",
    target_group: str = Person.TargetGroup.CIVIL_SERVANT,
    by: User | None = None,
) -> Person:
    person = _new_person(
        full_name=full_name,
        gender=gender,
        birth_year=birth_year,
        ethnicity=ethnicity,
        target_group=target_group,
    )
    errors = _check_person(person)
    if errors:
        raise ValidationError(errors)
    with audit.acting_as(by):
        person.save()
        return person


@transaction.atomic
def person_create_with_position(
    *,
    full_name: str,
    gender: str,
    unit: OrgUnit,
    start_date: dt.date,
    end_date: dt.date | None = None,
    birth_year: int | None = None,
    ethnicity: str = "Kinh",
    target_group: str = Person.TargetGroup.CIVIL_SERVANT,
    title: str = "",
    is_leader: bool = False,
    by: User | None = None,
) -> Person:
    """A new person and their post in `unit`, both checked before either is saved
    (a person without a post would be invisible to every unit officer)."""
    person = _new_person(
        full_name=full_name,
        gender=gender,
        birth_year=birth_year,
        ethnicity=ethnicity,
        target_group=target_group,
    )
    position = Position(
        person=person,
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        title=(title or "").strip(),
        is_leader=is_leader,
    )
    errors = _check_person(person)
    problems = _check_position(position)
    if problems:
        errors["position"] = problems
    if errors:
        raise ValidationError(errors)
    with audit.acting_as(by):
        person.save()
        position.person = person
        position.save()
        return person


PERSON_FIELDS = ("full_name", "gender", "birth_year", "ethnicity", "target_group")
POSITION_FIELDS = ("title", "is_leader", "start_date", "end_date")


@transaction.atomic
def person_update(
    *, person: Person, by: User | None = None, **fields: object
) -> Person:
    """Change some of full_name, gender, birth_year, ethnicity, target_group."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_update: unknown fields {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_name = " ".join((person.full_name or "").split())
    person.ethnicity = (person.ethnicity or "Kinh").strip()
    errors = _check_person(person)
    if errors:
        raise ValidationError(errors)
    with audit.acting_as(by):
        person.save()
        return person


def _check_position(position: Position) -> list[str]:
    """A post must fall inside its unit's validity and not overlap another post of
    the same person in the same unit."""
    unit, start_date, end_date = position.unit, position.start_date, position.end_date
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
    if len(position.title) > max_length(Position, "title"):
        errors.append("Chức vụ dài quá 120 ký tự.")
    if not errors and position.person.pk:
        overlap = (
            Position.objects.filter(person=position.person, unit=unit)
            .exclude(pk=position.pk)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
        )
        if end_date is not None:
            overlap = overlap.filter(start_date__lte=end_date)
        if overlap.exists():
            errors.append(
                f"{position.person} đã có chức vụ tại {unit} trong thời gian này."
            )
    return errors


@transaction.atomic
def position_create(
    *,
    person: Person,
    unit: OrgUnit,
    start_date: dt.date,
    end_date: dt.date | None = None,
    title: str = "",
    is_leader: bool = False,
    by: User | None = None,
) -> Position:
    """A post held in `unit` (see _check_position for the rules)."""
    position = Position(
        person=person,
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        title=(title or "").strip(),
        is_leader=is_leader,
    )
    errors = _check_position(position)
    if errors:
        raise ValidationError({"position": errors})
    with audit.acting_as(by):
        position.save()
        return position


@transaction.atomic
def position_update(
    *, position: Position, by: User | None = None, **fields: object
) -> Position:
    """Change some of title, is_leader, start_date, end_date; the unit stays (a move
    to another unit is a new post, so the record shows both)."""
    unknown = set(fields) - set(POSITION_FIELDS)
    if unknown:
        raise TypeError(f"position_update: unknown fields {sorted(unknown)}")
    position = Position.objects.select_for_update().get(pk=position.pk)
    for name, value in fields.items():
        setattr(position, name, value)
    position.title = (position.title or "").strip()
    errors = _check_position(position)
    if errors:
        raise ValidationError({"position": errors})
    with audit.acting_as(by):
        position.save()
        return position


def position_end(
    *, position: Position, end_date: dt.date, by: User | None = None
) -> Position:
    """End an open post; `end_date` is its last day. Corrections of an ended post
    go through position_update."""
    if position.end_date is not None:
        raise ValidationError(
            {
                "end_date": f"Chức vụ này đã kết thúc ngày "
                f"{short_date(position.end_date)}."
            }
        )
    return position_update(position=position, end_date=end_date, by=by)
