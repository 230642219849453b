"""A select whose options are written in Python: Django's renders each option
through its own template include, about 0.1 ms an option, which made the
dossier page's person and award lists (a hundred options) a fifth of its CPU."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    # as django/forms/widgets/attrs.html: False leaves the attribute out, True
    # writes it bare
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """django.forms.Select's markup, without a template per option."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            format_html('<select name="{}"', widget["name"]),
            _attrs(widget["attrs"]),
            ">",
        ]
        for group, options, _ in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(
                f'<option value="{conditional_escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
                for option in options
            )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # every part escaped above
