from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client

from thidua.engagement.models import Hit
from thidua.organisation.selectors import defaults_for
from thidua.organisation.services import ensure_organisation
from thidua.portal.cache import clear_process_copies, day_ends, fragment
from thidua.units.models import OrgUnit

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


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


def test_settings_dated_tomorrow_show_from_midnight_with_nothing_saved(
    site, client: Client
):
    """The organisation's portal name changes on 11/03 (entered days before): the
    pages cached on the 10th, and the settings fragment, do not outlive the day."""
    province = OrgUnit.objects.create(
        code="08", name="Tỉnh Tuyên Quang", kind="province"
    )
    old, _ = ensure_organisation(province, valid_from=dt.date(2025, 7, 1))
    old.portal_name = "Cổng thông tin cũ"
    old.save()
    new = defaults_for(province, valid_from=dt.date(2026, 3, 11))
    new.portal_name = "Cổng thông tin mới"
    new.save()
    url = site["review"].url
    with time_machine.travel(dt.datetime(2026, 3, 10, 23, 58, tzinfo=HANOI)):
        for path in ("/", url):
            assert "Cổng thông tin cũ" in client.get(path).content.decode()
            hit = client.get(path)
            assert hit["X-Page-Cache"] == "hit", path
    # one minute after midnight: well within PAGE_CACHE_SECONDS of the copies above
    with time_machine.travel(dt.datetime(2026, 3, 11, 0, 1, tzinfo=HANOI)):
        for path in ("/", url):
            page = client.get(path)
            assert page["X-Page-Cache"] == "miss", path
            assert "Cổng thông tin mới" in page.content.decode(), path
            assert "Cổng thông tin cũ" not in page.content.decode(), path
            assert client.get(path)["X-Page-Cache"] == "hit", path


def test_fragments_built_today_expire_at_midnight(db):
    builds: list[str] = []

    def build() -> str:
        builds.append("x")
        return f"lần {len(builds)}"

    with time_machine.travel(dt.datetime(2026, 3, 10, 23, 59, tzinfo=HANOI)):
        assert day_ends() == dt.datetime(2026, 3, 11, tzinfo=HANOI).timestamp()
        assert fragment("thu", build) == fragment("thu", build) == "lần 1"
    with time_machine.travel(dt.datetime(2026, 3, 11, 0, 0, 1, tzinfo=HANOI)):
        assert fragment("thu", build) == "lần 2"  # this worker's copy has expired
        clear_process_copies()  # another worker: the shared copy is today's
        assert fragment("thu", build) == "lần 2"
    with time_machine.travel(dt.datetime(2026, 3, 12, 0, 0, 1, tzinfo=HANOI)):
        clear_process_copies()  # and the shared copy does not outlive its day
        assert fragment("thu", build) == "lần 3"
