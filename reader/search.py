"""Library search: query parsing, candidate retrieval, fuzzy ranking, snippets and match spans.

A query mixes fuzzy words with precise terms: ``feed:NAME`` (part of a feed's title;
``feed:"The Guardian"`` one feed's whole title), ``tag:NAME``, ``is:unread``,
``is:starred``, ``is:read``, ``has:note``, ``after:2024-12-01``, ``before:...``, ``-word`` and
``"exact phrase"``. Bad syntax never raises: the bad term is ignored and a short hint returned;
a date that is no date (``after:2024-13-45``) stops the query, which would otherwise answer
another question. Dates are ``2024-12-01``, ``2024-12``, ``2024``, ``today``, ``yesterday`` or
counted back from today: ``7d``, ``2w``, ``3m``, ``1y`` (also ``-7d`` and ``@1-week-ago``).

Retrieval stays bounded at a million articles: the full-text index (FTS5, accents folded) gives
at most a few thousand newest candidates per query; a word the index does not know is corrected
against the index's own vocabulary with rapidfuzz (typos: "goverment" -> "government"); figures
in the query ("4.5k workers") also match articles reporting the same value. Candidates are
ranked with every word close together first (in a row as typed, then near each other), then
title matches above body matches, exact above prefix above fuzzy, recency last.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from reader.figures.extract import extract
from reader.models import FigureMention
from reader.store.db import Store

CANDIDATE_LIMIT = 2000
FUZZY_CUTOFF = 78  # rapidfuzz ratio from which a word counts as a typo of another
FIGURE_CANDIDATE_LIMIT = 500  # newest articles reporting a queried figure; enough to rank
CORRECTIONS_PER_WORD = 4
# How close a query's words are in an article, when it has two words or more: in a row as
# typed ("... five months prison ..."), with about one other word per gap ("five months in
# federal prison"), or with at most this many per gap. Each ranks above any match with the
# words apart: a user who types three words means them together.
NEAR_TOKENS_PER_GAP = 3
NEAR_ORDERED = 3
NEAR_TIGHT = 2  # about one other word per gap ("five months in federal prison")
NEAR_CLOSE = 1
NEARNESS_SCORE = {NEAR_ORDERED: 1000.0, NEAR_TIGHT: 800.0, NEAR_CLOSE: 600.0}
CLOSE_TERMS = 8  # close terms weighed per unknown word, before keeping those the query finds
# A field's value may be quoted to hold spaces (feed:"The Guardian"), as may a phrase.
_TERM = re.compile(r'-?[A-Za-z]+:"[^"]*"?|-?"[^"]*"?|\S+')
_SCALE_WORD = re.compile(r"\b(?:thousand|million|billion|dozen)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_KNOWN_IS = {"unread", "starred", "read", "unstarred"}


def fold(text: str) -> str:
    """Case- and accent-free form for matching: 'Müller' -> 'muller'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return (
        folded.replace("ß", "ss")
        .replace("ø", "o")
        .replace("æ", "ae")
        .replace("œ", "oe")
        .replace("đ", "d")
        .replace("ł", "l")
        .replace("ı", "i")
    )


@functools.lru_cache(maxsize=200_000)
def _folded_title(title: str) -> tuple[str, range | list[int]]:
    """Titles are folded once and remembered: typing a query re-ranks the same candidates."""
    return _folded_with_map(title)


