"""A story's figures table: for each quantity its articles report, every outlet's value.

A quantity is the thing counted and what happened to it ("people killed", "magnitude"): the
figure extractor's kind, unit, rate and counted thing, or, where no counted thing is named,
what the figure's form says it is (an age, one figure of a score, a sum or a time: see
reader.stories.quantities). Its values agree when their intervals (a bare number its
rounding range, "about" +-5%, "more than" open above) overlap; otherwise the quantity
differs, and reads as an **update** when the figures only grow with report time (a later,
larger toll; one outlet's own later figure; an age) or as a **disagreement** when outlets
differ otherwise (at the same time, a later report lower, or a settled fact such as "2,301
career points" that names no event). Pure functions over stored mentions; no SQL.

Inside one story two reports of one counted thing giving one value are rarely two different
figures, while the words around a figure are often misread; so a table is built looser for
agreement than for conflict:

- **one value** (_value_groups): reports whose values agree are one entry, split only where
  they tell different events ("12 killed", "12 injured") or where two articles or more each
  name two subjects (one player's 14 points and another's). A subject one article alone
  names (a place, a team written before a player) gives way, as does one that only sets the
  scene of another (every sentence naming it names the other), and the same value stated and
  projected ("Will Artino scored 14", a modal misread) is one figure;
- **differing values** (_one_figure) are one figure, flagged, only where they are about the
  same named subject (a figure's **subject** is the name written nearest before it in its
  clause: ``figure_subject``), or are a tally of what happened told in shared words, with the
  same event told and stated alike, close in value (DISPUTE_SPREAD; a tally
  SAME_FIGURE_FACTOR; clock readings one unit), and no article giving both (one that does
  reports two figures). The most reported value is placed first and others join it: an
  outlier is compared with the consensus, never with another outlier. A quantity naming no
  counted thing ("time", "sum") is known by what happened to it ("married", "served").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from reader.figures import lexicon
from reader.figures.compare import _NOT_NAMES, _STOP, _without_possessive, context_words
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

#: Story words (besides those echoing the thing and the event) that reports of two values
#: naming nobody share to be one figure: "12 people were killed ... in the old town of Dessin"
#: and "24 people were killed ... in the old town of Dessin" tell one toll; "a gunman killed
#: five people at a mall in Salt Lake City" and "two of the three victims died" do not.
SHARED_WORDS = 2

#: First letters that make a word an echo of the counted thing or the event.
ECHO_PREFIX = 5

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
    # Every name its sentence writes (lowered, as subjects are), where a misread subject
    # finds the one it is about.
    names: frozenset[str] = frozenset()
    # The story words of its sentence (sentence_words): what two reports naming nobody must
    # share to be one figure.
    words: frozenset[str] = frozenset()
    # The text of its sentence: the words next to the figure (reader.stories.figure_pairs).
    sentence: str = ""


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


def _names_at(
    sentence: str, known: frozenset[str] = frozenset(), subjects: bool = True
) -> list[tuple[int, str]]:
    """Names in a sentence with where they end; with ``subjects``, only those a figure after
    them may be about (no object, no place). A capital opening the sentence marks no name
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
        if name and not (subjects and (_is_object(before) or _is_place(before))):
            names.append((match.end(), name))
    return names


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


def sentence_words(sentence: str) -> frozenset[str]:
    """A sentence's story words, lowered (compare.context_words: no short or common words)."""
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
    before = [name for end, name in _names_at(sentence, known) if clause_start < end <= offset]
    return before[-1] if before else ""


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
    modality = Counter(m.modality for m in mentions).most_common(1)[0][0]
    if modality and modality != "reported":
        parts.append(f"({modality})")
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


#: What happened to a counted thing where the lexicon names it (killed, injured, evacuated,
#: arrested, rose...): reports of one value told with two of these are two quantities ("12
#: killed", "12 injured"), and differing reports told with one are a tally that may be
#: disputed or updated. Other verbs near a figure ("scored", "grabbed", "adding") say how a
#: sentence is written, not which quantity it reports.
TOLD_EVENTS = frozenset(lexicon.EVENT_KIN.values())


def _told_event(value: ReportedValue) -> str:
    event = value.mention.event
    return event if event in TOLD_EVENTS else ""


def _exact(value: ReportedValue) -> bool:
    """A figure given as one number (its rounding range), not "about", "more than" or a range."""
    mention = value.mention
    return mention.high is None and mention.bound not in ("approx", "lower", "upper")


