"""Reads for the forwarding screens: what waits to go up, and what is away with its
deadline in working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from thidua.accounts.roles import AnyUser, Role, has_role
from thidua.commendations import law
from thidua.dossiers.access import councils_run, dossiers_for_user
from thidua.dossiers.models import Dossier, Nominee
from thidua.lib.formats import number

from .models import Forwarding
from .workdays import holidays_between, working_days_left

OPEN = ("prepared", "sent", "decided")


def _waiting(by_commune: bool) -> Exists:
    return Exists(
        Nominee.objects.filter(
            dossier=OuterRef("pk"),
            council_results__passed=True,
            award_type__level__in=law.forwarded_levels(by_commune),
        ).exclude(forwardings__status__in=OPEN)
    )


def dossiers_to_forward(user: AnyUser) -> QuerySet[Dossier]:
    """Dossiers whose council the user runs, holding passed nominees only a higher
    level decides, not yet in a tờ trình (services.forwardable, for many at once)."""
    mine = Q(_waiting(True), decider_id__in=councils_run(user))
    if has_role(user, Role.PROVINCE_OFFICER):
        mine |= Q(_waiting(False), decider__isnull=True)
    return (
        dossiers_for_user(user)
        .filter(status__in=[Dossier.Status.APPROVED, Dossier.Status.DECIDED])
        .filter(mine)
        .order_by("-pk")
    )


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    left: int  # working days; negative when overdue

    @property
    def overdue(self) -> bool:
        return self.left < 0

    @property
    def text(self) -> str:
        if self.left < 0:
            return f"Quá hạn {number(-self.left)} ngày làm việc"
        if self.left == 0:
            return "Hết hạn hôm nay"
        return f"Còn {number(self.left)} ngày làm việc"


def deadlines(dues: dict[int, dt.date | None], today: dt.date) -> dict[int, Deadline]:
    """key → Deadline for every due date given, the holidays read once."""
    days = [d for d in dues.values() if d is not None]
    if not days:
        return {}
    off = holidays_between(min([*days, today]), max([*days, today]))
    return {
        key: Deadline(due, working_days_left(due, today, off))
        for key, due in dues.items()
        if due is not None
    }


def with_deadlines(
    forwardings: list[Forwarding], today: dt.date
) -> list[tuple[Forwarding, Deadline | None]]:
    """Each forwarding with its answer deadline while it waits for the level above."""
    waiting = {
        f.pk: f.due_on for f in forwardings if f.status == Forwarding.Status.SENT
    }
    found = deadlines(waiting, today)
    return [(f, found.get(f.pk)) for f in forwardings]
