"""Management commands whose changes are attributed in the audit trail.

Outside a request no user is set, so every entry a command writes would name
nobody. An AuditedCommand takes `--by <username>` (the administrator running it)
and always writes its own name in the entries' message, so a change made from
the shell is never an empty entry.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from . import audit


class AuditedCommand(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        parser: ArgumentParser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--by",
            default="",
            help="Tên đăng nhập của người chạy lệnh (ghi vào nhật ký thay đổi).",
        )
        self._name = subcommand
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        username = options.get("by") or ""
        actor = None
        if username:
            actor = get_user_model()._default_manager.filter(username=username).first()
            if actor is None:
                raise CommandError(f"Không có tài khoản “{username}” (--by).")
        name = getattr(self, "_name", "") or self.__module__.rsplit(".", 1)[-1]
        with audit.acting_as(actor, f"Lệnh quản trị {name}"):
            return super().execute(*args, **options)
