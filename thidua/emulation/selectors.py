"""Reads for emulation: what a period asks for, scoring inputs, rankings and explanations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Exists, OuterRef

from thidua.lib.formats import number, percent
from thidua.units.access import blocs_for_user, editable_unit_ids
from thidua.units.models import BlocMembership, BlocYear, EmulationBloc, OrgUnit

from . import scoring
from .models import (
    STAGE_ORDER,
    ActualValue,
    AdjustmentItem,
    Criterion,
    Indicator,
    PlanValue,
    ReportingPeriod,
    ScoreSheet,
    ScoringTable,
    SheetAdjustment,
    Stage,
)

# --- data entry -----------------------------------------------------------------


def members(bloc: EmulationBloc, year: int) -> list[OrgUnit]:
    ids = BlocMembership.objects.filter(bloc=bloc, year=year).values("unit_id")
    return sorted(OrgUnit.objects.filter(id__in=ids), key=lambda u: u.code)


def period_indicators(period: ReportingPeriod) -> list[Indicator]:
    """The bloc's indicators that year (scoring criteria and pledged plans) of the period's type."""
    ids = set(
        Criterion.objects.filter(
            table__bloc_id=period.bloc_id,
            table__year=period.year,
            indicator__isnull=False,
        ).values_list("indicator_id", flat=True)
    ) | set(
        PlanValue.objects.filter(
            pledge__bloc_id=period.bloc_id, pledge__year=period.year
        ).values_list("indicator_id", flat=True)
    )
    return list(
        Indicator.objects.filter(
            id__in=ids, period_type__in=period.period_types()
        ).order_by("code")
    )


def plans_for(bloc: EmulationBloc, year: int) -> dict[tuple[int, int], float]:
    """(unit id, indicator id) → plan value."""
    return {
        (p["pledge__unit_id"], p["indicator_id"]): p["value"]
        for p in PlanValue.objects.filter(pledge__bloc=bloc, pledge__year=year).values(
            "pledge__unit_id", "indicator_id", "value"
        )
    }


def actuals_for(period: ReportingPeriod) -> dict[tuple[int, int], ActualValue]:
    return {(a.unit_id, a.indicator_id): a for a in period.actuals.all()}


def units_sent(period: ReportingPeriod) -> set[int]:
    """Units whose figures for `period` are sent: read-only until recalled or returned."""
    return set(
        period.actuals.filter(status=ActualValue.Status.SUBMITTED).values_list(
            "unit_id", flat=True
        )
    )


def periods_to_fill(user: Any) -> list[ReportingPeriod]:
    """Open periods where a member unit the user enters figures for has not sent them.

    One statement whatever the number of open periods: a national officer has one
    a cluster (about 100), and two reads a period made the home page 200 queries."""
    members = BlocMembership.objects.filter(
        bloc_id=OuterRef("bloc_id"), year=OuterRef("year")
    )
    editable = editable_unit_ids(user)
    if editable is not None:
        members = members.filter(unit_id__in=editable)
    sent = ActualValue.objects.filter(
        period_id=OuterRef(OuterRef("pk")),
        unit_id=OuterRef("unit_id"),
        status=ActualValue.Status.SUBMITTED,
    )
    return list(
        ReportingPeriod.objects.filter(
            Exists(members.exclude(Exists(sent))),
            bloc__in=blocs_for_user(user),
            status=ReportingPeriod.Status.OPEN,
        ).select_related("bloc")
    )


def year_period(bloc: EmulationBloc, year: int) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(
        bloc=bloc, year=year, period=ReportingPeriod.Period.YEAR
    ).first()


# --- scoring --------------------------------------------------------------------


def table_for(bloc: EmulationBloc, year: int) -> ScoringTable | None:
    return ScoringTable.objects.filter(bloc=bloc, year=year).first()


def engine_criterion(c: Criterion) -> scoring.Criterion:
    """The scoring engine's view of a stored criterion (its group must be loaded)."""
    return scoring.Criterion(
        code=c.code,
        name=c.name,
        max_points=c.max_points,
        method=c.method,
        direction=c.direction,
        cap=c.cap,
        floor=c.floor,
        weight=c.weight,
        group=c.group.code if c.group else "",
    )


