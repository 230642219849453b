from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from thidua.reports.services import award_summary_rebuild


class Command(BaseCommand):
    help = (
        "Đếm lại bảng tổng hợp khen thưởng từ sổ khen thưởng (PostgreSQL), sau khi "
        "nạp dữ liệu không qua trigger (COPY với session_replication_role = replica)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite không có bảng tổng hợp: thống kê đếm từ sổ.")
            return
        groups = award_summary_rebuild()
        self.stdout.write(f"Đã đếm lại bảng tổng hợp: {groups} nhóm.")
