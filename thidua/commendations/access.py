"""Who may see and change registry entries (awards, ratings, initiatives, advanced
models, discipline): an entry is within reach of a unit when its person worked there,
its collective is that unit, or it was recorded there (docs/permissions.md).

Invisible entries answer 404; visible but not the user's to change, 403.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.accounts.roles import AnyUser
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


def _held_in(model: type[RegistryModel], unit_ids: set[int]) -> Q:
    """Entries of people who worked in, collectives that are, or entries recorded
    at one of `unit_ids`: the same reach a unit officer has over people and units."""
    if model is Initiative:
        return Q(persons__positions__unit_id__in=unit_ids) | Q(unit_id__in=unit_ids)
    q = Q(person__positions__unit_id__in=unit_ids)
    if model is not DisciplinaryRecord:
        q |= Q(collective_id__in=unit_ids)
    if model is not AdvancedModel:
        q |= Q(unit_id__in=unit_ids)
    return q


def registry_scope(
    model: type[RegistryModel], unit_ids: set[int] | None
) -> QuerySet[Any]:
    """Entries within reach of `unit_ids` (None = all), without join duplicates."""
    qs = model.objects.all()
    if unit_ids is None:
        return qs
    return qs.filter(
        pk__in=model.objects.filter(_held_in(model, unit_ids)).values("pk")
    )


def registry_for_user(user: AnyUser, model: type[RegistryModel]) -> QuerySet[Any]:
    return registry_scope(model, visible_unit_ids(user))


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
