"""Histories from the registry (lineage, moves), pages, import, search, demo."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from thidua.accounts.models import User
from thidua.commendations import demo, services
from thidua.commendations.eligibility import Facts, bit, facts_from_history
from thidua.commendations.imports import registry_import
from thidua.commendations.models import (
    AnnualRating,
    AwardRecord,
    DisciplinaryRecord,
    Initiative,
)
from thidua.commendations.selectors import (
    awardee_search,
    collective_facts,
    collective_history,
    facts_for,
    histories_for,
)
from thidua.people.models import Person, Position
from thidua.units.gazetteer import LAST_OLD_DAY, REFORM_DAY, district_by_short_name
from thidua.units.models import OrgUnit
from thidua.units.selectors import successors


@pytest.fixture
def world(demo_world: Any, catalogue: None) -> dict[str, Any]:
    tan_uyen = district_by_short_name("Tân Uyên")
    muong_te = district_by_short_name("Mường Tè")
    person = Person.objects.create(
        full_name="Lò Thị Ánh", gender="female", birth_year=1985, ethnicity="Thái"
    )
    Position.objects.create(
        person=person,
        unit=muong_te,
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2023, 12, 31),
    )
    Position.objects.create(
        person=person,
        unit=tan_uyen,
        start_date=dt.date(2024, 1, 1),
        end_date=LAST_OLD_DAY,
    )
    for year, unit in ((2023, muong_te), (2024, tan_uyen), (2025, tan_uyen)):
        AnnualRating.objects.create(person=person, year=year, rating="HTXS", unit=unit)
        services.award_record_create(
            award_type="LDTT", year=year, person=person, unit=unit
        )
        services.award_record_create(
            award_type="CSTDCS", year=year, person=person, unit=unit, branch="htxs"
        )
    initiative = Initiative.objects.create(
        title="Số hóa hồ sơ một cửa", scope="tinh", recognised_year=2024
    )
    initiative.persons.add(person)
    return {"tan_uyen": tan_uyen, "muong_te": muong_te, "person": person}  # fmt: skip


def client_for(client: Any, username: str) -> Any:
    client.force_login(User.objects.get(username=username))
    return client


def test_a_persons_history_follows_them_between_units(world) -> None:
    history = histories_for([world["person"].id], 2025)[world["person"].id]
    assert sorted(t.year for t in history.titles if t.code == "CSTDCS") == [
        2023,
        2024,
        2025,
    ]
    verdicts = {v.code: v for v in services.evaluate_person(world["person"], 2025)}
    assert verdicts["CSTD_TINH"].eligible


def test_the_batch_reads_the_same_records_as_the_history(world) -> None:
    """selectors.facts_for (the unit's list) builds the masks straight from the rows
    histories_for reads: the same facts, a second initiative of a year counted, a
    revoked title and a thematic award left out."""
    person = world["person"]
    revoked = AwardRecord.objects.get(
        person=person, year=2024, award_type__code="CSTDCS"
    )
    services.award_record_revoke(record=revoked, revoked_on=dt.date(2026, 1, 5))
    extra = Initiative.objects.create(
        title="Phần mềm chấm công", scope="co_so", recognised_year=2024
    )
    extra.persons.add(person)
    services.award_record_create(
        award_type="BK_TINH", year=2025, person=person, commendation_kind="chuyen_de"
    )  # thematic: not grounds for a higher award
    services.disciplinary_record_save(
        record=DisciplinaryRecord(
            person=person, unit=world["tan_uyen"], year=2023, severity="khien_trach"
        )
    )
    nobody = Person.objects.create(full_name="Chưa có hồ sơ", gender="male")
    other = Person.objects.create(full_name="Quàng Văn Đức", gender="male")
    AnnualRating.objects.create(person=other, year=2025, rating="HTT")
    services.award_record_create(
        award_type="CSTDCS", year=2025, person=other, branch="initiative"
    )
    ids = [person.id, nobody.id, other.id]
    batch = facts_for(ids, 2025)
    histories = histories_for(ids, 2025)
    for pid in ids:
        expected = facts_from_history(histories[pid])
        assert {k: getattr(batch[pid], k) for k in Facts.__slots__} == {
            k: getattr(expected, k) for k in Facts.__slots__
        }
    assert batch[person.id].init_extra == {2024: 1}
    assert "BK_TINH" not in batch[person.id].held
    assert not batch[person.id].held["CSTDCS"] & bit(2024)
    assert batch[other.id].cstdcs_initiative == bit(2025)
    codes, results = services.evaluate_people([person, nobody, other], 2025)
    for someone in (person, nobody, other):
        verdicts = {v.code: v.status for v in services.evaluate_person(someone, 2025)}
        assert results[someone.id] == verdicts and len(codes) == len(verdicts)


def test_revoked_awards_do_not_count(world) -> None:
    record = AwardRecord.objects.get(
        person=world["person"], year=2024, award_type__code="CSTDCS"
    )
    services.award_record_revoke(record=record, revoked_on=dt.date(2026, 1, 5))
    verdicts = {v.code: v for v in services.evaluate_person(world["person"], 2025)}
    assert not verdicts["CSTD_TINH"].eligible


def test_a_collective_inherits_its_predecessors_history(world) -> None:
    old = OrgUnit.objects.filter(
        parent=world["tan_uyen"], valid_to=LAST_OLD_DAY
    ).first()
    new = successors(old)[0]
    services.award_record_create(award_type="TTLDXS", year=2024, collective=old)
    history = collective_history(new, 2025)
    assert [(t.year, t.code) for t in history.titles] == [(2024, "TTLDXS")]
    assert new.valid_from == REFORM_DAY


def test_collective_member_counts_come_from_the_registry(world) -> None:
    facts = collective_facts(world["tan_uyen"], 2024)
    members = Person.objects.in_units(
        [world["tan_uyen"].id], on=dt.date(2024, 6, 1)
    ).count()
    assert facts.members_total >= 1 and facts.members_total >= members
    assert facts.members_cstdcs == 1 and facts.members_ldtt == 1


def test_person_page_cites_articles_and_is_scoped(client, world) -> None:
    url = f"/admin/commendations/person/{world['person'].pk}/?year=2025"
    page = client_for(client, "tinh").get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        "Có thể đề nghị ngay" in text
        and "Luật Thi đua, khen thưởng 2022, Điều 22" in text
    )
    assert "Số hóa hồ sơ một cửa" in text  # on the timeline
    outsider = Person.objects.create(full_name="Giàng A Chứ", gender="male")
    Position.objects.create(
        person=outsider, unit=world["muong_te"], start_date=dt.date(2020, 1, 1)
    )
    officer = client_for(client, "tanuyen")
    assert officer.get(f"/admin/commendations/person/{outsider.pk}/").status_code == 404
    assert officer.get(url).status_code == 200


def test_unit_page_filters_and_exports_xlsx(client, world) -> None:
    c = client_for(client, "tanuyen")
    base = f"/admin/commendations/unit/{world['tan_uyen'].pk}/"
    page = c.get(base, {"year": 2025, "code": "CSTD_TINH", "status": "eligible"})
    assert page.status_code == 200
    assert [p.full_name for p, _row in page.context["rows"]] == ["Lò Thị Ánh"]
    export = c.get(
        base + "export.xlsx", {"year": 2025, "code": "CSTD_TINH", "status": "eligible"}
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    assert header[0] == "Họ và tên" and "Chiến sĩ thi đua cấp tỉnh" in header
    person_row = rows[3]
    assert person_row[0] == "Lò Thị Ánh"
    assert (
        person_row[header.index("Chiến sĩ thi đua cấp tỉnh")] == "Có thể đề nghị ngay"
    )
    assert (
        c.get(f"/admin/commendations/unit/{world['muong_te'].pk}/").status_code == 404
    )


def test_unit_page_and_export_read_people_once(client, world) -> None:
    """The list loads its people's names and years of birth only: more people, no
    more statements (a deferred column read per row would add one each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(client, "tanuyen")
    base = f"/admin/commendations/unit/{world['tan_uyen'].pk}/"

    def statements() -> list[int]:
        counts = []
        for url in (base, base + "export.xlsx"):
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url, {"year": 2025}).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    before = statements()
    for n in range(5):
        person = Person.objects.create(
            full_name=f"Lò Văn Mới {n}", gender="male", birth_year=1990
        )
        Position.objects.create(
            person=person, unit=world["tan_uyen"], start_date=dt.date(2020, 1, 1)
        )
    assert statements() == before
    sheet = load_workbook(io.BytesIO(c.get(base + "export.xlsx").content)).active
    assert ("Lò Văn Mới 0", 1990) in [r[:2] for r in sheet.iter_rows(values_only=True)]


def test_collective_page(client, world) -> None:
    page = client_for(client, "tinh").get(
        f"/admin/commendations/collective/{world['tan_uyen'].pk}/?year=2024"
    )
    assert page.status_code == 200
    assert "Tập thể lao động xuất sắc" in page.content.decode()


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_ratings_all_or_nothing(world) -> None:
    admin = User.objects.get(username="tinh")
    person = world["person"]
    bad = xlsx([
        ["Mã cá nhân", "Năm", "Xếp loại"],
        [person.pk, 2020, "HTT"],
        [person.pk, 2021, "Giỏi"],
        [person.pk, 2020, "HT"],
        [999999, 2021, "HT"],
    ])  # fmt: skip
    result = registry_import(kind="ratings", content=bad, filename="x.xlsx", user=admin)
    assert not result.ok and len(result.errors) == 3
    assert result.errors[0].startswith("Dòng 3: xếp loại 'Giỏi'")
    assert "trùng với một dòng trước" in result.errors[1]
    assert "không tìm thấy cá nhân" in result.errors[2]
    assert not AnnualRating.objects.filter(person=person, year=2020).exists()
    good = xlsx(
        [
            ["Họ và tên", "Năm sinh", "Năm", "Xếp loại"],
            ["Lò Thị Ánh", 1985, 2020, "Hoàn thành tốt nhiệm vụ"],
        ]
    )
    result = registry_import(
        kind="ratings", content=good, filename="x.xlsx", user=admin
    )
    assert result.ok and result.created == 1
    assert AnnualRating.objects.get(person=person, year=2020).rating == "HTT"


def test_import_awards_and_initiatives(world) -> None:
    admin = User.objects.get(username="tinh")
    person = world["person"]
    content = xlsx([
        ["Đối tượng", "Mã cá nhân", "Mã đơn vị", "Hộ gia đình", "Mã khen thưởng", "Năm thành tích", "Số quyết định", "Ngày quyết định"],
        ["Cá nhân", person.pk, "", "", "BK_TINH", 2022, "12/QĐ-UBND", "15/03/2023"],
        ["Tập thể", "", "111", "", "TTLDXS", 2022, "13/QĐ-UBND", "15/03/2023"],
        ["Hộ gia đình", "", "", "Hộ ông Lò Văn Pánh", "GD_VH", 2022, "", ""],
    ])  # fmt: skip
    result = registry_import(
        kind="awards", content=content, filename="a.xlsx", user=admin
    )
    assert result.ok, result.errors
    assert result.created == 3
    assert AwardRecord.objects.get(
        person=person, award_type__code="BK_TINH"
    ).decision_date == dt.date(2023, 3, 15)
    bad = xlsx(
        [
            ["Mã cá nhân", "Mã khen thưởng", "Năm thành tích"],
            [person.pk, "NOPE", 2022],
            [person.pk, "TTLDXS", 2022],
        ]
    )
    result = registry_import(kind="awards", content=bad, filename="a.xlsx", user=admin)
    assert [e.split(":")[0] for e in result.errors] == ["Dòng 2", "Dòng 3"]
    assert "không tặng cho cá nhân" in result.errors[1]
    ideas = xlsx(
        [
            ["Tên sáng kiến", "Mã cá nhân", "Phạm vi", "Năm công nhận"],
            ["Bản đồ số", person.pk, "Toàn quốc", 2025],
        ]
    )
    result = registry_import(
        kind="initiatives", content=ideas, filename="i.xlsx", user=admin
    )
    assert result.ok and Initiative.objects.get(title="Bản đồ số").scope == "toan_quoc"


def test_unit_officer_cannot_import_for_other_units(world) -> None:
    outsider = Person.objects.create(full_name="Giàng A Chứ", gender="male")
    Position.objects.create(
        person=outsider, unit=world["muong_te"], start_date=dt.date(2020, 1, 1)
    )
    content = xlsx([["Mã cá nhân", "Năm", "Xếp loại"], [outsider.pk, 2024, "HTT"]])
    result = registry_import(
        kind="ratings",
        content=content,
        filename="x.xlsx",
        user=User.objects.get(username="tanuyen"),
    )
    assert "không có quyền" in result.errors[0]


def test_import_template_and_upload_screen(client, world) -> None:
    c = client_for(client, "tinh")
    response = c.get("/admin/commendations/import/template-awards.xlsx")
    header = next(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert header[:2] == ("Đối tượng", "Mã cá nhân") and "Mã khen thưởng" in header
    upload = io.BytesIO(
        xlsx([["Mã cá nhân", "Năm", "Xếp loại"], [world["person"].pk, 2019, "HTXS"]])
    )
    upload.name = "xep-loai.xlsx"
    page = c.post("/admin/commendations/import/?kind=ratings", {"file": upload})
    assert "Đã nhập thành công: 1" in page.content.decode()


def test_awardee_search_ignores_diacritics(world) -> None:
    found = awardee_search("lo thi anh")
    assert found and found[0]["name"] == "Lò Thị Ánh"
    assert set(found[0]) == {
        "name",
        "award",
        "year",
        "decision_number",
        "unit",
        "url_or_none",
    }
    assert awardee_search("x") == []


def test_demo_history_shows_variety(demo_world, catalogue) -> None:
    out = io.StringIO()
    demo.load(out)
    people = list(Person.objects.all())
    codes, results = services.evaluate_people(people, 2025)
    for code in ("LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH", "BK_TTG"):
        seen = {row[code] for row in results.values()}
        assert {"eligible", "near", "not"} <= seen, (code, seen)
    assert any(row["CSTD_TQ"] == "eligible" for row in results.values())
    assert AwardRecord.objects.filter(award_type__code="TTLDXS").exists()
    demo.load(out)  # idempotent
    assert "already loaded" in out.getvalue()
