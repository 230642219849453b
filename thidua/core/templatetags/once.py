from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from thidua.core.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def once_token() -> SafeString:
    """A hidden one-time token: the POST view decorated with `submit_once` acts
    on it once and answers a resend of the same form with its first answer."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
