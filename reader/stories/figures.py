"""A story's figures table: for each quantity its articles report, every outlet's value.

A quantity is the thing counted and what happened to it ("people killed", "magnitude"): the
figure extractor's kind, unit, rate, counted thing, event and modality, the same key that
figure conflicts use, or, where no counted thing is named, what the figure's form says it is
(an age, one figure of a score, a sum or a time: see reader.stories.quantities). Its values
agree when their intervals (a bare number its rounding range, "about" +-5%, "more than" open
above) overlap; otherwise the quantity differs, and reads as an **update** when the figures
only grow with report time (a later, larger toll; one outlet's own later figure; an age) or
as a **disagreement** when outlets differ otherwise (at the same time, a later report lower,
or a settled fact such as "2,301 career points" that names no event). Figures too far apart
to be one figure reported differently are listed apart (DISPUTE_SPREAD). Pure functions over
stored mentions; no SQL.

A quantity is also about someone: "23 points" of one player is not "14 points" of another in
the same game story. Each report carries its figure's **subject**, the name written nearest
before it in its clause (see ``figure_subject``), and reports of one
quantity about different subjects are different quantities. A report whose subject is unknown
joins the only named subject its quantity has; where that is ambiguous its values are listed
apart, and an entry holding a report of unknown subject is never flagged as differing (a
conflict needs both reports to be about the same named thing).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.figures.compare import _NOT_NAMES, _STOP, _without_possessive
from reader.models import FigureMention
from reader.stories import quantities

#: Reports of two outlets this close in time describe the same moment: differing, they disagree.
SAME_TIME_HOURS = 24.0

#: Values further apart than this factor are different figures that share a label (a career
#: total and a game's, a count and a rank), not one figure that outlets report differently:
#: outlets that disagree on a figure report it close (2,029 or 2,129 points; two or three weeks).
SAME_FIGURE_FACTOR = 2.0

#: Outlets that disagree on a figure that says nothing of what happened ("14 points", "two
#: weeks") report it close: a count off by a few (12 or 14), a total off in a digit (2,029 or
#: 2,129). Such figures further apart than this factor (and than one unit) at one time are
#: different figures sharing a label (one player's rebounds and another's, a lead and a
#: score). Tallies of what happened ("30 injured" or "45 injured") are counted by different
#: sources and may differ up to SAME_FIGURE_FACTOR; a figure rising with report time (an
#: update) may move as far.
DISPUTE_SPREAD = 1.25

#: First letters of an event compared ("scored" and "scoring" are one event).
EVENT_STEM = 4

AGREE = "agree"
UPDATE = "update"
DISAGREEMENT = "disagreement"


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


@dataclass(frozen=True)
class StoryQuantity:
    """A quantity of a story with every report of it, oldest first, and how they compare."""

    quantity: str
    values: tuple[ReportedValue, ...]
    kind: str

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
# Clause breaks a subject does not reach across ("..., while Smith had 14").
_CLAUSE = re.compile(r"[;:]|,\s+(?:while|and|but|as|with)\s")


def _name_of(run: str) -> str:
    """A run's name as compared: its last word that is a name ("Doug McDermott" -> mcdermott,
    "Illinois State" -> illinois), lowered and without "'s"."""
    for word in reversed(run.split()):
        base = _without_possessive(word.lower()).strip(".'’-")
        if len(base) >= 3 and base not in _NOT_NAMES and base not in _STOP:
            return base
    return ""


def _names_at(sentence: str, known: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """Names in a sentence with where they end. A capital opening the sentence marks no name
    by itself: its first word counts only when it is a ``known`` name (one the story writes
    inside sentences too: "McDermott led...", not "Officials said...")."""
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
        if name and not _is_object(before):
            names.append((match.end(), name))
    return names


# Words after which a name is what something was done to, not who did it ("passed Rodney
# Buford", "led Drake with 13 points", "beat Evansville 91-73", "an assistant to Larry Brown").
_OBJECT_MARKERS = frozenset({"beat", "beats", "to", "over", "against", "past", "than"})


def _is_object(before: str) -> bool:
    """Whether a name written after ``before`` is the object of a verb or a preposition."""
    last = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
    return last in _OBJECT_MARKERS or (len(last) > 3 and last.endswith("ed"))


def story_names(sentences: Iterable[str]) -> frozenset[str]:
    """The names a story's sentences write inside a sentence (see _names_at)."""
    return frozenset(name for sentence in sentences for _, name in _names_at(sentence))


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
    before = [name for end, name in _names_at(sentence, known) if clause_start < end <= offset]
    return before[-1] if before else ""


def quantity_key(mention: FigureMention) -> tuple[str, str, str, str, str, str]:
    return (
        mention.kind,
        mention.unit,
        mention.rate,
        mention.noun,
        mention.event,
        mention.modality,
    )