def criteria_of(table: ScoringTable) -> list[tuple[Criterion, scoring.Criterion]]:
    rows = table.criteria.select_related("group", "indicator").order_by(
        "group__order", "order", "pk"
    )
    return [(c, engine_criterion(c)) for c in rows]


@dataclass
class StageEntry:
    """What evaluators set on one unit's sheet: manual points and bonus/penalty."""

    manual: dict[str, float]
    bonus: float = 0.0
    penalty: float = 0.0
    source: str = ""


def latest_entries(
    table: ScoringTable, *, upto: str | None = None
) -> dict[int, StageEntry]:
    """Per unit, the manual points and adjustments of its latest stage (before `upto`)."""
    stages: list[str] = [s for s in STAGE_ORDER if s != Stage.FINAL]
    if upto is not None:
        stages = stages[: stages.index(upto) + 1]
    sheets = ScoreSheet.objects.filter(table=table, stage__in=stages).prefetch_related(
        "lines__criterion", "adjustments__item"
    )
    best: dict[int, ScoreSheet] = {}
    for sheet in sheets:
        cur = best.get(sheet.unit_id)
        if cur is None or stages.index(sheet.stage) > stages.index(cur.stage):
            best[sheet.unit_id] = sheet
    return {uid: entry_of(sheet) for uid, sheet in best.items()}


def entry_of(sheet: ScoreSheet) -> StageEntry:
    manual = {
        line.criterion.code: line.manual_points
        for line in sheet.lines.all()
        if line.manual_points is not None
    }
    return StageEntry(
        manual=manual, bonus=sheet.bonus, penalty=sheet.penalty, source=sheet.stage
    )


def adjustment_totals(
    adjustments: list[SheetAdjustment] | list[tuple[AdjustmentItem, float]],
) -> tuple[float, float]:
    """Bonus and penalty of a sheet, each item limited to its own cap."""
    bonus = penalty = 0.0
    for adj in adjustments:
        item, points = (
            (adj.item, adj.points) if isinstance(adj, SheetAdjustment) else adj
        )
        counted = (
            min(points, item.max_points) if item.max_points is not None else points
        )
        if item.kind == AdjustmentItem.Kind.BONUS:
            bonus += counted
        else:
            penalty += counted
    return bonus, penalty


@dataclass
class Inputs:
    table: ScoringTable
    criteria: list[tuple[Criterion, scoring.Criterion]]
    units: list[OrgUnit]
    inputs: list[scoring.UnitInput]


def scoring_inputs(
    table: ScoringTable, entries: dict[int, StageEntry] | None = None
) -> Inputs:
    """Actual values (the year's period), plans and evaluator entries for every member."""
    criteria = criteria_of(table)
    units = members(table.bloc, table.year)
    entries = latest_entries(table) if entries is None else entries
    period = year_period(table.bloc, table.year)
    actual = (
        {
            (a["unit_id"], a["indicator_id"]): a["value"]
            for a in ActualValue.objects.filter(period=period).values(
                "unit_id", "indicator_id", "value"
            )
        }
        if period
        else {}
    )
    plans = plans_for(table.bloc, table.year)
    inputs = []
    for unit in units:
        entry = entries.get(unit.id, StageEntry(manual={}))
        values = {}
        for c, sc in criteria:
            if c.method == "manual":
                values[sc.code] = scoring.Value(points=entry.manual.get(sc.code))
            else:
                key = (unit.id, c.indicator_id or 0)  # an indicator criterion has one
                values[sc.code] = scoring.Value(
                    actual=actual.get(key), plan=plans.get(key)
                )
        inputs.append(
            scoring.UnitInput(
                unit=unit.id, values=values, bonus=entry.bonus, penalty=entry.penalty
            )
        )
    return Inputs(table=table, criteria=criteria, units=units, inputs=inputs)


def evaluate_inputs(data: Inputs) -> list[scoring.Result]:
    return scoring.evaluate(
        [sc for _, sc in data.criteria], data.inputs, bonus_cap=data.table.bonus_cap
    )