def _one_to_one_folds() -> dict[int, str]:
    """Accented letters whose folded form is one character: folded with str.translate."""
    table: dict[int, str] = {}
    for code in range(0x80, 0x2000):
        folded = fold(chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = folded
    return table


_FOLD_TABLE = _one_to_one_folds()


def _folded_with_map(text: str) -> tuple[str, range | list[int]]:
    """The folded text and, for each of its characters, the offset in the original."""
    lower = text.lower()
    if len(lower) == len(text):
        folded = lower.translate(_FOLD_TABLE) if not text.isascii() else lower
        if len(folded) == len(text):
            return folded, range(len(text))
    out: list[str] = []
    positions: list[int] = []
    for index, ch in enumerate(text):
        piece = fold(ch)
        out.append(piece)
        positions.extend([index] * len(piece))
    return "".join(out), positions


@dataclass(frozen=True)
class Query:
    """A parsed query: fuzzy words, phrases, exclusions and filters."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    feed: str | None = None
    # feed:"The Guardian" names one feed whole (its title, any case); feed:guardian is a part
    # of a title ("The Guardian", "theguardian-com").
    feed_exact: bool = False
    tag: str | None = None
    unread: bool | None = None
    starred: bool | None = None
    has_note: bool = False
    after: str | None = None
    before: str | None = None
    # A date term that is no date: the query is not run (without its filter it would answer
    # another question, and the user would not know).
    bad_date: bool = False
    hints: tuple[str, ...] = ()
    plain: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.words
            or self.phrases
            or self.feed
            or self.tag
            or self.unread is not None
            or self.starred is not None
            or self.has_note
            or self.after
            or self.before
        )


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# Relative dates, counted back from today (UTC): 7d, -2w, 3m, 1y, and elfeed's @1-week-ago.
_RELATIVE_DATE = re.compile(r"-?(\d{1,4})([dwmy])|@(\d{1,4})-(day|week|month|year)s?-ago")
_UNIT_DAYS = {"d": 1, "w": 7, "day": 1, "week": 7}
DATE_HINT = "{key}:{value} is not a date (use {key}:2024-12-01, {key}:2024-12 or {key}:7d)"


def _parse_date(value: str, today: date | None = None) -> str | None:
    """The first day a date term means, ISO; None for anything that is not a real date (month
    13, day 45, 30 February): a near-miss must never quietly become another date."""
    text = value.strip().lower()
    today = today or datetime.now(UTC).date()
    if text in ("today", "yesterday"):
        return (today - timedelta(days=text == "yesterday")).isoformat()
    iso = _ISO_DATE.fullmatch(text)
    if iso:
        year, month, day = iso.groups()
        try:
            return date(int(year), int(month or 1), int(day or 1)).isoformat()
        except ValueError:
            return None
    relative = _RELATIVE_DATE.fullmatch(text)
    if relative is None:
        return None
    count = int(relative.group(1) or relative.group(3))
    unit = relative.group(2) or relative.group(4)
    if unit in _UNIT_DAYS:
        return (today - timedelta(days=count * _UNIT_DAYS[unit])).isoformat()
    months = count * (12 if unit in ("y", "year") else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    if year < 1:
        return None
    # 31 March less a month is the last of February, not an error.
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day).isoformat()


def parse_query(text: str) -> Query:
    """Parse a query; never raises (problems come back as hints)."""
    words: list[str] = []
    phrases: list[str] = []
    excluded: list[str] = []
    hints: list[str] = []
    plain: list[str] = []
    fields: dict[str, Any] = {}
    if text.count('"') % 2:
        hints.append("unclosed quote: the phrase runs to the end")
    for raw in _TERM.findall(text):
        negative = raw.startswith("-") and len(raw) > 1
        term = raw[1:] if negative else raw
        if term.startswith('"'):
            phrase = term.strip('"').strip()
            if phrase:
                (excluded if negative else phrases).append(phrase)
            continue
        key, sep, value = term.partition(":")
        if sep and key.lower() in ("feed", "tag", "is", "has", "after", "before") and not negative:
            key = key.lower()
            if not value:
                hints.append(f"{key}: needs a value")
            elif key in ("feed", "tag") and value.startswith('"'):
                named = value.strip('"').strip()
                if not named:
                    hints.append(f"{key}: needs a value")
                else:
                    fields[key] = named
                    fields["feed_exact"] = key == "feed"
            elif key in ("feed", "tag"):
                fields[key] = value.replace("_", " ")
            elif key == "is":
                if value.lower() not in _KNOWN_IS:
                    hints.append(f"is:{value} is unknown (use is:unread, is:read, is:starred)")
                elif value.lower() in ("unread", "read"):
                    fields["unread"] = value.lower() == "unread"
                else:
                    fields["starred"] = value.lower() == "starred"
            elif key == "has":
                if value.lower() in ("note", "notes", "annotation", "highlight"):
                    fields["has_note"] = True
                else:
                    hints.append(f"has:{value} is unknown (use has:note)")
            else:
                parsed = _parse_date(value)
                if parsed is None:
                    hints.append(DATE_HINT.format(key=key, value=value))
                    fields["bad_date"] = True
                else:
                    fields[key] = parsed
            continue
        if sep and re.fullmatch(r"[a-z]+", key) and value and not negative:
            hints.append(f"{key}: is not a search field; searching for the words")
        if not negative:
            plain.append(term)
        for word in _WORD.findall(term):
            (excluded if negative else words).append(word)
    return Query(
        words=tuple(words),
        phrases=tuple(phrases),
        excluded=tuple(excluded),
        hints=tuple(hints),
        plain=" ".join(plain),
        **fields,
    )


@dataclass(frozen=True)
class SearchHit:
    """One result: the article, its score, a one-line snippet and where the matches are."""

    article_id: int
    title: str
    feed: str
    link: str
    published: str | None
    score: float
    snippet: str
    title_spans: tuple[tuple[int, int], ...]
    snippet_spans: tuple[tuple[int, int], ...]
    first_match: int | None
    read: bool = False
    starred: bool = False


@dataclass
class SearchResult:
    """Hits for a query, with any syntax hints."""

    query: Query
    hits: list[SearchHit] = field(default_factory=list)
    corrections: dict[str, list[str]] = field(default_factory=dict)

    @property
    def hints(self) -> tuple[str, ...]:
        return self.query.hints


def _fts_quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _vocabulary_matches(conn: sqlite3.Connection, word: str) -> list[str]:
    """Index terms close to a word the index does not hold: typo correction."""
    folded = fold(word)
    if len(folded) < 4:
        return []
    # Terms that begin as the word does, or as it would with its second and third letters
    # swapped or either left out ('frod' is 'ford'), or its first two swapped ('rfod'): a
    # slip near the start otherwise hides the word meant. Each prefix is one range read.
    prefixes = dict.fromkeys((folded[:2], folded[0] + folded[2], folded[1] + folded[0]))
    terms: list[str] = []
    for prefix in prefixes:
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = conn.execute(
            "SELECT term FROM articles_vocab WHERE term >= ? AND term < ? LIMIT 50000",
            (prefix, upper),
        ).fetchall()
        terms.extend(row[0] for row in rows if abs(len(row[0]) - len(folded)) <= 3)
    # Close by the ratio, or one edit away (a swap of two letters counts as one: 'frod' and
    # 'ford' are 75 by the ratio, under its cutoff), likeliest first.
    close = {
        term
        for term, _, _ in process.extract(
            folded, terms, scorer=fuzz.ratio, limit=CLOSE_TERMS, score_cutoff=FUZZY_CUTOFF
        )
    }
    close.update(
        term
        for term, _, _ in process.extract(
            folded, terms, scorer=OSA.distance, limit=CLOSE_TERMS, score_cutoff=1
        )
    )
    return sorted(close, key=lambda term: typo_rank(folded, term))[:CLOSE_TERMS]


def typo_rank(word: str, term: str) -> tuple[int, bool, float, str]:
    """How likely ``term`` is the word a typo ``word`` meant, lowest first: fewest edits
    (a swap of two letters is one), then the same letters in another order (every letter
    typed, two swapped: 'frod' is 'ford' before 'from'), then the closer by the ratio."""
    return (OSA.distance(word, term), sorted(word) != sorted(term), -fuzz.ratio(word, term), term)


def _any_of(terms: list[str]) -> str:
    return "(" + " OR ".join(_fts_quote(term) for term in terms) + ")"


def _matches(conn: sqlite3.Connection, expression: str, at_least: int) -> bool:
    """Whether the article index holds at least this many matches (it stops counting there)."""
    row = conn.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
        (expression, at_least),
    ).fetchone()
    return bool(row) and row[0] >= at_least


def _word_option(conn: sqlite3.Connection, word: str) -> str | None:
    """How a query word is looked up: the word and the words it begins ('work' finds
    'workers'), or None when the index holds neither.

    A word common enough to fill the candidates by itself is looked up as written: a prefix
    lookup merges every form's list of articles first (35 ms for 'workers' at a million
    articles, against 2 ms), and the newest candidates are then nearly all the same articles."""
    quoted = _fts_quote(fold(word))
    if _matches(conn, quoted, CANDIDATE_LIMIT):
        return quoted
    if _matches(conn, quoted, 1) or _matches(conn, quoted + "*", 1):
        return quoted + "*"
    if _in_notes(conn, quoted + "*"):
        return quoted + "*"  # a word only in notes and quotes still finds their articles
    return None


def _in_notes(conn: sqlite3.Connection, expression: str) -> bool:
    """Whether any note or highlighted quote matches."""
    row = conn.execute(
        "SELECT 1 FROM annotations_fts WHERE annotations_fts MATCH ? LIMIT 1", (expression,)
    ).fetchone()
    return row is not None


def _fts_expression(
    conn: sqlite3.Connection,
    query: Query,
    corrections: dict[str, list[str]],
    terms: list[str] | None = None,
) -> str:
    """The article index's query for the words (all of them, each as found, prefixed or
    corrected), phrases and exclusions. ``terms`` gets one index term per word the index can
    find, in the query's order (a corrected word: its likeliest correction), for nearness."""
    parts: list[str] = []
    corrected: list[tuple[int, str, list[str]]] = []  # (its part, word, close terms)
    in_order: list[tuple[str, int | None]] = []  # each word's term, or the part it corrects
    for word in query.words:
        if fold(word).isdigit() or any(ch.isdigit() for ch in word):
            # numbers are matched through figures and text below; in the text they are
            # still words whose nearness to the others counts
            in_order.append((_fts_quote(fold(word)), None))
            continue
        option = _word_option(conn, word)
        if option is None:
            fixes = _vocabulary_matches(conn, word)
            if not fixes:
                continue  # an unknown word without a near match does not empty the results
            in_order.append(("", len(parts)))
            corrected.append((len(parts), word, fixes))
            parts.append(_any_of(fixes))
            continue
        in_order.append((option, None))
        parts.append("(" + option + ")")
    for phrase in query.phrases:
        parts.append(_fts_quote(fold(phrase)))
    for index, word, fixes in corrected:
        # Only the close terms with which the whole query finds something: 'frod' next to
        # 'betty' and 'rehab' is 'ford', not 'fro'. None: the word is left out, as unknown.
        others = [part for at, part in enumerate(parts) if at != index and part]
        kept = [t for t in fixes if _matches(conn, " AND ".join([*others, _any_of([t])]), 1)]
        if kept:  # the likeliest kind of slip only: 'ford', not 'ford' or any word like 'from'
            best = typo_rank(fold(word), kept[0])[:2]
            kept = [t for t in kept if typo_rank(fold(word), t)[:2] == best]
        kept = kept[:CORRECTIONS_PER_WORD]
        parts[index] = _any_of(kept) if kept else ""
        if kept:
            corrections[word] = kept
            in_order = [
                (_fts_quote(kept[0]), None) if at == index else (term, at) for term, at in in_order
            ]
    if terms is not None:
        terms.extend(term for term, _ in in_order if term)
    expression = " AND ".join(part for part in parts if part)
    for word in query.excluded:
        if expression:
            expression += " NOT " + _fts_quote(fold(word))
    return expression


