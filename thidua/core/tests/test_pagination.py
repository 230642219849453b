"""Back-office lists count at most COUNT_CAP rows (a national registry has millions)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from thidua.accounts.models import User
from thidua.core import backoffice


def test_a_short_list_is_counted_exactly() -> None:
    page = backoffice.paginate(RequestFactory().get("/"), list(range(120)), per_page=50)
    paginator = page["page_obj"].paginator
    assert (paginator.count, paginator.num_pages, paginator.capped) == (120, 3, False)


@pytest.mark.django_db
def test_past_the_cap_the_count_stops_and_says_so(monkeypatch) -> None:
    monkeypatch.setattr(backoffice, "COUNT_CAP", 5)
    for n in range(8):
        User.objects.create(username=f"u{n}")
    request = RequestFactory().get("/", {"q": "x", "page": 99})
    context = backoffice.paginate(request, User.objects.order_by("pk"), per_page=2)
    paginator = context["page_obj"].paginator
    assert paginator.capped and paginator.count == 6
    assert paginator.num_pages == 3  # pages reach the cap, not the 8 rows
    assert context["page_obj"].number == 3
    assert context["querystring_base"] == "q=x&"
