"""Who may see and change dossiers, council sessions and decisions.

- a dossier is seen by whoever sees its unit, changed (while editable) by whoever may
  change its unit, reviewed (returned, accepted, disclosed) by province officers;
- council sessions are seen by province officers and leaders, and by their members;
  members vote, province officers open and close them;
- decisions are seen whole by province-wide roles; others see the issued decisions
  that answer their units' dossiers; province officers draft, amend and revoke,
  leaders issue, and either starts the certificates;
- a commune's own awards (Dossier.decider) run the same path inside the commune: its
  unit officer reviews, opens the commune's council and drafts, the commune's council
  members (roles given for the commune) vote, its chair (leader role for the commune)
  issues. Province roles do not vote or sign there, nor commune roles in the province.
Objects a user may not see answer 404; objects they may see but not change, 403.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.accounts.models import User
from thidua.accounts.roles import (
    AnyUser,
    Role,
    has_role,
    local_unit_ids,
)
from thidua.core.selectors import count_of
from thidua.people.models import Person, PersonQuerySet
from thidua.units.access import (
    can_edit_unit,
    communes_run,
    editable_unit_ids,
    visible_unit_ids,
)
from thidua.units.models import OrgUnit
from thidua.units.selectors import descendant_ids, tree_version

from .models import (
    CouncilSession,
    Decision,
    DecisionItem,
    Dossier,
    DossierDocument,
    Nominee,
    PublicFeedback,
)


def dossiers_for_user(user: AnyUser) -> QuerySet[Dossier]:
    ids = visible_unit_ids(user)
    qs = Dossier.objects.select_related("unit").annotate(
        nominee_count=count_of(Nominee.objects.filter(dossier=OuterRef("pk")))
    )
    return qs if ids is None else qs.filter(unit_id__in=ids)


def dossier_for_user(user: AnyUser, pk: int) -> Dossier:
    """The dossier, or 404 when its unit is not visible to `user`."""
    try:
        return dossiers_for_user(user).get(pk=pk)
    except Dossier.DoesNotExist as exc:
        raise Http404 from exc


def require_dossier_author(user: AnyUser) -> None:
    """Start dossiers: whoever may change some unit (403 for council members,
    leaders, bloc heads and editors, who only read)."""
    if editable_unit_ids(user) == set():
        raise PermissionDenied


def dossier_for_editing(user: AnyUser, pk: int) -> Dossier:
    """404 when invisible, 403 when visible but not the user's unit to change."""
    dossier = dossier_for_user(user, pk)
    if not can_edit_unit(user, dossier.unit_id):
        raise PermissionDenied
    return dossier


# -- whose council: the organisation's (None) or a commune's own -------------------


def councils_run(user: AnyUser) -> set[int]:
    """Communes whose own review, council and decisions the user runs: the commune's
    unit officer (the province office runs the organisation's)."""
    return communes_run(user)


def runs_council(user: AnyUser, unit_id: int | None) -> bool:
    """Whether the user runs the council of `unit_id` (None: the organisation's)."""
    if unit_id is None:
        return has_role(user, Role.PROVINCE_OFFICER)
    return unit_id in councils_run(user)


def run_by(user: AnyUser, prefix: str = "") -> Q:
    """Dossiers (`prefix`: objects reaching one, "dossier__") whose council the user
    runs: the organisation's for the province office, a commune officer's communes'."""
    mine = Q(**{f"{prefix}decider_id__in": councils_run(user)})
    if has_role(user, Role.PROVINCE_OFFICER):
        mine |= Q(**{f"{prefix}decider__isnull": True})
    return mine


def council_for(user: AnyUser) -> OrgUnit | None:
    """The council whose sessions and decisions the user opens and drafts: None for
    the province office, a commune for its officer; 403 for anyone else."""
    if has_role(user, Role.PROVINCE_OFFICER):
        return None
    ids = councils_run(user)
    if not ids:
        raise PermissionDenied
    return OrgUnit.objects.filter(pk__in=ids).order_by("name").first()


def can_run_councils(user: AnyUser) -> bool:
    return has_role(user, Role.PROVINCE_OFFICER) or bool(councils_run(user))


def can_review(user: AnyUser, dossier: Dossier | None = None) -> bool:
    return runs_council(user, dossier.decider_id if dossier else None)


def _decider_of(decision: Decision) -> int | None:
    # since 01/07/2025 a commune's decisions are its own chair's (NĐ 129/2025 Art. 59)
    issuer = decision.issuer
    return issuer.pk if issuer.kind in OrgUnit.COMMUNE_LEVEL else None


def can_issue(user: AnyUser, decision: Decision) -> bool:
    unit_id = _decider_of(decision)
    if unit_id is None:
        return has_role(user, Role.LEADER)
    return unit_id in local_unit_ids(user, Role.LEADER)


def can_draft(user: AnyUser, decision: Decision) -> bool:
    return runs_council(user, _decider_of(decision))


def dossier_for_review(user: AnyUser, pk: int) -> Dossier:
    """Review actions (return, accept, disclosure, moderation): the province office,
    or for a commune's own awards the commune's officer."""
    dossier = dossier_for_user(user, pk)
    if not can_review(user, dossier):
        raise PermissionDenied
    return dossier


def sessions_for_user(user: AnyUser) -> QuerySet[CouncilSession]:
    qs = CouncilSession.objects.select_related("unit").annotate(
        agenda_count=Count("agenda", distinct=True),
        ballots=Count("receipts", distinct=True),
    )
    if has_role(user, Role.PROVINCE_OFFICER, Role.LEADER):
        return qs
    if not isinstance(user, User):
        return qs.none()
    sits_in = CouncilSession.members.through.objects.filter(
        councilsession_id=OuterRef("pk"), user_id=user.pk
    )
    own = councils_run(user) | local_unit_ids(user, Role.LEADER)
    return qs.filter(Q(Exists(sits_in)) | Q(unit_id__in=own))


