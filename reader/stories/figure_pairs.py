"""Whether two reports in one story are of one quantity: pair features and a scored model.

A story's figures table (reader.stories.figure_entries) lines up the reports of each quantity
its articles give. Which two reports are of one quantity ("23 points" by McDermott in the game,
not his 2,129 career points) is decided here by a small logistic regression over features of
the pair, learnt from hand-labelled multi-outlet news (tests/stories/story-figures.json, the
development split only) by ``tests/perf/train_figure_pairs.py`` and cross-validated by whole
cluster. The weights ship as ``figure_pair_model.json`` beside this module and are applied as
a dot product and a sigmoid in plain Python (no scikit-learn at run time).

The features (``FEATURES``) read what news writes around a figure: the counted thing (the
extractor's noun and its kin, the words as written), what happened to it (the event), the
kind and unit, the values (equal, how far apart), how it is written (an age, a score pair, a
clock, a modifier), whom it is about (the name before it; the names of its sentence), the
words next to it and its sentence's words, whether both reports lead their articles,
whether one outlet wrote both, and whether the words next to both say one thing happened
("served", "married"). Two lexicon-free readings of "said alike" follow: the character
4-grams shared by the words next to both figures and by their sentences ("evacuated", "the
evacuation of"), and whether two different counted things read as one by the words next to
them (``kin_by_context``). Whether one report names no counted thing (``unkeyed``: it joins
an entry only by the other features) follows, and last whether two different counted things
share the extractor's kin class (``same_kin``: "comments", "written comments"), and
whether each article gives its counted thing one value only (``sole_values``). Report
times are left out: they tell an update from a disagreement (figure_entries), not which
quantity a figure is.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reader.figures import lexicon
from reader.stories import quantities
from reader.stories.figures import ReportedValue, span
from reader.stories.logistic import LogisticModel, model_from_json

if TYPE_CHECKING:
    from reader.stories.figure_identity import FigureIdentity

#: The features, in the order the model's weights follow.
FEATURES = (
    "same_thing",
    "same_written_thing",
    "no_thing",
    "same_kind",
    "same_unit",
    "same_rate",
    "both_age",
    "same_pair",
    "one_pair",
    "same_event",
    "event_conflict",
    "same_modality",
    "values_overlap",
    "log_ratio",
    "near",
    "within_double",
    "no_thing_ratio",
    "small_equal",
    "same_subject",
    "subject_conflict",
    "subject_named",
    "names_overlap",
    "words_overlap",
    "window_overlap",
    "same_next_word",
    "both_lead",
    "same_outlet",
    "modifier",
    "clock",
    "shared_event_word",
    "kin_by_context",
    "context_ngrams",
    "sentence_ngrams",
    "unkeyed",
    "same_kin",
    "sole_values",
)
#: The differing model's further features under the ``soft_vetoes`` rules
#: (reader.stories.figure_rules): the table's vetoes and the identity gate's outcomes, read
#: by reader.stories.figure_entries.veto_features, in this order after FEATURES.
VETO_FEATURES = (
    "veto_ordinal",
    "veto_named_scope",
    "veto_owned_apart",
    "veto_other_years",
    "veto_age_or_clock_apart",
    "veto_unnamed_untold",
    "gate_refused",
    "gate_thing_conflicting",
    "gate_modifiers_conflicting",
    "gate_scope_conflicting",
    "gate_owner_conflicting",
    "gate_possessor_conflicting",
    "gate_event_conflicting",
    "gate_subject_conflicting",
    "gate_time_conflicting",
    "gate_thing_unknown",
    "gate_event_unknown",
    "gate_said_alike",
)
MODEL_PATH = Path(__file__).with_name("figure_pair_model.json")

#: Words either side of a figure read as its window ("scored 23 points in the game").
WINDOW = 4
#: Words either side of a figure whose character n-grams are compared (context_ngrams).
CONTEXT = 8
#: Letters in a character n-gram.
GRAM = 4
#: Values this close (a ratio) are near: outlets disagreeing on one figure report it close
#: (2,029 or 2,129 points; two or three weeks), different figures sharing a label lie apart.
NEAR_RATIO = 1.25
#: How far past its figure a bound reaches: a reader takes "more than 30" for 30-odd, not 8,000
#: (and "up to 18 months" for more than nine).
LOOSE_BOUND = 2.0
#: Values below this agree by chance more often ("2 children", "2 years").
SMALL_VALUE = 10.0
#: Value ratios are capped here (a factor of e**3, twenty times, is already "different").
LOG_RATIO_CAP = 3.0

_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_WINDOW_STOP = frozenset(
    {"the", "and", "a", "an", "of", "in", "on", "at", "to", "for", "with", "his", "her", "its"}
    | {"their", "was", "were", "is", "are", "had", "has", "have", "be", "by", "from", "that"}
)
_CLOCK = re.compile(r"\d:\d\d")
_MODIFIER = re.compile(r"\w-[a-z]+$")
_TOLD_EVENTS = frozenset(lexicon.EVENT_KIN.values())


@dataclass(frozen=True)
class ReportView:
    """What the pair features read of one report, worked out once per report."""

    report: ReportedValue
    thing: str  # the quantity key's thing (noun, age, pair form), "" where none
    keyed: bool  # whether quantities.quantity_key gives it a key
    written: str  # the counted thing as written, lowered
    kind: str
    unit: str
    rate: str
    event: str  # what happened to it, where the lexicon names it ("killed")
    low: float
    high: float
    number: float
    window: frozenset[str]
    next_word: str
    lead: bool
    exact: bool  # one number as written, not "about", "more than" or a range
    modifier: bool
    clock: bool
    # The words of the counted thing as written ("fire engines"), lowered.
    noun_words: frozenset[str] = frozenset()
    # Character n-grams of the words next to the figure and of its whole sentence (numbers
    # left out): a lexicon-free reading of "said alike" ("evacuated" and "evacuation").
    context_grams: frozenset[str] = frozenset()
    sentence_grams: frozenset[str] = frozenset()
    # How many different values its article gives its counted thing (set by
    # reader.stories.figure_entries.candidates; 1 for a report read alone).
    article_values: int = 1

    @cached_property
    def identity(self) -> FigureIdentity:
        """What it is a figure of (reader.stories.figure_identity), read once."""
        from reader.stories.figure_identity import identity

        return identity(self)

    # What the pair features read of this report alone, worked out on first use and kept: a
    # story's table scores each report against many others.
    @cached_property
    def window_stems(self) -> frozenset[str]:
        return _stems(self.window)

    @cached_property
    def noun_stems(self) -> frozenset[str]:
        return _stems(self.noun_words)

    @cached_property
    def event_stems(self) -> frozenset[str]:
        """The stems of the words next to it that may say what happened (``shared_event_words``)."""
        return _stems(self.window - _NOT_EVENT_WORDS)

    @cached_property
    def pair_form(self) -> bool:
        return quantities.is_pair(self.report.form)


def view(report: ReportedValue, sentence: str = "") -> ReportView:
    """A report as the pair features read it; ``sentence`` is its sentence's text (the
    report's own ``sentence`` when given none)."""
    mention = report.mention
    text = sentence or report.sentence
    key = quantities.quantity_key(mention, report.form)
    factor = quantities.scale(mention, report.form)
    low, high = span(mention)
    if mention.high is None and mention.bound == "lower":
        high = low * LOOSE_BOUND  # "more than 2,000" is not 5,000
    elif mention.high is None and mention.bound == "upper":
        low = high / LOOSE_BOUND
    start = mention.start - mention.sentence_start
    end = mention.end - mention.sentence_start
    before = _TOKEN.findall(text[: max(0, start)].lower())
    after = _TOKEN.findall(text[max(0, end) :].lower())
    window = frozenset(
        word
        for word in [*before[-WINDOW:], *after[:WINDOW]]
        if word not in _WINDOW_STOP and not word[:1].isdigit()
    )
    context = [*before[-CONTEXT:], *after[:CONTEXT]]
    return ReportView(
        report=report,
        thing=key.thing if key else "",
        keyed=key is not None,
        written=mention.noun_text.lower(),
        # An age is one quantity however it is written: "Page, 85," reads as a count and
        # "the 85-year-old" as a span of time, and both are her age (quantities.AGE).
        kind=key.kind if key and key.thing == quantities.AGE else mention.kind,
        unit=key.unit if key else mention.unit,
        rate=key.rate if key else mention.rate,
        event=mention.event if mention.event in _TOLD_EVENTS else "",
        low=low * factor,
        high=high * factor,
        number=abs(mention.value or 0.0) * factor,
        window=window,
        next_word=after[0] if after else "",
        lead=mention.sentence_start == 0,
        exact=mention.high is None and mention.bound not in ("approx", "lower", "upper"),
        modifier=mention.kind == "count" and bool(_MODIFIER.search(mention.text)),
        clock=bool(_CLOCK.search(mention.text)),
        noun_words=frozenset(_TOKEN.findall(mention.noun_text.lower())),
        context_grams=char_grams(context),
        sentence_grams=char_grams([*before, *after]),
    )


