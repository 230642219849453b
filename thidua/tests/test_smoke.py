"""Cross-app smoke test: every back-office and public page of the full demo, as every role.

The admin (superuser) crawls from each Wagtail menu item into the pages of our apps
(a few objects per URL shape); every role and an anonymous visitor then GET the same
pages. Nothing may answer 500; refusals must be the ones docs/permissions.md names.
What each role gets is written to test-output/qa/access-matrix.md for people to read.
"""

from __future__ import annotations

import html
import re
import time
import traceback
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.test.client import RequestFactory
from django.urls import Resolver404, resolve
from wagtail.admin.menu import SubmenuMenuItem, admin_menu

from thidua.accounts.models import User

from .conftest import DEMO_USERNAMES

# a database test, so pytest-django runs it before the transactional browser tests
pytestmark = pytest.mark.django_db

ANONYMOUS = "(khách)"
ROLES = [*DEMO_USERNAMES, ANONYMOUS]
MAX_PAGES = 220
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "qa"
LOGIN = "/admin/login/"
# our apps' admin URL prefixes: a refusal there must be 403/404, never Wagtail's redirect
OWN_PREFIXES = ("/admin/ho-so/", "/admin/thi-dua/")
# confirmations, Wagtail's generic history/usage pages and the portal's display toggles
SKIP = re.compile(
    r"/(logout|delete|xoa|unpublish|copy|lock|unlock|revisions|history|usage|bulk)/"
    r"|^/hien-thi/"
)
HREF = re.compile(r'href="([^"#]*)"')


@dataclass
class Hit:
    status: int
    location: str = ""
    error: str = ""
    seconds: float = 0.0

    @property
    def label(self) -> str:
        if self.error:
            return "500"
        if self.status in (301, 302):
            target = urlsplit(self.location).path
            return "→login" if target == LOGIN else f"→{target}"
        return str(self.status)


def _get(client: Client, url: str) -> Hit:
    started = time.perf_counter()
    try:
        # a savepoint per request: a failing query must not poison the module's transaction
        with transaction.atomic():
            response = client.get(url)
    except Exception:  # noqa: BLE001 - the test reports every failure at once
        return Hit(500, error=traceback.format_exc(limit=-4))
    return Hit(
        response.status_code,
        response.get("Location", ""),
        seconds=time.perf_counter() - started,
    )


def _onward(hit: Hit) -> bool:
    """A redirect to a page, not a refusal (e.g. a settings index to its one object)."""
    return hit.status == 302 and hit.label not in ("→login", "→/admin/")


def _shape(url: str) -> str:
    """/admin/ho-so/7/ → /admin/ho-so/N/; public pages by section, depth and suffix
    (/tin-tuc/<any article>/ is one shape)."""
    if url.startswith("/admin/"):
        return re.sub(r"\d+", "N", url)
    path = urlsplit(url).path
    parts = path.strip("/").split("/")
    suffix = path.rsplit(".", 1)[-1] if "." in parts[-1] else ""
    return f"{parts[0]}:{len(parts)}:{suffix}:{urlsplit(url).query}"


def _links(body: str, *, admin: bool) -> Iterable[str]:
    for raw in HREF.findall(body):
        parts = urlsplit(html.unescape(raw))
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        path = parts.path
        if admin != path.startswith("/admin/") or SKIP.search(path):
            continue
        if path.startswith(("/static/", "/media/", "/documents/", "/django-admin/")):
            continue
        yield path


def _ours(path: str) -> bool:
    """Whether an admin URL is served by one of our apps (crawled further)."""
    try:
        func = resolve(urlsplit(path).path).func
    except Resolver404:
        return False
    model = getattr(func, "view_initkwargs", {}).get("model")
    module = model.__module__ if model is not None else func.__module__
    return module.startswith("thidua.")


