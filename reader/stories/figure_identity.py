"""What one report of a figure is a figure of, read once, and whether two reports name one.

A story's figures table (reader.stories.figure_entries) joins reports by scored pair models,
and a scored join is enough to line reports up, but not to tell a reader that outlets give one
quantity differently: that is a strong claim, and on stories nobody tuned on most such flags
joined quantities no careful reader takes for one thing. This module owns the explicit test a
flag must pass. Each report's ``FigureIdentity`` is read once from what the extractor and the
sentence give: the counted thing (its head noun's key and kin class, the other words of its
noun phrase, the proper names scoping it, a possessor written before it), what happened to it
(the event the extractor names, else the words next to the figure that are not its noun, a
name, nor a word of how much or when), whom it is about, the years its sentence names, its
kind and unit, and its sentence's character n-grams without numbers. Two identities compare
part by part as SAME, COMPATIBLE (one side says nothing, or one's words hold the other's),
CONFLICTING, or UNKNOWN (neither says); ``flag_gate`` passes a pair only where no part
conflicts, the counted thing and the event are both known and one (``named_next_to``, the
table's ``gate_named_next_to`` switch: two nouns are one thing where one is written in the
other figure's phrase, as the table joins them), and the two sentences say
one thing in other words (``said_alike``: shared character 4-grams, shared story words, or
both lead their articles). Pure functions over stored mentions; no SQL, no UI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.figures import lexicon as lx
from reader.figures.kin import PERSON
from reader.stories import quantities
from reader.stories.figure_pairs import WINDOW, ReportView, char_grams, stem

SAME = "same"
COMPATIBLE = "compatible"
CONFLICTING = "conflicting"
UNKNOWN = "unknown"

#: Two sentences (numbers left out) sharing at least this share of their character 4-grams
#: (Jaccard) say one thing in other words. A round, lexicon-free bar: two outlets' sentences
#: on one figure of one story share their names and the words of what happened, well above
#: what two sentences of one story on two figures share (see tests/stories/test_figure_identity.py).
SAID_ALIKE_GRAMS = 0.15
#: Or the figures' own clauses (``clause_grams``) sharing at least this share of theirs: twice
#: the sentences' bar, since a short clause shares its figure's noun and verb by construction.
SAID_ALIKE_CLAUSE = 0.3
#: Or the smaller sentence's story words (reader.stories sentence_words) held by the other at
#: least this share.
SAID_ALIKE_WORDS = 0.5

#: Kinds that count things; every other kind (a duration, money, a share) measures.
_COUNTED = frozenset({"count", "ordinal"})
_POSSESSIVE_PRONOUNS = frozenset({"her", "his", "their", "its", "our", "my", "your"})
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class FigureIdentity:
    """What one report is a figure of (see the module's doc); "" or empty where unsaid."""

    # The quantity key's counted thing (a noun, AGE, a score pair form); for a measure (a
    # span of time, a sum, a distance, a share) the measure itself ("measure:duration"): what
    # it measures is told by its event, and a noun next to it is whose it is (``owner``).
    thing: str
    owner: str  # for a measure, the noun the extractor read with it ("man" of "man fell")
    kin: str  # the extractor's kin class of the noun
    modifiers: frozenset[str]  # the other words of its noun phrase, lowered ("head", "nba")
    scope: frozenset[str]  # the proper names among them ("nba", "eastern")
    possessor: str  # a name written as owning it ("smith's"), lowered; "" for none or a pronoun
    event: str  # the event the extractor names ("killed")
    # Stems of the words next to it saying what happened ("served"), before and after it: a
    # word told before one figure and after the other ("repairs would take two weeks",
    # "rise within a month if repairs slip") ties two figures to one subject, not one event.
    told_before: frozenset[str]
    told_after: frozenset[str]
    subject: str  # whom it is about, lowered
    names: frozenset[str]  # every name its sentence writes, lowered
    years: frozenset[int]  # the years its sentence names
    kind: str
    unit: str
    rate: str
    words: frozenset[str]  # the sentence's words, lowered (a modifier the other never writes)
    grams: frozenset[str]  # the sentence's character 4-grams, numbers left out
    story_words: frozenset[str]
    lead: bool
    # The stems of its counted thing's noun words, and of the words next to the figure within
    # its phrase (``phrase_stems``): "a scoring record of 2,106" and "a record of 2,116
    # points" write one thing whichever noun the extractor took for each.
    noun_stems: frozenset[str] = frozenset()
    phrase: frozenset[str] = frozenset()
    # The time frames its phrase names, relative to when it was written ("this season",
    # "last year", "career"): ``frames``. Beside the years, what time the figure is of.
    frames: frozenset[str] = frozenset()
    # The character 4-grams of the figure's own clause (``clause_grams``): a sentence that goes
    # on about something else ("Page married twice; the first marriage lasted...") says its
    # figure's clause alike all the same.
    clause: frozenset[str] = frozenset()

    @property
    def told(self) -> frozenset[str]:
        return self.told_before | self.told_after


def identity(v: ReportView) -> FigureIdentity:
    """The identity of one report as its view reads it."""
    mention = v.report.mention
    written = mention.noun_text.split()
    modifiers = [w for w in written[:-1]]
    told_stems = v.event_stems - v.noun_stems - _name_stems(v.report.names)
    before, after = _sides(v)
    measure = v.kind not in _COUNTED and v.thing != quantities.AGE
    scope = {w.lower() for w in modifiers if w[:1].isupper()} | named_after(v)
    return FigureIdentity(
        thing=f"measure:{v.kind}" if measure else v.thing,
        owner=v.thing if measure else "",
        kin=mention.kin,
        modifiers=frozenset(w.lower() for w in modifiers),
        scope=frozenset(scope),
        possessor=_possessor(v),
        event=v.event,
        told_before=before & told_stems,
        told_after=after & told_stems,
        subject=v.report.subject,
        names=v.report.names,
        years=frozenset(int(y) for y in _YEAR.findall(v.report.sentence)),
        kind=v.kind,
        unit=v.unit,
        rate=v.rate,
        words=frozenset(_WORD.findall(v.report.sentence.lower())),
        grams=v.sentence_grams,
        story_words=v.report.words,
        lead=v.lead,
        noun_stems=v.noun_stems,
        phrase=phrase_stems(v),
        frames=frames(v),
        clause=clause_grams(v),
    )


#: Words naming a span of time that "this", "last" or "next" place relative to the writing.
_PERIODS = "season|year|week|month|campaign|decade|term|quarter|half"
#: A time frame: "this season", "last year", "the previous season", "so far this year", and
#: "a year ago" (last year); "career" (a total over every season).
_FRAME = re.compile(
    rf"\b(this|last|next|previous|past|current|coming)\s+({_PERIODS})\b"
    rf"|\b(?:a|one)\s+({_PERIODS})\s+(?:ago|earlier|before)\b"
    r"|\b(career)\b",
    re.IGNORECASE,
)
#: Words of one frame said two ways ("the past year" and "last year" are one).
_FRAME_WORDS = {"previous": "last", "past": "last", "current": "this", "coming": "next"}


def frames(v: ReportView) -> frozenset[str]:
    """The time frames a figure's own phrase names (``_FRAME``), lowered ("this season",
    "last year", "career"); where its phrase names none, those of a short phrase opening its
    sentence ("Last season, he ran for 1,212 yards"). Two outlets' "1,212 yards last season"
    and "843 yards this season" are two seasons' figures, not one figure given differently."""
    mention = v.report.mention
    sentence = v.report.sentence
    start = max(0, mention.start - mention.sentence_start)
    end = max(0, mention.end - mention.sentence_start)
    phrase = phrase_before(sentence[:start]) + " " + _PHRASE_BREAK.split(sentence[end:])[0]
    found = _frames_in(phrase)
    if not found:
        opening = _PHRASE_BREAK.split(sentence[:start])
        if len(opening) > 1 and len(_WORD.findall(opening[0])) <= _OPENING_FRAME_WORDS:
            found = _frames_in(opening[0])
    return found


#: The most words a sentence's opening phrase may hold to be read as its time frame.
_OPENING_FRAME_WORDS = 4


def _frames_in(text: str) -> frozenset[str]:
    found = set()
    for match in _FRAME.finditer(text):
        deictic, period, ago, career = (g.lower() if g else "" for g in match.groups())
        if career:
            found.add("career")
        elif ago:
            found.add(f"last {ago}")
        else:
            found.add(f"{_FRAME_WORDS.get(deictic, deictic)} {period}")
    return frozenset(found)


#: Words that may follow a figure capitalised without naming a thing.
_NOT_NAMES_AFTER = frozenset(lx.WEEKDAYS | lx.MONTHS)


def named_after(v: ReportView) -> frozenset[str]:
    """The capitalised words written right after a figure, lowered: the named thing it
    measures or counts ("11-inch MacBook Air", "15-inch MacBook Pro"). Two sizes of two
    products are two figures, whatever name they share."""
    mention = v.report.mention
    after = v.report.sentence[max(0, mention.end - mention.sentence_start) :]
    named = []
    for word in _PHRASE_BREAK.split(after)[0].split()[:_NAME_WORDS]:
        word = word.strip("\"“”‘’'")
        if not word[:1].isupper() or word.lower() in _NOT_NAMES_AFTER:
            break
        named.append(word.lower())
    return frozenset(named)


#: The most words of a name read after a figure.
_NAME_WORDS = 4


#: What ends a figure's phrase: punctuation, or a word joining another phrase to it.
_PHRASE_BREAK = re.compile(r"[,;:.()\[\]!?\"“”]|\s(?:and|or|but|while|as)\s", re.IGNORECASE)


#: What ends a figure's clause: a stop short of the sentence's end, a bracket or dash, or a
#: conjunction opening a clause of its own (commas stay inside: appositions, lists).
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]—–]|\s-\s|\s(?:but|while|whereas|although|though)\s", re.IGNORECASE
)