def char_grams(words: list[str]) -> frozenset[str]:
    """The character n-grams (GRAM letters) of words, each padded with a space either side
    so short words count too; numbers are left out (the values are compared apart)."""
    grams: set[str] = set()
    for word in words:
        if word[:1].isdigit():
            continue
        grams.update(_word_grams(word))
    return frozenset(grams)


@lru_cache(maxsize=65536)
def _word_grams(word: str) -> tuple[str, ...]:
    """One word's n-grams (``char_grams``): kept, as news repeats its words."""
    padded = f" {word} "
    return tuple(padded[n : n + GRAM] for n in range(max(1, len(padded) - GRAM + 1)))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)  # the union's size, without building it


def kin_by_context(a: ReportView, b: ReportView) -> bool:
    """Whether two reports naming different counted things ("four appliances", "six engines";
    "three observers", "eight experts") read as counts of one thing by what is written next
    to them, without a list of kindred nouns: the words next to both share what happened
    ("called", "sent"; ``shared_event_words``), or one's counted thing is written next to the
    other ("300,000 citizens' comments", "235,000 comments")."""
    if not a.thing or not b.thing or a.thing == b.thing:
        return False
    if not a.noun_stems.isdisjoint(b.window_stems) or not b.noun_stems.isdisjoint(a.window_stems):
        return True
    return bool(shared_event_words(a, b))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of the smaller set's words the other has too."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


