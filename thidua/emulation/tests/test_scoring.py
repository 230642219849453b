"""The scoring engine, formula by formula (contracts.md), without a database."""

from __future__ import annotations

import pytest

from thidua.emulation import scoring
from thidua.emulation.scoring import Criterion, UnitInput, Value, evaluate


def one(criterion: Criterion, **values: Value) -> dict[str, scoring.Result]:
    units = [
        UnitInput(unit=name, values={criterion.code: v}) for name, v in values.items()
    ]
    return {r.unit: r for r in evaluate([criterion], units)}


def test_plan_ratio_with_cap_and_floor():
    c = Criterion("p", 10, "plan_ratio", cap=1.2, floor=0.5)
    r = one(
        c,
        tan_uyen=Value(2.47, 1.65),
        muong_te=Value(5.4, 5.10),
        low=Value(0.4, 1),
        at_floor=Value(0.5, 1),
    )
    assert r["tan_uyen"].breakdown[0].points == 12.0  # capped at 1.2
    assert r["tan_uyen"].breakdown[0].ratio == pytest.approx(2.47 / 1.65)  # not rounded
    assert r["muong_te"].breakdown[0].points == pytest.approx(10 * 5.4 / 5.10)
    assert r["low"].breakdown[0].points == 0.0  # below the floor
    assert r["at_floor"].breakdown[0].points == 5.0  # the floor itself scores


def test_plan_ratio_without_cap_is_proportional():
    r = one(Criterion("p", 10, "plan_ratio"), a=Value(3, 2))
    assert r["a"].total == 15.0


def test_plan_ratio_lower_is_better_uses_plan_over_actual():
    c = Criterion("rate", 10, "plan_ratio", direction="lower_is_better")
    r = one(c, city=Value(1.35, 1.431), worse=Value(2, 1))
    assert r["city"].breakdown[0].ratio == pytest.approx(1.06)
    assert r["worse"].breakdown[0].points == 5.0


def test_reduction_counts_as_higher_is_better():
    c = Criterion("cut", 10, "plan_ratio", direction="reduction_pp")
    assert one(c, a=Value(2.47, 1.65))["a"].breakdown[0].ratio == pytest.approx(
        1.4969697
    )


def test_yes_no_under_plan_ratio():
    c = Criterion("town", 5, "plan_ratio", direction="yes_no")
    r = one(c, yes=Value(1), no=Value(0))
    assert (r["yes"].total, r["no"].total) == (5.0, 0.0)


def test_plan_of_zero_scores_zero_and_is_reported_not_a_crash():
    r = one(Criterion("p", 10, "plan_ratio"), a=Value(3, 0))
    line = r["a"].breakdown[0]
    assert (line.ratio, line.points, line.issue) == (None, 0.0, "plan_zero")
    assert r["a"].missing == ["p"]


def test_lower_is_better_at_zero_scores_the_capped_maximum():
    c = Criterion("rate", 10, "plan_ratio", direction="lower_is_better", cap=1.2)
    line = one(c, a=Value(0, 2))["a"].breakdown[0]
    assert (line.ratio, line.points, line.issue) == (None, 12.0, "actual_zero")


def test_minmax_higher_and_lower_and_all_equal():
    up = one(Criterion("r", 10, "minmax"), a=Value(90.27), b=Value(100), c=Value(99.1))
    assert (up["a"].total, up["b"].total) == (0.0, 10.0)
    assert up["c"].total == pytest.approx(10 * (99.1 - 90.27) / (100 - 90.27))
    down = one(
        Criterion("r", 10, "minmax", direction="lower_is_better"),
        a=Value(1),
        b=Value(3),
    )
    assert (down["a"].total, down["b"].total) == (10.0, 0.0)
    same = one(Criterion("r", 10, "minmax"), a=Value(100), b=Value(100))
    assert same["a"].total == same["b"].total == 10.0


def test_minmax_missing_value_scores_zero_and_is_ignored_for_the_range():
    r = one(Criterion("r", 10, "minmax"), a=Value(1), b=Value(3), gone=Value())
    assert r["gone"].total == 0.0 and r["gone"].missing == ["r"]
    assert r["a"].total == 0.0 and r["b"].total == 10.0


