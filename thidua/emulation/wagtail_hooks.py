"""Back-office menu and URLs of emulation in the Wagtail admin.

The menu hangs under the shared "Thi đua – Khen thưởng" menu; every view answers a
refusal with a real 403 (forbidden_is_403) and an invisible object with 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.utils.urlpatterns import decorate_urlpatterns

from thidua.accounts.models import RoleAssignment
from thidua.core.backoffice import forbidden_is_403
from thidua.core.once import submit_once
from thidua.core.wagtail_hooks import ShownIf
from thidua.lib.files import PrivateFileInput
from thidua.people.models import Person
from thidua.units.access import sees_units

from . import file_views, views, year_views
from .access import can_adjust, can_import_tables
from .models import Indicator, Movement, Pledge, Registration

app_name = "emulation_admin"
urlpatterns = [
    path("", views.index, name="index"),
    path("ky/<int:pk>/", views.period_grid, name="grid"),
    path(
        "ky/<int:pk>/o/<int:unit_id>/<int:indicator_id>/", views.cell_save, name="cell"
    ),
    path("ky/<int:pk>/mau.xlsx", views.template_download, name="template"),
    path("ky/<int:pk>/tai-len/", views.template_upload, name="upload"),
    path("ky/<int:pk>/giao-uoc/<int:unit_id>/", year_views.pledge, name="pledge"),
    path("khoi/<int:bloc_id>/mo-ky/", year_views.period_open, name="period_open"),
    path("tep/ke-hoach/<int:pk>/", file_views.movement_plan, name="movement_plan"),
    path("tep/giao-uoc/<int:pk>/", file_views.pledge_scan, name="pledge_scan"),
    # after every fixed path of a period: an action name would shadow them
    path("ky/<int:pk>/<str:action>/", views.period_action, name="period_action"),
    path("bang-diem/nhap/", views.table_import, name="table_import"),
    path("bang-diem/<int:pk>/", views.ranking, name="ranking"),
    path(
        "bang-diem/<int:pk>/phieu/<int:unit_id>/<str:stage>/",
        views.sheet_edit,
        name="sheet",
    ),
    path("bang-diem/<int:pk>/gia-dinh/", views.what_if, name="what_if"),
    path("bang-diem/<int:pk>/bang-diem.json", views.table_export, name="table_export"),
    path("bang-diem/<int:pk>/bao-cao.docx", views.review_docx, name="review_docx"),
    path("bang-diem/<int:pk>/ket-qua.xlsx", views.results_xlsx, name="results_xlsx"),
    path("bang-diem/<int:pk>/bieu-do/", views.dashboard, name="dashboard"),
    path("bang-diem/<int:pk>/<str:action>/", views.table_action, name="table_action"),
]


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    guarded = decorate_urlpatterns(urlpatterns, forbidden_is_403)
    return [path("thi-dua/", include((guarded, app_name), namespace=app_name))]


class ReferencePolicy(BasePermissionPolicy):
    """Every back-office user with unit data reads; only the province office changes."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        if action == "view":
            return sees_units(user)
        return can_adjust(user)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, a) for a in actions)

    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        users = get_user_model().objects.filter(is_active=True)
        if set(actions) <= {"view"}:
            return users.filter(Q(is_superuser=True) | Q(roles__isnull=False))
        return users.filter(
            Q(is_superuser=True) | Q(roles__role=RoleAssignment.Role.PROVINCE_OFFICER)
        ).distinct()

    def users_with_permission(self, action: str) -> QuerySet[Any]:
        return self.users_with_any_permission([action])


class ReferenceViewSet(ModelViewSet):
    add_to_admin_menu = False
    # the add and edit forms carry a one-time token: sent twice, they act once
    create_template_name = "core/once_create.html"
    edit_template_name = "core/once_edit.html"

    def get_urlpatterns(self) -> list[Any]:
        once = decorate_urlpatterns(super().get_urlpatterns(), submit_once)
        return decorate_urlpatterns(once, forbidden_is_403)

    @property
    def permission_policy(self) -> ReferencePolicy:
        return ReferencePolicy(self.model)