def _menu_urls(user: User) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    urls: list[str] = []

    def walk(items: Iterable[Any]) -> None:
        for item in items:
            if isinstance(item, SubmenuMenuItem):
                walk(item.menu.menu_items_for_request(request))
            elif item.url.startswith("/admin/"):
                urls.append(item.url)

    walk(admin_menu.menu_items_for_request(request))
    return urls


def _crawl(client: Client, seeds: list[str], *, admin: bool) -> list[str]:
    """Breadth-first from the seeds: two objects per URL shape (/admin/ho-so/N/) in our
    dossier and emulation screens, one elsewhere."""
    seen: list[str] = []
    per_shape: dict[str, int] = defaultdict(int)
    queue = list(dict.fromkeys(seeds))
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        limit = 2 if url.startswith(OWN_PREFIXES) or not admin else 1
        if url in seen or per_shape[_shape(url)] >= limit:
            continue
        per_shape[_shape(url)] += 1
        seen.append(url)
        if admin and not _ours(url):
            continue  # a Wagtail menu page: visited, not followed
        try:
            with transaction.atomic():
                response = client.get(url)
        except Exception:  # noqa: BLE001 - reported by test_no_server_error
            continue
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            queue.extend(_links(response.content.decode(), admin=admin))
    return seen


@pytest.fixture(scope="module")
def pages(full_demo: None, django_db_blocker: Any) -> dict[str, list[str]]:
    from thidua.dossiers.models import Certificate

    with django_db_blocker.unblock():
        admin = User.objects.get(username="admin")
        client = Client()
        client.force_login(admin)
        menu = _menu_urls(admin)
        admin_pages = _crawl(client, menu, admin=True)
        code = Certificate.objects.exclude(pdf="").values_list("code", flat=True)[0]
        public_seeds = [
            "/",
            "/tim-kiem/?q=thi+dua",
            "/tim-kiem/?q=t%C3%A2n+uy%C3%AAn",
            "/xep-hang/",
            "/cong-khai/",
            "/quyet-dinh/",
            f"/xac-minh/{code}/",
        ]
        public_pages = _crawl(Client(), public_seeds, admin=False)
    return {
        "menu": menu,
        "admin": admin_pages,
        "public": public_pages,
        "api": ["/api/v1/openapi.json"],
    }


@pytest.fixture(scope="module")
def matrix(
    pages: dict[str, list[str]], django_db_blocker: Any
) -> dict[str, dict[str, Hit]]:
    """url → role → what the role got."""
    result: dict[str, dict[str, Hit]] = defaultdict(dict)
    urls = [u for group in pages.values() for u in group]
    with django_db_blocker.unblock():
        for role in ROLES:
            client = Client()
            if role != ANONYMOUS:
                client.force_login(User.objects.get(username=role))
            for url in dict.fromkeys(urls):
                result[url][role] = _get(client, url)
    _write_report(pages, result)
    return result


def _write_report(
    pages: dict[str, list[str]], result: dict[str, dict[str, Hit]]
) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Access matrix of the full demo (generated by thidua/tests/test_smoke.py)",
        "",
        "`→login`: redirect to the admin login; `→/admin/`: Wagtail's redirect to the "
        "dashboard after a refusal; numbers are HTTP statuses.",
        "",
    ]
    for group, urls in pages.items():
        lines += [f"## {group}", "", "| URL | " + " | ".join(ROLES) + " |"]
        lines.append("|---" * (len(ROLES) + 1) + "|")
        for url in urls:
            cells = [result[url][r].label for r in ROLES]
            lines.append(f"| `{url}` | " + " | ".join(cells) + " |")
        lines.append("")
    hits = [(h.seconds, u, r) for u, by in result.items() for r, h in by.items()]
    lines += ["## Slowest responses", ""]
    lines += [f"- {s * 1000:.0f} ms `{u}` as {r}" for s, u, r in sorted(hits)[-10:]]
    (OUTPUT / "access-matrix.md").write_text("\n".join(lines) + "\n", "utf-8")


