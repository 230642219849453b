"""A citizen finds a decision by its number and verifies a certificate from a box
(issue 10, point 13)."""

from __future__ import annotations

import io

import pytest

from thidua.dossiers.models import Certificate, Decision

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions(world):
    # one person cannot be awarded twice for 2024 (the engine refuses), so one decision
    return (f.issued_decision(world, "", number=1020),)


@pytest.mark.parametrize(
    "query", ["1020/QĐ-UBND", "1020", "1020/QD-UBND", "số 1020/2026/QĐ-UBND", " 1020 "]
)
def test_a_decision_is_found_by_its_number(client, decisions, query):
    html = client.get("/quyet-dinh/", {"q": query}).content.decode()
    assert "Tìm thấy 1 quyết định" in html
    assert "1020/QĐ-UBND" in html


@pytest.mark.parametrize("query", ["1021", "1020/QĐ-HĐND", "1020/2025"])
def test_a_wrong_number_says_so_in_vietnamese(client, decisions, query):
    html = client.get("/quyet-dinh/", {"q": query}).content.decode()
    assert "Không tìm thấy quyết định nào" in html


def test_words_of_the_summary_with_or_without_diacritics(client, decisions):
    for query in ("bằng khen", "bang khen chu tich"):
        html = client.get("/quyet-dinh/", {"q": query}).content.decode()
        assert "Tìm thấy 1 quyết định" in html


def test_the_site_search_finds_the_decision(decisions):
    from thidua.portal.search import search_all

    results = search_all("1020/QĐ-UBND")
    decision = Decision.objects.get(number=1020)
    assert [d["url"] for d in results["decisions"]] == [f"/quyet-dinh/{decision.pk}/"]
    assert results["count"] >= 1


def test_verification_has_a_box_for_the_code(client, decisions):
    page = client.get("/xac-minh/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="ma"' in html and "Mã xác minh" in html
    assert "Page not found" not in html

    decision = decisions[0]
    from thidua.dossiers import services

    services.certificates_start(decision=decision, by=f.user("tinh"))
    code = Certificate.objects.get(item__decision=decision).code
    answer = client.get("/xac-minh/", {"ma": f"  {code.lower()} "}, follow=True)
    assert answer.redirect_chain[-1][0] == f"/xac-minh/{code.lower()}/"
    assert "Bằng, giấy khen hợp lệ" in answer.content.decode()

    wrong = client.get("/xac-minh/", {"ma": "KHONG-CO"}, follow=True)
    assert wrong.status_code == 404
    assert "Không tìm thấy bằng, giấy khen có mã" in wrong.content.decode()
    junk = client.get("/xac-minh/", {"ma": "///"})
    assert junk.status_code == 404
    assert 'name="ma"' in junk.content.decode()


def test_the_issued_decision_is_published_as_a_pdf(client, decisions, world):
    from pypdf import PdfReader

    decision = decisions[0]
    page = client.get(f"/quyet-dinh/{decision.pk}/").content.decode()
    link = f"/quyet-dinh/{decision.pk}/van-ban.pdf"
    assert link in page and "(PDF)" in page
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="quyet-dinh-1020-2026.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "QUYẾT ĐỊNH" in text and "Số: 1020/QĐ-UBND" in text
    assert "Điều 1. Tặng Bằng khen" in text
    assert "PHỤ LỤC: DANH SÁCH KHEN THƯỞNG" in text  # the annex comes with it
    assert decision.items.get().name in text
    # a second request serves the same file, not a second conversion
    again = client.get(link)
    assert b"".join(again.streaming_content) == reader.stream.getvalue()

    draft = Decision.objects.create(
        issuer=world, year=2026, summary="Dự thảo", grounds="Căn cứ", symbol="QĐ-UBND"
    )
    assert client.get(f"/quyet-dinh/{draft.pk}/van-ban.pdf").status_code == 404
    assert client.get(f"/quyet-dinh/{draft.pk}/").status_code == 404
