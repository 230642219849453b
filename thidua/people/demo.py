"""Demo: a synthetic population of a few hundred people across Lai Châu's units.

Deterministic (seeded) so tests and screenshots are stable. People of a pre-2025
commune move to its 2025 successor on 1 July 2025: their record follows them.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from thidua.units.gazetteer import LAST_OLD_DAY, REFORM_DAY
from thidua.units.models import OrgUnit
from thidua.units.selectors import successors

from .models import Person, Position

FAMILY = [
    "Nguyễn",
    "Lò",
    "Tòng",
    "Lường",
    "Vàng",
    "Giàng",
    "Hoàng",
    "Trần",
    "Lê",
    "Phạm",
    "Đỗ",
    "Sùng",
    "Chẻo",
    "Lý",
    "Tẩn",
    "Điêu",
    "Bùi",
    "Vũ",
    "Đặng",
    "Quàng",
]
MIDDLE_M = ["Văn", "A", "Đức", "Minh", "Quang", "Seo", "Công", "Hữu"]
MIDDLE_F = ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Mỹ"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Vinh",
    "Chúng",
    "Dế",
    "Páo",
]
GIVEN_F = [
    "Anh",
    "Ánh",
    "Ân",
    "Chi",
    "Dung",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Uyên",
    "Xuân",
    "Yến",
]
ETHNIC = (
    ["Kinh"] * 5
    + ["Thái"] * 4
    + ["Mông"] * 3
    + ["Dao"] * 2
    + ["Hà Nhì", "Giáy", "Lự", "Khơ Mú", "Mảng"]
)
TITLES = [
    "Chuyên viên",
    "Công chức văn phòng – thống kê",
    "Công chức địa chính",
    "Phó Chủ tịch UBND",
    "Chủ tịch UBND",
    "Giáo viên",
    "Nhân viên",
    "Công chức tư pháp – hộ tịch",
]
TARGET = {
    OrgUnit.Kind.SCHOOL: Person.TargetGroup.PUBLIC_EMPLOYEE,
    OrgUnit.Kind.ENTERPRISE: Person.TargetGroup.WORKER,
}
DEMO_SIZE = 320


def _person(rng: random.Random) -> Person:
    female = rng.random() < 0.45
    name = " ".join(
        [
            rng.choice(FAMILY),
            rng.choice(MIDDLE_F if female else MIDDLE_M),
            rng.choice(GIVEN_F if female else GIVEN_M),
        ]
    )
    return Person(
        full_name=name,
        gender=Person.Gender.FEMALE if female else Person.Gender.MALE,
        birth_year=rng.randint(1968, 1998),
        ethnicity=rng.choice(ETHNIC),
    )


def load(stdout: Any) -> None:
    if Person.objects.exists():
        stdout.write("People: already loaded")
        return
    rng = random.Random(2020)
    old_communes = list(
        OrgUnit.objects.filter(
            valid_to=LAST_OLD_DAY, kind__in=OrgUnit.COMMUNE_LEVEL
        ).order_by("code")
    )
    districts = list(
        OrgUnit.objects.filter(valid_to=LAST_OLD_DAY, kind__in=OrgUnit.DISTRICT_LEVEL)
    )
    others = list(
        OrgUnit.objects.filter(
            kind__in=[OrgUnit.Kind.AGENCY, OrgUnit.Kind.SCHOOL, OrgUnit.Kind.ENTERPRISE]
        )
    )
    farmers_units = list(OrgUnit.objects.filter(valid_from=REFORM_DAY))
    successor_of = {u.id: (successors(u) or [None])[0] for u in old_communes}  # type: ignore[list-item]
    for i in range(DEMO_SIZE):
        person = _person(rng)
        roll = i % 10
        if roll < 5:
            unit = rng.choice(old_communes)
            person.target_group = rng.choice(
                [Person.TargetGroup.CIVIL_SERVANT, Person.TargetGroup.CADRE]
            )
        elif roll < 7:
            unit = rng.choice(districts)
            person.target_group = Person.TargetGroup.CIVIL_SERVANT
        elif roll < 9:
            unit = rng.choice(others)
            person.target_group = TARGET.get(  # type: ignore[call-overload]
                unit.kind, Person.TargetGroup.PUBLIC_EMPLOYEE
            )
        else:
            unit = rng.choice(farmers_units)
            person.target_group = rng.choice(
                [Person.TargetGroup.FARMER, Person.TargetGroup.BUSINESS]
            )
        person.save()
        start = dt.date(rng.randint(2008, 2019), rng.choice([1, 4, 7, 10]), 1)
        title = (
            "Nông dân sản xuất giỏi"
            if person.target_group == Person.TargetGroup.FARMER
            else rng.choice(TITLES)
        )
        if unit.valid_to == LAST_OLD_DAY and unit.kind in OrgUnit.COMMUNE_LEVEL:
            Position.objects.create(
                person=person,
                unit=unit,
                title=title,
                start_date=start,
                end_date=LAST_OLD_DAY,
                is_leader=title.startswith(("Chủ tịch", "Phó Chủ tịch")),
            )
            if successor_of[unit.id]:
                Position.objects.create(
                    person=person,
                    unit=successor_of[unit.id],
                    title=title,
                    start_date=REFORM_DAY,
                    is_leader=title.startswith(("Chủ tịch", "Phó")),
                )
        elif unit.valid_to == LAST_OLD_DAY:
            # district staff moved to the province's agencies or a new commune in 2025
            Position.objects.create(
                person=person,
                unit=unit,
                title="Chuyên viên",
                start_date=start,
                end_date=LAST_OLD_DAY,
            )
            Position.objects.create(
                person=person,
                unit=rng.choice(others + farmers_units),
                title="Chuyên viên",
                start_date=REFORM_DAY,
            )
        else:
            Position.objects.create(
                person=person, unit=unit, title=title, start_date=start
            )
    stdout.write(f"People: {Person.objects.count()}")
