"""Shared fixtures: headless Chromium through Playwright, with screenshots kept."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "test-output" / "screenshots"

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by fixtures around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _serialized_rollback_on_every_connection(django_db_setup: Any) -> None:
    """Keep serialized_rollback working once Playwright is running.

    Django keeps the migrated data (Wagtail's root page, groups...) for
    serialized_rollback on the connection object. While Playwright's event loop
    runs in the test thread, asgiref hands out a fresh connection object without
    it, and Django silently skips the restore. A class attribute reaches both.
    """
    from django.db import connections

    for alias in connections:
        conn = connections[alias]
        data = getattr(conn, "_test_serialized_contents", None)
        if data is not None:
            type(conn)._test_serialized_contents = data


@pytest.fixture(scope="session", autouse=True)
def _one_live_request_at_a_time(django_db_setup: Any) -> Iterator[None]:
    """On in-memory SQLite the live server's threads share one connection: a
    request arriving while another's statement is open (the browser's next
    request beside a form's post) failed with "cannot open savepoint - SQL
    statements in progress" (test_year, 2 runs in 6). Production has a
    connection per thread; the live server serves one request at a time here.
    The lock's timeout keeps a request that calls the server itself from
    waiting forever."""
    import threading

    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    lock, call = threading.Lock(), WSGIHandler.__call__

    def serial(self: WSGIHandler, environ: Any, start_response: Any) -> Any:
        held = lock.acquire(timeout=30)
        try:
            return call(self, environ, start_response)
        finally:
            if held:
                lock.release()

    WSGIHandler.__call__ = serial  # type: ignore[method-assign]
    yield
    WSGIHandler.__call__ = call  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _fresh_process_copies() -> None:
    """The portal keeps decoded fragments per process, trusted for a second;
    each test starts from its own database, so from none of them."""
    from thidua.portal.cache import clear_process_copies

    clear_process_copies()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.getenv("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshot() -> Any:
    """screenshot(page, "name") saves test-output/screenshots/name.png for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}
PHONE = {
    "viewport": {"width": 375, "height": 740},
    "locale": "vi-VN",
    "is_mobile": True,
}


def _page(browser: Any, bypass_csp: bool = False, **options: Any) -> Iterator[Any]:
    """A page in its own context. bypass_csp=True only for tests that inject test
    tooling (axe-core through add_script_tag): the site's Content-Security-Policy
    (script-src 'self') rightly blocks such inline scripts. A test that checks the
    page raises no CSP violation must use the plain fixtures."""
    context = browser.new_context(bypass_csp=bypass_csp, **options)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser: Any) -> Iterator[Any]:
    yield from _page(browser, **DESKTOP)


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    yield from _page(browser, **PHONE)


@pytest.fixture
def tooling_desktop_page(browser: Any) -> Iterator[Any]:
    """desktop_page with the CSP bypassed, for tests that inject axe-core."""
    yield from _page(browser, bypass_csp=True, **DESKTOP)


@pytest.fixture
def tooling_phone_page(browser: Any) -> Iterator[Any]:
    """phone_page with the CSP bypassed, for tests that inject axe-core."""
    yield from _page(browser, bypass_csp=True, **PHONE)


@pytest.fixture
def lai_chau(db: Any) -> Any:
    """Lai Châu's units (8 districts, 106 old and 38 new communes) with lineage."""
    from thidua.units.demo import load_lai_chau
    from thidua.units.models import OrgUnit

    load_lai_chau()
    return OrgUnit.objects.get(code="12", valid_from=None)


@pytest.fixture
def demo_world(db: Any) -> Any:
    """Units, the 2020 bloc, the synthetic people and one account per role."""
    import io

    from thidua.accounts import demo as accounts_demo
    from thidua.people import demo as people_demo
    from thidua.units import demo as units_demo

    out = io.StringIO()
    units_demo.load(out)
    people_demo.load(out)
    accounts_demo.load(out)
    return units_demo.province()
