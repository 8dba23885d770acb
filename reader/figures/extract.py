"""Canonical text to figure mentions: the numbers an article reports, with what they count.

A mention records its span and sentence (offsets into the canonical text), its normalised value
(or low/high for a range), kind (count, money, percent, measure, duration), unit or currency,
rate ("per year"), the counted thing as a lemma (kindred words share one: workers, employees,
staff -> worker), what happened to it (evacuated, killed...), the qualifier and the bound it
implies (about -> approx, more than -> lower, up to -> upper), and whether it is reported or
projected. Years, dates, times of day, identifiers (A-320, COVID-19), phone numbers, link
references and "one" as a pronoun are not figures; vague amounts ("thousands") are kept as
vague mentions with no value. An ordinal that ranks a thing ("the fifth coach fired", "his 19th
season") is a mention of kind "ordinal" (its value the rank, its noun the thing ranked); one in
a name, a date or a part of a game ("Fifth Avenue", "June 20th", "the second half") is none.
A game or race clock ("with 7:42 left") is a duration in seconds; the time of day is none.

Pure Python over a token list per sentence: no model, no network; fast enough to run at import.
"""

from __future__ import annotations

import bisect
import functools
import math
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from reader.figures import cues, spans
from reader.figures import lexicon as lx
from reader.figures import ordinals as od
from reader.figures.kin import PERSON, kin_class
from reader.figures.records import new_mention
from reader.figures.records import replace_mention as replace
from reader.models import FigureMention

# Raised whenever extraction changes, so libraries extract their articles again (2: names,
# postcodes and house numbers are no longer counts; lakh and crore scale; ages; the word right
# before a figure is its verb; 3: context words keep the names near a figure; 4: earthquake
# magnitudes, fractions ('a third of households') and 'one in a hundred' as shares, 'put it at
# 250,000' counts nothing named, other languages' scales such as milhões and Milliarden;
# 5: judged on real news: noun phrases read whole whatever the capitalisation of their
# modifiers, scores and records as two counts, ages after names, hyphened compounds, names
# and model numbers and listings no counts, and a budget per article; 6: recall on real news
# by construction: ages in more forms, how often (three times, twice), spelt-out compounds, a
# number standing for its noun phrase takes the thing said before it, participles and adverbs
# before a plural head, people counted after "the", bracketed figures, won-lost-drawn records;
# 7: the number grammar beyond cardinals: ordinals as ranks ("the fifth coach fired"), game and
# race clocks as durations ("with 7:42 left"), durations in two units, mixed numbers as wire
# copy writes them ("4-1/2-month", "41/2 months"), "less than a month", "four or five times";
# 8: headlines: an article's title is read too (reader/figures/titles.py), with headline
# grammar (verbs in the present tense, no determiners, title case); 9: each mention's kin
# class (reader/figures/kin.py), "one" counted where said as a number, coordinated numbers
# sharing a unit or a head ("61 and 48 years old", "One Australian and one English climber"),
# spaced ages, possessives and collective nouns before or after a figure, megapixels; 10:
# what real reporters write (issue 20's story figures): heights in feet and inches, metres
# written onto a number, pounds of weight, "one in every 500", "half-a-dozen", "2, 000ft",
# "4½", a place adverb before the counted thing, "and one attempted murder charge", "since I
# was nine", a change "rose from 12 to 20" read as the level reached, numbered labels ("Day
# One") and "John 12 weeks ago" no names or units; 11: one unit of time written with "a" where
# the words around it make it a span ("a week after the attack", "for a year", "a half century
# ago"), "a half-hour show", "a pair of" things, a quoted modifier before the counted thing,
# "second time" without its article and a career's years ("a fourth-year pro"); "Million Dollar
# Mermaid" a name, not money; 12: a figure in a clause telling what has happened is reported
# though a clause before it planned ("proposed the rules and since has received 300,000"), and
# an ordinal's thing is read past a name before it ("the third Eastern Conference head coach");
# 13: versions listed after a name ("Windows XP, Vista, 7, 8", "IE8 and 9") no counts or ages,
# adverbs after a figure ("35 percent overall", "$3 million upfront") no counted thing;
# 14: a gun's calibre or bore (".357 Magnum", "a 9mm pistol", "a .45-caliber handgun", "a
# 12-gauge shotgun") no count or measure; 15: years written as a modifier ("a 2012 car crash"),
# emergency lines ("called 911") and decades in words ("nineteen seventies") no counts;
# 16: a number opened by its decimal point is below one (".5 percent", "$.99", ".75 inches"),
# and a count before a calibre or a gun's model counts the guns ("two .45-caliber pistols",
# "two AK-47 rifles"); 17: a possessive stands where a determiner would inside a phrase ("the
# number of people injured in Monday's fire was revised to 41" counts people, not fires);
# 18: a number hyphen-joined to a design noun ("a 64-bit version", "an eight-core chip")
# names a class of product, no count, and an ordinal before a contest's stage on its own
# ("in the fifth round", "the 12th lap") says when, no rank; 19: never a verb, an adverb or a
# letter as the counted thing ("$357m fell", "starts at $999", "$142 million domestically",
# "she ' s ... 357"), a calibre spaced from its point ("a. 357 Magnum"), "a 26-year troubled
# starlet" an age, a preposition in a verb's form ends what an ordinal ranks ("a second rehab
# center following her exit"); 20: the round, lap or stage something happened in is an
# ordinal again, with its clause's verb ("stopped in the fifth round"), a number whose thing a
# coordinated clause leaves out takes it from the count whose frame it repeats ("for 11
# seasons and ... for seven", "15 seasons, the first 11 with Philadelphia"), and a number
# bounding a person's age is an age ("the first physician under 40", "children under 12"),
# and "once" counts one time as "twice" counts two ("shot Ortiz once in the head"); 21: an
# age written in decades is told in years ("a three-decades-old record": 30), one below a year
# in its own unit ("a six-month-old baby": 6 months old, was 6 years old), and no predicate
# adjective, comparative, adverb, pronoun, contraction or verb after the thing's name is the
# counted thing ("100 percent ready", "2% higher than", "will soon hit", "you're", "a second
# test verifies that"), a possessive spaced from its s inside a partitive ("10 of the team ’ s
# first 17 points") and a box score's averages ("22.8 ppg": points per game).
EXTRACTOR_VERSION = 21

# A budget per article, counted in what is read rather than in time, so that every run gives
# the same figures: an article dense with numbers (a table of results pasted as text) is read up
# to here, and what lies past it is skipped and counted. A long real article holds a few hundred
# figures at most; at some 20-60 microseconds a mention, the budget bounds one article to a few
# milliseconds wherever it is parsed.
MAX_MENTIONS = 300
MAX_SCANNED_CHARACTERS = 40_000
# A "sentence" longer than this is no prose (a table or a list run together): it is read in
# pieces cut at a space, so that reading stops soon after the budget is spent.
MAX_SENTENCE_CHARACTERS = 2_000
# Past this no article reports a figure; it also keeps scaled values ("9e20 trillion") finite.
MAX_FIGURE = 1e21


class _Token(NamedTuple):
    """One word, number, symbol or punctuation mark of a sentence. A tuple, because sentences
    holding figures are tokenised by the thousand per second and tuples are cheap to build."""

    text: str
    lower: str
    start: int
    end: int
    kind: str  # "num", "word", "sym", "punct"


# Tokenising is a fifth of extraction, so the pattern is written for the regex engine (it
# splits every text exactly as "sym|num|word|punct" in that order does): words first, as most
# tokens are words and each alternative tried before the one that matches is a failed attempt
# at every token; a currency written with letters ("US$", "C$") is a symbol, not a word, so
# the word alternative steps aside for it (symbols share no character with words or digits);
# the opening lookahead turns away spaces (and "_", which starts no token) before any
# alternative is tried; and the word runs are possessive, as nothing after them gives back.
_TOKEN = re.compile(
    r"(?=[^\s_])(?:"
    r"(?P<word>(?!(?:US|HK|NZ|[CASR])\$)[^\W\d_]++(?:['’][^\W\d_]++)?+)"
    # "5-foot-11,220 pounds": a height's inches, then a weight, run together at a comma
    # ".5 percent", "$.99": a point opening a number is its decimal point, where no word,
    # digit or point is written before it (not "2010. 5 people", "3.2.1" or "...5")
    r"|(?P<num>\d+(?:(?<!foot-\d)(?<!foot-\d\d)(?<!feet-\d)(?<!feet-\d\d)[.,]\d+)*"
    r"|(?<![\w.])\.\d+)"
    r"|(?P<sym>(?:US|HK|NZ|[CASR])\$|[$€£¥₹₩₽₺₦₱₫%°~#+&/])"
    r"|(?P<punct>[^\s\w])"
    r")"
)
_DIGIT = re.compile(r"\d(?!\d*\])")  # a digit, but not a link reference like [3]
_DIGIT_RUN = re.compile(r"\d++(?!\])")  # the same, a run of digits at a time
_LOWER_WORD = re.compile(r"[a-z]+")
# Scales that close a number written in words ("two thousand", "half a million").
_LARGE_SCALES = frozenset(lx.SCALE_WORDS) - {"hundred"}
_NUMBER_CUES = (
    frozenset(lx.UNITS_WORDS)
    | frozenset(lx.TENS_WORDS)
    | frozenset(lx.SCALE_WORDS)
    | frozenset(lx.VAGUE_WORDS)
    | {"dozen", "couple", "handful", "several", "few"}
    | {"half", "twice", "once", *lx.FRACTIONS}
    | {scale + "s" for scale in lx.SCALE_WORDS}
    | (frozenset(od.ORDINAL_WORDS) - od.NOT_RANKS)
    | spans.SINGLE_SPAN_CUES
    | {"a pair"}
)
# Words that end with a full stop without ending a sentence ("Nov. 30", "Mr. Smith").
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "nos",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "gen",
    "gov",
    "sen",
    "rep",
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "approx",
    "est",
    "fig",
    "jr",
    "sr",
    "lt",
    "col",
    "capt",
    "sgt",
    "rev",
    "mt",
    "ft",
    "vol",
    "p",
    "pp",
    "c",
    "ca",
    "a.m",
    "p.m",
    "mln",
    "bn",
    "mn",
} | {month for month in lx.MONTHS if len(month) <= 4}
# Full stops (then closing quotes and space) or line breaks. Written to start with one character
# class, which lets the regex engine skip ahead to candidates: four times faster than the plain
# alternation "[.!?…]+[\"'”’)\]]*\s+|\n+", which it matches exactly.
_SENTENCE_END = re.compile(r"[.!?…\n](?:(?<=\n)\n*|[.!?…]*[\"'”’)\]]*\s+)")


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a full stop (or line break) found by _SENTENCE_END really ends a sentence.

    Decided from the word before and the character after alone, so sentences can be found
    around one position without splitting the whole text.
    """
    piece = match.group(0)
    if "\n" in piece:
        return True
    end = match.start()
    word = text[max(0, end - 6) : end].rsplit(None, 1)[-1:] or [""]
    last = word[0].lower().rstrip(".")
    following = text[match.end() : match.end() + 1]
    if last in _ABBREVIATIONS or (following and following.islower()):
        return False
    return not (len(last) == 1 and last.isalpha())  # initials: "J. Smith"


def _sentence_end(match: re.Match[str]) -> int:
    return match.start() + len(match.group(0).rstrip())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a canonical text: blocks and ends of sentences, abbreviations kept."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if not _ends_sentence(text, match):
            continue
        end = _sentence_end(match)
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _cue_positions(text: str, lowered: str) -> list[int]:
    """Where a digit run (not a link reference) or a number word starts, in text order."""
    return cues.cue_positions(text, lowered, _NUMBER_CUES)


def sentences_with_figures(text: str, lowered: str) -> list[tuple[int, int]]:
    """The spans split_sentences gives, but only of sentences holding a digit or a number
    word; found around those cues, so the figure-free bulk of an article costs little.
    ``lowered`` is ``text.lower()`` and must be as long as text."""
    cues = _cue_positions(text, lowered)
    if not cues:
        return []
    ends = list(_SENTENCE_END.finditer(text))
    starts = [match.start() for match in ends]
    verdicts: dict[int, bool] = {}

    def ends_at(index: int) -> bool:
        verdict = verdicts.get(index)
        if verdict is None:
            verdict = verdicts[index] = _ends_sentence(text, ends[index])
        return verdict

    spans: list[tuple[int, int]] = []
    for position in cues:
        if spans and position < spans[-1][1]:
            continue
        after = bisect.bisect_right(starts, position)
        before = after - 1
        while before >= 0 and not ends_at(before):
            before -= 1
        while after < len(ends) and not ends_at(after):
            after += 1
        start = ends[before].end() if before >= 0 else 0
        end = _sentence_end(ends[after]) if after < len(ends) else len(text.rstrip())
        spans.append((start, end))
    return spans


_LOWER = operator.itemgetter(1)  # a _Token's ``lower``, for map() over tokens
# Builds a _Token from one tuple without the call through the named tuple's own __new__ (a
# Python function): tokens are made by the hundred thousand per second.
_new_tuple = tuple.__new__


def _tokens(text: str, start: int, end: int, folded: str | None = None) -> list[_Token]:
    """Tokens of text[start:end]; ``folded`` is the text lowered with ’ as ', if at hand."""
    found: list[_Token] = []
    add = found.append
    # Every alternative of _TOKEN is a named group, so ``lastgroup`` always names the kind.
    if folded is None:
        for match in _TOKEN.finditer(text, start, end):
            first, last = match.span()
            value = match[0]
            lower = value.lower().replace("’", "'")
            add(_new_tuple(_Token, (value, lower, first, last, match.lastgroup)))
        return found
    for match in _TOKEN.finditer(text, start, end):
        first, last = match.span()
        add(_new_tuple(_Token, (match[0], folded[first:last], first, last, match.lastgroup)))
    return found


def _adjacent(a: _Token, b: _Token) -> bool:
    return a.end == b.start


# --- numbers -------------------------------------------------------------------------------


def _significant_digits(digits: str) -> int:
    digits = digits.replace(",", "").replace(" ", "")
    if "." in digits:
        return max(len(digits.replace(".", "").lstrip("0")), 1)
    stripped = digits.lstrip("0").rstrip("0")
    return max(len(stripped), 1)


def _parse_digits(raw: str) -> tuple[float, int] | None:
    """'4,500' -> 4500; '2.1' -> 2.1; '2,135.40' -> 2135.4; '1,5' -> 1.5; versions like
    '3.2.1' -> None."""
    if raw.count(".") > 1:
        return None
    if "," in raw:
        whole, point, fraction = raw.partition(".")  # "2,135.40": thousands, then decimals
        groups = whole.split(",")
        if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
            raw = whole.replace(",", "") + point + fraction
        elif len(groups) == 2 and not point and len(groups[1]) <= 2:
            raw = raw.replace(",", ".")  # a decimal comma
        else:
            return None
    try:
        value = float(raw)
    except ValueError:
        return None
    if not value < MAX_FIGURE:  # a 310-digit number is inf as a float: no figure, no crash
        return None
    return value, _significant_digits(raw)


def _word_number(tokens: list[_Token], i: int) -> tuple[float, int, int] | None:
    """A number written in words from token i: (value, next index, precision) or None."""
    if tokens[i].lower == "half":
        return _half_of(tokens, i)
    if (
        tokens[i].lower == "a"
        and i + 3 < len(tokens)
        and tokens[i + 1].lower == "pair"
        and tokens[i + 2].lower == "of"
        and tokens[i + 3].kind == "word"
        and not any(t.lower in lx.PAIR_NOUNS for t in tokens[i + 3 : i + 6])
    ):
        return 2.0, i + 2, 1  # "a pair of playoff appearances": two, counted after "of"
    total = 0.0
    current = 0.0
    j = i
    words = 0
    decimals = ""
    while j < len(tokens):
        token = tokens[j]
        word = token.lower
        following = tokens[j + 1].lower if j + 1 < len(tokens) else ""
        if word in lx.UNITS_WORDS and not decimals:
            current += lx.UNITS_WORDS[word]
        elif word in lx.TENS_WORDS:
            current += lx.TENS_WORDS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _LARGE_SCALES:
            total += (
                (current or 1) + (float("0." + decimals) if decimals else 0)
            ) * lx.SCALE_WORDS[word]
            current = 0
            decimals = ""
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "point" and words and following in lx.UNITS_WORDS:
            j += 1
            while (
                j < len(tokens)
                and tokens[j].lower in lx.UNITS_WORDS
                and lx.UNITS_WORDS[tokens[j].lower] < 10
            ):
                decimals += str(lx.UNITS_WORDS[tokens[j].lower])
                j += 1
            words += 1
            continue
        elif (
            (
                word in ("a", "an")
                and not words
                and following in ("hundred", "thousand", "million", "billion", "trillion", "dozen")
            )
            or (
                word == "and"
                and words
                and following in lx.UNITS_WORDS | lx.TENS_WORDS.keys()
                and tokens[j - 1].lower in ("hundred", "thousand", "million")
            )
            or (
                token.text == "-"
                and words
                and j + 1 < len(tokens)
                and _adjacent(tokens[j - 1], token)
                and _adjacent(token, tokens[j + 1])
                and tokens[j - 1].lower in lx.TENS_WORDS
                and following in lx.UNITS_WORDS
            )
        ):
            pass
        else:
            break
        if word not in ("a", "an", "and", "-"):
            words += 1
        j += 1
    if not words:
        return None
    if [t.lower for t in tokens[j : j + 3]] == ["and", "a", "half"] and not decimals:
        current += 0.5  # "two and a half hours"
        j += 3
    value = total + current + (float("0." + decimals) if decimals else 0)
    spoken = [t.lower for t in tokens[i:j]]
    if spoken in (["one"], ["a"], ["an"]) or (value == 0 and spoken != ["zero"]):
        return None
    text = f"{value:.10g}"
    return value, j, _significant_digits(text)


def _half_of(tokens: list[_Token], i: int) -> tuple[float, int, int] | None:
    """'half a million' (500,000), 'half a dozen' (6), 'half-a-dozen': token i is "half"."""
    if (
        i + 4 < len(tokens)
        and tokens[i + 1].text == tokens[i + 3].text == "-"
        and tokens[i + 2].lower == "a"
        and tokens[i + 4].lower == "dozen"
        and all(_adjacent(tokens[k], tokens[k + 1]) for k in range(i, i + 4))
    ):
        return 6.0, i + 5, 1  # "half-a-dozen versions"
    if (
        i + 2 < len(tokens)
        and tokens[i + 1].text == "-"
        and _adjacent(tokens[i], tokens[i + 1])
        and _adjacent(tokens[i + 1], tokens[i + 2])
        and lx.UNIT_WORDS.get(tokens[i + 2].lower, ("", ""))[0] == "duration"
        and not tokens[i + 2].lower.endswith("s")
    ):
        return 0.5, i + 1, 1  # "a half-hour show": the unit is read after the number
    if i + 2 >= len(tokens) or tokens[i + 1].lower not in ("a", "an"):
        return None
    scale = tokens[i + 2].lower
    if scale == "dozen":
        return 6.0, i + 3, 1
    if scale in _LARGE_SCALES:
        return lx.SCALE_WORDS[scale] / 2, i + 3, 1
    if scale in lx.UNIT_WORDS and not scale.endswith("s"):
        return 0.5, i + 2, 1  # "half an hour": the unit is read after the number
    return None


# --- the scanner ---------------------------------------------------------------------------


@dataclass
class _Core:
    """A number as read: its tokens [first, after), value and precision."""

    first: int
    after: int
    value: float
    precision: int
    scaled: bool = False


_VAGUE_STARTS = frozenset(lx.VAGUE_WORDS) | {phrase[0] for phrase in lx.VAGUE_PHRASES}
_NUMBER_WORD_STARTS = (
    frozenset(lx.UNITS_WORDS)
    | frozenset(lx.TENS_WORDS)
    | frozenset(lx.SCALE_WORDS)
    | {"a", "an", "dozen", "half"}
)


# Every word a vague amount or a number can start with (a currency sign is found from its number).
_FIGURE_STARTS = _VAGUE_STARTS | _NUMBER_WORD_STARTS
# Every word _scan_sentence does anything at: those, "twice" and the ordinals.
_MAY_START = _FIGURE_STARTS | {"twice", "once"} | frozenset(od.ORDINAL_WORDS)


def _read_core(tokens: list[_Token], i: int) -> _Core | None:
    token = tokens[i]
    if token.kind == "word" and token.lower not in _NUMBER_WORD_STARTS:
        return None
    if token.kind == "num":
        parsed = _parse_digits(token.text)
        if parsed is None:
            return None
        value, precision = parsed
        after = i + 1
        # "4 500": a thin-space or space thousands group.
        while (
            after < len(tokens)
            and tokens[after].kind == "num"
            and len(tokens[after].text) == 3
            and tokens[after].text.isdigit()
            and token.text.isdigit()
            and len(token.text) <= 3
            and tokens[after].start - tokens[after - 1].end == 1
            and not (after + 1 < len(tokens) and tokens[after + 1].kind == "num")
        ):
            value = value * 1000 + float(tokens[after].text)
            precision = _significant_digits(f"{value:.0f}")
            after += 1
        if after == i + 1 and _spaced_thousands(tokens, i):
            value = value * 1000 + float(tokens[i + 2].text)  # "fell 2, 000ft"
            precision = _significant_digits(f"{value:.0f}")
            after = i + 3
        fraction = _fraction_after(tokens, after) if token.text.isdigit() else None
        if fraction is not None:
            value += fraction[0]  # "2 1/2 years", "a 3 1/2-inch advantage"
            after += fraction[1]
        elif after == i + 1:
            glued = _glued_fraction(tokens, i)
            if glued is not None:
                value, after = glued  # "served 41/2 months": four and a half
                precision = _significant_digits(f"{value:g}")
            elif (
                after < len(tokens)
                and tokens[after].text in _VULGAR_FRACTIONS
                and _adjacent(token, tokens[after])
                and token.text.isdigit()
            ):
                value += _VULGAR_FRACTIONS[tokens[after].text]  # "served 4½ months"
                precision = _significant_digits(f"{value:g}")
                after += 1
        return _Core(i, after, value, precision)
    if token.kind == "word":
        words = _word_number(tokens, i)
        if words is None:
            return None
        value, after, precision = words
        return _Core(
            i,
            after,
            value,
            precision,
            scaled=any(t.lower in lx.SCALE_WORDS for t in tokens[i:after]),
        )
    return None


# Fractions written as one character after a whole number: "4½ months", "2¼ miles".
_VULGAR_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}


def _spaced_thousands(tokens: list[_Token], i: int) -> bool:
    """Whether the number at token i goes on past a comma and a space into a thousands group,
    as text tokenised word by word writes it ("2, 000ft", "fell 2, 000 feet"): a group no list
    of numbers holds (it opens with a zero) or one with its unit written onto it."""
    if i + 2 >= len(tokens):
        return False
    number, comma, group = tokens[i], tokens[i + 1], tokens[i + 2]
    if not (
        number.text.isdigit()
        and len(number.text) <= 3
        and comma.text == ","
        and _adjacent(number, comma)
        and group.start - comma.end == 1
        and group.kind == "num"
        and len(group.text) == 3
        and group.text.isdigit()
    ):
        return False
    unit = tokens[i + 3] if i + 3 < len(tokens) else None
    return group.text.startswith("0") or (
        unit is not None and unit.kind == "word" and _adjacent(group, unit)
    )


def _fraction_after(tokens: list[_Token], k: int) -> tuple[float, int] | None:
    """(value, tokens read) of a vulgar fraction written in digits from token k after a whole
    number: "2 1/2" (0.5), "4-1/2" as a hyphened modifier writes it; with spaces round the
    slash ("4 1 / 2 months") only before a unit. None if there is none."""
    if k + 2 >= len(tokens):
        return None
    start = k
    hyphened = tokens[k].text == "-" and _adjacent(tokens[k - 1], tokens[k])
    if hyphened:
        k += 1
        if k + 2 >= len(tokens) or not _adjacent(tokens[k - 1], tokens[k]):
            return None
    numerator, slash, denominator = tokens[k], tokens[k + 1], tokens[k + 2]
    if not (
        numerator.kind == "num"
        and slash.text == "/"
        and denominator.kind == "num"
        and numerator.text.isdigit()
        and denominator.text.isdigit()
        and (hyphened or numerator.start - tokens[k - 1].end == 1)
    ):
        return None
    if not (_adjacent(numerator, slash) and _adjacent(slash, denominator)) and not (
        _unit_follows(tokens, k + 3)
    ):
        return None
    top, bottom = int(numerator.text), int(denominator.text)
    if not 0 < top < bottom <= 16:
        return None
    following = tokens[k + 3] if k + 3 < len(tokens) else None
    if following is not None and following.text == "/" and _adjacent(denominator, following):
        return None  # "2 1/2/2009": a date
    return top / bottom, k + 3 - start


def _unit_follows(tokens: list[_Token], k: int) -> bool:
    """Whether a unit word stands at token k, or after a hyphen ("-month")."""
    if k < len(tokens) and tokens[k].text == "-":
        k += 1
    return k < len(tokens) and tokens[k].lower in lx.UNIT_WORDS


