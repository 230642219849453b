from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from thidua.commendations.catalogue import load_catalogue
from thidua.core.commands import AuditedCommand
from thidua.organisation.services import ensure_organisation, use_own_awards
from thidua.units.gazetteer import GAZETTEER, REFORM_DAY, GazetteerError, setup_province
from thidua.units.models import OrgUnit


class Command(AuditedCommand):
    help = (
        "Tạo tỉnh, thành phố (mã TCTK từ 01/7/2025, ví dụ 08) với các đơn vị cấp xã, "
        "đơn vị cũ, huyện cũ và sự kiện sắp xếp, cùng thông tin tổ chức mặc định. "
        "Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="Mã tỉnh, thành phố, ví dụ 08 (Tuyên Quang).")
        parser.add_argument(
            "--legal-basis",
            default="",
            help="Số, ngày nghị quyết sắp xếp đơn vị hành chính cấp xã của tỉnh.",
        )
        parser.add_argument(
            "--file", default=str(GAZETTEER), help="Tệp danh mục (CSV, UTF-8)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open(options["file"], encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp {options['file']}: {exc}") from exc
        try:
            with transaction.atomic():  # units, settings and catalogue, or nothing
                report = setup_province(
                    options["code"], legal_basis=options["legal_basis"], text=text
                )
                load_catalogue()  # only adds what is missing
                province = OrgUnit.objects.get(code=report.code, valid_from=None)
                organisation, created = ensure_organisation(
                    province, valid_from=REFORM_DAY
                )
                use_own_awards(organisation)
        except GazetteerError as exc:
            raise CommandError(f"{options['file']}: {exc}") from exc
        if created:
            report.created["thông tin tổ chức"] += 1
        write = self.stdout.write
        if not report.changed:
            write(f"{report.province}: đã có đủ, không thay đổi gì.")
            return
        write(f"{report.province}:")
        for label, n in report.created.items():
            write(f"  tạo mới {n} {label}")
        for label, n in report.updated.items():
            write(f"  cập nhật {n} {label}")
        write(self.style.SUCCESS("Xong. Sửa thông tin tổ chức, người ký tại /admin/."))
