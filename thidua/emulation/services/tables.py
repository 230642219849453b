"""Scoring tables: publish and reopen results, export and import as the contracts.md JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core import audit
from thidua.lib.formats import number
from thidua.units.models import EmulationBloc

from .. import scoring, selectors
from ..models import AdjustmentItem, CriteriaGroup, Criterion, Indicator, ScoringTable


@transaction.atomic
def table_publish(*, table: ScoringTable, by: Any) -> ScoringTable:
    if table.finalized_at is None:
        raise ValidationError({"table": "Chỉ công bố được kết quả đã chốt."})
    with audit.acting_as(by):
        table.published_at = timezone.now()
        table.save()
    return table


@transaction.atomic
def table_reopen(*, table: ScoringTable, reason: str, by: Any) -> ScoringTable:
    """Undo a finalisation (e.g. after a period is reopened); the reason is recorded."""
    if len((reason or "").strip()) < 10:
        raise ValidationError({"reason": "Cần ghi rõ lý do (ít nhất 10 ký tự)."})
    with audit.acting_as(by):
        table.finalized_at = None
        table.published_at = None
        table.save()
        audit.record_event(table, f"Mở lại kết quả: {reason.strip()}"[:255])
    return table


def table_export(table: ScoringTable) -> dict[str, Any]:
    criteria = [sc for _, sc in selectors.criteria_of(table)]
    by_code = {c.code: c for c in table.criteria.select_related("indicator")}
    scheme = scoring.scheme_json(criteria, table.bonus_cap)
    for item in scheme["criteria"]:
        ind = by_code[item["code"]].indicator
        if ind is not None:
            item["indicator"] = ind.code
    scheme["groups"] = [
        {"code": g.code, "name": g.name, "max_points": g.max_points}
        for g in table.groups.all()
    ]
    scheme["total_points"] = table.total_points
    scheme["adjustments"] = [
        {"code": i.code, "name": i.name, "kind": i.kind, "max_points": i.max_points}
        for i in table.adjustment_items.order_by("kind", "code")
    ]
    scheme["tie_break"] = list(table.tie_break or [])
    return {
        "scheme": scheme,
        "table": {
            "name": table.name,
            "bloc": table.bloc.name,
            "year": table.year,
            "decision_number": table.decision_number,
            "decision_date": table.decision_date.isoformat()
            if table.decision_date
            else None,
            "legal_note": table.legal_note,
        },
    }


def _check_maxima(
    groups: list[dict[str, Any]], criteria: list[scoring.Criterion], total: float | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if groups:
        codes = {g["code"] for g in groups}
        for i, c in enumerate(criteria):
            if c.group not in codes:
                errors[f"scheme.criteria.{i}.group"] = (
                    f"Tiêu chí “{c.code}” phải thuộc một nhóm đã khai báo."
                )
        for i, g in enumerate(groups):
            s = sum(c.max_points for c in criteria if c.group == g["code"])
            if abs(s - g["max_points"]) > 1e-9:
                errors[f"scheme.groups.{i}.max_points"] = (
                    f"Nhóm “{g['name']}”: điểm tối đa {number(g['max_points'])} "
                    f"nhưng tổng điểm các tiêu chí là {number(s)}."
                )
        group_sum = sum(g["max_points"] for g in groups)
    else:
        group_sum = sum(c.max_points for c in criteria)
    if total is not None and abs(group_sum - total) > 1e-9:
        errors["scheme.total_points"] = (
            f"Tổng điểm chuẩn {number(total)} nhưng cộng các nhóm/tiêu chí được {number(group_sum)}."
        )
    return errors


@transaction.atomic
def table_import(
    *,
    bloc: EmulationBloc,
    year: int,
    data: Any,
    by: Any,
    name: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    legal_note: str = "",
) -> ScoringTable:
    """Create or replace a bloc's scoring table from the contracts.md JSON; all or nothing."""
    if not isinstance(data, dict) or "scheme" not in data:
        raise ValidationError(
            {"scheme": "Tệp phải có khóa “scheme” theo định dạng của API chấm điểm."}
        )
    scheme = data["scheme"]
    criteria, bonus_cap = scoring.parse_scheme(scheme)
    errors: dict[str, str] = {}
    groups_raw = scheme.get("groups") or []
    groups: list[dict[str, Any]] = []
    for i, g in enumerate(groups_raw if isinstance(groups_raw, list) else []):
        if (
            not isinstance(g, dict)
            or not g.get("code")
            or not isinstance(g.get("max_points"), int | float)
        ):
            errors[f"scheme.groups.{i}"] = "Nhóm cần có “code”, “name” và “max_points”."
            continue
        groups.append(
            {
                "code": str(g["code"]),
                "name": str(g.get("name") or g["code"]),
                "max_points": float(g["max_points"]),
            }
        )
    total = scheme.get("total_points")
    if total is not None and not isinstance(total, int | float):
        errors["scheme.total_points"] = "Phải là một số."
        total = None
    errors.update(_check_maxima(groups, criteria, total))
    indicators = {i.code: i for i in Indicator.objects.all()}
    raw_criteria = scheme["criteria"]
    for i, (c, raw) in enumerate(zip(criteria, raw_criteria, strict=True)):
        code = raw.get("indicator") or (c.code if c.method != "manual" else None)
        if c.method != "manual" and code not in indicators:
            errors[f"scheme.criteria.{i}.indicator"] = f"Không có chỉ tiêu mã “{code}”."
    adjustments = scheme.get("adjustments") or []
    for i, a in enumerate(adjustments):
        if (
            not isinstance(a, dict)
            or a.get("kind") not in ("bonus", "penalty")
            or not a.get("code")
        ):
            errors[f"scheme.adjustments.{i}"] = (
                "Khoản cộng/trừ cần “code”, “name”, “kind” (bonus/penalty)."
            )
    tie = scheme.get("tie_break") or []
    if not isinstance(tie, list) or not all(
        isinstance(r, str)
        and (r == "criteria_at_plan" or r.startswith(("group:", "criterion:")))
        for r in tie
    ):
        errors["scheme.tie_break"] = (
            "Thứ tự xét bằng điểm chỉ gồm criteria_at_plan, group:<mã>, criterion:<mã>."
        )
    if errors:
        raise ValidationError(errors)
    existing = ScoringTable.objects.filter(bloc=bloc, year=year).first()
    if existing is not None and (existing.finalized_at or existing.sheets.exists()):
        raise ValidationError(
            {"table": "Bảng điểm đã được dùng để chấm: không thể thay thế."}
        )
    with audit.acting_as(by):
        if existing is not None:
            existing.delete()
        meta = data.get("table") or {}
        table = ScoringTable.objects.create(
            bloc=bloc,
            year=year,
            name=name or meta.get("name") or f"Bảng điểm thi đua năm {year}",
            total_points=total,
            bonus_cap=bonus_cap,
            tie_break=tie,
            decision_number=decision_number or meta.get("decision_number") or "",
            decision_date=decision_date
            or (
                dt.date.fromisoformat(meta["decision_date"])
                if meta.get("decision_date")
                else None
            ),
            legal_note=legal_note or meta.get("legal_note") or "",
        )
        group_rows = {
            g["code"]: CriteriaGroup.objects.create(
                table=table,
                code=g["code"],
                name=g["name"],
                max_points=g["max_points"],
                order=i,
            )
            for i, g in enumerate(groups)
        }
        for i, (c, raw) in enumerate(zip(criteria, raw_criteria, strict=True)):
            ind_code = raw.get("indicator") or (
                c.code if c.method != "manual" else None
            )
            Criterion.objects.create(
                table=table,
                group=group_rows.get(c.group),
                code=c.code,
                name=c.name,
                indicator=indicators.get(ind_code) if ind_code else None,
                method=c.method,
                direction=c.direction,
                max_points=c.max_points,
                cap=c.cap,
                floor=c.floor,
                weight=c.weight,
                order=i,
            )
        for a in adjustments:
            AdjustmentItem.objects.create(
                table=table,
                code=a["code"],
                name=a.get("name") or a["code"],
                kind=a["kind"],
                max_points=a.get("max_points"),
            )
    return table
