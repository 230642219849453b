"""The scoring engine: pure functions, no database (contracts.md, "Scoring").

For a criterion with maximum W, actual A and plan P:
- plan_ratio: r = A/P (higher is better, a planned reduction counts as higher),
  r = P/A (lower is better); points = 0 if r < floor else W × min(r, cap);
- minmax: W × (A − min)/(max − min) across the units evaluated together,
  reversed for lower is better, W for everyone when all values are equal;
- threshold: W when A ≥ P (P defaults to 1; A ≤ P when lower is better);
- manual: the points an evaluator entered.
Total = Σ points + min(bonus, bonus_cap) − penalty. A missing value scores 0 and is
reported. Equal totals share a rank (1, 1, 3). Ratios are never rounded here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from thidua.lib.formats import number

HIGHER = "higher_is_better"
LOWER = "lower_is_better"
REDUCTION = "reduction_pp"
YES_NO = "yes_no"
DIRECTIONS = (HIGHER, LOWER, REDUCTION, YES_NO)
METHODS = ("plan_ratio", "minmax", "threshold", "manual")
# totals closer than this are equal (float sums of the same points differ in the last bits)
_TIE_DIGITS = 9


@dataclass(frozen=True)
class Criterion:
    code: str
    max_points: float
    method: str
    direction: str = HIGHER
    cap: float | None = None
    floor: float | None = None
    weight: float = 1.0
    name: str = ""
    group: str = ""


@dataclass(frozen=True)
class Value:
    actual: float | None = None
    plan: float | None = None
    points: float | None = None  # manual criteria only


@dataclass
class UnitInput:
    unit: Any
    values: Mapping[str, Value]
    bonus: float = 0.0
    penalty: float = 0.0


@dataclass
class Line:
    criterion: str
    actual: float | None
    plan: float | None
    ratio: float | None
    points: float
    issue: str = ""  # missing_actual, missing_plan, plan_zero, actual_zero


@dataclass
class Result:
    unit: Any
    total: float
    rank: int
    breakdown: list[Line]
    bonus: float
    bonus_counted: float
    penalty: float
    missing: list[str] = field(default_factory=list)


ISSUE_TEXT = {
    "missing_actual": "chưa có số liệu thực hiện",
    "missing_plan": "chưa có kế hoạch",
    "plan_zero": "kế hoạch bằng 0: tỷ lệ không xác định",
    "actual_zero": "thực hiện bằng 0: tỷ lệ không xác định, tính mức tối đa",
    "missing_points": "chưa chấm điểm",
}


def achievement_ratio(
    direction: str, actual: float | None, plan: float | None
) -> float | None:
    """r for "% of plan"; None when it is not defined (no value, no plan, a zero)."""
    if actual is None:
        return None
    if direction == YES_NO:
        return 1.0 if actual >= (plan if plan is not None else 1) else 0.0
    if plan is None:
        return None
    if direction == LOWER:
        return plan / actual if actual else None
    return actual / plan if plan else None


def percent_of_plan(
    direction: str, actual: float | None, plan: float | None
) -> float | None:
    """% KH for every direction: Tân Uyên's 2,47 points cut against a plan of 1,65 → 149,7."""
    r = achievement_ratio(direction, actual, plan)
    return None if r is None else r * 100


def _plan_ratio(c: Criterion, v: Value) -> tuple[float | None, float, str]:
    if v.actual is None:
        return None, 0.0, "missing_actual"
    if c.direction != YES_NO and v.plan is None:
        return None, 0.0, "missing_plan"
    r = achievement_ratio(c.direction, v.actual, v.plan)
    if r is None:
        if c.direction == LOWER and v.actual == 0:
            # a zero level (no poor households left) beats any plan
            return (
                None,
                c.max_points * (c.cap if c.cap is not None else 1.0),
                "actual_zero",
            )
        return None, 0.0, "plan_zero"
    if c.floor is not None and r < c.floor:
        return r, 0.0, ""
    return r, c.max_points * (min(r, c.cap) if c.cap is not None else r), ""


def _threshold(c: Criterion, v: Value) -> tuple[float | None, float, str]:
    if v.actual is None:
        return None, 0.0, "missing_actual"
    target = 1.0 if v.plan is None else v.plan
    met = v.actual <= target if c.direction == LOWER else v.actual >= target
    return (1.0, c.max_points, "") if met else (0.0, 0.0, "")