@functools.lru_cache(maxsize=256)
def _query_figures(plain: str) -> tuple[FigureMention, ...]:
    """The figures written in a query, read once (candidates, needles and highlights use them)."""
    if not any(ch.isdigit() for ch in plain) and not _SCALE_WORD.search(plain):
        return ()
    try:
        return tuple(extract(plain))
    except (ValueError, OverflowError, RecursionError):  # a query never fails on its figures
        return ()


def asks_for_figures(text: str) -> bool:
    """Whether a query names a figure ('4.5k workers'): its results depend on the analysis
    stage having read the library's figures."""
    return bool(_query_figures(parse_query(text).plain))


# Where a queried figure stands in an article: ("text" or "title", start, end), offsets into
# the canonical text or into the title (a headline's figure: FigureMention.field).
FigureSpan = tuple[str, int, int]


# "130 pounds" alone, as a query is typed, reads as money; an article says it of a weight
# ("weighing 130 pounds", "a 130-pound catfish") as often. The word without £ or "sterling"
# is looked up as both.
_BARE_POUNDS = re.compile(r"\bpounds?\b", re.IGNORECASE)


@dataclass(frozen=True)
class FigureReading:
    """One way a queried figure may be written in an article: a kind and unit, and the values
    that count as it (one value, or a range for a figure converted from another unit)."""

    mention: FigureMention
    kind: str
    unit: str
    low: float
    high: float

    def holds(self, found: FigureMention) -> bool:
        """Whether an extracted figure is this reading (a reading of no unit takes any)."""
        return (
            found.value is not None
            and self.low <= found.value <= self.high
            and found.kind == self.kind
            and self.unit in (found.unit, "")
        )


