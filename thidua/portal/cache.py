"""Full-page cache for anonymous GETs of public pages (Django's cache; Redis when set).

Views opt in with `mark_cacheable(response)` (Wagtail pages do it in
CachedPage.serve) or the `cache_public_page` decorator. The middleware sits
outside GZipMiddleware so a hit returns already-compressed bytes.

Visits are not counted here: every page carries a beacon (fetch, or an <img> in
<noscript>) to an uncached endpoint in the engagement app, so a page served from
this cache, or from nginx in front of it, is counted all the same.

Keys hold a generation number: publishing bumps the site generation, a rating
or an approved comment bumps that page's own, so stale copies are never read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from .a11y import preferences

SITE_GEN = "pc:gen"
CACHE_HEADER = "X-Page-Cache"
_BYPASS_COOKIES = ("sessionid",)


def mark_cacheable(response: HttpResponse) -> HttpResponse:
    response._portal_cacheable = True  # type: ignore[attr-defined]
    # the font-size/contrast cookies pick the variant; shared caches must know
    patch_vary_headers(response, ["Cookie"])
    return response


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return mark_cacheable(view(request, *args, **kwargs))

    return wrapped


def _path_gen_key(path: str) -> str:
    return "pc:pgen:" + hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()


def bump_site() -> None:
    """Invalidate every cached page (publishing, banners, polls, settings)."""
    try:
        cache.incr(SITE_GEN)
    except ValueError:
        cache.set(SITE_GEN, 1, None)


def bump_path(path: str) -> None:
    """Invalidate the cached copies of one page (all font/contrast variants)."""
    key = _path_gen_key(path)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def _key(request: HttpRequest, gens: dict[str, Any], gzip: bool) -> str:
    prefs = preferences(request)
    raw = "|".join(
        [
            request.get_host(),
            request.get_full_path(),
            str(gens.get(SITE_GEN, 0)),
            str(gens.get(_path_gen_key(request.path), 0)),
            prefs.css_class,
            "gz" if gzip else "",
        ]
    )
    return "pc:page:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def _eligible(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not any(c in request.COOKIES for c in _BYPASS_COOKIES)
    )


class FullPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _eligible(request):
            return self.get_response(request)
        gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        gens = cache.get_many([SITE_GEN, _path_gen_key(request.path)])
        key = _key(request, gens, gzip)
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[CACHE_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if (
            getattr(response, "_portal_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            headers = [
                (k, v) for k, v in response.items() if k.lower() not in ("set-cookie",)
            ]
            cache.set(
                key,
                (response.status_code, headers, response.content),
                settings.PAGE_CACHE_SECONDS,
            )
            response[CACHE_HEADER] = "miss"
        return response
