"""Accounts activated by their owners: one-time codes (printed) or e-mailed links."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from thidua.core import audit

from .models import Invitation, User

# no 0/O, 1/I/L: codes are read off paper and typed on phones
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
VALID_DAYS = 14


def _digest(code: str) -> str:
    normal = "".join(c for c in code.upper() if c in ALPHABET)
    return hashlib.sha256(normal.encode()).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))  # ≈ 59 bits
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def invite(*, user: User, by: User | None) -> str:
    """A fresh code for `user` (earlier unused codes stop working); returns the code."""
    code = new_code()
    Invitation.objects.filter(user=user, used_at__isnull=True).delete()
    Invitation.objects.create(
        user=user,
        code_hash=_digest(code),
        created_by=by,
        expires_at=timezone.now() + dt.timedelta(days=VALID_DAYS),
    )
    with audit.acting_as(by):
        audit.record_event(user, "Tạo mã kích hoạt tài khoản")
    return code


def activation_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "accounts_public:activate", args=[code]
    )


def send_invitation(*, user: User, code: str) -> None:
    send_mail(
        "Kích hoạt tài khoản Thi đua – Khen thưởng",
        f"Chào {user},\n\nTài khoản “{user.username}” đã được tạo cho bạn. Mở liên kết dưới "
        f"đây để tự đặt mật khẩu (hiệu lực {VALID_DAYS} ngày, dùng một lần):\n\n"
        f"{activation_url(code)}\n\nMã kích hoạt: {code}\n",
        None,
        [user.email],
    )


def invitation_for(code: str) -> Invitation:
    """The usable invitation of `code`; ValidationError (Vietnamese) otherwise."""
    invitation = (
        Invitation.objects.select_related("user")
        .filter(code_hash=_digest(code))
        .first()
    )
    if invitation is None or not invitation.user.is_active:
        raise ValidationError("Mã kích hoạt không đúng.")
    if invitation.used_at is not None:
        raise ValidationError("Mã kích hoạt này đã được dùng.")
    if invitation.expires_at < timezone.now():
        raise ValidationError(
            "Mã kích hoạt đã hết hạn; đề nghị cán bộ quản trị cấp mã mới."
        )
    return invitation


@transaction.atomic
def redeem(*, code: str, password: str) -> User:
    """Set the owner's password and spend the code (once, even on a double submit)."""
    invitation = invitation_for(code)
    used = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not used:
        raise ValidationError("Mã kích hoạt này đã được dùng.")
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    with audit.acting_as(user):
        audit.record_event(user, "Tự đặt mật khẩu bằng mã kích hoạt")
    return user
