"""The stories tables: which story each article is in, the stories, and their key postings.

Reads the pieces an assignment needs (the articles to assign, the stories and postings near
them) into a ``StoryIndex`` and writes back what an assignment changed, in one short write.
Listing queries for the CLI and the reader live here too. No clustering happens here: that is
``reader.stories.assign``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.store.db import Store, write_state
from reader.stories.assign import (
    WINDOW_DAYS,
    StoryIndex,
    StoryInput,
    StoryState,
    whole_weeks,
)
from reader.stories.boilerplate import FeedMemory
from reader.stories.threads import THREAD_WINDOW_DAYS

_SECONDS_A_DAY = 86_400.0


def day_of(iso: str) -> float:
    """An ISO time as days since 1970 (UTC)."""
    stamp = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.timestamp() / _SECONDS_A_DAY


@dataclass(frozen=True)
class ArticleText:
    """What assignment reads of an article."""

    article_id: int
    feed_id: int
    title: str
    text: str
    sort_date: str
    content_hash: str


#: The order new articles are assigned in: report time, then link (then id, for articles
#: without one). Not id order: a folder import stores from two processes at once, so ids
#: interleave differently from run to run, and which article of a story comes first would too.
_ASSIGNMENT_ORDER = "a.sort_date, a.link, a.id"


def pending_article_ids(store: Store) -> list[int]:
    """Articles not yet in a story, or changed since they were assigned, in assignment order."""
    rows = store.query(
        "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id "
        f"WHERE s.article_id IS NULL OR s.content_hash != a.content_hash "
        f"ORDER BY {_ASSIGNMENT_ORDER}"
    )
    return [int(row[0]) for row in rows]


def in_assignment_order(store: Store, ids: Sequence[int]) -> list[int]:
    """These articles (those that exist) in the order new articles are assigned in."""
    rows = store.query_ids(
        f"SELECT a.id FROM articles a WHERE a.id IN ({{ids}}) ORDER BY {_ASSIGNMENT_ORDER}", ids
    )
    return [int(row[0]) for row in rows]


def rebuild_order(store: Store) -> list[int]:
    """Every article in the order a rebuild assigns them: the order they were assigned in
    (``seq``), so a rebuild makes the stories the refreshes made; articles not assigned yet
    (or changed since) last, in the order new articles are assigned in."""
    rows = store.query(
        "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id "
        "ORDER BY s.article_id IS NULL OR s.content_hash != a.content_hash, "
        f"COALESCE(s.seq, 0), {_ASSIGNMENT_ORDER}"
    )
    return [int(row[0]) for row in rows]


def article_texts(store: Store, ids: Sequence[int]) -> list[ArticleText]:
    """What assignment reads of these articles (those that exist), in the order given."""
    rows = store.query_ids(
        "SELECT id, feed_id, title, text, sort_date, content_hash FROM articles "
        "WHERE id IN ({ids})",
        ids,
    )
    texts = {r[0]: ArticleText(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows}
    return [texts[article_id] for article_id in ids if article_id in texts]


def _story_state(row: sqlite3.Row) -> StoryState:
    centroid = json.loads(row["centroid"])
    return StoryState(
        int(row["id"]),
        int(row["thread_id"]),
        float(row["first_day"]),
        float(row["last_day"]),
        int(row["articles"]),
        dict(centroid.get("w", {})),
        dict(centroid.get("n", {})),
        {name: int(count) for name, count in centroid.get("c", {}).items()},
        dict(centroid.get("h", {})),  # absent: older libraries (a rebuild fills it)
        {when: int(count) for when, count in centroid.get("d", {}).items()},
        {fact: int(count) for fact, count in centroid.get("x", {}).items()},  # absent: older
        [dict(member) for member in centroid.get("m", [])],  # absent: older libraries
        thread_alone=bool(centroid.get("a", 0)),  # absent: older libraries, never moved
        own_thread_id=int(centroid.get("o", 0)),
        followed=int(centroid.get("f", 0)),
    )


def load_index(store: Store, items: Sequence[StoryInput]) -> StoryIndex:
    """The stories and key spans that articles ``items`` could meet, as an index."""
    return extend_index(store, StoryIndex(), items)


def extend_index(store: Store, index: StoryIndex, items: Sequence[StoryInput]) -> StoryIndex:
    """``index`` with what ``load_index`` would read for ``items`` and it does not hold yet:
    feed memories, key spans (a span it holds is kept: what it holds is what it wrote, so the
    library's copy is the same) and stories. On an empty index, ``load_index``; on the index of
    the batch assigned just before (saved, and no story of it emptied), the index
    ``load_index`` would make plus stories a fresh one would not read, which no article of
    ``items`` can meet (candidates are found through the key spans of the weeks around an
    article, which are all read): the same assignment, without reading and decoding again the
    stories and feed memories the batches before held (a large drain's batches share most of
    them)."""
    row = store.query_one("SELECT COALESCE(MAX(id), 0), COALESCE(MAX(thread_id), 0) FROM stories")
    if row is not None:
        # Past the ids of stories merged away too (``NEXT_IDS``): an id is never given twice,
        # so an index read afresh numbers new stories as one carried on (or a rebuild) does.
        story_id, thread_id = _next_ids(store)
        index.next_story_id = max(int(row[0]) + 1, story_id)
        index.next_thread_id = max(int(row[1]) + 1, thread_id)
    if not items:
        return index
    read_feed_memories(store, index, {item.feed_id for item in items})
    reach = THREAD_WINDOW_DAYS + WINDOW_DAYS
    # Whole weeks: candidates read the posting lists of the weeks around an article.
    low, high = whole_weeks(
        min(item.day for item in items) - reach, max(item.day for item in items) + reach
    )
    keys = sorted({key for item in items for key in item.features.keys})
    key_spans = index.key_spans
    near: set[int] = set()
    for condition, bounds, part in _span_reads(index, keys, low, high):
        marks = ", ".join("?" for _ in part)
        for r in store.query(
            f"SELECT key, story_id, first_day, last_day FROM story_keys WHERE key IN ({marks}) "
            f"AND {condition}",
            [*part, *bounds],
        ):
            key, story_id = str(r[0]), int(r[1])
            near.add(story_id)
            held = key_spans.get(key)
            if held is None or story_id not in held:
                index.add_span(key, story_id, float(r[2]), float(r[3]))
    story_ids = sorted(near - set(index.stories))
    for r in store.query_ids("SELECT * FROM stories WHERE id IN ({ids})", story_ids):
        index.put(_story_state(r))
    # The stories young stories followed into their threads, which they may leave again
    # (reader.stories.threads): held too, not as candidates (no key spans of theirs are read).
    followed = sorted({s.followed for s in index.stories.values()} - {0, *index.stories})
    for r in store.query_ids("SELECT * FROM stories WHERE id IN ({ids})", followed):
        index.put(_story_state(r))
    return index


#: State key: the next story and thread ids as the last assignment that merged stories left
#: them ("story,thread"): the stories merged away may have held the highest.
NEXT_IDS = "story_next_ids"


def _next_ids(store: Store) -> tuple[int, int]:
    value = store.get_state(NEXT_IDS)
    if not value:
        return 0, 0
    story_id, _, thread_id = value.partition(",")
    return int(story_id), int(thread_id)


def read_feed_memories(store: Store, index: StoryIndex, feed_ids: Iterable[int]) -> None:
    """The library's memories of these feeds, into ``index`` where it holds none yet."""
    for r in store.query_ids(
        "SELECT feed_id, memory FROM story_feeds WHERE feed_id IN ({ids})",
        sorted(set(feed_ids) - set(index.feeds)),
    ):
        index.feeds[int(r[0])] = FeedMemory.from_json(str(r[1]))


#: State key: every article whose ``story_articles.seq`` is at most this is counted in the feed
#: memories the library holds. A drain writes its memories once, at its end (not with each
#: batch: a batch of 500 changes nearly every feed's), so after a drain that was killed the
#: articles above it are counted again (``uncounted_articles``) before the next assignment.
FEEDS_COUNTED = "story_feeds_counted"


def uncounted_articles(store: Store) -> list[int] | None:
    """The assigned articles no stored feed memory counts yet, in the order they were
    assigned; None in a library from before the mark (its memories were written with every
    batch: they count every article)."""
    mark = store.get_state(FEEDS_COUNTED)
    if mark is None:
        return None
    rows = store.query(
        "SELECT article_id FROM story_articles WHERE seq > ? ORDER BY seq", (int(mark),)
    )
    return [int(r[0]) for r in rows]


def _span_reads(
    index: StoryIndex, keys: Sequence[str], low: float, high: float
) -> Iterator[tuple[str, tuple[float, ...], list[str]]]:
    """The reads of key spans that leave every span of ``keys`` overlapping days ``low`` to
    ``high`` held by ``index``, as (condition, its bounds, keys: at most 400): the whole
    window for a key not read before (or read for a window starting later); for a key read
    for an earlier window, only spans starting after it (one that starts within it and
    reaches this window overlapped it: it was read then, and is held since, with whatever
    assignment added to it since); nothing for a key read for a window covering this one.
    A drain's batches come in report-time order, so their windows overlap most of the way."""
    whole: list[str] = []
    later: dict[float, list[str]] = {}
    windows = index.key_windows
    for key in keys:
        read = windows.get(key)
        if read is None or read[0] > low:
            whole.append(key)
        elif read[1] < high:
            later.setdefault(read[1], []).append(key)
        else:
            continue
        windows[key] = (low, high)
    for first in range(0, len(whole), 400):
        yield "last_day >= ? AND first_day <= ?", (low, high), whole[first : first + 400]
    for read_to, part in sorted(later.items()):
        for first in range(0, len(part), 400):
            yield (
                "first_day > ? AND first_day <= ? AND last_day >= ?",
                (read_to, high, low),
                part[first : first + 400],
            )


def remove_articles(store: Store, ids: Sequence[int]) -> list[int]:
    """Take changed articles out of their stories (to assign them again); returns the
    stories they left, whose sums must be made again from the articles they keep."""
    left: set[int] = set()
    with store.write() as conn:
        for first in range(0, len(ids), 500):
            part = list(ids[first : first + 500])
            marks = ", ".join("?" for _ in part)
            left.update(
                int(r[0])
                for r in conn.execute(
                    f"SELECT story_id FROM story_articles WHERE article_id IN ({marks})", part
                )
            )
            conn.execute(f"DELETE FROM story_articles WHERE article_id IN ({marks})", part)
    return sorted(left)


def story_member_ids(store: Store, story_id: int) -> list[int]:
    rows = store.query(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY seq, article_id",
        (story_id,),
    )
    return [int(r[0]) for r in rows]


# A story's row and a key's span, written by a refresh and by a rebuild alike.
_UPSERT_STORY = (
    "INSERT INTO stories (id, thread_id, first_date, last_date, first_day, "
    "last_day, articles, centroid) VALUES (?, ?, '', '', ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET thread_id = excluded.thread_id, "
    "first_day = excluded.first_day, last_day = excluded.last_day, "
    "articles = excluded.articles, centroid = excluded.centroid, "
    "figures = NULL, differing = NULL"
)
_UPSERT_KEY_SPAN = (
    "INSERT INTO story_keys (key, story_id, first_day, last_day) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (key, story_id) DO UPDATE SET first_day = excluded.first_day, "
    "last_day = excluded.last_day"
)


def _story_values(story: StoryState) -> tuple[int, int, float, float, int, str]:
    """A story's values for ``_UPSERT_STORY``."""
    return (
        story.story_id,
        story.thread_id,
        story.first_day,
        story.last_day,
        story.articles,
        _centroid_json(story),
    )


def _centroid_json(story: StoryState) -> str:
    return json.dumps(
        {
            "w": story.words,
            "n": story.names,
            "c": story.name_counts,
            "h": story.headlines,
            "d": story.when_counts,
            "x": story.fact_counts,
            "m": story.members,
            "a": int(story.thread_alone),
            "o": story.own_thread_id,
            "f": story.followed,
        },
        separators=(",", ":"),
    )


def save_assignment(
    store: Store,
    index: StoryIndex,
    items: Sequence[StoryInput],
    hashes: dict[int, str],
    replace_stories: Iterable[int] = (),
    describe: bool = True,
    feeds: bool = True,
) -> list[int]:
    """Write the articles' stories, the key spans they touched and every story the
    assignment changed (and ``replace_stories``, rebuilt from their remaining members);
    returns those stories. ``describe`` sets their titles, feed counts and dates too (a
    rebuild does that once, at its end: ``describe_all``). ``feeds`` writes the feed memories
    it changed (a drain's batches leave them to ``save_feed_memories`` at the drain's end)."""
    changed = sorted({*replace_stories, *(s.story_id for s in index.stories.values() if s.changed)})
    # A story that took in a merged one is described from all its articles, not the new ones.
    absorbed = {index.now(story_id) for story_id in index.merged}
    joined: dict[int, list[int]] = {}
    for item in items:
        joined.setdefault(index.story_of(item.article_id), []).append(item.article_id)
    with store.write() as conn:
        _write_members(conn, index, items, hashes)
        if feeds:
            _write_feed_memories(conn, index)
        conn.executemany(
            _UPSERT_KEY_SPAN,
            [
                (key, story_id, *index.key_spans[key][story_id])
                for key, story_id in sorted(index.touched_keys)
            ],
        )
        index.touched_keys.clear()
        # After the spans the index holds are written: the merged stories' spans it does not
        # hold are added to them.
        _write_merges(conn, index)
        for story_id in changed:
            story = index.stories.get(story_id)
            if story is None or story.articles == 0:
                conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
                conn.execute("DELETE FROM story_keys WHERE story_id = ?", (story_id,))
                continue
            conn.execute(
                _UPSERT_STORY,
                _story_values(story),
            )
            story.changed = False
            if not describe:
                continue
            if story_id in joined and story_id not in {*replace_stories, *absorbed}:
                _describe_joined(conn, story, joined[story_id])
            else:
                rows = conn.execute(
                    "SELECT a.id, a.title, a.sort_date, s.feed_id FROM story_articles s "
                    "JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?",
                    (story.story_id,),
                ).fetchall()
                _describe(conn, story.story_id, story.words, rows)
    return changed


def save_members(
    store: Store, index: StoryIndex, items: Sequence[StoryInput], hashes: dict[int, str]
) -> None:
    """Write only which story each of these articles is in (a rebuild's step: the stories
    and their key spans are written once, at its end, by ``save_stories``)."""
    with store.write() as conn:
        _write_members(conn, index, items, hashes)
        _write_merges(conn, index, spans=False)


def _write_merges(conn: sqlite3.Connection, index: StoryIndex, spans: bool = True) -> None:
    """Move what hangs on each story merged since the index was read to the story it went
    into (reader.stories.assign.StoryIndex.merge): its articles, its key spans (``spans``;
    a rebuild writes every span at its end, from an index that holds them all) and its row;
    its thread mark is forgotten (its figure conflicts follow its articles: moving them marks
    them for regrouping, reader.store.migrations m250)."""
    for gone in sorted(index.merged):
        kept = index.now(gone)
        conn.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (kept, gone))
        if spans:
            conn.execute(
                "INSERT INTO story_keys (key, story_id, first_day, last_day) "
                "SELECT key, ?, first_day, last_day FROM story_keys WHERE story_id = ? "
                "ON CONFLICT (key, story_id) DO UPDATE SET "
                "first_day = MIN(first_day, excluded.first_day), "
                "last_day = MAX(last_day, excluded.last_day)",
                (kept, gone),
            )
            conn.execute("DELETE FROM story_keys WHERE story_id = ?", (gone,))
        conn.execute("DELETE FROM stories WHERE id = ?", (gone,))
        conn.execute("DELETE FROM story_thread_marks WHERE story_id = ?", (gone,))
    if index.merged:
        write_state(conn, NEXT_IDS, f"{index.next_story_id},{index.next_thread_id}")
    index.merged.clear()


