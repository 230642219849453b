"""`make demo` on any date: every back-office login finds waiting work dated around it.

Issue 10: the demo's work was frozen in 2024–2026, so on another day the bloc head had
nothing to do and the council nothing to vote on. Loaded here on two dates a year
apart, with the 2020 history unchanged.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from thidua.accounts.models import User
from thidua.dossiers.models import CouncilSession, Decision, Disclosure, PublicFeedback
from thidua.emulation.models import ReportingPeriod, ScoringTable
from thidua.reports.dashboard import tasks_for
from thidua.units.demo import CLUSTER_NAME, district_bloc

WAITING = {
    "xatanuyen": {
        "Kỳ báo cáo thi đua đang mở, cần nhập số liệu",
        "Hồ sơ khen thưởng bị trả lại, cần bổ sung",
        "Hồ sơ khen thưởng đang soạn",
    },
    "tanuyen": {"Hồ sơ khen thưởng đang soạn"},
    "khoitruong": {"Kỳ báo cáo đã gửi, chờ duyệt"},
    "tinh": {
        "Kỳ báo cáo đã gửi, chờ duyệt",
        "Hồ sơ đề nghị chờ thẩm định",
        "Góp ý của nhân dân chờ duyệt",
    },
    "hoidong": {"Phiên họp Hội đồng đang chờ bạn bỏ phiếu"},
    "lanhdao": {"Dự thảo quyết định chờ ký ban hành"},
    "bientap": {"Bình luận bài viết chờ duyệt", "Bài viết chờ xuất bản"},
}


@pytest.mark.parametrize("day", [dt.date(2026, 12, 3), dt.date(2028, 2, 10)])
def test_the_demo_gives_every_role_work_around_the_day_it_is_loaded(db, day):
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 9), tick=False):
        call_command("load_demo", stdout=io.StringIO())
        for username, expected in WAITING.items():
            labels = {t.label for t in tasks_for(User.objects.get(username=username))}
            assert expected <= labels, (username, labels)
        # the work is dated around the day
        cluster_periods = ReportingPeriod.objects.filter(bloc__name=CLUSTER_NAME)
        assert cluster_periods.get(year=day.year).status == "open"
        assert cluster_periods.get(year=day.year - 1).status == "submitted"
        session = CouncilSession.objects.get(status=CouncilSession.Status.OPEN)
        assert session.held_on == day
        disclosure = Disclosure.objects.get(ends_on__gte=day)
        assert disclosure.starts_on <= day
        assert PublicFeedback.objects.filter(status="pending").count() == 1
        draft = Decision.objects.get(status=Decision.Status.DRAFT)
        assert draft.year == day.year
        # the history stays: the 2020 bloc ranked and published, its periods locked
        table = ScoringTable.objects.get(bloc=district_bloc(), year=2020)
        assert table.finalized_at is not None
        assert (
            not ReportingPeriod.objects.filter(bloc=district_bloc())
            .exclude(status="locked")
            .exists()
        )
        # what `make demo` prints: each login with its person and where it works now
        out = io.StringIO()
        call_command("demo_logins", stdout=out)
        printed = out.getvalue()
        assert "Sở Nông nghiệp và Môi trường" in printed  # tanuyen's unit since 07/2025
        assert "Huyện Tân Uyên (đến 30/06/2025)" in printed
        assert "Lường Thị Mai — Cán bộ TĐKT đơn vị: Xã Tân Uyên" in printed
        assert "(province)" not in printed and "superuser" not in printed
