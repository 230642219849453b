"""Commune → province works as province → State: the commune's council passed a
Bằng khen its chair cannot give; the commune's officer packages it for the province,
sends it, and records the province's decision, which enters the registry."""

from __future__ import annotations

import datetime as dt
import io
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
from thidua.forwarding.models import Forwarding
from thidua.forwarding.package import province_authority
from thidua.lib.nd30 import document_text

pytestmark = pytest.mark.django_db


def test_a_commune_sends_its_bang_khen_proposal_to_the_province(
    world: Any, client: Any
) -> None:
    commune = commune_accounts()
    officer = f.user("xaphuckhoa")
    officer.groups.add(staff_group())  # opens the back office
    dossier = commune_dossier(commune, code="BK_TINH")
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
    # the commune's chair does not decide a provincial Bằng khen
    with pytest.raises(ValidationError, match="Không có trường hợp nào"):
        services.decision_draft(
            issuer=commune, dossiers=[dossier], summary="x", by=officer
        )

    client.force_login(officer)
    prepare = reverse("forwardings:prepare", args=[dossier.pk])
    assert prepare in client.get(reverse("forwardings:index")).content.decode()
    nominees = list(dossier.nominees.order_by("pk"))
    client.post(prepare, {"nominees": [n.pk for n in nominees]})
    fw = Forwarding.objects.get()
    assert fw.upper_body == province_authority()
    assert fw.upper_body.startswith("Chủ tịch Ủy ban nhân dân tỉnh ")

    # the province office sees it but the commune's officer acts on it
    client.force_login(f.user("tinh"))
    send = reverse("forwardings:send", args=[fw.pk])
    form = {"number": "12", "sent_on": "15/12/2025"}
    assert client.post(send, form).status_code == 403
    client.force_login(officer)
    client.post(
        send,
        {
            **form,
            "signature_capacity": "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH",
            "signer_name": "Vàng A Dế",
        },
    )
    fw.refresh_from_db()
    assert fw.status == Forwarding.Status.SENT and fw.due_on is not None

    response = client.get(reverse("forwardings:package", args=[fw.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    proposal = document_text(Document(io.BytesIO(archive.read("01-to-trinh.docx"))))
    assert "ỦY BAN NHÂN DÂN XÃ PHÚC KHOA" in proposal
    assert "Phúc Khoa, ngày 15 tháng 12 năm 2025" in proposal
    assert f"Kính gửi: {fw.upper_body}." in proposal
    assert "Vàng A Dế" in proposal and "Ủy ban nhân dân xã Phúc Khoa" in proposal
    assert "Số: 12/TTr-UBND" in proposal  # the commune's people's committee's symbol

    client.post(
        reverse("forwardings:decide", args=[fw.pk]),
        {
            "decision_number": "88/QĐ-UBND",
            "decision_date": "30/12/2025",
            "decision_issuer": "Chủ tịch UBND tỉnh",
            "awarded": [nominees[0].pk],
        },
    )
    fw.refresh_from_db()
    assert fw.status == Forwarding.Status.DECIDED
    assert nominees[1].name in fw.note  # not awarded, noted
    (record,) = AwardRecord.objects.filter(decision_number="88/QĐ-UBND")
    assert (record.person_id, record.award_type.code) == (
        nominees[0].person_id,
        "BK_TINH",
    )
