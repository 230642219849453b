"""A unit officer's pages and sends stay within a fixed number of queries: at the
year-end rush (bench/bench_rush.py) each query costs CPU on a shared machine,
and the menu, the home and the audit of a send once multiplied them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.admin.views.home import RecentEditsPanel, WorkflowObjectsToModeratePanel

from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.services import staff_group
from thidua.emulation import selectors, services
from thidua.emulation.models import Indicator, ReportingPeriod
from thidua.reports.dashboard import tasks_for
from thidua.reports.wagtail_hooks import TasksPanel, add_tasks_panel
from thidua.units.models import BlocMembership, EmulationBloc

from .officer import officer_world

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    client.get(url)  # the first read fills Django's and Wagtail's own caches
    with CaptureQueriesContext(connection) as done:
        assert client.get(url).status_code == 200
    return len(done.captured_queries)


def test_the_officers_home_and_grid_read_few_queries(client: Client) -> None:
    w = officer_world()
    client.force_login(w["officer"])
    # were 94 and 80: each of the menu's 20 items asked who the user is anew
    assert _queries(client, "/admin/") <= 35
    assert _queries(client, f"/admin/thi-dua/ky/{w['period'].pk}/") <= 30


def test_the_blocs_page_reads_the_same_for_one_bloc_or_four(client: Client) -> None:
    w = officer_world()
    w["office"].groups.add(staff_group())
    client.force_login(w["office"])
    one = _queries(client, "/admin/thi-dua/")
    bloc = w["period"].bloc
    for n in range(3):  # three more blocs, each with a period
        other = EmulationBloc.objects.create(name=f"Cụm {n}", organiser=bloc.organiser)
        ReportingPeriod.objects.create(bloc=other, year=2026)
    page = client.get("/admin/thi-dua/").content.decode()
    assert page.count('href="/admin/thi-dua/ky/') == 4
    assert _queries(client, "/admin/thi-dua/") == one  # was two more a bloc


def test_sending_costs_the_same_for_one_figure_or_six() -> None:
    w = officer_world(indicators=6, communes=3)
    period, (six, one, _) = w["period"], w["units"]
    Indicator.objects.exclude(code="duong0").update(required=False)
    period.actuals.filter(unit=one).exclude(indicator__code="duong0").delete()
    counts = []
    for unit in (one, six):  # the third commune has not sent: the period stays open
        with CaptureQueriesContext(connection) as done:
            services.actuals_submit(period=period, unit=unit, by=w["office"])
        counts.append(len(done.captured_queries))
    # the audit names each figure (unit, indicator, period): joined, not fetched
    # three times a figure, and its rows are written in one insert
    assert counts[0] == counts[1], counts


def test_the_home_leaves_out_page_panels_for_those_who_edit_no_page() -> None:
    w = officer_world()
    request = RequestFactory().get("/admin/")
    for user, page_panels in ((w["officer"], 0), (w["office"], 0)):
        request.user = user
        panels = [RecentEditsPanel(), WorkflowObjectsToModeratePanel()]
        add_tasks_panel(request, panels)
        assert isinstance(panels[0], TasksPanel)
        assert len(panels) - 1 == page_panels
    request.user = User.objects.create_superuser("quantri", password="x")
    panels = [RecentEditsPanel(), WorkflowObjectsToModeratePanel()]
    add_tasks_panel(request, panels)
    assert len(panels) == 3  # an editor of portal pages keeps Wagtail's panels


def test_saving_the_grid_costs_the_same_for_one_figure_or_six(client: Client) -> None:
    w = officer_world(indicators=6)
    period, unit = w["period"], w["units"][0]
    client.force_login(w["officer"])
    grid = f"/admin/thi-dua/ky/{period.pk}/"
    client.get(grid)  # the first read fills Django's and Wagtail's own caches
    counts = []
    for changed, typed in ((1, "91"), (6, "92")):
        body = {
            f"c-{unit.id}-{i.id}-value": typed
            for i in Indicator.objects.order_by("code")[:changed]
        }
        with CaptureQueriesContext(connection) as done:
            assert client.post(grid, body).status_code == 302
        counts.append(len(done.captured_queries))
    assert period.actuals.filter(unit=unit, value=92).count() == 6
    # was 76 for six figures: the period locked, the unit checked and each row
    # read, written and audited once a figure; now once a save
    assert counts[0] == counts[1] <= 30, counts


def test_sending_and_recalling_read_few_queries(client: Client) -> None:
    w = officer_world(indicators=6)
    period, unit = w["period"], w["units"][0]
    client.force_login(w["officer"])
    client.get(f"/admin/thi-dua/ky/{period.pk}/")  # Django's and Wagtail's caches
    counts = []
    for action, token in (("submit", "a"), ("recall", "b")):
        with CaptureQueriesContext(connection) as done:
            answer = client.post(
                f"/admin/thi-dua/ky/{period.pk}/{action}/",
                {"unit": unit.pk, "_once": token * 32},
            )
            assert answer.status_code == 302
        counts.append(len(done.captured_queries))
    assert not period.actuals.filter(unit=unit, status="submitted").exists()
    # were 40 and 32: the period read twice, its bloc once more for the audit,
    # the unit tree three times, the old form tokens read before their delete
    assert counts[0] <= 34 and counts[1] <= 26, counts


def _open_periods(w: dict[str, Any], n: int) -> None:
    """Open periods up to `n`, each in a bloc of its own whose members have not sent."""
    bloc = w["period"].bloc
    for k in range(ReportingPeriod.objects.filter(status="open").count(), n):
        other = EmulationBloc.objects.create(name=f"Cụm {k}", organiser=bloc.organiser)
        BlocMembership.objects.create(bloc=other, unit=w["units"][0], year=2026)
        ReportingPeriod.objects.create(bloc=other, year=2026)


def test_the_officers_to_do_reads_the_same_for_3_or_12_open_periods() -> None:
    w = officer_world()
    office = w["office"]
    RoleAssignment.objects.create(  # the to-do's entry line is a unit officer's
        user=office, role=RoleAssignment.Role.UNIT_OFFICER, unit=w["units"][0].parent
    )
    tasks_for(office)  # the first read fills Django's own caches
    counts = []
    for n in (3, 12):
        _open_periods(w, n)
        user = User.objects.get(pk=office.pk)  # roles read anew, as a request does
        with CaptureQueriesContext(connection) as done:
            assert len(selectors.periods_to_fill(user)) == n
            tasks_for(user)
        counts.append(len(done.captured_queries))
    # was two statements an open period: each period's members, then its sent units
    assert counts[0] == counts[1], counts
