"""The public awardee page that the portal's search links to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.commendations import services
from thidua.commendations.selectors import awardee_search
from thidua.people.models import Person, Position
from thidua.units.gazetteer import district_by_short_name


@pytest.fixture
def holder(db: Any, catalogue: None, lai_chau: Any) -> dict[str, Any]:
    tan_uyen = district_by_short_name("Tân Uyên")
    person = Person.objects.create(
        full_name="Lò Thị Ánh", gender="female", birth_year=1985, ethnicity="Thái"
    )
    Position.objects.create(
        person=person, unit=tan_uyen, start_date=dt.date(2015, 1, 1)
    )
    ldtt = services.award_record_create(
        award_type="LDTT", year=2023, person=person, unit=tan_uyen,
        decision_number="88/QĐ-UBND", decision_date=dt.date(2024, 1, 15),
        decision_issuer="UBND huyện Tân Uyên",
    )  # fmt: skip
    bk = services.award_record_create(
        award_type="BK_TINH", year=2024, person=person, unit=tan_uyen,
        decision_number="125/QĐ-UBND", decision_date=dt.date(2025, 3, 2),
        decision_issuer="UBND tỉnh Lai Châu", source_decision_id=987654,
    )  # fmt: skip
    services.award_record_revoke(record=ldtt, revoked_on=dt.date(2025, 5, 6))
    return {"person": person, "ldtt": ldtt, "bk": bk}


def test_search_links_to_the_holders_public_page(client, holder) -> None:
    (found,) = awardee_search("lo thi anh")  # revoked awards are not searched
    assert found["url_or_none"] == f"/khen-thuong/{holder['bk'].pk}/"
    page = client.get(found["url_or_none"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "<h1>Lò Thị Ánh</h1>" in text
    assert "Bằng khen của Chủ tịch UBND tỉnh" in text
    assert "Số 125/QĐ-UBND, 02/03/2025" in text and "UBND tỉnh Lai Châu" in text
    assert "Huyện Tân Uyên" in text
    # no public decision 987654 exists: the number is shown without a link
    assert 'href="/quyet-dinh/987654/"' not in text
    # the revoked title is listed and marked
    assert "Lao động tiên tiến" in text
    assert "Đã bị hủy bỏ ngày 06 tháng 5 năm 2025" in text
    assert "1 danh hiệu, hình thức khen thưởng" in text
    # nothing personal beyond name, unit and awards
    assert "1985" not in text and "Thái" not in text and "Nữ" not in text
    assert f'rel="canonical" href="/khen-thuong/{holder["ldtt"].pk}/"' in text


def test_every_entry_of_a_holder_shows_the_same_page(client, holder) -> None:
    one = client.get(f"/khen-thuong/{holder['ldtt'].pk}/").content.decode()
    assert "Bằng khen của Chủ tịch UBND tỉnh" in one
    assert client.get("/khen-thuong/999999/").status_code == 404


def test_collective_and_household_pages(client, holder) -> None:
    tan_uyen = district_by_short_name("Tân Uyên")
    collective = services.award_record_create(
        award_type="TTLDXS", year=2024, collective=tan_uyen
    )
    household = services.award_record_create(
        award_type="GD_VH",
        year=2024,
        household_name="Hộ ông Lò Văn Pánh",
        unit=tan_uyen,
    )
    page = client.get(f"/khen-thuong/{collective.pk}/").content.decode()
    assert "Tập thể lao động xuất sắc" in page and "Lò Thị Ánh" not in page
    page = client.get(f"/khen-thuong/{household.pk}/").content.decode()
    assert "<h1>Hộ ông Lò Văn Pánh</h1>" in page and "Gia đình văn hóa" in page
