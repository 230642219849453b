"""Vietnamese characters in a path, through the whole WSGI stack a worker runs
(thidua.wsgi.application: the page-cache front, then Django)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from wagtail.documents.models import Document

from thidua.portal import wsgi_cache

from .conftest import make_article


@pytest.fixture
def application() -> Iterator[Any]:
    # as django.test.Client does: the test's transaction must stay open
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    wsgi_cache.clear()
    from thidua.wsgi import application

    yield application
    wsgi_cache.clear()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def wsgi_environ(path: str) -> dict[str, Any]:
    """The environ a WSGI server passes: the path's UTF-8 bytes read as latin-1
    (RequestFactory's environ has already been decoded by its WSGIRequest)."""
    environ: dict[str, Any] = {
        "PATH_INFO": path.encode().decode("iso-8859-1"),
        "HTTP_HOST": "localhost",
    }
    setup_testing_defaults(environ)
    return environ


def call(app: Any, path: str) -> tuple[str, dict, bytes]:
    environ = wsgi_environ(path)
    got: dict[str, Any] = {}

    def start_response(status: str, headers: list) -> None:
        got["status"], got["headers"] = status, headers

    body = app(environ, start_response)
    content = b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return got["status"], dict(got["headers"]), content


def test_an_unknown_vietnamese_path_is_a_404_not_a_500(site, application):
    status, _, content = call(application, "/tin-tuc/quyết/")
    assert status.startswith("404")
    assert "Không tìm thấy".encode() in content or b"404" in content


def test_a_page_with_a_vietnamese_slug_is_served_and_cached(site, application):
    news, category = site["news"], site["categories"][0]
    make_article(news, category, "Quyết định khen thưởng", slug="quyết-định")
    first = call(application, "/tin-tuc/quyết-định/")
    second = call(application, "/tin-tuc/quyết-định/")
    assert first[0] == "200 OK" and "Quyết định khen thưởng".encode() in first[2]
    assert second[0] == "200 OK" and second[1]["X-Page-Cache"] == "hit"
    assert second[2] == first[2]


def test_a_document_with_a_vietnamese_file_name_is_served(site, application):
    doc = Document.objects.create(
        title="Quyết định",
        file=ContentFile(b"%PDF-1.4 noi dung", name="quyết-định-khen-thưởng.pdf"),
    )
    law = site["law"]
    law.file = doc  # a visitor reads a document once a live page uses it
    law.save_revision().publish()
    path = unquote(doc.url)  # a WSGI server passes the path unquoted
    status, headers, content = call(application, path)
    assert "ế" in path and status == "200 OK"
    assert content == b"%PDF-1.4 noi dung"
