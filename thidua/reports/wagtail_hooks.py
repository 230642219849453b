from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.permissions import page_permission_policy
from wagtail.utils.urlpatterns import decorate_urlpatterns

from thidua.core.backoffice import forbidden_is_403
from thidua.core.wagtail_hooks import ShownIf
from thidua.units.access import sees_units

from . import dashboard, views

urls = [
    path("awards/", views.award_stats, name="award-stats"),
    path("awards/export.xlsx", views.award_stats_xlsx, name="award-stats-xlsx"),
]


@hooks.register("register_admin_urls")
def register_reports_urls() -> list[Any]:
    guarded = decorate_urlpatterns(urls, forbidden_is_403)
    return [path("reports/", include((guarded, "reports"), namespace="reports"))]


@hooks.register("register_thidua_menu_item")
def register_reports_menu_item() -> MenuItem:
    return ShownIf(
        "Thống kê khen thưởng",
        reverse("reports:award-stats"),
        name="thong-ke-khen-thuong",
        icon_name="table",
        order=700,
        allowed=sees_units,
    )


class TasksPanel(Component):
    """The admin home page's "Việc cần làm" list for the signed-in user."""

    name = "thidua_tasks"
    order = 50
    template_name = "reports/tasks_panel.html"

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        request = parent_context["request"]
        return {"tasks": dashboard.tasks_for(request.user)}


# Wagtail's own home panels are about editing portal pages; they are empty for
# whoever edits none and cost a page of queries on every visit to the home
PAGE_PANELS = {
    "workflow_objects_to_moderate",
    "user_objects_in_workflow_moderation",
    "recent_edits",
    "locked_pages",
}


@hooks.register("construct_homepage_panels")
def add_tasks_panel(request: Any, panels: list[Any]) -> None:
    if not page_permission_policy.user_has_any_permission(
        request.user, ["add", "change", "publish", "lock", "unlock"]
    ):
        panels[:] = [p for p in panels if getattr(p, "name", "") not in PAGE_PANELS]
    panels.insert(0, TasksPanel())
