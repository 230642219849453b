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
    def rule(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
        n = _int(p, code, "consecutive_years", strict)
        codes = _codes(p, code)
        if n is None or not codes:
            if strict:
                raise MissingRuleValue(p.book.name, code, "prerequisite")
            return False, -1
        counts = {
            key: _int(p, code, key, False) or 0
            for key in ("min_htxs", "min_cstdcs", "min_cstd_tinh")
        }
        prior, held = _prerequisite(f, y, p, codes)
        run = streak(after(f.good, prior), y) if prior is not None else 0
        window = span(y - run + 1, y) if run else 0
        have = {
            "min_htxs": f.htxs & window,
            "min_cstdcs": f.held.get("CSTDCS", 0) & window,
            "min_cstd_tinh": (f.held.get("CSTD_TINH", 0) | f.held.get("CSTD_BO", 0))
            & window,
        }
        need = {k: max(0, counts[k] - have[k].bit_count()) for k in counts}
        shortfall = (
            (0 if prior is not None else 1) + max(0, n - run) + sum(need.values())
        )
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
            labels = {
                "min_htxs": "năm hoàn thành xuất sắc nhiệm vụ",
                "min_cstdcs": "lần CSTĐCS",
                "min_cstd_tinh": "lần CSTĐ cấp bộ, ngành, tỉnh",
            }
            for key, wanted in counts.items():
                if not wanted:
                    continue
                if need[key]:
                    ex.missing.append(
                        f"cần thêm {need[key]} {labels[key]} trong thời gian đó"
                    )
                else:
                    ex.satisfied.append(
                        f"{wanted} {labels[key]}: {years_text(have[key])}"
                    )
        return shortfall == 0, shortfall

    return rule


def _service(code: str, strict: bool) -> Rule:
    def rule(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
        years = _int(p, code, "service_years", strict)
        if years is None:
            return False, -1
        manager_sector = _int(p, code, "manager_sector_years", False)
        manager_years = _int(p, code, "manager_years", False)
        factor = p.number(code, "hardship_factor")
        codes = _codes(p, code)
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

    return rule


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
