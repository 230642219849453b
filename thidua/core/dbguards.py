"""Database triggers for what must never change: issued decisions, their items,
and the audit trail (append-only).

`Decision.save()` refuses already; these refuse `QuerySet.update()`, raw SQL
and a shell on the database alike. PostgreSQL and SQLite both get them, from
migration core 0002 and again after every `migrate` (SQLite drops a table's
triggers when a migration rebuilds the table).

Deliberate maintenance (a test database's flush, `manage.py restore`) runs
inside `suspended()`. On SQLite the triggers call `thidua_guarded()`, a
function only this application's connections define: any other client
(the sqlite3 shell) cannot write to the guarded tables at all. On PostgreSQL
a role that may `SET thidua.maintenance` or drop triggers can still do it: the
guard stops mistakes and application-level tampering, not the database owner.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

_suspended: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "dbguards_suspended", default=False
)

ISSUED = "thidua: quyết định đã ban hành không được sửa hoặc xóa"
AUDIT = "thidua: nhật ký thay đổi chỉ được ghi thêm"

# (name, table, event, condition on the row, message). "{issued:ROW}" stands
# for "ROW's decision is issued": a subquery in SQLite, a check inside the
# function in PostgreSQL (whose WHEN clauses allow no subqueries).
_SAME = " AND ".join(
    f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}"
    for c in (
        "id",
        "at",
        "action",
        "app_label",
        "model",
        "object_id",
        "object_repr",
        "before",
        "after",
        "message",
    )
)
GUARDS = [
    ("decision_upd", "dossiers_decision", "UPDATE", "OLD.status = 'issued'", ISSUED),
    ("decision_del", "dossiers_decision", "DELETE", "OLD.status = 'issued'", ISSUED),
    ("item_ins", "dossiers_decisionitem", "INSERT", "{issued:NEW}", ISSUED),
    ("item_upd", "dossiers_decisionitem", "UPDATE", "{issued:OLD}", ISSUED),
    ("item_del", "dossiers_decisionitem", "DELETE", "{issued:OLD}", ISSUED),
    ("decdossier_ins", "dossiers_decision_dossiers", "INSERT", "{issued:NEW}", ISSUED),
    ("decdossier_del", "dossiers_decision_dossiers", "DELETE", "{issued:OLD}", ISSUED),
    # deleting an account sets actor_id to NULL (SET_NULL): the one change allowed
    ("audit_upd", "core_auditentry", "UPDATE", f"NOT (NEW.actor_id IS NULL AND {_SAME})", AUDIT),
    ("audit_del", "core_auditentry", "DELETE", "", AUDIT),
]  # fmt: skip


def _sqlite_guarded() -> int:
    return 0 if _suspended.get() else 1


def register_sqlite_function(
    sender: Any, connection: BaseDatabaseWrapper, **kw: Any
) -> None:
    """connection_created: define thidua_guarded() on every SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("thidua_guarded", 0, _sqlite_guarded)


def _sqlite(
    name: str, table: str, event: str, condition: str, message: str
) -> list[str]:
    for row in ("NEW", "OLD"):
        condition = condition.replace(
            f"{{issued:{row}}}",
            "(SELECT status FROM dossiers_decision"
            f" WHERE id = {row}.decision_id) = 'issued'",
        )
    when = f"({condition}) AND thidua_guarded()" if condition else "thidua_guarded()"
    return [
        f"DROP TRIGGER IF EXISTS thidua_guard_{name}",
        f"CREATE TRIGGER thidua_guard_{name} BEFORE {event} ON {table} "
        f"FOR EACH ROW WHEN {when} BEGIN SELECT RAISE(ABORT, '{message}'); END",
    ]


# TG_ARGV: the message, then the row ('NEW'/'OLD') whose decision must be a draft.
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION thidua_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  decision bigint;
BEGIN
  IF current_setting('thidua.maintenance', true) = 'on' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_NARGS > 1 THEN
    IF TG_ARGV[1] = 'NEW' THEN decision := NEW.decision_id;
    ELSE decision := OLD.decision_id;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM dossiers_decision WHERE id = decision AND status = 'issued') THEN
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
  END IF;
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END $$
"""


def _postgresql(
    name: str, table: str, event: str, condition: str, message: str
) -> list[str]:
    args = f"'{message}'"
    for row in ("NEW", "OLD"):
        if condition == f"{{issued:{row}}}":
            args, condition = f"{args}, '{row}'", ""
    when = f"WHEN ({condition}) " if condition else ""
    return [
        f"DROP TRIGGER IF EXISTS thidua_guard_{name} ON {table}",
        f"CREATE TRIGGER thidua_guard_{name} BEFORE {event} ON {table} "
        f"FOR EACH ROW {when}EXECUTE FUNCTION thidua_guard({args})",
    ]


def statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        out = [PG_FUNCTION]
        for guard in GUARDS:
            out += _postgresql(*guard)
        return out
    if vendor == "sqlite":
        return [sql for guard in GUARDS for sql in _sqlite(*guard)]
    return []


def install(connection: BaseDatabaseWrapper = default_connection) -> None:
    """Create (or re-create) every trigger; idempotent."""
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor):
            cursor.execute(sql)


def reinstall_after_migrate(using: str = "default", **kw: Any) -> None:
    """post_migrate: put back triggers that a SQLite table rebuild dropped."""
    from django.db import connections

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if {table for _, table, *_ in GUARDS} <= tables:
        install(connection)


def installed(connection: BaseDatabaseWrapper = default_connection) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'thidua_guard_%'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND name LIKE 'thidua_guard_%'"
            )
        return {row[0] for row in cursor.fetchall()}


@contextlib.contextmanager
def suspended(connection: BaseDatabaseWrapper = default_connection) -> Iterator[None]:
    """Let deliberate maintenance (flush, restore) through the guards."""
    token = _suspended.set(True)
    pg = connection.vendor == "postgresql"
    try:
        if pg:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('thidua.maintenance', 'on', false)")
        yield
    finally:
        _suspended.reset(token)
        if pg:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('thidua.maintenance', '', false)")
