"""Hostile requests to the API: one error shape, 422 naming the field, never a 500;
API tokens that write, expire and can be revoked."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from thidua.accounts.models import ApiToken, User
from thidua.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def anon() -> Client:
    return Client(raise_request_exception=False)


def fields(response) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


@pytest.mark.parametrize("path", ["/api/v1/portal/news", "/api/v1/portal/polls"])
@pytest.mark.parametrize("param", ["limit", "offset"])
def test_a_huge_limit_or_offset_is_a_422_naming_it(anon, path, param):
    response = anon.get(path, {param: "425259844174835297026048"})
    assert response.status_code == 422 and fields(response) == [param]


def test_paginated_staff_lists_bound_their_limit_too(demo_world, anon):
    key = api_token_create(user=User.objects.get(username="tinh"), name="t")
    for path in ("/api/v1/units", "/api/v1/people"):
        response = anon.get(
            path,
            {"limit": "425259844174835297026048"},
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        assert response.status_code == 422 and fields(response) == ["limit"], path


def test_deeply_nested_json_is_a_422_on_the_body(anon):
    deep = "[" * 100_000 + "]" * 100_000
    for path in ("/api/v1/eligibility", "/api/v1/scoring/evaluate"):
        response = anon.post(path, deep, content_type="application/json")
        assert response.status_code == 422, path
        assert (
            fields(response) == ["body"]
            and "lồng quá sâu" in response.json()["errors"][0]["message"]
        )


def test_a_body_that_is_not_json_is_a_422_on_the_body(anon):
    response = anon.post(
        "/api/v1/scoring/evaluate", "{không phải json", content_type="application/json"
    )
    assert response.status_code == 422 and fields(response) == ["body"]


def test_a_nul_character_is_refused_before_the_database(anon):
    response = anon.get("/api/v1/portal/news", {"q": "quyết\x00định"})
    assert response.status_code == 422 and fields(response) == ["body"]
    body = json.dumps({"year": 2025, "ratings": {"2024": "HT\u0000"}})
    response = anon.post("/api/v1/eligibility", body, content_type="application/json")
    assert response.status_code == 422
    page = anon.get("/xac-minh/", {"ma": "AB\x00CD"})
    assert page.status_code == 400 and "NUL" in page.content.decode()


def test_an_anonymous_write_is_a_401_in_the_error_shape(anon):
    response = anon.post(
        "/api/v1/dossiers", {"unit_id": 1}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json() == {
        "errors": [{"field": "", "message": "Cần đăng nhập hoặc khóa API hợp lệ."}]
    }


def test_a_token_can_write_without_a_csrf_token(demo_world):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    officer = User.objects.get(username="tanuyen")
    key = api_token_create(user=officer, name="HR sync")
    # Since the 2025 reorganisation the officer also keeps the dissolved district's
    # role (its history); the new dossier is for the unit still in force.
    unit = officer.roles.get(unit__valid_to__isnull=True).unit
    response = client.post(
        "/api/v1/dossiers",
        {"unit_id": unit.pk, "type": "annual", "year": 2026, "title": "Hồ sơ qua API"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Hồ sơ qua API"


def test_a_browser_session_still_needs_its_csrf_token(demo_world):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    officer = User.objects.get(username="tanuyen")
    client.force_login(officer)
    response = client.post(
        "/api/v1/dossiers",
        {"unit_id": 1, "type": "annual", "year": 2026, "title": "x"},
        content_type="application/json",
    )
    assert (
        response.status_code == 403
        and "CSRF" in response.json()["errors"][0]["message"]
    )


def test_tokens_expire_and_can_be_revoked(demo_world, anon):
    officer = User.objects.get(username="tanuyen")
    key = api_token_create(user=officer, name="HR sync", days=30)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    token = ApiToken.objects.get(user=officer)
    assert token.expires_at > timezone.now() + dt.timedelta(days=29)
    assert anon.get("/api/v1/units", **auth).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert anon.get("/api/v1/units", **auth).status_code == 401

    key = api_token_create(user=officer, name="HR sync")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert anon.get("/api/v1/units", **auth).status_code == 200
    out = io.StringIO()
    call_command("revoke_api_token", "tanuyen", "HR sync", stdout=out)
    assert out.getvalue().strip() == "1 token(s) revoked"
    assert anon.get("/api/v1/units", **auth).status_code == 401
    assert ApiToken.objects.filter(user=officer, revoked_at__isnull=False).count() == 1


def test_the_openapi_document_names_each_enum_once_and_documents_errors(anon):
    doc = anon.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert "Kind" not in schemas and {"UnitKind", "BlocKind"} <= set(schemas)
    assert "$defs" not in json.dumps(doc)
    units = doc["paths"]["/api/v1/units/{unit_id}"]["get"]["responses"]
    assert {"200", "401", "403", "404", "422"} <= set(units)


def test_database_down_is_a_503_in_the_error_shape(anon, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self: BaseDatabaseWrapper) -> None:
        raise OperationalError("Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    response = anon.get("/api/v1/portal/polls")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert fields(response) == [""]
    assert "tạm thời không truy cập được" in response.json()["errors"][0]["message"]


@pytest.mark.django_db
def test_an_id_past_the_integer_range_is_a_404(anon):
    # found by schemathesis on SQLite: the driver overflowed before the query ran
    response = anon.get("/api/v1/portal/news/-24472915843573952512")
    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == "Không tìm thấy."
