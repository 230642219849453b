from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp (media) vào một thư mục mới (docs/deploy/backup.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="thư mục chứa các bản sao lưu")
        parser.add_argument("--database", default="default")

    def handle(
        self, *args: Any, directory: Path, database: str, **options: Any
    ) -> None:
        try:
            target = backup(directory, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(target))
