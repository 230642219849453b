"""The whole path through the services, with every refusal the issue names."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua.commendations.models import AwardRecord, AwardType
from thidua.core.models import AuditEntry
from thidua.dossiers import documents, services
from thidua.dossiers.models import (
    BallotCount,
    BallotReceipt,
    Certificate,
    CouncilSession,
    Decision,
    Dossier,
    DossierDocument,
    PublicFeedback,
)
from thidua.dossiers.public import latest_disclosures
from thidua.lib.files import private_storage
from thidua.lib.nd30 import document_text

from . import factories as f

pytestmark = pytest.mark.django_db


def test_submit_refused_until_required_documents_are_attached(world):
    officer = f.user("tanuyen")
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2024, title="Đề nghị CSTĐ", by=officer
    )
    with pytest.raises(ValidationError, match="chưa có người"):
        services.dossier_submit(dossier=dossier, by=officer)
    f.nominate(dossier, f.people(1), code="CSTDCS")
    for kind in ("proposal", "report", "minutes"):
        services.document_attach(
            dossier=dossier, kind=kind, filename="a.pdf", data=b"%PDF-1.4 x", by=officer
        )
    # CSTĐCS needs the initiative confirmation too (Law 2022 Art. 84)
    with pytest.raises(ValidationError, match="Xác nhận sáng kiến"):
        services.dossier_submit(dossier=dossier, by=officer)
    assert Dossier.objects.get(pk=dossier.pk).status == "draft"
    services.document_attach(
        dossier=dossier,
        kind="initiative",
        filename="b.pdf",
        data=b"%PDF-1.4 x",
        by=officer,
    )
    assert services.dossier_submit(dossier=dossier, by=officer).status == "submitted"


def test_ineligible_nominee_needs_a_justification(world):
    officer = f.user("tanuyen")
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2024, title="BK", by=officer
    )
    person = f.people(1)[0]
    award = AwardType.objects.get(code="BK_TINH")
    with pytest.raises(ValidationError) as exc:
        services.nominee_add(
            dossier=dossier,
            kind="individual",
            person=person,
            award_type=award,
            by=officer,
        )
    assert "giải trình" in str(exc.value)
    nominee = services.nominee_add(
        dossier=dossier,
        kind="individual",
        person=person,
        award_type=award,
        justification="Có thành tích đột xuất trong phòng chống thiên tai.",
        by=officer,
    )
    assert nominee.eligible is False
    assert nominee.eligibility["code"] == "BK_TINH"
    assert nominee.eligibility["basis"]


def test_return_and_resubmit_keep_the_comments(world):
    officer, office = f.user("tanuyen"), f.user("tinh")
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2024, title="BK", by=officer
    )
    first, second = f.nominate(dossier, f.people(2))
    f.attach_all(dossier, officer)
    services.dossier_submit(dossier=dossier, by=officer)
    services.nominee_review(nominee=first, status="accepted", by=office)
    with pytest.raises(ValidationError, match="ý kiến"):
        services.nominee_review(nominee=second, status="returned", by=office)
    services.nominee_review(
        nominee=second, status="returned", comment="Bổ sung báo cáo", by=office
    )
    with pytest.raises(ValidationError, match="chưa thẩm định"):
        services.dossier_accept(dossier=dossier, by=office)
    dossier = services.dossier_return(
        dossier=dossier, comment="Bổ sung báo cáo thành tích", by=office
    )
    assert dossier.status == "returned"
    assert dossier.review_comment == "Bổ sung báo cáo thành tích"
    dossier = services.dossier_submit(dossier=dossier, by=officer)
    second.refresh_from_db()
    assert second.review_status == "pending"
    assert second.review_comment == "Bổ sung báo cáo"
    events = AuditEntry.objects.filter(
        model="dossier", object_id=str(dossier.pk), action="event"
    ).values_list("message", flat=True)
    assert "Gửi lại hồ sơ đã bổ sung" in list(events)


def test_the_whole_path_to_certificates_and_revocation(world, client):
    office, leader = f.user("tinh"), f.user("lanhdao")
    dossier = f.dossier_to_council(3)
    assert dossier.status == "awaiting_council"

    # council: two members, secret ballot
    m1, m2 = f.user("hoidong"), f.council_member("hoidong2")
    session = services.session_open(
        title="Phiên họp tháng 1/2025",
        held_on=dt.date(2025, 1, 20),
        dossiers=[dossier],
        members=[m1, m2],
        by=office,
        # a Bằng khen has no threshold in the rule set (research sheet §4.5): the
        # session sets the province's own
        thresholds={"BK_TINH": 80},
    )
    assert session.thresholds["CSTD_TQ"] == 90  # NĐ 98/2023 Art. 30(7), by default
    assert session.quorum_percent == Decimal("66.67")
    agenda = list(session.agenda.order_by("pk"))
    with pytest.raises(ValidationError, match="đủ mọi trường hợp"):
        services.ballot_cast(session=session, member=m1, choices={agenda[0].pk: "yes"})
    services.ballot_cast(
        session=session, member=m1, choices={n.pk: "yes" for n in agenda}
    )
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.ballot_cast(
            session=session, member=m1, choices={n.pk: "no" for n in agenda}
        )
    with pytest.raises(ValidationError, match="không phải thành viên"):
        services.ballot_cast(
            session=session, member=office, choices={n.pk: "yes" for n in agenda}
        )
    with pytest.raises(ValidationError, match="Chưa đủ số thành viên"):
        services.session_close(session=session, by=office)  # 1/2 < 66,67%
    last = agenda[-1].pk
    services.ballot_cast(
        session=session,
        member=m2,
        choices={n.pk: ("no" if n.pk == last else "yes") for n in agenda},
    )
    # who voted is recorded, how is not linked to anyone
    assert BallotReceipt.objects.filter(session=session).count() == 2
    assert BallotCount.objects.filter(session=session).count() == len(agenda)
    assert not AuditEntry.objects.filter(model="ballotcount").exists()
    results = services.session_close(session=session, by=office)
    assert [r.passed for r in sorted(results, key=lambda r: r.nominee_id)] == [
        True,
        True,
        False,  # 1 of 2 = 50% < the 80% this session set for a Bằng khen
    ]
    with pytest.raises(ValidationError, match="không mở"):
        services.ballot_cast(
            session=session, member=m2, choices={n.pk: "yes" for n in agenda}
        )
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.CLOSED
    minutes = document_text(Document(private_storage().open(session.minutes, "rb")))
    assert "BIÊN BẢN" in minutes
    assert "bỏ phiếu kín" in minutes
    assert "Không đạt" in minutes and "100%" in minutes

    # decision: drafted, refused reused number, issued, frozen
    decision = services.decision_draft(
        issuer=world,
        dossiers=[Dossier.objects.get(pk=dossier.pk)],
        summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        reason="hoàn thành xuất sắc nhiệm vụ năm 2024",
        signature_capacity="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        by=office,
    )
    assert decision.items.count() == 2
    draft = document_text(Document(io.BytesIO(documents.decision_docx(decision))))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in draft
    assert "Độc lập - Tự do - Hạnh phúc" in draft
    assert "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" in draft
    assert "Số:        /QĐ-UBND" in draft
    assert "Căn cứ Luật Thi đua, khen thưởng" in draft
    assert "PHỤ LỤC: DANH SÁCH KHEN THƯỞNG" in draft
    assert "BẢNG TỔNG HỢP TIỀN THƯỞNG" in draft
    assert "Nơi nhận:" in draft and "PHÓ CHỦ TỊCH" in draft
    other = Decision.objects.create(
        issuer=world,
        issuer_name="ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
        authority="CHỦ TỊCH",
        year=2025,
        number=15,
        date=dt.date(2025, 2, 1),
        summary="Quyết định khác",
        grounds="Căn cứ",
        signer_name="Người ký",
        status="issued",
    )
    with pytest.raises(ValidationError, match="đã dùng"):
        services.decision_issue(
            decision=decision,
            number=15,
            date=dt.date(2025, 8, 4),
            signer_name="Giàng A Páo",
            by=leader,
        )
    decision.refresh_from_db()
    assert decision.status == "draft" and decision.number is None
    decision = services.decision_issue(
        decision=decision,
        number=16,
        date=dt.date(2025, 8, 4),
        signer_name="Giàng A Páo",
        by=leader,
    )
    assert decision.reference == "16/QĐ-UBND"
    issued = document_text(Document(private_storage().open(decision.document, "rb")))
    assert "Số: 16/QĐ-UBND" in issued
    assert "Lai Châu, ngày 04 tháng 8 năm 2025" in issued
    assert "Giàng A Páo" in issued
    assert "3.510.000" in issued  # NĐ 152/2025: 1.5 × 2,340,000 on the decision date

    # the awards entered the registry
    records = AwardRecord.objects.filter(source_decision_id=decision.pk)
    assert records.count() == 2
    assert {r.decision_number for r in records} == {"16/QĐ-UBND"}
    assert Dossier.objects.get(pk=dossier.pk).status == "decided"

    # nothing changes after issue: service, model save, item save, deletes
    with pytest.raises(ValidationError):
        services.decision_update(decision=decision, summary="khác", by=office)
    fresh = Decision.objects.get(pk=decision.pk)
    fresh.summary = "Sửa lén"
    with pytest.raises(ValidationError):
        fresh.save()
    with pytest.raises(ValidationError):
        fresh.delete()
    item = decision.items.first()
    item.amount = 1
    with pytest.raises(ValidationError):
        item.save()
    with pytest.raises(ValidationError):
        item.delete()
    item.refresh_from_db()
    assert item.amount == 3510000
    with pytest.raises(ValidationError):
        other.delete()
    assert Decision.objects.get(pk=decision.pk).summary.startswith("Về việc tặng")

    # money table
    wb = load_workbook(io.BytesIO(documents.money_table_xlsx(decision)))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "BẢNG TIỀN THƯỞNG - QUYẾT ĐỊNH SỐ 16/QĐ-UBND"
    assert rows[2][:2] == ("STT", "Họ và tên, tên tập thể")
    assert [r[5] for r in rows[3:5]] == [3510000, 3510000]
    assert rows[-1][1] == "Tổng cộng" and rows[-1][5] == 7020000

    # certificates (ImmediateBackend runs the task at once)
    run = services.certificates_start(decision=decision, by=office)
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == ("done", 2, 2)
    certificate = Certificate.objects.get(item=item)
    reader = PdfReader(certificate.pdf.open("rb"))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert round(float(page.mediabox.width)) == 842  # A4
    text = page.extract_text()
    assert "BẰNG KHEN" in text
    assert item.name in text
    assert "16/QĐ-UBND" in text
    assert certificate.code in text
    fonts = {
        str(font["/BaseFont"])
        for font in (obj.get_object() for obj in page["/Resources"]["/Font"].values())
    }
    assert fonts and all("Cert-Serif" in name for name in fonts)  # our @font-face
    descendants = [
        page["/Resources"]["/Font"][k].get_object() for k in page["/Resources"]["/Font"]
    ]
    assert all(
        "/FontFile2" in d["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for d in descendants
    )  # embedded, not referenced
    # running again does not duplicate
    services.certificates_generate(run=run)
    assert Certificate.objects.filter(item__decision=decision).count() == 2

    response = client.get(f"/xac-minh/{certificate.code}/")
    assert response.status_code == 200
    assert "hợp lệ" in response.content.decode()
    assert client.get("/xac-minh/KHONGCO/").status_code == 404
    _private_files_are_refused_to_others(client, dossier, session, decision, item)

    # revocation: a new decision, money to recover, registry updated
    with pytest.raises(ValidationError, match="từ 0 đến"):
        services.decision_draft_correction(
            target=decision,
            kind="revoke",
            reason="Khai man thành tích",
            revoke=[(item, item.amount + 1)],
            by=office,
        )
    revoking = services.decision_draft_correction(
        target=decision,
        kind="revoke",
        reason="Khai man thành tích",
        revoke=[(item, 3510000)],
        by=office,
    )
    revoking = services.decision_issue(
        decision=revoking,
        number=17,
        date=dt.date(2025, 9, 1),
        signer_name="Giàng A Páo",
        by=leader,
    )
    text = document_text(Document(private_storage().open(revoking.document, "rb")))
    assert "Hủy bỏ khen thưởng tại Quyết định số 16/QĐ-UBND" in text
    assert "3.510.000 đồng" in text
    revoked = AwardRecord.objects.get(
        source_decision_id=decision.pk, person=item.person
    )
    assert revoked.revoked_on == dt.date(2025, 9, 1)
    page_text = client.get(f"/xac-minh/{certificate.code}/").content.decode()
    assert "ĐÃ BỊ HỦY BỎ" in page_text and "17/QĐ-UBND" in page_text


def test_disclosure_feedback_is_moderated_and_contact_stays_private(world, client):
    office, officer = f.user("tinh"), f.user("tanuyen")
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2024, title="BK", by=officer
    )
    (nominee,) = f.nominate(dossier, f.people(1))
    f.attach_all(dossier, officer)
    services.dossier_submit(dossier=dossier, by=officer)
    services.nominee_review(nominee=nominee, status="accepted", by=office)
    services.dossier_accept(dossier=dossier, by=office)
    disclosure = services.disclosure_open(dossier=dossier, days=10, by=office)
    assert (disclosure.ends_on - disclosure.starts_on).days == 9

    url = f"/cong-khai/{nominee.pk}/"
    assert nominee.name in client.get("/cong-khai/").content.decode()
    (latest,) = latest_disclosures(5)
    assert latest["url"] == url and latest["date"] == disclosure.starts_on
    bad = client.post(url, {"author": "", "contact": "1", "content": "ngắn"})
    assert bad.status_code == 422
    assert "Vui lòng ghi họ tên" in bad.content.decode()
    ok = client.post(
        url,
        {
            "author": "Lò Văn Pản",
            "contact": "0912 345 678",
            "content": "Tôi xác nhận anh chị có nhiều đóng góp cho bản.",
        },
    )
    assert ok.status_code == 302
    feedback = PublicFeedback.objects.get(nominee=nominee)
    assert feedback.status == "pending"
    assert "nhiều đóng góp" not in client.get(url).content.decode()  # not yet moderated
    with pytest.raises(ValidationError, match="chưa kiểm duyệt"):
        services.disclosure_close(
            dossier=dossier, by=office, today=disclosure.ends_on + dt.timedelta(days=1)
        )
    services.feedback_moderate(feedback=feedback, status="published", by=office)
    page = client.get(url).content.decode()
    assert "nhiều đóng góp" in page and "Lò Văn Pản" in page
    assert "0912 345 678" not in page
    with pytest.raises(ValidationError, match="Chưa hết thời gian"):
        services.disclosure_close(dossier=dossier, by=office, today=disclosure.ends_on)
    dossier = services.disclosure_close(
        dossier=dossier, by=office, today=disclosure.ends_on + dt.timedelta(days=1)
    )
    assert dossier.status == "awaiting_council"
    assert client.get(url).status_code == 404  # no longer disclosed
    assert DossierDocument.objects.filter(dossier=dossier).count() == 4


def test_an_award_already_in_the_registry_is_not_proposed_again(world):
    """Issue 10 point 6: LĐTT 2024 already recorded by QĐ 314 was accepted into a
    dossier as "Đủ điều kiện"; the engine says "Đã được tặng" and the dossier refuses."""
    from thidua.commendations import services as commendations
    from thidua.commendations.models import AnnualRating

    officer = f.user("tanuyen")
    person = f.people(1)[0]
    AnnualRating.objects.create(person=person, year=2024, rating="HTT")
    commendations.award_record_create(
        award_type="LDTT",
        year=2024,
        person=person,
        decision_number="314/QĐ-UBND",
        decision_date=dt.date(2025, 1, 15),
        decision_issuer="Chủ tịch UBND huyện Tân Uyên",
    )
    (ldtt,) = [
        v for v in commendations.evaluate_person(person, 2024) if v.code == "LDTT"
    ]
    assert (ldtt.eligible, ldtt.status_label) == (False, "Đã được tặng")
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2024, title="LĐTT 2024", by=officer
    )
    award = AwardType.objects.get(code="LDTT")
    assert not services.nominee_suggestions(dossier=dossier, award_type=award)
    with pytest.raises(ValidationError) as exc:
        services.nominee_add(
            dossier=dossier,
            kind="individual",
            person=person,
            award_type=award,
            justification="Đề nghị lại",
            by=officer,
        )
    assert "Quyết định số 314/QĐ-UBND ngày 15 tháng 01 năm 2025" in str(exc.value)
    assert not dossier.nominees.exists()


def _private_files_are_refused_to_others(client, dossier, session, decision, item):
    """Issue 11, finding 2: every private file kind lies outside MEDIA_ROOT under a
    random name; anonymous visitors and another unit's officer get nothing, the
    owner a download."""
    document = dossier.documents.first()
    certificate = Certificate.objects.get(item=item)
    names = [document.file.name, certificate.pdf.name, session.minutes]
    names.append(decision.document)
    media = Path(settings.MEDIA_ROOT).resolve()
    for name in names:
        path = Path(private_storage().path(name)).resolve()
        assert path.exists() and media not in path.parents, name
    # a random directory per file, not a counter ("bien-ban-phien-hop-1.docx")
    assert all(len(name.split("/")[-2]) >= 20 for name in names[:3])
    urls = {
        "dossiers:document-download": (dossier.pk, document.pk),
        "dossiers:session-minutes": (session.pk,),
        "dossiers:decision-docx": (decision.pk,),
        "dossiers:certificate-pdf": (decision.pk, item.pk),
    }
    owners = {
        "dossiers:document-download": "tanuyen",
        "dossiers:session-minutes": "tinh",
        "dossiers:decision-docx": "tinh",
        "dossiers:certificate-pdf": "tinh",
    }
    for name, args in urls.items():
        url = reverse(name, args=args)
        client.logout()
        assert client.get(url).status_code in (302, 403, 404), url  # to the login
        client.force_login(f.user("sinho"))  # another district's officer
        assert client.get(url).status_code in (403, 404), url
        client.force_login(f.user(owners[name]))
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;"), url
        assert response["X-Content-Type-Options"] == "nosniff"
        with override_settings(PRIVATE_MEDIA_ACCEL="/_private/"):
            accel = client.get(url)
        assert accel["X-Accel-Redirect"].startswith("/_private/dossiers/"), url
        assert accel.content == b""
        assert accel["Content-Disposition"].startswith("attachment;")
