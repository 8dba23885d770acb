"""Distinctive facts an article states about its event, which a twin event states differently.

Two look-alike events share the kind of event and most words: two deaths of Watergate figures,
two earthquakes in one region, two shootings in one week. What sets them apart, beside the
names, are a few numbers every report of the event repeats and a report of the twin gives
otherwise: the ages of the people in it ("Fred LaRue, 75" against "Mark Felt, 95"; "a
24-year-old man"), an earthquake's magnitude ("a 6.1-magnitude quake" against "magnitude 5.8").
This module reads them from an article's headline and lead as short strings of one kind and a
value ("age 75", "magnitude 6.1"), and weighs an article's facts against those a story's
articles state (``fact_evidence``): a story whose articles state facts of a kind none of which
the article states is a conflict (another person, another quake); one it shares is a match.

Death tolls and other counts are no such facts: they rise as an event is reported (an update
of one event, not another event). Plain Python on strings; English patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: An age as reports state it: "a 24-year-old man", "aged 61", "Fred LaRue, 75," and
#: "died at 95" / "He was 95." (the person's age at death). Each opens with its first
#: character and checks the word boundary before it with a lookbehind after it ("d(?<!\wd)"
#: is "\bd"): a pattern opening with a boundary is tried at every position of the text, one
#: opening with a character only where that character is (the same matches, a fraction of
#: the time: reader.stories.features does the same).
_AGES = (
    re.compile(r"(\d(?<!\w\d)\d{0,2})[- ]years?[- ]old\b"),
    re.compile(r"a(?<!\wa)ged? (\d{1,3})\b"),
    re.compile(r"[A-Z](?<!\w[A-Z])[A-Za-z'’\-]+, (\d{1,3})[,;](?!\d)"),
    re.compile(r"d(?<!\wd)(?:ies|ied|ead) at (?:the age of |age )?(\d{1,3})\b"),
    re.compile(r"(?:H(?<!\wH)e|S(?<!\wS)he) was (\d{1,3})\."),
)
#: An earthquake's magnitude: "magnitude 6.1", "a 6.1-magnitude quake", "6.1 on the Richter".
_MAGNITUDES = (
    re.compile(r"\bmagnitude(?: of)?[- ](\d(?:\.\d)?)\b", re.IGNORECASE),
    re.compile(r"\b(\d\.\d)[- ](?:magnitude|on the Richter)\b", re.IGNORECASE),
)
#: The oldest age taken for an age (a larger number after a name is something else).
MAX_AGE = 115


#: The letters outside ASCII that case-blind patterns match as ASCII letters.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
#: A text stating an age after a name ("LaRue, 75,") has this in it (a cheap test first).
_COMMA_NUMBER = re.compile(r", \d{1,3}[,;]")


def facts_of(text: str) -> frozenset[str]:
    """The ages and magnitudes ``text`` (a headline and lead) states, as "age 75",
    "magnitude 6.1"."""
    facts: set[str] = set()
    for pattern, needed in zip(_AGES, _age_needs(text), strict=True):
        if needed:
            facts.update(f"age {age}" for age in pattern.findall(text) if 0 < int(age) <= MAX_AGE)
    if _may_state_magnitude(text):
        for pattern in _MAGNITUDES:
            facts.update(f"magnitude {value}" for value in pattern.findall(text))
    return frozenset(facts)


def _age_needs(text: str) -> tuple[bool, ...]:
    """For each of _AGES, whether ``text`` holds the words every match of it holds: most
    texts state no age, and a substring test costs a fraction of the pattern's scan (the
    facts found are the same)."""
    return (
        "old" in text and "year" in text,
        "age " in text or "aged " in text,
        _COMMA_NUMBER.search(text) is not None,
        "died at " in text or "dies at " in text or "dead at " in text,
        "He was " in text or "She was " in text,
    )


def _may_state_magnitude(text: str) -> bool:
    """Whether ``text`` may match _MAGNITUDES (both need "magnitude" or "Richter", in any
    case). Case-blind matching also folds four letters outside ASCII onto ASCII ones (the
    ``re`` documentation's "İ", "ı", "ſ", "K"): a text holding one is always read."""
    lower = text.lower()
    if "magnitude" in lower or "richter" in lower:
        return True
    # An ASCII text holds none of the four (a test in C, not a scan of every character).
    return not text.isascii() and _FOLDS_TO_ASCII.search(text) is not None


def counted(counts: dict[str, int], facts: Iterable[str]) -> None:
    """Add one article's facts to a story's counts (in place: a story owns its counts)."""
    for fact in facts:
        counts[fact] = counts.get(fact, 0) + 1


def fact_evidence(facts: frozenset[str], story_counts: Mapping[str, int]) -> tuple[float, float]:
    """(conflict, match) of an article's facts against a story's: conflict 1 when, for some
    kind of fact both state, the article states none of the values the story's articles
    mostly state (``held_values``); match 1 when it states one of them. Both 0 when either
    side states no fact."""
    if not facts or not story_counts:
        return 0.0, 0.0
    mine = _by_kind(facts)
    theirs = held_values(story_counts)
    conflict = match = False
    for kind, values in mine.items():
        held = theirs.get(kind)
        if not held:
            continue
        if values & held:
            match = True
        else:
            conflict = True
    return float(conflict), float(match)


def held_values(story_counts: Mapping[str, int]) -> dict[str, set[str]]:
    """For each kind of fact, the values a story's articles mostly state: each value stated
    at least half as often as the most stated one of its kind. One report of a twin event
    that joined by mistake ("age 95" once, "age 75" twelve times) is not what the story holds,
    so the twin's next reports still conflict with it."""
    most: dict[str, int] = {}
    for fact, count in story_counts.items():
        kind = fact.partition(" ")[0]
        most[kind] = max(most.get(kind, 0), count)
    held: dict[str, set[str]] = {}
    for fact, count in story_counts.items():
        kind, _, value = fact.partition(" ")
        if 2 * count >= most[kind]:
            held.setdefault(kind, set()).add(value)
    return held


def held_facts(story_counts: Mapping[str, int]) -> frozenset[str]:
    """The facts a story's articles mostly state (``held_values``), as facts ("age 75")."""
    return frozenset(
        f"{kind} {value}" for kind, values in held_values(story_counts).items() for value in values
    )


def _by_kind(facts: Iterable[str]) -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for fact in facts:
        kind, _, value = fact.partition(" ")
        kinds.setdefault(kind, set()).add(value)
    return kinds
