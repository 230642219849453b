"""Who a request acts as and which roles it holds; each app's access module builds on this.

Roles are RoleAssignment rows (docs/permissions.md has the matrix); a superuser holds them
all. Scopes (units, blocs) are decided in thidua/units/access.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from thidua.units.selectors import tree_version

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


@dataclass
class AccessMemo:
    """What access checks remember on a user object, which Django builds afresh for
    every request: a page asks who its user is and what they see many times.

    Built again once a unit has been written in this process (`tree_version`), so a
    memo from before a save is never read after it: the subtrees are the tree's, and
    whether a role is local turns on its unit's parent."""

    tree_version: int
    roles: list[RoleAssignment] | None = None
    # units.access._below: the roots' descendant_ids
    below: dict[frozenset[int], frozenset[int]] = field(default_factory=dict)


def access_memo(user: AnyUser) -> AccessMemo:
    version = tree_version()
    memo: AccessMemo | None = getattr(user, "_access_memo", None)
    if memo is None or memo.tree_version != version:
        memo = AccessMemo(version)
        user._access_memo = memo  # type: ignore[union-attr]
    return memo


def assignments(user: AnyUser) -> list[RoleAssignment]:
    """The user's role assignments, read once per request (see AccessMemo)."""
    if isinstance(user, AnonymousUser):
        return []
    memo = access_memo(user)
    if memo.roles is None:
        memo.roles = list(user.roles.select_related("unit"))
    return memo.roles


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
