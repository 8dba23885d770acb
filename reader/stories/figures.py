"""A story's figures table: its records and the reading of figures they are built from.

A quantity is the thing counted and what happened to it ("people killed", "magnitude"): the
figure extractor's kind, unit, rate and counted thing, or, where no counted thing is named,
what the figure's form says it is (an age, one figure of a score, a sum or a time: see
reader.stories.quantities). This module owns the records (ReportedValue, one article's report;
StoryQuantity, one entry with its verdict), whom a figure is about (``figure_subject``: the
name written nearest before it in its clause), what a figure's sentence names and says, the
values a figure allows once its qualifier is read as a bound (``span``), how reports compare
over report time (``compare_values``). An entry's label is built by reader.stories.label_words;
which reports are one entry and how an entry's values compare are decided by
reader.stories.figure_entries, from the scored pairs of reader.stories.figure_pairs. Pure
functions over stored mentions; no SQL.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from reader.figures.compare import (
    _NOT_NAMES,
    _STOP,
    _without_possessive,
    context_words,
)
from reader.models import FigureMention
from reader.stories import quantities

#: Reports of two outlets this close in time describe the same moment: differing, they disagree.
SAME_TIME_HOURS = 24.0

AGREE = "agree"
UPDATE = "update"
DISAGREEMENT = "disagreement"
#: An entry whose reports give different values, joined as one figure by a score too low to
#: tell a reader its outlets disagree (or revised it): shown as differing, never flagged.
DIFFERS = "differs"
#: The kinds a reader is told a figure conflicts by (the Figures view's conflicts).
FLAGGED = frozenset({DISAGREEMENT, UPDATE})


@dataclass(frozen=True)
class ReportedValue:
    """One article's report of a quantity."""

    mention_id: int
    article_id: int
    feed_id: int
    published: str
    mention: FigureMention
    # Who or what the figure is about (a name, lowered), "" when its sentence names nobody.
    subject: str = ""
    # How the figure is written where that says what it is (an age, one of a score's pair):
    # see reader.stories.quantities.figure_form.
    form: str = ""
    # Every name its sentence writes (lowered, as subjects are), where a misread subject
    # finds the one it is about.
    names: frozenset[str] = frozenset()
    # The story words of its sentence (sentence_words): what two reports naming nobody must
    # share to be one figure.
    words: frozenset[str] = frozenset()
    # The text of its sentence: the words next to the figure (reader.stories.figure_pairs).
    sentence: str = ""
    # The latest year its article names (no later than the year it was published; 0 for
    # none): it was written that year or after. An article on a trial names the killing's
    # year and its own date line ("March 20, 2007"), and an age it gives is the age then.
    year: int = 0


@dataclass(frozen=True)
class StoryQuantity:
    """A quantity of a story with every report of it, oldest first, and how they compare."""

    quantity: str
    values: tuple[ReportedValue, ...]
    kind: str
    # The value its name was told apart by from another entry's same name ("6,200" in
    # "employees: 6,200"; reader.stories.figure_entries), "" when the name stands alone.
    told_by: str = ""

    @property
    def row_name(self) -> str:
        """The name as a row says it before listing the values ("employees", not "employees:
        6,200", which would say the value twice)."""
        suffix = f": {self.told_by}"
        return self.quantity.removesuffix(suffix) if self.told_by else self.quantity

    @property
    def agree(self) -> bool:
        return self.kind == AGREE

    @property
    def articles(self) -> int:
        return len({v.article_id for v in self.values})

    @property
    def feeds(self) -> int:
        return len({v.feed_id for v in self.values})


# A run of capitalised words ("Doug McDermott", "Illinois State's"): one name.
_NAME_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
_OPENERS = frozenset(".!?…:;\n\"'“‘«([")
_LOWER_AFTER_HYPHEN = re.compile(r"[-–][a-z].*$")
# Clause breaks a subject does not reach across ("..., while Smith had 14").
_CLAUSE = re.compile(r"[;:]|,\s+(?:while|and|but|as|with)\s")


