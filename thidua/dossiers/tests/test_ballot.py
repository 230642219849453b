"""The council ballot as a member sees it (issue 10, points 1 and 10).

It started pre-marked "Đồng ý" on every row, so an untouched row was tallied as agree,
and it gave the member nothing to read about a nominee.
"""

from __future__ import annotations

import datetime as dt
import re

from thidua.dossiers import services
from thidua.dossiers.models import (
    BallotCount,
    BallotReceipt,
    DossierDocument,
    PublicFeedback,
)

from . import factories as f


def _open_session():
    dossier = f.dossier_to_council(3)
    members = [f.user("hoidong"), f.council_member("hoidong2")]
    session = services.session_open(
        title="Phiên họp thử",
        held_on=dt.date(2025, 1, 20),
        dossiers=[dossier],
        members=members,
        by=f.user("tinh"),
    )
    return session, list(session.agenda.order_by("pk"))


def _tally(session) -> dict[int, tuple[int, int, int]]:
    """(yes, no, abstain) per nominee: the session's counters, no ballot is stored."""
    return {
        nominee: (yes, no, abstain)
        for nominee, yes, no, abstain in BallotCount.objects.filter(
            session=session
        ).values_list("nominee", "yes", "no", "abstain")
    }


def test_a_ballot_starts_blank_and_asks_again_for_an_unanswered_row(world, client):
    session, agenda = _open_session()
    client.force_login(f.user("hoidong"))
    page = client.get(f"/admin/ho-so/hoi-dong/{session.pk}/").content.decode()
    radios = re.findall(r"<input type=\"radio\"[^>]*>", page)
    assert len(radios) == 3 * len(agenda)
    assert not any("checked" in r for r in radios)
    # the member answers two rows and leaves one: nothing is recorded, the ballot comes back
    marks = {f"n{agenda[0].pk}": "no", f"n{agenda[1].pk}": "abstain"}
    response = client.post(f"/admin/ho-so/hoi-dong/{session.pk}/bo-phieu/", marks)
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count("Chưa chọn: hãy biểu quyết cho trường hợp này.") == 1
    assert f'id="phieu-{agenda[2].pk}" class="dz-unanswered"' in page
    kept = re.findall(
        r"<input type=\"radio\" name=\"(n\d+)\" value=\"(\w+)\" required checked>", page
    )
    assert sorted(kept) == sorted(marks.items())
    assert not BallotReceipt.objects.filter(session=session).exists()
    assert _tally(session) == {row.pk: (0, 0, 0) for row in agenda}
    # answered in full: recorded once, "không biểu quyết" only where chosen
    marks[f"n{agenda[2].pk}"] = "yes"
    client.post(f"/admin/ho-so/hoi-dong/{session.pk}/bo-phieu/", marks)
    counted = {
        agenda[0].pk: (0, 1, 0),
        agenda[1].pk: (0, 0, 1),
        agenda[2].pk: (1, 0, 0),
    }
    assert _tally(session) == counted
    again = client.post(f"/admin/ho-so/hoi-dong/{session.pk}/bo-phieu/", marks)
    assert again.status_code == 302
    assert BallotReceipt.objects.filter(session=session).count() == 1
    assert _tally(session) == counted


def test_the_ballot_links_each_nominee_to_what_the_member_should_read(world, client):
    session, agenda = _open_session()
    first = agenda[0]
    PublicFeedback.objects.create(  # sent and published during the disclosure
        nominee=first,
        author="Lò Văn Pản",
        contact="0912 000 111",
        content="Đồng chí giúp bà con bản Nà Cang làm đường.",
        status=PublicFeedback.Status.PUBLISHED,
    )
    client.force_login(f.user("hoidong"))
    page = client.get(f"/admin/ho-so/hoi-dong/{session.pk}/").content.decode()
    report = first.dossier.documents.get(kind=DossierDocument.Kind.ACHIEVEMENT_REPORT)
    row = page[page.index(f'id="phieu-{first.pk}"') :]
    row = row[: row.index("</tr>")]
    assert f"/admin/ho-so/{first.dossier_id}/tai-lieu/{report.pk}/" in row
    assert f"/admin/ho-so/{first.dossier_id}/#nominee-{first.pk}" in row
    assert f"/person/{first.person_id}/" in row or str(first.person_id) in row
    assert "Máy xét:" in row
    assert "Ý kiến nhân dân khi công khai (1)" in row
    assert "bản Nà Cang" in row
    assert "0912" not in row  # a citizen's phone stays with the office
    # every link opens for the member
    for href in re.findall(r'href="(/admin/[^"#]+)', row):
        assert client.get(href).status_code == 200, href


def test_a_dissolved_unit_proposes_nothing_and_says_why(world, client):
    """Issue 10.5: Huyện Tân Uyên ended on 30/06/2025; the API created a dossier for it
    and the page offered an empty list with an English error."""
    import json

    from thidua.units.models import OrgUnit

    district = f.tan_uyen()
    OrgUnit.objects.filter(pk=district.pk).update(valid_to=dt.date(2025, 6, 30))
    OrgUnit.objects.filter(parent=district).update(valid_to=dt.date(2025, 6, 30))
    client.force_login(f.user("tanuyen"))
    refused = client.post(
        "/api/v1/dossiers",
        json.dumps(
            {"unit_id": district.pk, "type": "annual", "year": 2024, "title": "Cũ"}
        ),
        content_type="application/json",
    )
    assert refused.status_code == 422
    message = refused.json()["errors"][0]["message"]
    assert "Huyện Tân Uyên đã chấm dứt hoạt động từ ngày 01/07/2025" in message
    page = client.get("/admin/ho-so/tao/").content.decode()
    assert "đều đã chấm dứt hoạt động" in page
    posted = client.post(
        "/admin/ho-so/tao/",
        {"unit": district.pk, "type": "annual", "year": 2024, "title": "Cũ"},
    ).content.decode()
    assert "đã chấm dứt hoạt động: hãy chọn đơn vị đang hoạt động" in posted
    assert "This field" not in posted and "Select a valid choice" not in posted
    # a history may still be recorded as of a day the unit existed
    old = services.dossier_create(
        unit=district,
        type="annual",
        year=2024,
        title="Ghi lại hồ sơ năm 2024",
        by=f.user("tanuyen"),
        on=dt.date(2025, 1, 5),
    )
    assert old.pk
