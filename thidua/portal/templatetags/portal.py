from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site

from thidua.portal.a11y import preferences
from thidua.portal.cache import fragment
from thidua.portal.maps import MapView

register = template.Library()


@register.simple_tag(takes_context=True)
def a11y(context: dict[str, Any]) -> Any:
    """The visitor's font size and contrast (from cookies), for the page frame."""
    request: HttpRequest | None = context.get("request")
    return preferences(request) if request is not None else preferences(HttpRequest())


def _menu(root: Page) -> list[dict[str, str]]:
    return [{"title": "Trang chủ", "url": "/"}] + [
        {"title": p.title, "url": p.url}
        for p in root.get_children().live().in_menu().only("title", "url_path")
    ]


@register.simple_tag(takes_context=True)
def portal_menu(context: dict[str, Any]) -> list[dict[str, str]]:
    """Menu: the home page's children marked "show in menus", then the published
    results served by other apps. Kept until the next publish."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    items = []
    if site is not None:
        items += fragment(f"menu:{site.pk}", lambda: _menu(site.root_page))
    items += [
        {"title": "Xếp hạng thi đua", "url": "/xep-hang/"},
        {"title": "Công khai khen thưởng", "url": "/cong-khai/"},
        {"title": "Quyết định khen thưởng", "url": "/quyet-dinh/"},
        {"title": "Bản đồ", "url": "/ban-do/"},
    ]
    return items


@register.inclusion_tag("portal/includes/map.html")
def portal_map(view: MapView, caption: str = "") -> dict[str, Any]:
    return {"view": view, "caption": caption}


@register.filter
def stars(value: float) -> SafeString:
    """4.3 → ★★★★☆ (rounded average)."""
    n = int(round(float(value or 0)))
    return mark_safe("★" * n + "☆" * (5 - n))
