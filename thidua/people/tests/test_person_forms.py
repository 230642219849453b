"""Person and position forms in the admin: scoped by people/access.py, audited."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.accounts.models import User
from thidua.core.models import AuditEntry
from thidua.people.models import Person, Position
from thidua.units.models import OrgUnit

D = dt.date
ADD = "/admin/people/add/"


def _login(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def _person(**fields):
    return {
        "full_name": "Lò Thị Mới",
        "gender": "female",
        "birth_year": "1992",
        "ethnicity": "Thái",
        "target_group": "cong_chuc",
        "unit_code": "03598",
        "title": "Công chức văn hóa – xã hội",
        "start_date": "2025-08-01",
        "end_date": "",
        **fields,
    }


def _errors(page):
    return {k: list(v) for k, v in page.context["form"].errors.items()}


def _post_in(unit, *, open_only=True):
    posts = Position.objects.filter(unit=unit)
    if open_only:
        posts = posts.filter(end_date__isnull=True)
    return posts.select_related("person").order_by("pk").first()


def test_unit_officer_adds_a_person_of_their_commune(client, demo_world):
    _login(client, "xatanuyen")
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, _person())
    person = Person.objects.get(full_name="Lò Thị Mới")
    assert response.url == reverse("people:person-detail", args=[person.pk])
    post = person.positions.get()
    assert (post.unit.name, post.start_date, post.end_date) == (
        "Xã Tân Uyên",
        D(2025, 8, 1),
        None,
    )
    entries = AuditEntry.objects.filter(action="create", actor__username="xatanuyen")
    assert {("person", str(person.pk)), ("position", str(post.pk))} <= set(
        entries.values_list("model", "object_id")
    )


def test_refusals_show_inline_and_save_nothing(client, demo_world):
    count = Person.objects.count()
    _login(client, "xatanuyen")
    page = client.post(ADD, _person(unit_code="109"))
    assert _errors(page) == {
        "unit_code": ["Mã đơn vị '109' không tồn tại vào ngày 01/08/2025."]
    }
    _login(client, "tanuyen")
    page = client.post(ADD, _person(start_date="2020-01-01"))
    assert _errors(page) == {
        "__all__": [
            "Thị trấn Tân Uyên chỉ có hiệu lực đến 30/06/2025: chức vụ phải kết "
            "thúc trước ngày đó."
        ]
    }
    assert "chức vụ phải kết thúc trước ngày đó" in page.content.decode()
    assert Person.objects.count() == count
    ok = client.post(ADD, _person(start_date="2020-01-01", end_date="2025-06-30"))
    assert ok.status_code == 302 and Person.objects.count() == count + 1


@pytest.mark.parametrize(
    ("username", "status"), [("hoidong", 403), ("khoitruong", 403), ("bientap", 403)]
)
def test_read_only_roles_cannot_add_people(client, demo_world, username, status):
    assert _login(client, username).get(ADD).status_code == status


def test_edit_goes_through_the_service_and_is_scoped(client, demo_world):
    commune = OrgUnit.objects.get(code="03598", valid_from=D(2025, 7, 1))
    person = _post_in(commune).person
    url = reverse("people:person-edit", args=[person.pk])
    _login(client, "xatanuyen")
    page = client.get(url)
    assert page.context["form"].initial["full_name"] == person.full_name
    data = _person(full_name=f"  {person.full_name}   ", ethnicity="Mông")
    data["birth_year"] = "1800"
    assert _errors(client.post(url, data)) == {
        "birth_year": ["Năm sinh phải từ 1900 trở về sau."]
    }
    data["birth_year"] = "1975"
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.ethnicity, person.birth_year) == ("Mông", 1975)
    entry = AuditEntry.objects.filter(model="person", object_id=str(person.pk)).latest(
        "pk"
    )
    assert entry.before["ethnicity"] != "Mông" and entry.after["ethnicity"] == "Mông"

    phong_tho = OrgUnit.objects.get(code="109")
    outsider = (
        Person.objects.filter(positions__unit=phong_tho)
        .exclude(positions__unit=commune)
        .first()
    )
    other = reverse("people:person-edit", args=[outsider.pk])
    assert client.get(other).status_code == 404
    assert _login(client, "khoitruong").get(other).status_code == 403
    assert _login(client, "hoidong").get(url).status_code == 403
    assert _login(client, "bientap").get(url).status_code == 404


def test_position_add_and_end(client, demo_world):
    commune = OrgUnit.objects.get(code="03598", valid_from=D(2025, 7, 1))
    post = _post_in(commune)
    person = post.person
    _login(client, "xatanuyen")
    add = reverse("people:position-add", args=[person.pk])
    data = {"unit_code": "03598", "title": "Phó Chủ tịch", "start_date": "2026-01-01"}
    page = client.post(add, data)
    assert _errors(page) == {
        "__all__": [f"{person} đã có chức vụ tại Xã Tân Uyên trong thời gian này."]
    }

    end = reverse("people:position-end", args=[post.pk])
    detail = client.get(reverse("people:person-detail", args=[person.pk]))
    assert end in detail.content.decode()
    page = client.post(end, {"end_date": "2000-01-01"})
    assert _errors(page) == {"__all__": ["Ngày kết thúc phải sau ngày bắt đầu."]}
    assert client.post(end, {"end_date": "2025-12-31"}).status_code == 302
    post.refresh_from_db()
    assert post.end_date == D(2025, 12, 31)
    again = client.post(end, {"end_date": "2026-01-31"})
    assert _errors(again) == {"end_date": ["Chức vụ này đã kết thúc ngày 31/12/2025."]}

    assert client.post(add, data).status_code == 302
    latest = person.positions.order_by("-start_date").first()
    assert (latest.title, latest.start_date) == ("Phó Chủ tịch", D(2026, 1, 1))


def test_position_end_access(client, demo_world):
    district = OrgUnit.objects.get(code="109")
    post = _post_in(district, open_only=False)
    url = reverse("people:position-end", args=[post.pk])
    assert _login(client, "xatanuyen").get(url).status_code == 404
    assert _login(client, "khoitruong").get(url).status_code == 403
    assert _login(client, "tinh").get(url).status_code == 200