def _glued_fraction(tokens: list[_Token], i: int) -> tuple[float, int] | None:
    """(value, next index) of a mixed number whose whole and fraction lost the space between
    them, as wire copy turns "4½" into "41/2": read as such only before a unit ("41/2 months",
    "61/4 inches"), where 41 halves of a month would never be written."""
    digits = tokens[i].text
    if len(digits) < 2 or not digits.isdigit() or digits[-1] not in "13" or i + 2 >= len(tokens):
        return None
    slash, denominator = tokens[i + 1], tokens[i + 2]
    if slash.text != "/" or denominator.text not in ("2", "4"):
        return None
    top, bottom = int(digits[-1]), int(denominator.text)
    if top >= bottom or not _unit_follows(tokens, i + 3):
        return None
    return int(digits[:-1]) + top / bottom, i + 3


def _apply_scale(tokens: list[_Token], core: _Core) -> None:
    """'4.5k', '1.2 million', '€250m', 'US$3bn': multiply and extend the core."""
    if core.scaled or core.after >= len(tokens):
        return
    nxt = tokens[core.after]
    scale = lx.DIGIT_SCALES.get(nxt.lower)
    if scale is None or nxt.kind != "word":
        return
    attached = _adjacent(tokens[core.after - 1], nxt)
    if nxt.lower in lx.ATTACHED_ONLY_SCALES and not attached:
        return
    if (
        nxt.lower == "m"
        and attached
        and core.after + 1 < len(tokens)
        and tokens[core.after + 1].text == "/"
    ):
        return  # "100m/s"
    if nxt.lower == "m" and attached and _metres(tokens, core):
        return  # "fell about 600m": the unit, read after the number
    core.value *= scale
    core.after += 1
    core.scaled = True


# Words round an "m" written onto a number that make it metres, not millions: a fall or a
# climb before it ("fell 600m"), a distance or a height after it ("within 80m of their
# destination", "600m down a gully", "a 60m-high cliff").
_METRE_VERBS = frozenset(
    {"fell", "fallen", "falling", "falls", "fall", "plunged", "plunging", "plummeted",
     "climbed", "climbing", "slid", "sliding", "swam", "ran", "dived", "jumped", "walked"}
)  # fmt: skip
_METRE_AFTER = frozenset(
    {"of", "from", "away", "high", "deep", "long", "tall", "wide", "above", "below", "down",
     "up", "off", "short", "beneath", "underground", "underwater", "inland", "offshore"}
)  # fmt: skip


def _metres(tokens: list[_Token], core: _Core) -> bool:
    """Whether an "m" written onto a number is metres ("fell about 600m", "within 80m of
    their destination", "a 60m-high cliff") rather than millions ("£60m", "2m people",
    "profits of 5m"): no currency before it, and a fall or climb before it or a distance word
    after it."""
    if _currency_before(tokens, core.first) is not None:
        return False
    k = core.after + 1
    if k + 1 < len(tokens) and tokens[k].text == "-" and _adjacent(tokens[k - 1], tokens[k]):
        return tokens[k + 1].lower in _METRE_AFTER  # "a 60m-high cliff"
    if k < len(tokens) and tokens[k].lower in _METRE_AFTER:
        return tokens[k].lower != "of" or (
            k + 1 < len(tokens) and tokens[k + 1].lower in ("the", "their", "its", "his", "her")
        )
    before = core.first - 1
    while before >= 0 and tokens[before].lower in ("about", "around", "some", "nearly", "almost"):
        before -= 1
    return before >= 0 and tokens[before].lower in _METRE_VERBS


def _written_temperature(tokens: list[_Token], core: _Core) -> bool:
    """Whether the C or F written onto a number stands alone ("45C (113F)", "the 1.5C
    target"), not inside a name ("Flat 3F", "Grade 5C") or an encoded link ("%2F")."""
    before = tokens[core.first - 1] if core.first > 0 else None
    if before is not None and (
        _adjacent(before, tokens[core.first])
        or (
            before.kind == "word" and before.text[:1].isupper() and before.lower not in _DETERMINERS
        )
    ):
        return False
    letter = core.after
    following = tokens[letter + 1] if letter + 1 < len(tokens) else None
    return (
        following is None or not _adjacent(tokens[letter], following) or following.text in ".,;:)!?"
    )


# Units of time and words of percent: after a number, they make it a span or a share,
# whatever word before it would otherwise open a name ("building 10 minutes earlier").
_SPAN_UNITS = frozenset(
    word for word, (kind, _unit) in lx.UNIT_WORDS.items() if kind == "duration" and len(word) > 3
) | frozenset(lx.PERCENT_WORDS - {"pc"})


def _is_identifier(tokens: list[_Token], core: _Core) -> bool:
    first = tokens[core.first]
    if first.kind != "num":
        return False
    before = tokens[core.first - 1] if core.first > 0 else None
    if (
        _is_model_or_version(tokens, core)
        or _in_slashed_date(tokens, core)
        or _is_calibre(tokens, core)
    ):
        return True
    if (
        before is not None
        and before.text == "."
        and core.first > 1
        and tokens[core.first - 2].lower in ("no", "nos")
        and tokens[core.first - 2].text[:1].isupper()
    ):
        return True  # "No. 1 back", "the No. 5 seed": a rank
    if before is not None and _adjacent(before, first):
        if before.kind == "word":
            return True  # G7, MH17
        if (
            before.text in ("-", "/", ".", "#", ":")
            and core.first > 1
            and _adjacent(tokens[core.first - 2], before)
            and tokens[core.first - 2].kind in ("word", "num")
            and tokens[core.first - 2].lower != "magnitude"
        ):
            return True  # COVID-19, A-320, 24/7, 3.2.1 (but not magnitude-5.4)
        if before.text == "[":
            return True  # link reference [3]
    last = tokens[core.after - 1]
    if core.after < len(tokens):
        after = tokens[core.after]
        if _adjacent(last, after):
            if after.text in ("C", "F") and _written_temperature(tokens, core):
                return False  # 45C, the 1.5C target
            if (
                after.kind == "word"
                and len(after.text) == 1
                and after.text.isupper()
                and after.text not in ("K", "M", "B")
            ):
                return True  # 5G, 3D, 4X
            if (
                after.kind == "word"
                and after.lower not in lx.DIGIT_SCALES
                and after.lower not in lx.UNIT_WORDS
                and after.lower not in lx.PERCENT_WORDS
                and after.lower not in lx.CURRENCY_WORDS
            ):
                return True  # 3D, 66th, 1990s, 5G
            if (
                after.text == "-"
                and core.after + 1 < len(tokens)
                and _adjacent(after, tokens[core.after + 1])
                and tokens[core.after + 1].kind == "word"
                and (
                    tokens[core.after + 1].text[:1].isupper()
                    or len(tokens[core.after + 1].text) == 1
                )  # "7-Eleven", "3-D"; a lower-case word makes a compound ("a 13-play drive")
                and tokens[core.after + 1].lower not in lx.UNIT_WORDS
                and tokens[core.after + 1].lower not in lx.DIGIT_SCALES
                and tokens[core.after + 1].lower
                not in (
                    "year",
                    "old",
                    "strong",
                    "member",
                    "day",
                    "week",
                    "month",
                    "hour",
                    "mile",
                    "metre",
                    "meter",
                    "foot",
                    "storey",
                    "story",
                    "seat",
                    "bed",
                    "room",
                    "page",
                    "point",
                    "minute",
                    "man",
                    "person",
                )
            ):
                return True  # 7-Eleven, 3-D
            if after.text in (":", "]"):
                return True  # 10:30, [3]
    if before is not None:
        cue = before.lower.rstrip(".")
        if core.after < len(tokens) and tokens[core.after].lower in _SPAN_UNITS:
            return False  # "escorted from the building 10 minutes earlier": a span, no name
        if cue in lx.IDENTIFIER_CUES or before.lower in lx.IDENTIFIER_CUES:
            if cue in lx.IDENTIFIER_CUES_CAPITALISED_ONLY and not before.text[:1].isupper():
                return False
            return True
    return False


# Nouns that name a person by age or sex alone: no career or tenure is counted in years before
# them, so "a 15-year girl", "the 26-year troubled starlet" say an age with its "-old" left out
# (where "a 15-year veteran", "a 30-year FBI agent" count the years of a career).
_PERSON_BY_AGE = frozenset(
    {"man", "men", "woman", "women", "boy", "boys", "girl", "girls", "child", "children",
     "kid", "kids", "teen", "teens", "teenager", "teenagers", "youth", "youngster", "lady",
     "gentleman", "starlet", "baby", "toddler", "infant", "son", "daughter", "schoolgirl",
     "schoolboy"}
)  # fmt: skip


def _age_left_unsaid(tokens: list[_Token], first: int, quantity: _Quantity) -> bool:
    """Whether a number of years hyphen-joined as a modifier ("26-year") before a person named
    by age or sex (through a lower-case adjective or two) is that person's age."""
    j = quantity.after
    if quantity.unit != "year" or j < 2 or tokens[j - 2].text != "-" or first >= j - 2:
        return False
    for k in range(j, min(j + 3, len(tokens))):
        token = tokens[k]
        if token.kind != "word" or not token.text.islower():
            return False
        if token.lower in _PERSON_BY_AGE:
            return True
    return False


def _names_with_number(tokens: list[_Token], core: _Core) -> bool:
    """'38 Studios', '21st Century Fox', '3 Doors Down Records': digits opening a name that
    ends with a word companies and bands close their names with."""
    k = core.after
    if k >= len(tokens) or not tokens[k].text[:1].isupper() or not _bare_digits(tokens, core):
        return False
    while k < len(tokens) and k - core.after < 4:
        word = tokens[k]
        if word.kind != "word" or not word.text[:1].isupper():
            return False
        if word.lower in lx.NAME_CLOSERS:
            return True
        k += 1
    return False


# Words after a calibre that say it names a gun or its cartridge (".357 Magnum revolver", "a
# 9mm Beretta", "9-mm rounds").
_GUN_WORDS = frozenset(
    {
        "gun", "guns", "handgun", "handguns", "pistol", "pistols", "rifle", "rifles",
        "revolver", "revolvers", "shotgun", "shotguns", "weapon", "weapons", "firearm",
        "firearms", "bullet", "bullets", "round", "rounds", "shell", "shells", "casing",
        "casings", "cartridge", "cartridges", "ammunition", "ammo", "semi", "semiautomatic",
        "automatic", "magnum", "special", "acp", "auto", "luger", "glock", "beretta", "colt",
        "ruger", "smith", "sig", "taurus", "browning", "remington", "winchester", "carbine",
    }
)  # fmt: skip
_MILLIMETRES = frozenset({"mm", "millimeter", "millimetre"})
# The words a calibre or bore is written with after its number (".45-caliber", "12-gauge").
_CALIBRE_WORDS = frozenset({"caliber", "calibre", "gauge"}) | _MILLIMETRES


def _is_calibre(tokens: list[_Token], core: _Core) -> bool:
    """'.357 Magnum', 'a .45-caliber handgun', 'a 9mm pistol', 'a 12-gauge shotgun': a gun's
    calibre or bore names the gun or its cartridge; it counts or measures nothing reported.
    A number written with a point and no digit before it is a calibre when a gun word follows;
    millimetres are one before a gun word; "-caliber" and "-gauge" always are."""
    k, j = core.first, core.after
    if j < len(tokens) and tokens[j].text == "-":
        j += 1
    after = tokens[j].lower if j < len(tokens) else ""
    if after in ("caliber", "calibre", "gauge"):
        return True
    if after in _MILLIMETRES:
        j += 2 if j + 1 < len(tokens) and tokens[j + 1].text == "-" else 1
        return j < len(tokens) and tokens[j].lower in _GUN_WORDS
    # the tokeniser reads a point with nothing written before it as the number's own (".357");
    # copy tokenised word by word spaces it from its digits and joins it to the word before
    # ("with a. 357 Magnum")
    opened_by_point = tokens[k].text.startswith(".") or (
        k >= 1 and tokens[k - 1].text == "." and not _adjacent(tokens[k - 1], tokens[k])
    )
    return opened_by_point and after in _GUN_WORDS


def _is_design_spec(tokens: list[_Token], core: _Core) -> bool:
    """'a 64-bit version', '32-bit Windows', 'an eight-core chip', 'a six-cylinder engine': a
    number joined by a hyphen to a noun of a machine's design, as an attribute, names a class
    of product (like a calibre names a gun or a model number a device); it counts nothing a
    report gives, so it is no figure. Units of measure keep their measure ("a 17-inch MacBook"
    reports a size), and a plural ("256 bits long") is still read as an amount."""
    j = core.after
    if j + 1 >= len(tokens) or tokens[j].text != "-":
        return False  # the common case: no hyphen after the number
    noun = tokens[j + 1]
    return (
        _adjacent(tokens[j - 1], tokens[j])
        and _adjacent(tokens[j], noun)
        and noun.lower in lx.DESIGN_NOUNS
    )


def _arms_modifier_end(tokens: list[_Token], k: int) -> int:
    """Where a calibre or a model opening the phrase after a count ends, the counted thing
    following it ("two .45-caliber pistols", "three 9mm handguns", "two AK-47 rifles", "four
    F-16 jets"); k where none opens it. The calibre or model stays no figure of its own."""
    token = tokens[k]
    if token.kind == "num":
        core = _read_core(tokens, k)
        if core is None or not _is_calibre(tokens, core):
            return k
        j = core.after
        if j < len(tokens) and tokens[j].text == "-":
            j += 1
        if j < len(tokens) and tokens[j].lower in _CALIBRE_WORDS:
            j += 1
        return j if j < len(tokens) and tokens[j].kind == "word" else k
    if token.kind != "word" or not token.text[:1].isupper() or len(token.text) > 4:
        return k
    j = k + 1
    if j < len(tokens) and tokens[j].text == "-" and _adjacent(tokens[j - 1], tokens[j]):
        j += 1
    if not (
        j + 1 < len(tokens)
        and tokens[j].kind == "num"
        and tokens[j].text.isdigit()
        and _adjacent(tokens[j - 1], tokens[j])
        and tokens[j + 1].kind == "word"
        and not _adjacent(tokens[j], tokens[j + 1])
    ):
        return k
    return j + 1


def _is_model_or_version(tokens: list[_Token], core: _Core) -> bool:
    """'GeForce GT 650M', 'Nvidia GeForce 9400M', 'USB 2.0', '1080p': a number inside a
    product's name (a model letter written onto it, a version after the name) or a video
    format, not an amount."""
    first = tokens[core.first]
    after = tokens[core.first + 1] if core.first + 1 < len(tokens) else None
    attached = after is not None and _adjacent(first, after) and after.kind == "word"
    if not attached and not first.text.endswith(".0"):
        return False  # the common case: nothing written onto the number, no version
    before = tokens[core.first - 1] if core.first > 0 else None
    named = (
        before is not None
        and before.kind == "word"
        and before.text[:1].isupper()
        and before.lower not in _DETERMINERS
        and before.lower not in lx.MONTHS
        and before.lower not in lx.CURRENCY_PREFIXES
        and not _opens_sentence(tokens, core.first - 1)
    )
    if named and attached and after is not None and after.text in ("M", "K", "B"):
        return True  # a model letter: a name then "650M" (an amount would be "$650M")
    if named and first.text.endswith(".0") and first.text.count(".") == 1:
        return True  # a version: "USB 3.0", "EMET 4.0"
    return (
        attached
        and after is not None
        and after.lower == "p"
        and first.text.isdigit()
        and int(first.text) >= 100
    )  # "1080p", "720p": a video format (pence are written as pounds past a hundred)


def _in_slashed_date(tokens: list[_Token], core: _Core) -> bool:
    """'Posted 2 / 3 / 2009': a date written with slashes, spaced or not."""
    k = core.first
    if not (
        (k > 0 and tokens[k - 1].text == "/") or (k + 1 < len(tokens) and tokens[k + 1].text == "/")
    ):
        return False  # the common case: no slash beside the number
    numbers = [k]
    for step in (-2, 2):
        j = k + step
        while 0 <= j < len(tokens) and tokens[j].kind == "num":
            between = tokens[j - 1] if step > 0 else tokens[j + 1]
            if between.text != "/":
                break
            numbers.append(j)
            j += step
    return len(numbers) >= 3


def _bare_digits(tokens: list[_Token], core: _Core) -> bool:
    """A whole number written as digits alone: no separators, no decimals, no scale."""
    return (
        core.after == core.first + 1
        and tokens[core.first].kind == "num"
        and tokens[core.first].text.isdigit()
    )


def _is_name_number(tokens: list[_Token], core: _Core, start: int) -> bool:
    """'Dota 2', 'Fallout 3', 'California 94606', 'Boeing 737': a bare whole number right after
    a capitalised word is part of a name (a sequel, a model, a postcode), not a count of it.
    ``start`` is where the figure begins once a qualifier before it is taken in."""
    if start != core.first or core.first == 0:
        return False
    number = tokens[core.first]
    if number.kind == "word":
        # "Star Fox Zero", "Vinny 'Two Pens'": a capitalised number word inside a sentence;
        # but in a headline set in title case ("Hiller Kills Two In Kraft Shooting") every
        # word is capitalised
        return (
            number.text[:1].isupper()
            and not _opens_sentence(tokens, core.first)
            and not _in_title_case(tokens, core.first)
        )
    if not _bare_digits(tokens, core):
        return False
    before = tokens[core.first - 1]
    if before.kind != "word" or not before.text[:1].isupper():
        return False
    if _span_before_now(tokens, core.after):
        return False  # "returned with John 12 weeks ago": a span, whatever name precedes it
    word = before.lower.rstrip(".")
    if word.endswith(("'s", "’s")):
        # "Hansbrough's 20 points": whose figure it is, not a name; but "GiveWell's 2017 top
        # charities" names a year
        return len(number.text) == 4 and 1800 <= core.value <= 2100
    if (
        word in lx.NOT_NAMES_BEFORE_NUMBER
        or word in lx.MONTHS
        or word in lx.WEEKDAYS
        or word in _DETERMINERS
        or word in _PREPOSITIONS
    ):
        return False
    if not _opens_sentence(tokens, core.first - 1) and not _headline_case(tokens):
        return True  # "Left 4 Dead", "Red Dead 2": capitalised inside a sentence, a name
    # Opening a sentence, or in a headline set in title case, a capital says nothing: a verb
    # or a stop word before the number is no name ("Worker Kills 2 Women", "Dies At 91").
    return not (
        word in lx.NOUN_STOP
        or word in lx.LINK_VERBS
        or word in lx.MODAL_CUES
        or word in lx.REPORTING_VERBS
        or _is_event_word(word)
        or _present_event(word)
        or word in lx.EVENT_KIN
    )


def _list_item_before(tokens: list[_Token], k: int) -> int:
    """Where the list item ending before token k starts, read back over its separator (",",
    ", and", "or"); -1 where token k follows no separator."""
    j = k - 1
    if j >= 0 and tokens[j].lower in ("and", "or"):
        j -= 1
    if j >= 0 and tokens[j].text == ",":
        j -= 1
    elif j == k - 1:
        return -1
    if (
        j >= 1
        and tokens[j].kind == "num"
        and tokens[j - 1].kind == "word"
        and _adjacent(tokens[j - 1], tokens[j])
    ):
        return j - 1  # "IE6": a name written onto its number
    return j


def _in_list_of_names(tokens: list[_Token], core: _Core) -> bool:
    """'Windows XP, Vista, 7, 8, and 8.1', 'IE6, 7, 8, 9, 10, and 11': a bare number listed
    next to another bare number in a list that also holds a name (a capitalised word, or a
    name written onto its number) is one of the names, a version, not a count. "Brown, 36,
    and Wilson, 47" lists no two numbers side by side: ages."""
    first = tokens[core.first]
    if (
        first.kind != "num"
        or core.after != core.first + 1
        or not first.text.replace(".", "").isdigit()
    ):
        return False
    k = core.after
    after = tokens[k + 1] if k + 1 < len(tokens) and tokens[k].text == "," else None
    if after is not None and after.lower in ("and", "or") and k + 2 < len(tokens):
        after = tokens[k + 2]
    numbers_side_by_side = after is not None and after.kind == "num"
    item = _list_item_before(tokens, core.first)
    steps = 0
    while item >= 0 and steps < 8:
        token = tokens[item]
        glued = item + 1 < len(tokens) and tokens[item + 1].kind == "num"
        if token.kind == "num" or (glued and _adjacent(token, tokens[item + 1])):
            numbers_side_by_side = numbers_side_by_side or steps == 0
        if token.kind == "num":
            pass
        elif token.kind == "word" and token.text[:1].isupper():
            return numbers_side_by_side and not _opens_sentence(tokens, item)
        else:
            return False
        item = _list_item_before(tokens, item)
        steps += 1
    return False


def _span_before_now(tokens: list[_Token], k: int) -> bool:
    """Whether tokens k on are a plural unit of time and a word placing it ("weeks ago",
    "years later"): what no name with a number is followed by."""
    if k + 1 >= len(tokens):
        return False
    unit = lx.UNIT_WORDS.get(tokens[k].lower)
    return (
        unit is not None
        and unit[0] == "duration"
        and tokens[k].lower.endswith("s")
        and tokens[k + 1].lower in lx.NOT_RATE_AFTER
    )


def _in_title_case(tokens: list[_Token], k: int) -> bool:
    """Whether the words around token k are set in title case, as headlines are: most words of
    four letters or more, within a few tokens either side, capitalised (a fixed window, so the
    check costs the same in any sentence)."""
    words = [
        t
        for t in tokens[max(0, k - 6) : k + 7]
        if t.kind == "word" and len(t.text) >= 4 and t is not tokens[k]
    ]
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    return len(words) >= 3 and capitalised >= 0.75 * len(words)


#: Tokens in a sentence that may be a headline: longer ones are prose.
HEADLINE_TOKENS = 30


def _headline_case(tokens: list[_Token]) -> bool:
    """Whether a sentence is a headline set in title case or in capitals, where no capital
    marks a name: short (HEADLINE_TOKENS), and most of its words of four letters or more
    capitalised after the first, or a preposition capitalised inside it ("Earthquake Kills
    24 In Iran", "Dies At 91"), which sentence case never does. A whole sentence is judged,
    not a window: names listed together ("Left 4 Dead, Halo Wars and Red Dead 2") are no
    headline."""
    if len(tokens) > HEADLINE_TOKENS:
        return False
    words = [t for t in tokens[1:] if t.kind == "word" and len(t.text) >= 4]
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    if len(words) >= 2 and capitalised >= 0.75 * len(words):
        return True
    return any(
        t.kind == "word"
        and t.lower in _PREPOSITIONS
        and t.text[:1].isupper()
        and t.text[1:].islower()  # "US", "IN" in capitals: no telling
        and not _opens_sentence(tokens, i)
        for i, t in enumerate(tokens)
        if i > 0
    )


def _opens_sentence(tokens: list[_Token], k: int) -> bool:
    """Whether token k opens its sentence or a clause after a colon, dash, bracket or quote,
    where any word may be capitalised."""
    return k == 0 or (
        tokens[k - 1].kind in ("punct", "sym") and tokens[k - 1].text not in _NOT_OPENERS
    )


def _is_house_number(tokens: list[_Token], core: _Core) -> bool:
    """'4400 Albany Dr.', '10 Downing Street', 'the 12000 block of Joliet Avenue': a number
    before a street's name."""
    if not _bare_digits(tokens, core):
        return False
    k = core.after
    if [t.lower for t in tokens[k : k + 2]] == ["block", "of"]:
        return True
    names = 0
    while k < len(tokens) and names < 3 and tokens[k].kind == "word":
        word = tokens[k]
        if names and word.lower.rstrip(".") in lx.STREET_WORDS and word.text[:1].isupper():
            return True
        if not word.text[:1].isupper():
            return False
        names += 1
        k += 1
    return (
        names > 0
        and k < len(tokens)
        and tokens[k].kind == "word"
        and tokens[k].text[:1].isupper()
        and tokens[k].lower.rstrip(".") in lx.STREET_WORDS
    )


def _is_time_or_date(tokens: list[_Token], core: _Core) -> bool:
    before = tokens[core.first - 1] if core.first > 0 else None
    after = tokens[core.after] if core.after < len(tokens) else None
    if after is not None and after.lower.rstrip(".") in lx.TIME_WORDS:
        return True
    if (
        after is not None
        and after.lower in ("a", "p")
        and [t.lower for t in tokens[core.after + 1 : core.after + 3]] == [".", "m"]
    ):
        return True  # "4 p.m.", "9 a. m.": the tokens split at the full stops
    if (
        after is not None
        and after.text == "."
        and core.after + 1 < len(tokens)
        and tokens[core.after + 1].lower in ("m", "m.")
        and tokens[core.after - 1].kind == "num"
    ):
        return True
    if tokens[core.first].kind != "num" or core.value != int(core.value) or core.value > 31:
        return False

    def is_month(token: _Token | None) -> bool:
        if token is None or token.kind != "word":
            return False
        word = token.lower.rstrip(".")
        if word not in lx.MONTHS:
            return False
        return word not in lx.AMBIGUOUS_MONTHS or token.text[:1].isupper()

    if is_month(before):
        return True
    if (
        before is not None
        and before.text == "."
        and core.first > 1
        and is_month(tokens[core.first - 2])
    ):
        return True
    if is_month(after):
        return True
    return (
        after is not None
        and after.lower == "of"
        and core.after + 1 < len(tokens)
        and is_month(tokens[core.after + 1])
    )


