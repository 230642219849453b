import datetime as dt
import io

import pytest
from django.core.management import call_command

from thidua.lib.text import fold, person_sort_key
from thidua.units.demo import district_bloc
from thidua.units.tests.conftest import unit


def test_units_on_a_date_with_diacritic_free_search(tinh):
    body = tinh.get("/api/v1/units", {"on": "2020-12-31", "q": "tan uyen"}).json()
    names = {u["name"] for u in body["items"]}
    assert "Huyện Tân Uyên" in names and "Thị trấn Tân Uyên" in names
    assert "Xã Tân Uyên" not in names
    body = tinh.get(
        "/api/v1/units", {"on": "2025-07-01", "kind": "commune", "limit": 100}
    )
    assert body.json()["count"] == 36  # 38 units from 1 July 2025, 2 of them wards
    province = unit("12")
    body = tinh.get("/api/v1/units", {"parent": province.pk, "on": "2020-12-31"})
    kinds = {u["kind"] for u in body.json()["items"]}
    assert {"district", "city"} <= kinds and "commune" not in kinds


def test_unit_detail_and_successors(tinh):
    town = unit("03598")
    body = tinh.get(f"/api/v1/units/{town.pk}").json()
    assert body["parent"]["name"] == "Huyện Tân Uyên"
    assert [s["name"] for s in body["successors"]] == ["Xã Tân Uyên"]
    new = unit("03598", dt.date(2025, 7, 1))
    body = tinh.get(f"/api/v1/units/{new.pk}").json()
    assert len(body["predecessors"]) == 4 and body["valid_from"] == "2025-07-01"
    body = tinh.get(f"/api/v1/units/{town.pk}/successors").json()
    assert [s["code"] for s in body] == ["03598"]


def test_blocs_with_year_and_proposed_host(tinh):
    assert len(tinh.get("/api/v1/blocs").json()) == 2
    bloc = district_bloc()
    body = tinh.get(f"/api/v1/blocs/{bloc.pk}", {"year": 2020}).json()
    assert body["host"]["name"] == "Huyện Tân Uyên"
    assert len(body["members"]) == 8
    assert body["proposed_next_host"]["name"] not in (
        "Huyện Tân Uyên",
        "Huyện Phong Thổ",
    )
    body = tinh.get(f"/api/v1/blocs/{bloc.pk}", {"year": 2021}).json()
    assert (
        body["handed_over_on"] == "2021-01-15"
        and "Tân Uyên trao" in body["handover_note"]
    )


def test_people_in_vietnamese_order_and_search(tinh):
    body = tinh.get("/api/v1/people", {"limit": 200}).json()
    assert body["count"] == 320
    names = [p["full_name"] for p in body["items"]]
    assert names == sorted(names, key=person_sort_key)
    person = body["items"][0]
    hits = tinh.get(
        "/api/v1/people",
        {"q": fold(person["full_name"])},
    )
    assert person["id"] in [p["id"] for p in hits.json()["items"]]
    detail = tinh.get(f"/api/v1/people/{person['id']}").json()
    assert detail["positions"] and "unit" in detail["positions"][0]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"on": "2020-13-45"}, "on"),
        ({"kind": "unknown"}, "kind"),
        ({"parent": "abc"}, "parent"),
        ({"limit": "-1"}, "limit"),
    ],
)
def test_bad_input_is_422_naming_the_field(tinh, params, field):
    response = tinh.get("/api/v1/units", params)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


def test_bad_bloc_year_is_422(tinh):
    bloc = district_bloc()
    response = tinh.get(f"/api/v1/blocs/{bloc.pk}", {"year": "20x0"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "year"


def test_bearer_token_from_the_management_command(client, demo_world):
    out = io.StringIO()
    call_command(
        "create_api_token", "tanuyen", "HR sync", stdout=out, stderr=io.StringIO()
    )
    key = out.getvalue().strip()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = client.get("/api/v1/units", {"q": "phong tho"}, **auth).json()
    assert body["count"] == 0  # outside Tân Uyên's subtree
    phong_tho = unit("109")
    assert client.get(f"/api/v1/units/{phong_tho.pk}", **auth).status_code == 404
    assert (
        client.get("/api/v1/units", HTTP_AUTHORIZATION="Bearer wrong").status_code
        == 401
    )
    assert client.get("/api/v1/units").status_code == 401


def test_openapi_document_renders(client):
    doc = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/units",
        "/api/v1/units/{unit_id}",
        "/api/v1/units/{unit_id}/successors",
        "/api/v1/blocs",
        "/api/v1/blocs/{bloc_id}",
        "/api/v1/people",
        "/api/v1/people/{person_id}",
    ):
        assert path in doc["paths"]
