from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và tệp từ một bản sao lưu; dữ liệu hiện có bị thay thế. "
        "Dừng máy chủ web và worker trước (docs/deploy/backup.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="thư mục của một bản sao lưu")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive",
            help="không hỏi xác nhận",
        )  # fmt: skip

    def handle(
        self, *args: Any, source: Path, database: str, interactive: bool, **options: Any
    ) -> None:
        try:
            manifest = read_manifest(source)
            if interactive:
                answer = input(
                    f"Thay toàn bộ dữ liệu bằng bản sao lưu lúc {manifest['created_at']}? "
                    "Gõ 'dong y' để tiếp tục: "
                )
                if answer.strip().lower() not in ("dong y", "đồng ý"):
                    raise CommandError("Đã hủy, không thay đổi gì.")
            restore(source, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã khôi phục bản sao lưu lúc {manifest['created_at']}.")