def final_sheets(table: ScoringTable) -> list[ScoreSheet]:
    return list(
        ScoreSheet.objects.filter(table=table, stage=Stage.FINAL)
        .select_related("unit")
        .prefetch_related("lines__criterion__indicator")
        .order_by("position", "rank", "unit__code")
    )


def bloc_leader(bloc: EmulationBloc, year: int) -> OrgUnit | None:
    """The unit proposed for Cờ thi đua cấp tỉnh: first of the final ranking.

    None when there is no final ranking yet, or when the table's tie-break rules
    could not separate the first units (the council then decides).
    """
    table = table_for(bloc, year)
    if table is None or table.finalized_at is None:
        return None
    first = list(
        ScoreSheet.objects.filter(
            table=table, stage=Stage.FINAL, rank=1
        ).select_related("unit")
    )
    leaders = [s for s in first if s.position == 1]
    return leaders[0].unit if len(leaders) == 1 else None


# --- explanation, what-if, sensitivity -------------------------------------------


def explanation_rows(table: ScoringTable) -> list[dict[str, Any]]:
    """Per unit of the final ranking: each criterion's value → ratio → points with its formula."""
    crit = {c.id: (c, sc) for c, sc in criteria_of(table)}
    reasons = adjustment_reasons(table)
    rows = []
    for sheet in final_sheets(table):
        lines = []
        for line in sorted(
            sheet.lines.all(), key=lambda ln: list(crit).index(ln.criterion_id)
        ):
            c, sc = crit[line.criterion_id]
            eng_line = scoring.Line(
                sc.code,
                line.actual,
                line.plan,
                line.ratio,
                line.points,
                line.note if line.note in scoring.ISSUE_TEXT else "",
            )
            lines.append(
                {
                    "criterion": c,
                    "actual": line.actual,
                    "plan": line.plan,
                    "percent": percent_display(c.direction, line.actual, line.plan)
                    if c.method == "plan_ratio"
                    else "",
                    "ratio": line.ratio,
                    "points": line.points,
                    "formula": scoring.explain(sc, eng_line),
                }
            )
        rows.append(
            {
                "sheet": sheet,
                "unit": sheet.unit,
                "lines": lines,
                "criteria_points": sum(line["points"] for line in lines),  # type: ignore[misc]
                "adjustments": _explained_adjustments(
                    sheet, reasons.get(sheet.unit_id, [])
                ),
            }
        )
    return rows


def adjustment_reasons(table: ScoringTable) -> dict[int, list[SheetAdjustment]]:
    """Per unit, the bonus and penalty items with their notes, from the latest
    stage that recorded any (the final sheet carries only the sums)."""
    rank = {stage: i for i, stage in enumerate(STAGE_ORDER)}
    latest: dict[int, tuple[int, list[SheetAdjustment]]] = {}
    for adj in SheetAdjustment.objects.filter(sheet__table=table).select_related(
        "sheet", "item"
    ):
        stage = rank.get(adj.sheet.stage, -1)
        known = latest.get(adj.sheet.unit_id)
        if known is None or stage > known[0]:
            latest[adj.sheet.unit_id] = (stage, [adj])
        elif stage == known[0]:
            known[1].append(adj)
    return {unit: adjs for unit, (_, adjs) in latest.items()}


def _explained_adjustments(
    sheet: ScoreSheet, adjustments: list[SheetAdjustment]
) -> list[dict[str, Any]]:
    """Signed points with their reason; what the items do not account for is
    shown as such rather than hidden."""
    rows: list[dict[str, Any]] = [
        {
            "kind": adj.item.kind,
            "label": "Điểm thưởng" if adj.item.kind == "bonus" else "Điểm trừ",
            "code": adj.item.code,
            "name": adj.item.name,
            "note": adj.note,
            "points": adj.points if adj.item.kind == "bonus" else -adj.points,
        }
        for adj in sorted(adjustments, key=lambda a: (a.item.kind, a.item.code))
    ]
    for kind, label, amount, sign in (
        ("bonus", "Điểm thưởng", sheet.bonus, 1),
        ("penalty", "Điểm trừ", sheet.penalty, -1),
    ):
        explained = sum(abs(r["points"]) for r in rows if r["kind"] == kind)
        rest = round((amount or 0) - explained, 6)
        if rest > 0:
            rows.append(
                {
                    "kind": kind,
                    "label": label,
                    "code": "",
                    "name": "Không có nội dung ghi kèm",
                    "note": "",
                    "points": sign * rest,
                }
            )
    return rows


