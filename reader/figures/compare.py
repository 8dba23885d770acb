"""Figure mentions across articles: groups of the same figure, and conflicts between sources.

Same figure: mentions in different articles whose values are equal at the precision of the less
precise one (never coarser than two significant digits, so 4,500 and 5,000 stay apart), of the
same kind, unit and rate, counting the same thing (or, where one names none, sharing clear
context), within a month of each other. A round figure ("2 branches", "5,000 workers") also
needs a word of the same story. Groups are transitive.

Conflict: the same quantity (same counted thing, same event) in the same story (two shared
context words besides those echoing the thing and the event: every "people killed" report says
"killed") reported with values whose intervals do not overlap (about = +-5%, more than X =
(X, inf), up to X = [0, X], a bare number its rounding range) and within 3x of each other. A
projection never conflicts with a reported count.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reader.figures import lexicon as lx
from reader.text.wording import counted

WINDOW_DAYS = 31
WINDOW_SECONDS = WINDOW_DAYS * 86400
MAX_COMPARISONS = 40
MAX_CONFLICT_RATIO = 3.0

_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’-][^\W\d_]+)*")
_STOP = {
    "the",
    "and",
    "that",
    "this",
    "with",
    "from",
    "have",
    "were",
    "been",
    "said",
    "says",
    "will",
    "would",
    "could",
    "their",
    "there",
    "they",
    "them",
    "which",
    "while",
    "about",
    "after",
    "before",
    "more",
    "than",
    "into",
    "over",
    "under",
    "also",
    "only",
    "some",
    "such",
    "other",
    "what",
    "when",
    "where",
    "whom",
    "your",
    "ours",
    "since",
    "until",
    "most",
    "many",
    "much",
    "very",
    "just",
    "like",
    "being",
    "does",
    "done",
    "made",
    "make",
    "told",
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "days",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "according",
    "percent",
    "cent",
    "million",
    "billion",
    "thousand",
    "hundred",
    "people",
    "first",
    "last",
    "another",
    "still",
    "because",
    "those",
    "these",
    "here",
    "each",
    "every",
    "through",
    "across",
    "around",
    "against",
    "among",
    "within",
    "without",
    "during",
    "early",
    "late",
    "later",
    "earlier",
    "officials",
    "official",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "reporters",
    "statement",
    "news",
    "report",
    "reported",
    "reports",
    "today",
    "yesterday",
    "tomorrow",
    "number",
    "total",
    "least",
    "rose",
    "fell",
    "rise",
    "fall",
    "cost",
    "costs",
    "price",
    "prices",
    "time",
}


def context_words(sentence: str, previous: str = "", title: str = "") -> str:
    """Key words of a mention's sentence, the sentence before and its article's title, for
    'shared context' (space-joined): story words in lower case, then the names among them
    (words capitalised inside a sentence: "Chicago", "Halvard") with a capital.

    The sentence's own words come first, then the headline's, then those of the sentence
    before: grouping reads only the first few dozen (store.figures.MAX_CONTEXT_WORDS)."""
    sentence_words, sentence_names = _key_words(sentence, False)
    previous_words, previous_names = _key_words(previous, False)
    title_words, title_names = _key_words(title, True)
    words = [
        *sorted(sentence_words),
        *sorted(title_words - sentence_words),
        *sorted(previous_words - sentence_words - title_words),
    ]
    names = sorted(sentence_names | previous_names | title_names)
    return " ".join(words + names)


@functools.lru_cache(maxsize=4096)
def _key_words(text: str, is_title: bool) -> tuple[frozenset[str], frozenset[str]]:
    """One text's story words and names. Cached: every figure of an article reads its title,
    and many read the sentence before, which held a figure too."""
    found = _WORD.findall(text)
    # Each distinct word once: sentences repeat their words. Mapped, not looped, in Python:
    # this runs for every sentence holding a figure.
    words = set(map(_story_word, set(map(str.lower, found))))
    words.discard("")  # what _story_word says is no story word
    if text.isupper() or (is_title and _title_cased(found)):
        return frozenset(words), frozenset()  # capitals say nothing in "FIVE KILLED"
    return frozenset(words), frozenset(_names(text, found))


# Cached: news repeats its vocabulary, so a lookup saves the work at nearly every word (a
# few MB at most).
@functools.lru_cache(maxsize=50_000)
def _story_word(word: str) -> str:
    """A lowered word as a story word ("refineries" -> "refinerie"), or "" for one too short
    or too common to tell stories apart."""
    lower = _without_possessive(word)
    if len(lower) < 4 or lower in _STOP:
        return ""
    if lower.endswith("s") and not lower.endswith("ss") and len(lower) > 4:
        lower = lower[:-1]
    return lower


def _without_possessive(word: str) -> str:
    """A lowered word without its "'s" ("monday's" is "monday")."""
    word = word.replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


# Capitalised inside sentences, but no name of a place, body or person.
_NOT_NAMES = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr", "prof", "sir", "st", "mt",
        "i", "i'm", "i've", "i'd", "i'll", "ok", "tv", "am", "pm", "ceo",
        # Titles, institutions and directions written with a capital ("the Government said",
        # "President Ruto", "South Sudan"): one report writes them, another does not.
        "president", "minister", "prime", "chancellor", "secretary", "governor", "mayor",
        "senator", "general", "government", "parliament", "congress", "senate", "police",
        "army", "court", "council", "ministry", "department", "agency", "commission",
        "committee", "state", "states", "federal", "national", "republic", "kingdom", "city",
        "county", "province", "region", "north", "south", "east", "west", "northern",
        "southern", "eastern", "western", "central",
    }
)  # fmt: skip
_SENTENCE_OPENERS = frozenset(".!?…:\n")
_OPENING_MARKS = frozenset(" \t\"'“‘«([")


def _title_cased(words: list[str]) -> bool:
    """Whether a headline capitalises its words ("Three Killed In Chicago Shooting"): then
    no capital marks a name. Its first word and short words say nothing either way."""
    long = [word for word in words[1:] if len(word) >= 4]
    capitalised = sum(1 for word in long if word[0].isupper())
    return len(long) >= 2 and capitalised * 4 >= len(long) * 3


def _names(text: str, words: list[str]) -> set[str]:
    """Names in a text: words written with a capital somewhere other than where a sentence
    opens, as story words with a capital ("Halvard", "Chicago", "Un")."""
    names = set()
    for word in {word for word in words if word[:1].isupper()}:
        name = _name_of(word)
        if name and _inside_a_sentence(text, word):
            names.add(name)
    return names


@functools.lru_cache(maxsize=50_000)
def _name_of(word: str) -> str:
    """The name a capitalised word would be, as a story word with a capital, or "" for one that
    names nothing (a month, a title, a common word). Cached: a pure function of the word, and
    news repeats its names."""
    base = _without_possessive(word.lower())  # "Monday's" is Monday
    if base in _NOT_NAMES or base in _STOP or (len(word) < 3 and not word.isupper()):
        return ""
    story = _story_word(base) or base  # short names ("BBC", "UN") are kept as they are
    return story[:1].upper() + story[1:]


def _inside_a_sentence(text: str, word: str) -> bool:
    """Whether ``word`` appears somewhere in ``text`` not opening a sentence."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        whole = (start == 0 or not text[start - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        )
        if whole:
            before = start - 1
            while before >= 0 and text[before] in _OPENING_MARKS:
                before -= 1
            if before >= 0 and text[before] not in _SENTENCE_OPENERS:
                return True
        start = text.find(word, end)
    return False


