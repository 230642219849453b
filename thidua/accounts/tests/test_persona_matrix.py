"""The persona matrix of docs/permissions.md, walked over every URL pattern.

The matrix is the table under "## Persona matrix" in docs/permissions.md: one row per
URL name (or, for Wagtail's own and viewset screens, per path prefix), the objects its
arguments name, and the status each persona gets — "GET" or "GET/POST" where a POST
(an empty form; a valid JSON body for the API) must be refused with that status and
change nothing. Every object belongs to Huyện Tân Uyên
(thidua/accounts/tests/persona_world.py), so the matrix reads as "what each role gets
on another unit's objects" except for the officer column, Tân Uyên's own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from thidua.core.models import AuditEntry

from .persona_world import PERSONAS, bodies, build, login

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"
HEADING = "## Persona matrix"
REFUSED = {302, 401, 403, 404, 405}
# Wagtail's page for testing the error page raises on purpose
RAISES_ON_PURPOSE = "wagtailadmin_error_test"


@dataclass(frozen=True)
class Row:
    key: str  # a URL name, or a path prefix starting with "/"
    args: dict[str, str]
    get: dict[str, int]
    post: dict[str, int]

    @property
    def is_prefix(self) -> bool:
        return self.key.startswith("/")


def matrix() -> dict[str, Row]:
    text = DOC.read_text(encoding="utf-8").split(HEADING, 1)[1]
    rows: dict[str, Row] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("| `") or len(cells) != 2 + len(PERSONAS):
            continue
        key = cells[0].strip("`")
        args = dict(
            part.strip("` ").split("=", 1)
            for part in cells[1].split(",")
            if "=" in part
        )
        get: dict[str, int] = {}
        post: dict[str, int] = {}
        for persona, cell in zip(PERSONAS, cells[2:], strict=True):
            codes = cell.split("/")
            get[persona] = int(codes[0])
            if len(codes) > 1:
                post[persona] = int(codes[1])
        assert key not in rows, f"{key} twice in the matrix"
        rows[key] = Row(key, args, get, post)
    return rows


def patterns(
    resolver: URLResolver | None = None, prefix: str = "", ns: str = ""
) -> Iterator[tuple[str, str | None]]:
    """(route, namespaced name) of every URL pattern of the project."""
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            inner = ns + (f"{p.namespace}:" if p.namespace else "")
            yield from patterns(p, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (ns + p.name) if p.name else None


def covering_row(rows: dict[str, Row], route: str, name: str | None) -> Row | None:
    if name and name in rows:
        return rows[name]
    prefixes = [r for r in rows.values() if r.is_prefix and route.startswith(r.key[1:])]
    return max(prefixes, key=lambda r: len(r.key), default=None)


def test_every_url_pattern_is_in_the_matrix() -> None:
    rows = matrix()
    missing = [
        f"{route} ({name})"
        for route, name in patterns()
        if covering_row(rows, route, name) is None
    ]
    assert not missing, "views missing from docs/permissions.md:\n" + "\n".join(missing)
    names = {name for _, name in patterns()}
    stale = [k for k, r in rows.items() if not r.is_prefix and k not in names]
    assert not stale, f"matrix rows naming no URL: {stale}"


def url_of(row: Row, ids: dict[str, Any]) -> str:
    if "url" in row.args:
        return row.args["url"].format(**ids)
    if row.is_prefix:
        return row.key
    kwargs = {
        k: str(ids.get(v, v))
        for k, v in row.args.items()
        if k[0] != "?" and k != "body"
    }
    query = "&".join(
        f"{k[1:]}={ids.get(v, v)}" for k, v in row.args.items() if k[0] == "?"
    )
    return reverse(row.key, kwargs=kwargs) + (f"?{query}" if query else "")


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Any:
    from django.test import override_settings

    media = tmp_path_factory.mktemp("persona")
    with (
        override_settings(
            MEDIA_ROOT=media / "media",
            PRIVATE_MEDIA_ROOT=media / "private",
            SITE_URL="https://thidua.example",
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build()
        transaction.set_rollback(True)


def fingerprint() -> tuple[Any, ...]:
    """Row counts of the project's tables and the last audit entry, in one query: a
    refused write leaves all of them as they were (changes to audited models are
    audited)."""
    tables = [
        m._meta.db_table
        for m in apps.get_models()
        # not the unmanaged: the award summary is a view, and on PostgreSQL only
        if m.__module__.startswith("thidua.") and m._meta.managed and not m._meta.proxy
    ]
    audit = AuditEntry._meta.db_table
    counts = ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT (SELECT MAX(id) FROM "{audit}"), {counts}')
        return tuple(cursor.fetchone() or ())


def _ordered(rows: dict[str, Row]) -> list[Row]:
    # logging out ends the persona's session: last
    return sorted(rows.values(), key=lambda r: "logout" in r.key)


def _walk(world: dict[str, Any], method: str) -> list[str]:
    rows = _ordered(matrix())
    valid = bodies(world)
    wrong: list[str] = []
    client = Client(raise_request_exception=False)
    for persona in PERSONAS:
        login(client, persona)
        for row in rows:
            expected = (row.get if method == "get" else row.post).get(persona)
            if expected is None:
                continue
            url = url_of(row, world)
            if method == "get":
                got = client.get(url).status_code
            else:
                assert expected in REFUSED, f"{row.key}: {expected} is not a refusal"
                before = fingerprint()
                if url.startswith("/api/"):
                    body = valid.get(row.args.get("body", ""), {})
                    got = client.post(
                        url, json.dumps(body), content_type="application/json"
                    ).status_code
                else:
                    got = client.post(url, {}).status_code
                if fingerprint() != before:
                    wrong.append(f"{persona} POST {url}: changed the database")
            if got == 500 and row.key != RAISES_ON_PURPOSE:
                wrong.append(f"{persona} {method.upper()} {url}: server error")
            if got != expected:
                wrong.append(
                    f"{persona} {method.upper()} {url} ({row.key}): {got}, matrix {expected}"
                )
            if "logout" in row.key:
                login(client, persona)
    return wrong


@pytest.mark.django_db
def test_every_persona_gets_what_the_matrix_says(world: dict[str, Any]) -> None:
    wrong = _walk(world, "get")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_wrong_roles_cannot_write_and_nothing_changes(world: dict[str, Any]) -> None:
    wrong = _walk(world, "post")
    assert not wrong, "\n".join(wrong)
