"""Dossiers, council ballots and decisions; scoped like the back office."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Router, Schema, Status

from thidua.accounts.models import RoleAssignment
from thidua.accounts.roles import AuthedRequest
from thidua.api.auth import staff_auth
from thidua.dossiers import selectors, services
from thidua.dossiers.access import (
    decision_for_user,
    decisions_for_user,
    dossier_for_editing,
    dossier_for_user,
    require_dossier_author,
    session_for_voting,
    sessions_for_user,
)
from thidua.dossiers.models import Decision, Dossier, Nominee
from thidua.units.access import unit_for_editing

router = Router(tags=["dossiers"])
Role = RoleAssignment.Role


class NomineeOut(Schema):
    id: int
    kind: str
    name: str
    position: str
    award_code: str
    award_name: str
    eligible: bool | None
    justification: str
    review_status: str
    review_comment: str


class DossierOut(Schema):
    id: int
    unit_id: int
    unit: str
    type: str
    year: int
    title: str
    movement: str
    status: str
    status_label: str
    submitted_at: dt.datetime | None


class DossierDetailOut(DossierOut):
    review_comment: str
    missing_documents: list[str]
    nominees: list[NomineeOut]


class DossierIn(Schema):
    unit_id: int
    type: Literal[
        "annual", "thematic", "ad_hoc", "contribution", "seniority", "foreign"
    ]
    year: int
    title: str
    movement: str = ""


class BallotIn(Schema):
    choices: dict[int, Literal["yes", "no", "abstain"]]


class BallotOut(Schema):
    session_id: int
    recorded: bool


class SessionOut(Schema):
    id: int
    title: str
    held_on: dt.date
    status: str
    agenda: list[NomineeOut]
    has_voted: bool


class ItemOut(Schema):
    position: int
    kind: str
    name: str
    position_text: str
    award_code: str
    award_name: str
    amount: int
    recover_amount: int
    certificate_code: str | None


class DecisionOut(Schema):
    id: int
    kind: str
    status: str
    reference: str
    number: int | None
    symbol: str
    year: int
    date: dt.date | None
    issuer: str
    summary: str
    signer_name: str
    target_id: int | None


class DecisionDetailOut(DecisionOut):
    items: list[ItemOut]


def _nominee(n: Nominee) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "name": n.name,
        "position": n.position,
        "award_code": n.award_type.code,
        "award_name": n.award_type.name,
        "eligible": n.eligible,
        "justification": n.justification,
        "review_status": n.review_status,
        "review_comment": n.review_comment,
    }


def _dossier(d: Dossier) -> dict:
    return {
        "id": d.pk,
        "unit_id": d.unit_id,
        "unit": d.unit.name,
        "type": d.type,
        "year": d.year,
        "title": d.title,
        "movement": d.movement,
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "submitted_at": d.submitted_at,
    }


def _dossier_detail(d: Dossier) -> dict:
    return {
        **_dossier(d),
        "review_comment": d.review_comment,
        "missing_documents": services.missing_documents(d),
        "nominees": [_nominee(n) for n in selectors.nominees_of(d)],
    }


def _decision(d: Decision) -> dict:
    return {
        "id": d.pk,
        "kind": d.kind,
        "status": d.status,
        "reference": d.reference,
        "number": d.number,
        "symbol": d.symbol,
        "year": d.year,
        "date": d.date,
        "issuer": d.issuer_name,
        "summary": d.summary,
        "signer_name": d.signer_name,
        "target_id": d.target_id,
    }


@router.get("/dossiers", response=list[DossierOut])
def dossier_list(
    request: AuthedRequest, status: str = "", year: int | None = None, limit: int = 100
) -> list[dict]:
    qs = selectors.dossier_list(request.user, status=status, year=year)
    return [_dossier(d) for d in qs[: max(1, min(limit, 500))]]


@router.post(
    "/dossiers",
    response={201: DossierDetailOut},
    auth=staff_auth(require_dossier_author),
)
def dossier_create(request: AuthedRequest, payload: DossierIn) -> Status[dict]:
    unit = unit_for_editing(request.user, payload.unit_id)
    dossier = services.dossier_create(
        unit=unit,
        type=payload.type,
        year=payload.year,
        title=payload.title,
        movement=payload.movement,
        by=request.user,
    )
    return Status(201, _dossier_detail(dossier))


@router.get("/dossiers/{dossier_id}", response=DossierDetailOut)
def dossier_get(request: AuthedRequest, dossier_id: int) -> dict:
    return _dossier_detail(dossier_for_user(request.user, dossier_id))


@router.post("/dossiers/{dossier_id}/submit", response=DossierDetailOut)
def dossier_submit(request: AuthedRequest, dossier_id: int) -> dict:
    dossier = dossier_for_editing(request.user, dossier_id)
    return _dossier_detail(services.dossier_submit(dossier=dossier, by=request.user))


@router.get("/council-sessions", response=list[SessionOut])
def session_list(request: AuthedRequest) -> list[dict]:
    return [
        {
            "id": s.pk,
            "title": s.title,
            "held_on": s.held_on,
            "status": s.status,
            "agenda": [_nominee(n) for n in selectors.session_agenda(s)],
            "has_voted": selectors.has_voted(s, request.user),
        }
        for s in sessions_for_user(request.user).order_by("-held_on")[:50]
    ]


@router.post(
    "/council-sessions/{session_id}/ballots",
    response={201: BallotOut},
    auth=staff_auth(lambda user, session_id: session_for_voting(user, session_id)),
)
def ballot_cast(
    request: AuthedRequest, session_id: int, payload: BallotIn
) -> Status[dict]:
    session = session_for_voting(request.user, session_id)
    services.ballot_cast(session=session, member=request.user, choices=payload.choices)
    return Status(201, {"session_id": session.pk, "recorded": True})


@router.get("/decisions", response=list[DecisionOut])
def decision_list(request: AuthedRequest, limit: int = 100) -> list[dict]:
    qs = decisions_for_user(request.user).order_by("-pk")
    return [_decision(d) for d in qs[: max(1, min(limit, 500))]]


@router.get("/decisions/{decision_id}", response=DecisionDetailOut)
def decision_get(request: AuthedRequest, decision_id: int) -> dict:
    decision = decision_for_user(request.user, decision_id)
    items = [
        {
            "position": i.position,
            "kind": i.kind,
            "name": i.name,
            "position_text": i.position_text,
            "award_code": i.award_type.code,
            "award_name": i.award_type.name,
            "amount": i.amount,
            "recover_amount": i.recover_amount,
            "certificate_code": getattr(getattr(i, "certificate", None), "code", None),
        }
        for i in selectors.decision_items(decision)
    ]
    return {**_decision(decision), "items": items}
