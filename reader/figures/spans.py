"""The part of the number grammar that reads one unit of time written with "a" as a span.

Owns when "a week", "an hour" or "a half century" report a length of time: where the words
around them measure from an event ("a week after suffering a heart attack", "a year ago", "a
month remaining"), follow a preposition of duration ("for a year", "within a day") or a
qualifier ("less than a month", which the extractor finds itself). Elsewhere "a day" is a time
("a day to remember"), a rate's "per" ("twice a week", "5,000 gallons a minute") or the point a
change is measured from ("down 10 percent from a year ago"), and reports nothing. Also owns the
phrases that make the extractor read a sentence for such a span (its cues).

Pure functions over lower-cased words; reader.figures.extract applies them to a sentence's
tokens.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Units of time that "a"/"an" may count one of. Not "second": "a second" is far more often
#: the ordinal ("a second mum").
SPAN_UNITS = frozenset({"minute", "hour", "day", "week", "month", "year", "decade", "century"})

#: "a week", "an hour": the phrases a sentence must hold for the extractor to read it for a
#: span (besides digits and number words).
SINGLE_SPAN_CUES = frozenset(
    f"{article} {unit}" for article in ("a", "an") for unit in sorted(SPAN_UNITS)
)

# Words before "a week" that make it a span: "for a year", "after a month of talks", "within a
# day", "following a week of talks".
_BEFORE_A_SPAN = frozenset({"for", "after", "within", "following"})
# Words after the unit that measure it from an event: "a week after the attack", "a year ago".
_AFTER_A_SPAN = frozenset(
    {"ago", "later", "earlier", "after", "before", "following", "prior", "remaining", "left"}
)
# Words before "a week" that make it the "per" of a rate ("twice a week") or the point a change
# is measured from ("down 10 percent from a year ago"), never a span.
_NOT_BEFORE_A_SPAN = frozenset({"once", "twice", "times", "thrice", "from"})


def unit_after_article(following: Sequence[str]) -> tuple[float, int] | None:
    """(value, index of the unit in ``following``) of the unit of time that the words after an
    "a"/"an" name ("week" -> 1 week, "half century" -> half a century), or None where they name
    none, or a modifier ("a year-long inquiry", read elsewhere), or no one amount ("within a
    minute or two")."""
    value, unit_at = (0.5, 1) if following[:1] == ["half"] else (1.0, 0)
    if len(following) <= unit_at or following[unit_at] not in SPAN_UNITS:
        return None
    after = following[unit_at + 1] if len(following) > unit_at + 1 else ""
    if after in ("-", "or"):
        return None
    return value, unit_at


def rules_out_a_span(previous: str) -> bool:
    """Whether the word before "a week" makes it a rate's "per" or a change's starting point."""
    return previous in _NOT_BEFORE_A_SPAN


def framed_as_span(previous: str, after_unit: str) -> bool:
    """Whether the word before "a week" (``previous``) or after its unit (``after_unit``) makes
    it a span: "for a year", "a week after the attack", "a year ago"."""
    return previous in _BEFORE_A_SPAN or after_unit in _AFTER_A_SPAN
