"""The whole catalogue of the 2022 Law (research sheet catalogue-2022-full.md) and the
corrections of issue 13 §7: every computable criterion the sheet gives, on both sides."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from thidua.commendations.catalogue_forms import FORMS
from thidua.commendations.eligibility import (
    STATUS_CODES,
    CollectiveFacts,
    Held,
    History,
    InitiativeFact,
    MissingRuleValue,
    RuleBook,
    ServiceFacts,
    ValueInfo,
    evaluate,
    facts_from_history,
    statuses,
)

# Every code the research sheet proposes (§1.2–1.8, §2.1), plus contracts.md's
SHEET_CODES = {
    "LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "TTLDTT", "TTLDXS", "CO_TINH", "CO_CP",
    "GK", "BK_TINH", "BK_TTG", "BK_BO", "BK_QUAN_KHU", "CSTT", "DVQT", "DVTT",
    "CO_QUAN_KHU", "XA_TIEU_BIEU", "THON_VH",
    "HC_SAO_VANG", "HC_HCM", "HC_DOC_LAP_1", "HC_DOC_LAP_2", "HC_DOC_LAP_3",
    "HC_QUAN_CONG_1", "HC_QUAN_CONG_2", "HC_QUAN_CONG_3",
    "HC_LAO_DONG_1", "HC_LAO_DONG_2", "HC_LAO_DONG_3", "HC_BVTQ_1", "HC_BVTQ_2",
    "HC_BVTQ_3", "HC_CHIEN_CONG_1", "HC_CHIEN_CONG_2", "HC_CHIEN_CONG_3", "HC_DDKDT",
    "HC_DUNG_CAM", "HC_HUU_NGHI", "HUY_CHUONG_QKQT", "HUY_CHUONG_VANTQ",
    "HUY_CHUONG_CSVV_1", "HUY_CHUONG_CSVV_2", "HUY_CHUONG_CSVV_3",
    "HUY_CHUONG_HUU_NGHI", "DH_TINH_ANH_HUNG", "DH_TP_ANH_HUNG", "DH_BMVNAH",
    "DH_AHLLVTND", "DH_AHLD", "DH_NGND", "DH_NGUT", "DH_TTND", "DH_TTUT", "DH_NSND",
    "DH_NSUT", "DH_NNND", "DH_NNUT", "GT_HCM", "GT_NHA_NUOC", "KNC_UBTVQH",
    "KNC_BO_TINH",
}  # fmt: skip


def one(history: History, year: int, book: RuleBook, code: str):
    (found,) = evaluate(history, year, book, codes=[code])
    return found


def person(ratings=None, titles=(), awards=(), initiatives=(), service=None) -> History:
    return History(
        ratings=dict(ratings or {}),
        titles=[Held(*t) for t in titles],
        awards=[Held(*a) for a in awards],
        initiatives=[InitiativeFact(*i) for i in initiatives],
        service=service,
    )


def good(first: int, last: int, rating: str = "HTT") -> dict[int, str]:
    return dict.fromkeys(range(first, last + 1), rating)


def cstdcs(*years: int) -> list[tuple[int, str]]:
    return [(y, "CSTDCS") for y in years]


def test_every_code_of_the_sheet_is_in_the_catalogue(book) -> None:
    assert SHEET_CODES <= {f.code for f in FORMS}
    assert SHEET_CODES <= set(book.awards)
    for form in FORMS:
        assert form.basis and form.decides and form.proposes, form.code


# --- issue 13 §7 corrections ---------------------------------------------------------


def test_bk_ttg_counts_cstdcs_anywhere_in_the_whole_run(book) -> None:
    """Art. 73(1)(b): the three CSTĐCS may lie anywhere in the run of HTT years up to
    the proposal, not only in its last five (research sheet §1.7)."""
    h = person(
        good(2017, 2025), titles=cstdcs(2018, 2019, 2020), awards=[(2017, "BK_TINH")]
    )
    v = one(h, 2025, book, "BK_TTG")
    assert v.eligible, v.missing
    assert "CSTĐCS: 2018, 2019, 2020" in v.satisfied
    broken = person(
        {**good(2017, 2025), 2020: "HT"},
        titles=cstdcs(2018, 2019, 2021),
        awards=[(2017, "BK_TINH")],
    )
    assert not one(broken, 2025, book, "BK_TTG").eligible  # the run starts in 2021


def test_bk_ttg_does_not_count_a_bang_khen_of_the_same_year(book) -> None:
    h = person(
        good(2021, 2025), titles=cstdcs(2021, 2022, 2023), awards=[(2025, "BK_TINH")]
    )
    v = one(h, 2025, book, "BK_TTG")
    assert not v.eligible
    assert v.missing[0].startswith(
        "cần đã được tặng Bằng khen cấp bộ, ngành, tỉnh trước năm xét"
    )
    assert one(h, 2026, book, "BK_TTG").status in ("near", "not")  # 2026 not rated yet
    later = person(
        good(2021, 2026), titles=cstdcs(2021, 2022, 2023), awards=[(2025, "BK_TINH")]
    )
    assert one(later, 2026, book, "BK_TTG").eligible


def test_bk_tinh_does_not_reuse_the_years_of_an_earlier_bang_khen(book) -> None:
    h = person(titles=cstdcs(2023, 2024, 2025), awards=[(2024, "BK_TINH")])
    v = one(h, 2025, book, "BK_TINH")
    assert not v.eligible  # 2023–2024 rewarded by the 2024 Bằng khen
    assert any("sau lần Bằng khen cùng cấp năm 2024" in m for m in v.missing)
    h2 = person(titles=cstdcs(2023, 2024, 2025, 2026), awards=[(2024, "BK_TINH")])
    assert one(h2, 2026, book, "BK_TINH").eligible
    # a ministry's Bằng khen is of the same level (research sheet §1.7, Art. 74)
    h3 = person(titles=cstdcs(2023, 2024, 2025), awards=[(2024, "BK_BO")])
    assert not one(h3, 2025, book, "BK_TINH").eligible


def test_collective_and_household_verdicts_cite_their_own_clauses(book) -> None:
    coll = History(subject="collective", ratings=good(2024, 2025, "HTXS"))
    v = one(coll, 2025, book, "BK_TINH")
    assert v.basis == "Luật Thi đua, khen thưởng 2022, Điều 74 khoản 2 điểm c"
    assert v.eligible  # two consecutive years HTXS (Art. 74(2)(c))
    assert not one(
        History(subject="collective", ratings={2024: "HTT", 2025: "HTXS"}),
        2025,
        book,
        "BK_TINH",
    ).eligible
    via_title = History(
        subject="collective", ratings={2025: "HTXS"}, titles=[Held(2024, "TTLDXS")]
    )
    assert one(via_title, 2025, book, "BK_TINH").eligible
    household = one(History(subject="household"), 2025, book, "BK_TINH")
    assert household.basis == "Luật Thi đua, khen thưởng 2022, Điều 74 khoản 3"
    assert household.status == "judgment"
    assert any("đất đai" in p for p in household.other_paths)
    assert one(History(subject="household"), 2025, book, "BK_TTG").basis.endswith(
        "Điều 73 khoản 3"
    )
    assert one(History(subject="collective"), 2025, book, "BK_TTG").basis.endswith(
        "Điều 73 khoản 2"
    )


def test_households_only_for_the_forms_the_sheet_gives_them(book) -> None:
    codes = {v.code for v in evaluate(History(subject="household"), 2025, book)}
    assert codes == {"GD_VH", "GK", "BK_TINH", "BK_BO", "BK_TTG"}


def test_cstdcs_inferred_from_a_rating_lists_its_qualitative_condition(book) -> None:
    v = one(person({2025: "HTXS"}), 2025, book, "CSTDCS")
    assert v.eligible
    assert any(
        c.startswith("Tiêu chuẩn Lao động tiên tiến năm 2025") for c in v.to_confirm
    )
    held = one(person({2025: "HTXS"}, titles=[(2025, "LDTT")]), 2025, book, "CSTDCS")
    assert not any("Lao động tiên tiến" in c for c in held.to_confirm)


def test_an_award_already_held_is_never_proposed_again(book) -> None:
    """Issue 10 point 6: LĐTT 2024 already recorded is not "Có thể đề nghị ngay"."""
    h = person({2024: "HTT"}, titles=[(2024, "LDTT")])
    v = one(h, 2024, book, "LDTT")
    assert (v.eligible, v.status, v.status_label) == (False, "held", "Đã được tặng")
    codes, rows = statuses([facts_from_history(h)], 2024, book)
    assert STATUS_CODES[rows[0][codes.index("LDTT")]] == "held"
    assert one(h, 2025, book, "LDTT").status == "near"  # 2025 not rated yet


# --- Huân chương (Art. 34, 35, 43, 44) --------------------------------------------------


def test_hclđ_hang_ba_after_bk_ttg_five_years(book) -> None:
    """Art. 44(1)(e): BK TTg, then ≥ 5 consecutive years ≥ HTT with 1 HTXS and 3 CSTĐCS."""
    ratings = {**good(2020, 2024), 2022: "HTXS"}
    h = person(ratings, titles=cstdcs(2020, 2021, 2023), awards=[(2019, "BK_TTG")])
    v = one(h, 2024, book, "HC_LAO_DONG_3")
    assert v.eligible, v.missing
    assert v.basis.endswith("Điều 44 khoản 1 điểm e")
    assert v.to_confirm  # judgment-only criteria shown to the council
    assert not one(
        person(ratings, titles=cstdcs(2020, 2021), awards=[(2019, "BK_TTG")]),
        2024,
        book,
        "HC_LAO_DONG_3",
    ).eligible
    # the years before the Bằng khen do not count ("05 năm tiếp theo")
    early = person(
        good(2017, 2024) | {2018: "HTXS"},
        titles=cstdcs(2017, 2018, 2019),
        awards=[(2021, "BK_TTG")],
    )
    v = one(early, 2024, book, "HC_LAO_DONG_3")
    assert not v.eligible
    assert (
        "cần 5 năm liên tục hoàn thành tốt nhiệm vụ trở lên sau lần Bằng khen của Thủ tướng Chính phủ (hiện có 3)"
        in v.missing
    )


def test_hclđ_hang_nhi_after_hang_ba(book) -> None:
    """Art. 43(1): HCLĐ hạng Ba, then ≥ 5 years ≥ HTT with 2 HTXS and 1 CSTĐ bộ/tỉnh."""
    ratings = {**good(2019, 2023), 2020: "HTXS", 2022: "HTXS"}
    h = person(ratings, titles=[(2021, "CSTD_TINH")], awards=[(2018, "HC_LAO_DONG_3")])
    assert one(h, 2023, book, "HC_LAO_DONG_2").eligible
    one_htxs = person(
        {**ratings, 2022: "HTT"},
        titles=[(2021, "CSTD_TINH")],
        awards=[(2018, "HC_LAO_DONG_3")],
    )
    v = one(one_htxs, 2023, book, "HC_LAO_DONG_2")
    assert v.status == "near"
    assert "cần thêm 1 năm hoàn thành xuất sắc nhiệm vụ trong thời gian đó" in v.missing


def test_hc_ho_chi_minh_and_sao_vang_for_collectives(book) -> None:
    """Art. 35(2): HC Độc lập hạng Nhất then ≥ 10 years; Art. 34(3)(a): HC HCM then ≥ 25."""
    coll = History(
        subject="collective",
        ratings=good(2011, 2020),
        awards=[Held(2010, "HC_DOC_LAP_1")],
    )
    assert one(coll, 2020, book, "HC_HCM").eligible
    assert not one(coll, 2019, book, "HC_HCM").eligible
    sao = History(
        subject="collective", ratings=good(1996, 2020), awards=[Held(1995, "HC_HCM")]
    )
    assert one(sao, 2020, book, "HC_SAO_VANG").eligible
    assert one(sao, 2019, book, "HC_SAO_VANG").status == "near"
    # for an individual only the council judges
    ind = one(person(good(2000, 2025)), 2025, book, "HC_HCM")
    assert ind.status == "judgment" and ind.other_paths


def test_criteria_not_retrieved_are_shown_and_completed_by_an_administrator(
    book,
) -> None:
    v = one(person(good(2015, 2025)), 2025, book, "HC_DOC_LAP_2")
    assert v.status == "judgment" and v.uncertain
    assert any("quản trị viên bổ sung" in c for c in v.to_confirm)
    values = dict(book.values)
    values[("HC_DOC_LAP_2", "prerequisite", "")] = ValueInfo(
        None, "QĐ của tỉnh", False, book.name, "HC_DOC_LAP_3"
    )
    values[("HC_DOC_LAP_2", "consecutive_years", "")] = ValueInfo(
        Decimal(5), "QĐ của tỉnh", False, book.name
    )
    completed = RuleBook(name=book.name, awards=book.awards, values=values)
    h = person(good(2020, 2025), awards=[(2019, "HC_DOC_LAP_3")])
    assert one(h, 2025, completed, "HC_DOC_LAP_2").eligible


def test_the_batch_path_prepares_each_rule_once_and_agrees(book) -> None:
    """statuses binds the settings of the Huân chương and service rules once per book
    (a configurable code without values is the council's): same statuses as evaluate,
    before and after an administrator completes a value."""
    values = dict(book.values)
    values[("HC_DOC_LAP_2", "prerequisite", "")] = ValueInfo(
        None, "QĐ của tỉnh", False, book.name, "HC_DOC_LAP_3"
    )
    values[("HC_DOC_LAP_2", "consecutive_years", "")] = ValueInfo(
        Decimal(5), "QĐ của tỉnh", False, book.name
    )
    completed = RuleBook(name=book.name, awards=book.awards, values=values)
    histories = [
        person(),
        person(good(2020, 2025), awards=[(2019, "HC_DOC_LAP_3")]),
        person({**good(2019, 2024), 2021: "HTXS"}, titles=cstdcs(2020, 2021, 2023),
               awards=[(2018, "BK_TTG")]),
        person(good(2024, 2025), service=ServiceFacts(years=25), awards=[(2025, "GK")]),
    ]  # fmt: skip
    for rules in (book, completed):
        codes, rows = statuses([facts_from_history(h) for h in histories], 2025, rules)
        for history, row in zip(histories, rows, strict=True):
            explained = {v.code: v.status for v in evaluate(history, 2025, rules)}
            assert dict(
                zip(codes, map(STATUS_CODES.__getitem__, row), strict=True)
            ) == (explained)
    values = {
        k: v for k, v in book.values.items() if k != ("HC_LAO_DONG_3", "min_cstdcs", "")
    }
    values.pop(("HC_LAO_DONG_3", "prerequisite", ""))
    broken = RuleBook(name=book.name, awards=book.awards, values=values)
    with pytest.raises(MissingRuleValue):  # when used, as on the explained path
        statuses([facts_from_history(person())], 2025, broken)


def test_a_missing_value_fails_loudly(book) -> None:
    values = {
        k: v for k, v in book.values.items() if k != ("BK_TTG", "consecutive_years", "")
    }
    broken = RuleBook(name=book.name, awards=book.awards, values=values)
    with pytest.raises(MissingRuleValue):
        evaluate(person(), 2025, broken)
    values = {
        k: v for k, v in book.values.items() if k != ("HC_LAO_DONG_3", "min_cstdcs", "")
    }
    values.pop(("HC_LAO_DONG_3", "prerequisite", ""))
    with pytest.raises(MissingRuleValue):
        evaluate(
            person(), 2025, RuleBook(name=book.name, awards=book.awards, values=values)
        )


# --- years of service (Art. 55, 63, 64, 65) -------------------------------------------


@pytest.mark.parametrize(
    ("service", "eligible"),
    [
        (ServiceFacts(years=15), True),
        (ServiceFacts(years=14), False),
        # 3 of 12 years in a border or island area count twice: 12 + 3 = 15
        (ServiceFacts(years=12, hardship_years=3), True),
        (ServiceFacts(years=11, hardship_years=3), False),
        (ServiceFacts(years=10, sector_years=20, manager=True), True),
        (ServiceFacts(years=9, sector_years=20, manager=True), False),
        (ServiceFacts(years=8, sector_years=18, hardship_years=2, manager=True), True),
    ],
)
def test_nha_giao_uu_tu_years_of_teaching(book, service, eligible) -> None:
    """Art. 64(3)(c), (4): 15 years teaching; managers 20 in the sector incl. 10."""
    v = one(person(service=service), 2025, book, "DH_NGUT")
    assert v.eligible is eligible, (v.satisfied, v.missing)


def test_thay_thuoc_nhan_dan_needs_uu_tu_and_20_years(book) -> None:
    """Art. 65(2): already Thầy thuốc ưu tú and ≥ 20 years of direct work."""
    ok = person(awards=[(2015, "DH_TTUT")], service=ServiceFacts(years=20))
    assert one(ok, 2025, book, "DH_TTND").eligible
    no_title = person(service=ServiceFacts(years=25))
    v = one(no_title, 2025, book, "DH_TTND")
    assert not v.eligible and v.missing[0] == "cần đã được tặng Thầy thuốc ưu tú"
    # no doubling of hardship years outside Art. 64
    assert not one(
        person(
            awards=[(2015, "DH_TTUT")], service=ServiceFacts(years=18, hardship_years=5)
        ),
        2025,
        book,
        "DH_TTND",
    ).eligible


@pytest.mark.parametrize(("code", "years"), [("HUY_CHUONG_QKQT", 25), ("DH_AHLD", 10)])
def test_years_of_service_forms(book, code, years) -> None:
    assert one(person(service=ServiceFacts(years=years)), 2025, book, code).eligible
    v = one(person(service=ServiceFacts(years=years - 1)), 2025, book, code)
    assert not v.eligible and v.status == "near"
    assert one(person(), 2025, book, code).missing == ["chưa có số năm công tác"]


def test_giay_khen_checks_the_rating_and_leaves_the_achievement_to_the_council(
    book,
) -> None:
    v = one(person({2025: "HTT"}), 2025, book, "GK")
    assert v.eligible and v.to_confirm
    assert not one(person({2025: "HT"}), 2025, book, "GK").eligible
    coll = History(
        subject="collective", collective=CollectiveFacts(rating="HTT", members_total=5)
    )
    c = one(coll, 2025, book, "GK")
    assert c.eligible and c.basis.endswith("(tiêu chuẩn tập thể)")


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.code)
def test_every_code_answers_for_each_of_its_recipients(book, form) -> None:
    info = book.awards[form.code]
    for subject in info.recipients:
        (v,) = evaluate(History(subject=subject), 2025, book, codes=[form.code])
        assert v.basis and v.status in STATUS_CODES
        # without facts nothing computable can hold
        assert not v.eligible
        if v.status == "judgment":
            assert v.other_paths or v.to_confirm, form.code
        assert dataclasses.asdict(v)
