"""Who a request acts as and which roles it holds; each app's access module builds on this.

Roles are RoleAssignment rows (docs/permissions.md has the matrix); a superuser holds them
all. Scopes (units, blocs) are decided in thidua/units/access.py.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import RoleAssignment, User

# what `request.user` may be; access helpers answer "nothing" for AnonymousUser
AnyUser: TypeAlias = User | AnonymousUser
Role = RoleAssignment.Role
# roles that read every unit of the province
WIDE_READ = {Role.PROVINCE_OFFICER, Role.LEADER, Role.COUNCIL_MEMBER}
# roles that, given a unit below the top (a commune), hold only for that unit's own
# council and chair: a commune's leader or council member is not the province's
LOCAL_ROLES = {Role.LEADER, Role.COUNCIL_MEMBER}
# Wagtail image permissions a role brings, on the root collection (every image): the
# office chooses or uploads the seal and banner of the organisation settings with
# Wagtail's image chooser. A holder of the role is in the group named after it
# (accounts/services.py keeps that in step with the role assignments). Uploaders
# may also change their own images (Wagtail's ownership rule); others' stay theirs.
IMAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.PROVINCE_OFFICER: ("add_image", "choose_image"),
}


class AuthedRequest(HttpRequest):
    """A request that reached a back-office view or a staff API endpoint: the Wagtail
    admin and the API's auth classes have already refused anonymous visitors."""

    user: User


def assignments(user: AnyUser) -> list[RoleAssignment]:
    """The user's role assignments, read once per request (cached on the user)."""
    if isinstance(user, AnonymousUser):
        return []
    cached: list[RoleAssignment] | None = getattr(user, "_role_cache", None)
    if cached is None:
        cached = list(user.roles.select_related("unit"))
        user._role_cache = cached  # type: ignore[attr-defined]
    return cached


def _is_local(assignment: RoleAssignment) -> bool:
    unit = assignment.unit
    return (
        assignment.role in LOCAL_ROLES
        and unit is not None
        and unit.parent_id is not None
    )


def roles_of(user: AnyUser) -> set[str]:
    """The roles held organisation-wide (a commune's chair or council member's
    role counts only through `local_unit_ids`)."""
    return {a.role for a in assignments(user) if not _is_local(a)}


def local_unit_ids(user: AnyUser, *roles: str) -> set[int]:
    """The units (communes) whose own council or chair the user sits in or is."""
    return {
        a.unit_id
        for a in assignments(user)
        if a.role in roles and a.unit_id and _is_local(a)
    }


def has_role(user: AnyUser, *roles: str) -> bool:
    return user.is_superuser or bool(roles_of(user) & set(roles))


def require_role(user: AnyUser, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def is_province_wide(user: AnyUser) -> bool:
    return user.is_superuser or bool(roles_of(user) & WIDE_READ)


def officer_unit_ids(user: AnyUser) -> set[int]:
    """The units the user is unit officer of (their subtrees are theirs to change)."""
    return {
        a.unit_id
        for a in assignments(user)
        if a.role == Role.UNIT_OFFICER and a.unit_id
    }


def bloc_ids_headed(user: AnyUser) -> set[int]:
    return {
        a.bloc_id for a in assignments(user) if a.role == Role.BLOC_HEAD and a.bloc_id
    }


def can_manage_roles(user: AnyUser) -> bool:
    return has_role(user, Role.PROVINCE_OFFICER)


def can_browse_audit(user: AnyUser) -> bool:
    return has_role(user, Role.PROVINCE_OFFICER)
