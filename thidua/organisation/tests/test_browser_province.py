"""A new user sets up province 08 as the README says, then its office drafts, its leader
issues and the certificates come out, with no trace of the demo's province."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from thidua.accounts.demo import PASSWORD, staff_group
from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.services import role_assign
from thidua.commendations.models import AwardType
from thidua.dossiers import services
from thidua.dossiers.models import Certificate, DossierDocument
from thidua.dossiers.tests.test_browser import _login, _post
from thidua.lib.nd30 import document_text
from thidua.lib.text import fold
from thidua.organisation.models import Signer
from thidua.people.models import Person
from thidua.units.gazetteer import REFORM_DAY
from thidua.units.models import OrgUnit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
Role = RoleAssignment.Role


def _login_as(username: str, role: str, unit: OrgUnit) -> User:
    user = User.objects.create_user(username, password=PASSWORD, full_name=username)
    user.groups.add(staff_group())
    role_assign(user=user, role=role, unit=unit, by=None)
    return user


def _approved_dossier(commune: OrgUnit, office: User, member: User) -> None:
    """A commune's proposal of a Bằng khen, through review and the province's council."""
    person = Person.objects.create(
        full_name="Ma Thị Lan", gender="female", birth_year=1985
    )
    person.positions.create(
        unit=commune, title="Chuyên viên", start_date=dt.date(2020, 1, 1)
    )
    dossier = services.dossier_create(
        unit=commune,
        type="annual",
        year=2025,
        title="Đề nghị tặng Bằng khen năm 2025",
        by=office,
    )
    services.nominee_add(
        dossier=dossier,
        kind="individual",
        person=person,
        award_type=AwardType.objects.get(code="BK_TINH"),
        justification="Thành tích nổi bật trong năm.",
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
    session = services.session_open(
        title="Phiên họp", held_on=dt.date(2025, 12, 20), dossiers=[dossier],
        members=[member], by=office,
    )  # fmt: skip
    services.ballot_cast(
        session=session,
        member=member,
        choices=dict.fromkeys(session.agenda.values_list("pk", flat=True), "yes"),
    )
    services.session_close(session=session, by=office)


def test_province_08_from_the_readme_to_a_certificate(
    live_server: Any, desktop_page: Any, screenshot: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    base, page = live_server.url, desktop_page
    # the README: setup_province 08, the first administrator, a signer, the officer's role
    call_command("setup_province", "08", stdout=io.StringIO())
    province = OrgUnit.objects.get(code="08", valid_from=None)
    Signer.objects.create(
        full_name="Nguyễn Mạnh Tuấn", title="Chủ tịch UBND tỉnh", capacity="CHỦ TỊCH",
        valid_from=dt.date(2025, 7, 1), is_head=True,
    )  # fmt: skip
    office = _login_as("vanphong", Role.PROVINCE_OFFICER, province)
    _login_as("lanhdao", Role.LEADER, province)
    member = _login_as("hoidong", Role.COUNCIL_MEMBER, province)
    commune = OrgUnit.objects.filter(parent=province, valid_from=REFORM_DAY).first()
    assert commune is not None
    _approved_dossier(commune, office, member)

    _login(page, base, "vanphong")
    page.goto(f"{base}/admin/ho-so/quyet-dinh/")
    page.get_by_role("link", name="Dự thảo quyết định").click()
    page.wait_for_load_state()
    page.get_by_label("Đề nghị tặng Bằng khen năm 2025").check()
    _post(page, "Lưu")
    decision_url = page.url
    _login(page, base, "lanhdao")
    page.goto(decision_url)
    page.fill("#id_number", "7")
    _post(page, "Ban hành quyết định")
    assert "Đã ban hành quyết định" in page.content()
    _post(page, "Tạo bằng, giấy khen (chạy nền)")
    assert page.locator("#dz-progress").inner_text().count("Hoàn tất") == 1
    screenshot(page, "province-08-decision-issued")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải quyết định (.docx)").click()
    text = document_text(Document(download.value.path()))
    certificate = Certificate.objects.get()
    with page.expect_download() as pdf:
        page.get_by_role("link", name=certificate.code).click()
    card = PdfReader(pdf.value.path()).pages[0].extract_text()
    assert "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG" in text
    assert "Tuyên Quang, ngày" in text and "Tuyên Quang, ngày" in card
    assert "Nguyễn Mạnh Tuấn" in text
    for body in (text, card, page.content()):
        assert "lai chau" not in fold(body)
