"""Writes for emulation: actual values, the period workflow, score stages, scoring tables."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from thidua.core import audit
from thidua.lib.formats import number
from thidua.units.models import BlocMembership, EmulationBloc, OrgUnit

from . import scoring, selectors
from .models import (
    STAGE_ORDER,
    ActualValue,
    AdjustmentItem,
    CriteriaGroup,
    Criterion,
    Indicator,
    Reopening,
    ReportingPeriod,
    ScoreLine,
    ScoreSheet,
    ScoringTable,
    SheetAdjustment,
    Stage,
)

YES = {"1", "có", "co", "đạt", "dat", "x", "yes", "true"}
NO = {"0", "không", "khong", "chưa đạt", "chua dat", "no", "false"}
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)*$")


def parse_number(raw: Any) -> float | None:
    """A number typed the Vietnamese way ("2,47", "1.234,5") or the English way ("2.47")."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if text == "":
        return None
    if not _NUMBER.match(text):
        raise ValueError(text)
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    return float(text)


def clean_entry(
    indicator: Indicator,
    *,
    value: Any = None,
    numerator: Any = None,
    denominator: Any = None,
) -> tuple[float | None, float | None, float | None]:
    """Check one entry against the indicator's rules; returns (value, numerator, denominator).

    Raises ValidationError with Vietnamese messages keyed by "value", "numerator" or
    "denominator".
    """
    errors: dict[str, str] = {}
    if indicator.direction == "yes_no" and isinstance(value, str) and value.strip():
        folded = value.strip().lower()
        if folded in YES:
            return 1.0, None, None
        if folded in NO:
            return 0.0, None, None
        raise ValidationError({"value": "Chỉ nhập “có” hoặc “không” (1 hoặc 0)."})
    parsed: dict[str, float | None] = {}
    for name, raw in (
        ("value", value),
        ("numerator", numerator),
        ("denominator", denominator),
    ):
        try:
            parsed[name] = parse_number(raw)
        except ValueError:
            errors[name] = f"“{raw}” không phải là số."
    if errors:
        raise ValidationError(errors)
    v, num, den = parsed["value"], parsed["numerator"], parsed["denominator"]
    if indicator.is_share:
        if num is None and den is None:
            if indicator.required:
                raise ValidationError({"numerator": "Cần nhập tử số và mẫu số."})
            return None, None, None
        if num is None or den is None:
            field = "numerator" if num is None else "denominator"
            raise ValidationError({field: "Cần nhập cả tử số và mẫu số."})
        if den <= 0:
            raise ValidationError({"denominator": "Mẫu số phải lớn hơn 0."})
        if num < 0:
            raise ValidationError({"numerator": "Tử số không được âm."})
        if num > den:
            raise ValidationError(
                {
                    "numerator": f"Tử số ({number(num)}) không được lớn hơn mẫu số ({number(den)})."
                }
            )
        v = num / den * 100
    elif v is None:
        if indicator.required:
            raise ValidationError({"value": "Chỉ tiêu bắt buộc: cần nhập giá trị."})
        return None, None, None
    if indicator.direction == "yes_no" and v not in (0.0, 1.0):
        raise ValidationError({"value": "Chỉ nhập “có” hoặc “không” (1 hoặc 0)."})
    if indicator.min_value is not None and v < indicator.min_value:
        raise ValidationError(
            {"value": f"Giá trị phải từ {number(indicator.min_value)} trở lên."}
        )
    if indicator.max_value is not None and v > indicator.max_value:
        raise ValidationError(
            {"value": f"Giá trị không được vượt quá {number(indicator.max_value)}."}
        )
    return v, num, den


def _check_open(period: ReportingPeriod) -> None:
    if period.status != ReportingPeriod.Status.OPEN:
        raise ValidationError(
            {
                "period": f"Kỳ báo cáo đang ở trạng thái “{period.get_status_display()}”: "
                "không thể sửa số liệu (cần mở lại kỳ, ghi rõ lý do)."
            }
        )


