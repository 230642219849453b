"""Finding 13: login throttling, password rules, session length, second factor."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import User
from thidua.core.models import AuditEntry

LOGIN = "/admin/login/"


@pytest.fixture
def world(db: Any) -> Any:
    from thidua.dossiers.tests.factories import small_world

    cache.clear()  # django-axes keeps attempts in the cache
    return small_world()


def _login(client: Any, username: str, password: str) -> Any:
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )


def code(device: TOTPDevice, drift: int = 0) -> str:
    """The code the phone shows (drift=1: the next one; a used code is refused)."""
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=drift,
    )
    return f"{value:06d}"


def test_five_wrong_passwords_lock_the_name_with_a_vietnamese_message(
    world, client
) -> None:
    for _ in range(4):
        assert _login(client, "tanuyen", "sai-mat-khau").status_code == 200
    assert _login(client, "tanuyen", "sai-mat-khau").status_code == 429  # the fifth
    locked = _login(client, "tanuyen", "thidua2026")  # the right one, too late
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "tạm bị khóa" in text and "15 phút" in text
    assert "_auth_user_id" not in client.session
    # another name from the same browser is not affected
    assert _login(client, "sinho", "thidua2026").status_code == 302
    failed = AuditEntry.objects.filter(
        message="Đăng nhập không thành công", object_repr__contains="Khánh"
    )
    assert failed.count() >= 5


def test_the_sign_in_page_is_light_and_says_what_went_wrong(world, client) -> None:
    # the first page on a 400 kbit/s link: no admin scripts (1.9 MB before)
    page = client.get(LOGIN).content.decode()
    assert "<script" not in page and "core.js" not in page
    assert 'name="username"' in page and 'name="password"' in page
    wrong = _login(client, "tanuyen", "sai-mat-khau").content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in wrong
    assert "<script" not in wrong


@pytest.mark.parametrize(
    "password, fragment",
    [
        ("20262026", "quá ngắn"),
        ("2026202620", "chỉ gồm chữ số"),
        ("khenthuong", "quá dễ đoán"),
        ("Thidua@2026", "quá dễ đoán"),
        ("Lai Châu 2026!", "quá dễ đoán"),
        ("abcdabcdabcd", "lặp lại"),
        ("password123", "quá phổ biến"),
    ],
)
def test_weak_passwords_are_refused_in_vietnamese(world, password, fragment) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password(password, User.objects.get(username="tinh"))
    assert any(fragment in m for m in refused.value.messages), refused.value.messages


def test_a_personal_passphrase_is_accepted(world) -> None:
    validate_password(
        "Mùa lúa chín ở Mường Than 1987", User.objects.get(username="tinh")
    )


def test_staff_sessions_end_with_the_day_and_the_browser(
    world, client, settings
) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert _login(client, "tanuyen", "thidua2026").status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert client.session.get_expiry_age() == 8 * 3600


def test_voting_roles_need_a_code_after_the_password(world, client, settings) -> None:
    settings.SECOND_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 30  # 30 s after a wrong code (default 1 s)
    member = User.objects.get(username="hoidong")
    device = TOTPDevice.objects.create(user=member, name="Điện thoại", confirmed=True)
    assert _login(client, "hoidong", "thidua2026").status_code == 302
    home = client.get("/admin/")
    assert home.status_code == 302 and home["Location"].startswith(
        "/admin/xac-thuc/?next="
    )
    # the API with the same session is closed too
    api = client.post(
        "/api/v1/council-sessions/1/ballots", {}, content_type="application/json"
    )
    assert api.status_code == 403 and "hai lớp" in api.json()["detail"]
    wrong = client.post("/admin/xac-thuc/", {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400 and "Mã không đúng" in wrong.content.decode()
    # django-otp slows guessing down: right away, even the right code waits
    hurried = client.post("/admin/xac-thuc/", {"code": code(device), "next": "/admin/"})
    assert hurried.status_code == 400
    device.refresh_from_db()
    device.throttle_reset()  # as if the half minute had passed
    right = client.post("/admin/xac-thuc/", {"code": code(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert AuditEntry.objects.filter(
        message="Xác thực hai lớp thành công", actor=member
    ).exists()


def test_a_unit_officer_needs_no_second_factor(world, client, settings) -> None:
    settings.SECOND_FACTOR_REQUIRED = True
    assert _login(client, "tanuyen", "thidua2026").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_first_login_of_a_signing_role_enrols_with_a_qr_code(
    world, client, settings
) -> None:
    settings.SECOND_FACTOR_REQUIRED = True
    _login(client, "lanhdao", "thidua2026")
    home = client.get("/admin/")
    assert home["Location"].startswith("/admin/xac-thuc/dang-ky/")
    page = client.get(home["Location"])
    html = page.content.decode()
    assert "<svg" in html and "Đăng ký xác thực hai lớp" in html
    secret = re.search(r"data-secret>([A-Z2-7 ]+)<", html).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user__username="lanhdao", confirmed=False)
    import base64

    assert base64.b32decode(secret) == device.bin_key
    assert client.post(home["Location"], {"code": "123456"}).status_code == 400
    time.sleep(1.1)  # django-otp's delay after a wrong code
    done = client.post(home["Location"], {"code": code(device), "next": "/admin/"})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    # an open redirect is not followed
    client.logout()
    _login(client, "lanhdao", "thidua2026")
    away = client.post(
        "/admin/xac-thuc/",
        {"code": code(device, drift=1), "next": "https://evil.example/"},
    )
    assert away["Location"] == "/admin/"


def test_a_pbkdf2_password_still_signs_in_and_is_rehashed_with_argon2(
    world, client, settings
) -> None:
    # production's hashers (test settings use MD5 for speed): Argon2id first,
    # the hashes made before it still check (docs/decisions/0015)
    from django.contrib.auth.hashers import make_password

    from thidua.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    User.objects.filter(username="tanuyen").update(
        password=make_password("thidua2026", hasher="pbkdf2_sha256")
    )
    assert _login(client, "tanuyen", "thidua2026").status_code == 302
    assert User.objects.get(username="tanuyen").password.startswith("argon2$argon2id$")
