from __future__ import annotations

from django import forms


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm theo họ tên",
        required=False,
        help_text="Không cần gõ dấu: “lo van hung” tìm được “Lò Văn Hùng”.",
    )
    unit = forms.IntegerField(widget=forms.HiddenInput, required=False)
