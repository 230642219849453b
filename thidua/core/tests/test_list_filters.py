"""The lists' filter headers: every hint a search box points screen readers at is
on the page, and says how to search without diacritics."""

from __future__ import annotations

import re
from typing import Any

import pytest

from thidua.accounts.models import User

LISTS = (
    "/admin/people/",
    "/admin/units/",
    "/admin/commendations/registry/awards/",
    "/admin/commendations/registry/ratings/",
    "/admin/audit/",
    "/admin/thi-dua/",
)


@pytest.mark.parametrize("url", LISTS)
def test_every_described_by_is_on_the_page(client: Any, demo_world: Any, url) -> None:
    client.force_login(User.objects.get(username="tinh"))
    body = client.get(url).content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', body)
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    for names in described:
        assert set(names.split()) <= ids, (url, names)
    if 'name="q"' in body and url != "/admin/audit/":
        assert "Không cần gõ dấu" in body or "không cần dấu" in body, url