# A measure converted into another unit is rounded by whoever wrote it: "600 metres" is
# "2,000 feet" (1,968.5) in one outlet and "about 1,970 feet" in another.
CONVERTED_WITHIN = 0.05


def _figure_readings(query: Query) -> list[FigureReading]:
    """Each figure written in the query with the kinds, units and values it is looked up as:
    its own; a weight's too for pounds that may be either; an age for years that may be one
    ("61 years" finds "a 61-year-old" and "Gomes, 61"); and a measure in the other units of
    its dimension, converted ("600 metres" finds "2,000 feet")."""
    readings: list[FigureReading] = []
    for mention in _query_figures(query.plain):
        value = mention.value
        if value is None:
            continue
        readings.append(FigureReading(mention, mention.kind, mention.unit, value, value))
        bare = _BARE_POUNDS.search(mention.text) and "£" not in mention.text
        if bare and mention.kind == "money" and mention.unit == "GBP":
            readings.append(FigureReading(mention, "measure", "lb", value, value))
        elif bare and mention.kind == "measure" and mention.unit == "lb":
            readings.append(FigureReading(mention, "money", "GBP", value, value))
        if mention.kind == "duration" and mention.unit == "year":
            readings.append(FigureReading(mention, "measure", "years old", value, value))
        if mention.kind == "measure":
            readings.extend(_converted(mention, value))
    return readings


def _converted(mention: FigureMention, value: float) -> list[FigureReading]:
    """A measure's value in the other units of its dimension, within CONVERTED_WITHIN."""
    from reader.stories.quantities import MEASURE_BASE  # unit factors; loaded with a measure

    base = MEASURE_BASE.get(mention.unit)
    if base is None:
        return []
    dimension, factor = base
    readings = []
    for unit, (other_dimension, other_factor) in MEASURE_BASE.items():
        if other_dimension != dimension or unit == mention.unit:
            continue
        converted = value * factor / other_factor
        low, high = converted * (1 - CONVERTED_WITHIN), converted * (1 + CONVERTED_WITHIN)
        readings.append(FigureReading(mention, "measure", unit, low, high))
    return readings