def _is_year(tokens: list[_Token], core: _Core, has_unit: bool, has_noun: bool) -> bool:
    first = tokens[core.first]
    if first.kind != "num" or not first.text.isdigit() or len(first.text) != 4:
        return False
    if not 1000 <= core.value <= 2200 or has_unit or core.scaled:
        return False
    before = tokens[core.first - 1].lower if core.first > 0 else ""
    if before in lx.YEAR_CUES or before in lx.MONTHS or before in ("'", ","):
        return True
    after = tokens[core.after] if core.after < len(tokens) else None
    if (
        after is not None
        and after.kind == "word"
        and after.text[:1].isupper()
        and 1800 <= core.value <= 2100
    ):
        # "host 2014 Oscars", "2013 MVC Tournament results": a year naming an event (headlines
        # drop the "the" that marks it in prose); a count this large before a name is written
        # with a separator ("1,900 Marines")
        return True
    if (
        after is not None
        and after.kind == "word"
        and after.text.islower()
        and not after.lower.endswith("s")
        and before in _YEAR_DETERMINERS
        and 1800 <= core.value <= 2100
    ):
        return True  # "a 2012 car crash case", "the 2005 murder": a year saying which one
    return not has_noun


#: Words before a year written as a modifier ("a 2012 car crash", "her 2005 arrest"): a count
#: this large after them takes a plural ("the 2,000 workers").
_YEAR_DETERMINERS = frozenset({"a", "an", "the", "her", "his", "its", "their", "this", "that"})
#: Emergency lines, and words next to them that make the number a line, not a count ("called
#: 911", "911 calls", "a 911 dispatcher").
_EMERGENCY_LINES = frozenset({"911", "999", "112"})
_CALLING = frozenset(
    {"call", "called", "calls", "calling", "dial", "dialed", "dialled", "dialing", "dialling",
     "phoned", "rang", "ring", "to"}
)  # fmt: skip
_LINE_WORDS = frozenset(
    {"call", "calls", "caller", "callers", "dispatcher", "dispatchers", "operator", "operators",
     "center", "centre", "centers", "centres", "system", "supervisor", "tape", "tapes",
     "recording", "recordings", "line", "lines", "emergency", "services", "service"}
)  # fmt: skip
#: Decades written in words ("the early nineteen seventies"): the century before one is no count.
_DECADE_WORDS = frozenset(
    {"twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"}
)
_CENTURY_WORDS = frozenset({"eighteen", "nineteen", "twenty"})


def _names_a_number(tokens: list[_Token], core: _Core) -> bool:
    """Whether a number is a name, not a quantity: an emergency line ("a witness called 911",
    "911 calls", "a 911 dispatcher"), or the century of a decade written in words ("the early
    nineteen seventies")."""
    first = tokens[core.first]
    before = tokens[core.first - 1].lower if core.first > 0 else ""
    after = tokens[core.after].lower if core.after < len(tokens) else ""
    if first.text in _EMERGENCY_LINES and core.after == core.first + 1:
        return before in _CALLING or after in _LINE_WORDS
    return first.lower in _CENTURY_WORDS and after in _DECADE_WORDS


def _is_phone(tokens: list[_Token], core: _Core) -> bool:
    first = tokens[core.first]
    if first.kind != "num":
        return False
    before = tokens[core.first - 1] if core.first > 0 else None
    if before is not None and (before.lower in lx.PHONE_CUES or before.text == "+"):
        return True
    if before is not None and before.text == "(" and _area_code(tokens, core):
        return True  # "(555) 123-4567", "(020) 7946 0000"
    if (
        core.first > 1
        and before is not None
        and before.lower in ("on", "at", "number")
        and tokens[core.first - 2].lower in lx.PHONE_CUES
    ):
        return True
    if len(first.text) >= 2 and first.text.startswith("0") and first.text.isdigit():
        return True  # 0800, 020: numbers with a leading zero are codes, not quantities
    after = tokens[core.after] if core.after < len(tokens) else None
    if (
        after is not None
        and after.text in ("-", ".", ")")
        and _adjacent(first, after)
        and core.after + 1 < len(tokens)
    ):
        nxt = tokens[core.after + 1]
        if (
            nxt.kind == "num"
            and _adjacent(after, nxt)
            and len(nxt.text) >= 3
            and len(first.text) >= 3
        ):
            return True
    if (
        before is not None
        and before.text in ("-", ")")
        and _adjacent(before, first)
        and core.first > 1
        and tokens[core.first - 2].kind == "num"
        and len(tokens[core.first - 2].text) >= 3
        and len(first.text) >= 3
    ):
        return True
    return False


def _area_code(tokens: list[_Token], core: _Core) -> bool:
    """Whether the number opened by a bracket is a phone number's area code: its bracket
    closes right after it and more digits follow; "(90 km)", "(51 KO)" are figures."""
    close = core.after
    return (
        close + 1 < len(tokens)
        and tokens[close].text == ")"
        and tokens[close + 1].kind == "num"
        and len(tokens[core.first].text) >= 3
    )


def _is_list_marker(tokens: list[_Token], core: _Core) -> bool:
    if core.first != 0 or tokens[0].kind != "num" or core.after >= len(tokens):
        return False
    return tokens[core.after].text in (".", ")") and _adjacent(tokens[0], tokens[core.after])


@dataclass
class _Quantity:
    kind: str = "count"
    unit: str = ""
    after: int = 0
    compound: int = -1  # the word of "a 13-play drive": what the number counts, if written so
    times: bool = False  # "hosted it five times": how often, a count with no thing named
    value: float | None = None  # the number as its unit rewrote it: "6-foot-9" is 81 inches


# An age written with a unit of time ("a 30-year-old mark", "a six-month-old baby") is told in
# years from a year up ("a two-decade-old law" is 20 years old), in its own unit below one
# ("six months old": no fraction of a year a reporter wrote).
_AGE_UNITS = {"year": "years old", "decade": "years old", "century": "years old"}
_YEARS_PER_AGE_UNIT = {"decade": 10.0, "century": 100.0}


def _inches_after(tokens: list[_Token], k: int) -> tuple[float, int] | None:
    """(inches, next index) of the inches written after a number of feet from token k: a
    height "6-foot-9", "5-feet-8 inches", "6 feet 9 inches", "6ft 9in"; None if none follow."""
    hyphened = (
        k + 1 < len(tokens)
        and tokens[k].text == "-"
        and _adjacent(tokens[k - 1], tokens[k])
        and _adjacent(tokens[k], tokens[k + 1])
    )
    at = k + 1 if hyphened else k
    if at >= len(tokens) or tokens[at].kind != "num" or not tokens[at].text.isdigit():
        return None
    inches = int(tokens[at].text)
    if inches >= 12:
        return None  # "5-foot-8,135 pounds" reads "8,135": no inches
    unit = tokens[at + 1] if at + 1 < len(tokens) else None
    if (
        unit is not None
        and unit.lower in ("inch", "inches", "in")
        and (unit.lower != "in" or _adjacent(tokens[at], unit))
    ):
        return float(inches), at + 2
    if hyphened and not (unit is not None and unit.kind == "word" and _adjacent(tokens[at], unit)):
        return float(inches), at + 1
    return None


def _in_inches(tokens: list[_Token], core: _Core, quantity: _Quantity) -> None:
    """A height in feet and inches ("the 6-foot-9 senior") read whole, as inches."""
    if quantity.unit != "ft" or core.value != int(core.value):
        return
    inches = _inches_after(tokens, quantity.after)
    if inches is not None:
        quantity.value = core.value * 12 + inches[0]
        quantity.unit, quantity.after = "in", inches[1]


def _currency_before(tokens: list[_Token], i: int) -> tuple[str, int] | None:
    """A currency written before the number (token index i): (code, index of its token)."""
    if i == 0:
        return None
    before = tokens[i - 1]
    code = lx.CURRENCY_PREFIXES.get(before.lower)
    if code is None:
        return None
    if (
        before.kind == "word"
        and before.text.upper() != before.text
        and before.lower not in lx.CURRENCY_MIXED_CASE
    ):
        return None  # "eur" as a word only counts in capitals (EUR 250)
    return code, i - 1


def _quantity_after(tokens: list[_Token], core: _Core, currency: str | None) -> _Quantity:
    """What kind of quantity follows the number: percent, currency word, unit, or a count."""
    j = core.after
    quantity = _Quantity(after=j)
    if currency:
        quantity.kind, quantity.unit = "money", currency
    if j >= len(tokens):
        return quantity
    token = tokens[j]
    attached = _adjacent(tokens[j - 1], token)
    if (
        token.text == "-"
        and attached
        and j + 2 < len(tokens)
        and tokens[j + 1].lower == "plus"
        and _adjacent(token, tokens[j + 1])
    ):
        # "three-plus seasons", "six-plus rounds": what follows the plus is what is counted
        j += 2
        token, attached, quantity.after = tokens[j], False, j
    if token.text == "%" or token.lower in lx.PERCENT_WORDS:
        quantity.kind, quantity.unit, quantity.after = "percent", "%", j + 1
        return quantity
    if token.lower == "per" and j + 1 < len(tokens) and tokens[j + 1].lower == "cent":
        quantity.kind, quantity.unit, quantity.after = "percent", "%", j + 2
        return quantity
    if (
        token.lower == "percentage"
        and j + 1 < len(tokens)
        and tokens[j + 1].lower.startswith("point")
    ):
        quantity.kind, quantity.unit, quantity.after = "percent", "pp", j + 2
        return quantity
    if (
        token.lower in ("basis",)
        and j + 1 < len(tokens)
        and tokens[j + 1].lower.startswith("point")
    ):
        quantity.kind, quantity.unit, quantity.after = "percent", "bp", j + 2
        return quantity
    if token.text == "″" and attached:
        quantity.kind, quantity.unit, quantity.after = "measure", "in", j + 1
        return quantity  # "a 3.1″ display": the double prime is inches
    if token.lower in ("pound", "pounds") and not currency and _weighed(tokens, core.first):
        quantity.kind, quantity.unit, quantity.after = "measure", "lb", j + 1
        return quantity  # "weighing 130 pounds", "5-foot-8, 135 pounds": a weight
    if not currency and token.lower in lx.CURRENCY_WORDS and token.kind == "word":
        code = lx.CURRENCY_WORDS[token.lower]
        if token.lower in ("p", "won", "real", "rand") and not attached and token.lower != "won":
            return quantity
        if token.lower == "won" and not core.scaled:
            return quantity  # "won 3" is a verb
        quantity.kind, quantity.unit, quantity.after = "money", code, j + 1
        return quantity
    if token.text in ("C", "F") and attached and not core.scaled:
        # "45C (113F)", "the 1.5C target": a capital C or F written onto the number
        quantity.kind, quantity.unit, quantity.after = "measure", "°" + token.text, j + 1
        return quantity
    if token.text == "°" and attached and j + 1 < len(tokens) and tokens[j + 1].lower in ("c", "f"):
        quantity.kind, quantity.unit, quantity.after = (
            "measure",
            "°" + tokens[j + 1].text.upper(),
            j + 2,
        )
        return quantity
    if currency:
        return quantity
    shared = _unit_of_coordinated(tokens, core, j)
    if shared is not None:
        quantity.kind, quantity.unit = shared  # "61 and 48 years old", "8- and 10-year-old"
        return quantity
    hyphened = (
        token.text in ("-", "–")
        and attached
        and j + 1 < len(tokens)
        and _adjacent(token, tokens[j + 1])
        and tokens[j + 1].kind == "word"
    )
    if hyphened and tokens[j + 1].lower == "pound" and tokens[core.first].kind == "num":
        quantity.kind, quantity.unit, quantity.after = "measure", "lb", j + 2
        return quantity  # "the 220-pound lineman": a weight
    if (
        hyphened
        and tokens[j + 1].lower == "square"
        and j + 3 < len(tokens)
        and tokens[j + 2].text == "-"
        and tokens[j + 3].lower in lx.UNIT_WORDS
    ):  # "a 170,000-square-foot building"
        quantity.kind, quantity.after = "measure", j + 4
        quantity.unit = "sq " + lx.UNIT_WORDS[tokens[j + 3].lower][1]
        return quantity
    aged = (
        j + 3 < len(tokens) and tokens[j + 2].text == "-" and tokens[j + 3].lower == "old"
    )  # "a six-month-old baby", "UNC's three-decades-old record"
    if (
        hyphened
        and tokens[j + 1].lower in lx.UNIT_WORDS
        and (not _plural_unit(tokens[j + 1].lower) or tokens[core.first].kind == "num" or aged)
    ):  # "a 10-day trip"; "returned it 35-yards" in digits, but "IE zero-days" a noun
        kind, name = lx.UNIT_WORDS[tokens[j + 1].lower]
        after = j + 2
        if aged and kind == "duration":
            kind, name, after = "measure", _AGE_UNITS.get(name, f"{name}s old"), after + 2
            # an age in decades or centuries is told in years ("a two-decade-old law": 20)
            quantity.value = core.value * _YEARS_PER_AGE_UNIT.get(
                lx.UNIT_WORDS[tokens[j + 1].lower][1], 1
            )
        quantity.kind, quantity.unit, quantity.after = kind, name, after
        _in_inches(tokens, core, quantity)
        return quantity
    if (
        hyphened
        and tokens[j + 1].text[:1].islower()
        and (tokens[core.first].kind == "num" or tokens[j + 1].lower not in lx.KIND_COMPOUNDS)
        and (_names_a_thing(tokens[j + 1]) or tokens[j + 1].lower == "time")
        and tokens[j + 1].lower not in _PREPOSITIONS
    ):
        # "a 13-play drive", "a three-game losing streak", "a four-time all-star": a compound
        # whose word is what is counted. Some, spelt out, name a kind ("a three-point play",
        # "the six-seed").
        quantity.compound, quantity.after = j + 1, j + 2
        return quantity
    unit = lx.UNIT_WORDS.get(token.lower)
    compounded = (
        j + 2 < len(tokens)
        and tokens[j + 1].text == "-"
        and _adjacent(token, tokens[j + 1])
        and _adjacent(tokens[j + 1], tokens[j + 2])
    )
    if unit is not None and compounded and tokens[j + 2].lower == "old":
        # "16 year-old": an age written with a space
        quantity.kind, quantity.unit, quantity.after = "measure", "years old", j + 3
        return quantity
    if unit is not None and compounded:
        return quantity  # "the 2006 second-overall pick": the word opens a compound of its own
    if unit is not None and _labels_a_part(tokens, j):
        return quantity  # "E3 2011 Day One": the word names a part of what the number names
    if unit is not None and (attached or token.lower not in lx.ATTACHED_ONLY_UNITS):
        kind, name = unit
        after = j + 1
        if name == "sq" and after < len(tokens) and tokens[after].lower in lx.UNIT_WORDS:
            name = "sq " + lx.UNIT_WORDS[tokens[after].lower][1]
            after += 1
        elif token.lower in ("square",) and after < len(tokens):
            pass
        elif name == "year" and after < len(tokens) and tokens[after].lower == "old":
            kind, name, after = "measure", "years old", after + 1  # "who was 48 years old"
        elif (
            after + 1 < len(tokens)
            and tokens[after].text == "/"
            and _adjacent(token, tokens[after])
            and _adjacent(tokens[after], tokens[after + 1])
            and f"{token.lower}/{tokens[after + 1].lower}" in lx.UNIT_WORDS
        ):
            # "185 km/h": the tokens split at the slash
            kind, name = lx.UNIT_WORDS[f"{token.lower}/{tokens[after + 1].lower}"]
            after += 2
        quantity.kind, quantity.unit, quantity.after = kind, name, after
        _in_inches(tokens, core, quantity)
        return quantity
    if token.lower == "m" and attached and not core.scaled:
        quantity.kind, quantity.unit, quantity.after = "measure", "m", j + 1  # "fell 600m"
        return quantity
    if token.lower == "times" and not attached:
        quantity.times, quantity.after = True, j + 1  # "married three times"
        return quantity
    if token.lower == "square" and j + 1 < len(tokens) and tokens[j + 1].lower in lx.UNIT_WORDS:
        quantity.kind = "measure"
        quantity.unit = "sq " + lx.UNIT_WORDS[tokens[j + 1].lower][1]
        quantity.after = j + 2
    return quantity


# Words a few tokens before "N pounds" that make the pounds a weight: the verb weigh, or a
# person's height written just before ("5-foot-8, 135 pounds").
_WEIGHT_CUES = frozenset(
    {"weigh", "weighs", "weighed", "weighing", "weight", "foot", "feet", "ft", "inches", "tall"}
)


def _weighed(tokens: list[_Token], first: int) -> bool:
    """Whether pounds after the number at token ``first`` are a weight, not money."""
    return any(tokens[k].lower in _WEIGHT_CUES for k in range(max(0, first - 4), first))


def _labels_a_part(tokens: list[_Token], j: int) -> bool:
    """Whether the unit word at token j is capitalised and numbered, the label of a part of
    something ("Day One", "Week 3", "Day 2 of the trial"), not the unit of the number before
    it."""
    word = tokens[j]
    if not (word.text[:1].isupper() and word.text[1:].islower()) or j + 1 >= len(tokens):
        return False  # "2GB 1600MHz": a unit in capitals, written as units are
    if _adjacent(tokens[j - 1], word):
        return False  # "2Day": written onto its number, a unit
    label = tokens[j + 1]
    if label.kind == "num":
        return True
    after = tokens[j + 2] if j + 2 < len(tokens) else None
    return (
        label.text[:1].isupper()
        and (label.lower in lx.UNITS_WORDS or label.lower in od.ORDINAL_WORDS)
        and (after is None or not after.text[:1].islower())  # not "3 Days Two nights"
    )


def _unit_of_coordinated(tokens: list[_Token], core: _Core, j: int) -> tuple[str, str] | None:
    """'who were 61 and 48 years old', 'girls, 8- and 10-year-old': a number coordinated with
    a number of a unit (written alike, both digits or both words) shares that unit, as
    (kind, unit); None where no such number follows at token j."""
    k = j
    if k < len(tokens) and tokens[k].text in ("-", "–") and _adjacent(tokens[k - 1], tokens[k]):
        k += 1  # "8- and 10-year-old": the first number's hyphen waits for the shared unit
    if not (k + 1 < len(tokens) and tokens[k].lower in ("and", "or")):
        return None
    other = tokens[k + 1]
    if other.kind != tokens[core.first].kind or other.kind not in ("num", "word"):
        return None
    second = _read_core(tokens, k + 1)
    if second is None or second.after >= len(tokens):
        return None
    following = _quantity_after(tokens, second, None)
    if following.kind in ("count", "money", "percent") or following.compound >= 0:
        return None
    if following.after < len(tokens) and tokens[following.after].lower in lx.NOT_RATE_AFTER:
        return None  # "scored 20 and 10 minutes later": a span of its own
    return following.kind, following.unit


def _plural_unit(word: str) -> bool:
    """'days', 'feet', 'miles': a unit's plural, which a hyphened compound never takes ("a
    10-day trip"): "zero-days" is a noun of its own."""
    return word == "feet" or (word.endswith("s") and word[:-1] in lx.UNIT_WORDS)


def _range_after(tokens: list[_Token], core: _Core, between: bool) -> _Core | None:
    """The upper end of 'X to Y', 'X-Y', 'between X and Y', if there is one."""
    j = core.after
    if j + 1 >= len(tokens):
        return None
    joiner = tokens[j]
    if joiner.lower not in ("to", "-", "–", "—", "or") and not (between and joiner.lower == "and"):
        return None
    if joiner.lower == "to" and core.first > 0 and tokens[core.first - 1].lower == "by":
        return None  # "grew by 1.2 million to 68.3 million": a change, then a level
    if (
        joiner.text in ("-",)
        and not (_adjacent(tokens[j - 1], joiner) and _adjacent(joiner, tokens[j + 1]))
        and tokens[j + 1].kind != "num"
    ):
        return None
    k = j + 1
    if tokens[k].lower in lx.CURRENCY_PREFIXES and k + 1 < len(tokens):
        k += 1
    upper = _read_core(tokens, k)
    if upper is None:
        return None
    _apply_scale(tokens, upper)
    if tokens[core.first].kind != tokens[upper.first].kind:
        return None
    if joiner.lower == "or" and not core.value < upper.value <= 2 * core.value + 1:
        return None  # "four or five times" is a range; "3 or 30" two answers
    return upper


# Verbs of changing an amount, besides the rises and falls of lx.EVENT_KIN.
_CHANGE_VERBS = frozenset(
    {"increase", "increases", "increasing", "raise", "raises", "raised", "raising",
     "reduce", "reduces", "reduced", "reducing", "cut", "cuts", "cutting", "boost", "boosted",
     "expand", "expands", "expanded", "expanding", "lower", "lowered", "lowers", "revised"}
)  # fmt: skip


def _changed_from(tokens: list[_Token], first: int) -> bool:
    """Whether "from" before the number at token ``first`` follows a verb of change ("rose
    from", "increase parliament seats from"), within a few words."""
    if first < 2 or tokens[first - 1].lower != "from":
        return False
    for k in range(first - 2, max(-1, first - 8), -1):  # "raise the number of seats from"
        word = tokens[k].lower
        if lx.EVENT_KIN.get(word) in ("rose", "fell") or word in _CHANGE_VERBS:
            return True
        if tokens[k].kind != "word":
            return False
    return False


# Cached: a pure function of one word, asked for again and again (news repeats its nouns).
@functools.lru_cache(maxsize=16_384)
def _lemma(word: str) -> str:
    word = word.lower().strip("'’")
    if word.endswith("'s"):
        word = word[:-2]
    if word in lx.IRREGULAR_PLURALS:
        word = lx.IRREGULAR_PLURALS[word]
    elif word.endswith(("en", "le")) and _irregular_compound_plural(word) is not None:
        word = _irregular_compound_plural(word) or word
    elif len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return lx.KIN.get(word, word)


def noun_lemma(word: str) -> str:
    """A counted thing's word as mentions name it: singular, kin folded ("troops" -> the
    lemma soldiers share)."""
    return _lemma(word) if word else ""


def _is_event_word(word: str) -> bool:
    """A participle saying what happened: evacuated, killed, hurt, missing."""
    return word in lx.EVENT_WORDS_IRREGULAR or (len(word) > 4 and word.endswith("ed"))


def _event_lemma(word: str) -> str:
    return lx.EVENT_KIN.get(word, word)


def _is_plural(word: str) -> bool:
    if word in lx.IRREGULAR_PLURALS or word in lx.KIN:
        return True
    if len(word) > 2 and word.endswith("s"):
        return not word.endswith(("ss", "us", "is"))
    return _irregular_compound_plural(word) is not None


def _irregular_compound_plural(word: str) -> str | None:
    """The singular of a compound ending in an irregular plural ("grandchildren", "policemen",
    "townspeople", "gunmen"), else None; not "specimen", "abdomen", "omen"."""
    if word.endswith("children"):
        return word[:-3]
    if word.endswith("people") and len(word) > 6:
        return word[:-6] + "person"
    if word.endswith("women"):
        return word[:-3] + "an"
    if word.endswith("men") and len(word) > 4 and word[-4] not in "aiou":
        return word[:-3] + "man"
    return None


def _plural_abbreviation(word: str) -> bool:
    """'TDs', 'RBIs', 'KOs': an abbreviation in capitals made plural."""
    return len(word) >= 3 and word.endswith("s") and word[:-1].isupper() and word[:-1].isalpha()


# Quotation marks around a modifier ('two "horrific" nights'), straight or curly.
_QUOTE_MARKS = frozenset({'"', "'", "“", "”", "‘", "’"})


def _quoted_modifier_end(tokens: list[_Token], k: int) -> int:
    """Where a modifier in quotation marks at token k ends: one to three lower-case words
    between two marks, followed by a lower-case word (the noun it modifies, 'two "horrific"
    nights'); k where there is none (a quoted title or name, 'the show "Taradise"')."""
    if tokens[k].text not in _QUOTE_MARKS:
        return k
    close = k + 1
    while close < len(tokens) and close - k <= 4 and tokens[close].text not in _QUOTE_MARKS:
        if tokens[close].kind != "word" or not tokens[close].text.islower():
            return k
        close += 1
    if close == k + 1 or close >= len(tokens) - 1 or tokens[close].text not in _QUOTE_MARKS:
        return k
    noun = tokens[close + 1]
    if noun.kind != "word" or not noun.text.islower() or noun.lower in lx.NOUN_STOP:
        return k
    return close + 1


