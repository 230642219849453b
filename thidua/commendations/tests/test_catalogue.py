from __future__ import annotations

import datetime as dt
from decimal import Decimal

from thidua.commendations import services
from thidua.commendations.catalogue import ND98, ND152, load_catalogue, seed_book
from thidua.commendations.models import AwardType, RuleSet, RuleValue
from thidua.commendations.selectors import book_for_year, rule_book, rule_set_on


def test_catalogue_has_every_contract_code(catalogue) -> None:
    codes = set(AwardType.objects.values_list("code", flat=True))
    assert {"LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "TTLDTT", "TTLDXS", "CO_TINH",
            "CO_CP", "GK", "BK_TINH", "BK_TTG"} <= codes  # fmt: skip
    assert {"XA_TIEU_BIEU", "THON_VH", "GD_VH", "HC_LAO_DONG_3"} <= codes


def test_load_catalogue_is_idempotent_and_keeps_admin_edits(catalogue) -> None:
    value = RuleValue.objects.get(
        rule_set__name=ND152, award_type__code="CO_TINH", key="coefficient"
    )
    value.value = Decimal("9.0")
    value.save()
    before = RuleValue.objects.count()
    load_catalogue()
    value.refresh_from_db()
    assert value.value == Decimal("9.0")
    assert RuleValue.objects.count() == before


def test_seed_book_equals_the_stored_rule_book(catalogue) -> None:
    for name in (ND98, ND152):
        stored = rule_book(RuleSet.objects.get(name=name))
        assert stored.values == seed_book(name).values
        assert stored.awards == seed_book(name).awards


def test_rule_set_changes_on_its_effective_date(catalogue) -> None:
    assert rule_set_on(dt.date(2025, 6, 30)).name == ND98
    assert rule_set_on(dt.date(2025, 7, 1)).name == ND152
    assert rule_set_on(dt.date(2023, 12, 31)) is None
    assert book_for_year(2024).name == ND98
    assert book_for_year(2025).name == ND152


def test_an_amendment_is_data_and_inherits_what_it_does_not_restate(catalogue) -> None:
    current = RuleSet.objects.get(name=ND152)
    amended = services.rule_set_create_from(
        source=current,
        name="Luật TĐKT sửa đổi 2026 (giả định)",
        valid_from=dt.date(2026, 10, 1),
        legal_basis="Văn bản giả định cho kiểm thử",
    )
    services.rule_value_set(
        rule_set=amended, code="TTLDXS", key="min_share", value=Decimal("0.8"),
        source="Giả định",
    )  # fmt: skip
    current.refresh_from_db()
    assert current.valid_to == dt.date(2026, 9, 30)
    book_2026 = book_for_year(2026)
    assert book_2026.name == amended.name
    assert book_2026.value("TTLDXS", "min_share") == Decimal("0.8")
    assert book_2026.value("LDTT", "coefficient") == Decimal("0.3")  # inherited
    assert book_for_year(2025).value("TTLDXS", "min_share") == Decimal("0.7")
