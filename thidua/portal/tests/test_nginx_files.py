"""docs/deploy/nginx.conf in front of the application: a checked file (a Wagtail
document a live page uses, a movement's plan) comes from nginx's `internal`
locations with the application's Content-Disposition and nginx's own nosniff and
CSP; those locations, and /media/documents/, answer 404 from outside."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from thidua.emulation.models import Movement
from thidua.lib.tests.hostile import pdf_bytes

DEPLOY = Path(settings.BASE_DIR) / "docs" / "deploy"
MAIN = """
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{}}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  include {tmp}/thidua.conf;
}}
"""

pytestmark = [
    pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed"),
    # the live server needs committed rows; serialized_rollback puts back Wagtail's
    # root page and content types that the flush removes, for the tests that follow
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _deploy_conf(tmp: Path, app_port: int, port: int) -> str:
    """The deploy file with loopback ports, no TLS and temporary paths."""
    text = (DEPLOY / "nginx.conf").read_text()
    for old, new in {
        "listen 80;": f"listen 127.0.0.1:{_free_port()};",
        "listen 443 ssl;": f"listen 127.0.0.1:{port};",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "/var/cache/nginx/thidua": str(tmp / "cache"),
        "/srv/thidua/var/static/": f"{tmp / 'static'}/",
        "/srv/thidua/var/media/": f"{tmp / 'media'}/",
        "/srv/thidua/var/private/": f"{tmp / 'private'}/",
        "/etc/nginx/thidua_proxy_params": str(DEPLOY / "thidua_proxy_params"),
    }.items():
        assert old in text, old
        text = text.replace(old, new)
    tls = re.compile(r"^\s*(ssl_|http2 |add_header Strict-Transport-Security)")
    return "\n".join(line for line in text.splitlines() if not tls.match(line))


@pytest.fixture
def nginx(live_server: Any, tmp_path: Path, settings: Any) -> Iterator[str]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ACCEL = "/_media/"
    settings.PRIVATE_MEDIA_ACCEL = "/_private/"
    port = _free_port()
    app_port = int(live_server.url.rsplit(":", 1)[1])
    (tmp_path / "thidua.conf").write_text(_deploy_conf(tmp_path, app_port, port))
    conf = tmp_path / "nginx.conf"
    # started as root, nginx's workers would be `nobody`, who cannot read tmp_path
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(MAIN.format(tmp=tmp_path, user=user))
    base = ["nginx", "-c", str(conf), "-p", str(tmp_path)]
    subprocess.run(base, check=True, capture_output=True)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        subprocess.run([*base, "-s", "stop"], capture_output=True)


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_checked_files_come_from_nginx_with_their_headers(nginx, site):
    doc = Document.objects.create(
        title="Kế hoạch", file=ContentFile(pdf_bytes(), name="ke-hoach.pdf")
    )
    status, _, _ = get(nginx + doc.url)
    assert status == 404  # no live page uses it yet: the check refuses
    law = site["law"]
    law.file = doc
    law.save_revision().publish()
    status, headers, body = get(nginx + doc.url)
    assert status == 200 and body == pdf_bytes()
    assert "X-Accel-Redirect" not in headers
    assert re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', headers["ETag"])  # nginx's own
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == "inline; filename*=utf-8''ke-hoach.pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "default-src 'none'"
    for path in (f"/_media/{doc.file.name}", f"/media/{doc.file.name}"):
        assert get(nginx + path)[0] == 404, path

    movement = Movement.objects.create(
        name="Thi đua chuyển đổi số",
        launching_body="UBND tỉnh",
        start_date=dt.date(2026, 1, 1),
    )
    movement.plan_document.save("ke-hoach-phong-trao.pdf", ContentFile(pdf_bytes()))
    status, headers, body = get(nginx + f"/phong-trao/{movement.pk}/ke-hoach/")
    assert status == 200 and body == pdf_bytes()
    assert headers["Content-Disposition"].startswith("attachment;")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert get(nginx + f"/_private/{movement.plan_document.name}")[0] == 404