def _value_groups(values: list[ReportedValue]) -> list[list[ReportedValue]]:
    """Reports split into groups giving one value: exact figures whose spans overlap (4.5
    months and 136 days), then each loose one ("about 300", "more than 30", a range) in the
    group it overlaps nearest its own figure (more than 30 years: 30 years rather than 48),
    if near it (DISPUTE_SPREAD: "more than 2,000" employees are not the 4,500 evacuated),
    else in a group of its own."""
    groups: list[list[ReportedValue]] = []
    for value in sorted((v for v in values if _exact(v)), key=_number):
        if groups and _overlap(_scaled_span(groups[-1][0]), _scaled_span(value)):
            groups[-1].append(value)
        else:
            groups.append([value])
    for value in (v for v in values if not _exact(v)):
        own = _scaled_span(value)
        giving = [
            group
            for group in groups
            if any(_exact(given) and _overlap(own, _scaled_span(given)) for given in group)
            and _near(_number(group[0]), _number(value))
        ]
        if giving:
            nearest = min(giving, key=lambda group: abs(_number(group[0]) - _number(value)))
            nearest.append(value)
        else:
            groups.append([value])
    return groups


def _near(a: float, b: float) -> bool:
    """Whether two figures are within DISPUTE_SPREAD of each other."""
    return min(a, b) * DISPUTE_SPREAD >= max(a, b)


def _articles(values: Iterable[ReportedValue]) -> int:
    return len({v.article_id for v in values})


def _by_told_event(group: list[ReportedValue]) -> list[list[ReportedValue]]:
    """A group of one value split by what happened, where told ("killed", "injured"); reports
    telling none join the one event told, or stand apart where several are."""
    parts: dict[str, list[ReportedValue]] = defaultdict(list)
    for value in group:
        parts[_told_event(value)].append(value)
    untold = parts.pop("", [])
    if len(parts) == 1:
        next(iter(parts.values())).extend(untold)
    elif untold:
        parts[""] = untold
    return list(parts.values())


def _by_subject(part: list[ReportedValue]) -> list[list[ReportedValue]]:
    """Reports of one value and event split by whom they are about, where two or more
    articles each name two subjects (one player's 14 points and another's). A subject one
    article names alone is more often misread (a place, a team before a player's name) than
    another figure of the same value: such reports, and those naming nobody, join the subject
    their sentence names, else the most reported one."""
    named: dict[str, list[ReportedValue]] = defaultdict(list)
    for value in part:
        if value.subject:
            named[value.subject].append(value)
    supported = [subject for subject, values in named.items() if _articles(values) >= 2]
    if len(supported) < 2:
        return [part]
    supported = _without_settings(supported, named)
    if len(supported) < 2:
        return [part]
    parts: dict[str, list[ReportedValue]] = {subject: [] for subject in supported}
    rest = []
    for value in part:
        if value.subject in parts:
            parts[value.subject].append(value)
            continue
        written = [subject for subject in supported if subject in value.names]
        if len(written) == 1:
            parts[written[0]].append(value)
        else:
            rest.append(value)
    max(parts.values(), key=_articles).extend(rest)
    return list(parts.values())


def _without_settings(subjects: list[str], named: dict[str, list[ReportedValue]]) -> list[str]:
    """Subjects less those that only set the scene of another: where every sentence naming
    one also names another that its own sentences write without the first ("Drake was paced
    by 13 points from Seth VanDeest" beside "VanDeest, who had 13 points"; "Ford, now an
    assistant coach with the Charlotte Bobcats, finished with 2,290 points" beside "Ford
    finished his career with 2,290 points"), the figure is the other's."""
    kept = []
    for subject in subjects:
        within = [
            other
            for other in subjects
            if other != subject
            and all(other in v.names for v in named[subject])
            and not all(subject in v.names for v in named[other])
        ]
        if len(within) != 1:
            kept.append(subject)
    return kept


def _subject_of(values: Sequence[ReportedValue]) -> str:
    """The subject most of the reports' articles name, less one setting the scene of another
    (_without_settings); "" when none does, or two tie."""
    named: dict[str, list[ReportedValue]] = defaultdict(list)
    for value in values:
        if value.subject:
            named[value.subject].append(value)
    if not named:
        return ""
    most = max(_articles(reports) for reports in named.values())
    tied = [subject for subject, reports in named.items() if _articles(reports) == most]
    if len(tied) > 1:
        tied = _without_settings(tied, named)
    return tied[0] if len(tied) == 1 else ""


