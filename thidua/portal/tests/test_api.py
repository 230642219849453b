"""/api/v1/portal/*: anonymous reads of news, polls and visit statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from thidua.engagement.models import DailySiteStat, Poll, PollChoice
from thidua.engagement.services import ballot_cast
from thidua.engagement.visitors import Visitor


def _visitor(n: int) -> Visitor:
    return Visitor(f"{n:032d}", f"h{n:031d}", dt.date.today(), False, False)


def test_news_list_is_anonymous_paginated_and_newest_first(site, client: Client):
    response = client.get("/api/v1/portal/news?limit=2")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3 and len(data["items"]) == 2
    data = client.get("/api/v1/portal/news?limit=2&offset=2").json()
    item = data["items"][0]
    assert item["title"] == "Khối thi đua tổng kết năm 2020 tại Tân Uyên"
    assert item["url"] == "/tin-tuc/tong-ket/"
    assert item["category"] == {"slug": "tdkt", "name": "Thi đua – Khen thưởng"}
    assert item["date"] == "2020-12-30"


def test_news_search_ignores_diacritics_and_filters_by_category(site, client: Client):
    titles = [
        i["title"] for i in client.get("/api/v1/portal/news?q=tan uyen").json()["items"]
    ]
    assert titles == ["Khối thi đua tổng kết năm 2020 tại Tân Uyên"]
    other = client.get("/api/v1/portal/news?q=giam ngheo&category=hoat-dong").json()
    assert [i["title"] for i in other["items"]] == [
        "Tam Đường giảm nghèo vượt kế hoạch"
    ]


def test_unpublished_news_is_not_listed_or_shown(site, client: Client):
    site["unrelated"].unpublish()
    items = client.get("/api/v1/portal/news").json()["items"]
    assert "Tập huấn phần mềm văn phòng" not in [i["title"] for i in items]
    response = client.get(f"/api/v1/portal/news/{site['unrelated'].pk}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == "Không tìm thấy."


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("category=khong-co", "category"),
        ("q=a", "q"),
        ("q=" + "x" * 201, "q"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("limit=abc", "limit"),
    ],
)
def test_bad_news_parameters_are_422(site, client: Client, query, field):
    response = client.get(f"/api/v1/portal/news?{query}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_news_detail_has_body_tags_related_rating_and_views(site, client: Client):
    review = site["review"]
    client.post(f"/tuong-tac/danh-gia/{review.pk}/", {"score": "4"})
    client.post("/tuong-tac/b/", {"p": review.pk, "u": review.url})
    data = client.get(f"/api/v1/portal/news/{review.pk}").json()
    assert data["author"] == "Nguyễn Thường"
    assert set(data["tags"]) == {"giảm nghèo", "khối thi đua"}
    assert "Khối thi đua tổng kết năm 2020" in data["body_html"]
    assert data["related"][0]["title"] == "Tam Đường giảm nghèo vượt kế hoạch"
    assert data["rating"] == {"votes": 1, "points": 4, "average": 4.0}
    assert data["views"] == 1
    assert client.get("/api/v1/portal/news/999999").status_code == 404


def test_polls_with_results(site, client: Client):
    poll = Poll.objects.create(question="Bạn quan tâm gì?", max_choices=2)
    news = PollChoice.objects.create(poll=poll, text="Tin tức", sort_order=1)
    docs = PollChoice.objects.create(poll=poll, text="Văn bản", sort_order=2)
    Poll.objects.create(question="Đã ẩn", is_active=False)
    ballot_cast(poll=poll, visitor=_visitor(1), choice_ids=[news.pk, docs.pk])
    ballot_cast(poll=poll, visitor=_visitor(2), choice_ids=[news.pk])
    data = client.get("/api/v1/portal/polls").json()
    assert data["count"] == 1
    one = client.get(f"/api/v1/portal/polls/{poll.pk}").json()
    assert one == data["items"][0]
    assert one["voters"] == 2 and one["is_open"] is True
    assert [(c["text"], c["votes"], c["percent"]) for c in one["choices"]] == [
        ("Tin tức", 2, 100.0),
        ("Văn bản", 1, 50.0),
    ]
    assert client.get("/api/v1/portal/polls/999999").status_code == 404


def test_site_stats_and_daily_history(site, client: Client):
    review = site["review"]
    rolled = dt.date.today() - dt.timedelta(days=10)
    DailySiteStat.objects.create(day=rolled, views=40, visitors=12, bot_views=7)
    client.post("/tuong-tac/b/", {"p": review.pk, "u": review.url})
    data = client.get("/api/v1/portal/stats").json()
    assert data["today"] == 1 and data["total"] == 41 and data["days"] == []
    start, end = rolled - dt.timedelta(days=1), rolled + dt.timedelta(days=1)
    data = client.get(f"/api/v1/portal/stats?start={start}&end={end}").json()
    assert data["days"] == [
        {"day": str(start), "views": 0, "visitors": 0},
        {"day": str(rolled), "views": 40, "visitors": 12},
        {"day": str(end), "views": 0, "visitors": 0},
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2026-01-03&end=2026-01-01", "end"),
        ("start=2025-01-01&end=2026-06-01", "end"),
        ("start=2026-01-01", "end"),
        ("start=hom-qua&end=2026-01-01", "start"),
    ],
)
def test_bad_stats_parameters_are_422(site, client: Client, query, field):
    response = client.get(f"/api/v1/portal/stats?{query}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
