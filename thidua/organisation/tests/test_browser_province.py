"""A new user sets up province 08 as the README says (setup_province, createsuperuser, the
signer on its screen, the accounts by the import and their one-time codes), then its
office drafts, its leader issues and the certificates come out, with no trace of the
demo's province."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import Workbook
from pypdf import PdfReader

from thidua.accounts.demo import PASSWORD
from thidua.accounts.imports import COLUMNS
from thidua.accounts.models import User
from thidua.commendations.models import AwardType
from thidua.dossiers import services
from thidua.dossiers.models import Certificate, DossierDocument
from thidua.dossiers.tests.test_browser import _login, _post
from thidua.lib.nd30 import document_text
from thidua.lib.text import fold
from thidua.people.models import Person
from thidua.units.gazetteer import REFORM_DAY
from thidua.units.models import OrgUnit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# what each person chose when activating their account (the validators refuse the
# demo's password)
OWN_PASSWORD = "Hoa-ban-no-tren-nui-9"


def _login_own(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", OWN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def _accounts_sheet(path: Path, province: OrgUnit) -> None:
    """The accounts sheet an administrator fills from the downloaded template."""
    book = Workbook()
    sheet = book.active
    sheet.append([column.label for column in COLUMNS])
    for username, name, role in [
        ("vanphong", "Nguyễn Thị Hà", "Cán bộ Ban/Sở TĐKT tỉnh"),
        ("lanhdao", "Nguyễn Mạnh Tuấn", "Lãnh đạo ký quyết định"),
        ("hoidong", "Hoàng Văn Sơn", "Thành viên Hội đồng TĐKT"),
    ]:
        sheet.append([username, name, "", role, province.code, ""])
    book.save(path)


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
    live_server: Any,
    desktop_page: Any,
    screenshot: Any,
    settings: Any,
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    base, page = live_server.url, desktop_page
    # the README: setup_province 08 and the first administrator (createsuperuser) ...
    call_command("setup_province", "08", stdout=io.StringIO())
    province = OrgUnit.objects.get(code="08", valid_from=None)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", interactive=False, username="quantri",
        email="quantri@tuyenquang.gov.vn", stdout=io.StringIO(),
    )  # fmt: skip
    # ... who adds the signer under Danh mục → Người ký (the organisation's: no unit)
    _login(page, base, "quantri")
    page.goto(f"{base}/admin/signers/new/")
    page.fill("#id_full_name", "Nguyễn Mạnh Tuấn")
    page.fill("#id_title", "Chủ tịch UBND tỉnh")
    page.fill("#id_capacity", "CHỦ TỊCH")
    page.check("#id_is_head")
    page.fill("#id_valid_from", "2025-07-01")
    page.get_by_role("button", name="Tạo", exact=True).click()
    page.wait_for_load_state()
    assert "Nguyễn Mạnh Tuấn" in page.content()
    # ... and the accounts by Danh mục → Nhập tài khoản, vai trò (the Excel template)
    sheet = tmp_path / "tai-khoan.xlsx"
    _accounts_sheet(sheet, province)
    page.goto(f"{base}/admin/roles/import/")
    page.set_input_files("#id_file", str(sheet))
    _post(page, "Nhập dữ liệu")
    codes = {
        row.locator("td").nth(1).inner_text(): row.locator("code").inner_text()
        for row in page.locator("section.invitations tbody tr").all()
    }
    assert set(codes) == {"vanphong", "lanhdao", "hoidong"}, page.content()[:3000]
    # each person sets their own password with the printed code
    page.context.clear_cookies()
    for code in codes.values():
        page.goto(f"{base}/tai-khoan/kich-hoat/")
        page.fill("#id_code", code)
        page.fill("#id_password1", OWN_PASSWORD)
        page.fill("#id_password2", OWN_PASSWORD)
        _post(page, "Đặt mật khẩu")
    office, member = (
        User.objects.get(username="vanphong"),
        User.objects.get(username="hoidong"),
    )
    assert office.has_usable_password() and member.has_usable_password()
    commune = OrgUnit.objects.filter(parent=province, valid_from=REFORM_DAY).first()
    assert commune is not None
    _approved_dossier(commune, office, member)

    _login_own(page, base, "vanphong")
    page.goto(f"{base}/admin/ho-so/quyet-dinh/")
    page.get_by_role("link", name="Dự thảo quyết định").click()
    page.wait_for_load_state()
    page.get_by_label("Đề nghị tặng Bằng khen năm 2025").check()
    _post(page, "Lưu")
    decision_url = page.url
    _login_own(page, base, "lanhdao")
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