@dataclass(frozen=True)
class _Part:
    """Reports agreeing on one value of a quantity, as a dispute compares them."""

    values: tuple[ReportedValue, ...]
    subject: str
    event: str  # the told event ("killed"), "" where none is
    unnamed: bool  # no report names a subject
    strong: bool  # two or more of its articles name its subject
    articles: frozenset[int]
    smallest: float
    largest: float
    step: float  # one unit of its finest figure as written, in the quantity's terms (a week: 7)
    modality: str  # how most of its reports state it ("reported", "projected")
    moment: bool  # a reading of a clock ("7:42 left"): a moment, not an amount
    modifier: bool  # every report is a modifier ("an 11-game streak")
    # The first letters of every event its reports name (not a verb of saying: "reported").
    stems: frozenset[str]
    words: frozenset[str]  # its sentences' story words, less those echoing its thing or event

    @classmethod
    def of(cls, values: Sequence[ReportedValue]) -> _Part:
        # Its value as its exact figures give it: a loose one that joined them ("more than
        # 2,000" beside 4,500) bounds it, it does not set it.
        numbers = [_number(v) for v in values if _exact(v)] or [_number(v) for v in values]
        events = Counter(_told_event(v) for v in values if _told_event(v))
        subject = _subject_of(values)
        return cls(
            values=tuple(values),
            subject=subject,
            event=events.most_common(1)[0][0] if events else "",
            unnamed=not any(v.subject for v in values),
            strong=subject != "" and _articles(v for v in values if v.subject == subject) >= 2,
            articles=frozenset(v.article_id for v in values),
            smallest=min(numbers),
            largest=max(numbers),
            step=min(quantities.scale(v.mention, v.form) for v in values),
            modality=Counter(v.mention.modality for v in values).most_common(1)[0][0],
            modifier=all(_modifier(v.mention) for v in values),
            moment=any(_CLOCK.search(v.mention.text) for v in values),
            stems=frozenset(
                _event_stem(v)
                for v in values
                if v.mention.event and v.mention.event not in lexicon.REPORTING_VERBS
            ),
            words=_context(values),
        )


def _context(values: Sequence[ReportedValue]) -> frozenset[str]:
    """The story words of reports' sentences, less those echoing what they count or what
    happened to it (every "people killed" report says "killed")."""
    echoes = {
        word[:ECHO_PREFIX]
        for v in values
        for word in (v.mention.noun, v.mention.noun_text.lower(), v.mention.event)
        if word
    }
    return frozenset(word for v in values for word in v.words if word[:ECHO_PREFIX] not in echoes)


def _one_figure(
    cluster: Sequence[_Part], part: _Part, key: quantities.QuantityKey, form: str
) -> bool:
    """Whether reports of another value are one figure that outlets report differently (a
    dispute or an update) rather than another figure sharing a label. They must tell the
    same event (if any) and state it alike (a projection disputes no count), and be about
    the same named subject or be a tally of what happened ("people killed"). A quantity
    that names no counted thing ("time", "sum") is known by what happened ("married",
    "served"): its reports need an event in common, and their subjects differ only where
    one of them is named by a single article (often misread: "The Diamond Bar resident was
    married two weeks ago"). Reports naming nobody must share story words (SHARED_WORDS):
    a story retells other events too ("In February, a gunman killed five people"). No
    article may give both values (one that does reports two figures: a season's and a
    game's), a modifier disputes nothing, and the values must be close (DISPUTE_SPREAD; a
    tally SAME_FIGURE_FACTOR: sources count it differently and it grows)."""
    first = cluster[0]
    if quantities.is_pair(form) or part.modifier or first.modifier:
        return False
    if (part.event, part.modality) != (first.event, first.modality):
        return False
    if key.thing:
        if part.subject != first.subject or not (part.subject or part.event):
            return False
    else:
        if not part.stems & frozenset().union(*(c.stems for c in cluster)):
            return False
        if part.subject != first.subject and part.strong and first.strong:
            return False
        if not (part.subject or first.subject or part.event):
            return False
    if part.unnamed and first.unnamed and len(part.words & first.words) < SHARED_WORDS:
        return False
    if any(part.articles & other.articles for other in cluster):
        return False
    lowest = min([*cluster, part], key=lambda p: p.smallest)
    largest = max(part.largest, *(c.largest for c in cluster))
    spread = SAME_FIGURE_FACTOR if part.event else DISPUTE_SPREAD
    # One unit as written apart is close however small the figure: two or three weeks.
    within = max(lowest.smallest * spread, lowest.smallest + lowest.step)
    if part.moment or any(c.moment for c in cluster):
        # Clock readings further apart than a unit (a second) are different moments of a
        # game or a day (10:00 and 10:03 left, 11:43 and "11 minutes" left); outlets
        # disagreeing on one moment differ in a digit (7:42 or 7:41).
        within = lowest.smallest + min(p.step for p in [*cluster, part])
    return largest <= within * (1 + 1e-9)


