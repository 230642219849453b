"""Public side of emulation: published rankings, their explanation, open data, portal helpers.

Only tables whose results were finalised and published are shown; nothing here
needs a login.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from thidua.lib.formats import number, with_unit
from thidua.lib.tabular import SafeCsvWriter

from . import scoring, selectors
from .models import Indicator, ScoringTable


def published_tables() -> Any:
    return ScoringTable.objects.filter(published_at__isnull=False).select_related(
        "bloc"
    )


def _published(bloc_id: int, year: int) -> ScoringTable:
    return get_object_or_404(published_tables(), bloc_id=bloc_id, year=year)


def ranking_summary(year: int | None = None) -> dict | None:
    """The latest published ranking (or that of `year`) for the portal's home page."""
    qs = published_tables().order_by("-year", "-published_at")
    if year is not None:
        qs = qs.filter(year=year)
    table = qs.first()
    if table is None:
        return None
    return {
        "bloc": table.bloc.name,
        "year": table.year,
        "rows": [
            {"rank": s.rank, "unit": s.unit.name, "total_display": number(s.total, 2)}
            for s in selectors.final_sheets(table)
        ],
        "url": reverse("emulation_public:ranking", args=[table.bloc_id, table.year]),
    }


def map_layers(year: int) -> list[dict]:
    """Choropleth layers for the portal map: one per indicator with data in `year`, plus ranks.

    Values are keyed by the unit's GSO code (OrgUnit.code); only published years count.
    """
    tables = list(published_tables().filter(year=year))
    layers: list[dict] = []
    by_indicator: dict[str, dict[str, dict[str, Any]]] = {}
    ranks: dict[str, dict[str, Any]] = {}
    indicators: dict[str, Indicator] = {}
    for table in tables:
        data = selectors.results_json(table.bloc, year, drafts_of=set())
        for row in data["rows"]:
            if row["rank"] is not None:
                ranks[row["gso_code"]] = {
                    "value": float(row["rank"]),
                    "display": f"Hạng {row['rank']}",
                }
            for cell in row["indicators"]:
                if cell["actual"] is None:
                    continue
                display = cell["actual_display"]
                if display not in ("Đạt", "Chưa đạt") and "/" not in display:
                    display = with_unit(display, cell["unit_of_measure"])
                by_indicator.setdefault(cell["indicator"], {})[row["gso_code"]] = {
                    "value": float(cell["actual"]),
                    "display": display,
                }
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=by_indicator)}
    for code in sorted(by_indicator):
        ind = indicators[code]
        layers.append(
            {
                "key": code,
                "label": ind.name,
                "higher_is_better": ind.direction != scoring.LOWER,
                "values": by_indicator[code],
                "unit": ind.unit_of_measure,
                "yes_no": ind.direction == scoring.YES_NO,
            }
        )
    if ranks:
        layers.append(
            {
                "key": "rank",
                "label": f"Xếp hạng thi đua năm {year}",
                "higher_is_better": False,
                "values": ranks,
            }
        )
    return layers


@require_GET
def ranking_list(request: HttpRequest) -> HttpResponse:
    tables = published_tables().order_by("-year", "bloc__name")
    by_year: dict[int, list[dict[str, Any]]] = {}
    for table in tables:
        sheets = selectors.final_sheets(table)
        leader = selectors.bloc_leader(table.bloc, table.year)
        by_year.setdefault(table.year, []).append(
            {"table": table, "top": sheets[:3], "leader": leader}
        )
    return render(request, "emulation/public/ranking_list.html", {"by_year": by_year})


@require_GET
def ranking_detail(request: HttpRequest, bloc_id: int, year: int) -> HttpResponse:
    table = _published(bloc_id, year)
    context = {
        "table": table,
        "bloc": table.bloc,
        "rows": selectors.explanation_rows(table),
        "leader": selectors.bloc_leader(table.bloc, year),
        "groups": table.groups.all(),
        "adjustments": table.adjustment_items.all(),
        "info": selectors.bloc_year_info(table.bloc, year),
        "other_years": published_tables()
        .filter(bloc=table.bloc)
        .values_list("year", flat=True)
        .order_by("year"),
    }
    return render(request, "emulation/public/ranking_detail.html", context)


def _open_data(bloc_id: int, year: int) -> dict[str, Any]:
    table = _published(bloc_id, year)
    data = selectors.results_json(table.bloc, year, drafts_of=set())
    data["decision"] = {
        "number": table.decision_number,
        "date": table.decision_date.isoformat() if table.decision_date else None,
        "note": table.legal_note,
    }
    return data


@require_GET
def ranking_json(request: HttpRequest, bloc_id: int, year: int) -> JsonResponse:
    response = JsonResponse(
        _open_data(bloc_id, year), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def ranking_csv(request: HttpRequest, bloc_id: int, year: int) -> HttpResponse:
    """One row per unit and criterion, then its bonus and penalty items with their
    reasons: every point of the total, rounded as published (2 decimals)."""
    table = _published(bloc_id, year)
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow(CSV_HEADER)
    for row in selectors.explanation_rows(table):
        sheet = row["sheet"]
        head = [year, sheet.rank, sheet.unit.code, sheet.unit.name, _round(sheet.total)]
        for line in row["lines"]:
            criterion = line["criterion"]
            pct = scoring.percent_of_plan(
                criterion.direction, line["actual"], line["plan"]
            )
            writer.writerow(
                head
                + [
                    "tieu_chi",
                    criterion.code,
                    criterion.name,
                    _round(line["actual"]),
                    _round(line["plan"], 3),
                    _round(pct),
                    _round(line["points"]),
                    line["formula"],
                ]
            )
        for adj in row["adjustments"]:
            writer.writerow(
                head
                + [
                    "diem_thuong" if adj["kind"] == "bonus" else "diem_tru",
                    adj["code"],
                    adj["name"],
                    "",
                    "",
                    "",
                    _round(adj["points"]),
                    adj["note"],
                ]
            )
    response = HttpResponse(
        "\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="xep-hang-{bloc_id}-{year}.csv"'
    )
    return response


CSV_HEADER = [
    "nam",
    "hang",
    "ma_don_vi",
    "don_vi",
    "tong_diem",
    "loai",
    "ma",
    "noi_dung",
    "thuc_hien",
    "ke_hoach",
    "phan_tram_ke_hoach",
    "diem",
    "cach_tinh_ly_do",
]


def _round(value: float | None, digits: int = 2) -> float | str:
    return "" if value is None else round(value, digits)