def _write_members(
    conn: sqlite3.Connection,
    index: StoryIndex,
    items: Sequence[StoryInput],
    hashes: dict[int, str],
) -> None:
    """Which story each of these articles is in, the text it was assigned by and when (``seq``:
    after every article assigned before, in the order of ``items``, the order assigned)."""
    row = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM story_articles").fetchone()
    first_seq = int(row[0]) + 1
    conn.executemany(
        "INSERT OR REPLACE INTO story_articles "
        "(article_id, story_id, feed_id, day, content_hash, seq) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                item.article_id,
                index.story_of(item.article_id),
                item.feed_id,
                item.day,
                hashes[item.article_id],
                first_seq + position,
            )
            for position, item in enumerate(items)
        ],
    )


def save_feed_memories(store: Store, index: StoryIndex) -> None:
    """Write each feed memory of ``index`` that changed since it was last written (a drain's
    end: its batches were saved without them)."""
    with store.write() as conn:
        _write_feed_memories(conn, index)


def _write_feed_memories(conn: sqlite3.Connection, index: StoryIndex) -> None:
    """Each feed memory the assignment changed (reader.stories.boilerplate), and the mark that
    every article assigned so far is counted in them (``FEEDS_COUNTED``): the index counts
    every article saved, and a memory it does not hold counts every article of its feed
    (an index reads the memories of the feeds of every article it assigns)."""
    changed = [(feed_id, memory) for feed_id, memory in index.feeds.items() if memory.changed]
    conn.executemany(
        "INSERT OR REPLACE INTO story_feeds (feed_id, memory) VALUES (?, ?)",
        [(feed_id, memory.to_json()) for feed_id, memory in sorted(changed, key=lambda c: c[0])],
    )
    row = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM story_articles").fetchone()
    write_state(conn, FEEDS_COUNTED, str(int(row[0])))
    for _, memory in changed:
        memory.changed = False


