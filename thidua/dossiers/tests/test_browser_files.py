"""A unit officer attaches a hostile file to a dossier in Chromium, on a phone and a
desktop, under the Content-Security-Policy: the page says why in Vietnamese and
nothing is saved; the admin's own scripts raise no CSP violation."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.dossiers import services
from thidua.dossiers.models import DossierDocument
from thidua.lib.tests import hostile

from . import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "thidua2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_hostile_attachment_is_refused_with_a_message(
    world: Any,
    live_server: Any,
    desktop_page: Any,
    phone_page: Any,
    screenshot: Any,
    tmp_path: Any,
    size: str,
) -> None:
    page = phone_page if size == "phone" else desktop_page
    violations: list[str] = []
    page.on(
        "console",
        lambda m: (
            violations.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2024, title="Tệp", by=f.user("tanuyen")
    )
    base = live_server.url
    _login(page, base, "tanuyen")
    page.goto(f"{base}/admin/ho-so/{dossier.pk}/")
    evil = tmp_path / "evil.html"
    evil.write_bytes(hostile.HTML)
    page.select_option("#doc-kind", label="Tờ trình")
    page.set_input_files("#doc-file", str(evil))
    page.get_by_role("button", name="Đính kèm").click()
    page.wait_for_load_state()
    assert "Loại tệp không được nhận" in page.content()
    screenshot(page, f"attachment-refused-{size}")
    assert not DossierDocument.objects.filter(dossier=dossier).exists()

    good = tmp_path / "to-trinh.pdf"
    good.write_bytes(hostile.pdf_bytes())
    page.select_option("#doc-kind", label="Tờ trình")
    page.set_input_files("#doc-file", str(good))
    page.get_by_role("button", name="Đính kèm").click()
    page.wait_for_load_state()
    assert "Đã đính kèm tài liệu" in page.content()
    assert DossierDocument.objects.filter(dossier=dossier).count() == 1
    assert violations == []
