"""Registry edit screens: list filters, create/edit/delete through services, scope, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.accounts.models import User
from thidua.commendations import services
from thidua.commendations.models import (
    AdvancedModel,
    AnnualRating,
    AwardRecord,
    DisciplinaryRecord,
    Initiative,
)
from thidua.core.models import AuditEntry
from thidua.people.models import Person, Position
from thidua.units.gazetteer import district_by_short_name

BASE = "/admin/commendations/registry"


@pytest.fixture
def registry(demo_world: Any, catalogue: None) -> dict[str, Any]:
    tan_uyen = district_by_short_name("Tân Uyên")
    muong_te = district_by_short_name("Mường Tè")

    def person(name: str, unit: Any, born: int) -> Person:
        p = Person.objects.create(full_name=name, gender="female", birth_year=born)
        Position.objects.create(person=p, unit=unit, start_date=dt.date(2015, 1, 1))
        return p

    ours = person("Lò Thị Ánh", tan_uyen, 1985)
    theirs = person("Giàng Thị Dợ", muong_te, 1990)
    AnnualRating.objects.create(person=ours, year=2024, rating="HTXS", unit=tan_uyen)
    AnnualRating.objects.create(person=theirs, year=2024, rating="HTT", unit=muong_te)
    own_award = services.award_record_create(
        award_type="LDTT", year=2024, person=ours, unit=tan_uyen
    )
    other_award = services.award_record_create(
        award_type="LDTT", year=2024, person=theirs, unit=muong_te
    )
    issued = services.award_record_create(
        award_type="CSTDCS",
        year=2024,
        person=ours,
        unit=tan_uyen,
        branch="htxs",
        decision_number="15/QĐ-UBND",
        decision_date=dt.date(2025, 1, 20),
        source_decision_id=4242,
    )
    return {
        "tan_uyen": tan_uyen,
        "muong_te": muong_te,
        "ours": ours,
        "theirs": theirs,
        "own_award": own_award,
        "other_award": other_award,
        "issued": issued,
    }


def login(client: Any, username: str) -> Any:
    client.force_login(User.objects.get(username=username))
    return client


def names(page: Any) -> list[str]:
    return [str(cells[0]) for _entry, cells in page.context["rows"]]


def test_list_filters_by_year_type_unit_and_unaccented_name(client, registry) -> None:
    c = login(client, "tinh")
    page = c.get(f"{BASE}/awards/", {"q": "lo thi anh"})
    assert page.status_code == 200
    assert set(names(page)) == {"Lò Thị Ánh"}
    page = c.get(f"{BASE}/awards/", {"type": "CSTDCS", "year": 2024})
    assert names(page) == ["Lò Thị Ánh"]
    assert "Theo quyết định trong hệ thống" in page.content.decode()
    page = c.get(f"{BASE}/ratings/", {"unit": registry["muong_te"].pk})
    assert names(page) == ["Giàng Thị Dợ"]
    assert c.get(f"{BASE}/ratings/", {"year": 2023}).context["rows"] == []
    assert c.get(f"{BASE}/nope/").status_code == 404


def test_unit_filter_is_typed_when_the_user_sees_too_many_units(
    client, registry, monkeypatch
) -> None:
    # a national office sees thousands of units: a select of them weighed megabytes
    monkeypatch.setattr("thidua.commendations.forms.UNIT_SELECT_MAX", 3)
    c = login(client, "tinh")
    page = c.get(f"{BASE}/ratings/", {"unit": "muong te"})
    body = page.content.decode()
    assert names(page) == ["Giàng Thị Dợ"]
    assert 'name="unit" value="muong te"' in body
    assert 'placeholder="Tên hoặc mã đơn vị, không cần dấu"' in body
    page = c.get(f"{BASE}/ratings/", {"unit": "khong co xa nay"})
    assert page.status_code == 200
    assert "Không tìm thấy đơn vị “khong co xa nay”." in page.content.decode()


def test_unit_officer_sees_only_their_subtree(client, registry) -> None:
    c = login(client, "tanuyen")
    page = c.get(f"{BASE}/awards/")
    assert set(names(page)) == {"Lò Thị Ánh"}
    other = registry["other_award"].pk
    assert c.get(f"{BASE}/awards/{other}/").status_code == 404
    assert c.post(f"{BASE}/awards/{other}/delete/").status_code == 404
    assert AwardRecord.objects.filter(pk=other).exists()


def test_visible_but_not_theirs_is_403(client, registry) -> None:
    c = login(client, "hoidong")  # the council reads everything, changes nothing
    own = registry["own_award"].pk
    assert c.get(f"{BASE}/awards/").status_code == 200
    assert c.get(f"{BASE}/awards/{own}/").status_code == 403
    assert c.post(f"{BASE}/awards/{own}/delete/").status_code == 403
    assert c.get(f"{BASE}/ratings/add/").status_code == 403
    assert login(client, "bientap").get(f"{BASE}/awards/").status_code == 403


def test_create_rating_and_refuse_a_second_for_the_same_year(client, registry) -> None:
    c = login(client, "tanuyen")
    ours = registry["ours"]
    form = {"holder_kind": "individual", "person_ref": "lo thi anh", "year": 2025, "rating": "HTT"}  # fmt: skip
    response = c.post(f"{BASE}/ratings/add/", form)
    assert response.status_code == 302
    rating = AnnualRating.objects.get(person=ours, year=2025)
    assert rating.rating == "HTT"
    entry = AuditEntry.objects.get(
        model="annualrating", object_id=str(rating.pk), action="create"
    )
    assert entry.actor.username == "tanuyen"
    again = c.post(f"{BASE}/ratings/add/", {**form, "rating": "HTXS"})
    assert again.status_code == 200
    assert "Lò Thị Ánh đã có xếp loại năm 2025" in again.content.decode()
    assert AnnualRating.objects.filter(person=ours, year=2025).count() == 1


def test_edit_changes_are_audited(client, registry) -> None:
    c = login(client, "tanuyen")
    rating = AnnualRating.objects.get(person=registry["ours"], year=2024)
    form = {"holder_kind": "individual", "person_ref": str(registry["ours"].pk), "year": 2024, "rating": "HT"}  # fmt: skip
    assert c.get(f"{BASE}/ratings/{rating.pk}/").status_code == 200
    assert c.post(f"{BASE}/ratings/{rating.pk}/", form).status_code == 302
    rating.refresh_from_db()
    assert rating.rating == "HT"
    entry = AuditEntry.objects.filter(
        model="annualrating", object_id=str(rating.pk), action="update"
    ).get()
    assert ("rating", "HTXS", "HT") in entry.changes


def test_officer_cannot_file_for_someone_outside_their_units(client, registry) -> None:
    c = login(client, "tanuyen")
    form = {"holder_kind": "individual", "person_ref": str(registry["theirs"].pk), "year": 2025, "rating": "HTT"}  # fmt: skip
    page = c.post(f"{BASE}/ratings/add/", form)
    assert page.status_code == 200
    assert "trong các đơn vị bạn được cập nhật" in page.content.decode()
    collective = {"holder_kind": "collective", "collective": registry["muong_te"].pk, "year": 2025, "rating": "HTT"}  # fmt: skip
    page = c.post(f"{BASE}/ratings/add/", collective)
    assert "collective" in page.context["form"].errors
    assert not AnnualRating.objects.filter(year=2025).exists()


def test_awards_of_an_issued_decision_are_read_only(client, registry) -> None:
    c = login(client, "tinh")
    issued = registry["issued"]
    page = c.get(f"{BASE}/awards/{issued.pk}/")
    assert page.status_code == 200
    assert "chỉ được xem ở đây" in page.content.decode()
    assert "<form" not in page.content.decode().split("help-info")[1]
    assert c.post(f"{BASE}/awards/{issued.pk}/", {"year": 2020}).status_code == 403
    assert c.post(f"{BASE}/awards/{issued.pk}/delete/").status_code == 403
    # the list offers no "Xóa" that would answer 403; the other awards keep theirs
    listed = c.get(f"{BASE}/awards/").content.decode()
    assert f"/awards/{issued.pk}/delete/" not in listed
    assert f"/awards/{registry['own_award'].pk}/delete/" in listed
    issued.refresh_from_db()
    assert issued.year == 2024
    issued.year = 2020
    with pytest.raises(ValidationError, match="quyết định"):
        services.award_record_save(record=issued)
    with pytest.raises(ValidationError):
        services.registry_delete(obj=issued)


def test_award_create_edit_and_refusals(client, registry) -> None:
    c = login(client, "tinh")
    ours = registry["ours"]
    form = {
        "holder_kind": "individual", "person_ref": str(ours.pk), "award_type": _type("GK"),
        "year": 2023, "issuer": "so", "decision_number": "7/QĐ-SNV",
        "decision_date": "2024-01-10",
    }  # fmt: skip
    assert c.post(f"{BASE}/awards/add/", form).status_code == 302
    gk = AwardRecord.objects.get(person=ours, award_type__code="GK")
    assert (gk.issuer, gk.decision_date, gk.level) == (
        "so",
        dt.date(2024, 1, 10),
        "don_vi",
    )
    # a title twice in one year
    twice = {**form, "award_type": _type("LDTT"), "year": 2024, "issuer": ""}
    page = c.post(f"{BASE}/awards/add/", twice)
    assert "đã có danh hiệu Lao động tiên tiến năm 2024" in page.content.decode()
    # a collective title for a person, an issuer on a title, a future year
    page = c.post(f"{BASE}/awards/add/", {**twice, "award_type": _type("TTLDXS")})
    assert "không tặng cho cá nhân" in page.content.decode()
    page = c.post(f"{BASE}/awards/add/", {**twice, "year": 2023, "issuer": "xa"})
    assert "Người ký chỉ ghi cho Giấy khen" in page.content.decode()
    page = c.post(f"{BASE}/awards/add/", {**form, "year": 2099})
    assert "Năm phải trong khoảng 1945–" in page.content.decode()
    # household and collective holders
    household = {**form, "holder_kind": "household", "person_ref": "", "household_name": "Hộ ông Lò Văn Pánh", "unit": registry["tan_uyen"].pk}  # fmt: skip
    assert c.post(f"{BASE}/awards/add/", household).status_code == 302
    assert AwardRecord.objects.get(household_name="Hộ ông Lò Văn Pánh").person is None
    collective = {**form, "holder_kind": "collective", "person_ref": "", "collective": registry["tan_uyen"].pk, "award_type": _type("TTLDXS"), "issuer": ""}  # fmt: skip
    assert c.post(f"{BASE}/awards/add/", collective).status_code == 302
    record = AwardRecord.objects.get(award_type__code="TTLDXS")
    assert record.unit == registry["tan_uyen"]
    # revoke through the edit form
    revoke = {**form, "revoked_on": "2025-02-01"}
    assert c.post(f"{BASE}/awards/{gk.pk}/", revoke).status_code == 302
    gk.refresh_from_db()
    assert gk.revoked_on == dt.date(2025, 2, 1)
    page = c.post(f"{BASE}/awards/{gk.pk}/", {**form, "revoked_on": "2023-01-01"})
    assert "Ngày hủy bỏ không thể trước ngày quyết định" in page.content.decode()


def _type(code: str) -> int:
    from thidua.commendations.models import AwardType

    return AwardType.objects.get(code=code).pk


def test_initiative_with_several_authors(client, registry) -> None:
    c = login(client, "tinh")
    ours, theirs = registry["ours"], registry["theirs"]
    form = {
        "title": "  Bản đồ   số bản ",
        "authors": f"{ours.pk}\nGiàng Thị Dợ",
        "scope": "tinh",
        "recognised_year": 2024,
        "recognised_on": "2024-12-20",
    }
    assert c.post(f"{BASE}/initiatives/add/", form).status_code == 302
    initiative = Initiative.objects.get(title="Bản đồ số bản")
    assert set(initiative.persons.all()) == {ours, theirs}
    page = c.get(f"{BASE}/initiatives/", {"q": "giang thi do"})
    assert names(page) == ["Bản đồ số bản"]
    assert c.post(f"{BASE}/initiatives/{initiative.pk}/", {**form, "authors": str(ours.pk)}).status_code == 302  # fmt: skip
    assert list(initiative.persons.all()) == [ours]
    events = AuditEntry.objects.filter(
        model="initiative", object_id=str(initiative.pk), action="event"
    ).order_by("pk")
    assert [e.message for e in events] == [
        "Tác giả: Lò Thị Ánh, Giàng Thị Dợ",
        "Tác giả: Lò Thị Ánh",
    ]
    page = c.post(f"{BASE}/initiatives/add/", {**form, "authors": "Không Ai Cả"})
    assert "Không tìm thấy cá nhân “Không Ai Cả”" in page.content.decode()
    page = c.post(f"{BASE}/initiatives/add/", {**form, "recognised_on": "2023-12-20"})
    assert "Ngày công nhận phải thuộc năm công nhận" in page.content.decode()
    # the unit officer may change initiatives only of their own people
    officer = login(client, "tanuyen")
    assert officer.get(f"{BASE}/initiatives/{initiative.pk}/").status_code == 200
    initiative.persons.set([theirs])
    assert officer.get(f"{BASE}/initiatives/{initiative.pk}/").status_code == 404


def test_advanced_models_and_discipline(client, registry) -> None:
    c = login(client, "tanuyen")
    model = {"holder_kind": "collective", "collective": registry["tan_uyen"].pk, "title": "Dân vận khéo", "year": 2024, "level": "tinh"}  # fmt: skip
    assert c.post(f"{BASE}/models/add/", model).status_code == 302
    assert (
        AdvancedModel.objects.get(title="Dân vận khéo").collective
        == registry["tan_uyen"]
    )
    discipline = {"person_ref": str(registry["ours"].pk), "year": 2024, "severity": "canh_cao", "decision_number": "3/QĐ-KL"}  # fmt: skip
    assert c.post(f"{BASE}/discipline/add/", discipline).status_code == 302
    record = DisciplinaryRecord.objects.get(person=registry["ours"])
    page = c.get(f"{BASE}/discipline/", {"type": "canh_cao"})
    assert names(page) == ["Lò Thị Ánh"]
    assert c.get(f"{BASE}/discipline/{record.pk}/delete/").status_code == 200
    assert c.post(f"{BASE}/discipline/{record.pk}/delete/").status_code == 302
    assert not DisciplinaryRecord.objects.exists()
    assert AuditEntry.objects.filter(
        model="disciplinaryrecord", action="delete"
    ).exists()
    page = c.post(
        f"{BASE}/discipline/add/", {**discipline, "decision_date": "2023-05-01"}
    )
    assert "không thể trước năm vi phạm" in page.content.decode()


def test_create_form_starts_with_the_person_from_their_page(client, registry) -> None:
    c = login(client, "tinh")
    ours = registry["ours"]
    page = c.get(f"{BASE}/awards/add/", {"person": ours.pk})
    assert page.context["form"]["person_ref"].value() == str(ours.pk)
    page = c.get(f"/admin/commendations/person/{ours.pk}/")
    assert f"{BASE}/awards/?person={ours.pk}" in page.content.decode()
    listing = c.get(f"{BASE}/awards/", {"person": ours.pk})
    assert set(names(listing)) == {"Lò Thị Ánh"} and len(names(listing)) == 2


def test_ratings_list_pages_by_keyset_in_year_and_holder_name_order(
    client, registry, monkeypatch
) -> None:
    from functools import partial

    from thidua.commendations import registry_views
    from thidua.core.keyset import keyset_paginate
    from thidua.units.models import OrgUnit

    coop = OrgUnit.objects.get(code="HTX-CHE")
    services.annual_rating_save(
        rating=AnnualRating(collective=coop, year=2024, rating="HTT")
    )
    for name in ("Đỗ Văn Bình", "Nguyễn Thị Ánh", "Đỗ Văn Bình"):
        p = Person.objects.create(full_name=name, gender="male")
        AnnualRating.objects.create(person=p, year=2023, rating="HT")
    # pages of two rows, followed through the view's own "sau" links
    monkeypatch.setattr(
        registry_views, "keyset_paginate", partial(keyset_paginate, per_page=2)
    )
    c = login(client, "tinh")
    seen, after = [], ""
    while True:
        page = c.get(f"{BASE}/ratings/", {"sau": after} if after else {})
        assert page.context["page_obj"].keyset
        seen += [(entry.year, cells[0]) for entry, cells in page.context["rows"]]
        after = page.context["page_obj"].next_cursor
        if not after:
            break
    assert seen == [
        (2024, "Giàng Thị Dợ"), (2024, "Hợp tác xã chè Tân Uyên"), (2024, "Lò Thị Ánh"),
        (2023, "Đỗ Văn Bình"), (2023, "Đỗ Văn Bình"), (2023, "Nguyễn Thị Ánh"),
    ]  # fmt: skip
    # the holder's own folded name answers the search, person or collective
    page = c.get(f"{BASE}/ratings/", {"q": "hop tac xa"})
    assert names(page) == ["Hợp tác xã chè Tân Uyên"]
    # a name few people bear is found through the people (PostgreSQL), a
    # commoner one through the ratings' own copy of it: the same ratings
    with CaptureQueriesContext(connection) as ctx:
        page = c.get(f"{BASE}/ratings/", {"q": "do van binh"})
    assert names(page) == ["Đỗ Văn Bình", "Đỗ Văn Bình"]
    by_id = [q for q in ctx.captured_queries if '"id" = ANY(' in q["sql"]]
    assert bool(by_id) == (connection.vendor == "postgresql")
    monkeypatch.setattr(registry_views, "NAMED_CAP", 1)
    page = c.get(f"{BASE}/ratings/", {"q": "Đỗ Văn Bình"})
    assert names(page) == ["Đỗ Văn Bình", "Đỗ Văn Bình"]


def test_registry_copies_follow_their_holder_and_type(registry) -> None:
    from thidua.commendations.models import AwardType
    from thidua.people.services import person_update
    from thidua.units.models import OrgUnit
    from thidua.units.services import unit_update

    ours = registry["ours"]
    rating = AnnualRating.objects.get(person=ours)
    assert rating.search_text == "lo thi anh"
    saved = services.annual_rating_save(
        rating=AnnualRating(person=ours, year=2023, rating="HT")
    )
    assert saved.search_text == "lo thi anh"
    coop = OrgUnit.objects.get(code="HTX-CHE")
    theirs = services.annual_rating_save(
        rating=AnnualRating(collective=coop, year=2024, rating="HTT")
    )
    audited = AuditEntry.objects.count()
    person_update(person=ours, full_name="Lò Thị Ánh Hồng")
    assert set(
        AnnualRating.objects.filter(person=ours).values_list("search_text", flat=True)
    ) == {"lo thi anh hong"}
    assert set(
        AwardRecord.objects.filter(person=ours).values_list("search_text", flat=True)
    ) == {"lo thi anh hong"}
    # the rename is audited once; the copies are derived, not audited
    assert AuditEntry.objects.count() == audited + 1
    unit_update(unit=coop, name="Hợp tác xã chè Mường Khoa")
    theirs.refresh_from_db()
    assert theirs.search_text == "hop tac xa che muong khoa"
    award = registry["own_award"]
    assert award.award_rank == award.award_type.rank > 0
    kind = AwardType.objects.get(pk=award.award_type_id)
    kind.rank += 7
    kind.save()
    award.refresh_from_db()
    assert award.award_rank == kind.rank