def test_threshold_defaults_to_one_and_respects_a_plan():
    c = Criterion("t", 5, "threshold")
    r = one(
        c, yes=Value(1), no=Value(0), plan_met=Value(19, 19), plan_missed=Value(18, 19)
    )
    assert [r[k].total for k in ("yes", "no", "plan_met", "plan_missed")] == [
        5,
        0,
        5,
        0,
    ]
    low = one(
        Criterion("t", 5, "threshold", direction="lower_is_better"), a=Value(2, 3)
    )
    assert low["a"].total == 5


def test_manual_points_and_weight():
    c = Criterion("m", 15, "manual", weight=2)
    r = one(c, a=Value(points=7.5), b=Value())
    assert r["a"].total == 15.0
    assert r["b"].missing == ["m"]


def test_total_caps_the_bonus_and_subtracts_the_penalty():
    c = Criterion("t", 5, "threshold")
    units = [UnitInput("a", {"t": Value(1)}, bonus=15, penalty=2)]
    (result,) = evaluate([c], units, bonus_cap=10)
    assert (result.total, result.bonus_counted) == (13.0, 10)


def test_equal_totals_share_a_rank():
    assert scoring.shared_ranks([10, 10, 8, 7, 7]) == [1, 1, 3, 4, 4]
    # float noise does not break a tie
    assert scoring.shared_ranks([0.1 + 0.2, 0.3]) == [1, 1]
    c = Criterion("t", 5, "threshold")
    results = evaluate(
        [c], [UnitInput(n, {"t": Value(v)}) for n, v in (("a", 1), ("b", 1), ("c", 0))]
    )
    assert [(r.unit, r.rank) for r in results] == [("a", 1), ("b", 1), ("c", 3)]


def test_tie_break_orders_and_leaves_unresolved_ties_shared():
    crit = [
        Criterion("eco", 10, "plan_ratio", group="kinh_te"),
        Criterion("m", 10, "manual", group="tdkt"),
    ]
    units = [
        UnitInput("a", {"eco": Value(1, 2), "m": Value(points=5)}),  # eco 5, at plan 0
        UnitInput("b", {"eco": Value(1, 1), "m": Value(points=0)}),  # eco 10, at plan 1
        UnitInput("c", {"eco": Value(1, 2), "m": Value(points=5)}),
    ]
    results = evaluate(crit, units)
    assert {r.unit: r.rank for r in results} == {"a": 1, "b": 1, "c": 1}
    ordered = scoring.tie_break(results, ["criteria_at_plan", "group:kinh_te"], crit)
    assert [(r.unit, pos) for r, pos in ordered] == [("b", 1), ("a", 2), ("c", 2)]


@pytest.mark.parametrize(
    ("direction", "actual", "plan", "expected"),
    [
        ("reduction_pp", 2.47, 1.65, 149.7),
        ("reduction_pp", 6.28, 4.33, 145.0),
        ("reduction_pp", 5.4, 5.10, 105.88),
        ("reduction_pp", 3.17, 3.10, 102.3),
        ("higher_is_better", 4.44, 4.44, 100.0),
        ("lower_is_better", 1.35, 1.431, 106.0),
        ("yes_no", 1, None, 100.0),
        ("yes_no", 0, None, 0.0),
    ],
)
def test_percent_of_plan_every_direction(direction, actual, plan, expected):
    assert scoring.percent_of_plan(direction, actual, plan) == pytest.approx(
        expected, abs=0.05
    )


def test_percent_of_plan_undefined_cases():
    assert scoring.percent_of_plan("higher_is_better", 3, 0) is None
    assert scoring.percent_of_plan("higher_is_better", 3, None) is None
    assert scoring.percent_of_plan("lower_is_better", 0, 2) is None
    assert scoring.percent_of_plan("higher_is_better", None, 2) is None


def test_explanations_show_the_formula_with_figures():
    c = Criterion("p", 10, "plan_ratio", cap=1.2, floor=0.5, direction="reduction_pp")
    line = one(c, a=Value(2.47, 1.65))["a"].breakdown[0]
    text = scoring.explain(c, line)
    assert text == "r = TH/KH = 2,47/1,65 = 1,497; điểm = 10 × min(r; 1,2) = 12."
    low = Criterion("r", 10, "plan_ratio", direction="lower_is_better")
    assert "r = KH/TH = 1,431/1,35" in scoring.explain(
        low, one(low, a=Value(1.35, 1.431))["a"].breakdown[0]
    )
    assert (
        "chưa có kế hoạch"
        in scoring.explain(c, one(c, a=Value(3.21))["a"].breakdown[0]).lower()
    )
