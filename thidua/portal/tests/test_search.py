from __future__ import annotations

from django.test import Client

from thidua.portal.search import highlight, search_all, search_text, terms_of


def test_highlight_marks_accented_text_from_a_folded_query():
    html = highlight("Huyện Tân Uyên <b>đạt</b>", terms_of("tan uyen dat"))
    assert (
        html
        == "Huyện <mark>Tân</mark> <mark>Uyên</mark> &lt;b&gt;<mark>đạt</mark>&lt;/b&gt;"
    )


def test_matches_start_at_word_boundaries():
    assert str(highlight("Nguyên liệu", ["uyen"])) == "Nguyên liệu"
    assert search_text("Tân Uyên, (Lai Châu)") == " tan uyen lai chau "


def test_search_finds_articles_with_or_without_diacritics(site):
    for query in ("tan uyen", "Tân Uyên", "TAN UYÊN"):
        result = search_all(query)
        titles = [str(a["title"]) for a in result["articles"]]
        assert any("<mark>Tân</mark> <mark>Uyên</mark>" in t for t in titles), query


def test_search_covers_documents_and_awardees(site):
    result = search_all("06/2022")
    assert [str(d["number"]) for d in result["documents"]] == [
        "<mark>06</mark>/<mark>2022</mark>/QH15"
    ]
    result = search_all("tan")
    assert result["awardees"][0]["name"] == "Lò Văn Tân"
    assert "<mark>Tân</mark>" in result["awardees"][0]["name_html"]


def test_search_page(site, client: Client):
    html = client.get("/tim-kiem/?q=tan+uyen").content.decode()
    assert "<mark>Tân</mark> <mark>Uyên</mark>" in html
    assert "Khen thưởng (1)" in html
    assert "Hãy nhập từ khóa" in client.get("/tim-kiem/?q=a").content.decode()


def test_unpublished_articles_are_not_found(site):
    site["review"].unpublish()
    assert search_all("khoi thi dua tong ket")["articles"] == []
