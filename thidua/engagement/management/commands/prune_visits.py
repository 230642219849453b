from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from thidua.engagement.services import visits_prune


class Command(BaseCommand):
    help = "Delete raw page views older than VISIT_RETENTION_DAYS once their day is aggregated."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=settings.VISIT_RETENTION_DAYS)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        self.stdout.write(f"Deleted {visits_prune(keep_days=days)} raw view(s).")
