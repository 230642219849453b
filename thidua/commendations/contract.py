"""The eligibility request of contracts.md: parsing and validation into a History.

Parsed from the raw body so that a rating given twice for one year (a repeated
JSON key, or "2023" and "02023") is caught instead of silently overwritten.
Every problem is collected and reported with its field path, in Vietnamese.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from django.core.exceptions import ValidationError

from thidua.lib import jsonbody

from .eligibility import (
    RATINGS,
    SCOPES,
    SUBJECTS,
    YEAR0,
    CollectiveFacts,
    Held,
    History,
    InitiativeFact,
    ServiceFacts,
)
from .law import takes_branch

YEAR_MAX = 2100
MAX_BODY = 256 * 1024
SERVICE_COUNTS = ("years", "sector_years", "hardship_years")
BRANCHES = ("htxs", "initiative")
COLLECTIVE_COUNTS = (
    "members_total",
    "members_completed_tasks",
    "members_ldtt",
    "members_cstdcs",
    "members_disciplined",
)


class _Pairs(list):
    """A JSON object kept as its key/value pairs (duplicates preserved)."""


def _load(raw: bytes) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> _Pairs:
        return _Pairs(pairs)

    if len(raw or b"") > MAX_BODY:
        raise ValidationError({"body": "Nội dung quá lớn (tối đa 256 KB)."})
    try:
        return jsonbody.loads(raw, object_pairs_hook=hook)
    except jsonbody.JSONBodyError as exc:
        raise ValidationError({"body": str(exc)}) from exc


def _as_dict(value: _Pairs) -> dict[str, Any]:
    return dict(value)


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


class _Errors:
    def __init__(self) -> None:
        self.items: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.items.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self.items:
            raise ValidationError(self.items)


def parse_eligibility(
    raw: bytes, recipients: dict[str, tuple[str, ...]]
) -> tuple[int, History]:
    """The request as a History; `recipients` maps every catalogue code to the
    recipient kinds it is given to (a code for another kind is refused)."""
    data = _load(raw)
    if not isinstance(data, _Pairs):
        raise ValidationError({"body": "Nội dung phải là một đối tượng JSON."})
    body = _as_dict(data)
    err = _Errors()

    year = body.get("year")
    if not _is_int(year):
        err.add("year", "Bắt buộc, là số nguyên (năm xét).")
        year = None
    elif not YEAR0 <= year <= YEAR_MAX:
        err.add("year", f"Năm phải trong khoảng {YEAR0}–{YEAR_MAX}.")
        year = None

    subject = body.get("subject", "individual")
    if not isinstance(subject, str) or subject not in SUBJECTS:
        err.add("subject", "Phải là individual, collective hoặc household.")
        subject = "individual"

    def check_year(field: str, value: Any) -> int | None:
        if not _is_int(value):
            err.add(field, "Năm phải là số nguyên.")
            return None
        if not YEAR0 <= value <= (year or YEAR_MAX):
            err.add(
                field,
                f"Năm phải trong khoảng {YEAR0}–{year or YEAR_MAX} (không sau năm xét).",
            )
            return None
        return value

    history = History(subject=subject)
    ratings = body.get("ratings") or _Pairs()
    if not isinstance(ratings, _Pairs):
        err.add("ratings", 'Phải là đối tượng {"năm": "HTXS|HTT|HT|KHT"}.')
        ratings = _Pairs()
    for key, rating in ratings:
        field = f"ratings.{key}"
        try:
            y = int(str(key).strip())
        except ValueError:
            err.add(field, "Khóa phải là năm (số nguyên).")
            continue
        if check_year(field, y) is None:
            continue
        if not isinstance(rating, str) or rating not in RATINGS:
            err.add(field, f"Xếp loại không hợp lệ: {rating!r} (HTXS, HTT, HT, KHT).")
            continue
        if y in history.ratings:
            err.add(field, f"Hai xếp loại cho cùng năm {y}.")
            continue
        history.ratings[y] = rating

    for name in ("titles", "awards"):
        items = body.get(name) or []
        if not isinstance(items, list) or isinstance(items, _Pairs):
            err.add(name, "Phải là danh sách.")
            continue
        target = history.titles if name == "titles" else history.awards
        for i, item in enumerate(items):
            field = f"{name}[{i}]"
            if not isinstance(item, _Pairs):
                err.add(field, 'Phải là đối tượng {"year", "code"}.')
                continue
            entry = _as_dict(item)
            held = check_year(f"{field}.year", entry.get("year"))
            code = entry.get("code")
            if not isinstance(code, str):
                err.add(
                    f"{field}.code", "Bắt buộc, là chuỗi (mã danh hiệu, hình thức)."
                )
                code = None
            elif code not in recipients:
                err.add(f"{field}.code", f"Mã không tồn tại: {code!r}.")
                code = None
            elif subject in SUBJECTS and subject not in recipients[code]:
                err.add(f"{field}.code", f"{code} không tặng cho đối tượng {subject}.")
                code = None
            branch = entry.get("branch") or ""
            if not isinstance(branch, str):
                err.add(f"{field}.branch", "Phải là chuỗi: htxs hoặc initiative.")
                branch = ""
            if branch and code and (branch not in BRANCHES or not takes_branch(code)):
                err.add(f"{field}.branch", "Chỉ dùng cho CSTDCS: htxs hoặc initiative.")
                branch = ""
            if held is not None and code:
                target.append(Held(year=held, code=code, branch=branch))

    items = body.get("initiatives") or []
    if not isinstance(items, list) or isinstance(items, _Pairs):
        err.add("initiatives", "Phải là danh sách.")
        items = []
    for i, item in enumerate(items):
        field = f"initiatives[{i}]"
        if not isinstance(item, _Pairs):
            err.add(field, 'Phải là đối tượng {"year", "scope"}.')
            continue
        entry = _as_dict(item)
        held = check_year(f"{field}.year", entry.get("year"))
        scope = entry.get("scope")
        if not isinstance(scope, str) or scope not in SCOPES:
            err.add(
                f"{field}.scope",
                f"Phạm vi không hợp lệ: {scope!r} (co_so, tinh, toan_quoc).",
            )
        elif held is not None:
            history.initiatives.append(InitiativeFact(year=held, scope=scope))

    collective = body.get("collective")
    if subject == "collective":
        if not isinstance(collective, _Pairs):
            err.add("collective", "Bắt buộc khi subject là collective.")
        else:
            history.collective = _collective(_as_dict(collective), err)
    elif collective is not None:
        err.add("collective", "Chỉ dùng khi subject là collective.")
    service = body.get("service")
    if service is not None:
        if not isinstance(service, _Pairs):
            err.add(
                "service",
                'Phải là đối tượng {"years", "sector_years", "hardship_years", "manager"}.',
            )
        else:
            history.service = _service(_as_dict(service), err)
    err.raise_any()
    assert year is not None
    return year, history


def _service(data: dict[str, Any], err: _Errors) -> ServiceFacts | None:
    counts: dict[str, int] = {}
    for name in SERVICE_COUNTS:
        value = data.get(name, 0)
        if not _is_int(value) or not 0 <= value <= 100:
            err.add(f"service.{name}", "Phải là số năm nguyên từ 0 đến 100.")
        else:
            counts[name] = value
    if counts.get("hardship_years", 0) > counts.get("years", 100):
        err.add("service.hardship_years", "Không được lớn hơn years.")
    manager = data.get("manager", False)
    if not isinstance(manager, bool):
        err.add("service.manager", "Phải là true hoặc false.")
    unknown = set(data) - {*SERVICE_COUNTS, "manager"}
    for name in sorted(unknown):
        err.add(f"service.{name}", "Trường không được hỗ trợ.")
    if err.items:
        return None
    return ServiceFacts(manager=manager, **counts)


def _collective(data: dict[str, Any], err: _Errors) -> CollectiveFacts | None:
    rating = data.get("rating")
    if rating is not None and (not isinstance(rating, str) or rating not in RATINGS):
        err.add("collective.rating", f"Xếp loại không hợp lệ: {rating!r}.")
    counts: dict[str, int] = {}
    for name in COLLECTIVE_COUNTS:
        value = data.get(name, 0)
        if not _is_int(value) or value < 0:
            err.add(f"collective.{name}", "Phải là số nguyên không âm.")
        else:
            counts[name] = value
    total = counts.get("members_total")
    if total is not None:
        for name in COLLECTIVE_COUNTS[1:]:
            if counts.get(name, 0) > total:
                err.add(f"collective.{name}", "Không được lớn hơn members_total.")
    leader = data.get("bloc_leader", False)
    if not isinstance(leader, bool):
        err.add("collective.bloc_leader", "Phải là true hoặc false.")
    if err.items:
        return None
    return CollectiveFacts(rating=rating, bloc_leader=leader, **counts)
