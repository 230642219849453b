"""Province quotas over a batch of proposals (CSTĐCS within LĐTT, TTLĐXS within
TTLĐTT, Cờ of the Government within Cờ of the province); split out of eligibility.py
unchanged. The shares are RuleValues of the rule set; an empty one is not applied."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .eligibility import RuleBook, _pct

QUOTA_BASE = {"CSTDCS": "LDTT", "TTLDXS": "TTLDTT", "CO_CP": "CO_TINH"}


@dataclass(frozen=True)
class QuotaCheck:
    code: str
    base_code: str
    share: Decimal
    base_count: int
    count: int
    limit: int
    source: str
    uncertain: bool

    @property
    def within(self) -> bool:
        return self.count <= self.limit

    @property
    def message(self) -> str:
        pct = _pct(Fraction(self.share))
        text = (
            f"{self.code}: {self.count} đề nghị / tối đa {self.limit} "
            f"({pct} của {self.base_count} {self.base_code})"
        )
        return text if self.within else f"Vượt tỷ lệ — {text}"


def check_quotas(proposed: Iterable[Iterable[str]], book: RuleBook) -> list[QuotaCheck]:
    """Province quotas over a batch: each item is the set of codes one candidate gets.

    A candidate proposed for CSTĐCS also counts as LĐTT (the higher title includes
    it). Limits round down; a quota left empty in the rule set is not applied.
    """
    counts: dict[str, int] = {}
    for codes in proposed:
        got = set(codes)
        for code, base in QUOTA_BASE.items():
            if code in got:
                got.add(base)
        for code in got:
            counts[code] = counts.get(code, 0) + 1
    checks = []
    for code, base in QUOTA_BASE.items():
        info = book.info(code, "quota_share")
        if info is None or info.value is None:
            continue
        base_count = counts.get(base, 0)
        checks.append(
            QuotaCheck(
                code=code,
                base_code=base,
                share=info.value,
                base_count=base_count,
                count=counts.get(code, 0),
                limit=math.floor(Fraction(info.value) * base_count),
                source=info.source,
                uncertain=info.uncertain,
            )
        )
    return checks
