"""Vietnamese paths in Chromium, served by the application a worker runs
(thidua.wsgi.application behind a real WSGI server), not Django's test server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from thidua.portal import wsgi_cache

from .conftest import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def worker_url() -> Iterator[str]:
    from thidua.wsgi import application

    wsgi_cache.clear()
    server = make_server(
        "127.0.0.1", 0, application, server_class=_Server, handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    server.server_close()
    wsgi_cache.clear()


def test_vietnamese_paths_open_in_the_browser(site, worker_url, phone_page, screenshot):
    make_article(
        site["news"], site["categories"][0], "Quyết định khen thưởng", slug="quyết-định"
    )
    page = phone_page
    for _ in range(2):  # the second visit comes from the worker's page cache
        response = page.goto(worker_url + "/tin-tuc/quyết-định/")
        assert response.status == 200
        assert page.locator("h1").first.inner_text() == "Quyết định khen thưởng"
    assert response.headers.get("x-page-cache") == "hit"
    screenshot(page, "portal-vietnamese-slug-390")
    response = page.goto(worker_url + "/tin-tuc/quyết/")
    assert response.status == 404
    assert "Không tìm thấy trang" in page.content()
    screenshot(page, "portal-vietnamese-404-390")