def _minmax(
    c: Criterion, values: list[float | None]
) -> list[tuple[float | None, float, str]]:
    present = [a for a in values if a is not None]
    lo, hi = (min(present), max(present)) if present else (0.0, 0.0)
    out: list[tuple[float | None, float, str]] = []
    for a in values:
        if a is None:
            out.append((None, 0.0, "missing_actual"))
            continue
        if hi == lo:
            r = 1.0
        elif c.direction == LOWER:
            r = (hi - a) / (hi - lo)
        else:
            r = (a - lo) / (hi - lo)
        out.append((r, c.max_points * r, ""))
    return out


def shared_ranks(totals: Sequence[float]) -> list[int]:
    """Competition ranking: 10, 10, 8 → 1, 1, 3."""
    keys = [round(t, _TIE_DIGITS) for t in totals]
    ordered = sorted(keys, reverse=True)
    first: dict[float, int] = {}
    for i, k in enumerate(ordered, start=1):
        first.setdefault(k, i)
    return [first[k] for k in keys]


def evaluate(
    criteria: Sequence[Criterion],
    units: Sequence[UnitInput],
    *,
    bonus_cap: float | None = None,
) -> list[Result]:
    """Score and rank `units` together; results sorted by rank, then input order."""
    per_unit: list[list[Line]] = [[] for _ in units]
    for c in criteria:
        values = [u.values.get(c.code, Value()) for u in units]
        if c.method == "minmax":
            scored = _minmax(c, [v.actual for v in values])
        elif c.method == "plan_ratio":
            scored = [_plan_ratio(c, v) for v in values]
        elif c.method == "threshold":
            scored = [_threshold(c, v) for v in values]
        else:
            scored = [
                (None, v.points, "")
                if v.points is not None
                else (None, 0.0, "missing_points")
                for v in values
            ]
        for lines, v, (r, points, issue) in zip(per_unit, values, scored, strict=True):
            lines.append(Line(c.code, v.actual, v.plan, r, points * c.weight, issue))

    totals = []
    partial = []
    for u, lines in zip(units, per_unit, strict=True):
        counted = min(u.bonus, bonus_cap) if bonus_cap is not None else u.bonus
        total = sum(line.points for line in lines) + counted - u.penalty
        totals.append(total)
        partial.append(
            (
                counted,
                [
                    line.criterion
                    for line in lines
                    if line.issue and line.issue != "actual_zero"
                ],
            )
        )
    ranks = shared_ranks(totals)
    results = [
        Result(
            unit=u.unit,
            total=total,
            rank=rank,
            breakdown=lines,
            bonus=u.bonus,
            bonus_counted=counted,
            penalty=u.penalty,
            missing=missing,
        )
        for u, lines, total, rank, (counted, missing) in zip(
            units, per_unit, totals, ranks, partial, strict=True
        )
    ]
    return sorted(results, key=lambda r: r.rank)


def tie_break(
    results: Sequence[Result],
    rules: Iterable[str],
    criteria: Sequence[Criterion],
) -> list[tuple[Result, int]]:
    """Order results by total, then the table's tie-break rules.

    Returns (result, position); units the rules cannot separate share a position
    (the council decides between them).
    """
    rules = list(rules)
    group_of = {c.code: c.group for c in criteria}

    def key(r: Result) -> tuple[float, ...]:
        parts: list[float] = [round(r.total, _TIE_DIGITS)]
        for rule in rules:
            if rule == "criteria_at_plan":
                parts.append(
                    sum(
                        1
                        for line in r.breakdown
                        if line.ratio is not None and line.ratio >= 1
                    )
                )
            elif rule.startswith("group:"):
                g = rule.removeprefix("group:")
                parts.append(
                    round(
                        sum(
                            line.points
                            for line in r.breakdown
                            if group_of.get(line.criterion) == g
                        ),
                        _TIE_DIGITS,
                    )
                )
            elif rule.startswith("criterion:"):
                code = rule.removeprefix("criterion:")
                parts.append(
                    round(
                        sum(
                            line.points
                            for line in r.breakdown
                            if line.criterion == code
                        ),
                        _TIE_DIGITS,
                    )
                )
        return tuple(parts)

    ordered = sorted(results, key=lambda r: tuple(-p for p in key(r)))
    keys = [key(r) for r in ordered]
    out: list[tuple[Result, int]] = []
    for i, r in enumerate(ordered):
        position = out[i - 1][1] if i and keys[i - 1] == keys[i] else i + 1
        out.append((r, position))
    return out


