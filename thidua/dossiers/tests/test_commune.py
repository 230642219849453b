"""A commune runs its own awards: its officer reviews, its council votes, its chair
decides; province roles neither vote nor sign there, and the award reaches the registry."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from thidua.accounts.demo import staff_group
from thidua.accounts.models import RoleAssignment, User
from thidua.commendations.models import AwardRecord, AwardType
from thidua.core.models import AuditEntry
from thidua.dossiers import access, services
from thidua.dossiers.models import Certificate, CouncilSession, Dossier
from thidua.lib.files import private_storage
from thidua.lib.nd30 import document_text
from thidua.organisation.models import Signer
from thidua.units.models import OrgUnit

from . import factories as f

Role = RoleAssignment.Role


def commune_accounts() -> OrgUnit:
    """Xã Phúc Khoa's officer, two council members and its chair (roles for the commune)."""
    commune = OrgUnit.objects.get(code="03637")
    for username, role in [
        ("xaphuckhoa", Role.UNIT_OFFICER),
        ("hdxa1", Role.COUNCIL_MEMBER),
        ("hdxa2", Role.COUNCIL_MEMBER),
        ("chutichxa", Role.LEADER),
    ]:
        account = User.objects.create_user(username, full_name=username)
        RoleAssignment.objects.create(user=account, role=role, unit=commune)
    return commune


