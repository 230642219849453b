"""A council member on a phone: password, first-time TOTP enrolment, then the secret
ballot (issue 11, finding 13), with the second factor switched on as in production."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from thidua.dossiers import services
from thidua.dossiers.models import BallotReceipt
from thidua.dossiers.tests import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "locale": "vi-VN",
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def world(db: Any, settings: Any, tmp_path: Any) -> Any:
    from thidua.commendations.catalogue import load_catalogue

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    load_catalogue()
    return f.small_world()


def _code(secret: str, drift: int = 0) -> str:
    """What the authenticator app shows for the key it was given (30 s, 6 digits)."""
    return f"{totp(base64.b32decode(secret), drift=drift):06d}"


def test_a_council_member_enrols_on_the_phone_and_votes(
    world: Any, live_server: Any, browser: Any, screenshot: Any, settings: Any
) -> None:
    settings.SECOND_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause after the wrong code below
    dossier = f.dossier_to_council(1)
    member = f.user("hoidong")
    session = services.session_open(
        title="Phiên họp xét khen thưởng",
        held_on=dt.date(2026, 1, 10),
        dossiers=[dossier],
        members=[member],
        by=f.user("tinh"),
    )
    base = live_server.url
    session_url = base + reverse("dossiers:session-detail", args=[session.pk])
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(session_url)  # to the login page, then back here
        page.fill("#id_username", "hoidong")
        page.fill("#id_password", "thidua2026")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/xac-thuc/dang-ky/**")
        # the QR code is drawn (not an empty box) and the page is there once
        box = page.evaluate(
            "() => { const r = document.querySelector('#qr-path').getBoundingClientRect();"
            " return [r.width, r.height, document.querySelectorAll('main').length]; }"
        )
        assert box[0] > 100 and box[1] > 100 and box[2] == 1, box
        secret = page.locator("code[data-secret]").first.inner_text().replace(" ", "")
        device = TOTPDevice.objects.get(user=member, confirmed=False)
        assert base64.b32decode(secret) == device.bin_key
        # nothing behind the password alone: the ballot page sends back here
        page.goto(session_url)
        assert "/admin/xac-thuc/dang-ky/" in page.url
        screenshot(page, "totp-1-phone-enrol", full_page=False)
        page.fill("#id_code", "000000" if _code(secret) != "000000" else "111111")
        page.click("button:has-text('Xác nhận')")
        expect(page.locator(".messages .error")).to_contain_text("Mã không đúng")
        page.fill("#id_code", _code(secret))
        page.click("button:has-text('Xác nhận')")
        page.wait_for_url(session_url)
        page.get_by_label("Đồng ý").first.check()
        screenshot(page, "totp-2-phone-ballot")
        page.get_by_role("button", name="Bỏ phiếu").click()
        page.wait_for_load_state()
        assert "Đã ghi nhận phiếu kín" in page.content()
        assert BallotReceipt.objects.filter(session=session, member=member).exists()
        # fits the phone: nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "totp-3-phone-voted")

        # the next login asks for a code (the enrolled device), not a new QR code
        context.clear_cookies()
        page.goto(session_url)
        page.fill("#id_username", "hoidong")
        page.fill("#id_password", "thidua2026")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/xac-thuc/?**")
        assert not page.evaluate("document.querySelectorAll('[data-secret]').length")
        page.fill("#id_code", _code(secret, drift=1))  # the code just used is spent
        page.click("button:has-text('Xác nhận')")
        page.wait_for_url(session_url)
    finally:
        context.close()
