"""Scoring screens: ranking, a unit's sheet at each stage, table actions, what-if,
and a table's exports and import.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from thidua.accounts.roles import AuthedRequest
from thidua.core.once import submit_once
from thidua.lib import uploads
from thidua.lib.formats import number
from thidua.units.access import (
    blocs_for_user,
    communes_run,
    editable_unit_ids,
    leads_bloc,
    visible_unit_ids,
)

from .. import excel, review, selectors, services
from ..access import (
    can_adjust,
    can_import_tables,
    draft_unit_ids,
    sheet_for_scoring,
    table_for_adjusting,
    table_for_user,
    table_for_what_if,
)
from ..models import STAGE_ORDER, ScoreSheet, ScoringTable, Stage
from ._common import DOCX, XLSX, _errors_text


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
        "can_adjust": can_adjust(request.user, table.bloc),
        "sensitivity": selectors.sensitivity(table)
        if draft_unit_ids(request.user, table.bloc) is None
        else [],
        "criteria": [c for c, _ in selectors.criteria_of(table)],
        "units": members,
    }
    return render(request, "emulation/admin/ranking.html", context)


@submit_once
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
@submit_once
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


@submit_once
def table_import(request: AuthedRequest) -> HttpResponse:
    if not can_import_tables(request.user):
        raise PermissionDenied
    blocs = blocs_for_user(request.user).order_by("name")
    if not can_adjust(request.user):  # a commune's officer: the commune's own blocs
        blocs = blocs.filter(organiser_id__in=communes_run(request.user))
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
