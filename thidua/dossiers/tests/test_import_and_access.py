"""Nominee imports (all or nothing), scoping, the API and the public decision pages."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import Workbook

from thidua.dossiers import services
from thidua.dossiers.models import Nominee

from . import factories as f

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HEADER = ["STT", "Họ và tên", "Đối tượng", "Hình thức khen thưởng", "Giải trình"]


def _dossier():
    return services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=2024, title="Nhập", by=f.user("tanuyen")
    )


def test_xlsx_import_saves_every_row(world):
    dossier = _dossier()
    data = _xlsx(
        [
            HEADER,
            [1, "Trần Mỹ Ánh", "Cá nhân", "BK_TINH", "Đóng góp lớn"],
            [2, "vu duc chung", "ca nhan", "Bằng khen của Chủ tịch UBND tỉnh", "Lý do"],
            [3, "Xã Phúc Khoa", "Tập thể", "BK_TINH", "Lý do"],
            [4, "Hộ ông Lò Văn Pản", "Hộ gia đình", "GK", ""],
        ]
    )
    created = services.nominees_import(
        dossier=dossier, filename="ds.xlsx", data=data, by=f.user("tanuyen")
    )
    assert [n.name for n in created] == [
        "Trần Mỹ Ánh",
        "Vũ Đức Chúng",
        "Xã Phúc Khoa",
        "Hộ ông Lò Văn Pản",
    ]
    assert [n.kind for n in created] == [
        "individual",
        "individual",
        "collective",
        "household",
    ]


def test_malformed_import_saves_nothing_and_names_each_bad_row(world):
    dossier = _dossier()
    data = _xlsx(
        [
            HEADER,
            [1, "Trần Mỹ Ánh", "Cá nhân", "BK_TINH", "Đóng góp lớn"],
            [2, "Người Không Có", "Cá nhân", "BK_TINH", "x"],
            [3, "Vũ Đức Chúng", "Cá nhân", "Huân chương Mặt Trời", "x"],
            [4, "Hoàng Ngọc Dung", "Cá nhân", "BK_TINH", ""],
            [5, "Giàng Minh Đức", "người máy", "BK_TINH", "x"],
        ]
    )
    with pytest.raises(ValidationError) as exc:
        services.nominees_import(
            dossier=dossier, filename="ds.xlsx", data=data, by=f.user("tanuyen")
        )
    messages = exc.value.message_dict["file"]
    assert messages[0].startswith("Dòng 4: không tìm thấy “Người Không Có”")
    assert messages[1].startswith("Dòng 5: không có hình thức khen thưởng")
    assert messages[2].startswith("Dòng 6:") and "giải trình" in messages[2]
    assert messages[3].startswith("Dòng 7: đối tượng “người máy”")
    assert not Nominee.objects.filter(dossier=dossier).exists()

    for bad in (b"not a spreadsheet", _xlsx([["a", "b"], [1, 2]])):
        with pytest.raises(ValidationError):
            services.nominees_import(
                dossier=dossier, filename="x.xlsx", data=bad, by=f.user("tanuyen")
            )
    with pytest.raises(ValidationError, match=".xlsx hoặc .docx"):
        services.nominees_import(
            dossier=dossier, filename="x.csv", data=b"a,b", by=f.user("tanuyen")
        )


def test_docx_nominee_table_is_read(world):
    document = Document()
    document.add_paragraph("DANH SÁCH TRÍCH NGANG")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(
        table.rows[0].cells,
        ["TT", "Họ và tên", "Hình thức đề nghị", "Giải trình"],
        strict=True,
    ):
        cell.text = text
    for row in (["1", "Lò Thị Hoa", "BK_TINH", "Gương sáng"],):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    buf = io.BytesIO()
    document.save(buf)
    dossier = _dossier()
    (nominee,) = services.nominees_import(
        dossier=dossier, filename="ds.docx", data=buf.getvalue(), by=f.user("tanuyen")
    )
    assert nominee.name == "Lò Thị Hoa" and nominee.justification == "Gương sáng"


def test_unit_officers_see_only_their_units(world, client):
    dossier = _dossier()
    client.force_login(f.user("sinho"))
    assert client.get(f"/admin/ho-so/{dossier.pk}/").status_code == 404
    assert client.get(f"/api/v1/dossiers/{dossier.pk}").status_code == 404
    assert client.get("/api/v1/dossiers").json() == []
    client.force_login(f.user("tanuyen"))
    page = client.get(f"/admin/ho-so/{dossier.pk}/")
    assert page.status_code == 200 and "Nhập" in page.content.decode()
    # visible but not theirs to change: a real 403, not Wagtail's redirect
    response = client.post(f"/admin/ho-so/{dossier.pk}/accept/")
    assert response.status_code == 403
    # the council member sees dossiers read-only: editing is refused
    client.force_login(f.user("hoidong"))
    assert client.get(f"/admin/ho-so/{dossier.pk}/").status_code == 200
    assert client.post(f"/admin/ho-so/{dossier.pk}/submit/").status_code == 403
    assert client.post(f"/api/v1/dossiers/{dossier.pk}/submit").status_code == 403


def test_api_dossier_submit_and_votes(world, client):
    client.force_login(f.user("tanuyen"))
    created = client.post(
        "/api/v1/dossiers",
        json.dumps(
            {"unit_id": f.tan_uyen().pk, "type": "annual", "year": 2024, "title": "API"}
        ),
        content_type="application/json",
    )
    assert created.status_code == 201
    refused = client.post(f"/api/v1/dossiers/{created.json()['id']}/submit")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["message"].startswith("Hồ sơ chưa có")
    bad = client.post(
        "/api/v1/dossiers",
        json.dumps({"unit_id": f.tan_uyen().pk, "type": "khac", "year": 2024}),
        content_type="application/json",
    )
    assert bad.status_code == 422

    dossier = f.dossier_to_council(2)
    session = services.session_open(
        title="Phiên API",
        held_on=dossier.disclosure.ends_on,
        dossiers=[dossier],
        members=[f.user("hoidong")],
        by=f.user("tinh"),
    )
    client.force_login(f.user("hoidong"))
    sessions = client.get("/api/v1/council-sessions").json()
    choices = {str(n["id"]): "yes" for n in sessions[0]["agenda"]}
    url = f"/api/v1/council-sessions/{session.pk}/ballots"
    body = json.dumps({"choices": choices})
    assert client.post(url, body, content_type="application/json").status_code == 201
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 422
    assert "đã bỏ phiếu" in again.json()["errors"][0]["message"]
    services.session_close(session=session, by=f.user("tinh"))
    client.force_login(f.user("tinh"))
    dossier.refresh_from_db()
    decision = services.decision_draft(
        issuer=world,
        dossiers=[dossier],
        summary="Về việc khen thưởng",
        by=f.user("tinh"),
    )
    services.decision_issue(
        decision=decision,
        number=3,
        date=decision.created_at.date(),
        signer_name="Giàng A Páo",
        by=f.user("lanhdao"),
    )
    detail = client.get(f"/api/v1/decisions/{decision.pk}").json()
    assert detail["reference"] == "3/QĐ-UBND" and len(detail["items"]) == 2

    # the public decision pages list the awardees
    public = client.get(f"/quyet-dinh/{decision.pk}/").content.decode()
    assert "3/QĐ-UBND" in public and detail["items"][0]["name"] in public
    assert "3/QĐ-UBND" in client.get("/quyet-dinh/").content.decode()
    from thidua.dossiers.public import latest_decisions

    assert latest_decisions(5)[0]["url"] == f"/quyet-dinh/{decision.pk}/"
