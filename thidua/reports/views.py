"""Award statistics page (Wagtail admin), scoped to the units the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from thidua.accounts.roles import AuthedRequest
from thidua.commendations.models import AwardType
from thidua.core.backoffice import xlsx_response
from thidua.units.access import sees_units, unit_for_user, visible_unit_ids
from thidua.units.models import OrgUnit
from thidua.units.selectors import descendant_ids, lineage_ids

from . import dashboard, selectors
from .excel import stats_xlsx
from .selectors import AwardStats

TOP_UNITS = 20  # bars on the units chart; the rest are summed as "others"
TOP_MAX = 100


class StatsFilter(forms.Form):
    year_from = forms.IntegerField(
        label="Từ năm", min_value=1945, max_value=2100, required=False
    )
    year_to = forms.IntegerField(
        label="Đến năm", min_value=1945, max_value=2100, required=False
    )
    award = forms.ChoiceField(label="Danh hiệu, hình thức", required=False)
    unit = forms.IntegerField(label="Đơn vị", required=False, widget=forms.HiddenInput)
    top = forms.IntegerField(
        label="Số đơn vị trên biểu đồ",
        required=False,
        widget=forms.NumberInput(
            attrs={"min": 1, "max": TOP_MAX, "placeholder": TOP_UNITS}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["award"]).choices = [("", "Tất cả")] + [
            (t.code, t.name) for t in AwardType.objects.filter(active=True)
        ]

    def clean_top(self) -> int:
        # a chart of thousands of bars is unreadable and slow to draw: capped
        return min(max(self.cleaned_data.get("top") or TOP_UNITS, 1), TOP_MAX)


@dataclass
class Query:
    form: StatsFilter
    stats: AwardStats
    title: str
    unit: OrgUnit | None
    top: int


def _query(request: AuthedRequest, *, detail: bool = False) -> Query:
    if not sees_units(request.user):
        raise PermissionDenied
    this_year = dt.date.today().year
    form = StatsFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year_from = data.get("year_from") or this_year - 5
    year_to = data.get("year_to") or this_year
    unit_ids = visible_unit_ids(request.user)
    scope = "toàn tỉnh" if unit_ids is None else "các đơn vị được phân quyền"
    unit = None
    if data.get("unit"):
        unit = unit_for_user(request.user, data["unit"])
        unit_ids = descendant_ids(lineage_ids([unit.id]))
        scope = unit.name
    filters: dict[str, Any] = {
        "year_from": min(year_from, year_to),
        "year_to": max(year_from, year_to),
        "unit_ids": unit_ids,
        "award_code": data.get("award") or "",
    }
    qs = selectors.counted(**filters)
    title = f"Khen thưởng {scope}, {min(year_from, year_to)}–{max(year_from, year_to)}"
    stats = selectors.award_stats(qs, root=unit.pk if unit else None, detail=detail)
    return Query(form, stats, title, unit, data.get("top") or TOP_UNITS)


def _link(request: AuthedRequest, unit: int | None) -> str:
    """This page's address with its filters, opened at `unit` (None: the whole scope)."""
    params = request.GET.copy()
    params.pop("unit", None)
    if unit is not None:
        params["unit"] = str(unit)
    return f"?{params.urlencode()}"


def _crumbs(request: AuthedRequest, unit: OrgUnit | None) -> list[tuple[str, str]]:
    """Whole scope › … › the chosen unit, each above it a link the user may open."""
    if unit is None:
        return []
    visible = visible_unit_ids(request.user)
    above = [
        (pk, name)
        for pk, name in selectors.unit_path(unit.pk)[:-1]
        if visible is None or pk in visible
    ]
    links = [("Toàn bộ", _link(request, None))]
    links += [(name, _link(request, pk)) for pk, name in above]
    return [*links, (unit.name, "")]


def award_stats(request: AuthedRequest) -> HttpResponse:
    query = _query(request)
    stats = query.stats
    shown = selectors.top_units(stats.by_unit, query.top)
    units = selectors.bars("Theo đơn vị", [(r.label, r.count) for r in shown])
    for row, group in zip(
        cast(list[dict[str, Any]], units["rows"]), shown, strict=True
    ):
        row["url"] = _link(request, group.unit_id) if group.unit_id else ""
    charts = [
        selectors.bars("Theo hình thức", stats.by_form),
        selectors.bars("Theo cấp", stats.by_level),
        selectors.bars("Theo năm", stats.by_year),
        units,
    ]
    context = {
        "stats": stats,
        "form": query.form,
        "charts": charts,
        "crumbs": _crumbs(request, query.unit),
        "groups": len(stats.by_unit),
        "top": query.top,
        "page_title": "Thống kê khen thưởng",
        "page_subtitle": query.title,
        "header_icon": "table",
        "overdue": dashboard.overdue_panel(request.user),
    }
    return render(request, "reports/award_stats.html", context)


def award_stats_xlsx(request: AuthedRequest) -> HttpResponse:
    query = _query(request, detail=True)
    content = stats_xlsx(query.stats, query.title)
    return xlsx_response(content, "thong-ke-khen-thuong.xlsx")