#: Rows one transaction of ``save_stories`` writes: the writer is held a moment at a time.
SAVE_CHUNK = 5000


def save_stories(store: Store, index: StoryIndex) -> None:
    """Write every story of the index that changed, every key span it touched and every
    feed memory (a rebuild's end), a short transaction per SAVE_CHUNK rows."""
    spans = [
        (key, story_id, *index.key_spans[key][story_id])
        for key, story_id in sorted(index.touched_keys)
    ]
    index.touched_keys.clear()
    for first in range(0, len(spans), SAVE_CHUNK):
        with store.write() as conn:
            conn.executemany(
                _UPSERT_KEY_SPAN,
                spans[first : first + SAVE_CHUNK],
            )
    changed = sorted(s.story_id for s in index.stories.values() if s.changed and s.articles)
    for first in range(0, len(changed), SAVE_CHUNK):
        rows = []
        for story_id in changed[first : first + SAVE_CHUNK]:
            story = index.stories[story_id]
            story.changed = False
            rows.append(_story_values(story))
        with store.write() as conn:
            conn.executemany(
                _UPSERT_STORY,
                rows,
            )
    with store.write() as conn:
        _write_feed_memories(conn, index)


def _describe_joined(conn: sqlite3.Connection, story: StoryState, new_ids: Sequence[int]) -> None:
    """Describe a story that articles joined, reading only them (a story of thousands of
    articles is not read again): the title is the better of the current one and theirs."""
    from reader.stories.features import headline_score

    known = conn.execute(
        "SELECT title, feeds, first_date, last_date FROM stories WHERE id = ?", (story.story_id,)
    ).fetchone()
    marks = ", ".join("?" for _ in new_ids)
    rows = conn.execute(
        f"SELECT id, title, sort_date, feed_id FROM articles WHERE id IN ({marks})", list(new_ids)
    ).fetchall()
    if known is None or not known["first_date"]:
        everything = conn.execute(
            "SELECT a.id, a.title, a.sort_date, s.feed_id FROM story_articles s "
            "JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?",
            (story.story_id,),
        ).fetchall()
        _describe(conn, story.story_id, story.words, everything)
        return
    titles = [str(known["title"]), *(str(r[1]) for r in rows)]
    title = max(titles, key=lambda t: headline_score(t, story.words))
    feeds = {int(r[3]) for r in rows}
    feed_marks = ", ".join("?" for _ in feeds)
    already = conn.execute(
        f"SELECT DISTINCT feed_id FROM story_articles WHERE story_id = ? "
        f"AND feed_id IN ({feed_marks}) AND article_id NOT IN ({marks})",
        [story.story_id, *feeds, *new_ids],
    ).fetchall()
    added = len(feeds - {int(r[0]) for r in already})
    dates = sorted([str(known["first_date"]), str(known["last_date"]), *(str(r[2]) for r in rows)])
    conn.execute(
        "UPDATE stories SET title = ?, feeds = ?, first_date = ?, last_date = ? WHERE id = ?",
        (title, int(known["feeds"]) + added, dates[0], dates[-1], story.story_id),
    )