def story_words(stored: str, limit: int) -> tuple[frozenset[str], frozenset[str]]:
    """A stored context (see context_words) as its story words and its names (lowered), at
    most ``limit`` of each."""
    if stored == stored.lower():
        return frozenset(stored.split()[:limit]), frozenset()
    words = stored.split()
    lower = [word for word in words if not word[0].isupper()]
    names = [word.lower() for word in words if word[0].isupper()]
    return frozenset(lower[:limit]), frozenset(names[:limit])


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """A stored mention with what grouping needs about its article."""

    id: int
    article_id: int
    feed_id: int
    date: str
    text: str
    value: float
    low: float | None
    high: float | None
    kind: str
    unit: str
    rate: str
    noun: str
    noun_text: str
    event: str
    qualifier: str
    bound: str
    modality: str
    precision: int
    # Story words: the key words of the mention's sentence and title (see context_words) but
    # those that echo its own counted thing or event ("killed", "resident" beside "12 residents
    # killed"), which every report of the kind shares. Dropped once, here, rather than at each
    # of the millions of comparisons grouping makes.
    context: frozenset[str] = field(default_factory=frozenset)
    timestamp: float = 0.0
    # Names among the story words, lowered ("chicago"), kept as their first letters (see
    # _other_stories): reports naming places, bodies or people, but none in common, are of
    # different stories.
    names: frozenset[str] = field(default_factory=frozenset)
    # The story thread of the mention's article (a negative article id while the article is in
    # no story yet): figures are only grouped with those of their own thread.
    thread: int = 0

    def __post_init__(self) -> None:
        echoes = _echo_prefixes(self.noun, self.noun_text, self.event)
        if echoes and self.context:
            story = frozenset(word for word in self.context if not word.startswith(echoes))
            object.__setattr__(self, "context", story)
        if self.names:
            stems = frozenset(
                name[:_STEM] for name in self.names if not (echoes and name.startswith(echoes))
            )
            object.__setattr__(self, "names", stems)


