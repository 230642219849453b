"""A commune's unit officer in a bloc of two communes with an open period, for
the tests of sending figures and of the officer's query counts."""

from __future__ import annotations

from typing import Any

from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.services import staff_group
from thidua.emulation import services
from thidua.emulation.models import Indicator, ReportingPeriod
from thidua.units.models import BlocMembership, EmulationBloc, OrgUnit


def officer_world(indicators: int = 1, communes: int = 2) -> dict[str, Any]:
    """Every member has entered `indicators` figures, none sent yet; the officer
    is the first commune's."""
    province = OrgUnit.objects.create(code="90", name="Tỉnh Thử", kind="province")
    members = [
        OrgUnit.objects.create(
            code=f"9000{i}", name=f"Xã Thử {i}", kind="commune", parent=province
        )
        for i in range(1, communes + 1)
    ]
    bloc = EmulationBloc.objects.create(name="Khối thử", organiser=province)
    for unit in members:
        BlocMembership.objects.create(bloc=bloc, unit=unit, year=2026)
    made = [
        Indicator.objects.create(code=f"duong{i}", name=f"Đường {i}", max_value=100)
        for i in range(indicators)
    ]
    office = User.objects.create_user("vanphong", password="x", full_name="Văn phòng")
    RoleAssignment.objects.create(
        user=office, role=RoleAssignment.Role.PROVINCE_OFFICER, unit=province
    )
    officer = User.objects.create_user("canbo", password="x", full_name="Cán bộ xã")
    officer.groups.add(staff_group())
    RoleAssignment.objects.create(
        user=officer, role=RoleAssignment.Role.UNIT_OFFICER, unit=members[0]
    )
    criteria = [
        {"code": i.code, "name": i.name, "max_points": 10, "method": "minmax"}
        for i in made
    ]
    scheme = {"criteria": criteria, "total_points": 10 * indicators}
    services.table_import(bloc=bloc, year=2026, data={"scheme": scheme}, by=office)
    period = ReportingPeriod.objects.create(bloc=bloc, year=2026)
    for unit in members:
        for indicator in made:
            services.actual_set(
                period=period, unit=unit, indicator=indicator, by=office, value="90"
            )
    return {"period": period, "units": members, "office": office, "officer": officer}
