"""Back office: the organisation's settings and signers (organisation/access.py says whose)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.forms.models import modelform_factory
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy

from thidua.accounts.models import RoleAssignment
from thidua.core.wagtail_hooks import ShownIf
from thidua.lib.files import PrivateFileInput
from thidua.units.models import OrgUnit

from .access import (
    keeps_settings,
    keeps_signers,
    seals_for_user,
    signer_unit_ids,
    signer_units,
    signers_for_user,
)
from .models import Organisation, Signer, UnitSeal
from .selectors import organisation_on
from .services import use_own_awards
from .views import seal_image


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


Owned = Callable[[Any], QuerySet[Any]]


class _Own:
    """An object outside what the user keeps (`owned`) answers 404 (edit, delete,
    history, usage)."""

    request: Any
    owned: Owned

    def get_object(self, *args: Any) -> Any:
        found = super().get_object(*args)  # type: ignore[misc]
        if not self.owned(self.request.user).filter(pk=found.pk).exists():
            raise Http404
        return found


class _OwnIndex(generic.IndexView):
    owned: Owned

    def get_base_queryset(self) -> QuerySet[Any]:
        return self.owned(self.request.user)


def _own_views(owned: Owned, index: type = _OwnIndex) -> tuple[type, ...]:
    """The index, edit, delete, history and usage views of what `owned` gives a user."""
    attrs = {"owned": staticmethod(owned)}
    return tuple(
        type(f"Own{base.__name__}", (*mixins, base), attrs)
        for mixins, base in [
            ((), index),
            ((_Own,), generic.EditView),
            ((_Own,), generic.DeleteView),
            ((_Own,), HistoryView),
            ((_Own,), UsageView),
        ]
    )


class SignerIndexView(_OwnIndex):
    """The signers, and the way to the communes' seals kept next to them."""

    @cached_property
    def header_buttons(self) -> list[Any]:
        return [
            *super().header_buttons,
            HeaderButton(
                _("Con dấu của xã, phường"),
                url=reverse("seals:index"),
                icon_name="image",
            ),
        ]


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
    (
        index_view_class,
        edit_view_class,
        delete_view_class,
        history_view_class,
        usage_view_class,
    ) = _own_views(signers_for_user, SignerIndexView)

    def get_form_class(self, for_update: bool = False) -> Any:
        return modelform_factory(Signer, form=SignerForm, fields=self.form_fields)

    @property
    def permission_policy(self) -> OfficePolicy:
        return SignerPolicy(self.model)


class SealPolicy(SignerPolicy):
    """Whoever keeps a commune's signers keeps its seal."""

    def instances_user_has_any_permission_for(
        self, user: Any, actions: Any
    ) -> QuerySet[Any]:
        return seals_for_user(user)


class SealForm(SignerForm):
    """A commune's seal: the commune (the office: any; a commune's officer: their
    own), the image checked before it is stored (lib/uploads.check_picture)."""

    class Meta:
        model = UnitSeal
        fields = ["unit", "image"]
        widgets = {"image": PrivateFileInput("seals:image")}


class SealViewSet(OfficeViewSet):
    model = UnitSeal
    name = "seals"
    icon = "image"
    menu_label = _("Con dấu của xã, phường")
    list_display = ["unit", "updated_at"]
    form_fields = ["unit", "image"]
    (
        index_view_class,
        edit_view_class,
        delete_view_class,
        history_view_class,
        usage_view_class,
    ) = _own_views(seals_for_user)

    def get_form_class(self, for_update: bool = False) -> Any:
        return SealForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/anh/", seal_image, name="image"),
        ]

    @property
    def permission_policy(self) -> OfficePolicy:
        return SealPolicy(self.model)


VIEWSETS = [OrganisationViewSet(), SignerViewSet(), SealViewSet()]


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