def describe_all(store: Store, index: StoryIndex) -> None:
    """Set every story's title, feed count and dates, in one pass over the library."""
    with store.write() as conn:
        current: list[sqlite3.Row] = []
        for row in conn.execute(
            "SELECT s.story_id, a.id, a.title, a.sort_date, s.feed_id FROM story_articles s "
            "JOIN articles a ON a.id = s.article_id ORDER BY s.story_id"
        ):
            if current and current[0][0] != row[0]:
                _describe_rows(conn, index, current)
                current = []
            current.append(row)
        if current:
            _describe_rows(conn, index, current)


def _describe_rows(conn: sqlite3.Connection, index: StoryIndex, rows: list[sqlite3.Row]) -> None:
    story = index.stories.get(int(rows[0][0]))
    words = story.words if story is not None else {}
    _describe(conn, int(rows[0][0]), words, [tuple(r)[1:] for r in rows])


def _describe(
    conn: sqlite3.Connection,
    story_id: int,
    words: dict[str, float],
    rows: Sequence[Sequence[object]],
) -> None:
    """Set a story's feed count, first and last report time and title (from its articles'
    (id, title, date, feed) rows): the headline whose words weigh most in the story's summed
    words, per word, so neither a long nor a short one wins."""
    if not rows:
        return
    # Scored once per distinct headline (outlets share wire copy); a story of one is its own.
    scores: dict[str, float] = {}
    if len(rows) == 1:
        best = rows[0]
    else:
        best = max(rows, key=lambda r: (_scored(scores, str(r[1]), words), -int(str(r[0]))))
    dates = sorted(str(r[2]) for r in rows)
    conn.execute(
        "UPDATE stories SET title = ?, feeds = ?, first_date = ?, last_date = ? WHERE id = ?",
        (str(best[1]), len({r[3] for r in rows}), dates[0], dates[-1], story_id),
    )


