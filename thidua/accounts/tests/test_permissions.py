"""The permission matrix of docs/permissions.md, checked for every demo role.

Each row logs in as one demo account and requests representative foundation
pages and endpoints: 200 where allowed, 404 for what the role may not see,
403 for what it may see but not change, a login redirect / 401 for anonymous.
"""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.accounts.models import User
from thidua.people.services import person_create, position_create
from thidua.units.demo import CLUSTER_NAME, district_bloc
from thidua.units.models import EmulationBloc, OrgUnit

CHECKS = [
    "unit_list",
    "unit_phong_tho",
    "unit_tan_uyen_town",
    "edit_tan_uyen",
    "edit_phong_tho",
    "api_phong_tho",
    "api_tan_uyen_town",
    "bloc",
    "person_phong_tho",
    "roles",
    "audit",
    "import_units",
    "lineage",
    "hand_over",
    "edit_person_pt",
]
# fmt: off
MATRIX = {
    #              list  PT   TUtown editTU editPT apiPT apiTU bloc  perPT roles audit import lineage handover editPerPT
    "admin":      (200, 200, 200,   200,   200,   200,  200,  200,  200,  200,  200,  200,   200,    200,     200),
    "tinh":       (200, 200, 200,   200,   200,   200,  200,  200,  200,  200,  200,  200,   200,    200,     200),
    "khoitruong": (200, 200, 404,   403,   403,   200,  404,  200,  200,  403,  403,  403,   403,    200,     403),
    "tanuyen":    (200, 404, 200,   200,   404,   404,  200,  200,  404,  403,  403,  200,   200,    403,     404),
    "xatanuyen":  (200, 404, 404,   404,   404,   404,  404,  404,  404,  403,  403,  200,   200,    404,     404),
    "hoidong":    (200, 200, 200,   403,   403,   200,  200,  200,  200,  403,  403,  403,   403,    403,     403),
    "bientap":    (200, 404, 404,   404,   404,   404,  404,  404,  404,  403,  403,  403,   403,    404,     404),
    "lanhdao":    (200, 200, 200,   403,   403,   200,  200,  200,  200,  403,  403,  403,   403,    403,     403),
}
# fmt: on


def _urls() -> dict[str, str]:
    phong_tho = OrgUnit.objects.get(code="109")
    tan_uyen = OrgUnit.objects.get(code="111")
    town = OrgUnit.objects.get(code="03598", valid_from=None)
    person = person_create(full_name="Sùng A Chứ", gender="male", birth_year=1980)
    position_create(
        person=person,
        unit=phong_tho,
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2025, 6, 30),
    )
    return {
        "unit_list": reverse("units:unit-list"),
        "unit_phong_tho": reverse("units:unit-detail", args=[phong_tho.pk]),
        "unit_tan_uyen_town": reverse("units:unit-detail", args=[town.pk]),
        "edit_tan_uyen": reverse("units:unit-edit", args=[tan_uyen.pk]),
        "edit_phong_tho": reverse("units:unit-edit", args=[phong_tho.pk]),
        "api_phong_tho": f"/api/v1/units/{phong_tho.pk}",
        "api_tan_uyen_town": f"/api/v1/units/{town.pk}",
        "bloc": reverse("units:bloc-detail", args=[district_bloc().pk]),
        "person_phong_tho": reverse("people:person-detail", args=[person.pk]),
        "roles": reverse("accounts:role-list"),
        "audit": reverse("core:audit-list"),
        "import_units": reverse("units:unit-import"),
        "lineage": reverse("units:lineage-add"),
        "hand_over": reverse("units:bloc-hand-over", args=[district_bloc().pk, 2020]),
        "edit_person_pt": reverse("people:person-edit", args=[person.pk]),
    }


@pytest.mark.parametrize("username", MATRIX)
def test_role_sees_exactly_what_the_matrix_says(client, demo_world, username):
    client.force_login(User.objects.get(username=username))
    urls = _urls()
    got = tuple(client.get(urls[name]).status_code for name in CHECKS)
    assert dict(zip(CHECKS, got, strict=True)) == dict(
        zip(CHECKS, MATRIX[username], strict=True)
    )


def test_anonymous_is_sent_to_login_or_gets_401(client, demo_world):
    urls = _urls()
    for name, url in urls.items():
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, name
        else:
            assert response.status_code == 302, name
            assert response["Location"].startswith("/admin/login/"), name


def test_unit_officer_sees_its_communes_but_not_phong_thos(client, demo_world):
    client.force_login(User.objects.get(username="tanuyen"))
    body = client.get("/api/v1/units", {"on": "2020-12-31", "limit": 200}).json()
    names = {u["name"] for u in body["items"]}
    assert "Thị trấn Tân Uyên" in names and "Xã Mường Khoa" in names
    assert not any("Phong Thổ" in n for n in names)
    # the district and its 10 communes, and the department the officer works for since 2025
    assert "Sở Nông nghiệp và Môi trường" in names
    assert body["count"] == 12


def test_bloc_head_sees_the_bloc_members(client, demo_world):
    client.force_login(User.objects.get(username="khoitruong"))
    body = client.get("/api/v1/units", {"limit": 50}).json()
    # the district bloc until 2024, the commune cluster since the 2025 reorganisation
    blocs = [district_bloc(), EmulationBloc.objects.get(name=CLUSTER_NAME)]
    assert {u["name"] for u in body["items"]} == {
        u.name for u in OrgUnit.objects.filter(bloc_memberships__bloc__in=blocs)
    }
    assert body["count"] == 16


def test_changes_outside_ones_scope_are_refused_and_nothing_changes(client, demo_world):
    phong_tho = OrgUnit.objects.get(code="109")
    client.force_login(User.objects.get(username="khoitruong"))
    data = {"code": "109", "name": "Đổi tên", "kind": "district", "parent_code": "12"}
    assert (
        client.post(reverse("units:unit-edit", args=[phong_tho.pk]), data).status_code
        == 403
    )
    client.force_login(User.objects.get(username="tanuyen"))
    # placing a new unit under the province is a province officer's change
    data = {"code": "NEW", "name": "Mới", "kind": "agency", "parent_code": "12"}
    assert client.post(reverse("units:unit-add"), data).status_code == 403
    assert not OrgUnit.objects.filter(code="NEW").exists()
    phong_tho.refresh_from_db()
    assert phong_tho.name == "Huyện Phong Thổ"


def test_role_assignment_by_province_officer_is_audited(client, demo_world):
    from thidua.core.models import AuditEntry

    client.force_login(User.objects.get(username="tinh"))
    bientap = User.objects.get(username="bientap")
    response = client.post(
        reverse("accounts:role-list"),
        {"user": bientap.pk, "role": "unit_officer", "unit_code": "03598"},
    )
    assert response.status_code == 302
    assignment = bientap.roles.get(role="unit_officer")
    entry = AuditEntry.objects.get(model="roleassignment", object_id=str(assignment.pk))
    assert entry.actor.username == "tinh"
    response = client.post(
        reverse("accounts:role-list"), {"user": bientap.pk, "role": "unit_officer"}
    )
    assert "phải gắn với một đơn vị" in response.content.decode()


def test_django_admin_is_for_superusers_only(client, demo_world):
    client.force_login(User.objects.get(username="tinh"))
    assert client.get("/django-admin/").status_code == 302
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/django-admin/").status_code == 200