def _check_member(period: ReportingPeriod, unit: OrgUnit) -> None:
    if not BlocMembership.objects.filter(
        bloc_id=period.bloc_id, unit=unit, year=period.year
    ).exists():
        raise ValidationError(
            {"unit": f"{unit} không thuộc khối trong năm {period.year}."}
        )


def _check_not_sent(period: ReportingPeriod, unit: OrgUnit) -> None:
    if unit.id in selectors.units_sent(period):
        raise ValidationError(
            {
                "unit": f"{unit} đã gửi số liệu kỳ này: muốn sửa, hãy rút lại số liệu "
                "đã gửi (hoặc chờ Khối trưởng trả lại)."
            }
        )


@transaction.atomic
def actual_set(
    *,
    period: ReportingPeriod,
    unit: OrgUnit,
    indicator: Indicator,
    by: Any,
    value: Any = None,
    numerator: Any = None,
    denominator: Any = None,
    source: str = "",
) -> ActualValue | None:
    """Enter or clear one value; refused for a frozen period or an invalid entry."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _check_open(period)
    _check_member(period, unit)
    _check_not_sent(period, unit)
    v, num, den = clean_entry(
        indicator, value=value, numerator=numerator, denominator=denominator
    )
    existing = ActualValue.objects.filter(
        period=period, unit=unit, indicator=indicator
    ).first()
    if v is None:
        if existing:
            existing.delete()
        return None
    row = existing or ActualValue(period=period, unit=unit, indicator=indicator)
    if existing and (existing.value, existing.numerator, existing.denominator) == (
        v,
        num,
        den,
    ):
        return existing
    row.value, row.numerator, row.denominator = v, num, den
    row.status = ActualValue.Status.DRAFT
    row.entered_by = by if getattr(by, "pk", None) else None
    row.source = source or row.source
    with audit.acting_as(by):
        row.save()
    return row


@transaction.atomic
def actuals_submit(*, period: ReportingPeriod, unit: OrgUnit, by: Any) -> int:
    """A unit sends its values; the period becomes "submitted" when every member has."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _check_open(period)
    _check_member(period, unit)
    have = set(period.actuals.filter(unit=unit).values_list("indicator_id", flat=True))
    missing = [
        i.name
        for i in selectors.period_indicators(period)
        if i.required and i.id not in have
    ]
    if missing:
        raise ValidationError(
            {"unit": "Chưa nhập đủ chỉ tiêu bắt buộc: " + "; ".join(missing) + "."}
        )
    with audit.acting_as(by):
        count = period.actuals.filter(unit=unit).update(
            status=ActualValue.Status.SUBMITTED
        )
        audit.record_event(period, f"{unit} gửi {count} số liệu")
        member_ids = set(
            BlocMembership.objects.filter(
                bloc_id=period.bloc_id, year=period.year
            ).values_list("unit_id", flat=True)
        )
        pending = period.actuals.filter(unit_id__in=member_ids).exclude(
            status=ActualValue.Status.SUBMITTED
        )
        sent = set(
            period.actuals.filter(status=ActualValue.Status.SUBMITTED).values_list(
                "unit_id", flat=True
            )
        )
        if member_ids <= sent and not pending.exists():
            period.status = ReportingPeriod.Status.SUBMITTED
            period.save()
    return count


def _unsend(period: ReportingPeriod, unit: OrgUnit, event: str) -> int:
    """Back to draft: the unit's sent figures, and the period if it was complete."""
    count = period.actuals.filter(
        unit=unit, status=ActualValue.Status.SUBMITTED
    ).update(status=ActualValue.Status.DRAFT)
    if not count:
        raise ValidationError({"unit": f"{unit} chưa gửi số liệu kỳ này."})
    audit.record_event(period, event)
    if period.status == ReportingPeriod.Status.SUBMITTED:
        period.status = ReportingPeriod.Status.OPEN
        period.save()
    return count


