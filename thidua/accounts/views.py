"""Role assignments in the Wagtail admin: province officers (and superusers) only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.backoffice import forbidden_is_403
from thidua.units.services import unit_by_code

from .access import can_manage_roles
from .forms import RoleAssignForm
from .models import RoleAssignment
from .services import role_assign, role_revoke


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_roles(request.user):
        raise PermissionDenied


@forbidden_is_403
@require_http_methods(["GET", "POST"])
def role_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = RoleAssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = unit_by_code(data["unit_code"]) if data["unit_code"] else None
            assignment = role_assign(
                user=data["user"], role=data["role"], unit=unit, bloc=data["bloc"]
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                field = {"unit": "unit_code", "code": "unit_code"}.get(field, field)
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Đã phân vai trò: {assignment}.")
            return redirect("accounts:role-list")
    assignments = RoleAssignment.objects.select_related("user", "unit", "bloc")
    return render(
        request,
        "accounts/role_list.html",
        {
            "form": form,
            "assignments": assignments.order_by("user__username", "role"),
            "page_title": "Phân vai trò",
            "header_icon": "group",
        },
    )


@forbidden_is_403
@require_POST
def role_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    assignment = get_object_or_404(RoleAssignment, pk=pk)
    role_revoke(assignment=assignment)
    messages.success(request, f"Đã thu hồi vai trò: {assignment}.")
    return redirect("accounts:role-list")
