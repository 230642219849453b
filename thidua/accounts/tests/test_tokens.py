"""API tokens in the back office: the owner and role managers list and revoke them;
a revoked token no longer opens the API."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from thidua.accounts.models import ApiToken
from thidua.accounts.services import api_token_create
from thidua.core.models import AuditEntry
from thidua.dossiers.tests.factories import small_world, user


def test_owner_and_province_officer_revoke_tokens_others_cannot(
    client: Any, db: Any
) -> None:
    small_world()
    key = api_token_create(user=user("tanuyen"), name="Phần mềm một cửa")
    other = api_token_create(user=user("sinho"), name="Khóa của Sìn Hồ")
    token = ApiToken.objects.get(name="Phần mềm một cửa")
    api = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/units", **api).status_code == 200

    client.force_login(user("sinho"))  # another unit's officer: sees only their own
    page = client.get(reverse("accounts:token-list")).content.decode()
    assert "Khóa của Sìn Hồ" in page and "Phần mềm một cửa" not in page
    revoke = reverse("accounts:token-revoke", args=[token.pk])
    assert client.post(revoke).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None

    client.force_login(user("tinh"))  # a role manager sees everyone's
    page = client.get(reverse("accounts:token-list")).content.decode()
    assert "Phần mềm một cửa" in page and "Khóa của Sìn Hồ" in page
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = AuditEntry.objects.get(message="Thu hồi khóa API “Phần mềm một cửa”")
    assert (entry.actor, entry.object_id) == (user("tinh"), str(user("tanuyen").pk))
    client.logout()
    assert client.get("/api/v1/units", **api).status_code == 401
    other_api = {"HTTP_AUTHORIZATION": f"Bearer {other}"}
    assert client.get("/api/v1/units", **other_api).status_code == 200

    client.force_login(user("tanuyen"))  # the owner sees it revoked
    page = client.get(reverse("accounts:token-list")).content.decode()
    assert "Đã thu hồi" in page
