"""Rules of the forms beyond the annual titles: Huân chương, State honorary titles,
medals (research sheet catalogue-2022-full.md §1.2–1.4).

Two shapes cover every computable criterion the sheet retrieved:

- `run_after`: an earlier award (the prerequisite), then a run of consecutive years
  rated HTT or better up to the proposal, within which some years HTXS, some
  CSTĐCS, some CSTĐ bộ/tỉnh (HCLĐ hạng Nhì/Ba Art. 43–44, HC Hồ Chí Minh and
  Sao vàng for collectives Art. 34–35);
- `service`: years of direct work (or in the sector for managers), hardship areas
  counted twice where the rule set says so, possibly after an earlier title
  (Nhà giáo, Thầy thuốc Art. 64–65; Huy chương Quân kỳ quyết thắng Art. 55).

Every number and prerequisite is a RuleValue of the code. The `…_configurable`
variants serve the articles whose text was not retrieved: until an administrator
enters the values the verdict is the council's and says what is missing from the
rule set; the plain variants fail loudly instead.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any, NamedTuple

from .eligibility import (
    YEAR0,
    Explain,
    Facts,
    MissingRuleValue,
    Params,
    Rule,
    after,
    span,
    streak,
    years_text,
)

CODE_NAMES = {
    "CSTDCS": "CSTĐCS",
    "CSTD_TINH": "CSTĐ cấp bộ, ngành, tỉnh",
    "BK_TINH": "Bằng khen cấp bộ, ngành, tỉnh",
    "BK_BO": "Bằng khen cấp bộ, ngành",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
}


def _int(p: Params, code: str, key: str, strict: bool) -> int | None:
    value = p.number(code, key)
    if value is None and strict:
        raise MissingRuleValue(p.book.name, code, key)
    return None if value is None else int(value)


def _codes(p: Params, code: str) -> tuple[str, ...]:
    return tuple(
        c.strip() for c in p.text(code, "prerequisite").split("|") if c.strip()
    )


# what a run must hold besides its length, by rule value key
RUN_COUNTS = {
    "min_htxs": "năm hoàn thành xuất sắc nhiệm vụ",
    "min_cstdcs": "lần CSTĐCS",
    "min_cstd_tinh": "lần CSTĐ cấp bộ, ngành, tỉnh",
}


class _RunAfterSettings(NamedTuple):
    years: int | None
    codes: tuple[str, ...]
    counts: tuple[int, ...]  # in the order of RUN_COUNTS


class _ServiceSettings(NamedTuple):
    years: int | None
    manager_sector: int | None
    manager_years: int | None
    factor: Decimal | None
    codes: tuple[str, ...]


def _preparable(
    settings: Callable[[Params], Any],
    check: Callable[..., tuple[bool, int]],
    council: Callable[[Any], bool],
) -> Rule:
    """The rule reads the code's settings from the book at each call (the explained
    path asks once per person). The batch path (eligibility.statuses) asks `prepare`
    once per book instead: the settings bound, or None when the council judges
    whatever the facts (`council`: values not entered yet). A value that must be
    stated and is not still raises when the rule is used, as before."""

    def rule(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
        return check(settings(p), f, y, p, ex)

    def prepare(p: Params) -> Rule | None:
        try:
            found = settings(p)
        except MissingRuleValue:
            return rule
        return None if council(found) else partial(check, found)

    rule.prepare = prepare  # type: ignore[attr-defined]
    return rule


def _name(p: Params, code: str) -> str:
    award = p.book.awards.get(code)
    return award.name if award else CODE_NAMES.get(code, code)


def _prerequisite(
    f: Facts, y: int, p: Params, codes: tuple[str, ...]
) -> tuple[int | None, int]:
    """(latest year before `y` an award of `codes` was given for, its mask)."""
    mask = 0
    for other in codes:
        mask |= f.held.get(other, 0)
    mask &= span(YEAR0, y - 1)
    return (YEAR0 + mask.bit_length() - 1 if mask else None), mask


def _run_after(code: str, strict: bool) -> Rule:
    def settings(p: Params) -> _RunAfterSettings:
        n = _int(p, code, "consecutive_years", strict)
        codes = _codes(p, code)
        if (n is None or not codes) and strict:
            raise MissingRuleValue(p.book.name, code, "prerequisite")
        counts = tuple(_int(p, code, key, False) or 0 for key in RUN_COUNTS)
        return _RunAfterSettings(n, codes, counts)

    def check(
        cfg: _RunAfterSettings, f: Facts, y: int, p: Params, ex: Explain | None
    ) -> tuple[bool, int]:
        n, codes, counts = cfg
        if n is None or not codes:
            return False, -1
        prior, held = _prerequisite(f, y, p, codes)
        run = streak(after(f.good, prior), y) if prior is not None else 0
        window = span(y - run + 1, y) if run else 0
        have = (
            f.htxs & window,
            f.held.get("CSTDCS", 0) & window,
            (f.held.get("CSTD_TINH", 0) | f.held.get("CSTD_BO", 0)) & window,
        )
        need = [max(0, c - h.bit_count()) for c, h in zip(counts, have, strict=True)]
        shortfall = (0 if prior is not None else 1) + max(0, n - run) + sum(need)
        if ex is not None:
            names = " hoặc ".join(_name(p, c) for c in codes)
            if prior is not None:
                ex.satisfied.append(f"{names}: {years_text(held)}")
                if run:
                    ex.satisfied.append(
                        f"{run} năm liên tục từ HTT trở lên sau đó ({y - run + 1}–{y})"
                    )
            else:
                ex.missing.append(f"cần đã được tặng {names} trước năm {y}")
            if run < n:
                ex.missing.append(
                    f"cần {n} năm liên tục hoàn thành tốt nhiệm vụ trở lên sau lần "
                    f"{names} (hiện có {run})"
                )
            for label, wanted, short, mask in zip(
                RUN_COUNTS.values(), counts, need, have, strict=True
            ):
                if not wanted:
                    continue
                if short:
                    ex.missing.append(f"cần thêm {short} {label} trong thời gian đó")
                else:
                    ex.satisfied.append(f"{wanted} {label}: {years_text(mask)}")
        return shortfall == 0, shortfall

    return _preparable(settings, check, lambda s: s.years is None or not s.codes)


def _service(code: str, strict: bool) -> Rule:
    def settings(p: Params) -> _ServiceSettings:
        return _ServiceSettings(
            _int(p, code, "service_years", strict),
            _int(p, code, "manager_sector_years", False),
            _int(p, code, "manager_years", False),
            p.number(code, "hardship_factor"),
            _codes(p, code),
        )

    def check(
        cfg: _ServiceSettings, f: Facts, y: int, p: Params, ex: Explain | None
    ) -> tuple[bool, int]:
        years, manager_sector, manager_years, factor, codes = cfg
        if years is None:
            return False, -1
        prior, held = _prerequisite(f, y + 1, p, codes) if codes else (None, 0)
        s = f.service
        shortfall = 0 if not codes or prior is not None else 1
        if s is None:
            if ex is not None:
                ex.missing.append("chưa có số năm công tác")
            return False, shortfall + 1
        extra = int(s.hardship_years * (factor - 1)) if factor else 0
        direct = s.years + extra
        sector = s.sector_years + extra
        if s.manager and manager_sector is not None:
            wanted = manager_years or 0
            gaps = [max(0, manager_sector - sector), max(0, wanted - direct)]
        else:
            wanted = years
            gaps = [max(0, years - direct)]
        short_years = sum(gaps)
        shortfall += 1 if short_years else 0
        if ex is not None:
            note = (
                f" (trong đó {s.hardship_years} năm ở vùng biên giới, hải đảo, đặc biệt "
                f"khó khăn tính hệ số {str(factor).rstrip('0').rstrip('.').replace('.', ',')})"
                if extra
                else ""
            )
            if codes and prior is not None:
                ex.satisfied.append(
                    f"{' hoặc '.join(_name(p, c) for c in codes)}: {years_text(held)}"
                )
            elif codes:
                ex.missing.append(
                    f"cần đã được tặng {' hoặc '.join(_name(p, c) for c in codes)}"
                )
            if s.manager and manager_sector is not None:
                text = (
                    f"{sector} năm trong ngành, {direct} năm trực tiếp{note} "
                    f"(cán bộ quản lý: cần {manager_sector} năm trong ngành, "
                    f"trong đó {wanted} năm trực tiếp)"
                )
            else:
                text = f"{direct} năm công tác trực tiếp{note} (cần {years} năm)"
            (ex.missing if short_years else ex.satisfied).append(text)
        return shortfall == 0, shortfall

    return _preparable(settings, check, lambda s: s.years is None)


def _generic(make: Callable[[str, bool], Rule], strict: bool) -> Rule:
    """A placeholder carrying `for_code`: eligibility.rule_for binds the code."""

    def unbound(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
        raise TypeError("rule used without its code")

    unbound.for_code = lambda code: make(code, strict)  # type: ignore[attr-defined]
    return unbound


RUN_AFTER = _generic(_run_after, True)
RUN_AFTER_CONFIGURABLE = _generic(_run_after, False)
SERVICE = _generic(_service, True)
SERVICE_CONFIGURABLE = _generic(_service, False)

BOTH = ("individual", "collective")
RULES: dict[str, dict[str, Rule]] = {
    "run_after": dict.fromkeys(BOTH, RUN_AFTER),
    "run_after_configurable": dict.fromkeys(BOTH, RUN_AFTER_CONFIGURABLE),
    "run_after_individual": {"individual": RUN_AFTER},
    "run_after_collective": {"collective": RUN_AFTER},
    "service": {"individual": SERVICE},
    "service_configurable": {"individual": SERVICE_CONFIGURABLE},
}
