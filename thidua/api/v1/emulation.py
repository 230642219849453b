"""Emulation API: the stateless scoring rule (contracts.md) and a bloc's results by year."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from thidua.accounts.roles import AuthedRequest
from thidua.emulation import scoring, selectors
from thidua.emulation.access import draft_unit_ids
from thidua.units.access import bloc_for_user

router = Router(tags=["emulation"])


class EvaluateIn(Schema):
    scheme: dict[str, Any]
    units: list[Any]


class LineOut(Schema):
    criterion: str
    ratio: float | None
    points: float
    issue: str | None = None
    message: str | None = None


class ResultOut(Schema):
    unit: str | int
    total: float
    rank: int
    bonus_counted: float
    penalty: float
    missing: list[str]
    breakdown: list[LineOut]


class EvaluateOut(Schema):
    results: list[ResultOut]


@router.post(
    "/scoring/evaluate",
    auth=None,
    response=EvaluateOut,
    summary="Chấm điểm và xếp hạng theo bảng điểm (không lưu)",
)
def evaluate(request: HttpRequest, payload: EvaluateIn) -> dict[str, Any]:
    criteria, bonus_cap = scoring.parse_scheme(payload.scheme)
    units = scoring.parse_units(payload.units, criteria)
    results = scoring.evaluate(criteria, units, bonus_cap=bonus_cap)
    return {"results": [scoring.result_json(r) for r in results]}


class ResultRowOut(Schema):
    unit_id: int
    unit: str
    gso_code: str
    total: float | None
    rank: int | None
    stage: str
    indicators: list[dict[str, Any]]
    criteria: list[dict[str, Any]]


class BlocResultsOut(Schema):
    bloc: str
    year: int
    final: bool
    leader: str | None
    rows: list[ResultRowOut]


@router.get(
    "/blocs/{bloc_id}/results",
    response=BlocResultsOut,
    summary="Kết quả thi đua của khối theo năm: thực hiện, kế hoạch, % KH, điểm, hạng",
)
def bloc_results(request: AuthedRequest, bloc_id: int, year: int) -> dict[str, Any]:
    bloc = bloc_for_user(request.user, bloc_id)
    if not 1900 <= year <= 2100:
        raise ValidationError({"year": "Năm không hợp lệ."})
    drafts_of = draft_unit_ids(request.user, bloc)
    return selectors.results_json(bloc, year, drafts_of=drafts_of)
