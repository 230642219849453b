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

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

YEAR0 = 1945
RATINGS = ("HTXS", "HTT", "HT", "KHT")
SCOPES = ("co_so", "tinh", "toan_quoc")
SUBJECTS = ("individual", "collective", "household")

ELIGIBLE, NEAR, NOT_YET, JUDGMENT = 0, 1, 2, 3
STATUS_CODES = ("eligible", "near", "not", "judgment")
STATUS_LABELS = {
    "eligible": "Có thể đề nghị ngay",
    "near": "Gần đạt",
    "not": "Chưa đạt",
    "judgment": "Do Hội đồng xét",
}


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


# --- the rule book (numbers and articles of one rule set) ---------------------------


@dataclass(frozen=True)
class AwardInfo:
    code: str
    name: str
    kind: str
    recipients: tuple[str, ...]
    basis: str
    uncertain: bool = False


@dataclass(frozen=True)
class ValueInfo:
    value: Decimal | None
    source: str
    uncertain: bool
    rule_set: str


@dataclass
class RuleBook:
    """Everything the engine needs from one rule set, loaded once (selectors.rule_book)."""

    name: str
    awards: dict[str, AwardInfo]
    values: dict[tuple[str, str, str], ValueInfo]

    def info(self, code: str, key: str, issuer: str = "") -> ValueInfo | None:
        return self.values.get((code, key, issuer))

    def value(self, code: str, key: str, issuer: str = "") -> Decimal | None:
        found = self.values.get((code, key, issuer))
        return found.value if found else None

    def number(self, code: str, key: str, default: int | str) -> Decimal:
        found = self.value(code, key)
        return Decimal(str(default)) if found is None else found

    def codes_for(self, subject: str) -> list[str]:
        return [a.code for a in self.awards.values() if subject in a.recipients]


@dataclass(frozen=True)
class Params:
    """The rule book's numbers in the shape the rules read them (defaults: the sheet)."""

    tinh_years: int
    tq_count: int
    bk_years: int
    bk_initiatives: int
    ttg_years: int
    ttg_cstdcs: int
    ttldtt_share: Fraction
    ttldxs_share: Fraction
    ttldxs_cstdcs: int

    @classmethod
    def from_book(cls, book: RuleBook) -> Params:
        n = book.number
        return cls(
            tinh_years=int(n("CSTD_TINH", "consecutive_years", 3)),
            tq_count=int(n("CSTD_TQ", "min_count", 2)),
            bk_years=int(n("BK_TINH", "consecutive_years", 2)),
            bk_initiatives=int(n("BK_TINH", "min_initiatives", 2)),
            ttg_years=int(n("BK_TTG", "consecutive_years", 5)),
            ttg_cstdcs=int(n("BK_TTG", "min_count", 3)),
            ttldtt_share=Fraction(n("TTLDTT", "min_share", "0.5")),
            ttldxs_share=Fraction(n("TTLDXS", "min_share", "0.7")),
            ttldxs_cstdcs=int(n("TTLDXS", "min_count", 1)),
        )


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


def _years_text(mask: int) -> str:
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

    def h(self, code: str) -> int:
        return self.held.get(code, 0)


def facts_from_history(history: History) -> Facts:
    f = Facts()
    for year, rating in history.ratings.items():
        b = bit(year)
        f.rated |= b
        if rating == "HTXS":
            f.htxs |= b
        if rating in ("HTXS", "HTT"):
            f.good |= b
        if rating != "KHT":
            f.done |= b
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
    return ok, shortfall


