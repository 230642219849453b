"""`field IN (ids)` for lists of hundreds or thousands of ids.

Django binds each id of `__in` as a parameter of its own, and psycopg converts
a query's parameters one by one in Python: with a province's thousands of unit
ids that costs more than the query itself. PostgreSQL gets the list as the
text of one array instead (`field = ANY('{…}'::bigint[])`); SQLite keeps `IN`.
A statement written out (selectors.facts_for) gets the same from `among`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import connection
from django.db.models import F, Lookup, Q


def among(ids: Collection[int]) -> tuple[str, list[Any]]:
    """`= ANY(…)` or `IN (…)` to follow a column in a written-out statement, and its
    parameters (SQLite's bound as they are: Django's `__in` prepares each one
    through the field, about 2 µs an id)."""
    if connection.vendor == "postgresql":
        return "= ANY(%s::bigint[])", ["{" + ",".join(str(int(i)) for i in ids) + "}"]
    return f"IN ({', '.join(['%s'] * len(ids))})", [int(i) for i in ids]


class _AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        sql, array = among(self.rhs)
        return f"{lhs} {sql}", [*params, *array]


def id_in(field: str, ids: Collection[int]) -> Q:
    """Rows whose `field` (an id or a foreign key's id column) is one of `ids`."""
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": ids})
    return Q(_AnyOf(F(field), sorted(ids)))
