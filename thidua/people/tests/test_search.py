"""Name search with and without diacritics through the people list (issue 14), and
on PostgreSQL the trigram index that serves it over millions of people."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from thidua.accounts.models import User
from thidua.people.models import Person
from thidua.people.selectors import people_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def named() -> dict[str, Person]:
    names = ["Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Lê Thị Lan", "Đặng Đức Hùng"]
    return {n: Person.objects.create(full_name=n, gender="male") for n in names}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Nguyễn Văn Hùng", {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng"}),
        ("nguyen van hung", {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng"}),
        ("NGUYEN  VAN HUNG", {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng"}),
        ("dang duc", {"Đặng Đức Hùng"}),
        ("Đặng", {"Đặng Đức Hùng"}),
        ("hùng", {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Đặng Đức Hùng"}),
        ("thi lan", {"Lê Thị Lan"}),
        ("tran", set()),
    ],
)
def test_search_ignores_diacritics_case_and_spaces(client, named, typed, found) -> None:
    client.force_login(
        User.objects.create(username="qg", is_staff=True, is_superuser=True)
    )
    page = client.get(reverse("people:person-list"), {"q": typed})
    assert page.status_code == 200
    assert {p.full_name for p, _ in page.context["rows"]} == found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_the_search_can_use_the_trigram_index(named) -> None:
    sql, params = people_list(
        Person.objects.all(), q="Nguyễn Văn Hùng"
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        # a few rows: rule out the table scan and the walk along the name order
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "people_person_search_trgm" in plan
