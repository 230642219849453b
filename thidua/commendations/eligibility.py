"""The eligibility engine: pure functions over an in-memory history, one rule per code.

No database access here. A `History` (dataclasses; built by the API from JSON or by
`selectors` from the registry) is compacted into `Facts`: one integer bit mask per
kind of fact, bit k standing for year YEAR0 + k. Each rule reads masks with a few
bit operations; given an `Explain` it also writes the facts it used, what is
missing and what only the council can confirm. The batch path (`statuses`) runs
the very same rule functions without `Explain`, which is what makes a million
people fit in seconds (bench/bench_eligibility.py).

Criteria and articles: ../shared/domain-tdkt.md §2. Numbers (years, shares, counts)
come from the `RuleBook` of the rule set in force, never from this module.
"""

from __future__ import annotations

import datetime as dt
import math
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


def facts_from_history(history: History, latest: int | None = None) -> Facts:
    """The history as masks; `latest` is the year considered (a collective's own
    rating for it may come with its member counts instead of its ratings)."""
    f = Facts()
    for year, rating in history.ratings.items():
        _rate(f, year, rating)
    for held in (*history.titles, *history.awards):
        f.held[held.code] = f.held.get(held.code, 0) | bit(held.year)
        if held.code == "CSTDCS" and held.branch == "initiative":
            f.cstdcs_initiative |= bit(held.year)
    seen_init: set[int] = set()
    for item in history.initiatives:
        b = bit(item.year)
        f.init_cs |= b
        if item.year in seen_init:
            f.init_extra[item.year] = f.init_extra.get(item.year, 0) + 1
        seen_init.add(item.year)
        if item.scope in ("tinh", "toan_quoc"):
            f.init_tinh |= b
        if item.scope == "toan_quoc":
            f.init_tq |= b
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
        _rate(f, latest, c.rating)
    f.service = history.service
    return f


def _rate(f: Facts, year: int, rating: str) -> None:
    b = bit(year)
    f.rated |= b
    if rating == "HTXS":
        f.htxs |= b
    if rating in ("HTXS", "HTT"):
        f.good |= b
    if rating != "KHT":
        f.done |= b


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


CONFIRM_SPIRIT = "Tinh thần tự lực, tự cường; đoàn kết, tương trợ, tích cực tham gia phong trào thi đua"
CONFIRM_LAWFUL = (
    "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước"
)
CONFIRM_MOVEMENT = "Có phong trào thi đua thường xuyên, thiết thực, hiệu quả"
CONFIRM_UNITY = "Nội bộ đoàn kết, chấp hành tốt chủ trương, chính sách, pháp luật"


def _rating_of(f: Facts, y: int) -> str | None:
    b = bit(y)
    if not f.rated & b:
        return None
    if f.htxs & b:
        return "HTXS"
    if f.good & b:
        return "HTT"
    return "HT" if f.done & b else "KHT"


def _chain_need(mask: int, y: int, n: int) -> tuple[int, int]:
    """(years still needed, first year of the chain) for n consecutive years ending at y."""
    if mask & bit(y):
        s = streak(mask, y)
        return max(0, n - s), y - min(s, n) + 1
    s = streak(mask, y - 1)
    have = min(s, n - 1)
    return n - have, y - have


# Each rule: (facts, year, params, explain or None) -> (eligible, shortfall).
# shortfall counts the computable conditions (years, people) still lacking on the
# closest alternative; 1 means "gần đạt"; -1 means no computable path at all.
Rule = Callable[[Facts, int, Params, Explain | None], tuple[bool, int]]


