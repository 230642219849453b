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
from thidua.reports.selectors import (
    UnitCount,
    award_stats,
    bars,
    records,
    top_units,
)
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
    # SVG geometry in plain numbers: a localised "200,0" is read as two lengths
    assert 'width="200.0"' in text and 'width="200,0"' not in text
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


def test_the_units_chart_keeps_the_top_units_and_sums_the_others() -> None:
    rows = [UnitCount(f"Xã {n}", 1000 - n, n) for n in range(250)]
    shown = top_units(rows, 20)
    assert len(shown) == 21 and shown[:20] == rows[:20]
    assert shown[-1] == UnitCount(
        "Các đơn vị khác (230 đơn vị)", sum(r.count for r in rows[20:])
    )
    assert top_units(rows[:5], 20) == rows[:5]


def test_units_chart_opens_a_unit_on_its_children(client, awards) -> None:
    tan_uyen = awards["tan_uyen"]
    commune = tan_uyen.children.order_by("pk").first()
    clerk = Person.objects.create(full_name="Tòng Văn Khánh", gender="male")
    services.award_record_create(
        award_type="LDTT", year=2024, person=clerk, unit=commune
    )
    client.force_login(User.objects.get(username="tinh"))
    years = {"year_from": 2021, "year_to": 2025}
    page = client.get("/admin/reports/awards/", {**years, "top": 1})
    units = page.context["charts"][-1]["rows"]
    groups = page.context["stats"].by_unit
    assert [r["label"] for r in units] == [
        groups[0].label,
        f"Các đơn vị khác ({len(groups) - 1} đơn vị)",
    ]
    # the cap holds whatever is asked
    page = client.get("/admin/reports/awards/", {**years, "top": 100000})
    assert page.context["top"] == 100
    assert len(page.context["charts"][-1]["rows"]) <= 101
    # Tân Uyên holds awards below it: its bar opens it; the cooperative's does not
    tan_uyen_row = next(r for r in units if r["url"])
    assert f"unit={tan_uyen.pk}" in tan_uyen_row["url"]
    inside = client.get("/admin/reports/awards/" + tan_uyen_row["url"])
    assert inside.context["stats"].total == 4  # three awards at Tân Uyên, one below
    assert {r.label: r.count for r in inside.context["stats"].by_unit} == {
        tan_uyen.name: 3, commune.name: 1,
    }  # fmt: skip
    assert [label for label, _ in inside.context["crumbs"]][-1] == tan_uyen.name
    export = client.get(
        "/admin/reports/awards/export.xlsx", {**years, "unit": tan_uyen.pk}
    )
    detail = load_workbook(io.BytesIO(export.content))["Chi tiết đơn vị"]
    assert sorted(detail.iter_rows(min_row=2, values_only=True)) == sorted(
        [(tan_uyen.name, tan_uyen.name, 3), (commune.name, commune.name, 1)]
    )
