"""Back-office screens (Wagtail admin): data entry, score stages, ranking, what-if, dashboards.

Thin views: objects come from thidua/emulation/access.py, writes go to services,
reads to selectors.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from thidua.accounts.roles import AuthedRequest
from thidua.lib import uploads
from thidua.lib.formats import number, percent
from thidua.units.access import (
    blocs_for_user,
    editable_unit_ids,
    leads_bloc,
    unit_for_editing,
    visible_unit_ids,
)

from . import charts, excel, review, scoring, selectors, services
from .access import (
    can_adjust,
    draft_unit_ids,
    period_for_adjusting,
    period_for_entry,
    period_for_review,
    period_for_user,
    period_unit_for_review,
    sheet_for_scoring,
    table_for_adjusting,
    table_for_user,
    table_for_what_if,
)
from .models import (
    STAGE_ORDER,
    Indicator,
    ReportingPeriod,
    ScoreSheet,
    ScoringTable,
    Stage,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _errors_text(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def index(request: AuthedRequest) -> HttpResponse:
    blocs = []
    for bloc in blocs_for_user(request.user).order_by("name"):
        periods = ReportingPeriod.objects.filter(bloc=bloc).order_by("-year", "period")
        tables = {t.year: t for t in ScoringTable.objects.filter(bloc=bloc)}
        blocs.append({"bloc": bloc, "periods": periods, "tables": tables})
    return render(
        request,
        "emulation/admin/index.html",
        {
            "blocs": blocs,
            "can_open": can_adjust(request.user),
            "kinds": ReportingPeriod.Period.choices,
        },
    )


# --- data entry ---------------------------------------------------------------


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
        "can_adjust": can_adjust(request.user),
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
    for key in request.POST:
        if not key.startswith("c-") or key.count("-") != 3:
            continue
        _, uid, iid, part = key.split("-")
        if part != "value" or not (uid.isdigit() and iid.isdigit()):
            continue
        unit, ind = units.get(int(uid)), indicators.get(int(iid))
        if unit is None or ind is None:
            continue
        unit_for_editing(request.user, unit.id)
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
            with transaction.atomic():
                for unit, ind, raw in entries:
                    services.actual_set(
                        period=period, unit=unit, indicator=ind, by=request.user, **raw
                    )
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
def period_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    period = period_for_user(request.user, pk)
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
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(_errors_text(exc)))
    return redirect("emulation_admin:grid", period.pk)


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


# --- scoring ------------------------------------------------------------------


def ranking(request: AuthedRequest, pk: int) -> HttpResponse:
    table = table_for_user(request.user, pk)
    visible = visible_unit_ids(request.user)
    sheets = ScoreSheet.objects.filter(table=table).select_related("unit", "scored_by")
    stages: dict[int, dict[str, ScoreSheet]] = {}
    for s in sheets:
        stages.setdefault(s.unit_id, {})[s.stage] = s
    members = [
        u
        for u in selectors.members(table.bloc, table.year)
        if visible is None or u.id in visible
    ]
    editable = editable_unit_ids(request.user)
    context = {
        "table": table,
        "bloc": table.bloc,
        "rows": selectors.explanation_rows(table) if table.finalized_at else [],
        "stage_rows": [
            {
                "unit": u,
                "sheets": [stages.get(u.id, {}).get(s) for s in STAGE_ORDER],
                "can_self": editable is None or u.id in editable,
            }
            for u in members
        ],
        "stage_labels": [Stage(s).label for s in STAGE_ORDER],
        "leader": selectors.bloc_leader(table.bloc, table.year),
        "can_review": leads_bloc(request.user, table.bloc_id),
        "can_adjust": can_adjust(request.user),
        "sensitivity": selectors.sensitivity(table)
        if draft_unit_ids(request.user, table.bloc) is None
        else [],
        "criteria": [c for c, _ in selectors.criteria_of(table)],
        "units": members,
    }
    return render(request, "emulation/admin/ranking.html", context)


def sheet_edit(
    request: AuthedRequest, pk: int, unit_id: int, stage: str
) -> HttpResponse:
    table, unit = sheet_for_scoring(request.user, pk, unit_id, stage)
    manual_criteria = [
        c for c, _ in selectors.criteria_of(table) if c.method == "manual"
    ]
    items = list(table.adjustment_items.all())
    entry = selectors.latest_entries(table, upto=stage).get(
        unit.id, selectors.StageEntry(manual={})
    )
    current = (
        ScoreSheet.objects.filter(
            table=table,
            unit=unit,
            stage__in=STAGE_ORDER[: STAGE_ORDER.index(stage) + 1],
        )
        .prefetch_related("adjustments__item")
        .order_by("-pk")
    )
    adj_now = {}
    for s in sorted(current, key=lambda s: STAGE_ORDER.index(s.stage)):
        adj_now = {a.item.code: a for a in s.adjustments.all()}
    errors: list[str] = []
    if request.method == "POST":
        manual = {
            c.code: (
                request.POST.get(f"m-{c.code}", ""),
                request.POST.get(f"n-{c.code}", ""),
            )
            for c in manual_criteria
        }
        adjustments = {
            i.code: (
                request.POST.get(f"a-{i.code}", ""),
                request.POST.get(f"an-{i.code}", ""),
            )
            for i in items
        }
        try:
            services.sheet_save(
                table=table,
                unit=unit,
                stage=stage,
                by=request.user,
                manual=manual,
                adjustments=adjustments,
                note=request.POST.get("note", ""),
            )
            messages.success(
                request, f"Đã lưu phiếu chấm của {unit} ({Stage(stage).label})."
            )
            return redirect("emulation_admin:ranking", table.pk)
        except ValidationError as exc:
            errors = _errors_text(exc)
    post = request.POST if request.method == "POST" else None

    def shown(key: str, stored: float | None) -> str:
        # a refused form shows what was typed, not the stored figure
        if post is not None:
            return post.get(key, "")
        return "" if stored is None else number(stored, 2)

    context = {
        "table": table,
        "unit": unit,
        "stage": Stage(stage),
        "manual": [
            {
                "criterion": c,
                "value": shown(f"m-{c.code}", entry.manual.get(c.code)),
                "note": post.get(f"n-{c.code}", "") if post else "",
            }
            for c in manual_criteria
        ],
        "items": [
            {
                "item": i,
                "value": shown(
                    f"a-{i.code}", adj_now[i.code].points if i.code in adj_now else None
                ),
                "note": post.get(f"an-{i.code}", "")
                if post
                else getattr(adj_now.get(i.code), "note", ""),
            }
            for i in items
        ],
        "errors": errors,
        "note": post.get("note", "") if post else "",
    }
    return render(
        request, "emulation/admin/sheet.html", context, status=422 if errors else 200
    )


@require_POST
def table_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    table = table_for_adjusting(request.user, pk)
    try:
        if action == "finalize":
            services.scores_finalize(table=table, by=request.user)
            messages.success(request, "Đã tổng hợp kết quả cuối cùng và xếp hạng.")
        elif action == "publish":
            services.table_publish(table=table, by=request.user)
            messages.success(request, "Đã công bố kết quả trên cổng thông tin.")
        elif action == "reopen":
            services.table_reopen(
                table=table, reason=request.POST.get("reason", ""), by=request.user
            )
            messages.success(request, "Đã mở lại kết quả để chấm lại.")
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(_errors_text(exc)))
    return redirect("emulation_admin:ranking", table.pk)


def what_if(request: AuthedRequest, pk: int) -> HttpResponse:
    """htmx (or plain GET) form: change one value or one weight; nothing is saved."""
    table = table_for_what_if(request.user, pk)
    criteria = {c.code: c for c, _ in selectors.criteria_of(table)}
    errors = []
    value_changes: dict[tuple[int, str], float] = {}
    weight_changes: dict[str, float] = {}
    code = request.GET.get("criterion", "")
    if code and code not in criteria:
        errors.append("Tiêu chí không có trong bảng điểm.")
    try:
        value = services.parse_number(request.GET.get("value"))
        weight = services.parse_number(request.GET.get("weight"))
    except ValueError:
        errors.append("Giá trị và trọng số phải là số.")
        value = weight = None
    unit_id = request.GET.get("unit", "")
    if not errors and code:
        if value is not None:
            if not unit_id.isdigit() or int(unit_id) not in {
                u.id for u in selectors.members(table.bloc, table.year)
            }:
                errors.append("Chọn đơn vị để thay đổi giá trị.")
            else:
                value_changes[(int(unit_id), code)] = value
        if weight is not None:
            if weight < 0:
                errors.append("Trọng số không được âm.")
            else:
                weight_changes[code] = weight
    rows = (
        []
        if errors
        else selectors.what_if(
            table, value_changes=value_changes, weight_changes=weight_changes
        )
    )
    template = (
        "emulation/admin/_whatif.html"
        if request.headers.get("HX-Request")
        else "emulation/admin/whatif_page.html"
    )
    return render(
        request,
        template,
        {
            "table": table,
            "rows": rows,
            "errors": errors,
            "changed": bool(value_changes or weight_changes),
        },
    )


def table_export(request: AuthedRequest, pk: int) -> HttpResponse:
    table = table_for_user(request.user, pk)
    response = HttpResponse(
        json.dumps(services.table_export(table), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bang-diem-{table.bloc_id}-{table.year}.json"'
    )
    return response


def table_import(request: AuthedRequest) -> HttpResponse:
    if not can_adjust(request.user):
        raise PermissionDenied
    blocs = blocs_for_user(request.user).order_by("name")
    errors: list[str] = []
    if request.method == "POST":
        bloc = get_object_or_404(blocs, pk=request.POST.get("bloc") or 0)
        try:
            year = int(request.POST.get("year", ""))
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError({"file": "Hãy chọn tệp JSON bảng điểm."})
            uploads.check_size(upload.size or 0)
            data = json.loads(upload.read().decode("utf-8"))
            table = services.table_import(
                bloc=bloc, year=year, data=data, by=request.user
            )
            messages.success(request, "Đã nhập bảng điểm.")
            return redirect("emulation_admin:ranking", table.pk)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            errors = ["Năm hoặc tệp JSON không hợp lệ."]
        except ValidationError as exc:
            errors = _errors_text(exc)
    return render(
        request,
        "emulation/admin/table_import.html",
        {"blocs": blocs, "errors": errors},
        status=422 if errors else 200,
    )


def review_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    table = table_for_user(request.user, pk)
    response = HttpResponse(
        review.review_bytes(
            table.bloc, table.year, drafts_of=draft_unit_ids(request.user, table.bloc)
        ),
        content_type=DOCX,
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-tong-ket-{table.year}.docx"'
    )
    return response


def results_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    table = table_for_user(request.user, pk)
    years = sorted(
        ScoringTable.objects.filter(bloc=table.bloc).values_list("year", flat=True)
    )
    drafts_of = draft_unit_ids(request.user, table.bloc)
    response = HttpResponse(
        excel.results_bytes(table.bloc, years, drafts_of=drafts_of), content_type=XLSX
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ket-qua-thi-dua-{table.bloc_id}.xlsx"'
    )
    return response


# --- dashboards -----------------------------------------------------------------


def dashboard(request: AuthedRequest, pk: int) -> HttpResponse:
    table = table_for_user(request.user, pk)
    drafts_of = draft_unit_ids(request.user, table.bloc)
    data = selectors.results_json(table.bloc, table.year, drafts_of=drafts_of)
    indicator_charts = []
    if data["rows"]:
        for i, first in enumerate(data["rows"][0]["indicators"]):
            rows = []
            for row in sorted(data["rows"], key=lambda r: r["gso_code"]):
                cell = row["indicators"][i]
                shown = cell["actual_display"] + (
                    f" ({cell['percent_display']} KH)"
                    if cell["percent_display"] and cell["plan"] is not None
                    else ""
                )
                rows.append((row["unit"], cell["actual"], shown))
            title = first["name"] + (
                f" ({first['unit_of_measure'].replace('điểm %', 'điểm phần trăm')})"
                if first["unit_of_measure"]
                else ""
            )
            indicator_charts.append(charts.bar_chart(title, rows))
    ranked = [
        (f"{r['rank']}. {r['unit']}", r["total"])
        for r in data["rows"]
        if r["total"] is not None
    ]
    totals = selectors.yearly_totals(table.bloc)
    years = sorted(totals)
    units = selectors.members(table.bloc, table.year)
    series = [
        (u.name, [totals[y].get(u.id, (None, None))[1] for y in years]) for u in units
    ]
    context = {
        "table": table,
        "bloc": table.bloc,
        "ranking_chart": charts.total_bars(f"Tổng điểm năm {table.year}", ranked)
        if ranked
        else None,
        "indicator_charts": indicator_charts,
        "trend_chart": charts.rank_lines("Xếp hạng qua các năm", years, series)
        if len(years) > 1
        else None,
        "years": ScoringTable.objects.filter(bloc=table.bloc).order_by("year"),
    }
    return render(request, "emulation/admin/dashboard.html", context)
