"""Deadlines in working days: weekends and the administrator's holiday list skipped."""

from __future__ import annotations

import datetime as dt


def holidays_between(first: dt.date, last: dt.date) -> set[dt.date]:
    from .models import Holiday

    return set(
        Holiday.objects.filter(day__gte=first, day__lte=last).values_list(
            "day", flat=True
        )
    )


def window(days: int) -> dt.timedelta:
    """How far `days` working days may reach: holidays never exceed a few weeks a year."""
    return dt.timedelta(days=days * 2 + 60)


def add_working_days(
    start: dt.date, days: int, off: set[dt.date] | None = None
) -> dt.date:
    """The day `days` working days after `start` (the day of receipt not counted);
    `off`, the holidays when the caller read them once for many dates."""
    if off is None:
        off = holidays_between(start, start + window(days))
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            left -= 1
    return day


def last_working_day(today: dt.date, off: set[dt.date]) -> dt.date:
    """The latest working day on or before `today`: a deadline is missed once one
    working day passes after it (`working_days_left` < 0) ⟺ it is before this day."""
    day = today
    while day.weekday() >= 5 or day in off:
        day -= dt.timedelta(days=1)
    return day


def working_days_left(
    due: dt.date, today: dt.date, off: set[dt.date] | None = None
) -> int:
    """Working days from `today` to `due` (negative when overdue); `off`, the
    holidays when a list page already read them once for all its rows."""
    if due == today:
        return 0
    first, last, sign = (today, due, 1) if due > today else (due, today, -1)
    if off is None:
        off = holidays_between(first, last)
    count, day = 0, first
    while day < last:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            count += 1
    return sign * count
