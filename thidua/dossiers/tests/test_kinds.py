"""The kinds of commendation of Law 2022 Art. 8 (issue 13 §3) and revocation (Art. 93)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.commendations import services as commendations
from thidua.commendations.selectors import person_history
from thidua.dossiers import services

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("type", "simplified", "documents"),
    [
        ("annual", False, ["proposal", "report", "minutes"]),
        ("thematic", False, ["proposal", "report", "minutes"]),
        ("ad_hoc", False, ["proposal", "report", "minutes"]),
        ("ad_hoc", True, ["proposal", "report"]),  # Art. 85, simplified procedure
        ("contribution", False, ["proposal", "report"]),  # tờ trình + báo cáo tóm tắt
        ("foreign", False, ["proposal", "report"]),  # report by the submitting agency
        ("seniority", False, ["proposal"]),
    ],
)
def test_each_kind_has_its_own_dossier(world, type, simplified, documents) -> None:
    dossier = services.dossier_create(
        unit=f.tan_uyen(), type=type, year=2024, title="Đề nghị", movement="Phong trào",
        by=f.user("tanuyen"), simplified=simplified,
    )  # fmt: skip
    assert services.required_documents(dossier) == documents
    assert services.missing_documents(dossier) == documents


def test_simplified_procedure_only_for_ad_hoc(world) -> None:
    with pytest.raises(ValidationError, match="đột xuất"):
        services.dossier_create(
            unit=f.tan_uyen(), type="annual", year=2024, title="Đề nghị",
            by=f.user("tanuyen"), simplified=True,
        )  # fmt: skip


def test_thematic_and_ad_hoc_awards_are_not_grounds_for_the_regular_path(world) -> None:
    """NĐ 152/2025 Art. 4(3): a thematic Bằng khen does not open BK TTg, nor does it
    stop the year's regular Bằng khen."""
    person = f.people(1)[0]
    commendations.award_record_create(
        award_type="BK_TINH", year=2019, person=person, commendation_kind="chuyen_de"
    )
    commendations.award_record_create(
        award_type="CSTDCS", year=2020, person=person, commendation_kind="dot_xuat"
    )
    history = person_history(person, 2024)
    assert not history.awards and not history.titles
    commendations.award_record_create(award_type="BK_TINH", year=2018, person=person)
    assert [a.code for a in person_history(person, 2024).awards] == ["BK_TINH"]
    # the regular Bằng khen of 2019 may still be proposed beside the thematic one
    from thidua.commendations.models import AwardType
    from thidua.commendations.selectors import award_held

    bk = AwardType.objects.get(code="BK_TINH")
    assert award_held(award_type=bk, year=2019, person=person) is None


def test_revocation_takes_the_award_out_and_records_why(world) -> None:
    person = f.people(1)[0]
    record = commendations.award_record_create(
        award_type="BK_TTG", year=2023, person=person, decision_number="99/QĐ-TTg"
    )
    assert [a.code for a in person_history(person, 2024).awards] == ["BK_TTG"]
    commendations.award_record_revoke(
        record=record,
        revoked_on=dt.date(2025, 3, 1),
        decision="Quyết định số 12/QĐ-TTg",
        reason="Kê khai gian dối thành tích (Điều 93 khoản 2 điểm a)",
    )
    record.refresh_from_db()
    assert record.revocation_reason.startswith("Kê khai gian dối")
    assert record.revocation_decision == "Quyết định số 12/QĐ-TTg"
    assert not person_history(person, 2024).awards  # out of later eligibility
    with pytest.raises(ValidationError, match="đã bị hủy bỏ"):
        commendations.award_record_revoke(record=record, revoked_on=dt.date(2025, 4, 1))