def _figure_candidates(conn: sqlite3.Connection, query: Query) -> dict[int, FigureSpan]:
    """Articles reporting a figure written in the query ('4.5k workers' finds '4,500'),
    with where the figure stands in each (in the body where it stands in both)."""
    found: dict[int, FigureSpan] = {}
    for reading in _figure_readings(query):
        sql = (
            'SELECT article_id, field, MIN(start), MIN("end") FROM figures '
            "WHERE value BETWEEN ? AND ? AND kind = ?"
        )
        params: list[Any] = [reading.low, reading.high, reading.kind]
        if reading.unit:  # "130 kg" is not "130 lb", nor "$130" "£130"
            sql += " AND unit = ?"
            params.append(reading.unit)
        if reading.mention.noun:
            sql += " AND noun = ?"
            params.append(reading.mention.noun)
        # The body's span first ("text" > "title"): the snippet shows it.
        sql += " GROUP BY article_id, field ORDER BY article_id DESC, field DESC LIMIT ?"
        params.append(FIGURE_CANDIDATE_LIMIT)
        for article_id, source, start, end in conn.execute(sql, params):
            found.setdefault(article_id, (source, start, end))
    return found


def _figure_words(query: Query) -> set[str]:
    """Query words that are part of a figure ('4.5k', 'million'): matched as figures."""
    words: set[str] = set()
    for mention in _query_figures(query.plain):
        words.update(fold(w) for w in _WORD.findall(mention.text))
    return words


def _filter_sql(query: Query) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if query.feed and query.feed_exact:
        clauses.append("f.title = ? COLLATE NOCASE")
        params.append(query.feed)
    elif query.feed:
        clauses.append("f.title LIKE ? ESCAPE '\\'")
        params.append("%" + query.feed.replace("%", "\\%").replace("_", "\\_") + "%")
    if query.tag:
        clauses.append("EXISTS (SELECT 1 FROM json_each(f.tags) t WHERE t.value LIKE ?)")
        params.append(query.tag)
    if query.unread is not None:
        clauses.append("a.read = ?")
        params.append(0 if query.unread else 1)
    if query.starred is not None:
        clauses.append("a.starred = ?")
        params.append(1 if query.starred else 0)
    if query.after:
        clauses.append("a.sort_date >= ?")
        params.append(query.after)
    if query.before:
        clauses.append("a.sort_date < ?")
        params.append(query.before)
    if query.has_note:
        clauses.append("EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id)")
    return (" AND ".join(clauses), params)


_ROW_SQL = (
    "SELECT a.id, a.title, a.link, COALESCE(a.published, a.updated) AS published, a.sort_date, "
    "a.read, a.starred, f.title AS feed FROM articles a JOIN feeds f ON f.id = a.feed_id"
)


def _candidates(
    conn: sqlite3.Connection,
    query: Query,
    corrections: dict[str, list[str]],
    figure_ids: dict[int, FigureSpan],
    text_ids: set[int],
    indexed_ids: set[int],
    near: dict[int, int],
) -> list[sqlite3.Row]:
    """Rows to rank. ``text_ids`` gets those whose text or notes matched; ``indexed_ids``
    those the article index matched, exclusions (-word) included; ``near`` how close
    together the query's words stand in those that have them close (NEAR_ORDERED or
    NEAR_CLOSE, in one field: title or text)."""
    where, params = _filter_sql(query)
    terms: list[str] = []
    expression = _fts_expression(conn, query, corrections, terms)
    has_text_terms = bool(expression.strip()) and not expression.startswith(" NOT")
    rows: list[sqlite3.Row] = []
    text_ids.clear()
    near.clear()
    sql = (
        f"{_ROW_SQL} WHERE a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts "
        f"MATCH ? ORDER BY rowid DESC LIMIT {CANDIDATE_LIMIT})"
    ) + (f" AND {where}" if where else "")
    if has_text_terms:
        rows.extend(conn.execute(sql, [expression, *params]))
        text_ids.update(row["id"] for row in rows)
        indexed_ids.update(text_ids)
    if len(terms) > 1:
        # Articles with every word close together, and with the words as typed in a row, are
        # looked up as such (not only among the newest with every word anywhere): the one
        # that says "five months in federal prison" must be ranked, however old it is.
        excluded = "".join(" NOT " + _fts_quote(fold(word)) for word in query.excluded)
        # NEAR's distance counts the tokens from the first word's end to the last one's
        # start, the words between included: those, and so many others per gap.
        gaps, between = len(terms) - 1, len(terms) - 2
        lookups = (
            (NEAR_ORDERED, " + ".join(terms)),
            (NEAR_TIGHT, f"NEAR({' '.join(terms)}, {gaps + between})"),
            (NEAR_CLOSE, f"NEAR({' '.join(terms)}, {NEAR_TOKENS_PER_GAP * gaps + between})"),
        )
        seen = {row["id"] for row in rows}
        for closeness, lookup in lookups:
            # The index alone first (a millisecond): only articles not among the candidates
            # yet are read whole.
            found = conn.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                f"ORDER BY rowid DESC LIMIT {CANDIDATE_LIMIT}",
                (lookup + excluded,),
            ).fetchall()
            fresh = []
            for (article_id,) in found:
                near.setdefault(article_id, closeness)
                if article_id not in seen:
                    seen.add(article_id)
                    fresh.append(article_id)
            if fresh:
                marks = ", ".join("?" for _ in fresh)
                more = list(
                    conn.execute(
                        f"{_ROW_SQL} WHERE a.id IN ({marks})" + (f" AND {where}" if where else ""),
                        [*fresh, *params],
                    )
                )
                rows.extend(more)
                text_ids.update(row["id"] for row in more)
                indexed_ids.update(row["id"] for row in more)
            if len(found) >= CANDIDATE_LIMIT:
                break  # as many this close as are ever ranked: looser ones would rank below
    if expression and has_text_terms:
        # notes and quotes are part of the library too
        annotated = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT n.article_id FROM annotations_fts JOIN annotations n "
                "ON n.id = annotations_fts.rowid WHERE annotations_fts MATCH ? LIMIT ?",
                (expression, CANDIDATE_LIMIT),
            )
        ]
        seen = {row["id"] for row in rows}
        fresh = [i for i in annotated if i not in seen]
        if fresh:
            marks = ", ".join("?" for _ in fresh)
            sql = f"{_ROW_SQL} WHERE a.id IN ({marks})" + (f" AND {where}" if where else "")
            found = list(conn.execute(sql, [*fresh, *params]))
            rows.extend(found)
            text_ids.update(row["id"] for row in found)
    if figure_ids:
        chosen = list(figure_ids)[:CANDIDATE_LIMIT]
        marks = ", ".join("?" for _ in chosen)
        sql = f"{_ROW_SQL} WHERE a.id IN ({marks})" + (f" AND {where}" if where else "")
        seen = {row["id"] for row in rows}
        rows.extend(row for row in conn.execute(sql, [*chosen, *params]) if row["id"] not in seen)
    if not has_text_terms and not figure_ids and not query.words and not query.phrases:
        sql = (
            f"{_ROW_SQL}"
            + (f" WHERE {where}" if where else "")
            # Undated last, as the lists have them (and on the lists' indexes).
            + f" ORDER BY a.undated, a.sort_date DESC LIMIT {CANDIDATE_LIMIT}"
        )
        rows.extend(conn.execute(sql, params))
    return rows


