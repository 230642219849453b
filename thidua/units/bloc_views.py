"""A commune's own emulation blocs (of its villages, agencies, schools): its officer
creates them and sets their members by year; the emulation engine scores them like
the province's (emulation/access.py lets the commune's officer run their year)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thidua.accounts.roles import AuthedRequest
from thidua.core.backoffice import forbidden_is_403
from thidua.core.once import submit_once

from . import selectors
from .access import commune_bloc_for_managing, commune_for_blocs
from .models import EmulationBloc, OrgUnit
from .services import bloc_members_set, commune_bloc_create


class CommuneBlocForm(forms.Form):
    name = forms.CharField(label="Tên khối thi đua", max_length=200)
    kind = forms.ChoiceField(label="Loại", choices=EmulationBloc.Kind.choices)


class MembersForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label="Đơn vị thành viên",
        queryset=OrgUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, bloc: EmulationBloc, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = selectors.descendant_ids({bloc.organiser_id}) - {bloc.organiser_id}
        units = cast(forms.ModelMultipleChoiceField, self.fields["units"])
        units.queryset = OrgUnit.objects.filter(
            pk__in=ids, valid_to__isnull=True
        ).order_by("name")


def _errors(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def commune_blocs(request: AuthedRequest) -> HttpResponse:
    commune = commune_for_blocs(request.user)
    form = CommuneBlocForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bloc = commune_bloc_create(
                commune=commune, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Đã tạo {bloc}; chọn các đơn vị thành viên.")
            return redirect("units:bloc-members", bloc.pk, dt.date.today().year)
    return render(
        request,
        "units/commune_blocs.html",
        {
            "form": form,
            "blocs": EmulationBloc.objects.filter(organiser=commune).order_by("name"),
            "year": dt.date.today().year,
            "page_title": "Khối thi đua của xã",
            "page_subtitle": commune.name,
            "header_icon": "group",
        },
    )


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def bloc_members(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    bloc = commune_bloc_for_managing(request.user, pk)
    current = selectors.bloc_members(bloc, year)
    form = MembersForm(request.POST or None, bloc=bloc, initial={"units": current})
    if request.method == "POST" and form.is_valid():
        try:
            count = bloc_members_set(
                bloc=bloc, year=year, units=form.cleaned_data["units"], by=request.user
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Đã ghi {count} đơn vị thành viên năm {year}.")
            return redirect("units:commune-blocs")
    return render(
        request,
        "units/bloc_members.html",
        {
            "form": form,
            "bloc": bloc,
            "year": year,
            "page_title": f"Thành viên năm {year}",
            "page_subtitle": bloc.name,
            "header_icon": "group",
        },
    )
