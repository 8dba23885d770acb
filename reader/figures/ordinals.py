"""The parts of the number grammar that are not cardinal numbers: ordinals and clock readings.

Owns the words and suffixes that make a number an ordinal ("fifth", "twenty-first", "21st",
"1,000th"), the heads after which an ordinal names something rather than reports a rank ("the
second half", "Fifth Avenue", "the 19th century"), and the value of a clock reading in seconds
("7:42" left in a half, "2:03:59" to run a marathon). A reporter's ordinal is a figure like any
other ("Cheeks is the fifth coach fired this season" against "the fourth"); a clock reading is
one when it measures time that runs (a game clock, a race), not the time of day.

Pure functions over strings; reader.figures.extract applies them to a sentence's tokens.
"""

from __future__ import annotations

ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
}
ORDINAL_TENS = {
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
}
ORDINAL_WORDS = {**ORDINAL_UNITS, **ORDINAL_TENS}

#: What is written onto digits to make them an ordinal: 21st, 2,292nd, 3rd, 19th.
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})

#: Ordinals that report nothing on their own: "first" is the commonest adjective of news
#: ("the first time", "first-degree murder") rather than a place in a count.
NOT_RANKS = frozenset({"first"})

#: Heads after which an ordinal is part of a name or a fixed term, not a rank a report gives:
#: the fixed parts of a game ("the second half": every game has one, so naming it reports
#: nothing; but the round, lap or stage in which something happened is a fact a report gives,
#: which outlets may give differently, "stopped in the fifth round" or the sixth, so those rank
#: and are figures, as the story-figures labels count them), dates and eras ("the 19th
#: century"), streets,
#: units and institutions ("Fifth Avenue", "the 82nd Airborne", "the Second Amendment"), and
#: idioms ("second-hand", "third party", "the Third World").
NAMING_HEADS = frozenset(
    {
        "half", "halves", "quarter", "period", "inning", "innings", "overtime", "minute", "hour",
        "down", "and",
        "degree", "hand", "guess", "rate", "party", "world", "war", "nature",
        "thought", "wind", "string", "fiddle", "opinion", "cousin", "grade", "grader",
        "century", "millennium", "birthday", "day", "week", "month", "year",
        "avenue", "street", "st", "ave", "road", "floor", "amendment", "circuit", "district",
        "precinct", "ward", "division", "airborne", "army", "fleet", "corps", "regiment",
        "battalion", "brigade", "infantry", "congress", "republic", "reich", "estate", "earl",
        "duke", "baron", "marquess", "lord", "king", "queen", "pope", "edition", "reading",
    }
)  # fmt: skip


#: The stages of a contest ("stopped in the fifth round", "crashed on the 12th lap"): an
#: ordinal before one ranks it, and what happened in it is the verb of its clause.
CONTEST_STAGES = frozenset({"round", "lap", "leg", "stage", "set", "heat", "inning"})

#: Words after a clock reading that say it measures time left or taken, not the time of day.
CLOCK_AFTER = frozenset({"left", "remaining", "to", "of", "on", "off", "into", "mark", "elapsed"})
#: "to go", "to play": what "to" must be followed by after a game clock.
CLOCK_TO = frozenset({"go", "play", "spare"})


def clock_seconds(parts: list[str]) -> float | None:
    """Seconds of a clock reading written as its parts: ["7", "42"] (minutes and seconds),
    ["2", "03", "59"] (hours, minutes, seconds); None if the parts read as no clock."""
    if not 2 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
        return None
    if any(len(part) != 2 for part in parts[1:]) or len(parts[0]) > 2:
        return None
    numbers = [int(part) for part in parts]
    if any(number >= 60 for number in numbers[1:]):
        return None
    seconds = 0
    for number in numbers:
        seconds = seconds * 60 + number
    return float(seconds)
