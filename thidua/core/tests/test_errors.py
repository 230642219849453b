"""Pages when things go wrong: Vietnamese, never a traceback."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: BaseDatabaseWrapper) -> None:
        raise OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
        )

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/xac-minh/KHONG-CO/"])
def test_database_down_answers_a_vietnamese_503(path, django_user_model, database_down):
    response = Client(raise_request_exception=False).get(path)
    html = response.content.decode()
    assert response.status_code == 503, path
    assert response["Retry-After"] == "60"
    assert "Hệ thống tạm thời gián đoạn" in html and 'lang="vi"' in html
    assert "Traceback" not in html and "OperationalError" not in html


@pytest.mark.django_db
def test_the_back_office_of_a_signed_in_officer_too(django_user_model, monkeypatch):
    user = django_user_model.objects.create_superuser(
        "quantri", password="x-Very-long-1"
    )
    client = Client(raise_request_exception=False)
    client.force_login(user)

    def refuse(self: BaseDatabaseWrapper) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    response = client.get("/admin/")
    assert response.status_code == 503
    assert "Cơ sở dữ liệu tạm thời không truy cập được" in response.content.decode()


@pytest.mark.django_db
def test_another_error_is_a_vietnamese_500(client, monkeypatch):
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    client.raise_request_exception = False
    monkeypatch.setattr("django.contrib.auth.middleware.get_user", boom)
    response = client.get("/")
    assert response.status_code == 500
    assert "Hệ thống gặp lỗi" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_page_is_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
