from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_otp.oath import totp  # type: ignore[import-untyped,unused-ignore]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped,unused-ignore]

from thidua.accounts.demo import DEMO_DEVICE, DEMO_USERS
from thidua.accounts.models import RoleAssignment


class Command(BaseCommand):
    help = "Print the demo accounts, their roles and their second-factor keys"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--codes", action="store_true", help="also print the current 6-digit codes"
        )

    def handle(self, *args: Any, codes: bool = False, **options: Any) -> None:
        labels = dict(RoleAssignment.Role.choices)
        devices = {
            d.user.username: d
            for d in TOTPDevice.objects.filter(name=DEMO_DEVICE).select_related("user")
        }
        rows = [("admin", "Quản trị hệ thống (superuser)")]
        for username, _full, role, spec in DEMO_USERS:
            scope = spec if isinstance(spec, str) else f"mã {spec[0]}"
            rows.append((username, f"{labels[role]} ({scope})"))
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
