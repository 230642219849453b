"""The deadline of the step a dossier is at, in working days (issue 13 §5).

Each step's limit is a `StepLimit` row an administrator edits; the first read of a
step creates it from DEFAULTS, which carry their source (research sheet §4.2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.accounts.roles import AnyUser
from thidua.dossiers.access import can_run_councils, dossiers_for_user, run_by
from thidua.dossiers.models import Dossier

from .models import StepLimit
from .selectors import Deadline, deadlines
from .workdays import add_working_days, holidays_between, last_working_day, window

Step = StepLimit.Step
OVERDUE = "qua-han"  # the lists' filter: ?han=qua-han
PROVINCE_SETS = "Chưa có văn bản quy định chung: tỉnh (bộ) tự quy định"
DEFAULTS: dict[str, tuple[int | None, str, bool]] = {
    Step.REVIEW: (None, PROVINCE_SETS, True),
    Step.COUNCIL: (None, PROVINCE_SETS, True),
    Step.DECISION: (None, PROVINCE_SETS, True),
    # Bộ Nội vụ submits within 20 working days of a complete dossier [S]
    Step.FORWARDING: (20, "QĐ 311/QĐ-BNV năm 2025 (thủ tục cấp Trung ương)", True),
}
# the dossier status each limited step waits in
STEP_OF_STATUS: dict[str, str] = {
    Dossier.Status.SUBMITTED: Step.REVIEW,
    Dossier.Status.AWAITING_COUNCIL: Step.COUNCIL,
    Dossier.Status.APPROVED: Step.DECISION,
}


def limits() -> dict[str, int | None]:
    """step → working days (None: not set), the missing rows created from DEFAULTS."""
    rows = {r.step: r.working_days for r in StepLimit.objects.all()}
    for step, (days, source, uncertain) in DEFAULTS.items():
        if step not in rows:
            row, _ = StepLimit.objects.get_or_create(
                step=step,
                defaults={
                    "working_days": days,
                    "source": source,
                    "uncertain": uncertain,
                },
            )
            rows[step] = row.working_days
    return rows


def forwarding_days() -> int:
    days = limits()[Step.FORWARDING]
    if days is None:
        raise ValueError("Chưa quy định thời hạn cấp trên trả lời tờ trình.")
    return days


@dataclass(frozen=True)
class StepDeadline:
    step: str  # label
    deadline: Deadline


def _start(dossier: Dossier) -> dt.date | None:
    if dossier.status == Dossier.Status.SUBMITTED:
        return (
            timezone.localdate(dossier.submitted_at) if dossier.submitted_at else None
        )
    # the step began with the last change of status (disclosure closed, votes counted)
    return timezone.localdate(dossier.updated_at)


def dossier_deadlines(
    dossiers: list[Dossier], today: dt.date | None = None
) -> dict[int, StepDeadline]:
    """dossier id → the deadline of the step it is at, where one is set; the
    holidays read once for the whole list."""
    today = today or timezone.localdate()
    days = limits()
    starts: dict[int, tuple[dt.date, str]] = {}
    dues: dict[int, dt.date | None] = {}
    labels: dict[int, str] = {}
    for dossier in dossiers:
        if dossier.status == Dossier.Status.UNDER_DISCLOSURE:
            disclosure = getattr(dossier, "disclosure", None)
            if disclosure is not None:
                dues[dossier.pk] = disclosure.ends_on
                labels[dossier.pk] = "Công khai"
            continue
        step = STEP_OF_STATUS.get(dossier.status)
        start = _start(dossier)
        if step is not None and start is not None and days.get(step) is not None:
            starts[dossier.pk] = (start, step)
    if starts:
        first = min(start for start, _ in starts.values())
        last = max(start for start, _ in starts.values())
        off = holidays_between(first, last + window(max(d or 0 for d in days.values())))
        for pk, (start, step) in starts.items():
            dues[pk] = add_working_days(start, days[step] or 0, off)
            labels[pk] = str(Step(step).label)
    return {
        pk: StepDeadline(labels[pk], deadline)
        for pk, deadline in deadlines(dues, today).items()
    }


def overdue_before(today: dt.date | None = None) -> dt.date:
    """A deadline before this day is missed (`Deadline.overdue`), for SQL filters."""
    today = today or timezone.localdate()
    return last_working_day(today, holidays_between(today - window(10), today))


def _latest_start(days: int, before: dt.date, off: set[dt.date]) -> dt.date:
    """The last start day whose deadline falls before `before` (deadlines move
    forward with their start, so every earlier start is late too)."""
    start = before - dt.timedelta(days=1)
    while add_working_days(start, days, off) >= before:
        start -= dt.timedelta(days=1)
    return start


def overdue_q(today: dt.date | None = None) -> Q:
    """Dossiers past their step's deadline, as a filter: the same answer as
    `dossier_deadlines(...)[pk].deadline.overdue`, for a whole list at once."""
    before = overdue_before(today)
    days = limits()
    off = holidays_between(
        before - window(max(d or 0 for d in days.values())) - window(0), before
    )
    late = Q(status=Dossier.Status.UNDER_DISCLOSURE, disclosure__ends_on__lt=before)
    for status, step in STEP_OF_STATUS.items():
        if days.get(step) is None:
            continue
        latest = _latest_start(days[step] or 0, before, off)
        started = (
            "submitted_at__date__lte"
            if status == Dossier.Status.SUBMITTED
            else "updated_at__date__lte"
        )
        late |= Q(status=status, **{started: latest})
    return late


def overdue_dossiers(user: AnyUser) -> QuerySet[Dossier]:
    """Dossiers past their step's deadline: of the councils the user runs, or for
    someone who runs none, of those they see (the lists' "Quá hạn")."""
    qs = dossiers_for_user(user).filter(overdue_q())
    return qs.filter(run_by(user)) if can_run_councils(user) else qs
