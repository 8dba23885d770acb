"""Dates as the reader shows them: in local time, day and month always, the year when it is
not this year.

The library stores ISO dates in UTC; people read their own clock. ``FEEDLENS_TODAY`` (an ISO
date) fixes "today" so screenshots and snapshots stay reproducible.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

#: What a story or article with no date shows where its date would be (never the time it was
#: imported, which nobody reported); the reader's lists and screens and the CLI say it alike.
UNDATED = "undated"


def today() -> datetime:
    """Now (local time), or FEEDLENS_TODAY."""
    fixed = os.environ.get("FEEDLENS_TODAY")
    if fixed:
        try:
            moment = datetime.fromisoformat(fixed)
            return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()
        except ValueError:
            pass
    return datetime.now(UTC).astimezone()


def local_moment(iso: str | None) -> datetime | None:
    """An ISO date of the library (UTC when it names no zone) in the local time zone."""
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def short_date(iso: str | None, now: datetime | None = None) -> str:
    """For a list column: ``14:05`` today, ``2 Nov`` this year, ``2 Nov '24`` before."""
    moment = local_moment(iso)
    if moment is None:
        return ""
    now = now or today()
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    return _day(moment, now)


def day_and_time(iso: str | None, now: datetime | None = None) -> str:
    """For two reports side by side: ``6 Nov, 13:00`` (``6 Nov '24, 13:00`` before this year),
    local time: the hour tells an update from a disagreement."""
    moment = local_moment(iso)
    if moment is None:
        return ""
    return f"{_day(moment, now or today())}, {moment.strftime('%H:%M')}"


def short_day(iso: str | None, now: datetime | None = None) -> str:
    """A day, even today's: ``2 Nov`` this year, ``2 Nov '24`` before (a chart's date axis)."""
    moment = local_moment(iso)
    return "" if moment is None else _day(moment, now or today())


def _day(moment: datetime, now: datetime) -> str:
    """``2 Nov`` this year, ``2 Nov '24`` before."""
    day = f"{moment.day} {moment.strftime('%b')}"
    return day if moment.year == now.year else f"{day} '{moment.year % 100:02d}"


def long_date(iso: str | None) -> str:
    """For the reading pane: ``Mon 2 Nov 2026, 07:15 CET``, local time with its zone named."""
    moment = local_moment(iso)
    if moment is None:
        return ""
    zone = moment.strftime("%Z") or moment.strftime("%z")
    return f"{moment.strftime('%a')} {moment.day} {moment.strftime('%b %Y, %H:%M')} {zone}".strip()