def rule_ldtt(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    b = bit(y)
    ok = bool(f.good & b)
    shortfall = 0 if ok else (2 if f.rated & b and not f.done & b else 1)
    if ex is not None:
        rating = _rating_of(f, y)
        if ok:
            ex.satisfied.append(f"{y}: {rating}")
        elif rating is None:
            ex.missing.append(f"chưa có xếp loại năm {y}")
        else:
            ex.missing.append(
                f"cần xếp loại từ Hoàn thành tốt nhiệm vụ năm {y} (hiện: {rating})"
            )
        ex.to_confirm.append(CONFIRM_SPIRIT)
        if f.disc & b:
            ex.to_confirm.append(
                f"Có kỷ luật năm {y}: Hội đồng xem xét theo quy định của tỉnh"
            )
        ex.other_paths.append(
            "Công nhân, nông dân, người lao động: tiêu chuẩn riêng tại Điều 24 khoản 2 (Hội đồng xét)"
        )
    return ok, shortfall


def rule_cstdcs(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    b = bit(y)
    ldtt = bool((f.good | f.held.get("LDTT", 0)) & b)
    htxs = bool(f.htxs & b)
    initiative = bool(f.init_cs & b)
    ok = ldtt and (htxs or initiative)
    shortfall = (0 if ldtt else 1) + (0 if htxs or initiative else 1)
    if ex is not None:
        rating = _rating_of(f, y)
        if f.held.get("LDTT", 0) & b:
            ex.satisfied.append(f"{y}: Lao động tiên tiến")
        if rating in ("HTXS", "HTT"):
            ex.satisfied.append(f"{y}: {rating}")
        if initiative:
            ex.satisfied.append(f"{y}: sáng kiến được công nhận")
        if not ldtt:
            ex.missing.append(
                f"chưa có xếp loại năm {y}"
                if rating is None
                else f"cần đạt Lao động tiên tiến năm {y} (xếp loại từ HTT, hiện: {rating})"
            )
        if not (htxs or initiative):
            ex.missing.append(
                f"cần xếp loại HTXS năm {y} hoặc 1 sáng kiến được công nhận cấp cơ sở năm {y}"
            )
        if ok:
            ex.branch = "htxs" if htxs else "initiative"
        if not f.held.get("LDTT", 0) & b:
            # LĐTT inferred from the rating: its qualitative condition is the council's
            ex.to_confirm.append(
                f"Tiêu chuẩn Lao động tiên tiến năm {y}: {CONFIRM_SPIRIT}"
            )
    return ok, shortfall


# Awards of one level: the years behind one are not counted again for another
# (Law 2022, Art. 6: one achievement is rewarded once). A ministry's and a
# province's award are of the same level.
SAME_LEVEL = {
    "CSTD_TINH": ("CSTD_TINH", "CSTD_BO"),
    "CSTD_BO": ("CSTD_TINH", "CSTD_BO"),
    "BK_TINH": ("BK_TINH", "BK_BO"),
    "BK_BO": ("BK_TINH", "BK_BO"),
    "BK_TTG": ("BK_TTG",),
}


def last_award(f: Facts, y: int, code: str) -> int | None:
    """The latest year before `y` of an award of `code`'s level, if any."""
    mask = 0
    for other in SAME_LEVEL.get(code, (code,)):
        mask |= f.held.get(other, 0)
    earlier = mask & span(YEAR0, y - 1)
    return YEAR0 + earlier.bit_length() - 1 if earlier else None


def after(mask: int, year: int | None) -> int:
    """The part of `mask` after `year` (all of it when there is no such year)."""
    return mask & ~span(YEAR0, year) if year is not None else mask


def rule_cstd_tinh(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    n = p.tinh_years
    used = last_award(f, y, "CSTD_TINH")
    cstdcs = after(f.held.get("CSTDCS", 0), used)
    need, _first = _chain_need(cstdcs, y, n)
    window = span(y - n + 1, y)
    initiative = bool(f.init_tinh & window)
    ok = need == 0 and initiative
    if ex is not None:
        held = cstdcs & window
        if held:
            ex.satisfied.append(f"CSTĐCS: {years_text(held)}")
        if initiative:
            ex.satisfied.append(
                f"sáng kiến cấp tỉnh: {years_text(f.init_tinh & window)}"
            )
        if need:
            since = (
                f" (sau lần CSTĐ cấp tỉnh năm {used})" if used and used > y - n else ""
            )
            ex.missing.append(f"cần thêm {need} năm CSTĐCS liên tục{since}")
        if not initiative:
            ex.missing.append(
                f"cần 1 sáng kiến, đề tài được công nhận phạm vi cấp tỉnh trong giai đoạn {y - n + 1}–{y}"
            )
        ex.to_confirm.append(
            "Được lựa chọn trong số cá nhân có thành tích tiêu biểu xuất sắc (Hội đồng TĐKT tỉnh)"
        )
        ex.to_confirm.append(
            "Sáng kiến được áp dụng hiệu quả, có khả năng nhân rộng trong tỉnh"
        )
    return ok, need + (0 if initiative else 1)


def _award_chain(mask: int, y: int, gap: int, limit: int) -> tuple[int, int]:
    """Consecutive awards given once per cycle: (count, earliest year) back from y."""
    if mask & bit(y):
        count, cur = 1, y
    else:
        count, cur = 0, y
    while count < limit:
        earlier = mask & span(cur - gap, cur - 1)
        if not earlier:
            break
        cur = YEAR0 + earlier.bit_length() - 1
        count += 1
    return count, cur


def rule_cstd_tq(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    # CSTĐ cấp tỉnh is given once per cycle of `tinh_years` CSTĐCS years, so two
    # consecutive awards are at most one cycle apart (e.g. for 2022 and 2025).
    cycle, m = p.tinh_years, p.tq_count
    mask = f.held.get("CSTD_TINH", 0)
    count = _award_chain(mask, y, cycle, m)[0] if mask else 0
    if not mask & bit(y):
        count = min(count, m - 1)  # the award for `y` itself is still to come
    need = m - count
    start = y - m * cycle + 1
    initiative = bool(f.init_tq & span(start, y))
    ok = need == 0 and initiative
    if ex is not None:
        held = mask & span(start, y)
        if held:
            ex.satisfied.append(f"CSTĐ cấp tỉnh: {years_text(held)}")
        if initiative:
            ex.satisfied.append(
                f"sáng kiến phạm vi toàn quốc: {years_text(f.init_tq & span(start, y))}"
            )
        if need:
            ex.missing.append(f"cần thêm {need} lần CSTĐ cấp tỉnh liên tục")
        if not initiative:
            ex.missing.append(
                f"cần 1 sáng kiến, đề tài có phạm vi ảnh hưởng toàn quốc trong giai đoạn {start}–{y}"
            )
        ex.to_confirm.append(
            "Tiêu biểu xuất sắc nhất trong số CSTĐ cấp tỉnh (Hội đồng TĐKT tỉnh bỏ phiếu kín)"
        )
    return ok, need + (0 if initiative else 1)


def _initiatives_in(f: Facts, first: int, last: int) -> int:
    count = (f.init_cs & span(first, last)).bit_count()
    if f.init_extra:
        count += sum(n for y, n in f.init_extra.items() if first <= y <= last)
    return count


def rule_bk_tinh(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    n, k = p.bk_years, p.bk_initiatives
    # the years behind an earlier Bằng khen of this level are not counted again
    prior = last_award(f, y, "BK_TINH")
    need_cs, _first = _chain_need(after(f.held.get("CSTDCS", 0), prior), y, n)
    if need_cs == 0 and ex is None:
        return True, 0  # the batch path needs no more than that
    need_htxs = max(0, n - streak(after(f.htxs, prior), y))
    first = y - n + 1 if prior is None else max(y - n + 1, prior + 1)
    window = span(first, y)
    # CV 1168/BNV-BTĐKT (06/02/2026): an initiative that earned a CSTĐCS by the
    # "HTT + sáng kiến" branch is not counted again (one per such year)
    used = f.cstdcs_initiative & f.init_cs & window
    count = _initiatives_in(f, first, y) - used.bit_count()
    need_init = max(0, k - count)
    alt2 = need_htxs + need_init
    ok = need_cs == 0 or alt2 == 0
    if ex is not None:
        note = (
            f" (không tính sáng kiến năm {years_text(used)} đã dùng để đạt CSTĐCS "
            "theo điều kiện HTT + sáng kiến, Công văn 1168/BNV-BTĐKT ngày 06/02/2026)"
            if used
            else ""
        )
        if need_cs == 0:
            ex.satisfied.append(
                f"CSTĐCS liên tục: {years_text(f.held.get('CSTDCS', 0) & span(y - n + 1, y))}"
            )
        if alt2 == 0:
            ex.satisfied.append(f"HTXS liên tục: {years_text(f.htxs & window)}")
            ex.satisfied.append(
                f"{count} sáng kiến cấp cơ sở trong giai đoạn {first}–{y}{note}"
            )
        if not ok:
            via_cs = [f"cần thêm {need_cs} năm CSTĐCS liên tục"]
            via_htxs = []
            if need_htxs:
                via_htxs.append(f"cần thêm {need_htxs} năm HTXS liên tục")
            if need_init:
                via_htxs.append(
                    f"cần thêm {need_init} sáng kiến cấp cơ sở trong giai đoạn {first}–{y}{note}"
                )
            best, other = (via_cs, via_htxs) if need_cs <= alt2 else (via_htxs, via_cs)
            ex.missing.extend(best)
            ex.missing.append("hoặc: " + "; ".join(other))
            if prior is not None:
                ex.missing.append(
                    f"chỉ tính thành tích sau lần Bằng khen cùng cấp năm {prior} "
                    "(một thành tích không khen thưởng hai lần)"
                )
        ex.to_confirm.append(CONFIRM_LAWFUL)
        ex.other_paths.append(
            "Điều 74 khoản 1 điểm a–c: thành tích xuất sắc đột xuất, trong phong trào thi đua (Hội đồng xét)"
        )
    return ok, min(need_cs, alt2)


def rule_bk_ttg(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    """Art. 73(1)(b): a Bằng khen bộ/tỉnh held, then a run of at least n years rated
    HTT or better up to the proposal with k CSTĐCS anywhere in that run (not only
    its last n years). A Bằng khen of the year considered rewards the same
    achievement and does not count; nor do the years behind an earlier BK_TTG."""
    n, k = p.ttg_years, p.ttg_cstdcs
    bk = (f.held.get("BK_TINH", 0) | f.held.get("BK_BO", 0)) & span(YEAR0, y - 1)
    prior = last_award(f, y, "BK_TTG")
    run = streak(after(f.good, prior), y)
    need_years = max(0, n - run)
    window = span(y - max(run, n) + 1, y)
    cstdcs = after(f.held.get("CSTDCS", 0), prior) & window
    need_cs = max(0, k - cstdcs.bit_count())
    shortfall = (0 if bk else 1) + need_years + need_cs
    if ex is not None:
        if bk:
            ex.satisfied.append(f"Bằng khen cấp bộ, ngành, tỉnh: {years_text(bk)}")
        if run:
            ex.satisfied.append(
                f"{run} năm liên tục từ HTT trở lên ({y - run + 1}–{y})"
            )
        if cstdcs:
            ex.satisfied.append(f"CSTĐCS: {years_text(cstdcs)}")
        if not bk:
            same_year = (f.held.get("BK_TINH", 0) | f.held.get("BK_BO", 0)) & bit(y)
            ex.missing.append(
                "cần đã được tặng Bằng khen cấp bộ, ngành, tỉnh trước năm xét"
                + (
                    f" (Bằng khen năm {y} khen chính thành tích này)"
                    if same_year
                    else ""
                )
            )
        if need_years:
            ex.missing.append(
                f"cần thêm {need_years} năm liên tục hoàn thành tốt nhiệm vụ trở lên"
            )
        if need_cs:
            first = y - max(run, n) + 1
            ex.missing.append(
                f"cần thêm {need_cs} lần CSTĐCS trong giai đoạn {first}–{y}"
            )
        if prior is not None and shortfall:
            ex.missing.append(
                f"chỉ tính thành tích sau lần Bằng khen của Thủ tướng năm {prior}"
            )
        ex.to_confirm.append(CONFIRM_LAWFUL)
        ex.other_paths.append(
            "Điều 73 khoản 1 điểm a, c: thành tích xuất sắc trong phong trào thi đua, thành tích đột xuất có phạm vi ảnh hưởng (Hội đồng xét)"
        )
    return shortfall == 0, shortfall


def _share_need(count: int, total: int, share: Fraction, strict: bool) -> int:
    """People still needed so that count/total ≥ share (or > share when strict)."""
    if strict:
        least = math.floor(share * total) + 1
    else:
        least = math.ceil(share * total)
    return max(0, least - count)


def _no_collective_data(ex: Explain | None, y: int) -> tuple[bool, int]:
    if ex is not None:
        ex.missing.append(f"chưa có xếp loại và số liệu thành viên của tập thể năm {y}")
    return False, 2


def rule_ttldtt(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    c = f.collective
    if c is None or c.members_total == 0:
        return _no_collective_data(ex, y)
    rating_ok = c.rating in ("HTXS", "HTT")
    # "ít nhất" in the provincial rules written under the 2022 Law (the pre-2024
    # "trên 50%" was strict)
    need_ldtt = _share_need(
        c.members_ldtt, c.members_total, p.ttldtt_share, strict=False
    )
    shortfall = (0 if rating_ok else 1) + need_ldtt + c.members_disciplined
    if ex is not None:
        pct = _pct(p.ttldtt_share)
        if rating_ok:
            ex.satisfied.append(f"{y}: tập thể {c.rating}")
        else:
            ex.missing.append(
                f"cần tập thể hoàn thành tốt nhiệm vụ năm {y} (hiện: {c.rating or 'chưa xếp loại'})"
            )
        if need_ldtt:
            ex.missing.append(
                f"cần thêm {need_ldtt} cá nhân đạt LĐTT (ít nhất {pct} của {c.members_total})"
            )
        else:
            ex.satisfied.append(
                f"{c.members_ldtt}/{c.members_total} cá nhân đạt LĐTT (ít nhất {pct})"
            )
        if c.members_disciplined:
            ex.missing.append(
                f"có {c.members_disciplined} cá nhân bị kỷ luật từ cảnh cáo trở lên"
            )
        else:
            ex.satisfied.append("không có cá nhân bị kỷ luật từ cảnh cáo trở lên")
        ex.to_confirm.extend([CONFIRM_MOVEMENT, CONFIRM_UNITY])
    return shortfall == 0, shortfall


def rule_ttldxs(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    c = f.collective
    if c is None or c.members_total == 0:
        return _no_collective_data(ex, y)
    rating_ok = c.rating == "HTXS"
    not_done = max(0, c.members_total - c.members_completed_tasks)
    need_ldtt = _share_need(
        c.members_ldtt, c.members_total, p.ttldxs_share, strict=False
    )
    need_cs = max(0, p.ttldxs_cstdcs - c.members_cstdcs)
    shortfall = (0 if rating_ok else 1) + not_done + need_ldtt + need_cs
    if ex is not None:
        pct = _pct(p.ttldxs_share)
        if rating_ok:
            ex.satisfied.append(f"{y}: tập thể HTXS")
        else:
            ex.missing.append(
                f"cần tập thể hoàn thành xuất sắc nhiệm vụ năm {y} (hiện: {c.rating or 'chưa xếp loại'})"
            )
        if not_done:
            ex.missing.append(
                f"cần 100% cá nhân hoàn thành nhiệm vụ (còn {not_done} người chưa hoàn thành)"
            )
        else:
            ex.satisfied.append(f"100% cá nhân hoàn thành nhiệm vụ ({c.members_total})")
        if need_ldtt:
            ex.missing.append(
                f"cần thêm {need_ldtt} cá nhân đạt LĐTT (ít nhất {pct} của {c.members_total})"
            )
        else:
            ex.satisfied.append(
                f"{c.members_ldtt}/{c.members_total} cá nhân đạt LĐTT (ít nhất {pct})"
            )
        if need_cs:
            ex.missing.append(f"cần ít nhất {p.ttldxs_cstdcs} cá nhân đạt CSTĐCS")
        else:
            ex.satisfied.append(f"{c.members_cstdcs} cá nhân đạt CSTĐCS")
        ex.to_confirm.extend([CONFIRM_MOVEMENT, CONFIRM_UNITY])
        if c.members_disciplined:
            # Art. 27 has no computable bar; the council weighs it under "chấp hành"
            ex.to_confirm.append(
                f"Có {c.members_disciplined} cá nhân bị kỷ luật từ cảnh cáo trở lên: "
                "Hội đồng xem xét tiêu chuẩn đoàn kết, chấp hành"
            )
    return shortfall == 0, shortfall


def rule_co_tinh(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    c = f.collective
    ok = bool(c and c.bloc_leader)
    if ex is not None:
        if ok:
            ex.satisfied.append(f"{y}: dẫn đầu khối, cụm thi đua của tỉnh")
        else:
            ex.missing.append(f"cần dẫn đầu khối, cụm thi đua của tỉnh năm {y}")
        ex.to_confirm.append("Được khối, cụm thi đua bình xét, suy tôn dẫn đầu")
        ex.other_paths.append(
            "Dẫn đầu phong trào thi đua theo chuyên đề do tỉnh phát động (Điều 26)"
        )
    # leading a bloc comes from its ranking, never "a small step away"
    return ok, 0 if ok else 2


def rule_co_cp(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    c = f.collective
    ok = bool(c and c.bloc_leader)
    if ex is not None:
        if ok:
            ex.satisfied.append(f"{y}: dẫn đầu khối, cụm thi đua do tỉnh tổ chức")
        else:
            ex.missing.append(f"cần dẫn đầu khối, cụm thi đua do tỉnh tổ chức năm {y}")
        ex.to_confirm.extend(
            [
                "Tiêu biểu xuất sắc trong số các tập thể dẫn đầu khối, cụm của tỉnh",
                "Hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao",
                "Tổ chức đảng, đoàn thể trong sạch, vững mạnh; thực hành tiết kiệm, phòng, chống tham nhũng, lãng phí",
            ]
        )
        ex.other_paths.extend(
            [
                "Dẫn đầu khối, cụm thi đua do Ban Thi đua – Khen thưởng Trung ương tổ chức (Điều 25)",
                "Dẫn đầu phong trào thi đua do Thủ tướng phát động có thời gian từ 5 năm trở lên (Điều 25)",
            ]
        )
    return ok, 0 if ok else 2


def rule_judgment(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    """No computable path: the criteria are listed by `evaluate` from the catalogue."""
    return False, -1


def rule_gk(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    """Giấy khen (Art. 75): the rating is the only computable condition; which
    achievement it rewards is the unit's council to judge (listed by `evaluate`)."""
    b = bit(y)
    ok = bool(f.good & b)
    if ex is not None:
        rating = _rating_of(f, y)
        if ok:
            ex.satisfied.append(f"{y}: {rating}")
        elif rating is None:
            ex.missing.append(f"chưa có xếp loại năm {y}")
        else:
            ex.missing.append(
                f"cần xếp loại từ Hoàn thành tốt nhiệm vụ năm {y} (hiện: {rating})"
            )
    return ok, 0 if ok else 1


def rule_bk_tinh_collective(
    f: Facts, y: int, p: Params, ex: Explain | None
) -> tuple[bool, int]:
    """Art. 74(2)(c): two consecutive years HTXS (or TTLĐXS), after any earlier
    Bằng khen of this level."""
    n = p.bk_years
    prior = last_award(f, y, "BK_TINH")
    mask = after(f.htxs | f.held.get("TTLDXS", 0), prior)
    need, _first = _chain_need(mask, y, n)
    if ex is not None:
        held = mask & span(y - n + 1, y)
        if held:
            ex.satisfied.append(f"HTXS hoặc TTLĐXS: {years_text(held)}")
        if need:
            ex.missing.append(
                f"cần thêm {need} năm liên tục hoàn thành xuất sắc nhiệm vụ (hoặc TTLĐXS)"
            )
            if prior is not None:
                ex.missing.append(
                    f"chỉ tính thành tích sau lần Bằng khen cùng cấp năm {prior}"
                )
        ex.to_confirm.append(
            "Nội bộ đoàn kết; thực hiện tốt dân chủ ở cơ sở, phong trào thi đua, "
            "chăm lo đời sống người lao động, thực hành tiết kiệm, phòng, chống tham nhũng"
        )
    return need == 0, need


# Rules by name: a rule set's AwardRule names the rule it applies to a code, so
# a rule whose shape changes gets a new name and is dated with its rule set.
RULES: dict[str, dict[str, Rule]] = {
    "ldtt": {"individual": rule_ldtt},
    "cstdcs": {"individual": rule_cstdcs},
    "cstd_tinh": {"individual": rule_cstd_tinh},
    "cstd_tq": {"individual": rule_cstd_tq},
    "bk_tinh": {"individual": rule_bk_tinh, "collective": rule_bk_tinh_collective},
    "bk_ttg": {"individual": rule_bk_ttg},
    "gk": {"individual": rule_gk, "collective": rule_gk},
    "ttldtt": {"collective": rule_ttldtt},
    "ttldxs": {"collective": rule_ttldxs},
    "co_tinh": {"collective": rule_co_tinh},
    "co_cp": {"collective": rule_co_cp},
}


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
    from . import rules_more  # the other forms' rules build on this module

    return {**RULES, **rules_more.RULES}


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
    # codes with no computable rule are the council's: their status never varies
    rules = [rule_for(book.awards[code], subject) for code in codes]
    bits = [(code, bit(year)) for code in codes]
    results: list[tuple[int, ...]] = []
    append = results.append
    for facts in many:
        row = []
        for rule, (code, b) in zip(rules, bits, strict=True):
            if facts.held.get(code, 0) & b:
                row.append(HELD)
                continue
            if rule is None:
                row.append(JUDGMENT)
                continue
            ok, shortfall = rule(facts, year, params, None)
            row.append(_status(ok, shortfall))
        append(tuple(row))
    return codes, results


# --- quotas ------------------------------------------------------------------------

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
