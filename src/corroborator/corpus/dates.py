"""Date windows: the span of days a date of a given precision may stand for."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Optional


def window(value: Optional[str], precision: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(first day, last day) as ISO dates that ``value`` at ``precision`` covers.

    Day -> that day; week -> seven days from ``value``; month -> the calendar month;
    year -> the calendar year. Unreadable values give ``(None, None)``.
    """
    if not value:
        return None, None
    try:
        d = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None, None
    if precision == "week":
        return d.isoformat(), (d + dt.timedelta(days=6)).isoformat()
    if precision == "month":
        last = calendar.monthrange(d.year, d.month)[1]
        return d.replace(day=1).isoformat(), d.replace(day=last).isoformat()
    if precision == "year":
        return dt.date(d.year, 1, 1).isoformat(), dt.date(d.year, 12, 31).isoformat()
    return d.isoformat(), d.isoformat()


def ordinal(iso: Optional[str]) -> Optional[int]:
    return dt.date.fromisoformat(iso[:10]).toordinal() if iso else None
