"""Admin: the proposals sent to the level above, read-only (the services change them)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from thidua.accounts.models import RoleAssignment
from thidua.accounts.roles import has_role
from thidua.commendations.wagtail_hooks import CataloguePolicy

from .models import Forwarding


class ReadOnlyPolicy(CataloguePolicy):
    """The province TĐKT office reads the list; changes go through the services."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return (
            action == "view"
            and user.is_authenticated
            and user.is_active
            and has_role(user, RoleAssignment.Role.PROVINCE_OFFICER)
        )

    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        return super().users_with_any_permission(
            {"change"} if "view" in actions else actions
        )


class ForwardingViewSet(ModelViewSet):
    model = Forwarding
    name = "forwardings"
    icon = "upload"
    menu_label = "Hồ sơ trình cấp trên"
    add_to_admin_menu = False
    inspect_view_enabled = True
    list_display = ["dossier", "upper_body", "number", "status", "sent_on", "due_on"]
    list_filter = ["status"]
    form_fields = ["note"]

    @property
    def permission_policy(self) -> ReadOnlyPolicy:
        return ReadOnlyPolicy(self.model)


forwarding_viewset = ForwardingViewSet()


@hooks.register("register_admin_viewset")
def register_forwarding_viewset() -> ModelViewSet:
    return forwarding_viewset
