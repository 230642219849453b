"""Scores by stage: a unit's sheet at each stage, then the final scores and ranks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core import audit
from thidua.lib.formats import number
from thidua.units.models import BlocMembership, OrgUnit

from .. import selectors
from ..models import (
    STAGE_ORDER,
    ScoreLine,
    ScoreSheet,
    ScoringTable,
    SheetAdjustment,
    Stage,
)
from .entries import parse_number
from .recompute import tables_recompute


def _check_table_open(table: ScoringTable) -> None:
    if table.finalized_at is not None:
        raise ValidationError({"table": "Kết quả đã chốt: không thể chấm lại."})


@transaction.atomic
def sheet_save(
    *,
    table: ScoringTable,
    unit: OrgUnit,
    stage: str,
    by: Any,
    manual: dict[str, tuple[Any, str]] | None = None,
    adjustments: dict[str, tuple[Any, str]] | None = None,
    note: str = "",
) -> ScoreSheet:
    """Save a unit's sheet at a stage (self, review or adjustment).

    Manual points and bonus/penalty not given are carried over from the unit's
    previous stage; computed criteria are scored from the data across the bloc.
    """
    if stage == Stage.FINAL:
        raise ValidationError(
            {"stage": "Kết quả cuối cùng do hệ thống tổng hợp khi chốt."}
        )
    _check_table_open(table)
    if not BlocMembership.objects.filter(
        bloc_id=table.bloc_id, unit=unit, year=table.year
    ).exists():
        raise ValidationError(
            {"unit": f"{unit} không thuộc khối trong năm {table.year}."}
        )
    criteria = {c.code: c for c, _ in selectors.criteria_of(table)}
    items = {i.code: i for i in table.adjustment_items.all()}
    errors: dict[str, str] = {}
    manual_clean: dict[str, tuple[float, str]] = {}
    for code, (raw, why) in (manual or {}).items():
        c = criteria.get(code)
        if c is None or c.method != "manual":
            errors[f"manual.{code}"] = f"“{code}” không phải tiêu chí chấm trực tiếp."
            continue
        try:
            points = parse_number(raw)
        except ValueError:
            errors[f"manual.{code}"] = f"“{raw}” không phải là số."
            continue
        if points is None:
            continue
        if not 0 <= points <= c.max_points:
            errors[f"manual.{code}"] = (
                f"{c.name}: điểm phải trong khoảng 0–{number(c.max_points)}."
            )
            continue
        manual_clean[code] = (points, why or "")
    adj_clean: dict[str, tuple[float, str]] = {}
    for code, (raw, why) in (adjustments or {}).items():
        item = items.get(code)
        if item is None:
            errors[f"adjustments.{code}"] = f"Không có khoản cộng/trừ điểm “{code}”."
            continue
        try:
            points = parse_number(raw)
        except ValueError:
            errors[f"adjustments.{code}"] = f"“{raw}” không phải là số."
            continue
        if points is None or points == 0:
            adj_clean[code] = (0.0, "")
            continue
        if points < 0 or (item.max_points is not None and points > item.max_points):
            limit = number(item.max_points) if item.max_points is not None else "…"
            errors[f"adjustments.{code}"] = (
                f"{item.name}: điểm phải trong khoảng 0–{limit}."
            )
            continue
        adj_clean[code] = (points, why or "")
    if errors:
        raise ValidationError(errors)

    previous = selectors.latest_entries(table, upto=stage)
    prior_sheet = (
        ScoreSheet.objects.filter(
            table=table, unit=unit, stage__in=_stages_before(stage)
        )
        .prefetch_related("adjustments__item")
        .order_by("-pk")
    )
    carried_adj = {}
    for s in sorted(prior_sheet, key=lambda s: _stage_index(s.stage)):
        carried_adj = {a.item.code: (a.points, a.note) for a in s.adjustments.all()}
    same = (
        ScoreSheet.objects.filter(table=table, unit=unit, stage=stage)
        .prefetch_related("adjustments__item")
        .first()
    )
    if same:
        carried_adj = {a.item.code: (a.points, a.note) for a in same.adjustments.all()}
    adj_final = {**carried_adj, **adj_clean}
    adj_final = {k: v for k, v in adj_final.items() if v[0] > 0}
    bonus, penalty = selectors.adjustment_totals(
        [(items[k], v[0]) for k, v in adj_final.items()]
    )

    entry = previous.get(unit.id, selectors.StageEntry(manual={}))
    manual_points = {**entry.manual, **{k: v[0] for k, v in manual_clean.items()}}
    entries = {
        **previous,
        unit.id: selectors.StageEntry(
            manual=manual_points, bonus=bonus, penalty=penalty
        ),
    }
    data = selectors.scoring_inputs(table, entries)
    result = next(r for r in selectors.evaluate_inputs(data) if r.unit == unit.id)

    with audit.acting_as(by):
        sheet, _ = ScoreSheet.objects.update_or_create(
            table=table,
            unit=unit,
            stage=stage,
            defaults={
                "bonus": bonus,
                "penalty": penalty,
                "total": result.total,
                "note": note,
                "scored_by": by if getattr(by, "pk", None) else None,
            },
        )
        old_lines = {ln.criterion_id: ln for ln in sheet.lines.all()}
        by_code = {c.code: c for c in criteria.values()}
        for line in result.breakdown:
            c = by_code[line.criterion]
            why = manual_clean.get(c.code, (None, ""))[1]
            fields = {
                "actual": line.actual,
                "plan": line.plan,
                "ratio": line.ratio,
                "points": line.points,
                "manual_points": manual_points.get(c.code)
                if c.method == "manual"
                else None,
                "note": why or line.issue,
            }
            row = old_lines.get(c.id) or ScoreLine(sheet=sheet, criterion=c)
            if row.pk is None or any(getattr(row, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(row, k, v)
                row.save()
        current = {a.item.code: a for a in sheet.adjustments.select_related("item")}
        for code, adj in current.items():
            if code not in adj_final:
                adj.delete()
        for code, (points, why) in adj_final.items():
            adj = current.get(code) or SheetAdjustment(sheet=sheet, item=items[code])
            if adj.pk is None or (adj.points, adj.note) != (points, why):
                adj.points, adj.note = points, why
                adj.save()
        audit.record_event(
            sheet,
            f"Chấm điểm bước “{sheet.get_stage_display()}”: {number(result.total)} điểm",
        )
    return sheet


def _stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


def _stages_before(stage: str) -> list[str]:
    order = STAGE_ORDER[:-1]
    return order[: order.index(stage)]


def scores_finalize(
    *, table: ScoringTable, by: Any, require_approved: bool = True
) -> list[ScoreSheet]:
    """Final scores and ranks from each unit's latest stage, stored in bulk."""
    if require_approved:
        period = selectors.year_period(table.bloc, table.year)
        if period is None or not period.is_frozen:
            raise ValidationError(
                {
                    "period": "Số liệu cả năm của khối chưa được duyệt: chưa thể chốt kết quả."
                }
            )
    with transaction.atomic(), audit.acting_as(by):
        tables_recompute([table])
        table.finalized_at = timezone.now()
        table.save()
    return selectors.final_sheets(table)