@transaction.atomic
def actuals_recall(*, period: ReportingPeriod, unit: OrgUnit, by: Any) -> int:
    """The unit takes back what it sent, before the bloc head approves the period."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status not in (
        ReportingPeriod.Status.OPEN,
        ReportingPeriod.Status.SUBMITTED,
    ):
        raise ValidationError(
            {
                "period": f"Kỳ báo cáo đã “{period.get_status_display()}”: không rút lại "
                "được (cần Ban Thi đua – Khen thưởng mở lại kỳ)."
            }
        )
    with audit.acting_as(by):
        return _unsend(period, unit, f"{unit} rút lại số liệu đã gửi để sửa")


@transaction.atomic
def actuals_return(
    *, period: ReportingPeriod, unit: OrgUnit, reason: str, by: Any
) -> int:
    """The reviewer sends a unit's figures back with the reason, before approving."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status not in (
        ReportingPeriod.Status.OPEN,
        ReportingPeriod.Status.SUBMITTED,
    ):
        raise ValidationError({"period": "Chỉ trả lại được số liệu chưa duyệt."})
    if len((reason or "").strip()) < 10:
        raise ValidationError(
            {"reason": "Cần ghi rõ lý do trả lại (ít nhất 10 ký tự)."}
        )
    with audit.acting_as(by):
        return _unsend(period, unit, f"Trả lại số liệu của {unit}: {reason.strip()}")


@transaction.atomic
def period_approve(*, period: ReportingPeriod, by: Any) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status not in (
        ReportingPeriod.Status.SUBMITTED,
        ReportingPeriod.Status.OPEN,
    ):
        raise ValidationError({"period": "Chỉ duyệt được kỳ đang nhập hoặc đã gửi."})
    if period.status == ReportingPeriod.Status.OPEN:
        # a member that entered nothing has not sent either
        unsent = set(
            period.actuals.exclude(status=ActualValue.Status.SUBMITTED).values_list(
                "unit_id", flat=True
            )
        )
        reported = set(period.actuals.values_list("unit_id", flat=True))
        not_sent = [
            u.name
            for u in selectors.members(period.bloc, period.year)
            if u.id in unsent or u.id not in reported
        ]
        if not_sent:
            raise ValidationError(
                {"period": "Còn đơn vị chưa gửi số liệu: " + ", ".join(not_sent) + "."}
            )
    with audit.acting_as(by):
        period.actuals.update(status=ActualValue.Status.APPROVED)
        period.status = ReportingPeriod.Status.APPROVED
        period.approved_by = by
        period.approved_at = timezone.now()
        period.save()
    return period


@transaction.atomic
def period_lock(*, period: ReportingPeriod, by: Any) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status != ReportingPeriod.Status.APPROVED:
        raise ValidationError({"period": "Chỉ khóa được kỳ đã duyệt."})
    with audit.acting_as(by):
        period.status = ReportingPeriod.Status.LOCKED
        period.save()
    return period


