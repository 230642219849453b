"""The award summary (PostgreSQL's table kept by triggers) holds the registry's
figures after every kind of write, concurrent ones included."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from thidua.accounts.models import User
from thidua.commendations import services
from thidua.commendations.catalogue import load_catalogue
from thidua.commendations.models import AwardRecord, AwardType
from thidua.people.models import Person
from thidua.reports.models import MEASURES, AwardSummary
from thidua.reports.selectors import _measures, award_stats, records, summary
from thidua.reports.services import award_summary_rebuild
from thidua.units.gazetteer import district_by_short_name
from thidua.units.models import OrgUnit
from thidua.units.selectors import descendant_ids

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a table kept by PostgreSQL's triggers"
)
GROUPS = [g.value for g in Person.TargetGroup] + [""]
ETHNICITIES = ["Kinh", "kinh", "KINH", "Thái", "Mông", "Dao"]
GROUP = ("year", "unit_id", "collective_id", "award_type_id", "level", "holder_kind")


@pytest.fixture
def registry(demo_world: Any) -> dict[str, Any]:
    """Awards of every kind of holder, level, form and year, to people of every
    target group, both genders and several ethnicities (spelt as typed)."""
    load_catalogue()
    tan_uyen = district_by_short_name("Tân Uyên")
    communes = list(tan_uyen.children.order_by("pk")[:3])
    places = [tan_uyen, *communes]
    forms = itertools.cycle(["LDTT", "CSTDCS", "BK_TINH", "LDTT"])
    levels = itertools.cycle(["xa", "tinh", ""])
    people = []
    for i, group in enumerate(GROUPS * 2):
        person = Person.objects.create(
            full_name=f"Người thứ {i}", gender="female" if i % 3 else "male",
            ethnicity=ETHNICITIES[i % len(ETHNICITIES)], target_group=group,
        )  # fmt: skip
        people.append(person)
        for year in (2019 + i % 3, 2023 + i % 3):
            services.award_record_create(
                award_type=next(forms), year=year, person=person,
                unit=places[i % len(places)], level=next(levels),
            )  # fmt: skip
    for code in ("HTX-CHE", "SNV"):  # an enterprise and an agency
        services.award_record_create(
            award_type="TTLDXS", year=2024, collective=OrgUnit.objects.get(code=code)
        )
    services.award_record_create(
        award_type="GD_VH", year=2024, household_name="Hộ ông Lò Văn Pánh",
        unit=communes[0],
    )  # fmt: skip
    revoked = services.award_record_create(
        award_type="LDTT", year=2024, person=people[0], unit=tan_uyen
    )
    services.award_record_revoke(record=revoked, revoked_on=dt.date(2025, 5, 1))
    return {"tan_uyen": tan_uyen, "communes": communes, "people": people}


def _exact() -> None:
    """Every group of the summary is the registry's own count, and no other."""
    registry = (
        AwardRecord.objects.filter(revoked_on__isnull=True)
        .order_by()
        .values_list(*GROUP)
        .annotate(**_measures(AwardRecord))
    )
    kept = AwardSummary.objects.values_list(*GROUP, *MEASURES)
    assert Counter(kept) == Counter(registry)


def _same(tan_uyen: OrgUnit) -> None:
    """The page's figures from the summary are those counted from the registry."""
    _exact()
    for filters in [
        {"year_from": 2015, "year_to": 2030},
        {"year_from": 2023, "year_to": 2024},
        {"year_from": 2015, "year_to": 2030, "award_code": "CSTDCS"},
        {"year_from": 2015, "year_to": 2030, "unit_ids": descendant_ids([tan_uyen.pk])},
    ]:
        root = tan_uyen.pk if "unit_ids" in filters else None
        counted = award_stats(records(**filters), root, detail=True)
        assert counted.total and counted.shares and counted.unit_detail
        assert award_stats(summary(**filters), root, detail=True) == counted, filters


def test_the_summary_gives_the_registrys_figures(registry) -> None:
    _same(registry["tan_uyen"])
    stats = award_stats(summary(year_from=2015, year_to=2030))
    shares = {s.label: (s.count, s.total) for s in stats.shares}
    assert shares["Doanh nghiệp, hợp tác xã"] == (1, 2)
    assert stats.total == AwardRecord.objects.filter(revoked_on__isnull=True).count()
    # whole numbers, as the registry's counts (PostgreSQL sums into decimals)
    counts = [
        stats.total,
        *(s.count for s in stats.shares),
        *(u.count for u in stats.by_unit),
    ]
    assert {type(n) for n in counts} == {int}


def _swap_gender(people: Any) -> None:
    for person in people:
        person.gender = "male" if person.gender == "female" else "female"
        person.save()


def _bulk_insert(r: dict[str, Any]) -> None:
    ldtt = AwardType.objects.get(code="LDTT")
    AwardRecord.objects.bulk_create(
        [AwardRecord(award_type=ldtt, year=2025, person=p, unit=r["tan_uyen"], level="xa")
         for p in r["people"][:5]]
        + [AwardRecord(award_type=ldtt, year=2025, holder_kind="collective",
                       collective=OrgUnit.objects.get(code="HTX-CHE")),
           AwardRecord(award_type=ldtt, year=2025, holder_kind="household",
                       household_name="Hộ bà Lò Thị Ún", unit=r["communes"][1]),
           AwardRecord(award_type=ldtt, year=2026, person=r["people"][6],
                       revoked_on=dt.date(2026, 1, 1))]
    )  # fmt: skip


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _live() -> Any:
    return AwardRecord.objects.filter(revoked_on__isnull=True)


