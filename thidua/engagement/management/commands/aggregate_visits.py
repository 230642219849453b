from typing import Any

from django.core.management.base import BaseCommand

from thidua.engagement.services import visits_aggregate


class Command(BaseCommand):
    help = (
        "Roll finished days of raw page views into the daily statistics (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Aggregated {visits_aggregate()} day(s).")
