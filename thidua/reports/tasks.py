"""Background work of the reports app (django-tasks; `manage.py db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from .services import award_summary_refresh


@task()
def refresh_award_summary() -> int:
    """Refresh the award summary (services.award_summary_refresh)."""
    return award_summary_refresh()
