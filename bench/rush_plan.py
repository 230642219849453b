"""The officers' pace in the rush and what they type, shared by the locust users
(rush_locust.py), the report (rush_report.py) and the CPU count (rush_cpu.py)."""

import re
from typing import Any

PAGE_PAUSE = (5.0, 10.0)  # reading a page, choosing the next (national.md: 5-10 s)
TYPING_PAUSE = (15.0, 30.0)  # typing six figures into the grid
RESEND_EVERY = 5  # one send in five is posted twice with the same token

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ONCE = re.compile(r'name="_once" value="([^"]+)"')
INPUT = re.compile(r'<input[^>]*\bname="(c-\d+-\d+-\w+)"')


def form_in(page: str, action: str) -> str | None:
    """The body of the form posting to `action`, or None when the page has none."""
    found = re.search(
        rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S
    )
    return found.group(1) if found else None


def _comma(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")  # typed the Vietnamese way


def figures(unit: int, round_: int) -> dict[str, dict[str, Any]]:
    """What the officer types this round, by indicator code: the text typed and
    the values the database must then hold."""
    k = unit + round_ * 7
    road = 85 + k % 15 + 0.25
    villages = 2 + k % 10
    poor = 7.5 + (k % 20) / 10
    cut = 1.5 + (k % 25) / 10
    budget = 10_000 + (k * 137) % 5_000
    culture = k % 2
    return {
        "rush_duong": {"typed": {"value": _comma(road, 2)}, "value": road},
        "rush_ntm": {
            "typed": {"numerator": str(villages), "denominator": "12"},
            "value": villages / 12 * 100,
            "numerator": float(villages),
            "denominator": 12.0,
        },
        "rush_ngheo": {"typed": {"value": _comma(poor, 2)}, "value": poor},
        "rush_giam_ngheo": {"typed": {"value": _comma(cut, 2)}, "value": cut},
        "rush_thu_ns": {"typed": {"value": str(budget)}, "value": float(budget)},
        "rush_van_hoa": {
            "typed": {"value": "có" if culture else "không"},
            "value": float(culture),
        },
    }
