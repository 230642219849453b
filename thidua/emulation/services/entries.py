"""Typed values as they come from forms and spreadsheets: numbers, yes/no, checks."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

from thidua.lib.formats import number

from ..models import Indicator

YES = {"1", "có", "co", "đạt", "dat", "x", "yes", "true"}
NO = {"0", "không", "khong", "chưa đạt", "chua dat", "no", "false"}
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)*$")


def parse_number(raw: Any) -> float | None:
    """A number typed the Vietnamese way ("2,47", "1.234,5") or the English way ("2.47")."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if text == "":
        return None
    if not _NUMBER.match(text):
        raise ValueError(text)
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    return float(text)


def clean_entry(
    indicator: Indicator,
    *,
    value: Any = None,
    numerator: Any = None,
    denominator: Any = None,
) -> tuple[float | None, float | None, float | None]:
    """Check one entry against the indicator's rules; returns (value, numerator, denominator).

    Raises ValidationError with Vietnamese messages keyed by "value", "numerator" or
    "denominator".
    """
    errors: dict[str, str] = {}
    if indicator.direction == "yes_no" and isinstance(value, str) and value.strip():
        folded = value.strip().lower()
        if folded in YES:
            return 1.0, None, None
        if folded in NO:
            return 0.0, None, None
        raise ValidationError({"value": "Chỉ nhập “có” hoặc “không” (1 hoặc 0)."})
    parsed: dict[str, float | None] = {}
    for name, raw in (
        ("value", value),
        ("numerator", numerator),
        ("denominator", denominator),
    ):
        try:
            parsed[name] = parse_number(raw)
        except ValueError:
            errors[name] = f"“{raw}” không phải là số."
    if errors:
        raise ValidationError(errors)
    v, num, den = parsed["value"], parsed["numerator"], parsed["denominator"]
    if indicator.is_share:
        if num is None and den is None:
            if indicator.required:
                raise ValidationError({"numerator": "Cần nhập tử số và mẫu số."})
            return None, None, None
        if num is None or den is None:
            field = "numerator" if num is None else "denominator"
            raise ValidationError({field: "Cần nhập cả tử số và mẫu số."})
        if den <= 0:
            raise ValidationError({"denominator": "Mẫu số phải lớn hơn 0."})
        if num < 0:
            raise ValidationError({"numerator": "Tử số không được âm."})
        if num > den:
            raise ValidationError(
                {
                    "numerator": f"Tử số ({number(num)}) không được lớn hơn mẫu số ({number(den)})."
                }
            )
        v = num / den * 100
    elif v is None:
        if indicator.required:
            raise ValidationError({"value": "Chỉ tiêu bắt buộc: cần nhập giá trị."})
        return None, None, None
    if indicator.direction == "yes_no" and v not in (0.0, 1.0):
        raise ValidationError({"value": "Chỉ nhập “có” hoặc “không” (1 hoặc 0)."})
    if indicator.min_value is not None and v < indicator.min_value:
        raise ValidationError(
            {"value": f"Giá trị phải từ {number(indicator.min_value)} trở lên."}
        )
    if indicator.max_value is not None and v > indicator.max_value:
        raise ValidationError(
            {"value": f"Giá trị không được vượt quá {number(indicator.max_value)}."}
        )
    return v, num, den
