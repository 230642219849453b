from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from thidua.engagement.models import Hit
from thidua.portal import cache as page_cache
from thidua.portal import wsgi_cache


class Django:
    """The Django WSGI application, counting the requests that reach it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict, start_response: Any) -> Any:
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def front() -> Iterator[tuple[wsgi_cache.PageCacheFront, Django]]:
    # as django.test.Client does: the test's transaction must stay open
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    wsgi_cache.clear()
    django = Django()
    yield wsgi_cache.PageCacheFront(django), django
    wsgi_cache.clear()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(app: Any, path: str, method: str = "get", **extra: Any) -> tuple:
    environ = getattr(RequestFactory(), method)(path, **extra).environ
    got: dict[str, Any] = {}

    def start_response(status: str, headers: list) -> None:
        got["status"], got["headers"] = status, headers

    body = app(environ, start_response)
    content = b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return got["status"], dict(got["headers"]), content


def test_a_hit_returns_the_same_bytes_and_headers_without_django(site, front):
    app, django = front
    url = site["review"].url
    _, first_headers, first = call(app, url, HTTP_ACCEPT_ENCODING="gzip")
    status, headers, content = call(app, url, HTTP_ACCEPT_ENCODING="gzip")
    assert first_headers["X-Page-Cache"] == "miss" and django.calls == 1
    assert headers["X-Page-Cache"] == "hit" and content == first
    # and exactly what Django's own (middleware) hit would send
    assert (status, headers, content) == call(django, url, HTTP_ACCEPT_ENCODING="gzip")
    assert headers["Content-Encoding"] == "gzip" and "Cookie" in headers["Vary"]
    assert status == "200 OK" and django.calls == 2


def test_a_miss_in_this_worker_is_filled_from_the_shared_cache(site, front):
    app, django = front
    url = site["review"].url
    _, headers, content = call(django, url)  # another worker rendered it
    assert headers["X-Page-Cache"] == "miss"
    assert call(app, url)[1]["X-Page-Cache"] == "hit" and django.calls == 2
    assert call(app, url)[2] == content and django.calls == 2


def test_variants_and_encodings_are_kept_apart(site, front):
    app, _ = front
    plain = call(app, "/")[2]
    call(app, "/", HTTP_COOKIE="tuongphan=1")
    contrast = call(app, "/", HTTP_COOKIE="tuongphan=1")[2]
    zipped = call(app, "/", HTTP_ACCEPT_ENCODING="gzip")[2]
    assert b'class="hc"' in contrast and b'class="hc"' not in plain
    assert zipped != plain and call(app, "/")[2] == plain


def test_publishing_invalidates_within_the_refresh_interval(
    site, front, monkeypatch: pytest.MonkeyPatch
):
    app, django = front
    review = site["review"]
    call(app, review.url)
    call(app, review.url)
    now = [1e10]
    monkeypatch.setattr(wsgi_cache.time, "time", lambda: now[0])
    call(app, review.url)  # reads the generations at `now`
    # another worker publishes: the shared generation changes, not ours
    page_cache.cache.incr(page_cache.SITE_GEN)
    now[0] += page_cache.REFRESH_SECONDS / 2
    assert call(app, review.url)[1]["X-Page-Cache"] == "hit"  # within the interval
    now[0] += page_cache.REFRESH_SECONDS
    calls = django.calls
    assert call(app, review.url)[1]["X-Page-Cache"] == "miss"
    assert django.calls == calls + 1


def test_a_publish_in_this_worker_is_seen_at_once(site, front):
    app, _ = front
    review = site["review"]
    call(app, review.url)
    call(app, review.url)
    review.title = "Tiêu đề đã sửa"
    review.save_revision().publish()
    _, headers, content = call(app, review.url)
    assert headers["X-Page-Cache"] == "miss"
    assert "Tiêu đề đã sửa" in content.decode()


def test_sessions_posts_and_the_beacon_reach_django(site, front, django_user_model):
    app, django = front
    url = site["review"].url
    call(app, url)
    call(app, url, HTTP_COOKIE="sessionid=abc")
    assert django.calls == 2
    user = django_user_model.objects.create_user("ed", password="x", is_staff=True)
    environ_cookie = f"sessionid={_session_for(user)}"
    _, headers, _ = call(app, url, HTTP_COOKIE=environ_cookie)
    assert "X-Page-Cache" not in headers and django.calls == 3
    for _ in range(3):
        call(app, "/tuong-tac/b/", "post", data={"p": site["review"].pk, "u": url})
    assert django.calls == 6
    assert Hit.objects.filter(page=site["review"], is_bot=False).count() == 3


def test_unknown_hosts_still_get_django_s_answer(site, front, settings):
    settings.ALLOWED_HOSTS = ["portal.example"]
    app, django = front
    status, _, _ = call(app, "/", HTTP_HOST="evil.example")
    assert status.startswith("400") and django.calls == 1


def _session_for(user: Any) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value
