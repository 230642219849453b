from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from thidua.units.models import EmulationBloc

from .models import RoleAssignment, User


class RoleAssignForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Tài khoản",
        queryset=User.objects.filter(is_active=True).order_by("username"),
    )
    role = forms.ChoiceField(label="Vai trò", choices=RoleAssignment.Role.choices)
    unit_code = forms.CharField(
        label="Mã đơn vị",
        required=False,
        help_text="Đơn vị đang có hiệu lực; vai trò áp dụng cho cả các đơn vị trực thuộc.",
    )
    bloc = forms.ModelChoiceField(
        label="Khối thi đua",
        queryset=EmulationBloc.objects.order_by("name"),
        required=False,
    )


class LoginForm(WagtailLoginForm):
    """Wagtail's login form labels its password field from the field name (plain
    English "Password"); give it Django's translated label."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = gettext_lazy("Password")