def percent_display(direction: str, actual: float | None, plan: float | None) -> str:
    value = scoring.percent_of_plan(direction, actual, plan)
    # as the unit reported it: up to two decimals (105,88%), trailing zeros dropped
    return percent(value, 2) + (" KH" if value is not None else "")


def what_if(
    table: ScoringTable,
    *,
    value_changes: dict[tuple[int, str], float] | None = None,
    weight_changes: dict[str, float] | None = None,
) -> list[dict[str, Any]]:
    """New totals and ranks after changing values (unit id, criterion code) or weights. Nothing saved."""
    data = scoring_inputs(table)
    before = {r.unit: r for r in evaluate_inputs(data)}
    if weight_changes:
        data.criteria = [
            (c, replace(sc, weight=weight_changes.get(sc.code, sc.weight)))
            for c, sc in data.criteria
        ]
    methods = {sc.code: sc.method for _, sc in data.criteria}
    for (unit_id, code), value in (value_changes or {}).items():
        for u in data.inputs:
            if u.unit == unit_id and code in u.values:
                old = u.values[code]
                field = "points" if methods[code] == "manual" else "actual"
                u.values = {**u.values, code: replace(old, **{field: value})}
    names = {u.id: u for u in data.units}
    return [
        {
            "unit": names[r.unit],
            "total": r.total,
            "rank": r.rank,
            "old_total": before[r.unit].total,
            "old_rank": before[r.unit].rank,
            "moved": before[r.unit].rank - r.rank,
        }
        for r in evaluate_inputs(data)
    ]


def sensitivity(table: ScoringTable) -> list[dict[str, Any]]:
    """Ranks under the table, under equal weights and under minmax instead of plan ratios.

    Units whose rank moves by more than one place in either variant are flagged.
    """
    data = scoring_inputs(table)
    base = {r.unit: r.rank for r in evaluate_inputs(data)}
    computed = [sc for _, sc in data.criteria]
    mean_w = sum(sc.max_points for sc in computed) / len(computed) if computed else 0
    equal = {
        r.unit: r.rank
        for r in scoring.evaluate(
            [replace(sc, max_points=mean_w, weight=1.0) for sc in computed],
            data.inputs,
            bonus_cap=table.bonus_cap,
        )
    }
    # plan ratios replaced by the bloc-relative position of the actual values
    minmax = {
        r.unit: r.rank
        for r in scoring.evaluate(
            [
                replace(sc, method="minmax") if sc.method == "plan_ratio" else sc
                for sc in computed
            ],
            data.inputs,
            bonus_cap=table.bonus_cap,
        )
    }
    rows = []
    for unit in data.units:
        b, e, m = base[unit.id], equal[unit.id], minmax[unit.id]
        rows.append(
            {
                "unit": unit,
                "rank": b,
                "equal_weights": e,
                "minmax": m,
                "flagged": abs(b - e) > 1 or abs(b - m) > 1,
            }
        )
    return sorted(rows, key=lambda r: r["rank"])


# --- results for the API and exports --------------------------------------------


