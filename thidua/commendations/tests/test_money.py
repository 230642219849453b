from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from thidua.commendations.money import reward_amount, round_up

AUG_2025 = dt.date(2025, 8, 1)


def test_rounding_up_to_the_next_10000() -> None:
    assert round_up(Decimal("0.3") * 2_340_000, 10_000) == 710_000  # 702,000
    assert round_up(Decimal("1.0") * 2_340_000, 10_000) == 2_340_000  # exact stays
    assert round_up(Decimal("0.8") * 2_340_000, 10_000) == 1_880_000  # 1,872,000


@pytest.mark.parametrize(
    ("code", "recipient", "amount"),
    [
        ("LDTT", "individual", 710_000),
        ("CSTDCS", "individual", 2_340_000),
        ("CSTD_TINH", "individual", 7_020_000),
        ("CSTD_TQ", "individual", 10_530_000),
        ("TTLDTT", "collective", 1_880_000),
        ("TTLDXS", "collective", 3_510_000),
        ("CO_CP", "collective", 28_080_000),
        ("CO_TINH", "collective", 18_720_000),
        ("BK_TINH", "individual", 3_510_000),
        ("BK_TTG", "individual", 8_190_000),
        ("HC_LAO_DONG_3", "collective", 21_060_000),  # 4.5 × 2 for a collective
    ],
)
def test_amounts_of_the_sheet(catalogue, code, recipient, amount) -> None:
    assert reward_amount(code, recipient, AUG_2025).amount == amount


def test_household_multiplier_for_giay_khen(catalogue) -> None:
    result = reward_amount("GK", "household", AUG_2025, "xa")
    assert result.multiplier == Decimal("1.5")
    assert result.amount == 1_060_000  # 1,053,000 rounded up


def test_commune_giay_khen_doubles_on_1_july_2025(catalogue) -> None:
    before = reward_amount("GK", "individual", dt.date(2025, 6, 30), "xa")
    after = reward_amount("GK", "individual", dt.date(2025, 7, 1), "xa")
    assert (before.coefficient, before.amount) == (Decimal("0.15"), 360_000)
    assert (after.coefficient, after.amount) == (Decimal("0.3"), 710_000)
    assert "NĐ 152/2025" in after.basis


def test_base_salary_in_force_on_the_decision_date(catalogue) -> None:
    assert (
        reward_amount("LDTT", "individual", dt.date(2024, 6, 30)).base_salary
        == 1_800_000
    )
    assert (
        reward_amount("LDTT", "individual", dt.date(2024, 7, 1)).base_salary
        == 2_340_000
    )
    assert reward_amount("LDTT", "individual", dt.date(2024, 6, 30)).amount == 540_000


def test_giay_khen_needs_an_issuer_when_amounts_differ(catalogue) -> None:
    with pytest.raises(ValidationError) as exc:
        reward_amount("GK", "individual", dt.date(2025, 1, 10))
    assert "issuer" in exc.value.message_dict
    assert reward_amount("GK", "individual", AUG_2025).amount == 710_000  # all 0.3


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("XX", "individual", AUG_2025), "code"),
        (("LDTT", "collective", AUG_2025), "recipient"),
        (("LDTT", "robot", AUG_2025), "recipient"),
        (("LDTT", "individual", dt.date(2023, 1, 1)), "decision_date"),
        (("LDTT", "individual", AUG_2025, "xa"), "issuer"),
        (("GD_VH", "household", AUG_2025), "code"),  # no amount found in the law
    ],
)
def test_bad_input_names_the_field(catalogue, args, field) -> None:
    with pytest.raises(ValidationError) as exc:
        reward_amount(*args)
    assert field in exc.value.message_dict