_STEM = 4  # how many first letters of a name are compared


@functools.lru_cache(maxsize=1 << 14)
def _echo_prefixes(noun: str, noun_text: str, event: str) -> tuple[str, ...]:
    """How words echoing a counted thing (as counted, "person", and as written, "residents")
    or an event begin."""
    parts = (noun, event, *noun_text.lower().split())
    return tuple(sorted({part[:4] for part in parts if len(part) >= 3}))


#: First letters an event word shares with a word of its counted thing when it only restates
#: it ("employees employed", "injuries injured", "evacuees evacuated").
ECHO_STEM = 4


def event_restates_thing(event: str, *things: str) -> bool:
    """Whether an event word merely restates the counted thing ("6,200 employees employed"):
    it begins as one of the thing's words does, as counted ("employee") or as written ("federal
    employees"). A label then says the thing once: "6,200 employees"."""
    if len(event) < ECHO_STEM:
        return False
    stem = event[:ECHO_STEM].lower()
    words = (word for thing in things for word in thing.lower().split())
    return any(len(word) >= ECHO_STEM and word[:ECHO_STEM] == stem for word in words)


def timestamp(iso: str) -> float:
    """Seconds since the epoch for an ISO date (0 when unreadable): parsed once per mention."""
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except (ValueError, OverflowError, OSError):
        return 0.0


@dataclass(frozen=True)
class FigureGroup:
    """Mentions of one figure (``same``) or of one disputed quantity (``conflict``)."""

    kind: str
    label: str
    value: float
    unit: str
    noun: str
    mention_ids: tuple[int, ...]
    articles: int
    feeds: int
    id: int = 0
    bucket: str = ""  # the bucket it was built from: regrouped when a mention there changes
    first_date: str = ""  # the dates of its first and last article: a change of figures
    last_date: str = ""  # near them regroups them
    # A conflict's verdict as its story's figures table says it ("disagreement", "update"):
    # reader/stories/story_groups.py; "" for a same-figure group.
    verdict: str = ""
    # A conflict's story (the one holding most of its reports), read when groups are loaded
    # (reader.store.figures.with_stories): a story's title changes as articles join it, so it
    # is never cached with the group. 0 and "" for a same-figure group, but in the reader's
    # Figures rows (Library.with_every_story).
    story_id: int = 0
    story: str = ""

    @property
    def reach(self) -> str:
        """How far the figure went, as the listings show it: '3 articles · 1 feed'."""
        return f"{counted(self.articles, 'article')} · {counted(self.feeds, 'feed')}"


