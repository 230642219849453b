"""Amending an issued decision: a new decision whose items replace the original's."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from thidua.commendations.models import AwardRecord, AwardType
from thidua.dossiers import services
from thidua.dossiers.models import Certificate, CertificateRun, Decision
from thidua.lib.files import private_storage
from thidua.lib.nd30 import document_text

from . import factories as f

pytestmark = pytest.mark.django_db


def _issued(world, number: int = 16) -> Decision:
    office, leader = f.user("tinh"), f.user("lanhdao")
    dossier = f.dossier_to_council(2)
    members = [f.council_member("hd1")]
    session = services.session_open(
        title="Phiên họp",
        held_on=dt.date(2025, 2, 1),
        dossiers=[dossier],
        members=members,
        by=office,
    )
    agenda = session.agenda.values_list("pk", flat=True)
    services.ballot_cast(
        session=session, member=members[0], choices=dict.fromkeys(agenda, "yes")
    )
    services.session_close(session=session, by=office)
    dossier.refresh_from_db()
    decision = services.decision_draft(
        issuer=world,
        dossiers=[dossier],
        summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        by=office,
    )
    return services.decision_issue(
        decision=decision,
        number=number,
        date=dt.date(2025, 8, 4),
        signer_name="Giàng A Páo",
        by=leader,
    )


def test_amendment_replaces_items_and_the_registry_follows(world, client):
    office, leader = f.user("tinh"), f.user("lanhdao")
    original = _issued(world)
    first, second = original.items.order_by("position")
    run = CertificateRun.objects.create(decision=original, total=2)
    services.certificates_generate(run=run)
    old_code = Certificate.objects.get(item=first).code
    gk = AwardType.objects.get(code="GK")

    with pytest.raises(ValidationError, match="không khác bản gốc"):
        services.decision_draft_correction(
            target=original,
            kind="amend",
            reason="Đính chính",
            amend=[services.Amendment(item=first, name=first.name)],
            by=office,
        )
    with pytest.raises(ValidationError, match="Chọn người"):
        services.decision_draft_correction(
            target=original, kind="amend", reason="Đính chính", by=office
        )
    amending = services.decision_draft_correction(
        target=original,
        kind="amend",
        reason="Ghi nhầm họ tên và hình thức khen thưởng",
        amend=[
            services.Amendment(item=first, name="Lò Văn Mới", award_type=gk),
        ],
        by=office,
    )
    (replacement,) = amending.items.all()
    assert replacement.replaces == first and replacement.name == "Lò Văn Mới"
    # a Giấy khen pays less than the Bằng khen already paid: the difference is recovered
    assert replacement.amount == 0 and replacement.recover_amount > 0
    # nothing in the registry changes before the amendment is signed
    assert (
        AwardRecord.objects.filter(
            source_decision_id=original.pk, revoked_on__isnull=True
        ).count()
        == 2
    )

    amending = services.decision_issue(
        decision=amending,
        number=30,
        date=dt.date(2025, 9, 10),
        signer_name="Giàng A Páo",
        by=leader,
    )
    # the original decision and its items are untouched
    original.refresh_from_db()
    first.refresh_from_db()
    assert original.is_issued and first.award_type.code == "BK_TINH"
    assert first.correction().decision == amending
    assert second.correction() is None
    # the registry follows: the old entry leaves (dated), the corrected one enters
    old = AwardRecord.objects.get(source_decision_id=original.pk, person=first.person)
    assert old.revoked_on == dt.date(2025, 9, 10)
    new = AwardRecord.objects.get(source_decision_id=amending.pk)
    assert new.award_type == gk and new.person == first.person
    assert new.decision_number == "16/QĐ-UBND, sửa đổi bởi 30/QĐ-UBND"
    assert new.decision_date == dt.date(2025, 8, 4) and new.revoked_on is None
    assert (
        AwardRecord.objects.filter(
            source_decision_id=original.pk, revoked_on__isnull=True
        ).count()
        == 1
    )

    text = document_text(Document(private_storage().open(amending.document, "rb")))
    assert "Sửa đổi Phụ lục kèm theo Quyết định số 16/QĐ-UBND" in text
    assert "PHỤ LỤC: DANH SÁCH SỬA ĐỔI" in text
    assert "Lò Văn Mới" in text and first.name in text
    assert "thu hồi" in text

    # the original shows what amended it, in the admin and on the portal
    client.force_login(office)
    page = client.get(f"/admin/ho-so/quyet-dinh/{original.pk}/").content.decode()
    assert "Đã được sửa đổi bởi Quyết định số" in page and "30/QĐ-UBND" in page
    public = client.get(f"/quyet-dinh/{original.pk}/").content.decode()
    assert "đã được sửa đổi bởi Quyết định số" in public
    verify = client.get(f"/xac-minh/{old_code}/").content.decode()
    assert "đã được sửa đổi bởi Quyết định số" in verify and "Lò Văn Mới" in verify

    # the unit that proposed the award sees the amendment of its decision
    client.force_login(f.user("tanuyen"))
    assert client.get(f"/admin/ho-so/quyet-dinh/{amending.pk}/").status_code == 200

    # an amended item is not amended or revoked twice through the original
    with pytest.raises(ValidationError, match="đã được sửa đổi"):
        services.decision_draft_correction(
            target=original,
            kind="revoke",
            reason="Khai man",
            revoke=[(first, 0)],
            by=office,
        )
    # the amending decision's own items can be revoked later, and the registry follows
    revoking = services.decision_draft_correction(
        target=amending,
        kind="revoke",
        reason="Khai man thành tích",
        revoke=[(replacement, 0)],
        by=office,
    )
    services.decision_issue(
        decision=revoking,
        number=31,
        date=dt.date(2025, 10, 1),
        signer_name="Giàng A Páo",
        by=leader,
    )
    new.refresh_from_db()
    assert new.revoked_on == dt.date(2025, 10, 1)


def test_amend_view_drafts_the_amendment_and_is_refused_to_others(world, client):
    original = _issued(world)
    first = original.items.order_by("position").first()
    url = f"/admin/ho-so/quyet-dinh/{original.pk}/sua-doi/"
    form = {
        f"amend-{first.pk}": "on",
        f"name-{first.pk}": "Lò Thị Đúng",
        f"position-{first.pk}": first.position_text,
        f"award-{first.pk}": "BK_TINH",
        "reason": "Ghi nhầm họ tên",
    }
    client.force_login(f.user("lanhdao"))
    assert client.post(url, form).status_code == 403  # sees it, may not draft
    client.force_login(f.user("tinh"))
    response = client.post(url, form)
    amending = Decision.objects.get(kind="amend")
    assert response.url == f"/admin/ho-so/quyet-dinh/{amending.pk}/"
    (item,) = amending.items.all()
    assert (item.name, item.replaces_id, item.amount, item.recover_amount) == (
        "Lò Thị Đúng",
        first.pk,
        0,
        0,
    )
    draft = client.get(f"/admin/ho-so/quyet-dinh/{amending.pk}/van-ban.docx")
    text = document_text(Document(io.BytesIO(b"".join(draft.streaming_content))))
    assert "Lò Thị Đúng" in text and "Nay sửa đổi thành" in text
