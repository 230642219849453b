"""Finding 5 (issue 11): a unit officer reads their own drafts and their peers'
approved figures only, through every channel (API, chart page, .xlsx, .docx, what-if)."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from thidua.emulation import selectors, services
from thidua.emulation.models import ActualValue, ScoringTable
from thidua.lib.nd30 import document_text

from .test_entry import cluster, ind, own_unit  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.usefixtures("world")

OWN, PEER_DRAFT, PEER_APPROVED = "83,7", "61,3", "72,9"


@pytest.fixture
def figures(cluster, users):  # noqa: F811 - the fixture imported above
    """Xã Tân Uyên's own draft, one peer's draft and another peer's approved figure."""
    period = cluster
    own = own_unit(period, users)
    peer, approved_peer = [
        u for u in selectors.members(period.bloc, 2026) if u.id != own.id
    ][:2]
    for unit, raw in [(own, OWN), (peer, PEER_DRAFT), (approved_peer, PEER_APPROVED)]:
        services.actual_set(
            period=period, unit=unit, indicator=ind("road"), by=users["tinh"], value=raw
        )
    ActualValue.objects.filter(unit=approved_peer).update(
        status=ActualValue.Status.APPROVED
    )
    table = ScoringTable.objects.get(bloc=period.bloc, year=2026)
    return table, own, peer, approved_peer


def _road(rows, unit):
    row = next(r for r in rows if r["unit_id"] == unit.id)
    return next(c for c in row["indicators"] if c["indicator"] == "road")["actual"]


def test_api_results_hide_peers_unapproved_figures(client, figures, users):
    table, own, peer, approved_peer = figures
    url = f"/api/v1/blocs/{table.bloc_id}/results?year=2026"
    client.force_login(users["xatanuyen"])
    rows = client.get(url).json()["rows"]
    assert _road(rows, own) == 83.7
    assert _road(rows, peer) is None
    assert _road(rows, approved_peer) == 72.9
    # the province reads every figure
    client.force_login(users["tinh"])
    rows = client.get(url).json()["rows"]
    assert _road(rows, peer) == 61.3


def test_chart_page_hides_peers_unapproved_figures(client, figures, users):
    table, *_ = figures
    client.force_login(users["xatanuyen"])
    page = client.get(f"/admin/thi-dua/bang-diem/{table.pk}/bieu-do/")
    assert page.status_code == 200
    html = page.content.decode()
    assert OWN in html and PEER_APPROVED in html
    assert PEER_DRAFT not in html
    client.force_login(users["tinh"])
    assert (
        PEER_DRAFT
        in client.get(f"/admin/thi-dua/bang-diem/{table.pk}/bieu-do/").content.decode()
    )


def _xlsx_values(content: bytes) -> dict[str, object]:
    """Unit name → the road indicator's actual value, from the results workbook."""
    sheet = load_workbook(io.BytesIO(content))["Chỉ tiêu"]
    return {
        row[2]: row[5]
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[3] == "road"
    }


def test_results_xlsx_hides_peers_unapproved_figures(client, figures, users):
    table, own, peer, approved_peer = figures
    url = f"/admin/thi-dua/bang-diem/{table.pk}/ket-qua.xlsx"
    client.force_login(users["xatanuyen"])
    values = _xlsx_values(client.get(url).content)
    assert values[own.name] == 83.7
    assert values[peer.name] is None
    assert values[approved_peer.name] == 72.9
    client.force_login(users["tinh"])
    assert _xlsx_values(client.get(url).content)[peer.name] == 61.3


def test_review_docx_hides_peers_unapproved_figures(client, figures, users):
    table, *_ = figures
    url = f"/admin/thi-dua/bang-diem/{table.pk}/bao-cao.docx"
    client.force_login(users["xatanuyen"])
    text = document_text(Document(io.BytesIO(client.get(url).content)))
    assert OWN in text and PEER_APPROVED in text
    assert PEER_DRAFT not in text
    client.force_login(users["tinh"])
    text = document_text(Document(io.BytesIO(client.get(url).content)))
    assert PEER_DRAFT in text


def test_what_if_lists_peers_only_for_those_who_read_every_figure(
    client, figures, users
):
    table, *_ = figures
    url = f"/admin/thi-dua/bang-diem/{table.pk}/gia-dinh/"
    client.force_login(users["xatanuyen"])
    assert client.get(url).status_code == 403
    client.force_login(users["tinh"])
    assert client.get(url).status_code == 200
