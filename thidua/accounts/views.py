"""Role assignments in the Wagtail admin: province officers (and superusers) only."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts.roles import AuthedRequest
from thidua.core.backoffice import ImportForm, forbidden_is_403, xlsx_response
from thidua.core.once import submit_once
from thidua.lib.tabular import template_xlsx
from thidua.units.services import unit_by_code

from . import imports, invitations
from .forms import RoleAssignForm
from .models import RoleAssignment
from .roles import can_manage_roles
from .services import role_assign, role_revoke


def _require_manager(request: AuthedRequest) -> None:
    if not can_manage_roles(request.user):
        raise PermissionDenied


@forbidden_is_403
@require_http_methods(["GET", "POST"])
@submit_once
def role_list(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    form = RoleAssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = unit_by_code(data["unit_code"]) if data["unit_code"] else None
            assignment = role_assign(
                user=data["user"],
                role=data["role"],
                unit=unit,
                bloc=data["bloc"],
                by=request.user,
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
@submit_once
def role_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    assignment = get_object_or_404(RoleAssignment, pk=pk)
    role_revoke(assignment=assignment, by=request.user)
    messages.success(request, f"Đã thu hồi vai trò: {assignment}.")
    return redirect("accounts:role-list")


class UsersImportForm(ImportForm):
    send_mail = forms.BooleanField(
        label="Gửi liên kết kích hoạt qua thư điện tử (với dòng có thư điện tử)",
        required=False,
    )


@forbidden_is_403
@require_http_methods(["GET", "POST"])
def user_import(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    form = UsersImportForm(request.POST or None, request.FILES or None)
    result = form.run(request, partial(imports.users_import, by=request.user))
    mailed: list[str] = []
    if result and result.ok and form.cleaned_data.get("send_mail"):
        for user, code in result.invitations:
            if user.email:
                invitations.send_invitation(user=user, code=code)
                mailed.append(user.username)
    return render(
        request,
        "accounts/user_import.html",
        {
            "form": form,
            "result": result,
            "mailed": mailed,
            "activate_url": request.build_absolute_uri(
                reverse("accounts_public:activate-form")
            ),
            "page_title": "Nhập tài khoản và vai trò",
            "header_icon": "upload",
        },
    )


@forbidden_is_403
def user_import_template(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    content = template_xlsx("Tài khoản", imports.COLUMNS, imports.NOTES)
    return xlsx_response(content, "mau-nhap-tai-khoan.xlsx")


class ActivateForm(forms.Form):
    code = forms.CharField(label="Mã kích hoạt", max_length=20)
    password1 = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput)
    password2 = forms.CharField(label="Nhập lại mật khẩu", widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", "Hai lần nhập mật khẩu không khớp.")
        return data


@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest, code: str = "") -> HttpResponse:
    """Public: the owner sets their own password with the code (printed or e-mailed)."""
    form = ActivateForm(request.POST or None, initial={"code": code})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invitations.invitation_for(data["code"])
            password_validation.validate_password(data["password1"], invitation.user)
            user = invitations.redeem(code=data["code"], password=data["password1"])
        except ValidationError as exc:
            form.add_error(
                "password1" if "mật khẩu" in " ".join(exc.messages).lower() else "code",
                exc.messages,
            )
        else:
            messages.success(
                request, f"Đã đặt mật khẩu cho {user.username}. Mời đăng nhập."
            )
            return redirect("wagtailadmin_login")
    return render(request, "accounts/activate.html", {"form": form})
