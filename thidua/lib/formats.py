"""vi-VN number and date formats: "149,7%", "2.340.000", "ngày 26 tháng 11 năm 2026"."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def number(
    value: float | Decimal | int | None, decimals: int = 2, *, trim: bool = True
) -> str:
    """Dot for thousands, comma for decimals; trailing zeros trimmed unless trim=False.

    Rounds half up on the decimal value (0,125 → 0,13), as figures in official
    reports are rounded, not half-to-even on a binary float.
    """
    if value is None:
        return ""
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{exact:,.{decimals}f}"
    if decimals and trim:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(value: float | Decimal | None, decimals: int = 1) -> str:
    """149.66 → "149,7%"; None → "không xác định" (e.g. a plan of zero)."""
    if value is None:
        return "không xác định"
    return number(value, decimals) + "%"


def with_unit(text: str, unit: str) -> str:
    """A figure with its unit of measure: "90,27%", "2,47 điểm phần trăm" (a change
    of a rate is in percentage points, never "%"), "17,5 tiêu chí/xã"."""
    if not unit or not text:
        return text
    if unit == "%":
        return f"{text}%"
    if unit == "điểm %":
        return f"{text} điểm phần trăm"
    return f"{text} {unit}"


def money(value: int | Decimal | None) -> str:
    """2340000 → "2.340.000 đồng"."""
    if value is None:
        return ""
    return number(value, 0) + " đồng"


def long_date(value: dt.date) -> str:
    """Decree 30/2020 style: "ngày 26 tháng 11 năm 2026" (day and month < 10 zero-padded
    only for day 1-9 and months 1-2, as the decree's appendix shows)."""
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def short_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
