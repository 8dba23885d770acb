"""What an article says about its event, as a weighted bag of features for story similarity.

An article's headline and lead (its first few hundred words) name the event: who, where, what
happened and how many. This module turns them into one sparse vector of weighted features:

- words, weighted by how rare they are in the article's language (guessed from its headline
  and lead by ``reader.stories.language``, English by default; wordfreq's general frequency
  list of that language, so the weight of a word never depends on what else the library holds:
  an article's features are the same whenever it is assigned, which keeps incremental
  assignment equal to a rebuild);
- names: runs of capitalised words ("Mount Cook", "Warren Jeffs"), the people, places and
  bodies an event involves, weighted above single words (in German, which capitalises every
  noun, a capitalised word is a name only when it is rare in German);
- figures: numbers with the word that follows them ("6.1 magnitude", "24 killed") and years.

The headline counts more than the lead. English text reads ASCII words (as it always has);
other languages read words in any alphabet ("für", "notícias"). Everything here is plain
Python on strings; English word frequencies ship with the package (reader.stories.word_lists),
wordfreq is imported lazily, the first time a word of another language is weighed.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, repeat
from operator import itemgetter, mul

from reader.figures import lexicon as lx
from reader.stories import word_lists
from reader.stories.facts import facts_of
from reader.stories.language import DEFAULT_LANGUAGE, UNICODE_WORD, guess_language

#: How much of an article's text (after its headline) is its lead.
LEAD_CHARS = 1200
#: How much of an article's text is read for the names it holds.
NAME_CHARS = 2500
#: Extra weight of a feature seen in the headline.
HEADLINE_BOOST = 2.0
#: Weight multipliers of the three feature kinds.
NAME_WEIGHT = 1.6
FIGURE_WEIGHT = 1.0
#: The weight of a year the text names (the real-world time of its event).
YEAR_WEIGHT = 3.0
#: A word as common as this (Zipf scale, 'the' is 7.7) or more carries no weight.
COMMON_ZIPF = 6.0
#: The weight of a word wordfreq does not know (names, typos, rare terms); so weighs any word
#: of Zipf COMMON_ZIPF - UNKNOWN_WORD_WEIGHT (1.5) or less, where the shipped English list stops
#: (reader.stories.word_lists.ENGLISH_FLOOR_CB).
UNKNOWN_WORD_WEIGHT = 4.5
#: At most this many features (the heaviest) describe an article.
MAX_FEATURES = 60
#: At most this many of them are its keys, used to find candidate articles.
MAX_KEYS = 12
#: The lead's first sentence (its subjects) is read within this many characters.
FIRST_SENTENCE_CHARS = 300

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
_LOWER_WORD = re.compile(r"[a-z][a-z'’\-]*[a-z]|[a-z]")
_NAME_WORD = r"[A-Z][A-Za-z'’\-]*"
# The patterns scanned over whole texts open with a character class and check the boundary
# before it with a lookbehind after it ("[A-Z](?<!\w[A-Z])" is "\b[A-Z]"): a pattern opening
# with a boundary or a lookbehind is tried at every position, one opening with characters is
# skipped ahead to them (the same matches, in a third to half the time).
_NAME_RUN = re.compile(
    r"[A-Z](?<!\w[A-Z])[A-Za-z'’\-]*"
    rf"(?:\s+(?:(?:of|de|van|von|the|la|le|al|bin)\s+)*{_NAME_WORD})*"
)
_NUMBER_WORD = re.compile(r"(\d(?<![\w.,]\d)\d*(?:[.,]\d+)*)(?:\s+([A-Za-z][A-Za-z'’\-]*))?")
_YEAR = re.compile(r"(?:19|20)(?<!\w..)\d\d\b")
_SENTENCE_END = frozenset('.!?;:"“”()')
# A sentence's end: a full stop, question or exclamation mark before a space and a capital
# or a quote (a full stop after a single capital, an initial or "Dr", ends none).
_SENTENCE_STOP = re.compile(
    r"(?<![A-Z])(?<!\b(?:Dr|Mr|Ms|St))(?<!Mrs)[.!?]['\"’”]?\s+(?=[A-Z\"“‘'])"
)
_POSSESSIVE = re.compile(r"['’]s$")
_CONNECTORS = frozenset({"of", "de", "van", "von", "the", "la", "le", "al", "bin"})
# Other languages: any alphabet; a run of words, of which _names keeps the capitalised ones.
_UNICODE_NAME_WORD = r"[^\W\d_][\w'’\-]*"
_UNICODE_RUN = re.compile(rf"{_UNICODE_NAME_WORD}(?:\s+{_UNICODE_NAME_WORD})*")
_UNICODE_NUMBER_WORD = re.compile(r"(\d(?<![\w.,]\d)\d*(?:[.,]\d+)*)(?:\s+([^\W\d_][\w'’\-]*))?")
#: The small words inside names ("Bank der Zukunft", "Luiz Inácio Lula da Silva").
_CONNECTORS_BY_LANGUAGE = {
    "de": frozenset({"von", "van", "der", "den", "zu", "vom", "zum"}),
    "pt": frozenset({"de", "da", "do", "das", "dos"}),
    "es": frozenset({"de", "del", "la", "los", "las"}),
    "fr": frozenset({"de", "du", "des", "la", "le"}),
    "it": frozenset({"di", "da", "del", "della", "de"}),
    "nl": frozenset({"van", "de", "der", "den", "het"}),
}
#: Languages that capitalise every noun, where a capitalised word must also be rare to be a name.
_CAPITALISED_NOUNS = frozenset({"de"})
#: In those, a capitalised word is a name only when it weighs this much (Zipf below 4: "Polizei",
#: "Regierung", "Schuhe" are nouns; "Tigerentenclub", "Merton", "Scholz" are names).
_RARE_NOUN_WEIGHT = 2.0
# A capitalised month or weekday names no one: the months are the figure lexicon's own.
_MONTHS = frozenset(lx.MONTHS) | {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}


@dataclass(frozen=True)
class ArticleFeatures:
    """An article's two unit-length vectors and the keys that find its neighbours.

    ``weights`` holds the words, names and figures of its headline and lead; ``names`` the
    name words and years of its whole text (who and where, and when in the real world)."""

    weights: dict[str, float]
    names: dict[str, float]
    keys: tuple[str, ...]
    #: Every name word and year its text names (not only the heaviest, which ``names`` holds).
    mentions: frozenset[str] = frozenset()
    #: The headline's own words, names and figures (unit length): the headline names the
    #: event (who did what) more sharply than the lead, which also tells its background.
    headline: dict[str, float] = field(default_factory=dict)
    #: The weekdays and months its headline and lead name ("thu", "dec"): reports of one
    #: event tell the same day; a twin event happened on another.
    when: frozenset[str] = frozenset()
    #: The ages and magnitudes its headline and text state ("age 75": reader.stories.facts).
    facts: frozenset[str] = frozenset()
    #: The name words of its headline and its lead's first sentence (no years): who and where
    #: the report is about, as against the background its lead goes on to name.
    subjects: frozenset[str] = frozenset()


#: A capitalised weekday or month (English), which ``_when`` folds to its first three letters
#: (a whole word: ``_when`` checks the boundary before it, a third of the time of a pattern
#: opening with one).
_WHEN = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April"
    r"|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug"
    r"|Sept?|Oct|Nov|Dec)\b"
)
_WORD_CHARACTER = re.compile(r"\w")


def _when(text: str) -> frozenset[str]:
    """The weekdays and months an English text names, as their first three letters."""
    return frozenset(
        match.group()[:3].lower()
        for match in _WHEN.finditer(text)
        if not (match.start() and _WORD_CHARACTER.match(text, match.start() - 1))
    )


@lru_cache(maxsize=8)
def _frequencies(language: str = DEFAULT_LANGUAGE) -> dict[str, float]:
    """The language's word frequencies: English's shipped with the package, down to the rarity
    at which a word weighs as an unknown one (reader.stories.word_lists); others wordfreq's."""
    if language == DEFAULT_LANGUAGE:
        return word_lists.english_frequencies()
    from wordfreq import get_frequency_dict

    return get_frequency_dict(language, wordlist="best")


