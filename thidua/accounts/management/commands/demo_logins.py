from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_otp.oath import totp  # type: ignore[import-untyped,unused-ignore]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped,unused-ignore]

from thidua.accounts.demo import DEMO_DEVICE, DEMO_USERS
from thidua.accounts.models import RoleAssignment
from thidua.lib.formats import short_date


def _scope(assignment: RoleAssignment) -> str:
    """Where the role applies, as the person would say it; a dissolved unit with its end."""
    if assignment.bloc is not None:
        return assignment.bloc.name
    unit = assignment.unit
    if unit is None:
        return "toàn hệ thống"
    if unit.valid_to is not None:
        return f"{unit.name} (đến {short_date(unit.valid_to)})"
    return unit.name


class Command(BaseCommand):
    help = "Print the demo accounts, their roles and their second-factor keys"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--codes", action="store_true", help="also print the current 6-digit codes"
        )

    def handle(self, *args: Any, codes: bool = False, **options: Any) -> None:
        labels = {value: str(label) for value, label in RoleAssignment.Role.choices}
        devices = {
            d.user.username: d
            for d in TOTPDevice.objects.filter(name=DEMO_DEVICE).select_related("user")
        }
        rows = [("admin", "Quản trị hệ thống (toàn quyền)")]
        for username in dict.fromkeys(u for u, *_ in DEMO_USERS):
            assignments = RoleAssignment.objects.filter(
                user__username=username
            ).select_related("user", "unit", "bloc")
            scopes: dict[str, list[str]] = {}
            for a in assignments.order_by("pk"):
                scopes.setdefault(labels[a.role], []).append(_scope(a))
            roles = f"\n  {'':<12} ".join(
                f"{r}: {'; '.join(s)}" for r, s in scopes.items()
            )
            full_name = assignments[0].user.full_name if assignments else ""
            rows.append((username, f"{full_name} — {roles}"))
        for username, label in rows:
            line = f"  {username:<12} {label}"
            device = devices.get(username)
            if device is not None:
                line += f"\n  {'':<12} xác thực hai lớp, khóa: {b32encode(device.bin_key).decode()}"
                if codes:
                    code = totp(
                        device.bin_key,
                        step=device.step,
                        t0=device.t0,
                        digits=device.digits,
                    )
                    line += f"  mã lúc này: {code:0{device.digits}d} (đổi sau {30 - int(time.time()) % 30} giây)"
            self.stdout.write(line)
        if devices:
            self.stdout.write(
                "  Thêm khóa vào một ứng dụng xác thực (Google Authenticator, FreeOTP…), "
                "hoặc chạy `manage.py demo_logins --codes` để xem mã hiện tại."
            )
