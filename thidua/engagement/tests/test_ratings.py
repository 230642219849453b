from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from thidua.engagement.models import Rating, RatingTotal
from thidua.engagement.services import rating_set
from thidua.engagement.visitors import Visitor


def rate(client: Client, page, score, **extra):
    return client.post(
        f"/tuong-tac/danh-gia/{page.pk}/",
        {"score": score},
        HTTP_ACCEPT="application/json",
        **extra,
    )


def test_a_second_rating_changes_rather_than_adds(site, client: Client):
    page = site["review"]
    assert rate(client, page, 3).json() == {
        "votes": 1,
        "points": 3,
        "average": 3.0,
        "average_display": "3",
        "mine": 3,
    }
    assert rate(client, page, 5).json()["points"] == 5
    assert RatingTotal.objects.get(page=page).votes == 1
    assert Rating.objects.get().score == 5


def test_a_fresh_browser_on_the_same_day_is_the_same_visitor(site):
    page = site["review"]
    rate(Client(), page, 2)
    rate(Client(), page, 4)  # no cookie, same IP and user agent
    total = RatingTotal.objects.get(page=page)
    assert (total.votes, total.points) == (1, 4)
    rate(Client(HTTP_USER_AGENT="Firefox khác"), page, 1)
    total.refresh_from_db()
    assert (total.votes, total.points) == (2, 5)


def test_no_raw_ip_is_stored(site, client: Client):
    rate(client, site["review"], 4, REMOTE_ADDR="203.0.113.7")
    row = Rating.objects.values().get()
    assert not any("203.0.113.7" in str(v) for v in row.values())


@pytest.mark.parametrize("score", ["0", "6", "x", ""])
def test_bad_scores_are_refused(site, client: Client, score):
    response = rate(client, site["review"], score)
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Điểm đánh giá phải từ 1 đến 5."
    assert not Rating.objects.exists()


def test_unknown_or_draft_article_is_404(site, client: Client):
    assert client.post("/tuong-tac/danh-gia/99999/", {"score": 3}).status_code == 404
    site["review"].unpublish()
    assert rate(client, site["review"], 3).status_code == 404


def test_bursts_are_throttled(site, client: Client):
    codes = [rate(client, site["review"], 1 + i % 5).status_code for i in range(12)]
    assert codes[:10] == [200] * 10 and codes[10:] == [429, 429]


def test_foreign_origin_is_refused(site, client: Client):
    assert (
        rate(client, site["review"], 3, HTTP_ORIGIN="https://evil.example").status_code
        == 403
    )


def test_without_javascript_the_form_redirects_back(site, client: Client):
    response = client.post(f"/tuong-tac/danh-gia/{site['review'].pk}/", {"score": "4"})
    assert response.status_code == 302 and response["Location"].endswith("#danh-gia")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_votes_are_counted_exactly(site):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL; SQLite serialises writers")
    page = site["review"]
    import datetime as dt

    def vote(i: int) -> None:
        v = Visitor(
            id=f"{i:032d}",
            day_hash=f"h{i:031d}",
            day=dt.date.today(),
            is_bot=False,
            is_new=False,
        )
        rating_set(page=page, visitor=v, score=1 + i % 5)
        connection.close()

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = RatingTotal.objects.get(page=page)
    assert total.votes == 20
    assert total.points == sum(1 + i % 5 for i in range(20))