def session_for_user(user: AnyUser, pk: int) -> CouncilSession:
    try:
        return sessions_for_user(user).get(pk=pk)
    except CouncilSession.DoesNotExist as exc:
        raise Http404 from exc


def votes_in(user: AnyUser, session: CouncilSession) -> bool:
    """A member of the session holding the council role of the session's council: the
    province's council members do not vote in a commune's, nor a commune's in others."""
    if not isinstance(user, User) or not session.members.filter(pk=user.pk).exists():
        return False
    if session.unit_id is None:
        return has_role(user, Role.COUNCIL_MEMBER)
    return session.unit_id in local_unit_ids(user, Role.COUNCIL_MEMBER)


def session_for_voting(user: AnyUser, pk: int) -> CouncilSession:
    """A session the user votes in: 404 when invisible, 403 unless `votes_in`."""
    session = session_for_user(user, pk)
    if not votes_in(user, session):
        raise PermissionDenied
    return session


def session_for_managing(user: AnyUser, pk: int) -> CouncilSession:
    """Close a session: whoever runs its council."""
    session = session_for_user(user, pk)
    if not runs_council(user, session.unit_id):
        raise PermissionDenied
    return session


def decisions_for_user(user: AnyUser) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("issuer", "target").annotate(
        item_count=count_of(DecisionItem.objects.filter(decision=OuterRef("pk")))
    )
    ids = visible_unit_ids(user)
    if ids is None:
        return qs
    # others see the issued decisions that answer their own units' dossiers, and a
    # commune's officer and chair every decision of the commune
    answered = Decision.dossiers.through.objects.filter(
        decision_id=OuterRef("pk"), dossier__unit_id__in=ids
    )
    own = councils_run(user) | local_unit_ids(user, Role.LEADER)
    return qs.filter(
        Q(Exists(answered), status=Decision.Status.ISSUED) | Q(issuer_id__in=own)
    )


def decision_for_user(user: AnyUser, pk: int) -> Decision:
    try:
        return decisions_for_user(user).get(pk=pk)
    except Decision.DoesNotExist as exc:
        raise Http404 from exc


def decision_for_drafting(user: AnyUser, pk: int) -> Decision:
    """Amend or revoke (drafting a correction): whoever runs the issuer's council."""
    decision = decision_for_user(user, pk)
    if not can_draft(user, decision):
        raise PermissionDenied
    return decision


def decision_for_issuing(user: AnyUser, pk: int) -> Decision:
    """Issue (sign): the organisation's leaders; a commune's decisions, its chair."""
    decision = decision_for_user(user, pk)
    if not can_issue(user, decision):
        raise PermissionDenied
    return decision


def decision_for_certificates(user: AnyUser, pk: int) -> Decision:
    """Start rendering certificates: who drafts or issues the decision."""
    decision = decision_for_user(user, pk)
    if not (can_draft(user, decision) or can_issue(user, decision)):
        raise PermissionDenied
    return decision


# -- what a dossier or decision holds ---------------------------------------------


def _pk(raw: str | int | None) -> int:
    """A posted or routed id; anything but a number (empty, text, too long for the
    database) reads as a missing object (404)."""
    if raw is None or not str(raw).isdigit() or len(str(raw)) > 18:
        raise Http404
    return int(raw)


def nominee_in(dossier: Dossier, pk: str | int | None) -> Nominee:
    return get_object_or_404(dossier.nominees.select_related("award_type"), pk=_pk(pk))


def document_in(dossier: Dossier, pk: str | int | None) -> DossierDocument:
    return get_object_or_404(dossier.documents, pk=_pk(pk))


def feedback_in(dossier: Dossier, pk: str | int | None) -> PublicFeedback:
    return get_object_or_404(PublicFeedback, nominee__dossier=dossier, pk=_pk(pk))


def item_in(decision: Decision, pk: str | int | None) -> DecisionItem:
    return get_object_or_404(
        DecisionItem.objects.select_related("certificate"),
        decision=decision,
        pk=_pk(pk),
    )


# -- nominees ---------------------------------------------------------------------


def _scope(dossier: Dossier) -> set[int]:
    # read once per dossier object (the nominee form asks for people and units)
    # until a unit is written
    key = (tree_version(), dossier.unit_id)
    seen, scope = dossier.__dict__.get("_nominee_scope", (None, frozenset()))
    if seen != key:
        scope = frozenset(descendant_ids([dossier.unit_id]))
        dossier.__dict__["_nominee_scope"] = (key, scope)
    return set(scope)


def nominee_people(dossier: Dossier) -> PersonQuerySet:
    """People the dossier may nominate: holding a post in its unit or below it at
    the end of the dossier's year."""
    return Person.objects.in_units(_scope(dossier), on=dt.date(dossier.year, 12, 31))


def nominee_units(dossier: Dossier) -> QuerySet[OrgUnit]:
    """Collectives the dossier may nominate: its unit and the units below it."""
    return OrgUnit.objects.filter(id__in=_scope(dossier))


def nominee_person(dossier: Dossier, pk: str | int) -> Person:
    """One of `nominee_people`; anyone else (another unit's id) answers 404."""
    return get_object_or_404(nominee_people(dossier), pk=_pk(pk))


def nominee_unit(dossier: Dossier, pk: str | int) -> OrgUnit:
    """One of `nominee_units`; any other unit answers 404."""
    return get_object_or_404(nominee_units(dossier), pk=_pk(pk))