def _word_spans(
    folded: str, positions: range | list[int], needle: str
) -> list[tuple[int, int, str]]:
    """Where a folded needle occurs in a folded text: (start, end, 'exact'|'prefix')."""
    spans = []
    start = 0
    while needle:
        found = folded.find(needle, start)
        if found < 0:
            break
        end = found + len(needle)
        at_word_start = found == 0 or not folded[found - 1].isalnum()
        if at_word_start:
            whole = end >= len(folded) or not folded[end].isalnum()
            original_start = positions[found]
            original_end = positions[end - 1] + 1
            spans.append((original_start, original_end, "exact" if whole else "prefix"))
        start = end
    return spans


@functools.lru_cache(maxsize=200_000)
def _title_words(title: str) -> tuple[tuple[int, int, str], ...]:
    """A title's words with where they stand, folded once and remembered like the title."""
    return tuple((m.start(), m.end(), fold(m.group(0))) for m in _WORD.finditer(title))


def _title_match(folded_title: str, needle: str) -> int:
    """2 where the needle is a whole word of the title, 1 where a word only starts with it."""
    best = 0
    start = 0
    while True:
        found = folded_title.find(needle, start)
        if found < 0:
            return best
        end = found + len(needle)
        if found == 0 or not folded_title[found - 1].isalnum():
            if end >= len(folded_title) or not folded_title[end].isalnum():
                return 2
            best = 1
        start = end


class _CloseWords:
    """Which folded title words are close to a needle ('goverment' ~ 'government'), decided
    for every candidate's words at once: one rapidfuzz call per needle over the distinct words,
    not one per title."""

    def __init__(self, rows: list[sqlite3.Row], needles: list[str]) -> None:
        self._rows = rows
        self._needles = needles
        self._close: set[str] | None = None

    def _words(self) -> set[str]:
        if self._close is None:
            vocabulary = list(
                {word for row in self._rows for _, _, word in _title_words(row["title"] or "")}
            )
            self._close = set()
            for needle in self._needles:
                self._close.update(
                    word
                    for word, _, _ in process.extract(
                        needle, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
                    )
                )
        return self._close

    def in_title(self, title: str) -> bool:
        close = self._words()
        return any(word in close for _, _, word in _title_words(title))

    def spans(self, title: str) -> list[tuple[int, int]]:
        """Where a candidate's title has such words: 'goverment' marks 'Government'."""
        close = self._words()
        return [(start, end) for start, end, word in _title_words(title) if word in close]


