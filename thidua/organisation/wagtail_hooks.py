"""Back office: the organisation's settings and signers, edited by the province TĐKT office."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from thidua.accounts.models import RoleAssignment
from thidua.accounts.roles import has_role
from thidua.core.wagtail_hooks import ShownIf

from .models import Organisation, Signer


class OfficePolicy(BasePermissionPolicy):
    """Only the TĐKT office (province officers) reads and changes these settings."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return bool(
            user.is_authenticated
            and user.is_active
            and has_role(user, RoleAssignment.Role.PROVINCE_OFFICER)
        )

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, a) for a in actions)

    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(roles__role=RoleAssignment.Role.PROVINCE_OFFICER)
            )
            .distinct()
        )

    def users_with_permission(self, action: str) -> QuerySet[Any]:
        return self.users_with_any_permission([action])


class OfficeViewSet(ModelViewSet):
    add_to_admin_menu = False

    @property
    def permission_policy(self) -> OfficePolicy:
        return OfficePolicy(self.model)


class OrganisationViewSet(OfficeViewSet):
    model = Organisation
    name = "organisation"
    icon = "home"
    menu_label = "Thông tin tổ chức"
    list_display = ["name", "kind", "valid_from", "award_code"]
    form_fields = [
        "valid_from", "kind", "unit", "name", "place", "issuing_body", "superior_body",
        "authority", "decision_symbol", "proposal_symbol", "proposer", "office",
        "award_code", "award_name", "seal", "portal_name", "address", "hotline", "email",
    ]  # fmt: skip


class SignerViewSet(OfficeViewSet):
    model = Signer
    name = "signers"
    icon = "edit"
    menu_label = "Người ký"
    list_display = ["full_name", "title", "valid_from", "valid_to", "is_head"]
    search_fields = ["full_name", "title"]
    form_fields = [
        "full_name",
        "title",
        "capacity",
        "is_head",
        "valid_from",
        "valid_to",
    ]


VIEWSETS = [OrganisationViewSet(), SignerViewSet()]


@hooks.register("register_admin_viewset")
def register_organisation_viewsets() -> list[ModelViewSet]:
    return VIEWSETS


def _item(viewset: ModelViewSet, order: int) -> None:
    @hooks.register("register_catalogue_menu_item")
    def item() -> MenuItem:
        return ShownIf(
            viewset.menu_label,
            reverse(viewset.get_url_name("index")),
            name=viewset.name,
            icon_name=viewset.icon,
            order=order,
            allowed=lambda user: OfficePolicy(viewset.model).user_has_permission(
                user, "view"
            ),
        )


for _order, _viewset in enumerate(VIEWSETS):
    _item(_viewset, 10 + _order)