def _noun_after(
    tokens: list[_Token], j: int, plural_expected: bool = False
) -> tuple[str, str, str, int]:
    """(lemma, surface, event, next index) of the counted thing after the quantity.

    With ``plural_expected`` (a count other than one), a run that ends on a singular word is
    taken for a verb ("two dozen patients remain" ends at "patients").
    """
    partitive = j < len(tokens) and tokens[j].lower == "of"
    if partitive:
        j = _partitive_end(tokens, j + 1)
    run: list[_Token] = []
    k = j
    while k < len(tokens) and len(run) < 3:
        if _period_comparison(tokens, k):
            break  # "rose 12 per cent year-on-year": when, not what
        end = _compound_end(tokens, k)
        if end > k:
            after_compound = tokens[end + 1] if end + 1 < len(tokens) else None
            modifies = after_compound is not None and _names_a_thing(after_compound)
            if modifies or _is_event_word(tokens[end].lower):
                k = end + 1  # "300 health-care workers", "2,000 full-time jobs": a modifier
                continue
            k = end  # "1,200 co-workers": the compound is the thing; its last word says which
        arms = _arms_modifier_end(tokens, k) if not run else k
        if arms > k:
            k = arms  # "two .45-caliber pistols", "two AK-47 rifles": which guns; they follow
            continue
        quoted = _quoted_modifier_end(tokens, k) if not run else k
        if quoted > k:
            k = quoted  # 'two "horrific" nights': a word in quotes says what kind; the noun follows
            continue
        token = tokens[k]
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if (
            _present_event(token.lower)
            and following is not None
            and (following.kind == "num" or following.lower in lx.UNITS_WORDS)
        ):
            break  # "magnitude 6.1 kills 24": a headline's verb, before a figure of its own
        if (
            token.lower in _TIME_DEICTICS
            and following is not None
            and following.lower in lx.RATE_UNITS
        ):
            break  # "6.5% this year and 4% next year": when, not what
        if (
            token.lower in lx.NOUN_ADJECTIVES
            and following is not None
            and following.kind == "word"
            and following.lower not in lx.NOUN_STOP
        ):
            k += 1  # "30 new players"
            continue
        if (
            not run
            and token.kind == "word"
            and 2 <= len(token.text) <= 4
            and token.text.isupper()
            and following is not None
            and following.text == ")"
        ):
            # "(51 KO)": an abbreviation, singular as box scores write it, closing the bracket
            return token.lower, token.text, "", k + 1
        if (
            token.lower in ("counts", "count")
            and not run
            and following is not None
            and following.lower == "of"
        ):
            # "two counts of murder": the charges, named as the court names them
            return "count", token.text, _event_after(tokens, k + 1), k + 1
        if token.kind != "word" or (token.lower in lx.NOUN_STOP and token.text != "US"):
            plural_at = _plural_after_modifiers(tokens, k) if plural_expected and not run else -1
            if plural_at > k and token.lower in _STOP_MODIFIERS:
                k = plural_at  # "five such games"
                continue
            break  # "US" in capitals is the country ("half of US military sites"), not "us"
        if token.lower in lx.UNIT_WORDS and run:
            break
        if (
            token.lower in lx.IRREGULAR_PASTS
            or (not run and token.lower in lx.LINK_VERBS and token.lower.endswith("ed"))
        ) and not (
            following is not None
            and following.text.islower()
            and _is_plural(following.lower)
            and following.lower not in lx.NOUN_STOP
        ):
            # "$357m fell", "357 mm fell": what happened to it, not what it counts; but
            # "250,000 written comments": a participle before its plural head
            break
        if _adverb_ends_phrase(tokens, k):
            break  # "grossed $142 million domestically", "16 grams of fiber daily."
        if _no_thing_word(tokens, k):
            if _opens_a_noun(token, following):
                k += 1  # "five eligible players", "the 8.6-inch lower display": its adjective
                continue
            break  # "100 percent ready", "2% higher than", "you're", "will soon"
        if (
            run
            and not plural_expected
            and run[-1].text[:1].isupper()
            and _present_verb_form(token)
            and _opens_a_predicate(following)
        ):
            break  # "The 16-inch MacBook Pro looks like": a name, then its verb
        if token.lower in lx.WEEKDAYS:
            break  # "scored 20 Thursday night": when, not what
        names = _proper_modifiers_end(tokens, k) if not run and token.text[:1].isupper() else k
        if names > k:
            # "3,000 British Airways passengers", "35 Extinction Rebellion protesters", "2,000
            # South Sudanese refugees": names (of any length) say which; the noun follows
            k = names
            continue
        if (
            _is_event_word(token.lower)
            and following is not None
            and following.kind == "word"
            and _is_plural(following.lower)
            and following.lower not in lx.NOUN_STOP
            and not _is_event_word(following.lower)
        ):
            k += 1  # "58 confirmed cases", "5,000 unfilled vacancies": an adjective
            continue
        if _is_event_word(token.lower):
            if not run and token.lower in lx.KIN:  # "37 injured", "12 dead"
                return "person", token.text, _event_lemma(token.lower), k + 1
            plural_at = _plural_after_modifiers(tokens, k) if plural_expected and not run else -1
            if plural_at > k:
                k = plural_at  # "two suspected gang members", "14 energized and efficient minutes"
                continue
            break
        if token.text[:1].isupper() and run and not _plural_abbreviation(token.text):
            break  # but "five rushing TDs": a plural abbreviation is the head
        if not run and plural_expected and len(token.lower) > 4 and token.lower.endswith("ly"):
            plural_at = _plural_after_modifiers(tokens, k)
            if plural_at > k:
                k = plural_at  # "two extremely impressionable and young girls"
                continue
        if (
            run
            and (token.lower in lx.LINK_VERBS or token.lower in _VERBS_AFTER_A_SUBJECT)
            and not (
                plural_expected
                and not partitive  # "a third of the budget goes": a verb after a whole
                and token.lower in lx.LINK_VERBS
                and _is_plural(token.lower)
                and not any(_is_plural(t.lower) for t in run)
            )
        ):
            # "$50m golf club became", "20% of adults live": the thing ends at its verb; but
            # "two hard hits": a plural after modifiers is their head, not a verb
            break
        run.append(token)
        k += 1
        if plural_expected and _is_plural(token.lower):
            if token.lower == "police" and k < len(tokens) and _is_plural(tokens[k].lower):
                continue  # "12 police officers": police says which officers
            following = tokens[k] if k < len(tokens) else None
            if (
                following is not None
                and following.text[:1].islower()
                and _is_plural(following.lower)
                and _names_a_thing(following)
                and following.lower not in lx.UNIT_WORDS
                and following.lower not in _VERBS_AFTER_A_SUBJECT
            ):
                continue  # "7,000 hoops fans": the first plural names which fans
            break
    if not run:
        return "", "", _event_after(tokens, k), k
    head = run[-1]
    if plural_expected and not _is_plural(head.lower) and head.lower not in lx.COLLECTIVE_NOUNS:
        plural = [t for t in run if _is_plural(t.lower)]
        if not plural:
            return "", "", "", j
        run = run[: run.index(plural[0]) + 1]
        k = j + len(run)
        head = run[-1]
    if head.lower in lx.MONTHS or head.lower in lx.WEEKDAYS or len(head.lower) < 2:
        return "", "", "", k  # a date, or a letter cut from its word ("the e of e-commerce")
    last = next(index for index in range(k - 1, j - 1, -1) if tokens[index].start == head.start)
    lemma = head.lower[:-1] if _plural_abbreviation(head.text) else _lemma(head.lower)
    if last > j:  # "service members", "military personnel": kin of soldiers
        lemma = lx.KIN_PHRASES.get((tokens[last - 1].lower, lemma), lemma)
    if lemma in lx.GENERIC_NOUNS:
        lemma = ""
    # The thing as a person names it: its modifiers ("British Airways", "health-care", "new")
    # and its head, from where the phrase opens.
    surface = _surface(tokens, j, last + 1)
    return lemma, surface, _event_after(tokens, k), k


def _adverb_ends_phrase(tokens: list[_Token], k: int) -> bool:
    """Whether token k is an adverb in "-ly" closing the phrase ("$142 million domestically.",
    "$368 million globally through"); one before a word the phrase goes on to is its adjective
    ("5 million daily users", "three elderly residents")."""
    word = tokens[k].lower
    if len(word) < 5 or not word.endswith("ly") or word in lx.LY_NOUNS:
        return False
    following = tokens[k + 1] if k + 1 < len(tokens) else None
    return (
        following is None
        or following.kind != "word"
        or following.lower in lx.NOUN_STOP
        or not following.text.islower()
        or _is_event_word(following.lower)  # "16 grams of fiber daily increased levels"
    )


def _no_thing_word(tokens: list[_Token], k: int) -> bool:
    """Whether token k is a word no counted thing is named by: a predicate adjective ("100
    percent ready"), a comparative ("2% higher than"), an adverb or pronoun (lexicon.NOT_THINGS)
    or a contraction ("that's", "you're", "Would've")."""
    word = tokens[k].lower
    if word in lx.PREDICATE_ADJECTIVES or word in lx.COMPARATIVES or word in lx.NOT_THINGS:
        return True
    if "'" in word or "’" in word:
        stem, _, ending = word.replace("’", "'").partition("'")
        return ending in ("re", "ve", "ll", "d", "t") or (ending == "s" and stem in _PRONOUNS)
    following = tokens[k + 1] if k + 1 < len(tokens) else None
    return word.endswith(("er", "est")) and following is not None and following.lower == "than"


def _opens_a_noun(token: _Token, following: _Token | None) -> bool:
    """Whether an adjective (a predicate adjective, a comparative) modifies the word after
    it ("eligible players", "lower display", "good source") rather than closing the phrase;
    adverbs, pronouns and contractions never do."""
    word = token.lower
    return (
        (word in lx.PREDICATE_ADJECTIVES or word in lx.COMPARATIVES)
        and following is not None
        and following.kind == "word"
        and following.text.islower()
        and following.lower not in lx.NOUN_STOP
        and following.lower not in _PREPOSITIONS
        and following.lower not in ("than", "to", "enough")
        and not _is_event_word(following.lower)
    )


def _opens_a_predicate(following: _Token | None) -> bool:
    """Whether the word after a word in "-s" makes that word a verb: an object or a clause
    follows ("verifies that", "looks like", "reveals its future"), where after a plural noun
    a bracket, a full stop or "of" would ("the second chance points (9-0)")."""
    if following is None or following.kind != "word":
        return False
    word = following.lower
    return word != "of" and (
        word in _DETERMINERS or word in _PRONOUNS or word in _PREPOSITIONS or word in ("like", "up")
    )


def _present_verb_form(token: _Token) -> bool:
    """A lower-case word in "-s" that, after a singular head, is its verb ("the MacBook Pro
    looks", "a second test verifies"): not "-ss", "-us", "-is" (class, status, analysis)."""
    word = token.lower
    return (
        token.text.islower()
        and len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "'s", "’s"))
    )


# Stop words that may still modify a counted thing: "five such games"; and the adverbs of
# place that end a phrase ("killed 7 million worldwide") but also open one ("27 overseas
# booths", "300 nationwide stores").
_STOP_MODIFIERS = frozenset(
    {"such", "other", "more", "consecutive", "straight", "extra", "previous", "earlier"}
    | {"overseas", "worldwide", "nationwide", "statewide", "countrywide"}
)


def _plural_after_modifiers(tokens: list[_Token], k: int) -> int:
    """Where the plural head of a noun phrase stands when modifiers open it at token k that a
    simpler reading stops at (participles, adverbs, "such", adjectives joined by "and"): "two
    suspected gang members", "two extremely impressionable and young girls", "five such
    games"; -1 where no plural follows within a few words."""
    for m in range(k + 1, min(k + 5, len(tokens))):
        token = tokens[m]
        word = token.lower
        if token.kind != "word" or token.text[:1].isupper():
            return -1
        if (
            _is_plural(word)
            and word not in lx.NOUN_STOP
            and not _is_event_word(word)
            and word not in _VERBS_AFTER_A_SUBJECT
        ):
            return m
        if word == "and" or word.endswith("ly") or _is_event_word(word):
            continue
        if word in lx.NOUN_STOP or word in lx.LINK_VERBS or word in _VERBS_AFTER_A_SUBJECT:
            return -1
    return -1


# Present-tense verbs that follow what a share counts: "20% of adults say", "1 in 5 live".
_OF_DETERMINERS = frozenset(
    {"the", "its", "their", "his", "her", "our", "my", "your", "those", "these", "all"}
)
# Words between "of" and the whole a part is taken from: "18 of their next 23 games".
_OF_ORDER_WORDS = frozenset(
    {"next", "first", "last", "final", "remaining", "other", "previous", "past", "top"}
)


def _partitive_end(tokens: list[_Token], k: int) -> int:
    """Where the counted thing of "N of ..." starts, from token k after "of": past the
    determiners, possessives ("the team's"), order words ("next", "first"), compounds
    ("team-high") and the whole's own number ("two of its three units", "10 of the team's
    first 17 points")."""
    numbers = 0
    while k < len(tokens):
        token = tokens[k]
        compound = _compound_end(tokens, k)
        if (
            token.lower in _OF_DETERMINERS
            or token.lower in _OF_ORDER_WORDS
            or (token.kind == "word" and token.lower.endswith("'s"))
        ):
            k += 1
        elif (
            token.kind == "word"
            and k + 1 < len(tokens)
            and tokens[k + 1].text in ("'", "’")
            and (
                _adjacent(token, tokens[k + 1])
                or (k + 2 < len(tokens) and tokens[k + 2].text == "s")
            )
        ):
            k += 2  # "the team’ s", "the team ’ s", "Timmons '": a possessive split from its s
            if k < len(tokens) and tokens[k].lower == "s":
                k += 1
        elif k < compound < len(tokens) - 2 and tokens[compound + 1].kind == "num":
            k = compound + 1  # "his team-high 11 rebounds"
        elif not numbers and (
            token.kind == "num" or token.lower in lx.UNITS_WORDS or token.lower in lx.TENS_WORDS
        ):
            numbers += 1
            k += 1  # "two of its three units": the counted thing follows the second number
        else:
            break
    return k


def _surface(tokens: list[_Token], first: int, after: int) -> str:
    """tokens[first:after] as written: spaced where the text has spaces, not around hyphens."""
    parts: list[str] = []
    for index in range(first, after):
        if parts and not _adjacent(tokens[index - 1], tokens[index]):
            parts.append(" ")
        parts.append(tokens[index].text)
    return "".join(parts)


def _proper_modifiers_end(tokens: list[_Token], k: int) -> int:
    """Where a run of capitalised modifiers from token k ends, when a lower-case plural noun
    that they modify follows them ("British Airways passengers", "US Army veterans",
    "Syrian-born survivors"); k itself otherwise."""
    end = k
    while end < len(tokens) and end - k < 4:
        compound = _compound_end(tokens, end)
        if (
            end > k
            and tokens[end].kind == "num"
            and tokens[end - 1].text[:1].isupper()
            and not _adjacent(tokens[end - 1], tokens[end])
        ):
            end += 1  # a name with a number: "three USB 2.0 ports", "one FireWire 800 port"
            continue
        if tokens[end].kind != "word" or not tokens[end].text[:1].isupper():
            break
        end = compound + 1
    following = tokens[end] if end < len(tokens) else None
    if (
        end > k
        and following is not None
        and following.kind == "word"
        and following.text[:1].islower()
        and _is_plural(following.lower)
        and following.lower not in lx.NOUN_STOP
        and not _is_event_word(following.lower)
    ):
        return end
    return k


def _compound_end(tokens: list[_Token], k: int) -> int:
    """The last word of a hyphenated compound starting at token k ("health-care",
    "state-of-the-art"), or k itself where none starts there."""
    end = k
    while (
        end + 2 < len(tokens)
        and tokens[end].kind == "word"
        and tokens[end + 1].text == "-"
        and tokens[end + 2].kind == "word"
        and _adjacent(tokens[end], tokens[end + 1])
        and _adjacent(tokens[end + 1], tokens[end + 2])
    ):
        end += 2
    return end


def _names_a_thing(token: _Token) -> bool:
    """Whether a word after a modifier can be the thing it modifies: not a verb or a stop."""
    word = token.lower
    return (
        token.kind == "word"
        and word not in lx.NOUN_STOP
        and word not in lx.LINK_VERBS
        and word not in _VERBS_AFTER_A_SUBJECT
        and not _is_event_word(word)
    )


_VERBS_AFTER_A_SUBJECT = frozenset(
    {
        "say", "live", "think", "believe", "want", "have", "has", "had", "use", "support",
        "oppose", "agree", "disagree", "expect", "own", "feel", "prefer", "need", "do", "did",
        "does", "earn", "spend", "get", "plan", "favour", "favor", "struck", "shook", "goes",
        "go", "went", "comes", "came",
    }
)  # fmt: skip
# Counted things that are harm done to people: "1,046 deaths" are 1,046 people killed.
_HARM_NOUNS = {"death": "killed", "injury": "injured"}
# Verbs whose object, when nothing follows it, is people: "killed 12", "injuring 40".
_HARMING_VERBS = frozenset({"killed", "killing", "injured", "injuring", "wounded", "wounding"})


def _present_forms(participle: str) -> tuple[str, ...]:
    """The present-tense forms a regular past participle may come from ("killed": kill,
    kills; "injured": injure, injures; "buried": bury, buries; "dropped": drop, drops).
    Some candidates are no words ("injur"): they never match a text's word, so no harm."""
    stem = participle[:-2]
    stems = {stem, participle[:-1]}  # "kill" / "injure"
    if stem.endswith("i"):
        stems.add(stem[:-1] + "y")  # "buried": bury
    if len(stem) > 2 and stem[-1] == stem[-2]:
        stems.add(stem[:-1])  # "dropped": drop
    forms = set()
    for base in stems:
        forms.add(base)
        if base.endswith("y") and base[-2:-1] not in ("a", "e", "o", "u"):
            forms.add(base[:-1] + "ies")
        elif base.endswith(("s", "sh", "ch", "x", "z", "o")):
            forms.add(base + "es")
        else:
            forms.add(base + "s")
    return tuple(forms)


# Headlines tell what happened in the present tense ("Quake kills 24", "Floods displace
# 5,000", "Gunman wounds 2"): each present form of a regular participle that names an event
# maps to the event the participle names. Derived from the lexicon, not listed; a form that is
# itself a word of the lexicon keeps its own reading ("arrests", "cases", "falls").
_PRESENT_EVENTS: dict[str, str] = {
    form: event
    for participle, event in sorted(lx.EVENT_KIN.items())
    if participle.endswith("ed") and len(participle) > 4
    for form in _present_forms(participle)
    if form not in lx.EVENT_KIN
    and form not in lx.MONTHS
    and form not in lx.WEEKDAYS
    and form not in lx.NOUN_STOP
    and len(form) > 3
}
_HARMS = frozenset({"killed", "injured"})


def _harmed(tokens: list[_Token], k: int) -> bool:
    """Whether the count at token k is the object of a harming verb ("killed 12")."""
    return k > 0 and bool(_harms(tokens[k - 1].lower))


def _present_event(word: str) -> str:
    """The event a verb in the present tense tells ("kills": killed), "" for any other word."""
    return _PRESENT_EVENTS.get(word, "")


def _harms(word: str) -> str:
    """The harm a verb right before a count says was done ("killed", "kills": killed; "wounds":
    injured), in any tense; "" for any other word."""
    if word in _HARMING_VERBS:
        return str(lx.EVENT_KIN[word])
    present = _present_event(word)
    return present if present in _HARMS else ""


# Words that make "year", "month" or "quarter" a time rather than a thing: "next year".
_TIME_DEICTICS = frozenset({"next", "last", "this", "previous", "coming", "past"})


def _period_comparison(tokens: list[_Token], k: int) -> int:
    """How many tokens "year-on-year", "month over month" and the like take from token k
    (0 if none opens there)."""
    period = tokens[k].lower
    if period not in lx.RATE_UNITS:
        return 0
    words = [token.lower for token in tokens[k + 1 : k + 5]]
    if words[:1] == ["-"] and words[1:2] in (["on"], ["over"]) and words[2:4] == ["-", period]:
        return 5
    if words[:1] in (["on"], ["over"]) and words[1:2] == [period]:
        return 3
    return 0


def _period_comparison_ending(tokens: list[_Token], k: int) -> int:
    """How many tokens a "year-on-year" ending at token k takes (0 if none ends there)."""
    for size in (5, 3):
        if k >= size - 1 and _period_comparison(tokens, k - size + 1) == size:
            return size
    return 0


def _number_of_before(tokens: list[_Token], k: int) -> _Token | None:
    """The X of 'the number of X' opening the clause that token k is in, if it does: the rule
    _noun_before applies to a generic noun it meets, found past a name that stopped it."""
    for j in range(k - 1, max(0, k - 12), -1):
        token = tokens[j]
        if token.kind != "word":
            return None
        if (
            j + 2 < k
            and _lemma(token.lower) in lx.GENERIC_NOUNS
            and tokens[j + 1].lower == "of"
            and tokens[j + 2].kind == "word"
        ):
            return tokens[j + 2]
    return None


def _death_toll_before(tokens: list[_Token], start: int) -> bool:
    """'The death toll from Friday's derailment in Odisha rose to 31': the subject of the
    figure's clause is a death toll, however far before it."""
    for k in range(start - 1, max(0, start - 16), -1):
        token = tokens[k]
        if token.kind == "num" or token.text in (";", ":", ".", "!", "?"):
            return False
        if token.lower == "toll" and tokens[k - 1].lower in ("death", "casualty"):
            return True
    return False


# Words _event_after steps over on its way to the event: a module constant, not a set built on
# every call (it runs for nearly every mention).
_SKIPPED_BEFORE_EVENT = frozenset(
    {
        "were",
        "was",
        "have",
        "had",
        "has",
        "been",
        "are",
        "is",
        "being",
        "who",
        "that",
        "which",
        "reportedly",
        "also",
        "all",
        "now",
        "later",
        "then",
        "already",
        "still",
        "got",
        "get",
        "feared",
        "believed",
        "reported",
        "confirmed",
        "said",
        "thought",
    }
)


def _event_after(tokens: list[_Token], k: int) -> str:
    """'workers evacuated', 'people were injured', 'who were killed'."""
    skip = _SKIPPED_BEFORE_EVENT
    steps = 0
    while k < len(tokens) and steps < 4:
        word = tokens[k].lower
        if word in ("without", "lost", "left") and _loses_power(tokens, k):
            return "lost power"
        if word in skip and word not in lx.EVENT_KIN:
            k += 1
            steps += 1
            continue
        if tokens[k].kind == "word" and _is_event_word(word):
            return _event_lemma(word)
        return ""
    return ""


def _loses_power(tokens: list[_Token], k: int) -> bool:
    """'customers without power', 'homes lost power', 'were left without power'."""
    words = [token.lower for token in tokens[k : k + 3]]
    if words[:1] == ["left"]:
        words = words[1:]
    return words[:2] in (["without", "power"], ["lost", "power"])


