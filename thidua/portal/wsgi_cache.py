"""A per-worker copy of the page cache in front of Django (wrapped in thidua/wsgi.py).

An anonymous GET of a portal page is looked up in this process's LRU before
Django runs at all: no request signals, no middleware, no URL resolution, and
usually no round trip to Redis either. An entry is served only while the shared
generations it was built under are still current; this process re-reads them
(one `get_many`) at most every REFRESH_SECONDS, so a publish or a rating reaches
every worker within that interval, and at once in the worker that made it.

A miss goes through Django unchanged: FullPageCacheMiddleware looks the page up
in (or stores it into) the shared cache and leaves the entry in the WSGI
environ, where this front picks it up. The visit beacon lives under a skipped
prefix, so views are counted exactly as before.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from http.client import responses
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest

from . import cache as page_cache

MAX_ENTRIES = 512

StartResponse = Callable[..., Any]


class _Local:
    """The LRU of final responses, one per process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: OrderedDict[str, tuple] = OrderedDict()


_local = _Local()


def clear() -> None:
    with _local.lock:
        _local.pages.clear()
    page_cache.clear_process_copies()


def _lookup(key: str, path_gen_key: str, now: float) -> tuple | None:
    with _local.lock:
        entry = _local.pages.get(key)
        if entry is not None:
            _local.pages.move_to_end(key)
    if entry is None:
        return None
    gens, expires = entry[0], entry[-1]
    current = page_cache.generations((page_cache.SITE_GEN, path_gen_key), now)
    if now >= expires or gens[0] is None or current != gens:
        with _local.lock:
            _local.pages.pop(key, None)
        return None
    return entry


def _store(key: str, path_gen_key: str, entry: tuple, now: float) -> None:
    gens, status, headers, content, stored_at = entry
    # the middleware has just read these generations from the shared cache
    page_cache.remember_generations(
        {page_cache.SITE_GEN: gens[0], path_gen_key: gens[1]}, now
    )
    expires = stored_at + settings.PAGE_CACHE_SECONDS
    with _local.lock:
        _local.pages[key] = (gens, status, headers, content, expires)
        _local.pages.move_to_end(key)
        while len(_local.pages) > MAX_ENTRIES:
            _local.pages.popitem(last=False)


class PageCacheFront:
    def __init__(self, app: Callable[[dict, StartResponse], Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if settings.PAGE_CACHE_SECONDS <= 0 or environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        # WSGIRequest decodes PATH_INFO in the environ it is given; Django's own
        # request must still find the WSGI (latin-1) original, or a path such as
        # /tin-tuc/quyết/ fails to re-encode in Django's handler
        request = WSGIRequest(environ.copy())
        try:
            if not page_cache._anonymous_page_get(request):
                return self.app(environ, start_response)
            gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
            key = page_cache._key(request, gzip)
        except DisallowedHost:
            return self.app(environ, start_response)  # Django answers 400
        path_gen_key = page_cache._path_gen_key(request.path)
        entry = _lookup(key, path_gen_key, time.time())
        if entry is None:
            body = self.app(environ, start_response)
            stored = environ.get(page_cache.ENVIRON_KEY)
            if stored is not None:
                _store(key, path_gen_key, stored, time.time())
            return body
        _, status, headers, content, _ = entry
        start_response(
            f"{status} {responses.get(status, 'Unknown')}",
            [*headers, (page_cache.CACHE_HEADER, "hit")],
        )
        return [content]