def _around(v: ReportView, breaks: re.Pattern[str]) -> tuple[str, str]:
    """The words of a figure's sentence before and after it, each up to the nearest break."""
    mention = v.report.mention
    sentence = v.report.sentence
    start = max(0, mention.start - mention.sentence_start)
    end = max(0, mention.end - mention.sentence_start)
    return breaks.split(sentence[:start])[-1], breaks.split(sentence[end:])[0]


def clause_grams(v: ReportView) -> frozenset[str]:
    """The character 4-grams (numbers left out, figure_pairs.char_grams) of the words of the
    clause a figure stands in: from the last clause break before it to the first after it
    (``_CLAUSE_BREAK``)."""
    before, after = _around(v, _CLAUSE_BREAK)
    return char_grams(_WORD.findall(before.lower()) + _WORD.findall(after.lower()))


def phrase_stems(v: ReportView) -> frozenset[str]:
    """The stems of the words next to a figure (WINDOW of each side) within its phrase: up to
    the nearest break (``_PHRASE_BREAK``) either side."""
    before, after = _around(v, _PHRASE_BREAK)
    words = _WORD.findall(before.lower())[-WINDOW:] + _WORD.findall(after.lower())[:WINDOW]
    return frozenset(stem(w) for w in words if not w[:1].isdigit())


