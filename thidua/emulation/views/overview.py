"""The landing page (each bloc's periods and tables) and a table's chart dashboard."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from thidua.accounts.roles import AuthedRequest
from thidua.units.access import blocs_for_user

from .. import charts, selectors
from ..access import can_adjust, draft_unit_ids, table_for_user
from ..models import ReportingPeriod, ScoringTable


def index(request: AuthedRequest) -> HttpResponse:
    # every bloc's periods and tables in one read each, not two per bloc: a national
    # administrator sees about 100 clusters (210 queries, 1.8 s; bench/bench_national.py)
    visible = list(blocs_for_user(request.user).order_by("name"))
    periods: dict[int, list[ReportingPeriod]] = {}
    for period in ReportingPeriod.objects.filter(bloc__in=visible).order_by(
        "-year", "period"
    ):
        periods.setdefault(period.bloc_id, []).append(period)
    tables: dict[int, dict[int, ScoringTable]] = {}
    for table in ScoringTable.objects.filter(bloc__in=visible):
        tables.setdefault(table.bloc_id, {})[table.year] = table
    blocs = [
        {
            "bloc": bloc,
            "periods": periods.get(bloc.pk, []),
            "tables": tables.get(bloc.pk, {}),
            "can_open": can_adjust(request.user, bloc),
        }
        for bloc in visible
    ]
    return render(
        request,
        "emulation/admin/index.html",
        {
            "blocs": blocs,
            "kinds": ReportingPeriod.Period.choices,
        },
    )


def dashboard(request: AuthedRequest, pk: int) -> HttpResponse:
    table = table_for_user(request.user, pk)
    drafts_of = draft_unit_ids(request.user, table.bloc)
    data = selectors.results_json(table.bloc, table.year, drafts_of=drafts_of)
    indicator_charts = []
    if data["rows"]:
        for i, first in enumerate(data["rows"][0]["indicators"]):
            rows = []
            for row in sorted(data["rows"], key=lambda r: r["gso_code"]):
                cell = row["indicators"][i]
                shown = cell["actual_display"] + (
                    f" ({cell['percent_display']} KH)"
                    if cell["percent_display"] and cell["plan"] is not None
                    else ""
                )
                rows.append((row["unit"], cell["actual"], shown))
            title = first["name"] + (
                f" ({first['unit_of_measure'].replace('điểm %', 'điểm phần trăm')})"
                if first["unit_of_measure"]
                else ""
            )
            indicator_charts.append(charts.bar_chart(title, rows))
    ranked = [
        (f"{r['rank']}. {r['unit']}", r["total"])
        for r in data["rows"]
        if r["total"] is not None
    ]
    totals = selectors.yearly_totals(table.bloc)
    years = sorted(totals)
    units = selectors.members(table.bloc, table.year)
    series = [
        (u.name, [totals[y].get(u.id, (None, None))[1] for y in years]) for u in units
    ]
    context = {
        "table": table,
        "bloc": table.bloc,
        "ranking_chart": charts.total_bars(f"Tổng điểm năm {table.year}", ranked)
        if ranked
        else None,
        "indicator_charts": indicator_charts,
        "trend_chart": charts.rank_lines("Xếp hạng qua các năm", years, series)
        if len(years) > 1
        else None,
        "years": ScoringTable.objects.filter(bloc=table.bloc).order_by("year"),
    }
    return render(request, "emulation/admin/dashboard.html", context)
