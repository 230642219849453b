"""Commendations API: the stateless rule interfaces of contracts.md (no login, nothing saved)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema

from thidua.commendations.catalogue_selectors import catalogue_on
from thidua.commendations.contract import parse_eligibility
from thidua.commendations.eligibility import evaluate
from thidua.commendations.models import AwardType
from thidua.commendations.money import reward_amount
from thidua.commendations.selectors import book_for_year

router = Router(tags=["commendations"])


class HeldIn(Schema):
    year: int
    code: str
    branch: str | None = Field(None, description="htxs | initiative (CSTDCS)")


class InitiativeIn(Schema):
    year: int
    scope: str = Field(description="co_so | tinh | toan_quoc")


class CollectiveIn(Schema):
    rating: str | None = None
    members_total: int = 0
    members_completed_tasks: int = 0
    members_ldtt: int = 0
    members_cstdcs: int = 0
    members_disciplined: int = 0
    bloc_leader: bool = False


class ServiceIn(Schema):
    years: int = Field(
        0, description="năm công tác trực tiếp (giảng dạy, chuyên môn, phục vụ)"
    )
    sector_years: int = Field(
        0, description="năm công tác trong ngành (cán bộ quản lý)"
    )
    hardship_years: int = Field(
        0,
        description="số năm trong `years` ở vùng biên giới, hải đảo, đặc biệt khó khăn",
    )
    manager: bool = False


class EligibilityIn(Schema):
    year: int
    subject: str = Field(
        "individual", description="individual | collective | household"
    )
    ratings: dict[str, str] = Field(
        default_factory=dict, description='{"2025": "HTXS"}'
    )
    titles: list[HeldIn] = []
    awards: list[HeldIn] = []
    initiatives: list[InitiativeIn] = []
    collective: CollectiveIn | None = None
    service: ServiceIn | None = None


class VerdictOut(Schema):
    code: str
    name: str
    eligible: bool
    status: str = Field(description="eligible | near | not | judgment | held")
    basis: str
    satisfied: list[str]
    missing: list[str]
    to_confirm: list[str]
    other_paths: list[str]
    uncertain: bool
    branch: str | None = None


class EligibilityOut(Schema):
    year: int
    subject: str
    rules: str
    warnings: list[str] = []
    results: list[VerdictOut]


class RewardOut(Schema):
    code: str
    recipient: str
    decision_date: dt.date
    issuer: str | None
    coefficient: float
    multiplier: float
    base_salary: int
    amount: int
    basis: str
    multiplier_basis: str
    base_salary_basis: str
    rules: str
    uncertain: bool
    warnings: list[str] = []


class CoefficientOut(Schema):
    recipient: str
    issuer: str | None
    coefficient: float | None
    source: str
    uncertain: bool


class CatalogueEntryOut(Schema):
    code: str
    name: str
    group: str
    group_name: str
    kind: str
    article: str
    articles: dict[str, str]
    recipients: list[str]
    level: str
    level_name: str
    decided_by: str
    proposed_by: str
    coefficient: float | None
    coefficient_source: str
    coefficients: list[CoefficientOut]
    criteria: dict[str, dict[str, Any]]
    computable: bool
    criteria_not_retrieved: bool
    required_documents: list[str]
    uncertain: bool
    unverified: list[str]


class CatalogueOut(Schema):
    date: dt.date
    rules: str
    legal_basis: str
    base_salary: dict[str, Any] | None
    warnings: list[str]
    codes: list[CatalogueEntryOut]


class ErrorOut(Schema):
    errors: list[dict[str, str]]


@router.post(
    "/eligibility",
    auth=None,
    response={200: EligibilityOut, 422: ErrorOut},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": EligibilityIn.json_schema()}},
        }
    },
    summary="Xét điều kiện danh hiệu, hình thức khen thưởng (không lưu dữ liệu)",
)
def eligibility(request: HttpRequest) -> dict[str, Any]:
    recipients = {
        a.code: tuple(a.recipient_kinds) for a in AwardType.objects.filter(active=True)
    }
    year, history = parse_eligibility(request.body, recipients)
    book = book_for_year(year)
    if book is None:
        raise ValidationError(
            {"year": f"Không có bộ quy tắc nào áp dụng cho năm {year}."}
        )
    results = evaluate(history, year, book)
    return {
        "year": year,
        "subject": history.subject,
        "rules": book.name,
        "warnings": book.warnings_for(dt.date(year, 12, 31)),
        "results": [v.as_dict() for v in results],
    }


@router.get(
    "/reward",
    auth=None,
    response={200: RewardOut, 422: ErrorOut},
    summary="Tiền thưởng theo hệ số và mức lương cơ sở tại ngày quyết định",
)
def reward(
    request: HttpRequest,
    code: str,
    recipient: str,
    decision_date: str,
    issuer: str | None = None,
) -> dict[str, Any]:
    day = _day(decision_date, "decision_date")
    return reward_amount(code, recipient, day, issuer or None).as_dict()


def _day(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: "Ngày không hợp lệ, dạng YYYY-MM-DD."}) from exc


@router.get(
    "/catalogue",
    auth=None,
    response={200: CatalogueOut, 422: ErrorOut},
    summary="Danh mục danh hiệu, hình thức khen thưởng có hiệu lực tại một ngày",
)
def catalogue(request: HttpRequest, date: str) -> dict[str, Any]:
    return catalogue_on(_day(date, "date"))