def _name_of(run: str) -> str:
    """A run's name as compared: its last word that is a name ("Doug McDermott" -> mcdermott,
    "Illinois State" -> illinois), lowered and without "'s"."""
    for word in reversed(run.split()):
        # "Ortiz-who" (a dash lost between words): a name goes on after a hyphen only with a
        # capital ("Smith-Jones").
        word = _LOWER_AFTER_HYPHEN.sub("", word)
        base = _without_possessive(word.lower()).strip(".'’-")
        if len(base) >= 3 and base not in _NOT_NAMES and base not in _STOP:
            return base
    return ""


@lru_cache(maxsize=4096)
def _names_at(
    sentence: str, known: frozenset[str] = frozenset(), subjects: bool = True
) -> tuple[tuple[int, str], ...]:
    """Names in a sentence with where they end; with ``subjects``, only those a figure after
    them may be about (no object, no place). A capital opening the sentence marks no name
    by itself: its first word counts only when it is a ``known`` name (one the story writes
    inside sentences too: "McDermott led...", not "Officials said..."). Kept for the next
    figure of the sentence: a story's sentences are read once for its names and again for
    each figure they give."""
    names = []
    for match in _NAME_RUN.finditer(sentence):
        run = match.group()
        before = sentence[: match.start()].rstrip(" \t")
        if not before or before[-1:] in _OPENERS:
            first, _, rest = run.partition(" ")
            if _name_of(first) not in known:
                run = rest  # "The Bluejays", "Doug McDermott" opening a sentence
            if not run:
                continue
        name = _name_of(run)
        if name and not (subjects and (_is_object(before) or _is_place(before))):
            names.append((match.end(), name))
    return tuple(names)


# Words after which a name is what something was done to, not who did it ("passed Rodney
# Buford", "led Drake with 13 points", "beat Evansville 91-73", "an assistant to Larry Brown").
_OBJECT_MARKERS = frozenset({"beat", "beats", "led", "to", "over", "against", "past", "than"})


def _is_object(before: str) -> bool:
    """Whether a name written after ``before`` is the object of a verb or a preposition
    (read past a determiner: "led the Saints in rushing")."""
    words = before.lower().split()
    while words and words[-1] in _DETERMINERS:
        words.pop()
    last = words[-1] if words else ""
    return last in _OBJECT_MARKERS or (len(last) > 3 and last.endswith("ed"))


_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its"})


# Words after which a name says where ("officials in Kerovo", "Ortiz, of Diamond Bar", "outside
# a Hawaiian Gardens apartment"): a place, not whom a figure is about.
_PLACE_MARKERS = frozenset(
    {"in", "at", "of", "from", "near", "outside", "inside", "across", "throughout"}
)


def _is_place(before: str) -> bool:
    """Whether a name written after ``before`` says where something happened (read past a
    determiner: "at the Halvard refinery")."""
    words = before.lower().split()
    while words and words[-1] in _DETERMINERS:
        words.pop()
    return bool(words) and words[-1] in _PLACE_MARKERS


def story_names(sentences: Iterable[str]) -> frozenset[str]:
    """The names a story's sentences write inside a sentence (see _names_at)."""
    return frozenset(
        name for sentence in sentences for _, name in _names_at(sentence, subjects=False)
    )


@lru_cache(maxsize=4096)
def sentence_words(sentence: str) -> frozenset[str]:
    """A sentence's story words, lowered (compare.context_words: no short or common words);
    kept for the sentence's next figure."""
    return frozenset(context_words(sentence).lower().split())


def sentence_names(sentence: str, known: frozenset[str] = frozenset()) -> frozenset[str]:
    """Every name a sentence writes, as subjects are compared (ReportedValue.names)."""
    return frozenset(name for _, name in _names_at(sentence, known, subjects=False))


