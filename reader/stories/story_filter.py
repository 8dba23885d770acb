"""The Stories list's filter: every listed story's title and feeds, read once, and the stories a
typed filter finds among them, best first.

The Stories view lists the first few hundred stories of a ranking that may hold a hundred
thousand; ``/`` narrows the whole ranking, not the rows on screen. A story is found when every
word of the filter is in its title, fuzzily as the article search forgives typos ("surgen"),
or in its feeds' names ("wire strike": a strike story the wire covers). Reading the texts
takes one pass over the multi-article stories (an index seek per story for its feeds) and
indexes their words, so the caller does it off the interface's thread and keeps the result
while the list stands; each filter then looks up the few words close to its own.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from reader.search import fold
from reader.store.db import Store
from reader.store.stories import StoryRow

FILTER_RESULTS = 200  # rows a filter lists, best first
WORD_CUTOFF = 80  # rapidfuzz ratio from which a word counts as a typo of a query word
FUZZY_FROM = 4  # shorter query words match whole words or their starts only ("un" ~ "union")
FEED_WEIGHT = 0.9  # a word found in a feed's name ranks below the same word in the title
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class StoryTexts:
    """What the filter reads of the listed stories, indexed once: their ids in the list's
    order, and for each word (folded: case and accents) the stories whose title has it and
    the feeds whose name has it, with each feed's stories."""

    story_ids: tuple[int, ...]
    title_words: dict[str, array[int]]  # word -> indexes into story_ids
    feed_words: dict[str, tuple[int, ...]]  # word -> feed ids
    feed_stories: dict[int, array[int]]  # feed id -> indexes into story_ids


def story_texts(store: Store, min_articles: int = 2) -> StoryTexts:
    """Every story the Stories list ranks (``min_articles`` or more), in the list's order."""
    feed_words: dict[str, list[int]] = {}
    for row in store.query("SELECT id, title FROM feeds"):
        for word in set(_WORD.findall(fold(row["title"] or ""))):
            feed_words.setdefault(word, []).append(int(row["id"]))
    rows = store.query(
        "SELECT s.id, s.title, (SELECT group_concat(DISTINCT sa.feed_id) FROM story_articles sa "
        "WHERE sa.story_id = s.id) AS feed_ids FROM stories s INDEXED BY stories_by_voices "
        "WHERE s.articles >= ? "
        "ORDER BY COALESCE(s.voices, s.feeds) DESC, s.feeds DESC, s.last_date DESC, s.id DESC",
        (min_articles,),
    )
    ids: list[int] = []
    title_words: dict[str, array[int]] = {}
    feed_stories: dict[int, array[int]] = {}
    for index, row in enumerate(rows):
        ids.append(int(row["id"]))
        for word in set(_WORD.findall(fold(row["title"] or ""))):
            title_words.setdefault(word, array("I")).append(index)
        for feed in str(row["feed_ids"] or "").split(","):
            if feed:
                feed_stories.setdefault(int(feed), array("I")).append(index)
    return StoryTexts(
        tuple(ids),
        title_words,
        {word: tuple(feeds) for word, feeds in feed_words.items()},
        feed_stories,
    )


def _close_words(word: str, vocabulary: Sequence[str]) -> dict[str, float]:
    """The words that stand for a query word, each with how well: itself (100), a word it
    begins (95: typing is under way), a typo of it (rapidfuzz ratio, from WORD_CUTOFF)."""
    close = {w: 95.0 for w in vocabulary if w.startswith(word)}
    if len(word) >= FUZZY_FROM:
        for found, score, _ in process.extract(
            word, vocabulary, scorer=fuzz.ratio, limit=None, score_cutoff=WORD_CUTOFF
        ):
            close[found] = max(close.get(found, 0.0), float(score))
    if word in close:
        close[word] = 100.0
    return close


def rank_stories(query: str, texts: StoryTexts) -> list[int]:
    """Ids of the stories the filter finds, best first (the list's order among equals):
    every word of the query in the story's title (typos forgiven, the last word perhaps half
    typed) or its feeds' names; scored by how well the words match, title above feed."""
    words = list(dict.fromkeys(_WORD.findall(fold(query))))
    if not words:
        return []
    totals: dict[int, float] | None = None
    for word in words:
        best: dict[int, float] = {}
        for found, score in _close_words(word, list(texts.title_words)).items():
            for index in texts.title_words[found]:
                if score > best.get(index, 0.0):
                    best[index] = score
        for found, score in _close_words(word, list(texts.feed_words)).items():
            weighed = score * FEED_WEIGHT
            for feed in texts.feed_words[found]:
                for index in texts.feed_stories.get(feed, ()):
                    if weighed > best.get(index, 0.0):
                        best[index] = weighed
        if totals is None:
            totals = best
        else:  # every word must be found: the filter narrows
            totals = {i: totals[i] + score for i, score in best.items() if i in totals}
        if not totals:
            return []
    assert totals is not None
    ranked = sorted(totals, key=lambda index: (-totals[index], index))
    return [texts.story_ids[index] for index in ranked[:FILTER_RESULTS]]


def story_rows(store: Store, story_ids: Sequence[int]) -> list[tuple[StoryRow, int]]:
    """The stories asked for, in that order, each with its voices (its feeds while not
    counted yet); a story gone since (a rebuild) is left out."""
    if not story_ids:
        return []
    marks = ", ".join("?" for _ in story_ids)
    rows = store.query(f"SELECT * FROM stories WHERE id IN ({marks})", tuple(story_ids))
    found = {}
    for row in rows:
        story = StoryRow(
            int(row["id"]),
            int(row["thread_id"]),
            str(row["title"]),
            int(row["articles"]),
            int(row["feeds"]),
            str(row["first_date"]),
            str(row["last_date"]),
            row["figures"],
            row["differing"],
        )
        found[story.story_id] = (story, int(row["voices"] or row["feeds"]))
    return [found[i] for i in story_ids if i in found]