class MovementViewSet(ReferenceViewSet):
    name = "emulation_movement"
    url_prefix = "thi-dua/phong-trao"
    model = Movement
    icon = "pick"
    menu_label = "Phong trào thi đua"
    list_display = ["name", "launching_body", "level", "kind"]
    search_fields = ["name"]
    form_fields = [
        "name",
        "launching_body",
        "level",
        "kind",
        "start_date",
        "end_date",
        "target_groups",
        "linked_campaign",
        "plan_document",
        "indicators",
        "note",
    ]

    def formfield_for_dbfield(self, db_field: Any, **kwargs: Any) -> Any:
        # the groups are stored as codes (a JSON list): offer them as boxes to tick
        if db_field.name == "target_groups":
            return forms.MultipleChoiceField(
                label="Đối tượng",
                choices=Person.TargetGroup.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        if db_field.name == "plan_document":
            kwargs["widget"] = PrivateFileInput("emulation_admin:movement_plan")
        return super().formfield_for_dbfield(db_field, **kwargs)


class IndicatorViewSet(ReferenceViewSet):
    name = "emulation_indicator"
    url_prefix = "thi-dua/chi-tieu"
    model = Indicator
    icon = "table"
    menu_label = "Chỉ tiêu"
    list_display = ["code", "name", "unit_of_measure", "direction", "period_type"]
    search_fields = ["code", "name"]
    form_fields = [
        "code",
        "name",
        "unit_of_measure",
        "direction",
        "is_share",
        "denominator_label",
        "period_type",
        "min_value",
        "max_value",
        "required",
        "decimals",
    ]


class PledgeViewSet(ReferenceViewSet):
    name = "emulation_pledge"
    url_prefix = "thi-dua/giao-uoc"
    model = Pledge
    icon = "doc-full"
    menu_label = "Giao ước thi đua"
    list_display = ["unit", "bloc", "year", "signed_on"]
    list_filter = ["year"]
    form_fields = ["bloc", "year", "unit", "signed_on", "signatories", "scan"]

    def formfield_for_dbfield(self, db_field: Any, **kwargs: Any) -> Any:
        if db_field.name == "scan":
            kwargs["widget"] = PrivateFileInput("emulation_admin:pledge_scan")
        return super().formfield_for_dbfield(db_field, **kwargs)


class RegistrationViewSet(ReferenceViewSet):
    name = "emulation_registration"
    url_prefix = "thi-dua/dang-ky"
    model = Registration
    icon = "user"
    menu_label = "Đăng ký thi đua"
    list_display = ["year", "unit", "person", "award_code", "registered_on"]
    list_filter = ["year", "award_code"]
    form_fields = ["year", "unit", "person", "award_code", "registered_on", "note"]


VIEWSETS = [
    MovementViewSet(),
    IndicatorViewSet(),
    PledgeViewSet(),
    RegistrationViewSet(),
]


@hooks.register("register_admin_viewset")
def register_viewsets() -> list[ModelViewSet]:
    return VIEWSETS


emulation_menu = Menu(register_hook_name="register_emulation_menu_item")


@hooks.register("register_thidua_menu_item")
def register_emulation_menu() -> MenuItem:
    return SubmenuMenuItem(
        "Thi đua", emulation_menu, name="thi-dua", icon_name="pick", order=200
    )


@hooks.register("register_emulation_menu_item")
def register_index_item() -> MenuItem:
    return ShownIf(
        "Khối, kỳ báo cáo và bảng điểm",
        reverse("emulation_admin:index"),
        name="khoi-bang-diem",
        icon_name="table",
        order=10,
        allowed=sees_units,
    )


@hooks.register("register_emulation_menu_item")
def register_import_item() -> MenuItem:
    return ShownIf(
        "Nhập bảng điểm (JSON)",
        reverse("emulation_admin:table_import"),
        name="nhap-bang-diem",
        icon_name="upload",
        order=20,
        allowed=can_import_tables,
    )


def _viewset_item(viewset: ModelViewSet, order: int) -> None:
    @hooks.register("register_emulation_menu_item")
    def item() -> MenuItem:
        return ShownIf(
            viewset.menu_label,
            reverse(viewset.get_url_name("index")),
            name=viewset.name,
            icon_name=viewset.icon,
            order=order,
            allowed=sees_units,
        )


for _order, _viewset in enumerate(VIEWSETS, start=3):
    _viewset_item(_viewset, _order * 10)