@functools.lru_cache(maxsize=1 << 16)
def round_significant(value: float, digits: int) -> float:
    """Cached: grouping asks for the same few values millions of times in a large library."""
    if value == 0 or math.isinf(value) or math.isnan(value):
        return value
    magnitude = math.floor(math.log10(abs(value)))
    factor = 10.0 ** (digits - 1 - magnitude)
    return float(math.floor(value * factor + 0.5) / factor)


def _precision(record: MentionRecord) -> int:
    return max(record.precision, 2)


def same_value(a: MentionRecord, b: MentionRecord) -> bool:
    """Equal at the precision of the less precise one, never coarser than 2 digits."""
    if a.value == b.value and a.low == b.low and a.high == b.high:
        return True  # most pairs grouping compares: asked millions of times at a million
    digits = min(_precision(a), _precision(b))
    if (a.high is None) != (b.high is None):
        return False
    if a.high is not None and b.high is not None:
        return round_significant(a.low or 0, digits) == round_significant(
            b.low or 0, digits
        ) and round_significant(a.high, digits) == round_significant(b.high, digits)
    return _equal_at(a.value, b.value, digits)


def _equal_at(a: float, b: float, digits: int) -> bool:
    """Two values equal once rounded to ``digits`` significant digits."""
    return a == b or round_significant(a, digits) == round_significant(b, digits)


def interval(record: MentionRecord) -> tuple[float, float]:
    """The values a mention allows, once its qualifier is read as a bound."""
    if record.high is not None:
        return record.low or 0.0, record.high
    value = record.value
    if record.bound == "approx":
        return value * 0.95, value * 1.05
    if record.bound == "lower":
        return value, math.inf
    if record.bound == "upper":
        return 0.0, value
    if value == 0:
        return 0.0, 0.0
    magnitude = math.floor(math.log10(abs(value)))
    granularity = 10 ** (magnitude - _precision(record) + 1)
    return value - granularity / 2, value + granularity / 2


def _shared(a: MentionRecord, b: MentionRecord) -> int:
    """Story words two mentions share (never words that only echo either one's counted thing
    or event: see MentionRecord.context), plus one for the same counted thing."""
    shared = len(a.context & b.context)
    if a.noun and a.noun == b.noun:
        shared += 1
    return shared


def _other_stories(a: MentionRecord, b: MentionRecord) -> bool:
    """Whether both mentions name places, bodies or people near them, and neither's names
    appear among the other's words: a shooting in Chicago and one in Denver, whatever words
    their reports share. (A headline in title case names nothing, but its words still count.)"""
    # By their first letters (records keep names so), so that a country and its people meet:
    # "Israel" and "Israeli", "Ukraine" and "Ukrainian", "China" and "Chinese".
    if not (a.names and b.names) or not a.names.isdisjoint(b.names):
        return False
    return not any(word[:_STEM] in a.names for word in b.context) and not any(
        word[:_STEM] in b.names for word in a.context
    )


def _distinctive(record: MentionRecord) -> bool:
    """4,500 or 2.1% say more than 5,000 or 10%: one shared word is enough to line them up."""
    return _distinctive_value(record.value)


@functools.lru_cache(maxsize=1 << 16)
def _distinctive_value(value: float) -> bool:
    digits = f"{value:.10g}".replace(".", "").replace("-", "").strip("0")
    return len(digits) >= 2


def _compatible(a: MentionRecord, b: MentionRecord) -> bool:
    return a.kind == b.kind and a.unit == b.unit and a.rate == b.rate


