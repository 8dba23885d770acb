"""Timestamps as the library writes them: UTC, to the second, ISO 8601 with a Z."""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime

ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def now_iso() -> str:
    return datetime.now(UTC).strftime(ISO_FORMAT)


def struct_to_iso(value: time.struct_time | tuple[int, ...] | None) -> str | None:
    """A UTC time tuple (as feedparser's date readers give) as ISO, or None if unusable."""
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC).strftime(ISO_FORMAT)
    except (ValueError, OverflowError, OSError, TypeError):
        return None
