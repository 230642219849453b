from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Banner, BoundarySet, NewsCategory


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "folder-open-inverse"
    menu_label = _("Chuyên mục tin")
    list_display = ["name", "slug", "sort_order", "on_home"]


class BannerViewSet(SnippetViewSet):
    model = Banner
    icon = "image"
    menu_label = _("Băng rôn")
    list_display = ["title", "sort_order", "is_active", "starts_on", "ends_on"]
    list_filter = ["is_active"]


class BoundarySetViewSet(SnippetViewSet):
    model = BoundarySet
    icon = "site"
    menu_label = _("Bản đồ ranh giới")
    list_display = ["name", "valid_from", "valid_to"]


class PortalGroup(SnippetViewSetGroup):
    menu_label = _("Cổng thông tin")
    menu_icon = "globe"
    menu_order = 250
    items = (NewsCategoryViewSet, BannerViewSet, BoundarySetViewSet)


register_snippet(PortalGroup)
