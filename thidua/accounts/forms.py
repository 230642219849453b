from __future__ import annotations

from django import forms

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