def is_same_figure(a: MentionRecord, b: MentionRecord) -> bool:
    return _compatible(a, b) and _same_in_bucket(a, b)


def _same_in_bucket(a: MentionRecord, b: MentionRecord) -> bool:
    """is_same_figure for two mentions of one bucket, which are of one kind, unit and rate."""
    if a.article_id == b.article_id or not same_value(a, b):
        return False
    return _same_story_in_bucket(a, b)


def _same_story_in_bucket(a: MentionRecord, b: MentionRecord) -> bool:
    """_same_in_bucket once the two are known to be of other articles and the same value."""
    small = a.value < 100 and a.kind in ("count", "duration")
    needed = 1 if _distinctive(a) else 2
    if a.kind in ("money", "percent"):
        # Their "noun" is whatever came before (a subject), not a counted thing: context decides.
        return _shared(a, b) >= needed + 1 and not _other_stories(a, b)
    if a.noun and b.noun:
        if a.noun != b.noun:
            return False
        if _distinctive(a):
            # "Amazon cuts 4,500 jobs" and "Meta cuts 4,500 jobs" in one month: names apart.
            return not _other_stories(a, b)
        # "2 branches" or "5,000 workers" in two articles is often chance: they must share
        # a word of the story besides the counted thing.
        return _shared(a, b) >= 2 and not _other_stories(a, b)
    if small:
        return False
    return _shared(a, b) >= needed + 1 and not _other_stories(a, b)


def _values_conflict(
    a: MentionRecord, b: MentionRecord, span_a: tuple[float, float], span_b: tuple[float, float]
) -> bool:
    """Whether two mentions of the same thing, event and modality (conflict_groups brings
    only those together) in different articles disagree: their intervals do not overlap, they
    share the story, and they are within MAX_CONFLICT_RATIO of each other."""
    if span_a[0] <= span_b[1] and span_b[0] <= span_a[1]:
        return False
    if _shared(a, b) < 3 or _other_stories(a, b):
        return False  # the same thing, two words of the same story and no other names
    smaller, larger = sorted((a.value or 0.0, b.value or 0.0))
    return smaller > 0 and larger / smaller <= MAX_CONFLICT_RATIO


def _find(parent: list[int], item: int) -> int:
    """Union-find over positions in a bucket, with path halving."""
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _link_neighbours(
    ordered: Sequence[MentionRecord], linked: Callable[[int, int], bool]
) -> list[int]:
    """Join each mention (ordered by time) to those of its next few neighbours within the
    window for which ``linked(i, j)`` holds; returns the union-find parents.

    Grouping is transitive, so neighbours suffice to join a long run of equal figures: the cost
    is linear in the number of mentions, never quadratic. Pairs already joined are not tested.
    """
    parent = list(range(len(ordered)))
    times = [record.timestamp for record in ordered]
    count = len(ordered)
    for first in range(count):
        latest = times[first] + WINDOW_SECONDS
        root_first = _find(parent, first)
        for second in range(first + 1, min(first + 1 + MAX_COMPARISONS, count)):
            if times[second] > latest:
                break
            root_second = parent[second]
            if parent[root_second] != root_second:  # most point at their root already
                root_second = _find(parent, second)
            if root_first != root_second and linked(first, second):
                parent[root_first] = root_second
                root_first = root_second
    return parent


def _components(
    bucket: Sequence[MentionRecord], ordered: Sequence[MentionRecord], parent: list[int]
) -> list[list[MentionRecord]]:
    """Connected mentions, each component in bucket order, components by first member."""
    position = {id(record): index for index, record in enumerate(ordered)}
    by_root: dict[int, list[MentionRecord]] = defaultdict(list)
    for record in bucket:
        by_root[_find(parent, position[id(record)])].append(record)
    return [members for members in by_root.values() if len(members) > 1]


