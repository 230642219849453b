"""Walk one dossier from a unit to an issued decision, its files read back as text."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.services import role_assign
from thidua.commendations.models import AwardType
from thidua.dossiers import documents, services
from thidua.dossiers.models import Certificate, Decision, DossierDocument
from thidua.lib.files import private_storage
from thidua.lib.nd30 import document_text
from thidua.people.models import Person
from thidua.units.models import OrgUnit


def account(username: str, role: str, unit: OrgUnit | None) -> User:
    user = User.objects.create_user(username, full_name=username)
    role_assign(user=user, role=role, unit=unit, by=None)
    return user


def issue(
    *,
    unit: OrgUnit,
    issuer: OrgUnit,
    code: str,
    office: User,
    leader: User,
    signer: str,
    capacity: str = "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
) -> tuple[Decision, dict[str, str]]:
    """Two people of `unit` proposed for `code`, passed, decided by `issuer`."""
    people = []
    for name in ("Hoàng Văn Bình", "Ma Thị Lan"):
        person = Person.objects.create(full_name=name, gender="male", birth_year=1985)
        person.positions.create(
            unit=unit, title="Chuyên viên", start_date=dt.date(2020, 1, 1)
        )
        people.append(person)
    # a commune's own awards go through the commune's own council
    own = issuer if issuer.kind in OrgUnit.COMMUNE_LEVEL else None
    dossier = services.dossier_create(
        unit=unit,
        type="annual",
        year=2025,
        title="Đề nghị khen thưởng năm 2025",
        by=office,
        decider=own,
    )
    award = AwardType.objects.get(code=code)
    for person in people:
        services.nominee_add(
            dossier=dossier,
            kind="individual",
            person=person,
            award_type=award,
            justification="Thành tích nổi bật trong năm, đơn vị đề nghị.",
            achievement="Hoàn thành xuất sắc nhiệm vụ được giao.",
            by=office,
        )
    for kind in DossierDocument.Kind.values:
        if kind != "other":
            services.document_attach(
                dossier=dossier,
                kind=kind,
                filename=f"{kind}.pdf",
                data=b"%PDF-1.4",
                by=office,
            )
    dossier = services.dossier_submit(dossier=dossier, by=office)
    for nominee in dossier.nominees.all():
        services.nominee_review(nominee=nominee, status="accepted", by=office)
    dossier = services.dossier_accept(dossier=dossier, by=office)
    disclosure = services.disclosure_open(
        dossier=dossier, days=5, starts_on=dt.date(2025, 12, 1), by=office
    )
    dossier = services.disclosure_close(
        dossier=dossier, by=office, today=disclosure.ends_on + dt.timedelta(days=1)
    )
    member = account(f"hoidong-{issuer.pk}", RoleAssignment.Role.COUNCIL_MEMBER, issuer)
    session = services.session_open(
        title="Phiên họp Hội đồng",
        held_on=dt.date(2025, 12, 20),
        dossiers=[dossier],
        members=[member],
        unit=own,
        by=office,
    )
    services.ballot_cast(
        session=session,
        member=member,
        choices=dict.fromkeys(session.agenda.values_list("pk", flat=True), "yes"),
    )
    services.session_close(session=session, by=office)
    dossier.refresh_from_db()
    decision = services.decision_draft(
        issuer=issuer,
        dossiers=[dossier],
        summary=f"Về việc tặng {award.name}",
        reason="hoàn thành xuất sắc nhiệm vụ năm 2025",
        signature_capacity=capacity,
        year=2025,
        by=office,
    )
    decision = services.decision_issue(
        decision=decision,
        number=7,
        date=dt.date(2025, 12, 29),
        signer_name=signer,
        by=leader,
    )
    session.refresh_from_db()
    run = services.certificates_start(decision=decision, by=office)
    run.refresh_from_db()
    assert run.status == "done", run.error if hasattr(run, "error") else run.status
    certificate = Certificate.objects.filter(item__decision=decision).first()
    workbook = load_workbook(io.BytesIO(documents.money_table_xlsx(decision)))
    return decision, {
        "decision": document_text(
            Document(private_storage().open(decision.document, "rb"))
        ),
        "minutes": document_text(
            Document(private_storage().open(session.minutes, "rb"))
        ),
        "money": "\n".join(
            str(cell)
            for row in workbook.active.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        ),
        "certificate": PdfReader(certificate.pdf.open("rb")).pages[0].extract_text(),
    }
