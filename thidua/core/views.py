from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from thidua.accounts.models import RoleAssignment
from thidua.accounts.roles import AuthedRequest, can_browse_audit, roles_of
from thidua.core.backoffice import forbidden_is_403
from thidua.core.keyset import keyset_paginate

from .menu import menu_links
from .models import AuditEntry
from .selectors import audit_entries, audited_models, entry_changes


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label="Loại dữ liệu", required=False)
    actor = forms.ModelChoiceField(
        label="Người thực hiện",
        queryset=get_user_model().objects.order_by("username"),
        required=False,
    )
    action = forms.ChoiceField(
        label="Hành động",
        choices=[("", "Tất cả"), *AuditEntry.Action.choices],
        required=False,
    )
    date_from = forms.DateField(label="Từ ngày", required=False)
    date_to = forms.DateField(label="Đến ngày", required=False)
    obj = forms.CharField(label="Đối tượng (mã số hoặc tên)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["model"]).choices = [
            ("", "Tất cả"),
            *audited_models(),
        ]


@forbidden_is_403
def audit_list(request: AuthedRequest) -> HttpResponse:
    if not can_browse_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    actor = filters.get("actor")
    entries = audit_entries(
        model=filters.get("model", ""),
        actor_id=actor.pk if actor else None,
        action=filters.get("action", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        obj=filters.get("obj", ""),
    )
    context = keyset_paginate(request, entries, per_page=50)
    context["rows"] = [(e, entry_changes(e)) for e in context["page_obj"]]
    context.update(form=form, page_title="Nhật ký thay đổi", header_icon="history")
    return render(request, "core/audit_list.html", context)


def help_page(request: AuthedRequest) -> HttpResponse:
    """The user guide: the signed-in person's roles first, then the others."""
    mine = roles_of(request.user)
    choices = RoleAssignment.Role.choices
    sections = sorted(
        (
            {"role": value, "label": label, "mine": value in mine}
            for value, label in choices
        ),
        key=lambda s: not s["mine"],  # stable: the roles' own order otherwise
    )
    return render(
        request,
        "core/help.html",
        {
            "sections": sections,
            "page_title": "Hướng dẫn sử dụng",
            "header_icon": "help",
        },
    )


def menu_page(request: AuthedRequest) -> HttpResponse:
    """The light frame's menu: on a page of its own, so that the pages officers
    work in do not ask every menu item about the user each time (issue 14)."""
    return render(
        request,
        "core/menu.html",
        {"items": menu_links(request), "page_title": "Chức năng"},
    )