def _noun_before(tokens: list[_Token], start: int) -> tuple[str, str, str]:
    """Counted thing named earlier: 'the number of people evacuated could reach 4,500'."""
    if _death_toll_before(tokens, start):
        return "person", "dead", "killed"
    verb = tokens[start - 1].lower if start >= 1 else ""
    if verb == "at" and start >= 2 and tokens[start - 2].lower in ("it", "them"):
        return "", "", ""  # "organisers put it at 250,000": what "it" is was said before
    harm = _harms(verb)
    if harm:
        # "The virus has killed nearly 7 million", "Quake kills 24": what comes before is who
        # or what did it
        return "person", "", harm
    event = ""
    k = start - 1
    steps = 0
    fallback: tuple[str, str] | None = None
    while k >= 0 and steps < 12:
        token = tokens[k]
        word = token.lower
        if token.kind in ("punct", "sym") and token.text not in ("'", "’"):
            if token.text in (",", ";", ":", "(", ")", "—", "–"):
                return "", "", event
            k -= 1
            steps += 1
            continue
        if (
            token.kind == "num"
            or word in lx.SCALE_WORDS
            or word in lx.DIGIT_SCALES
            or (len(word) == 1 and k >= 1 and _adjacent(tokens[k - 1], token))
            or (
                word in od.ORDINAL_SUFFIXES
                and k >= 1
                and tokens[k - 1].kind == "num"
                and _adjacent(tokens[k - 1], token)
            )
        ):
            # another figure ("by 1.2 million to 68.3 million", "by 10p to £2")
            return "", "", event
        if word in ("point", "points") and k >= 1 and tokens[k - 1].lower in _POINT_KINDS:
            return "", "", event  # another figure's unit ("by 25 basis points to 5.5%")
        size = _period_comparison_ending(tokens, k)
        if size:
            k -= size  # "year-on-year to €4.2bn": when, not what
            steps += size
            continue
        if word in lx.RATE_UNITS and k >= 1 and tokens[k - 1].lower in _TIME_DEICTICS:
            k -= 2  # "a 6.5% rise this year and 4%": when, not what
            steps += 2
            continue
        if word in lx.REPORTING_VERBS:
            return "", "", event  # what comes before is who said it
        if "'" in word and word.split("'", 1)[0] in _PRONOUNS:
            return "", "", event  # "we're here to talk about 12": a pronoun, not a thing
        if word in lx.EVENT_KIN and lx.EVENT_KIN[word] in ("rose", "fell"):
            event = event or lx.EVENT_KIN[word]
            k -= 1
            steps += 1
            continue
        if word in lx.MODAL_CUES or word in lx.LINK_VERBS or word in lx.NOUN_STOP:
            k -= 1
            steps += 1
            continue
        if word in lx.IRREGULAR_PASTS or (
            word in lx.AMOUNT_VERBS
            and not (k >= 1 and (tokens[k - 1].lower in _DETERMINERS or _possessive(tokens[k - 1])))
        ):
            # "MacBook Air starts at $999", "were led by 20-point efforts": the verb; the
            # thing is its subject, before it ("the costs to 10 cents": a noun after "the")
            if word in lx.IRREGULAR_PASTS:
                event = event or word
            k -= 1
            steps += 1
            continue
        if len(word) == 1:
            return "", "", event  # a letter cut from its word ("she ’ s accused"), no thing
        if _is_event_word(word) and word not in lx.KIN:
            event = event or _event_lemma(word)
            k -= 1
            steps += 1
            continue
        if k == start - 1 and _present_event(word):
            # "Floods displace 5,000": a headline's verb; further back such a word is more
            # often a noun ("The vote passed with 312")
            event = event or _present_event(word)
            k -= 1
            steps += 1
            continue
        if (
            word.endswith("ly")
            or (word.endswith("ing") and word not in lx.ING_NOUNS)
            or _no_thing_word(tokens, k)
        ):
            k -= 1  # an adverb, an adjective said of a subject, or a verb form, not a thing
            steps += 1
            continue
        if k == start - 1 and (not token.text[:1].isupper() or _headline_case(tokens)):
            k -= 1  # right before the figure: a verb ("allocates $14.3 billion", "employs 4,500")
            steps += 1
            continue
        lemma = _lemma(word)
        if lemma in lx.GENERIC_NOUNS:
            # "the number of X", "the total of X": X is the counted thing
            if k + 2 < start and tokens[k + 1].lower == "of" and tokens[k + 2].kind == "word":
                inner = tokens[k + 2]
                # "the number of people killed rose to 31": what happened to them, not the rise
                happened = tokens[k + 3].lower if k + 3 < start else ""
                if happened and _is_event_word(happened):
                    event = _event_lemma(happened)
                return _lemma(inner.lower), inner.text, event
            if word == "shares":
                return "share", token.text, event  # "Shares in the operator fell 6.5%": stock
            k -= 1
            steps += 1
            continue
        if token.text[:1].isupper() and not _opens_sentence(tokens, k):
            if k >= 2 and tokens[k - 1].lower in ("to", "from", "in", "into"):
                k -= 2  # "Exports to China dropped 14.5%": where, not what
                steps += 2
                continue
            counted = _number_of_before(tokens, k)
            if counted is not None:
                # "The number of migrants crossing the Channel doubled to 45,000"
                return _lemma(counted.lower), counted.text, event
            return "", "", event  # a name ("sued Swift for $3m", "Randall-Gay was 17")
        if lemma == "age":
            return "age", token.text, event  # "died at the age of 90"
        if _inside_phrase(tokens, k):
            # "districts near the refinery": keep looking for the head before the preposition
            fallback = fallback or (lemma, token.text)
            k -= 1
            steps += 1
            continue
        if (
            k >= 2
            and tokens[k - 1].text == "-"
            and tokens[k - 2].kind == "word"
            and _adjacent(tokens[k - 2], tokens[k - 1])
            and _adjacent(tokens[k - 1], token)
        ):
            # "Kate Spade's co-op sells for $5.8M": the compound whole, not its last part
            compound = f"{tokens[k - 2].text}-{token.text}"
            return _lemma(compound.lower()), compound, event
        return lemma, token.text, event
    if fallback is not None:
        return fallback[0], fallback[1], event
    return "", "", event


# Punctuation inside a clause: a capitalised word after it is no more sentence-initial.
_NOT_OPENERS = {",", ";", "-", "/", "&", "'", "’", "+"}
_POINT_KINDS = frozenset({"basis", "percentage"})
_PRONOUNS = {"i", "we", "you", "they", "he", "she", "it", "that", "there", "here", "who", "what"}
_PREPOSITIONS = {
    "of",
    "in",
    "at",
    "for",
    "on",
    "near",
    "from",
    "to",
    "with",
    "across",
    "around",
    "outside",
    "inside",
    "by",
    "into",
    "over",
    "under",
    "behind",
    "among",
    "amongst",
}
_DETERMINERS = {
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "this",
    "that",
    "these",
    "those",
}


def _possessive(token: _Token) -> bool:
    return token.kind == "word" and token.lower.endswith(("'s", "’s"))


def _inside_phrase(tokens: list[_Token], k: int) -> bool:
    """'Shares in the operator fell 6.5%': 'operator' sits in a phrase after 'Shares'."""
    # A possessive right before the noun stands where a determiner would ("in Monday's fire",
    # "at the company's plant"): the phrase goes on before it.
    j = k - 1
    while j >= 0 and (
        tokens[j].lower in _DETERMINERS
        or (j == k - 1 and _possessive(tokens[j]))
        or (
            tokens[j].kind == "word"
            and tokens[j].lower not in lx.NOUN_STOP
            and tokens[j].lower not in _PREPOSITIONS
            and j == k - 1
            and not tokens[j].text[:1].isupper()
        )
    ):
        j -= 1
    if j >= 0 and tokens[j].kind == "word" and tokens[j].lower.endswith("ing") and j < k:
        return True  # "the cost of rebuilding the refinery"
    # "landfall with sustained winds of 150mph": what "with" brings is the thing itself
    return (
        j >= 1
        and tokens[j].lower in _PREPOSITIONS
        and tokens[j].lower != "with"
        and tokens[j - 1].kind == "word"
    )


def _qualifier_before(tokens: list[_Token], start: int) -> tuple[str, str, int]:
    """(phrase, bound, first index) of 'about', 'more than', 'up to'... before a number."""
    if start < 1 or tokens[start - 1].lower not in _QUALIFIER_LAST_WORDS:
        return "", "exact", start  # no qualifier ends at the word before (most numbers)
    for length in lx.QUALIFIER_LENGTHS:
        if start - length < 0:
            continue
        phrase = tuple(map(_LOWER, tokens[start - length : start]))
        bound = lx.QUALIFIERS.get(phrase)
        if bound is not None:
            if _phrasal_over(tokens, start - length, phrase):
                break
            return " ".join(phrase), bound, start - length
    return "", "exact", start


_QUALIFIER_LAST_WORDS = frozenset(phrase[-1] for phrase in lx.QUALIFIERS)


# Verbs that take "over" as their own particle: "hand over a quarter of their profits". Not
# "take": "it took over 40 minutes" is more than 40.
_OVER_VERBS = frozenset(
    {"hand", "hands", "handed", "handing", "turn", "turns", "turned", "turning", "pass",
     "passed", "passing", "sign", "signs", "signed", "signing"}
)  # fmt: skip


def _phrasal_over(tokens: list[_Token], first: int, phrase: tuple[str, ...]) -> bool:
    return phrase == ("over",) and first > 0 and tokens[first - 1].lower in _OVER_VERBS


def _by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases filed under their first word, in their original order: only phrases that start
    with the word at hand are compared."""
    filed: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        filed.setdefault(phrase[0], []).append(phrase)
    return filed


_TRAILING_BY_FIRST = _by_first_word(lx.TRAILING_QUALIFIERS)
_VAGUE_BY_FIRST = _by_first_word(lx.VAGUE_PHRASES)
_MODAL_BY_FIRST = _by_first_word(lx.MODAL_PHRASES)


def _qualifier_after(tokens: list[_Token], j: int) -> tuple[str, str, int]:
    if j < len(tokens) and tokens[j].text == "+" and _adjacent(tokens[j - 1], tokens[j]):
        return "+", "lower", j + 1
    if j >= len(tokens):
        return "", "exact", j
    for phrase in _TRAILING_BY_FIRST.get(tokens[j].lower, ()):
        bound = lx.TRAILING_QUALIFIERS[phrase]
        if tuple(map(_LOWER, tokens[j : j + len(phrase)])) == phrase:
            return " ".join(phrase), bound, j + len(phrase)
    return "", "exact", j


def _rate_after(tokens: list[_Token], j: int) -> tuple[str, int]:
    """'a year', 'per day', 'each month', 'per worker', 'annually'."""
    if j >= len(tokens):
        return "", j
    word = tokens[j].lower
    if word in lx.RATE_WORDS:
        return "per " + lx.RATE_WORDS[word], j + 1
    if word in ("a", "an", "per", "each", "every", "/") and j + 1 < len(tokens):
        nxt = tokens[j + 1].lower
        if j + 2 < len(tokens) and tokens[j + 2].lower in lx.NOT_RATE_AFTER:
            return "", j  # "a year ago"
        unit = lx.RATE_UNITS.get(nxt) or lx.RATE_UNITS.get(nxt.rstrip("s"))
        if unit:
            return "per " + unit, j + 2
        if nxt in lx.UNIT_WORDS and lx.UNIT_WORDS[nxt][0] == "measure":
            return "per " + lx.UNIT_WORDS[nxt][1], j + 2
        if word == "per" and tokens[j + 1].kind == "word" and nxt not in ("cent",):
            return "per " + _lemma(nxt), j + 2
    return "", j


def _rate_word_nearby(tokens: list[_Token], j: int) -> str:
    """'spends ¥1.2 trillion on defence annually': a rate adverb a few words on."""
    for token in tokens[j : j + 4]:
        if token.kind != "word":
            return ""
        if token.lower in lx.RATE_WORDS:
            return "per " + lx.RATE_WORDS[token.lower]
    return ""


def _modal_words(tokens: list[_Token], first: int, after: int) -> list[str]:
    """The lowered words of tokens[first:after] as modal cues: only the few around a figure are
    read, so a sentence dense with figures costs time linear in its figures."""
    # "May" with a capital is the month; only lowercase (or sentence-initial) words are modal.
    first = max(0, first)
    words = [t.lower if t.text[:1].islower() else "" for t in tokens[first:after]]
    if first == 0 and words and not words[0] and not _opens_a_name(tokens):
        words[0] = tokens[0].lower  # a sentence's first word is modal unless it opens a name
    return words


def _opens_a_name(tokens: list[_Token]) -> bool:
    """Whether a sentence opens with a name of two capitalised words ("Will Artino scored"),
    whose first word is no modal verb though it is spelt like one."""
    return len(tokens) > 1 and tokens[1].kind == "word" and tokens[1].text[:1].isupper()


def _told_as_done(cues: list[str], following: list[str]) -> bool:
    """'The UN estimates that 1.1 million people have fled': an estimate or a warning of what
    has happened already is a report, not a projection."""
    return all(cue in ("estimates", "warned", "warns") for cue in cues) and following in (
        ["have"],
        ["has"],
        ["had"],
        ["were"],
        ["was"],
    )


#: Auxiliaries of a finite past or perfect verb: a clause telling what has happened.
_TOLD_AUXILIARIES = frozenset({"has", "have", "had", "was", "were"})


def _since_told(window: list[str]) -> list[str]:
    """The words of ``window`` after its last auxiliary of a past or perfect verb that no
    modal nor "to" leads ("proposed the rules in May and since has received 300,000
    comments": the clause the figure is in reports, whatever the one before it planned;
    "will have received", "expected to have" stay projections)."""
    for index in range(len(window) - 1, -1, -1):
        if window[index] in _TOLD_AUXILIARIES:
            before = window[index - 1] if index else ""
            if before != "to" and before not in lx.MODAL_CUES:
                return window[index + 1 :]
            break
    return window


def _modality(tokens: list[_Token], start: int, after: int, kind: str = "") -> str:
    window = _since_told(_modal_words(tokens, start - 10, start))
    following = _modal_words(tokens, after, after + 4)
    cues = [word for word in window if word in lx.MODAL_CUES]
    if cues and not _told_as_done(cues, following[:1]):
        return "projected"
    for index, word in enumerate(window):
        for phrase in _MODAL_BY_FIRST.get(word, ()):
            if tuple(window[index : index + len(phrase)]) == phrase:
                return "projected"
    # "1,200 employees will lose their jobs": a modal straight after the counted thing.
    if not _MODALS_AFTER.isdisjoint(following[:3]):
        return "projected"
    if start >= 1 and tokens[start - 1].lower == "within" and kind == "duration":
        return "projected"
    if "within" in following[:2]:
        return "projected"
    return "reported"


_MODALS_AFTER = frozenset({"will", "would", "could", "may", "might", "'ll", "shall"})

# Vague amounts that are also ordinary plural nouns ("the scores", "tens" in a score line).
_VAGUE_NEEDS_OF = frozenset({"scores", "tens"})


def _vague(tokens: list[_Token], i: int) -> tuple[int, float, str] | None:
    """'thousands of', 'tens of thousands', 'a couple of': (next index, magnitude, text)."""
    token = tokens[i]
    if token.lower not in _VAGUE_STARTS:
        return None
    for phrase in _VAGUE_BY_FIRST.get(token.lower, ()):
        if tuple(map(_LOWER, tokens[i : i + len(phrase)])) == phrase:
            return i + len(phrase), float(lx.VAGUE_PHRASES[phrase]), ""
    if token.lower in lx.VAGUE_WORDS:
        if len(token.text) > 1 and token.text.isupper():
            return None  # "HIGHEST SCORES": a shouted heading, not an amount
        if i > 0 and (tokens[i - 1].kind == "num" or tokens[i - 1].lower in _NUMBER_WORD_STARTS):
            return None  # "four scores", "the two dozens": counted things, not an amount
        if token.lower in _VAGUE_NEEDS_OF and (i + 1 >= len(tokens) or tokens[i + 1].lower != "of"):
            return None  # "scores" is an amount only as "scores of"
        j = i + 1
        magnitude = float(lx.VAGUE_WORDS[token.lower])
        if (
            j + 1 < len(tokens)
            and tokens[j].lower == "of"
            and tokens[j + 1].lower in ("thousands", "millions", "billions")
        ):
            magnitude *= lx.VAGUE_WORDS[tokens[j + 1].lower]
            j += 2
        return j, magnitude, ""
    return None


def _mention(
    text: str,
    tokens: list[_Token],
    first: int,
    after: int,
    sentence: tuple[int, int],
    **fields: object,
) -> FigureMention:
    start = tokens[first].start
    end = tokens[after - 1].end
    return new_mention(
        start=start,
        end=end,
        text=text[start:end],
        sentence_start=sentence[0],
        sentence_end=sentence[1],
        **fields,
    )


def _scan_sentence(
    text: str, sentence: tuple[int, int], folded: str | None = None, limit: int = MAX_MENTIONS
) -> list[FigureMention]:
    """The figure mentions of one sentence, at most ``limit`` of them."""
    tokens = _tokens(text, *sentence, folded)
    mentions: list[FigureMention] = []
    # Where a figure may start, found in one pass: the loop below visits only these, so the
    # bulk of a sentence's words cost one look each in a comprehension.
    may_start = [k for k, t in enumerate(tokens) if t[4] == "num" or t[1] in _MAY_START]
    candidates = len(may_start)
    next_start = 0  # the first of may_start not yet passed
    i = 0
    while len(mentions) < limit:
        while next_start < candidates and may_start[next_start] < i:
            next_start += 1
        if next_start == candidates:
            break
        i = may_start[next_start]
        token = tokens[i]
        if token.kind != "num" and token.lower not in _FIGURE_STARTS:
            if token.lower == "twice":
                mentions.append(_twice(text, tokens, i, sentence))
            elif token.lower == "once" and _once_counts(tokens, i):
                mentions.append(_twice(text, tokens, i, sentence, times=1.0))
            elif token.lower in od.ORDINAL_WORDS:
                ordinal = _ordinal_at(text, tokens, i, sentence, mentions)
                if ordinal is not None:
                    if ordinal[0] is not None:
                        mentions.append(ordinal[0])
                    i = ordinal[1]
                    continue
            i += 1  # most words start nothing: skip them without the calls below
            continue
        if token.kind == "num" or token.lower in lx.TENS_WORDS:
            # an ordinal ("21st", "twenty-first") or a clock ("7:42 left"), not a cardinal
            special = _ordinal_at(text, tokens, i, sentence, mentions) or _clock_at(
                text, tokens, i, sentence
            )
            if special is not None:
                if special[0] is not None:
                    mentions.append(special[0])
                i = special[1]
                continue
        fraction = _fraction_at(text, tokens, i, sentence) if token.kind == "word" else None
        if fraction is not None:
            if fraction[0] is not None:
                mentions.append(fraction[0])
            i = fraction[1]
            continue
        vague = _vague(tokens, i) if token.kind == "word" else None
        if vague is not None:
            after, magnitude, _ = vague
            noun, surface, event, _next = _noun_after(tokens, after, plural_expected=True)
            if noun or tokens[i].lower in lx.VAGUE_WORDS:
                mentions.append(
                    _mention(
                        text,
                        tokens,
                        i,
                        after,
                        sentence,
                        value=None,
                        low=magnitude,
                        high=None,
                        kind="count",
                        unit="",
                        rate="",
                        noun=noun,
                        noun_text=surface,
                        event=event,
                        qualifier="",
                        bound="approx",
                        modality=_modality(tokens, i, after),
                        vague=True,
                        precision=0,
                    )
                )
            i = after
            continue
        if token.kind not in ("num", "word"):
            i += 1
            continue
        core = _read_core(tokens, i)
        if core is None and token.lower in ("a", "an"):
            core = _single_span(tokens, i)  # "a week after the attack", "less than a month"
        if core is None and token.lower == "one":
            # "one" alone is no figure, but "one in three adults" is a share
            share = _share_at(text, tokens, _Core(i, i + 1, 1.0, 1), sentence)
            if share is not None:
                mentions.append(share[0])
                i = share[1]
                continue
            single = (
                _one_happened_to(text, tokens, i, sentence)
                or _one_compound(text, tokens, i, sentence)
                or _one_harmed(text, tokens, i, sentence)
                or _one_counted(text, tokens, i, sentence, mentions)
            )
            if single is not None:
                mentions.append(single[0])
                i = single[1]
                continue
        if core is None:
            i += 1
            continue
        age = _age_at(text, tokens, core, sentence)
        if age is not None:
            mentions.append(age)
            i = core.after
            continue
        tally = _tally_at(text, tokens, core, sentence) or _dimensions_at(
            text, tokens, core, sentence
        )
        if tally is not None:
            mentions.extend(tally[0])
            i = tally[1]
            continue
        found = _share_at(text, tokens, core, sentence) or _figure_at(text, tokens, core, sentence)
        if found is None:
            i = core.after
            if _is_phone(tokens, core):
                # the rest of a phone number: "0800 123 4567"
                while (
                    i < len(tokens)
                    and tokens[i].kind == "num"
                    and tokens[i].start - tokens[i - 1].end <= 1
                ):
                    i += 1
            continue
        mention, after = found
        if (
            mention.kind == "count"
            and not mention.noun
            and mention.high is None
            and (
                _stands_alone(tokens, core.first, core.after)
                or _level_reached(tokens, core.first, core.after)
            )
        ):
            mention = _thing_of_which(tokens, core.after, mention) or _with_thing_said_before(
                mention, mentions
            )
            if not mention.noun and mention.event in _HARMS and _harmed(tokens, core.first):
                # "The blast killed 12", "Quake kills 24": the people harmed, when the
                # sentence named no other thing before
                mention = replace(mention, noun="person")
        mentions.append(mention)
        i = after
    shared = _shared_units(text, _shared_heads(text, mentions))
    return _without_listing(_joined_durations(text, shared))


def _shared_units(text: str, mentions: list[FigureMention]) -> list[FigureMention]:
    """'girls age 6 and 8': a bare number coordinated after a number of a unit (an age, a
    measure, a span) is of that unit too, and of the same thing."""
    shared = list(mentions)
    for k in range(1, len(mentions)):
        first, second = shared[k - 1], mentions[k]
        if (
            first.kind not in ("measure", "duration")
            or second.kind != "count"
            or second.noun
            or second.high is not None
            or first.text[:1].isdigit() != second.text[:1].isdigit()
            or text[first.end : second.start].strip() not in ("and", "or")
        ):
            continue
        shared[k] = replace(
            second,
            kind=first.kind,
            unit=first.unit,
            noun=first.noun,
            noun_text=first.noun_text,
            event=second.event or first.event,
        )
    return shared


_COORDINATORS = frozenset({"and", "or"})


def _shared_heads(text: str, mentions: list[FigureMention]) -> list[FigureMention]:
    """'One Australian and one English climber', 'three British and two French soldiers': a
    count whose thing is one capitalised modifier, coordinated with a count of a thing under a
    parallel capitalised modifier, counts that thing (the head both share)."""
    shared = list(mentions)
    for k in range(len(mentions) - 1):
        first, second = mentions[k], mentions[k + 1]
        written = first.noun_text
        parallel = second.noun_text.split()
        if (
            first.kind != "count"
            or second.kind != "count"
            or not second.noun
            or not written
            or " " in written
            or not written[:1].isupper()
            or len(parallel) < 2
            or not parallel[0][:1].isupper()
        ):
            continue
        between = text[first.end : second.start].split()
        if between[:1] == [written] and len(between) == 2 and between[1] in _COORDINATORS:
            shared[k] = replace(first, noun=second.noun, noun_text=f"{written} {parallel[-1]}")
    return shared


# Words before an ordinal that show it ranks the thing it comes before ("the fifth coach",
# "his 19th season", "a second-round pick"); a possessive ("the team's second") does too.
_BEFORE_ORDINAL = frozenset(
    {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that",
     "whose", "another"}
)  # fmt: skip


def _ranks_after(tokens: list[_Token], i: int, ranked_before: bool) -> bool:
    """Whether the words before an ordinal at token i show it ranks what follows: a
    determiner or a possessive ("the fifth", "his 19th", "the team's second", "the series'
    50th", "the team ’ s second"), one adjective after one ("the big 50th"), or "and" after
    another ordinal ("his 10th point ... and 2,292nd")."""
    if i == 0:
        return False
    before = tokens[i - 1]
    word = before.lower
    if word in _BEFORE_ORDINAL or word.endswith(("'s", "s'")):
        return True
    if word in ("'", "’") and i > 1 and tokens[i - 2].lower.endswith("s"):
        return True  # "the series' 50th"
    if word == "s" and i > 1 and tokens[i - 2].text in ("'", "’"):
        return True  # "the team ’ s second", as some copy spaces a possessive
    if ranked_before and word in ("and", "or"):
        return True
    return (
        before.kind == "word"
        and before.text.islower()
        and word not in _ORDINAL_NOUN_STOP
        and i > 1
        and tokens[i - 2].lower in _BEFORE_ORDINAL
    )


def _ordinal_value(tokens: list[_Token], i: int) -> tuple[float, int] | None:
    """(value, next index) of an ordinal written at token i: "fifth", "twenty-first", "21st",
    "1,000th"; None if none starts there."""
    token = tokens[i]
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if token.kind == "num":
        if (
            following is None
            or following.lower not in od.ORDINAL_SUFFIXES
            or not _adjacent(token, following)
        ):
            return None
        parsed = _parse_digits(token.text)
        if parsed is None or parsed[0] != int(parsed[0]) or "." in token.text:
            return None
        return parsed[0], i + 2
    if token.lower in od.ORDINAL_WORDS:
        return float(od.ORDINAL_WORDS[token.lower]), i + 1
    if (
        token.lower in lx.TENS_WORDS
        and i + 2 < len(tokens)
        and tokens[i + 1].text == "-"
        and _adjacent(token, tokens[i + 1])
        and _adjacent(tokens[i + 1], tokens[i + 2])
        and tokens[i + 2].lower in od.ORDINAL_UNITS
        and od.ORDINAL_UNITS[tokens[i + 2].lower] < 10
    ):
        return float(lx.TENS_WORDS[token.lower] + od.ORDINAL_UNITS[tokens[i + 2].lower]), i + 3
    return None


def _ordinal_at(
    text: str,
    tokens: list[_Token],
    i: int,
    sentence: tuple[int, int],
    mentions: list[FigureMention],
) -> tuple[FigureMention | None, int] | None:
    """An ordinal at token i and what it ranks: (the mention, or None where it reports no
    rank, such as a date or a name; the index after it), or None where no ordinal starts.
    A rank is stated, never projected, as an age is: "Capaldi will be the Twelfth Doctor"
    says which Doctor he is whatever the tense."""
    read = _ordinal_value(tokens, i)
    if read is None:
        return None
    value, after = read
    word = tokens[i].lower
    if word in od.NOT_RANKS or _ordinal_is_date(tokens, i, after):
        return None, after
    if not _ranks_after(tokens, i, any(m.kind == "ordinal" for m in mentions)) and not (
        value > 1 and _counts_times(tokens, after)
    ):
        # "in second place", "Second, ...": no rank of a thing named; but "the second time"
        # counts times with or without its article ("This will be second time hosting")
        return None, after
    end = after
    compound = ""
    if (
        end + 1 < len(tokens)
        and tokens[end].text == "-"
        and _adjacent(tokens[end - 1], tokens[end])
        and _adjacent(tokens[end], tokens[end + 1])
        and tokens[end + 1].kind == "word"
    ):
        joined = tokens[end + 1].lower
        if joined.endswith("est") or joined in ("most", "least", "best", "worst"):
            end += 2  # "the fourth-highest win total": the rank of the total
        else:
            compound = joined  # "a second-round draft choice": the round
            end += 2
    if compound:
        noun, surface, noun_end = _lemma(compound), tokens[end - 1].text, end
    else:
        noun, surface, noun_end = _ranked_noun(tokens, end)
    event = _event_after(tokens, noun_end)
    if not noun and end < len(tokens) and tokens[end].lower == "of":
        # "his 10th point of the game and 2,292nd of his career", "Green had 14 points,
        # including the 1,000th of his career": the thing said before
        earlier = [m for m in mentions if m.kind in ("ordinal", "count") and m.noun]
        if earlier:
            noun, surface = earlier[-1].noun, earlier[-1].noun_text
    career = (
        compound in _CAREER_COMPOUNDS
        and end < len(tokens)
        and tokens[end].kind == "word"
        and tokens[end].text.islower()
    )  # "a fourth-year pro", "the third-year quarterback": the years of a career
    if not noun or (
        (noun in od.NAMING_HEADS or (compound and compound in od.NAMING_HEADS)) and not career
    ):
        return None, end
    qualifier, bound, q_first = _qualifier_before(tokens, i)
    mention = _mention(
        text, tokens, i, end, sentence,
        value=value, low=None, high=None, kind="ordinal", unit="", rate="", noun=noun,
        noun_text=surface,
        event=event or _event_before(tokens, q_first) or _verb_of_the_stage(tokens, q_first, noun),
        qualifier=qualifier,
        bound=bound, modality="reported", vague=False,
        precision=_significant_digits(f"{value:.0f}"),
    )  # fmt: skip
    return mention, end


# Prepositions that place something in a stage of a contest or a sequence ("stopped in the
# fifth round", "drafted in the second round", "crashed on the 12th lap").
_STAGE_PREPOSITIONS = frozenset({"in", "on", "during", "into", "after", "before", "by"})
# How far back in its clause the verb of such a placing is looked for: constant per ordinal.
_STAGE_VERB_LOOKBACK = 6


def _verb_of_the_stage(tokens: list[_Token], first: int, noun: str) -> str:
    """What happened in the stage of a contest an ordinal names after a preposition: the
    clause's verb before it ("Klitschko stopped Thompson in the fifth round" -> stopped, "was
    selected in the second round" -> selected), so that the rank says what it is the rank of;
    "" if none, or if the ordinal ranks no stage."""
    if noun not in od.CONTEST_STAGES:
        return ""
    k = first - 1
    if k >= 0 and tokens[k].lower in _DETERMINERS:
        k -= 1
    if k < 0 or tokens[k].lower not in _STAGE_PREPOSITIONS:
        return ""
    for j in range(k - 1, max(k - 1 - _STAGE_VERB_LOOKBACK, -1), -1):
        token = tokens[j]
        word = token.lower
        if token.kind == "punct" or word in _PREPOSITIONS or word.endswith("ing"):
            return ""  # the clause, or the verb phrase, ends ("by checking into a second...")
        if word in lx.IRREGULAR_PASTS or (_is_event_word(word) and word not in lx.NOT_EVENTS):
            return _event_lemma(word)
    return ""


def _counts_times(tokens: list[_Token], k: int) -> bool:
    """Whether token k, after an ordinal, is "time" as the count of times ("the second time
    hosting"), not the first word of a name ("the 11th time lord", "the 12th Time Lord")."""
    if k >= len(tokens) or tokens[k].text != "time":
        return False
    following = tokens[k + 1].lower if k + 1 < len(tokens) else ""
    return _lemma(following) not in od.NAMING_HEADS


# Compounds of an ordinal that rank a career's years or seasons when they modify the noun after
# them ("a fourth-year wide receiver"), though "the fourth year" alone is a part of a time.
_CAREER_COMPOUNDS = frozenset({"year", "season"})

_ORDINAL_NOUN_STOP = (
    frozenset(lx.NOUN_STOP) | _PREPOSITIONS | _DETERMINERS | frozenset(lx.LINK_VERBS)
) - {"such", "point", "points", "time"}


def _ranked_noun(tokens: list[_Token], k: int) -> tuple[str, str, int]:
    """(lemma, surface, next index) of what an ordinal ranks: the head of the few words after
    it ("the fifth NBA head coach fired" -> coach, "his 10th point of" -> point, "the Twelfth
    Doctor" -> doctor); a participle after a noun ends the phrase ("coach fired")."""
    first = k
    while k < len(tokens) and tokens[k].lower in ("such", "straight", "consecutive", "annual"):
        k += 1  # "the team's second such arrest", "the seventh annual Digital IQ Index"
    run: list[_Token] = []
    compounds: set[int] = set()  # where words closing a hyphened modifier start ("-year")
    opens = k
    # Three common words at most; a name before them modifies the thing ("the third Eastern
    # Conference head coach" ranks coaches, not heads).
    while k < len(tokens) and len(run) < 6 and sum(not t.text[:1].isupper() for t in run) < 3:
        token = tokens[k]
        if (
            (token.kind == "num" or token.text.islower())
            and k + 2 < len(tokens)
            and tokens[k + 1].text == "-"
            and _adjacent(token, tokens[k + 1])
            and _adjacent(tokens[k + 1], tokens[k + 2])
            and tokens[k + 2].kind == "word"
        ):
            run.append(tokens[k + 2])  # "his second one-year contract extension", "co-worker"
            compounds.add(tokens[k + 2].start)
            k += 3
            continue
        if token.kind != "word" or token.lower in _ORDINAL_NOUN_STOP:
            break
        if not run and _counts_times(tokens, k):
            run.append(token)  # "the second time hosting", "the fifth time this season"
            k += 1
            break
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if run and token.lower in lx.NOT_EVENTS:
            break  # "a second rehab center following her exit": a preposition ends the thing
        if (_no_thing_word(tokens, k) and token.lower not in lx.COMPARATIVES) or (
            not run and token.lower in _VERBS_AFTER_A_SUBJECT
        ):
            break  # "A Fourth Nolan Batman Film Would've", "the second goes from"; but "the
            # third highest grossing opening": a superlative says what the rank is in
        if (
            run
            and _present_verb_form(token)
            and not _is_plural(run[-1].lower)
            and _opens_a_predicate(following)
        ):
            break  # "a second test verifies that": the thing, then its verb
        if run and (
            token.lower.endswith("ed")
            or token.lower in _VERBS_AFTER_A_SUBJECT
            or (
                token.lower.endswith("ing")
                and not (following is not None and following.text.islower())
            )
        ):
            break  # "the fifth coach fired", "the third witness testifying Tuesday"; but "his
            # fourth NBA scoring title"
        if run and token.text[:1].isupper() and not run[-1].text[:1].isupper():
            break
        run.append(token)
        k += 1
    if not run or len(run[-1].lower) < 2:
        return "", "", first
    if any(_lemma(t.lower) in od.NAMING_HEADS for t in run if t.start not in compounds):
        return "", "", first  # "his fourth quarter drive", "the Ninth District Court"
    head = run[-1]
    if head.lower in lx.MONTHS or head.lower in lx.WEEKDAYS:
        return "", "", first
    return _lemma(head.lower), _surface(tokens, opens, k), k


def _ordinal_is_date(tokens: list[_Token], i: int, after: int) -> bool:
    """'June 20th', 'Nov. 3rd', 'the 15th of December': a day of a month."""

    def is_month(k: int) -> bool:
        return (
            0 <= k < len(tokens)
            and tokens[k].lower.rstrip(".") in lx.MONTHS
            and (tokens[k].lower not in lx.AMBIGUOUS_MONTHS or tokens[k].text[:1].isupper())
        )

    if is_month(i - 1) or (i > 1 and tokens[i - 1].text == "." and is_month(i - 2)):
        return True
    return after < len(tokens) and tokens[after].lower == "of" and is_month(after + 1)


def _clock_at(
    text: str, tokens: list[_Token], i: int, sentence: tuple[int, int]
) -> tuple[FigureMention | None, int] | None:
    """A clock reading at token i ("7:42", "2:03:59"): a duration in seconds where the words
    after it say time runs ("with 7:42 left", "4:43 to play", "ate up 6:05 of the clock", "won
    in 2:03:59"); otherwise the time of day, which reports nothing (None for the mention).
    None where no clock reading starts at i."""
    k = i
    parts = [tokens[i].text]
    while (
        k + 2 < len(tokens)
        and tokens[k + 1].text == ":"
        and _adjacent(tokens[k], tokens[k + 1])
        and _adjacent(tokens[k + 1], tokens[k + 2])
        and tokens[k + 2].kind == "num"
    ):
        parts.append(tokens[k + 2].text)
        k += 2
    after = k + 1
    if len(parts) < 2:
        return None
    seconds = od.clock_seconds(parts)
    if seconds is None:
        return None, after
    following = [t.lower for t in tokens[after : after + 3]]
    runs = bool(following) and following[0] in od.CLOCK_AFTER and following[:1] != ["of"]
    if following[:1] == ["to"]:
        runs = len(following) > 1 and following[1] in od.CLOCK_TO
    if following[:1] == ["of"]:
        runs = following[1:3] == ["the", "clock"]
    if following[:1] in (["on"], ["off"]):
        runs = following[1:3] == ["the", "clock"]
    before = tokens[i - 1].lower if i > 0 else ""
    if len(parts) == 3 and before in ("in", "of", "clocked", "time"):
        runs = True  # "won in 2:03:59", "a time of 2:03:59"
    if not runs:
        return None, after
    qualifier, bound, q_first = _qualifier_before(tokens, i)
    mention = _mention(
        text, tokens, i, after, sentence,
        value=seconds, low=None, high=None, kind="duration", unit="second", rate="", noun="",
        noun_text="", event=_time_left(tokens, after) or _event_before(tokens, q_first),
        qualifier=qualifier, bound=bound, modality="reported", vague=False,
        precision=_significant_digits(f"{seconds:.0f}"),
    )  # fmt: skip
    return mention, after


_LEFT_WORDS = frozenset({"left", "remaining", "remain", "remained"})


def _time_left(tokens: list[_Token], k: int) -> str:
    """'remaining' where the words at token k say a time is what is left of a game or a
    period ("7:42 left", "12 seconds remaining", "4:43 to play", "to go"), else ""."""
    if k >= len(tokens):
        return ""
    word = tokens[k].lower
    if word in _LEFT_WORDS:
        return "remaining"
    if word == "to" and k + 1 < len(tokens) and tokens[k + 1].lower in od.CLOCK_TO:
        return "remaining"
    return ""


def _single_span(tokens: list[_Token], i: int) -> _Core | None:
    """One unit of time ("a week", "an hour") or half of one ("a half century") written with
    "a"/"an" at token i, where the words around it make it a span (reader/figures/spans.py):
    "a week after suffering a heart attack", "for a year", "in less than a month"."""
    read = spans.unit_after_article([t.lower for t in tokens[i + 1 : i + 4]])
    if read is None:
        return None
    value, unit_at = read
    k = i + 1 + unit_at
    before = tokens[i - 1] if i > 0 else None
    if before is not None and (before.kind == "num" or spans.rules_out_a_span(before.lower)):
        return None
    after = tokens[k + 1].lower if k + 1 < len(tokens) else ""
    if (
        spans.framed_as_span(before.lower if before else "", after)
        or _qualifier_before(tokens, i)[0]
    ):
        return _Core(i, k, value, 1)
    return None


# One unit of time in a smaller one, for durations written in two units ("7 minutes 41
# seconds", "two hours and 30 minutes", "three years and six months").
_SMALLER_UNITS = {
    ("hour", "minute"): 60.0,
    ("hour", "second"): 3600.0,
    ("minute", "second"): 60.0,
    ("day", "hour"): 24.0,
    ("week", "day"): 7.0,
    ("year", "month"): 12.0,
}


def _joined_durations(text: str, mentions: list[FigureMention]) -> list[FigureMention]:
    """Durations written in two units one after the other, read as one duration in the
    smaller unit: "7 minutes 41 seconds" is 461 seconds, not 7 minutes and 41 seconds."""
    if len(mentions) < 2:
        return mentions
    joined: list[FigureMention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == mention.kind == "duration"
            and previous.value is not None
            and mention.value is not None
            and previous.high is None
            and mention.high is None
            and not mention.qualifier
            and (previous.unit, mention.unit) in _SMALLER_UNITS
            and text[previous.end : mention.start].strip(" ,").lower() in ("", "and")
        ):
            factor = _SMALLER_UNITS[(previous.unit, mention.unit)]
            joined[-1] = replace(
                previous,
                end=mention.end,
                text=text[previous.start : mention.end],
                value=previous.value * factor + mention.value,
                unit=mention.unit,
                event=mention.event if mention.event == "remaining" else previous.event,
                precision=max(previous.precision, mention.precision),
            )
            continue
        joined.append(mention)
    return joined


def _twice(
    text: str, tokens: list[_Token], i: int, sentence: tuple[int, int], times: float = 2.0
) -> FigureMention:
    """'married twice', 'twice cut the lead', 'shot him once in the head': how often, two
    times (or ``times``), as "three times" is."""
    event = _event_before(tokens, i) or _event_after(tokens, i + 1)
    if (
        not event
        and i >= 2
        and (
            tokens[i - 1].lower in _PRONOUNS | _OBJECT_PRONOUNS or tokens[i - 1].text[:1].isupper()
        )
    ):
        event = _event_before(tokens, i - 1)  # "shot Ortiz once": the verb before its object
    if not event:
        verb = next((t.lower for t in tokens[max(i - 2, 0) : i] if t.lower in _VERBS_OF_TIMES), "")
        event = verb  # "lost only once", "shot Ortiz once": pasts no "-ed" marks
    qualifier, bound, _ = _qualifier_before(tokens, i)  # "at least once", "nearly twice"
    return _mention(
        text, tokens, i, i + 1, sentence,
        value=times, low=None, high=None, kind="count", unit="", rate="", noun="time",
        noun_text="", event=event, qualifier=qualifier, bound=bound or "exact",
        modality=_modality(tokens, i, i + 1), vague=False, precision=1,
    )  # fmt: skip


_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "me", "us"})
# Past forms without "-ed" that say what was done so many times ("shot him once").
_VERBS_OF_TIMES = lx.IRREGULAR_PASTS | {"shot", "hit", "struck", "beat", "won"}
# Words before "once" that make it "formerly" or "as soon as", or a bound, not a count: "who
# once was", "had once", "more than once", "at once", "for once", "all at once".
_NOT_ONCE_BEFORE = frozenset(
    {"who", "which", "that", "what", "was", "is", "were", "are", "had", "has", "have", "be",
     "been", "than", "at", "for", "all", "and", "but", "or", "it", "he", "she", "they", "we",
     "i", "you", "there", "this", "the", "a"}
)  # fmt: skip
# Words after "once" that make it no count of times: "once again", "once more", "once upon",
# "once a week" (a rate), "once the deal closes".
_NOT_ONCE_AFTER = frozenset({"again", "more", "upon", "a", "an", "every", "per"})