def _score(
    row: sqlite3.Row,
    needles: list[str],
    query: Query,
    figure_ids: dict[int, FigureSpan],
    text_ids: set[int],
    close_words: _CloseWords,
    nearness: int = 0,
) -> float:
    """Title matches (exact 100, prefix 70, fuzzy 45), body match 20, figure match 150, and
    above all of them every word close together (NEARNESS_SCORE: in a row 1000, about a word
    between each 800, a few 600).

    Every candidate is scored, so nothing is built here that only the hits shown need: their
    title spans come from _title_spans."""
    title = row["title"] or ""
    folded_title = _folded_title(title)[0]
    score = 0.0
    matched_in_title = 0
    for needle in needles:
        match = _title_match(folded_title, needle) if needle else 0
        if match:
            matched_in_title += 1
            score += 100 if match == 2 else 70
    if needles and not matched_in_title and close_words.in_title(title):
        score += 45
    if matched_in_title < len(needles) and row["id"] in text_ids:
        score += 20  # the rest matched in the body (the full-text index found them)
    for phrase in query.phrases:
        score += 120 if fold(phrase) in folded_title else 60
    if row["id"] in figure_ids:
        score += 150
    return score + NEARNESS_SCORE.get(nearness, 0.0)


def _title_spans(title: str, needles: list[str], close_words: _CloseWords) -> list[tuple[int, int]]:
    """What to highlight in a hit's title: the needles' words, else the words close to them."""
    folded_title, title_map = _folded_title(title)
    spans = [
        (start, end)
        for needle in needles
        for start, end, _ in _word_spans(folded_title, title_map, needle)
    ]
    if needles and not spans:
        spans = close_words.spans(title)
    return sorted(set(spans))


def _first_match(text: str, needles: list[str], query: Query) -> int | None:
    """Where the first match is; lowercase search first, full folding only when needed: when a
    word is missing and the text has accented letters that fold into one of its letters."""
    head = text[:50000]
    wanted = [*needles, *(fold(p) for p in query.phrases)]
    lower = head.lower()
    if len(lower) == len(head):
        found = []
        missing = []
        for needle in wanted:
            spans = _word_spans(lower, range(len(head)), needle)
            if spans:
                found.append(spans[0][0])
            else:
                missing.append(needle)
        if not missing or not _folding_may_find(lower, missing):
            return min(found) if found else None
    folded, positions = _folded_with_map(head)
    first: int | None = None
    for needle in wanted:
        spans = _word_spans(folded, positions, needle)
        if spans:
            first = spans[0][0] if first is None else min(first, spans[0][0])
    return first


def _closest_match(text: str, needles: list[str]) -> int | None:
    """Where the words stand closest together: the start of the shortest stretch of the text
    holding every needle (the first match when some needle is missing)."""
    folded, positions = _folded_with_map(text[:50000])
    unique = list(dict.fromkeys(needles))
    found = sorted(
        (start, index)
        for index, needle in enumerate(unique)
        for start, _, _ in _word_spans(folded, positions, needle)
    )
    wanted = len(unique)
    if len({index for _, index in found}) < wanted:
        return found[0][0] if found else None
    best: tuple[int, int] | None = None  # (span, start)
    counts: dict[int, int] = {}
    low = 0
    for start, index in found:  # a sliding window over the occurrences, in text order
        counts[index] = counts.get(index, 0) + 1
        while len(counts) == wanted:
            first, first_index = found[low]
            if best is None or start - first < best[0]:
                best = (start - first, first)
            counts[first_index] -= 1
            if not counts[first_index]:
                del counts[first_index]
            low += 1
    return best[1] if best is not None else None


def _folding_may_find(lower: str, needles: list[str]) -> bool:
    """Whether folding the text could turn up one of these words: only if some character
    outside ASCII folds into one of their letters ('ü' for 'muller')."""
    if lower.isascii():
        return False
    letters = set("".join(needles))
    return any(not letters.isdisjoint(_fold_char(ch)) for ch in set(lower) if not ch.isascii())


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold(ch)


def _snippet(
    text: str,
    needles: list[str],
    first: int | None,
    figure_span: tuple[int, int] | None = None,
    width: int = 110,
) -> tuple[str, list[tuple[int, int]]]:
    if not text:
        return "", []
    start = 0 if first is None else max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    raw = text[start : start + width]
    # One space where paragraphs meet: their blank line read as a double space
    # ("…the ministry said.  Workers can…"). ``kept``: the raw offsets the snippet keeps.
    kept = [i for i, ch in enumerate(raw) if not (ch == "\n" and i and raw[i - 1] == "\n")]
    piece = "".join(raw[i] for i in kept).replace("\n", " ")
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    snippet = prefix + piece + suffix
    folded, positions = _folded_with_map(snippet)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        spans.extend((s, e) for s, e, _ in _word_spans(folded, positions, needle))
    if figure_span is not None and start <= figure_span[0] < figure_span[1] <= start + len(raw):
        # Offsets in the text, then in the snippet (less the newlines left out before them).
        figure_start, figure_end = (
            len(prefix) + bisect.bisect_left(kept, offset - start) for offset in figure_span
        )
        spans.append((figure_start, figure_end))
    return snippet, sorted(set(spans))


