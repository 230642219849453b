"""Who may see and change registry entries (awards, ratings, initiatives, advanced
models, discipline): an entry is within reach of a unit when its person worked there,
its collective is that unit, or it was recorded there (docs/permissions.md).

Invisible entries answer 404; visible but not the user's to change, 403.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.accounts.roles import AnyUser
from thidua.core.keyset import estimated_count
from thidua.lib.ids import id_in
from thidua.people.models import Position
from thidua.units.access import editable_unit_ids, visible_unit_ids

from .models import (
    AdvancedModel,
    AnnualRating,
    AwardRecord,
    DisciplinaryRecord,
    Initiative,
)

RegistryModel = (
    AwardRecord | AnnualRating | Initiative | AdvancedModel | DisciplinaryRecord
)
# one registry model, kept by the helpers that return its entries
R = TypeVar(
    "R", AwardRecord, AnnualRating, Initiative, AdvancedModel, DisciplinaryRecord
)


def _held_in(model: type[RegistryModel], unit_ids: set[int]) -> list[Q]:
    """Entries of people who worked in, collectives that are, or entries recorded
    at one of `unit_ids`: the same reach a unit officer has over people and units.
    One condition per way of being held, each answered by an index of its own."""
    if model is Initiative:  # many authors: through the join, without duplicates
        held = Q(persons__positions__unit_id__in=unit_ids) | Q(unit_id__in=unit_ids)
        return [Q(pk__in=Initiative.objects.filter(held).values("pk"))]
    workers = Position.objects.filter(id_in("unit_id", unit_ids)).values("person_id")
    parts = [Q(person_id__in=workers)]
    if model is not DisciplinaryRecord:
        parts.append(id_in("collective_id", unit_ids))
    if model is not AdvancedModel:
        parts.append(id_in("unit_id", unit_ids))
    return parts


def registry_scope(
    model: type[RegistryModel], unit_ids: set[int] | None
) -> QuerySet[Any]:
    """Entries within reach of `unit_ids` (None = all): any of the holder conditions."""
    qs = model.objects.all()
    if unit_ids is None:
        return qs
    return qs.filter(reduce(or_, _held_in(model, unit_ids)))


# A list reads its order's index and skips the rows out of scope: ~51·T/E rows to
# fill a page when E of T entries are in scope. Fetching the E rows by the holder
# indexes and sorting them costs about twice as much a row (measured at 2M people:
# 5 µs a row skipped, 10 µs fetched); so fetching wins while E² < 25·T (ADR 0017).
FETCH_VS_SKIP = 25


def _fetch_first(model: type[RegistryModel], unit_ids: set[int]) -> bool:
    """Whether the entries held in `unit_ids` are few enough to fetch and sort.
    E is judged from the positions held there (a capped count) and the registry's
    entries per position (the planner's estimates): index reads, no scan."""
    entries = estimated_count(model.objects.all())
    positions = estimated_count(Position.objects.all())
    if not entries or not positions:  # SQLite: a province's few thousand rows
        return True
    cap = int((FETCH_VS_SKIP * entries) ** 0.5 * positions / entries)
    held = Position.objects.filter(id_in("unit_id", unit_ids)).values("pk")
    return held[: cap + 1].count() <= cap


def registry_list_scope(
    model: type[RegistryModel], unit_ids: set[int] | None
) -> QuerySet[Any]:
    """registry_scope shaped for a sorted, paged list: when few entries are in
    scope, the ids of each holder condition united (PostgreSQL then fetches and
    sorts them); otherwise the conditions OR-ed, checked row by row as the list's
    index is read in order (a union would make it fetch a province's millions)."""
    if unit_ids is None or model is Initiative or not _fetch_first(model, unit_ids):
        return registry_scope(model, unit_ids)
    return registry_united(model, unit_ids)


def registry_united(model: type[RegistryModel], unit_ids: set[int]) -> QuerySet[Any]:
    """registry_scope as the ids of each holder condition united: fetched by the
    holder indexes, for few entries (registry_list_scope)."""
    first, *rest = (
        model.objects.filter(part).order_by().values("pk")
        for part in _held_in(model, unit_ids)
    )
    return model.objects.filter(pk__in=first.union(*rest, all=True))


def registry_for_user(user: AnyUser, model: type[RegistryModel]) -> QuerySet[Any]:
    return registry_scope(model, visible_unit_ids(user))


def registry_list_for_user(
    user: AnyUser, model: type[RegistryModel], within: set[int] | None = None
) -> QuerySet[Any]:
    """The registry list a user sees, narrowed to the entries held in `within` (a
    unit filter's subtree). A province-wide user sees every unit, so the filter
    alone is the scope; a sight of a few units keeps both."""
    visible = visible_unit_ids(user)
    if within is None:
        return registry_list_scope(model, visible)
    qs = registry_list_scope(model, within)
    if visible is not None:
        qs = qs.filter(pk__in=registry_list_scope(model, visible).values("pk"))
    return qs


def registry_entry_for_user(user: AnyUser, model: type[R], pk: int) -> R:
    """The entry, or 404 when it is out of the user's sight."""
    try:
        return registry_for_user(user, model).get(pk=pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc


def registry_entry_for_editing(user: AnyUser, model: type[R], pk: int) -> R:
    """The entry, 404 when invisible, 403 when visible but not the user's to change."""
    entry = registry_entry_for_user(user, model, pk)
    editable = editable_unit_ids(user)
    if not registry_scope(model, editable).filter(pk=pk).exists():
        raise PermissionDenied
    return entry