def _once_counts(tokens: list[_Token], i: int) -> bool:
    """Whether "once" at token i counts one time, as "twice" counts two: after a verb or its
    object, closing the clause or before a phrase of place or time ("He shot Ortiz once in the
    head", "married only once."); not "once" as "formerly" or "as soon as" ("who once was",
    "once the deal closes", "once again")."""
    if i == 0 or tokens[i - 1].kind != "word" or tokens[i - 1].lower in _NOT_ONCE_BEFORE:
        return False
    if not tokens[i].text.islower():
        return False  # "Live Once": a title's words, no report
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is None or following.kind == "punct":
        return True
    word = following.lower
    if word in _NOT_ONCE_AFTER:
        return False
    if word == "in" and i + 2 < len(tokens) and tokens[i + 2].lower == "a":
        return False  # "once in a while"
    return word in _PREPOSITIONS or word in _CLAUSE_ENDS or word == "before"


def _without_listing(mentions: list[FigureMention]) -> list[FigureMention]:
    """A sentence that is a property listing ("1 bed / 1 bath, 650 sq ft") reports no news
    figure: where two or more of its counts are of rooms, its counts and areas are dropped."""
    if len(mentions) < 2:
        return mentions
    rooms = sum(1 for m in mentions if m.kind == "count" and m.noun in lx.LISTING_NOUNS)
    if rooms < 2:
        return mentions
    return [
        m
        for m in mentions
        if not (
            (m.kind == "count" and m.noun in lx.LISTING_NOUNS)
            or (m.kind == "measure" and m.unit.startswith("sq"))
        )
    ]


def _one_compound(
    text: str, tokens: list[_Token], i: int, sentence: tuple[int, int]
) -> tuple[FigureMention, int] | None:
    """'a one-yard pass', 'a one-day strike': "one" written onto a unit is a measure."""
    if not (
        i + 2 < len(tokens)
        and tokens[i + 1].text == "-"
        and _adjacent(tokens[i], tokens[i + 1])
        and _adjacent(tokens[i + 1], tokens[i + 2])
        and tokens[i + 2].lower in lx.UNIT_WORDS
    ):
        return None
    return _figure_at(text, tokens, _Core(i, i + 1, 1.0, 1), sentence)


def _one_harmed(
    text: str, tokens: list[_Token], i: int, sentence: tuple[int, int]
) -> tuple[FigureMention, int] | None:
    """'The gunman killed one and injured two': "one" as the object of a harming verb, its
    clause ending after it, is one person harmed."""
    if not (i > 0 and _harms(tokens[i - 1].lower) and _stands_alone(tokens, i, i + 1)):
        return None
    return _figure_at(text, tokens, _Core(i, i + 1, 1.0, 1), sentence)


def _one_happened_to(
    text: str, tokens: list[_Token], i: int, sentence: tuple[int, int]
) -> tuple[FigureMention, int] | None:
    """'killing one man', 'One victim died', 'one juror was dismissed': "one" before a thing
    that something happened to is a count; "one" alone, "one of them", "one day" are not."""
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is None or following.kind != "word" or following.lower in lx.NOUN_STOP:
        return None
    found = _figure_at(text, tokens, _Core(i, i + 1, 1.0, 1), sentence)
    if found is None:
        return None
    mention = found[0]
    if mention.kind != "count" or not mention.noun or not mention.event:
        return None
    return found


# Words right before "one" that make it a number said as such: "just one season", "only one
# shot", "more than one", "exactly one".
_LIMITING_ONE = frozenset({"just", "only", "exactly", "than", "least", "merely", "single"})
# Prepositions before "one" and a unit of time that make them a span: "after one season",
# "for one year", "within one week" (not the idiom "one day he will").
_SPAN_BEFORE_ONE = frozenset({"after", "for", "within", "in", "over", "during", "than"})
# Periods a span of time is counted in, where a preposition before "one" makes it a span.
_PERIOD_NOUNS = frozenset(
    {"season", "term", "campaign", "stint", "spell", "tour", "night", "inning", "round"}
)
# How far past "one" a coordinated count may start: "one count of kidnapping and two ...",
# "One Australian and one English climber".
_COORDINATION_REACH = 6


# Adjectives that stand for a person's description after "one" ("two jurors, one white and
# one black"): no thing counted.
_DESCRIBING_ADJECTIVES = frozenset(
    {"white", "black", "brown", "asian", "hispanic", "latino", "male", "female", "young", "old"}
)


def _plain_thing(noun_text: str) -> bool:
    """Whether the words read as the thing "one" counts are a noun phrase: no participle or
    adverb in it ("the only one trying something", "one deeply democratic"), no word run
    onto the next by a dash ("one Asian man-began hearing"), no bare description ("one
    white")."""
    words = noun_text.lower().split()
    if not words or (len(words) == 1 and words[0] in _DESCRIBING_ADJECTIVES):
        return False
    return not any(w.endswith(("ing", "ly")) or "-" in w.strip("-") for w in words)


def _one_counted(
    text: str,
    tokens: list[_Token],
    i: int,
    sentence: tuple[int, int],
    mentions: list[FigureMention],
) -> tuple[FigureMention, int] | None:
    """'two counts of murder and one count of kidnapping', 'after just one season', 'one week
    ago', 'One Australian and one English climber': "one" before a thing is a count (or a
    span) where the sentence says it is a number: a limiting word before it, a span's
    preposition or "ago" around a unit of time, or another count coordinated with it (a count
    of the same thing before it, or "and"/"or" and a number soon after it). "One of them",
    "one day he will", "the one who" stay no figure."""
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is None or following.kind != "word":
        return None
    ranged = following.lower in ("to", "or") and i + 2 < len(tokens)
    if following.lower in lx.NOUN_STOP and not ranged:
        return None
    coordinated = _coordinated_head(text, tokens, i, sentence, mentions)
    if coordinated is not None:
        return coordinated
    found = _figure_at(text, tokens, _Core(i, i + 1, 1.0, 1), sentence)
    if found is None:
        return None
    mention, after = found
    if mention.high is not None:
        return found  # "one to three years", "one or two shots"
    before = tokens[i - 1].lower if i > 0 else ""
    if mention.kind == "duration" or (
        mention.kind == "count" and mention.noun in _PERIOD_NOUNS and before in _SPAN_BEFORE_ONE
    ):
        ago = after < len(tokens) and tokens[after].lower in lx.NOT_RATE_AFTER
        said = ago or before in _SPAN_BEFORE_ONE or before in _LIMITING_ONE or mention.qualifier
        return found if said else None
    if mention.kind != "count" or not mention.noun or not _plain_thing(mention.noun_text):
        return None
    if mention.qualifier or before in _LIMITING_ONE or kin_class(mention.noun) == "charge":
        return found  # "just one shot"; "one count of kidnapping" is always a count
    if before in ("and", "or") and any(
        m.sentence_start == sentence[0] and tokens[k].start == m.start
        for m in mentions[-2:]
        for k in range(max(0, i - _COORDINATION_REACH), i)
    ):
        return found  # "One Australian and one English climber"
    if any(m.noun == mention.noun and m.sentence_start == sentence[0] for m in mentions):
        return found  # "two counts of murder and one count of kidnapping"
    for k in range(i + 2, min(len(tokens) - 1, i + 2 + _COORDINATION_REACH)):
        if tokens[k].lower in ("and", "or") and (
            tokens[k + 1].kind == "num" or tokens[k + 1].lower in lx.UNITS_WORDS
        ):
            return found  # "one count of kidnapping and two of ...", "one ... and one ..."
        if tokens[k].text in (".", ";", "(", ")"):
            break
    return None


def _coordinated_head(
    text: str,
    tokens: list[_Token],
    i: int,
    sentence: tuple[int, int],
    mentions: list[FigureMention],
) -> tuple[FigureMention, int] | None:
    """'two murder charges and one attempted murder charge': "one" after "and"/"or" whose
    phrase ends, within a few words, on the head a count just before it counts (its singular)
    is a count of that thing; None otherwise."""
    if i < 1 or tokens[i - 1].lower not in _COORDINATORS:
        return None
    heads = {m.noun for m in mentions[-2:] if m.sentence_start == sentence[0] and m.noun}
    if not heads:
        return None
    for k in range(i + 1, min(len(tokens), i + 5)):
        token = tokens[k]
        if token.kind != "word" or (token.lower in lx.NOUN_STOP and k > i + 1):
            return None
        if not _is_plural(token.lower) and _lemma(token.lower) in heads:
            mention = _mention(
                text, tokens, i, i + 1, sentence, value=1.0, low=None, high=None,
                kind="count", unit="", rate="", noun=_lemma(token.lower),
                noun_text=_surface(tokens, i + 1, k + 1), event=_event_after(tokens, k + 1),
                qualifier="", bound="exact", modality=_modality(tokens, i, k + 1),
                vague=False, precision=1,
            )  # fmt: skip
            return mention, k + 1
    return None


def _name_end(tokens: list[_Token], k: int) -> int:
    """The end of a person's name from token k ("Duncan Rait", "Jerymayne Timmons"): a run of
    capitalised words not followed by a lower-case noun they would modify ("American
    southpaw"); k itself where none starts there."""
    end = k
    while end < len(tokens) and end - k < 4 and tokens[end].kind == "word":
        word = tokens[end]
        if not word.text[:1].isupper() or word.lower in _DETERMINERS or word.text == "I":
            break
        end += 1
    following = tokens[end] if end < len(tokens) else None
    if following is not None and following.kind == "word" and _names_a_thing(following):
        return k  # the capitalised words modify a noun: "the 40-year-old American southpaw"
    return end


def _whose_age(name: str) -> tuple[str, str]:
    """(noun, noun_text) of a named person's age: the surname, so that ages line up only for
    one person ("Duncan Rait, 36" and "Rait, 32" differ; two people's ages never conflict);
    a pronoun or no name is a person, unnamed."""
    if not name or name.lower() in _AGE_SUBJECTS:
        return "person", ""
    return name.split()[-1].lower(), name


# Words that say an age follows: "aged 35", "a man, 35, was", "two boys, ages 6 and 16".
_AGE_CUES = frozenset({"aged", "age", "ages"})
_AGE_SUBJECTS = frozenset({"he", "she", "who"})
# The token right before an age, as written: a comma, "aged", "was", "is", "died at", "now",
# "turned", the "and" of "ages 6 and 16".
_BEFORE_AGE = frozenset(
    {",", "aged", "age", "ages", "was", "is", "at", "now", "turned", "and", "of", "-"}
)
_AFTER_APPOSITION = frozenset({",", ".", ";", ")", "was", "is", "has", "had", "of", "and", "who"})
# Words that open a new phrase after a dash run onto a figure, where copy lost the spaces
# around a dash ("Robyn Mendes, 48-an ex-girlfriend"): the dash ends the figure.
_AFTER_A_DASH = frozenset(
    {"a", "an", "the", "and", "who", "his", "her", "their", "whose", "which", "more", "less"}
)


