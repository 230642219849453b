import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from thidua.accounts.models import User
from thidua.lib.tabular import TabularError
from thidua.units.imports import COLUMNS, units_import
from thidua.units.models import OrgUnit

HEADER = [c.label for c in COLUMNS]


def xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def officer(demo_world):
    return User.objects.get(username="tinh")


def test_xlsx_import_creates_units_with_parents_from_earlier_rows(officer):
    content = xlsx(
        [
            [
                "SKHCN",
                "Sở Khoa học và Công nghệ",
                "Sở, ban, ngành, cơ quan",
                "12",
                None,
                None,
            ],
            [
                "TT-UD",
                "Trung tâm Ứng dụng KH&CN",
                "khác",
                "SKHCN",
                dt.date(2021, 3, 1),
                "",
            ],
            ["03388", "Phường Đoàn Kết", "Phường", "12", "01/07/2025", None],
        ]
    )
    result = units_import(content=content, filename="don-vi.xlsx", user=officer)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 1)
    centre = OrgUnit.objects.get(code="TT-UD")
    assert centre.parent.code == "SKHCN"
    assert centre.valid_from == dt.date(2021, 3, 1)
    assert centre.kind == OrgUnit.Kind.OTHER


def test_csv_import_with_semicolons_and_bom(officer):
    text = "\ufeffMã đơn vị;Tên đơn vị;Loại;Mã đơn vị cấp trên\nTHCS-1;Trường THCS Mường Kim;Trường học;12\n"
    result = units_import(content=text.encode(), filename="a.csv", user=officer)
    assert result.ok and result.created == 1
    assert OrgUnit.objects.get(code="THCS-1").kind == OrgUnit.Kind.SCHOOL


def test_a_failing_file_saves_nothing_and_names_each_bad_row(officer):
    before = OrgUnit.objects.count()
    content = xlsx(
        [
            ["OK-1", "Đơn vị đúng", "Khác", "12", None, None],
            ["X-1", "Đơn vị lạc", "Khác", "X", None, None],
            ["X-2", "Không loại", "làng", "12", None, None],
            ["X-3", "Ngày sai", "Khác", "12", "2020-13-45", None],
            ["111", "Huyện trùng mã", "Huyện", "12", "01/01/2020", None],
        ]
    )
    result = units_import(content=content, filename="sai.xlsx", user=officer)
    assert result.errors == [
        "Dòng 3: mã đơn vị cấp trên 'X' không tồn tại",
        "Dòng 4: loại đơn vị 'làng' không hợp lệ",
        "Dòng 5: ngày hiệu lực từ '2020-13-45' không đúng dạng dd/mm/yyyy",
        "Dòng 6: Mã '111' đã được dùng cho Huyện Tân Uyên trong thời gian "
        "không xác định – 30/06/2025, trùng với thời gian hiệu lực 01/01/2020 – nay.",
    ]
    assert result.created == 0
    assert OrgUnit.objects.count() == before
    assert not OrgUnit.objects.filter(code="OK-1").exists()


def test_missing_columns_and_wrong_format_are_refused(officer):
    with pytest.raises(TabularError, match="Thiếu cột bắt buộc: Tên đơn vị, Loại."):
        units_import(
            content=xlsx([], header=["Mã đơn vị"]), filename="a.xlsx", user=officer
        )
    with pytest.raises(TabularError, match="Chỉ nhận tệp"):
        units_import(content=b"x", filename="a.pdf", user=officer)
    with pytest.raises(TabularError, match="Tệp không phải bảng tính Excel"):
        units_import(content=b"not a zip", filename="a.xlsx", user=officer)


def test_unit_officer_may_only_import_below_their_unit(demo_world):
    tanuyen = User.objects.get(username="tanuyen")
    content = xlsx(
        [
            [
                "TH-TU",
                "Trường Tiểu học Pắc Ta",
                "Trường học",
                "111",
                None,
                "30/06/2025",
            ],
            [
                "TH-PT",
                "Trường Tiểu học Phong Thổ",
                "Trường học",
                "107",
                None,
                "30/06/2025",
            ],
        ]
    )
    result = units_import(content=content, filename="a.xlsx", user=tanuyen)
    assert result.errors == ["Dòng 3: bạn không có quyền thêm hoặc sửa đơn vị 'TH-PT'"]
    assert not OrgUnit.objects.filter(code="TH-TU").exists()


def test_template_download_reopens_with_the_columns(client, officer):
    client.force_login(officer)
    response = client.get(reverse("units:unit-import-template"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == HEADER
    untouched = units_import(content=response.content, filename="m.xlsx", user=officer)
    assert untouched.ok and untouched.created == 0
    guide = [row[0] for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert "Mã đơn vị cấp trên" in guide


def test_upload_screen_shows_errors_or_the_count(client, officer):
    client.force_login(officer)
    url = reverse("units:unit-import")
    assert client.get(url).status_code == 200
    bad = io.BytesIO(xlsx([["Z", "Lạc", "Khác", "nowhere", None, None]]))
    bad.name = "sai.xlsx"
    page = client.post(url, {"file": bad}).content.decode()
    assert "Dòng 2: mã đơn vị cấp trên &#x27;nowhere&#x27; không tồn tại" in page
    assert "Chưa có dữ liệu nào được lưu" in page
    good = io.BytesIO(xlsx([["Z", "Đơn vị Z", "Khác", "12", None, None]]))
    good.name = "dung.xlsx"
    page = client.post(url, {"file": good}).content.decode()
    assert "Đã nhập thành công: 1 mục mới" in page
    assert OrgUnit.objects.filter(code="Z").exists()


def test_portal_editor_cannot_open_the_import_screen(client, demo_world):
    client.force_login(User.objects.get(username="bientap"))
    assert client.get(reverse("units:unit-import")).status_code == 403
