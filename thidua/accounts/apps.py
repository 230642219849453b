from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AccountsConfig(AppConfig):
    name = "thidua.accounts"
    label = "accounts"
    verbose_name = "Tài khoản, vai trò"

    def ready(self) -> None:
        from .models import RoleAssignment

        post_save.connect(
            _role_changed, sender=RoleAssignment, dispatch_uid="accounts_role_groups"
        )
        post_delete.connect(
            _role_changed, sender=RoleAssignment, dispatch_uid="accounts_role_groups_d"
        )


def _role_changed(instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A role's Wagtail permissions follow its assignments (accounts/roles.py)."""
    from .models import User
    from .services import role_groups_sync

    user = User.objects.filter(pk=instance.user_id).first()
    if user is not None and not raw:
        role_groups_sync(user)