# each kind of change, several rows in one statement where the registry allows it
CHANGES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "insert": lambda r: services.award_record_create(
        award_type="LDTT", year=2025, person=r["people"][1]
    ),
    "bulk insert": _bulk_insert,
    "revoke": lambda r: services.award_record_revoke(
        record=_live().filter(person=r["people"][1]).first(),
        revoked_on=dt.date(2025, 6, 1),
    ),
    "unrevoke": lambda r: AwardRecord.objects.update(revoked_on=None),
    "year": lambda r: AwardRecord.objects.filter(year__lt=2023).update(year=2021),
    "unit": lambda r: AwardRecord.objects.filter(unit=r["tan_uyen"]).update(
        unit=r["communes"][2]
    ),
    "type": lambda r: AwardRecord.objects.filter(award_type__code="LDTT").update(
        award_type=AwardType.objects.get(code="CSTDCS")
    ),
    "level": lambda r: AwardRecord.objects.filter(level="xa").update(level="huyen"),
    "kind": lambda r: (
        _live()
        .filter(person=r["people"][2])
        .update(holder_kind="collective", person=None, collective=_unit("SNV"))
    ),
    "person": lambda r: AwardRecord.objects.filter(person=r["people"][3]).update(
        person=r["people"][4]
    ),
    "gender": lambda r: _swap_gender(r["people"][:3]),
    "genders": lambda r: Person.objects.filter(gender="female").update(gender="male"),
    "target group": lambda r: Person.objects.filter(
        target_group__in=["can_bo", "cong_nhan"]
    ).update(target_group="nong_dan"),
    "ethnicity": lambda r: Person.objects.filter(ethnicity__in=["Thái", "kinh"]).update(
        ethnicity="Kinh"
    ),
    "unit kind": lambda r: OrgUnit.objects.filter(code__in=["SNV", "HTX-CHE"]).update(
        kind=OrgUnit.Kind.AGENCY
    ),
    "delete": lambda r: AwardRecord.objects.filter(person__in=r["people"][:4]).delete(),
}


def test_every_change_is_in_the_summary_at_once(registry) -> None:
    """One after the other on the same registry (its fixture costs seconds)."""
    for name, change in CHANGES.items():
        before = Counter(AwardSummary.objects.values_list(*GROUP, *MEASURES))
        change(registry)
        after = Counter(AwardSummary.objects.values_list(*GROUP, *MEASURES))
        assert after != before, name
        _same(registry["tan_uyen"])


def test_a_change_that_moves_no_figure_writes_no_group(registry) -> None:
    def versions() -> list[tuple[int, str]]:  # a group rewritten gets a new xmin
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, xmin::text FROM reports_awardsummary ORDER BY id"
            )
            return cursor.fetchall()

    before = versions()
    person = registry["people"][2]
    person.full_name = "Tên mới"  # the awards' copied name changes too
    person.birth_year = 1980
    person.save()
    AwardRecord.objects.filter(person=person).update(decision_number="12/QĐ-UBND")
    Person.objects.filter(ethnicity="kinh").update(ethnicity="KINH")
    assert versions() == before


def test_a_load_past_the_triggers_is_counted_by_the_rebuild(registry) -> None:
    with connection.cursor() as cursor:  # the test's deferred checks first
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE commendations_awardrecord")
    assert not AwardSummary.objects.exists()
    with connection.cursor() as cursor:  # what bench/national_data.py's COPY does
        cursor.execute("SET session_replication_role = replica")
        CHANGES["insert"](registry)
        _bulk_insert(registry)
        cursor.execute("RESET session_replication_role")
    assert not AwardSummary.objects.exists()
    assert award_summary_rebuild() == AwardSummary.objects.count() > 0
    _exact()


def test_the_page_reads_the_summary(client, registry) -> None:
    client.force_login(User.objects.get(username="tinh"))
    years = {"year_from": 2015, "year_to": 2030}

    def page() -> tuple[int, bool]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/admin/reports/awards/", years)
        sql = " ".join(q["sql"] for q in ctx.captured_queries)
        return response.context["stats"].total, 'FROM "reports_awardsummary"' in sql

    total, _ = page()
    services.award_record_create(
        award_type="LDTT", year=2025, person=registry["people"][3]
    )
    assert page() == (total + 1, True)


def _meanwhile(pool: ThreadPoolExecutor, write: Callable[[], Any]) -> Future[None]:
    """Run `write` in its own transaction on another connection; return once it
    waits for a lock this one holds (or has finished, having waited for none)."""

    def run() -> None:
        try:
            with transaction.atomic():
                write()
        finally:
            connections.close_all()

    future = pool.submit(run)
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while not future.done() and time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                break
            time.sleep(0.02)
    return future


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("first", ["gender", "award"])
def test_a_gender_changed_while_an_award_is_given(first) -> None:
    """READ COMMITTED: each transaction's triggers see the other's rows only once
    it commits. The award's trigger reads its holder FOR SHARE: it waits for the
    gender's change and counts the award as a woman's, or the change waits for
    the award and its trigger moves it too (docs/decisions/0016)."""
    load_catalogue()
    person = Person.objects.create(full_name="Người đồng thời", gender="male")
    services.award_record_create(award_type="LDTT", year=2023, person=person)

    def gender() -> None:
        Person.objects.filter(pk=person.pk).update(gender="female")

    def award() -> None:
        services.award_record_create(award_type="LDTT", year=2024, person=person)

    mine, theirs = (gender, award) if first == "gender" else (award, gender)
    with ThreadPoolExecutor(max_workers=1) as pool:
        with transaction.atomic():
            mine()
            other = _meanwhile(pool, theirs)
            assert not other.done()  # waiting for this transaction's lock
        other.result(timeout=10)
    _exact()
    assert sorted(AwardSummary.objects.values_list("year", "n", "women")) == [
        (2023, 1, 1),
        (2024, 1, 1),
    ]
