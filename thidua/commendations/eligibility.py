"""The eligibility engine: pure functions over an in-memory history, one rule per code.

No database access here. A `History` (dataclasses; built by the API from JSON or by
`selectors` from the registry) is compacted into `Facts`: one integer bit mask per
kind of fact, bit k standing for year YEAR0 + k. Each rule reads masks with a few
bit operations; given an `Explain` it also writes the facts it used, what is
missing and what only the council can confirm. The batch path (`statuses`) runs
the very same rule functions without `Explain`, which is what makes a million
people fit in seconds (bench/bench_eligibility.py).

The rules themselves: rules_annual.py (annual titles, Bằng khen, Cờ) and
rules_more.py (Huân chương, State titles, medals); province quotas: quotas.py.

Criteria and articles: ../shared/domain-tdkt.md §2. Numbers (years, shares, counts)
come from the `RuleBook` of the rule set in force, never from this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from django.core.exceptions import ValidationError

YEAR0 = 1945
RATINGS = ("HTXS", "HTT", "HT", "KHT")
SCOPES = ("co_so", "tinh", "toan_quoc")
SUBJECTS = ("individual", "collective", "household")

ELIGIBLE, NEAR, NOT_YET, JUDGMENT, HELD = 0, 1, 2, 3, 4
STATUS_CODES = ("eligible", "near", "not", "judgment", "held")
STATUS_LABELS = {
    "eligible": "Có thể đề nghị ngay",
    "near": "Gần đạt",
    "not": "Chưa đạt",
    "judgment": "Do Hội đồng xét",
    "held": "Đã được tặng",
}


class MissingRuleValue(ValidationError):
    """A value the rule set must state is absent: the answer says so, never guesses."""

    def __init__(self, book: str, code: str, key: str) -> None:
        super().__init__(
            {
                "rules": f"Bộ quy tắc “{book}” thiếu giá trị “{key}” của {code or 'quy định chung'}; "
                "quản trị viên cần bổ sung trong Danh mục khen thưởng."
            }
        )


# --- history ---------------------------------------------------------------------


@dataclass(frozen=True)
class Held:
    """A title or form held, by the year it was given for."""

    year: int
    code: str
    branch: str = ""


@dataclass(frozen=True)
class InitiativeFact:
    year: int
    scope: str


@dataclass(frozen=True)
class CollectiveFacts:
    """A collective's own rating and its member counts for the year considered."""

    rating: str | None = None
    members_total: int = 0
    members_completed_tasks: int = 0
    members_ldtt: int = 0
    members_cstdcs: int = 0
    members_disciplined: int = 0
    bloc_leader: bool = False


@dataclass(frozen=True)
class ServiceFacts:
    """Years of service for the titles and medals that count them (Art. 55, 64, 65).

    `years` is the direct work the article names (teaching, technical work, service
    in the forces), `sector_years` the whole time in the sector (managers), and
    `hardship_years` the part of `years` spent in border, sea, island or especially
    difficult areas, which counts twice where the rule set says so (Art. 64(4))."""

    years: int = 0
    sector_years: int = 0
    hardship_years: int = 0
    manager: bool = False


@dataclass
class History:
    subject: str = "individual"
    ratings: dict[int, str] = field(default_factory=dict)
    titles: list[Held] = field(default_factory=list)
    awards: list[Held] = field(default_factory=list)
    initiatives: list[InitiativeFact] = field(default_factory=list)
    collective: CollectiveFacts | None = None
    # year -> disciplinary measure (the most severe), shown to the council
    disciplined: dict[int, str] = field(default_factory=dict)
    service: ServiceFacts | None = None


# --- the rule book (numbers and articles of one rule set) ---------------------------


@dataclass(frozen=True)
class AwardInfo:
    code: str
    name: str
    kind: str
    recipients: tuple[str, ...]
    basis: str
    uncertain: bool = False
    # the article of the collective's and the household's criteria (empty: `basis`)
    basis_collective: str = ""
    basis_household: str = ""
    # the engine's rule (RULES) the rule set applies; empty: the council judges
    rule: str = ""
    # criteria only people can judge, listed in every verdict
    judgment: tuple[str, ...] = ()
    level: str = ""
    # the criteria's text was not retrieved: an administrator completes the values
    not_retrieved: bool = False

    def basis_for(self, subject: str) -> str:
        if subject == "collective" and self.basis_collective:
            return self.basis_collective
        if subject == "household" and self.basis_household:
            return self.basis_household
        return self.basis


@dataclass(frozen=True)
class ValueInfo:
    value: Decimal | None
    source: str
    uncertain: bool
    rule_set: str
    text: str = ""


