"""Which quantity of a story a figure reports: the key its reports are lined up by.

A story's figures table (reader.stories.figures) compares reports of one quantity. A quantity
is mostly the thing counted and what happened to it ("people killed"), but real news writes
many figures whose counted thing the extractor does not name, and the way such a figure is
written still says what it is:

- an **age**: "Jose Luis Orozco, 27, ...", "the 55-year-old actor": the age of the person
  named before it (its subject), whatever noun the extractor took for the counted thing;
- one figure of a **pair** written with a dash: a score or a record ("beat Drake 65-53",
  "improved to 25-7"). The pair itself tells the figure apart from the game's other pairs
  (the half-time score, a run), so reports of the same pair line up and differently written
  pairs are different moments, never a disagreement;
- a **bare count** after a count of a thing in its sentence ("Carter scored 14 points and
  VanDeest scored 13"): the thing the sentence leaves out (elided_things);
- a figure with a **unit** but no counted thing ("served four and a half months", "$30
  million"): its unit says what is measured; durations are compared in days, so "136 days"
  and "four and a half months" meet, and measures in their dimension's base unit
  (MEASURE_BASE), so "200ft" and "60m" are one distance.

Pure functions over a mention and its sentence; no SQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reader.models import FigureMention

#: Forms a figure is written in that say what quantity it is (ReportedValue.form).
AGE = "age"
PAIR_PREFIX = "pair:"

#: The rate of a count written with a fraction: things counted are whole, so "22.8 points"
#: or "7.2 rebounds" is an average, another quantity than a game's "20 points".
AVERAGE = "average"

#: Durations are compared in days ("136 days" and "four and a half months" are one time).
DAYS_PER_UNIT = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 30.44,
    "year": 365.25,
    "decade": 3652.5,
    "century": 36525.0,
}

#: Measures written in units of one dimension are compared in its base unit ("200ft" and
#: "60m" are one distance; "130lb" and "59kg" one weight): the unit each is read in, and how
#: many of that unit one of the written unit is.
MEASURE_BASE = {
    "m": ("m", 1.0),
    "km": ("m", 1000.0),
    "cm": ("m", 0.01),
    "mm": ("m", 0.001),
    "ft": ("m", 0.3048),
    "in": ("m", 0.0254),
    "yd": ("m", 0.9144),
    "mi": ("m", 1609.344),
    "kg": ("kg", 1.0),
    "g": ("kg", 0.001),
    "lb": ("kg", 0.45359237),
    "oz": ("kg", 0.028349523125),
    "t": ("kg", 1000.0),
    "l": ("l", 1.0),
    "gal": ("l", 3.785411784),
    "ha": ("ha", 1.0),
    "acre": ("ha", 0.40468564224),
    "km/h": ("km/h", 1.0),
    "mph": ("km/h", 1.609344),
}

#: Kinds whose unit names what is measured even where no counted thing is written.
UNIT_KINDS = frozenset({"duration", "money", "percent", "measure"})

#: Oldest age a person is written with; larger numbers after a name are no age.
MAX_AGE = 120

_YEARS_OLD = re.compile(r"\d\s*-?\s*years?\s*-?\s*old\b", re.IGNORECASE)
# A number standing alone after a name and a comma: the appositive age of news copy
# ("Jose Luis Orozco, 27, who ..."; "Cheeks, 48, a four-time ...").
_NAME_BEFORE = re.compile(r"[A-Z][\w'’.-]*,\s*$")
_AFTER_AGE = re.compile(r"\s*(?:[,;)]|$|\.\s|\.$|\s+(?:and|was|is|who|of)\b)")
# The other figure of a dash pair: "65-53", "25 - 7", "12–12".
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
# Not a fraction ("4-1/2 months") nor a compound ("6-foot-9").
_PAIR_AFTER = re.compile(rf"\s?[-–—]\s?({_NUMBER})(?![\w.-]*[A-Za-z]|\s?/)")
_FRACTION_AFTER = re.compile(r"\s?/")
_PAIR_BEFORE = re.compile(rf"(?<![\w.,-])({_NUMBER})\s?[-–—]\s?$")


@dataclass(frozen=True)
class QuantityKey:
    """What reports must share to be one quantity of a story (before subject and event)."""

    kind: str
    unit: str
    rate: str
    thing: str
    modality: str


def figure_form(mention: FigureMention, sentence: str) -> str:
    """How a figure is written, where that tells what it is: AGE, or PAIR_PREFIX with the
    pair and the figure's place in it ("pair:65-53:1"); "" otherwise. ``sentence`` is the
    mention's sentence (its offsets are read relative to mention.sentence_start)."""
    if mention.value is None or mention.high is not None:
        return ""
    start = mention.start - mention.sentence_start
    end = mention.end - mention.sentence_start
    if not 0 <= start <= end <= len(sentence):
        return ""
    before, after = sentence[:start], sentence[end:]
    if mention.kind == "count" and not mention.unit:
        pair = _pair(mention.text, before, after)
        if pair:
            return pair
    if _is_age(mention, before, after):
        return AGE
    return ""


