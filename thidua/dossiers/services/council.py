"""Council sessions: agenda, secret ballot, tally, results and minutes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from thidua.accounts.models import RoleAssignment, User
from thidua.commendations import law
from thidua.core import audit
from thidua.forwarding import services as forwarding
from thidua.forwarding.selectors import nominees_awaiting_vote
from thidua.lib.files import private_storage, token_name
from thidua.lib.formats import number
from thidua.units.models import OrgUnit

from .. import documents
from ..models import (
    BallotChoice,
    BallotCount,
    BallotReceipt,
    CouncilResult,
    CouncilSession,
    Dossier,
    Nominee,
)
from ._common import Status, locked, require_status


@transaction.atomic
def session_open(
    *,
    title: str,
    held_on: dt.date,
    dossiers: Iterable[Dossier],
    members: Iterable[User],
    by: User | None,
    thresholds: dict[str, float] | None = None,
    quorum_percent: Decimal | float | None = None,
    default_threshold: Decimal | float | None = None,
    unit: OrgUnit | None = None,
    relayed: Iterable[Nominee] = (),
) -> CouncilSession:
    """Open a session of the organisation's council (`unit` None) or of a commune's.

    `relayed`: nominees of communes' tờ trình that only the State decides, which the
    organisation's council votes on before the province sends them on
    (forwarding.selectors.nominees_awaiting_vote); their dossiers stay as they are."""
    dossiers = list(dossiers)
    members = list(members)
    relayed = list(relayed)
    if not dossiers and not relayed:
        raise ValidationError({"dossiers": "Chọn ít nhất một hồ sơ chờ Hội đồng xét."})
    if relayed:
        waiting = set(
            nominees_awaiting_vote()
            .filter(pk__in=[n.pk for n in relayed])
            .values_list("pk", flat=True)
        )
        others = [n for n in relayed if n.pk not in waiting]
        if unit is not None or others:
            raise ValidationError(
                {
                    "relayed": "Không chờ Hội đồng tỉnh xét để trình tiếp Trung ương: "
                    + ", ".join(n.name for n in others or relayed)
                    + "."
                }
            )
    for dossier in dossiers:
        require_status(dossier, Status.AWAITING_COUNCIL, action="đưa ra Hội đồng")
        if dossier.decider_id != (unit.pk if unit else None):
            raise ValidationError(
                {"dossiers": f"Hồ sơ “{dossier}” không thuộc thẩm quyền Hội đồng này."}
            )
    if not members:
        raise ValidationError({"members": "Chọn thành viên Hội đồng."})
    strangers = [m for m in members if not _sits_in(m, unit)]
    if strangers:
        raise ValidationError(
            {
                "members": "Không phải thành viên Hội đồng này: "
                + ", ".join(str(m) for m in strangers)
                + "."
            }
        )
    busy = Dossier.objects.filter(
        pk__in=[d.pk for d in dossiers],
        nominees__council_sessions__status=CouncilSession.Status.OPEN,
    )
    if busy.exists():
        raise ValidationError(
            {"dossiers": f"Hồ sơ “{busy.first()}” đang ở một phiên họp khác."}
        )
    # defaults: the rule set in force on the day of the session (by form and
    # decree, research sheet §4.5); the session keeps its own copy, edited or not
    rules = law.council_rules(held_on)
    with audit.acting_as(by):
        session = CouncilSession(
            unit=unit,
            title=title.strip() or f"Phiên họp ngày {held_on:%d/%m/%Y}",
            held_on=held_on,
            thresholds={
                **{code: float(v) for code, v in rules.thresholds.items()},
                **(thresholds or {}),
            },
            quorum_percent=rules.quorum,
            default_threshold=rules.default_threshold,
            rules_basis=rules.basis[:500],
        )
        if quorum_percent is not None:
            session.quorum_percent = Decimal(str(quorum_percent))
        if default_threshold is not None:
            session.default_threshold = Decimal(str(default_threshold))
        session.save()
        session.members.set(members)
        agenda = Nominee.objects.filter(
            Q(dossier__in=dossiers, review_status=Nominee.Review.ACCEPTED)
            | Q(pk__in=[n.pk for n in relayed])
        ).order_by("pk")
        session.agenda.set(agenda)
        BallotCount.objects.bulk_create(
            BallotCount(session=session, nominee=nominee) for nominee in agenda
        )
        audit.record_event(
            session,
            f"Mở phiên họp: {session.agenda.count()} trường hợp"
            + (
                f" ({len(relayed)} do cấp xã đề nghị trình Trung ương)"
                if relayed
                else ""
            )
            + f", {len(members)} thành viên",
        )
    return session


def _sits_in(member: User, unit: OrgUnit | None) -> bool:
    """A commune's council is its own members' (council role given for the commune);
    the organisation's refuses someone whose council role is only a commune's."""
    council = member.roles.filter(role=RoleAssignment.Role.COUNCIL_MEMBER)
    if unit is not None:
        return council.filter(unit=unit).exists()
    local = council.filter(unit__isnull=False, unit__parent__isnull=False)
    return not local.exists() or council.exclude(pk__in=local).exists()


@transaction.atomic
def ballot_cast(
    *, session: CouncilSession, member: User, choices: Mapping[int, str]
) -> BallotReceipt:
    """Record one member's secret ballot covering the whole agenda.

    Who voted goes to BallotReceipt (audited); the marks are only added to the
    session's counts, every count row in one UPDATE, so nothing stored links a
    mark to the member (docs/decisions/0008-secret-ballot-counters.md). Refused
    outside an open session, for a non-member, for a second ballot, or when a
    mark is missing or invalid.
    """
    session = locked(CouncilSession, session.pk)
    if session.status != CouncilSession.Status.OPEN:
        raise ValidationError("Phiên họp không mở: không thể bỏ phiếu.")
    if not session.members.filter(pk=member.pk).exists():
        raise ValidationError("Bạn không phải thành viên của phiên họp này.")
    if session.receipts.filter(member=member).exists():
        raise ValidationError(
            "Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ một phiếu."
        )
    agenda = set(session.agenda.values_list("pk", flat=True))
    try:
        marks = {int(k): v for k, v in choices.items()}
    except (TypeError, ValueError):
        raise ValidationError({"choices": "Lựa chọn không hợp lệ."}) from None
    if set(marks) != agenda:
        raise ValidationError(
            {"choices": "Phiếu phải biểu quyết đủ mọi trường hợp trong danh sách."}
        )
    if any(v not in BallotChoice.values for v in marks.values()):
        raise ValidationError({"choices": "Lựa chọn không hợp lệ."})
    try:
        with audit.acting_as(member):
            receipt = BallotReceipt.objects.create(session=session, member=member)
    except IntegrityError as exc:  # a concurrent second ballot
        raise ValidationError("Bạn đã bỏ phiếu trong phiên họp này.") from exc

    def plus_one(choice: str) -> Case:
        ids = [pk for pk, mark in marks.items() if mark == choice]
        return Case(When(nominee_id__in=ids, then=Value(1)), default=Value(0))

    counted = BallotCount.objects.filter(session=session).update(
        **{c: F(c) + plus_one(c) for c in BallotChoice.values}
    )
    if counted != len(agenda):  # counts are created with the agenda, never later
        raise ValidationError("Phiên họp thiếu bảng kiểm phiếu; liên hệ quản trị.")
    return receipt


def threshold_for(session: CouncilSession, code: str) -> Decimal:
    value = (session.thresholds or {}).get(code)
    return Decimal(str(value)) if value is not None else session.default_threshold


def session_tally(session: CouncilSession) -> dict[int, dict[str, int]]:
    tally: dict[int, dict[str, int]] = {
        pk: {"yes": 0, "no": 0, "abstain": 0}
        for pk in session.agenda.values_list("pk", flat=True)
    }
    for row in session.counts.values("nominee_id", *BallotChoice.values):
        tally[row.pop("nominee_id")] = row
    return tally


@transaction.atomic
def session_close(*, session: CouncilSession, by: User | None) -> list[CouncilResult]:
    """Count the ballots, store results and minutes, move the dossiers on."""
    session = locked(CouncilSession, session.pk)
    if session.status != CouncilSession.Status.OPEN:
        raise ValidationError("Phiên họp đã kết thúc.")
    members = session.members.count()
    present = session.receipts.count()
    if members == 0 or Decimal(100 * present) / members < session.quorum_percent:
        raise ValidationError(
            f"Chưa đủ số thành viên bỏ phiếu: {present}/{members}, cần tối thiểu "
            f"{number(session.quorum_percent)}%."
        )
    tally = session_tally(session)
    results = []
    with audit.acting_as(by):
        for nominee in session.agenda.select_related("award_type", "dossier"):
            counts = tally[nominee.pk]
            percent = (Decimal(100 * counts["yes"]) / members).quantize(Decimal("0.01"))
            threshold = threshold_for(session, nominee.award_type.code)
            results.append(
                CouncilResult.objects.create(
                    session=session,
                    nominee=nominee,
                    members=members,
                    percent=percent,
                    threshold=threshold,
                    passed=percent >= threshold,
                    **counts,
                )
            )
        session.status = CouncilSession.Status.CLOSED
        session.closed_at = timezone.now()
        session.minutes = private_storage().save(
            token_name("dossiers/minutes", f"bien-ban-phien-hop-{session.pk}.docx"),
            ContentFile(documents.minutes_docx(session)),
        )
        session.save()
        # a commune's nominees the province would send on: their dossiers are the
        # commune's, decided there; their tờ trình records the province's vote
        own: list[CouncilResult] = []
        below: list[CouncilResult] = []
        for r in results:
            mine = r.nominee.dossier.decider_id == session.unit_id
            (own if mine else below).append(r)
        if below:
            forwarding.province_vote_closed(session=session, results=below, by=by)
        passed_dossiers = {r.nominee.dossier_id for r in own if r.passed}
        for dossier in Dossier.objects.filter(
            pk__in={r.nominee.dossier_id for r in own}
        ):
            dossier.status = (
                Status.APPROVED if dossier.pk in passed_dossiers else Status.REJECTED
            )
            dossier.save()
            audit.record_event(dossier, f"Hội đồng biểu quyết tại “{session.title}”")
        audit.record_event(
            session,
            f"Kết thúc phiên họp: {present}/{members} phiếu, "
            f"{sum(r.passed for r in results)}/{len(results)} trường hợp đạt",
        )
    return results