@dataclass
class RuleBook:
    """Everything the engine needs from one rule set, loaded once (selectors.rule_book)."""

    name: str
    awards: dict[str, AwardInfo]
    values: dict[tuple[str, str, str], ValueInfo]
    # the last day the rule set was checked against new texts (None: closed set)
    reviewed_until: dt.date | None = None

    def warnings_for(self, day: dt.date) -> list[str]:
        """A date past the rule set's last review is judged, with a warning."""
        if self.reviewed_until is None or day <= self.reviewed_until:
            return []
        return [
            f"Ngày {day:%d/%m/%Y} sau lần rà soát cuối của bộ quy tắc “{self.name}” "
            f"({self.reviewed_until:%d/%m/%Y}): kết quả theo các quy định đã biết, "
            "cần kiểm tra văn bản mới ban hành."
        ]

    def info(self, code: str, key: str, issuer: str = "") -> ValueInfo | None:
        return self.values.get((code, key, issuer))

    def value(self, code: str, key: str, issuer: str = "") -> Decimal | None:
        found = self.values.get((code, key, issuer))
        return found.value if found else None

    def require(self, code: str, key: str) -> Decimal:
        found = self.value(code, key)
        if found is None:
            raise MissingRuleValue(self.name, code, key)
        return found

    def codes_for(self, subject: str) -> list[str]:
        return [a.code for a in self.awards.values() if subject in a.recipients]


@dataclass(frozen=True)
class Params:
    """The rule book's numbers in the shape the rules read them.

    No defaults: a value missing from the rule set raises MissingRuleValue."""

    tinh_years: int
    tq_count: int
    bk_years: int
    bk_initiatives: int
    ttg_years: int
    ttg_cstdcs: int
    ttldtt_share: Fraction
    ttldxs_share: Fraction
    ttldxs_cstdcs: int
    book: RuleBook = field(repr=False, compare=False)

    @classmethod
    def from_book(cls, book: RuleBook) -> Params:
        n = book.require
        return cls(
            tinh_years=int(n("CSTD_TINH", "consecutive_years")),
            tq_count=int(n("CSTD_TQ", "min_count")),
            bk_years=int(n("BK_TINH", "consecutive_years")),
            bk_initiatives=int(n("BK_TINH", "min_initiatives")),
            ttg_years=int(n("BK_TTG", "consecutive_years")),
            ttg_cstdcs=int(n("BK_TTG", "min_count")),
            ttldtt_share=Fraction(n("TTLDTT", "min_share")),
            ttldxs_share=Fraction(n("TTLDXS", "min_share")),
            ttldxs_cstdcs=int(n("TTLDXS", "min_count")),
            book=book,
        )

    def number(self, code: str, key: str) -> Decimal | None:
        """A value of the rule set the core fields do not hold (the other forms)."""
        return self.book.value(code, key)

    def text(self, code: str, key: str) -> str:
        found = self.book.info(code, key)
        return found.text if found else ""


# --- compact facts -----------------------------------------------------------------


def bit(year: int) -> int:
    return 1 << (year - YEAR0)


@lru_cache(maxsize=8192)
def span(first: int, last: int) -> int:
    """Mask of the years first..last inclusive (empty when last < first).

    Cached: the batch path asks for the same few windows millions of times."""
    if last < first:
        return 0
    first = max(first, YEAR0)
    return ((1 << (last - first + 1)) - 1) << (first - YEAR0)


def streak(mask: int, year: int) -> int:
    """How many consecutive years, ending at `year`, are set in `mask`."""
    s = year - YEAR0
    if s < 0:
        return 0
    window = (1 << (s + 1)) - 1
    holes = ~mask & window
    if not holes:
        return s + 1
    return s - (holes.bit_length() - 1)


def years_of(mask: int) -> list[int]:
    out = []
    k = 0
    while mask:
        if mask & 1:
            out.append(YEAR0 + k)
        mask >>= 1
        k += 1
    return out


def years_text(mask: int) -> str:
    return ", ".join(str(y) for y in years_of(mask))


def period_text(first: int, last: int) -> str:
    """ "giai đoạn 2024–2025", or "năm 2025" when the period is one year."""
    return f"năm {last}" if first >= last else f"giai đoạn {first}–{last}"


def after(mask: int, year: int | None) -> int:
    """The part of `mask` after `year` (all of it when there is no such year)."""
    return mask & ~span(YEAR0, year) if year is not None else mask


