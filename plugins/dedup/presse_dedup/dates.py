"""Publication days from ``meta.date`` for the optional time window."""

from __future__ import annotations

from datetime import date, datetime

from presse_dedup.documents import NO_DAY

_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d/%m/%Y", "%Y/%m/%d", "%d %B %Y")


def day_number(value: object) -> int:
    """Days since 0001-01-01 of ``value`` (ISO date or datetime, a few common formats);
    ``NO_DAY`` when missing or unreadable, in which case no window applies."""
    if isinstance(value, datetime):
        return value.date().toordinal()
    if isinstance(value, date):
        return value.toordinal()
    if not isinstance(value, str) or not value.strip():
        return NO_DAY
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date().toordinal()
    except ValueError:
        pass
    if len(text) == 7 and text[4] == "-":  # YYYY-MM
        try:
            return date(int(text[:4]), int(text[5:]), 1).toordinal()
        except ValueError:
            return NO_DAY
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date().toordinal()
        except ValueError:
            continue
    return NO_DAY
