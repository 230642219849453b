from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from thidua.core.wagtail_hooks import ShownIf

from . import bloc_views, views
from .access import communes_run, sees_units

urls = [
    path("", views.unit_list, name="unit-list"),
    path("add/", views.unit_edit, name="unit-add"),
    path("import/", views.unit_import, name="unit-import"),
    path(
        "import/template.xlsx", views.unit_import_template, name="unit-import-template"
    ),
    path("<int:pk>/", views.unit_detail, name="unit-detail"),
    path("<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("blocs/", views.bloc_list, name="bloc-list"),
    path("blocs/xa/", bloc_views.commune_blocs, name="commune-blocs"),
    path(
        "blocs/<int:pk>/thanh-vien/<int:year>/",
        bloc_views.bloc_members,
        name="bloc-members",
    ),
    path("lineage/add/", views.lineage_add, name="lineage-add"),
    path("blocs/<int:pk>/", views.bloc_detail, name="bloc-detail"),
    path(
        "blocs/<int:pk>/hand-over/<int:year>/",
        views.bloc_hand_over,
        name="bloc-hand-over",
    ),
]


@hooks.register("register_admin_urls")
def register_units_urls() -> list[Any]:
    return [path("units/", include((urls, "units"), namespace="units"))]


@hooks.register("register_catalogue_menu_item")
def register_units_menu_item() -> MenuItem:
    return ShownIf(
        "Đơn vị",
        reverse("units:unit-list"),
        icon_name="site",
        order=100,
        allowed=sees_units,
    )


@hooks.register("register_catalogue_menu_item")
def register_blocs_menu_item() -> MenuItem:
    return ShownIf(
        "Khối, cụm thi đua",
        reverse("units:bloc-list"),
        icon_name="group",
        order=110,
        allowed=sees_units,
    )


@hooks.register("register_thidua_menu_item")
def register_commune_blocs_menu_item() -> MenuItem:
    return ShownIf(
        "Khối thi đua của xã",
        reverse("units:commune-blocs"),
        name="khoi-xa",
        icon_name="group",
        order=250,
        allowed=lambda user: bool(communes_run(user)),
    )
