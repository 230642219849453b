"""Keyset pagination for the national-size lists (people, registry, audit trail).

An OFFSET page reads and throws away every row before it, so page 2,000 of a
registry of millions costs as much as reading 100,000 rows. A keyset page starts
from the sort keys of the row it follows (`?sau=`) or precedes (`?truoc=`), which
the database finds through the index of the list's order. Past COUNT_CAP rows the
total is the planner's estimate (from pg_class.reltuples and the statistics),
shown as "khoảng …"; an exact COUNT(*) of millions on every page is what this
replaces.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from thidua.lib import formats

from . import backoffice
from .backoffice import paginate

AFTER, BEFORE = "sau", "truoc"


@dataclass
class KeysetPage:
    rows: list[Any]
    count: int
    estimated: bool
    next_cursor: str = ""
    previous_cursor: str = ""

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    keyset = True  # the pagination template's switch

    @property
    def count_label(self) -> str:
        if self.estimated:  # two significant figures: an estimate, not a tally
            rounded = round(self.count, 2 - len(str(self.count)))
            return f"khoảng {formats.number(rounded, 0)} mục"
        if self.count > backoffice.COUNT_CAP:
            return f"hơn {formats.number(backoffice.COUNT_CAP, 0)} mục; lọc để thu hẹp"
        return f"{formats.number(self.count, 0)} mục"


def _nullable(model: type[Model], path: str) -> bool:
    for part in path.split("__"):
        if part == "pk":
            return False
        field = model._meta.get_field(part)
        if getattr(field, "null", True):  # a reverse relation may have no row
            return True
        related = getattr(field, "related_model", None)
        if related is not None:
            model = related
    return False


def _order(qs: QuerySet[Any]) -> list[tuple[str, bool]]:
    """(field path, descending) of the queryset's order, ending on the primary key
    so that every row has its own position. A key that may be NULL is refused:
    NULLs sort at opposite ends in PostgreSQL and SQLite."""
    keys = []
    for item in qs.query.order_by:
        if not isinstance(item, str) or item == "?":
            raise ValueError("keyset pagination needs an order by field names")
        name = item.lstrip("-")
        if _nullable(qs.model, name):
            raise ValueError(f"keyset key {name} may be NULL")
        keys.append((name, item.startswith("-")))
    names = {name for name, _ in keys}
    if not names & {"pk", "id"}:
        keys.append(("pk", keys[-1][1] if keys else False))
    return keys


def _encode(values: Sequence[Any]) -> str:
    raw = json.dumps(list(values), cls=DjangoJSONEncoder, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(token: str, size: int) -> list[Any] | None:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != size:
        return None
    if not all(isinstance(v, str | int | float) for v in values):
        return None
    return values


def _beyond(keys: list[tuple[str, bool]], values: list[Any], forward: bool) -> list[Q]:
    """Rows strictly after (forward) or before the row with these key values, as
    one condition per run of rows, in page order: those sharing every key but the
    last with the cursor row and past it on the last, then those sharing all but
    the last two, … down to those past it on the first key.

    Each is an index range (equal prefix, bound on one key) that starts at the
    cursor, whatever the keys' directions; a single OR of them is read from the
    first key's bound and filtered row by row, which for (year, name) reads every
    row of the cursor's year before it, as OFFSET would."""
    parts = []
    for i in reversed(range(len(keys))):
        name, desc = keys[i]
        op = "lt" if desc == forward else "gt"  # ascending and forward: greater than
        equal = {keys[j][0]: values[j] for j in range(i)}
        parts.append(Q(**equal, **{f"{name}__{op}": values[i]}))
    return parts


def _rows_beyond(qs: QuerySet[Any], parts: list[Q], limit: int) -> list[Any]:
    """The first `limit` rows of the runs, reading the next run only when needed
    (usually two short index scans)."""
    rows: list[Any] = []
    for part in parts:
        rows += qs.filter(part)[: limit - len(rows)]
        if len(rows) >= limit:
            break
    return rows


def _values(row: Any, keys: list[tuple[str, bool]]) -> list[Any]:
    out = []
    for name, _ in keys:
        value: Any = row
        for part in name.split("__"):
            value = getattr(value, part, None) if value is not None else None
        out.append(value.pk if hasattr(value, "pk") else value)
    return out


def estimated_count(qs: QuerySet[Any]) -> int | None:
    """The planner's row estimate for the queryset (PostgreSQL), else None."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def keyset_page(
    qs: QuerySet[Any], per_page: int, after: str = "", before: str = ""
) -> KeysetPage:
    """The page after the row of cursor `after` (or before `before`; neither: the
    first page). A cursor that does not decode to this order's keys is ignored."""
    keys = _order(qs)
    ordering = [("-" if d else "") + n for n, d in keys]
    reverse = [("" if d else "-") + n for n, d in keys]
    cursor = _decode(before, len(keys)) if before else None
    forward = cursor is None
    if forward and after:
        cursor = _decode(after, len(keys))
    page_qs = qs.order_by(*(ordering if forward else reverse))
    rows = None
    if cursor is not None:
        try:
            rows = _rows_beyond(page_qs, _beyond(keys, cursor, forward), per_page + 1)
        except (ValidationError, ValueError, TypeError):
            cursor, forward = None, True
            page_qs = qs.order_by(*ordering)
    if rows is None:
        rows = list(page_qs[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not forward:
        rows.reverse()
    count = qs.order_by().values("pk")[: backoffice.COUNT_CAP + 1].count()
    estimated = False
    if count > backoffice.COUNT_CAP:
        guess = estimated_count(qs)
        if guess is not None:
            count, estimated = max(guess, backoffice.COUNT_CAP + 1), True
    page = KeysetPage(rows, count, estimated)
    if rows:
        has_next = more if forward else True
        has_previous = (cursor is not None) if forward else more
        if has_next:
            page.next_cursor = _encode(_values(rows[-1], keys))
        if has_previous:
            page.previous_cursor = _encode(_values(rows[0], keys))
    return page


def keyset_paginate(
    request: HttpRequest, qs: QuerySet[Any], per_page: int = 50
) -> dict[str, Any]:
    """page_obj (a KeysetPage) plus the filters as a query-string prefix; a list
    whose order has a NULL-able key keeps the capped numbered pages."""
    try:
        _order(qs)
    except ValueError:
        return paginate(request, qs, per_page)
    page = keyset_page(
        qs, per_page, request.GET.get(AFTER, ""), request.GET.get(BEFORE, "")
    )
    params = request.GET.copy()
    for name in (AFTER, BEFORE, "page"):
        params.pop(name, None)
    base = params.urlencode()
    return {"page_obj": page, "querystring_base": f"{base}&" if base else ""}
