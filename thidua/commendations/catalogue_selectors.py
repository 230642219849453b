"""The catalogue in force on a date, as the public API and the admin show it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from .eligibility import RuleBook
from .models import AwardRule, AwardType, Issuer, Level
from .selectors import base_salary_on, rule_book, rule_set_on

FIRST_DAY = dt.date(2024, 1, 1)  # Law 06/2022/QH15 in force; older law not encoded
MULTIPLIERS = {
    "collective": "collective_multiplier",
    "household": "household_multiplier",
}


def _coefficients(
    book: RuleBook, code: str, recipients: list[str]
) -> list[dict[str, Any]]:
    """One row per recipient (and per Giấy khen issuer): coefficient and its source."""
    out = []
    issuers = [i for i in Issuer.values if book.info(code, "coefficient", i)] or [""]
    for issuer in issuers:
        base = book.info(code, "coefficient", issuer)
        for recipient in recipients:
            row: dict[str, Any] = {
                "recipient": recipient,
                "issuer": issuer or None,
                "coefficient": None,
                "source": base.source if base else "Chưa có hệ số trong bộ quy tắc",
                "uncertain": base.uncertain if base else True,
            }
            if base is not None and base.value is not None:
                value = base.value
                key = MULTIPLIERS.get(recipient)
                multiplier = book.info(code, key) if key else None
                if multiplier is not None and multiplier.value is not None:
                    value *= multiplier.value
                    row["source"] += f"; {multiplier.source}"
                    row["uncertain"] = row["uncertain"] or multiplier.uncertain
                row["coefficient"] = float(value)
            out.append(row)
    return out


def catalogue_on(day: dt.date) -> dict[str, Any]:
    """Every code in force on `day` with its article, parties, coefficients and flags."""
    if day < FIRST_DAY:
        raise ValidationError(
            {
                "date": "Chỉ có quy định từ ngày 01/01/2024 (Luật Thi đua, khen thưởng 2022)."
            }
        )
    rule_set = rule_set_on(day)
    if rule_set is None:
        raise ValidationError(
            {"date": f"Không có bộ quy tắc nào có hiệu lực ngày {day:%d/%m/%Y}."}
        )
    book = rule_book(rule_set)
    salary = base_salary_on(day)
    rules = {
        r.award_type_id: r
        for r in AwardRule.objects.filter(
            rule_set__valid_from__lte=rule_set.valid_from
        ).order_by("rule_set__valid_from")
    }
    entries = []
    for award in AwardType.objects.filter(active=True, code__in=book.awards).order_by(
        "sort_order", "code"
    ):
        info = book.awards[award.code]
        rule = rules[award.id]
        recipients = award.recipient_kinds
        coefficients = _coefficients(book, award.code, recipients)
        criteria = {
            key: {
                "value": float(v.value) if v.value is not None else None,
                "text": v.text or None,
                "source": v.source,
                "uncertain": v.uncertain,
            }
            for (code, key, _issuer), v in sorted(book.values.items())
            if code == award.code and key not in ("coefficient", *MULTIPLIERS.values())
        }
        unverified = []
        if info.uncertain:
            unverified.append("criteria")
        if info.not_retrieved:
            unverified.append("criteria_not_retrieved")
        if any(c["uncertain"] for c in coefficients):
            unverified.append("coefficient")
        if any(c["uncertain"] for c in criteria.values()):
            unverified.append("criteria_values")
        entries.append(
            {
                "code": award.code,
                "name": award.name,
                "group": award.group,
                "group_name": str(AwardType.Group(award.group).label),
                "kind": award.kind,
                "article": info.basis,
                "articles": {kind: info.basis_for(kind) for kind in recipients},
                "recipients": recipients,
                "level": award.level,
                "level_name": str(Level(award.level).label),
                "decided_by": award.deciding_authority,
                "proposed_by": award.proposing_authority,
                "coefficient": coefficients[0]["coefficient"] if coefficients else None,
                "coefficient_source": coefficients[0]["source"] if coefficients else "",
                "coefficients": coefficients,
                "criteria": criteria,
                "computable": bool(rule.engine_rule),
                "criteria_not_retrieved": info.not_retrieved,
                "required_documents": award.document_list,
                "uncertain": bool(unverified),
                "unverified": unverified,
            }
        )
    return {
        "date": day.isoformat(),
        "rules": rule_set.name,
        "legal_basis": rule_set.legal_basis,
        "base_salary": None
        if salary is None
        else {
            "amount": salary.amount,
            "source": salary.legal_basis,
            "uncertain": salary.uncertain,
        },
        "warnings": book.warnings_for(day),
        "codes": entries,
    }
