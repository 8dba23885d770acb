"""The Stories list's filter: every listed story's title and feeds, read once, and the stories a
typed filter finds among them, best first.

The Stories view lists the first few hundred stories of a ranking that may hold a hundred
thousand; ``/`` narrows the whole ranking, not the rows on screen. A story is found when every
word of the filter is in its title, fuzzily as the article search forgives typos ("surgen"),
or in its feeds' names ("wire strike": a strike story the wire covers). Reading the texts
takes one pass over the multi-article stories (an index seek per story for its feeds) and
indexes their words, so the caller does it off the interface's thread; the index is kept
(``kept_story_texts``) until the stories or feeds change, as a cheap mark of them says, so
opening the Stories view again filters at once; each filter then looks up the few words
close to its own.
"""

from __future__ import annotations

import re
import threading
import weakref
from array import array
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from reader.search import fold
from reader.store.db import Store

FILTER_RESULTS = 200  # rows a filter lists, best first
WORD_CUTOFF = 80  # rapidfuzz ratio from which a word counts as a typo of a query word
FUZZY_FROM = 4  # shorter query words match whole words or their starts only ("un" ~ "union")
FEED_WEIGHT = 0.9  # a word found in a feed's name ranks below the same word in the title
FEEDS_READ_ALONE = 3  # feeds a filter names read one by one; more: every feed in one pass
_WORD = re.compile(r"[^\W_]+")


class StoryTexts:
    """What the filter reads of the listed stories, indexed once: their ids in the list's
    order, and for each word (folded: case and accents) the stories whose title has it, and
    the feeds whose name has it. A feed's stories are read when a filter first names the
    feed (one index range of its articles), then kept: most filters name none."""

    def __init__(
        self,
        store: Store,
        story_ids: list[int],
        title_words: dict[str, array[int]],
        feed_words: dict[str, tuple[int, ...]],
    ) -> None:
        self.store = store
        self.story_ids = story_ids  # in the list's order
        self.title_words = title_words  # word -> indexes into story_ids
        self.feed_words = feed_words  # word -> feed ids
        self._index = {story_id: index for index, story_id in enumerate(story_ids)}
        self._feed_stories: dict[int, array[int]] = {}

    def feed_stories(self, feed_id: int) -> array[int]:
        """Indexes (into story_ids) of the listed stories with an article of this feed (read
        by ``read_feeds`` first)."""
        return self._feed_stories.get(feed_id, array("I"))

    def read_feeds(self, feed_ids: set[int]) -> None:
        """Read these feeds' stories, those not read yet: a feed alone is a scan of the story
        index (a tenth of a second at a million articles); more than a few (a word every
        feed's name shares) are read in one pass over it for every feed."""
        missing = [f for f in feed_ids if f not in self._feed_stories]
        if not missing:
            return
        found: dict[int, set[int]] = {}
        with self.store.reader() as conn:
            if len(missing) <= FEEDS_READ_ALONE:
                for feed_id in missing:
                    rows = conn.execute(
                        "SELECT DISTINCT story_id FROM story_articles "
                        "INDEXED BY story_articles_by_story WHERE feed_id = ?",
                        (feed_id,),
                    )
                    found[feed_id] = {story_id for (story_id,) in rows}
            else:
                rows = conn.execute(
                    "SELECT story_id, feed_id FROM story_articles "
                    "INDEXED BY story_articles_by_story"
                )
                for story_id, feed_id in rows:
                    found.setdefault(feed_id, set()).add(story_id)
                missing = list({*missing, *found})
        for feed_id in missing:
            indexes = (self._index.get(i) for i in found.get(feed_id, ()))
            self._feed_stories[feed_id] = array("I", sorted(i for i in indexes if i is not None))


def _fold_fast(text: str) -> str:
    """``fold``, at a tenth of its cost for the plain ASCII most titles are."""
    return text.lower() if text.isascii() else fold(text)