def _noun_phrase(members: Sequence[MentionRecord]) -> tuple[str, str]:
    nouns = Counter(
        r.noun_text.lower()
        for r in members
        if r.noun_text and r.noun_text.lower() not in lx.FIGURE_ADVERBS
    )
    # A word saying nothing happened ("including", "following") is no event of a label.
    events = Counter(r.event for r in members if r.event and r.event not in lx.NOT_EVENTS)
    noun = nouns.most_common(1)[0][0] if nouns else ""
    # As the articles write it ("British Airways passengers"), not lowered.
    written = next((r.noun_text for r in members if r.noun_text.lower() == noun), noun)
    return written, events.most_common(1)[0][0] if events else ""


def _label(values: Sequence[MentionRecord], members: Sequence[MentionRecord]) -> str:
    # Imported here: the reader loads this module (through the store) before the extractor.
    from reader.figures.extract import format_value
    from reader.figures.written import shown_value

    noun, event = _noun_phrase(members)
    first = values[0]
    if event_restates_thing(event, noun, first.noun):
        event = ""
    shown = []
    for record in values:
        if record.high is not None:
            text = (
                f"{format_value(record.low or 0, record.kind, record.unit)}–"
                f"{format_value(record.high, record.kind, record.unit)}"
            )
        elif record.kind == "ordinal":
            text = record.text.lower()  # "the second time" is no "2 · time"
        else:  # a clock as written ("7:41"), not its seconds
            text = shown_value(record.value, record.kind, record.unit, record.text)
        if text not in shown:
            shown.append(text)
    figure = " vs ".join(shown)
    if first.kind == "ordinal" and noun and all(t.endswith(f"-{noun.lower()}") for t in shown):
        noun = ""  # "a fourth-year pro": the compound says the thing, no "fourth-year year"
    if first.kind in ("count", "ordinal"):
        return " ".join(part for part in (figure, noun, event) if part)
    if first.rate:
        figure = f"{figure} {first.rate}"
    if first.unit == "magnitude" and noun:
        return f"{figure} {noun}"  # "magnitude 6.1 earthquake", as a person says it
    if noun:
        return f"{figure} · {noun}" + (f" {event}" if event else "")
    return figure


def _group(kind: str, members: list[MentionRecord], values: list[MentionRecord]) -> FigureGroup:
    members.sort(key=lambda r: (r.date, r.id))
    representative = values[0]
    if kind == "same":
        bucket = same_bucket(
            representative.kind, representative.unit, representative.rate, representative.value
        )
    else:
        bucket = conflict_bucket(
            representative.kind, representative.unit, representative.rate, representative.noun
        )
    return FigureGroup(
        bucket=bucket,
        kind=kind,
        label=_label(values, members),
        value=representative.value,
        unit=representative.unit,
        noun=representative.noun,
        mention_ids=tuple(r.id for r in members),
        articles=len({r.article_id for r in members}),
        feeds=len({r.feed_id for r in members}),
        first_date=members[0].date,
        last_date=members[-1].date,
    )


# Bucket names join their parts with the unit separator, which cleaned feed text never holds.
_SEPARATOR = "\x1f"


def same_bucket(kind: str, unit: str, rate: str, value: float) -> str:
    """The bucket same-figure groups are built in: kind, unit, rate, value at 2 digits."""
    return _SEPARATOR.join(("same", kind, unit, rate, repr(round_significant(value, 2))))


def conflict_bucket(kind: str, unit: str, rate: str, noun: str) -> str:
    """The bucket conflicts are found in: one kind of thing, counted the same way."""
    return _SEPARATOR.join(("conflict", kind, unit, rate, noun))


def bucket_parts(bucket: str) -> tuple[str, str, str, str, str]:
    """A bucket name's parts: 'same' or 'conflict', kind, unit, rate, then value or noun."""
    role, kind, unit, rate, last = bucket.split(_SEPARATOR, 4)
    return role, kind, unit, rate, last


