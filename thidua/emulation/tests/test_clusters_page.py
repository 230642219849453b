"""The clusters page at national size: a page of blocs at a time, narrowed by name
(without diacritics), organising unit and year, for each role only its own blocs."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from thidua.accounts.services import staff_group
from thidua.emulation.models import ReportingPeriod
from thidua.units.models import BlocMembership, EmulationBloc, OrgUnit

from .officer import officer_world

pytestmark = pytest.mark.django_db
URL = "/admin/thi-dua/"


def _clusters(w: dict[str, Any], n: int) -> OrgUnit:
    """`n` clusters of another province, each with a member and a 2025 period."""
    province, _ = OrgUnit.objects.get_or_create(
        code="91", defaults={"name": "Tỉnh Đông", "kind": "province"}
    )
    commune, _ = OrgUnit.objects.get_or_create(
        code="91001",
        defaults={"name": "Xã Đông", "kind": "commune", "parent": province},
    )
    for k in range(EmulationBloc.objects.filter(organiser=province).count(), n):
        bloc = EmulationBloc.objects.create(
            name=f"Cụm thi đua số {k:02} – Tỉnh Đông", organiser=province
        )
        BlocMembership.objects.create(bloc=bloc, unit=commune, year=2025)
        ReportingPeriod.objects.create(bloc=bloc, year=2025)
    return province


def _page(client: Client, query: str = "") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client: Client, query: str = "") -> int:
    client.get(URL + query)  # the first read fills Django's and Wagtail's own caches
    with CaptureQueriesContext(connection) as done:
        assert client.get(URL + query).status_code == 200
    return len(done.captured_queries)


def test_a_national_officer_pages_and_narrows_the_clusters(client: Client) -> None:
    w = officer_world()
    w["office"].groups.add(staff_group())
    client.force_login(w["office"])
    east = _clusters(w, 25)
    first = _page(client)
    assert "Trang 1/2 (26 mục)" in first
    assert first.count("<h2>") == 20 and "Khối thử" not in first  # "Cụm" sorts first
    assert first.count('class="em-open"') == 20  # folded in <details>
    second = _page(client, "?page=2")
    assert second.count("<h2>") == 6 and "Khối thử" in second
    # the name without diacritics, the organising unit, the year
    assert _page(client, "?q=khoi thu").count("<h2>") == 1
    assert _page(client, "?q=cum thi dua so 07").count("<h2>") == 1
    by_unit = _page(client, f"?don_vi={w['period'].bloc.organiser_id}")
    assert by_unit.count("<h2>") == 1 and "Khối thử" in by_unit
    assert "Trang 1/2" in _page(client, f"?don_vi={east.pk}")
    year = _page(client, "?nam=2026")
    assert year.count("<h2>") == 1 and "Khối thử" in year
    assert "Trang 2/2 (25 mục)" in _page(client, "?nam=2025&page=2")
    assert "khớp bộ lọc" in _page(client, "?nam=2024")
    # the page's filters follow its page links
    assert 'href="?q=cum&amp;page=2"' in _page(client, "?q=cum")


def test_a_commune_officer_sees_only_their_blocs(client: Client) -> None:
    w = officer_world()
    _clusters(w, 25)
    client.force_login(w["officer"])
    page = _page(client)
    assert page.count("<h2>") == 1 and "Khối thử" in page
    assert "Phân trang" not in page and 'class="em-open"' not in page
    assert _page(client, "?q=cum").count("<h2>") == 0
    assert "Tỉnh Đông" not in _page(client, "?nam=2025")


def test_the_clusters_page_reads_the_same_for_5_or_30_clusters(client: Client) -> None:
    w = officer_world()
    w["office"].groups.add(staff_group())
    client.force_login(w["office"])
    counts = []
    for n in (5, 30):
        _clusters(w, n)
        counts.append((_queries(client), _queries(client, "?q=cum&nam=2025&page=2")))
    assert counts[0] == counts[1], counts
