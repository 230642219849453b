"""The tờ trình and the nominee list against the research sheet's description of
NĐ 152/2025's annex (§4.7, §5.1): Mẫu số 01 "Tờ trình đề nghị xét tặng danh hiệu
thi đua / khen thưởng", the dossier of Art. 84(1); each .docx is opened again."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from thidua.commendations.models import AwardType
from thidua.dossiers import services
from thidua.dossiers.tests import factories as f
from thidua.forwarding import documents
from thidua.forwarding.models import Forwarding
from thidua.lib.nd30 import document_text
from thidua.units.models import OrgUnit

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    return document_text(Document(io.BytesIO(data)))


def test_the_to_trinh_and_the_list_follow_the_annex(world) -> None:
    officer = f.user("tanuyen")
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type="annual", year=f.YEAR, title="Trình", by=officer
    )
    first, second = f.people(2)
    (order,) = f.nominate(dossier, [first], code="HC_LAO_DONG_3")
    (title,) = f.nominate(dossier, [second], code="CSTD_TQ")
    collective = services.nominee_add(
        dossier=dossier,
        kind="collective",
        unit=OrgUnit.objects.filter(parent=f.tan_uyen()).order_by("pk").first(),
        award_type=AwardType.objects.get(code="HC_LAO_DONG_3"),
        justification="Tập thể có thành tích xuất sắc, đơn vị đề nghị.",
        by=officer,
    )
    fw = Forwarding.objects.create(
        dossier=dossier,
        upper_body="Thủ tướng Chính phủ",
        number="45",
        symbol="TTr-UBND",
        sent_on=dt.date(2025, 8, 4),
    )
    nominees = [order, title, collective]
    sender = documents.sender(fw)
    proposal = _text(documents.proposal_docx(fw, nominees))
    for text in (
        "TỜ TRÌNH",
        "Số: 45/TTr-UBND",
        # Mẫu số 01: a title is "xét tặng", a form "khen thưởng"
        "Về việc đề nghị xét tặng danh hiệu “Chiến sĩ thi đua toàn quốc” và khen "
        "thưởng Huân chương Lao động hạng Ba",
        "Kính gửi: Thủ tướng Chính phủ.",
        # the grounds of the rule set in force on the date (NĐ 152 from 1/7/2025)
        "Căn cứ Nghị định số 152/2025/NĐ-CP",
        "khen thưởng cho 2 cá nhân, 1 tập thể có thành tích năm",
        "Hồ sơ gồm:",
        # Art. 84(1)(a)-(d); a State-level report confirmed by the submitting level
        "1. Danh sách đề nghị khen thưởng (kèm theo);",
        f"2. Báo cáo thành tích của cá nhân, tập thể có xác nhận của {sender};",
        "3. Biên bản họp và kết quả bỏ phiếu của Hội đồng Thi đua - Khen thưởng tỉnh",
        "4. Chứng nhận hoặc xác nhận của cơ quan, tổ chức có thẩm quyền đối với sáng "
        "kiến",
        f"{sender} kính trình Thủ tướng Chính phủ xem xét, quyết định./.",
    ):
        assert text in proposal, text
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP" not in proposal
    # a Huân chương alone: no initiative certificate; before 1/7/2025, NĐ 98
    fw.sent_on = dt.date(2025, 4, 25)
    alone = _text(documents.proposal_docx(fw, [order]))
    assert "Về việc đề nghị khen thưởng Huân chương Lao động hạng Ba" in alone
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP" in alone
    assert "sáng kiến" not in alone and "1 cá nhân có thành tích" in alone

    listing = Document(io.BytesIO(documents.nominee_list_docx(fw, nominees)))
    heads = [p.text for p in listing.paragraphs[:3]]
    assert heads[1:] == [
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        f"(Kèm theo Tờ trình số 45/TTr-UBND ngày 25 tháng 4 năm 2025 của {sender})",
    ]
    # an annex carries no number of its own
    assert not any(p.text.startswith("Số:") for p in listing.paragraphs)
    (table,) = listing.tables
    assert [c.text for c in table.rows[0].cells] == documents.LIST_HEADERS
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    groups = [r[0] for r in rows if len(set(r)) == 1]  # headings span the table
    forms = sorted(
        [order.award_type, title.award_type], key=lambda t: (t.sort_order, t.name)
    )
    assert groups == [f"I. {forms[0].name}", f"II. {forms[1].name}"]
    names = [r[1] for r in rows if len(set(r)) > 1]
    assert order.name in names and title.name in names
    assert f"{collective.name} (tập thể)" in names
