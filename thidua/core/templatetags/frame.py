from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from wagtail.admin.menu import Menu, SubmenuMenuItem, admin_menu

register = template.Library()


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


@register.inclusion_tag("core/_light_menu.html", takes_context=True)
def light_menu(context: template.Context) -> dict[str, Any]:
    """The admin menu the sidebar shows this user, as links (no script needed)."""
    return {
        "items": _items(admin_menu, context["request"]),
        "csrf_token": context.get("csrf_token"),
    }
