"""Helpers that walk a dossier along the path for tests (and the benchmark)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.accounts.models import RoleAssignment, User
from thidua.commendations.models import AwardType
from thidua.dossiers import services
from thidua.dossiers.models import (
    CouncilSession,
    Decision,
    Dossier,
    DossierDocument,
    Nominee,
)
from thidua.people.models import Person
from thidua.units.models import OrgUnit
from thidua.units.selectors import descendant_ids

YEAR = 2024
END = dt.date(YEAR, 12, 31)


NAMES = [
    "Trần Mỹ Ánh",
    "Vũ Đức Chúng",
    "Hoàng Ngọc Dung",
    "Giàng Minh Đức",
    "Lò Thị Hoa",
    "Tòng Văn Khánh",
]


def small_world() -> OrgUnit:
    from thidua.accounts.demo import PASSWORD, staff_group

    province = OrgUnit.objects.create(code="12", name="Tỉnh Lai Châu", kind="province")
    district = OrgUnit.objects.create(
        code="111", name="Huyện Tân Uyên", kind="district", parent=province
    )
    commune = OrgUnit.objects.create(
        code="03637", name="Xã Phúc Khoa", kind="commune", parent=district
    )
    other = OrgUnit.objects.create(
        code="106", name="Huyện Sìn Hồ", kind="district", parent=province
    )
    for i, name in enumerate(NAMES):
        person = Person.objects.create(
            full_name=name,
            gender="female" if "Thị" in name else "male",
            birth_year=1980 + i,
        )
        person.positions.create(
            unit=commune if i % 2 else district,
            title="Chuyên viên",
            start_date=dt.date(2015, 1, 1),
        )
    group = staff_group()
    Role = RoleAssignment.Role
    for username, full_name, role, unit in [
        ("tinh", "Nguyễn Thị Hạnh", Role.PROVINCE_OFFICER, province),
        ("tanuyen", "Tòng Văn Khánh", Role.UNIT_OFFICER, district),
        ("sinho", "Lý Văn Sính", Role.UNIT_OFFICER, other),
        ("hoidong", "Hoàng Văn Sơn", Role.COUNCIL_MEMBER, province),
        ("lanhdao", "Giàng A Páo", Role.LEADER, province),
    ]:
        account = User.objects.create_user(
            username, password=PASSWORD, full_name=full_name
        )
        account.groups.add(group)
        RoleAssignment.objects.create(user=account, role=role, unit=unit)
    return province


def user(name: str) -> User:
    return User.objects.get(username=name)


def tan_uyen() -> OrgUnit:
    return OrgUnit.objects.get(code="111", valid_from=None)


def people(n: int, unit: OrgUnit | None = None) -> list[Person]:
    scope = descendant_ids([(unit or tan_uyen()).pk])
    return list(Person.objects.in_units(scope, on=END).vn_ordered()[:n])


def council_member(username: str) -> User:
    member, _ = User.objects.get_or_create(
        username=username, defaults={"full_name": username}
    )
    RoleAssignment.objects.get_or_create(
        user=member, role=RoleAssignment.Role.COUNCIL_MEMBER
    )
    return member


def attach_all(dossier: Dossier, by: User) -> None:
    for kind in DossierDocument.Kind.values:
        if kind != "other":
            services.document_attach(
                dossier=dossier,
                kind=kind,
                filename=f"{kind}.pdf",
                data=b"%PDF-1.4 test",
                by=by,
            )


def nominate(
    dossier: Dossier, persons: list[Person], code: str = "BK_TINH", **extra: Any
) -> list[Nominee]:
    award = AwardType.objects.get(code=code)
    return [
        services.nominee_add(
            dossier=dossier,
            kind="individual",
            person=p,
            award_type=award,
            justification=extra.get(
                "justification", "Thành tích nổi bật trong năm, đơn vị đề nghị."
            ),
            achievement=extra.get(
                "achievement", "Hoàn thành xuất sắc nhiệm vụ được giao."
            ),
            by=user("tanuyen"),
        )
        for p in persons
    ]


def dossier_to_council(
    n: int = 3,
    *,
    type: str = "annual",
    title: str = "Đề nghị tặng Bằng khen năm 2024",
    code: str = "BK_TINH",
) -> Dossier:
    """A Tân Uyên dossier walked to "awaiting the council"."""
    officer, office = user("tanuyen"), user("tinh")
    dossier = services.dossier_create(
        unit=tan_uyen(),
        type=type,
        year=YEAR,
        title=title,
        movement="Phong trào thi đua yêu nước",
        by=officer,
    )
    nominate(dossier, people(n), code=code)
    attach_all(dossier, officer)
    dossier = services.dossier_submit(dossier=dossier, by=officer)
    for nominee in dossier.nominees.all():
        services.nominee_review(nominee=nominee, status="accepted", by=office)
    dossier = services.dossier_accept(dossier=dossier, by=office)
    disclosure = services.disclosure_open(
        dossier=dossier, days=5, starts_on=dt.date(2025, 1, 1), by=office
    )
    services.disclosure_close(
        dossier=dossier, by=office, today=disclosure.ends_on + dt.timedelta(days=1)
    )
    dossier.refresh_from_db()
    return dossier


def passed_dossier(
    title: str = "Phiên họp xét khen thưởng năm 2024",
) -> tuple[Dossier, CouncilSession]:
    """A one-nominee dossier the (one-member) council passed."""
    dossier = dossier_to_council(1)
    office, member = user("tinh"), user("hoidong")
    session = services.session_open(
        title=title,
        held_on=dt.date(2026, 1, 10),
        dossiers=[dossier],
        members=[member],
        by=office,
    )
    services.ballot_cast(
        session=session,
        member=member,
        choices={n.pk: "yes" for n in session.agenda.all()},
    )
    services.session_close(session=session, by=office)
    session.refresh_from_db()
    dossier.refresh_from_db()
    return dossier, session


def issued_decision(issuer: OrgUnit, reason: str, number: int = 1020) -> Decision:
    """Decision no. `number` of 03/02/2026 for the 2024 achievements."""
    dossier, _ = passed_dossier()
    decision = services.decision_draft(
        issuer=issuer,
        dossiers=[dossier],
        summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        reason=reason,
        year=2026,  # decided in 2026 for the 2024 achievements
        by=user("tinh"),
    )
    return services.decision_issue(
        decision=decision,
        number=number,
        date=dt.date(2026, 2, 3),
        signer_name="Giàng A Páo",
        by=user("lanhdao"),
    )
