"""Emulation (thi đua): movements, indicators, pledges, actual values, scoring tables, scores.

Values are stored raw (a share as numerator and denominator); "% of plan", ratios
and points are derived by thidua/emulation/scoring.py and never typed in.

One module per concern; import from here.
"""

from .movements import Direction, Indicator, Movement, PeriodType
from .periods import ActualValue, Reopening, ReportingPeriod
from .pledges import PlanValue, Pledge, Registration
from .scoring import (
    STAGE_ORDER,
    AdjustmentItem,
    CriteriaGroup,
    Criterion,
    Method,
    ScoreLine,
    ScoreSheet,
    ScoringTable,
    SheetAdjustment,
    Stage,
)

__all__ = [
    "ActualValue",
    "AdjustmentItem",
    "CriteriaGroup",
    "Criterion",
    "Direction",
    "Indicator",
    "Method",
    "Movement",
    "PeriodType",
    "PlanValue",
    "Pledge",
    "Registration",
    "Reopening",
    "ReportingPeriod",
    "ScoreLine",
    "ScoreSheet",
    "ScoringTable",
    "SheetAdjustment",
    "Stage",
    "STAGE_ORDER",
]
