from __future__ import annotations

from django.test import Client

from thidua.engagement.models import Hit


def test_anonymous_pages_come_from_the_cache_and_are_still_counted(
    site, client: Client
):
    url = site["review"].url
    first = client.get(url)
    second = client.get(url)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for _ in range(3):
        client.post("/tuong-tac/b/", {"p": site["review"].pk, "u": url})
    assert Hit.objects.filter(page=site["review"], is_bot=False).count() == 3


def test_cached_pages_set_no_cookie_and_vary_on_cookie(site, client: Client):
    response = client.get("/")
    assert not response.cookies
    assert "Cookie" in response["Vary"]


def test_logged_in_users_bypass_the_cache(site, client: Client, django_user_model):
    user = django_user_model.objects.create_user("ed", password="x")
    client.force_login(user)
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def test_publishing_invalidates_cached_copies(site, client: Client):
    review = site["review"]
    client.get(review.url)
    review.title = "Tiêu đề đã sửa"
    review.save_revision().publish()
    response = client.get(review.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Tiêu đề đã sửa" in response.content.decode()


def test_a_rating_invalidates_that_article(site, client: Client):
    review = site["review"]
    client.get(review.url)
    client.post(f"/tuong-tac/danh-gia/{review.pk}/", {"score": "5"})
    response = client.get(review.url)
    assert response["X-Page-Cache"] == "miss"
    assert "<span data-rating-points>5</span>" in response.content.decode()


def test_font_size_and_contrast_links_set_cookies_the_server_renders(
    site, client: Client
):
    response = client.get("/hien-thi/?co-chu=tang&next=/tin-tuc/")
    assert response.status_code == 302 and response["Location"] == "/tin-tuc/"
    client.get("/hien-thi/?co-chu=tang&next=/")
    client.get("/hien-thi/?tuong-phan=bat&next=/")
    html = client.get("/tin-tuc/").content.decode()
    assert '<html lang="vi" class="fsp2 hc">' in html
    client.get("/hien-thi/?co-chu=giam")
    client.get("/hien-thi/?co-chu=giam")
    client.get("/hien-thi/?co-chu=giam")
    client.get("/hien-thi/?co-chu=giam")  # stops at the smallest size
    assert client.cookies["cochu"].value == "-1"
    assert client.cookies["cochu"]["max-age"] == 365 * 24 * 3600
    html = client.get("/tin-tuc/").content.decode()
    assert 'class="fsm1 hc"' in html


def test_display_link_refuses_foreign_redirects(site, client: Client):
    response = client.get("/hien-thi/?tuong-phan=bat&next=https://evil.example/")
    assert response["Location"] == "/"


def test_each_display_variant_is_cached_separately(site, client: Client):
    normal = client.get("/tin-tuc/").content.decode()
    client.cookies["tuongphan"] = "1"
    contrast = client.get("/tin-tuc/").content.decode()
    assert 'class=""' in normal and 'class="hc"' in contrast


def test_print_stylesheet_hides_the_chrome():
    from pathlib import Path

    css = (
        Path(__file__).resolve().parents[3] / "static" / "css" / "portal.css"
    ).read_text()
    assert "@media print" in css and ".site-header" in css.split("@media print")[1]
    assert len(css.encode()) < 14_000
