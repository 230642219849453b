"""Admin: the catalogue and rule sets (editable data), registry import, eligibility pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.utils.urlpatterns import decorate_urlpatterns

from thidua.accounts.models import RoleAssignment
from thidua.accounts.roles import has_role
from thidua.core.backoffice import forbidden_is_403
from thidua.core.wagtail_hooks import ShownIf
from thidua.forwarding.models import Holiday, StepLimit
from thidua.units.access import can_edit_any_unit, sees_units

from . import registry_views, views
from .models import AwardRule, AwardType, BaseSalary, RuleSet, RuleValue


class CataloguePolicy(BasePermissionPolicy):
    """Any back-office user may read the law; only the province TĐKT office changes it."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        if action == "view":
            return True
        return has_role(user, RoleAssignment.Role.PROVINCE_OFFICER)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, a) for a in actions)

    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        users = get_user_model().objects.filter(is_active=True)
        if set(actions) <= {"view"}:
            return users
        return users.filter(
            Q(is_superuser=True) | Q(roles__role=RoleAssignment.Role.PROVINCE_OFFICER)
        ).distinct()

    def users_with_permission(self, action: str) -> QuerySet[Any]:
        return self.users_with_any_permission([action])


class CatalogueViewSet(ModelViewSet):
    add_to_admin_menu = False

    @property
    def permission_policy(self) -> CataloguePolicy:
        return CataloguePolicy(self.model)


class RuleSetViewSet(CatalogueViewSet):
    model = RuleSet
    name = "rule-sets"
    icon = "date"
    menu_label = "Bộ quy tắc theo thời kỳ"
    list_display = ["name", "valid_from", "valid_to", "reviewed_until"]
    form_fields = [
        "name", "valid_from", "valid_to", "reviewed_until", "legal_basis",
        "decision_grounds", "note",
    ]  # fmt: skip


class AwardTypeViewSet(CatalogueViewSet):
    model = AwardType
    name = "award-types"
    icon = "pick"
    menu_label = "Danh hiệu, hình thức khen thưởng"
    list_display = ["code", "name", "group", "level", "deciding_authority", "active"]
    list_filter = ["group", "kind", "level", "active"]
    search_fields = ["code", "name"]
    form_fields = [
        "code", "name", "kind", "group", "for_individual", "for_collective",
        "for_household", "level", "deciding_authority", "proposing_authority",
        "judgment_criteria", "required_documents", "rank", "sort_order", "active",
        "description",
    ]  # fmt: skip


class AwardRuleViewSet(CatalogueViewSet):
    model = AwardRule
    name = "award-rules"
    icon = "doc-full"
    menu_label = "Tiêu chuẩn và điều khoản áp dụng"
    list_display = ["award_type", "rule_set", "basis", "uncertain", "not_retrieved"]
    list_filter = ["rule_set", "uncertain", "not_retrieved"]
    form_fields = [
        "rule_set", "award_type", "basis", "basis_collective", "basis_household",
        "engine_rule", "uncertain", "not_retrieved", "source_url", "note",
    ]  # fmt: skip


class RuleValueViewSet(CatalogueViewSet):
    model = RuleValue
    name = "rule-values"
    icon = "cog"
    menu_label = "Hệ số, ngưỡng, tỷ lệ"
    list_display = [
        "award_type",
        "key",
        "issuer",
        "value",
        "source",
        "uncertain",
        "rule_set",
    ]
    list_filter = ["rule_set", "key", "uncertain"]
    search_fields = ["award_type__code", "award_type__name", "source"]
    form_fields = [
        "rule_set", "award_type", "key", "issuer", "value", "text", "source",
        "source_url", "uncertain", "note",
    ]  # fmt: skip


class BaseSalaryViewSet(CatalogueViewSet):
    model = BaseSalary
    name = "base-salaries"
    icon = "calculator"
    menu_label = "Mức lương cơ sở"
    list_display = ["amount", "effective_from", "legal_basis", "uncertain"]
    form_fields = ["amount", "effective_from", "legal_basis", "uncertain"]


