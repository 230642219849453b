"""A commune's nominee for a State-level award goes up through the province (research
sheet §4.1, §4.7): the commune's tờ trình reaches the province, which cannot decide a
Bằng khen of the Prime Minister; the province's council votes on it first (what it
refuses is marked on the commune's tờ trình with the votes), and the province
re-packages what passed into its own tờ trình with both councils' vote records and
the commune's documents. A return from the centre shows on the commune's tờ trình;
the province sends again, and the centre's decision enters the registry and closes
both."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from thidua.accounts.services import staff_group
from thidua.commendations.models import AwardRecord
from thidua.core.models import AuditEntry
from thidua.dossiers import services
from thidua.dossiers.models import CouncilSession, Dossier
from thidua.dossiers.tests import factories as f
from thidua.dossiers.tests.test_commune import _value, commune_accounts, commune_dossier
from thidua.forwarding import selectors
from thidua.forwarding import services as forwarding
from thidua.forwarding.models import Forwarding
from thidua.forwarding.package import province_authority
from thidua.lib.files import private_storage
from thidua.lib.nd30 import document_text
from thidua.organisation.selectors import organisation_on

pytestmark = pytest.mark.django_db


def _archive(fw: Forwarding) -> zipfile.ZipFile:
    with private_storage().open(fw.package, "rb") as fh:
        return zipfile.ZipFile(io.BytesIO(fh.read()))


def _docx(archive: zipfile.ZipFile, name: str) -> str:
    return document_text(Document(io.BytesIO(archive.read(name))))


def _events(fw: Forwarding) -> list[tuple[str, str]]:
    """(actor's username, message) of the workflow steps recorded on `fw`."""
    return [
        (e.actor.username if e.actor else "", e.message)
        for e in AuditEntry.objects.filter(
            model="forwarding", object_id=str(fw.pk), action="event"
        ).order_by("pk")
    ]


def _commune_sends(commune: Any) -> tuple[Dossier, CouncilSession, Forwarding]:
    """The commune's council passes two Bằng khen of the Prime Minister; the commune
    sends its tờ trình 12/TTr-UBND to the province."""
    officer = f.user("xaphuckhoa")
    officer.groups.add(staff_group())
    dossier = commune_dossier(commune, code="BK_TTG")
    members = [f.user("hdxa1"), f.user("hdxa2")]
    session = services.session_open(
        title="Phiên họp Hội đồng TĐKT xã",
        held_on=dt.date(2025, 12, 10),
        dossiers=[dossier],
        members=members,
        unit=commune,
        by=officer,
    )
    for member in members:
        services.ballot_cast(
            session=session,
            member=member,
            choices=dict.fromkeys(session.agenda.values_list("pk", flat=True), "yes"),
        )
    services.session_close(session=session, by=officer)
    dossier.refresh_from_db()
    source = forwarding.forwarding_prepare(
        dossier=dossier, nominees=list(dossier.nominees.order_by("pk")), by=officer
    )
    assert source.upper_body == province_authority()
    source = forwarding.forwarding_send(
        forwarding=source,
        number="12",
        sent_on=dt.date(2025, 12, 15),
        signature_capacity="TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH",
        signer_name="Vàng A Dế",
        by=officer,
    )
    return dossier, session, source


def test_the_province_council_votes_before_a_communes_nominee_goes_up(
    world: Any, client: Any
) -> None:
    commune = commune_accounts()
    officer, office = f.user("xaphuckhoa"), f.user("tinh")
    dossier, commune_session, source = _commune_sends(commune)
    first, second = dossier.nominees.order_by("pk")

    # the province decides nothing of it, and relays nothing, before its council votes
    with pytest.raises(ValidationError, match="Hội đồng tỉnh bỏ phiếu"):
        forwarding.forwarding_record_decision(
            forwarding=source, decision_number="5/QĐ-UBND",
            decision_date=dt.date(2025, 12, 20), decision_issuer="Chủ tịch UBND tỉnh",
            awarded=[first], by=office,
        )  # fmt: skip
    assert forwarding.relay_candidates(source) == [first, second]
    assert forwarding.relayable(source) == []
    with pytest.raises(ValidationError, match="Chưa được Hội đồng Thi đua - Khen"):
        forwarding.forwarding_relay(source=source, nominees=[first], by=office)
    relay_url = reverse("forwardings:relay", args=[source.pk])
    client.force_login(office)
    refused = client.post(relay_url, {"nominees": [first.pk]})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "bỏ phiếu thông qua: " + first.name in page
    assert "Đưa các trường hợp này vào một phiên họp Hội đồng" in page
    assert Forwarding.objects.count() == 1  # nothing created
    (waiting,) = selectors.forwardings_to_relay(office)
    assert waiting == source and waiting.to_vote
    listed = client.get(reverse("forwardings:index")).content.decode()
    assert "Chờ Hội đồng tỉnh xét: Tờ trình 12/TTr-UBND" in listed
    detail = client.get(reverse("forwardings:detail", args=[source.pk])).content
    assert "Đưa vào phiên họp Hội đồng" in detail.decode()
    assert "Lập tờ trình trình tiếp" not in detail.decode()

    # a commune's council cannot take them; the province's session form offers them
    with pytest.raises(ValidationError, match="Không chờ Hội đồng tỉnh xét"):
        services.session_open(
            title="x", held_on=dt.date(2025, 12, 20), dossiers=[],
            members=[f.user("hdxa1")], unit=commune, relayed=[first], by=officer,
        )  # fmt: skip
    create = reverse("dossiers:session-create")
    form = client.get(f"{create}?to-trinh={source.pk}").content.decode()
    assert f"{first.name} — Bằng khen của Thủ tướng Chính phủ" in form
    assert re.search(rf'name="relays" value="{source.pk}"[^>]*checked', form)
    province_members = [
        f.user("hoidong"), f.council_member("hdtinh2"), f.council_member("hdtinh3")
    ]  # fmt: skip
    response = client.post(
        create,
        {
            "title": "Phiên họp Hội đồng TĐKT tỉnh tháng 12",
            "held_on": "2025-12-22",
            "relays": [source.pk],
            "members": [m.pk for m in province_members],
            "quorum_percent": _value(form, "quorum_percent"),
            "default_threshold": _value(form, "default_threshold"),
            **{
                name: _value(form, name)
                for name in re.findall(r'name="(threshold_\w+)"', form)
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session = CouncilSession.objects.get(unit=None)
    assert list(session.agenda.order_by("pk")) == [first, second]
    # thresholds by form from the rule set, as for the province's own dossiers: the
    # Bằng khen of the Prime Minister has none of its own, the majority applies
    assert "BK_TTG" not in session.thresholds and session.thresholds["CSTD_TQ"] == 90
    assert not selectors.sources_awaiting_vote().exists()  # not on two sessions
    with pytest.raises(ValidationError, match="Không chờ Hội đồng tỉnh xét"):
        services.session_open(
            title="y", held_on=dt.date(2025, 12, 23), dossiers=[],
            members=province_members, relayed=[first], by=office,
        )  # fmt: skip
    client.force_login(province_members[0])
    ballot = client.get(reverse("dossiers:session-detail", args=[session.pk]))
    assert "Hội đồng Thi đua – Khen thưởng xã Phúc Khoa đã thông qua: 2/2 phiếu" in (
        ballot.content.decode()
    )
    for i, member in enumerate(province_members):
        services.ballot_cast(
            session=session,
            member=member,
            choices={first.pk: "yes", second.pk: "yes" if i == 0 else "no"},
        )
    services.session_close(session=session, by=office)
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.APPROVED  # the commune's, untouched
    second_result = second.council_results.get(session=session)
    assert not second_result.passed and second_result.yes == 1
    assert second_result.threshold == session.default_threshold == 50

    # the refusal is on the commune's tờ trình, with the votes; its officer reads it
    source.refresh_from_db()
    assert source.status == Forwarding.Status.SENT
    assert f"không thông qua {second.name} (1/3 phiếu đồng ý" in source.note
    assert ("tinh", source.note.splitlines()[-1]) in _events(source)
    client.force_login(officer)
    page = client.get(reverse("forwardings:detail", args=[source.pk])).content.decode()
    assert "Hội đồng tỉnh không thông qua: 1/3 phiếu đồng ý (33,3%), cần 50%" in page
    assert "Hội đồng tỉnh thông qua (3/3 phiếu đồng ý (100%)" in page

    # only what passed is offered and sent on, by the province office alone
    assert forwarding.relayable(source) == [first]
    with pytest.raises(ValidationError, match=second.name):
        forwarding.forwarding_relay(source=source, nominees=[second], by=office)
    assert client.post(relay_url, {"nominees": [first.pk]}).status_code == 403
    client.force_login(office)
    page = client.get(reverse("forwardings:detail", args=[source.pk])).content.decode()
    assert f'value="{first.pk}"' in page and f'value="{second.pk}"' not in page
    response = client.post(relay_url, {"nominees": [first.pk]})
    relay = Forwarding.objects.get(relayed_from=source)
    assert response.url == reverse("forwardings:detail", args=[relay.pk])
    assert relay.upper_body == first.award_type.deciding_authority
    assert relay.symbol == organisation_on().proposal_symbol_text
    source.refresh_from_db()
    assert source.status == Forwarding.Status.RELAYED  # nothing left for the province
    assert forwarding.relayable(source) == [] and forwarding.forwardable(dossier) == []
    assert client.post(relay_url, {"nominees": [first.pk]}).status_code == 200
    assert Forwarding.objects.count() == 2

    # the commune follows the province's tờ trình but does not act on it
    client.force_login(officer)
    relay_page = reverse("forwardings:detail", args=[relay.pk])
    assert "Tờ trình 12/TTr-UBND" in client.get(relay_page).content.decode()
    send = {"number": "3", "sent_on": "05/01/2026"}
    assert (
        client.post(reverse("forwardings:send", args=[relay.pk]), send).status_code
        == 403
    )
    client.force_login(office)

    relay = forwarding.forwarding_send(
        forwarding=relay, number="3", sent_on=dt.date(2026, 1, 5), by=office
    )
    archive = _archive(relay)
    names = set(archive.namelist())
    # both councils' vote records; the commune's tờ trình, list, manifest, documents
    assert {
        f"04-bien-ban-hoi-dong-{commune_session.pk}.docx",
        f"04-bien-ban-hoi-dong-{session.pk}.docx",
        "06-to-trinh-cap-xa/01-to-trinh.docx",
        "06-to-trinh-cap-xa/02-danh-sach.docx",
        "06-to-trinh-cap-xa/manifest.json",
    } <= names
    assert any(n.startswith("05-tai-lieu-don-vi/") for n in names)
    own = _docx(archive, "06-to-trinh-cap-xa/01-to-trinh.docx")
    assert "ỦY BAN NHÂN DÂN XÃ PHÚC KHOA" in own and "Vàng A Dế" in own
    minutes = _docx(archive, f"04-bien-ban-hoi-dong-{session.pk}.docx")
    assert first.name in minutes and organisation_on().issuing_body in minutes
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["relayed_from"] == {
        "forwarding_id": source.pk,
        "body": "ỦY BAN NHÂN DÂN XÃ PHÚC KHOA",
        "reference": "12/TTr-UBND",
        "date": "2025-12-15",
        "files_in": "06-to-trinh-cap-xa/",
    }
    (entry,) = manifest["nominees"]
    assert (entry["council"]["session"], entry["council"]["yes"]) == (session.title, 3)
    assert (entry["council_below"]["session"], entry["council_below"]["yes"]) == (
        commune_session.title,
        2,
    )
    province_council = "Hội đồng Thi đua - Khen thưởng " + (
        organisation_on().name[:1].lower() + organisation_on().name[1:]
    )
    proposal = _docx(archive, "01-to-trinh.docx")
    assert organisation_on().issuing_body in proposal
    assert "ỦY BAN NHÂN DÂN XÃ PHÚC KHOA" not in proposal
    for text in (
        f"Số: 3/{relay.symbol}",
        f"Kính gửi: {relay.upper_body}.",
        "2. Tờ trình số 12/TTr-UBND ngày 15 tháng 12 năm 2025 của Ủy ban nhân dân xã "
        "Phúc Khoa và danh sách kèm theo;",
        "Xét Tờ trình số 12/TTr-UBND ngày 15 tháng 12 năm 2025 của Ủy ban nhân dân "
        f"xã Phúc Khoa và kết quả bỏ phiếu của {province_council}",
        f"Biên bản họp và kết quả bỏ phiếu của {province_council};",
        "Biên bản họp và kết quả bỏ phiếu của Hội đồng Thi đua - Khen thưởng xã "
        "Phúc Khoa",
    ):
        assert text in proposal, text
    listing = _docx(archive, "02-danh-sach.docx")
    assert "3/3 phiếu (100%); cấp xã: 2/2 phiếu (100%)" in listing

    # the centre returns it: the commune's tờ trình shows it, with the reason
    reason = "Thiếu xác nhận của cơ quan thuế"
    back = client.post(
        reverse("forwardings:return", args=[relay.pk]), {"reason": reason}
    )
    assert back.status_code == 302
    relay.refresh_from_db()
    source.refresh_from_db()
    assert relay.status == Forwarding.Status.RETURNED
    assert ("tinh", f"{relay.upper_body} trả lại: {reason}") in _events(relay)
    assert (
        "tinh",
        f"{relay.upper_body} trả lại Tờ trình 3/{relay.symbol} của tỉnh: {reason}",
    ) in _events(source)
    client.force_login(officer)
    for url in (
        reverse("forwardings:index"),
        reverse("forwardings:detail", args=[source.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Bị trả lại" in page and reason in page, url

    # the province sends it again; the centre decides; registry and both closed
    client.force_login(office)
    resent = client.post(
        reverse("forwardings:send", args=[relay.pk]),
        {"number": "4", "sent_on": "12/01/2026"},
    )
    assert resent.status_code == 302
    relay.refresh_from_db()
    assert relay.status == Forwarding.Status.SENT and relay.reference.startswith("4/")
    assert any(
        actor == "tinh" and message.startswith("Tỉnh gửi lại tờ trình 4/")
        for actor, message in _events(source)
    )
    client.force_login(officer)
    page = client.get(reverse("forwardings:detail", args=[source.pk])).content.decode()
    assert "Bị trả lại" not in page
    (record,) = forwarding.forwarding_record_decision(
        forwarding=relay,
        decision_number="150/QĐ-TTg",
        decision_date=dt.date(2026, 2, 10),
        decision_issuer="Thủ tướng Chính phủ",
        awarded=[first],
        by=office,
    )
    assert (record.person_id, record.award_type.code) == (first.person_id, "BK_TTG")
    assert AwardRecord.objects.filter(decision_number="150/QĐ-TTg").count() == 1
    assert not AwardRecord.objects.filter(person=second.person).exists()
    relay.refresh_from_db()
    source.refresh_from_db()
    assert relay.status == source.status == Forwarding.Status.DECIDED
    assert (source.decision_number, source.decision_date) == (
        "150/QĐ-TTg",
        dt.date(2026, 2, 10),
    )
    assert ("tinh", source.note.splitlines()[-1]) in _events(source)


def test_a_communes_proposal_refused_whole_by_the_province_council_closes(
    world: Any, client: Any
) -> None:
    dossier, _, source = _commune_sends(commune_accounts())
    office, members = f.user("tinh"), [f.user("hoidong"), f.council_member("hd2")]
    session = services.session_open(
        title="Phiên họp Hội đồng TĐKT tỉnh",
        held_on=dt.date(2025, 12, 22),
        dossiers=[],
        members=members,
        relayed=list(dossier.nominees.all()),
        by=office,
    )
    for member in members:
        services.ballot_cast(
            session=session,
            member=member,
            choices=dict.fromkeys(session.agenda.values_list("pk", flat=True), "no"),
        )
    services.session_close(session=session, by=office)
    source.refresh_from_db()
    # nothing goes up and nothing waits for the province: the commune's is answered
    assert source.status == Forwarding.Status.DECIDED and not source.decision_number
    assert source.note.count("0/2 phiếu đồng ý (0%), cần 50%") == 2
    assert forwarding.relay_candidates(source) == []
    assert not selectors.forwardings_to_relay(office).exists()
    assert not Forwarding.objects.filter(relayed_from=source).exists()
    client.force_login(f.user("xaphuckhoa"))
    page = client.get(reverse("forwardings:detail", args=[source.pk])).content.decode()
    assert page.count("Hội đồng tỉnh không thông qua: 0/2 phiếu đồng ý") == 2
    assert "Đã vào sổ khen thưởng" not in page
