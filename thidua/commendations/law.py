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


def takes_issuer(code: str) -> bool:
    return code in ISSUER_CODES


def takes_branch(code: str) -> bool:
    return code in BRANCH_CODES


def needs_initiative_proof(codes: set[str]) -> bool:
    return bool(codes & INITIATIVE_TITLES)


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
