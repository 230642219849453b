"""Writes that start a bloc's year: the province office opens a reporting period,
each member signs its giao ước with the plan (KH) of every indicator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.core import audit
from thidua.lib.formats import number
from thidua.units.models import BlocMembership, EmulationBloc, OrgUnit

from . import selectors
from .models import Direction, Indicator, PlanValue, Pledge, ReportingPeriod
from .services import parse_number
from .services.periods import _check_members, _check_open


def period_open(
    *, bloc: EmulationBloc, year: int, period: str, by: Any
) -> ReportingPeriod:
    """Open a reporting period; its indicators are those of the year's scoring table,
    so the table comes first, and the bloc must have members that year."""
    errors: dict[str, str] = {}
    if period not in ReportingPeriod.Period.values:
        errors["period"] = "Hãy chọn kỳ báo cáo."
    if not 2000 <= year <= 2100:
        errors["year"] = "Năm không hợp lệ."
    elif not BlocMembership.objects.filter(bloc=bloc, year=year).exists():
        errors["year"] = f"{bloc} chưa có đơn vị thành viên năm {year}."
    elif selectors.table_for(bloc, year) is None:
        errors["year"] = (
            f"Chưa có bảng điểm năm {year} của {bloc}: nhập bảng điểm trước, "
            "kỳ báo cáo lấy chỉ tiêu từ bảng điểm."
        )
    elif ReportingPeriod.objects.filter(bloc=bloc, year=year, period=period).exists():
        errors["period"] = "Kỳ báo cáo này đã được mở."
    if errors:
        raise ValidationError(errors)
    with audit.acting_as(by):
        return ReportingPeriod.objects.create(bloc=bloc, year=year, period=period)


def plan_indicators(period: ReportingPeriod) -> list[Indicator]:
    """Indicators a member pledges a plan for (a yes/no indicator has none)."""
    return [
        i
        for i in selectors.period_indicators(period)
        if i.direction != Direction.YES_NO
    ]


@transaction.atomic
def pledge_sign(
    *,
    period: ReportingPeriod,
    unit: OrgUnit,
    signed_on: dt.date | None,
    signatories: str,
    plans: dict[int, str],
    by: Any,
) -> Pledge:
    """Record a member's giao ước for the period's bloc and year with its plan values
    (typed as in the data grid); all or nothing, only while the period is open."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _check_open(period)
    _check_members(period, [unit])
    errors: dict[str, str] = {}
    if signed_on is None:
        errors["signed_on"] = "Hãy nhập ngày ký giao ước."
    if not signatories.strip():
        errors["signatories"] = "Hãy ghi người ký (chức vụ, họ tên)."
    values: dict[Indicator, float | None] = {}
    for ind in plan_indicators(period):
        try:
            value = parse_number(plans.get(ind.id, ""))
        except ValueError:
            errors[f"plan-{ind.id}"] = (
                f"{ind.name}: “{plans.get(ind.id)}” không phải số."
            )
            continue
        if value is not None and ind.min_value is not None and value < ind.min_value:
            errors[f"plan-{ind.id}"] = (
                f"{ind.name}: kế hoạch không được nhỏ hơn {number(ind.min_value)}."
            )
            continue
        if value is not None and ind.max_value is not None and value > ind.max_value:
            errors[f"plan-{ind.id}"] = (
                f"{ind.name}: kế hoạch không được vượt quá {number(ind.max_value)}."
            )
            continue
        values[ind] = value
    if errors:
        raise ValidationError(errors)
    with audit.acting_as(by):
        pledge, _ = Pledge.objects.update_or_create(
            bloc_id=period.bloc_id,
            year=period.year,
            unit=unit,
            defaults={"signed_on": signed_on, "signatories": signatories.strip()},
        )
        for ind, value in values.items():
            if value is None:
                PlanValue.objects.filter(pledge=pledge, indicator=ind).delete()
            else:
                PlanValue.objects.update_or_create(
                    pledge=pledge,
                    indicator=ind,
                    defaults={"value": value, "derived": False},
                )
        audit.record_event(pledge, f"{unit} ký giao ước năm {period.year}")
    return pledge