def rule_cstd_tinh(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    n = p.tinh_years
    # CSTĐCS years already counted for an earlier CSTĐ cấp tỉnh are not counted
    # again: one achievement is rewarded once (Law 2022, Art. 6)
    earlier = f.held.get("CSTD_TINH", 0) & span(YEAR0, y - 1)
    used = YEAR0 + earlier.bit_length() - 1 if earlier else None
    cstdcs = (
        f.held.get("CSTDCS", 0) & ~span(YEAR0, used)
        if used
        else f.held.get("CSTDCS", 0)
    )
    need, _first = _chain_need(cstdcs, y, n)
    window = span(y - n + 1, y)
    initiative = bool(f.init_tinh & window)
    ok = need == 0 and initiative
    if ex is not None:
        held = cstdcs & window
        if held:
            ex.satisfied.append(f"CSTĐCS: {_years_text(held)}")
        if initiative:
            ex.satisfied.append(
                f"sáng kiến cấp tỉnh: {_years_text(f.init_tinh & window)}"
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
            ex.satisfied.append(f"CSTĐ cấp tỉnh: {_years_text(held)}")
        if initiative:
            ex.satisfied.append(
                f"sáng kiến phạm vi toàn quốc: {_years_text(f.init_tq & span(start, y))}"
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
    need_cs, _first = _chain_need(f.held.get("CSTDCS", 0), y, n)
    if need_cs == 0 and ex is None:
        return True, 0  # the batch path needs no more than that
    need_htxs = max(0, n - streak(f.htxs, y))
    window = span(y - n + 1, y)
    # CV 1168/BNV-BTĐKT (06/02/2026): an initiative that earned a CSTĐCS by the
    # "HTT + sáng kiến" branch is not counted again (one per such year)
    used = f.cstdcs_initiative & f.init_cs & window
    count = _initiatives_in(f, y - n + 1, y) - used.bit_count()
    need_init = max(0, k - count)
    alt2 = need_htxs + need_init
    ok = need_cs == 0 or alt2 == 0
    if ex is not None:
        note = (
            f" (không tính sáng kiến năm {_years_text(used)} đã dùng để đạt CSTĐCS "
            "theo điều kiện HTT + sáng kiến, Công văn 1168/BNV-BTĐKT ngày 06/02/2026)"
            if used
            else ""
        )
        if need_cs == 0:
            ex.satisfied.append(
                f"CSTĐCS liên tục: {_years_text(f.held.get('CSTDCS', 0) & window)}"
            )
        if alt2 == 0:
            ex.satisfied.append(f"HTXS liên tục: {_years_text(f.htxs & window)}")
            ex.satisfied.append(
                f"{count} sáng kiến cấp cơ sở trong giai đoạn {y - n + 1}–{y}{note}"
            )
        if not ok:
            first = [f"cần thêm {need_cs} năm CSTĐCS liên tục"]
            second = []
            if need_htxs:
                second.append(f"cần thêm {need_htxs} năm HTXS liên tục")
            if need_init:
                second.append(
                    f"cần thêm {need_init} sáng kiến cấp cơ sở trong giai đoạn {y - n + 1}–{y}{note}"
                )
            best, other = (first, second) if need_cs <= alt2 else (second, first)
            ex.missing.extend(best)
            ex.missing.append("hoặc: " + "; ".join(other))
        ex.to_confirm.append(CONFIRM_LAWFUL)
        ex.other_paths.append(
            "Điều 74 khoản 1 điểm a–c: thành tích xuất sắc đột xuất, trong phong trào thi đua (Hội đồng xét)"
        )
    return ok, min(need_cs, alt2)


def rule_bk_ttg(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    n, k = p.ttg_years, p.ttg_cstdcs
    has_bk = bool(f.held.get("BK_TINH", 0) & span(YEAR0, y))
    need_years = max(0, n - streak(f.good, y))
    window = span(y - n + 1, y)
    cstdcs = f.held.get("CSTDCS", 0) & window
    need_cs = max(0, k - cstdcs.bit_count())
    shortfall = (0 if has_bk else 1) + need_years + need_cs
    if ex is not None:
        if has_bk:
            ex.satisfied.append(
                f"Bằng khen của Chủ tịch UBND tỉnh: {_years_text(f.held.get('BK_TINH', 0) & span(YEAR0, y))}"
            )
        good = streak(f.good, y)
        if good:
            ex.satisfied.append(
                f"{min(good, n)} năm liên tục từ HTT trở lên ({y - min(good, n) + 1}–{y})"
            )
        if cstdcs:
            ex.satisfied.append(f"CSTĐCS: {_years_text(cstdcs)}")
        if not has_bk:
            ex.missing.append("cần đã được tặng Bằng khen cấp bộ, ngành, tỉnh")
        if need_years:
            ex.missing.append(
                f"cần thêm {need_years} năm liên tục hoàn thành tốt nhiệm vụ trở lên"
            )
        if need_cs:
            ex.missing.append(
                f"cần thêm {need_cs} lần CSTĐCS trong giai đoạn {y - n + 1}–{y}"
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
    need_ldtt = _share_need(
        c.members_ldtt, c.members_total, p.ttldtt_share, strict=True
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
                f"cần thêm {need_ldtt} cá nhân đạt LĐTT (trên {pct} của {c.members_total})"
            )
        else:
            ex.satisfied.append(
                f"{c.members_ldtt}/{c.members_total} cá nhân đạt LĐTT (trên {pct})"
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


JUDGMENT_TEXT = {
    "GK": "Thành tích theo tiêu chuẩn của cơ quan, đơn vị (Điều 75); Hội đồng TĐKT đơn vị xét",
    "HC_LD3": "Thành tích xuất sắc theo Điều 44; Hội đồng TĐKT tỉnh đề nghị",
    "HC_LD2": "Thành tích xuất sắc theo Điều 44; Hội đồng TĐKT tỉnh đề nghị",
    "HC_LD1": "Thành tích xuất sắc theo Điều 44; Hội đồng TĐKT tỉnh đề nghị",
    "XA_TIEU_BIEU": "Tiêu chuẩn khung NĐ 86/2023 và quy định của UBND tỉnh; Hội đồng xét",
    "THON_VH": "5 tiêu chuẩn (kinh tế, văn hóa, môi trường, an ninh, đoàn kết) theo Điều 30; Hội đồng xét",
    "GD_VH": "Tiêu chuẩn tại Điều 31, NĐ 86/2023 và quy định của tỉnh; UBND cấp xã xét",
    "BK_TINH": "Tiêu chuẩn Bằng khen cho tập thể, hộ gia đình theo Điều 74; Hội đồng xét",
    "BK_TTG": "Tiêu chuẩn Bằng khen của Thủ tướng cho tập thể, hộ gia đình theo Điều 73; Hội đồng xét",
}


def rule_judgment(
    f: Facts, y: int, p: Params, ex: Explain | None, code: str = ""
) -> tuple[bool, int]:
    if ex is not None:
        ex.other_paths.append(
            JUDGMENT_TEXT.get(code, "Theo đánh giá của Hội đồng TĐKT")
        )
    return False, -1


RULES: dict[tuple[str, str], Rule] = {
    ("individual", "LDTT"): rule_ldtt,
    ("individual", "CSTDCS"): rule_cstdcs,
    ("individual", "CSTD_TINH"): rule_cstd_tinh,
    ("individual", "CSTD_TQ"): rule_cstd_tq,
    ("individual", "BK_TINH"): rule_bk_tinh,
    ("individual", "BK_TTG"): rule_bk_ttg,
    ("collective", "TTLDTT"): rule_ttldtt,
    ("collective", "TTLDXS"): rule_ttldxs,
    ("collective", "CO_TINH"): rule_co_tinh,
    ("collective", "CO_CP"): rule_co_cp,
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


def _rule_for(subject: str, code: str) -> Rule:
    found = RULES.get((subject, code))
    if found is not None:
        return found
    return lambda f, y, p, ex: rule_judgment(f, y, p, ex, code)


# --- entry points ------------------------------------------------------------------


def evaluate(
    history: History, year: int, book: RuleBook, codes: Iterable[str] | None = None
) -> list[Verdict]:
    """Every catalogue code for the subject's kind, judged for `year`, with reasons."""
    facts = facts_from_history(history)
    params = Params.from_book(book)
    out = []
    for code in codes or book.codes_for(history.subject):
        award = book.awards[code]
        ex = Explain()
        ok, shortfall = _rule_for(history.subject, code)(facts, year, params, ex)
        out.append(
            Verdict(
                code=code,
                name=award.name,
                eligible=ok,
                status=STATUS_CODES[_status(ok, shortfall)],
                basis=award.basis,
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
    rules = [RULES.get((subject, code)) for code in codes]
    results: list[tuple[int, ...]] = []
    append = results.append
    for facts in many:
        row = []
        for rule in rules:
            if rule is None:
                row.append(JUDGMENT)
                continue
            ok, shortfall = rule(facts, year, params, None)
            row.append(ELIGIBLE if ok else (NEAR if shortfall == 1 else NOT_YET))
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
