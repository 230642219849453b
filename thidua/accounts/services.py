from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection, GroupCollectionPermission

from thidua.core import audit
from thidua.units.models import EmulationBloc, OrgUnit

from .models import ApiToken, RoleAssignment, User
from .roles import IMAGE_PERMISSIONS


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str, days: int | None = None) -> str:
    """Create a token valid for `days` (API_TOKEN_DAYS by default) and return its
    clear key, which is shown once and never stored."""
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= 3660:
        raise ValidationError({"days": "Thời hạn khóa API phải từ 1 đến 3660 ngày."})
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=_digest(key),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return key


def api_token_user(key: str) -> User | None:
    """The user of a valid token: known, not revoked, not expired, active user."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_digest(key), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


STAFF_GROUP = "Cán bộ TĐKT"


def staff_group() -> Group:
    """The group that opens the back office; what each member sees comes from roles."""
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


def role_group_name(role: str) -> str:
    return f"Vai trò {RoleAssignment.Role(role).label}"


def role_group(role: str) -> Group:
    """The group holding the Wagtail permissions `role` brings (roles.IMAGE_PERMISSIONS)."""
    group, _ = Group.objects.get_or_create(name=role_group_name(role))
    root = Collection.get_first_root_node()
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=IMAGE_PERMISSIONS[role]
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )
    return group


def role_groups_sync(user: User) -> None:
    """Put `user` in the group of each role they hold, out of the others' (called
    whenever an assignment is saved or deleted, so demo data and imports too)."""
    held = set(user.roles.values_list("role", flat=True))
    for role in IMAGE_PERMISSIONS:
        if role in held:
            user.groups.add(role_group(role))
        else:
            user.groups.remove(*Group.objects.filter(name=role_group_name(role)))


def api_tokens_revoke(*, user: User, name: str | None = None, by: object) -> int:
    """Revoke the user's live tokens (all of them, or those called `name`)."""
    now = timezone.now()
    tokens = ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=now
    )
    if name is not None:
        tokens = tokens.filter(name=name)
    revoked = 0
    with audit.acting_as(by):
        for token in tokens:
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
            revoked += 1
    return revoked


def api_token_revoke(*, token: ApiToken, by: User | None) -> bool:
    """Revoke one token; False when it was already revoked."""
    if token.revoked_at is not None:
        return False
    with audit.acting_as(by):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        # tokens are not audited models: the event is recorded on their owner
        audit.record_event(token.user, f"Thu hồi khóa API “{token.name}”")
    return True


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    unit: OrgUnit | None = None,
    bloc: EmulationBloc | None = None,
    by: User | None,
) -> RoleAssignment:
    """Give `user` a role; a unit officer needs a unit, a bloc head a bloc. A
    privilege change: audited with who gave it (`by`, or the actor already set)."""
    Role = RoleAssignment.Role
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = f"Vai trò '{role}' không hợp lệ."
    elif role == Role.UNIT_OFFICER and unit is None:
        errors["unit"] = "Cán bộ TĐKT đơn vị phải gắn với một đơn vị."
    elif role == Role.BLOC_HEAD and bloc is None:
        errors["bloc"] = "Khối trưởng phải gắn với một khối thi đua."
    elif RoleAssignment.objects.filter(
        user=user, role=role, unit=unit, bloc=bloc
    ).exists():
        errors["role"] = f"{user} đã có vai trò này."
    if errors:
        raise ValidationError(errors)
    label = RoleAssignment.Role(role).label
    with audit.acting_as(by, f"Phân vai trò {label} cho {user.username}"):
        user.groups.add(staff_group())  # a role is useless without the back office
        return RoleAssignment.objects.create(user=user, role=role, unit=unit, bloc=bloc)


def role_revoke(*, assignment: RoleAssignment, by: User | None) -> None:
    label = assignment.get_role_display()
    with audit.acting_as(by, f"Thu hồi vai trò {label} của {assignment.user.username}"):
        assignment.delete()