def results_json(
    bloc: EmulationBloc, year: int, *, drafts_of: set[int] | None
) -> dict[str, Any]:
    """Per unit: actual, plan, % of plan for each indicator; points and rank (final if any).

    Figures not yet approved and scores before the final stage are shown only for the
    units in `drafts_of` (None = all, see emulation/access.py draft_unit_ids); other
    units read as not yet reported, and interim ranks (which compare with them) are
    left out."""
    table = table_for(bloc, year)
    period = year_period(bloc, year)
    plans = plans_for(bloc, year)
    actual = actuals_for(period) if period else {}
    if drafts_of is not None:
        actual = {
            key: av
            for key, av in actual.items()
            if key[0] in drafts_of or av.status == ActualValue.Status.APPROVED
        }
    indicators = period_indicators(period) if period else []
    if table is not None:
        # the scoring table's order reads best (economy first); others keep code order
        order = {c.indicator_id: i for i, (c, _) in enumerate(criteria_of(table))}
        indicators.sort(key=lambda ind: (order.get(ind.id, len(order)), ind.code))
    sheets: dict[int, ScoreSheet] = {}
    stage = ""
    if table is not None:
        for s in reversed(STAGE_ORDER):
            found = {
                sh.unit_id: sh
                for sh in ScoreSheet.objects.filter(
                    table=table, stage=s
                ).prefetch_related("lines__criterion")
            }
            if found:
                sheets, stage = found, s
                break
    interim = stage != Stage.FINAL and drafts_of is not None
    rows = []
    for unit in members(bloc, year):
        sheet = sheets.get(unit.id)
        if interim and unit.id not in (drafts_of or set()):
            sheet = None
        rows.append(
            {
                "unit_id": unit.id,
                "unit": unit.name,
                "gso_code": unit.code,
                "total": sheet.total if sheet else None,
                "rank": sheet.rank if sheet and not interim else None,
                "stage": stage,
                "indicators": [
                    indicator_cell(
                        ind, actual.get((unit.id, ind.id)), plans.get((unit.id, ind.id))
                    )
                    for ind in indicators
                ],
                "criteria": [
                    {
                        "criterion": line.criterion.code,
                        "ratio": line.ratio,
                        "points": line.points,
                    }
                    for line in (sheet.lines.all() if sheet else [])
                ],
            }
        )
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["gso_code"]))
    leader = bloc_leader(bloc, year)
    return {
        "bloc": bloc.name,
        "year": year,
        "final": stage == Stage.FINAL,
        "leader": leader.name if leader else None,
        "rows": rows,
    }


def indicator_cell(
    ind: Indicator, av: ActualValue | None, plan: float | None
) -> dict[str, Any]:
    value = av.value if av else None
    pct = scoring.percent_of_plan(ind.direction, value, plan)
    return {
        "indicator": ind.code,
        "name": ind.name,
        "unit_of_measure": ind.unit_of_measure,
        "actual": value,
        "numerator": av.numerator if av else None,
        "denominator": av.denominator if av else None,
        "actual_display": actual_display(ind, av),
        "plan": plan,
        "percent_of_plan": pct,
        # no plan → nothing to show; a plan of zero → "không xác định"
        "percent_display": percent(pct, 2)
        if plan is not None or ind.direction == "yes_no"
        else "",
    }


def actual_display(ind: Indicator, av: ActualValue | None) -> str:
    if av is None or av.value is None:
        return ""
    if ind.direction == "yes_no":
        return "Đạt" if av.value >= 1 else "Chưa đạt"
    if ind.is_share and av.numerator is not None and av.denominator is not None:
        return f"{number(av.numerator, 0)}/{number(av.denominator, 0)} {ind.denominator_label}".strip()
    return number(av.value, ind.decimals)


def yearly_totals(bloc: EmulationBloc) -> dict[int, dict[int, tuple[float, int]]]:
    """year → unit id → (total, rank) from every finalised table of the bloc (for trends)."""
    out: dict[int, dict[int, tuple[float, int]]] = defaultdict(dict)
    for s in ScoreSheet.objects.filter(
        table__bloc=bloc, table__finalized_at__isnull=False, stage=Stage.FINAL
    ).values("table__year", "unit_id", "total", "rank"):
        out[s["table__year"]][s["unit_id"]] = (s["total"], s["rank"])  # type: ignore[assignment]
    return dict(out)


def bloc_year_info(bloc: EmulationBloc, year: int) -> BlocYear | None:
    return (
        BlocYear.objects.select_related("host", "head", "deputy")
        .filter(bloc=bloc, year=year)
        .first()
    )
