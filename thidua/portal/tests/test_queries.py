"""Query-count guards for every portal page: a handful per page, none per item of
a list, none at all for a page served from the full-page cache. These are
correctness guards on the number of queries, not timings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from thidua.engagement.models import Poll, PollChoice
from thidua.portal.demo import placeholder
from thidua.portal.tests.conftest import make_article

PAGES = ["/", "/tin-tuc/", "/tin-tuc/?chuyen-muc=hoat-dong", "/tim-kiem/?q=tan+uyen"]


@pytest.fixture
def rendering(settings) -> None:
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def poll(site) -> Poll:
    poll = Poll.objects.create(question="Bạn quan tâm thông tin nào?")
    for text in ("Tin tức", "Văn bản", "Khen thưởng"):
        PollChoice.objects.create(poll=poll, text=text)
    return poll


def _more_articles(site, n: int) -> None:
    """n articles with two photos each, tags, in both categories."""
    photo = placeholder("Ảnh đo truy vấn", "Ảnh", (40, 90, 60), (320, 200))
    for i in range(n):
        make_article(
            site["news"],
            site["categories"][i % 2],
            f"Tân Uyên: tin thứ {i}",
            slug=f"tin-{i}",
            date=dt.date(2021, 1, 1) + dt.timedelta(days=i),
            tags=["khối thi đua", f"thẻ {i}"],
            featured=i % 3 == 0,
            body=[
                ("image", {"image": photo, "caption": f"Ảnh {i}a"}),
                ("image", {"image": photo, "caption": f"Ảnh {i}b"}),
            ],
        )


def _count(client: Client, url: str, capture) -> int:
    with capture() as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "most"),
    [
        ("/", 3),
        ("/tin-tuc/", 7),
        ("/tim-kiem/?q=tan+uyen", 8),
        ("/van-ban/", 7),
        ("/ban-do/", 2),
    ],
)
def test_each_page_renders_in_a_handful_of_queries(
    site, poll, rendering, client: Client, django_assert_max_num_queries, url, most
):
    client.get(url)  # the first render fills the fragments publishing would clear
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200


def test_the_article_renders_in_a_handful_of_queries(
    site, poll, rendering, client: Client, django_assert_max_num_queries
):
    url = site["review"].url
    with django_assert_max_num_queries(
        32
    ):  # cold: related news, tags, body, organisation
        client.get(url)
    # the page; its rating, views and number of approved comments (one statement)
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


def test_a_restriction_applies_at_once_even_to_cached_pages(site, client: Client):
    """Pages skip the restriction query while the site has none; adding one
    must reach both that check and the cached copies."""
    from wagtail.models import PageViewRestriction

    url = site["review"].url
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Page-Cache"] == "hit"
    PageViewRestriction.objects.create(
        page=site["news"], restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    PageViewRestriction.objects.all().delete()
    assert client.get(url).status_code == 200


def test_lists_cost_no_query_per_item(site, poll, rendering, client: Client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def capture() -> CaptureQueriesContext:
        return CaptureQueriesContext(connection)

    def counts() -> dict[str, tuple[int, int]]:
        # (cold after a publish, warm) for each page and an article
        out = {}
        for url in [*PAGES, site["review"].url]:
            out[url] = (_count(client, url, capture), _count(client, url, capture))
        return out

    from thidua.portal.cache import bump_site

    counts()  # the first render ever also fills Wagtail's own caches
    bump_site()
    before = counts()
    _more_articles(site, 8)  # publishing clears the fragments too
    after = counts()
    assert after == before


def test_a_photo_heavy_article_fetches_photos_and_renditions_in_bulk(
    site, rendering, client: Client, django_assert_max_num_queries
):
    _more_articles(site, 1)
    article = site["news"].get_children().get(slug="tin-0").specific
    client.get(article.url)  # renditions are generated (and saved) once
    from django.core.cache import cache

    cache.clear()  # cold fragments and rendition cache: the database is asked
    with django_assert_max_num_queries(32):
        client.get(article.url)
    photo = placeholder("Ảnh đo truy vấn", "Ảnh", (40, 90, 60), (320, 200))
    article.body = [
        ("image", {"image": photo, "caption": f"Ảnh {i}"}) for i in range(8)
    ]
    article.save_revision().publish()
    cache.clear()
    with django_assert_max_num_queries(32):
        html = client.get(article.url).content.decode()
    assert html.count("<figcaption>Ảnh: Ảnh ") == 8


def test_a_cache_hit_makes_no_query(
    site, poll, client: Client, django_assert_num_queries
):
    for url in [*PAGES, site["review"].url, "/ban-do/"]:
        assert client.get(url)["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response["X-Page-Cache"] == "hit"


def test_publishing_refreshes_the_fragments(site, client: Client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert "Tập huấn phần mềm văn phòng" in client.get("/").content.decode()
    page = site["unrelated"]
    page.title = "Tập huấn phần mềm quản lý hồ sơ"
    page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Tập huấn phần mềm quản lý hồ sơ" in html
    assert "Tập huấn phần mềm văn phòng" not in html
    related = client.get(site["review"].url).content.decode()
    assert "Tập huấn phần mềm quản lý hồ sơ" in related


def test_an_evicted_generation_never_revives_old_entries(site, client: Client):
    from django.core.cache import cache

    from thidua.portal.cache import SITE_GEN, bump_site

    client.get("/")
    bump_site()
    cache.delete(SITE_GEN)  # evicted (locmem culls, Redis maxmemory)
    assert client.get("/")["X-Page-Cache"] == "miss"
    bump_site()
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
