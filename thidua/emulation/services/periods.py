"""Actual values and the period workflow: enter, send, recall, return, approve, lock, reopen."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core import audit
from thidua.units.models import BlocMembership, OrgUnit

from .. import selectors
from ..models import ActualValue, Indicator, Reopening, ReportingPeriod
from .entries import clean_entry

# what an ActualValue's name (its audit entry) reads: joined by the bulk status
# changes below instead of three queries per figure
_NAMED = ("unit", "indicator", "period")


def _locked(period: ReportingPeriod) -> ReportingPeriod:
    """The period read again under its row lock, with its bloc (the audit trail
    names the period by it); the bloc's row is not locked."""
    return (
        ReportingPeriod.objects.select_related("bloc")
        .select_for_update(of=("self",))
        .get(pk=period.pk)
    )


def _check_open(period: ReportingPeriod) -> None:
    if period.status != ReportingPeriod.Status.OPEN:
        raise ValidationError(
            {
                "period": f"Kỳ báo cáo đang ở trạng thái “{period.get_status_display()}”: "
                "không thể sửa số liệu (cần mở lại kỳ, ghi rõ lý do)."
            }
        )


def _check_members(period: ReportingPeriod, units: list[OrgUnit]) -> None:
    members = set(
        BlocMembership.objects.filter(
            bloc_id=period.bloc_id, year=period.year, unit__in=units
        ).values_list("unit_id", flat=True)
    )
    for unit in units:
        if unit.id not in members:
            raise ValidationError(
                {"unit": f"{unit} không thuộc khối trong năm {period.year}."}
            )


def _check_not_sent(period: ReportingPeriod, units: list[OrgUnit]) -> None:
    sent = selectors.units_sent(period)
    for unit in units:
        if unit.id in sent:
            raise ValidationError(
                {
                    "unit": f"{unit} đã gửi số liệu kỳ này: muốn sửa, hãy rút lại số "
                    "liệu đã gửi (hoặc chờ Khối trưởng trả lại)."
                }
            )


# one figure typed: its unit, its indicator and the text typed as "value",
# "numerator" and "denominator" (missing or blank: none)
Entry = tuple[OrgUnit, Indicator, dict[str, Any]]
_ENTERED = ["value", "numerator", "denominator", "status", "entered_by", "source"]
_ENTERED += ["updated_at"]  # bulk_update leaves auto_now to its caller


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
    typed = {"value": value, "numerator": numerator, "denominator": denominator}
    return actuals_enter(
        period=period, entries=[(unit, indicator, typed)], by=by, source=source
    )[0]


@transaction.atomic
def actuals_enter(
    *, period: ReportingPeriod, entries: list[Entry], by: Any, source: str = ""
) -> list[ActualValue | None]:
    """Enter or clear several values (a grid, a spreadsheet), all or nothing; the
    row of each afterwards (None when cleared). The period is locked and each unit
    checked once, the rows are written and audited in bulk: six figures cost the
    queries of one (the year-end rush, bench/bench_rush.py)."""
    period = _locked(period)
    _check_open(period)
    units = list({unit.id: unit for unit, _, _ in entries}.values())
    _check_members(period, units)
    _check_not_sent(period, units)
    cleaned = [(u, i, clean_entry(i, **typed)) for u, i, typed in entries]
    existing = {
        (a.unit_id, a.indicator_id): a
        for a in period.actuals.filter(
            unit__in=units, indicator__in={i.id for _, i, _ in entries}
        )
    }
    entered_by = by if getattr(by, "pk", None) else None
    rows: list[ActualValue | None] = []
    added, changed, cleared = [], [], []
    for unit, indicator, (v, num, den) in cleaned:
        row = existing.get((unit.id, indicator.id))
        if row is not None:  # named in its audit entry: with what is at hand
            row.period, row.unit, row.indicator = period, unit, indicator
        if v is None:
            if row is not None:
                cleared.append(row.pk)
            rows.append(None)
            continue
        if row is None:
            row = ActualValue(period=period, unit=unit, indicator=indicator)
            added.append(row)
        elif (row.value, row.numerator, row.denominator) != (v, num, den):
            row.updated_at = timezone.now()
            changed.append(row)
        else:
            rows.append(row)
            continue
        row.value, row.numerator, row.denominator = v, num, den
        row.status = ActualValue.Status.DRAFT
        row.entered_by = entered_by
        row.source = source or row.source
        rows.append(row)
    with audit.acting_as(by):
        if cleared:
            ActualValue.objects.filter(pk__in=cleared).delete()
        ActualValue.objects.bulk_update(changed, _ENTERED)
        ActualValue.objects.bulk_create(added)
    return rows


