"""Back-office screens for people (Wagtail admin); access decided in people/access.py."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thidua.accounts.roles import AuthedRequest
from thidua.core.backoffice import ImportForm, forbidden_is_403, xlsx_response
from thidua.core.keyset import keyset_paginate
from thidua.core.once import submit_once
from thidua.lib.tabular import template_xlsx
from thidua.units.access import can_edit_any_unit, editable_unit_ids, unit_for_user

from . import imports
from .access import (
    can_edit_person,
    people_for_user,
    person_for_editing,
    person_for_user,
    position_for_editing,
)
from .forms import (
    PersonCreateForm,
    PersonFilterForm,
    PersonForm,
    PositionEndForm,
    PositionForm,
)
from .selectors import people_list, person_positions, with_current_positions
from .services import (
    PERSON_FIELDS,
    person_create_with_position,
    person_update,
    position_create,
    position_end,
)


@forbidden_is_403
def person_list(request: AuthedRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    unit = None
    if filters.get("unit"):
        unit = unit_for_user(request.user, filters["unit"])
    people = people_list(
        people_for_user(request.user),
        q=filters.get("q", ""),
        unit_id=unit.pk if unit else None,
    )
    context = keyset_paginate(request, with_current_positions(people))
    today = dt.date.today()
    context["rows"] = [
        (p, next((x for x in p.positions.all() if x.is_held_on(today)), None))
        for p in context["page_obj"]
    ]
    context.update(
        form=form,
        unit=unit,
        can_add=can_edit_any_unit(request.user),
        page_title="Cá nhân",
        page_subtitle=unit.name if unit else "",
        header_icon="user",
    )
    return render(request, "people/person_list.html", context)


@forbidden_is_403
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = person_for_user(request.user, pk)
    editable = editable_unit_ids(request.user)
    positions = [
        (p, editable is None or p.unit_id in editable) for p in person_positions(person)
    ]
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "positions": positions,
            "can_edit": can_edit_person(request.user, person),
            "can_add_position": can_edit_any_unit(request.user),
            "page_title": person.full_name,
            "header_icon": "user",
        },
    )


@forbidden_is_403
@require_http_methods(["GET", "POST"])
def person_import(request: AuthedRequest) -> HttpResponse:
    if not can_edit_any_unit(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = form.run(request, partial(imports.people_import, user=request.user))
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
def person_import_template(request: AuthedRequest) -> HttpResponse:
    content = template_xlsx("Cá nhân", imports.COLUMNS, imports.NOTES)
    return xlsx_response(content, "mau-nhap-ca-nhan.xlsx")


def _show_refusal(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's refusal next to the field it names, else above the form."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _post_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A PositionForm's cleaned data as position_create's keyword arguments."""
    keys = ("unit", "start_date", "end_date", "title", "is_leader")
    return {key: data[key] for key in keys}


def _form_page(
    request: AuthedRequest, form: forms.Form, title: str, cancel: str, **extra: object
) -> HttpResponse:
    context = {
        "form": form,
        "cancel_url": cancel,
        "page_title": title,
        "header_icon": "user",
        **extra,
    }
    return render(request, "people/person_form.html", context)


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def person_add(request: AuthedRequest) -> HttpResponse:
    """A new person with their post in a unit the user may change."""
    if not can_edit_any_unit(request.user):
        raise PermissionDenied
    form = PersonCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = person_create_with_position(
                **{name: data[name] for name in PERSON_FIELDS},
                **_post_fields(data),
                by=request.user,
            )
        except ValidationError as exc:
            _show_refusal(form, exc)
        else:
            messages.success(request, f"Đã thêm {person}.")
            return redirect("people:person-detail", person.pk)
    return _form_page(request, form, "Thêm cá nhân", reverse("people:person-list"))


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = person_for_editing(request.user, pk)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            person_update(person=person, **form.cleaned_data, by=request.user)
        except ValidationError as exc:
            _show_refusal(form, exc)
        else:
            messages.success(request, f"Đã lưu {person}.")
            return redirect("people:person-detail", person.pk)
    detail = reverse("people:person-detail", args=[person.pk])
    return _form_page(request, form, f"Sửa {person}", detail)


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def position_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """A new post for a visible person, in a unit the user may change (a move in
    the province is a new post: the person's record keeps the old one)."""
    person = person_for_user(request.user, pk)
    if not can_edit_any_unit(request.user):
        raise PermissionDenied
    form = PositionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            position_create(person=person, **_post_fields(data), by=request.user)
        except ValidationError as exc:
            _show_refusal(form, exc)
        else:
            messages.success(request, f"Đã thêm chức vụ của {person}.")
            return redirect("people:person-detail", person.pk)
    detail = reverse("people:person-detail", args=[person.pk])
    return _form_page(request, form, f"Thêm chức vụ: {person}", detail)


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def end_position(request: AuthedRequest, pk: int) -> HttpResponse:
    position = position_for_editing(request.user, pk)
    form = PositionEndForm(request.POST or None, initial={"end_date": dt.date.today()})
    if request.method == "POST" and form.is_valid():
        try:
            position_end(
                position=position,
                end_date=form.cleaned_data["end_date"],
                by=request.user,
            )
        except ValidationError as exc:
            _show_refusal(form, exc)
        else:
            messages.success(request, f"Đã kết thúc chức vụ tại {position.unit}.")
            return redirect("people:person-detail", position.person_id)
    detail = reverse("people:person-detail", args=[position.person_id])
    return _form_page(
        request,
        form,
        f"Kết thúc chức vụ: {position.person}",
        detail,
        position=position,
    )