def phrase_before(text: str) -> str:
    """The part of ``text`` (a sentence up to a figure) within the figure's phrase: after
    the last break (``_PHRASE_BREAK``)."""
    return _PHRASE_BREAK.split(text)[-1]


def _sides(v: ReportView) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of the words next to a figure (WINDOW of each side), before and after it."""
    mention = v.report.mention
    start = max(0, mention.start - mention.sentence_start)
    end = max(0, mention.end - mention.sentence_start)
    before = _WORD.findall(v.report.sentence[:start].lower())[-WINDOW:]
    after = _WORD.findall(v.report.sentence[end:].lower())[:WINDOW]
    return frozenset(stem(w) for w in before), frozenset(stem(w) for w in after)


def _name_stems(names: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(part) for name in names for part in _WORD.findall(name))


def _possessor(v: ReportView) -> str:
    """The name written as owning the figure's thing ("Smith's 20 points"), lowered; a
    pronoun ("her third marriage") names no one by itself."""
    mention = v.report.mention
    before = v.report.sentence[: max(0, mention.start - mention.sentence_start)].split()
    if not before:
        return ""
    word = before[-1].lower().strip('"“”‘(')
    if word in _POSSESSIVE_PRONOUNS:
        return ""
    for suffix in ("'s", "’s", "s'", "s’"):
        if word.endswith(suffix):
            return word[: -len(suffix)] if suffix[0] != "s" else word[:-1]
    return ""


@dataclass(frozen=True)
class Comparison:
    """How two identities compare, part by part (SAME, COMPATIBLE, CONFLICTING, UNKNOWN)."""

    thing: str
    owner: str
    modifiers: str
    scope: str
    possessor: str
    event: str
    subject: str
    time: str
    measure: str  # kind, unit and rate

    def parts(self) -> dict[str, str]:
        return {
            "thing": self.thing,
            "owner": self.owner,
            "modifiers": self.modifiers,
            "scope": self.scope,
            "possessor": self.possessor,
            "event": self.event,
            "subject": self.subject,
            "time": self.time,
            "measure": self.measure,
        }


def compare(a: FigureIdentity, b: FigureIdentity, named_next_to: bool = False) -> Comparison:
    """Two reports' identities part by part; ``named_next_to``: two counted things are one
    where one's noun is written in the other's phrase (``_thing``)."""
    return Comparison(
        thing=_thing(a, b, named_next_to),
        owner=_plain(a.owner, b.owner, a.words, b.words),
        modifiers=_modifiers(a, b),
        scope=_scope(a, b),
        possessor=_plain(a.possessor, b.possessor, a.words, b.words),
        event=_event(a, b),
        subject=_subject(a, b),
        time=_time(a, b),
        measure=SAME if (a.kind, a.unit, a.rate) == (b.kind, b.unit, b.rate) else CONFLICTING,
    )


def _thing(a: FigureIdentity, b: FigureIdentity, named_next_to: bool = False) -> str:
    if not a.thing or not b.thing:
        return UNKNOWN
    if a.thing == b.thing:
        return SAME
    # One kin class of the extractor ("comments", "written comments"; "engines", "appliances")
    # names one count; people at large ("workers", "residents") are many counts.
    if _kin_alike(a, b):
        return COMPATIBLE
    # The words around a figure say what it counts, whatever noun the extractor took for it:
    # the table joins such reports as one count (figure_entries.one_key, named_next_to), and
    # the gate reads them as the table does.
    if named_next_to and (a.noun_stems & b.phrase or b.noun_stems & a.phrase):
        return COMPATIBLE
    return CONFLICTING


def _kin_alike(a: FigureIdentity, b: FigureIdentity) -> bool:
    return bool(a.kin) and a.kin == b.kin and a.kin != PERSON


def _modifiers(a: FigureIdentity, b: FigureIdentity) -> str:
    """The other words of the noun phrases: one holding the other's is one thing more or less
    precisely named ("head coach", "NBA head coach"); each writing a word the other's sentence
    never does names two things ("first-round picks", "second-round picks")."""
    if a.modifiers == b.modifiers:
        return SAME if a.modifiers else UNKNOWN
    only_a = a.modifiers - b.words
    only_b = b.modifiers - a.words
    return CONFLICTING if only_a and only_b else COMPATIBLE


def _scope(a: FigureIdentity, b: FigureIdentity) -> str:
    """Proper names scoping the thing ("NBA coaches", "Eastern Conference coaches"): each
    naming one the other's sentence never names is two sets."""
    if not a.scope or not b.scope:
        return COMPATIBLE if a.scope or b.scope else UNKNOWN
    if a.scope - b.words and b.scope - a.words:
        # Each names what the other's sentence never does ("MacBook Air", "MacBook Pro"):
        # two named things, whatever name they share.
        return CONFLICTING
    if a.scope & b.scope:
        return SAME
    if a.scope & b.words or b.scope & a.words:
        return COMPATIBLE
    return CONFLICTING


