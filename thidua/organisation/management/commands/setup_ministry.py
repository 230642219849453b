from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from thidua.commendations.catalogue import load_catalogue
from thidua.core.commands import AuditedCommand
from thidua.organisation.services import (
    ensure_organisation,
    ministry_create,
    use_own_awards,
)


class Command(AuditedCommand):
    help = (
        "Tạo một bộ, ngành Trung ương (tổ chức không theo lãnh thổ) làm đơn vị gốc, "
        "với thông tin tổ chức mặc định (Bằng khen của Bộ trưởng, mã BK_BO)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="Mã bộ, ngành, ví dụ BTC.")
        parser.add_argument("name", help='Tên đầy đủ, ví dụ "Bộ Tài chính".')

    def handle(self, *args: Any, **options: Any) -> None:
        code, name = options["code"].strip(), " ".join(options["name"].split())
        if not code or not name.startswith(("Bộ ", "Ban ", "Ủy ban ", "Tổng cục ")):
            raise CommandError(
                "Ghi mã và tên đầy đủ của bộ, ngành (bắt đầu bằng Bộ, Ban, Ủy ban…)."
            )
        with transaction.atomic():
            load_catalogue()  # only adds what is missing
            unit, created = ministry_create(
                code=code, name=name, valid_from=dt.date(2025, 7, 1)
            )
            organisation, _ = ensure_organisation(unit, valid_from=dt.date(2025, 7, 1))
            use_own_awards(organisation)
        if not created:
            self.stdout.write(f"{unit.name}: đã có, không thay đổi gì.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Đã tạo {unit.name} và thông tin tổ chức.")
        )
