"""Back-office screens for people (Wagtail admin); access decided in accounts.access."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from thidua.accounts import access
from thidua.core.backoffice import ImportForm, forbidden_is_403, paginate, xlsx_response
from thidua.lib.tabular import TabularError, template_xlsx

from . import imports
from .forms import PersonFilterForm
from .selectors import people_for_user, person_positions, with_current_positions


@forbidden_is_403
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    unit = None
    if filters.get("unit"):
        unit = access.unit_for_user(request.user, filters["unit"])
    people = people_for_user(
        request.user, q=filters.get("q", ""), unit_id=unit.pk if unit else None
    )
    context = paginate(request, with_current_positions(people))
    today = dt.date.today()
    context["rows"] = [
        (p, next((x for x in p.positions.all() if x.is_held_on(today)), None))
        for p in context["page_obj"]
    ]
    context.update(
        form=form,
        unit=unit,
        can_import=access.can_edit_any_unit(request.user),
        page_title="Cá nhân",
        page_subtitle=unit.name if unit else "",
        header_icon="user",
    )
    return render(request, "people/person_list.html", context)


@forbidden_is_403
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.person_for_user(request.user, pk)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "positions": person_positions(person),
            "page_title": person.full_name,
            "header_icon": "user",
        },
    )


@forbidden_is_403
@require_http_methods(["GET", "POST"])
def person_import(request: HttpRequest) -> HttpResponse:
    if not access.can_edit_any_unit(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.people_import(
                content=upload.read(), filename=upload.name, user=request.user
            )
        except TabularError as exc:
            form.add_error("file", str(exc))
    return render(
        request,
        "people/person_import.html",
        {
            "form": form,
            "result": result,
            "page_title": "Nhập danh sách cá nhân",
            "header_icon": "upload",
        },
    )


@forbidden_is_403
def person_import_template(request: HttpRequest) -> HttpResponse:
    content = template_xlsx("Cá nhân", imports.COLUMNS, imports.NOTES)
    return xlsx_response(content, "mau-nhap-ca-nhan.xlsx")
