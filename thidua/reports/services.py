"""Keeping the award summary current (models.py, docs/decisions/0014-award-summary.md)."""

from __future__ import annotations

from django.db import connection, transaction
from django_tasks.backends.database.models import DBTaskResult
from django_tasks.base import TaskResultStatus

from .models import AwardSummaryChange


def award_summary_refresh() -> int:
    """Bring the award summary up to date on PostgreSQL; returns how many recorded
    changes it took in (0: it was current, or SQLite).

    The changes are read before the refresh, whose query sees at least them, and
    only those are removed after it: a change committed meanwhile stays for the
    next refresh. CONCURRENTLY: the statistics page reads the old rows meanwhile.
    """
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic():
        seen = list(AwardSummaryChange.objects.values_list("pk", flat=True))
        if not seen:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                "REFRESH MATERIALIZED VIEW CONCURRENTLY reports_awardsummary"
            )
            cursor.execute(
                "DELETE FROM reports_awardsummarychange WHERE id = ANY(%s)", [seen]
            )
    return len(seen)


def award_summary_refresh_later() -> None:
    """Queue a refresh for the worker, unless one is already waiting to start."""
    from .tasks import refresh_award_summary

    if connection.vendor != "postgresql":
        return
    waiting = DBTaskResult.objects.filter(
        task_path=refresh_award_summary.module_path, status=TaskResultStatus.READY
    )
    if not waiting.exists():
        refresh_award_summary.enqueue()
