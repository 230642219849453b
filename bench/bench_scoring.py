"""Scoring at national size: ~3,300 commune-level units in 100 blocs, 60 criteria each.

Builds its own SQLite file (var/bench_scoring.sqlite3, never the demo database),
then measures, from the database to stored ranks:
- one province-size bloc set (~100 units) recomputed with the bulk path;
- the national set (100 blocs) recomputed with the bulk path;
- a what-if for one bloc (nothing saved);
- the naive path (per-unit ORM reads, one save per sheet and line) on the province
  set, reported as a ratio against the bulk path in the same run.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "var" / "bench_scoring.sqlite3"
BLOCS, UNITS_PER_BLOC, CRITERIA, YEAR = 100, 33, 60, 2025
PROVINCE_BLOCS = 3  # 99 units, about one province


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "thidua.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    DB.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build() -> list:
    """100 blocs × 33 units, 60 indicators, values, plans, a self-scored sheet per unit."""
    from django.db import transaction

    from thidua.emulation.models import (
        ActualValue,
        Criterion,
        Indicator,
        PlanValue,
        Pledge,
        ReportingPeriod,
        ScoreLine,
        ScoreSheet,
        ScoringTable,
        Stage,
    )
    from thidua.units.models import BlocMembership, EmulationBloc, OrgUnit

    rng = random.Random(3300)
    methods = ["plan_ratio"] * 30 + ["minmax"] * 20 + ["threshold"] * 8 + ["manual"] * 2
    directions = ["higher_is_better", "lower_is_better", "reduction_pp"]
    with transaction.atomic():
        province = OrgUnit.objects.create(
            code="00", name="Toàn quốc", kind=OrgUnit.Kind.PROVINCE
        )
        indicators = Indicator.objects.bulk_create(
            [
                Indicator(
                    code=f"i{k:02d}", name=f"Chỉ tiêu {k}", direction=directions[k % 3]
                )
                for k in range(CRITERIA)
            ]
        )
        units = OrgUnit.objects.bulk_create(
            [
                OrgUnit(
                    code=f"{n:05d}",
                    name=f"Xã {n}",
                    kind=OrgUnit.Kind.COMMUNE,
                    parent=province,
                    search_text=f"xa {n}",
                )
                for n in range(BLOCS * UNITS_PER_BLOC)
            ]
        )
        blocs = EmulationBloc.objects.bulk_create(
            [
                EmulationBloc(
                    name=f"Cụm {b}", organiser=province, search_text=f"cum {b}"
                )
                for b in range(BLOCS)
            ]
        )
        BlocMembership.objects.bulk_create(
            [
                BlocMembership(bloc=blocs[i // UNITS_PER_BLOC], unit=u, year=YEAR)
                for i, u in enumerate(units)
            ]
        )
        tables = ScoringTable.objects.bulk_create(
            [
                ScoringTable(
                    bloc=b, year=YEAR, name=f"Bảng điểm {b.name}", bonus_cap=10
                )
                for b in blocs
            ]
        )
        criteria = Criterion.objects.bulk_create(
            [
                Criterion(
                    table=t,
                    code=f"c{k:02d}",
                    name=f"Tiêu chí {k}",
                    indicator=None if methods[k] == "manual" else indicators[k],
                    method=methods[k],
                    direction=directions[k % 3],
                    max_points=100 / CRITERIA,
                    cap=1.2 if methods[k] == "plan_ratio" else None,
                    floor=0.5 if methods[k] == "plan_ratio" else None,
                    order=k,
                )
                for t in tables
                for k in range(CRITERIA)
            ],
            batch_size=2000,
        )
        periods = ReportingPeriod.objects.bulk_create(
            [
                ReportingPeriod(
                    bloc=b, year=YEAR, status=ReportingPeriod.Status.APPROVED
                )
                for b in blocs
            ]
        )
        pledges = Pledge.objects.bulk_create(
            [
                Pledge(bloc=blocs[i // UNITS_PER_BLOC], year=YEAR, unit=u)
                for i, u in enumerate(units)
            ],
            batch_size=2000,
        )
        ActualValue.objects.bulk_create(
            [
                ActualValue(
                    period=periods[i // UNITS_PER_BLOC],
                    unit=u,
                    indicator=ind,
                    value=round(rng.uniform(1, 100), 2),
                    status=ActualValue.Status.APPROVED,
                )
                for i, u in enumerate(units)
                for ind in indicators[:58]
            ],
            batch_size=5000,
        )
        PlanValue.objects.bulk_create(
            [
                PlanValue(pledge=p, indicator=ind, value=round(rng.uniform(1, 100), 2))
                for p in pledges
                for ind in indicators[:30]
            ],
            batch_size=5000,
        )
        sheets = ScoreSheet.objects.bulk_create(
            [
                ScoreSheet(
                    table=tables[i // UNITS_PER_BLOC],
                    unit=u,
                    stage=Stage.SELF,
                    bonus=rng.choice([0, 2, 5, 12]),
                )
                for i, u in enumerate(units)
            ],
            batch_size=2000,
        )
        manual_crit = {
            (c.table_id, c.code): c for c in criteria if c.method == "manual"
        }
        ScoreLine.objects.bulk_create(
            [
                ScoreLine(
                    sheet=s,
                    criterion=manual_crit[(s.table_id, code)],
                    manual_points=round(rng.uniform(0, 1.6), 2),
                )
                for s in sheets
                for code in ("c58", "c59")
            ],
            batch_size=5000,
        )
    return tables


def _naive(tables: list) -> None:
    """Per unit: its own queries for values and plans; one save() per sheet and line."""
    from thidua.emulation import scoring, selectors
    from thidua.emulation.models import (
        ActualValue,
        Criterion,
        PlanValue,
        ScoreLine,
        ScoreSheet,
        Stage,
    )
    from thidua.units.models import BlocMembership

    for table in tables:
        crits = list(Criterion.objects.filter(table=table).order_by("order"))
        inputs = []
        for m in BlocMembership.objects.filter(
            bloc_id=table.bloc_id, year=table.year
        ).select_related("unit"):
            values = {}
            manual = selectors.latest_entries(table).get(
                m.unit_id, selectors.StageEntry(manual={})
            )
            for c in crits:
                if c.method == "manual":
                    values[c.code] = scoring.Value(points=manual.manual.get(c.code))
                    continue
                av = ActualValue.objects.filter(
                    period__bloc_id=table.bloc_id,
                    period__year=table.year,
                    unit=m.unit,
                    indicator_id=c.indicator_id,
                ).first()
                pv = PlanValue.objects.filter(
                    pledge__bloc_id=table.bloc_id,
                    pledge__year=table.year,
                    pledge__unit=m.unit,
                    indicator_id=c.indicator_id,
                ).first()
                values[c.code] = scoring.Value(
                    actual=av.value if av else None, plan=pv.value if pv else None
                )
            inputs.append(
                scoring.UnitInput(
                    unit=m.unit_id,
                    values=values,
                    bonus=manual.bonus,
                    penalty=manual.penalty,
                )
            )
        sc = [
            scoring.Criterion(
                c.code, c.max_points, c.method, c.direction, c.cap, c.floor
            )
            for c in crits
        ]
        by_code = {c.code: c for c in crits}
        for r in scoring.evaluate(sc, inputs, bonus_cap=table.bonus_cap):
            sheet, _ = ScoreSheet.objects.update_or_create(
                table=table,
                unit_id=r.unit,
                stage=Stage.FINAL,
                defaults={"total": r.total, "rank": r.rank},
            )
            for line in r.breakdown:
                ScoreLine.objects.update_or_create(
                    sheet=sheet,
                    criterion=by_code[line.criterion],
                    defaults={
                        "actual": line.actual,
                        "plan": line.plan,
                        "ratio": line.ratio,
                        "points": line.points,
                    },
                )


def _timed(fn, repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run() -> str:
    _setup()
    from thidua.emulation import selectors, services
    from thidua.emulation.models import ScoreLine, ScoreSheet, Stage

    started = time.perf_counter()
    tables = _build()
    build_s = time.perf_counter() - started
    province = tables[:PROVINCE_BLOCS]

    first_province = _timed(lambda: services.tables_recompute(province))
    province_s = _timed(lambda: services.tables_recompute(province), repeat=3)
    national_first = _timed(lambda: services.tables_recompute(tables))
    national_s = _timed(lambda: services.tables_recompute(tables), repeat=2)
    finals = ScoreSheet.objects.filter(stage=Stage.FINAL).count()
    lines = ScoreLine.objects.filter(sheet__stage=Stage.FINAL).count()
    bloc = tables[7]
    unit_id = selectors.members(bloc.bloc, bloc.year)[0].id
    whatif_s = _timed(
        lambda: selectors.what_if(
            bloc, value_changes={(unit_id, "c00"): 99.0}, weight_changes={"c10": 2.0}
        ),
        repeat=5,
    )
    naive_s = _timed(lambda: _naive(province))
    ratio = naive_s / province_s if province_s else float("nan")

    def verdict(value: float, target: float) -> str:
        return "met" if value < target else "**missed**"

    return (
        "## scoring — national-size scoring from the database to stored ranks\n\n"
        f"{BLOCS} blocs × {UNITS_PER_BLOC} commune-level units = {BLOCS * UNITS_PER_BLOC:,} units, "
        f"{CRITERIA} criteria each (30 plan_ratio, 20 minmax, 8 threshold, 2 manual), "
        f"SQLite file `var/bench_scoring.sqlite3` built in {build_s:.1f} s. Each recompute reads values, plans "
        "and the latest stage's manual points, scores, applies tie-breaks and writes the final sheets and lines "
        f"({finals:,} sheets, {lines:,} lines stored).\n\n"
        "| measure | time | target | |\n| --- | --- | --- | --- |\n"
        f"| province ({PROVINCE_BLOCS} blocs, {PROVINCE_BLOCS * UNITS_PER_BLOC} units), first run (inserts) | {first_province * 1000:.0f} ms | | |\n"
        f"| province recompute (median of 3) | {province_s * 1000:.0f} ms | < 1 s | {verdict(province_s, 1)} |\n"
        f"| national, first run (inserts) | {national_first:.2f} s | | |\n"
        f"| national recompute (median of 2) | {national_s:.2f} s | < 10 s | {verdict(national_s, 10)} |\n"
        f"| what-if, one bloc of {UNITS_PER_BLOC} units, value + weight changed (median of 5) | {whatif_s * 1000:.0f} ms | < 200 ms | {verdict(whatif_s, 0.2)} |\n"
        f"| naive per-unit ORM path, province | {naive_s:.2f} s | | {ratio:.0f}× slower than bulk |\n"
    )


if __name__ == "__main__":
    sys.stdout.write(run() + "\n")
