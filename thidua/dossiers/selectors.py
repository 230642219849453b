"""Reads of the dossiers app; who may read what is in thidua/dossiers/access.py."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.roles import AnyUser
from thidua.commendations import law
from thidua.commendations.models import AwardType, Level
from thidua.forwarding.deadlines import overdue_dossiers
from thidua.lib.text import fold
from thidua.organisation.selectors import organisation_on
from thidua.units.models import OrgUnit

from .access import dossiers_for_user
from .models import (
    CouncilResult,
    CouncilSession,
    Decision,
    DecisionItem,
    Dossier,
    DossierDocument,
    Nominee,
    PublicFeedback,
)
from .wording import reviewer

Role = RoleAssignment.Role


# the list's query value for "with a citizen's comment waiting" (?gop-y=cho-duyet)
FEEDBACK_PENDING = "cho-duyet"


def dossier_list(
    user: AnyUser,
    *,
    status: str = "",
    year: int | None = None,
    query: str = "",
    person_id: int | None = None,
    feedback_pending: bool = False,
    overdue: bool = False,
) -> QuerySet[Dossier]:
    """The user's dossiers, filtered; `person_id` keeps those that nominate the person,
    `feedback_pending` those with a citizen's comment waiting for moderation,
    `overdue` those past their step's deadline (forwarding.deadlines)."""
    qs = overdue_dossiers(user) if overdue else dossiers_for_user(user)
    qs = qs.select_related("disclosure")  # the deadline of a disclosure
    if person_id:
        qs = qs.filter(nominees__person_id=person_id).distinct()
    if feedback_pending:
        qs = qs.filter(
            nominees__feedback__status=PublicFeedback.Status.PENDING
        ).distinct()
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(unit__name__icontains=query))
    return qs.order_by("-updated_at", "-pk")


def nominees_of(dossier: Dossier) -> QuerySet[Nominee]:
    return dossier.nominees.select_related("award_type", "person", "unit").order_by(
        "pk"
    )


def documents_of(dossier: Dossier) -> QuerySet[DossierDocument]:
    return dossier.documents.order_by("kind", "pk")


# -- council ---------------------------------------------------------------


def session_agenda(session: CouncilSession) -> QuerySet[Nominee]:
    return session.agenda.select_related(
        "award_type", "dossier__unit", "dossier__decider", "person"
    ).order_by("dossier_id", "pk")


def ballot_rows(
    session: CouncilSession, marks: dict[int, str] | None = None
) -> list[dict[str, Any]]:
    """Each nominee of the agenda with what a member reads before voting: the engine's
    verdict, the achievement report, the dossier's documents and the public feedback,
    the vote of the commune's council that sent it up (a commune's nominee only the
    State decides, before the province's council), and the mark already chosen when
    a ballot is shown again."""
    agenda = list(session_agenda(session))
    below = (
        {
            r.nominee_id: r
            for r in CouncilResult.objects.filter(
                nominee__in=agenda, passed=True, session__unit__isnull=False
            ).select_related("session__unit")
        }
        if session.unit_id is None
        else {}
    )
    reports: dict[int, DossierDocument] = {}
    counts: dict[int, int] = {}
    for doc in DossierDocument.objects.filter(
        dossier_id__in={n.dossier_id for n in agenda}
    ).order_by("pk"):
        counts[doc.dossier_id] = counts.get(doc.dossier_id, 0) + 1
        if doc.kind == DossierDocument.Kind.ACHIEVEMENT_REPORT:
            reports.setdefault(doc.dossier_id, doc)
    feedback: dict[int, list[PublicFeedback]] = {}
    for f in PublicFeedback.objects.filter(
        nominee__in=agenda, status=PublicFeedback.Status.PUBLISHED
    ).order_by("pk"):
        feedback.setdefault(f.nominee_id, []).append(f)
    return [
        {
            "nominee": n,
            "report": reports.get(n.dossier_id),
            "documents": counts.get(n.dossier_id, 0),
            "feedback": feedback.get(n.pk, []),
            "below": (reviewer(n.dossier), below[n.pk]) if n.pk in below else None,
            "mark": (marks or {}).get(n.pk, ""),
            "unanswered": marks is not None and n.pk not in marks,
        }
        for n in agenda
    ]


def has_voted(session: CouncilSession, user: User) -> bool:
    return session.receipts.filter(member=user).exists()


