"""Full-page cache for anonymous GETs of public pages, and the fragments pages share.

Views opt in with `mark_cacheable(response)` (Wagtail pages do it in
CachedPage.serve) or the `cache_public_page` decorator. The middleware is the
first in MIDDLEWARE: a hit is answered before sessions, auth, locale, CSRF and
GZip run, with one cache round trip and no database query; the stored copy is
the final response, already compressed and carrying the security headers.

Visits are not counted here: every page carries a beacon (fetch, or an <img> in
<noscript>) to an uncached endpoint in the engagement app, so a page served from
this cache, or from nginx in front of it, is counted all the same.

Every entry stores the generations it was built under. Publishing bumps the
site generation, a rating or an approved comment bumps that page's own; an
entry whose generations differ from the current ones is never served. Reading
the generations and the entry together (`get_many`) keeps a hit to one round
trip to Redis.

Each process also keeps decoded fragments and a snapshot of the generations,
re-read at most every REFRESH_SECONDS: a page render then asks Redis nothing
for the dozen fragments it uses. A publish reaches the other workers within
that interval, and the worker that made it at once.

Nothing built on one day is served on the next: a page's key holds the day and
a fragment expires at midnight (TIME_ZONE). Settings are dated (the organisation's
name, banner and contacts from a given day; banners shown between two days), so a
change dated tomorrow shows from midnight without anything being saved then; each
page is rendered once more a day for it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .a11y import preferences

SITE_GEN = "pc:gen"
CACHE_HEADER = "X-Page-Cache"
_BYPASS_COOKIES = ("sessionid",)
# never portal pages: skip the lookup altogether
_SKIP_PREFIXES = (
    "/static/",
    "/media/",
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/api/",
    "/tuong-tac/",
    "/binh-chon/",
    "/hien-thi/",
)
_DROPPED_HEADERS = ("set-cookie", CACHE_HEADER.lower())
# where the middleware leaves the entry it served or stored, for wsgi_cache
ENVIRON_KEY = "thidua.page_cache"

T = TypeVar("T")


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


def _new_generation(key: str) -> int:
    """A fresh generation for a missing counter. Nanoseconds, not 1: a counter
    that was evicted and recreated must not match entries stored under it before."""
    cache.add(key, time.time_ns(), None)
    return cache.get(key) or 0


REFRESH_SECONDS = 1.0
MAX_FRAGMENTS = 1024


class _ProcessCopies:
    """This process's snapshots of generation counters (key -> (value, read at))
    and decoded fragments (name -> (generation, value, expires at)), LRU-bounded."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.gens: dict[str, tuple[int | None, float]] = {}
        self.fragments: OrderedDict[str, tuple[int, Any, float]] = OrderedDict()


_process = _ProcessCopies()


def forget_generations() -> None:
    """Drop this process's generation snapshots (called when it bumps one)."""
    with _process.lock:
        _process.gens.clear()


def clear_process_copies() -> None:
    with _process.lock:
        _process.gens.clear()
        _process.fragments.clear()


def remember_generations(values: dict[str, int | None], now: float) -> None:
    with _process.lock:
        for key, value in values.items():
            _process.gens[key] = (value, now)


def generations(keys: tuple[str, ...], now: float) -> tuple[int | None, ...]:
    """The current value of each generation counter, from this process's snapshot
    while it is younger than REFRESH_SECONDS, else re-read in one `get_many`."""
    with _process.lock:
        snaps = [_process.gens.get(k) for k in keys]
    if all(s is not None and now - s[1] < REFRESH_SECONDS for s in snaps):
        return tuple(s[0] for s in snaps)  # type: ignore[index]
    got = cache.get_many(list(keys))
    remember_generations({k: got.get(k) for k in keys}, now)
    return tuple(got.get(k) for k in keys)


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        _new_generation(key)
    # this worker sees its own change at once; the others within a second
    forget_generations()


def bump_site() -> None:
    """Invalidate every cached page and fragment (publishing, banners, polls, settings)."""
    _bump(SITE_GEN)


def bump_path(path: str) -> None:
    """Invalidate the cached copies of one page (all font/contrast variants)."""
    _bump(_path_gen_key(path))


