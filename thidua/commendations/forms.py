"""Forms of the registry screens: filters, and one form per kind of entry.

A person is named by "Mã cá nhân" (shown on their page) or by full name; units are
chosen among those the user may change, so an entry can only be filed where the
access layer allows. Business rules live in services (the views call them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet

from thidua.accounts.roles import AnyUser
from thidua.lib.text import fold
from thidua.people.access import people_for_editing
from thidua.people.models import Person
from thidua.units.access import units_for_editing, units_for_user
from thidua.units.models import OrgUnit

from .models import (
    AdvancedModel,
    AnnualRating,
    AwardRecord,
    AwardType,
    DisciplinaryRecord,
    Initiative,
    RecipientKind,
)

PERSON_HELP = "Mã cá nhân (trên trang cá nhân) hoặc họ và tên đầy đủ."


class UnitChoiceField(forms.ModelChoiceField):
    """Units labelled with their code and, for former units, when they ended."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        label = f"{obj.name} ({obj.code})"
        if obj.valid_to:
            label += f" – đến {obj.valid_to:%d/%m/%Y}"
        return label


def find_person(text: str, candidates: QuerySet[Person]) -> Person:
    """One person by id or by full name among `candidates`; a Vietnamese error otherwise."""
    text = text.strip()
    if text.isdigit():
        found = list(candidates.filter(pk=int(text)))
    else:
        found = list(candidates.filter(search_text=fold(text))[:6])
    if not found:
        raise forms.ValidationError(
            f"Không tìm thấy cá nhân “{text}” trong các đơn vị bạn được cập nhật."
        )
    if len(found) > 1:
        names = "; ".join(
            f"{p.pk} — {p.full_name}" + (f" ({p.birth_year})" if p.birth_year else "")
            for p in found
        )
        raise forms.ValidationError(f"Có nhiều người trùng tên, hãy nhập mã: {names}.")
    return found[0]


UNIT_SELECT_MAX = 500  # above this many visible units the filter is typed, not picked


class RegistryFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm theo tên",
        required=False,
        help_text="Không cần gõ dấu: “lo thi anh” tìm được “Lò Thị Ánh”.",
    )
    year = forms.IntegerField(
        label="Năm", required=False, min_value=1945, max_value=2100
    )
    unit = UnitChoiceField(
        label="Đơn vị", queryset=OrgUnit.objects.none(), required=False
    )
    type = forms.ChoiceField(label="Loại", required=False)
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, user: AnyUser, types: list[tuple[str, Any]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        units = units_for_user(user).order_by("kind", "name", "-valid_from")
        self.units = units
        if units.count() > UNIT_SELECT_MAX:
            # a national list would be a select of thousands of options (megabytes)
            self.fields["unit"] = forms.CharField(
                label="Đơn vị",
                required=False,
                widget=forms.TextInput(
                    attrs={"placeholder": "Tên hoặc mã đơn vị, không cần dấu"}
                ),
            )
        else:
            cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        cast(forms.ChoiceField, self.fields["type"]).choices = [("", "Tất cả"), *types]

    def clean_unit(self) -> list[int]:
        """The chosen unit, or every visible unit whose name or code matches."""
        value = self.cleaned_data.get("unit")
        if not value:
            return []
        if isinstance(value, OrgUnit):
            return [value.pk]
        text = str(value).strip()
        match = Q(code=text) | Q(search_text__contains=fold(text))
        if text.isdigit():
            match |= Q(pk=int(text))
        ids = list(self.units.filter(match).values_list("pk", flat=True)[:200])
        if not ids:
            raise forms.ValidationError(f"Không tìm thấy đơn vị “{text}”.")
        return ids


class EntryForm(forms.ModelForm):
    """Base: knows the user, resolves the holder within what the user may change."""

    holder_choices: tuple[str, ...] = (
        RecipientKind.INDIVIDUAL,
        RecipientKind.COLLECTIVE,
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = units_for_editing(user).order_by("kind", "name", "-valid_from")
        for name in ("unit", "collective"):
            if name in self.fields:
                old = self.fields[name]
                self.fields[name] = UnitChoiceField(
                    label=old.label,
                    queryset=units,
                    required=old.required,
                    help_text=old.help_text,
                )
        if "holder_kind" in self.fields:
            self.fields["holder_kind"] = forms.ChoiceField(
                label="Đối tượng",
                choices=[
                    c for c in RecipientKind.choices if c[0] in self.holder_choices
                ],
                initial=self._initial_kind(),
            )
        if "person_ref" in self.fields and self.instance.person_id:
            self.initial.setdefault("person_ref", str(self.instance.person_id))
        if "year" in self.fields:
            self.fields["year"].widget.attrs.update(min=1945, max=dt.date.today().year)

    def _initial_kind(self) -> str:
        if getattr(self.instance, "collective_id", None):
            return RecipientKind.COLLECTIVE
        if getattr(self.instance, "household_name", ""):
            return RecipientKind.HOUSEHOLD
        return RecipientKind.INDIVIDUAL

    def clean_person_ref(self) -> Person | None:
        text = self.cleaned_data.get("person_ref", "")
        if not text.strip():
            return None
        return find_person(text, people_for_editing(self.user))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("holder_kind", RecipientKind.INDIVIDUAL)
        person = data.get("person_ref")
        if kind == RecipientKind.INDIVIDUAL:
            if person is None and "person_ref" not in self.errors:
                self.add_error("person_ref", "Nhập mã hoặc họ tên cá nhân.")
            self.instance.person = person
            if "collective" in self.fields:
                data["collective"] = None
        else:
            self.instance.person = None
            if kind == RecipientKind.COLLECTIVE and not data.get("collective"):
                self.add_error("collective", "Chọn tập thể.")
        return data


PERSON_REF = forms.CharField(
    label="Cá nhân", required=False, max_length=200, help_text=PERSON_HELP
)


class AwardRecordForm(EntryForm):
    holder_choices = (
        RecipientKind.INDIVIDUAL,
        RecipientKind.COLLECTIVE,
        RecipientKind.HOUSEHOLD,
    )
    person_ref = PERSON_REF

    class Meta:
        model = AwardRecord
        fields = [
            "holder_kind", "collective", "household_name", "unit", "award_type", "year",
            "branch", "issuer", "level", "decision_number", "decision_date",
            "decision_issuer", "revoked_on",
        ]  # fmt: skip
        widgets = {
            "decision_date": forms.DateInput(attrs={"type": "date"}),
            "revoked_on": forms.DateInput(attrs={"type": "date"}),
        }

    field_order = ["holder_kind", "person_ref"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["award_type"]
        ).queryset = AwardType.objects.filter(active=True)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("holder_kind") != RecipientKind.HOUSEHOLD:
            data["household_name"] = ""
        elif not data.get("household_name", "").strip():
            self.add_error("household_name", "Nhập tên hộ gia đình.")
        return data


class AnnualRatingForm(EntryForm):
    person_ref = PERSON_REF

    class Meta:
        model = AnnualRating
        fields = ["collective", "unit", "year", "rating"]

    field_order = ["holder_kind", "person_ref"]

    holder_kind = forms.CharField(required=False)  # replaced in EntryForm.__init__


class InitiativeForm(EntryForm):
    authors = forms.CharField(
        label="Tác giả",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mỗi dòng một tác giả: mã cá nhân hoặc họ và tên đầy đủ.",
    )

    class Meta:
        model = Initiative
        fields = [
            "title", "scope", "recognised_year", "recognised_on", "recognising_body",
            "decision_number", "unit",
        ]  # fmt: skip
        widgets = {"recognised_on": forms.DateInput(attrs={"type": "date"})}

    field_order = ["title", "authors"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault(
                "authors",
                "\n".join(
                    str(pk) for pk in self.instance.persons.values_list("pk", flat=True)
                ),
            )
        self.fields["recognised_year"].widget.attrs.update(
            min=1945, max=dt.date.today().year
        )

    def clean_authors(self) -> list[Person]:
        candidates = people_for_editing(self.user)
        people: list[Person] = []
        problems: list[str] = []
        for line in self.cleaned_data["authors"].splitlines():
            if not line.strip():
                continue
            try:
                person = find_person(line, candidates)
            except forms.ValidationError as exc:
                problems.extend(exc.messages)
                continue
            if person not in people:
                people.append(person)
        if problems:
            raise forms.ValidationError(problems)
        return people

    def clean(self) -> dict[str, Any]:
        # no holder_kind/person here: the authors are the holders
        forms.ModelForm.clean(self)
        return self.cleaned_data


class AdvancedModelForm(EntryForm):
    person_ref = PERSON_REF

    class Meta:
        model = AdvancedModel
        fields = ["collective", "title", "year", "level", "recognised_by", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    field_order = ["holder_kind", "person_ref"]

    holder_kind = forms.CharField(required=False)  # replaced in EntryForm.__init__


class DisciplinaryRecordForm(EntryForm):
    person_ref = forms.CharField(label="Cá nhân", max_length=200, help_text=PERSON_HELP)

    class Meta:
        model = DisciplinaryRecord
        fields = [
            "unit",
            "year",
            "severity",
            "decision_number",
            "decision_date",
            "reason",
        ]
        widgets = {"decision_date": forms.DateInput(attrs={"type": "date"})}

    field_order = ["person_ref"]
