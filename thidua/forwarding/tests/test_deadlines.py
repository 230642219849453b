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
from thidua.dossiers.tests import factories as f
from thidua.forwarding.deadlines import limits
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
    with _at(dt.date(2025, 5, 8)):
        body = client.get(page).content.decode()
        assert "QUÁ HẠN" in body and "Quá hạn 2 ngày làm việc" in body
        assert _overdue("tinh") == 1
        assert _overdue("sinho") == 0  # another unit's officer runs no council
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert OVERDUE in home


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
