from __future__ import annotations

from importlib import import_module
from typing import Any

from django.db import transaction

from thidua.core.commands import AuditedCommand

# Each app with demo data exposes `demo.load(stdout)`; order follows dependencies.
DEMO_MODULES = [
    "thidua.units.demo",
    "thidua.organisation.demo",
    "thidua.people.demo",
    "thidua.accounts.demo",
    "thidua.emulation.demo",
    "thidua.commendations.demo",
    "thidua.dossiers.demo",
    "thidua.portal.demo",
]


class Command(AuditedCommand):
    help = "Load the demo data set (the demo province's units, the 2020 bloc, people, accounts...). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
