from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from thidua.commendations.exchange import import_person
from thidua.core.commands import AuditedCommand
from thidua.people.models import Person


class Command(AuditedCommand):
    help = "Nhập sổ khen thưởng của một người từ tệp JSON do registry_export tạo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--person", type=int, help="Gộp vào người đã có (mã) thay vì tạo mới."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open(options["file"], encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"Không đọc được {options['file']}: {exc}") from exc
        into = None
        if options["person"]:
            into = Person.objects.filter(pk=options["person"]).first()
            if into is None:
                raise CommandError(f"Không có người mang mã {options['person']}.")
        try:
            person, added = import_person(data, by=None, into=into)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{person.full_name} (mã {person.pk}): thêm {added} mục.")