def figure_subject(sentence: str, offset: int, known: frozenset[str] = frozenset()) -> str:
    """The name a figure at ``offset`` in its sentence is about: the nearest one written
    before it in its clause ("McDermott scored 23 points", "officials in Kerovo said 45
    people..."); "" if none. Names after a figure are mostly where or against whom ("in
    Dessin", "for Drake"), not what it is about. ``known``: the story's names (story_names),
    which count even opening a sentence."""
    clause_start = 0
    for brk in _CLAUSE.finditer(sentence):
        if brk.end() <= offset:
            clause_start = brk.end()
        else:
            break
    asides = [
        (m.start(), m.end()) for m in _ASIDE.finditer(sentence, clause_start) if m.end() <= offset
    ]
    before = [
        name
        for end, name in _names_at(sentence, known)
        if clause_start < end <= offset and not any(s < end <= e for s, e in asides)
    ]
    return before[-1] if before else ""


# An aside set off by commas after a name, its sentence going on in lower case after it
# ("Ford, now an assistant coach with the NBA's Charlotte Bobcats, finished his career"):
# the names inside it are not whom the rest of the sentence is about.
_ASIDE = re.compile(r"(?<=[\w.’'])\s*,\s+(?=[a-z])[^,;:]*,\s+(?=[a-z])")


# An age written before what it is the age of: "the 35-year-old deputy", "17-year-old Jeremy".
_AGE_BEFORE = re.compile(r"-years?-old$", re.IGNORECASE)
_NAME_AFTER = re.compile(r"\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)")


def report_subject(
    sentence: str, mention: FigureMention, form: str, known: frozenset[str] = frozenset()
) -> str:
    """Whom a report is about (figure_subject), read for an age by how it is written: "the
    35-year-old deputy" is the age of what follows it (a name, or nobody named), "Deputy
    Jerry Ortiz, 35," of the name just before it, whatever verb comes before that name."""
    start = mention.start - mention.sentence_start
    if form != quantities.AGE:
        return figure_subject(sentence, start, known)
    end = mention.end - mention.sentence_start
    if _AGE_BEFORE.search(sentence[start:end]):
        after = _NAME_AFTER.match(sentence[end:])
        return _name_of(after.group(1)) if after else ""
    before = [name for end, name in _names_at(sentence, known, subjects=False) if end <= start]
    return before[-1] if before else ""


def read_report(
    ids: tuple[int, int, int],
    published: str,
    mention: FigureMention,
    sentence: str,
    known: frozenset[str] = frozenset(),
    year: int = 0,
) -> ReportedValue:
    """A figure as a story's table reads it from its sentence: whom it is about, how it is
    written, the names and story words around it. ``ids``: (mention, article, feed);
    ``known``: the names the story's sentences write (story_names); ``year``: the latest
    year its article names (``written_year``)."""
    form = quantities.figure_form(mention, sentence)
    return ReportedValue(
        *ids,
        published,
        mention,
        report_subject(sentence, mention, form, known),
        form,
        sentence_names(sentence, known),
        sentence_words(sentence),
        sentence=sentence,
        year=year,
    )


# A year as a word of its own: \b(?:19|20)\d\d\b, read as the digits and the boundary after
# them, then the character before checked apart. The same years, in a quarter of the time: a
# pattern opening with \b is tried at every position of a whole article, one opening with its
# digits is not (this was a fifth of reading a story's reports). A match the engine skips
# inside an earlier one never starts a word: the character before it is a digit.
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d\b")
_WORD_CHARACTER = re.compile(r"\w")


def written_year(text: str, published: str) -> int:
    """The latest year a text names that is no later than the year it was published (any,
    where its date is unknown): the text was written that year or after; 0 where it names
    none."""
    latest = int(published[:4]) if published[:4].isdigit() else 9999
    years = [int(y) for y in _named_years(text)]
    return max((y for y in years if y <= latest), default=0)