#: Words next to a figure that say how much or when, not what happened: two spans of time
#: sharing only "ago" or "about" are not thereby one.
_NOT_EVENT_WORDS = frozenset(
    {"ago", "about", "around", "after", "before", "more", "than", "nearly", "almost", "over"}
    | {"some", "just", "only", "last", "past", "next", "earlier", "later", "since", "until"}
    | {"he", "she", "it", "they", "we", "who", "which", "this", "been", "not", "but", "or"}
    | {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours"}
    | {"minute", "minutes", "second", "seconds", "decade", "decades", "million", "billion"}
    | {"percent", "per", "cent", "feet", "foot", "ft", "metres", "meters", "m", "miles", "km"}
    | {"old", "least", "up", "half", "said", "says", "then", "when", "while", "into", "out"}
    # A game's clock ("10:00 left", "eight minutes remaining") marks a moment, and each
    # moment of a game is another figure.
    | {"left", "remaining", "go", "play", "first", "final", "game", "quarter", "period"}
)


def shared_event_words(a: ReportView, b: ReportView) -> frozenset[str]:
    """The words next to both figures that say what happened ("served", "married"), not how
    much or when."""
    return a.event_stems & b.event_stems


#: Words are compared by their first letters, so one event's verb and noun meet ("evacuated",
#: "the evacuation of"; "married", "marriage").
STEM = 6

#: English verbs whose past or participle is not their stem with "-ed": one event told in two
#: tenses ("fell 200 metres", "after falling 150 metres") is one event. A closed class of the
#: language (the commonest irregular verbs), not words read off any story.
_IRREGULAR_PAST = {
    form: base
    for base, forms in {
        "fall": "fell fallen", "run": "ran", "win": "won", "lose": "lost", "hold": "held",
        "lead": "led", "leave": "left", "send": "sent", "pay": "paid", "build": "built",
        "make": "made", "meet": "met", "take": "took taken", "go": "went gone",
        "come": "came", "see": "saw seen", "give": "gave given", "get": "got gotten",
        "become": "became", "keep": "kept", "tell": "told", "write": "wrote written",
        "speak": "spoke spoken", "strike": "struck", "throw": "threw thrown",
        "fight": "fought", "break": "broke broken", "flee": "fled", "sell": "sold",
        "buy": "bought", "bring": "brought", "catch": "caught", "teach": "taught",
        "think": "thought", "seek": "sought", "find": "found", "grow": "grew grown",
        "know": "knew known", "rise": "rose risen", "drive": "drove driven",
        "ride": "rode ridden", "fly": "flew flown", "draw": "drew drawn",
        "choose": "chose chosen", "freeze": "froze frozen", "steal": "stole stolen",
        "wear": "wore worn", "swear": "swore sworn", "tear": "tore torn",
        "begin": "began begun", "sing": "sang sung", "sink": "sank sunk",
        "swim": "swam swum", "drink": "drank drunk", "stand": "stood", "sit": "sat",
        "spend": "spent", "lend": "lent", "bend": "bent", "feel": "felt", "deal": "dealt",
        "mean": "meant", "sleep": "slept", "sweep": "swept", "weep": "wept", "dig": "dug",
        "hang": "hung", "shoot": "shot", "bleed": "bled", "feed": "fed", "lay": "laid",
        "say": "said", "hear": "heard", "bear": "bore born borne", "do": "did done",
        "eat": "ate eaten", "bite": "bit bitten", "hide": "hid hidden", "lie": "lay lain",
        "forbid": "forbade forbidden", "forgive": "forgave forgiven", "shake": "shook shaken",
        "wake": "woke woken", "arise": "arose arisen", "undertake": "undertook undertaken",
        "withdraw": "withdrew withdrawn", "overthrow": "overthrew overthrown",
    }.items()
    for form in forms.split()
}  # fmt: skip
#: Suffixes of tense and number stripped before a word is cut to STEM letters.
_SUFFIXES = ("ing", "ed", "es", "s")
#: Doubled final letters a stripped "-ing" or "-ed" undoes ("slipped", "slipping": "slip");
#: these stay doubled ("falling": "fall", "passed": "pass", "buzzed": "buzz").
_KEPT_DOUBLE = frozenset("aeiouylsz")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem words are compared by: lowered, an irregular past read as its verb ("fell":
    "fall"), one suffix of tense or number stripped ("slipped", "slipping": "slip"; "lived",
    "living", "live": "liv"), then its first STEM letters, so a verb and its noun still meet
    ("evacuated", "evacuation"). What the first letters alone missed: "fell" and "falling",
    "slipped" and "slipping" ("slippe", "slippi") were two events."""
    word = word.lower()
    word = _IRREGULAR_PAST.get(word, word)
    for suffix in _SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            break  # "witness", "status", "analysis": no plural
        word = word[: -len(suffix)]
        if suffix in ("ing", "ed") and word[-1] == word[-2] and word[-1] not in _KEPT_DOUBLE:
            word = word[:-1]
        elif suffix in ("ed", "es") and word.endswith("i"):
            word = word[:-1] + "y"  # "married", "carries": "marry", "carry"
        break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]  # "move", "moved", "moving": "mov"
    return word[:STEM]


def _stems(words: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(word) for word in words)


def pair_features(a: ReportView, b: ReportView) -> tuple[float, ...]:
    """The values of ``FEATURES`` for two reports (see the module's doc)."""
    ra, rb = a.report, b.report
    overlap = (a.low < b.high and b.low < a.high) or (a.low, a.high) == (b.low, b.high)
    smaller, larger = sorted((a.number, b.number))
    if smaller == larger:
        ratio = 0.0
    elif smaller <= 0.0:
        ratio = LOG_RATIO_CAP
    else:
        ratio = min(LOG_RATIO_CAP, math.log(larger / smaller))
    pair_a, pair_b = a.pair_form, b.pair_form
    return (
        float(bool(a.thing) and a.thing == b.thing),
        float(bool(a.written) and a.written == b.written),
        float(not a.thing or not b.thing),
        float(a.kind == b.kind),
        float(a.unit == b.unit),
        float(a.rate == b.rate),
        float(ra.form == quantities.AGE and rb.form == quantities.AGE),
        float(pair_a and pair_b and ra.form == rb.form),
        float(pair_a != pair_b),
        float(bool(a.event) and a.event == b.event),
        float(bool(a.event) and bool(b.event) and a.event != b.event),
        float(ra.mention.modality == rb.mention.modality),
        float(overlap),
        ratio,
        float(ratio <= math.log(NEAR_RATIO)),
        float(ratio <= math.log(2.0)),
        ratio * float(not a.thing or not b.thing),
        float(overlap and smaller < SMALL_VALUE),
        float(bool(ra.subject) and ra.subject == rb.subject),
        float(bool(ra.subject) and bool(rb.subject) and ra.subject != rb.subject),
        float(
            (bool(ra.subject) and ra.subject in rb.names)
            or (bool(rb.subject) and rb.subject in ra.names)
        ),
        _overlap(ra.names, rb.names),
        _overlap(ra.words, rb.words),
        _overlap(a.window, b.window),
        float(bool(a.next_word) and a.next_word == b.next_word),
        float(a.lead and b.lead),
        float(ra.feed_id == rb.feed_id),
        float(a.modifier or b.modifier),
        float(a.clock or b.clock),
        float(not a.event_stems.isdisjoint(b.event_stems)),  # bool(shared_event_words(a, b))
        float(kin_by_context(a, b)),
        _jaccard(a.context_grams, b.context_grams),
        _jaccard(a.sentence_grams, b.sentence_grams),
        float(not a.keyed or not b.keyed),
        float(_same_kin(ra.mention.kin, rb.mention.kin, a.thing, b.thing)),
        _sole_values(a, b),
    )


def _sole_values(a: ReportView, b: ReportView) -> float:
    """Whether each report is the one value its article gives its counted thing: two
    articles each saying once how many comments came in ("nearly 235,000", "300,000") most
    likely give one figure, while a game report giving a dozen players' points gives many."""
    return float(a.article_values == 1 and b.article_values == 1)


def _same_kin(kin_a: str, kin_b: str, thing_a: str, thing_b: str) -> bool:
    """Whether two different counted things fall in one kin class of the extractor
    (reader/figures/kin.py: "comment" for comments and written comments, "fire engine" for
    engines and appliances): one quantity outlets name by different nouns."""
    return bool(kin_a) and kin_a == kin_b and bool(thing_a) and thing_a != thing_b


#: One of a story table's two pair models (reader.stories.logistic): its ``threshold`` is the
#: average pair probability two groups of reports need to be one entry.
FigurePairModel = LogisticModel


@dataclass(frozen=True)
class FigureModels:
    """The two scored decisions of a table: whether two reports giving one value are one
    quantity (``agreeing``), and whether two groups giving different values are one figure
    outlets report differently (``differing``)."""

    agreeing: FigurePairModel
    differing: FigurePairModel
    # How sure the differing model must be (the weakest average score an entry's groups were
    # joined at) for the table to flag an entry's differing values as a disagreement or an
    # update, not only group them ("differs"): precision first. 0: every join flags.
    flagging: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "agreeing": self.agreeing.to_json(),
            "differing": self.differing.to_json(),
            "flagging": self.flagging,
        }


@lru_cache(maxsize=1)
def shipped_models() -> FigureModels:
    """The models checked in beside this module."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return FigureModels(
        model_from_json(data["agreeing"], FEATURES, MODEL_PATH.name),
        model_from_json(data["differing"], differing_names(data["differing"]), MODEL_PATH.name),
        float(data.get("flagging", 0.0)),
    )


def differing_names(data: dict[str, object]) -> tuple[str, ...]:
    """The features a written differing model was fitted on: FEATURES, or FEATURES and
    VETO_FEATURES (the ``soft_vetoes`` rules); anything else is refused by model_from_json."""
    extended = FEATURES + VETO_FEATURES
    return extended if tuple(data.get("features", ())) == extended else FEATURES  # type: ignore[arg-type]