class HolidayViewSet(CatalogueViewSet):
    model = Holiday
    name = "holidays"
    icon = "date"
    menu_label = "Ngày nghỉ lễ, tết (tính hạn)"
    list_display = ["day", "name"]
    form_fields = ["day", "name"]


class StepLimitViewSet(CatalogueViewSet):
    model = StepLimit
    name = "step-limits"
    icon = "time"
    menu_label = "Thời hạn xử lý (ngày làm việc)"
    list_display = ["step", "working_days", "source", "uncertain"]
    form_fields = ["step", "working_days", "source", "uncertain"]


VIEWSETS = [
    RuleSetViewSet(),
    AwardTypeViewSet(),
    AwardRuleViewSet(),
    RuleValueViewSet(),
    BaseSalaryViewSet(),
    HolidayViewSet(),
    StepLimitViewSet(),
]


@hooks.register("register_admin_viewset")
def register_catalogue_viewsets() -> list[ModelViewSet]:
    return VIEWSETS


commendations_catalogue_menu = Menu(
    register_hook_name="register_commendations_catalogue_menu_item"
)


@hooks.register("register_thidua_menu_item")
def register_catalogue_submenu() -> MenuItem:
    return SubmenuMenuItem(
        "Danh mục khen thưởng",
        commendations_catalogue_menu,
        name="danh-muc-khen-thuong",
        icon_name="pick",
        order=800,
    )


def _viewset_item(viewset: ModelViewSet, order: int) -> Any:
    @hooks.register("register_commendations_catalogue_menu_item")
    def item() -> MenuItem:
        return MenuItem(
            viewset.menu_label,
            reverse(viewset.get_url_name("index")),
            name=viewset.name,
            icon_name=viewset.icon,
            order=order,
        )

    return item


for _order, _viewset in enumerate(VIEWSETS):
    _viewset_item(_viewset, _order * 10)


urls = [
    path("unit/", views.unit_pick, name="unit-pick"),
    path("unit/<int:pk>/", views.unit_eligibility, name="unit-eligibility"),
    path("unit/<int:pk>/export.xlsx", views.unit_eligibility_xlsx, name="unit-eligibility-xlsx"),
    path("collective/<int:pk>/", views.collective_page, name="collective"),
    path("person/<int:pk>/", views.person_page, name="person"),
    path("import/", views.registry_import, name="import"),
    path("import/template-<str:kind>.xlsx", views.registry_template, name="import-template"),
    path("registry/<slug:kind>/", registry_views.registry_list, name="registry-list"),
    path("registry/<slug:kind>/add/", registry_views.registry_create, name="registry-create"),
    path("registry/<slug:kind>/<int:pk>/", registry_views.registry_edit, name="registry-edit"),
    path("registry/<slug:kind>/<int:pk>/delete/", registry_views.registry_delete, name="registry-delete"),
]  # fmt: skip


@hooks.register("register_admin_urls")
def register_commendations_urls() -> list[Any]:
    return [
        path(
            "commendations/",
            include(
                (decorate_urlpatterns(urls, forbidden_is_403), "commendations"),
                namespace="commendations",
            ),
        )
    ]


@hooks.register("register_thidua_menu_item")
def register_eligibility_menu_item() -> MenuItem:
    return ShownIf(
        "Xét danh hiệu, khen thưởng",
        reverse("commendations:unit-pick"),
        name="xet-khen-thuong",
        icon_name="tick-inverse",
        order=300,
        allowed=sees_units,
    )


@hooks.register("register_thidua_menu_item")
def register_registry_menu_item() -> MenuItem:
    return ShownIf(
        "Sổ khen thưởng",
        reverse("commendations:registry-list", args=["awards"]),
        name="so-khen-thuong",
        icon_name="list-ul",
        order=305,
        allowed=sees_units,
    )


@hooks.register("register_thidua_menu_item")
def register_import_menu_item() -> MenuItem:
    return ShownIf(
        "Nhập sổ khen thưởng",
        reverse("commendations:import"),
        name="nhap-so-khen-thuong",
        icon_name="upload",
        order=310,
        allowed=can_edit_any_unit,
    )