def _named_years(text: str) -> list[str]:
    """The years (19xx, 20xx) a text names as words of their own, in order."""
    return [
        match.group()
        for match in _YEAR_DIGITS.finditer(text)
        if not (match.start() and _WORD_CHARACTER.match(text, match.start() - 1))
    ]


def quantity_key(mention: FigureMention) -> tuple[str, str, str, str, str, str]:
    return (
        mention.kind,
        mention.unit,
        mention.rate,
        mention.noun,
        mention.event,
        mention.modality,
    )


#: Qualifiers that approach a figure from one side: "nearly 235,000" is a little under it
#: (never 250,000), "just over 20" a little over it.
_JUST_BELOW = frozenset({"nearly", "almost", "just under"})
_JUST_ABOVE = frozenset({"just over"})
#: How far such a qualifier reaches from its figure (a share of it).
NEAR_SIDE = 0.1


def span(mention: FigureMention) -> tuple[float, float]:
    """The values a mention allows, once its qualifier is read as a bound."""
    if mention.high is not None:
        return mention.low or 0.0, mention.high
    value = mention.value or 0.0
    if mention.bound == "approx":
        qualifier = mention.qualifier.lower()
        if qualifier in _JUST_BELOW:
            return value * (1 - NEAR_SIDE), value
        if qualifier in _JUST_ABOVE:
            return value, value * (1 + NEAR_SIDE)
        return value * 0.95, value * 1.05
    if mention.bound == "lower":
        return value, math.inf
    if mention.bound == "upper":
        return 0.0, value
    if value == 0:
        return 0.0, 0.0
    magnitude = math.floor(math.log10(abs(value)))
    granularity = 10.0 ** (magnitude - max(mention.precision, 2) + 1)
    if _one_trailing_zero(value):
        granularity = 1.0
    return value - granularity / 2, value + granularity / 2


def _one_trailing_zero(value: float) -> bool:
    """Whether a whole figure of three or more digits ends in a single zero ("130 pounds",
    "2,110 points"): outlets round to hundreds or thousands ("4,500", "5,000"), and a figure
    ending in one zero is as often exact as not, so 135 is not "130" rounded, nor 2,106 "2,110"
    (read to its tens, such a figure agreed with every value within five of it)."""
    whole = abs(value)
    if whole != int(whole) or whole < 100:
        return False
    number = int(whole)
    return number % 10 == 0 and number % 100 != 0


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two spans share a value. Spans that only touch do not: 105 and 106 (each its
    rounding range, 104.5-105.5 and 105.5-106.5) are two figures."""
    return a == b or (a[0] < b[1] and b[0] < a[1])


def report_hours(iso: str) -> float:
    """A report time (ISO 8601) as hours since the epoch, 0 when unreadable: how far apart
    two reports are, wherever reports are compared over time (a story's, a thread's)."""
    try:
        stamp = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.timestamp() / 3600.0


def compare_values(values: Sequence[tuple[float, float, str, int]]) -> str:
    """How reports compare, from (low, high, report time, feed) spans: 'agree' when they all
    overlap one another; 'update' when every report that differs from an earlier one is
    higher and comes from the same outlet or a news day (SAME_TIME_HOURS) or more later (the
    figure rose as reports came in); 'disagreement' otherwise (two outlets differing within
    a day of each other, or a later report lower)."""
    if len(values) < 2:
        return AGREE
    ordered = sorted(values, key=lambda v: v[2])
    hours = [report_hours(v[2]) for v in ordered]
    differ = False
    for i, earlier in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            later = ordered[j]
            if _overlap(earlier[:2], later[:2]):
                continue
            differ = True
            if later[1] < earlier[0]:
                return DISAGREEMENT
            same_outlet = earlier[3] == later[3]
            if not same_outlet and hours[j] - hours[i] < SAME_TIME_HOURS:
                return DISAGREEMENT
    return UPDATE if differ else AGREE
