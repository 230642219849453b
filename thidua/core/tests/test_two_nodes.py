"""Two application nodes against one database and one Redis (issue 14, item 5).

Real processes on separate ports, as docs/deploy/national.md deploys them behind
nginx: granian serving thidua.wsgi on each node, a shared SQLite file standing in
for PostgreSQL (the same test runs on PostgreSQL with TWO_NODES_DATABASE_URL set
to an empty database), and redis-server for the shared cache. Proves: a publish
on node A is served by node B within the cache's refresh interval; ratings and
views sent alternately to both nodes are counted exactly once each, and the
per-address throttle is one count across nodes; a session made on A is valid on
B. The worker half (a worker killed on one node, the batch finished by another)
is thidua/dossiers/tests/test_worker_fault.py: its two workers are two
processes on one database, which is all a second node is to a worker.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
GRANIAN = Path(sys.executable).with_name("granian")
PUBLISH_WITHIN = (
    1.0 + 1.5
)  # portal.cache.REFRESH_SECONDS, plus a loaded machine's slack
VISITORS = 12
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"

pytestmark = pytest.mark.skipif(
    not shutil.which("redis-server") or not GRANIAN.exists(),
    reason="needs redis-server and granian",
)


def world() -> None:
    """Run inside `manage.py shell`: a home page, one article with a draft title,
    and a national administrator."""
    from wagtail.models import Page, Site

    from thidua.accounts.models import User
    from thidua.portal.models import (
        HomePage,
        NewsCategory,
        NewsIndexPage,
        NewsPage,
        PortalSettings,
    )

    root = Page.get_first_root_node()
    home = HomePage(title="Trang chủ", slug="trang-chu")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    news = NewsIndexPage(title="Tin tức", slug="tin-tuc")
    home.add_child(instance=news)
    news.save_revision().publish()
    category = NewsCategory.objects.create(name="Tin hoạt động", slug="hoat-dong")
    article = NewsPage(
        title="Bản tin cũ", slug="ban-tin", lead="Bản tin", category=category
    )
    news.add_child(instance=article)
    article.save_revision().publish()
    article.title = "Bản tin mới"
    article.save_revision()  # a draft, published on node A by the test
    PortalSettings.load()
    User.objects.create_superuser("quocgia", password="Nodes-2026-thidua")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"nothing listens on {port}")


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("nodes")
    redis_port = _port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "thidua.settings.dev",
        "DJANGO_DEBUG": "False",
        "DATABASE_URL": os.environ.get(
            "TWO_NODES_DATABASE_URL", f"sqlite:///{tmp / 'thidua.sqlite3'}"
        ),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "SECRET_KEY": "two-nodes-test-key-" + "x" * 40,
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "TRUST_X_REAL_IP": "True",  # as behind nginx: each visitor its own address
    }
    procs: list[subprocess.Popen[bytes]] = []
    run: dict[str, Any] = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL}
    redis = ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port)]
    granian = [
        str(GRANIAN),
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--workers",
        "1",
    ]
    manage = [sys.executable, "manage.py"]
    setup = "from thidua.core.tests.test_two_nodes import world; world()"
    try:
        procs.append(
            subprocess.Popen([*redis, "--save", "", "--appendonly", "no"], **run)
        )
        assert (
            subprocess.call([*manage, "migrate", "--noinput"], **run, timeout=1500) == 0
        )
        assert subprocess.call([*manage, "shell", "-c", setup], **run, timeout=300) == 0
        ports = {"A": _port(), "B": _port()}
        for port in ports.values():
            procs.append(
                subprocess.Popen(
                    [*granian, "--port", str(port), "thidua.wsgi:application"], **run
                )
            )
        for port in ports.values():
            _wait_up(port)
        yield {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)


def _login(http: Any, base: str) -> None:
    page = http.get(f"{base}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token
    answer = http.post(
        f"{base}/admin/login/",
        data={"username": "quocgia", "password": "Nodes-2026-thidua",
              "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base}/admin/login/"},
        allow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 302, answer.text[:500]


def test_a_session_made_on_a_is_valid_on_b(nodes: dict[str, str]) -> None:
    import requests

    http = requests.Session()
    _login(http, nodes["A"])
    on_b = http.get(f"{nodes['B']}/admin/people/", allow_redirects=False)
    assert on_b.status_code == 200 and "Cá nhân" in on_b.text


def test_a_publish_on_a_is_served_by_b_within_the_interval(
    nodes: dict[str, str],
) -> None:
    import requests

    article = f"{nodes['B']}/tin-tuc/ban-tin/"
    anonymous = requests.Session()
    for _ in range(2):  # the second answer comes from B's page cache
        seen = anonymous.get(article)
        assert seen.status_code == 200 and "Bản tin cũ" in seen.text
    assert seen.headers.get("X-Page-Cache") == "hit"

    officer = requests.Session()
    _login(officer, nodes["A"])
    page_id = re.search(r'data-page-id="(\d+)"', seen.text) or re.search(
        r"/tuong-tac/danh-gia/(\d+)/", seen.text
    )
    assert page_id
    bulk = f"{nodes['A']}/admin/bulk/wagtailcore/page/publish/?id={page_id.group(1)}"
    form = officer.get(bulk)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token, form.text[:500]
    published = officer.post(
        bulk, data={"csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": bulk}, allow_redirects=False,
    )  # fmt: skip
    assert published.status_code == 302
    started = time.monotonic()
    while "Bản tin mới" not in anonymous.get(article).text:
        assert time.monotonic() - started < PUBLISH_WITHIN, (
            "B still serves the old page"
        )
        time.sleep(0.1)


def test_ratings_and_views_are_exact_across_nodes(nodes: dict[str, str]) -> None:
    import requests

    article = requests.get(f"{nodes['A']}/tin-tuc/ban-tin/").text
    page_id = re.search(r"/tuong-tac/danh-gia/(\d+)/", article)
    assert page_id
    pid = page_id.group(1)
    scores = [(n % 5) + 1 for n in range(VISITORS)]
    last: dict[str, Any] = {}
    views = 0
    for n, score in enumerate(scores):
        base = nodes["AB"[n % 2]]
        visitor = requests.Session()
        headers = {"X-Real-IP": f"10.0.0.{n + 1}", "Accept": "application/json",
                   "Origin": base, "User-Agent": BROWSER}  # fmt: skip
        view = visitor.post(f"{base}/tuong-tac/b/", data={"p": pid, "u": "/tin-tuc/ban-tin/"},
                            headers=headers)  # fmt: skip
        assert view.status_code == 200
        views = view.json()["views"]
        rated = visitor.post(f"{base}/tuong-tac/danh-gia/{pid}/", data={"score": score},
                             headers=headers)  # fmt: skip
        assert rated.status_code == 200, rated.text[:300]
        last = rated.json()
    assert views == VISITORS  # each node counted its own, none twice
    assert last["votes"] == VISITORS
    assert abs(float(last["average"]) - sum(scores) / VISITORS) < 0.05

    # one address: the throttle (10 ratings a minute) counts across both nodes
    answers = [
        requests.post(
            f"{nodes['AB'[n % 2]]}/tuong-tac/danh-gia/{pid}/", data={"score": 5},
            headers={"X-Real-IP": "10.9.9.9", "Accept": "application/json",
                     "Origin": nodes["AB"[n % 2]], "User-Agent": BROWSER},
        ).status_code
        for n in range(12)
    ]  # fmt: skip
    assert answers.count(200) == 10 and answers.count(429) == 2
