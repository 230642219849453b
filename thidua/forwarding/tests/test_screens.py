"""The forwarding screens: the office packages, sends and closes a proposal through
the back office; the zip it downloads is re-opened and read; other units see nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from thidua.commendations.models import AwardRecord
from thidua.dossiers.tests import factories as f
from thidua.forwarding.models import Forwarding
from thidua.lib.nd30 import document_text
from thidua.organisation.models import Signer

from .test_forwarding import approved_dossier

pytestmark = pytest.mark.django_db

# manifest.json, schema "thidua.forwarding" version 2 (README.md): key → type
MANIFEST = {
    "schema": str,
    "version": int,
    "forwarding_id": int,
    "created_at": str,
    "from": dict,
    "to": str,
    "proposal": dict,
    "dossier": dict,
    "signer": dict,
    "nominees": list,
    "files": list,
}
NOMINEE = {
    "id": int,
    "kind": str,
    "name": str,
    "position": str,
    "award_code": str,
    "award_name": str,
    "achievement": str,
    "report_file": str,
    "council": dict,
}
COUNCIL = {"members", "yes", "no", "abstain", "percent", "threshold", "passed"}


def _body(response: Any) -> str:
    return response.content.decode()


def _zip(response: Any) -> zipfile.ZipFile:
    data = b"".join(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(data))


def _docx(archive: zipfile.ZipFile, name: str) -> str:
    return document_text(Document(io.BytesIO(archive.read(name))))


def test_the_office_packages_sends_and_records_the_decision(world, client) -> None:
    dossier, nominee, office = approved_dossier("HC_LAO_DONG_3")
    Signer.objects.create(
        full_name="Lê Văn Chính",
        capacity="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        title="Phó Chủ tịch UBND tỉnh",
        valid_from=dt.date(2020, 1, 1),
        is_head=True,
    )
    client.force_login(office)
    page = _body(client.get(reverse("dossiers:dossier-detail", args=[dossier.pk])))
    prepare = reverse("forwardings:prepare", args=[dossier.pk])
    assert prepare in page
    assert prepare in _body(client.get(reverse("forwardings:index")))
    assert nominee.name in _body(client.get(prepare))
    assert "Chọn ít nhất một" in _body(client.post(prepare, {}))
    response = client.post(prepare, {"nominees": [nominee.pk]})
    fw = Forwarding.objects.get()
    assert response.url == reverse("forwardings:detail", args=[fw.pk])
    assert client.get(prepare).status_code == 404  # nothing left to send

    detail = _body(client.get(response.url))
    assert "Chủ tịch nước" in detail and "Lê Văn Chính" in detail  # signer pre-filled
    send = reverse("forwardings:send", args=[fw.pk])
    refused = _body(client.post(send, {"number": "", "sent_on": "25/04/2025"}))
    assert "Đã ghi nhận" not in refused
    # the number alone: the symbol is the package's, from the settings
    refused = _body(
        client.post(send, {"number": "45/TTr-UBND", "sent_on": "25/04/2025"})
    )
    assert "Số tờ trình chỉ gồm chữ số" in refused
    refused = _body(
        client.post(send, {"number": "45", "symbol": "QĐ-UBND", "sent_on": "1/1/2025"})
    )
    assert "Ký hiệu tờ trình có dạng" in refused
    assert fw.symbol == "TTr-UBND"  # the province's settings
    client.post(
        send,
        {"number": "45", "sent_on": "25/04/2025", "signature_capacity": ""},
    )
    fw.refresh_from_db()
    assert (fw.status, fw.sent_on) == ("sent", dt.date(2025, 4, 25))
    assert fw.due_on == dt.date(2025, 5, 23)  # 20 working days, no holiday declared

    archive = _zip(client.get(reverse("forwardings:package", args=[fw.pk])))
    proposal = _docx(archive, "01-to-trinh.docx")
    assert "TỜ TRÌNH" in proposal and "Số: 45/TTr-UBND" in proposal
    assert "Kính gửi: Chủ tịch nước." in proposal
    assert "Huân chương Lao động hạng Ba" in proposal
    # the signer block from the organisation settings, not a fixed one
    assert "KT. CHỦ TỊCH" in proposal and "PHÓ CHỦ TỊCH" in proposal
    assert "Lê Văn Chính" in proposal and "TM. ỦY BAN NHÂN DÂN" not in proposal
    listing = _docx(archive, "02-danh-sach.docx")
    for text in (
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        "Kèm theo Tờ trình số 45/TTr-UBND ngày 25 tháng 4 năm 2025",
        nominee.name,
        "Huân chương Lao động hạng Ba",
    ):
        assert text in listing
    assert "2/2 phiếu (100%)" in listing  # votes for / members
    manifest = json.loads(archive.read("manifest.json"))
    for key, kind in MANIFEST.items():
        assert isinstance(manifest[key], kind), key
    assert (manifest["schema"], manifest["version"]) == ("thidua.forwarding", 2)
    assert manifest["proposal"] == {
        "number": "45",
        "symbol": "TTr-UBND",
        "reference": "45/TTr-UBND",
        "date": "2025-04-25",
        "date_text": "ngày 25 tháng 4 năm 2025",
    }
    # the signer in force on the date of the tờ trình, from the settings
    assert manifest["signer"] == {
        "name": "Lê Văn Chính",
        "title": "Phó Chủ tịch UBND tỉnh",
        "capacity": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        "source": "settings",
        "in_force_on": "2025-04-25",
    }
    (entry,) = manifest["nominees"]
    for key, kind in NOMINEE.items():
        assert isinstance(entry[key], kind), key
    assert COUNCIL <= set(entry["council"]) and entry["council"]["passed"]
    report = _docx(archive, entry["report_file"])
    assert nominee.name in report and "BÁO CÁO" in report
    minutes = [n for n in archive.namelist() if n.startswith("04-bien-ban-hoi-dong-")]
    assert minutes and "BIÊN BẢN" in _docx(archive, minutes[0])
    listed = {x["name"] for x in manifest["files"]}
    assert listed == set(archive.namelist()) - {"manifest.json"}
    for x in manifest["files"]:
        assert len(archive.read(x["name"])) == x["bytes"]

    decide = reverse("forwardings:decide", args=[fw.pk])
    refused = _body(client.post(decide, {"decision_number": "1234/QĐ-CTN"}))
    assert "Đã ghi quyết định" not in refused
    client.post(
        decide,
        {
            "decision_number": "1234/QĐ-CTN",
            "decision_date": "20/05/2025",
            "decision_issuer": "Chủ tịch nước",
            "awarded": [nominee.pk],
        },
    )
    record = AwardRecord.objects.get(
        person=nominee.person, decision_number="1234/QĐ-CTN"
    )
    assert (record.award_type.code, record.year) == ("HC_LAO_DONG_3", f.YEAR)
    closed = _body(client.get(reverse("forwardings:detail", args=[fw.pk])))
    assert "Cấp trên đã quyết định" in closed and "Đã vào sổ khen thưởng" in closed


def test_other_units_see_nothing_and_only_the_office_changes(world, client) -> None:
    dossier, nominee, office = approved_dossier("HC_LAO_DONG_3")
    client.force_login(office)
    client.post(
        reverse("forwardings:prepare", args=[dossier.pk]), {"nominees": [nominee.pk]}
    )
    fw = Forwarding.objects.get()
    urls = {
        name: reverse(f"forwardings:{name}", args=[fw.pk])
        for name in ("detail", "package", "send", "decide", "return")
    }
    prepare = reverse("forwardings:prepare", args=[dossier.pk])
    form = {"number": "1/TTr", "sent_on": "25/04/2025"}

    client.force_login(f.user("sinho"))  # another district's officer
    assert dossier.title not in _body(client.get(reverse("forwardings:index")))
    for name in ("detail", "package"):
        assert client.get(urls[name]).status_code == 404
    for name in ("send", "decide", "return"):
        assert client.post(urls[name], form).status_code == 404
    assert client.get(prepare).status_code == 404

    client.force_login(f.user("tanuyen"))  # the proposing unit follows, not changes
    assert client.get(urls["detail"]).status_code == 200
    assert client.get(urls["package"]).status_code == 200
    for name in ("send", "decide", "return"):
        assert client.post(urls[name], form).status_code == 403
    assert client.get(prepare).status_code == 403
    fw.refresh_from_db()
    assert fw.status == Forwarding.Status.PREPARED


def test_the_province_decision_leaves_state_awards_to_the_level_above(world) -> None:
    from django.core.exceptions import ValidationError

    from thidua.dossiers import services

    dossier, nominee, office = approved_dossier("HC_LAO_DONG_3")
    with pytest.raises(ValidationError, match="Không có trường hợp nào"):
        services.decision_draft(
            issuer=dossier.unit.parent, dossiers=[dossier], summary="x", by=office
        )
