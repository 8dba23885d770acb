"""A figure's value as its article wrote it, where the canonical value reads worse.

The extractor stores a game or race clock ("with 7:41 left", "won in 2:03:59") as a duration
in seconds, so that clocks compare and conflict by value (461 vs 462). Shown through
``extract.format_value`` that reads "461 seconds": a count of seconds nobody wrote. This module
owns the one display rule for such values: a duration in seconds whose mention is a clock
reading shows the clock, as written. Every label and value line goes through ``shown_value``
(figure groups, a story's conflicts, the compare screen, ``feedlens figures``).
"""

from __future__ import annotations

import re

# A clock reading: minutes and seconds, or hours, minutes and seconds ("7:41", "2:03:59").
_CLOCK = re.compile(r"\d{1,3}(?::\d{2}){1,2}")


def as_clock(kind: str, unit: str, text: str) -> str:
    """The clock as written when the mention is one ("7:41"), else ""."""
    written = text.strip()
    if kind == "duration" and unit == "second" and _CLOCK.fullmatch(written):
        return written
    return ""


def shown_value(value: float, kind: str, unit: str, text: str) -> str:
    """A mention's value for a label: the clock as written, else ``format_value``."""
    # Imported here: the reader loads the figure modules before the extractor.
    from reader.figures.extract import format_value

    return as_clock(kind, unit, text) or format_value(value, kind, unit)
