"""The figures page on a weak link (issue 14, item 6): a form sent twice with the
same one-time token (a double click, the browser resending after the connection
dropped) acts once and answers the second time as it did the first; the page
loads none of the admin's scripts."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from thidua.core.models import AuditEntry, FormSubmission
from thidua.core.once import KEEP

from .test_entry import _bytes, _fill, _rows, _template, cluster, ind, own_unit

pytestmark = pytest.mark.usefixtures("world")
__all__ = ["cluster"]  # the fixture, imported for this module's tests


def _tokens(page: str, action: str) -> list[str]:
    """The one-time tokens of the page's forms posting to `action`."""
    forms = re.findall(
        r'<form method="post"[^>]*action="([^"]*)"[^>]*>(.*?)</form>', page, re.S
    )
    return [
        re.search(r'name="_once" value="([^"]+)"', body).group(1)
        for url, body in forms
        if url.endswith(action)
    ]


def _events(period, text: str) -> int:
    return AuditEntry.objects.filter(
        model="reportingperiod", object_id=str(period.pk), message__contains=text
    ).count()


def _shown(client, response) -> str:
    return client.get(response["Location"]).content.decode()


def test_the_figures_sent_twice_are_sent_once(client, cluster, users):
    period = cluster
    unit = own_unit(period, users)
    officer = users["xatanuyen"]
    client.force_login(officer)
    _fill(period, unit, officer)
    page = client.get(f"/admin/thi-dua/ky/{period.pk}/").content.decode()
    (token,) = _tokens(page, "/submit/")
    body = {"unit": unit.id, "_once": token}
    url = f"/admin/thi-dua/ky/{period.pk}/submit/"
    first = client.post(url, body)
    assert first.status_code == 302
    again = client.post(url, body)  # its answer was lost: the browser resends
    assert (again.status_code, again["Location"]) == (302, first["Location"])
    assert _events(period, "gửi 2 số liệu") == 1
    # the page after the resend says what happened, once
    assert _shown(client, again).count("Xã Tân Uyên đã gửi số liệu.") == 1
    assert set(period.actuals.filter(unit=unit).values_list("status", flat=True)) == {
        "submitted"
    }
    # a new page brings a new token: recalling works, then sending again counts
    page = client.get(first["Location"]).content.decode()
    (recall,) = _tokens(page, "/recall/")
    client.post(
        f"/admin/thi-dua/ky/{period.pk}/recall/", {"unit": unit.id, "_once": recall}
    )
    page = client.get(first["Location"]).content.decode()
    (token,) = _tokens(page, "/submit/")
    client.post(url, {"unit": unit.id, "_once": token})
    assert _events(period, "gửi 2 số liệu") == 2


def test_the_whole_grid_and_an_upload_saved_twice_are_saved_once(
    client, cluster, users
):
    period = cluster
    unit = own_unit(period, users)
    client.force_login(users["xatanuyen"])
    grid = f"/admin/thi-dua/ky/{period.pk}/"
    (token,) = _tokens(client.get(grid).content.decode(), grid)
    road = f"c-{unit.id}-{ind('road').id}-value"
    body = {road: "88", "_once": token}
    for _ in range(2):
        assert client.post(grid, body).status_code == 302
    saved = period.actuals.get(unit=unit, indicator=ind("road"))
    assert saved.value == 88
    assert (
        AuditEntry.objects.filter(model="actualvalue", object_id=str(saved.pk)).count()
        == 1
    )

    wb = _template(client, period)
    ws, row_of = _rows(wb)
    ws[f"F{row_of['road']}"] = "97,5"
    page = client.get(grid).content.decode()
    (token,) = _tokens(page, "/tai-len/")
    answers = []
    for _ in range(2):
        upload = io.BytesIO(_bytes(wb))
        upload.name = "so-lieu.xlsx"
        answers.append(
            client.post(
                f"/admin/thi-dua/ky/{period.pk}/tai-len/",
                {"file": upload, "_once": token},
            )
        )
    assert [a.status_code for a in answers] == [302, 302]
    saved.refresh_from_db()
    assert saved.value == 97.5
    assert (
        AuditEntry.objects.filter(model="actualvalue", object_id=str(saved.pk)).count()
        == 2
    )
    assert _shown(client, answers[1]).count("Đã nhập 1 giá trị từ tệp Excel.") == 1


def test_a_used_token_with_other_content_or_another_user_does_nothing(
    client, cluster, users
):
    period = cluster
    unit = own_unit(period, users)
    client.force_login(users["xatanuyen"])
    grid = f"/admin/thi-dua/ky/{period.pk}/"
    (token,) = _tokens(client.get(grid).content.decode(), grid)
    road = f"c-{unit.id}-{ind('road').id}-value"
    client.post(grid, {road: "88", "_once": token})
    # the old page, changed and sent again (back button): refused, and said so
    stale = client.post(grid, {road: "77", "_once": token})
    assert stale.status_code == 302
    assert "đã được gửi lúc" in _shown(client, stale)
    assert period.actuals.get(unit=unit, indicator=ind("road")).value == 88
    # the token belongs to the officer who was given it
    client.force_login(users["tinh"])
    assert client.post(grid, {road: "66", "_once": token}).status_code == 403
    assert period.actuals.get(unit=unit, indicator=ind("road")).value == 88


def test_an_invalid_grid_keeps_no_token_and_old_tokens_expire(client, cluster, users):
    period = cluster
    unit = own_unit(period, users)
    client.force_login(users["xatanuyen"])
    grid = f"/admin/thi-dua/ky/{period.pk}/"
    (token,) = _tokens(client.get(grid).content.decode(), grid)
    road = f"c-{unit.id}-{ind('road').id}-value"
    # refused with its errors shown again: nothing done, so the same form, corrected,
    # still acts
    assert client.post(grid, {road: "abc", "_once": token}).status_code == 422
    assert not FormSubmission.objects.exists()
    assert client.post(grid, {road: "81", "_once": token}).status_code == 302
    assert FormSubmission.objects.count() == 1
    # a day later the record is gone with the next submission
    FormSubmission.objects.update(at=timezone.now() - KEEP - dt.timedelta(minutes=1))
    (other,) = _tokens(client.get(grid).content.decode(), grid)
    client.post(grid, {road: "82", "_once": other})
    assert list(FormSubmission.objects.values_list("token", flat=True)) == [other]


def test_the_figures_page_loads_no_admin_script_and_keeps_the_menu(
    client, cluster, users
):
    """The light frame: Wagtail's stylesheet, no admin script (bench/bench_weak.py)."""
    client.force_login(users["xatanuyen"])
    page = client.get(f"/admin/thi-dua/ky/{cluster.pk}/").content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert [s.rsplit("/", 1)[-1] for s in scripts] == ["once.js", "htmx-2.0.11.min.js"]
    assert "wagtailadmin/css/core.css" in page
    assert 'href="/admin/chuc-nang/"' in page and 'action="/admin/logout/"' in page
    # the sidebar's menu on its own page, as links: the officer's items, not the office's
    menu = client.get("/admin/chuc-nang/").content.decode()
    assert 'href="/admin/thi-dua/"' in menu and "Nhật ký thay đổi" not in menu
