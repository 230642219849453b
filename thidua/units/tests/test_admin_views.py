import datetime as dt

from django.urls import reverse

from thidua.accounts.models import User
from thidua.units.demo import district_bloc
from thidua.units.tests.conftest import unit


def test_search_ignores_diacritics_and_filters_by_date_and_kind(tinh):
    url = reverse("units:unit-list")
    page = tinh.get(url, {"q": "tan uyen"}).content.decode()
    assert "Huyện Tân Uyên" in page and "Xã Tân Uyên" in page
    assert "Trường THPT Tân Uyên" in page
    page = tinh.get(url, {"q": "TÂN UYÊN", "on": "2025-07-01", "kind": "commune"})
    names = [u.name for u in page.context["page_obj"]]
    assert names == ["Xã Tân Uyên"]
    on_2020 = tinh.get(url, {"on": "2020-12-31", "kind": "district"}).context
    assert on_2020["page_obj"].paginator.count == 7  # plus Thành phố Lai Châu (city)


def test_unit_detail_shows_parent_children_lineage_and_what_became_of_them(tinh):
    district = unit("111")
    page = tinh.get(reverse("units:unit-detail", args=[district.pk]))
    assert page.status_code == 200
    became = dict(page.context["became"])
    old_town = unit("03598")
    assert [u.name for u in became[old_town]] == ["Xã Tân Uyên"]
    html = page.content.decode()
    assert "Các đơn vị trực thuộc nay ra sao" in html
    assert "Giải thể, kết thúc hoạt động" in html  # the 2025 timeline

    new = unit("03598", dt.date(2025, 7, 1))
    page = tinh.get(reverse("units:unit-detail", args=[new.pk]))
    preds = {u.name for u in page.context["predecessors"]}
    assert preds == {
        "Thị trấn Tân Uyên",
        "Xã Thân Thuộc",
        "Xã Trung Đồng",
        "Xã Nậm Cần",
    }
    assert page.context["timeline"][0]["event"].effective_date == dt.date(2025, 7, 1)


def test_edit_form_goes_through_the_service(tinh):
    district = unit("111")
    url = reverse("units:unit-edit", args=[district.pk])
    assert tinh.get(url).status_code == 200
    data = {
        "code": "111",
        "name": "Huyện Tân Uyên",
        "kind": "district",
        "parent_code": "12",
        "valid_from": "",
        "valid_to": "2024-12-31",
    }
    page = tinh.post(url, data)
    assert page.status_code == 200
    assert "vẫn còn hiệu lực ngoài thời gian" in page.content.decode()
    district.refresh_from_db()
    assert district.valid_to == dt.date(2025, 6, 30)
    data["valid_to"] = "2025-06-30"
    data["name"] = "Huyện Tân Uyên (cũ)"
    assert tinh.post(url, data).status_code == 302
    district.refresh_from_db()
    assert district.name == "Huyện Tân Uyên (cũ)"


def test_bloc_detail_shows_years_handover_and_proposed_host(tinh):
    bloc = district_bloc()
    page = tinh.get(reverse("units:bloc-detail", args=[bloc.pk]), {"year": 2020})
    assert page.status_code == 200
    assert len(page.context["members"]) == 8
    html = page.content.decode()
    assert "Tân Uyên trao quyền đăng cai năm 2021" in html
    by_year = {by.year: by for by in page.context["leadership"]}
    assert by_year[2020].host.name == "Huyện Tân Uyên"
    assert by_year[2021].host.name == "Huyện Nậm Nhùn"
    # members that hosted 2018–2020 are not proposed for 2021
    assert page.context["proposed_host"].name not in {
        "Huyện Sìn Hồ",
        "Huyện Phong Thổ",
        "Huyện Tân Uyên",
    }
    latest = tinh.get(reverse("units:bloc-detail", args=[bloc.pk]))
    assert latest.context["year"] == 2024
    # every district hosted 2018–2024 except Thành phố Lai Châu
    assert latest.context["proposed_host"].name == "Thành phố Lai Châu"


def test_bloc_list(tinh):
    page = tinh.get(reverse("units:bloc-list")).content.decode()
    assert "Khối thi đua các huyện, thành phố" in page
    assert "Cụm thi đua các xã" in page


def test_menu_groups_catalogue_under_thi_dua(rf, demo_world):
    from thidua.core.wagtail_hooks import catalogue_menu, thidua_menu

    def labels(menu, username):
        request = rf.get("/admin/")
        request.user = User.objects.get(username=username)
        return [str(item.label) for item in menu.menu_items_for_request(request)]

    assert {"Danh mục", "Nhật ký thay đổi"} <= set(labels(thidua_menu, "tinh"))
    catalogue = {"Đơn vị", "Khối, cụm thi đua", "Cá nhân", "Phân vai trò"}
    assert catalogue <= set(labels(catalogue_menu, "tinh"))
    assert "Phân vai trò" not in labels(catalogue_menu, "tanuyen")
    assert "Nhật ký thay đổi" not in labels(thidua_menu, "tanuyen")
    assert labels(catalogue_menu, "bientap") == []
