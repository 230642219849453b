from __future__ import annotations

from django import forms

from .models import OrgUnit


class UnitFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm theo tên hoặc mã",
        required=False,
        help_text="Không cần gõ dấu: “tan uyen” tìm được “Tân Uyên”.",
    )
    on = forms.DateField(label="Có hiệu lực vào ngày", required=False)
    kind = forms.ChoiceField(
        label="Loại", choices=[("", "Tất cả"), *OrgUnit.Kind.choices], required=False
    )


class UnitForm(forms.Form):
    code = forms.CharField(label="Mã đơn vị", max_length=32)
    name = forms.CharField(label="Tên đơn vị", max_length=200)
    kind = forms.ChoiceField(label="Loại", choices=OrgUnit.Kind.choices)
    parent_code = forms.CharField(
        label="Mã đơn vị cấp trên",
        required=False,
        help_text="Đơn vị cấp trên có hiệu lực vào ngày bắt đầu của đơn vị này.",
    )
    valid_from = forms.DateField(label="Hiệu lực từ", required=False)
    valid_to = forms.DateField(label="Hiệu lực đến", required=False)

    @classmethod
    def initial_for(cls, unit: OrgUnit) -> dict[str, object]:
        return {
            "code": unit.code,
            "name": unit.name,
            "kind": unit.kind,
            "parent_code": unit.parent.code if unit.parent else "",
            "valid_from": unit.valid_from,
            "valid_to": unit.valid_to,
        }