def explain(c: Criterion, line: Line) -> str:
    """The formula behind one score, in Vietnamese, with the figures filled in."""
    w = number(c.max_points)
    pts = number(line.points, 2)
    weight = f" × trọng số {number(c.weight)}" if c.weight != 1 else ""
    if line.issue and line.issue != "actual_zero":
        return f"{ISSUE_TEXT[line.issue].capitalize()} → 0 điểm."
    a, p = number(line.actual, 4), number(line.plan, 4)
    if c.method == "manual":
        return f"Điểm chấm trực tiếp (tối đa {w}){weight} = {pts}."
    if c.method == "threshold":
        target = p if line.plan is not None else "1"
        sign = "≤" if c.direction == LOWER else "≥"
        verdict = "đạt" if line.ratio else "không đạt"
        return f"TH = {a} {sign} {target}? {verdict} → {pts} điểm (tối đa {w}){weight}."
    if c.method == "minmax":
        formula = (
            "(max − TH)/(max − min)"
            if c.direction == LOWER
            else "(TH − min)/(max − min)"
        )
        return f"r = {formula} trong khối = {number(line.ratio, 4)}; điểm = {w} × r{weight} = {pts}."
    if line.issue == "actual_zero":
        return f"TH = 0 (càng thấp càng tốt): đạt mức tối đa → {pts} điểm."
    if c.direction == YES_NO:
        ratio_text = f"r = {'1 (đạt)' if line.ratio else '0 (không đạt)'}"
    elif c.direction == LOWER:
        ratio_text = f"r = KH/TH = {p}/{a} = {number(line.ratio, 4)}"
    else:
        ratio_text = f"r = TH/KH = {a}/{p} = {number(line.ratio, 4)}"
    if c.floor is not None and line.ratio is not None and line.ratio < c.floor:
        return f"{ratio_text} < sàn {number(c.floor)} → 0 điểm."
    capped = f"min(r; {number(c.cap)})" if c.cap is not None else "r"
    return f"{ratio_text}; điểm = {w} × {capped}{weight} = {pts}."


# --- the contracts.md JSON ----------------------------------------------------


def _num(
    value: Any, field_name: str, errors: dict[str, str], *, required: bool = False
) -> float | None:
    if value is None:
        if required:
            errors[field_name] = "Thiếu giá trị."
        return None
    if isinstance(value, bool) and field_name.endswith("actual"):
        return 1.0 if value else 0.0
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors[field_name] = "Phải là một số."
        return None
    if value != value or value in (float("inf"), float("-inf")):
        errors[field_name] = "Phải là một số hữu hạn."
        return None
    return float(value)


def parse_scheme(
    scheme: Any, prefix: str = "scheme"
) -> tuple[list[Criterion], float | None]:
    """Criteria and bonus cap from the contracts.md "scheme" object; 422-style errors."""
    errors: dict[str, str] = {}
    if not isinstance(scheme, dict):
        raise ValidationError({prefix: "Phải là một đối tượng JSON."})
    raw = scheme.get("criteria")
    if not isinstance(raw, list) or not raw:
        raise ValidationError({f"{prefix}.criteria": "Cần ít nhất một tiêu chí."})
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        at = f"{prefix}.criteria.{i}"
        if not isinstance(item, dict):
            errors[at] = "Phải là một đối tượng JSON."
            continue
        code = item.get("code")
        if not isinstance(code, str) or not code.strip():
            errors[f"{at}.code"] = "Thiếu mã tiêu chí."
        elif code in seen:
            errors[f"{at}.code"] = f"Mã tiêu chí “{code}” bị trùng."
        seen.add(code if isinstance(code, str) else "")
        method = item.get("method")
        if method not in METHODS:
            errors[f"{at}.method"] = (
                "Cách tính phải là một trong: " + ", ".join(METHODS) + "."
            )
        direction = item.get("direction", HIGHER)
        if direction not in DIRECTIONS:
            errors[f"{at}.direction"] = (
                "Chiều đánh giá phải là một trong: " + ", ".join(DIRECTIONS) + "."
            )
        w = _num(item.get("max_points"), f"{at}.max_points", errors, required=True)
        if w is not None and w <= 0:
            errors[f"{at}.max_points"] = "Điểm tối đa phải lớn hơn 0."
        cap = _num(item.get("cap"), f"{at}.cap", errors)
        floor = _num(item.get("floor"), f"{at}.floor", errors)
        if cap is not None and cap <= 0:
            errors[f"{at}.cap"] = "Trần tỷ lệ phải lớn hơn 0."
        if floor is not None and floor < 0:
            errors[f"{at}.floor"] = "Sàn tỷ lệ không được âm."
        if cap is not None and floor is not None and floor > cap:
            errors[f"{at}.floor"] = "Sàn tỷ lệ không được lớn hơn trần."
        weight = _num(item.get("weight", 1), f"{at}.weight", errors)
        if weight is not None and weight < 0:
            errors[f"{at}.weight"] = "Trọng số không được âm."
        if not any(k.startswith(at) for k in errors):
            # no error at `at` means code, method and max_points were read
            assert isinstance(code, str) and isinstance(method, str) and w is not None
            criteria.append(
                Criterion(
                    code=code,
                    name=str(item.get("name") or code),
                    max_points=w,
                    method=method,
                    direction=direction,
                    cap=cap,
                    floor=floor,
                    weight=1.0 if weight is None else weight,
                    group=str(item.get("group") or ""),
                )
            )
    bonus_cap = _num(scheme.get("bonus_cap"), f"{prefix}.bonus_cap", errors)
    if bonus_cap is not None and bonus_cap < 0:
        errors[f"{prefix}.bonus_cap"] = "Điểm thưởng tối đa không được âm."
    if errors:
        raise ValidationError(errors)
    return criteria, bonus_cap


