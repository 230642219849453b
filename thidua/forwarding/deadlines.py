"""The deadline of the step a dossier is at, in working days (issue 13 §5).

Each step's limit is a `StepLimit` row an administrator edits; the first read of a
step creates it from DEFAULTS, which carry their source (research sheet §4.2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from thidua.dossiers.models import Dossier

from .models import StepLimit
from .selectors import Deadline, deadlines
from .workdays import add_working_days

Step = StepLimit.Step
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
    """dossier id → the deadline of the step it is at, where one is set."""
    today = today or timezone.localdate()
    days = limits()
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
        if step is None or start is None or days.get(step) is None:
            continue
        dues[dossier.pk] = add_working_days(start, days[step] or 0)
        labels[dossier.pk] = str(Step(step).label)
    return {
        pk: StepDeadline(labels[pk], deadline)
        for pk, deadline in deadlines(dues, today).items()
    }


def overdue_dossiers(dossiers: list[Dossier], today: dt.date | None = None) -> int:
    return sum(
        1 for d in dossier_deadlines(dossiers, today).values() if d.deadline.overdue
    )
