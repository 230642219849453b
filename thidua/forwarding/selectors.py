"""Reads for the forwarding screens: what waits to go up, and what is away with its
deadline in working days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Exists, OuterRef, Q, QuerySet

from thidua.accounts.roles import AnyUser, Role, has_role
from thidua.commendations import law
from thidua.dossiers.access import (
    can_run_councils,
    councils_run,
    dossiers_for_user,
    run_by,
)
from thidua.dossiers.models import CouncilResult, CouncilSession, Dossier, Nominee
from thidua.lib.formats import number, percent

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


# -- a commune's State-level nominees: the province council votes, then relays ---

# a commune's tờ trình the province still handles (RELAYED: waiting for the centre)
IN_HAND = (Forwarding.Status.SENT, Forwarding.Status.RELAYED)


def relayed_ids(source: Forwarding) -> set[int]:
    """Nominees of a commune's tờ trình the province sent on to the centre."""
    return set(
        Forwarding.nominees.through.objects.filter(
            forwarding__relayed_from=source
        ).values_list("nominee_id", flat=True)
    )


def _on_province_agenda() -> QuerySet[Any]:
    """Nominees put before the organisation's council, in an open or closed session."""
    return CouncilSession.agenda.through.objects.filter(
        councilsession__unit__isnull=True
    ).values("nominee_id")


def nominees_awaiting_vote() -> QuerySet[Nominee]:
    """Nominees of communes' tờ trình to the province that only the State decides,
    on no session of the organisation's council yet. The provincial TĐKT council
    reviews them before the chair signs the tờ trình to the centre (Law 2022 Art.
    83(2)), whose dossier carries that council's minutes and vote (QĐ 311 [S];
    research sheet §4.1, §4.7)."""
    relayed = Forwarding.nominees.through.objects.filter(
        forwarding__relayed_from__isnull=False
    ).values("nominee_id")
    return (
        Nominee.objects.filter(
            forwardings__relayed_from__isnull=True,
            forwardings__status__in=IN_HAND,
            dossier__decider__isnull=False,
            award_type__level__in=law.forwarded_levels(False),
        )
        .exclude(pk__in=relayed)
        .exclude(pk__in=_on_province_agenda())
        .distinct()
    )


def sources_awaiting_vote() -> QuerySet[Forwarding]:
    """Communes' tờ trình holding nominees for the province council's next session."""
    return (
        Forwarding.objects.filter(
            relayed_from__isnull=True,
            status__in=IN_HAND,
            nominees__in=nominees_awaiting_vote(),
        )
        .select_related("dossier__decider")
        .distinct()
        .order_by("pk")
    )


def province_results(nominee_ids: Iterable[int]) -> dict[int, CouncilResult]:
    """nominee id → the organisation's council's latest result on it."""
    return {
        r.nominee_id: r
        for r in CouncilResult.objects.filter(
            nominee_id__in=list(nominee_ids), session__unit__isnull=True
        )
        .select_related("session")
        .order_by("pk")
    }


def vote_text(result: CouncilResult) -> str:
    """ "2/3 phiếu đồng ý (66,7%), cần 80%"."""
    return (
        f"{number(result.yes)}/{number(result.members)} phiếu đồng ý "
        f"({percent(result.percent)}), cần {percent(result.threshold)}"
    )


@dataclass(frozen=True)
class VoteMark:
    """Where a commune's State-level nominee stands with the province."""

    state: str  # waiting, voting, passed, refused, relayed
    text: str

    @property
    def tone(self) -> str:
        """The tag's colour: dz-ok, dz-bad, dz-warn."""
        return {"refused": "bad", "passed": "ok", "relayed": "ok"}.get(
            self.state, "warn"
        )


def province_marks(source: Forwarding) -> dict[int, VoteMark]:
    """nominee id → its mark, for each State-level nominee of a commune's own tờ
    trình: waiting for the province council, being voted on, passed or refused (with
    the votes), sent on. Empty for any other tờ trình."""
    if not source.dossier.decider_id or source.relayed_from_id:
        return {}
    ids = list(
        source.nominees.filter(
            award_type__level__in=law.forwarded_levels(False)
        ).values_list("pk", flat=True)
    )
    results = province_results(ids)
    relayed = relayed_ids(source)
    on_agenda = set(
        _on_province_agenda()
        .filter(nominee_id__in=ids)
        .values_list("nominee_id", flat=True)
    )
    marks = {}
    for pk in ids:
        r = results.get(pk)
        if r is not None and not r.passed:
            mark = VoteMark("refused", f"Hội đồng tỉnh không thông qua: {vote_text(r)}")
        elif pk in relayed:
            mark = VoteMark("relayed", "Tỉnh đã trình tiếp lên Trung ương")
        elif r is not None:
            mark = VoteMark(
                "passed", f"Hội đồng tỉnh thông qua ({vote_text(r)}), chờ trình tiếp"
            )
        elif pk in on_agenda:
            mark = VoteMark("voting", "Hội đồng tỉnh đang bỏ phiếu")
        elif source.status in IN_HAND:
            mark = VoteMark("waiting", "Chờ Hội đồng tỉnh xét")
        else:
            continue
        marks[pk] = mark
    return marks


def forwardings_to_relay(user: AnyUser) -> QuerySet[Forwarding]:
    """Communes' tờ trình to the province holding nominees only the State decides,
    waiting for the province council's vote (`to_vote`) or passed by it and not
    sent on yet (services.relayable, for many at once): the province office's."""
    if not has_role(user, Role.PROVINCE_OFFICER):
        return Forwarding.objects.none()
    relayed = Forwarding.nominees.through.objects.filter(
        forwarding__relayed_from=OuterRef(OuterRef("pk"))
    ).values("nominee_id")
    to_vote = nominees_awaiting_vote().filter(forwardings=OuterRef("pk"))
    passed = Nominee.objects.filter(
        forwardings=OuterRef("pk"),
        award_type__level__in=law.forwarded_levels(False),
        council_results__session__unit__isnull=True,
        council_results__passed=True,
    ).exclude(pk__in=relayed)
    return (
        forwardings_for_user(user)
        .annotate(to_vote=Exists(to_vote))
        .filter(
            Q(to_vote=True) | Q(Exists(passed)),
            dossier__decider__isnull=False,
            relayed_from__isnull=True,
            status__in=IN_HAND,
        )
        .order_by("-pk")
    )


def returned_relays(sources: Iterable[Forwarding]) -> dict[int, list[Forwarding]]:
    """Commune tờ trình id → the province's relays of it the centre returned."""
    found: dict[int, list[Forwarding]] = {}
    for relay in Forwarding.objects.filter(
        relayed_from__in=[s.pk for s in sources], status=Forwarding.Status.RETURNED
    ).order_by("pk"):
        found.setdefault(cast(int, relay.relayed_from_id), []).append(relay)
    return found


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