def commune_signers(commune: OrgUnit) -> None:
    """The province's signer, and the commune's chair and vice-chair as its officer
    keeps them (Danh mục → Người ký, for the commune)."""
    Signer.objects.create(
        full_name="Giàng A Páo", title="Phó Chủ tịch UBND tỉnh",
        capacity="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", valid_from=dt.date(2016, 7, 1),
    )  # fmt: skip
    for name, title, capacity, head in [
        ("Lò Văn Thanh", "Chủ tịch UBND xã", "CHỦ TỊCH", True),
        ("Vàng A Dế", "Phó Chủ tịch UBND xã", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", False),
    ]:
        Signer.objects.create(
            unit=commune, full_name=name, title=title, capacity=capacity,
            is_head=head, valid_from=dt.date(2025, 7, 1),
        )  # fmt: skip


def commune_dossier(commune: OrgUnit, code: str = "LDTT") -> Dossier:
    """A commune dossier for its own chair's award, walked to the commune's council."""
    officer = f.user("xaphuckhoa")
    dossier = services.dossier_create(
        unit=commune,
        type="annual",
        year=f.YEAR,
        title="Đề nghị công nhận Lao động tiên tiến năm 2024",
        decider=commune,
        by=officer,
    )
    award = AwardType.objects.get(code=code)
    for person in f.people(2, commune):
        services.nominee_add(
            dossier=dossier,
            kind="individual",
            person=person,
            award_type=award,
            justification="Hoàn thành tốt nhiệm vụ, xã đề nghị.",
            by=officer,
        )
    f.attach_all(dossier, officer)
    dossier = services.dossier_submit(dossier=dossier, by=officer)
    # the commune's officer reviews its own awards; the province office does not
    reviewed = access.dossier_for_review(officer, dossier.pk)
    with pytest.raises(PermissionDenied):
        access.dossier_for_review(f.user("tinh"), dossier.pk)
    with pytest.raises(PermissionDenied):  # the old district's officer sees it, no more
        access.dossier_for_review(f.user("tanuyen"), dossier.pk)
    for nominee in reviewed.nominees.all():
        services.nominee_review(nominee=nominee, status="accepted", by=officer)
    services.dossier_accept(dossier=dossier, by=officer)
    disclosure = services.disclosure_open(
        dossier=dossier, days=5, starts_on=dt.date(2025, 12, 1), by=officer
    )
    return services.disclosure_close(
        dossier=dossier, by=officer, today=disclosure.ends_on + dt.timedelta(days=1)
    )


def test_commune_council_votes_and_chair_decides(world: Any, client: Any) -> None:
    commune = commune_accounts()
    officer, chair = f.user("xaphuckhoa"), f.user("chutichxa")
    members = [f.user("hdxa1"), f.user("hdxa2")]
    dossier = commune_dossier(commune)

    # province council members do not sit in the commune's council, nor the
    # commune's in the province's, nor a commune dossier go to the province's
    with pytest.raises(ValidationError, match="Không phải thành viên"):
        services.session_open(
            title="Phiên họp",
            held_on=dt.date(2025, 12, 10),
            dossiers=[dossier],
            members=[*members, f.user("hoidong")],
            unit=commune,
            by=officer,
        )
    province_dossier = f.dossier_to_council(1)
    with pytest.raises(ValidationError, match="Không phải thành viên"):
        services.session_open(
            title="Phiên họp",
            held_on=dt.date(2025, 12, 10),
            dossiers=[province_dossier],
            members=[members[0]],
            by=f.user("tinh"),
        )
    with pytest.raises(ValidationError, match="không thuộc thẩm quyền"):
        services.session_open(
            title="Phiên họp",
            held_on=dt.date(2025, 12, 10),
            dossiers=[dossier],
            members=[f.user("hoidong")],
            by=f.user("tinh"),
        )
    session = services.session_open(
        title="Phiên họp Hội đồng TĐKT xã",
        held_on=dt.date(2025, 12, 10),
        dossiers=[dossier],
        members=members,
        unit=commune,
        by=officer,
    )
    with pytest.raises(Http404):  # not a member: the session is not theirs to see
        access.session_for_voting(f.user("hoidong"), session.pk)
    with pytest.raises(PermissionDenied):  # sees it, neither votes nor closes it
        access.session_for_voting(f.user("tinh"), session.pk)
    with pytest.raises(PermissionDenied):
        access.session_for_managing(f.user("tinh"), session.pk)
    for member in members:
        access.session_for_voting(member, session.pk)
        services.ballot_cast(
            session=session,
            member=member,
            choices=dict.fromkeys(session.agenda.values_list("pk", flat=True), "yes"),
        )
    services.session_close(
        session=access.session_for_managing(officer, session.pk), by=officer
    )
    session.refresh_from_db()
    minutes = document_text(Document(private_storage().open(session.minutes, "rb")))
    assert "ỦY BAN NHÂN DÂN XÃ PHÚC KHOA" in minutes
    assert "Phúc Khoa, ngày 10 tháng 12 năm 2025" in minutes

    dossier.refresh_from_db()
    with pytest.raises(ValidationError, match="do Xã Phúc Khoa quyết định"):
        services.decision_draft(
            issuer=f.tan_uyen().parent,
            dossiers=[dossier],
            summary="Về việc khen thưởng",
            by=f.user("tinh"),
        )
    decision = services.decision_draft(
        issuer=commune,
        dossiers=[dossier],
        summary="Về việc công nhận danh hiệu Lao động tiên tiến năm 2024",
        year=2025,
        by=officer,
    )
    assert access.decision_for_drafting(officer, decision.pk) == decision
    with pytest.raises(PermissionDenied):  # the province's leader signs no commune's
        access.decision_for_issuing(f.user("lanhdao"), decision.pk)
    with pytest.raises(Http404):  # a commune's chair signs no province decision
        access.decision_for_issuing(chair, f.passed_dossier()[0].pk + 10_000)
    # the commune's signers (its own, kept by its officer), not the province's
    commune_signers(commune)
    with pytest.raises(ValidationError, match="không có trong danh sách người ký"):
        services.decision_issue(
            decision=access.decision_for_issuing(chair, decision.pk),
            number=12,
            date=dt.date(2025, 12, 29),
            signer_name="Giàng A Páo",  # the province's signer
            by=chair,
        )
    decision = services.decision_issue(
        decision=access.decision_for_issuing(chair, decision.pk),
        number=12,
        date=dt.date(2025, 12, 29),
        signer_name="Vàng A Dế",
        by=chair,
    )
    text = document_text(Document(private_storage().open(decision.document, "rb")))
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚC KHOA" in text
    assert "Phúc Khoa, ngày 29 tháng 12 năm 2025" in text
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text and "Vàng A Dế" in text
    assert "Giàng A Páo" not in text
    run = services.certificates_start(
        decision=access.decision_for_certificates(officer, decision.pk), by=officer
    )
    run.refresh_from_db()
    assert run.status == "done", run.error
    certificate = Certificate.objects.filter(item__decision=decision).first()
    assert certificate is not None
    card = PdfReader(certificate.pdf.open("rb")).pages[0].extract_text()
    assert "Phúc Khoa, ngày 29 tháng 12 năm 2025" in card
    assert "PHÓ CHỦ TỊCH" in card and "Vàng A Dế" in card
    assert "Giàng A Páo" not in card

    # the award is in the province's registry, seen by the province office
    records = AwardRecord.objects.filter(source_decision_id=decision.pk)
    assert records.count() == 2
    assert {r.decision_issuer for r in records} == {"ỦY BAN NHÂN DÂN XÃ PHÚC KHOA"}
    client.force_login(f.user("tinh"))
    page = client.get(
        reverse("commendations:registry-list", args=["awards"]), {"q": ""}
    ).content.decode()
    for record in records:
        assert record.person is not None and record.person.full_name in page
    assert "12/QĐ-UBND" in page


def test_commune_scoped_roles_are_not_province_wide(world: Any) -> None:
    commune = commune_accounts()
    chair, member = f.user("chutichxa"), f.user("hdxa1")
    province_dossier, _ = f.passed_dossier()
    # neither the commune's chair nor its council member reads the province's queue
    assert not access.dossiers_for_user(chair).filter(pk=province_dossier.pk).exists()
    assert not access.dossiers_for_user(member).filter(pk=province_dossier.pk).exists()
    assert not access.can_run_councils(chair)
    # the commune's officer runs its council; the old district's officer does not
    assert access.council_for(f.user("xaphuckhoa")) == commune
    with pytest.raises(PermissionDenied):
        access.council_for(f.user("tanuyen"))
    with pytest.raises(ValidationError, match="chỉ xét, quyết định"):
        services.dossier_create(
            unit=f.tan_uyen(),
            type="annual",
            year=f.YEAR,
            title="Hồ sơ",
            decider=commune,
            by=f.user("tanuyen"),
        )


def test_a_communes_officer_keeps_its_own_signers_only(world: Any, client: Any) -> None:
    commune = commune_accounts()
    commune_signers(commune)
    other = OrgUnit.objects.create(
        code="03640", name="Xã Mường Khoa", kind="commune", parent=commune.parent
    )
    province_signer = Signer.objects.get(full_name="Giàng A Páo")
    for username in ("xaphuckhoa", "chutichxa"):
        f.user(username).groups.add(staff_group())
    client.force_login(f.user("xaphuckhoa"))
    page = client.get("/admin/signers/").content.decode()
    assert "Lò Văn Thanh" in page and "Vàng A Dế" in page
    assert "Giàng A Páo" not in page
    for url in ("edit", "delete", "history"):
        response = client.get(f"/admin/signers/{url}/{province_signer.pk}/")
        assert response.status_code == 404, url
    form = client.get("/admin/signers/new/").content.decode()
    assert "Xã Phúc Khoa" in form and "Xã Mường Khoa" not in form
    data = {
        "full_name": "Tòng Văn Hưng",
        "title": "Phó Chủ tịch UBND xã",
        "capacity": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "valid_from": "2025-07-01",
    }
    refused = client.post("/admin/signers/new/", {**data, "unit": other.pk})
    assert refused.status_code == 200
    assert not Signer.objects.filter(full_name="Tòng Văn Hưng").exists()
    added = client.post("/admin/signers/new/", {**data, "unit": commune.pk})
    assert added.status_code == 302, added.content.decode()[:2000]
    signer = Signer.objects.get(full_name="Tòng Văn Hưng")
    assert signer.unit == commune
    entry = AuditEntry.objects.get(model="signer", object_id=str(signer.pk))
    assert entry.actor == f.user("xaphuckhoa")
    # the commune's chair and council members keep no signers; the office keeps all
    client.force_login(f.user("chutichxa"))
    assert client.get("/admin/signers/").status_code == 302
    client.force_login(f.user("tinh"))
    page = client.get("/admin/signers/").content.decode()
    assert "Giàng A Páo" in page and "Tòng Văn Hưng" in page


def _value(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found is not None, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def test_a_communes_screens_read_its_own_council_and_forms(
    world: Any, client: Any
) -> None:
    commune = commune_accounts()
    for username in ("xaphuckhoa", "tinh"):
        f.user(username).groups.add(staff_group())
    client.force_login(f.user("xaphuckhoa"))
    draft = services.dossier_create(
        unit=commune, type="annual", year=f.YEAR, title="Hồ sơ của xã",
        decider=commune, by=f.user("xaphuckhoa"),
    )  # fmt: skip
    page = client.get(reverse("dossiers:dossier-detail", args=[draft.pk])).content
    assert "Gửi hồ sơ tới Hội đồng Thi đua – Khen thưởng xã Phúc Khoa" in page.decode()

    # the commune council's form: the commune's forms and their thresholds, in force
    dossier = commune_dossier(commune)
    form = client.get(reverse("dossiers:session-create")).content.decode()
    for name in ("Giấy khen", "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở",
                 "Tập thể lao động tiên tiến", "Thôn, tổ dân phố văn hóa"):  # fmt: skip
        assert f"Tỷ lệ đồng ý: {name} (%)" in form, name
    assert _value(form, "threshold_CSTDCS") == "80"
    for name in ("Bằng khen", "Chiến sĩ thi đua cấp tỉnh", "toàn quốc", "Cờ thi đua"):
        assert f"Tỷ lệ đồng ý: {name}" not in form, name
    response = client.post(
        reverse("dossiers:session-create"),
        {
            "title": "Phiên họp Hội đồng TĐKT xã",
            "held_on": "2025-12-10",
            "dossiers": [dossier.pk],
            "members": [f.user("hdxa1").pk, f.user("hdxa2").pk],
            **{
                name: _value(form, name)
                for name in re.findall(r'name="(threshold_\w+)"', form)
            },
            "quorum_percent": "70",
            "default_threshold": "50",
            "threshold_LDTT": "60",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session = CouncilSession.objects.get(unit=commune)
    assert session.thresholds["LDTT"] == 60 and session.quorum_percent == 70

    # the province office's form: the organisation's forms, not the commune's
    client.force_login(f.user("tinh"))
    form = client.get(reverse("dossiers:session-create")).content.decode()
    assert _value(form, "threshold_CSTD_TINH") == "90"
    assert "Tỷ lệ đồng ý: Bằng khen của Chủ tịch UBND tỉnh (%)" in form
    assert "Tỷ lệ đồng ý: Lao động tiên tiến" not in form
    province_dossier = f.dossier_to_council(1)
    page = client.get(reverse("dossiers:dossier-detail", args=[province_dossier.pk]))
    assert "Hội đồng Thi đua – Khen thưởng xã" not in page.content.decode()
