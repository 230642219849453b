"""The portal's name and contacts come from the organisation's settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.accounts.models import RoleAssignment
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
