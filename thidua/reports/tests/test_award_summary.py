"""The award summary (PostgreSQL's materialized view) gives the registry's figures,
and the statistics page never shows it out of date."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.accounts.models import User
from thidua.commendations import services
from thidua.commendations.catalogue import load_catalogue
from thidua.commendations.models import AwardRecord
from thidua.people.models import Person
from thidua.reports.models import AwardSummaryChange
from thidua.reports.selectors import award_stats, records, summary, summary_current
from thidua.reports.services import award_summary_refresh
from thidua.units.gazetteer import district_by_short_name
from thidua.units.models import OrgUnit
from thidua.units.selectors import descendant_ids

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a materialized view of PostgreSQL"
)
GROUPS = [g.value for g in Person.TargetGroup] + [""]
ETHNICITIES = ["Kinh", "kinh", "KINH", "Thái", "Mông", "Dao"]


@pytest.fixture
def registry(demo_world: Any) -> dict[str, Any]:
    """Awards of every kind of holder, level, form and year, to people of every
    target group, both genders and several ethnicities (spelt as typed)."""
    load_catalogue()
    tan_uyen = district_by_short_name("Tân Uyên")
    communes = list(tan_uyen.children.order_by("pk")[:3])
    places = [tan_uyen, *communes]
    forms = itertools.cycle(["LDTT", "CSTDCS", "BK_TINH", "LDTT"])
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
                unit=places[i % len(places)],
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
    return {"tan_uyen": tan_uyen, "people": people}


def _filters(tan_uyen: OrgUnit) -> list[dict[str, Any]]:
    return [
        {"year_from": 2015, "year_to": 2030},
        {"year_from": 2023, "year_to": 2024},
        {"year_from": 2015, "year_to": 2030, "award_code": "CSTDCS"},
        {"year_from": 2015, "year_to": 2030, "unit_ids": descendant_ids([tan_uyen.pk])},
    ]


def _same(tan_uyen: OrgUnit) -> None:
    for filters in _filters(tan_uyen):
        root = tan_uyen.pk if "unit_ids" in filters else None
        counted = award_stats(records(**filters), root, detail=True)
        assert counted.total and counted.shares and counted.unit_detail
        assert award_stats(summary(**filters), root, detail=True) == counted, filters


def test_the_summary_gives_the_registrys_figures(registry) -> None:
    assert not summary_current()  # the fixture's writes are recorded
    assert award_summary_refresh() > 0
    assert summary_current() and award_summary_refresh() == 0
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


@pytest.mark.parametrize(
    "change", ["revoke", "gender", "ethnicity", "unit kind", "new"]
)
def test_every_change_that_moves_a_figure_waits_for_the_next_refresh(
    registry, change
) -> None:
    award_summary_refresh()
    person = registry["people"][1]
    if change == "revoke":
        record = AwardRecord.objects.filter(person=person).first()
        services.award_record_revoke(record=record, revoked_on=dt.date(2025, 6, 1))
    elif change in ("gender", "ethnicity"):
        person.gender = "male" if person.gender == "female" else "female"
        if change == "ethnicity":
            person.ethnicity = "Kinh" if person.ethnicity != "Kinh" else "Thái"
        person.save()
    elif change == "unit kind":
        OrgUnit.objects.filter(code="SNV").update(kind=OrgUnit.Kind.ENTERPRISE)
    else:
        services.award_record_create(award_type="LDTT", year=2025, person=person)
    assert not summary_current()
    everything = {"year_from": 2015, "year_to": 2030}
    assert award_stats(summary(**everything)) != award_stats(records(**everything))
    award_summary_refresh()
    assert summary_current()
    _same(registry["tan_uyen"])


def test_a_change_that_moves_no_figure_keeps_the_summary(registry) -> None:
    award_summary_refresh()
    person = registry["people"][2]
    person.full_name = "Tên mới"  # the awards' copied name changes too
    person.birth_year = 1980
    person.save()
    AwardRecord.objects.filter(person=person).update(decision_number="12/QĐ-UBND")
    assert summary_current()
    assert AwardSummaryChange.objects.count() == 0


def test_the_page_reads_the_summary_only_while_it_is_current(client, registry) -> None:
    award_summary_refresh()
    client.force_login(User.objects.get(username="tinh"))
    years = {"year_from": 2015, "year_to": 2030}

    def page() -> tuple[int, bool]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/admin/reports/awards/", years)
        read = any(
            'FROM "reports_awardsummary"' in q["sql"] for q in ctx.captured_queries
        )
        return response.context["stats"].total, read

    total, from_summary = page()
    assert from_summary
    services.award_record_create(
        award_type="LDTT", year=2025, person=registry["people"][3]
    )
    # counted from the registry, and a refresh queued (run at once by the tests'
    # task backend), so the next request reads the summary again
    assert page() == (total + 1, False)
    assert page() == (total + 1, True)