def _dash_ends(tokens: list[_Token], k: int) -> bool:
    """Whether token k is a dash that ends the phrase before it: glued to a word that opens a
    new phrase ("48-an ex-girlfriend", "points-13 more than")."""
    return (
        k + 1 < len(tokens)
        and tokens[k].text in ("-", "–", "—")
        and tokens[k + 1].lower in _AFTER_A_DASH
    )


# Verbs before "at 91" that make it the age someone died at: "died Thursday at 91".
_DYING_WORDS = frozenset({"died", "dies", "die", "dead", "passed"})
# Name suffixes closed by a full stop before the comma of an age: "Comeaux Jr., 49".
_NAME_SUFFIXES = frozenset({"jr", "sr"})


def _age_at(
    text: str, tokens: list[_Token], core: _Core, sentence: tuple[int, int]
) -> FigureMention | None:
    """'John Jenkin, 23, was arrested', 'Benjamin Banky, 40.', 'aged 35', 'She was 91.': a
    person's age given after their name or as what they are; the same record as a
    '35-year-old', a measure in years old."""
    first = core.first
    if first < 1 or tokens[first - 1].lower not in _BEFORE_AGE:
        return None  # the common case, decided from one token
    if first == 1:
        return _age_opening(text, tokens, core, sentence)
    if _childhood_age(tokens, core):
        return _mention(
            text, tokens, first, core.after, sentence,
            value=core.value, low=None, high=None, kind="measure", unit="years old", rate="",
            noun="person", noun_text="", event="", qualifier="", bound="exact",
            modality="reported", vague=False, precision=core.precision,
        )  # fmt: skip
    if not _bare_digits(tokens, core) or not 1 <= core.value <= 120:
        return None
    after = core.after
    following = tokens[after] if after < len(tokens) else None
    before, name = tokens[first - 1], ""
    if before.text == "-":
        # "Capaldi's age-55": an age cue glued to its number by a dash
        if not (_adjacent(tokens[first - 2], before) and tokens[first - 2].lower in _AGE_CUES):
            return None
        before = tokens[first - 2]
    if (
        following is not None
        and following.lower not in _AFTER_APPOSITION
        and not _dash_ends(tokens, after)
        and before.lower not in ("at", "turned")
        and not (before.lower in ("was", "is") and following.lower in ("at", "when"))
    ):
        return None  # "Saturday, 12 people died": the number counts what follows it
    if before.lower == "and":
        # "ages 6 and 16": the second of two ages
        if not (
            first >= 3 and tokens[first - 2].kind == "num" and tokens[first - 3].lower in _AGE_CUES
        ):
            return None
        name_start = first - 3
    elif before.lower in ("at", "turned"):
        # "died Thursday at 91", "who turned 68 on Saturday": nothing counted follows
        if following is not None and (
            (following.kind == "word" and _names_a_thing(following))
            or (_adjacent(tokens[first], following) and following.kind == "word")
            or following.text == ":"
        ):
            return None  # "at 12 sites", "died at 6:41pm", "at 9pm"
        if before.lower == "at" and not any(
            t.lower in _DYING_WORDS for t in tokens[max(0, first - 4) : first - 1]
        ):
            return None
        name_start = first - 1
    elif before.lower in _AGE_CUES:
        name_start = first - 1 if tokens[first - 1] is before else first - 2
    elif before.lower == "of":
        if tokens[first - 2].lower != "age":
            return None  # "at the age of 91"
        name_start = first - 2
    elif before.text == "," or (before.lower == "now" and tokens[first - 2].text == ","):
        return _age_after_name(text, tokens, core, sentence)
    elif (
        before.lower in ("was", "is")
        and (tokens[first - 2].lower in _AGE_SUBJECTS or tokens[first - 2].text[:1].isupper())
        and (following is None or following.lower in (".", ",", ";", "and", "at", "when"))
    ):
        name, name_start = tokens[first - 2].text, first - 2  # "who was 18 at the time"
    else:
        return None
    event = _event_after(
        tokens, after + 1 if following is not None and following.text == "," else after
    )
    noun, name = _whose_age(name)
    return _mention(
        text, tokens, first, after, sentence,
        value=core.value, low=None, high=None, kind="measure", unit="years old", rate="",
        noun=noun, noun_text=name, event=event or _event_before(tokens, name_start),
        qualifier="", bound="exact", modality="reported", vague=False, precision=core.precision,
    )  # fmt: skip


# Words opening a clause that places a time in someone's life: "since I was nine".
_LIFE_TIME_WORDS = frozenset({"since", "when", "until", "till", "before", "after"})
_PERSONAL_PRONOUNS = frozenset({"i", "he", "she", "we", "they", "you"})


def _childhood_age(tokens: list[_Token], core: _Core) -> bool:
    """'since I was nine', 'when she was 12.': a whole number closing "when/since <pronoun>
    was", an age in digits or words."""
    first, after = core.first, core.after
    return (
        first >= 3
        and tokens[first - 1].lower in ("was", "were")
        and tokens[first - 2].lower in _PERSONAL_PRONOUNS
        and tokens[first - 3].lower in _LIFE_TIME_WORDS
        and not core.scaled
        and core.value == int(core.value)
        and 1 <= core.value <= 120
        and (after >= len(tokens) or tokens[after].text in (".", ",", ";", "!", "?", '"', "”"))
    )


def _age_opening(
    text: str, tokens: list[_Token], core: _Core, sentence: tuple[int, int]
) -> FigureMention | None:
    """'At 55, he is the same age as Hartnell': an age opening its sentence, set off by a
    comma before whom it is of."""
    following = tokens[core.after] if core.after < len(tokens) else None
    if not (
        tokens[0].lower == "at"
        and _bare_digits(tokens, core)
        and 13 <= core.value <= 120  # "At 10, the fire was out": a time
        and following is not None
        and following.text == ","
        and core.after + 1 < len(tokens)
        and (
            tokens[core.after + 1].lower in _AGE_SUBJECTS
            or tokens[core.after + 1].text[:1].isupper()
        )
    ):
        return None
    return _age_mention(text, tokens, core, sentence, "", 0)


def _age_after_name(
    text: str, tokens: list[_Token], core: _Core, sentence: tuple[int, int]
) -> FigureMention | None:
    """'John Jenkin, 23, was', 'Comeaux Jr., 49,', 'the shootings of Riva, 47, of Troy', 'The
    actress, 33,', 'Brent Jeffs, now 28': an age set off by commas after who it is."""
    first, after = core.first, core.after
    following = tokens[after] if after < len(tokens) else None
    if _in_list_of_names(tokens, core):
        return None  # "Windows XP, Vista, 7, 8": a version listed after a name, no age
    comma = first - 1 if tokens[first - 1].text == "," else first - 2  # ", now 28"
    k = comma - 1
    if (
        k >= 2
        and tokens[k].text == "."
        and tokens[k - 1].lower in _NAME_SUFFIXES
        and _adjacent(tokens[k - 1], tokens[k])
    ):
        k -= 1  # "Arcade Joseph Comeaux Jr., 49": the suffix is part of the name
    if k < 0 or tokens[k].kind != "word":
        return None
    end = k + 1
    while k >= 0 and tokens[k].kind == "word" and tokens[k].text[:1].isupper():
        k -= 1
    named = tokens[k + 1 : end]
    if named and any(
        t.lower in lx.MONTHS or t.lower in lx.WEEKDAYS or t.lower in _PREPOSITIONS for t in named
    ):
        return None  # "On June 24, 20": a date; a place or a time before the comma
    if not named:
        # "The actress, 33, reportedly", "the troubled actress, 26,": a person named by what
        # they are, after "the"
        opener = k - 1
        if opener >= 1 and tokens[opener].kind == "word" and tokens[opener].text.islower():
            opener -= 1  # an adjective between
        if not (
            opener >= 0
            and tokens[k].lower not in lx.NOUN_STOP
            and tokens[opener].lower in ("the", "a")
            and following is not None
            and following.text == ","
        ):
            return None
        return _age_mention(text, tokens, core, sentence, "", opener)
    if (
        k >= 0
        and tokens[k].lower in _PREPOSITIONS
        and (following is None or following.text != ",")
        and tokens[first - 1].lower != "now"
    ):
        return None  # "In Paris, 12": a place opens the clause
    words = [t.text for t in named if t.lower not in _NAME_SUFFIXES]
    name = " ".join(words[-3:])
    return _age_mention(text, tokens, core, sentence, name, k + 1)


def _age_mention(
    text: str,
    tokens: list[_Token],
    core: _Core,
    sentence: tuple[int, int],
    name: str,
    name_start: int,
) -> FigureMention:
    after = core.after
    following = tokens[after] if after < len(tokens) else None
    event = _event_after(
        tokens, after + 1 if following is not None and following.text == "," else after
    )
    noun, name = _whose_age(name)
    return _mention(
        text, tokens, core.first, after, sentence,
        value=core.value, low=None, high=None, kind="measure", unit="years old", rate="",
        noun=noun, noun_text=name, event=event or _event_before(tokens, name_start),
        qualifier="", bound="exact", modality="reported", vague=False, precision=core.precision,
    )  # fmt: skip


# Words after "20-13" that make it a score or a record (each number its own count), not a range.
_TALLY_WORDS = frozenset(
    {"win", "victory", "loss", "defeat", "lead", "record", "start", "mark", "tie", "score",
     "vote", "decision", "ruling", "margin", "halftime", "deficit", "edge", "run", "finish",
     "season", "count", "split", "majority", "verdict", "advantage", "triumph", "drubbing",
     "rout", "draw", "overtime", "home", "road", "away", "shootout"}
)  # fmt: skip


def _tally_at(
    text: str, tokens: list[_Token], core: _Core, sentence: tuple[int, int]
) -> tuple[list[FigureMention], int] | None:
    """'beat Chiefs 20-13', 'a 7-0 lead', 'improved his record to 58-3', 'a 5-4 vote': two whole
    numbers joined by a hyphen, with no unit or plural thing after them (which would make them
    a range, "10-12 people"), are a score or a tally: each number a count of its own."""
    j = core.after
    if j + 1 >= len(tokens) or tokens[j].text not in ("-", "–"):
        return None  # the common case, decided from one token
    made = _made_of_attempted(text, tokens, core, sentence)
    if made is not None:
        return made
    if (
        not _bare_digits(tokens, core)
        or j + 1 >= len(tokens)
        or tokens[j].text not in ("-", "–")
        or not _adjacent(tokens[j - 1], tokens[j])
        or not _adjacent(tokens[j], tokens[j + 1])
        or tokens[j + 1].kind != "num"
        or not tokens[j + 1].text.isdigit()
    ):
        return None
    first, second = tokens[core.first], tokens[j + 1]
    if (
        len(first.text) > 3
        or len(second.text) > 3
        or (len(first.text) == 3 and len(second.text) == 4)
    ):
        return None  # a season (2006-07), a year span, a phone number (555-1234)
    before = tokens[core.first - 1] if core.first > 0 else None
    if before is not None and _adjacent(before, first) and before.kind != "punct":
        return None  # an identifier: "A-320-200"
    if before is not None and before.text in ("-", "/", "#", ".", ":") and _adjacent(before, first):
        return None
    after = j + 2
    following = tokens[after] if after < len(tokens) else None
    if following is not None and _adjacent(second, following) and following.kind == "word":
        return None  # "10-12pm", "3-2D"
    numbers = [core.first, j + 1]
    third = _third_of_record(tokens, after)
    if third > 0:
        numbers.append(third)  # "Rahman (45-7-2, 36 KOs)": wins, losses, draws
        after = third + 1
        following = tokens[after] if after < len(tokens) else None
    if (
        following is not None
        and following.text in ("-", "/", ":", "%", ".")
        and _adjacent(second, following)
        and not (following.text == "." and after + 1 >= len(tokens))
    ):
        return None  # "2-3-1", "9-11/", "3-4%", but "won 20-13." at the end
    upper = int(second.text)
    lower = int(first.text)
    if (
        following is not None
        and following.kind == "word"
        and lower < upper
        and not following.text[:1].isupper()  # "the 0-14 Lions": a name, not a range's thing
    ):
        word = following.lower
        if word not in _TALLY_WORDS and (
            word in lx.UNIT_WORDS or word in lx.PERCENT_WORDS or _is_plural(word)
        ):
            return None  # "10-12 people", "3-5 years": a range
    opponent = core.first
    while opponent > 0 and (
        tokens[opponent - 1].text[:1].isupper() or tokens[opponent - 1].lower == "the"
    ):
        opponent -= 1  # "beat the Chiefs 20-13": what happened is said before the opponent
    event = _event_before(tokens, core.first) or _event_before(tokens, opponent)
    mentions = []
    for index in numbers:
        number = tokens[index]
        mentions.append(
            _mention(
                text, tokens, index, index + 1, sentence,
                value=float(number.text), low=None, high=None, kind="count", unit="", rate="",
                noun="", noun_text="", event=event, qualifier="", bound="exact",
                modality="reported", vague=False, precision=_significant_digits(number.text),
            )
        )  # fmt: skip
    return mentions, numbers[-1] + 1


def _dimensions_at(
    text: str, tokens: list[_Token], core: _Core, sentence: tuple[int, int]
) -> tuple[list[FigureMention], int] | None:
    """'a 1920 x 1200 display', 'cells 8-by-12 feet', 'a 480 by 360 pixel screen': two sides of
    a size, each a figure in the unit (or of the thing) named after the second."""
    j = core.after
    if j + 1 >= len(tokens) or tokens[j].lower not in ("x", "×", "by", "-"):
        return None  # the common case, decided from one token
    k = j + 1
    if tokens[j].text == "-":  # "8-by-12"
        if not (
            j + 3 < len(tokens)
            and tokens[k].lower == "by"
            and tokens[k + 1].text == "-"
            and all(_adjacent(tokens[m], tokens[m + 1]) for m in range(j - 1, j + 3))
        ):
            return None
        k = j + 3
    if not (_bare_digits(tokens, core) and tokens[k].kind == "num" and tokens[k].text.isdigit()):
        return None
    second = _Core(k, k + 1, float(tokens[k].text), _significant_digits(tokens[k].text))
    quantity = _quantity_after(tokens, second, None)
    noun, surface, event, _next = _noun_after(tokens, quantity.after)
    if tokens[j].lower == "by" and quantity.kind == "count" and not noun:
        return None  # "grew by 5", "by 2010": no size
    mentions = []
    for index, number in ((core.first, core), (k, second)):
        mentions.append(
            _mention(
                text, tokens, index, quantity.after if index == k else index + 1, sentence,
                value=number.value, low=None, high=None, kind=quantity.kind,
                unit=quantity.unit, rate="", noun=noun, noun_text=surface, event=event,
                qualifier="", bound="exact", modality="reported", vague=False,
                precision=number.precision,
            )
        )  # fmt: skip
    return mentions, quantity.after


def _made_of_attempted(
    text: str, tokens: list[_Token], core: _Core, sentence: tuple[int, int]
) -> tuple[list[FigureMention], int] | None:
    """'finished 7-for-14 from the field', 'just 1-of-16': shots made of shots taken, each
    number a count of its own."""
    j = core.after
    if not (
        _bare_digits(tokens, core)
        and j + 3 < len(tokens)
        and tokens[j + 1].lower in ("of", "for")
        and tokens[j + 2].text == "-"
        and tokens[j + 3].kind == "num"
        and tokens[j + 3].text.isdigit()
        and all(_adjacent(tokens[k], tokens[k + 1]) for k in range(j - 1, j + 3))
    ):
        return None
    event = _event_before(tokens, core.first)
    mentions = []
    for index in (core.first, j + 3):
        mentions.append(
            _mention(
                text, tokens, index, index + 1, sentence,
                value=float(tokens[index].text), low=None, high=None, kind="count", unit="",
                rate="", noun="", noun_text="", event=event, qualifier="", bound="exact",
                modality="reported", vague=False,
                precision=_significant_digits(tokens[index].text),
            )
        )  # fmt: skip
    return mentions, j + 4


def _third_of_record(tokens: list[_Token], k: int) -> int:
    """The index of the third number of a won-lost-drawn record ("45-7-2", "14-13-2") that
    token k's hyphen opens, else -1: not four numbers ("4-2-3-1", a formation) and not a date
    ("12-23-12": a month, a day, a year of two digits)."""
    if not (
        k + 1 < len(tokens)
        and tokens[k].text in ("-", "–")
        and _adjacent(tokens[k - 1], tokens[k])
        and _adjacent(tokens[k], tokens[k + 1])
        and tokens[k + 1].kind == "num"
        and tokens[k + 1].text.isdigit()
        and len(tokens[k + 1].text) <= 2
    ):
        return -1
    after = tokens[k + 2] if k + 2 < len(tokens) else None
    if after is not None and _adjacent(tokens[k + 1], after) and after.kind != "punct":
        return -1
    if after is not None and after.text in ("-", "–", "/", ":") and _adjacent(tokens[k + 1], after):
        return -1
    first, second = int(tokens[k - 3].text), int(tokens[k - 1].text)
    if first <= 12 and second <= 31 and len(tokens[k + 1].text) == 2:
        return -1
    return k + 1


_FRACTION_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
# "the first half of the year", "the other half of the team": a part, not a share.
_NOT_BEFORE_HALF = frozenset(
    {"the", "first", "second", "other", "last", "latter", "former", "this", "that", "each"}
)
_ARTICLES = frozenset({"a", "an"})
_OF_WHAT = frozenset(_DETERMINERS) - _ARTICLES  # "a third of the town", "half of their staff"
# "half of the season", "a quarter of an hour": a part of a time, not a share of a thing.
_NOT_SHARED = (
    frozenset(lx.UNIT_WORDS) | {"time", "way", "season", "match", "game", "term"} | _ARTICLES
)


def _fraction_words(tokens: list[_Token], i: int) -> tuple[float, int] | None:
    """'half', 'a third', 'two-thirds', 'three quarters' from token i: (percentage, index after)."""
    word = tokens[i].lower
    if word == "half":
        if i > 0 and tokens[i - 1].lower in _NOT_BEFORE_HALF:
            return None
        return 50.0, i + 1
    count = _FRACTION_COUNTS.get(word)
    if count is None:
        return None
    j = i + 1
    if j < len(tokens) and tokens[j].text == "-" and _adjacent(tokens[i], tokens[j]):
        j += 1  # "two-thirds"
    if j >= len(tokens) or tokens[j].lower not in lx.FRACTIONS:
        return None
    if (count > 1) != tokens[j].lower.endswith("s"):
        return None  # "two third", "a thirds": no fraction
    share = count * lx.FRACTIONS[tokens[j].lower]
    return (share, j + 1) if share < 100 else None


def _fraction_at(
    text: str, tokens: list[_Token], i: int, sentence: tuple[int, int]
) -> tuple[FigureMention | None, int] | None:
    """'a third of households', 'two-thirds of voters', 'nearly half the staff': a share, as a
    percentage, kept approximate (a fraction is a round way of saying a share); 'a quarter of
    a million people' is a count. (None, next index) for a fraction that is no figure ("three
    quarters of the way"), so its number word is not read as a count either."""
    fraction = _fraction_words(tokens, i)
    if fraction is None:
        return None
    share, j = fraction
    if j + 1 >= len(tokens):
        return None
    has_of = tokens[j].lower == "of"
    if not has_of and not (tokens[i].lower == "half" and tokens[j].lower in _OF_WHAT):
        return None  # "half the staff" needs no "of"; a third does
    k = j + 1 if has_of else j
    while k < len(tokens) and tokens[k].lower in _OF_WHAT:
        k += 1
    scale = tokens[k + 1].lower if k + 1 < len(tokens) else ""
    if scale in _LARGE_SCALES and tokens[k].lower in _ARTICLES:
        # "a quarter of a million people": a count, read on as any other
        value = share / 100 * lx.SCALE_WORDS[scale]
        return _figure_at(text, tokens, _Core(i, k + 2, value, 2, scaled=True), sentence)
    if k >= len(tokens) or tokens[k].lower in _NOT_SHARED:
        return None, j
    noun, surface, event, after_noun = _shared_thing(tokens, j if has_of else k)
    qualifier, bound, first = _qualifier_before(tokens, i)
    mention = _mention(
        text, tokens, first, j, sentence,
        value=round(share, 1), low=None, high=None, kind="percent", unit="%", rate="",
        noun=noun, noun_text=surface, event=event, qualifier=qualifier,
        bound="approx" if bound == "exact" else bound,
        modality=_modality(tokens, first, after_noun, "percent"), vague=False, precision=2,
    )  # fmt: skip
    return mention, k


def _shared_thing(tokens: list[_Token], j: int) -> tuple[str, str, str, int]:
    """_noun_after for what a share is of ("a third of households cannot", "30% of adults
    smoke"): mostly people or things counted in the plural, which tells where the thing ends;
    else one whole ("40% of the town")."""
    found = _noun_after(tokens, j, plural_expected=True)
    return found if found[0] else _noun_after(tokens, j)


def _share_at(
    text: str, tokens: list[_Token], core: _Core, sentence: tuple[int, int]
) -> tuple[FigureMention, int] | None:
    """'one in five children', '9 out of 10 Americans': a share, as a percentage (20%, 90%),
    so that it lines up with reports that give the percentage."""
    part = core.value
    j = core.after
    if core.scaled or part != int(part) or part < 1 or j + 1 >= len(tokens):
        return None
    if tokens[j].lower == "in":
        j += 1
        if tokens[j].lower == "every" and j + 1 < len(tokens):
            j += 1  # "one in every 500 users"
    elif tokens[j].lower == "out" and tokens[j + 1].lower == "of":
        j += 2
    else:
        return None
    whole = _read_core(tokens, j) if j < len(tokens) else None
    if whole is None or whole.value != int(whole.value):
        return None
    if whole.scaled and tokens[whole.first].lower not in ("a", "an"):
        return None  # "one in a hundred" is 1%; "one in 3 million" is no share of anything
    if not part < whole.value <= 1000:
        return None  # "1 in 2023" is a year
    after = whole.after
    if after < len(tokens) and tokens[after].lower in lx.UNIT_WORDS:
        return None  # "two in three weeks"
    noun, surface, event, after_noun = _noun_after(tokens, after, plural_expected=True)
    qualifier, bound, first = _qualifier_before(tokens, core.first)
    if first > 0 and tokens[first - 1].lower in lx.RATING_WORDS:
        # "rated 3 out of 100": a score on a scale, not a share of anything
        mention = _mention(
            text, tokens, first, whole.after, sentence,
            value=part, low=None, high=None, kind="measure",
            unit=f"out of {whole.value:.0f}", rate="", noun=noun, noun_text=surface,
            event=_event_lemma(tokens[first - 1].lower), qualifier=qualifier, bound=bound,
            modality="reported", vague=False, precision=core.precision,
        )  # fmt: skip
        return mention, after
    # A share is kept at two significant digits: "one in three" is 33%, not 33.3333%.
    mention = _mention(
        text, tokens, first, after, sentence,
        value=round(part / whole.value * 100, 1), low=None, high=None, kind="percent",
        unit="%", rate="", noun=noun, noun_text=surface, event=event, qualifier=qualifier,
        bound=bound, modality=_modality(tokens, first, after_noun, "percent"), vague=False,
        precision=2,
    )  # fmt: skip
    return mention, after


def _money_words_name(tokens: list[_Token], core: _Core) -> bool:
    """Whether a number in capitalised words and a capitalised currency in the singular begin
    a name ("Million Dollar Mermaid", "The Six Million Dollar Man"): the singular says the
    money is a modifier, the capitals that the phrase names something rather than pays it."""
    j = core.after
    if tokens[core.first].kind != "word" or not tokens[core.first].text[:1].isupper():
        return False
    if j + 1 >= len(tokens) or not tokens[j].text[:1].isupper():
        return False
    word = tokens[j].lower
    if word not in lx.CURRENCY_WORDS or word.endswith("s"):
        return False
    return tokens[j + 1].kind == "word" and tokens[j + 1].text[:1].isupper()


