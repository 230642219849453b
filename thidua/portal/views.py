"""Portal views outside the Wagtail tree: display preferences and the map page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from . import feeds
from .a11y import CONTRAST_COOKIE, COOKIE_MAX_AGE, SIZE_COOKIE, preferences
from .cache import cache_public_page
from .selectors import cached_map_view, map_year


@require_GET
def display(request: HttpRequest) -> HttpResponse:
    """A-/A/A+ and contrast as plain links: set the cookie, go back to the page."""
    prefs = preferences(request)
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, request.get_host()):
        target = "/"
    response = HttpResponseRedirect(target)
    size = {"giam": prefs.smaller(), "tang": prefs.larger(), "mac-dinh": 0}.get(
        request.GET.get("co-chu", ""), prefs.size
    )
    contrast = {"bat": True, "tat": False}.get(
        request.GET.get("tuong-phan", ""), prefs.high_contrast
    )
    for name, value in (
        (SIZE_COOKIE, str(size)),
        (CONTRAST_COOKIE, "1" if contrast else "0"),
    ):
        response.set_cookie(name, value, max_age=COOKIE_MAX_AGE, samesite="Lax")
    return response


@cache_public_page
@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    ranking = feeds.ranking_summary()
    year = map_year(request, default=ranking["year"] if ranking else 2020)
    layers = feeds.map_layers(year)
    layer_key = request.GET.get("lop")
    if layer_key and layers and layer_key not in {lay["key"] for lay in layers}:
        raise Http404("Không có lớp bản đồ này.")
    context = {
        "map": cached_map_view(year, layer_key, layers),
        "map_layers": layers,
        "map_year": year,
        "years": range(2018, 2027),
    }
    return render(request, "portal/map_page.html", context)
