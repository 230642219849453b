"""Who keeps the organisation's settings and whose signers and seals.

- the TĐKT office (province officers) edits the organisation's settings and every
  signer, the organisation's own and each commune's, and every commune's seal;
- a commune's officer (unit officer of a commune) keeps the commune's own signers
  (its chair and vice-chairs sign the commune chair's awards) and its seal, and
  sees no others.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from thidua.accounts.roles import AnyUser, Role, has_role
from thidua.units.access import communes_run
from thidua.units.models import OrgUnit

from .models import Signer, UnitSeal


def keeps_settings(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and has_role(user, Role.PROVINCE_OFFICER)
    )


def signer_unit_ids(user: AnyUser) -> set[int] | None:
    """None: every signer (the office); else the communes whose signers `user` keeps."""
    if keeps_settings(user):
        return None
    if not user.is_authenticated or not user.is_active:
        return set()
    return communes_run(user)


def keeps_signers(user: AnyUser) -> bool:
    ids = signer_unit_ids(user)
    return ids is None or bool(ids)


def signers_for_user(user: AnyUser) -> QuerySet[Signer]:
    ids = signer_unit_ids(user)
    qs = Signer.objects.select_related("unit")
    return qs if ids is None else qs.filter(unit_id__in=ids)


def signer_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """The units a signer row may name: current commune-level units for the office,
    the user's own communes for a commune's officer."""
    ids = signer_unit_ids(user)
    qs = OrgUnit.objects.filter(
        kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True
    ).order_by("name")
    return qs if ids is None else qs.filter(pk__in=ids)


def seals_for_user(user: AnyUser) -> QuerySet[UnitSeal]:
    """The communes' seals `user` keeps: the same communes as their signers."""
    ids = signer_unit_ids(user)
    qs = UnitSeal.objects.select_related("unit")
    return qs if ids is None else qs.filter(unit_id__in=ids)


def seal_for_user(user: AnyUser, pk: int) -> UnitSeal:
    """A seal its keeper may look at; 404 for anyone else (it is a private file)."""
    seal = seals_for_user(user).filter(pk=pk).first()
    if seal is None:
        raise Http404
    return seal
