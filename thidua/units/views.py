"""Back-office screens for units and blocs (Wagtail admin); access decided in units/access.py."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thidua.accounts.roles import AuthedRequest
from thidua.core.backoffice import ImportForm, forbidden_is_403, paginate, xlsx_response
from thidua.core.once import submit_once
from thidua.lib.tabular import template_xlsx

from . import imports, selectors
from .access import (
    bloc_for_managing,
    bloc_for_user,
    blocs_for_user,
    can_edit_any_unit,
    can_edit_unit,
    editable_unit_ids,
    leads_bloc,
    unit_for_editing,
    unit_for_user,
    units_for_user,
)
from .forms import HandOverForm, LineageEntry, UnitFilterForm, UnitForm
from .models import OrgUnit
from .services import (
    hosting_hand_over,
    lineage_event_record,
    propose_next_host,
    unit_by_code,
    unit_create,
    unit_update,
)


@forbidden_is_403
def unit_list(request: AuthedRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.unit_list(
        units_for_user(request.user),
        q=filters.get("q", ""),
        on=filters.get("on"),
        kind=filters.get("kind", ""),
    )
    context = paginate(request, units)
    context.update(
        form=form,
        can_add=can_edit_any_unit(request.user),
        page_title="Đơn vị",
        header_icon="site",
    )
    return render(request, "units/unit_list.html", context)


@forbidden_is_403
def unit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = unit_for_user(request.user, pk)
    return render(
        request,
        "units/unit_detail.html",
        {
            **selectors.unit_history(unit),
            "unit": unit,
            "can_edit": can_edit_unit(request.user, unit.pk),
            "page_title": unit.name,
            "page_subtitle": unit.get_kind_display(),
            "header_icon": "site",
        },
    )


def _save_unit(
    request: AuthedRequest, form: UnitForm, unit: OrgUnit | None
) -> OrgUnit | None:
    """Resolve the parent code, check the user may place a unit there, call the service."""
    data = dict(form.cleaned_data)
    parent_code = data.pop("parent_code")
    try:
        data["parent"] = None
        if parent_code:
            day = data["valid_from"] or data["valid_to"] or dt.date.today()
            data["parent"] = unit_by_code(parent_code, on=day)
        parent_id = data["parent"].pk if data["parent"] else None
        unchanged = unit is not None and unit.parent_id == parent_id
        if not unchanged and not (
            can_edit_unit(request.user, parent_id)
            if parent_id
            else editable_unit_ids(request.user) is None
        ):
            raise PermissionDenied
        if unit is None:
            return unit_create(**data, by=request.user)
        return unit_update(unit=unit, **data, by=request.user)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            field = {"parent": "parent_code", "code": "code"}.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
        return None


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def unit_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        if not can_edit_any_unit(request.user):
            raise PermissionDenied
        unit, initial = None, {}
    else:
        unit = unit_for_editing(request.user, pk)
        initial = UnitForm.initial_for(unit)
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save_unit(request, form, unit)
        if saved is not None:
            messages.success(request, f"Đã lưu {saved}.")
            return redirect("units:unit-detail", saved.pk)
    title = f"Sửa {unit}" if unit else "Thêm đơn vị"
    return render(
        request,
        "units/unit_form.html",
        {"form": form, "unit": unit, "page_title": title, "header_icon": "site"},
    )


@forbidden_is_403
@require_http_methods(["GET", "POST"])
def unit_import(request: AuthedRequest) -> HttpResponse:
    if not can_edit_any_unit(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = form.run(request, partial(imports.units_import, user=request.user))
    return render(
        request,
        "units/unit_import.html",
        {
            "form": form,
            "result": result,
            "page_title": "Nhập danh sách đơn vị",
            "header_icon": "upload",
        },
    )


@forbidden_is_403
def unit_import_template(request: AuthedRequest) -> HttpResponse:
    content = template_xlsx("Đơn vị", imports.COLUMNS, imports.NOTES)
    return xlsx_response(content, "mau-nhap-don-vi.xlsx")


@forbidden_is_403
def bloc_list(request: AuthedRequest) -> HttpResponse:
    blocs = blocs_for_user(request.user).select_related("organiser")
    return render(
        request,
        "units/bloc_list.html",
        {
            "blocs": blocs.order_by("kind", "name"),
            "page_title": "Khối, cụm thi đua",
            "header_icon": "group",
        },
    )


@forbidden_is_403
def bloc_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    bloc = bloc_for_user(request.user, pk)
    years = selectors.bloc_years(bloc)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = years[-1] if years else dt.date.today().year
    return render(
        request,
        "units/bloc_detail.html",
        {
            "bloc": bloc,
            "year": year,
            "years": years,
            "members": selectors.bloc_members(bloc, year),
            "leadership": selectors.bloc_leadership(bloc),
            "proposed_host": propose_next_host(bloc, year + 1),
            "can_manage": leads_bloc(request.user, bloc.pk),
            "page_title": bloc.name,
            "page_subtitle": bloc.get_kind_display(),
            "header_icon": "group",
        },
    )


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def lineage_add(request: AuthedRequest) -> HttpResponse:
    """Record a merge, split, rename, move or dissolution; ?unit=<id> pre-fills it."""
    if not can_edit_any_unit(request.user):
        raise PermissionDenied
    start = request.GET.get("unit", "")
    predecessor = unit_for_user(request.user, int(start)) if start.isdigit() else None
    entry = LineageEntry(
        request.POST or None, user=request.user, predecessor=predecessor
    )
    if request.method == "POST" and entry.is_valid():
        arguments = entry.resolve()
        if arguments is not None:
            try:
                event = lineage_event_record(**arguments, by=request.user)
            except ValidationError as exc:
                entry.problems.extend(exc.messages)
            else:
                messages.success(request, f"Đã ghi nhận {event}.")
                first = event.links.order_by("pk").first()
                if first is not None:
                    return redirect("units:unit-detail", first.predecessor_id)
                return redirect("units:unit-list")
    return render(
        request,
        "units/lineage_form.html",
        {
            "entry": entry,
            "page_title": "Ghi nhận sắp xếp đơn vị",
            "page_subtitle": "Hợp nhất, chia tách, đổi tên, điều chỉnh, giải thể",
            "header_icon": "site",
        },
    )


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def bloc_hand_over(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    """The host of `year` hands the hosting right of `year + 1` on."""
    bloc = bloc_for_managing(request.user, pk)
    members = selectors.bloc_members(bloc, year + 1)
    if not members.exists():
        members = selectors.bloc_members(bloc, year)
    form = HandOverForm(
        request.POST or None,
        members=members,
        initial={"to_unit": propose_next_host(bloc, year + 1), "on": dt.date.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            hosting_hand_over(
                bloc=bloc,
                from_year=year,
                to_unit=form.cleaned_data["to_unit"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                form.add_error("to_unit", errors)
        else:
            messages.success(
                request,
                f"Đã ghi nhận trao quyền đăng cai năm {year + 1} cho "
                f"{form.cleaned_data['to_unit']}.",
            )
            return redirect(
                reverse("units:bloc-detail", args=[bloc.pk]) + f"?year={year + 1}"
            )
    return render(
        request,
        "units/bloc_hand_over.html",
        {
            "bloc": bloc,
            "form": form,
            "year": year,
            "current": selectors.bloc_year(bloc, year),
            "recorded": selectors.bloc_year(bloc, year + 1),
            "page_title": f"Trao quyền đăng cai năm {year + 1}",
            "page_subtitle": bloc.name,
            "header_icon": "group",
        },
    )