def test_crawl_reaches_every_app(pages: dict[str, list[str]]) -> None:
    admin = pages["admin"]
    for prefix in (
        "/admin/ho-so/",
        "/admin/ho-so/hoi-dong/",
        "/admin/ho-so/quyet-dinh/",
        "/admin/thi-dua/",
        "/admin/thi-dua/ky/",
        "/admin/thi-dua/bang-diem/",
        "/admin/units/",
        "/admin/people/",
        "/admin/commendations/",
    ):
        assert any(u.startswith(prefix) and u != prefix for u in admin) or (
            prefix in admin
        ), prefix
    public = pages["public"]
    for prefix in ("/xep-hang/", "/cong-khai/", "/quyet-dinh/"):
        assert sum(u.startswith(prefix) for u in public) >= 2, prefix
    assert any(u.startswith("/xac-minh/") for u in public)
    assert any(u.startswith("/tin-tuc/") and u != "/tin-tuc/" for u in public)


def test_no_server_error(matrix: dict[str, dict[str, Hit]]) -> None:
    failures = [
        f"{url} as {role}:\n{hit.error}"
        for url, by_role in matrix.items()
        for role, hit in by_role.items()
        if hit.error or hit.status >= 500
    ]
    assert not failures, "\n\n".join(failures)


def test_superuser_opens_every_page(
    pages: dict[str, list[str]], matrix: dict[str, dict[str, Hit]]
) -> None:
    refused = {
        url: hit.label
        for url in pages["admin"] + pages["public"]
        if (hit := matrix[url]["admin"]).status != 200 and not _onward(hit)
    }
    assert not refused


def test_anonymous_is_sent_to_login(
    pages: dict[str, list[str]], matrix: dict[str, dict[str, Hit]]
) -> None:
    wrong = {
        url: matrix[url][ANONYMOUS].label
        for url in pages["admin"]
        if matrix[url][ANONYMOUS].label != "→login"
    }
    assert not wrong


def test_public_pages_open_for_everyone(
    pages: dict[str, list[str]], matrix: dict[str, dict[str, Hit]]
) -> None:
    wrong = {
        (url, role): hit.label
        for url in pages["public"] + pages["api"]
        for role, hit in matrix[url].items()
        if hit.status != 200
    }
    assert not wrong


def test_refusals_are_the_documented_ones(
    pages: dict[str, list[str]], matrix: dict[str, dict[str, Hit]]
) -> None:
    """Staff get a page, 403 or 404; our apps never hide a refusal behind a redirect."""
    wrong = {}
    for url in pages["admin"]:
        for role in DEMO_USERNAMES:
            hit = matrix[url][role]
            if hit.status in (200, 403, 404) or _onward(hit):
                continue
            if hit.label == "→/admin/" and not url.startswith(OWN_PREFIXES):
                continue  # Wagtail's own answer to PermissionDenied elsewhere
            wrong[(url, role)] = hit.label
    assert not wrong


def test_dossier_and_emulation_scopes(matrix: dict[str, dict[str, Hit]]) -> None:
    """Spot checks of the matrix against docs/permissions.md and the apps' READMEs."""

    def status(url: str, role: str) -> int:
        return matrix[url][role].status

    dossiers = [u for u in matrix if re.fullmatch(r"/admin/ho-so/\d+/", u)]
    decisions = [u for u in matrix if re.fullmatch(r"/admin/ho-so/quyet-dinh/\d+/", u)]
    rankings = [u for u in matrix if re.fullmatch(r"/admin/thi-dua/bang-diem/\d+/", u)]
    assert dossiers and decisions and rankings
    for url in dossiers:  # the demo dossiers are Huyện Tân Uyên's
        assert status(url, "tanuyen") == 200
        assert status(url, "bientap") == 404
        assert status(url, "hoidong") == 200
    for url in decisions:
        assert status(url, "lanhdao") == 200
        assert status(url, "bientap") == 404
    for url in rankings:
        assert status(url, "bientap") == 404
    assert status("/admin/ho-so/tao/", "hoidong") == 403
    assert status("/admin/ho-so/tao/", "tanuyen") == 200
