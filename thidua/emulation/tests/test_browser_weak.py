"""The figures page on a weak connection, in Chromium (issue 14, item 6): the
connection drops while the grid is saved, or the answer to "Gửi" is lost after
the server acted and the browser sends the form again; an impatient double
click. Every figure is saved and sent exactly once."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from thidua.accounts.models import User
from thidua.core.models import AuditEntry

from .conftest import _load
from .test_entry import ind, make_cluster, own_unit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "thidua2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def _lose_the_answer(route: Any) -> None:
    """The request reaches the server, which acts; the answer never arrives."""
    route.fetch(max_redirects=0)
    route.abort("connectionreset")


def test_figures_survive_a_lost_connection_and_a_double_click_once(
    live_server: Any, desktop_page: Any, screenshot: Any
) -> None:
    _load(with_emulation=False)
    users = {u.username: u for u in User.objects.all()}
    period = make_cluster(users["tinh"])
    unit = own_unit(period, users)
    base, page = live_server.url, desktop_page
    grid = f"{base}/admin/thi-dua/ky/{period.pk}/"
    _login(page, base, "xatanuyen")
    page.goto(grid)
    road = page.get_by_label("Xã Tân Uyên – Đường xe máy", exact=True)
    road.fill("90")
    road.press("Tab")  # a cell is saved on leaving it
    expect(page.locator(f"#c-{unit.id}-{ind('road').id} .em-ok")).to_be_visible()

    # the link drops while the next cell is typed: its own save says it failed,
    # "Lưu tất cả" sends nothing and says so; what was typed stays
    page.context.set_offline(True)
    page.get_by_label("Xã Tân Uyên – Xã NTM: tử số").fill("3")
    page.get_by_label("Xã Tân Uyên – Xã NTM: mẫu số").fill("4")
    page.get_by_role("button", name="Lưu tất cả").click()
    expect(page.locator("main form > .once-alert")).to_contain_text("Mất kết nối mạng")
    expect(page.locator("main td .once-alert").first).to_contain_text("chưa được lưu")
    screenshot(page, "weak-1-offline")
    assert page.get_by_label("Xã Tân Uyên – Xã NTM: mẫu số").input_value() == "4"
    assert list(period.actuals.values_list("indicator__code", flat=True)) == ["road"]
    page.context.set_offline(False)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu tất cả").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu số liệu.")
    # shown without Wagtail's scripts (which reveal messages in its full frame)
    shown = page.locator(".messages > ul").evaluate("e => getComputedStyle(e).opacity")
    assert shown == "1"
    values = {a.indicator.code: a for a in period.actuals.filter(unit=unit)}
    assert {code: a.value for code, a in values.items()} == {"road": 90, "ntm": 75}
    for row in values.values():
        assert (
            AuditEntry.objects.filter(
                model="actualvalue", object_id=str(row.pk)
            ).count()
            == 1
        )

    # "Gửi" reaches the server but its answer is lost; reloading the browser's
    # error page sends the form again: the first answer comes back, nothing twice
    sent = AuditEntry.objects.filter(
        model="reportingperiod",
        object_id=str(period.pk),
        message__contains="gửi 2 số liệu",
    )
    page.route("**/submit/", _lose_the_answer)
    page.get_by_role("button", name="Gửi số liệu của Xã Tân Uyên").click()
    page.wait_for_url(lambda url: url.startswith("chrome-error:"))
    screenshot(page, "weak-2-answer-lost")
    page.unroute("**/submit/")
    page.reload()
    assert page.url == grid
    expect(page.locator(".messages")).to_have_text("Xã Tân Uyên đã gửi số liệu.")
    assert sent.count() == 1
    assert set(period.actuals.values_list("status", flat=True)) == {"submitted"}

    # recalled, then sent by an impatient double click: once
    with page.expect_navigation():
        page.get_by_role(
            "button", name="Rút lại số liệu của Xã Tân Uyên để sửa"
        ).click()
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi số liệu của Xã Tân Uyên").dblclick()
    page.wait_for_load_state()
    screenshot(page, "weak-3-sent")
    expect(page.locator(".messages")).to_have_text("Xã Tân Uyên đã gửi số liệu.")
    assert posts == [f"{grid}submit/"]
    assert sent.count() == 2  # the first send and this one
    assert period.actuals.get(unit=unit, indicator=ind("road")).status == "submitted"
