"""Reward money: coefficient × base salary in force on the decision date, rounded up.

domain-tdkt.md §3: the product is rounded up to the next 10,000 đồng (the step is a
rule-set value); a collective or household multiplier applies where the rule set
has one for that code (forms), titles for collectives carry their own coefficient.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from .eligibility import RuleBook
from .law import takes_issuer
from .models import AwardType, Issuer, RecipientKind
from .selectors import base_salary_on, rule_book, rule_set_on

MULTIPLIER_KEY = {
    RecipientKind.COLLECTIVE: "collective_multiplier",
    RecipientKind.HOUSEHOLD: "household_multiplier",
}


@dataclass(frozen=True)
class RewardResult:
    code: str
    recipient: str
    decision_date: dt.date
    issuer: str | None
    coefficient: Decimal
    multiplier: Decimal
    base_salary: int
    amount: int
    basis: str
    multiplier_basis: str
    base_salary_basis: str
    rules: str
    uncertain: bool
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "recipient": self.recipient,
            "decision_date": self.decision_date.isoformat(),
            "issuer": self.issuer,
            "coefficient": float(self.coefficient),
            "multiplier": float(self.multiplier),
            "base_salary": self.base_salary,
            "amount": self.amount,
            "basis": self.basis,
            "multiplier_basis": self.multiplier_basis,
            "base_salary_basis": self.base_salary_basis,
            "rules": self.rules,
            "uncertain": self.uncertain,
            "warnings": list(self.warnings),
        }


def round_up(amount: Decimal, step: int) -> int:
    return int(math.ceil(amount / step)) * step


def _coefficient(
    book: RuleBook, code: str, issuer: str | None
) -> tuple[Decimal, str, bool]:
    if issuer:
        info = book.info(code, "coefficient", issuer)
    else:
        info = book.info(code, "coefficient")
        if info is None:
            by_issuer = {
                i: book.info(code, "coefficient", i)
                for i in Issuer.values
                if book.info(code, "coefficient", i)
            }
            if len({i.value for i in by_issuer.values()}) > 1:  # type: ignore[union-attr]
                raise ValidationError(
                    {
                        "issuer": "Cần chỉ rõ người ký Giấy khen (xa, so, don_vi): mức thưởng khác nhau."
                    }
                )
            info = next(iter(by_issuer.values()), None)
    if info is None or info.value is None:
        raise ValidationError(
            {
                "code": f"Chưa có hệ số tiền thưởng cho {code} trong bộ quy tắc {book.name}."
            }
        )
    return info.value, info.source, info.uncertain


def reward_amount(
    code: str, recipient: str, decision_date: dt.date, issuer: str | None = None
) -> RewardResult:
    """The reward for `code` given to `recipient` by a decision of `decision_date`.

    Raises ValidationError({field: message}) for an unknown code, a recipient the
    award is not for, an issuer on anything but a Giấy khen, or a date no rule set
    or base salary covers.
    """
    errors: dict[str, str] = {}
    award = AwardType.objects.filter(code=code, active=True).first()
    if award is None:
        errors["code"] = f"Mã danh hiệu, hình thức khen thưởng không tồn tại: {code!r}."
    if recipient not in RecipientKind.values:
        errors["recipient"] = "Đối tượng phải là individual, collective hoặc household."
    elif award is not None and recipient not in award.recipient_kinds:
        errors["recipient"] = f"{award.name} không tặng cho đối tượng {recipient}."
    if issuer and issuer not in Issuer.values:
        errors["issuer"] = "Người ký phải là xa, so hoặc don_vi."
    elif issuer and not takes_issuer(code):
        errors["issuer"] = "Chỉ Giấy khen (GK) mới phân biệt người ký."
    rule_set = rule_set_on(decision_date)
    salary = base_salary_on(decision_date)
    if rule_set is None:
        errors["decision_date"] = (
            f"Không có bộ quy tắc nào có hiệu lực ngày {decision_date:%d/%m/%Y}."
        )
    elif salary is None:
        errors["decision_date"] = (
            f"Chưa có mức lương cơ sở áp dụng ngày {decision_date:%d/%m/%Y}."
        )
    if errors:
        raise ValidationError(errors)
    assert rule_set is not None and salary is not None
    book = rule_book(rule_set)
    coefficient, basis, uncertain = _coefficient(book, code, issuer)
    multiplier, multiplier_basis = Decimal(1), ""
    key = MULTIPLIER_KEY.get(recipient)  # type: ignore[call-overload]
    if key:
        info = book.info(code, key)
        if info is not None and info.value is not None:
            multiplier, multiplier_basis = info.value, info.source
            uncertain = uncertain or info.uncertain
    warnings = book.warnings_for(decision_date)
    if salary.uncertain:
        warnings.append(
            f"Mức lương cơ sở {salary.amount:,} đồng ({salary.legal_basis}) chưa được "
            "quản trị viên xác nhận.".replace(",", ".")
        )
    step = book.require("", "round_to")
    amount = round_up(coefficient * multiplier * salary.amount, int(step))
    return RewardResult(
        code=code,
        recipient=recipient,
        decision_date=decision_date,
        issuer=issuer or None,
        coefficient=coefficient,
        multiplier=multiplier,
        base_salary=salary.amount,
        amount=amount,
        basis=basis,
        multiplier_basis=multiplier_basis,
        base_salary_basis=salary.legal_basis,
        rules=rule_set.name,
        uncertain=uncertain or salary.uncertain,
        warnings=tuple(warnings),
    )
