"""A commune's own award walked in the admin: the commune's officer, council and chair;
the province's officer, council member and leader neither vote nor sign, and then
find the award in the registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from thidua.accounts.models import RoleAssignment, User
from thidua.dossiers.models import Certificate, Disclosure
from thidua.lib.nd30 import document_text
from thidua.units.models import OrgUnit

from . import factories as f
from .test_browser import _login, _post

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
Role = RoleAssignment.Role


def _commune_logins() -> OrgUnit:
    from thidua.accounts.demo import PASSWORD, staff_group

    commune = OrgUnit.objects.get(code="03637")
    for username, full_name, role in [
        ("xaphuckhoa", "Lường Thị Mai", Role.UNIT_OFFICER),
        ("hdxa", "Tao Văn Pọm", Role.COUNCIL_MEMBER),
        ("chutichxa", "Lò Văn Thanh", Role.LEADER),
    ]:
        account = User.objects.create_user(
            username, password=PASSWORD, full_name=full_name
        )
        account.groups.add(staff_group())
        RoleAssignment.objects.create(user=account, role=role, unit=commune)
    return commune


SHOTS = Path(__file__).resolve().parents[3] / "test-output" / "commune"


def shots(page: Any, name: str) -> None:
    """The screen on a desktop (1366×900) and a phone (390×844), for a person to see."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in {"desktop": (1366, 900), "phone": (390, 844)}.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_commune_officer_council_and_chair_in_the_admin(
    world: Any, live_server: Any, desktop_page: Any, screenshot: Any, tmp_path: Any
) -> None:
    base, page = live_server.url, desktop_page
    _commune_logins()
    person = f.people(1, OrgUnit.objects.get(code="03637"))[0]

    # the commune's officer keeps the commune's signers (Danh mục → Người ký)
    _login(page, base, "xaphuckhoa")
    for name, title, capacity, head in [
        ("Lò Văn Thanh", "Chủ tịch UBND xã", "CHỦ TỊCH", True),
        ("Vàng A Dế", "Phó Chủ tịch UBND xã", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", False),
    ]:
        page.goto(f"{base}/admin/signers/new/")
        assert page.locator("#id_unit option").all_inner_texts() == ["Xã Phúc Khoa"]
        page.fill("#id_full_name", name)
        page.fill("#id_title", title)
        page.fill("#id_capacity", capacity)
        if head:
            page.check("#id_is_head")
        page.fill("#id_valid_from", "2025-07-01")
        page.get_by_role("button", name="Tạo", exact=True).click()
        page.wait_for_load_state()
    assert "Vàng A Dế" in page.content() and "Lò Văn Thanh" in page.content()
    shots(page, "signers")

    # ... and the commune's own blocs, from its menu: the villages as members
    commune = OrgUnit.objects.get(code="03637")
    for code, name in [("03637-1", "Bản Nà Ít"), ("03637-2", "Bản Phiêng Phát")]:
        OrgUnit.objects.create(code=code, name=name, kind="other", parent=commune)
    page.goto(f"{base}/admin/")
    page.locator("nav a", has_text="Chức năng").click()  # the light frame's menu page
    page.get_by_role("link", name="Khối thi đua của xã").click()
    page.wait_for_load_state()
    page.fill("#id_name", "Khối các bản xã Phúc Khoa")
    _post(page, "Tạo khối")
    page.get_by_label("Bản Nà Ít").check()
    page.get_by_label("Bản Phiêng Phát").check()
    shots(page, "bloc-members")
    _post(page, "Lưu thành viên")
    assert "Đã ghi 2 đơn vị thành viên" in page.content()
    shots(page, "blocs")

    # the commune's officer: a dossier the commune's chair decides
    page.goto(f"{base}/admin/ho-so/tao/")
    page.select_option("#id_unit", label="Xã Phúc Khoa")
    page.select_option("#id_decider", label="Xã Phúc Khoa")
    page.fill("#id_year", "2024")
    page.fill("#id_title", "Đề nghị công nhận Lao động tiên tiến năm 2024")
    _post(page, "Lưu")
    dossier_url = page.url
    page.select_option("#id_person", label=person.full_name)
    page.select_option("#id_award_type", label="Lao động tiên tiến")
    page.fill("#id_justification", "Hoàn thành tốt nhiệm vụ, xã đề nghị.")
    _post(page, "Thêm")
    upload = tmp_path / "to-trinh.pdf"
    upload.write_bytes(b"%PDF-1.4 test")
    for label in ("Tờ trình", "Báo cáo thành tích", "Biên bản bình xét"):
        page.select_option("#doc-kind", label=label)
        page.set_input_files("#doc-file", str(upload))
        _post(page, "Đính kèm")
    shots(page, "dossier")
    _post(page, "Gửi hồ sơ tới Hội đồng Thi đua – Khen thưởng xã Phúc Khoa")
    assert "Đã gửi hồ sơ tới Hội đồng Thi đua – Khen thưởng xã Phúc Khoa" in (
        page.content()
    )
    # the commune's officer reviews and discloses its own awards
    page.get_by_role("button", name="Ghi").first.click()
    page.wait_for_load_state()
    _post(page, "Kết thúc thẩm định (đồng ý)")
    page.fill("#days", "3")
    _post(page, "Công khai trên cổng thông tin")
    today = timezone.localdate()
    Disclosure.objects.update(
        starts_on=today - dt.timedelta(days=4), ends_on=today - dt.timedelta(days=1)
    )
    page.goto(dossier_url)
    _post(page, "Kết thúc công khai, chuyển Hội đồng")
    screenshot(page, "commune-1-officer-dossier")

    # the commune's council: only the commune's members are offered
    page.goto(f"{base}/admin/ho-so/hoi-dong/")
    page.get_by_role("link", name="Mở phiên họp").click()
    page.wait_for_load_state()
    assert "Hoàng Văn Sơn" not in page.content()  # the province's council member
    page.get_by_label("Đề nghị công nhận Lao động tiên tiến năm 2024").check()
    page.get_by_label("Tao Văn Pọm").check()
    # the commune's forms and thresholds, not the province's Bằng khen or CSTĐ
    assert (
        page.get_by_label("Tỷ lệ đồng ý: Chiến sĩ thi đua cơ sở (%)").input_value()
        == "80"
    )
    assert page.get_by_label("Tỷ lệ đồng ý: Lao động tiên tiến (%)").count() == 1
    assert page.get_by_label("Tỷ lệ đồng ý: Bằng khen", exact=False).count() == 0
    screenshot(page, "commune-2-session-form")
    shots(page, "session-form")
    _post(page, "Lưu")
    session_url = page.url

    # the province's officer sees the session but has no ballot, nor closes it
    _login(page, base, "tinh")
    page.goto(session_url)
    assert page.get_by_role("button", name="Bỏ phiếu").count() == 0
    assert (
        page.get_by_role("button", name="Kết thúc phiên họp, kiểm phiếu").count() == 0
    )
    # the province's council member does not even see it
    _login(page, base, "hoidong")
    assert page.goto(session_url).status == 404

    _login(page, base, "hdxa")
    page.goto(session_url)
    page.get_by_label("Đồng ý").first.check()
    _post(page, "Bỏ phiếu")
    assert "Đã ghi nhận phiếu kín" in page.content()

    _login(page, base, "xaphuckhoa")
    page.goto(session_url)
    _post(page, "Kết thúc phiên họp, kiểm phiếu")
    assert "Đạt" in page.content()
    page.goto(f"{base}/admin/ho-so/quyet-dinh/")
    page.get_by_role("link", name="Dự thảo quyết định").click()
    page.wait_for_load_state()
    assert page.locator("#id_issuer option:checked").inner_text() == "Xã Phúc Khoa"
    page.get_by_label("Đề nghị công nhận Lao động tiên tiến năm 2024").check()
    _post(page, "Lưu")
    decision_url = page.url

    # the province's leader does not sign the commune's decision; its chair does
    _login(page, base, "lanhdao")
    page.goto(decision_url)
    assert page.get_by_role("button", name="Ban hành quyết định").count() == 0
    _login(page, base, "chutichxa")
    page.goto(decision_url)
    page.fill("#id_number", "12")
    # one of the commune's signers, chosen; the province's is not offered
    offered = page.locator("#id_signer_name option").all_inner_texts()
    assert offered == [
        "Lò Văn Thanh — Chủ tịch UBND xã",
        "Vàng A Dế — Phó Chủ tịch UBND xã",
    ]
    page.select_option("#id_signer_name", "Vàng A Dế")
    shots(page, "chair-issue")
    _post(page, "Ban hành quyết định")
    assert "Đã ban hành quyết định" in page.content()
    _post(page, "Tạo bằng, giấy khen (chạy nền)")
    assert page.locator("#dz-progress").inner_text().count("Hoàn tất") == 1
    screenshot(page, "commune-3-chair-issued")
    page.reload()
    shots(page, "decision-issued")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải quyết định (.docx)").click()
    text = document_text(Document(download.value.path()))
    certificate = Certificate.objects.get()
    with page.expect_download() as pdf:
        page.get_by_role("link", name=certificate.code).click()
    card = PdfReader(pdf.value.path()).pages[0].extract_text()
    assert "ỦY BAN NHÂN DÂN XÃ PHÚC KHOA" in text
    for body in (text, card):
        assert "Phúc Khoa, ngày" in body
        assert "PHÓ CHỦ TỊCH" in body and "Vàng A Dế" in body
        assert "Giàng A Páo" not in body  # the province's signer

    # the province's office finds the award in the registry
    _login(page, base, "tinh")
    page.goto(f"{base}/admin/commendations/registry/awards/")
    assert person.full_name in page.content()
    assert "12/QĐ-UBND" in page.content()
    screenshot(page, "commune-4-province-registry")