def mention_buckets(
    kind: str, unit: str, rate: str, value: float | None, noun: str, event: str, vague: bool
) -> list[str]:
    """The buckets a mention takes part in (none for vague or valueless ones); only a
    mention of a counted thing and an event can take part in a conflict."""
    if vague or value is None or math.isnan(value):
        return []
    buckets = [same_bucket(kind, unit, rate, value)]
    if noun and event:
        buckets.append(conflict_bucket(kind, unit, rate, noun))
    return buckets


def value_range(rounded: float) -> tuple[float, float]:
    """Values that may round (at 2 digits) to ``rounded``, generously: for an index lookup."""
    if rounded == 0 or math.isinf(rounded):
        return rounded, rounded
    step = 10.0 ** (math.floor(math.log10(abs(rounded))) - 1)
    return rounded - 2 * step, rounded + 2 * step


def _usable(record: MentionRecord) -> bool:
    return record.value is not None and not math.isnan(record.value)


def value_key(record: MentionRecord) -> tuple[object, ...]:
    """The bucket of candidates for the same figure: kind, unit, rate and value at 2 digits."""
    if record.high is not None:
        value: object = (round_significant(record.low or 0, 2), round_significant(record.high, 2))
    else:
        value = round_significant(record.value, 2)
    return (record.kind, record.unit, record.rate, value)


def claim_key(record: MentionRecord) -> tuple[str, str, str, str, str, str]:
    """Mentions that may conflict: one quantity, the same event, both reported or both
    projected."""
    return (record.kind, record.unit, record.rate, record.noun, record.event, record.modality)


def _runs(
    records: Iterable[MentionRecord], key: Callable[[MentionRecord], object]
) -> Iterator[list[MentionRecord]]:
    """Consecutive records sharing a key (the input is ordered so that equal keys touch)."""
    run: list[MentionRecord] = []
    current: object = None
    for record in records:
        if not _usable(record):
            continue
        marker = key(record)
        if run and marker != current:
            yield run
            run = []
        current = marker
        run.append(record)
    if run:
        yield run


def same_figure_groups(ordered: Iterable[MentionRecord]) -> Iterator[FigureGroup]:
    """Same-figure groups from mentions ordered by kind, unit, rate and value.

    A group never crosses buckets, so one bucket in memory at a time is enough.
    """
    for run in _runs(ordered, lambda r: (*value_key(r)[:3], round_significant(r.value, 2))):
        buckets: dict[tuple[object, ...], list[MentionRecord]] = defaultdict(list)
        for record in run:
            buckets[value_key(record)].append(record)
        for bucket in buckets.values():
            if len({r.article_id for r in bucket}) < 2:
                continue
            for members in _same_figure_components(bucket):
                if len({r.article_id for r in members}) >= 2:
                    yield _group("same", members, [_most_reported(members)])


def _most_reported(members: Sequence[MentionRecord]) -> MentionRecord:
    """The value most of a group's mentions give, to name it by: 4,500 where 5,000 reports say
    4,500 and the first, by chance, said 4,455 (equal at two significant digits)."""
    counts = Counter((r.value, r.low, r.high) for r in members)
    most = max(counts.values())
    return next(r for r in members if counts[(r.value, r.low, r.high)] == most)


def _same_figure_components(bucket: list[MentionRecord]) -> list[list[MentionRecord]]:
    by_time = sorted(bucket, key=lambda r: r.timestamp)
    # Most pairs a bucket compares hold values that differ at the digits they were given
    # (4,512 and 4,537 share the bucket of 4,500): same_value's answer for single values, from
    # values and digits read once per bucket rather than at each of millions of comparisons.
    articles = [r.article_id for r in by_time]
    values = [r.value for r in by_time]
    digits = [_precision(r) for r in by_time]
    ranges = [r.high is not None for r in by_time]

    def linked(i: int, j: int) -> bool:
        if articles[i] == articles[j]:
            return False
        if ranges[i] or ranges[j]:
            equal = same_value(by_time[i], by_time[j])
        else:
            equal = _equal_at(values[i], values[j], min(digits[i], digits[j]))
        return equal and _same_story_in_bucket(by_time[i], by_time[j])

    parent = _link_neighbours(by_time, linked)
    return _components(bucket, by_time, parent)


