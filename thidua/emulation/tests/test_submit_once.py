"""Sending a unit's figures is done once: a second send (double click, a resend
without the form's one-time token, a second tab) is refused, one after the
other (any database) and at the same instant (PostgreSQL, two threads)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from thidua.core.models import AuditEntry
from thidua.emulation import services
from thidua.emulation.models import ActualValue
from thidua.units.models import OrgUnit

from .officer import officer_world


def _sends(unit: OrgUnit) -> int:
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.EVENT, message__startswith=f"{unit} gửi "
    ).count()


@pytest.mark.django_db
def test_a_second_send_is_refused_and_leaves_the_first_as_it_was() -> None:
    w = officer_world()
    period, unit, officer = w["period"], w["units"][0], w["officer"]
    assert services.actuals_submit(period=period, unit=unit, by=officer) == 1
    with pytest.raises(ValidationError, match="đã gửi số liệu kỳ này rồi"):
        services.actuals_submit(period=period, unit=unit, by=officer)
    assert _sends(unit) == 1
    assert list(period.actuals.filter(unit=unit).values_list("status", flat=True)) == [
        ActualValue.Status.SUBMITTED
    ]
    # recalled to correct a figure, it may be sent again: once more
    services.actuals_recall(period=period, unit=unit, by=officer)
    services.actuals_submit(period=period, unit=unit, by=officer)
    assert _sends(unit) == 2


@pytest.mark.django_db
def test_approved_figures_are_not_sent_again() -> None:
    w = officer_world()
    period, office = w["period"], w["office"]
    for unit in w["units"]:
        services.actuals_submit(period=period, unit=unit, by=office)
    services.period_approve(period=period, by=office)
    with pytest.raises(ValidationError, match="đã được duyệt: không gửi lại"):
        services.actuals_submit(period=period, unit=w["units"][0], by=office)
    assert _sends(w["units"][0]) == 1


@pytest.mark.django_db
def test_the_send_button_posted_twice_without_token_sends_once(client: Client) -> None:
    w = officer_world()
    period, unit = w["period"], w["units"][0]
    client.force_login(w["officer"])
    url = f"/admin/thi-dua/ky/{period.pk}/submit/"
    first = client.post(url, {"unit": unit.pk}, follow=True)
    assert f"{unit} đã gửi số liệu." in first.content.decode()
    second = client.post(url, {"unit": unit.pk}, follow=True)
    page = second.content.decode()
    assert second.status_code == 200
    assert "đã gửi số liệu kỳ này rồi: lần gửi này không được thực hiện" in page
    assert _sends(unit) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sends_at_the_same_instant_give_one() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL; SQLite serialises writers")
    w = officer_world()
    period, unit, officer = w["period"], w["units"][0], w["officer"]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def send() -> None:
        start.wait()
        try:
            services.actuals_submit(period=period, unit=unit, by=officer)
            outcomes.append("sent")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    for _ in range(5):  # five rounds: the race is not won by luck once
        threads = [threading.Thread(target=send) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        services.actuals_recall(period=period, unit=unit, by=officer)
    sent = [o for o in outcomes if o == "sent"]
    refused = [o for o in outcomes if o != "sent"]
    assert len(sent) == 5 and len(refused) == 5, outcomes
    assert all("đã gửi số liệu kỳ này rồi" in o for o in refused), refused
    assert _sends(unit) == 5
