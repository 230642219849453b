"""Trigram indexes on the folded search columns (PostgreSQL only).

Name search is `search_text LIKE '%nguyen van hung%'` over the folded, diacritic-free
text, so "Nguyễn Văn Hùng" and "nguyen van hung" ask the same thing. A B-tree cannot
serve a pattern with a leading %, so over millions of people PostgreSQL reads the
whole table; a pg_trgm GIN index answers it from the trigrams. SQLite keeps its
scan (a demo or test database, a few thousand rows).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _indexes(
    indexes: list[tuple[str, str, str]],
) -> tuple[Any, Any]:
    def create(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for name, table, column in indexes:
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                    f"USING gin ({column} gin_trgm_ops)"
                )

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for name, _, _ in indexes:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")

    return create, drop


def trigram_indexes(*indexes: tuple[str, str, str]) -> migrations.RunPython:
    """A migration operation adding (index name, table, column) GIN trigram
    indexes on PostgreSQL and doing nothing elsewhere."""
    create, drop = _indexes(list(indexes))
    return migrations.RunPython(create, drop, elidable=False)