def quantity_label(mentions: Sequence[FigureMention], form: str = "", rate: str = "") -> str:
    """'people killed': the counted thing as most reports write it, and its event ("age",
    "65-53, first figure" for figures whose form says what they are)."""
    if form == quantities.AGE:
        return "age"
    if form.startswith(quantities.PAIR_PREFIX):
        return quantities.pair_label(form)
    first = mentions[0]
    written = Counter(m.noun_text.lower() for m in mentions if m.noun_text)
    noun = written.most_common(1)[0][0] if written else first.noun
    events = Counter(m.event for m in mentions if m.event)
    event = events.most_common(1)[0][0] if events else ""
    parts = [noun or quantities.measured(first), event]
    if rate or first.rate:
        parts.append(rate or first.rate)  # the quantity's rate ("average" for 22.8 points)
    if first.modality and first.modality != "reported":
        parts.append(f"({first.modality})")
    return " ".join(part for part in parts if part)


def span(mention: FigureMention) -> tuple[float, float]:
    """The values a mention allows, once its qualifier is read as a bound."""
    if mention.high is not None:
        return mention.low or 0.0, mention.high
    value = mention.value or 0.0
    if mention.bound == "approx":
        return value * 0.95, value * 1.05
    if mention.bound == "lower":
        return value, math.inf
    if mention.bound == "upper":
        return 0.0, value
    if value == 0:
        return 0.0, 0.0
    magnitude = math.floor(math.log10(abs(value)))
    granularity = 10.0 ** (magnitude - max(mention.precision, 2) + 1)
    return value - granularity / 2, value + granularity / 2


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two spans share a value. Spans that only touch do not: 105 and 106 (each its
    rounding range, 104.5-105.5 and 105.5-106.5) are two figures."""
    return a == b or (a[0] < b[1] and b[0] < a[1])


def _hours(iso: str) -> float:
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
    hours = [_hours(v[2]) for v in ordered]
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


def _scaled_span(value: ReportedValue) -> tuple[float, float]:
    """A report's span in its quantity's terms (durations of no counted thing in days)."""
    factor = quantities.scale(value.mention, value.form)
    low, high = span(value.mention)
    return low * factor, high * factor


def _number(value: ReportedValue) -> float:
    return abs(value.mention.value or 0.0) * quantities.scale(value.mention, value.form)


def value_kind(values: Sequence[ReportedValue]) -> str:
    return compare_values(
        [(*_scaled_span(v), v.published, v.feed_id) for v in values if v.mention.value is not None]
    )


def _joined(
    values: list[ReportedValue], part_of: Callable[[ReportedValue], str]
) -> list[tuple[str, list[ReportedValue]]]:
    """Reports split by ``part_of`` (a subject, an event); those whose part is unknown ("")
    join the only known part, or else stand as their own part ("")."""
    parts: dict[str, list[ReportedValue]] = defaultdict(list)
    for value in values:
        parts[part_of(value)].append(value)
    unknown = parts.pop("", [])
    if unknown and len(parts) == 1:
        parts[next(iter(parts))].extend(unknown)
    elif unknown:
        left = _join_by_value(unknown, parts)
        if left:
            parts[""] = left
    return list(parts.items())


def _join_by_value(
    unknown: list[ReportedValue], parts: dict[str, list[ReportedValue]]
) -> list[ReportedValue]:
    """Reports of unknown part that join the one known part giving their value (when only
    one does): they agree with it, so joining can make no conflict. Returns those left."""
    left = []
    for value in unknown:
        giving = [
            part
            for part, known in parts.items()
            if any(_overlap(_scaled_span(value), _scaled_span(k)) for k in known)
        ]
        if len(giving) == 1:
            parts[giving[0]].append(value)
        else:
            left.append(value)
    return left


def _subject(value: ReportedValue) -> str:
    return value.subject


def _event_stem(value: ReportedValue) -> str:
    """What happened to the counted thing, as compared: its first letters, so "scored" and
    "scoring" meet while "killed" and "injured" stay apart."""
    return value.mention.event[:EVENT_STEM]


def _self_contradicting(values: Sequence[ReportedValue]) -> set[int]:
    """Articles reporting two differing values of one entry: there the entry holds more than
    one figure (a season and a game, two players), so they tell nothing about a conflict."""
    spans: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for value in values:
        if value.mention.value is not None:
            spans[value.article_id].append(_scaled_span(value))
    return {
        article
        for article, own in spans.items()
        if any(not _overlap(a, b) for i, a in enumerate(own) for b in own[i + 1 :])
    }


def _by_magnitude(values: list[ReportedValue]) -> list[list[ReportedValue]]:
    """Reports split, in order of value, into parts none of which spans more than
    SAME_FIGURE_FACTOR (measured from a part's smallest value, so 5, 7, 10, 13, 17, 23 do not
    chain into one figure)."""
    ordered = sorted(values, key=_number)
    parts: list[list[ReportedValue]] = []
    smallest = 0.0
    for value in ordered:
        number = _number(value)
        if not parts or number > max(smallest, 1.0) * SAME_FIGURE_FACTOR:
            parts.append([])
            smallest = number
        parts[-1].append(value)
    return parts


# A figure written as a modifier: "an 11-game win streak", "a 15-year veteran".
_MODIFIER = re.compile(r"\w-[a-z]+$")


def _modifier(mention: FigureMention) -> bool:
    """Whether a count is written as a modifier of the noun after it ("an 11-game win
    streak"): it may measure that noun (a streak) rather than count the thing it names, so
    it agrees with a plain count of its value but makes no dispute with another. (A measure
    so written is still that measure: "a 7.8-magnitude quake".)"""
    return mention.kind == "count" and bool(_MODIFIER.search(mention.text))


def _by_closeness(values: list[ReportedValue]) -> list[list[ReportedValue]]:
    """Reports split, in order of value, into parts of figures close enough to be one figure
    outlets report differently (DISPUTE_SPREAD, or one unit, from a part's smallest value)."""
    ordered = sorted(values, key=_number)
    parts: list[list[ReportedValue]] = []
    smallest = 0.0
    for value in ordered:
        number = _number(value)
        if not parts or number > max(smallest * DISPUTE_SPREAD, smallest + 1.0):
            parts.append([])
            smallest = number
        parts[-1].append(value)
    return parts


def _entries(
    label: str, subject: str, values: list[ReportedValue], key: quantities.QuantityKey
) -> list[StoryQuantity]:
    """A quantity's entry for one subject. Articles that contradict themselves make no
    conflict (the entry reads agree when the other reports agree); reports whose subject
    stays unknown ("" when the quantity has several named ones) make none either, nor do
    figures that name neither a counted thing nor an event ("6-foot", "two years": their
    unit alone says too little of what they measure): differing, they are listed apart by
    value."""
    values.sort(key=lambda v: (v.published, v.article_id, v.mention.start))
    named = f"{label} ({subject})" if subject else label
    form = key.thing if quantities.written_form(key) else ""
    ambiguous = _self_contradicting(values)
    kind = value_kind(
        [v for v in values if v.article_id not in ambiguous and not _modifier(v.mention)]
    )
    events_known = all(v.mention.event for v in values)
    if kind == UPDATE and not form and not any(v.mention.event for v in values):
        # Only a tally of what happened ("people killed", "homes evacuated") grows as reports
        # come in; a figure that names no event ("2,301 career points", "105 games") states
        # a settled fact, and later reports of another value disagree with the earlier ones.
        kind = DISAGREEMENT
    if kind == DISAGREEMENT and not events_known:
        close = _by_closeness(values)
        if len(close) > 1:  # far-apart figures at one time: several figures, not a dispute
            return [entry for part in close for entry in _entries(label, subject, part, key)]
    if kind == DISAGREEMENT and form == quantities.AGE:
        # A person's age changes: reports giving two ages state it at different moments
        # (the crime, the trial, an interview years before), which is an update.
        kind = UPDATE
    if kind == AGREE or (subject and (key.thing or events_known)):
        return [StoryQuantity(named, tuple(values), kind)]
    by_value: dict[float, list[ReportedValue]] = defaultdict(list)
    for value in values:
        by_value[value.mention.value or 0.0].append(value)
    return [StoryQuantity(named, tuple(same), AGREE) for same in by_value.values()]


def figures_table(reports: Iterable[ReportedValue]) -> list[StoryQuantity]:
    """The quantities of a story's figures (only those naming what they count), each about
    one subject, the most widely reported first."""
    by_thing: dict[quantities.QuantityKey, list[ReportedValue]] = defaultdict(list)
    for report in reports:
        mention = report.mention
        if mention.value is None or math.isnan(mention.value):
            continue
        key = quantities.quantity_key(mention, report.form)
        if key is not None:
            by_thing[key].append(report)
    table = []
    for key, same_thing in by_thing.items():
        form = key.thing if quantities.written_form(key) else ""
        # A pair is told apart by its own figures (whoever a sentence names before it), and
        # an age is nobody's event: those are split only as far as their form says.
        by_subject = (
            _joined(same_thing, _subject) if not quantities.is_pair(form) else [("", same_thing)]
        )
        for subject, about in by_subject:
            by_event = _joined(about, _event_stem) if not form else [("", about)]
            for _, same_event in by_event:
                for values in _by_magnitude(same_event):
                    # Labelled by its own reports: a figure of no event that joined an event's
                    # reports but stands apart by its size ("1.2 million people" beside "37
                    # people injured") must not be named by their event.
                    label = quantity_label([v.mention for v in values], form, key.rate)
                    table.extend(_entries(label, subject, values, key))
    table.sort(key=lambda q: (-q.feeds, -q.articles, q.quantity))
    return table
