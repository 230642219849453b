from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from thidua.accounts.demo import DEMO_USERS
from thidua.accounts.models import RoleAssignment


class Command(BaseCommand):
    help = "Print the demo accounts and their roles"

    def handle(self, *args: Any, **options: Any) -> None:
        labels = dict(RoleAssignment.Role.choices)
        self.stdout.write(f"  {'admin':<12} Quản trị hệ thống (superuser)")
        for username, _full, role, spec in DEMO_USERS:
            scope = spec if isinstance(spec, str) else f"mã {spec[0]}"
            self.stdout.write(f"  {username:<12} {labels[role]} ({scope})")