def _pair(text: str, before: str, after: str) -> str:
    if not text[:1].isdigit() or not text[-1:].isdigit():
        return ""  # "two" or "3rd" are no score
    following = _PAIR_AFTER.match(after)
    if following:
        return f"{PAIR_PREFIX}{text}-{following.group(1)}:1"
    preceding = _PAIR_BEFORE.search(before)
    if preceding and not _FRACTION_AFTER.match(after):  # "4-1/2 months": a whole and a half
        return f"{PAIR_PREFIX}{preceding.group(1)}-{text}:2"
    return ""


def _is_age(mention: FigureMention, before: str, after: str) -> bool:
    if mention.unit == "years old" or _YEARS_OLD.search(mention.text + after[:12]):
        return True
    if mention.kind == "count" and mention.noun == "age":
        return True  # "died at age 85", "aged 85": an age, not a count of ages
    value = mention.value or 0.0
    return (
        mention.kind == "count"
        and not mention.unit
        and mention.text.isdigit()
        and 0 < value <= MAX_AGE
        and bool(_NAME_BEFORE.search(before))
        and bool(_AFTER_AGE.match(after))
    )


def elided_things(mentions: Sequence[FigureMention]) -> list[FigureMention]:
    """Mentions (one article's, in text order) with the counted thing a sentence leaves out
    where it said it before: "Carter scored 14 points and VanDeest scored 13", "killed 12
    people and injured 30": a bare count after a count of a thing in its sentence counts
    that thing (what happened to it stays its own). A pair or an age is read by its form
    before its thing (quantity_key), so "beat Drake 65-53" after "23 points" stays a score."""
    filled = []
    counted: FigureMention | None = None  # the last count naming its thing in this sentence
    for mention in mentions:
        if counted is not None and (
            counted.sentence_start != mention.sentence_start or counted.field != mention.field
        ):
            counted = None  # another sentence (a title's and the body's first both start at 0)
        bare = mention.kind == "count" and not mention.noun and not mention.unit
        if bare and counted is not None and mention.high is None:
            mention = replace(mention, noun=counted.noun, noun_text=counted.noun_text)
        elif mention.kind == "count" and mention.noun:
            counted = mention
        filled.append(mention)
    return filled


def quantity_key(mention: FigureMention, form: str = "") -> QuantityKey | None:
    """The quantity a report is of, or None where nothing says what it counts (such figures
    stay out of a story's table)."""
    # An age or a score is stated, never projected: a modal cue read near one ("Will Artino
    # scored...") says nothing of it.
    if form == AGE:
        return QuantityKey("age", "years", "", AGE, "reported")
    if form.startswith(PAIR_PREFIX):
        return QuantityKey("count", "", "", form, "reported")
    if mention.noun:
        rate = mention.rate
        if not rate and mention.kind == "count" and not _whole(mention.value or 0.0):
            rate = AVERAGE  # "averaged 22.8 points": no count of the game's points
        unit = _measure_base(mention)[0]
        return QuantityKey(mention.kind, unit, rate, mention.noun, mention.modality)
    if mention.kind in UNIT_KINDS and mention.unit:
        unit = "day" if mention.unit in DAYS_PER_UNIT else _measure_base(mention)[0]
        return QuantityKey(mention.kind, unit, mention.rate, "", mention.modality)
    return None


def _measure_base(mention: FigureMention) -> tuple[str, float]:
    """A measure's base unit and its factor (MEASURE_BASE); any other figure's unit, 1."""
    if mention.kind == "measure" and mention.unit in MEASURE_BASE:
        return MEASURE_BASE[mention.unit]
    return mention.unit, 1.0


def scale(mention: FigureMention, form: str = "") -> float:
    """What a report's value is multiplied by to compare it within its quantity: durations in
    days, measures in their base unit (an age, in years, is kept as written)."""
    if form:
        return 1.0
    if mention.kind == "measure":
        return _measure_base(mention)[1]
    if mention.noun or mention.kind != "duration":
        return 1.0
    return DAYS_PER_UNIT.get(mention.unit, 1.0)


# What a figure of a unit but no counted thing measures, as a person names it ("sum paid",
# "time served"); a measure is named by its unit ("magnitude", "ft").
_MEASURED = {"money": "sum", "duration": "time", "percent": "share"}


def measured(mention: FigureMention) -> str:
    """What a figure that names no counted thing measures: 'sum', 'time', 'share', a unit."""
    return _MEASURED.get(mention.kind) or mention.unit or mention.kind


def is_pair(form: str) -> bool:
    return form.startswith(PAIR_PREFIX)


def written_form(key: QuantityKey) -> bool:
    """Whether a quantity is known by how its figures are written (an age, a pair)."""
    return key.thing == AGE or is_pair(key.thing)


def written_form_thing(thing: str) -> bool:
    """Whether a report's counted thing is its written form (an age, a pair), never a noun
    a kin noun could stand for."""
    return thing == AGE or is_pair(thing)


def pair_label(form: str) -> str:
    """'score 65-53, first figure' for a pair form."""
    pair, _, place = form[len(PAIR_PREFIX) :].rpartition(":")
    which = "first" if place == "1" else "second"
    return f"{pair}, {which} figure"


def _whole(value: float) -> bool:
    return value == int(value)
