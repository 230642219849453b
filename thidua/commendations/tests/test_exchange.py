"""A person's registry leaves one instance and arrives in another unchanged."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from thidua.commendations.catalogue import load_catalogue
from thidua.commendations.models import AnnualRating, AwardRecord, AwardType
from thidua.people.models import Person
from thidua.units.models import OrgUnit


@pytest.fixture
def moving(db):
    load_catalogue()
    unit = OrgUnit.objects.create(code="08", name="Tỉnh Tuyên Quang", kind="province")
    person = Person.objects.create(
        full_name="Ma Thị Lan", gender="female", birth_year=1984
    )
    for year, code, number in (
        (2023, "CSTDCS", "12/QĐ-UBND"),
        (2024, "BK_TINH", "7/QĐ-UBND"),
    ):
        AwardRecord.objects.create(
            person=person,
            unit=unit,
            award_type=AwardType.objects.get(code=code),
            year=year,
            decision_number=number,
            decision_date=dt.date(year + 1, 1, 15),
            decision_issuer="ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
        )
    AnnualRating.objects.create(person=person, year=2024, rating="HTXS")
    return person


def _export(pk):
    out = io.StringIO()
    call_command("registry_export", str(pk), stdout=out)
    return json.loads(out.getvalue())


def test_round_trip_keeps_every_award_and_decision(moving, tmp_path):
    data = _export(moving.pk)
    assert data["schema"] == "thidua.person-registry" and data["version"] == 1
    path = tmp_path / "so-khen-thuong.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    out = io.StringIO()
    call_command("registry_import", str(path), stdout=out)
    assert "thêm 3 mục" in out.getvalue()
    arrived = Person.objects.exclude(pk=moving.pk).get()
    again = _export(arrived.pk)
    strip = lambda d: [{k: v for k, v in a.items() if k != "unit"} for a in d]  # noqa: E731
    assert strip(again["awards"]) == strip(data["awards"])
    assert again["person"] == data["person"]
    assert again["ratings"][0]["rating"] == "HTXS"
    # the same file twice adds nothing
    out = io.StringIO()
    call_command("registry_import", str(path), "--person", str(arrived.pk), stdout=out)
    assert "thêm 0 mục" in out.getvalue()


def test_unknown_version_or_code_is_refused_whole(moving, tmp_path):
    data = _export(moving.pk)
    path = tmp_path / "x.json"
    path.write_text(json.dumps({**data, "version": 2}), "utf-8")
    with pytest.raises(CommandError, match="Phiên bản 2 chưa được hỗ trợ"):
        call_command("registry_import", str(path))
    data["awards"][1]["code"] = "KHONG_CO"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(CommandError, match="Khen thưởng thứ 2: mã “KHONG_CO”"):
        call_command("registry_import", str(path))
    assert Person.objects.count() == 1
