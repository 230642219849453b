import io

import openpyxl
import pytest
from django.urls import reverse

from thidua.accounts.models import User
from thidua.people.imports import COLUMNS, people_import
from thidua.people.models import Person, Position

HEADER = [c.label for c in COLUMNS]


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def tanuyen(demo_world):
    return User.objects.get(username="tanuyen")


def test_rows_of_one_person_become_a_career_across_units(demo_world):
    officer = User.objects.get(username="tinh")
    content = xlsx(
        [
            [
                "Tòng Thị Ánh",
                "Nữ",
                1985,
                "Thái",
                "Công chức",
                "03598",
                "Công chức địa chính",
                "01/01/2015",
                "30/06/2025",
                "",
            ],
            [
                "Tòng Thị Ánh",
                "Nữ",
                1985,
                "Thái",
                "Công chức",
                "03598",
                "Phó Chủ tịch UBND",
                "01/07/2025",
                "",
                "có",
            ],
            [
                "Lò Văn Bình",
                "Nam",
                "",
                "",
                "Nông dân",
                "03601",
                "",
                "2025-08-01",
                "",
                "",
            ],
        ]
    )
    before = Person.objects.count()
    result = people_import(content=content, filename="ca-nhan.xlsx", user=officer)
    assert result.ok, result.errors
    assert result.created == 2
    assert Person.objects.count() == before + 2
    anh = Person.objects.get(full_name="Tòng Thị Ánh", birth_year=1985)
    units = [p.unit.name for p in anh.positions.order_by("start_date")]
    assert units == ["Thị trấn Tân Uyên", "Xã Tân Uyên"]
    assert anh.positions.get(end_date__isnull=True).is_leader
    binh = Person.objects.get(full_name="Lò Văn Bình", birth_year=None)
    assert binh.target_group == Person.TargetGroup.FARMER and binh.ethnicity == "Kinh"


def test_a_failing_file_saves_nothing(tanuyen):
    people, positions = Person.objects.count(), Position.objects.count()
    text = (
        "Họ và tên,Giới tính,Năm sinh,Mã đơn vị,Từ ngày,Đến ngày\n"
        "Hoàng Văn Đúng,Nam,1990,03598,01/01/2020,\n"
        "Vàng Thị Sai,Khác,1990,03598,01/01/2020,\n"
        "Lù Văn Lạc,Nam,1990,X,01/01/2020,\n"
        "Giàng A Xa,Nam,1990,109,01/01/2020,\n"
        "Lý Thị Quá Hạn,Nữ,19x0,03598,01/01/2020,\n"
        "Điêu Văn Ngược,Nam,1990,03598,01/01/2020,01/01/2019\n"
    )
    result = people_import(content=text.encode(), filename="a.csv", user=tanuyen)
    assert result.errors == [
        "Dòng 2: Thị trấn Tân Uyên chỉ có hiệu lực đến 30/06/2025: chức vụ phải kết thúc trước ngày đó.",
        "Dòng 3: giới tính 'Khác' phải là Nam hoặc Nữ",
        "Dòng 4: mã đơn vị 'X' không tồn tại",
        "Dòng 5: bạn không có quyền nhập cá nhân cho Huyện Phong Thổ",
        "Dòng 6: năm sinh '19x0' không phải một năm",
        "Dòng 7: Ngày kết thúc phải sau ngày bắt đầu.",
    ]
    assert (Person.objects.count(), Position.objects.count()) == (people, positions)


def test_upload_screen_and_template(client, tanuyen):
    client.force_login(tanuyen)
    template = client.get(reverse("people:person-import-template"))
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    assert [c.value for c in book.worksheets[0][1]] == HEADER
    upload = io.BytesIO(
        xlsx(
            [
                [
                    "Nguyễn Văn Mới",
                    "Nam",
                    1999,
                    "Kinh",
                    "",
                    "03598",
                    "Chuyên viên",
                    "01/03/2024",
                    "30/06/2025",
                    "",
                ]
            ]
        )
    )
    upload.name = "mot-nguoi.xlsx"
    page = client.post(reverse("people:person-import"), {"file": upload})
    assert "Đã nhập thành công: 1 mục mới" in page.content.decode()
    assert Person.objects.filter(full_name="Nguyễn Văn Mới").exists()
