"""Each step's deadline in working days, and overdue work standing out on the
to-do list and the page (issue 13 §5), with the clock moved by time_machine."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from thidua.dossiers import services
from thidua.dossiers.models import Disclosure, Dossier
from thidua.dossiers.tests import factories as f
from thidua.forwarding.deadlines import dossier_deadlines, limits, overdue_q
from thidua.forwarding.models import Forwarding, Holiday, StepLimit
from thidua.reports.dashboard import tasks_for

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
OVERDUE = "QUÁ HẠN: hồ sơ khen thưởng quá thời hạn xử lý"


def _at(day: dt.date) -> Any:
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 9, tzinfo=HANOI), tick=False
    )


def _overdue(username: str) -> int:
    return sum(t.count for t in tasks_for(f.user(username)) if t.label == OVERDUE)


def test_the_review_step_runs_late_after_its_working_days(world, client) -> None:
    officer = f.user("tanuyen")
    assert limits()[StepLimit.Step.REVIEW] is None  # the province sets it
    with _at(dt.date(2025, 4, 25)):  # a Friday
        dossier = services.dossier_create(
            unit=f.tan_uyen(), type="annual", year=f.YEAR, title="Đề nghị", by=officer
        )
        f.nominate(dossier, f.people(1))
        f.attach_all(dossier, officer)
        services.dossier_submit(dossier=dossier, by=officer)
    page = reverse("dossiers:dossier-detail", args=[dossier.pk])
    client.force_login(f.user("tinh"))
    with _at(dt.date(2025, 5, 20)):
        assert "Thời hạn bước" not in client.get(page).content.decode()
        assert _overdue("tinh") == 0  # no limit, no deadline

    StepLimit.objects.filter(step="review").update(working_days=5)
    Holiday.objects.create(day=dt.date(2025, 4, 30), name="Ngày Chiến thắng")
    Holiday.objects.create(day=dt.date(2025, 5, 1), name="Quốc tế Lao động")
    # 28, 29 April, 2, 5, 6 May: due Tuesday 6 May
    with _at(dt.date(2025, 5, 5)):
        body = client.get(page).content.decode()
        assert "06/05/2025" in body and "Còn 1 ngày làm việc" in body
        assert "QUÁ HẠN" not in body and _overdue("tinh") == 0
    listing = reverse("dossiers:dossier-list")
    with _at(dt.date(2025, 5, 8)):
        body = client.get(page).content.decode()
        assert "QUÁ HẠN" in body and "Quá hạn 2 ngày làm việc" in body
        assert _overdue("tinh") == 1
        assert _overdue("sinho") == 0  # another unit's officer runs no council
        # where the officers work: the list's deadline column and its filter
        body = client.get(listing).content.decode()
        assert 'class="dz-overdue"' in body and "Quá hạn 2 ngày làm việc" in body
        (task,) = [t for t in tasks_for(f.user("tinh")) if t.label == OVERDUE]
        assert task.url == f"{listing}?han=qua-han"
        assert dossier.title in client.get(task.url).content.decode()
        # the province's statistics page leads with what is overdue
        stats = client.get(reverse("reports:award-stats")).content.decode()
        assert "Việc quá hạn" in stats and "1 hồ sơ quá thời hạn xử lý" in stats
        assert "quá hạn 2 ngày làm việc" in stats and dossier.title in stats
        client.force_login(f.user("sinho"))  # sees no council's work: no panel
        assert (
            "Việc quá hạn"
            not in client.get(reverse("reports:award-stats")).content.decode()
        )
        client.force_login(f.user("tinh"))
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert OVERDUE in home
    with _at(dt.date(2025, 5, 6)):  # due today: in the list, not under "Quá hạn"
        assert "Hết hạn hôm nay" in client.get(listing).content.decode()
        body = client.get(f"{listing}?han=qua-han").content.decode()
        assert "Không có hồ sơ nào quá hạn" in body


def test_a_forwarding_runs_late_after_twenty_working_days(world, client) -> None:
    office = f.user("tinh")
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=f.YEAR, title="Trình", by=office
    )
    fw = Forwarding.objects.create(
        dossier=dossier,
        upper_body="Thủ tướng Chính phủ",
        number="7",
        symbol="TTr-UBND",
        status=Forwarding.Status.SENT,
        sent_on=dt.date(2025, 4, 25),
        due_on=dt.date(2025, 5, 23),
    )
    client.force_login(office)
    detail = reverse("forwardings:detail", args=[fw.pk])
    with _at(dt.date(2025, 5, 23)):
        assert "Hết hạn hôm nay" in client.get(detail).content.decode()
        assert not [t for t in tasks_for(office) if "trình cấp trên" in t.label]
    with _at(dt.date(2025, 5, 27)):
        body = client.get(reverse("forwardings:index")).content.decode()
        assert "QUÁ HẠN" in body and "Quá hạn 2 ngày làm việc" in body
        (task,) = [t for t in tasks_for(office) if "trình cấp trên" in t.label]
        assert task.count == 1 and task.overdue
        assert "7/TTr-UBND" in client.get(task.url).content.decode()
        stats = client.get(reverse("reports:award-stats")).content.decode()
        assert "1 tờ trình cấp trên chưa trả lời quá hạn" in stats
        assert "Tờ trình 7/TTr-UBND" in stats
    with _at(dt.date(2025, 5, 23)):
        assert "7/TTr-UBND" not in client.get(task.url).content.decode()


def test_the_overdue_filter_agrees_with_each_rows_deadline(world) -> None:
    """`overdue_q` (one SQL filter for the lists and counts) marks late exactly the
    dossiers whose own deadline says so, across weekends and holidays."""
    officer = f.user("tanuyen")
    limits()
    for step, days in (("review", 5), ("council", 3), ("decision", 2)):
        StepLimit.objects.filter(step=step).update(working_days=days)
    for day in (dt.date(2025, 4, 30), dt.date(2025, 5, 1), dt.date(2025, 5, 2)):
        Holiday.objects.create(day=day, name="Nghỉ lễ")
    status = Dossier.Status
    rows = []
    starts = [dt.date(2025, 4, 18) + dt.timedelta(days=i) for i in range(0, 16, 3)]
    for i, start in enumerate(starts):
        for state in (status.SUBMITTED, status.AWAITING_COUNCIL, status.APPROVED):
            dossier = services.dossier_create(
                unit=f.tan_uyen(), type="annual", year=f.YEAR, title=f"{i}", by=officer
            )
            # early morning in Hà Nội is the day before in UTC
            moment = dt.datetime(start.year, start.month, start.day, 6, tzinfo=HANOI)
            Dossier.objects.filter(pk=dossier.pk).update(
                status=state, submitted_at=moment, updated_at=moment
            )
            rows.append(dossier.pk)
        disclosed = services.dossier_create(
            unit=f.tan_uyen(), type="annual", year=f.YEAR, title="cong khai", by=officer
        )
        Dossier.objects.filter(pk=disclosed.pk).update(
            status=status.UNDER_DISCLOSURE, submitted_at=moment
        )
        Disclosure.objects.create(
            dossier=disclosed, starts_on=start, ends_on=start, days=1
        )
        rows.append(disclosed.pk)
    dossiers = list(Dossier.objects.filter(pk__in=rows).select_related("disclosure"))
    late_counts = set()
    for offset in range(30):
        today = dt.date(2025, 4, 20) + dt.timedelta(days=offset)
        expected = {
            pk
            for pk, step in dossier_deadlines(dossiers, today).items()
            if step.deadline.overdue
        }
        found = set(
            Dossier.objects.filter(pk__in=rows)
            .filter(overdue_q(today))
            .values_list("pk", flat=True)
        )
        assert found == expected, today
        late_counts.add(len(expected))
    assert len(late_counts) > 5  # from none late to all late, step by step
