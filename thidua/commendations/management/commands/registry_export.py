from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.commendations.exchange import export_person
from thidua.organisation.selectors import organisation_on
from thidua.people.models import Person


class Command(BaseCommand):
    help = "Xuất sổ khen thưởng của một người (JSON, lược đồ có phiên bản) để chuyển sang hệ thống khác."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(pk=options["person_id"]).first()
        if person is None:
            raise CommandError(f"Không có người mang mã {options['person_id']}.")
        data = export_person(person, source=organisation_on().name)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
