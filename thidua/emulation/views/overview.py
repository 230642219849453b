"""The landing page (each bloc's periods and tables) and a table's chart dashboard."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from thidua.accounts.roles import AuthedRequest
from thidua.core.backoffice import paginate
from thidua.units.access import blocs_for_user
from thidua.units.forms import BlocFilterForm
from thidua.units.selectors import bloc_list, bloc_organisers

from .. import charts, selectors
from ..access import can_adjust, draft_unit_ids, table_for_user
from ..models import ReportingPeriod, ScoringTable


def index(request: AuthedRequest) -> HttpResponse:
    visible = blocs_for_user(request.user)
    form = BlocFilterForm(request.GET or None, organisers=bloc_organisers(visible))
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("nam")
    blocs = bloc_list(
        visible, q=filters.get("q", ""), within=filters.get("don_vi"), year=year
    )
    # a page of blocs, their periods and tables in one read each: all of a national
    # officer's 100 clusters made a page of 178 KB rendered in about 1 s
    context = paginate(request, blocs.select_related("organiser"), per_page=20)
    shown = list(context["page_obj"])
    periods = ReportingPeriod.objects.filter(bloc__in=shown)
    tables = ScoringTable.objects.filter(bloc__in=shown)
    if year is not None:
        periods, tables = periods.filter(year=year), tables.filter(year=year)
    periods_of: dict[int, list[ReportingPeriod]] = {}
    for period in periods.order_by("-year", "period"):
        periods_of.setdefault(period.bloc_id, []).append(period)
    tables_of: dict[int, dict[int, ScoringTable]] = {}
    for table in tables:
        tables_of.setdefault(table.bloc_id, {})[table.year] = table
    context["blocs"] = [
        {
            "bloc": bloc,
            "periods": periods_of.get(bloc.pk, []),
            "tables": tables_of.get(bloc.pk, {}),
            "can_open": can_adjust(request.user, bloc),
        }
        for bloc in shown
    ]
    context.update(form=form, kinds=ReportingPeriod.Period.choices)
    return render(request, "emulation/admin/index.html", context)


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
