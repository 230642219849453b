"""axe-core (WCAG 2.1 A and AA) on the public pages of emulation and dossiers, at
phone and desktop widths, with screenshots kept for people to look at."""

from __future__ import annotations

import io
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from thidua.core.management.commands.load_demo import DEMO_MODULES

# serialized_rollback restores Wagtail's root page, locale and groups after the flush
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core-4.14.1.min.js"
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[tuple[str, str, list[Any]]]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: tags})).violations",
        WCAG21_AA,
    )
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in found]


def _public_pages() -> dict[str, str]:
    from thidua.dossiers.models import Certificate, Decision
    from thidua.dossiers.selectors import disclosed_nominees
    from thidua.emulation.models import ScoringTable

    table = ScoringTable.objects.filter(published_at__isnull=False, year=2020).get()
    nominee = disclosed_nominees().first()
    decision = Decision.objects.filter(status="issued").order_by("pk").first()
    certificate = Certificate.objects.exclude(pdf="").order_by("pk").first()
    assert nominee and decision and certificate
    return {
        "xep-hang": "/xep-hang/",
        "xep-hang-khoi": f"/xep-hang/{table.bloc_id}/{table.year}/",
        "cong-khai": "/cong-khai/",
        "cong-khai-chi-tiet": f"/cong-khai/{nominee.pk}/",
        "quyet-dinh": f"/quyet-dinh/{decision.pk}/",
        "xac-minh": f"/xac-minh/{certificate.code}/",
    }


def _page_tree() -> None:
    """An earlier transactional test may leave the database flushed without Wagtail's
    root page (seen on PostgreSQL); the portal demo needs one."""
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


def test_public_pages_have_no_wcag_violations(
    transactional_db: Any,
    live_server: Any,
    tooling_desktop_page: Any,
    tooling_phone_page: Any,
    screenshot: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    _page_tree()
    for name in DEMO_MODULES:
        import_module(name).load(io.StringIO())
    found = {}
    for name, path in _public_pages().items():
        for width, page in (
            ("1280", tooling_desktop_page),
            ("375", tooling_phone_page),
        ):
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            violations = axe_violations(page)
            if violations:
                found[(path, width)] = violations
            screenshot(page, f"qa-{name}-{width}")
    assert not found
