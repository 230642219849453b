"""Every rule of the sheet on the eligible and the not-eligible side, with boundaries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from thidua.commendations.eligibility import (
    STATUS_CODES,
    CollectiveFacts,
    Held,
    History,
    InitiativeFact,
    RuleBook,
    ValueInfo,
    evaluate,
    facts_from_history,
    statuses,
    streak,
)
from thidua.commendations.quotas import check_quotas


def verdict(history: History, year: int, book: RuleBook, code: str):
    (found,) = evaluate(history, year, book, codes=[code])
    return found


def person(ratings=None, titles=(), awards=(), initiatives=()) -> History:
    return History(
        ratings=dict(ratings or {}),
        titles=[Held(*t) for t in titles],
        awards=[Held(*a) for a in awards],
        initiatives=[InitiativeFact(*i) for i in initiatives],
    )


def test_streak_counts_consecutive_years_ending_at_year() -> None:
    history = person(titles=[(2021, "CSTDCS"), (2023, "CSTDCS"), (2024, "CSTDCS")])
    mask = facts_from_history(history).h("CSTDCS")
    assert streak(mask, 2024) == 2
    assert streak(mask, 2022) == 0
    assert streak(mask, 2021) == 1


@pytest.mark.parametrize(
    ("rating", "eligible", "status"),
    [
        ("HTXS", True, "eligible"),
        ("HTT", True, "eligible"),
        ("HT", False, "near"),
        ("KHT", False, "not"),
    ],
)
def test_ldtt_needs_htt_or_better(book, rating, eligible, status) -> None:
    v = verdict(person({2025: rating}), 2025, book, "LDTT")
    assert (v.eligible, v.status) == (eligible, status)
    assert v.basis == "Luật Thi đua, khen thưởng 2022, Điều 24"
    assert v.to_confirm  # the spirit condition is the council's to judge


def test_ldtt_without_rating_says_what_is_missing(book) -> None:
    v = verdict(person({2024: "HTT"}), 2025, book, "LDTT")
    assert not v.eligible
    assert v.missing == ["chưa có xếp loại năm 2025"]


def test_cstdcs_htxs_branch(book) -> None:
    v = verdict(person({2025: "HTXS"}), 2025, book, "CSTDCS")
    assert v.eligible and v.branch == "htxs"
    assert v.satisfied == ["2025: HTXS"]
    assert v.basis.endswith("Điều 23")


def test_cstdcs_htt_plus_initiative_branch(book) -> None:
    v = verdict(
        person({2025: "HTT"}, initiatives=[(2025, "co_so")]), 2025, book, "CSTDCS"
    )
    assert v.eligible and v.branch == "initiative"


def test_cstdcs_wider_scope_counts_for_co_so(book) -> None:
    v = verdict(
        person({2025: "HTT"}, initiatives=[(2025, "toan_quoc")]), 2025, book, "CSTDCS"
    )
    assert v.eligible


def test_cstdcs_htt_without_initiative_is_near(book) -> None:
    v = verdict(
        person({2025: "HTT"}, initiatives=[(2024, "co_so")]), 2025, book, "CSTDCS"
    )
    assert not v.eligible and v.status == "near"
    assert "sáng kiến" in v.missing[0]


def test_cstdcs_initiative_without_ldtt_is_not_eligible(book) -> None:
    v = verdict(
        person({2025: "HT"}, initiatives=[(2025, "co_so")]), 2025, book, "CSTDCS"
    )
    assert not v.eligible
    assert any("Lao động tiên tiến" in m for m in v.missing)


def cstdcs(*years: int) -> list[tuple]:
    return [(y, "CSTDCS") for y in years]


def test_cstd_tinh_three_consecutive_cstdcs_and_provincial_initiative(book) -> None:
    h = person(titles=cstdcs(2023, 2024, 2025), initiatives=[(2024, "tinh")])
    v = verdict(h, 2025, book, "CSTD_TINH")
    assert v.eligible
    assert "CSTĐCS: 2023, 2024, 2025" in v.satisfied
    assert v.to_confirm  # "selected as outstanding" is never assumed


def test_cstd_tinh_gap_breaks_consecutive(book) -> None:
    h = person(titles=cstdcs(2022, 2024, 2025), initiatives=[(2024, "tinh")])
    v = verdict(h, 2025, book, "CSTD_TINH")
    assert not v.eligible and v.status == "near"
    assert v.missing == ["cần thêm 1 năm CSTĐCS liên tục"]


def test_cstd_tinh_initiative_must_be_provincial(book) -> None:
    h = person(titles=cstdcs(2023, 2024, 2025), initiatives=[(2024, "co_so")])
    v = verdict(h, 2025, book, "CSTD_TINH")
    assert not v.eligible and v.status == "near"
    assert "phạm vi cấp tỉnh" in v.missing[0]


def test_cstd_tinh_initiative_outside_window_does_not_count(book) -> None:
    h = person(titles=cstdcs(2023, 2024, 2025), initiatives=[(2022, "tinh")])
    assert not verdict(h, 2025, book, "CSTD_TINH").eligible


def test_cstd_tq_two_consecutive_provincial_titles(book) -> None:
    h = person(
        titles=[(2022, "CSTD_TINH"), (2025, "CSTD_TINH")],
        initiatives=[(2024, "toan_quoc")],
    )
    assert verdict(h, 2025, book, "CSTD_TQ").eligible


def test_cstd_tq_one_cycle_missed_is_not_consecutive(book) -> None:
    h = person(
        titles=[(2021, "CSTD_TINH"), (2025, "CSTD_TINH")],
        initiatives=[(2024, "toan_quoc")],
    )
    v = verdict(h, 2025, book, "CSTD_TQ")
    assert not v.eligible
    assert v.missing == ["cần thêm 1 lần CSTĐ cấp tỉnh liên tục"]


def test_cstd_tq_needs_nationwide_initiative(book) -> None:
    h = person(
        titles=[(2022, "CSTD_TINH"), (2025, "CSTD_TINH")],
        initiatives=[(2024, "tinh")],
    )
    assert not verdict(h, 2025, book, "CSTD_TQ").eligible


def test_bk_tinh_two_consecutive_cstdcs(book) -> None:
    v = verdict(person(titles=cstdcs(2024, 2025)), 2025, book, "BK_TINH")
    assert v.eligible and v.basis.endswith("Điều 74 khoản 1 điểm d")


def test_bk_tinh_worked_example_of_bo_noi_vu(book) -> None:
    # 2023 HTXS + 1 initiative, no CSTĐCS; 2024 HTXS + 1 initiative and CSTĐCS (HTXS branch)
    h = person(
        {2023: "HTXS", 2024: "HTXS"},
        titles=[(2024, "CSTDCS", "htxs")],
        initiatives=[(2023, "co_so"), (2024, "co_so")],
    )
    v = verdict(h, 2024, book, "BK_TINH")
    assert v.eligible
    assert "2 sáng kiến cấp cơ sở trong giai đoạn 2023–2024" in v.satisfied


def test_bk_tinh_one_initiative_is_not_enough(book) -> None:
    h = person({2024: "HTXS", 2025: "HTXS"}, initiatives=[(2025, "co_so")])
    v = verdict(h, 2025, book, "BK_TINH")
    assert not v.eligible and v.status == "near"


def test_bk_tinh_does_not_reuse_an_initiative_that_earned_a_cstdcs(book) -> None:
    # CV 1168/BNV-BTĐKT: the 2024 initiative earned the 2024 CSTĐCS ("HTT + sáng
    # kiến" branch), so only the 2025 one counts towards the two of Art. 74(1)(d)
    h = person(
        {2024: "HTXS", 2025: "HTXS"},
        titles=[(2024, "CSTDCS", "initiative")],
        initiatives=[(2024, "co_so"), (2025, "co_so")],
    )
    v = verdict(h, 2025, book, "BK_TINH")
    assert not v.eligible and v.status == "near"
    assert any("1168" in m and "năm 2024" in m for m in v.missing)
    h.initiatives.append(InitiativeFact(2025, "co_so"))
    v = verdict(h, 2025, book, "BK_TINH")
    assert v.eligible
    assert any(s.startswith("2 sáng kiến") and "1168" in s for s in v.satisfied)


def test_bk_tinh_counts_initiatives_when_the_cstdcs_was_by_htxs(book) -> None:
    h = person(
        {2024: "HTXS", 2025: "HTXS"},
        titles=[(2024, "CSTDCS", "htxs")],
        initiatives=[(2024, "co_so"), (2025, "co_so")],
    )
    assert verdict(h, 2025, book, "BK_TINH").eligible
    # two consecutive CSTĐCS are enough on their own, whatever their branch
    both = person(
        titles=[(2024, "CSTDCS", "initiative"), (2025, "CSTDCS", "initiative")]
    )
    assert verdict(both, 2025, book, "BK_TINH").eligible


def test_batch_agrees_on_the_cv_1168_case(book) -> None:
    h = person(
        {2024: "HTXS", 2025: "HTXS"},
        titles=[(2024, "CSTDCS", "initiative")],
        initiatives=[(2024, "co_so"), (2025, "co_so")],
    )
    codes, (row,) = statuses([facts_from_history(h)], 2025, book)
    assert row[codes.index("BK_TINH")] == 1  # near, as the explained path says


def test_bk_ttg_five_years_htt_three_cstdcs_and_bk(book) -> None:
    ratings = dict.fromkeys(range(2021, 2026), "HTT")
    h = person(ratings, titles=cstdcs(2021, 2023, 2025), awards=[(2019, "BK_TINH")])
    assert verdict(h, 2025, book, "BK_TTG").eligible


def test_bk_ttg_four_years_is_one_short(book) -> None:
    ratings = dict.fromkeys(range(2022, 2026), "HTT") | {2021: "HT"}
    h = person(ratings, titles=cstdcs(2022, 2023, 2025), awards=[(2019, "BK_TINH")])
    v = verdict(h, 2025, book, "BK_TTG")
    assert not v.eligible and v.status == "near"
    assert v.missing == ["cần thêm 1 năm liên tục hoàn thành tốt nhiệm vụ trở lên"]


def test_bk_ttg_needs_a_provincial_bang_khen_first(book) -> None:
    ratings = dict.fromkeys(range(2021, 2026), "HTXS")
    v = verdict(person(ratings, titles=cstdcs(2021, 2023, 2025)), 2025, book, "BK_TTG")
    assert not v.eligible


def collective(**kw) -> History:
    base = {"rating": "HTXS", "members_total": 40, "members_completed_tasks": 40,
                "members_ldtt": 28, "members_cstdcs": 1, "members_disciplined": 0}  # fmt: skip
    return History(subject="collective", collective=CollectiveFacts(**(base | kw)))


def test_ttldxs_at_least_70_percent_boundary(book) -> None:
    assert verdict(collective(members_ldtt=28), 2025, book, "TTLDXS").eligible  # 70,0%
    v = verdict(collective(members_ldtt=27), 2025, book, "TTLDXS")  # 67,5%
    assert not v.eligible and v.status == "near"
    assert v.missing == ["cần thêm 1 cá nhân đạt LĐTT (ít nhất 70% của 40)"]


@pytest.mark.parametrize(
    "change",
    [
        {"rating": "HTT"},
        {"members_completed_tasks": 39},
        {"members_cstdcs": 0},
    ],
)
def test_ttldxs_each_condition_is_needed(book, change) -> None:
    assert not verdict(collective(**change), 2025, book, "TTLDXS").eligible


def test_ttldtt_at_least_70_percent_boundary(book) -> None:
    # research sheet §2.1: a province details Art. 28; "≥ 70 % LĐTT" (Bắc Ninh
    # QĐ 86/2025) replaces the pre-2024 "more than 50 %", a per-province value
    assert verdict(
        collective(rating="HTT", members_ldtt=28), 2025, book, "TTLDTT"
    ).eligible  # exactly 70 % of 40
    v = verdict(collective(rating="HTT", members_ldtt=27), 2025, book, "TTLDTT")
    assert not v.eligible
    assert v.missing == ["cần thêm 1 cá nhân đạt LĐTT (ít nhất 70% của 40)"]
    assert v.uncertain  # a provincial value, flagged [U]


def test_ttldtt_barred_by_a_warning(book) -> None:
    v = verdict(
        collective(rating="HTT", members_ldtt=30, members_disciplined=1),
        2025,
        book,
        "TTLDTT",
    )
    assert not v.eligible


def test_co_tinh_goes_to_the_bloc_leader(book) -> None:
    assert verdict(collective(bloc_leader=True), 2025, book, "CO_TINH").eligible
    v = verdict(collective(), 2025, book, "CO_TINH")
    assert not v.eligible and v.other_paths


def test_co_cp_needs_a_leading_collective_and_the_council(book) -> None:
    v = verdict(collective(bloc_leader=True), 2025, book, "CO_CP")
    assert v.eligible and len(v.to_confirm) == 3
    assert not verdict(collective(), 2025, book, "CO_CP").eligible


def test_judgment_only_codes_are_never_eligible(book) -> None:
    results = {v.code: v for v in evaluate(History(subject="household"), 2025, book)}
    # households only for the forms the research sheet gives them
    assert set(results) == {"GD_VH", "GK", "BK_TINH", "BK_BO", "BK_TTG"}
    assert all(v.status == "judgment" and not v.eligible for v in results.values())
    assert all(v.other_paths for v in results.values())


def test_every_verdict_cites_its_article(book) -> None:
    for subject in ("individual", "collective", "household"):
        for v in evaluate(History(subject=subject), 2025, book):
            assert v.basis.startswith(
                ("Luật Thi đua, khen thưởng 2022, Điều", "NĐ 152/2025/NĐ-CP, Điều")
            ), v


def test_batch_statuses_match_the_explained_path(book) -> None:
    histories = [
        person({2024: "HTXS", 2025: "HTXS"}, titles=cstdcs(2024, 2025)),
        person({2025: "HTT"}),
        person({2025: "KHT"}),
    ]
    codes, rows = statuses([facts_from_history(h) for h in histories], 2025, book)
    for history, row in zip(histories, rows, strict=True):
        explained = {v.code: v.status for v in evaluate(history, 2025, book)}
        assert {
            c: STATUS_CODES[s] for c, s in zip(codes, row, strict=True)
        } == explained


def test_no_cstdcs_quota_unless_an_administrator_sets_one(book) -> None:
    # research sheet §0.1-6: the 15 % cap of NĐ 91/2017 is gone
    proposed = [["LDTT", "CSTDCS"]] * 3 + [["LDTT"]] * 17  # 3 CSTĐCS out of 20 LĐTT
    assert not [c for c in check_quotas(proposed, book) if c.code == "CSTDCS"]
    values = dict(book.values)
    values[("CSTDCS", "quota_share", "")] = ValueInfo(
        Decimal("0.15"), "Quy định của tỉnh", False, book.name
    )
    local = RuleBook(name=book.name, awards=book.awards, values=values)
    (check,) = [c for c in check_quotas(proposed, local) if c.code == "CSTDCS"]
    assert (check.limit, check.count, check.within) == (3, 3, True)
    over = check_quotas([["LDTT", "CSTDCS"]] * 4 + [["LDTT"]] * 16, local)
    assert not over[0].within and over[0].message.startswith("Vượt tỷ lệ")


def test_cstd_tinh_does_not_reuse_years_of_an_earlier_award(book) -> None:
    h = person(
        titles=[*cstdcs(2021, 2022, 2023, 2024, 2025), (2023, "CSTD_TINH")],
        initiatives=[(2025, "tinh")],
    )
    v = verdict(h, 2025, book, "CSTD_TINH")
    assert not v.eligible
    assert v.missing == [
        "cần thêm 1 năm CSTĐCS liên tục (sau lần CSTĐ cấp tỉnh năm 2023)"
    ]
    assert (
        verdict(h, 2026, book, "CSTD_TINH").status == "near"
    )  # 2026 is the one to come


def test_cstd_tinh_accepts_a_nationwide_initiative(book) -> None:
    # a wider scope counts where a narrower one is required (contracts.md)
    h = person(titles=cstdcs(2023, 2024, 2025), initiatives=[(2023, "toan_quoc")])
    assert verdict(h, 2025, book, "CSTD_TINH").eligible
    only_co_so = person(titles=cstdcs(2023, 2024, 2025), initiatives=[(2023, "co_so")])
    assert not verdict(only_co_so, 2025, book, "CSTD_TINH").eligible


def test_cstd_tq_initiative_must_be_nationwide(book) -> None:
    titles = [(2022, "CSTD_TINH"), (2025, "CSTD_TINH")]
    assert not verdict(person(titles=titles, initiatives=[(2024, "tinh")]), 2025, book, "CSTD_TQ").eligible  # fmt: skip
    assert verdict(person(titles=titles, initiatives=[(2024, "toan_quoc")]), 2025, book, "CSTD_TQ").eligible  # fmt: skip


def test_cstdcs_prefers_the_htxs_branch_when_both_hold(book) -> None:
    # keeps the initiative free for Bằng khen (CV 1168/BNV-BTĐKT)
    h = person({2025: "HTXS"}, initiatives=[(2025, "co_so")])
    assert verdict(h, 2025, book, "CSTDCS").branch == "htxs"


def test_ttldxs_shows_discipline_to_the_council(book) -> None:
    facts = CollectiveFacts(
        rating="HTXS", members_total=10, members_completed_tasks=10,
        members_ldtt=7, members_cstdcs=1, members_disciplined=1,
    )  # fmt: skip
    v = verdict(History(subject="collective", collective=facts), 2025, book, "TTLDXS")
    assert v.eligible
    assert any("kỷ luật" in c for c in v.to_confirm)
    assert not verdict(
        History(subject="collective", collective=facts), 2025, book, "TTLDTT"
    ).eligible


def test_a_one_year_window_reads_as_a_year_not_a_range():
    # seen on a dossier: "cần thêm 2 sáng kiến cấp cơ sở trong giai đoạn 2025–2025"
    from thidua.commendations.eligibility import period_text

    assert period_text(2025, 2025) == "năm 2025"
    assert period_text(2024, 2025) == "giai đoạn 2024–2025"
