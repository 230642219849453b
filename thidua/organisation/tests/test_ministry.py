"""A ministry: not territorial, its own agencies, council and Bằng khen of the Minister."""

import io

import pytest
from django.core.management import CommandError, call_command

from thidua.accounts.models import RoleAssignment, User
from thidua.commendations.models import AwardType
from thidua.lib.text import fold
from thidua.organisation.models import Organisation
from thidua.units.imports import units_import
from thidua.units.models import EmulationBloc, OrgUnit

from .path import account, issue

Role = RoleAssignment.Role


def csv(rows):
    header = "Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên,Hiệu lực từ,Hiệu lực đến\n"
    return (header + "\n".join(rows) + "\n").encode()


def test_ministry_issues_the_ministers_bang_khen(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    call_command("setup_ministry", "BTC", "Bộ Tài chính", stdout=out)
    assert "Đã tạo Bộ Tài chính" in out.getvalue()
    call_command("setup_ministry", "BTC", "Bộ Tài chính", stdout=out)
    assert "không thay đổi gì" in out.getvalue()
    ministry = OrgUnit.objects.get(code="BTC")
    assert ministry.kind == "ministry" and ministry.parent is None
    settings_row = Organisation.objects.get(unit=ministry)
    assert (
        settings_row.kind,
        settings_row.award_code,
        settings_row.decision_symbol,
    ) == (
        "ministry",
        "BK_BO",
        "QĐ-BTC",
    )
    # its own Bằng khen and CSTĐ, not the province's
    active = set(AwardType.objects.filter(active=True).values_list("code", flat=True))
    assert {"BK_BO", "CSTD_TINH"} <= active and "BK_TINH" not in active

    # departments, institutes, enterprises and mass organisations by the agency import
    admin = User.objects.create_superuser("quantri", password="x-very-long-1")
    bad = units_import(
        content=csv(
            [
                "VTCCB,Vụ Tổ chức cán bộ,Vụ,BTC,,",
                "VCL,Viện Chiến lược và Chính sách tài chính,Viện,KHONGCO,,",
            ]
        ),
        filename="don-vi.csv",
        user=admin,
    )
    assert bad.errors == ["Dòng 3: mã đơn vị cấp trên 'KHONGCO' không tồn tại"]
    assert not OrgUnit.objects.filter(code="VTCCB").exists()  # all or nothing
    good = units_import(
        content=csv(
            [
                "VTCCB,Vụ Tổ chức cán bộ,Vụ,BTC,,",
                "VCL,Viện Chiến lược và Chính sách tài chính,Viện,BTC,,",
                "TCTY,Tổng công ty Đầu tư và Kinh doanh vốn,Doanh nghiệp,BTC,,",
                "CDBTC,Công đoàn Bộ Tài chính,Đoàn thể,BTC,,",
            ]
        ),
        filename="don-vi.csv",
        user=admin,
    )
    assert good.ok and good.created == 4
    assert OrgUnit.objects.get(code="CDBTC").kind == "mass_org"
    cycle = units_import(
        content=csv(["BTC,Bộ Tài chính,Bộ,VTCCB,,"]), filename="vong.csv", user=admin
    )
    assert len(cycle.errors) == 1 and cycle.errors[0].startswith("Dòng 2:")
    assert "vòng" in cycle.errors[0]

    office = account("vuthidua", Role.PROVINCE_OFFICER, ministry)
    leader = account("botruong", Role.LEADER, ministry)
    decision, texts = issue(
        unit=OrgUnit.objects.get(code="VTCCB"),
        issuer=ministry,
        code="BK_BO",
        office=office,
        leader=leader,
        signer="Trần Văn Minh",
        capacity="KT. BỘ TRƯỞNG / THỨ TRƯỞNG",
    )
    assert decision.reference == "7/QĐ-BTC"
    text = texts["decision"]
    assert "BỘ TÀI CHÍNH" in text and "BỘ TRƯỞNG BỘ TÀI CHÍNH" in text
    assert "Hà Nội, ngày 29 tháng 12 năm 2025" in text
    assert "cơ cấu tổ chức của Bộ Tài chính;" in text
    assert "Bằng khen của bộ, ban, ngành, đoàn thể trung ương" in text
    assert "ỦY BAN NHÂN DÂN" not in text and "Sở Nội vụ" not in text
    assert "BẰNG KHEN" in texts["certificate"]
    assert "BỘ TRƯỞNG BỘ TÀI CHÍNH" in texts["certificate"]
    assert "THỨ TRƯỞNG" in texts["certificate"]
    assert "Hà Nội, ngày 29 tháng 12 năm 2025" in texts["certificate"]
    assert "3510000" in texts["money"]  # NĐ 152/2025: 1,5 × 2.340.000
    for name, body in texts.items():
        assert "lai chau" not in fold(body), name
        assert "ủy ban nhân dân tỉnh" not in body.lower(), name


def test_a_ministrys_emulation_title_is_cap_bo_in_screens_and_documents(
    db, settings, tmp_path, client
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("setup_ministry", "BTC", "Bộ Tài chính", stdout=io.StringIO())
    ministry = OrgUnit.objects.get(code="BTC")
    department = OrgUnit.objects.create(
        code="VTCCB", name="Vụ Tổ chức cán bộ", kind="agency", parent=ministry
    )
    assert AwardType.objects.get(code="CSTD_TINH").name == "Chiến sĩ thi đua cấp bộ"
    # the flag its blocs' leaders are proposed for is the ministry's, by its kind
    flag = "Cờ thi đua cấp bộ, ban, ngành, đoàn thể trung ương"
    assert AwardType.objects.get(code="CO_TINH").name == flag
    bloc = EmulationBloc.objects.create(name="Khối các Vụ", organiser=ministry)
    assert bloc.leader_award == flag
    office = account("vuthidua", Role.PROVINCE_OFFICER, ministry)
    leader = account("botruong", Role.LEADER, ministry)
    decision, texts = issue(
        unit=department,
        issuer=ministry,
        code="CSTD_TINH",
        office=office,
        leader=leader,
        signer="Trần Văn Minh",
        capacity="KT. BỘ TRƯỞNG / THỨ TRƯỞNG",
    )
    assert "Tặng Chiến sĩ thi đua cấp bộ cho 2 đối tượng" in texts["decision"]
    assert "Danh hiệu Chiến sĩ thi đua cấp bộ" in texts["certificate"]
    assert "Chiến sĩ thi đua cấp bộ" in texts["money"]
    for body in texts.values():
        assert "cấp tỉnh" not in body
    client.force_login(office)
    page = client.get(f"/admin/ho-so/quyet-dinh/{decision.pk}/").content.decode()
    assert "Chiến sĩ thi đua cấp bộ" in page
    assert "Chiến sĩ thi đua cấp tỉnh" not in page
    # a catalogue loaded with the province's names takes the ministry's again when
    # the office saves its settings (the names come from the organisation's kind)
    AwardType.objects.filter(code="CO_TINH").update(name="Cờ thi đua cấp tỉnh")
    row = Organisation.objects.get(unit=ministry)
    fields = {
        name: getattr(row, name)
        for name in ("kind", "name", "place", "issuing_body", "superior_body",
                     "authority", "decision_symbol", "proposer", "office",
                     "award_code", "award_name")
    }  # fmt: skip
    response = client.post(
        f"/admin/organisation/edit/{row.pk}/",
        {
            **fields,
            "valid_from": row.valid_from.strftime("%d/%m/%Y"),
            "unit": ministry.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AwardType.objects.get(code="CO_TINH").name == flag


def test_a_ministry_needs_a_ministry_name(db):
    with pytest.raises(CommandError, match="tên đầy đủ"):
        call_command("setup_ministry", "X", "Tài chính", stdout=io.StringIO())
    assert not OrgUnit.objects.exists()
