"""The small world of the persona matrix: every object belongs to Huyện Tân Uyên, and
one account per persona (its own officer, the officer of another district, the bloc's
head, province officer, council member, leader, portal editor, superuser)."""

from __future__ import annotations

from typing import Any

from thidua.accounts.models import ApiToken, RoleAssignment, User
from thidua.accounts.services import api_token_create
from thidua.commendations.catalogue import load_catalogue
from thidua.commendations.models import AwardRecord, AwardType
from thidua.dossiers.models import CouncilSession
from thidua.dossiers.tests.factories import issued_decision, small_world, tan_uyen
from thidua.emulation.models import (
    Indicator,
    Pledge,
    Registration,
    ReportingPeriod,
    ScoringTable,
)
from thidua.forwarding.models import Forwarding
from thidua.people.models import Person
from thidua.units.models import BlocMembership, EmulationBloc

PERSONAS = {
    "anonymous": None,
    "officer": "tanuyen",
    "other_officer": "sinho",
    "bloc_head": "khoitruong",
    "province": "tinh",
    "council": "hoidong",
    "leader": "lanhdao",
    "editor": "bientap",
    "superuser": "admin",
}


def build() -> dict[str, int]:
    """Ids of Tân Uyên's objects, by the names the matrix's URL arguments use."""
    from thidua.accounts.demo import PASSWORD, staff_group

    load_catalogue()
    province = small_world()
    district = tan_uyen()
    bloc = EmulationBloc.objects.create(name="Khối các huyện", organiser=province)
    BlocMembership.objects.create(bloc=bloc, unit=district, year=2024)
    for username, role, extra in [
        ("khoitruong", RoleAssignment.Role.BLOC_HEAD, {"bloc": bloc}),
        ("bientap", RoleAssignment.Role.PORTAL_EDITOR, {"unit": province}),
    ]:
        account = User.objects.create_user(username, password=PASSWORD)
        account.groups.add(staff_group())
        RoleAssignment.objects.create(user=account, role=role, **extra)
    User.objects.create_superuser("admin", password=PASSWORD)

    decision = issued_decision(province, "Đã có thành tích xuất sắc")
    item = decision.items.order_by("pk").first()
    assert item is not None
    dossier = decision.dossiers.get()
    session = CouncilSession.objects.get()
    person = Person.objects.filter(positions__unit=district).order_by("pk").first()
    assert person is not None
    award = AwardRecord.objects.create(
        person=person,
        unit=district,
        award_type=AwardType.objects.get(code="BK_TINH"),
        year=2022,
    )
    forwarding = Forwarding.objects.create(
        dossier=dossier, upper_body="Thủ tướng Chính phủ"
    )
    api_token_create(user=User.objects.get(username="tanuyen"), name="Phần mềm")
    return {
        "token": ApiToken.objects.get().pk,
        "forwarding": forwarding.pk,
        "unit": district.pk,
        "bloc": bloc.pk,
        "person": person.pk,
        "position": person.positions.get().pk,
        "role": RoleAssignment.objects.get(user__username="tanuyen").pk,
        "indicator": Indicator.objects.create(code="thu-ngan-sach", name="Thu").pk,
        "period": ReportingPeriod.objects.create(bloc=bloc, year=2024).pk,
        "table": ScoringTable.objects.create(bloc=bloc, year=2024, name="Bảng").pk,
        "dossier": dossier.pk,
        "document": dossier.documents.order_by("pk").values_list("pk", flat=True)[0],
        "nominee": dossier.nominees.order_by("pk").values_list("pk", flat=True)[0],
        "session": session.pk,
        "decision": decision.pk,
        "item": item.pk,
        "award": award.pk,
        "pledge": Pledge.objects.create(bloc=bloc, year=2024, unit=district).pk,
        "registration": Registration.objects.create(
            year=2024, unit=district, award_code="BK_TINH"
        ).pk,
        "year": 2024,
    }


def login(client: Any, persona: str) -> None:
    client.logout()
    username = PERSONAS[persona]
    if username:
        client.force_login(User.objects.get(username=username))
