"""A second province set up from nothing, as the README says, issues its own decision."""

import io

from django.core.management import call_command
from django.urls import reverse

from thidua.accounts.models import RoleAssignment
from thidua.lib.text import fold
from thidua.organisation.models import Organisation, Signer
from thidua.units.gazetteer import REFORM_DAY
from thidua.units.models import OrgUnit

from .path import account, issue

Role = RoleAssignment.Role


def test_tuyen_quang_decision_money_table_and_certificate(
    db, settings, tmp_path, client
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("setup_province", "08", stdout=io.StringIO())
    province = OrgUnit.objects.get(code="08", valid_from=None)
    office = account("vanphong", Role.PROVINCE_OFFICER, province)
    leader = account("lanhdao", Role.LEADER, province)

    # the office completes the settings in the back office
    client.force_login(office)
    organisation = Organisation.objects.get(unit=province)
    edit = f"/admin/organisation/edit/{organisation.pk}/"
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
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
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = reverse("dossiers:decision-create")
    # no signer declared yet: no other organisation's capacity is offered
    assert client.get(draft).context["form"]["signature_capacity"].value() is None
    response = client.post(
        "/admin/signers/new/",
        {
            "full_name": "Nguyễn Mạnh Tuấn",
            "title": "Phó Chủ tịch UBND tỉnh",
            "capacity": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
            "valid_from": "01/07/2025",
        },
    )
    assert response.status_code == 302
    assert Signer.objects.get().capacity_text == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    form = client.get(draft).context["form"]
    assert form["signature_capacity"].value() == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"

    commune = OrgUnit.objects.filter(parent=province, valid_from=REFORM_DAY).first()
    decision, texts = issue(
        unit=commune,
        issuer=province,
        code="BK_TINH",
        office=office,
        leader=leader,
        signer="Nguyễn Mạnh Tuấn",
    )
    assert decision.place == "Tuyên Quang"
    assert "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG" in texts["decision"]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG" in texts["decision"]
    assert "Tuyên Quang, ngày 29 tháng 12 năm 2025" in texts["decision"]
    assert "Theo đề nghị của Giám đốc Sở Nội vụ tỉnh Tuyên Quang." in texts["decision"]
    assert "Sở Nội vụ tỉnh Tuyên Quang;" in texts["decision"]
    assert "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG" in texts["money"]
    assert "Tuyên Quang, ngày 29 tháng 12 năm 2025" in texts["money"]
    assert "Tuyên Quang, ngày 29 tháng 12 năm 2025" in texts["certificate"]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG" in texts["certificate"]
    assert "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG" in texts["minutes"]
    for name, text in texts.items():
        assert "lai chau" not in fold(text), name


def test_a_commune_chair_decides_its_own_awards_into_the_registry(
    db, settings, tmp_path
):
    from thidua.commendations.catalogue import load_catalogue
    from thidua.commendations.models import AwardRecord

    settings.MEDIA_ROOT = tmp_path / "media"
    load_catalogue()
    province = OrgUnit.objects.create(
        code="08", name="Tỉnh Tuyên Quang", kind="province"
    )
    commune = OrgUnit.objects.create(
        code="02212",
        name="Xã Hùng Lợi",
        kind="commune",
        parent=province,
        valid_from=REFORM_DAY,
    )
    office = account("xahungloi", Role.UNIT_OFFICER, commune)
    chair = account("chutichxa", Role.LEADER, commune)
    decision, texts = issue(
        unit=commune,
        issuer=commune,
        code="LDTT",
        office=office,
        leader=chair,
        signer="Triệu Văn Thành",
        capacity="CHỦ TỊCH",
    )
    text = texts["decision"]
    assert "ỦY BAN NHÂN DÂN XÃ HÙNG LỢI" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÙNG LỢI" in text
    assert "Hùng Lợi, ngày 29 tháng 12 năm 2025" in text
    assert (
        "Sở Nội vụ" not in text
    )  # the commune's own decision, carried out by its units
    assert "Hùng Lợi, ngày 29 tháng 12 năm 2025" in texts["certificate"]
    assert "710000" in texts["money"]  # 0,3 × 2.340.000 rounded up to 10.000
    # the province's registry (and its eligibility engine) sees the commune's award
    records = AwardRecord.objects.filter(award_type__code="LDTT", year=2025)
    assert records.count() == 2 and {r.decision_number for r in records} == {
        decision.reference
    }