def _check_not_sent_already(period: ReportingPeriod, unit: OrgUnit) -> None:
    """A second send of the same figures (a double click, a resend without the
    form's one-time token, two tabs) is refused: the first one stands."""
    done = set(
        period.actuals.filter(
            unit=unit,
            status__in=(ActualValue.Status.SUBMITTED, ActualValue.Status.APPROVED),
        ).values_list("status", flat=True)
    )
    if ActualValue.Status.APPROVED in done:
        raise ValidationError(
            {"unit": f"Số liệu kỳ này của {unit} đã được duyệt: không gửi lại."}
        )
    if done:
        raise ValidationError(
            {
                "unit": f"{unit} đã gửi số liệu kỳ này rồi: lần gửi này không được "
                "thực hiện. Muốn sửa, hãy rút lại số liệu đã gửi."
            }
        )


@transaction.atomic
def actuals_submit(*, period: ReportingPeriod, unit: OrgUnit, by: Any) -> int:
    """A unit sends its values; the period becomes "submitted" when every member has.

    Sending is done once: the period's row lock makes a concurrent second send
    wait for the first, then find the figures sent and be refused."""
    period = _locked(period)
    _check_not_sent_already(period, unit)
    _check_open(period)
    _check_members(period, [unit])
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
        count = (
            period.actuals.filter(unit=unit)
            .select_related(*_NAMED)
            .update(status=ActualValue.Status.SUBMITTED)
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
    count = (
        period.actuals.filter(unit=unit, status=ActualValue.Status.SUBMITTED)
        .select_related(*_NAMED)
        .update(status=ActualValue.Status.DRAFT)
    )
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
    period = _locked(period)
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
    period = _locked(period)
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
    period = _locked(period)
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
        period.actuals.select_related(*_NAMED).update(
            status=ActualValue.Status.APPROVED
        )
        period.status = ReportingPeriod.Status.APPROVED
        period.approved_by = by
        period.approved_at = timezone.now()
        period.save()
    return period


@transaction.atomic
def period_lock(*, period: ReportingPeriod, by: Any) -> ReportingPeriod:
    period = _locked(period)
    if period.status != ReportingPeriod.Status.APPROVED:
        raise ValidationError({"period": "Chỉ khóa được kỳ đã duyệt."})
    with audit.acting_as(by):
        period.status = ReportingPeriod.Status.LOCKED
        period.save()
    return period


@transaction.atomic
def period_reopen(*, period: ReportingPeriod, reason: str, by: Any) -> Reopening:
    """The only way to change an approved or locked period: a recorded reopening."""
    period = _locked(period)
    if not period.is_frozen and period.status != ReportingPeriod.Status.SUBMITTED:
        raise ValidationError({"period": "Kỳ báo cáo đang mở, không cần mở lại."})
    if len((reason or "").strip()) < 10:
        raise ValidationError({"reason": "Cần ghi rõ lý do mở lại (ít nhất 10 ký tự)."})
    with audit.acting_as(by):
        reopening = Reopening.objects.create(
            period=period, reason=reason.strip(), previous_status=period.status, by=by
        )
        # reopened means every unit may correct its figures again
        period.actuals.exclude(status=ActualValue.Status.DRAFT).select_related(
            *_NAMED
        ).update(status=ActualValue.Status.DRAFT)
        period.status = ReportingPeriod.Status.OPEN
        period.save()
    return reopening