def _scored(scores: dict[str, float], title: str, words: dict[str, float]) -> float:
    from reader.stories.features import headline_score

    score = scores.get(title)
    if score is None:
        score = scores[title] = headline_score(title, words)
    return score


def clear(store: Store) -> None:
    """Forget every story (before a whole rebuild)."""
    with store.write() as conn:
        conn.execute("DELETE FROM story_keys")
        conn.execute("DELETE FROM story_feeds")
        conn.execute("DELETE FROM story_articles")
        conn.execute("DELETE FROM stories")
        conn.execute("DELETE FROM state WHERE key = ?", (NEXT_IDS,))
        # No memory left, and none counts an article: a rebuild stopped before its end (which
        # writes them) leaves every article it saved to be counted again.
        write_state(conn, FEEDS_COUNTED, "0")


# --- reading stories ------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryRow:
    """A story as listings show it."""

    story_id: int
    thread_id: int
    title: str
    articles: int
    feeds: int
    first: str
    last: str
    figures: int | None = None  # quantities in its figures table (None: not counted yet)
    differing: int | None = None  # of which differ


def _story_row(row: sqlite3.Row) -> StoryRow:
    return StoryRow(
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


def stories_with_voices(store: Store, story_ids: Sequence[int]) -> list[tuple[StoryRow, int]]:
    """The stories asked for, in that order, each with its voices (its feeds while not
    counted yet); a story gone since (a rebuild) is left out."""
    found = {
        int(row["id"]): (_story_row(row), int(row["voices"] or row["feeds"]))
        for row in store.query_ids("SELECT * FROM stories WHERE id IN ({ids})", story_ids)
    }
    return [found[i] for i in story_ids if i in found]


def save_figure_counts(store: Store, counts: dict[int, tuple[int, int]]) -> None:
    """Remember stories' (figures, differing) counts, so listings need not count again."""
    if not counts:
        return
    with store.write() as conn:
        conn.executemany(
            "UPDATE stories SET figures = ?, differing = ? WHERE id = ?",
            [(figures, differing, story_id) for story_id, (figures, differing) in counts.items()],
        )


def list_stories(
    store: Store, min_articles: int = 2, limit: int | None = None, offset: int = 0
) -> list[StoryRow]:
    """Stories ranked by how many feeds cover them, then by their last report."""
    rows = store.query(
        "SELECT * FROM stories WHERE articles >= ? "
        "ORDER BY feeds DESC, last_date DESC, id DESC LIMIT ? OFFSET ?",
        (min_articles, -1 if limit is None else limit, offset),
    )
    return [_story_row(r) for r in rows]


def assigned_count(store: Store) -> int:
    """How many articles are assigned to a story."""
    row = store.query_one("SELECT COUNT(*) FROM story_articles")
    return int(row[0]) if row is not None else 0


def count_stories(store: Store, min_articles: int = 2) -> int:
    row = store.query_one("SELECT COUNT(*) FROM stories WHERE articles >= ?", (min_articles,))
    return 0 if row is None else int(row[0])


def get_story(store: Store, story_id: int) -> StoryRow | None:
    row = store.query_one("SELECT * FROM stories WHERE id = ?", (story_id,))
    return None if row is None else _story_row(row)


def story_article_ids(store: Store, story_ids: Sequence[int]) -> dict[int, list[int]]:
    """Each story's articles, oldest report first."""
    found: dict[int, list[int]] = {story_id: [] for story_id in story_ids}
    for r in store.query_ids(
        "SELECT s.story_id, s.article_id FROM story_articles s JOIN articles a "
        "ON a.id = s.article_id WHERE s.story_id IN ({ids}) ORDER BY a.sort_date, a.id",
        list(story_ids),
    ):
        found[int(r[0])].append(int(r[1]))
    return found


def stories_of_articles(store: Store, article_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Each article's (story id, thread id), for the articles that have one."""
    rows = store.query_ids(
        "SELECT s.article_id, s.story_id, t.thread_id FROM story_articles s "
        "JOIN stories t ON t.id = s.story_id WHERE s.article_id IN ({ids})",
        list(article_ids),
    )
    return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}


def thread_neighbours(store: Store, story: StoryRow, limit: int = 20) -> list[StoryRow]:
    """The other stories of ``story``'s thread (its developing situation), latest report first."""
    rows = store.query(
        "SELECT * FROM stories WHERE thread_id = ? AND id != ? ORDER BY last_date DESC, id DESC "
        "LIMIT ?",
        (story.thread_id, story.story_id, limit),
    )
    return [_story_row(r) for r in rows]


def thread_story_ids(store: Store, thread_id: int) -> list[int]:
    rows = store.query("SELECT id FROM stories WHERE thread_id = ? ORDER BY id", (thread_id,))
    return [int(r[0]) for r in rows]
