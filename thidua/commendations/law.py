"""Small rules of the Law other apps apply, stated once (issue 13 §8).

Numbers live in the rule set (RuleValue); the few rules that are shapes, not
numbers, live here so that dossiers, imports, the registry and the API agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from .eligibility import MissingRuleValue
from .selectors import rule_book, rule_set_on

# Law 2022 Art. 75(1): only a Giấy khen names who signs it (the reward differs)
ISSUER_CODES = frozenset({"GK"})
# Art. 23: only a CSTĐCS is earned by one of two conditions (HTXS or an initiative)
BRANCH_CODES = frozenset({"CSTDCS"})
# Art. 84(1)(d): these titles need the certificate of the initiative or project
INITIATIVE_TITLES = frozenset({"CSTDCS", "CSTD_TINH", "CSTD_TQ"})


@dataclass(frozen=True)
class Kind:
    """One type of commendation of Art. 8: its registry kind and dossier contents."""

    commendation_kind: str
    documents: tuple[str, ...]  # DossierDocument kinds
    simplified_documents: tuple[str, ...] | None = None  # None: no simplified procedure


FULL = ("proposal", "report", "minutes")
# research sheet §2.2 and §4.3; the simplified procedure (Art. 85) is allowed for ad
# hoc achievements only, its reduced dossier (tờ trình, báo cáo tóm tắt) [U]
KINDS = {
    "annual": Kind("cong_trang", FULL),
    "thematic": Kind("chuyen_de", FULL),
    "ad_hoc": Kind("dot_xuat", FULL, simplified_documents=("proposal", "report")),
    # QĐ 311/QĐ-BNV: tờ trình and a summary report with the work history
    "contribution": Kind("cong_hien", ("proposal", "report")),
    # armed forces' medals by years of service: recorded from the decision
    "seniority": Kind("nien_han", ("proposal",)),
    # tờ trình with the list, report prepared by the submitting agency
    "foreign": Kind("doi_ngoai", ("proposal", "report")),
}


def dossier_documents(
    dossier_type: str, simplified: bool, codes: set[str]
) -> list[str]:
    """The document kinds a dossier of this type must hold before it is sent."""
    kind = KINDS[dossier_type]
    if simplified:
        if kind.simplified_documents is None:
            raise ValidationError(
                {"simplified": "Thủ tục đơn giản chỉ áp dụng cho khen thưởng đột xuất."}
            )
        docs = list(kind.simplified_documents)
    else:
        docs = list(kind.documents)
    if not simplified and needs_initiative_proof(codes):
        docs.append("initiative")
    return docs


def commendation_kind(dossier_type: str) -> str:
    return KINDS[dossier_type].commendation_kind


def takes_issuer(code: str) -> bool:
    return code in ISSUER_CODES


def takes_branch(code: str) -> bool:
    return code in BRANCH_CODES


def needs_initiative_proof(codes: set[str]) -> bool:
    return bool(codes & INITIATIVE_TITLES)


def forwarded_levels(by_commune: bool) -> tuple[str, ...]:
    """Award levels (commendations.Level) the proposer sends to the level above: a
    commune's chair proposes to the province what is above the commune, the
    province's chair the State's (Law 2022 Art. 78-80, 83)."""
    if by_commune:
        return ("huyen", "tinh", "nha_nuoc")
    return ("nha_nuoc",)


def decision_grounds(day: dt.date) -> list[str]:
    """The "Căn cứ" lines of the rule set in force on the decision date."""
    rule_set = rule_set_on(day)
    if rule_set is None or not rule_set.decision_grounds.strip():
        raise ValidationError(
            {
                "grounds": f"Chưa có căn cứ pháp lý cho quyết định ngày {day:%d/%m/%Y}: "
                "quản trị viên cần nhập trong bộ quy tắc."
            }
        )
    return [g.strip() for g in rule_set.decision_grounds.splitlines() if g.strip()]


@dataclass(frozen=True)
class CouncilRules:
    """Quorum and approval thresholds (% of all members) of the rule set in force."""

    quorum: Decimal
    default_threshold: Decimal
    thresholds: dict[str, Decimal]
    basis: str
    uncertain: bool


def council_rules(day: dt.date) -> CouncilRules:
    rule_set = rule_set_on(day)
    if rule_set is None:
        raise ValidationError(
            {"held_on": f"Không có bộ quy tắc nào có hiệu lực ngày {day:%d/%m/%Y}."}
        )
    book = rule_book(rule_set)
    quorum = book.info("", "quorum")
    default = book.info("", "vote_threshold")
    if quorum is None or quorum.value is None:
        raise MissingRuleValue(book.name, "", "quorum")
    if default is None or default.value is None:
        raise MissingRuleValue(book.name, "", "vote_threshold")
    thresholds, sources, uncertain = {}, {quorum.source}, quorum.uncertain
    for (code, key, _issuer), info in book.values.items():
        if code and key == "vote_threshold" and info.value is not None:
            thresholds[code] = info.value
            sources.add(info.source)
            uncertain = uncertain or info.uncertain
    return CouncilRules(
        quorum=quorum.value,
        default_threshold=default.value,
        thresholds=thresholds,
        basis="; ".join(sorted(sources)),
        uncertain=uncertain,
    )
