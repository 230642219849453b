"""A commune's own bloc: its officer creates it from the menu, picks the commune's units
as members, imports the table, opens the year and finalises the ranking, with the same
engine as the province's blocs; other communes' officers and district officers cannot."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.urls import reverse

from thidua.accounts.demo import staff_group
from thidua.accounts.models import RoleAssignment, User
from thidua.emulation import services
from thidua.emulation.models import Indicator, ReportingPeriod, ScoringTable
from thidua.organisation.selectors import leader_award
from thidua.units.models import BlocMembership, EmulationBloc, OrgUnit

pytestmark = pytest.mark.django_db

SCHEME = {
    "scheme": {
        "criteria": [
            {
                "code": "van_minh",
                "indicator": "van_minh",
                "name": "Đạt chuẩn thôn văn hóa",
                "max_points": 100,
                "method": "threshold",
                "direction": "yes_no",
            }
        ]
    }
}


def _officer(username: str, unit: OrgUnit) -> User:
    user = User.objects.create_user(username, full_name=username)
    user.groups.add(staff_group())
    RoleAssignment.objects.create(
        user=user, role=RoleAssignment.Role.UNIT_OFFICER, unit=unit
    )
    return user


def test_a_communes_officer_runs_its_own_bloc(client: Any) -> None:
    province = OrgUnit.objects.create(code="99", name="Tỉnh Thử", kind="province")
    commune = OrgUnit.objects.create(
        code="99001", name="Xã Phúc Khoa", kind="commune", parent=province
    )
    neighbour = OrgUnit.objects.create(
        code="99002", name="Xã Mường Khoa", kind="commune", parent=province
    )
    villages = [
        OrgUnit.objects.create(code=code, name=name, kind="other", parent=commune)
        for code, name in [("99001-1", "Bản Nà Ít"), ("99001-2", "Bản Phiêng Phát")]
    ]
    Indicator.objects.create(
        code="van_minh", name="Đạt chuẩn thôn văn hóa", direction="yes_no"
    )
    officer = _officer("xaphuckhoa", commune)
    _officer("xamuongkhoa", neighbour)

    client.force_login(officer)
    menu = client.get("/admin/chuc-nang/").content.decode()  # the light frame's menu
    assert reverse("units:commune-blocs") in menu
    response = client.post(
        reverse("units:commune-blocs"),
        {"name": "Khối các bản xã Phúc Khoa", "kind": "bloc"},
    )
    bloc = EmulationBloc.objects.get(organiser=commune)
    assert response.url == reverse("units:bloc-members", args=[bloc.pk, 2026]) or (
        response.status_code == 302
    )
    members_url = reverse("units:bloc-members", args=[bloc.pk, 2026])
    page = client.get(members_url).content.decode()
    assert "Bản Nà Ít" in page and "Xã Mường Khoa" not in page
    refused = client.post(members_url, {"units": [villages[0].pk, neighbour.pk]})
    assert refused.status_code == 200
    assert not BlocMembership.objects.filter(bloc=bloc).exists()
    saved = client.post(members_url, {"units": [v.pk for v in villages]})
    assert saved.status_code == 302
    assert BlocMembership.objects.filter(bloc=bloc, year=2026).count() == 2

    # the same engine: the commune's officer imports the table, opens the year ...
    upload = io.BytesIO(json.dumps(SCHEME).encode())
    upload.name = "bang-diem.json"
    imported = client.post(
        reverse("emulation_admin:table_import"),
        {"bloc": bloc.pk, "year": 2026, "file": upload},
    )
    assert imported.status_code == 302, imported.content.decode()[:2000]
    table = ScoringTable.objects.get(bloc=bloc, year=2026)
    opened = client.post(
        reverse("emulation_admin:period_open", args=[bloc.pk]),
        {"year": "2026", "period": "Y"},
    )
    assert opened.status_code == 302
    period = ReportingPeriod.objects.get(bloc=bloc, year=2026)
    # ... the villages send their figures, the officer approves and finalises
    indicator = Indicator.objects.get(code="van_minh")
    for village, value in zip(villages, (0, 1), strict=True):
        services.actual_set(
            period=period, unit=village, indicator=indicator, value=value, by=officer
        )
        services.actuals_submit(period=period, unit=village, by=officer)
    client.post(reverse("emulation_admin:period_action", args=[period.pk, "approve"]))
    period.refresh_from_db()
    assert period.is_frozen
    finalised = client.post(
        reverse("emulation_admin:table_action", args=[table.pk, "finalize"])
    )
    assert finalised.status_code == 302
    ranking = client.get(reverse("emulation_admin:ranking", args=[table.pk]))
    page = ranking.content.decode()
    # first with 100 points, proposed for the commune chair's Giấy khen
    assert (
        f"Đơn vị dẫn đầu, đề nghị tặng {leader_award(commune)}: "
        "<strong>Bản Phiêng Phát</strong>"
    ) in page
    assert (
        leader_award(commune) == "Giấy khen của Chủ tịch Ủy ban nhân dân xã Phúc Khoa"
    )

    # another commune's officer neither manages this bloc nor adjusts its table
    client.force_login(User.objects.get(username="xamuongkhoa"))
    assert client.get(members_url).status_code == 404
    again = client.post(
        reverse("emulation_admin:table_action", args=[table.pk, "reopen"]),
        {"reason": "Mở lại để sửa"},
    )
    assert again.status_code == 404
