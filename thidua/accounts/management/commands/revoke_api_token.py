from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from thidua.accounts.models import User
from thidua.accounts.services import api_tokens_revoke
from thidua.core.commands import AuditedCommand


class Command(AuditedCommand):
    help = "Revoke a user's API tokens (all, or those with the given name) at once"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", nargs="?", help="only the tokens with this name")

    def handle(
        self, *args: Any, username: str, name: str | None, **options: Any
    ) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}")
        revoked = api_tokens_revoke(user=user, name=name, by=None)
        self.stdout.write(f"{revoked} token(s) revoked")
