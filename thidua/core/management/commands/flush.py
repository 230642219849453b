"""Django's flush, let through the database guards (core/dbguards.py).

Emptying the whole database is deliberate maintenance (test databases between
transactional tests, `manage.py restore`); SQLite runs it as DELETEs, which the
append-only and issued-decision triggers would otherwise refuse.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from thidua.core import dbguards


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with dbguards.suspended(connections[options["database"]]):
            super().handle(**options)
