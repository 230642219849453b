"""A flood of disclosure feedback (issue 11, finding 7): throttled per address,
and what gets through is hidden as spam in one step by the province officer."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from thidua.dossiers import services
from thidua.dossiers.models import PublicFeedback

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def disclosed(world):
    cache.clear()
    office, officer = f.user("tinh"), f.user("tanuyen")
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2024, title="BK", by=officer
    )
    (nominee,) = f.nominate(dossier, f.people(1))
    f.attach_all(dossier, officer)
    services.dossier_submit(dossier=dossier, by=officer)
    services.nominee_review(nominee=nominee, status="accepted", by=office)
    services.dossier_accept(dossier=dossier, by=office)
    services.disclosure_open(dossier=dossier, days=10, by=office)
    return dossier, nominee


def post(nominee, i: int, ua: str = "UA"):
    return Client().post(
        f"/cong-khai/{nominee.pk}/",
        {
            "author": f"Người {i}",
            "contact": "0912 345 678",
            "content": f"Ý kiến quảng cáo số {i} ..........",
        },
        HTTP_USER_AGENT=ua,
    )


def test_forty_posts_in_a_burst_leave_three(disclosed):
    _, nominee = disclosed
    codes = [post(nominee, i, ua=f"UA {i}").status_code for i in range(40)]
    assert codes[:3] == [302, 302, 302] and set(codes[3:]) == {429}
    assert PublicFeedback.objects.filter(nominee=nominee).count() == 3
    page = post(nominee, 99).content.decode()
    assert "gửi nhiều ý kiến trong thời gian ngắn" in page


def test_the_officer_hides_many_pending_items_as_spam_at_once(disclosed):
    dossier, nominee = disclosed
    for i in range(3):
        post(nominee, i)
    items = list(PublicFeedback.objects.filter(nominee=nominee).order_by("pk"))
    client = Client()
    client.force_login(f.user("tinh"))
    page = client.get(reverse("dossiers:dossier-detail", args=[dossier.pk]))
    html = page.content.decode()
    assert 'form="bulk-moderate"' in html and "Đánh dấu là thư rác" in html
    response = client.post(
        reverse("dossiers:dossier-action", args=[dossier.pk, "moderate-many"]),
        {"pick": [items[0].pk, items[1].pk], "status": "hidden"},
    )
    assert response.status_code == 302
    statuses = [
        (fb.status, fb.moderation_note)
        for fb in PublicFeedback.objects.filter(nominee=nominee).order_by("pk")
    ]
    assert statuses == [("hidden", "Thư rác"), ("hidden", "Thư rác"), ("pending", "")]


def test_a_unit_officer_cannot_moderate(disclosed):
    dossier, nominee = disclosed
    post(nominee, 1)
    client = Client()
    client.force_login(f.user("tanuyen"))
    client.post(
        reverse("dossiers:dossier-action", args=[dossier.pk, "moderate-many"]),
        {"pick": [PublicFeedback.objects.get().pk], "status": "hidden"},
    )
    assert PublicFeedback.objects.get().status == "pending"
