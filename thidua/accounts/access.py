"""The one access layer: every view and API endpoint asks here what a user may see or change.

Rules (docs/permissions.md has the matrix):
- province officers and leaders see every unit; province officers change any;
- a unit officer sees and changes their unit and the units below it;
- a bloc head sees the bloc's member units (and reviews their scores, see emulation)
  and records the bloc's hosting hand-over;
- people are changed by whoever may change the unit of their current post;
- council members see every unit read-only; portal editors see no unit data;
- only province officers (and superusers) manage role assignments and browse the audit trail.
Objects a user may not see answer 404; objects they may see but not change answer 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.lib.formats import short_date
from thidua.people.models import Person, Position
from thidua.units.models import BlocMembership, EmulationBloc, OrgUnit, OrgUnitQuerySet
from thidua.units.services import unit_by_code

from .models import RoleAssignment
from .roles import AnyUser

Role = RoleAssignment.Role
WIDE_READ = {Role.PROVINCE_OFFICER, Role.LEADER, Role.COUNCIL_MEMBER}


def roles_of(user: AnyUser) -> set[str]:
    if isinstance(user, AnonymousUser):
        return set()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = list(user.roles.all())
        user._role_cache = cached  # type: ignore[attr-defined]
    return {r.role for r in cached}


def _assignments(user: AnyUser) -> list[RoleAssignment]:
    roles_of(user)
    return getattr(user, "_role_cache", [])


def has_role(user: AnyUser, *roles: str) -> bool:
    return user.is_superuser or bool(roles_of(user) & set(roles))


def require_role(user: AnyUser, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def descendant_ids(root_ids: Iterable[int]) -> set[int]:
    """Ids of the given units and everything below them (all validity periods)."""
    seen = set(root_ids)
    frontier = set(seen)
    while frontier:
        children = set(
            OrgUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        )
        frontier = children - seen
        seen |= frontier
    return seen


def is_province_wide(user: AnyUser) -> bool:
    return user.is_superuser or bool(roles_of(user) & WIDE_READ)


def visible_unit_ids(user: AnyUser) -> set[int] | None:
    """None means "all units"; otherwise the set a user may see."""
    if is_province_wide(user):
        return None
    roots: set[int] = set()
    bloc_ids: set[int] = set()
    for a in _assignments(user):
        if a.role == Role.UNIT_OFFICER and a.unit_id:
            roots.add(a.unit_id)
        elif a.role == Role.BLOC_HEAD and a.bloc_id:
            bloc_ids.add(a.bloc_id)
    ids = descendant_ids(roots) if roots else set()
    if bloc_ids:
        ids |= set(
            BlocMembership.objects.filter(bloc_id__in=bloc_ids).values_list(
                "unit_id", flat=True
            )
        )
    return ids


def editable_unit_ids(user: AnyUser) -> set[int] | None:
    """None means "all units" (province officers)."""
    if user.is_superuser or Role.PROVINCE_OFFICER in roles_of(user):
        return None
    roots = {
        a.unit_id
        for a in _assignments(user)
        if a.role == Role.UNIT_OFFICER and a.unit_id
    }
    return descendant_ids(roots) if roots else set()


def units_for_user(user: AnyUser) -> OrgUnitQuerySet:
    ids = visible_unit_ids(user)
    qs = OrgUnit.objects.all()
    return qs if ids is None else qs.filter(id__in=ids)


def can_see_unit(user: AnyUser, unit_id: int) -> bool:
    ids = visible_unit_ids(user)
    return ids is None or unit_id in ids


def can_edit_unit(user: AnyUser, unit_id: int) -> bool:
    ids = editable_unit_ids(user)
    return ids is None or unit_id in ids


def unit_for_user(user: AnyUser, pk: int) -> OrgUnit:
    """The unit, or 404 when the user may not see it."""
    if not can_see_unit(user, pk):
        raise Http404
    try:
        return OrgUnit.objects.get(pk=pk)
    except OrgUnit.DoesNotExist as exc:
        raise Http404 from exc


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


def unit_for_editing(user: AnyUser, pk: int) -> OrgUnit:
    """The unit, 404 when invisible, 403 when visible but not the user's to change."""
    unit = unit_for_user(user, pk)
    if not can_edit_unit(user, pk):
        raise PermissionDenied
    return unit


def bloc_ids_headed(user: AnyUser) -> set[int]:
    return {
        a.bloc_id for a in _assignments(user) if a.role == Role.BLOC_HEAD and a.bloc_id
    }


def blocs_for_user(user: AnyUser) -> QuerySet[EmulationBloc]:
    """Blocs a user may see: all for province-wide roles; otherwise the blocs they
    head and those with a member among the units they see."""
    qs = EmulationBloc.objects.all()
    ids = visible_unit_ids(user)
    if ids is None:
        return qs
    return qs.filter(
        Q(pk__in=bloc_ids_headed(user)) | Q(memberships__unit_id__in=ids)
    ).distinct()


def bloc_for_user(user: AnyUser, pk: int) -> EmulationBloc:
    """The bloc, or 404 when the user may not see it."""
    return get_object_or_404(blocs_for_user(user), pk=pk)


def person_for_user(user: AnyUser, pk: int) -> Person:
    """The person, or 404 unless they hold (or held) a position in a visible unit."""
    qs = Person.objects.all()
    ids = visible_unit_ids(user)
    if ids is not None:
        qs = qs.filter(positions__unit_id__in=ids).distinct()
    return get_object_or_404(qs, pk=pk)


def can_edit_person(user: AnyUser, person: Person) -> bool:
    """Whether the person belongs to a unit the user may change: the units of their
    current posts, or of all their posts when they hold none today (retired, moved out)."""
    ids = editable_unit_ids(user)
    if ids is None:
        return True
    today = dt.date.today()
    posts = list(person.positions.all())
    current = {p.unit_id for p in posts if p.is_held_on(today)}
    return bool((current or {p.unit_id for p in posts}) & ids)


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


def can_manage_bloc(user: AnyUser, bloc_id: int) -> bool:
    """Province officers manage every bloc; a bloc head records its own hand-over."""
    return has_role(user, Role.PROVINCE_OFFICER) or bloc_id in bloc_ids_headed(user)


def bloc_for_managing(user: AnyUser, pk: int) -> EmulationBloc:
    """The bloc, 404 when invisible, 403 when visible but not the user's to manage."""
    bloc = bloc_for_user(user, pk)
    if not can_manage_bloc(user, bloc.pk):
        raise PermissionDenied
    return bloc


def can_manage_roles(user: AnyUser) -> bool:
    return has_role(user, Role.PROVINCE_OFFICER)


def can_browse_audit(user: AnyUser) -> bool:
    return has_role(user, Role.PROVINCE_OFFICER)


def can_edit_any_unit(user: AnyUser) -> bool:
    """Whether the user may change at least one unit (import screens, edit buttons)."""
    ids = editable_unit_ids(user)
    return ids is None or bool(ids)


def sees_units(user: AnyUser) -> bool:
    """Whether any unit data is visible (portal editors see none)."""
    ids = visible_unit_ids(user)
    return ids is None or bool(ids)
