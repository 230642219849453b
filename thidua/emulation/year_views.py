"""Back-office screens that start a bloc's year: open a reporting period (province
office), sign the giao ước with its plan values (each member's officer)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thidua.accounts.roles import AuthedRequest
from thidua.core.once import submit_once
from thidua.units.access import bloc_for_user

from . import pledges
from .access import can_adjust, period_for_entry
from .models import PlanValue, Pledge
from .views._common import _errors_text


@require_POST
@submit_once
def period_open(request: AuthedRequest, bloc_id: int) -> HttpResponse:
    bloc = bloc_for_user(request.user, bloc_id)
    if not can_adjust(request.user, bloc):
        raise PermissionDenied
    raw_year = request.POST.get("year", "").strip()
    try:
        period = pledges.period_open(
            bloc=bloc,
            year=int(raw_year) if raw_year.isdigit() else 0,
            period=request.POST.get("period", ""),
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(_errors_text(exc)))
        return redirect("emulation_admin:index")
    messages.success(request, f"Đã mở kỳ báo cáo {period}.")
    return redirect("emulation_admin:grid", period.pk)


@submit_once
def pledge(request: AuthedRequest, pk: int, unit_id: int) -> HttpResponse:
    period, unit = period_for_entry(request.user, pk, unit_id)
    indicators = pledges.plan_indicators(period)
    current = Pledge.objects.filter(
        bloc_id=period.bloc_id, year=period.year, unit=unit
    ).first()
    plans = dict(
        PlanValue.objects.filter(pledge=current).values_list("indicator_id", "value")
        if current is not None
        else []
    )
    errors: dict[str, list[str]] = {}
    posted = request.POST if request.method == "POST" else None
    if posted is not None:
        try:
            signed_on = dt.date.fromisoformat(posted.get("signed_on", ""))
        except ValueError:
            signed_on = None
        try:
            pledges.pledge_sign(
                period=period,
                unit=unit,
                signed_on=signed_on,
                signatories=posted.get("signatories", ""),
                plans={i.id: posted.get(f"plan-{i.id}", "") for i in indicators},
                by=request.user,
            )
            messages.success(request, f"Đã ghi giao ước thi đua của {unit}.")
            return redirect("emulation_admin:grid", period.pk)
        except ValidationError as exc:
            errors = exc.message_dict
    rows = [
        {
            "indicator": i,
            "value": posted.get(f"plan-{i.id}", "")
            if posted is not None
            else ("" if i.id not in plans else f"{plans[i.id]:g}".replace(".", ",")),
            "errors": errors.get(f"plan-{i.id}", []),
        }
        for i in indicators
    ]
    return render(
        request,
        "emulation/admin/pledge.html",
        {
            "period": period,
            "unit": unit,
            "rows": rows,
            "errors": errors,
            "signed_on": posted.get("signed_on", "")
            if posted is not None
            else (
                current.signed_on.isoformat() if current and current.signed_on else ""
            ),
            "signatories": posted.get("signatories", "")
            if posted is not None
            else (current.signatories if current else ""),
        },
        status=422 if errors else 200,
    )