# -- decisions ---------------------------------------------------------------


def decision_items(decision: Decision) -> list[DecisionItem]:
    """The decision's rows, each with `.corrected_by`: the issued item that amends
    or revokes it (the original decision never changes, its rows say so)."""
    items = list(
        decision.items.select_related(
            "award_type", "certificate", "replaces", "revokes"
        ).order_by("position")
    )
    later = (
        DecisionItem.objects.filter(
            Q(replaces__in=items) | Q(revokes__in=items),
            decision__status=Decision.Status.ISSUED,
        )
        .select_related("decision")
        .order_by("decision__date", "pk")
    )
    by_original = {(c.replaces_id or c.revokes_id): c for c in later}
    for item in items:
        item.corrected_by = by_original.get(item.pk)  # type: ignore[attr-defined]  # for the template
    return items


def dossiers_ready_for_decision() -> QuerySet[Dossier]:
    return Dossier.objects.filter(status=Dossier.Status.APPROVED).select_related("unit")


# -- public ------------------------------------------------------------------


def disclosed_nominees(today: dt.date | None = None) -> QuerySet[Nominee]:
    """Accepted nominees whose dossier is open for public comment today."""
    day = today or timezone.localdate()
    return (
        Nominee.objects.filter(
            dossier__status=Dossier.Status.UNDER_DISCLOSURE,
            dossier__disclosure__starts_on__lte=day,
            dossier__disclosure__ends_on__gte=day,
            review_status=Nominee.Review.ACCEPTED,
        )
        .select_related("award_type", "dossier__unit", "dossier__disclosure")
        .order_by("-dossier__disclosure__starts_on", "dossier_id", "pk")
    )


def issued_decisions() -> QuerySet[Decision]:
    return (
        Decision.objects.filter(status=Decision.Status.ISSUED)
        .select_related("target")
        .annotate(item_count=Count("items"))
        .order_by("-date", "-number")
    )


# "1020", "1020/QĐ-UBND", "số 1020/2026", "QĐ 1020"
_REFERENCE = re.compile(r"(?<![\d/])(\d{1,7})(?:\s*/\s*([^\s,;]+))?")


def search_issued_decisions(query: str) -> QuerySet[Decision]:
    """Issued decisions found by their number (with or without the symbol or
    year) or by words of the summary and issuer, with or without diacritics."""
    qs = issued_decisions()
    query = query.strip()[:200]
    if not query:
        return qs
    found: set[int] = set()
    match = _REFERENCE.search(query)
    if match:
        by_number = qs.filter(number=int(match.group(1)))
        for part in (match.group(2) or "").split("/"):
            if part.isdigit() and len(part) == 4:
                by_number = by_number.filter(year=int(part))
            elif part:
                wanted = fold(part).replace(" ", "")
                by_number = by_number.filter(
                    pk__in=[
                        pk
                        for pk, symbol in by_number.values_list("pk", "symbol")
                        if fold(symbol).replace(" ", "").startswith(wanted)
                    ]
                )
        found.update(by_number.values_list("pk", flat=True))
    # words ("bằng khen 2024" is also a summary, not only decision no. 2024)
    words = [w for w in fold(query).split() if w not in ("so", "qd", "quyet", "dinh")]
    if words:
        found.update(
            pk
            for pk, summary, issuer, year in qs.values_list(
                "pk", "summary", "issuer_name", "year"
            )
            if all(w in fold(f"{summary} {issuer} {year}") for w in words)
        )
    return qs.filter(pk__in=found)


def council_forms(
    council: OrgUnit | None, thresholds: dict[str, Any]
) -> list[AwardType]:
    """The award forms whose approval threshold a council's session form shows: a
    commune's, every form its chair decides (Giấy khen, LĐTT, CSTĐCS, TTLĐTT, thôn
    văn hóa …); the organisation's, those with a threshold of their own in the rule
    set (its titles and flag, the State's it proposes) and its own Bằng khen."""
    active = AwardType.objects.filter(active=True)
    if council is not None:
        return list(active.exclude(level__in=law.forwarded_levels(True)))
    # what the organisation decides (tỉnh, bộ) and what it proposes to the State
    levels = [Level.PROVINCE, Level.STATE]
    return list(
        active.filter(
            Q(code__in=list(thresholds), level__in=levels)
            | Q(code=organisation_on().award_code)
        )
    )
