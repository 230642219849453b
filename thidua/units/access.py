"""Who may see and change units and blocs (docs/permissions.md has the matrix).

- province officers and leaders see every unit; province officers change any;
- a unit officer sees and changes their unit and the units below it;
- a bloc head sees the bloc's member units and records the bloc's hosting hand-over;
- council members see every unit read-only; portal editors see no unit data;
- a commune's chair and council members (roles given for the commune) see the commune;
  its officer also runs the blocs the commune's council organises.
Objects a user may not see answer 404; objects they may see but not change answer 403.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.accounts.roles import (
    LOCAL_ROLES,
    AnyUser,
    Role,
    access_memo,
    assignments,
    bloc_ids_headed,
    has_role,
    is_province_wide,
    local_unit_ids,
    officer_unit_ids,
)
from thidua.lib.formats import short_date

from .models import BlocMembership, EmulationBloc, OrgUnit, OrgUnitQuerySet
from .selectors import descendant_ids
from .services import unit_by_code


def _below(user: AnyUser, roots: set[int]) -> set[int]:
    """descendant_ids(roots), read once per request (see AccessMemo)."""
    if not roots:
        return set()
    below = access_memo(user).below
    key = frozenset(roots)
    if key not in below:
        below[key] = frozenset(descendant_ids(roots))
    return set(below[key])


def visible_unit_ids(user: AnyUser) -> set[int] | None:
    """None means "all units"; otherwise the set a user may see."""
    if is_province_wide(user):
        return None
    # a commune's chair and council members read their commune like its officer
    ids = _below(user, officer_unit_ids(user) | local_unit_ids(user, *LOCAL_ROLES))
    bloc_ids = bloc_ids_headed(user)
    if bloc_ids:
        ids |= set(
            BlocMembership.objects.filter(bloc_id__in=bloc_ids).values_list(
                "unit_id", flat=True
            )
        )
    return ids


def editable_unit_ids(user: AnyUser) -> set[int] | None:
    """None means "all units" (province officers)."""
    if has_role(user, Role.PROVINCE_OFFICER):
        return None
    return _below(user, officer_unit_ids(user))


def units_for_user(user: AnyUser) -> OrgUnitQuerySet:
    ids = visible_unit_ids(user)
    qs = OrgUnit.objects.all()
    return qs if ids is None else qs.filter(id__in=ids)


def units_for_editing(user: AnyUser) -> OrgUnitQuerySet:
    ids = editable_unit_ids(user)
    qs = OrgUnit.objects.all()
    return qs if ids is None else qs.filter(id__in=ids)


def can_see_unit(user: AnyUser, unit_id: int) -> bool:
    ids = visible_unit_ids(user)
    return ids is None or unit_id in ids


def can_edit_unit(user: AnyUser, unit_id: int) -> bool:
    ids = editable_unit_ids(user)
    return ids is None or unit_id in ids


def can_edit_any_unit(user: AnyUser) -> bool:
    """Whether the user may change at least one unit (import screens, edit buttons)."""
    ids = editable_unit_ids(user)
    return ids is None or bool(ids)


def sees_units(user: AnyUser) -> bool:
    """Whether any unit data is visible (portal editors see none)."""
    ids = visible_unit_ids(user)
    return ids is None or bool(ids)


def unit_for_user(user: AnyUser, pk: int) -> OrgUnit:
    """The unit, or 404 when the user may not see it."""
    if not can_see_unit(user, pk):
        raise Http404
    return get_object_or_404(OrgUnit, pk=pk)


def unit_for_editing(user: AnyUser, pk: int) -> OrgUnit:
    """The unit, 404 when invisible, 403 when visible but not the user's to change."""
    unit = unit_for_user(user, pk)
    if not can_edit_unit(user, pk):
        raise PermissionDenied
    return unit


def unit_by_code_for_editing(user: AnyUser, code: str, *, on: dt.date) -> OrgUnit:
    """The unit with `code` on `on`, for a form field: ValidationError unless the
    user may change it (a code outside what they see reads as unknown, like a 404)."""
    try:
        unit = unit_by_code(code, on=on)
    except ValidationError:
        unit = None
    if unit is None or not can_see_unit(user, unit.pk):
        raise ValidationError(
            f"Mã đơn vị '{code.strip()}' không tồn tại vào ngày {short_date(on)}."
        )
    if not can_edit_unit(user, unit.pk):
        raise ValidationError(f"Bạn không có quyền thay đổi {unit}.")
    return unit


def blocs_for_user(user: AnyUser) -> QuerySet[EmulationBloc]:
    """Blocs a user may see: all for province-wide roles; otherwise the blocs they
    head and those with a member among the units they see."""
    qs = EmulationBloc.objects.all()
    ids = visible_unit_ids(user)
    if ids is None:
        return qs
    return qs.filter(
        Q(pk__in=bloc_ids_headed(user))
        | Q(memberships__unit_id__in=ids)
        | Q(organiser_id__in=ids)
    ).distinct()


def bloc_for_user(user: AnyUser, pk: int) -> EmulationBloc:
    """The bloc, or 404 when the user may not see it."""
    return get_object_or_404(blocs_for_user(user), pk=pk)


def communes_run(user: AnyUser) -> set[int]:
    """Communes whose own blocs (of its villages, agencies, schools) the user runs:
    the commune's unit officer. Read from the user's role assignments (loaded once
    a request with their units): no query of its own."""
    return {
        a.unit.pk
        for a in assignments(user)
        if a.role == Role.UNIT_OFFICER
        and a.unit is not None
        and a.unit.kind in OrgUnit.COMMUNE_LEVEL
    }


def leads_bloc(user: AnyUser, bloc_id: int) -> bool:
    """Province officers and the bloc's head: they record its hosting hand-over and
    review its members' figures and scores (emulation)."""
    if has_role(user, Role.PROVINCE_OFFICER) or bloc_id in bloc_ids_headed(user):
        return True
    # a commune's officer runs the blocs of villages and agencies its council organises
    own = communes_run(user)
    return (
        bool(own)
        and EmulationBloc.objects.filter(pk=bloc_id, organiser_id__in=own).exists()
    )


def commune_for_blocs(user: AnyUser) -> OrgUnit:
    """The commune whose own blocs the user runs (403 for anyone else)."""
    commune = OrgUnit.objects.filter(pk__in=communes_run(user)).order_by("name").first()
    if commune is None:
        raise PermissionDenied
    return commune


def commune_bloc_for_managing(user: AnyUser, pk: int) -> EmulationBloc:
    """A commune's own bloc: 404 when invisible, 403 unless the user runs its commune."""
    bloc = bloc_for_user(user, pk)
    if bloc.organiser_id not in communes_run(user):
        raise PermissionDenied
    return bloc


def bloc_for_managing(user: AnyUser, pk: int) -> EmulationBloc:
    """The bloc, 404 when invisible, 403 when visible but not the user's to manage."""
    bloc = bloc_for_user(user, pk)
    if not leads_bloc(user, bloc.pk):
        raise PermissionDenied
    return bloc
