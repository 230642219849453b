from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from thidua.accounts.second_factor import second_factor_passed
from thidua.lib import files

from .models import Banner, BoundarySet, NewsCategory
from .selectors import document_is_published


@hooks.register("before_serve_document")
def documents_stay_private_until_published(document: Any, request: HttpRequest) -> None:
    """/documents/<id>/<name>: back-office users read every document their
    collection's privacy allows (Wagtail checks that itself); anyone else only one
    a live public page uses. An unpublished document does not exist for them."""
    user: Any = request.user
    if user.has_perm("wagtailadmin.access_admin") and second_factor_passed(user):
        return
    if not document_is_published(document):
        raise Http404


# after every check: ours above and Wagtail's collection privacy (both order 0)
@hooks.register("before_serve_document", order=100)
def documents_sent_by_nginx(document: Any, request: HttpRequest) -> HttpResponse | None:
    """Behind nginx (MEDIA_ACCEL set), nginx sends the file from its `internal`
    location on MEDIA_ROOT; otherwise Wagtail streams it. Same Content-Disposition
    either way: inline for a PDF (WAGTAILDOCS_INLINE_CONTENT_TYPES), else attachment."""
    if not settings.MEDIA_ACCEL:
        return None
    kind = "inline" if document.content_disposition == "inline" else "attachment"
    response = files.accel(
        settings.MEDIA_ACCEL,
        document.file.name,
        content_type=document.content_type,
        content_disposition=files.disposition(document.filename, kind),
    )
    response["Content-Security-Policy"] = "default-src 'none'"  # as Wagtail's own
    return response


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