def _plain(x: str, y: str, x_words: frozenset[str], y_words: frozenset[str]) -> str:
    """Two names of one part: equal, or one written in the other's sentence, is one."""
    if not x or not y:
        return COMPATIBLE if x or y else UNKNOWN
    if x == y:
        return SAME
    return COMPATIBLE if x in " ".join(y_words) or y in " ".join(x_words) else CONFLICTING


def _event(a: FigureIdentity, b: FigureIdentity) -> str:
    """What happened: the extractor's event where both name one; else the words next to both
    figures saying what happened. An age or a score is its own event (being that old; the
    game's result)."""
    if a.thing == b.thing and (a.thing == quantities.AGE or quantities.is_pair(a.thing)):
        return SAME
    if a.thing == b.thing and a.owner and (a.owner == b.owner or _kin_alike(a, b)):
        # A measure of one named thing ("a 7.8-magnitude earthquake", "the magnitude 7.5
        # quake"; "an $80 million deal") is a property of it, as an age is of a person.
        return SAME
    if a.event and b.event:
        return SAME if a.event == b.event else CONFLICTING
    if a.told_before & b.told_before or a.told_after & b.told_after:
        return SAME
    if (a.event or a.told) and (b.event or b.told):
        return CONFLICTING if a.event and b.event else UNKNOWN
    return UNKNOWN