class Facts:
    """A history as bit masks (bit k = year YEAR0 + k) and a few counts."""

    __slots__ = (
        "collective",
        "cstdcs_initiative",
        "disc",
        "done",
        "good",
        "held",
        "htxs",
        "init_extra",
        "init_cs",
        "init_tinh",
        "init_tq",
        "rated",
        "service",
    )

    def __init__(self) -> None:
        self.htxs = self.good = self.done = self.rated = 0
        self.held: dict[str, int] = {}
        self.cstdcs_initiative = 0
        self.init_cs = self.init_tinh = self.init_tq = 0
        # year -> initiatives beyond the first (most years have none: kept sparse)
        self.init_extra: dict[int, int] = {}
        self.disc = 0
        self.collective: CollectiveFacts | None = None
        self.service: ServiceFacts | None = None

    def h(self, code: str) -> int:
        return self.held.get(code, 0)

    # one registry row at a time: facts_from_history and selectors.facts_for
    def rate(self, year: int, rating: str) -> None:
        b = 1 << (year - YEAR0)
        self.rated |= b
        if rating == "HTXS":
            self.htxs |= b
        if rating in ("HTXS", "HTT"):
            self.good |= b
        if rating != "KHT":
            self.done |= b

    def hold(self, year: int, code: str, branch: str) -> None:
        b = 1 << (year - YEAR0)
        self.held[code] = self.held.get(code, 0) | b
        if code == "CSTDCS" and branch == "initiative":
            self.cstdcs_initiative |= b

    def initiative(self, year: int, scope: str) -> None:
        b = 1 << (year - YEAR0)
        if self.init_cs & b:
            self.init_extra[year] = self.init_extra.get(year, 0) + 1
        self.init_cs |= b
        if scope in ("tinh", "toan_quoc"):
            self.init_tinh |= b
        if scope == "toan_quoc":
            self.init_tq |= b


def facts_from_history(history: History, latest: int | None = None) -> Facts:
    """The history as masks; `latest` is the year considered (a collective's own
    rating for it may come with its member counts instead of its ratings)."""
    f = Facts()
    for year, rating in history.ratings.items():
        f.rate(year, rating)
    for held in (*history.titles, *history.awards):
        f.hold(held.year, held.code, held.branch)
    for item in history.initiatives:
        f.initiative(item.year, item.scope)
    for year in history.disciplined:
        f.disc |= bit(year)
    f.collective = history.collective
    c = history.collective
    if (
        c is not None
        and c.rating
        and latest is not None
        and latest not in history.ratings
    ):
        # a collective's own rating for the year considered counts as its history
        f.rate(latest, c.rating)
    f.service = history.service
    return f


# --- explanations ------------------------------------------------------------------


@dataclass
class Explain:
    satisfied: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    to_confirm: list[str] = field(default_factory=list)
    other_paths: list[str] = field(default_factory=list)
    branch: str = ""


@dataclass
class Verdict:
    code: str
    name: str
    eligible: bool
    status: str
    basis: str
    satisfied: list[str]
    missing: list[str]
    to_confirm: list[str]
    other_paths: list[str]
    branch: str = ""
    uncertain: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "name": self.name,
            "eligible": self.eligible,
            "status": self.status,
            "basis": self.basis,
            "satisfied": self.satisfied,
            "missing": self.missing,
            "to_confirm": self.to_confirm,
            "other_paths": self.other_paths,
            "uncertain": self.uncertain,
        }
        if self.branch:
            data["branch"] = self.branch
        return data


Rule = Callable[[Facts, int, Params, Explain | None], tuple[bool, int]]


