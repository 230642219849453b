"""A new dossier saved on a weak connection, in Chromium (issue 14, item 6): an
impatient double click on "Lưu", then a save whose answer is lost after the
server acted and that the browser sends again. One dossier each time."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from thidua.core.models import AuditEntry
from thidua.dossiers.models import Dossier

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _lose_the_answer(route: Any) -> None:
    """The request reaches the server, which acts; the answer never arrives."""
    route.fetch(max_redirects=0)
    route.abort("connectionreset")


def _new_dossier(page: Any, base: str, title: str) -> None:
    page.goto(f"{base}/admin/ho-so/tao/")
    page.select_option("#id_unit", label="Huyện Tân Uyên")
    page.fill("#id_year", "2024")
    page.fill("#id_title", title)


def test_saving_a_new_dossier_twice_makes_one(
    world: Any, live_server: Any, desktop_page: Any
) -> None:
    base, page = live_server.url, desktop_page
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "tanuyen")
    page.fill("#id_password", "thidua2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")

    _new_dossier(page, base, "Đề nghị khen thưởng – bấm đúp")
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu", exact=True).dblclick()
    expect(page.locator(".messages")).to_contain_text("Đã lập hồ sơ.")
    dossier = Dossier.objects.get(title="Đề nghị khen thưởng – bấm đúp")
    assert page.url == f"{base}/admin/ho-so/{dossier.pk}/"
    assert posts == [f"{base}/admin/ho-so/tao/"]
    created = AuditEntry.objects.filter(model="dossier", action="create")
    assert created.filter(object_id=str(dossier.pk)).count() == 1

    # the answer is lost; reloading the browser's error page sends the form again
    _new_dossier(page, base, "Đề nghị khen thưởng – mất kết nối")
    page.route("**/ho-so/tao/", _lose_the_answer)
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_url(lambda url: url.startswith("chrome-error:"))
    page.unroute("**/ho-so/tao/")
    page.reload()
    dossier = Dossier.objects.get(title="Đề nghị khen thưởng – mất kết nối")
    assert page.url == f"{base}/admin/ho-so/{dossier.pk}/"
    expect(page.locator(".messages")).to_contain_text("Đã lập hồ sơ.")
    assert created.count() == 2
