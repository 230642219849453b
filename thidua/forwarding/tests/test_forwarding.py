"""A Huân chương proposal goes up as a package and comes back as an award in the
registry, which next year's eligibility sees (issue 13 §4–5)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from thidua.commendations import services as commendations
from thidua.commendations.models import AwardRecord
from thidua.dossiers import services
from thidua.dossiers.tests import factories as f
from thidua.forwarding import services as forwarding
from thidua.forwarding.models import Forwarding, Holiday
from thidua.forwarding.workdays import add_working_days, working_days_left
from thidua.lib.files import private_storage
from thidua.lib.nd30 import document_text

pytestmark = pytest.mark.django_db


def approved_dossier(code: str) -> tuple:
    officer, office = f.user("tanuyen"), f.user("tinh")
    dossier = services.dossier_create(
        unit=f.tan_uyen(),
        type="annual",
        year=f.YEAR,
        title="Đề nghị Huân chương",
        by=officer,
    )
    (nominee,) = f.nominate(dossier, f.people(1), code=code)
    f.attach_all(dossier, officer)
    dossier = services.dossier_submit(dossier=dossier, by=officer)
    services.nominee_review(nominee=nominee, status="accepted", by=office)
    dossier = services.dossier_accept(dossier=dossier, by=office)
    disclosure = services.disclosure_open(
        dossier=dossier, days=5, starts_on=dt.date(2025, 1, 1), by=office
    )
    services.disclosure_close(
        dossier=dossier, by=office, today=disclosure.ends_on + dt.timedelta(days=1)
    )
    dossier.refresh_from_db()
    m1, m2 = f.user("hoidong"), f.council_member("hoidong2")
    session = services.session_open(
        title="Phiên họp tháng 1/2025",
        held_on=dt.date(2025, 1, 20),
        dossiers=[dossier],
        members=[m1, m2],
        by=office,
    )
    for m in (m1, m2):
        services.ballot_cast(session=session, member=m, choices={nominee.pk: "yes"})
    services.session_close(session=session, by=office)
    dossier.refresh_from_db()
    nominee.refresh_from_db()
    return dossier, nominee, office


def test_working_days_skip_weekends_and_the_holiday_list(world) -> None:
    # Friday 30/01/2026 + 3 working days: Mon 2, Tue 3, Wed 4 February
    assert add_working_days(dt.date(2026, 1, 30), 3) == dt.date(2026, 2, 4)
    Holiday.objects.create(day=dt.date(2026, 2, 3), name="Nghỉ bù")
    assert add_working_days(dt.date(2026, 1, 30), 3) == dt.date(2026, 2, 5)
    assert working_days_left(dt.date(2026, 2, 5), dt.date(2026, 1, 30)) == 3
    assert working_days_left(dt.date(2026, 1, 30), dt.date(2026, 2, 5)) == -3


def test_a_huan_chuong_goes_up_as_a_package_and_comes_back_in_the_registry(
    world,
) -> None:
    dossier, nominee, office = approved_dossier("HC_LAO_DONG_3")
    assert dossier.status == "approved"
    assert forwarding.forwardable(dossier) == [nominee]
    with pytest.raises(ValidationError):
        forwarding.forwarding_prepare(dossier=dossier, nominees=[], by=office)
    fw = forwarding.forwarding_prepare(dossier=dossier, nominees=[nominee], by=office)
    assert fw.upper_body == "Chủ tịch nước"
    assert forwarding.forwardable(dossier) == []  # not twice

    Holiday.objects.create(day=dt.date(2025, 4, 30), name="Ngày Chiến thắng")
    Holiday.objects.create(day=dt.date(2025, 5, 1), name="Quốc tế Lao động")
    fw = forwarding.forwarding_send(
        forwarding=fw, number="45", sent_on=dt.date(2025, 4, 25), by=office
    )
    # 20 working days from Fri 25/04/2025, weekends and 30/4, 1/5 skipped
    assert fw.due_on == dt.date(2025, 5, 27)
    with private_storage().open(fw.package, "rb") as fh:
        archive = zipfile.ZipFile(io.BytesIO(fh.read()))
    names = set(archive.namelist())
    assert {"01-to-trinh.docx", "02-danh-sach.docx", "manifest.json"} <= names
    assert any(n.startswith("03-bao-cao-thanh-tich/") for n in names)
    assert any(n.startswith("04-bien-ban-hoi-dong-") for n in names)
    proposal = document_text(Document(io.BytesIO(archive.read("01-to-trinh.docx"))))
    assert "TỜ TRÌNH" in proposal and "45/TTr-UBND" in proposal
    assert "Huân chương Lao động hạng Ba" in proposal
    listing = document_text(Document(io.BytesIO(archive.read("02-danh-sach.docx"))))
    assert nominee.name in listing and "2/2" in listing
    manifest = json.loads(archive.read("manifest.json"))
    assert (manifest["schema"], manifest["version"]) == ("thidua.forwarding", 2)
    assert manifest["proposal"]["reference"] == "45/TTr-UBND"
    (entry,) = manifest["nominees"]
    assert entry["award_code"] == "HC_LAO_DONG_3"
    assert entry["council"]["yes"] == 2 and entry["council"]["passed"]
    assert {f_["name"] for f_ in manifest["files"]} == names - {"manifest.json"}

    with pytest.raises(ValidationError) as exc:
        forwarding.forwarding_record_decision(
            forwarding=fw, decision_number="", decision_date=dt.date(2025, 4, 1),
            decision_issuer="", awarded=[nominee], by=office,
        )  # fmt: skip
    assert set(exc.value.message_dict) == {
        "decision_number", "decision_issuer", "decision_date"
    }  # fmt: skip
    records = forwarding.forwarding_record_decision(
        forwarding=fw,
        decision_number="1234/QĐ-CTN",
        decision_date=dt.date(2025, 5, 20),
        decision_issuer="Chủ tịch nước",
        awarded=[nominee],
        by=office,
    )
    fw.refresh_from_db()
    assert fw.status == Forwarding.Status.DECIDED
    (record,) = records
    assert AwardRecord.objects.filter(
        person=nominee.person, award_type__code="HC_LAO_DONG_3", year=f.YEAR,
        decision_number="1234/QĐ-CTN",
    ).exists()  # fmt: skip
    # next year's eligibility sees it: HCLĐ hạng Nhì now has its prerequisite
    (v,) = [
        v for v in commendations.evaluate_person(nominee.person, f.YEAR + 1)
        if v.code == "HC_LAO_DONG_2"
    ]  # fmt: skip
    assert f"Huân chương Lao động hạng Ba: {f.YEAR}" in v.satisfied
    (held,) = [
        v for v in commendations.evaluate_person(nominee.person, f.YEAR)
        if v.code == "HC_LAO_DONG_3"
    ]  # fmt: skip
    assert held.status == "held"
    with pytest.raises(ValidationError):
        forwarding.forwarding_record_decision(
            forwarding=fw, decision_number="1", decision_date=dt.date(2025, 6, 1),
            decision_issuer="x", awarded=[], by=office,
        )  # fmt: skip


def test_only_awards_of_a_higher_level_go_up(world) -> None:
    dossier, nominee, office = approved_dossier("BK_TINH")
    assert forwarding.forwardable(dossier) == []
    with pytest.raises(ValidationError, match="thẩm quyền của cấp trên"):
        forwarding.forwarding_prepare(dossier=dossier, nominees=[nominee], by=office)


def test_overdue_forwarding_stands_out_on_the_province_todo(world, client) -> None:
    from thidua.reports.dashboard import tasks_for

    office, officer = f.user("tinh"), f.user("tanuyen")
    dossier = services.dossier_create(
        unit=f.tan_uyen(),
        type="annual",
        year=f.YEAR,
        title="Trình Thủ tướng",
        by=office,
    )
    Forwarding.objects.create(
        dossier=dossier,
        upper_body="Thủ tướng Chính phủ",
        number="12",
        symbol="TTr-UBND",
        status=Forwarding.Status.SENT,
        sent_on=dt.date(2025, 1, 2),
        due_on=dt.date(2025, 2, 5),
    )
    (task,) = [t for t in tasks_for(office) if t.label.startswith("QUÁ HẠN")]
    assert task.count == 1
    assert not [t for t in tasks_for(officer) if t.label.startswith("QUÁ HẠN")]
    client.force_login(office)
    page = client.get(task.url)
    assert page.status_code == 200 and "12/TTr-UBND" in page.content.decode()
    client.force_login(officer)  # the proposing unit follows its own proposal
    assert "12/TTr-UBND" in client.get(task.url).content.decode()
    client.force_login(f.user("sinho"))  # another unit does not see it
    assert "12/TTr-UBND" not in client.get(task.url).content.decode()


def test_the_symbol_of_the_to_trinh_comes_from_the_organisation_settings(
    world,
) -> None:
    from thidua.organisation.models import Organisation
    from thidua.organisation.selectors import organisation_on

    # left blank: the issuer's abbreviation of the decisions (Decree 30/2020)
    assert Organisation(decision_symbol="QĐ-BTC").proposal_symbol_text == "TTr-BTC"
    settings_row = organisation_on()
    settings_row.proposal_symbol = "TTr-BXX"
    settings_row.save()
    dossier, nominee, office = approved_dossier("HC_LAO_DONG_3")
    fw = forwarding.forwarding_prepare(dossier=dossier, nominees=[nominee], by=office)
    assert fw.symbol == "TTr-BXX"
    fw = forwarding.forwarding_send(
        forwarding=fw, number="7", sent_on=dt.date(2025, 4, 25), by=office
    )
    assert fw.reference == "7/TTr-BXX"
    with private_storage().open(fw.package, "rb") as fh:
        archive = zipfile.ZipFile(io.BytesIO(fh.read()))
    proposal = document_text(Document(io.BytesIO(archive.read("01-to-trinh.docx"))))
    assert "Số: 7/TTr-BXX" in proposal and "TTr-UBND" not in proposal
    assert json.loads(archive.read("manifest.json"))["signer"] is None  # none set