@lru_cache(maxsize=200_000)
def word_weight(word: str, language: str = DEFAULT_LANGUAGE) -> float:
    """How much a lower-case word says about an event: rarer in its language weighs more."""
    return weight_of_frequency(_frequencies(language).get(word, 0.0))


def weight_of_frequency(frequency: float) -> float:
    """The weight of a word of this frequency in its language (0: unknown)."""
    if frequency <= 0.0:
        return UNKNOWN_WORD_WEIGHT
    zipf = math.log10(frequency) + 9.0
    return max(0.0, min(UNKNOWN_WORD_WEIGHT, COMMON_ZIPF - zipf))


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """A light plural/possessive fold, enough for 'earthquakes'/'earthquake'."""
    word = _POSSESSIVE.sub("", word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def _token_class(token: str, language: str = DEFAULT_LANGUAGE) -> tuple[str, bool, bool]:
    """(lower case, whether it can be part of a name, whether it is common enough that
    opening a sentence says nothing: "The", "Police"). Cached: tokens repeat a lot."""
    lower = token.lower()
    if token[0].isdigit() or token in _SENTENCE_END:
        return lower, False, False
    capitalised = (token[0].isupper() and not token.isupper()) or (
        token.isupper() and len(token) <= 5
    )
    capitalised = capitalised and lower not in _MONTHS
    weight = word_weight(lower, language)
    if language in _CAPITALISED_NOUNS and not token.isupper():
        capitalised = capitalised and weight >= _RARE_NOUN_WEIGHT
    return lower, capitalised, weight < 2.5


def _names(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Runs of capitalised words ("Mount Cook", "Bank of England"), lower-cased; a run's
    first word at the start of a sentence only when it is rare ("The", "Police" are not)."""
    english = language == DEFAULT_LANGUAGE
    names: list[str] = []
    # The hottest loop of feature making. Each run of words is read on its own (what it names
    # depends only on its words, whether it opens a sentence, and the language), so English
    # runs, which repeat a lot ("The", "Police", "Mount Cook"), are read once and cached; a
    # word opens a sentence when the three characters before it, stripped, are none or end in
    # a sentence end.
    for match in (_NAME_RUN if english else _UNICODE_RUN).finditer(text):
        start = match.start()
        before = text[max(0, start - 3) : start].rstrip()
        opening = not before or before[-1] in _SENTENCE_END
        if english:
            names.extend(_english_run_names(match.group(), opening))
        else:
            _read_run(match.group(), opening, language, names)
    return names


@lru_cache(maxsize=200_000)
def _english_run_names(run_text: str, opening: bool) -> tuple[str, ...]:
    """The names one English run of capitalised words holds (``_read_run``), cached."""
    names: list[str] = []
    _read_run(run_text, opening, DEFAULT_LANGUAGE, names)
    return tuple(names)


def _read_run(run_text: str, opening: bool, language: str, names: list[str]) -> None:
    """Add the names one run of words holds to ``names``: its capitalised words and the
    connectors between them; a first word opening a sentence only when it is rare."""
    english = language == DEFAULT_LANGUAGE
    connectors = _CONNECTORS if english else _CONNECTORS_BY_LANGUAGE.get(language, _CONNECTORS)
    run: list[str] = []
    for word in run_text.split():
        form, lower, capitalised, common = _name_word(word, language)
        if capitalised and not (opening and common and not run):
            run.append(form)
        elif run and lower in connectors:
            run.append(lower)
        elif run:
            _close(run, names, connectors)
        opening = False
    if run:
        _close(run, names, connectors)


@lru_cache(maxsize=200_000)
def _name_word(token: str, language: str = DEFAULT_LANGUAGE) -> tuple[str, str, bool, bool]:
    """``_token_class`` of a token, led by the form a name keeps of it (lower case, without
    a possessive 's). Cached: tokens repeat a lot."""
    lower, capitalised, common = _token_class(token, language)
    return _POSSESSIVE.sub("", lower), lower, capitalised, common


def _close(run: list[str], names: list[str], connectors: frozenset[str] = _CONNECTORS) -> None:
    while run and run[-1] in connectors:
        run.pop()
    if run:
        names.append(" ".join(run))
    run.clear()


def _figures(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Numbers with the word after them; four-digit years alone."""
    figures: list[str] = []
    pattern = _NUMBER_WORD if language == DEFAULT_LANGUAGE else _UNICODE_NUMBER_WORD
    for number, following in pattern.findall(text):
        value = number.replace(",", "")
        if len(value) == 4 and value[:2] in ("19", "20") and value.isdigit():
            figures.append(f"year {value}")
        elif following:
            figures.append(f"{value} {_stem(following.lower())}")
    return figures


def _add(bag: dict[str, float], feature: str, weight: float, times: float) -> None:
    if weight > 0.0:
        bag[feature] = bag.get(feature, 0.0) + weight * times


def _bag(
    text: str,
    names: list[str],
    times: float,
    bag: dict[str, float],
    language: str = DEFAULT_LANGUAGE,
) -> None:
    # Plain dicts counted with get, not Counters: a Counter's missing key is a Python call.
    stems: dict[str, int] = {}
    english = language == DEFAULT_LANGUAGE
    # The English fold weighs the folded word; elsewhere the fold is cruder ("mais" is not
    # the plural of "mai"), so a stem weighs as its most common written form.
    stem_weights: dict[str, float] = {}
    for word, count in Counter(
        (_LOWER_WORD if english else UNICODE_WORD).findall(text.lower())
    ).items():
        stem = _stem(word)
        stems[stem] = stems.get(stem, 0) + count
        if not english:
            weight = word_weight(word, language)
            stem_weights[stem] = min(stem_weights.get(stem, weight), weight)
    log = math.log
    get = bag.get
    for word, count in stems.items():  # _add inlined: one call less per word
        feature, weight = _word_feature(word, language)
        if not english:
            weight = stem_weights[word]
        if weight > 0.0:
            bag[feature] = get(feature, 0.0) + weight * (times * (1.0 + log(count)))
    for name, count in Counter(names).items():
        feature, weight = _name_feature(name, language)
        _add(bag, feature, weight, times * (1.0 + log(count)))
    for figure, count in Counter(_figures(text, language)).items():
        # Interned: an article's features reach the assigning process pickled, and pickling
        # sends a string object met before as a reference (see _word_feature).
        _add(bag, sys.intern("f:" + figure), FIGURE_WEIGHT * 3.0, times * (1.0 + log(count)))


@lru_cache(maxsize=200_000)
def _word_feature(stem: str, language: str) -> tuple[str, float]:
    """A word's feature ("w:" and the stem) and its weight, cached: the same string object
    every time, which a batch of features sent to the assigning process pickles once (later
    uses are references) and which keeps its hash there."""
    return "w:" + stem, word_weight(stem, language)


@lru_cache(maxsize=200_000)
def _name_feature(name: str, language: str) -> tuple[str, float]:
    """A name's feature ("n:" and the name) and its weight: its rarest word's, a little more
    for each further word (cached, as ``_word_feature``)."""
    parts = name.split()
    weight = max(word_weight(p, language) for p in parts) + 0.5 * (len(parts) - 1)
    return "n:" + name, NAME_WEIGHT * weight


def lead_of(text: str) -> str:
    """The first LEAD_CHARS characters of the text, cut at a word boundary."""
    if len(text) <= LEAD_CHARS:
        return text
    cut = text.rfind(" ", 0, LEAD_CHARS)
    return text[: cut if cut > 0 else LEAD_CHARS]


def _unit(bag: dict[str, float], limit: int) -> dict[str, float]:
    # Heaviest first, equal weights in feature order: two stable sorts without a key function
    # (features are unique, so the first sorts by feature alone). Only the features at least
    # as heavy as the limit-th heaviest weight can be kept: they alone are sorted (those tied
    # with it all come along, so ties break as in a sort of every feature).
    items: Iterable[tuple[str, float]] = bag.items()
    if len(bag) > limit:
        floor = sorted(bag.values(), reverse=True)[limit - 1]
        items = [item for item in items if item[1] >= floor]
    heaviest = sorted(sorted(items), key=itemgetter(1), reverse=True)[:limit]
    weights = [w for _, w in heaviest]
    norm = math.sqrt(sum(map(mul, weights, weights))) or 1.0
    return {feature: round(w / norm, 4) for feature, w in heaviest}


def _name_words(
    names: list[str], text: str, connectors: frozenset[str] = _CONNECTORS
) -> dict[str, int]:
    """The words of the names, and the years the text names, each with its count (in the
    order first named)."""
    counts: dict[str, int] = {}
    get = counts.get
    for name in names:
        for word in _name_stems(name, connectors):
            counts[word] = get(word, 0) + 1
    for year in _YEAR.findall(text):
        word = sys.intern("year " + year)  # interned: see _word_feature
        counts[word] = get(word, 0) + 1
    return counts


@lru_cache(maxsize=200_000)
def _name_stems(name: str, connectors: frozenset[str]) -> tuple[str, ...]:
    """The folded words of a name but its connectors (cached: names repeat a lot)."""
    return tuple(_stem(part) for part in name.split() if part not in connectors)


def name_stems(name: str) -> tuple[str, ...]:
    """The words of an English name as an article's ``mentions`` and ``subjects`` hold them
    ("jamal williams" is ("jamal", "william"))."""
    return _name_stems(name, _CONNECTORS)


def first_sentence(lead: str) -> str:
    """The lead's first sentence, at most FIRST_SENTENCE_CHARS characters of it."""
    head = lead[:FIRST_SENTENCE_CHARS]
    stop = _SENTENCE_STOP.search(head)
    return head[: stop.start() + 1] if stop else head


def article_features(title: str, text: str) -> ArticleFeatures:
    """The features of one article from its headline and canonical text."""
    lead = lead_of(text)
    rest = text[len(lead) : NAME_CHARS]
    language = guess_language(title, lead)
    connectors = _CONNECTORS_BY_LANGUAGE.get(language, _CONNECTORS)
    title_names, lead_names = _names(title, language), _names(lead, language)
    headline_bag: dict[str, float] = {}
    _bag(title, title_names, 1.0, headline_bag, language)
    bag = {feature: HEADLINE_BOOST * weight for feature, weight in headline_bag.items()}
    _bag(lead, lead_names, 1.0, bag, language)
    weights = _unit(bag, MAX_FEATURES)
    name_bag: dict[str, float] = {}
    every_name = [*title_names, *lead_names, *_names(rest, language)]
    name_words = _name_words(every_name, f"{title}\n{lead}{rest}", connectors)
    for word, count in name_words.items():
        weight = YEAR_WEIGHT if word.startswith("year ") else word_weight(word, language)
        _add(name_bag, word, weight, 1.0 + math.log(count))
    names = _unit(name_bag, MAX_FEATURES)
    keys = tuple(islice((f for f in weights if not f.startswith("f:")), MAX_KEYS))
    headline = _unit(headline_bag, MAX_FEATURES)
    when = _when(f"{title}\n{lead}") if language == DEFAULT_LANGUAGE else frozenset()
    facts = facts_of(f"{title}\n{lead}{rest}") if language == DEFAULT_LANGUAGE else frozenset()
    subjects = frozenset(
        word
        for name in [*title_names, *_names(first_sentence(lead), language)]
        for word in _name_stems(name, connectors)
    )
    return ArticleFeatures(
        weights, names, keys, frozenset(name_words), headline, when, facts, subjects
    )


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit-length feature vectors."""
    if len(a) > len(b):
        a, b = b, a
    # map over the two views, not a generator: the hottest loop of assignment, same sum.
    total: float = sum(map(mul, a.values(), map(b.get, a.keys(), repeat(0.0))))
    return total


def headline_score(title: str, summed: dict[str, float]) -> float:
    """How representative a headline is of a story: the story's summed weight of the
    headline's words, divided by the square root of their number."""
    english = guess_language(title, "") == DEFAULT_LANGUAGE
    words = [_stem(w.lower()) for w in (_WORD if english else UNICODE_WORD).findall(title)]
    if not words:
        return 0.0
    return sum(summed.get("w:" + w, 0.0) for w in set(words)) / math.sqrt(len(words))


def features_of_batch(articles: list[tuple[str, str]]) -> list[ArticleFeatures]:
    """Features of many (headline, text) pairs: the unit of work a rebuild hands a process."""
    return [article_features(title, text) for title, text in articles]
