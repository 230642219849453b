import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from thidua.accounts.models import User
from thidua.people.imports import COLUMNS, people_import
from thidua.people.models import Person, Position
from thidua.units.models import OrgUnit

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


def _row(person, post, **changes):
    values = {
        "ho_ten": person.full_name,
        "gioi_tinh": person.get_gender_display(),
        "nam_sinh": person.birth_year or "",
        "dan_toc": "",
        "doi_tuong": "",
        "ma_don_vi": post.unit.code,
        "chuc_vu": post.title,
        "tu_ngay": post.start_date.strftime("%d/%m/%Y"),
        "den_ngay": post.end_date.strftime("%d/%m/%Y") if post.end_date else "",
        "lanh_dao": "có" if post.is_leader else "",
        **changes,
    }
    return [values[c.key] for c in COLUMNS]


def _open_post():
    return (
        Position.objects.filter(end_date__isnull=True, unit__valid_to__isnull=True)
        .exclude(person__birth_year=None)
        .select_related("person", "unit")
        .order_by("pk")
        .first()
    )


def test_a_known_person_is_updated_not_duplicated(demo_world):
    officer = User.objects.get(username="tinh")
    post = _open_post()
    person = post.person
    people, posts = Person.objects.count(), person.positions.count()
    content = xlsx(
        [
            # same post (unit and start date): the title changes
            _row(person, post, chuc_vu="Chủ tịch UBND", dan_toc="Mông", lanh_dao="có"),
            # upper case and extra spaces are the same name; a new post elsewhere
            _row(
                person,
                post,
                ho_ten="  " + person.full_name.upper(),
                ma_don_vi="SNV",
                chuc_vu="Chuyên viên",
                tu_ngay="01/01/2000",
                den_ngay="31/12/2004",
            ),
        ]
    )
    result = people_import(content=content, filename="lai.xlsx", user=officer)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    assert Person.objects.count() == people
    person.refresh_from_db()
    post.refresh_from_db()
    assert person.ethnicity == "Mông"
    assert person.target_group != "" and person.full_name == person.full_name.strip()
    assert (post.title, post.is_leader) == ("Chủ tịch UBND", True)
    assert person.positions.count() == posts + 1
    assert person.positions.filter(unit__code="SNV", title="Chuyên viên").exists()


def test_a_namesake_elsewhere_or_with_other_accents_is_a_new_person(demo_world):
    officer = User.objects.get(username="tinh")
    hung = Person.objects.create(
        full_name="Lò Văn Hùng", gender="male", birth_year=1980
    )
    post = Position.objects.create(
        person=hung,
        unit=OrgUnit.objects.get(code="SNV"),
        start_date=dt.date(2010, 1, 1),
    )
    content = xlsx(
        [
            _row(hung, post, ho_ten="Lò Văn Hưng"),  # another name, same letters
            _row(hung, post, ma_don_vi="SGDDT"),  # never worked there
        ]
    )
    result = people_import(content=content, filename="moi.xlsx", user=officer)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 0)
    assert Person.objects.filter(full_name="Lò Văn Hưng").count() == 1
    assert Person.objects.filter(full_name="Lò Văn Hùng").count() == 2
    # the post in SNV tells the two namesakes apart
    content = xlsx([_row(hung, post, chuc_vu="Phó Giám đốc")])
    result = people_import(content=content, filename="lai.xlsx", user=officer)
    assert (result.created, result.updated) == (0, 1)
    post.refresh_from_db()
    assert post.title == "Phó Giám đốc"


def test_two_matching_people_are_refused_as_ambiguous(demo_world):
    officer = User.objects.get(username="tinh")
    post = _open_post()
    twin = Person.objects.create(
        full_name=post.person.full_name,
        gender=post.person.gender,
        birth_year=post.person.birth_year,
    )
    Position.objects.create(
        person=twin, unit=post.unit, start_date=post.start_date, title="Văn thư"
    )
    people = Person.objects.count()
    result = people_import(
        content=xlsx([_row(post.person, post)]), filename="x.xlsx", user=officer
    )
    assert result.errors == [
        f"Dòng 2: có 2 cá nhân cùng họ tên, năm sinh, giới tính từng công tác tại "
        f"{post.unit}: không xác định được cần cập nhật ai"
    ]
    assert Person.objects.count() == people
