"""A Huân chương proposal walked up as a package and back as an award in the
registry, through the admin's visible links and forms."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from docx import Document

from thidua.lib.nd30 import document_text

from .test_forwarding import approved_dossier

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _post(page: Any, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_a_huan_chuong_goes_up_and_comes_back_in_the_admin(
    world: Any, live_server: Any, desktop_page: Any, screenshot: Any, tmp_path: Any
) -> None:
    base, page = live_server.url, desktop_page
    dossier, nominee, _ = approved_dossier("HC_LAO_DONG_3")

    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "tinh")
    page.fill("#id_password", "thidua2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    page.goto(f"{base}/admin/ho-so/{dossier.pk}/")
    page.get_by_role("link", name="Lập hồ sơ trình cấp trên").click()
    assert page.get_by_label(nominee.name, exact=False).is_checked()
    _post(page, "Lập bộ hồ sơ")
    assert "Đã lập bộ hồ sơ trình cấp trên" in page.content()
    detail_url = page.url

    # no signer declared in this world: the office types the signer block
    page.fill("#id_number", "45")
    page.fill("#id_sent_on", "25/04/2025")
    page.fill("#id_signature_capacity", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
    page.fill("#id_signer_name", "Lò Văn Ký")
    _post(page, "Ghi nhận đã gửi")
    assert "Đã ghi nhận gửi tờ trình" in page.content()
    assert "Hạn trả lời" in page.content()
    screenshot(page, "forwarding-1-sent")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bộ hồ sơ trình (.zip)").click()
    saved = tmp_path / "ho-so-trinh.zip"
    download.value.save_as(saved)
    archive = zipfile.ZipFile(saved)
    proposal = document_text(Document(io.BytesIO(archive.read("01-to-trinh.docx"))))
    assert "45/TTr-UBND" in proposal and "Lò Văn Ký" in proposal
    assert "PHÓ CHỦ TỊCH" in proposal
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["nominees"][0]["award_code"] == "HC_LAO_DONG_3"

    # the list shows it away, with its deadline
    page.goto(f"{base}/admin/trinh-cap-tren/")
    assert "45/TTr-UBND" in page.content() and "ngày làm việc" in page.content()
    screenshot(page, "forwarding-2-list")
    page.get_by_role("link", name="45/TTr-UBND").click()
    page.wait_for_url(detail_url)

    page.fill("#id_decision_number", "1234/QĐ-CTN")
    page.fill("#id_decision_date", "20/05/2025")
    _post(page, "Ghi quyết định, vào sổ khen thưởng")
    assert "vào sổ khen thưởng" in page.content()
    assert "Cấp trên đã quyết định" in page.content()
    screenshot(page, "forwarding-3-decided")

    page.goto(f"{base}/admin/commendations/person/{nominee.person_id}/")
    body = page.content()
    assert "Huân chương Lao động hạng Ba" in body and "1234/QĐ-CTN" in body
