"""Opening a period and signing a giao ước: what is refused, in Vietnamese, saving nothing.
The accepted path is walked in Chromium by thidua/tests/test_year.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from thidua.emulation import pledges, services
from thidua.emulation.models import Indicator, PlanValue, Pledge, ReportingPeriod
from thidua.units.models import BlocMembership, EmulationBloc, OrgUnit

pytestmark = pytest.mark.django_db

SCHEME = {
    "scheme": {
        "criteria": [
            {
                "code": "giam_ngheo",
                "indicator": "giam_ngheo",
                "name": "Mức giảm tỷ lệ hộ nghèo",
                "max_points": 50,
                "method": "plan_ratio",
                "direction": "reduction_pp",
            },
            {
                "code": "van_minh",
                "indicator": "van_minh",
                "name": "Đạt chuẩn văn minh",
                "max_points": 50,
                "method": "threshold",
                "direction": "yes_no",
            },
        ]
    }
}


@pytest.fixture
def bloc(django_user_model: Any) -> EmulationBloc:
    province = OrgUnit.objects.create(code="99", name="Tỉnh Thử", kind="province")
    commune = OrgUnit.objects.create(
        code="99001", name="Xã Một", kind="commune", parent=province
    )
    bloc = EmulationBloc.objects.create(name="Cụm xã thử", organiser=province)
    BlocMembership.objects.create(bloc=bloc, unit=commune, year=2026)
    Indicator.objects.create(
        code="giam_ngheo",
        name="Mức giảm tỷ lệ hộ nghèo",
        direction="reduction_pp",
        min_value=-20,
        max_value=30,
    )
    Indicator.objects.create(
        code="van_minh", name="Đạt chuẩn văn minh", direction="yes_no"
    )
    return bloc


def test_a_period_needs_members_and_the_years_table_and_opens_once(
    bloc: EmulationBloc,
) -> None:
    with pytest.raises(ValidationError) as exc:
        pledges.period_open(bloc=bloc, year=2027, period="Y", by=None)
    assert "chưa có đơn vị thành viên năm 2027" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        pledges.period_open(bloc=bloc, year=2026, period="Y", by=None)
    assert "nhập bảng điểm trước" in str(exc.value)
    services.table_import(bloc=bloc, year=2026, data=SCHEME, by=None)
    period = pledges.period_open(bloc=bloc, year=2026, period="Y", by=None)
    assert period.status == ReportingPeriod.Status.OPEN
    with pytest.raises(ValidationError) as exc:
        pledges.period_open(bloc=bloc, year=2026, period="Y", by=None)
    assert "đã được mở" in str(exc.value)


def test_a_pledge_takes_plans_for_measured_indicators_all_or_nothing(
    bloc: EmulationBloc,
) -> None:
    services.table_import(bloc=bloc, year=2026, data=SCHEME, by=None)
    period = pledges.period_open(bloc=bloc, year=2026, period="Y", by=None)
    unit = OrgUnit.objects.get(code="99001")
    poverty = Indicator.objects.get(code="giam_ngheo")
    # a yes/no indicator has no plan
    assert pledges.plan_indicators(period) == [poverty]
    with pytest.raises(ValidationError) as exc:
        pledges.pledge_sign(
            period=period,
            unit=unit,
            signed_on=None,
            signatories="",
            plans={poverty.id: "ba phẩy năm"},
            by=None,
        )
    assert set(exc.value.message_dict) == {
        "signed_on",
        "signatories",
        f"plan-{poverty.id}",
    }
    assert not Pledge.objects.exists()
    with pytest.raises(ValidationError) as exc:
        pledges.pledge_sign(
            period=period,
            unit=unit,
            signed_on=dt.date(2026, 1, 22),
            signatories="Chủ tịch UBND xã",
            plans={poverty.id: "45"},
            by=None,
        )
    assert "không được vượt quá 30" in str(exc.value)
    pledges.pledge_sign(
        period=period,
        unit=unit,
        signed_on=dt.date(2026, 1, 22),
        signatories="Chủ tịch UBND xã",
        plans={poverty.id: "3,5"},
        by=None,
    )
    assert PlanValue.objects.get().value == 3.5
    # approved figures freeze the plans they are measured against
    ReportingPeriod.objects.filter(pk=period.pk).update(status="approved")
    period.refresh_from_db()
    with pytest.raises(ValidationError):
        pledges.pledge_sign(
            period=period,
            unit=unit,
            signed_on=dt.date(2026, 1, 22),
            signatories="Chủ tịch UBND xã",
            plans={poverty.id: "4"},
            by=None,
        )
    assert PlanValue.objects.get().value == 3.5