def story_texts(store: Store, min_articles: int = 2) -> StoryTexts:
    """Every story the Stories list ranks (``min_articles`` or more), in the list's order.
    One pass in the table's own order (a walk of the list's index, fetching each row, took
    three times as long at a million articles), sorted here as the list sorts."""
    with store.reader() as conn:
        feeds = conn.execute("SELECT id, title FROM feeds").fetchall()
        rows = conn.execute(
            "SELECT id, title, COALESCE(voices, feeds), feeds, last_date FROM stories "
            "NOT INDEXED WHERE articles >= ?",
            (min_articles,),
        ).fetchall()
    feed_words: dict[str, list[int]] = {}
    for feed_id, title in feeds:
        for word in set(_WORD.findall(_fold_fast(title or ""))):
            feed_words.setdefault(word, []).append(int(feed_id))
    # The list's order: the most voices, then feeds, then the latest (ISO dates sort as text).
    rows.sort(key=lambda row: (row[2], row[3], row[4], row[0]), reverse=True)
    title_words: dict[str, array[int]] = {}
    for index, (_, title, _, _, _) in enumerate(rows):
        for word in set(_WORD.findall(_fold_fast(title or ""))):
            found = title_words.get(word)
            if found is None:
                found = title_words[word] = array("I")
            found.append(index)
    return StoryTexts(
        store,
        [int(row[0]) for row in rows],
        title_words,
        {word: tuple(ids) for word, ids in feed_words.items()},
    )


#: What an index was read from: the listed stories' count, largest id and the sums of what
#: orders and names them, then every feed's id and title.
StoriesMark = tuple[object, ...]
_kept: weakref.WeakKeyDictionary[Store, dict[int, tuple[StoriesMark, StoryTexts]]] = (
    weakref.WeakKeyDictionary()
)
_kept_lock = threading.Lock()


def stories_mark(store: Store, min_articles: int = 2) -> StoriesMark:
    """A mark of what ``story_texts`` reads, moved by any change to it: a story coming, going
    (a rebuild gives new ids), growing or retitled (a joining article moves its counts and
    date), a feed added, removed or renamed. One pass over the stories' rows with no text
    split into words: a fraction of the index's reading."""
    with store.reader() as conn:
        stories = conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), TOTAL(id), TOTAL(articles), "
            "TOTAL(COALESCE(voices, feeds)), TOTAL(feeds), COALESCE(MAX(last_date), ''), "
            "TOTAL(LENGTH(title)) FROM stories NOT INDEXED WHERE articles >= ?",
            (min_articles,),
        ).fetchone()
        feeds = conn.execute("SELECT id, title FROM feeds ORDER BY id").fetchall()
    return (*stories, *(value for row in feeds for value in row))


def kept_story_texts(store: Store, min_articles: int = 2) -> StoryTexts:
    """``story_texts``, read again only when the stories or feeds changed since it was last
    read for this store (``stories_mark``): the Stories view read every story's title at
    each opening, seconds at a million articles. The mark is read before the texts, so a
    change between the two reads them again next time, never leaves a stale index kept."""
    mark = stories_mark(store, min_articles)
    with _kept_lock:
        kept = _kept.get(store, {}).get(min_articles)
    if kept is not None and kept[0] == mark:
        return kept[1]
    texts = story_texts(store, min_articles)
    with _kept_lock:
        _kept.setdefault(store, {})[min_articles] = (mark, texts)
    return texts


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
    feed_vocabulary = list(texts.feed_words)
    closest = {word: _close_words(word, feed_vocabulary) for word in words}
    texts.read_feeds({f for close in closest.values() for w in close for f in texts.feed_words[w]})
    totals: dict[int, float] | None = None
    for word in words:
        best: dict[int, float] = {}
        for found, score in _close_words(word, list(texts.title_words)).items():
            for index in texts.title_words[found]:
                if score > best.get(index, 0.0):
                    best[index] = score
        for found, score in closest[word].items():
            weighed = score * FEED_WEIGHT
            for feed in texts.feed_words[found]:
                for index in texts.feed_stories(feed):
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
