"""One dossier walked from draft to certificate through the admin, role by role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from thidua.dossiers.models import Certificate, Disclosure

from . import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "thidua2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def _post(page: Any, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_dossier_to_certificate_in_the_admin(
    world: Any, live_server: Any, desktop_page: Any, screenshot: Any, tmp_path: Any
) -> None:
    base, page = live_server.url, desktop_page
    person = f.people(1)[0]

    # unit officer: draft, nominee, documents, submit
    _login(page, base, "tanuyen")
    page.goto(f"{base}/admin/ho-so/tao/")
    page.select_option("#id_unit", label="Huyện Tân Uyên")
    page.fill("#id_year", "2024")
    page.fill("#id_title", "Đề nghị tặng Bằng khen năm 2024")
    _post(page, "Lưu")
    dossier_url = page.url
    page.select_option("#id_person", label=person.full_name)
    page.select_option("#id_award_type", label="Bằng khen của Chủ tịch UBND tỉnh")
    page.fill("#id_justification", "Thành tích đột xuất trong phòng chống thiên tai.")
    _post(page, "Thêm")
    assert person.full_name in page.content()
    _post(page, "Gửi hồ sơ tới Ban Thi đua – Khen thưởng")
    assert "Hồ sơ còn thiếu" in page.content()  # refused: no documents yet
    upload = tmp_path / "to-trinh.pdf"
    upload.write_bytes(b"%PDF-1.4 test")
    for label in ("Tờ trình", "Báo cáo thành tích", "Biên bản bình xét"):
        page.select_option("#doc-kind", label=label)
        page.set_input_files("#doc-file", str(upload))
        _post(page, "Đính kèm")
    screenshot(page, "dossiers-1-unit-officer-draft")
    _post(page, "Gửi hồ sơ tới Ban Thi đua – Khen thưởng")
    assert "Đã gửi hồ sơ" in page.content()

    # province office: review, disclose
    _login(page, base, "tinh")
    page.goto(dossier_url)
    page.get_by_role("button", name="Ghi").first.click()
    page.wait_for_load_state()
    _post(page, "Kết thúc thẩm định (đồng ý)")
    page.fill("#days", "3")
    _post(page, "Công khai trên cổng thông tin")
    screenshot(page, "dossiers-2-office-disclosed")
    page.goto(f"{base}/cong-khai/")
    assert person.full_name in page.content()
    screenshot(page, "dossiers-3-portal-disclosure")
    # three days pass
    today = timezone.localdate()
    Disclosure.objects.update(
        starts_on=today - dt.timedelta(days=4), ends_on=today - dt.timedelta(days=1)
    )
    page.goto(dossier_url)
    _post(page, "Kết thúc công khai, chuyển Hội đồng")
    page.goto(f"{base}/admin/ho-so/hoi-dong/mo/")
    page.fill("#id_title", "Phiên họp xét khen thưởng")
    page.get_by_label("Đề nghị tặng Bằng khen năm 2024").check()
    page.get_by_label("Hoàng Văn Sơn").check()
    _post(page, "Lưu")
    session_url = page.url

    # council member: secret ballot
    _login(page, base, "hoidong")
    page.goto(session_url)
    page.get_by_label("Đồng ý").first.check()
    screenshot(page, "dossiers-4-council-ballot")
    _post(page, "Bỏ phiếu")
    assert "Đã ghi nhận phiếu kín" in page.content()

    # office: count, draft the decision
    _login(page, base, "tinh")
    page.goto(session_url)
    _post(page, "Kết thúc phiên họp, kiểm phiếu")
    assert "Đạt" in page.content()
    page.goto(f"{base}/admin/ho-so/quyet-dinh/du-thao/")
    page.get_by_label("Đề nghị tặng Bằng khen năm 2024").check()
    # no signer is declared in this world, so the office types the capacity
    page.fill("#id_signature_capacity", "CHỦ TỊCH")
    _post(page, "Lưu")
    decision_url = page.url

    # leader: issue, then generate certificates
    _login(page, base, "lanhdao")
    page.goto(decision_url)
    page.fill("#id_number", "25")
    _post(page, "Ban hành quyết định")
    assert "Đã ban hành quyết định" in page.content()
    _post(page, "Tạo bằng, giấy khen (chạy nền)")
    assert page.locator("#dz-progress").inner_text().count("Hoàn tất") == 1
    screenshot(page, "dossiers-5-leader-certificates")
    certificate = Certificate.objects.get()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tất cả (.zip)").click()
    assert download.value.suggested_filename.endswith(".zip")
    page.goto(f"{base}/xac-minh/{certificate.code}/")
    assert "hợp lệ" in page.content()
    screenshot(page, "dossiers-6-verification")
