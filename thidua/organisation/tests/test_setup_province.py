import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from thidua.organisation.models import Organisation
from thidua.units.gazetteer import (
    DATA,
    GAZETTEER,
    REFORM_DAY,
    GazetteerError,
    setup_province,
)
from thidua.units.models import LineageEvent, LineageLink, OrgUnit


def run(*args):
    out = io.StringIO()
    call_command("setup_province", *args, stdout=out)
    return out.getvalue()


def test_lai_chau_comes_out_as_in_its_own_mapping(db):
    mapping = json.loads(
        (DATA / "laichau-communes-2025-mapping.json").read_text("utf-8")
    )
    setup_province("12", legal_basis=mapping["legal_basis"])
    province = OrgUnit.objects.get(code="12", valid_from=None)
    assert province.name == mapping["province"]["name"] and province.valid_to is None
    districts = {
        u.code: u.name
        for u in OrgUnit.objects.filter(
            kind__in=OrgUnit.DISTRICT_LEVEL, parent=province
        )
    }
    assert districts == {d["code"]: d["name"] for d in mapping["old_districts"]}
    event = LineageEvent.objects.get(kind="merge", legal_basis=mapping["legal_basis"])
    for new in mapping["units"]:
        unit = OrgUnit.objects.get(code=new["code"], valid_from=REFORM_DAY)
        assert unit.name == new["name"] and unit.parent == province
        links = LineageLink.objects.filter(event=event, successor=unit)
        assert {
            (
                link.predecessor.code,
                link.predecessor.name,
                link.predecessor.parent.code,
                link.full,
            )
            for link in links
        } == {
            (
                p["old_code"],
                p["old_name"],
                p["old_district_code"],
                p.get("type") == "full",
            )
            for p in new["predecessors"]
        }
    assert OrgUnit.objects.filter(valid_from=REFORM_DAY).count() == 38
    assert (
        OrgUnit.objects.filter(kind__in=OrgUnit.COMMUNE_LEVEL, valid_from=None).count()
        == 106
    )


def test_tuyen_quang_with_the_province_merged_into_it_and_idempotent(db):
    first = run("08")
    assert "Tỉnh Tuyên Quang:" in first
    assert "tạo mới 124 đơn vị cấp xã từ 01/7/2025" in first
    assert "tạo mới 1 tỉnh cũ sáp nhập" in first
    ha_giang = OrgUnit.objects.get(code="02", valid_from=None)
    assert ha_giang.name == "Tỉnh Hà Giang" and ha_giang.valid_to == dt.date(
        2025, 6, 30
    )
    province = OrgUnit.objects.get(code="08", valid_from=None)
    assert LineageLink.objects.filter(predecessor=ha_giang, successor=province).exists()
    # an old district of Hà Giang hangs under Hà Giang, and ends with the reform
    district = OrgUnit.objects.filter(parent=ha_giang).first()
    assert district.kind in OrgUnit.DISTRICT_LEVEL and district.valid_to == dt.date(
        2025, 6, 30
    )
    settings = Organisation.objects.get(unit=province)
    assert (settings.place, settings.award_code) == ("Tuyên Quang", "BK_TINH")
    assert settings.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"
    counts = (
        OrgUnit.objects.count(),
        LineageLink.objects.count(),
        LineageEvent.objects.count(),
    )

    second = run("08")
    assert "không thay đổi gì" in second
    assert (
        OrgUnit.objects.count(),
        LineageLink.objects.count(),
        LineageEvent.objects.count(),
    ) == counts


def test_unknown_code_names_itself_and_creates_nothing(db):
    with pytest.raises(CommandError, match="Mã tỉnh “99” không có"):
        run("99")
    assert not OrgUnit.objects.exists() and not Organisation.objects.exists()


def _gazetteer(edit):
    lines = GAZETTEER.read_text("utf-8").splitlines()
    return "\n".join(edit(lines)) + "\n"


def test_missing_or_renamed_column_is_named(db, tmp_path):
    missing = tmp_path / "missing.csv"
    missing.write_text(
        _gazetteer(lambda ls: [",".join(row.split(",")[:-1]) for row in ls]), "utf-8"
    )
    with pytest.raises(CommandError, match="Dòng 1: thiếu cột “old_province_name”"):
        run("08", "--file", str(missing))
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(
        _gazetteer(lambda ls: [ls[0].replace("unit_name", "ten_xa"), *ls[1:]]), "utf-8"
    )
    with pytest.raises(CommandError, match="thiếu cột “unit_name”"):
        run("08", "--file", str(renamed))
    assert not OrgUnit.objects.exists()


def test_a_bad_line_late_in_the_file_leaves_nothing_half_created(db):
    def corrupt(lines):
        # the last line of province 08 gets an impossible merge type
        last = max(i for i, row in enumerate(lines) if row.startswith("08,"))
        cells = lines[last].split(",")
        cells[6] = "nửa"
        lines[last] = ",".join(cells)
        return lines

    with pytest.raises(GazetteerError, match=r"Dòng \d+: merge_type “nửa”"):
        setup_province("08", text=_gazetteer(corrupt))
    assert not OrgUnit.objects.exists()


def test_one_code_two_names_is_refused_with_both_lines(db):
    def rename(lines):
        i = next(i for i, row in enumerate(lines) if row.startswith("08,"))
        j = next(
            j
            for j, row in enumerate(lines)
            if j > i and row.split(",")[2] == lines[i].split(",")[2]
        )
        cells = lines[j].split(",")
        cells[3] = "Xã Sai Tên"
        lines[j] = ",".join(cells)
        return lines

    with pytest.raises(GazetteerError, match="khác dòng"):
        setup_province("08", text=_gazetteer(rename))
    assert not OrgUnit.objects.exists()


def test_the_demo_loads_lai_chau_settings_and_its_signer(db):
    from thidua.organisation import demo
    from thidua.organisation.selectors import organisation_on, signers_on
    from thidua.units.demo import load_lai_chau

    load_lai_chau()
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent
    organisation = organisation_on(dt.date(2020, 12, 31))
    assert organisation.place == "Lai Châu"
    assert organisation.issuing_body == "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"
    assert [s.full_name for s in signers_on(dt.date(2025, 8, 4))] == ["Giàng A Páo"]
