"""The "Thi đua – Khen thưởng" admin menu that every app adds to, and the audit trail.

Apps add items with `@hooks.register("register_thidua_menu_item")`; reference
data goes under "Danh mục" with `@hooks.register("register_catalogue_menu_item")`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from thidua.accounts.roles import can_browse_audit

from . import views

thidua_menu = Menu(
    register_hook_name="register_thidua_menu_item",
    construct_hook_name="construct_thidua_menu",
)
catalogue_menu = Menu(register_hook_name="register_catalogue_menu_item")


class ShownIf(MenuItem):
    """A menu item shown only to users for whom `allowed(user)` is true."""

    def __init__(self, *args: Any, allowed: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def is_shown(self, request: HttpRequest) -> bool:
        # Many items ask the same question (sees_units...) and Wagtail asks each
        # more than once a page: answered once per request, not 40 times.
        answers: dict[Any, bool] = request.__dict__.setdefault("_menu_answers", {})
        if self.allowed not in answers:
            answers[self.allowed] = bool(self.allowed(request.user))
        return answers[self.allowed]


@hooks.register("register_admin_menu_item")
def register_thidua_menu() -> MenuItem:
    return SubmenuMenuItem(
        "Thi đua – Khen thưởng", thidua_menu, name="thidua", icon_name="pick", order=150
    )


@hooks.register("register_thidua_menu_item")
def register_catalogue_menu() -> MenuItem:
    return SubmenuMenuItem(
        "Danh mục", catalogue_menu, name="danh-muc", icon_name="list-ul", order=900
    )


@hooks.register("register_thidua_menu_item")
def register_audit_menu_item() -> MenuItem:
    return ShownIf(
        "Nhật ký thay đổi",
        reverse("core:audit-list"),
        name="nhat-ky",
        icon_name="history",
        order=990,
        allowed=can_browse_audit,
    )


@hooks.register("insert_global_admin_css")
def backoffice_css() -> str:
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/backoffice.css")
    )


@hooks.register("insert_global_admin_js")
def once_js() -> str:
    # forms with a one-time token: sent once, and not at all while offline
    return format_html('<script src="{}" defer></script>', static("js/once.js"))


@hooks.register("insert_global_admin_js")
def stack_js() -> str:
    # lists read as cards on a phone (static/js/stack.js)
    return format_html('<script src="{}" defer></script>', static("js/stack.js"))


@hooks.register("register_admin_urls")
def register_core_urls() -> list[Any]:
    urls = [path("", views.audit_list, name="audit-list")]
    return [
        path("audit/", include((urls, "core"), namespace="core")),
        path("huong-dan/", views.help_page, name="help"),
        path("chuc-nang/", views.menu_page, name="menu"),
    ]


@hooks.register("register_help_menu_item")
def register_guide_menu_item() -> MenuItem:
    return MenuItem(
        "Hướng dẫn sử dụng",
        reverse("help"),
        name="huong-dan",
        icon_name="help",
        order=10,
    )


@hooks.register("construct_help_menu")
def drop_wagtail_links(request: HttpRequest, items: list[MenuItem]) -> None:
    # Wagtail's "What's new" and editor guide are English pages on the internet,
    # which an office network may not reach; the guide above replaces them
    items[:] = [
        i
        for i in items
        if i.name != "editor-guide" and not i.name.startswith("whats-new")
    ]
