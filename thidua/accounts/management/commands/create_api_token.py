from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from thidua.accounts.models import User
from thidua.accounts.services import api_token_create
from thidua.core.commands import AuditedCommand


class Command(AuditedCommand):
    help = "Create an API bearer token for a user and print its key (shown only once)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for, e.g. 'HR sync'")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="validity (API_TOKEN_DAYS by default)",
        )

    def handle(
        self, *args: Any, username: str, name: str, days: int | None, **options: Any
    ) -> None:
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user {username!r}") from exc
        try:
            key = api_token_create(user=user, name=name, days=days)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(key)
        self.stderr.write("Store this key now: only its hash is kept.")
