"""Vote stuffing (issue 11, finding 6): new user agents, dropped cookies, foreign
or null origins, parallel posts and beacon floods get nothing extra."""

from __future__ import annotations

import threading

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from thidua.engagement import views
from thidua.engagement.models import Comment, Hit, Poll, PollBallot, PollChoice, Rating


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


def make_poll() -> Poll:
    poll = Poll.objects.create(question="Bạn quan tâm thông tin nào nhất?")
    for i, text in enumerate(["Tin tức", "Văn bản"]):
        PollChoice.objects.create(poll=poll, text=text, sort_order=i)
    return poll


def post_as(path: str, data: dict, ua: str, **extra: str):
    # a fresh client each time: no cookie, as a script that drops it
    return Client().post(
        path, data, HTTP_USER_AGENT=ua, HTTP_ACCEPT="application/json", **extra
    )


@pytest.mark.django_db
def test_new_user_agents_from_one_address_are_capped(site, settings):
    settings.POLL_BALLOTS_PER_IP_HOUR = 3
    poll = make_poll()
    choice = poll.choices.first()
    codes = [
        post_as(
            f"/binh-chon/{poll.pk}/", {"choice": choice.pk}, f"Trình duyệt {i}"
        ).status_code
        for i in range(8)
    ]
    assert codes.count(200) == 3 and set(codes[3:]) == {429}
    poll.refresh_from_db()
    assert PollBallot.objects.count() == poll.voters == 3


@pytest.mark.django_db
def test_new_user_agents_cannot_add_ratings_beyond_the_cap(site, settings):
    settings.RATINGS_PER_IP_HOUR = 3
    page = site["review"]
    codes = [
        post_as(f"/tuong-tac/danh-gia/{page.pk}/", {"score": 5}, f"UA {i}").status_code
        for i in range(8)
    ]
    assert codes.count(200) == 3 and Rating.objects.count() == 3
    assert 429 in codes


@pytest.mark.django_db
def test_a_new_user_agent_does_not_escape_the_comment_throttle(site):
    page = site["review"]
    codes = [
        post_as(
            f"/tuong-tac/binh-luan/{page.pk}/",
            {"name": "Nguyễn Văn A", "body": f"Bình luận số {i}"},
            f"UA {i}",
        ).status_code
        for i in range(6)
    ]
    assert codes == [201, 201, 201, 429, 429, 429]
    assert Comment.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/trang.html"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
    ],
)
def test_null_and_foreign_origins_are_refused(site, headers):
    poll = make_poll()
    response = post_as(
        f"/binh-chon/{poll.pk}/", {"choice": poll.choices.first().pk}, "UA", **headers
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["message"] == "Yêu cầu từ trang khác."
    assert PollBallot.objects.count() == 0


@pytest.mark.django_db
def test_a_same_origin_post_is_accepted(site):
    poll = make_poll()
    response = post_as(
        f"/binh-chon/{poll.pk}/",
        {"choice": poll.choices.first().pk},
        "UA",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_view_beacon_stops_counting_a_flood(site):
    client = Client()
    # one minute's window whatever the machine's speed (a slow run crossed a minute)
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(views.BEACON_PER_MINUTE + 40):
            response = client.get("/tuong-tac/b/", {"p": site["review"].pk, "u": "/x/"})
            assert response.status_code == 200
    assert Hit.objects.count() == views.BEACON_PER_MINUTE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_parallel_votes_of_one_identity_make_one_ballot(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    monkeypatch.setattr(views, "throttled", lambda *args: False)  # all reach the DB
    poll = make_poll()
    choice = poll.choices.first()
    barrier = threading.Barrier(50)
    codes: list[int] = []

    def vote() -> None:
        client = Client()
        barrier.wait()
        response = client.post(
            f"/binh-chon/{poll.pk}/",
            {"choice": choice.pk},
            HTTP_USER_AGENT="Một trình duyệt",
            HTTP_ACCEPT="application/json",
        )
        codes.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=vote) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    poll.refresh_from_db()
    choice.refresh_from_db()
    assert sorted(set(codes)) == [200, 409] and codes.count(200) == 1
    assert PollBallot.objects.filter(poll=poll).count() == 1
    assert poll.voters == 1 and choice.votes == 1
