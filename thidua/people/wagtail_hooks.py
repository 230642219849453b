from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from thidua.core.wagtail_hooks import ShownIf
from thidua.units.access import sees_units

from . import views

urls = [
    path("", views.person_list, name="person-list"),
    path("import/", views.person_import, name="person-import"),
    path(
        "import/template.xlsx",
        views.person_import_template,
        name="person-import-template",
    ),
    path("add/", views.person_add, name="person-add"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("<int:pk>/positions/add/", views.position_add, name="position-add"),
    path("positions/<int:pk>/end/", views.end_position, name="position-end"),
]


@hooks.register("register_admin_urls")
def register_people_urls() -> list[Any]:
    return [path("people/", include((urls, "people"), namespace="people"))]


@hooks.register("register_catalogue_menu_item")
def register_people_menu_item() -> MenuItem:
    return ShownIf(
        "Cá nhân",
        reverse("people:person-list"),
        icon_name="user",
        order=120,
        allowed=sees_units,
    )
