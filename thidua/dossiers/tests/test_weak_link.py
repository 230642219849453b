"""Dossier forms on a weak link (issue 14, item 6): sent twice with the same
one-time token (a double click, the browser resending after the connection
dropped) they act once and answer the second time as they did the first; the
dossier page loads none of the admin's scripts."""

from __future__ import annotations

import datetime as dt
import re

from thidua.core.models import AuditEntry
from thidua.dossiers import services
from thidua.dossiers.models import BallotReceipt, Dossier

from . import factories as f


def _token(page: str, action: str = "") -> str:
    """The one-time token of the page's form posting to `action` ("" = itself)."""
    for url, body in re.findall(r'<form method="post"([^>]*)>(.*?)</form>', page, re.S):
        target = re.search(r'action="([^"]*)"', url)
        if (target.group(1) if target else "").endswith(action):
            found = re.search(r'name="_once" value="([^"]+)"', body)
            if found:
                return found.group(1)
    raise AssertionError(f"no form posting to {action!r}")


def _shown(client, response) -> str:
    return client.get(response["Location"]).content.decode()


def test_saving_a_new_dossier_twice_makes_one(world, client):
    client.force_login(f.user("tanuyen"))
    page = client.get("/admin/ho-so/tao/").content.decode()
    body = {
        "unit": f.tan_uyen().pk,
        "type": "annual",
        "year": 2025,
        "title": "Đề nghị tặng Giấy khen năm 2025",
        "_once": _token(page),
    }
    first = client.post("/admin/ho-so/tao/", body)
    again = client.post("/admin/ho-so/tao/", body)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Dossier.objects.filter(title=body["title"]).count() == 1
    assert _shown(client, again).count("Đã lập hồ sơ.") == 1


def test_submitting_a_dossier_twice_submits_once(world, client):
    officer = f.user("tanuyen")
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2024, title="Hồ sơ thử", by=officer
    )
    f.nominate(dossier, f.people(1))
    f.attach_all(dossier, officer)
    client.force_login(officer)
    url = f"/admin/ho-so/{dossier.pk}/"
    page = client.get(url).content.decode()
    # the light frame: none of the admin's scripts (bench/bench_weak.py)
    assert re.findall(r'<script src="[^"]*/([^/"]+)"', page) == ["once.js"]
    body = {"_once": _token(page, "/submit/")}
    for _ in range(2):
        assert client.post(f"{url}submit/", body)["Location"] == url
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.SUBMITTED
    submitted = AuditEntry.objects.filter(
        model="dossier", object_id=str(dossier.pk), after__status="submitted"
    )
    assert submitted.count() == 1
    page = client.get(url).content.decode()
    assert page.count("Đã gửi hồ sơ tới") == 1
    assert "không" not in page.split('class="messages"')[1].split("</ul>")[0]


def test_a_ballot_sent_twice_counts_once_and_says_it_was_recorded(world, client):
    dossier = f.dossier_to_council(2)
    session = services.session_open(
        title="Phiên họp thử",
        held_on=dt.date(2025, 1, 20),
        dossiers=[dossier],
        members=[f.user("hoidong")],
        by=f.user("tinh"),
    )
    client.force_login(f.user("hoidong"))
    url = f"/admin/ho-so/hoi-dong/{session.pk}/"
    body = {f"n{row.pk}": "yes" for row in session.agenda.all()}
    body["_once"] = _token(client.get(url).content.decode(), "/bo-phieu/")
    answers = [client.post(f"{url}bo-phieu/", body) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert BallotReceipt.objects.filter(session=session).count() == 1
    page = _shown(client, answers[1])
    # the first answer, not "you have already voted"
    assert page.count("Đã ghi nhận phiếu kín của bạn.") == 1
    assert "đã bỏ phiếu" not in page.lower().split("</ul>")[0]
