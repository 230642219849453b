"""Reads for the forwarding screens: what waits to go up, and what is away with its
deadline in working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from thidua.accounts.roles import AnyUser, Role, has_role
from thidua.commendations import law
from thidua.dossiers.access import (
    can_run_councils,
    councils_run,
    dossiers_for_user,
    run_by,
)
from thidua.dossiers.models import Dossier, Nominee
from thidua.lib.formats import number

from .access import forwardings_for_user
from .models import Forwarding
from .workdays import holidays_between, working_days_left


def _waiting(by_commune: bool) -> Exists:
    return Exists(
        Nominee.objects.filter(
            dossier=OuterRef("pk"),
            council_results__passed=True,
            award_type__level__in=law.forwarded_levels(by_commune),
        ).exclude(forwardings__status__in=Forwarding.HOLDING)
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


def forwardings_to_relay(user: AnyUser) -> QuerySet[Forwarding]:
    """Communes' tờ trình to the province holding nominees only the State decides,
    not sent on yet (services.relayable, for many at once): the province office's."""
    if not has_role(user, Role.PROVINCE_OFFICER):
        return Forwarding.objects.none()
    relayed = Forwarding.nominees.through.objects.filter(
        forwarding__relayed_from=OuterRef(OuterRef("pk"))
    ).values("nominee_id")
    waiting = Nominee.objects.filter(
        forwardings=OuterRef("pk"),
        award_type__level__in=law.forwarded_levels(False),
    ).exclude(pk__in=relayed)
    return (
        forwardings_for_user(user)
        .filter(
            Exists(waiting),
            dossier__decider__isnull=False,
            relayed_from__isnull=True,
            status__in=[Forwarding.Status.SENT, Forwarding.Status.RELAYED],
        )
        .order_by("-pk")
    )


def managed_by(user: AnyUser) -> Q:
    """Forwardings the user sends and closes (access.can_manage, as a filter): the
    province's relays are the province office's, the rest their council's."""
    own = Q(run_by(user, "dossier__"), relayed_from__isnull=True)
    if has_role(user, Role.PROVINCE_OFFICER):
        own |= Q(relayed_from__isnull=False)
    return own


def overdue_forwardings(user: AnyUser, before: dt.date) -> QuerySet[Forwarding]:
    """The user's proposals sent up whose answer is due before `before`
    (`deadlines.overdue_before`): those they manage, or for someone who manages
    none, those they see."""
    qs = forwardings_for_user(user).filter(
        status=Forwarding.Status.SENT, due_on__lt=before
    )
    return qs.filter(managed_by(user)) if can_run_councils(user) else qs


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