def _subject(a: FigureIdentity, b: FigureIdentity) -> str:
    """Whom it is about: one, or one named in the other's sentence, is one; two named apart
    are two people's figures."""
    if not a.subject or not b.subject:
        return COMPATIBLE if a.subject or b.subject else UNKNOWN
    if a.subject == b.subject:
        return SAME
    if a.subject in b.names and b.subject in a.names and _names_both(a) and _names_both(b):
        # Each sentence names both and ties its figure to another of them ("Khan, 28-3 with
        # 19 KOs, faces Garcia", "Garcia, 30-0 with 17 KOs, faces Khan"): two people's
        # figures, as a preview gives each fighter's record.
        return CONFLICTING
    if a.subject in b.names or b.subject in a.names:
        return COMPATIBLE
    return CONFLICTING


def _names_both(x: FigureIdentity) -> bool:
    """Whether a sentence names its own subject too (names opening a sentence are read
    only where the story names them elsewhere): it then ties its figure to one of two."""
    return x.subject in x.names


def _sets(x: frozenset[int] | frozenset[str], y: frozenset[int] | frozenset[str]) -> str:
    if not x or not y:
        return COMPATIBLE if x or y else UNKNOWN
    return SAME if x & y else CONFLICTING


def _time(a: FigureIdentity, b: FigureIdentity) -> str:
    """What time the figures are of: the years their sentences name and the time frames
    their phrases name (``frames``); either set apart is two times."""
    parts = (_sets(a.years, b.years), _sets(a.frames, b.frames))
    for state in (CONFLICTING, SAME, COMPATIBLE):
        if state in parts:
            return state
    return UNKNOWN


def said_alike(a: FigureIdentity, b: FigureIdentity) -> bool:
    """Whether two sentences say one thing in other words, without a lexicon: their
    character 4-grams (numbers left out), their figures' clauses' 4-grams, or their story
    words overlap enough, or both lead their articles (the news itself, told by each outlet
    first)."""
    if a.lead and b.lead:
        return True
    if _jaccard(a.grams, b.grams) >= SAID_ALIKE_GRAMS:
        return True
    if _jaccard(a.clause, b.clause) >= SAID_ALIKE_CLAUSE:
        return True
    small = min(len(a.story_words), len(b.story_words))
    shared = len(a.story_words & b.story_words)
    return bool(small) and shared / small >= SAID_ALIKE_WORDS


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def refusal(a: FigureIdentity, b: FigureIdentity, named_next_to: bool = False) -> str:
    """Why the gate refuses to flag two reports as one figure given differently, or "" where
    it passes (``flag_gate``)."""
    parts = compare(a, b, named_next_to)
    for name, state in parts.parts().items():
        if state == CONFLICTING:
            return f"{name} conflicting"
    if parts.thing not in (SAME, COMPATIBLE):
        return "thing unknown"
    if parts.event != SAME:
        return "event unknown"
    if not said_alike(a, b):
        return "not said alike"
    return ""


def flag_gate(a: FigureIdentity, b: FigureIdentity, named_next_to: bool = False) -> bool:
    """Whether two reports of different values may be flagged as one figure outlets give
    differently: no identity part conflicts, the counted thing is known and one (or of one
    kin class; or, ``named_next_to``, written next to the other's figure), the event is known
    and one, and the sentences say one thing alike."""
    return not refusal(a, b, named_next_to)
