from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from thidua.accounts.models import User
from thidua.commendations import services
from thidua.commendations.catalogue import load_catalogue
from thidua.people.models import Person, Position
from thidua.reports.selectors import award_stats, bars, records
from thidua.units.gazetteer import district_by_short_name
from thidua.units.models import OrgUnit


@pytest.fixture
def awards(demo_world: Any) -> dict[str, Any]:
    load_catalogue()
    tan_uyen = district_by_short_name("Tân Uyên")
    farmer = Person.objects.create(
        full_name="Lò Thị Ánh",
        gender="female",
        ethnicity="Thái",
        target_group="nong_dan",
    )
    officer = Person.objects.create(
        full_name="Nguyễn Văn An", gender="male", ethnicity="Kinh"
    )
    for p in (farmer, officer):
        Position.objects.create(person=p, unit=tan_uyen, start_date=dt.date(2015, 1, 1))
    services.award_record_create(
        award_type="LDTT", year=2024, person=farmer, unit=tan_uyen
    )
    services.award_record_create(
        award_type="LDTT", year=2024, person=officer, unit=tan_uyen
    )
    services.award_record_create(
        award_type="BK_TINH", year=2025, person=farmer, unit=tan_uyen
    )
    coop = OrgUnit.objects.get(code="HTX-CHE")
    services.award_record_create(award_type="TTLDXS", year=2025, collective=coop)
    old = services.award_record_create(
        award_type="LDTT", year=2019, person=officer, unit=tan_uyen
    )
    return {"tan_uyen": tan_uyen, "old": old}  # fmt: skip


def test_breakdowns_and_shares(awards) -> None:
    stats = award_stats(records(year_from=2021, year_to=2025))
    assert stats.total == 4  # the 2019 award is outside the range
    assert dict(stats.by_form) == {
        "Tập thể lao động xuất sắc": 1, "Bằng khen của Chủ tịch UBND tỉnh": 1, "Lao động tiên tiến": 2,
    }  # fmt: skip
    # highest rank first
    assert stats.by_form[0][0] == "Bằng khen của Chủ tịch UBND tỉnh"
    assert dict(stats.by_year) == {"2024": 2, "2025": 2}
    shares = {s.label: (s.count, s.total) for s in stats.shares}
    assert shares["Nông dân"] == (2, 3)
    assert shares["Nữ"] == (2, 3)
    assert shares["Người dân tộc thiểu số"] == (2, 3)
    assert shares["Doanh nghiệp, hợp tác xã"] == (1, 1)
    assert shares["Khen thưởng cấp cơ sở (đơn vị, xã)"] == (2, 4)


def test_bars_scale_to_the_longest() -> None:
    chart = bars("Theo năm", [("2024", 5), ("2025", 10)])
    assert [r["length"] for r in chart["rows"]] == [100.0, 200.0]
    assert chart["height"] == 28


def test_page_and_xlsx_export(client, awards) -> None:
    client.force_login(User.objects.get(username="tinh"))
    page = client.get("/admin/reports/awards/", {"year_from": 2021, "year_to": 2025})
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text and "66,7%" in text  # 2 of 3 individual awards to women
    export = client.get(
        "/admin/reports/awards/export.xlsx", {"year_from": 2021, "year_to": 2025}
    )
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames[:3] == ["Tỷ lệ", "Theo hình thức", "Theo cấp"]
    rows = {r[0]: r for r in book["Tỷ lệ"].iter_rows(values_only=True) if r and r[0]}
    assert rows["Nữ"][1:3] == (2, 3)
    forms = dict(book["Theo hình thức"].iter_rows(min_row=2, values_only=True))
    assert forms["Lao động tiên tiến"] == 2


def test_unit_officer_sees_only_their_units(client, awards) -> None:
    client.force_login(User.objects.get(username="tanuyen"))
    page = client.get("/admin/reports/awards/", {"year_from": 2021, "year_to": 2025})
    assert page.context["stats"].total == 3  # the cooperative is not theirs
    other = district_by_short_name("Mường Tè")
    assert client.get("/admin/reports/awards/", {"unit": other.pk}).status_code == 404
