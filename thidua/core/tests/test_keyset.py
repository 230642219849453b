"""Keyset pages (issue 14): walking forward and back visits every row once, in the
list's order, whatever the duplicates in the sort key; a bad cursor is the first
page; past the cap the count is the planner's estimate on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from thidua.accounts.models import User
from thidua.core import backoffice, keyset
from thidua.people.models import Person

pytestmark = pytest.mark.django_db
NAMES = ["Nguyễn Văn Hùng", "Lê Thị Lan", "Nguyễn Văn Hưng", "Trần An", "Đỗ Bình"]


@pytest.fixture
def people() -> list[Person]:
    # the same names again and again: the order's ties are broken by the id
    return [
        Person.objects.create(full_name=NAMES[n % 5], gender="male") for n in range(23)
    ]


def _walk(qs, per_page: int) -> list[list[int]]:
    pages, after = [], ""
    while True:
        page = keyset.keyset_page(qs, per_page, after=after)
        pages.append([p.pk for p in page])
        if not page.next_cursor:
            return pages
        after = page.next_cursor


def _walk_back(qs, per_page: int) -> list[list[int]]:
    last = list(qs)[-1]
    before = keyset._encode(keyset._values(last, keyset._order(qs)))
    assert keyset.keyset_page(qs, per_page, after=before).rows == []
    pages = [[last.pk]]
    while before:
        page = keyset.keyset_page(qs, per_page, before=before)
        pages.insert(0, [p.pk for p in page])
        before = page.previous_cursor
    return pages


def test_forward_and_back_visit_every_row_once_in_order(people) -> None:
    qs = Person.objects.vn_ordered()
    expected = list(qs.values_list("pk", flat=True))
    forward = _walk(qs, 4)
    assert [pk for page in forward for pk in page] == expected
    assert [len(p) for p in forward] == [4, 4, 4, 4, 4, 3]
    assert [pk for page in _walk_back(qs, 4) for pk in page] == expected


def test_descending_order_with_its_own_id_tiebreak(people) -> None:
    qs = Person.objects.order_by("-sort_name", "-pk")
    expected = list(qs.values_list("pk", flat=True))
    assert [pk for page in _walk(qs, 5) for pk in page] == expected


def test_mixed_directions_read_run_by_run(people) -> None:
    # (gender desc, name asc, id asc): a page starts inside a run of equal first
    # keys, finishes it, then reads the next first key
    for n, person in enumerate(people):
        person.gender = "female" if n % 3 else "male"
        person.save()
    qs = Person.objects.order_by("-gender", "sort_name", "pk")
    expected = list(qs.values_list("pk", flat=True))
    assert [pk for page in _walk(qs, 4) for pk in page] == expected
    assert [pk for page in _walk_back(qs, 4) for pk in page] == expected


@pytest.mark.parametrize("token", ["zzz", "W10", "WyJhIiwiYiIsImMiXQ", "bnVsbA", "!!"])
def test_a_bad_cursor_is_the_first_page(people, client, token) -> None:
    client.force_login(
        User.objects.create(username="qg", is_staff=True, is_superuser=True)
    )
    url = reverse("people:person-list")
    first = [p.pk for p, _ in client.get(url).context["rows"]]
    for name in ("sau", "truoc"):
        response = client.get(url, {name: token})
        assert response.status_code == 200
        assert [p.pk for p, _ in response.context["rows"]] == first


def test_a_nullable_key_keeps_numbered_pages(people) -> None:
    qs = Person.objects.order_by("birth_year", "pk")
    context = keyset.keyset_paginate(RequestFactory().get("/"), qs, per_page=5)
    assert context["page_obj"].paginator.num_pages == 5


def test_past_the_cap_the_count_is_an_estimate(people, monkeypatch) -> None:
    monkeypatch.setattr(backoffice, "COUNT_CAP", 10)
    request = RequestFactory().get("/", {"q": "x", "sau": "abc"})
    context = keyset.keyset_paginate(request, Person.objects.vn_ordered(), per_page=5)
    page = context["page_obj"]
    assert context["querystring_base"] == "q=x&"
    if connection.vendor == "postgresql":
        assert page.estimated and page.count_label.startswith("khoảng ")
    else:
        assert page.count_label == "hơn 10 mục; lọc để thu hẹp"
    monkeypatch.setattr(backoffice, "COUNT_CAP", 100)
    page = keyset.keyset_page(Person.objects.vn_ordered(), 5)
    assert (page.estimated, page.count_label) == (False, "23 mục")
