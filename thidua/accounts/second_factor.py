"""Second factor (TOTP, django-otp) for the roles that approve, vote and sign.

After the password, an account holding one of these roles (or a superuser)
reaches the back office and the API only once it has entered a code from its
authenticator app in this session. With no device yet it is sent to the
enrolment page (QR code); the middleware keeps every other admin page closed.
"""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.core import audit

from .models import RoleAssignment, User
from .roles import assignments

Role = RoleAssignment.Role
# approve (office, bloc head), vote (council), sign (leader)
ROLES = (Role.PROVINCE_OFFICER, Role.BLOC_HEAD, Role.COUNCIL_MEMBER, Role.LEADER)
GUARDED = ("/admin/", "/django-admin/", "/api/")
DEVICE_NAME = "Ứng dụng xác thực"


def needs_second_factor(user: User) -> bool:
    # from the roles read once a request (roles.assignments), not a query of its own
    return user.is_superuser or any(a.role in ROLES for a in assignments(user))


def second_factor_passed(user: User) -> bool:
    """Whether this session may act with the account's back-office rights: the code
    has been entered, or the account does not need one."""
    return (
        not settings.SECOND_FACTOR_REQUIRED
        or user.is_verified()  # type: ignore[attr-defined]
        or not needs_second_factor(user)
    )


def _open_paths() -> tuple[str, ...]:
    # the icon sprite and the JS translations are public (the login page loads
    # them): redirected, the enrolment page was loaded into the icon sprite
    return (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        reverse("second-factor-verify"),
        reverse("second-factor-enrol"),
        reverse("wagtailadmin_sprite"),
        reverse("wagtailadmin_javascript_catalog"),
    )


def require_second_factor(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        path = request.path
        if (
            settings.SECOND_FACTOR_REQUIRED
            and user.is_authenticated
            and path.startswith(GUARDED)
            and not user.is_verified()  # type: ignore[attr-defined]
            and not path.startswith(_open_paths())
            and needs_second_factor(user)  # type: ignore[arg-type,unused-ignore]
        ):
            if path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": "Cần xác thực hai lớp: đăng nhập lại trên trang quản trị."
                    },
                    status=403,
                )
            step = "verify" if user_has_device(user) else "enrol"
            target = reverse(f"second-factor-{step}")
            return redirect(f"{target}?next={quote(request.get_full_path())}")
        return get_response(request)

    return middleware


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _wait_seconds(devices: list[TOTPDevice]) -> int:
    """Seconds django-otp still refuses codes after wrong ones (0: none)."""
    waits = []
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append((data["locked_until"] - timezone.now()).total_seconds())
    return max(1, round(max(waits))) if waits else 0


def _refused(devices: list[TOTPDevice]) -> str:
    wait = _wait_seconds(devices)
    if wait:
        return f"Đã nhập sai mã; vui lòng đợi {wait} giây rồi nhập mã mới nhất."
    return "Mã không đúng hoặc đã hết hạn. Nhập mã 6 chữ số đang hiện trong ứng dụng."


def _code(request: HttpRequest) -> str:
    return "".join(ch for ch in request.POST.get("code", "") if ch.isdigit())[:8]


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The step after the password: a six-digit code from the authenticator app."""
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_next(request))
    if not user_has_device(user):
        return redirect(
            f"{reverse('second-factor-enrol')}?next={quote(_next(request))}"
        )
    error = ""
    if request.method == "POST":
        device = match_token(user, _code(request))
        if device is not None:
            otp_login(request, device)
            audit.record_event(user, "Xác thực hai lớp thành công")  # type: ignore[arg-type]
            return redirect(_next(request))
        audit.record_event(user, "Mã xác thực hai lớp sai")  # type: ignore[arg-type]
        error = (
            "Mã không đúng hoặc đã hết hạn. Nhập mã 6 chữ số đang hiện trong ứng dụng."
        )
    return render(
        request,
        "accounts/second_factor.html",
        {"step": "verify", "error": error, "next": _next(request)},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """First login of a guarded role: scan the QR code, confirm with one code."""
    user = request.user
    if user_has_device(user):
        if not user.is_verified():  # type: ignore[union-attr]
            return redirect(
                f"{reverse('second-factor-verify')}?next={quote(_next(request))}"
            )
        messages.info(request, "Tài khoản đã có ứng dụng xác thực.")
        return redirect(_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    error = ""
    if request.method == "POST":
        if device.verify_token(_code(request)):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            audit.record_event(user, "Đăng ký ứng dụng xác thực hai lớp")  # type: ignore[arg-type]
            return redirect(_next(request))
        error = (
            "Mã không đúng. Kiểm tra giờ trên điện thoại và nhập mã 6 chữ số mới nhất."
        )
    # one <path>, no XML declaration: inlined in HTML, django-otp's <svg:rect>
    # elements are not SVG to the browser's parser and the code came out blank
    qr = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/second_factor.html",
        {
            "step": "enrol",
            "error": error,
            "next": _next(request),
            "qr_svg": qr.to_string(encoding="unicode"),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
        status=400 if error else 200,
    )
