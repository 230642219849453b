"""On a phone: password, then the authenticator code; a first login enrols with a QR code."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _code(key: bytes, drift: int = 0) -> str:
    return f"{totp(key, drift=drift):06d}"


def _password(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "thidua2026")
    page.click("button[type=submit]")


def test_login_with_a_second_factor_on_a_phone(
    live_server: Any, phone_page: Any, screenshot: Any, settings: Any
) -> None:
    from thidua.accounts.models import User
    from thidua.dossiers.tests.factories import small_world

    cache.clear()
    small_world()
    settings.SECOND_FACTOR_REQUIRED = True
    device = TOTPDevice.objects.create(
        user=User.objects.get(username="hoidong"), name="Điện thoại", confirmed=True
    )
    base, page = live_server.url, phone_page

    _password(page, base, "hoidong")
    page.wait_for_url(f"{base}/admin/xac-thuc/**")
    assert page.locator("#main h1").first.inner_text() == "Xác thực hai lớp"
    page.fill("#id_code", "000000")
    page.click("button[type=submit]")
    assert "Mã không đúng" in page.inner_text(".messages")
    screenshot(page, "second-factor-wrong-code-phone")
    device.refresh_from_db()
    device.throttle_reset()  # django-otp's one-second pause after a wrong code
    page.fill("#id_code", _code(device.bin_key))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    screenshot(page, "second-factor-admin-home-phone")
    # the page fits the phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 380

    # a leader's first login: QR code and key, then the code confirms the app
    page.context.clear_cookies()
    _password(page, base, "lanhdao")
    page.wait_for_url(f"{base}/admin/xac-thuc/dang-ky/**")
    assert page.locator(".second-factor-qr svg").is_visible()
    secret = page.inner_text("[data-secret]").replace(" ", "")
    screenshot(page, "second-factor-enrol-phone")
    page.fill("#id_code", _code(base64.b32decode(secret)))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    assert TOTPDevice.objects.get(user__username="lanhdao").confirmed
