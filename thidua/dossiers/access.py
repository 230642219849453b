"""Who may see and change dossiers, council sessions and decisions.

Objects a user may not see answer 404; objects they may see but not change, 403.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.accounts import access
from thidua.people.models import Person, PersonQuerySet
from thidua.units.models import OrgUnit

from .models import Dossier


def _scope(dossier: Dossier) -> set[int]:
    return access.descendant_ids([dossier.unit_id])


def nominee_people(dossier: Dossier) -> PersonQuerySet:
    """People the dossier may nominate: holding a post in its unit or below it at
    the end of the dossier's year."""
    return Person.objects.in_units(_scope(dossier), on=dt.date(dossier.year, 12, 31))


def nominee_units(dossier: Dossier) -> QuerySet[OrgUnit]:
    """Collectives the dossier may nominate: its unit and the units below it."""
    return OrgUnit.objects.filter(id__in=_scope(dossier))


def nominee_person(dossier: Dossier, pk: str | int) -> Person:
    """One of `nominee_people`; anyone else (another unit's id) answers 404."""
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(nominee_people(dossier), pk=pk)


def nominee_unit(dossier: Dossier, pk: str | int) -> OrgUnit:
    """One of `nominee_units`; any other unit answers 404."""
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(nominee_units(dossier), pk=pk)
