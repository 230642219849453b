from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from thidua.lib import formats

register = template.Library()


def _blank(value: Any) -> bool:
    # templates pass "" for a field with no value yet; show nothing rather than fail
    return value is None or value == ""


@register.filter
def vi_number(value: Any, decimals: int = 2) -> str:
    return "" if _blank(value) else formats.number(value, int(decimals))


@register.filter
def vi_percent(value: Any, decimals: int = 1) -> str:
    return formats.percent(None if _blank(value) else value, int(decimals))


@register.filter
def vi_money(value: Any) -> str:
    return "" if _blank(value) else formats.money(value)


@register.filter
def vi_long_date(value: dt.date | None) -> str:
    return formats.long_date(value) if value else ""