def rule_judgment(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    """No computable path: the criteria are listed by `evaluate` from the catalogue."""
    return False, -1


def _pct(share: Fraction) -> str:
    value = float(share) * 100
    return f"{value:.0f}%" if value == int(value) else f"{value:.1f}%".replace(".", ",")


def _status(ok: bool, shortfall: int) -> int:
    if ok:
        return ELIGIBLE
    if shortfall < 0:
        return JUDGMENT
    return NEAR if shortfall == 1 else NOT_YET


@lru_cache(maxsize=1)
def _registry() -> dict[str, dict[str, Rule]]:
    from . import rules_annual, rules_more  # the rules build on this module

    return {**rules_annual.RULES, **rules_more.RULES}


def rule_for(award: AwardInfo, subject: str) -> Rule | None:
    """The rule the rule set applies to `award` for `subject`; None: the council judges."""
    by_subject = _registry().get(award.rule)
    if by_subject is None:
        if award.rule:
            raise MissingRuleValue("", award.code, f"quy tắc {award.rule}")
        return None
    fn = by_subject.get(subject)
    if fn is None:
        return None
    generic = getattr(fn, "for_code", None)
    return generic(award.code) if generic else fn


# --- entry points ------------------------------------------------------------------


KIND_TAGS = {
    "[cá nhân]": "individual",
    "[tập thể]": "collective",
    "[hộ gia đình]": "household",
}


def judgment_for(award: AwardInfo, subject: str) -> list[str]:
    """The catalogue's judgment-only criteria that concern `subject`."""
    out = []
    for line in award.judgment:
        for tag, kind in KIND_TAGS.items():
            if line.startswith(tag):
                if kind == subject:
                    out.append(line[len(tag) :].strip())
                break
        else:
            out.append(line)
    return out


def _held_verdict(award: AwardInfo, subject: str, year: int) -> Verdict:
    return Verdict(
        code=award.code,
        name=award.name,
        eligible=False,
        status="held",
        basis=award.basis_for(subject),
        satisfied=[f"Đã được tặng {award.name} năm {year}"],
        missing=[
            f"Đã được tặng {award.name} cho thành tích năm {year}: không đề nghị lại"
        ],
        to_confirm=[],
        other_paths=[],
        uncertain=award.uncertain,
    )


def evaluate(
    history: History, year: int, book: RuleBook, codes: Iterable[str] | None = None
) -> list[Verdict]:
    """Every catalogue code for the subject's kind, judged for `year`, with reasons."""
    facts = facts_from_history(history, year)
    params = Params.from_book(book)
    subject = history.subject
    out = []
    for code in codes or book.codes_for(subject):
        award = book.awards[code]
        if facts.h(code) & bit(year):
            out.append(_held_verdict(award, subject, year))
            continue
        ex = Explain()
        rule = rule_for(award, subject)
        ok, shortfall = (rule or rule_judgment)(facts, year, params, ex)
        lines = judgment_for(award, subject)
        if lines:
            target = ex.other_paths if rule is None or shortfall < 0 else ex.to_confirm
            target.extend(lines)
        if award.not_retrieved and (rule is None or shortfall < 0):
            ex.to_confirm.append(
                "Tiêu chuẩn tính được của điều này chưa có trong bộ quy tắc "
                "(văn bản chưa thu thập được): quản trị viên bổ sung trong Danh mục khen thưởng"
            )
        out.append(
            Verdict(
                code=code,
                name=award.name,
                eligible=ok,
                status=STATUS_CODES[_status(ok, shortfall)],
                basis=award.basis_for(subject),
                satisfied=ex.satisfied,
                missing=ex.missing,
                to_confirm=ex.to_confirm,
                other_paths=ex.other_paths,
                branch=ex.branch,
                uncertain=award.uncertain,
            )
        )
    return out


def statuses(
    many: Iterable[Facts], year: int, book: RuleBook, subject: str = "individual"
) -> tuple[list[str], list[tuple[int, ...]]]:
    """Batch path: (codes, one tuple of status numbers per subject), no explanations."""
    params = Params.from_book(book)
    codes = book.codes_for(subject)
    b = bit(year)
    # codes with no computable rule are the council's: judgment unless already held
    base: list[int] = []
    # a rule reads no code: the codes sharing one (Bằng khen bộ and tỉnh, LĐTT and
    # CSTT) share its answer, asked once
    places: dict[Rule, list[int]] = {}
    for i, code in enumerate(codes):
        rule = rule_for(book.awards[code], subject)
        prepare = getattr(rule, "prepare", None)
        if prepare is not None:  # the rule's settings read once (rules_more)
            rule = prepare(params)
        base.append(JUDGMENT if rule is None else NOT_YET)
        if rule is not None:
            places.setdefault(rule, []).append(i)
    computed = [(rule, where[0], where[1:]) for rule, where in places.items()]
    position = {code: i for i, code in enumerate(codes)}
    results: list[tuple[int, ...]] = []
    append = results.append
    for facts in many:
        row = base.copy()
        for rule, i, others in computed:
            ok, shortfall = rule(facts, year, params, None)
            if ok:
                status = ELIGIBLE
            elif shortfall == 1:
                status = NEAR
            elif shortfall < 0:
                status = JUDGMENT
            else:
                continue
            row[i] = status
            for j in others:
                row[j] = status
        # a code given for the year is held whatever its rule says; a person holds
        # a few codes, so they are looked for once rather than before every rule
        for code, mask in facts.held.items():
            if mask & b and code in position:
                row[position[code]] = HELD
        append(tuple(row))
    return codes, results


# --- quotas ------------------------------------------------------------------------
