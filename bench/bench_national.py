"""Back-office screens at national size on PostgreSQL (issue 14, items 1 and 2).

Builds its own database (`thidua_bench_national` on the PostgreSQL at
BENCH_PG, never the demo's) with bench/national_data.py — COPY, not ORM saves —
then grows the people in steps (BENCH_NATIONAL_STEPS, default 100k, 500k, 2M)
and after each step requests every screen through the real views with a
logged-in client: the province officer of one province (what a province's
office sees) and the national administrator (every unit): every list, then each
list with its filters, and a cluster's scoring (bench/national_blocs.py, built
once like the dossiers). BENCH_NATIONAL_DEEP (default 25,000) moves the deep
pages' row for a trial on a few thousand people. Each screen is asked
BENCH_REPEAT times after one warm-up; the table gives p50 and p95 per step, the
SQL statements per request, and for the slowest statement at the last step its
`EXPLAIN` plan. Ratios in the same run: keyset vs offset pages and the indexed
search vs the same query with index scans off, the award summary vs the registry,
and what the summary's triggers add to a write of 1,000 awards. After each step
the award summary is rebuilt (the COPY bypasses its triggers) and timed.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_NATIONAL_DB", "thidua_bench_national")
STEPS = [
    int(s)
    for s in os.environ.get("BENCH_NATIONAL_STEPS", "100000,500000,2000000").split(",")
]
REPEAT = int(os.environ.get("BENCH_REPEAT", "10"))
# the row a deep page starts at (OFFSET reads every row before it); smaller for a
# trial run on a few thousand people
DEEP = int(os.environ.get("BENCH_NATIONAL_DEEP", "25000"))
REPORT_YEARS = (dt.date.today().year - 5, dt.date.today().year)  # the page's default
AWARD_ORDER = ("-year", "-award_rank", "search_text")  # the registries' orders
RATING_ORDER = ("-year", "search_text")
PROVINCE = "12"
PARTIAL = (
    ROOT / "var" / "bench_national_partial.md"
)  # the figures so far, step by step  # any province code of the gazetteer; its officer is measured


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


def _deep(qs: Any, offset: int) -> str:
    """The keyset cursor of the row at `offset`: the link a user reaches by paging."""
    from thidua.core import keyset

    row = qs[offset]
    return keyset._encode(keyset._values(row, keyset._order(qs)))


def _screens(units: dict[str, Any]) -> list[tuple[str, str]]:
    from thidua.commendations.models import AnnualRating, AwardRecord
    from thidua.core.models import AuditEntry
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
        (
            f"people, keyset page at row {DEEP:,}",
            f"/admin/people/?sau={_deep(Person.objects.vn_ordered(), DEEP)}",
        ),
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
        (
            f"awards, keyset page at row {DEEP:,}",
            "/admin/commendations/registry/awards/?sau="
            + _deep(AwardRecord.objects.order_by(*AWARD_ORDER), DEEP),
        ),
        ("ratings registry", "/admin/commendations/registry/ratings/"),
        (
            f"ratings, keyset page at row {DEEP:,}",
            "/admin/commendations/registry/ratings/?sau="
            + _deep(AnnualRating.objects.order_by(*RATING_ORDER), DEEP),
        ),
        (
            "ratings, search 'tran thi lan'",
            "/admin/commendations/registry/ratings/?q=tran+thi+lan",
        ),
        ("dossiers", "/admin/ho-so/"),
        ("dossier", f"/admin/ho-so/{dossier.pk}/"),
        ("decisions", "/admin/ho-so/quyet-dinh/"),
        ("audit", "/admin/audit/"),
        (
            f"audit, keyset page at row {DEEP:,}",
            f"/admin/audit/?sau={_deep(AuditEntry.objects.order_by('-at', '-pk'), DEEP)}",
        ),
        ("reports, awards by year", "/admin/reports/awards/"),
        ("reports, one province's units", f"/admin/reports/awards/?unit={province}"),
        *_filtered(province),
        *_scoring(province),
    ]


def _filtered(province: int) -> list[tuple[str, str]]:
    """Each list with the filters its form offers, on values the set holds."""
    import national_scope

    from thidua.accounts.models import User

    admin = User.objects.get(username="quocgia_bench").pk
    commune = national_scope.commune_of(province)
    awards, ratings = "/admin/commendations/registry/awards/", "/admin/commendations/registry/ratings/"  # fmt: skip
    return [
        ("people of one commune", f"/admin/people/?unit={commune}"),
        ("units, wards", "/admin/units/?kind=ward"),
        ("units in force on 30/06/2025", "/admin/units/?on=30/06/2025"),
        ("awards, 2024", f"{awards}?year=2024"),
        ("awards, 2024, CSTDCS", f"{awards}?year=2024&type=CSTDCS"),
        ("awards, one province", f"{awards}?unit={province}"),
        ("awards, one commune, 2023", f"{awards}?unit={commune}&year=2023"),
        ("ratings, 2023, HTXS", f"{ratings}?year=2023&type=HTXS"),
        ("ratings, one commune", f"{ratings}?unit={commune}"),
        ("ratings, one province", f"{ratings}?unit={province}"),
        ("dossiers, submitted", "/admin/ho-so/?status=submitted"),
        ("dossiers, overdue", "/admin/ho-so/?han=qua-han"),
        ("dossiers, page 50", "/admin/ho-so/?page=50"),
        ("decisions, page 20", "/admin/ho-so/quyet-dinh/?page=20"),
        ("audit, updates", "/admin/audit/?action=update"),
        ("audit, nominees", "/admin/audit/?model=dossiers.nominee"),
        ("audit, one user's", f"/admin/audit/?actor={admin}"),
    ]


def _scoring(province: int) -> list[tuple[str, str]]:
    """A cluster of the province's communes: its finalised ranking and its
    approved figures (bench/national_blocs.py)."""
    from thidua.emulation.models import ReportingPeriod, ScoringTable

    table = ScoringTable.objects.filter(bloc__organiser_id=province).order_by("pk")[0]
    period = ReportingPeriod.objects.get(bloc_id=table.bloc_id, year=table.year)
    return [
        ("clusters, periods, tables", "/admin/thi-dua/"),
        ("a cluster's scores and ranking", f"/admin/thi-dua/bang-diem/{table.pk}/"),
        ("a cluster's figures grid", f"/admin/thi-dua/ky/{period.pk}/"),
    ]


def _rebuild() -> float:
    """Seconds to recount the award summary (the COPY bypassed its triggers)."""
    from django.db import connection

    from thidua.reports.services import award_summary_rebuild

    started = time.perf_counter()
    award_summary_rebuild()
    took = time.perf_counter() - started
    with connection.cursor() as cursor:  # the previous step's groups, deleted
        cursor.execute("VACUUM ANALYZE reports_awardsummary")
    return took


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


def _sql_ms(sql: str, params: Any, setup: tuple[str, ...] = ()) -> float:
    """Median of 5 runs of one statement (after one warm-up), in ms."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for statement in setup:
            cursor.execute(statement)
        times = []
        for _ in range(6):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            times.append(time.perf_counter() - started)
    return sorted(times[1:])[2] * 1000


