"""Feed dates feedparser cannot read: day and month names in other languages.

Feeds from Brazil, Germany or France often write RFC 822 dates in their own language
("Seg, 24 Set 2018 19:42:40 -0300", "Mi, 12 Okt 2022"); feedparser reads none of them, and the
articles would sort as if published when imported. This module registers one more date reader
with feedparser (so its own parser and the fast reader in strict_xml, which share feedparser's
date readers, read the same) that hands such dates to dateparser. Dates in English words go
straight on to feedparser's readers; a date needs a year to be read here at all.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from reader.clock import ISO_FORMAT

# Words feedparser's own readers understand: English day and month names, zones, markers.
_ENGLISH = frozenset(
    """
    mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june
    july august september october november december
    gmt utc ut z t est edt cst cdt mst mdt pst pdt am pm
    """.split()  # noqa: SIM905 (one word list reads better than sixty lines)
)
_WORD = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"(?<!\d)(?:19[7-9]\d|2[01]\d\d)(?!\d)")
# A date without a zone is taken as UTC, as feedparser takes it.
_SETTINGS = {"RETURN_AS_TIMEZONE_AWARE": True, "STRICT_PARSING": True, "TIMEZONE": "UTC"}

# The spelling nearly every RSS feed writes its dates in ("Thu, 01 Jan 2026 08:30:00 +0000"):
# read_common_date reads it directly, as feedparser's readers do after trying two others first.
_COMMON_RFC822 = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"((?:19|2\d)\d\d) (\d\d):(\d\d):(\d\d) (?:GMT|([+-])(\d\d)(\d\d))"
)
_MONTHS = {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "May": 5,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}

_registered = False
_languages: list[str] = []  # languages dates were found in, tried first next time
_parsers: dict[tuple[str, ...], Any] = {}


def register_with_feedparser() -> None:
    """Add the reader to feedparser's date readers, once per process."""
    global _registered
    if _registered:
        return
    import feedparser

    feedparser.registerDateHandler(read_foreign_date)
    _registered = True


def read_common_date(value: str) -> str | None:
    """A date in the common RFC 822 spelling as ISO UTC, exactly as feedparser's readers give
    it (a test compares the two); None for any other spelling or an impossible date, which
    are feedparser's to read. A fifth of the time feedparser's readers take."""
    match = _COMMON_RFC822.fullmatch(value)
    if match is None:
        return None
    day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    try:
        moment = datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second))
    except ValueError:
        return None
    if sign:
        offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes))
        moment = moment - offset if sign == "+" else moment + offset
    return moment.strftime(ISO_FORMAT)


def read_foreign_date(value: str) -> time.struct_time | None:
    """A UTC time tuple for a date written with non-English words, else None."""
    words = {word.lower() for word in _WORD.findall(value)}
    if not words or words <= _ENGLISH or _YEAR.search(value) is None or len(value) > 100:
        return None
    try:
        found = _parse(value)
    except Exception:  # dateparser is a fallback: whatever it trips on leaves the date unread
        return None
    if found is None:
        return None
    moment: datetime = found.astimezone(UTC)
    return moment.timetuple()


def _parse(value: str) -> Any:
    if _languages:
        found = _parser(tuple(_languages)).get_date_data(value)
        if found.date_obj is not None:
            return found.date_obj
    found = _parser(()).get_date_data(value)  # every language: slower, so asked last
    if found.date_obj is not None and found.locale:
        language = found.locale.split("-")[0]
        if language not in _languages:
            _languages.append(language)
    return found.date_obj


def _parser(languages: tuple[str, ...]) -> Any:
    parser = _parsers.get(languages)
    if parser is None:
        from dateparser.date import DateDataParser  # loaded only when a feed needs it

        parser = DateDataParser(languages=list(languages) or None, settings=_SETTINGS)
        _parsers[languages] = parser
    return parser
