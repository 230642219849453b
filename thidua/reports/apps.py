from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "thidua.reports"
    label = "reports"
    verbose_name = "Báo cáo, thống kê"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from thidua.commendations.models import AwardRecord

        from . import services

        # an award written or removed (a decision issued or revoked, an entry, an
        # import): the summary is refreshed once the transaction commits, one
        # refresh for all the awards of that transaction
        def award_changed(raw: bool = False, **kw: Any) -> None:
            commit = transaction.get_connection()
            if raw or commit.vendor != "postgresql":
                return  # a fixture being loaded; SQLite has no summary
            if not commit.in_atomic_block:
                services.award_summary_refresh_later()
            elif not any(
                services.award_summary_refresh_later in callback
                for callback in commit.run_on_commit
            ):
                transaction.on_commit(services.award_summary_refresh_later)

        for signal in (post_save, post_delete):
            signal.connect(
                award_changed, sender=AwardRecord, weak=False,
                dispatch_uid=f"reports_summary_{signal is post_save}",
            )  # fmt: skip