NO_INDEX = ("SET LOCAL enable_indexscan = off", "SET LOCAL enable_bitmapscan = off",
            "SET LOCAL enable_indexonlyscan = off")  # fmt: skip


def _pairs() -> list[tuple[str, str, Any, Any, tuple[str, ...]]]:
    """(what, how, new query, old query, settings for the old one): the same rows
    asked the new way and the way it replaces."""
    import national_scope

    from thidua.commendations.models import AnnualRating, AwardRecord
    from thidua.commendations.registry_views import _rated_named
    from thidua.core import keyset
    from thidua.core.models import AuditEntry
    from thidua.people.models import Person
    from thidua.people.selectors import people_list
    from thidua.reports import selectors as reports
    from thidua.units.models import OrgUnit

    out: list[tuple[str, str, Any, Any, tuple[str, ...]]] = []
    for q in ("nguyen van hung", "Nguyễn Văn Hùng"):
        search = people_list(Person.objects.all(), q=q)[:51]
        out.append((f"people search '{q}', first page", "trigram index vs seq scan",
                    search, search, NO_INDEX))  # fmt: skip
    awards = AwardRecord.objects.filter(search_text__contains="tran thi lan")
    awards = awards.order_by(*AWARD_ORDER, "pk")[:51]
    out.append(("awards search 'tran thi lan', first page", "trigram index vs seq scan",
                awards, awards, NO_INDEX))  # fmt: skip
    ratings = AnnualRating.objects.filter(search_text__contains="tran thi lan")
    ratings = ratings.order_by(*RATING_ORDER, "pk")[:51]
    out.append(("ratings search 'tran thi lan', first page", "trigram index vs seq scan",
                ratings, ratings, NO_INDEX))  # fmt: skip
    # what the screen asks for a name few people bear: through the people
    named = AnnualRating.objects.filter(_rated_named("tran thi lan"))
    named = named.order_by(*RATING_ORDER, "pk")[:51]
    out.append(("ratings search 'tran thi lan', first page",
                "people's trigram index vs the ratings'", named, ratings, ()))  # fmt: skip
    years = {"year_from": REPORT_YEARS[0], "year_to": REPORT_YEARS[1]}
    for what, registry, summary in (
        (f"reports, figures by form, level, year and kind, {REPORT_YEARS[0]}–{REPORT_YEARS[1]}",
         _report_groups(reports.records(**years)), _report_groups(reports.summary(**years))),
        ("reports, awards per holder unit, same years",
         _report_units(reports.records(**years)), _report_units(reports.summary(**years))),
    ):  # fmt: skip
        out.append((what, "award summary vs registry", summary, registry, ()))
    for name, qs in (
        ("people", Person.objects.vn_ordered()),
        ("awards", AwardRecord.objects.order_by(*AWARD_ORDER)),
        ("ratings", AnnualRating.objects.order_by(*RATING_ORDER)),
        ("audit", AuditEntry.objects.order_by("-at", "-pk")),
    ):
        keys = keyset._order(qs)
        cursor = keyset._values(qs[DEEP - 1], keys)
        after, got = [], 0  # the statements keyset_page issues for the page
        for part in keyset._beyond(keys, cursor, True):
            after.append(qs.filter(part)[: 51 - got])
            got += len(after[-1])
            if got >= 51:
                break
        out.append((f"{name}, page at row {DEEP:,}", "keyset vs OFFSET",
                    after, qs[DEEP : DEEP + 51], ()))  # fmt: skip
    province = OrgUnit.objects.get(kind="province", code=PROVINCE).pk
    return out + national_scope.pairs(province, RATING_ORDER)


