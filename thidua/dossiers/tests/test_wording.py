"""What an issued decision prints: the achievement phrase once, the achievement year,
no notes meant for administrators, one "Phiên họp" (issue 10, points 3 and 15)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua.core import dbguards
from thidua.dossiers import documents, services
from thidua.dossiers.models import Certificate, Decision, DecisionItem
from thidua.lib.files import private_storage
from thidua.lib.nd30 import document_text
from thidua.units.models import OrgUnit

from . import factories as f

pytestmark = pytest.mark.django_db


def _certificate_text(decision: Decision) -> str:
    services.certificates_start(decision=decision, by=f.user("tinh"))
    certificate = Certificate.objects.get(item__decision=decision)
    page = PdfReader(certificate.pdf.open("rb")).pages[0]
    return " ".join(page.extract_text().split())


@pytest.mark.parametrize(
    "reason, sentence",
    [
        # typed as the full phrase, as the officer in the issue did
        (
            "Đã có thành tích xuất sắc trong công tác năm 2024",
            "Đã có thành tích xuất sắc trong công tác năm 2024.",
        ),
        # the demo's wording: a verb phrase, the year already in it
        (
            "hoàn thành xuất sắc nhiệm vụ năm 2024",
            "Đã hoàn thành xuất sắc nhiệm vụ năm 2024.",
        ),
        # bare achievement: the phrase and the achievement year are added
        (
            "xuất sắc trong phong trào thi đua",
            "Đã có thành tích xuất sắc trong phong trào thi đua năm 2024.",
        ),
        ("", "Đã có thành tích xuất sắc năm 2024."),
    ],
)
def test_certificate_and_article_1_say_the_achievement_once(world, reason, sentence):
    decision = f.issued_decision(world, reason)
    text = _certificate_text(decision)
    assert sentence in text
    assert text.count("thành tích") <= 1
    assert "2026." not in text  # the decision's year is not the achievement's
    issued = document_text(Document(private_storage().open(decision.document, "rb")))
    article_1 = next(line for line in issued.splitlines() if line.startswith("Điều 1"))
    lower = sentence[0].lower() + sentence[1:]
    assert f"Quyết định này, {lower}" in article_1
    assert ", Đã" not in article_1


def test_a_title_certificate_says_the_title_was_attained(world):
    decision = f.issued_decision(world, "hoàn thành xuất sắc nhiệm vụ")
    item = DecisionItem.objects.get(decision=decision)
    from thidua.dossiers.wording import certificate_reason

    item.award_type.code = "LDTT"
    item.award_type.name = "Lao động tiên tiến"
    assert certificate_reason(item) == "Đã đạt danh hiệu “Lao động tiên tiến” năm 2024."


def test_unchecked_notes_stay_out_of_the_money_table(world):
    decision = f.issued_decision(world, "")
    item = decision.items.get()
    raw = DecisionItem.objects.filter(pk=item.pk)
    # the stored basis may carry the catalogue's note for administrators (set here
    # after issue, past the guard that keeps an issued decision's items unchanged)
    with dbguards.suspended():
        raw.update(
            amount_basis="NĐ 98/2023/NĐ-CP (mức 1,0 như NĐ 91/2017; chưa đối chiếu)"
        )
    rows = list(
        load_workbook(
            io.BytesIO(documents.money_table_xlsx(decision))
        ).active.iter_rows(values_only=True)
    )
    printed = " ".join(str(c) for r in rows for c in r if c is not None)
    assert "NĐ 98/2023/NĐ-CP" in printed
    assert "chưa đối chiếu" not in printed and "[U]" not in printed


def test_minutes_say_phien_hop_once(world):
    _, session = f.passed_dossier("Phiên họp Hội đồng TĐKT tỉnh ngày 10/01/2026")
    minutes = document_text(Document(private_storage().open(session.minutes, "rb")))
    assert "Phiên họp Hội đồng TĐKT tỉnh ngày 10/01/2026" in minutes
    assert "Phiên họp Phiên họp" not in minutes


def test_a_commune_cannot_issue_a_provincial_bang_khen(world):
    dossier, _ = f.passed_dossier()
    commune = OrgUnit.objects.get(code="03637")
    with pytest.raises(ValidationError, match="không có thẩm quyền"):
        services.decision_draft(
            issuer=commune,
            dossiers=[dossier],
            summary="Về việc tặng Bằng khen",
            by=f.user("tinh"),
        )
    assert not Decision.objects.exists()
