"""The portal's name and contacts come from the organisation's settings."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from thidua.accounts.models import RoleAssignment
from thidua.lib.tests import hostile
from thidua.lib.text import fold
from thidua.organisation.models import Organisation
from thidua.organisation.services import ensure_organisation
from thidua.organisation.tests.path import account
from thidua.units.models import OrgUnit


def test_a_second_organisations_settings_show_on_the_portal(
    site: dict[str, Any], client: Any
) -> None:
    province = OrgUnit.objects.create(
        code="08", name="Tỉnh Tuyên Quang", kind="province"
    )
    organisation, _ = ensure_organisation(province, valid_from=dt.date(2025, 7, 1))
    office = account("vanphong", RoleAssignment.Role.PROVINCE_OFFICER, province)
    client.force_login(office)
    response = client.post(
        f"/admin/organisation/edit/{organisation.pk}/",
        {
            "valid_from": "01/07/2025",
            "kind": "province",
            "unit": province.pk,
            "name": "Tỉnh Tuyên Quang",
            "place": "Tuyên Quang",
            "issuing_body": "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
            "superior_body": "UBND TỈNH TUYÊN QUANG",
            "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
            "decision_symbol": "QĐ-UBND",
            "proposer": "Giám đốc Sở Nội vụ tỉnh Tuyên Quang",
            "office": "Sở Nội vụ tỉnh Tuyên Quang",
            "award_code": "BK_TINH",
            "award_name": "Bằng khen của Chủ tịch UBND tỉnh",
            "portal_name": "Cổng thông tin Thi đua – Khen thưởng tỉnh Tuyên Quang",
            "address": "Số 160 Trần Hưng Đạo, phường Minh Xuân",
            "hotline": "0207 3822 111",
            "email": "tdkt@tuyenquang.gov.vn",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organisation.objects.get().hotline == "0207 3822 111"
    client.logout()
    page = client.get("/").content.decode()
    assert (
        "<title>Cổng thông tin Thi đua – Khen thưởng tỉnh Tuyên Quang</title>" in page
    )
    assert "<strong>Sở Nội vụ tỉnh Tuyên Quang</strong>" in page  # header and footer
    assert "Địa chỉ: Số 160 Trần Hưng Đạo, phường Minh Xuân" in page
    assert 'href="tel:02073822111"' in page
    assert "mailto:tdkt@tuyenquang.gov.vn" in page
    assert "lai chau" not in fold(page)


def _image(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "#a00").save(out, "PNG")
    return out.getvalue()


REFUSED_IMAGES = [
    ("bom.png", hostile.png_pixel_bomb(), "quá lớn"),
    ("anh.png", hostile.SVG, "Chỉ nhận ảnh"),
    ("anh.jpg", hostile.HTML, "Chỉ nhận ảnh"),
    ("hong.png", _image(8, 8)[:60], "hỏng"),
]


def test_the_portal_banner_is_checked_uploaded_and_shown_at_once(
    site: dict[str, Any], client: Any, admin_client: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # the administrator's upload is checked before Willow or Pillow parse it
    for name, data, message in REFUSED_IMAGES:
        response = admin_client.post(
            "/admin/images/add/",
            {"title": "Ảnh", "file": SimpleUploadedFile(name, data), "collection": 1},
        )
        assert response.status_code == 200, name
        assert message in " ".join(response.context["form"].errors["file"]), name
    assert not get_image_model().objects.exists()
    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "Ảnh đầu trang",
            "file": SimpleUploadedFile("dau-trang.png", _image(2000, 300)),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    banner = get_image_model().objects.get()

    province = OrgUnit.objects.create(
        code="08", name="Tỉnh Tuyên Quang", kind="province"
    )
    organisation, _ = ensure_organisation(province, valid_from=dt.date(2025, 7, 1))
    assert "site-banner" not in client.get("/").content.decode()  # now cached
    fields = {
        name: getattr(organisation, name)
        for name in ("kind", "name", "place", "issuing_body", "superior_body",
                     "authority", "decision_symbol", "proposer", "office",
                     "award_code", "award_name")
    }  # fmt: skip
    response = admin_client.post(
        f"/admin/organisation/edit/{organisation.pk}/",
        {
            **fields,
            "valid_from": "01/07/2025",
            "unit": province.pk,
            "banner": banner.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get("/").content.decode()  # the settings' save emptied the cache
    assert 'class="site-banner"' in page
    assert " 800w, " in page and " 1600w" in page and ".webp" in page
    # a replaced file shows at once too (new renditions, new addresses)
    old = re.search(r'class="site-banner" src="([^"]+)"', page)
    assert old is not None
    response = admin_client.post(
        f"/admin/images/{banner.pk}/",
        {
            "title": "Ảnh đầu trang",
            "file": SimpleUploadedFile("dau-trang-2.png", _image(1800, 260)),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert old.group(1) not in page and 'class="site-banner"' in page