NOTE_MARK = "note: "


def _note_snippet(
    conn: sqlite3.Connection, article_id: int, needles: list[str]
) -> tuple[str, list[tuple[int, int]]] | None:
    """The snippet of the article's note (else highlighted passage) the words match, marked
    ``note: ``: a hit found by its note showed the article's lead, which said nothing of
    why it was found."""
    rows = conn.execute(
        "SELECT note, quote FROM annotations WHERE article_id = ? ORDER BY id", (article_id,)
    ).fetchall()
    for text in [row[0] or "" for row in rows] + [row[1] or "" for row in rows]:
        folded, positions = _folded_with_map(text)
        starts = [
            found[0][0] for needle in needles if (found := _word_spans(folded, positions, needle))
        ]
        if starts:
            snippet, marked = _snippet(text, needles, min(starts))
            shift = len(NOTE_MARK)
            return NOTE_MARK + snippet, [(start + shift, end + shift) for start, end in marked]
    return None


def search(store: Store, text: str, limit: int = 50) -> SearchResult:
    """Run a query against the library and rank the results."""
    query = parse_query(text)
    result = SearchResult(query)
    if query.is_empty or query.bad_date:
        return result
    with store.reader() as conn:
        try:
            figure_ids = _figure_candidates(conn, query)
            text_ids: set[int] = set()
            indexed_ids: set[int] = set()
            near: dict[int, int] = {}
            rows = _candidates(
                conn, query, result.corrections, figure_ids, text_ids, indexed_ids, near
            )
        except sqlite3.OperationalError as error:
            result.query = Query(hints=(*query.hints, f"search failed: {error}"))
            return result
        figure_words = _figure_words(query) if figure_ids else set()
        needles = [fold(w) for w in query.words if fold(w) not in figure_words]
        for word, fixes in result.corrections.items():
            if fold(word) in needles:
                needles.remove(fold(word))
            needles.extend(fixes)
        scored = []
        close_words = _CloseWords(rows, needles)
        for row in rows:
            score = _score(
                row, needles, query, figure_ids, text_ids, close_words, near.get(row["id"], 0)
            )
            if (needles or figure_ids) and score <= 0 and not query.phrases:
                continue
            scored.append((score, row["sort_date"] or "", row))
        scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
        excluded = [fold(w) for w in query.excluded]
        for score, _, row in scored:
            if len(result.hits) >= limit:
                break
            body_row = conn.execute(
                "SELECT text FROM articles WHERE id = ?", (row["id"],)
            ).fetchone()
            body = body_row[0] if body_row else ""
            if excluded and row["id"] not in indexed_ids:  # the index already left those out
                haystack = _folded_with_map((row["title"] or "") + " " + body[:20000])[0]
                if any(re.search(r"\b" + re.escape(word) + r"\b", haystack) for word in excluded):
                    continue
            where = figure_ids.get(row["id"])
            figure_span = (where[1], where[2]) if where and where[0] == "text" else None
            title_figure = [(where[1], where[2])] if where and where[0] == "title" else []
            if figure_span:
                first: int | None = figure_span[0]
            elif near.get(row["id"]) and len(needles) > 1:
                first = _closest_match(body, needles)  # the snippet where they stand together
            else:
                first = _first_match(body, needles, query)
            snippet, snippet_spans = _snippet(body, needles, first, figure_span)
            if first is None and needles:  # not in the text: a note or highlight matched?
                snippet, snippet_spans = _note_snippet(conn, row["id"], needles) or (
                    snippet,
                    snippet_spans,
                )
            result.hits.append(
                SearchHit(
                    article_id=row["id"],
                    title=row["title"],
                    feed=row["feed"],
                    link=row["link"],
                    published=row["published"],
                    score=round(score, 2),
                    snippet=snippet,
                    title_spans=tuple(
                        sorted(
                            {
                                *_title_spans(row["title"] or "", needles, close_words),
                                *title_figure,
                            }
                        )
                    ),
                    snippet_spans=tuple(snippet_spans),
                    first_match=first,
                    read=bool(row["read"]),
                    starred=bool(row["starred"]),
                )
            )
    return result


def match_spans(text: str, query_text: str, limit: int = 500) -> list[tuple[int, int]]:
    """Where a query's words and phrases occur in a text (for highlighting an opened hit)."""
    query = parse_query(query_text)
    folded, positions = _folded_with_map(text)
    spans: list[tuple[int, int]] = []
    for needle in [fold(w) for w in query.words] + [fold(p) for p in query.phrases]:
        spans.extend((s, e) for s, e, _ in _word_spans(folded, positions, needle))
        if len(spans) >= limit:
            break
    readings = _figure_readings(query)
    if readings:
        spans.extend(
            (found.start, found.end)
            for found in extract(text)
            if any(reading.holds(found) for reading in readings)
        )
    return sorted(set(spans))[:limit]
