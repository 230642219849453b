"""The admin menu as plain links, for the light frame's menu page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail.admin.menu import Menu, SubmenuMenuItem, admin_menu


def _items(menu: Menu, request: HttpRequest) -> list[dict[str, Any]]:
    items = sorted(menu.menu_items_for_request(request), key=lambda i: i.order)
    # "#" items open a dialog by script (keyboard shortcuts): nothing to link to
    return [
        {
            "label": item.label,
            "url": item.url,
            "children": _items(item.menu, request)
            if isinstance(item, SubmenuMenuItem)
            else [],
        }
        for item in items
        if isinstance(item, SubmenuMenuItem) or item.url not in ("", "#")
    ]


def menu_links(request: HttpRequest) -> list[dict[str, Any]]:
    """The admin menu the sidebar shows this user, as nested links."""
    return _items(admin_menu, request)