def _disputes(parts: list[_Part], key: quantities.QuantityKey, form: str) -> list[list[_Part]]:
    """Parts of differing values gathered into the figures they report (see _one_figure). The
    most reported values are placed first and the others join the most reported figure they
    can be: an outlier is compared with the consensus, never with another outlier. A part
    naming nobody takes the quantity's only named subject."""
    named = {part.subject for part in parts if part.subject}
    if len(named) == 1:
        only = next(iter(named))
        parts = [replace(part, subject=only) if part.unnamed else part for part in parts]
    clusters: list[list[_Part]] = []
    for part in sorted(parts, key=lambda p: (-len(p.articles), p.smallest, p.largest)):
        cluster = next((c for c in clusters if _one_figure(c, part, key, form)), None)
        if cluster is None:
            clusters.append([part])
        else:
            cluster.append(part)
    return clusters


def _entry(cluster: Sequence[_Part], key: quantities.QuantityKey, form: str) -> StoryQuantity:
    """A quantity's entry: its reports, oldest first, labelled by what they count and whom,
    and how they compare. Only a tally of what happened ("people killed") grows as reports
    come in: a figure that names no event ("2,301 career points", "105 games") states a
    settled fact, and a later report of another value disagrees. A person's age changes:
    reports giving two ages state it at different moments, which is an update."""
    values = sorted(
        (v for part in cluster for v in part.values),
        key=lambda v: (v.published, v.article_id, v.mention.start),
    )
    subject = cluster[0].subject
    label = quantity_label([v.mention for v in values], form, key.rate)
    named = f"{label} ({subject})" if subject else label
    if len(cluster) == 1:
        return StoryQuantity(named, tuple(values), AGREE)
    kind = value_kind([v for v in values if not _modifier(v.mention)])
    if kind == UPDATE and not form and not any(v.mention.event for v in values):
        kind = DISAGREEMENT
    if kind == DISAGREEMENT and form == quantities.AGE:
        kind = UPDATE
    return StoryQuantity(named, tuple(values), kind)


def _event_stem(value: ReportedValue) -> str:
    """What happened to the counted thing, as compared: its first letters, so "scored" and
    "scoring" meet while "killed" and "injured" stay apart."""
    return value.mention.event[:EVENT_STEM]


# A clock reading: "7:42 left", "with 10:03 remaining".
_CLOCK = re.compile(r"\d:\d\d")

# A figure written as a modifier: "an 11-game win streak", "a 15-year veteran".
_MODIFIER = re.compile(r"\w-[a-z]+$")


def _modifier(mention: FigureMention) -> bool:
    """Whether a count is written as a modifier of the noun after it ("an 11-game win
    streak"): it may measure that noun (a streak) rather than count the thing it names, so
    it agrees with a plain count of its value but makes no dispute with another. (A measure
    so written is still that measure: "a 7.8-magnitude quake".)"""
    return mention.kind == "count" and bool(_MODIFIER.search(mention.text))


def _quantities(values: list[ReportedValue], key: quantities.QuantityKey) -> list[StoryQuantity]:
    """The entries of one counted thing: its reports grouped by value, split where they tell
    of different events or subjects, then gathered where differing values are one figure."""
    form = key.thing if quantities.written_form(key) else ""
    parts: list[_Part] = []
    for group in _value_groups(values):
        # A pair is told apart by its own figures and an age is nobody's event: those are
        # split only as far as their form says.
        by_event = [group] if form else _by_told_event(group)
        for part in by_event:
            split = [part] if quantities.is_pair(form) else _by_subject(part)
            parts.extend(_Part.of(values) for values in split)
    return [_entry(cluster, key, form) for cluster in _disputes(parts, key, form)]


def figures_table(reports: Iterable[ReportedValue]) -> list[StoryQuantity]:
    """The quantities of a story's figures (only those naming what they count), the most
    widely reported first."""
    by_thing: dict[quantities.QuantityKey, list[ReportedValue]] = defaultdict(list)
    for report in reports:
        mention = report.mention
        if mention.value is None or math.isnan(mention.value):
            continue
        key = quantities.quantity_key(mention, report.form)
        if key is not None:
            # One value stated and projected is one figure (a modal cue is often misread:
            # "Will Artino scored 14"); only a dispute needs one modality (_one_figure).
            by_thing[replace(key, modality="")].append(report)
    table = [entry for key, same in by_thing.items() for entry in _quantities(same, key)]
    table.sort(key=lambda q: (-q.feeds, -q.articles, q.quantity))
    return table
