"""A commune's nominee for a State-level award goes up through the province (research
sheet §4.1): the commune's tờ trình reaches the province, which cannot decide a Bằng
khen of the Prime Minister; the province re-packages it into its own tờ trình with
the commune's documents and vote record, tracks it, and the centre's decision enters
the registry and closes both."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from thidua.accounts.services import staff_group
from thidua.commendations.models import AwardRecord
from thidua.dossiers import services
from thidua.dossiers.tests import factories as f
from thidua.dossiers.tests.test_commune import commune_accounts, commune_dossier
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


def test_a_communes_state_level_nominee_goes_up_through_the_province(
    world: Any, client: Any
) -> None:
    commune = commune_accounts()
    officer, office = f.user("xaphuckhoa"), f.user("tinh")
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
    first, second = dossier.nominees.order_by("pk")

    # the commune sends its tờ trình to the province, as for a provincial award
    source = forwarding.forwarding_prepare(
        dossier=dossier, nominees=[first, second], by=officer
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
    # the province cannot decide a Bằng khen of the Prime Minister itself
    with pytest.raises(ValidationError, match="Trình tiếp lên Trung ương"):
        forwarding.forwarding_record_decision(
            forwarding=source, decision_number="5/QĐ-UBND",
            decision_date=dt.date(2025, 12, 20), decision_issuer="Chủ tịch UBND tỉnh",
            awarded=[first], by=officer,
        )  # fmt: skip
    assert forwarding.relayable(source) == [first, second]
    assert list(selectors.forwardings_to_relay(office)) == [source]
    assert not selectors.forwardings_to_relay(officer).exists()

    # the province office sends it on through the back office; the commune cannot
    relay_url = reverse("forwardings:relay", args=[source.pk])
    form = {"nominees": [first.pk, second.pk]}
    client.force_login(officer)
    assert client.post(relay_url, form).status_code == 403
    client.force_login(office)
    listed = client.get(reverse("forwardings:index")).content.decode()
    assert reverse("forwardings:detail", args=[source.pk]) + "#h-relay" in listed
    assert (
        "Trình tiếp lên Trung ương"
        in client.get(reverse("forwardings:detail", args=[source.pk])).content.decode()
    )
    response = client.post(relay_url, form)
    relay = Forwarding.objects.get(relayed_from=source)
    assert response.url == reverse("forwardings:detail", args=[relay.pk])
    assert relay.upper_body == first.award_type.deciding_authority
    assert relay.symbol == organisation_on().proposal_symbol_text
    source.refresh_from_db()
    assert source.status == Forwarding.Status.RELAYED
    assert forwarding.relayable(source) == [] and forwarding.forwardable(dossier) == []
    assert client.post(relay_url, form).status_code == 200  # nothing left: refused
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

    relay = forwarding.forwarding_send(
        forwarding=relay, number="3", sent_on=dt.date(2026, 1, 5), by=office
    )
    assert relay.status == Forwarding.Status.SENT and relay.due_on is not None
    archive = _archive(relay)
    names = set(archive.namelist())
    # the commune's tờ trình, list and manifest as sent; its vote record, documents
    assert {
        "06-to-trinh-cap-xa/01-to-trinh.docx",
        "06-to-trinh-cap-xa/02-danh-sach.docx",
        "06-to-trinh-cap-xa/manifest.json",
        f"04-bien-ban-hoi-dong-{session.pk}.docx",
    } <= names
    assert any(n.startswith("05-tai-lieu-don-vi/") for n in names)
    own = _docx(archive, "06-to-trinh-cap-xa/01-to-trinh.docx")
    assert "ỦY BAN NHÂN DÂN XÃ PHÚC KHOA" in own and "Vàng A Dế" in own
    proposal = _docx(archive, "01-to-trinh.docx")
    assert organisation_on().issuing_body in proposal
    assert "ỦY BAN NHÂN DÂN XÃ PHÚC KHOA" not in proposal
    for text in (
        f"Số: 3/{relay.symbol}",
        f"Kính gửi: {relay.upper_body}.",
        "Xét Tờ trình số 12/TTr-UBND ngày 15 tháng 12 năm 2025 của Ủy ban nhân dân "
        "xã Phúc Khoa và kết quả bỏ phiếu của Hội đồng Thi đua - Khen thưởng xã "
        "Phúc Khoa",
        "2. Tờ trình số 12/TTr-UBND ngày 15 tháng 12 năm 2025 của Ủy ban nhân dân xã "
        "Phúc Khoa và danh sách kèm theo;",
    ):
        assert text in proposal, text
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["relayed_from"] == {
        "forwarding_id": source.pk,
        "body": "ỦY BAN NHÂN DÂN XÃ PHÚC KHOA",
        "reference": "12/TTr-UBND",
        "date": "2025-12-15",
        "files_in": "06-to-trinh-cap-xa/",
    }
    votes = {
        (e["council"]["session"], e["council"]["yes"]) for e in manifest["nominees"]
    }
    assert votes == {(session.title, 2)}  # the commune council's vote record

    # the centre awards one of the two: the registry, and both tờ trình closed
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
    relay.refresh_from_db()
    source.refresh_from_db()
    assert relay.status == source.status == Forwarding.Status.DECIDED
    assert (source.decision_number, source.decision_date) == (
        "150/QĐ-TTg",
        dt.date(2026, 2, 10),
    )
    assert second.name in relay.note and second.name in source.note
