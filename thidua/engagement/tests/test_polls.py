from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from thidua.engagement.models import Poll, PollBallot, PollChoice


@pytest.fixture
def poll(db):
    p = Poll.objects.create(
        question="Thông tin nào trên Cổng TTĐT tỉnh mà bạn quan tâm nhất?"
    )
    for i, text in enumerate(["Tin tức", "Văn bản", "Kết quả thi đua"]):
        PollChoice.objects.create(poll=p, text=text, sort_order=i)
    return p


def vote(client: Client, poll: Poll, *choices: PollChoice, **extra):
    return client.post(
        f"/binh-chon/{poll.pk}/",
        {"choice": [c.pk for c in choices]},
        HTTP_ACCEPT="application/json",
        **extra,
    )


def test_one_vote_per_visitor(site, poll, client: Client):
    first, second, _third = poll.choices.all()
    assert vote(client, poll, first).status_code == 200
    response = vote(client, poll, second)
    assert response.status_code == 409
    assert response.json()["errors"][0]["message"] == "Bạn đã bình chọn cuộc này rồi."
    assert (
        vote(Client(), poll, second).status_code == 409
    )  # same IP+UA, new browser, same day
    poll.refresh_from_db()
    assert poll.voters == 1 and PollBallot.objects.count() == 1


def test_multiple_choice_up_to_n_and_percent_of_voters(site, poll, client: Client):
    poll.max_choices = 2
    poll.save()
    a, b, c = poll.choices.all()
    assert vote(client, poll, a, b, c).status_code == 422
    vote(client, poll, a, b)
    data = vote(Client(HTTP_USER_AGENT="khác"), poll, a).json()
    assert data["voters"] == 2
    assert [(x["votes"], x["percent"]) for x in data["choices"]] == [
        (2, "100%"),
        (1, "50%"),
        (0, "0%"),
    ]


def test_closed_and_not_yet_open_polls_refuse_votes(site, poll, client: Client):
    choice = poll.choices.first()
    poll.closes_at = timezone.now() - dt.timedelta(minutes=1)
    poll.save()
    assert vote(client, poll, choice).status_code == 409
    poll.closes_at, poll.opens_at = None, timezone.now() + dt.timedelta(days=1)
    poll.save()
    assert vote(client, poll, choice).status_code == 409
    assert PollBallot.objects.count() == 0


def test_choices_of_another_poll_are_refused(site, poll, client: Client):
    other = Poll.objects.create(question="Khác")
    foreign = PollChoice.objects.create(poll=other, text="X")
    assert vote(client, poll, foreign).status_code == 422
    assert client.post(f"/binh-chon/{poll.pk}/", {"choice": "abc"}).status_code == 404


def test_poll_page_without_javascript(site, poll, client: Client):
    choice = poll.choices.first()
    response = client.post(f"/binh-chon/{poll.pk}/", {"choice": choice.pk})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn đã bình chọn." in html and "Bạn đã bình chọn cuộc này." in html
    assert "1 người đã bình chọn" in html and 'style="width:100.0%"' in html
    assert client.get("/binh-chon/9999/").status_code == 404
