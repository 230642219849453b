from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thidua.core.backoffice import DateInput
from thidua.units.access import unit_by_code_for_editing

from .models import Person
from .services import PERSON_FIELDS


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm theo họ tên",
        required=False,
        help_text="Không cần gõ dấu: “lo van hung” tìm được “Lò Văn Hùng”.",
    )
    unit = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PersonForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    gender = forms.ChoiceField(label="Giới tính", choices=Person.Gender.choices)
    birth_year = forms.IntegerField(
        label="Năm sinh",
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={
            "min_value": "Năm sinh phải từ %(limit_value)s trở về sau.",
            "max_value": "Năm sinh không thể sau năm %(limit_value)s.",
        },
    )
    ethnicity = forms.CharField(label="Dân tộc", max_length=40, initial="Kinh")
    target_group = forms.ChoiceField(
        label="Đối tượng",
        choices=Person.TargetGroup.choices,
        initial=Person.TargetGroup.CIVIL_SERVANT,
    )

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, object]:
        return {name: getattr(person, name) for name in PERSON_FIELDS}


class PositionForm(forms.Form):
    """A post; the unit is typed as its code and must be one the user may change."""

    unit_code = forms.CharField(
        label="Mã đơn vị công tác",
        max_length=32,
        help_text="Mã TCTK hoặc mã nội bộ của đơn vị có hiệu lực vào ngày bắt đầu.",
    )
    title = forms.CharField(label="Chức vụ", max_length=120, required=False)
    start_date = forms.DateField(label="Từ ngày", widget=DateInput)
    end_date = forms.DateField(
        label="Đến ngày", required=False, widget=DateInput, help_text="Trống = đến nay."
    )
    is_leader = forms.BooleanField(label="Lãnh đạo đơn vị", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("unit_code") and data.get("start_date"):
            try:
                data["unit"] = unit_by_code_for_editing(
                    self.user, data["unit_code"], on=data["start_date"]
                )
            except ValidationError as exc:
                self.add_error("unit_code", exc)
        return data


class PersonCreateForm(PersonForm, PositionForm):
    """A new person with their post (an ended one for people of ended units)."""


class PositionEndForm(forms.Form):
    end_date = forms.DateField(label="Ngày cuối cùng giữ chức vụ", widget=DateInput)
