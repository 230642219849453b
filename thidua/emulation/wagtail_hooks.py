"""Back-office menu and URLs of emulation in the Wagtail admin."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from . import views
from .models import Indicator, Movement, Pledge, Registration

app_name = "emulation_admin"
urlpatterns = [
    path("", views.index, name="index"),
    path("ky/<int:pk>/", views.period_grid, name="grid"),
    path(
        "ky/<int:pk>/o/<int:unit_id>/<int:indicator_id>/", views.cell_save, name="cell"
    ),
    path("ky/<int:pk>/<str:action>/", views.period_action, name="period_action"),
    path("ky/<int:pk>/mau.xlsx", views.template_download, name="template"),
    path("ky/<int:pk>/tai-len/", views.template_upload, name="upload"),
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
def register_admin_urls() -> list:
    return [path("thi-dua/", include((urlpatterns, app_name), namespace=app_name))]


class MovementViewSet(ModelViewSet):
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


class IndicatorViewSet(ModelViewSet):
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


class PledgeViewSet(ModelViewSet):
    name = "emulation_pledge"
    url_prefix = "thi-dua/giao-uoc"
    model = Pledge
    icon = "doc-full"
    menu_label = "Giao ước thi đua"
    list_display = ["unit", "bloc", "year", "signed_on"]
    list_filter = ["year"]
    form_fields = ["bloc", "year", "unit", "signed_on", "signatories", "scan"]


class RegistrationViewSet(ModelViewSet):
    name = "emulation_registration"
    url_prefix = "thi-dua/dang-ky"
    model = Registration
    icon = "user"
    menu_label = "Đăng ký thi đua"
    list_display = ["year", "unit", "person", "award_code", "registered_on"]
    list_filter = ["year", "award_code"]
    form_fields = ["year", "unit", "person", "award_code", "registered_on", "note"]


class ReferenceGroup(ModelViewSetGroup):
    menu_label = "Danh mục thi đua"
    menu_icon = "list-ul"
    menu_order = 310
    items = (MovementViewSet, IndicatorViewSet, PledgeViewSet, RegistrationViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets() -> ReferenceGroup:
    return ReferenceGroup()


@hooks.register("register_admin_menu_item")
def register_menu() -> SubmenuMenuItem:
    menu = Menu(
        items=[
            MenuItem(
                "Khối, kỳ báo cáo và bảng điểm",
                reverse("emulation_admin:index"),
                icon_name="table",
                order=10,
            ),
            MenuItem(
                "Nhập bảng điểm (JSON)",
                reverse("emulation_admin:table_import"),
                icon_name="upload",
                order=20,
            ),
        ]
    )
    return SubmenuMenuItem("Thi đua", menu, icon_name="pick", order=300)