def _report_groups(qs: Any) -> Any:
    """The statistics page's first statement (reports/selectors.award_stats)."""
    from thidua.reports.selectors import _measures

    groups = qs.order_by().values_list("award_type_id", "level", "year", "holder_kind")
    return groups.annotate(**_measures(qs.model))


def _report_units(qs: Any) -> Any:
    """Its second: awards per holder unit."""
    from django.db.models.functions import Coalesce

    from thidua.reports.selectors import _measures

    holders = qs.order_by().annotate(holder_unit=Coalesce("collective_id", "unit_id"))
    return holders.values_list("holder_unit").annotate(n=_measures(qs.model)["n"])


def _ratios(
    ratios: dict[tuple[str, str], dict[int, tuple[float, float]]], people: int
) -> None:
    for what, how, new, old, setup in _pairs():
        old_sql, old_params = old.query.sql_with_params()
        ratios.setdefault((what, how), {})[people] = (
            sum(_sql_ms(*q.query.sql_with_params()) for q in _statements(new)),
            _sql_ms(old_sql, old_params, setup),
        )
    for what, sql, trigger in _writes():
        ratios.setdefault((what, "award summary's triggers vs none"), {})[people] = (
            _write_ms(sql), _write_ms(sql, off=trigger),
        )  # fmt: skip


