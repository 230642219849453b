"""The final stage of many tables recomputed at once: bulk reads and bulk writes."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from thidua.core import audit
from thidua.units.models import BlocMembership

from .. import scoring, selectors
from ..models import (
    ActualValue,
    Criterion,
    ReportingPeriod,
    ScoreLine,
    ScoreSheet,
    ScoringTable,
    Stage,
)


def tables_recompute(tables: list[ScoringTable]) -> int:
    """Recompute the final stage of many tables: bulk reads, one engine call per table, bulk writes.

    Final lines are derived data, replaced wholesale (raw DELETE: the ORM would load
    and signal every row); each table gets one audit event. Returns sheets written.
    """
    if not tables:
        return 0
    table_ids = [t.id for t in tables]
    by_table = {t.id: t for t in tables}
    criteria = _criteria_bulk(table_ids)
    entries = _entries_bulk(table_ids)
    members: dict[tuple[int, int], list[int]] = {}
    for m in BlocMembership.objects.filter(
        bloc_id__in={t.bloc_id for t in tables}, year__in={t.year for t in tables}
    ).values_list("bloc_id", "year", "unit_id"):
        members.setdefault((m[0], m[1]), []).append(m[2])
    actual: dict[tuple[int, int, int], float | None] = {}
    for a in ActualValue.objects.filter(
        period__bloc_id__in={t.bloc_id for t in tables},
        period__year__in={t.year for t in tables},
        period__period=ReportingPeriod.Period.YEAR,
    ).values_list(
        "period__bloc_id", "period__year", "unit_id", "indicator_id", "value"
    ):
        actual[(a[0] * 10000 + a[1], a[2], a[3])] = a[4]
    plans: dict[tuple[int, int, int], float] = {}
    from ..models import PlanValue

    for p in PlanValue.objects.filter(
        pledge__bloc_id__in={t.bloc_id for t in tables},
        pledge__year__in={t.year for t in tables},
    ).values_list(
        "pledge__bloc_id", "pledge__year", "pledge__unit_id", "indicator_id", "value"
    ):
        plans[(p[0] * 10000 + p[1], p[2], p[3])] = p[4]

    existing = {
        (s.table_id, s.unit_id): s
        for s in ScoreSheet.objects.filter(
            table_id__in=table_ids, stage=Stage.FINAL
        ).only(
            "id", "table_id", "unit_id", "total", "rank", "position", "bonus", "penalty"
        )
    }
    to_create: list[ScoreSheet] = []
    to_update: list[ScoreSheet] = []
    pending_lines: list[
        tuple[ScoreSheet, list[tuple[int, scoring.Line, float | None]]]
    ] = []
    for tid in table_ids:
        table = by_table[tid]
        crit = criteria.get(tid, [])
        key = table.bloc_id * 10000 + table.year
        unit_ids = sorted(members.get((table.bloc_id, table.year), []))
        inputs = []
        for uid in unit_ids:
            entry = entries.get((tid, uid), selectors.StageEntry(manual={}))
            values = {}
            for _cid, ind_id, sc in crit:
                if sc.method == "manual":
                    values[sc.code] = scoring.Value(points=entry.manual.get(sc.code))
                else:
                    values[sc.code] = scoring.Value(
                        actual=actual.get((key, uid, ind_id)),  # type: ignore[arg-type]
                        plan=plans.get((key, uid, ind_id)),  # type: ignore[arg-type]
                    )
            inputs.append(
                scoring.UnitInput(
                    unit=uid, values=values, bonus=entry.bonus, penalty=entry.penalty
                )
            )
        results = scoring.evaluate(
            [sc for _, _, sc in crit], inputs, bonus_cap=table.bonus_cap
        )
        ordered = scoring.tie_break(
            results, table.tie_break or [], [sc for _, _, sc in crit]
        )
        cid_of = {sc.code: cid for cid, _, sc in crit}
        manual_of = {(uid): entries.get((tid, uid)) for uid in unit_ids}
        for result, position in ordered:
            sheet = existing.get((tid, result.unit)) or ScoreSheet(
                table_id=tid, unit_id=result.unit, stage=Stage.FINAL
            )
            sheet.total, sheet.rank, sheet.position = (
                result.total,
                result.rank,
                position,
            )
            sheet.bonus, sheet.penalty = result.bonus, result.penalty
            (to_update if sheet.pk else to_create).append(sheet)
            entry = manual_of.get(result.unit)  # type: ignore[assignment]
            pending_lines.append(
                (
                    sheet,
                    [
                        (
                            cid_of[line.criterion],
                            line,
                            entry.manual.get(line.criterion) if entry else None,
                        )
                        for line in result.breakdown
                    ],
                )
            )
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    with transaction.atomic(), connection.cursor() as cursor:
        # Final sheets and lines are derived data rewritten wholesale: plain
        # executemany keeps 200,000 lines to seconds (ORM bulk paths spend most of
        # their time building model instances and SQL); one audit event per table.
        qn = connection.ops.quote_name
        line_table = qn(ScoreLine._meta.db_table)
        sheet_table = qn(ScoreSheet._meta.db_table)
        if to_update:
            ids = [s.pk for s in to_update]
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                cursor.execute(
                    f"DELETE FROM {line_table} WHERE sheet_id IN ({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )
            sets = ", ".join(
                f"{qn(c)} = %s"
                for c in ("total", "rank", "position", "bonus", "penalty", "updated_at")
            )
            cursor.executemany(
                f"UPDATE {sheet_table} SET {sets} WHERE id = %s",
                [
                    (s.total, s.rank, s.position, s.bonus, s.penalty, stamp, s.pk)
                    for s in to_update
                ],
            )
        ScoreSheet.objects.bulk_create(to_create, batch_size=500)
        columns = ", ".join(
            qn(c)
            for c in (
                "created_at",
                "updated_at",
                "sheet_id",
                "criterion_id",
                "actual",
                "plan",
                "ratio",
                "points",
                "manual_points",
                "note",
            )
        )
        cursor.executemany(
            f"INSERT INTO {line_table} ({columns}) VALUES ({', '.join(['%s'] * 10)})",
            [
                (
                    stamp,
                    stamp,
                    sheet.pk,
                    cid,
                    line.actual,
                    line.plan,
                    line.ratio,
                    line.points,
                    manual,
                    line.issue,
                )
                for sheet, items in pending_lines
                for cid, line, manual in items
            ],
        )
        for t in tables:
            audit.record_event(t, "Tổng hợp kết quả cuối cùng và xếp hạng")
    return len(to_create) + len(to_update)


def _criteria_bulk(
    table_ids: list[int],
) -> dict[int, list[tuple[int, int | None, scoring.Criterion]]]:
    out: dict[int, list[tuple[int, int | None, scoring.Criterion]]] = {}
    rows = (
        Criterion.objects.filter(table_id__in=table_ids)
        .select_related("group")
        .order_by("table_id", "group__order", "order", "pk")
    )
    for c in rows:
        out.setdefault(c.table_id, []).append(
            (c.id, c.indicator_id, selectors.engine_criterion(c))
        )
    return out


def _entries_bulk(table_ids: list[int]) -> dict[tuple[int, int], selectors.StageEntry]:
    """Latest non-final stage per (table, unit): its manual points and bonus/penalty."""
    order: dict[str, int] = {Stage.SELF: 0, Stage.REVIEW: 1, Stage.ADJUSTMENT: 2}
    best: dict[tuple[int, int], tuple[int, int, float, float]] = {}
    for sid, tid, uid, stage, bonus, penalty in ScoreSheet.objects.filter(
        table_id__in=table_ids, stage__in=list(order)
    ).values_list("id", "table_id", "unit_id", "stage", "bonus", "penalty"):
        cur = best.get((tid, uid))
        if cur is None or order[stage] > cur[0]:
            best[(tid, uid)] = (order[stage], sid, bonus, penalty)
    sheet_ids = {v[1]: k for k, v in best.items()}
    manual: dict[int, dict[str, float]] = {}
    for sid, code, pts in ScoreLine.objects.filter(
        sheet_id__in=list(sheet_ids), manual_points__isnull=False
    ).values_list("sheet_id", "criterion__code", "manual_points"):
        manual.setdefault(sid, {})[code] = pts  # type: ignore[assignment]
    return {
        key: selectors.StageEntry(
            manual=manual.get(sid, {}), bonus=bonus, penalty=penalty
        )
        for key, (_, sid, bonus, penalty) in best.items()
    }
