"""Who may see and change people and their posts (docs/permissions.md).

A person is visible when they hold or held a post in a visible unit; they are changed
by whoever may change the unit of their current post, or of any post when they hold
none today (retired, moved out). Invisible answers 404; visible but not theirs, 403.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.accounts.roles import AnyUser
from thidua.units.access import (
    can_edit_unit,
    can_see_unit,
    editable_unit_ids,
    visible_unit_ids,
)

from .models import Person, PersonQuerySet, Position


def people_for_user(user: AnyUser) -> PersonQuerySet:
    """People who hold or held a post in a unit the user may see."""
    qs = Person.objects.all()
    ids = visible_unit_ids(user)
    if ids is None:
        return qs
    return qs.filter(
        pk__in=Position.objects.filter(unit_id__in=ids).values("person_id")
    )


def people_for_editing(user: AnyUser) -> PersonQuerySet:
    """People whose current posts (or, with none today, any post) are in a unit the
    user may change: the one rule for person forms, registry entries and imports."""
    qs = Person.objects.all()
    ids = editable_unit_ids(user)
    if ids is None:
        return qs
    today = dt.date.today()
    held_today = Position.objects.filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    current_here = held_today.filter(unit_id__in=ids).values("person_id")
    any_current = held_today.values("person_id")
    ever_here = Position.objects.filter(unit_id__in=ids).values("person_id")
    return qs.filter(
        Q(pk__in=current_here) | (~Q(pk__in=any_current) & Q(pk__in=ever_here))
    )


def can_edit_person(user: AnyUser, person: Person) -> bool:
    return people_for_editing(user).filter(pk=person.pk).exists()


def person_for_user(user: AnyUser, pk: int) -> Person:
    """The person, or 404 unless they hold (or held) a post in a visible unit."""
    return get_object_or_404(people_for_user(user), pk=pk)


def person_for_editing(user: AnyUser, pk: int) -> Person:
    """The person, 404 when invisible, 403 when visible but not the user's to change."""
    person = person_for_user(user, pk)
    if not can_edit_person(user, person):
        raise PermissionDenied
    return person


def position_for_editing(user: AnyUser, pk: int) -> Position:
    """A post, 404 unless its unit is visible, 403 unless its unit is editable."""
    position = get_object_or_404(
        Position.objects.select_related("person", "unit"), pk=pk
    )
    if not can_see_unit(user, position.unit_id):
        raise Http404
    if not can_edit_unit(user, position.unit_id):
        raise PermissionDenied
    return position