def _writes() -> list[tuple[str, str, str]]:
    """(what, statement, the summary trigger it fires): 1,000 awards written in one
    statement, as a decision issued or revoked writes them."""
    from thidua.commendations.models import AwardRecord

    table = AwardRecord._meta.db_table
    columns = ", ".join(
        f'"{f.column}"' for f in AwardRecord._meta.concrete_fields if not f.primary_key
    )
    latest = (
        f"SELECT id FROM {table} WHERE revoked_on IS NULL ORDER BY id DESC LIMIT 1000"
    )
    return [
        ("1,000 awards inserted (copies of the latest)",
         f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}"
         f" WHERE id IN ({latest})", "reports_summary_award_ins"),
        ("1,000 awards revoked",
         f"UPDATE {table} SET revoked_on = '2026-01-01' WHERE id IN ({latest})",
         "reports_summary_award_upd"),
    ]  # fmt: skip


def _write_ms(sql: str, off: str = "") -> float:
    """Median of 5 runs of a write (after one warm-up), each rolled back, in ms;
    with the trigger `off` disabled inside that transaction."""
    from django.db import connection, transaction

    times = []
    for _ in range(6):
        with transaction.atomic(), connection.cursor() as cursor:
            if off:
                cursor.execute(
                    f"ALTER TABLE commendations_awardrecord DISABLE TRIGGER {off}"
                )
            started = time.perf_counter()
            cursor.execute(sql)
            times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    return sorted(times[1:])[2] * 1000


def _statements(new: Any) -> list[Any]:
    return new if isinstance(new, list) else [new]


def _plans() -> list[str]:
    from django.db import connection

    lines = []
    for what, how, new, _, _ in _pairs():
        plans = []
        for q in _statements(new):
            sql, params = q.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, TIMING OFF) " + sql, params)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        plan = "\n-- then\n".join(plans)
        lines += [f"- {what} ({how.split(' vs ')[0]}):", "", "```", plan[:2500], "```", ""]  # fmt: skip
    return lines


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
    import national_blocs as nb
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
    ratios: dict[tuple[str, str], dict[int, tuple[float, float]]] = {}
    plans: list[str] = []
    for step, people in enumerate(STEPS):
        t0 = time.perf_counter()
        counts = nd.grow(units, people)
        if step == 0 and not nd.has_dossiers():
            counts |= nd.dossiers(units)
        if step == 0 and not nb.has_blocs():
            counts |= nb.build(units, users["national admin"])
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        built = time.perf_counter() - t0
        with connection.cursor() as cursor:  # the COPY's pages written out before
            cursor.execute("CHECKPOINT")  # the screens, not while they are timed
        rebuild = _rebuild()
        build.append(
            f"to {people:,} people: {built:.0f} s, load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores ("
            + ", ".join(f"{v:,} {k}" for k, v in counts.items())
            + f"), then the award summary rebuilt in {rebuild:.1f} s"
        )
        screens = screens or _screens(units)
        # as thidua/wsgi.py does in each worker after start-up: what lives as long
        # as the process (here with the set's index of units) is out of the
        # collector's walk; unfrozen, each full collection paused a request
        # 0.1–0.2 s every ten or so
        gc.collect()
        gc.freeze()
        loads = []  # the machine is shared: its 1-minute load beside each screen
        for role, user in users.items():
            client = Client()
            client.force_login(user)
            for name, url in screens:
                loads.append(os.getloadavg()[0])
                times, status, nq, queries = _time(client, url)
                results.setdefault((role, name), {})[people] = (
                    _pct(times, 0.5), _pct(times, 0.95), nq, status,
                )  # fmt: skip
                if queries:  # kept from the largest step measured
                    slowest[(role, name)] = max(queries)
        build.append(
            f"screens at {people:,} measured with a load average of "
            f"{min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores"
        )
        _ratios(ratios, people)
        plans = _plans()
        partial = _report(results, build, slowest, time.perf_counter() - started)
        PARTIAL.parent.mkdir(exist_ok=True)
        PARTIAL.write_text(
            partial + "\n" + "\n".join(_ratio_lines(ratios) + plans), "utf-8"
        )
        sys.stdout.write(f"   step {people:,} measured ({PARTIAL})\n")
        sys.stdout.flush()
    return PARTIAL.read_text("utf-8")


