"""Portal fixtures: a small site tree, and the other apps' public interfaces
replaced by fixed answers so these tests check the portal alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from thidua.portal import feeds
from thidua.portal.models import (
    HomePage,
    LegalDocument,
    LegalDocumentIndexPage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PortalSettings,
    SearchPage,
)

LAYERS = [
    {
        "key": "poverty",
        "label": "Mức giảm tỷ lệ hộ nghèo (% kế hoạch)",
        "higher_is_better": True,
        "values": {
            "111": {"value": 149.7, "display": "149,7%"},
            "106": {"value": 145.0, "display": "145%"},
            "112": {"value": 100.0, "display": "100%"},
        },
    },
    {
        "key": "rank",
        "label": "Thứ hạng",
        "higher_is_better": False,
        "values": {
            "111": {"value": 1, "display": "1"},
            "106": {"value": 2, "display": "2"},
        },
    },
]


@pytest.fixture(autouse=True)
def fake_feeds(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear()
    monkeypatch.setattr(
        feeds,
        "ranking_summary",
        lambda year=None: {
            "bloc": "Khối thi đua các huyện, thành phố",
            "year": 2020,
            "rows": [
                {"rank": 1, "unit": "Tân Uyên", "total_display": "95,5"},
                {"rank": 2, "unit": "Tam Đường", "total_display": "90"},
            ],
            "url": "/xep-hang/",
        },
    )
    monkeypatch.setattr(feeds, "map_layers", lambda year: LAYERS if year < 2025 else [])
    monkeypatch.setattr(
        feeds,
        "awardee_search",
        lambda query, limit=20: (
            [
                {
                    "name": "Lò Văn Tân",
                    "award": "Chiến sĩ thi đua cơ sở",
                    "year": 2024,
                    "decision_number": "12/QĐ-UBND",
                    "unit": "Xã Tân Uyên",
                    "url_or_none": None,
                }
            ]
            if "tan" in query.lower() or "tân" in query.lower()
            else []
        ),
    )
    monkeypatch.setattr(
        feeds,
        "latest_disclosures",
        lambda limit: [
            {
                "title": "Công khai đề nghị khen thưởng năm 2025",
                "url": "/cong-khai/1/",
                "date": dt.date(2025, 11, 2),
            }
        ],
    )
    monkeypatch.setattr(
        feeds,
        "latest_decisions",
        lambda limit: [
            {
                "title": "Quyết định số 12/QĐ-UBND",
                "url": "/quyet-dinh/1/",
                "date": dt.date(2025, 12, 1),
            }
        ],
    )


def make_article(
    index: NewsIndexPage, category: NewsCategory, title: str, **kw: Any
) -> NewsPage:
    tags = kw.pop("tags", [])
    kw.setdefault("lead", title)
    kw.setdefault("body", [("paragraph", RichText(f"<p>{title}</p>"))])
    page = NewsPage(title=title, category=category, **kw)
    index.add_child(instance=page)
    if tags:
        page.tags.add(*tags)
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


@pytest.fixture
def site(db: Any) -> dict[str, Any]:
    """Home, news (3 articles in 2 categories), documents, search."""
    root = Page.get_first_root_node()
    home = HomePage(title="Trang chủ", slug="trang-chu")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    news = NewsIndexPage(title="Tin tức", slug="tin-tuc", show_in_menus=True)
    home.add_child(instance=news)
    news.save_revision().publish()
    tdkt = NewsCategory.objects.create(name="Thi đua – Khen thưởng", slug="tdkt")
    other = NewsCategory.objects.create(
        name="Tin hoạt động", slug="hoat-dong", sort_order=1
    )
    review = make_article(
        news,
        tdkt,
        "Khối thi đua tổng kết năm 2020 tại Tân Uyên",
        slug="tong-ket",
        date=dt.date(2020, 12, 30),
        lead="Huyện Tân Uyên giảm nghèo đạt 149,7% kế hoạch.",
        author="Nguyễn Thường",
        source="tanuyen.laichau.gov.vn",
        tags=["khối thi đua", "giảm nghèo"],
        comments_enabled=True,
        featured=True,
    )
    same_tag = make_article(
        news,
        other,
        "Tam Đường giảm nghèo vượt kế hoạch",
        slug="tam-duong",
        tags=["giảm nghèo"],
    )
    unrelated = make_article(
        news, other, "Tập huấn phần mềm văn phòng", slug="tap-huan"
    )
    docs = LegalDocumentIndexPage(title="Văn bản", slug="van-ban")
    home.add_child(instance=docs)
    docs.save_revision().publish()
    law = LegalDocument(
        title="Luật Thi đua, khen thưởng",
        slug="luat",
        number="06/2022/QH15",
        kind=LegalDocument.Kind.RESOLUTION,
        issued_on=dt.date(2022, 6, 15),
        issuing_body="Quốc hội",
        summary="Quy định về thi đua, khen thưởng.",
    )
    docs.add_child(instance=law)
    law.save_revision().publish()
    search = SearchPage(title="Tìm kiếm", slug="tim-kiem")
    home.add_child(instance=search)
    search.save_revision().publish()
    PortalSettings.load()  # created on first use otherwise, which bumps the page cache
    return {
        "home": home,
        "news": news,
        "review": review,
        "same_tag": same_tag,
        "unrelated": unrelated,
        "law": law,
        "categories": (tdkt, other),
    }