def conflict_groups(ordered: Iterable[MentionRecord]) -> Iterator[FigureGroup]:
    """Conflicts from mentions ordered by claim_key: only mentions of the same counted thing
    and event, both reported or both projected, can conflict, so memory holds one such claim
    at a time (every "people injured" report, not every report of people)."""
    for run in _runs(ordered, claim_key):
        if run[0].noun and run[0].event:
            yield from _conflicts_in(run)


def _conflicts_in(bucket: list[MentionRecord]) -> Iterator[FigureGroup]:
    """Conflict groups among mentions of one thing, event and modality."""
    for members in _conflict_components(bucket):
        yield _conflict_group(members)


def _conflict_components(bucket: list[MentionRecord]) -> list[list[MentionRecord]]:
    if len({r.article_id for r in bucket}) < 2:
        return []
    by_time = sorted(bucket, key=lambda r: r.timestamp)
    spans = [interval(record) for record in by_time]

    def linked(i: int, j: int) -> bool:
        a, b = by_time[i], by_time[j]
        return a.article_id != b.article_id and _values_conflict(a, b, spans[i], spans[j])

    parent = _link_neighbours(by_time, linked)
    return _components(bucket, by_time, parent)


def _conflict_group(members: list[MentionRecord]) -> FigureGroup:
    distinct: dict[float, MentionRecord] = {}
    for record in sorted(members, key=lambda r: r.value):
        distinct.setdefault(round_significant(record.value, _precision(record)), record)
    return _group("conflict", members, list(distinct.values()))


def linked_components(role: str, ordered: Iterable[MentionRecord]) -> list[list[MentionRecord]]:
    """The mentions ``same_figure_groups`` (``role`` "same", mentions in its order) or
    ``conflict_groups`` ("conflict", in claim order) would link into one group, each in input
    order, before they are made groups (see ``component_group``)."""
    found: list[list[MentionRecord]] = []
    if role == "conflict":
        for run in _runs(ordered, claim_key):
            if run[0].noun and run[0].event:
                found.extend(_conflict_components(run))
        return found
    for run in _runs(ordered, lambda r: (*value_key(r)[:3], round_significant(r.value, 2))):
        buckets: dict[tuple[object, ...], list[MentionRecord]] = defaultdict(list)
        for record in run:
            buckets[value_key(record)].append(record)
        for bucket in buckets.values():
            if len({r.article_id for r in bucket}) >= 2:
                found.extend(_same_figure_components(bucket))
    return found


def component_group(role: str, members: list[MentionRecord]) -> FigureGroup | None:
    """The group of linked mentions (in the order grouping reads them: by value, then id, for
    "same"; by id for "conflict"), as ``same_figure_groups`` or ``conflict_groups`` makes it;
    None for mentions of fewer than two articles (no group)."""
    if len({r.article_id for r in members}) < 2:
        return None
    if role == "conflict":
        return _conflict_group(members)
    return _group("same", members, [_most_reported(members)])


def build_groups(records: Iterable[MentionRecord]) -> list[FigureGroup]:
    """Conflicts, then same-figure groups, of mentions held in memory (the library lists its
    cached groups in rank order from an index: store.figures)."""
    usable = [r for r in records if _usable(r)]
    by_value = sorted(usable, key=lambda r: (r.kind, r.unit, r.rate, r.value))
    by_quantity = sorted((r for r in usable if r.noun), key=claim_key)
    return [*conflict_groups(by_quantity), *same_figure_groups(by_value)]