def _ratio_lines(
    ratios: dict[tuple[str, str], dict[int, tuple[float, float]]],
) -> list[str]:
    lines = [
        "",
        "Ratios in the same run (one SQL statement, median of 5 after a warm-up, ms: "
        "the new way / the way it replaces; for writes, with the award summary's "
        "triggers / without, each rolled back):",
        "",
        "| query | compared | " + " | ".join(f"{n:,}" for n in STEPS) + " |",
        "|" + " --- |" * (len(STEPS) + 2),
    ]
    for (what, how), per in ratios.items():
        cells = " | ".join(
            f"{per[n][0]:.1f} / {per[n][1]:.1f} (×{_times(per[n][1] / max(per[n][0], 0.01))})"
            for n in STEPS
            if n in per
        )
        lines.append(f"| {what} | {how} | {cells} |")
    return lines + ["", "Plans of the new way at the largest step measured:", ""]


def _times(ratio: float) -> str:
    """×12 for a gain, ×0.8 for what a write pays for the award summary's triggers."""
    return f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}"


def _report(
    results: dict[tuple[str, str], dict[int, tuple[float, float, int, int]]],
    build: list[str],
    slowest: dict[tuple[str, str], tuple[float, str]],
    total: float,
) -> str:
    head = "| role | screen | " + " | ".join(f"{n:,}: p50 / p95 ms" for n in STEPS)
    lines = [
        "## national — back-office screens at "
        + ", ".join(f"{n:,}" for n in STEPS)
        + " people (PostgreSQL)",
        "",
        "Data set (COPY): " + "; ".join(build) + f". Whole run {total:.0f} s.",
        f"Each screen requested {REPEAT} times after a warm-up, logged in, through the real "
        "views (Django test client, PostgreSQL on loopback), the process's start-up "
        "heap frozen as thidua/wsgi.py freezes each worker's. Target: p95 < 300 ms at "
        "every step.",
        "",
        head + " | SQL statements | status | target |",
        "|" + " --- |" * (len(STEPS) + 5),
    ]
    for (role, name), per in results.items():
        cells = " | ".join(
            f"{per[n][0]:.0f} / {per[n][1]:.0f}" for n in STEPS if n in per
        )
        last = per[max(per)]  # the largest step measured so far
        met = all(p95 < 300 and status == 200 for _, p95, _, status in per.values())
        met = "met" if met else "**missed**"
        lines.append(f"| {role} | {name} | {cells} | {last[2]} | {last[3]} | {met} |")
    lines += [
        "",
        "Slowest statement per screen at the largest step, with its plan when the "
        "database itself takes 20 ms or more on it again (under load a trivial "
        "statement can wait for a core; those are listed without a plan):",
        "",
    ]
    for (role, name), (secs, sql) in slowest.items():
        if secs < 0.05:
            continue
        if sql.lstrip().upper().startswith("EXPLAIN"):  # the estimated count itself
            lines.append(
                f"- {role}, {name}: {secs * 1000:.0f} ms (the planner's estimate)"
            )
            continue
        plan = _explain(sql)
        took = re.search(r"Execution Time: ([\d.]+) ms", plan)
        line = f"- {role}, {name}: {secs * 1000:.0f} ms"
        if took and float(took.group(1)) < 20:
            lines.append(line + f" (re-run: {float(took.group(1)):.1f} ms)")
            continue
        lines += [line, "", "```", plan[:1500], "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(run() + "\n")
