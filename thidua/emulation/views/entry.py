"""Data entry: a period's grid of actual values, one cell, the period's workflow
actions and the spreadsheet template.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from thidua.accounts.roles import AuthedRequest
from thidua.core.once import submit_once
from thidua.lib.formats import number, percent
from thidua.units.access import (
    editable_unit_ids,
    leads_bloc,
    unit_for_editing,
    visible_unit_ids,
)

from .. import excel, scoring, selectors, services
from ..access import (
    can_adjust,
    period_for_adjusting,
    period_for_entry,
    period_for_review,
    period_for_user,
    period_unit_for_review,
)
from ..models import Indicator, ReportingPeriod
from ._common import XLSX, _errors_text


def _grid(request: AuthedRequest, period: ReportingPeriod) -> dict[str, Any]:
    visible = visible_unit_ids(request.user)
    editable = editable_unit_ids(request.user)
    units = [
        u
        for u in selectors.members(period.bloc, period.year)
        if visible is None or u.id in visible
    ]
    indicators = selectors.period_indicators(period)
    actual = selectors.actuals_for(period)
    plans = selectors.plans_for(period.bloc, period.year)
    sent = selectors.units_sent(period)
    rows = []
    for unit in units:
        own = editable is None or unit.id in editable
        is_open = period.status == ReportingPeriod.Status.OPEN
        can_edit = is_open and own and unit.id not in sent
        cells = [
            _cell(
                period,
                unit,
                ind,
                actual.get((unit.id, ind.id)),
                plans.get((unit.id, ind.id)),
                can_edit,
            )
            for ind in indicators
        ]
        statuses = {
            a.get_status_display() for (uid, _), a in actual.items() if uid == unit.id
        }
        rows.append(
            {
                "unit": unit,
                "cells": cells,
                "can_edit": can_edit,
                "statuses": sorted(statuses) or ["Chưa nhập"],
                "sent": unit.id in sent,
                "can_recall": own and unit.id in sent and period.status in _UNSENDABLE,
            }
        )
    return {
        "period": period,
        "indicators": indicators,
        "rows": rows,
        "can_review": leads_bloc(request.user, period.bloc_id),
        "can_adjust": can_adjust(request.user, period.bloc),
        "any_editable": any(r["can_edit"] for r in rows),
        "reopenings": period.reopenings.select_related("by").order_by("-created_at"),
    }


_UNSENDABLE = (ReportingPeriod.Status.OPEN, ReportingPeriod.Status.SUBMITTED)


def _cell(
    period: ReportingPeriod,
    unit: Any,
    ind: Indicator,
    av: Any,
    plan: float | None,
    can_edit: bool,
    *,
    raw: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    pct = scoring.percent_of_plan(ind.direction, av.value if av else None, plan)
    name = f"c-{unit.id}-{ind.id}"
    if raw is None:
        raw = {
            "value": ""
            if av is None or av.value is None or ind.is_share
            else number(av.value, ind.decimals),
            "numerator": ""
            if av is None or av.numerator is None
            else number(av.numerator, 2),
            "denominator": ""
            if av is None or av.denominator is None
            else number(av.denominator, 2),
        }
        if ind.direction == "yes_no" and av is not None and av.value is not None:
            raw["value"] = "có" if av.value >= 1 else "không"
    return {
        "name": name,
        "unit": unit,
        "indicator": ind,
        "raw": raw,
        "display": selectors.actual_display(ind, av),
        "plan": plan,
        "percent": percent(pct, 2) if pct is not None else "",
        "errors": errors or {},
        "can_edit": can_edit,
        "status": av.get_status_display() if av else "",
        "period": period,
    }


@submit_once
def period_grid(request: AuthedRequest, pk: int) -> HttpResponse:
    period = period_for_user(request.user, pk)
    if request.method == "POST":
        return _grid_save(request, period)
    return render(request, "emulation/admin/grid.html", _grid(request, period))


def _grid_save(request: AuthedRequest, period: ReportingPeriod) -> HttpResponse:
    """The plain-form save of the whole grid: every changed cell, all or nothing."""
    indicators = {i.id: i for i in selectors.period_indicators(period)}
    units = {u.id: u for u in selectors.members(period.bloc, period.year)}
    entries = []
    checked: set[int] = set()
    for key in request.POST:
        if not key.startswith("c-") or key.count("-") != 3:
            continue
        _, uid, iid, part = key.split("-")
        if part != "value" or not (uid.isdigit() and iid.isdigit()):
            continue
        unit, ind = units.get(int(uid)), indicators.get(int(iid))
        if unit is None or ind is None:
            continue
        if unit.id not in checked:  # once a unit, not once a cell
            unit_for_editing(request.user, unit.id)
            checked.add(unit.id)
        entries.append(
            (
                unit,
                ind,
                {
                    f: request.POST.get(f"c-{uid}-{iid}-{f}", "")
                    for f in ("value", "numerator", "denominator")
                },
            )
        )
    errors = {}
    for unit, ind, raw in entries:
        try:
            services.clean_entry(ind, **raw) if any(
                v.strip() for v in raw.values()
            ) else None
        except ValidationError as exc:
            errors[(unit.id, ind.id)] = {k: v[0] for k, v in exc.message_dict.items()}
    if not errors:
        try:
            services.actuals_enter(period=period, entries=entries, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(_errors_text(exc)))
            return redirect("emulation_admin:grid", period.pk)
        messages.success(request, "Đã lưu số liệu.")
        return redirect("emulation_admin:grid", period.pk)
    context = _grid(request, period)
    raw_by = {(u.id, i.id): raw for u, i, raw in entries}
    for row in context["rows"]:
        row["cells"] = [
            {
                **c,
                "raw": raw_by.get((c["unit"].id, c["indicator"].id), c["raw"]),
                "errors": errors.get((c["unit"].id, c["indicator"].id), {}),
            }
            for c in row["cells"]
        ]
    messages.error(
        request,
        f"Có {len(errors)} ô chưa hợp lệ: chưa lưu gì, hãy sửa các ô được đánh dấu.",
    )
    return render(request, "emulation/admin/grid.html", context, status=422)


@require_POST
def cell_save(
    request: AuthedRequest, pk: int, unit_id: int, indicator_id: int
) -> HttpResponse:
    """htmx: save one cell and answer with the cell again (value, % KH or the error)."""
    period, unit = period_for_entry(request.user, pk, unit_id)
    ind = get_object_or_404(Indicator, pk=indicator_id)
    prefix = f"c-{unit.id}-{ind.id}-"
    raw = {
        f: request.POST.get(prefix + f, "")
        for f in ("value", "numerator", "denominator")
    }
    status = 200
    try:
        services.actual_set(
            period=period, unit=unit, indicator=ind, by=request.user, **raw
        )
        errors: dict[str, str] = {}
        av = selectors.actuals_for(period).get((unit.id, ind.id))
        cell = _cell(
            period,
            unit,
            ind,
            av,
            selectors.plans_for(period.bloc, period.year).get((unit.id, ind.id)),
            True,
        )
    except ValidationError as exc:
        errors = {k: v[0] for k, v in exc.message_dict.items()}
        av = selectors.actuals_for(period).get((unit.id, ind.id))
        cell = _cell(period, unit, ind, av, None, True, raw=raw, errors=errors)
        status = 422
    response = render(
        request,
        "emulation/admin/_cell.html",
        {"cell": cell, "saved": not errors},
        status=status,
    )
    if status == 422:
        # htmx swaps only 2xx by default; show the message in place instead of dropping it
        response["HX-Reswap"] = "outerHTML"
        response.status_code = 200
    return response


def _posted_unit(request: HttpRequest) -> int:
    raw = request.POST.get("unit", "")
    return int(raw) if raw.isdigit() else 0


@require_POST
@submit_once
def period_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    # each action's access function reads the period once, with its own checks
    try:
        if action == "submit":
            period, unit = period_for_entry(request.user, pk, _posted_unit(request))
            services.actuals_submit(period=period, unit=unit, by=request.user)
            messages.success(request, f"{unit} đã gửi số liệu.")
        elif action == "recall":
            period, unit = period_for_entry(request.user, pk, _posted_unit(request))
            services.actuals_recall(period=period, unit=unit, by=request.user)
            messages.success(request, f"Đã rút lại số liệu của {unit}: có thể sửa.")
        elif action == "return":
            period, unit = period_unit_for_review(
                request.user, pk, _posted_unit(request)
            )
            services.actuals_return(
                period=period,
                unit=unit,
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
            messages.success(request, f"Đã trả lại số liệu của {unit}.")
        elif action == "approve":
            period = period_for_review(request.user, pk)
            services.period_approve(period=period, by=request.user)
            messages.success(request, "Đã duyệt số liệu kỳ báo cáo.")
        elif action == "lock":
            period = period_for_adjusting(request.user, pk)
            services.period_lock(period=period, by=request.user)
            messages.success(request, "Đã khóa kỳ báo cáo.")
        elif action == "reopen":
            period = period_for_adjusting(request.user, pk)
            services.period_reopen(
                period=period, reason=request.POST.get("reason", ""), by=request.user
            )
            messages.success(request, "Đã mở lại kỳ báo cáo; lý do đã được ghi nhận.")
        else:
            period_for_user(request.user, pk)  # an invisible period: 404, not 403
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(_errors_text(exc)))
    return redirect("emulation_admin:grid", pk)


def template_download(request: AuthedRequest, pk: int) -> HttpResponse:
    period = period_for_user(request.user, pk)
    editable = editable_unit_ids(request.user)
    units = [
        u
        for u in selectors.members(period.bloc, period.year)
        if editable is None or u.id in editable
    ]
    response = HttpResponse(excel.template_bytes(period, units), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="mau-nhap-lieu-{period.bloc_id}-{period.code}.xlsx"'
    )
    return response


@require_POST
@submit_once
def template_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    period = period_for_user(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Hãy chọn tệp Excel để tải lên.")
        return redirect("emulation_admin:grid", period.pk)
    try:
        count = excel.import_upload(
            period=period,
            file=upload,
            by=request.user,
            editable_unit_ids=editable_unit_ids(request.user),
        )
    except ValidationError as exc:
        return render(
            request,
            "emulation/admin/upload_errors.html",
            {"period": period, "errors": _errors_text(exc)},
            status=422,
        )
    messages.success(request, f"Đã nhập {count} giá trị từ tệp Excel.")
    return redirect("emulation_admin:grid", period.pk)
