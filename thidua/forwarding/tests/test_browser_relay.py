"""The province officer on a phone (390 px) puts a commune's nominee for a Bằng khen
of the Prime Minister before the province's council, closes the vote and sends on
what passed, through the visible links and buttons; screenshots go to
test-output/journeys/province/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from thidua.dossiers import services
from thidua.dossiers.models import CouncilSession
from thidua.dossiers.tests import factories as f
from thidua.dossiers.tests.test_commune import commune_accounts
from thidua.forwarding.models import Forwarding
from thidua.tests.test_journey_backoffice import cut_off, sideways
from thidua.tests.test_year import login

from .test_relay import _commune_sends

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(settings.BASE_DIR) / "test-output" / "journeys" / "province"


def _shot(page: Any, name: str) -> None:
    """Keep a screenshot; the page must not scroll sideways nor cut a cell off."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    assert sideways(page) == 0, (name, page.url)
    assert cut_off(page) == [], (name, page.url)


def _click(page: Any, role: str, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name).first.click()


def test_the_province_votes_then_relays_on_a_phone(
    world: Any, live_server: Any, browser: Any
) -> None:
    _, _, source = _commune_sends(commune_accounts())
    first, second = source.nominees.order_by("pk")
    members = [f.user("hoidong"), f.council_member("hdtinh2")]
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="vi-VN"
    )
    page = context.new_page()
    login(page, base, "tinh")

    # the list names the commune's tờ trình waiting for the province's council
    page.goto(f"{base}/admin/trinh-cap-tren/")
    _click(page, "link", "Chờ Hội đồng tỉnh xét: Tờ trình 12/TTr-UBND")
    assert "Chờ Hội đồng tỉnh xét" in page.content()
    assert page.get_by_role("button", name="Lập tờ trình trình tiếp").count() == 0
    _shot(page, "1-to-trinh-cap-xa-cho-hoi-dong")
    _click(page, "link", "Đưa vào phiên họp Hội đồng")
    assert page.locator(f"input[name=relays][value='{source.pk}']").is_checked()
    page.fill("#id_title", "Phiên họp Hội đồng TĐKT tỉnh")
    for member in members:
        page.check(f"input[name=members][value='{member.pk}']")
    _shot(page, "2-mo-phien-hop")
    _click(page, "button", "Lưu")
    assert "Đã mở phiên họp" in page.content()
    session = CouncilSession.objects.get(unit=None)
    for member in members:
        services.ballot_cast(
            session=session,
            member=member,
            choices={first.pk: "yes", second.pk: "no"},
        )
    page.reload()
    _click(page, "button", "Kết thúc phiên họp, kiểm phiếu")
    assert "Đã kết thúc phiên họp" in page.content()
    assert "Không đạt" in page.content() and "Đạt" in page.content()
    _shot(page, "3-ket-qua-hoi-dong-tinh")

    # only what passed is offered; the tờ trình of the province follows
    page.goto(f"{base}/admin/trinh-cap-tren/{source.pk}/")
    assert "Hội đồng tỉnh không thông qua" in page.content()
    assert page.get_by_label(first.name, exact=False).is_checked()
    assert page.get_by_label(second.name, exact=False).count() == 0
    page.get_by_role(
        "button", name="Lập tờ trình trình tiếp"
    ).scroll_into_view_if_needed()
    _shot(page, "4-trinh-tiep")
    _click(page, "button", "Lập tờ trình trình tiếp")
    assert "Đã lập tờ trình của tỉnh trình tiếp cấp trên" in page.content()
    _shot(page, "5-to-trinh-cua-tinh")
    relay = Forwarding.objects.get(relayed_from=source)
    assert list(relay.nominees.all()) == [first]
    context.close()