@transaction.atomic
def period_reopen(*, period: ReportingPeriod, reason: str, by: Any) -> Reopening:
    """The only way to change an approved or locked period: a recorded reopening."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_frozen and period.status != ReportingPeriod.Status.SUBMITTED:
        raise ValidationError({"period": "Kỳ báo cáo đang mở, không cần mở lại."})
    if len((reason or "").strip()) < 10:
        raise ValidationError({"reason": "Cần ghi rõ lý do mở lại (ít nhất 10 ký tự)."})
    with audit.acting_as(by):
        reopening = Reopening.objects.create(
            period=period, reason=reason.strip(), previous_status=period.status, by=by
        )
        # reopened means every unit may correct its figures again
        period.actuals.exclude(status=ActualValue.Status.DRAFT).update(
            status=ActualValue.Status.DRAFT
        )
        period.status = ReportingPeriod.Status.OPEN
        period.save()
    return reopening


# --- scores by stage ----------------------------------------------------------


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


def tables_recompute(tables: list[ScoringTable]) -> int:
    """Recompute the final stage of many tables: bulk reads, one engine call per table, bulk writes.

    Final lines are derived data, replaced wholesale (raw DELETE: the ORM would load
    and signal every row); each table gets one audit event. Returns sheets written.
    """
    if not tables:
        return 0
    table_ids = [t.id for t in tables]
    by_table = {t.id: t for t in tables}
    criteria = _criteria_bulk(table_ids)
    entries = _entries_bulk(table_ids)
    members: dict[tuple[int, int], list[int]] = {}
    for m in BlocMembership.objects.filter(
        bloc_id__in={t.bloc_id for t in tables}, year__in={t.year for t in tables}
    ).values_list("bloc_id", "year", "unit_id"):
        members.setdefault((m[0], m[1]), []).append(m[2])
    actual: dict[tuple[int, int, int], float | None] = {}
    for a in ActualValue.objects.filter(
        period__bloc_id__in={t.bloc_id for t in tables},
        period__year__in={t.year for t in tables},
        period__period=ReportingPeriod.Period.YEAR,
    ).values_list(
        "period__bloc_id", "period__year", "unit_id", "indicator_id", "value"
    ):
        actual[(a[0] * 10000 + a[1], a[2], a[3])] = a[4]
    plans: dict[tuple[int, int, int], float] = {}
    from .models import PlanValue

    for p in PlanValue.objects.filter(
        pledge__bloc_id__in={t.bloc_id for t in tables},
        pledge__year__in={t.year for t in tables},
    ).values_list(
        "pledge__bloc_id", "pledge__year", "pledge__unit_id", "indicator_id", "value"
    ):
        plans[(p[0] * 10000 + p[1], p[2], p[3])] = p[4]

    existing = {
        (s.table_id, s.unit_id): s
        for s in ScoreSheet.objects.filter(
            table_id__in=table_ids, stage=Stage.FINAL
        ).only(
            "id", "table_id", "unit_id", "total", "rank", "position", "bonus", "penalty"
        )
    }
    to_create: list[ScoreSheet] = []
    to_update: list[ScoreSheet] = []
    pending_lines: list[
        tuple[ScoreSheet, list[tuple[int, scoring.Line, float | None]]]
    ] = []
    for tid in table_ids:
        table = by_table[tid]
        crit = criteria.get(tid, [])
        key = table.bloc_id * 10000 + table.year
        unit_ids = sorted(members.get((table.bloc_id, table.year), []))
        inputs = []
        for uid in unit_ids:
            entry = entries.get((tid, uid), selectors.StageEntry(manual={}))
            values = {}
            for _cid, ind_id, sc in crit:
                if sc.method == "manual":
                    values[sc.code] = scoring.Value(points=entry.manual.get(sc.code))
                else:
                    values[sc.code] = scoring.Value(
                        actual=actual.get((key, uid, ind_id)),  # type: ignore[arg-type]
                        plan=plans.get((key, uid, ind_id)),  # type: ignore[arg-type]
                    )
            inputs.append(
                scoring.UnitInput(
                    unit=uid, values=values, bonus=entry.bonus, penalty=entry.penalty
                )
            )
        results = scoring.evaluate(
            [sc for _, _, sc in crit], inputs, bonus_cap=table.bonus_cap
        )
        ordered = scoring.tie_break(
            results, table.tie_break or [], [sc for _, _, sc in crit]
        )
        cid_of = {sc.code: cid for cid, _, sc in crit}
        manual_of = {(uid): entries.get((tid, uid)) for uid in unit_ids}
        for result, position in ordered:
            sheet = existing.get((tid, result.unit)) or ScoreSheet(
                table_id=tid, unit_id=result.unit, stage=Stage.FINAL
            )
            sheet.total, sheet.rank, sheet.position = (
                result.total,
                result.rank,
                position,
            )
            sheet.bonus, sheet.penalty = result.bonus, result.penalty
            (to_update if sheet.pk else to_create).append(sheet)
            entry = manual_of.get(result.unit)  # type: ignore[assignment]
            pending_lines.append(
                (
                    sheet,
                    [
                        (
                            cid_of[line.criterion],
                            line,
                            entry.manual.get(line.criterion) if entry else None,
                        )
                        for line in result.breakdown
                    ],
                )
            )
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    with transaction.atomic(), connection.cursor() as cursor:
        # Final sheets and lines are derived data rewritten wholesale: plain
        # executemany keeps 200,000 lines to seconds (ORM bulk paths spend most of
        # their time building model instances and SQL); one audit event per table.
        qn = connection.ops.quote_name
        line_table = qn(ScoreLine._meta.db_table)
        sheet_table = qn(ScoreSheet._meta.db_table)
        if to_update:
            ids = [s.pk for s in to_update]
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                cursor.execute(
                    f"DELETE FROM {line_table} WHERE sheet_id IN ({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )
            sets = ", ".join(
                f"{qn(c)} = %s"
                for c in ("total", "rank", "position", "bonus", "penalty", "updated_at")
            )
            cursor.executemany(
                f"UPDATE {sheet_table} SET {sets} WHERE id = %s",
                [
                    (s.total, s.rank, s.position, s.bonus, s.penalty, stamp, s.pk)
                    for s in to_update
                ],
            )
        ScoreSheet.objects.bulk_create(to_create, batch_size=500)
        columns = ", ".join(
            qn(c)
            for c in (
                "created_at",
                "updated_at",
                "sheet_id",
                "criterion_id",
                "actual",
                "plan",
                "ratio",
                "points",
                "manual_points",
                "note",
            )
        )
        cursor.executemany(
            f"INSERT INTO {line_table} ({columns}) VALUES ({', '.join(['%s'] * 10)})",
            [
                (
                    stamp,
                    stamp,
                    sheet.pk,
                    cid,
                    line.actual,
                    line.plan,
                    line.ratio,
                    line.points,
                    manual,
                    line.issue,
                )
                for sheet, items in pending_lines
                for cid, line, manual in items
            ],
        )
        for t in tables:
            audit.record_event(t, "Tổng hợp kết quả cuối cùng và xếp hạng")
    return len(to_create) + len(to_update)


def _criteria_bulk(
    table_ids: list[int],
) -> dict[int, list[tuple[int, int | None, scoring.Criterion]]]:
    out: dict[int, list[tuple[int, int | None, scoring.Criterion]]] = {}
    rows = (
        Criterion.objects.filter(table_id__in=table_ids)
        .select_related("group")
        .order_by("table_id", "group__order", "order", "pk")
    )
    for c in rows:
        out.setdefault(c.table_id, []).append(
            (c.id, c.indicator_id, selectors.engine_criterion(c))
        )
    return out


def _entries_bulk(table_ids: list[int]) -> dict[tuple[int, int], selectors.StageEntry]:
    """Latest non-final stage per (table, unit): its manual points and bonus/penalty."""
    order: dict[str, int] = {Stage.SELF: 0, Stage.REVIEW: 1, Stage.ADJUSTMENT: 2}
    best: dict[tuple[int, int], tuple[int, int, float, float]] = {}
    for sid, tid, uid, stage, bonus, penalty in ScoreSheet.objects.filter(
        table_id__in=table_ids, stage__in=list(order)
    ).values_list("id", "table_id", "unit_id", "stage", "bonus", "penalty"):
        cur = best.get((tid, uid))
        if cur is None or order[stage] > cur[0]:
            best[(tid, uid)] = (order[stage], sid, bonus, penalty)
    sheet_ids = {v[1]: k for k, v in best.items()}
    manual: dict[int, dict[str, float]] = {}
    for sid, code, pts in ScoreLine.objects.filter(
        sheet_id__in=list(sheet_ids), manual_points__isnull=False
    ).values_list("sheet_id", "criterion__code", "manual_points"):
        manual.setdefault(sid, {})[code] = pts  # type: ignore[assignment]
    return {
        key: selectors.StageEntry(
            manual=manual.get(sid, {}), bonus=bonus, penalty=penalty
        )
        for key, (_, sid, bonus, penalty) in best.items()
    }


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


# --- scoring tables as the contracts.md JSON ------------------------------------


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
