"""Award statistics page (Wagtail admin), scoped to the units the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from thidua.accounts.roles import AuthedRequest
from thidua.commendations.models import AwardType
from thidua.core.backoffice import xlsx_response
from thidua.units.access import sees_units, unit_for_user, visible_unit_ids
from thidua.units.selectors import descendant_ids, lineage_ids

from . import selectors
from .excel import stats_xlsx
from .selectors import AwardStats


class StatsFilter(forms.Form):
    year_from = forms.IntegerField(
        label="Từ năm", min_value=1945, max_value=2100, required=False
    )
    year_to = forms.IntegerField(
        label="Đến năm", min_value=1945, max_value=2100, required=False
    )
    award = forms.ChoiceField(label="Danh hiệu, hình thức", required=False)
    unit = forms.IntegerField(label="Đơn vị", required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["award"]).choices = [("", "Tất cả")] + [
            (t.code, t.name) for t in AwardType.objects.filter(active=True)
        ]


def _query(request: AuthedRequest) -> tuple[StatsFilter, AwardStats, str]:
    if not sees_units(request.user):
        raise PermissionDenied
    this_year = dt.date.today().year
    form = StatsFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year_from = data.get("year_from") or this_year - 5
    year_to = data.get("year_to") or this_year
    unit_ids = visible_unit_ids(request.user)
    scope = "toàn tỉnh" if unit_ids is None else "các đơn vị được phân quyền"
    if data.get("unit"):
        unit = unit_for_user(request.user, data["unit"])
        unit_ids = descendant_ids(lineage_ids([unit.id]))
        scope = unit.name
    qs = selectors.records(
        year_from=min(year_from, year_to),
        year_to=max(year_from, year_to),
        unit_ids=unit_ids,
        award_code=data.get("award") or "",
    )
    title = f"Khen thưởng {scope}, {min(year_from, year_to)}–{max(year_from, year_to)}"
    return form, selectors.award_stats(qs), title


def award_stats(request: AuthedRequest) -> HttpResponse:
    form, stats, title = _query(request)
    charts = [
        selectors.bars("Theo hình thức", stats.by_form),
        selectors.bars("Theo cấp", stats.by_level),
        selectors.bars("Theo năm", stats.by_year),
        selectors.bars("Theo đơn vị", stats.by_unit),
    ]
    context = {
        "stats": stats,
        "form": form,
        "charts": charts,
        "page_title": "Thống kê khen thưởng",
        "page_subtitle": title,
        "header_icon": "table",
    }
    return render(request, "reports/award_stats.html", context)


def award_stats_xlsx(request: AuthedRequest) -> HttpResponse:
    _form, stats, title = _query(request)
    return xlsx_response(stats_xlsx(stats, title), "thong-ke-khen-thuong.xlsx")
