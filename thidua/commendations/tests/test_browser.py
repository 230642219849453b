"""A unit officer opens a person from the unit list and reads why they qualify."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.commendations import services
from thidua.commendations.catalogue import load_catalogue
from thidua.commendations.models import AnnualRating, Initiative
from thidua.people.models import Person, Position
from thidua.units.gazetteer import LAST_OLD_DAY, district_by_short_name

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_unit_list_to_person_page(
    demo_world: Any,
    live_server: Any,
    desktop_page: Any,
    phone_page: Any,
    screenshot: Any,
) -> None:
    load_catalogue()
    unit = district_by_short_name("Tân Uyên")
    person = Person.objects.create(
        full_name="Lò Thị Ánh", gender="female", birth_year=1985
    )
    Position.objects.create(
        person=person, unit=unit, start_date=dt.date(2015, 1, 1), end_date=LAST_OLD_DAY
    )
    for year in (2023, 2024, 2025):
        AnnualRating.objects.create(person=person, year=year, rating="HTXS")
        services.award_record_create(
            award_type="CSTDCS", year=year, person=person, unit=unit, branch="htxs"
        )
    idea = Initiative.objects.create(
        title="Bản đồ số đất đai", scope="tinh", recognised_year=2024
    )
    idea.persons.add(person)

    base = live_server.url
    for page, name in ((desktop_page, "desktop"), (phone_page, "phone")):
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", "tanuyen")
        page.fill("#id_password", "thidua2026")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/admin/")
        page.goto(
            f"{base}/admin/commendations/unit/{unit.pk}/?year=2025&code=CSTD_TINH&status=eligible"
        )
        page.get_by_role("link", name="Lò Thị Ánh").click()
        page.wait_for_load_state()
        heading = page.get_by_role(
            "heading", name="Chiến sĩ thi đua cấp tỉnh CSTD_TINH"
        )
        assert heading.is_visible()
        assert page.get_by_text(
            "Căn cứ: Luật Thi đua, khen thưởng 2022, Điều 22"
        ).first.is_visible()
        screenshot(page, f"commendations-person-{name}")  # fmt: skip
