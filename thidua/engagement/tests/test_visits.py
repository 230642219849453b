from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from thidua.accounts.models import RoleAssignment
from thidua.engagement.models import DailyPageStat, DailySiteStat, Hit
from thidua.engagement.reports import visit_report_xlsx
from thidua.engagement.selectors import page_numbers, site_stats

BOT = "Mozilla/5.0 (compatible; Googlebot/2.1)"


def beacon(client: Client, page=None, **extra):
    return client.post(
        "/tuong-tac/b/", {"p": page.pk if page else "", "u": "/"}, **extra
    )


def test_beacon_counts_humans_not_bots_and_answers_fresh_figures(site, client: Client):
    page = site["review"]
    data = beacon(client, page).json()
    beacon(client, page)
    beacon(Client(HTTP_USER_AGENT=BOT), page)
    assert data["views"] == 1 and data["rating"]["votes"] == 0
    assert page_numbers(page.pk)["views"] == 2
    stats = site_stats()
    assert stats["today"] == 2 and stats["online"] == 1
    assert Hit.objects.filter(is_bot=True).count() == 1
    assert client.get("/tuong-tac/b/?p=abc").status_code == 200  # the <noscript> image


def test_yesterday_survives_the_first_of_the_month(site):
    with time_machine.travel(dt.datetime(2026, 1, 31, 10, tzinfo=dt.UTC)):
        c = Client()
        for _ in range(3):
            beacon(c)
    with time_machine.travel(dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC)):
        beacon(Client())
        stats = site_stats()
        assert (stats["today"], stats["yesterday"], stats["month"], stats["total"]) == (
            1,
            3,
            1,
            4,
        )
        call_command("aggregate_visits", stdout=io.StringIO())
        call_command("aggregate_visits", stdout=io.StringIO())  # idempotent
        assert DailySiteStat.objects.get(day=dt.date(2026, 1, 31)).views == 3
        stats = site_stats()
        assert (stats["today"], stats["yesterday"], stats["total"]) == (1, 3, 4)


def test_prune_keeps_only_aggregated_history(site):
    page = site["review"]
    with time_machine.travel(dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC)):
        beacon(Client(), page)
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)):
        call_command("prune_visits", "--days", "30", stdout=io.StringIO())
        assert Hit.objects.count() == 1  # not aggregated yet: kept
        call_command("aggregate_visits", stdout=io.StringIO())
        call_command("prune_visits", "--days", "30", stdout=io.StringIO())
        assert Hit.objects.count() == 0
        assert DailyPageStat.objects.get().views == 1
        assert page_numbers(page.pk)["views"] == 1 and site_stats()["total"] == 1


def test_report_xlsx_reopens_with_the_figures(site):
    page = site["review"]
    DailySiteStat.objects.create(
        day=dt.date(2026, 3, 1), views=618, visitors=400, bot_views=90
    )
    DailySiteStat.objects.create(
        day=dt.date(2026, 3, 2), views=543, visitors=300, bot_views=10
    )
    DailyPageStat.objects.create(day=dt.date(2026, 3, 1), page=page, views=77)
    wb = load_workbook(
        io.BytesIO(visit_report_xlsx(dt.date(2026, 3, 1), dt.date(2026, 3, 3)))
    )
    rows = list(wb["Theo ngày"].iter_rows(min_row=4, values_only=True))
    assert rows[0][1:] == (618, 400, 90) and rows[1][1:] == (543, 300, 10)
    assert rows[2][1:] == (0, 0, 0) and rows[3] == ("Tổng", 1161, 700, 100)
    assert list(wb["Bài xem nhiều"].iter_rows(min_row=2, values_only=True)) == [
        (page.title, 77)
    ]


def test_report_view_is_for_editors_only(site, client: Client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("u", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    refused = client.get("/admin/thong-ke-truy-cap/")
    assert refused.status_code == 403
    assert "Thống kê truy cập" not in refused.content.decode()
    RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.PORTAL_EDITOR)
    response = client.get(
        "/admin/thong-ke-truy-cap/?start=2026-03-01&end=2026-03-02&xuat=xlsx"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        client.get(
            "/admin/thong-ke-truy-cap/?start=2026-03-05&end=2026-03-01"
        ).status_code
        == 422
    )
