"""Units in a real browser: diacritic-free search, lineage, and a unit officer's scope."""

from __future__ import annotations

import io
from typing import Any

import pytest

from thidua.accounts import demo as accounts_demo
from thidua.people import demo as people_demo
from thidua.units import demo as units_demo
from thidua.units.models import OrgUnit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(transactional_db: Any) -> None:
    out = io.StringIO()
    units_demo.load(out)
    people_demo.load(out)
    accounts_demo.load(out)


def _login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "thidua2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def _search(page: Any, base: str, text: str) -> list[str]:
    page.goto(f"{base}/admin/units/")
    page.fill("#id_q", text)
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    return page.locator("table.listing tbody tr td:nth-child(2)").all_inner_texts()


def test_search_lineage_and_scope(
    world: Any, live_server: Any, desktop_page: Any, phone_page: Any, screenshot: Any
) -> None:
    base, page = live_server.url, desktop_page

    _login(page, base, "tinh")
    names = _search(page, base, "tan uyen")
    assert {"Huyện Tân Uyên", "Xã Tân Uyên", "Thị trấn Tân Uyên"} <= set(names)
    screenshot(page, "units-1-search-tan-uyen")
    page.get_by_role("link", name="Huyện Tân Uyên", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Quá trình sắp xếp").is_visible()
    became = page.locator("table.listing").last
    assert "Các đơn vị trực thuộc nay ra sao" in page.content()
    assert "Xã Tân Uyên" in became.inner_text()
    screenshot(page, "units-2-district-lineage")
    page.get_by_role("link", name="Xã Tân Uyên").first.click()
    page.wait_for_load_state()
    assert "Hình thành từ" in page.inner_text("main")
    assert "Xã Trung Đồng" in page.inner_text("main")
    screenshot(page, "units-3-commune-predecessors")
    page.get_by_role("link", name="Ghi nhận sắp xếp").click()
    page.wait_for_load_state()
    assert page.input_value("#id_links-0-predecessor") == "03598"
    screenshot(page, "units-4-lineage-form")

    phone = phone_page
    _login(phone, base, "tanuyen")
    names = _search(phone, base, "tan uyen")
    assert "Huyện Tân Uyên" in names and "Xã Tân Uyên" not in names
    screenshot(phone, "units-5-unit-officer-search")
    assert _search(phone, base, "phong tho") == []
    assert "Không có đơn vị nào khớp bộ lọc." in phone.inner_text("main")
    commune = OrgUnit.objects.filter(parent__code="109").order_by("name").first()
    response = phone.goto(f"{base}/admin/units/{commune.pk}/")
    assert response.status == 404
    screenshot(phone, "units-6-unit-officer-404")
