from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from thidua.accounts import access
from thidua.core.wagtail_hooks import ShownIf

from . import views

urls = [
    path("awards/", views.award_stats, name="award-stats"),
    path("awards/export.xlsx", views.award_stats_xlsx, name="award-stats-xlsx"),
]


@hooks.register("register_admin_urls")
def register_reports_urls() -> list[Any]:
    return [path("reports/", include((urls, "reports"), namespace="reports"))]


@hooks.register("register_thidua_menu_item")
def register_reports_menu_item() -> MenuItem:
    return ShownIf(
        "Thống kê khen thưởng",
        reverse("reports:award-stats"),
        name="thong-ke-khen-thuong",
        icon_name="table",
        order=700,
        allowed=access.sees_units,
    )