def parse_units(units: Any, criteria: Sequence[Criterion]) -> list[UnitInput]:
    errors: dict[str, str] = {}
    if not isinstance(units, list) or not units:
        raise ValidationError({"units": "Cần ít nhất một đơn vị."})
    by_code = {c.code: c for c in criteria}
    out: list[UnitInput] = []
    names: set[str] = set()
    for i, item in enumerate(units):
        at = f"units.{i}"
        if not isinstance(item, dict):
            errors[at] = "Phải là một đối tượng JSON."
            continue
        name = item.get("unit")
        if (
            not isinstance(name, str | int)
            or isinstance(name, bool)
            or str(name).strip() == ""
        ):
            errors[f"{at}.unit"] = "Thiếu tên đơn vị."
        elif str(name) in names:
            errors[f"{at}.unit"] = f"Đơn vị “{name}” bị trùng."
        names.add(str(name))
        raw_values = item.get("values", {})
        if not isinstance(raw_values, dict):
            errors[f"{at}.values"] = "Phải là một đối tượng JSON."
            raw_values = {}
        values: dict[str, Value] = {}
        for code, v in raw_values.items():
            vat = f"{at}.values.{code}"
            if code not in by_code:
                errors[vat] = f"Không có tiêu chí mã “{code}” trong bảng điểm."
                continue
            if not isinstance(v, dict):
                errors[vat] = (
                    'Phải là một đối tượng JSON, ví dụ {"actual": 2.47, "plan": 1.65}.'
                )
                continue
            c = by_code[code]
            actual = _num(v.get("actual"), f"{vat}.actual", errors)
            plan = _num(v.get("plan"), f"{vat}.plan", errors)
            points = _num(v.get("points"), f"{vat}.points", errors)
            if points is not None and not 0 <= points <= c.max_points:
                errors[f"{vat}.points"] = (
                    f"Điểm chấm phải trong khoảng 0–{number(c.max_points)}."
                )
            values[code] = Value(actual=actual, plan=plan, points=points)
        bonus = _num(item.get("bonus", 0), f"{at}.bonus", errors) or 0.0
        penalty = _num(item.get("penalty", 0), f"{at}.penalty", errors) or 0.0
        if bonus < 0:
            errors[f"{at}.bonus"] = "Điểm thưởng không được âm."
        if penalty < 0:
            errors[f"{at}.penalty"] = "Điểm trừ không được âm."
        out.append(UnitInput(unit=name, values=values, bonus=bonus, penalty=penalty))
    if errors:
        raise ValidationError(errors)
    return out


def result_json(result: Result) -> dict[str, Any]:
    return {
        "unit": result.unit,
        "total": result.total,
        "rank": result.rank,
        "bonus_counted": result.bonus_counted,
        "penalty": result.penalty,
        "missing": result.missing,
        "breakdown": [
            {
                "criterion": line.criterion,
                "ratio": line.ratio,
                "points": line.points,
                **(
                    {"issue": line.issue, "message": ISSUE_TEXT[line.issue]}
                    if line.issue
                    else {}
                ),
            }
            for line in result.breakdown
        ],
    }


def scheme_json(
    criteria: Sequence[Criterion], bonus_cap: float | None
) -> dict[str, Any]:
    return {
        "criteria": [
            {
                "code": c.code,
                "name": c.name,
                "max_points": c.max_points,
                "method": c.method,
                "direction": c.direction,
                **({"cap": c.cap} if c.cap is not None else {}),
                **({"floor": c.floor} if c.floor is not None else {}),
                **({"weight": c.weight} if c.weight != 1 else {}),
                **({"group": c.group} if c.group else {}),
            }
            for c in criteria
        ],
        "bonus_cap": bonus_cap,
    }
