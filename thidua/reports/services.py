"""Writing the award summary (models.py, docs/decisions/0016-award-summary-kept-by-triggers.md)."""

from __future__ import annotations

from django.db import connection, transaction


def award_summary_rebuild() -> int:
    """Recount the award summary from the registry on PostgreSQL; returns its groups
    (0 on SQLite, which has none).

    The database's triggers keep the summary current on every write; this is for
    a load that bypassed them (COPY under `session_replication_role = replica`,
    as bench/national_data.py does). The database function takes a lock that
    waits for the transactions already writing to the summary and holds back the
    next ones, then recounts in one statement: run it under READ COMMITTED (the
    default), whose next statement sees what the lock waited for. The statistics
    page keeps reading the old groups until it commits.
    """
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT reports_awardsummary_rebuild()")
        (groups,) = cursor.fetchone()
    return int(groups)