def _figure_at(
    text: str, tokens: list[_Token], core: _Core, sentence: tuple[int, int]
) -> tuple[FigureMention, int] | None:
    if (
        _is_identifier(tokens, core)
        or _is_phone(tokens, core)
        or _is_list_marker(tokens, core)
        or _is_house_number(tokens, core)
        or _is_design_spec(tokens, core)
    ):
        return None
    _apply_scale(tokens, core)
    if (
        _is_time_or_date(tokens, core)
        or _is_long_odds(tokens, core)
        or _money_words_name(tokens, core)
    ):
        return None
    if (
        tokens[core.first].lower == "zero"
        and core.after < len(tokens)
        and tokens[core.after].lower in ("day", "days", "-")
    ):
        return None  # "a zero day flaw": a kind of flaw, not a duration
    currency = _currency_before(tokens, core.first)
    first = currency[1] if currency else core.first
    between = first > 0 and tokens[first - 1].lower in ("between", "from")
    upper = _range_after(tokens, core, between)
    low = high = None
    value = core.value
    last = core
    if (
        upper is not None
        and tokens[core.after].lower == "to"
        and _changed_from(tokens, core.first)
        and not (upper.scaled and not core.scaled)  # "from 2 to 3 million": a range
    ):
        # "the toll rose from 12 to 20", "increase seats from 65 to 125": no range, a change;
        # the figure reported is the level it reached
        value, last, upper = upper.value, upper, None
    elif upper is not None:
        if upper.scaled and not core.scaled and upper.value / max(core.value, 1e-9) > 100:
            scale = upper.value / _unscaled(tokens, upper)
            core.value *= scale
        if upper.value <= core.value or upper.value / max(core.value, 1e-9) > 1000:
            if tokens[core.after].text == "-" and _adjacent(
                tokens[core.after - 1], tokens[core.after]
            ):
                return None  # a score or an identifier: "3-2", "24-7"
            upper = None
        else:
            low, high, value = core.value, upper.value, core.value
            last = upper
    quantity = _quantity_after(tokens, last, currency[0] if currency else None)
    if quantity.value is not None and upper is None:
        value = quantity.value
    if quantity.kind == "count" and _after_magnitude(tokens, first):
        quantity.kind, quantity.unit = "measure", "magnitude"  # "a magnitude 6.1 quake"
    if quantity.compound >= 0 and _plural_unit(tokens[quantity.compound].lower):
        return None  # "IE zero-days": a noun, no amount
    rate, after = _rate_after(tokens, quantity.after)
    trailing, trailing_bound, after = _qualifier_after(tokens, after)
    if quantity.kind == "count" and quantity.compound < 0:
        unit_after = _unit_after_modifiers(tokens, after)
        if unit_after is not None:  # "189 rushing yards", "352 net rushing yards"
            (quantity.kind, quantity.unit), after = unit_after
    if quantity.compound >= 0:
        word = tokens[quantity.compound]
        noun, surface = _lemma(word.lower), word.text
        event, noun_end = _event_after(tokens, after), after
        if noun in lx.GENERIC_NOUNS and noun != "time":  # "a four-time champion": times
            noun = ""
    elif quantity.kind == "percent" and after < len(tokens) and tokens[after].lower == "of":
        noun, surface, event, noun_end = _shared_thing(tokens, after)  # "30% of adults smoke"
    elif quantity.kind == "count" and after < len(tokens) and tokens[after].lower in lx.STAT_RATES:
        # "22.8 ppg", "(8.0 rpg)": a box score's average, its thing and its rate in one word
        noun, rate = lx.STAT_RATES[tokens[after].lower]
        surface, event, noun_end = tokens[after].text, "", after + 1
    else:
        noun, surface, event, noun_end = _noun_after(
            tokens, after, plural_expected=quantity.kind == "count" and value != 1 and not rate
        )
    if quantity.kind == "duration" and _age_left_unsaid(tokens, first, quantity):
        quantity.kind, quantity.unit = "measure", "years old"  # "The 26-year troubled starlet"
    if quantity.kind == "duration" and noun:
        noun, surface = "", ""
    if quantity.unit == "years old":
        name_end = _name_end(tokens, after)
        if name_end > after:  # "36-year-old Duncan Rait died": a named person
            noun, surface = _whose_age(" ".join(t.text for t in tokens[after:name_end]))
            noun_end = name_end
            event = _event_after(tokens, name_end)
    if quantity.unit == "magnitude" and not event:
        event = "measured"  # "a 7.8-magnitude quake": what agencies disagree on is the reading
    if noun in _HARM_NOUNS and quantity.kind == "count" and not event:
        # "1,046 deaths", "40 injuries": people killed or injured, to line up with reports
        # that say so
        noun, event = "person", _HARM_NOUNS[noun]
    if not rate:
        rate, noun_end_rate = _rate_after(tokens, noun_end)
        if rate and noun:
            noun_end = noun_end_rate
    if not rate:
        rate = _rate_word_nearby(tokens, noun_end)
    if not trailing and noun:
        trailing, trailing_bound, _ = _qualifier_after(tokens, noun_end)
    if _is_year(tokens, core, quantity.kind != "count" or bool(rate), bool(noun)):
        return None
    if _names_a_number(tokens, core):
        return None
    if (
        core.first > 0
        and tokens[core.first - 1].text == "'"
        and _adjacent(tokens[core.first - 1], tokens[core.first])
    ):
        return None  # '90s
    start_index = first
    if between:
        start_index = first - 1
    qualifier, bound, _q_first = _qualifier_before(tokens, start_index)
    if upper is None and currency is None and _is_name_number(tokens, core, _q_first):
        return None
    if upper is None and currency is None and _names_with_number(tokens, core):
        return None
    if upper is None and currency is None and _in_list_of_names(tokens, core):
        return None
    if (
        tokens[core.first].kind == "word"
        and value < 10
        and quantity.kind == "count"
        and quantity.compound < 0
        and _q_first == core.first
        and core.first > 0
        and tokens[core.first - 1].lower in ("the", "these", "those")
        and noun not in lx.PEOPLE_NOUNS
        and noun not in lx.HARM_EVENT_NOUNS
    ):
        # "the two countries": things named before, not a count reported; but "the three
        # victims", "the two wounded men" tell how many people something befell
        return None
    if trailing:
        qualifier, bound = trailing, trailing_bound
    small_word = tokens[core.first].kind == "word" and value < 10
    if quantity.times:
        noun, surface = "time", ""  # how often: what is counted is the times
    person = _age_bound_of(tokens, _q_first, qualifier) if not noun and upper is None else None
    if (
        person is not None
        and quantity.kind == "count"
        and quantity.compound < 0
        and value <= _OLDEST_AGE
        and value == int(value)
    ):
        # "the first physician under 40", "children under 12": an age bound, not a count
        quantity.kind, quantity.unit = "measure", "years old"
        noun, surface = _lemma(person.lower), person.text
    alone = (
        quantity.kind == "count"
        and not noun
        and upper is None
        and quantity.compound < 0
        and _stands_alone(tokens, core.first, quantity.after)
    )
    if (
        not noun
        and quantity.kind in ("count", "money", "percent", "measure")
        and not alone
        and (not small_word)
    ):
        noun, surface, back_event = _noun_before(tokens, _q_first)
        event = event or back_event
    if not event:
        event = _event_before(tokens, _q_first)
    if quantity.kind == "duration":
        event = _time_left(tokens, max(quantity.after, after)) or event  # "12 seconds left"
    if (
        quantity.kind == "count"
        and not noun
        and value < 10
        and tokens[core.first].kind == "word"
        and not (quantity.times or alone)
    ):
        return None  # a bare small word number ("two said") carries nothing
    if (
        quantity.kind == "count"
        and not noun
        and upper is None
        and tokens[core.first].kind == "num"
        and 1000 <= value <= 2200
        and value == int(value)
        and "," not in tokens[core.first].text
    ):
        return None
    if (
        quantity.kind == "count"
        and not (noun or event or qualifier or currency or rate or quantity.times or alone)
        and upper is None
        and value < 100
    ):
        return None  # a bare small number ("won 3", "the 12") tells nothing about anything
    if (
        quantity.kind == "count"
        and not (noun or qualifier or currency or rate)
        and upper is None
        and _bare_digits(tokens, core)
        and len(tokens[core.first].text) >= 5
    ):
        return None  # "Oakland, 94612": English writes counts this large with separators
    precision = min(core.precision, last.precision) if upper is not None else core.precision
    mention = _mention(
        text,
        tokens,
        start_index if between else first,
        quantity.after,
        sentence,
        value=value,
        low=low,
        high=high,
        kind=quantity.kind,
        unit=quantity.unit,
        rate=rate,
        noun=noun,
        noun_text=surface,
        event=event,
        qualifier=qualifier,
        bound=bound,
        modality=_modality(tokens, _q_first, max(noun_end, quantity.after), quantity.kind),
        vague=False,
        precision=precision,
    )
    return mention, max(quantity.after, after)


# Words after a number that show it stands for a whole noun phrase, its thing said before or
# understood: "eight have come", "five were already picked", "added three more".
_AFTER_A_NUMBER_ALONE = frozenset(
    {"were", "was", "are", "is", "have", "has", "had", "will", "would", "could", "did",
     "remain", "remained", "died", "survived", "came", "went", "got", "more"}
)  # fmt: skip
_PARTITIVE_PRONOUNS = frozenset({"them", "those", "these", "us", "which", "whom"})
# Words before a number that closes its clause and make it an object or a noun phrase of its
# own: "killing three and injuring several", "Oler has two.", "dropped their last three",
# "the other three, police say", "all four.".
_BEFORE_A_NUMBER_ALONE = frozenset(
    {"has", "had", "have", "last", "other", "all", "only", "first", "next", "kills", "kill",
     "injures", "wounds", "within"}
)  # fmt: skip
# What may follow such a number: the clause's end, or the next clause joined on.
_CLAUSE_ENDS = frozenset({",", ".", ";", ")", "!", "?", "—", "–", "and", "or", "straight"})


# Qualifiers that bound an age when they follow a person ("children under 12"), and the
# largest number such a bound may be.
_AGE_BOUNDS = frozenset({"under", "over", "below", "above"})
_OLDEST_AGE = 120


def _age_bound_of(tokens: list[_Token], q_first: int, qualifier: str) -> _Token | None:
    """The person whose age a bare number bounds, written right before its qualifier: "the
    first physician under 40", "children under 12", "women over 65"; None where no person is
    named there (or the qualifier bounds no age)."""
    if qualifier not in _AGE_BOUNDS or q_first < 1:
        return None
    person = tokens[q_first - 1]
    if person.kind != "word" or kin_class(_lemma(person.lower)) != PERSON:
        return None
    return person


def _stands_alone(tokens: list[_Token], first: int, after: int) -> bool:
    """Whether the number tokens[first:after] is a noun phrase of its own, its thing said
    before it or understood: "eight have come", "three more", "killing two of them", "lost
    eight of 10" (both numbers), "(I counted three)", "(5 on the offensive glass)"."""
    following = tokens[after] if after < len(tokens) else None
    before = tokens[first - 1] if first > 0 else None
    if (
        before is not None
        and before.lower == "of"
        and first > 1
        and tokens[first - 2].lower in _PARENTS
        and (following is None or following.kind == "punct" or following.lower in ("and", "when"))
    ):
        return True  # "a mother of 12": her children
    if (
        before is not None
        and (before.lower in _BEFORE_A_NUMBER_ALONE or _harms(before.lower))
        and (following is None or following.lower in _CLAUSE_ENDS)
    ):
        return True
    if (
        before is not None
        and _harms(before.lower)
        and following is not None
        and following.lower in _PREPOSITIONS
        and following.lower != "of"
    ):
        return True  # "killed two in the shooting", "Kills Two In Kraft Shooting": people
    if before is not None and _repeats_an_earlier_count(tokens, first, following):
        return True
    if following is None:
        return before is not None and before.lower == "of" and _number_before(tokens, first - 1)
    word = following.lower
    if word in _AFTER_A_NUMBER_ALONE:
        return True
    if word == "of" and after + 1 < len(tokens):
        nxt = tokens[after + 1]
        return nxt.lower in _PARTITIVE_PRONOUNS or nxt.kind == "num" or nxt.lower in lx.UNITS_WORDS
    if before is not None and before.lower == "of" and _number_before(tokens, first - 1):
        return True  # "10 of 22", "two of six": the whole a part is taken from
    return bool(
        following.text == ")" or (before is not None and before.text == "(" and word == "on")
    )


# How far back a number left without its thing looks for the count it repeats the frame of:
# a clause or two, so that the look stays constant per number.
_PARALLEL_LOOKBACK = 24
# Prepositions whose object a coordinated clause repeats with the thing left out ("played for
# 11 seasons and coached for seven"), and the words that take a part of a count said before
# ("15 seasons in the NBA, the first 11 with Philadelphia").
_PARALLEL_PREPOSITIONS = frozenset({"for", "in", "with", "after", "over", "within"})
_PART_TAKERS = frozenset({"first", "last", "final", "other", "remaining"})


def _repeats_an_earlier_count(tokens: list[_Token], first: int, following: _Token | None) -> bool:
    """Whether the number at ``first``, its thing left out, repeats the frame of a count
    said just before it in its sentence (ellipsis in coordination): the same preposition
    before both ("played for 11 seasons and served as an assistant coach for seven"), or a
    part taken of it ("He played 15 seasons in the NBA, the first 11 with Philadelphia").
    The number must close its clause or open a phrase of its own (a preposition after it)."""
    before = tokens[first - 1].lower
    if before in _PART_TAKERS:
        if first < 2 or tokens[first - 2].lower != "the":
            return False
        if following is None or not (
            following.lower in _PREPOSITIONS or following.lower in _CLAUSE_ENDS
        ):
            return False
    elif before in _PARALLEL_PREPOSITIONS:
        if following is not None and following.lower not in _CLAUSE_ENDS:
            return False
    else:
        return False
    for k in range(first - 2, max(first - _PARALLEL_LOOKBACK, 0), -1):
        earlier = tokens[k]
        if earlier.kind != "num" and earlier.lower not in lx.UNITS_WORDS:
            continue
        thing = tokens[k + 1] if k + 1 < first else None
        if (
            thing is None
            or thing.kind != "word"
            or not _is_plural(thing.lower)
            or thing.lower in lx.UNIT_WORDS  # "jailed for 10 years and fined for three"
        ):
            continue
        if before in _PART_TAKERS or (k >= 1 and tokens[k - 1].lower == before):
            return True
    return False


def _level_reached(tokens: list[_Token], first: int, after: int) -> bool:
    """'watched by 6.1m people, peaking at 6.9m.': a number closing its clause after "at" or
    "to", the level the count before it reached."""
    following = tokens[after] if after < len(tokens) else None
    return (
        first > 0
        and tokens[first - 1].lower in ("at", "to")
        and (following is None or following.text in (".", ",", ";"))
    )


# Who "of N" at the end of a phrase gives the children of: "a mother of 12", "father of two".
_PARENTS = frozenset(
    {"mother", "father", "mom", "dad", "parent", "grandmother", "grandfather", "family"}
)


def _number_before(tokens: list[_Token], k: int) -> bool:
    """Whether a number ends right before token k ("10 of", "two of")."""
    if k < 1:
        return False
    previous = tokens[k - 1]
    return (
        previous.kind == "num"
        or previous.lower in lx.UNITS_WORDS
        or (previous.lower in lx.TENS_WORDS)
    )


# How many of the mentions before a number standing alone may name the thing it counts.
_THING_LOOKBACK = 4


_WHICH = frozenset({"which", "whom"})
_COPULAS = frozenset({"were", "was", "are", "is"})


def _thing_of_which(
    tokens: list[_Token], after: int, mention: FigureMention
) -> FigureMention | None:
    """A part of a whole named before it, that the sentence names anew: "nearly 235,000
    comments ..., at least 208,000 of which were form letters" counts form letters, not
    comments (None where no such noun follows "of which were")."""
    if not (
        after + 3 < len(tokens)
        and tokens[after].lower == "of"
        and tokens[after + 1].lower in _WHICH
        and tokens[after + 2].lower in _COPULAS
    ):
        return None
    noun, surface, _, _ = _noun_after(tokens, after + 3, plural_expected=True)
    return replace(mention, noun=noun, noun_text=surface) if noun else None


def _with_thing_said_before(mention: FigureMention, mentions: list[FigureMention]) -> FigureMention:
    """A number standing alone counts the thing the count before it in its sentence named:
    "Of his 11 touchdowns this year, eight have come", "shot three co-workers, killing two".
    ``mentions`` are the sentence's so far; only the last few are looked at, so that a sentence
    of many numbers standing alone (a table run together) is still read in linear time."""
    for earlier in reversed(mentions[-_THING_LOOKBACK:]):
        if earlier.kind == "count" and earlier.noun and earlier.noun != "time":
            return replace(mention, noun=earlier.noun, noun_text=earlier.noun_text)
    return mention


def _unit_after_modifiers(tokens: list[_Token], j: int) -> tuple[tuple[str, str], int] | None:
    """((kind, unit), index after it) of a measure's unit that a noun phrase's modifiers
    stand before: "189 rushing yards", "352 net rushing yards", "20 additional miles"."""
    k = j
    while k < len(tokens) and k - j < 3 and tokens[k].kind == "word":
        word = tokens[k].lower
        if word in lx.UNIT_WORDS and k > j and word not in lx.ATTACHED_ONLY_UNITS:
            return lx.UNIT_WORDS[word], k + 1
        modifier = (
            word in lx.NOUN_ADJECTIVES
            or word in ("net", "total", "straight")
            or (len(word) > 4 and word.endswith(("ing", "ed")) and word not in lx.ING_NOUNS)
        )
        if not modifier or not tokens[k].text[:1].islower():
            return None
        k += 1
    return None


def _after_magnitude(tokens: list[_Token], first: int) -> bool:
    """'magnitude 6.1', 'magnitude-5.4': the word names the reading that follows it."""
    if first >= 1 and tokens[first - 1].lower == "magnitude":
        return True
    return (
        first >= 2
        and tokens[first - 1].text == "-"
        and tokens[first - 2].lower == "magnitude"
        and _adjacent(tokens[first - 2], tokens[first - 1])
        and _adjacent(tokens[first - 1], tokens[first])
    )


def _is_long_odds(tokens: list[_Token], core: _Core) -> bool:
    """'a one in a million chance': a way of saying rare, not a count of a million."""
    return (
        core.first >= 2
        and tokens[core.first].lower in ("a", "an")
        and tokens[core.first - 1].lower == "in"
        and tokens[core.first - 2].lower in ("one", "1")
    )


def _unscaled(tokens: list[_Token], core: _Core) -> float:
    parsed = _parse_digits(tokens[core.first].text) if tokens[core.first].kind == "num" else None
    if parsed is not None:
        return parsed[0] or 1.0
    words = _word_number(tokens, core.first)
    if words is None:
        return 1.0
    value = words[0]
    for token in tokens[core.first : core.after]:
        if token.lower in lx.SCALE_WORDS and token.lower != "hundred":
            value /= lx.SCALE_WORDS[token.lower]
    return value or 1.0


def _event_before(tokens: list[_Token], start: int) -> str:
    """'evacuated 4,500 workers', 'the evacuation of 4,500 workers', 'killing 12'."""
    k = start - 1
    if k >= 0 and tokens[k].lower == "of":
        k -= 1
    while k >= 0 and tokens[k].lower in ("the", "an", "a", "some", "another", "total"):
        k -= 1
    if k >= 0 and tokens[k].kind == "word":
        word = tokens[k].lower
        if word == "left":
            return ""  # "Ian left 2.6 million customers without power": not driven from home
        if word in lx.EVENT_KIN or (
            len(word) > 4 and word.endswith(("ed", "ing")) and word not in lx.LINK_VERBS
        ):
            return _event_lemma(word)
        return _present_event(word)  # a headline's verb: "Gunman wounds 2"
    return ""


# Lower-case only: matching on lowered text is twice as fast as a case-blind pattern. Common
# English words that are rare in other languages written in Latin letters ("a", "as", "an" and
# "no" are articles or prepositions in Portuguese, Spanish or German, so they are left out).
_ENGLISH_MARKERS = re.compile(
    r"\b(?:the|and|of|to|in|is|was|were|that|for|with|on|by|at|from|has|have|had|been|are"
    r"|it|its|said|after|will|this|their|they|he|she|but|which|who)\b"
)


def looks_english(text: str, lowered: str | None = None) -> bool:
    """Counted things are read with English grammar; other languages keep values only."""
    # 2,000 characters (some 300 words) tell the language as well as the whole article does.
    sample = text[:2000]
    words = sample.count(" ") + 1
    lowered_sample = lowered[:2000] if lowered is not None else sample.lower()
    if words < 12:
        return True
    # Counted until there are enough: English reaches them in its first few lines.
    needed = -(-words * 6 // 100)
    for found, _ in enumerate(_ENGLISH_MARKERS.finditer(lowered_sample), 1):
        if found >= needed:
            return True
    return False


@dataclass(frozen=True)
class Extraction:
    """An article's figure mentions within the budget, and what the budget left unread."""

    mentions: tuple[FigureMention, ...]
    skipped_sentences: int = 0  # figure-holding sentences (or their rest) not read
    skipped_characters: int = 0  # characters of those sentences


def extract(text: str) -> list[FigureMention]:
    """Every figure mention in a canonical text, in text order, within the article's budget."""
    return list(extract_counted(text).mentions)


def extract_counted(text: str) -> Extraction:
    """extract, saying how much of the article the budget (MAX_MENTIONS figures,
    MAX_SCANNED_CHARACTERS characters of figure-holding sentences) left unread."""
    mentions: list[FigureMention] = []
    lowered: str | None = text.lower()
    folded: str | None = None
    if lowered is not None and len(lowered) == len(text):
        folded = lowered.replace("’", "'")
        sentences = sentences_with_figures(text, lowered)
    else:  # a few characters lower-case to two ("İ"): offsets would drift, go the slow way
        lowered = None
        sentences = [
            sentence
            for sentence in split_sentences(text)
            if _DIGIT.search(text, sentence[0], sentence[1]) is not None
            or not _NUMBER_CUES.isdisjoint(
                _LOWER_WORD.findall(text[sentence[0] : sentence[1]].lower())
            )
            or any(cue in text[sentence[0] : sentence[1]].lower() for cue in spans.SINGLE_SPAN_CUES)
        ]
    scanned = 0
    skipped_sentences = skipped_characters = 0
    for start, end in _pieces(text, sentences):
        room = min(end - start, MAX_SCANNED_CHARACTERS - scanned)
        limit = MAX_MENTIONS - len(mentions)
        if room <= 0 or limit <= 0:
            skipped_sentences += 1
            skipped_characters += end - start
            continue
        scanned += room
        found = _scan_sentence(text, (start, start + room), folded, limit)
        mentions.extend(found)
        # Where reading stopped: the budget's end inside the sentence, or its last figure.
        stopped = found[-1].end if len(found) == limit else start + room
        if stopped < end:
            skipped_sentences += 1
            skipped_characters += end - stopped
    if mentions and not looks_english(text, lowered):
        mentions = [_in_another_language(text, m) for m in mentions]
    mentions = [_with_kin(m) for m in mentions]
    return Extraction(tuple(mentions), skipped_sentences, skipped_characters)


def _with_kin(mention: FigureMention) -> FigureMention:
    """A mention with its counted thing's kin class (reader/figures/kin.py), set once its noun
    is final."""
    if mention.unit == "years old":
        # an age's thing is the person it is of, whether a name, "the actor" or no one is read
        return replace(mention, kin=PERSON)
    kin = _kin_class(mention.noun, mention.noun_text)
    return replace(mention, kin=kin) if kin else mention


# kin_class for every mention, cached: a pure function of the words, which news repeats.
_kin_class = functools.lru_cache(maxsize=16_384)(kin_class)


def _pieces(text: str, sentences: list[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    """The sentences, each longer than MAX_SENTENCE_CHARACTERS cut at a space into pieces."""
    for start, end in sentences:
        while end - start > MAX_SENTENCE_CHARACTERS:
            cut = text.rfind(
                " ", start + MAX_SENTENCE_CHARACTERS // 2, start + MAX_SENTENCE_CHARACTERS
            )
            if cut < 0:
                cut = start + MAX_SENTENCE_CHARACTERS
            yield start, cut
            start = cut + 1 if text[cut : cut + 1] == " " else cut
        yield start, end


# "mil" after a number: a thousand in Spanish and Portuguese ("500 mil testes"), but a million
# in English slang, so it is read only in text that is not English.
_THOUSAND_AFTER = re.compile(r"[ \u00a0]mil\b")


def _in_another_language(text: str, mention: FigureMention) -> FigureMention:
    """A mention in text that is not English: its value kept, its counted thing and event
    (read with English grammar) dropped, and "500 mil" read as 500,000."""
    thousand = _THOUSAND_AFTER.match(text, mention.end)
    if (
        thousand is not None
        and mention.value is not None
        and mention.high is None
        and mention.kind in ("count", "money")
        and thousand.end() <= mention.sentence_end
    ):
        return replace(
            mention,
            value=mention.value * 1000,
            end=thousand.end(),
            text=text[mention.start : thousand.end()],
            noun="",
            noun_text="",
            event="",
        )
    return replace(mention, noun="", noun_text="", event="")


def format_value(value: float, kind: str = "count", unit: str = "") -> str:
    """A value as a person writes it: 4,500; 1.2 million; $3 billion; 2.1%."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    prefix = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}.get(unit, "")
    magnitude = ""
    shown = value
    for size, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            shown = value / size
            magnitude = " " + name
            break
    number = f"{shown:,.2f}".rstrip("0").rstrip(".") if shown != int(shown) else f"{shown:,.0f}"
    if kind == "percent":
        return f"{number}{'%' if unit == '%' else ' ' + unit}"
    if kind == "money":
        if prefix:
            return f"{prefix}{number}{magnitude}"
        return f"{number}{magnitude} {unit}"
    if unit == "magnitude":
        return f"magnitude {number}"  # as agencies and wires write a quake's reading
    if kind in ("measure", "duration"):
        plural = "s" if kind == "duration" and value != 1 else ""
        return f"{number}{magnitude} {unit}{plural}"
    return f"{number}{magnitude}"
