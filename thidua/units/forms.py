from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from thidua.core.backoffice import DateInput

from .access import unit_by_code_for_editing
from .models import LineageEvent, OrgUnit


class UnitFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm theo tên hoặc mã",
        required=False,
        help_text="Không cần gõ dấu: “tan uyen” tìm được “Tân Uyên”.",
    )
    on = forms.DateField(label="Có hiệu lực vào ngày", required=False, widget=DateInput)
    kind = forms.ChoiceField(
        label="Loại", choices=[("", "Tất cả"), *OrgUnit.Kind.choices], required=False
    )


class BlocFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm theo tên khối, cụm",
        required=False,
        help_text="Không cần gõ dấu: “cum so 1” tìm được “Cụm số 1”.",
    )
    don_vi = forms.ModelChoiceField(
        label="Đơn vị tổ chức",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="Tất cả",
    )
    nam = forms.IntegerField(
        label="Năm",
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 5}),
    )

    def __init__(self, *args: Any, organisers: QuerySet[OrgUnit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["don_vi"]).queryset = organisers


class UnitForm(forms.Form):
    code = forms.CharField(label="Mã đơn vị", max_length=32)
    name = forms.CharField(label="Tên đơn vị", max_length=200)
    kind = forms.ChoiceField(label="Loại", choices=OrgUnit.Kind.choices)
    parent_code = forms.CharField(
        label="Mã đơn vị cấp trên",
        required=False,
        help_text="Đơn vị cấp trên có hiệu lực vào ngày bắt đầu của đơn vị này.",
    )
    valid_from = forms.DateField(label="Hiệu lực từ", required=False, widget=DateInput)
    valid_to = forms.DateField(label="Hiệu lực đến", required=False, widget=DateInput)

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


class LineageEventForm(forms.Form):
    kind = forms.ChoiceField(label="Loại sự kiện", choices=LineageEvent.Kind.choices)
    effective_date = forms.DateField(
        label="Ngày hiệu lực",
        widget=DateInput,
        help_text="Đơn vị cũ kết thúc ngày hôm trước; đơn vị mới có hiệu lực từ ngày này.",
    )
    legal_basis = forms.CharField(
        label="Căn cứ pháp lý",
        max_length=255,
        help_text="Ví dụ: Nghị quyết số 1670/NQ-UBTVQH15 ngày 16/6/2025.",
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LineageLinkForm(forms.Form):
    predecessor = forms.CharField(label="Mã đơn vị cũ", max_length=32)
    successor = forms.CharField(
        label="Mã đơn vị kế thừa",
        max_length=32,
        required=False,
        help_text="Trống khi đơn vị giải thể.",
    )


class FoundedUnitForm(forms.Form):
    code = forms.CharField(label="Mã", max_length=32)
    name = forms.CharField(label="Tên đơn vị mới", max_length=200)
    kind = forms.ChoiceField(label="Loại", choices=OrgUnit.Kind.choices)
    parent_code = forms.CharField(label="Mã đơn vị cấp trên", max_length=32)


class MoveForm(forms.Form):
    child = forms.CharField(label="Mã đơn vị chuyển", max_length=32)
    new_parent = forms.CharField(label="Mã đơn vị cấp trên mới", max_length=32)


LinkFormSet = forms.formset_factory(LineageLinkForm, extra=8)
FoundedFormSet = forms.formset_factory(FoundedUnitForm, extra=3)
MoveFormSet = forms.formset_factory(MoveForm, extra=4)


class HandOverForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label="Đơn vị nhận quyền đăng cai", queryset=OrgUnit.objects.none()
    )
    on = forms.DateField(
        label="Ngày trao quyền",
        widget=DateInput,
        help_text="Thường là ngày hội nghị tổng kết.",
    )
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)

    def __init__(self, *args: Any, members: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["to_unit"]).queryset = members


class LineageEntry:
    """The event form and its three row formsets; resolves the codes typed in them
    into units the user may change, or Vietnamese messages in `problems`."""

    def __init__(
        self, data: Any, *, user: Any, predecessor: OrgUnit | None = None
    ) -> None:
        self.user = user
        self.event = LineageEventForm(data)
        initial = [{"predecessor": predecessor.code}] if predecessor else []
        self.links = LinkFormSet(data, prefix="links", initial=initial)
        self.founded = FoundedFormSet(data, prefix="founded")
        self.moves = MoveFormSet(data, prefix="moves")
        self.problems: list[str] = []

    def is_valid(self) -> bool:
        # every form is validated, so all their errors show at once
        valid = [
            f.is_valid() for f in (self.event, self.links, self.founded, self.moves)
        ]
        return all(valid)

    def _unit(self, code: str, day: dt.date, role: str) -> OrgUnit | None:
        try:
            return unit_by_code_for_editing(self.user, code, on=day)
        except ValidationError as exc:
            self.problems.extend(f"{role}: {m}" for m in exc.messages)
            return None

    def resolve(self) -> dict[str, Any] | None:
        """Keyword arguments for lineage_event_record, or None with `problems` set."""
        event = self.event.cleaned_data
        day = event["effective_date"]
        before = day - dt.timedelta(days=1)
        founded: dict[str, OrgUnit] = {}
        for row in _filled(self.founded):
            code = row["code"].strip()
            if code in founded:
                self.problems.append(f"Mã đơn vị mới '{code}' được nhập hai lần.")
            parent = self._unit(row["parent_code"], day, f"Cấp trên của {row['name']}")
            founded[code] = OrgUnit(
                code=code, name=row["name"], kind=row["kind"], parent=parent
            )

        def target(code: str, role: str) -> OrgUnit | None:
            code = code.strip()
            return founded[code] if code in founded else self._unit(code, day, role)

        links = []
        for row in _filled(self.links):
            old = self._unit(row["predecessor"], before, "Đơn vị cũ")
            new = (
                target(row["successor"], "Đơn vị kế thừa") if row["successor"] else None
            )
            links.append((old, new))
        moves = {}
        for row in _filled(self.moves):
            child = self._unit(row["child"], before, "Đơn vị chuyển")
            moves[child] = target(row["new_parent"], "Cấp trên mới")
        used = {id(u) for _, u in links} | {id(u) for u in moves.values()}
        for unit in founded.values():
            if id(unit) not in used:
                self.problems.append(
                    f"Đơn vị mới {unit.name} chưa được nêu là đơn vị kế thừa hay "
                    "cấp trên mới của đơn vị nào."
                )
        if self.problems:
            return None
        return {
            "kind": event["kind"],
            "effective_date": day,
            "legal_basis": event["legal_basis"],
            "note": event["note"],
            "links": links,
            "moves": moves,
        }


def _filled(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data]
