"""Imports of ratings, disciplinary records and advanced models: all-or-nothing, real .xlsx files."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from thidua.accounts.models import User
from thidua.commendations.imports import registry_import
from thidua.commendations.models import (
    AdvancedModel,
    AnnualRating,
    DisciplinaryRecord,
)
from thidua.people.models import Person, Position
from thidua.units.gazetteer import district_by_short_name


@pytest.fixture
def people(demo_world: Any, catalogue: None) -> dict[str, Any]:
    tan_uyen = district_by_short_name("Tân Uyên")
    muong_te = district_by_short_name("Mường Tè")
    ours = Person.objects.create(
        full_name="Lò Thị Ánh", gender="female", birth_year=1985
    )
    Position.objects.create(person=ours, unit=tan_uyen, start_date=dt.date(2015, 1, 1))
    theirs = Person.objects.create(
        full_name="Giàng A Chứ", gender="male", birth_year=1979
    )
    Position.objects.create(
        person=theirs, unit=muong_te, start_date=dt.date(2015, 1, 1)
    )
    return {"ours": ours, "theirs": theirs, "tan_uyen": tan_uyen, "muong_te": muong_te}


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(kind: str, rows: list[list[Any]], username: str = "tinh") -> Any:
    return registry_import(
        kind=kind,
        content=xlsx(rows),
        filename=f"{kind}.xlsx",
        user=User.objects.get(username=username),
    )


def test_discipline_import_all_or_nothing(people) -> None:
    ours = people["ours"]
    header = ["Mã cá nhân", "Họ và tên", "Năm", "Hình thức kỷ luật", "Số quyết định", "Ngày quyết định", "Lý do"]  # fmt: skip
    bad = run("discipline", [
        header,
        [ours.pk, "", 2024, "Cảnh cáo", "21/QĐ-UBND", "15/03/2024", "Vi phạm quy chế"],
        ["", "Lò Thị Ánh", 2023, "Phê bình", "", "", ""],
        [ours.pk, "", 2024, "canh cao", "21/QĐ-UBND", "", ""],
        [ours.pk, "", 2024, "Khiển trách", "", "31/02/2024", ""],
        [ours.pk, "", 2099, "Khiển trách", "", "", ""],
        [ours.pk, "", 2024, "Khiển trách", "5/QĐ-UBND", "01/01/2023", ""],
    ])  # fmt: skip
    assert not bad.ok
    assert [e.split(":")[0] for e in bad.errors] == ["Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6", "Dòng 7"]  # fmt: skip
    assert "hình thức kỷ luật 'Phê bình'" in bad.errors[0]
    assert "trùng với một dòng trước" in bad.errors[1]
    assert "ngày quyết định '31/02/2024'" in bad.errors[2]
    assert "Năm phải trong khoảng 1945–" in bad.errors[3]
    assert "không thể trước năm vi phạm" in bad.errors[4]
    assert not DisciplinaryRecord.objects.exists()  # nothing saved, not even row 2

    good = run("discipline", [header, *[[ours.pk, "", 2024, "Cảnh cáo", "21/QĐ-UBND", "15/03/2024", "Vi phạm quy chế"]]])  # fmt: skip
    assert good.ok and good.created == 1
    record = DisciplinaryRecord.objects.get()
    assert (record.severity, record.decision_date, record.reason) == (
        "canh_cao", dt.date(2024, 3, 15), "Vi phạm quy chế",
    )  # fmt: skip
    assert record.is_warning_or_above
    again = run("discipline", [header, [ours.pk, "", 2024, "Cảnh cáo", "21/QĐ-UBND", "16/03/2024", "Sửa ngày"]])  # fmt: skip
    assert again.ok and (again.created, again.updated) == (0, 1)
    assert DisciplinaryRecord.objects.get().decision_date == dt.date(2024, 3, 16)


def test_discipline_import_is_scoped_to_the_officers_units(people) -> None:
    rows = [["Mã cá nhân", "Năm", "Hình thức kỷ luật"], [people["theirs"].pk, 2024, "Khiển trách"]]  # fmt: skip
    result = run("discipline", rows, username="tanuyen")
    assert "không có quyền" in result.errors[0]
    assert run("discipline", rows, username="tinh").ok


def test_advanced_models_import_people_and_collectives(people) -> None:
    header = ["Đối tượng", "Mã cá nhân", "Mã đơn vị", "Mô hình, điển hình", "Năm", "Cấp", "Cơ quan ghi nhận"]  # fmt: skip
    bad = run("models", [
        header,
        ["Cá nhân", people["ours"].pk, "", "Dân vận khéo", 2024, "Cấp tỉnh", "UBND tỉnh"],
        ["Tập thể", "", "", "Bản văn hóa kiểu mẫu", 2024, "", ""],
        ["Hộ gia đình", "", "", "Hộ làm kinh tế giỏi", 2024, "", ""],
        ["Tập thể", "", "111", "Xã sạch", 2024, "quốc tế", ""],
        ["Tập thể", "", "999999", "Xã sạch", 2024, "", ""],
    ])  # fmt: skip
    assert [e.split(":")[0] for e in bad.errors] == ["Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6"]  # fmt: skip
    assert "tập thể cần Mã đơn vị" in bad.errors[0]
    assert "phải là Cá nhân hoặc Tập thể" in bad.errors[1]
    assert "cấp 'quốc tế'" in bad.errors[2]
    assert "mã đơn vị '999999' không tồn tại" in bad.errors[3]
    assert not AdvancedModel.objects.exists()

    good = run("models", [
        header,
        ["Cá nhân", people["ours"].pk, "", "Dân vận khéo", 2024, "Cấp tỉnh", "UBND tỉnh"],
        ["Tập thể", "", "111", "Xã sạch", 2024, "xa", ""],
    ])  # fmt: skip
    assert good.ok and good.created == 2, good.errors
    assert AdvancedModel.objects.get(title="Dân vận khéo").level == "tinh"
    assert AdvancedModel.objects.get(title="Xã sạch").collective == people["tan_uyen"]
    outside = run("models", [header, ["Tập thể", "", people["muong_te"].code, "Bản sạch", 2024, "", ""]], username="tanuyen")  # fmt: skip
    assert "không có quyền" in outside.errors[0]


def test_templates_and_upload_screen(client, people) -> None:
    client.force_login(User.objects.get(username="tanuyen"))
    for kind, column in (("discipline", "Hình thức kỷ luật"), ("models", "Mô hình, điển hình")):  # fmt: skip
        response = client.get(f"/admin/commendations/import/template-{kind}.xlsx")
        book = load_workbook(io.BytesIO(response.content))
        header = next(book.active.iter_rows(values_only=True))
        assert column in header
        guide = [r[0] for r in book["Hướng dẫn"].iter_rows(values_only=True)]
        assert column in guide
    upload = io.BytesIO(
        xlsx(
            [
                ["Mã cá nhân", "Năm", "Hình thức kỷ luật"],
                [people["ours"].pk, 2024, "Khiển trách"],
            ]
        )  # fmt: skip
    )
    upload.name = "ky-luat.xlsx"
    page = client.post("/admin/commendations/import/?kind=discipline", {"file": upload})
    assert "Đã nhập thành công: 1" in page.content.decode()
    assert DisciplinaryRecord.objects.get().severity == "khien_trach"
    page = client.get("/admin/commendations/import/?kind=models")
    assert "Điển hình tiên tiến" in page.content.decode()


def test_award_import_cannot_rewrite_an_award_of_an_issued_decision(people) -> None:
    """Finding 12: the import goes through award_record_save's guard, audited as its user."""
    from thidua.commendations.models import AwardRecord
    from thidua.commendations.services import award_record_create
    from thidua.core.models import AuditEntry

    ours = people["ours"]
    issued = award_record_create(
        award_type="CSTDCS", year=2024, person=ours, unit=people["tan_uyen"],
        branch="htxs", decision_number="7/QĐ-UBND", source_decision_id=999,
    )  # fmt: skip
    header = ["Mã cá nhân", "Họ và tên", "Mã khen thưởng", "Năm thành tích", "Điều kiện CSTĐCS", "Số quyết định"]  # fmt: skip
    result = run(
        "awards", [header, [ours.pk, "", "CSTDCS", 2024, "htxs", "666/QĐ-GIẢ"]]
    )
    assert not result.ok
    assert result.errors[0].startswith("Dòng 2")
    assert "do một quyết định trong hệ thống cấp" in result.errors[0]
    issued.refresh_from_db()
    assert issued.decision_number == "7/QĐ-UBND"

    typed = award_record_create(
        award_type="CSTDCS", year=2023, person=ours, branch="htxs"
    )
    result = run(
        "awards", [header, [ours.pk, "", "CSTDCS", 2023, "htxs", "12/QĐ-UBND"]]
    )
    assert result.ok and result.updated == 1
    typed.refresh_from_db()
    assert typed.decision_number == "12/QĐ-UBND"
    entry = AuditEntry.objects.filter(
        model="awardrecord", object_id=str(typed.pk)
    ).latest("pk")
    assert entry.action == "update" and entry.actor.username == "tinh"
    assert entry.message.startswith("Nhập danh hiệu, khen thưởng từ")
    assert AwardRecord.objects.count() == 2


def test_rating_import_keeps_the_holder_name_the_registry_sorts_by(people) -> None:
    result = run("ratings", [
        ["Mã cá nhân", "Họ và tên", "Năm", "Xếp loại"],
        [people["ours"].pk, "", 2024, "HTXS"],
        ["", "Giàng A Chứ", 2023, "Hoàn thành tốt nhiệm vụ"],
    ])  # fmt: skip
    assert result.ok and result.created == 2
    assert sorted(AnnualRating.objects.values_list("search_text", "rating")) == [
        ("giang a chu", "HTT"), ("lo thi anh", "HTXS"),
    ]  # fmt: skip