def day_ends() -> float:
    """When today ends in TIME_ZONE (a Unix time): what was built today expires then."""
    midnight = dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=1),
        dt.time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    return midnight.timestamp()


def fragment(name: str, build: Callable[[], T], timeout: int | None = None) -> T:
    """`build()`, kept in the low-level cache until the next publish, `timeout` or
    midnight, whichever comes first.

    For what every page render needs and only publishing changes: settings,
    menu, categories, related news, the home poll, other apps' feeds. The value
    is shared by every request of this process: treat it as read-only.
    """
    now = time.time()
    (gen,) = generations((SITE_GEN,), now)
    with _process.lock:
        mine = _process.fragments.get(name)
        if mine is not None:
            _process.fragments.move_to_end(name)
    if mine is not None and gen is not None and mine[0] == gen and now < mine[2]:
        return mine[1]
    key = "pc:frag:" + name
    got = cache.get_many([SITE_GEN, key])
    gen = got.get(SITE_GEN)
    if gen is None:
        gen = _new_generation(SITE_GEN)
    remember_generations({SITE_GEN: gen}, now)
    entry = got.get(key)
    # three fields: a two-field entry from before an upgrade is rebuilt
    if entry is not None and len(entry) == 3 and entry[0] == gen and now < entry[2]:
        _, value, expires = entry
    else:
        value = build()
        expires = min(now + timeout if timeout else math.inf, day_ends())
        cache.set(key, (gen, value, expires), max(1, math.ceil(expires - now)))
    with _process.lock:
        _process.fragments[name] = (gen, value, expires)
        _process.fragments.move_to_end(name)
        while len(_process.fragments) > MAX_FRAGMENTS:
            _process.fragments.popitem(last=False)
    return value


def _key(request: HttpRequest, gzip: bool) -> str:
    raw = "|".join(
        [
            timezone.localdate().isoformat(),  # a new copy every day: module doc
            request.get_host(),
            request.get_full_path(),
            preferences(request).css_class,
            "gz" if gzip else "",
        ]
    )
    return "pc:page:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def _anonymous_page_get(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(_SKIP_PREFIXES)
        and not any(c in request.COOKIES for c in _BYPASS_COOKIES)
    )


def _attach_site(request: HttpRequest) -> None:
    """Wagtail finds the site and its home page (two queries) for every page it
    serves; an anonymous render takes both from the fragment cache instead.
    Wagtail reads `request._wagtail_site` (and `_wagtail_cached_site_root_paths`)
    before it queries."""
    from wagtail.models import Site

    def find() -> Site | None:
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 - cached on the instance, kept with it
        return site

    request._wagtail_site = fragment(f"site:{request.get_host()}", find)  # type: ignore[attr-defined]
    # and the root paths Wagtail builds every page URL from (a Redis read otherwise)
    request._wagtail_cached_site_root_paths = fragment(  # type: ignore[attr-defined]
        "site-root-paths", Site.get_site_root_paths
    )


class FullPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _anonymous_page_get(request):
            return self.get_response(request)
        if settings.PAGE_CACHE_SECONDS <= 0:
            _attach_site(request)
            return self.get_response(request)
        gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        key, path_gen_key = _key(request, gzip), _path_gen_key(request.path)
        got = cache.get_many([key, SITE_GEN, path_gen_key])
        gens = (got.get(SITE_GEN), got.get(path_gen_key))
        entry = got.get(key)
        # five fields: a four-field entry from before an upgrade is rebuilt
        if entry is not None and len(entry) == 5 and entry[0] == gens and gens[0]:
            _, status, headers, content, _ = entry
            request.META[ENVIRON_KEY] = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[CACHE_HEADER] = "hit"
            return response
        if gens[0] is None:
            gens = (_new_generation(SITE_GEN), gens[1])
        _attach_site(request)
        response = self.get_response(request)
        if (
            getattr(response, "_portal_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            headers = [
                (k, v) for k, v in response.items() if k.lower() not in _DROPPED_HEADERS
            ]
            entry = (gens, response.status_code, headers, response.content, time.time())
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            request.META[ENVIRON_KEY] = entry
            response[CACHE_HEADER] = "miss"
        return response
