from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from thidua.engagement.models import Poll, PollChoice
from thidua.portal.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from thidua.portal.selectors import related_news
from thidua.portal.tests.conftest import make_article


def test_tree_rules_are_declared(db):
    assert HomePage.parent_page_types == ["wagtailcore.Page"]
    assert NewsPage.parent_page_types == ["portal.NewsIndexPage"]
    assert NewsPage.subpage_types == []
    assert "portal.StandardPage" in StandardPage.subpage_types
    assert not NewsPage.can_create_at(HomePage())
    assert NewsPage.can_create_at(NewsIndexPage())


def test_home_shows_every_block(site, client: Client):
    poll = Poll.objects.create(
        question="Thông tin nào trên Cổng TTĐT tỉnh mà bạn quan tâm nhất?"
    )
    PollChoice.objects.create(poll=poll, text="Tin tức")
    PollChoice.objects.create(poll=poll, text="Văn bản")
    html = client.get("/").content.decode()
    for text in [
        "Tin nổi bật",
        "Khối thi đua tổng kết năm 2020 tại Tân Uyên",
        "Xếp hạng thi đua 2020",
        "95,5",
        "Thông tin nào trên Cổng TTĐT tỉnh",
        "Thống kê truy cập",
        "Hôm qua",
        '<figure class="map"',
        "Công khai đề nghị khen thưởng năm 2025",
        "Quyết định số 12/QĐ-UBND",
        "Tăng tương phản",
        "A+",
    ]:
        assert text in html, text


def test_article_page_has_the_seed_blocks(site, client: Client):
    html = client.get(site["review"].url).content.decode()
    assert "<h1>Khối thi đua tổng kết năm 2020 tại Tân Uyên</h1>" in html
    assert "Tác giả: <strong>Nguyễn Thường</strong>" in html
    assert "Nguồn: tanuyen.laichau.gov.vn" in html
    assert 'property="og:title"' in html and 'property="og:url"' in html
    assert (
        "Tổng số điểm của bài viết là: <span data-rating-points>0</span> trong <span data-rating-votes>0</span> đánh giá"
        in html
    )
    assert 'id="copy-url"' in html and "data-copy" in html
    assert "Tin liên quan" in html and "Tam Đường giảm nghèo vượt kế hoạch" in html
    assert 'rel="tag">giảm nghèo</a>' in html
    assert "Ý kiến bạn đọc" in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(ld.group(1))
    assert data["@type"] == "NewsArticle" and "aggregateRating" not in data


def test_aggregate_rating_appears_after_votes(site, client: Client):
    client.post(f"/tuong-tac/danh-gia/{site['review'].pk}/", {"score": "4"})
    html = client.get(site["review"].url).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.0",
        "bestRating": "5",
        "worstRating": "1",
        "ratingCount": "1",
    }
    assert (
        "<span data-rating-points>4</span> trong <span data-rating-votes>1</span>"
        in html
    )


def test_photo_caption_sits_below_the_photo(site, client: Client, settings):
    from thidua.portal.demo import placeholder

    photo = placeholder(
        "Ảnh thử", "Các đại biểu dự Hội nghị", (20, 60, 120), (320, 200)
    )
    review = site["review"]
    review.body = [("image", {"image": photo, "caption": "Các đại biểu dự Hội nghị"})]
    review.save_revision().publish()
    html = client.get(review.url).content.decode()
    figure = re.search(r'<figure class="photo">(.*?)</figure>', html, re.S).group(1)
    assert figure.index("<img") < figure.index(
        "<figcaption>Ảnh: Các đại biểu dự Hội nghị</figcaption>"
    )
    img = re.search(r"<img[^>]*>", figure).group(0)
    for attr in (
        'loading="lazy"',
        "srcset=",
        ".webp",
        'width="',
        'height="',
        'alt="Các đại biểu dự Hội nghị"',
    ):
        assert attr in img


def test_related_news_puts_pinned_first_then_topic(site):
    review, same_tag, unrelated = site["review"], site["same_tag"], site["unrelated"]
    assert related_news(review)[0] == same_tag
    review.pinned_related.create(target=unrelated)
    assert related_news(review)[:2] == [unrelated, same_tag]


def test_related_news_falls_back_to_text_similarity(site):
    tdkt, other = site["categories"]
    near = make_article(
        site["news"], tdkt, "Hội nghị xét khen thưởng giáo viên", slug="near"
    )
    far = make_article(site["news"], tdkt, "Mưa lớn gây sạt lở", slug="far")
    lonely = make_article(
        site["news"], other, "Hội nghị khen thưởng giáo viên xuất sắc", slug="lonely"
    )
    ranked = related_news(lonely)
    # same category first (tap-huan, tam-duong), then the most similar text
    outside = [p for p in ranked if p.category_id != other.pk]
    assert outside.index(near) < outside.index(far)


def test_news_index_filters_by_category(site, client: Client):
    html = client.get("/tin-tuc/?chuyen-muc=hoat-dong").content.decode()
    assert "Tam Đường giảm nghèo" in html
    assert "Khối thi đua tổng kết" not in html


def test_legal_documents_list(site, client: Client):
    html = client.get("/van-ban/").content.decode()
    assert "06/2022/QH15" in html and "15/06/2022" in html and "Quốc hội" in html


@pytest.mark.parametrize(
    "path", ["/", "/tin-tuc/", "/tim-kiem/?q=tan", "/van-ban/", "/ban-do/"]
)
def test_public_pages_use_a_handful_of_queries(
    site, client: Client, django_assert_max_num_queries, path
):
    client.get(path)  # warm Wagtail's site lookup and the map cache
    from django.core.cache import cache

    cache.delete_many([k for k in getattr(cache, "_cache", {}) if "pc:page" in str(k)])
    with django_assert_max_num_queries(30):
        client.get(path, HTTP_ACCEPT_ENCODING="identity", QUERY_STRING="x=1")


def test_structured_data_cannot_close_its_script(site, client: Client):
    from thidua.portal.tests.conftest import make_article

    title = 'Tin "đặc biệt" </script><script>alert(1)</script> & <b>'
    page = make_article(
        site["news"], site["categories"][0], title, slug="dac-biet", lead="Tin."
    )
    html = client.get(page.url).content.decode()
    # the first </script> after the opening tag is the block's own
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(ld.group(1))["headline"] == title
