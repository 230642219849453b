"""Back office: the organisation's settings and signers (organisation/access.py says whose)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.forms.models import modelform_factory
from django.http import Http404
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from thidua.accounts.models import RoleAssignment
from thidua.core.wagtail_hooks import ShownIf
from thidua.units.models import OrgUnit

from .access import (
    keeps_settings,
    keeps_signers,
    signer_unit_ids,
    signer_units,
    signers_for_user,
)
from .models import Organisation, Signer
from .selectors import organisation_on
from .services import use_own_awards


class OfficePolicy(BasePermissionPolicy):
    """Only the TĐKT office (province officers) reads and changes these settings."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return keeps_settings(user)

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


class SignerPolicy(OfficePolicy):
    """The office keeps every signer; a commune's officer, the commune's own."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return keeps_signers(user)

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Any
    ) -> bool:
        ids = signer_unit_ids(user)
        return ids is None or instance.unit_id in ids

    def user_has_any_permission_for_instance(
        self, user: Any, actions: Any, instance: Any
    ) -> bool:
        return self.user_has_permission_for_instance(user, "change", instance)

    def instances_user_has_any_permission_for(
        self, user: Any, actions: Any
    ) -> QuerySet[Any]:
        return signers_for_user(user)

    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        return (
            super().users_with_any_permission(actions)
            | get_user_model().objects.filter(
                is_active=True,
                roles__role=RoleAssignment.Role.UNIT_OFFICER,
                roles__unit__kind__in=OrgUnit.COMMUNE_LEVEL,
            )
        ).distinct()


class OfficeViewSet(ModelViewSet):
    add_to_admin_menu = False

    @property
    def permission_policy(self) -> OfficePolicy:
        return OfficePolicy(self.model)


class _OwnAwards:
    """Saved settings re-apply the kind's own awards and their names (a province's
    Cờ thi đua cấp tỉnh, a ministry's cấp bộ) to the catalogue."""

    request: Any

    def save_instance(self) -> Any:
        instance = super().save_instance()  # type: ignore[misc]
        use_own_awards(organisation_on(), by=self.request.user)
        return instance


class OrganisationCreateView(_OwnAwards, generic.CreateView):
    pass


class OrganisationEditView(_OwnAwards, generic.EditView):
    pass


class OrganisationViewSet(OfficeViewSet):
    model = Organisation
    add_view_class = OrganisationCreateView
    edit_view_class = OrganisationEditView
    name = "organisation"
    icon = "home"
    menu_label = "Thông tin tổ chức"
    list_display = ["name", "kind", "valid_from", "award_code"]
    form_fields = [
        "valid_from", "kind", "unit", "name", "place", "issuing_body", "superior_body",
        "authority", "decision_symbol", "proposal_symbol", "proposer", "office",
        "award_code", "award_name", "seal", "portal_name", "banner", "address",
        "hotline", "email",
    ]  # fmt: skip


class SignerForm(WagtailAdminModelForm):
    """The unit a signer signs for: any commune for the office (empty: the
    organisation's), the officer's own commune for a commune's officer (required)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["unit"])
        field.queryset = signer_units(self.for_user)
        if signer_unit_ids(self.for_user) is not None:
            field.required, field.empty_label = True, None


class _Own:
    """An object outside the user's signers answers 404 (edit, delete, history, usage)."""

    request: Any

    def get_object(self, *args: Any) -> Any:
        found = super().get_object(*args)  # type: ignore[misc]
        if not signers_for_user(self.request.user).filter(pk=found.pk).exists():
            raise Http404
        return found


class SignerIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        return signers_for_user(self.request.user)


class SignerEditView(_Own, generic.EditView):
    pass


class SignerDeleteView(_Own, generic.DeleteView):
    pass


class SignerHistoryView(_Own, HistoryView):
    pass


class SignerUsageView(_Own, UsageView):
    pass


class SignerViewSet(OfficeViewSet):
    model = Signer
    name = "signers"
    icon = "edit"
    menu_label = "Người ký"
    list_display = ["full_name", "title", "unit", "valid_from", "valid_to", "is_head"]
    search_fields = ["full_name", "title"]
    form_fields = [
        "unit",
        "full_name",
        "title",
        "capacity",
        "is_head",
        "valid_from",
        "valid_to",
    ]
    index_view_class = SignerIndexView
    edit_view_class = SignerEditView
    delete_view_class = SignerDeleteView
    history_view_class = SignerHistoryView
    usage_view_class = SignerUsageView

    def get_form_class(self, for_update: bool = False) -> Any:
        return modelform_factory(Signer, form=SignerForm, fields=self.form_fields)

    @property
    def permission_policy(self) -> OfficePolicy:
        return SignerPolicy(self.model)


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
            allowed=lambda user: viewset.permission_policy.user_has_permission(
                user, "view"
            ),
        )


for _order, _viewset in enumerate(VIEWSETS):
    _item(_viewset, 10 + _order)
