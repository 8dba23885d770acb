"""Figure mentions and figure groups in the library: writing an article's mentions, reading
them back, and caching the groups built across the library.

Groups are built in buckets (a value at two digits, or a counted thing) and never cross them;
inside a bucket, each story thread's mentions are grouped apart (reader/stories/groups.py).
Every write that adds or removes mentions records their buckets as dirty, with the dates of the
articles it changed and the value of a counter (the state ``figures_changed``) that moves with
every such write; an article that changes story or thread is recorded by triggers (table
``figure_dirty_articles``) and stands for its mentions' buckets around its date. Regrouping
then rebuilds only the dirty buckets, each only around the dates that changed (see
``regroup_reach``), and marks the cache current up to the counter and record it read.
"""

from __future__ import annotations

import json
import operator
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from reader.clock import ISO_FORMAT
from reader.figures.compare import (
    WINDOW_DAYS,
    FigureGroup,
    MentionRecord,
    bucket_parts,
    mention_buckets,
    round_significant,
    story_words,
    timestamp,
    value_range,
)
from reader.models import FigureMention
from reader.store.db import Store, write_state

MAX_CONTEXT_WORDS = 24  # enough to tell stories apart; bounds memory at a million articles
_COLUMNS = (
    "start",
    "end",
    "text",
    "sentence_start",
    "sentence_end",
    "value",
    "low",
    "high",
    "kind",
    "unit",
    "rate",
    "noun",
    "noun_text",
    "event",
    "qualifier",
    "bound",
    "modality",
    "vague",
    "precision",
    "field",
    "kin",
)
_QUOTED = ", ".join(f'"{c}"' for c in _COLUMNS)


# Figure buckets a write touched, each with the first and last date of the articles whose
# mentions it added or removed there: regrouping looks only around those dates.
Touched = dict[str, tuple[str, str]]


def touch(touched: Touched, bucket: str, first: str, last: str | None = None) -> None:
    """Record that a bucket changed between two dates (one date if ``last`` is None)."""
    last = first if last is None else last
    known = touched.get(bucket)
    if known is not None:
        first, last = min(first, known[0]), max(last, known[1])
    touched[bucket] = (first, last)


def merge_touched(touched: Touched, more: Mapping[str, tuple[str, str]]) -> None:
    for bucket, (first, last) in more.items():
        touch(touched, bucket, first, last)


@dataclass(frozen=True)
class StoredFigure:
    """A mention as stored, with its row id and article."""

    id: int
    article_id: int
    mention: FigureMention


def replace_figures(
    conn: sqlite3.Connection,
    article_id: int,
    figures: Iterable[tuple[FigureMention, str]],
    date: str,
    old_date: str | None = None,
) -> Touched:
    """Write an article's mentions (with their context words), replacing any it had; returns
    the buckets of the mentions removed (dated ``old_date``, the article's date before this
    write, if it changed) and added (dated ``date``)."""
    touched: Touched = {}
    for kind, unit, rate, value, noun, event, vague in conn.execute(
        "SELECT kind, unit, rate, value, noun, event, vague FROM figures WHERE article_id = ?",
        (article_id,),
    ):
        for bucket in mention_buckets(kind, unit, rate, value, noun, event, bool(vague)):
            touch(touched, bucket, old_date or date)
    conn.execute("DELETE FROM figures WHERE article_id = ?", (article_id,))
    merge_touched(
        touched,
        insert_figures(
            conn, ((article_id, date, mention, context) for mention, context in figures)
        ),
    )
    return touched


_INSERT_FIGURE = (
    f"INSERT INTO figures (article_id, {_QUOTED}, context) "
    f"VALUES (?, {', '.join('?' for _ in _COLUMNS)}, ?)"
)
_FIELDS = operator.attrgetter(*_COLUMNS)


def save_reextracted(
    store: Store,
    extracted: Sequence[tuple[int, str, Iterable[tuple[FigureMention, str]]]],
    version: int,
) -> None:
    """Write the figures an upgraded extractor found in stored articles, given as (article
    id, article date, mentions with their context words), and mark the articles done."""
    # An article listed twice keeps what its last entry says, as replacing one by one would.
    latest = {article_id: (date, figures) for article_id, date, figures in extracted}
    with store.write() as conn:
        # The whole batch in a few statements, not a few per article: this runs for every
        # article the analysis stage reads.
        touched = _delete_figures(conn, latest)
        merge_touched(
            touched,
            insert_figures(
                conn,
                (
                    (article_id, date, mention, context)
                    for article_id, (date, figures) in latest.items()
                    for mention, context in figures
                ),
            ),
        )
        conn.executemany(
            "UPDATE articles SET extractor_version = ? WHERE id = ?",
            [(version, article_id) for article_id in latest],
        )
        record_changes(conn, touched)


def _delete_figures(conn: sqlite3.Connection, dates: Mapping[int, tuple[str, object]]) -> Touched:
    """Delete the mentions of these articles (id -> (date, ...)); returns their buckets, each
    dated with its article's date."""
    touched: Touched = {}
    ids = list(dates)
    for first in range(0, len(ids), 500):
        part = ids[first : first + 500]
        marks = ", ".join("?" for _ in part)
        for article_id, kind, unit, rate, value, noun, event, vague in conn.execute(
            "SELECT article_id, kind, unit, rate, value, noun, event, vague FROM figures "
            f"WHERE article_id IN ({marks})",
            part,
        ):
            for bucket in mention_buckets(kind, unit, rate, value, noun, event, bool(vague)):
                touch(touched, bucket, dates[article_id][0])
        conn.execute(f"DELETE FROM figures WHERE article_id IN ({marks})", part)
    return touched


def insert_figures(
    conn: sqlite3.Connection, rows: Iterable[tuple[int, str, FigureMention, str]]
) -> Touched:
    """Write mentions of articles that have none yet: (article id, article date, mention,
    context words). Returns the buckets they fall in, with their dates."""
    values = []
    touched: Touched = {}
    for article_id, date, mention, context in rows:
        values.append((article_id, *_FIELDS(mention), context))
        for bucket in mention_buckets(
            mention.kind,
            mention.unit,
            mention.rate,
            mention.value,
            mention.noun,
            mention.event,
            mention.vague,
        ):
            touch(touched, bucket, date)
    conn.executemany(_INSERT_FIGURE, values)
    return touched


def record_changes(conn: sqlite3.Connection, touched: Mapping[str, tuple[str, str]]) -> None:
    """Record that figures changed in these buckets between these dates, so their groups are
    rebuilt there before they are listed."""
    row = conn.execute("SELECT value FROM state WHERE key = 'figures_changed'").fetchone()
    seq = int(row[0]) + 1 if row else 1
    write_state(conn, "figures_changed", str(seq))
    # min() and max() of SQLite give NULL if either side is NULL: a bucket marked dirty with
    # no dates (before they were recorded) stays dirty as a whole.
    conn.executemany(
        "INSERT INTO figure_dirty (bucket, seq, first_date, last_date) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (bucket) DO UPDATE SET seq = excluded.seq, "
        "first_date = min(first_date, excluded.first_date), "
        "last_date = max(last_date, excluded.last_date)",
        [(bucket, seq, first, last) for bucket, (first, last) in touched.items()],
    )


def _mention(row: sqlite3.Row) -> FigureMention:
    return FigureMention(**{c: row[c] for c in _COLUMNS if c != "vague"}, vague=bool(row["vague"]))


def article_figures(store: Store, article_id: int) -> list[StoredFigure]:
    rows = store.query(
        f"SELECT id, article_id, {_QUOTED} FROM figures WHERE article_id = ? "
        "ORDER BY field = 'text', start",  # the title's figures first, then the body's
        (article_id,),
    )
    return [StoredFigure(row["id"], row["article_id"], _mention(row)) for row in rows]


def figures_by_id(store: Store, ids: Sequence[int]) -> dict[int, StoredFigure]:
    rows = store.query_ids(
        f"SELECT id, article_id, {_QUOTED} FROM figures WHERE id IN ({{ids}})", ids
    )
    return {row["id"]: StoredFigure(row["id"], row["article_id"], _mention(row)) for row in rows}


def figures_of_articles(store: Store, article_ids: Sequence[int]) -> list[StoredFigure]:
    """The figures (not vague) these articles report, article by article, in text order (the
    title's first)."""
    rows = store.query_ids(
        f"SELECT id, article_id, {_QUOTED} FROM figures WHERE article_id IN ({{ids}}) "
        "AND vague = 0 ORDER BY article_id, field = 'text', start",
        article_ids,
    )
    return [StoredFigure(row["id"], row["article_id"], _mention(row)) for row in rows]


_ORDERS = {
    "value": "f.kind, f.unit, f.rate, f.value, f.id",
    "quantity": "f.kind, f.unit, f.rate, f.noun, f.event, f.modality, f.id",
}
# Each mention with its article's thread (see MentionRecord.thread): groups stay inside one.
_RECORD_SQL = (
    "SELECT f.id, f.article_id, a.feed_id, a.sort_date, f.text, f.value, f.low, f.high, "
    "f.kind, f.unit, f.rate, f.noun, f.noun_text, f.event, f.qualifier, f.bound, "
    "f.modality, f.precision, f.context, COALESCE(t.thread_id, -f.article_id) "
    "FROM figures f JOIN articles a ON a.id = f.article_id "
    "LEFT JOIN story_articles s ON s.article_id = f.article_id "
    "LEFT JOIN stories t ON t.id = s.story_id "
    "WHERE f.vague = 0 AND f.value IS NOT NULL"
)
# Past this many dirty buckets, one pass over the whole library is quicker than one lookup each.
INCREMENTAL_LIMIT = 20_000


def mention_records(store: Store, order: str = "value") -> Iterator[MentionRecord]:
    """Every groupable mention (not vague, with a value) with its article's feed and date,
    streamed in the order grouping needs, so memory holds one bucket, not the library."""
    # Conflicts are only claimed between mentions of a counted thing and an event: only
    # those are read for them (a fraction of the library).
    noun = " AND f.noun != '' AND f.event != ''" if order == "quantity" else ""
    with store.reader() as conn:
        cursor = conn.execute(f"{_RECORD_SQL}{noun} ORDER BY {_ORDERS[order]}")
        yield from _records(cursor)


def bucket_records(
    store: Store,
    bucket: str,
    dates: tuple[str, str] | None = None,
    articles: Sequence[int] | None = None,
) -> list[MentionRecord]:
    """The groupable mentions of one bucket (of articles dated within ``dates``, and of these
    ``articles``, if given), in the order the whole-library pass reads them."""
    if articles is None:
        return _bucket_records(store, bucket, dates, "")
    # A few threads' articles: read through the article index, not the whole bucket's values.
    found: list[MentionRecord] = []
    ids = sorted(set(articles))
    for first in range(0, len(ids), 500):
        part = ids[first : first + 500]
        found.extend(_bucket_records(store, bucket, dates, ", ".join(str(i) for i in part)))
    if bucket.startswith("same"):
        found.sort(key=lambda r: (r.value, r.id))
    else:
        found.sort(key=lambda r: (r.event, r.modality, r.id))
    return found


def _bucket_records(
    store: Store, bucket: str, dates: tuple[str, str] | None, articles: str
) -> list[MentionRecord]:
    """``bucket_records``; ``articles``: ids written out (integers only), "" for every one."""
    kind, unit, rate, last = bucket_parts(bucket)[1:]
    within = " AND a.sort_date BETWEEN ? AND ?" if dates else ""
    if articles:
        within += f" AND f.article_id IN ({articles})"
    between = tuple(dates or ())
    with store.reader() as conn:
        if bucket.startswith("same"):
            rounded = float(last)
            low, high = value_range(rounded)
            cursor = conn.execute(
                f"{_RECORD_SQL} AND f.value BETWEEN ? AND ? AND f.kind = ? AND f.unit = ? "
                f"AND f.rate = ?{within} ORDER BY f.value, f.id",
                (low, high, kind, unit, rate, *between),
            )
            return [r for r in _records(cursor) if round_significant(r.value, 2) == rounded]
        cursor = conn.execute(
            f"{_RECORD_SQL} AND f.noun = ? AND f.kind = ? AND f.unit = ? AND f.rate = ? "
            f"AND f.event != ''{within} ORDER BY f.event, f.modality, f.id",
            (last, kind, unit, rate, *between),
        )
        return list(_records(cursor))


def new_mention_articles(store: Store, bucket: str, grouped_mark: int) -> set[int]:
    """The articles with a groupable mention in ``bucket`` newer than ``grouped_mark``."""
    kind, unit, rate, last = bucket_parts(bucket)[1:]
    if not bucket.startswith("same"):
        rows = store.query(
            "SELECT DISTINCT article_id FROM figures WHERE id > ? AND vague = 0 "
            "AND value IS NOT NULL AND noun = ? AND kind = ? AND unit = ? AND rate = ? "
            "AND event != ''",
            (grouped_mark, last, kind, unit, rate),
        )
        return {int(row[0]) for row in rows}
    rounded = float(last)
    low, high = value_range(rounded)
    rows = store.query(
        "SELECT article_id, value FROM figures WHERE id > ? AND vague = 0 "
        "AND value BETWEEN ? AND ? AND kind = ? AND unit = ? AND rate = ?",
        (grouped_mark, low, high, kind, unit, rate),
    )
    return {int(row[0]) for row in rows if round_significant(row[1], 2) == rounded}


def thread_articles(store: Store, article_ids: Sequence[int]) -> list[int]:
    """These articles and every other article of their threads (an article in no story is
    its own thread, as MentionRecord.thread reads it)."""
    threads = {
        int(row[0])
        for row in store.query_ids(
            "SELECT DISTINCT t.thread_id FROM story_articles s JOIN stories t "
            "ON t.id = s.story_id WHERE s.article_id IN ({ids})",
            list(article_ids),
        )
    }
    found = set(article_ids)
    for row in store.query_ids(
        "SELECT s.article_id FROM stories t JOIN story_articles s ON s.story_id = t.id "
        "WHERE t.thread_id IN ({ids})",
        sorted(threads),
    ):
        found.add(int(row[0]))
    return sorted(found)


def removed_mentions(store: Store, upto: int) -> dict[str, list[tuple[int | None, int | None]]]:
    """The mentions removed (recorded up to ``upto``) since groups were built, by bucket:
    (mention id, article id) each, None where the record is older than those columns."""
    found: dict[str, list[tuple[int | None, int | None]]] = {}
    for kind, unit, rate, value, noun, event, vague, mention, article in store.query(
        "SELECT kind, unit, rate, value, noun, event, vague, mention_id, article_id "
        "FROM figure_removed WHERE id <= ?",
        (upto,),
    ):
        for bucket in mention_buckets(kind, unit, rate, value, noun, event, bool(vague)):
            found.setdefault(bucket, []).append((mention, article))
    return found


def moved_articles(store: Store, upto: int) -> dict[int, set[int | None]]:
    """The articles that changed story or thread (recorded up to ``upto``), each with the
    threads it left (0: it came from no story; None: not known, a record older than them)."""
    found: dict[int, set[int | None]] = {}
    for article, left in store.query(
        "SELECT article_id, left_thread FROM figure_dirty_articles WHERE id <= ?", (upto,)
    ):
        found.setdefault(int(article), set()).add(None if left is None else int(left))
    return found


def threads_articles(store: Store, threads: Sequence[int]) -> list[int]:
    """Every article of these threads, as they are now."""
    return [
        int(row[0])
        for row in store.query_ids(
            "SELECT s.article_id FROM stories t JOIN story_articles s ON s.story_id = t.id "
            "WHERE t.thread_id IN ({ids})",
            sorted(set(threads)),
        )
    ]


def groups_holding(store: Store, bucket: str, mention_ids: Sequence[int]) -> list[int]:
    """The ids of the cached groups of ``bucket`` holding any of these mentions."""
    found: set[int] = set()
    ids = sorted(set(mention_ids))
    for first in range(0, len(ids), 500):
        part = ids[first : first + 500]
        rows = store.query(
            "SELECT DISTINCT g.id FROM figure_groups g, json_each(g.mention_ids) j "
            f"WHERE g.bucket = ? AND j.value IN ({', '.join('?' for _ in part)})",
            [bucket, *part],
        )
        found.update(int(row[0]) for row in rows)
    return sorted(found)


def records_by_ids(store: Store, ids: Sequence[int], context: bool = True) -> list[MentionRecord]:
    """The groupable mentions with these ids, as grouping reads them (without their context
    words and names when ``context`` is False: enough to make a group of linked mentions)."""
    found: list[MentionRecord] = []
    with store.reader() as conn:
        for first in range(0, len(ids), 500):
            part = list(ids[first : first + 500])
            marks = ", ".join("?" for _ in part)
            cursor = conn.execute(f"{_RECORD_SQL} AND f.id IN ({marks})", part)
            found.extend(_records(cursor, context))
    return found


_NO_WORDS: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def _records(cursor: sqlite3.Cursor, context: bool = True) -> Iterator[MentionRecord]:
    cursor.row_factory = None  # plain tuples: millions of rows are read here
    intern = sys.intern
    seconds: dict[str, float] = {}  # an article's mentions share its date
    while rows := cursor.fetchmany(5000):
        for row in rows:
            (mention_id, article_id, feed_id, date, text, value, low, high) = row[:8]
            (kind, unit, rate, noun, noun_text, event, qualifier, bound, modality) = row[8:17]
            words, names = story_words(row[18], MAX_CONTEXT_WORDS) if context else _NO_WORDS
            moment = seconds.get(date)
            if moment is None:
                if len(seconds) > 100_000:
                    seconds.clear()
                moment = seconds[date] = timestamp(date)
            yield MentionRecord(
                mention_id,
                article_id,
                feed_id,
                date,
                text,
                value,
                low,
                high,
                intern(kind),
                intern(unit),
                intern(rate),
                intern(noun),
                intern(noun_text),
                intern(event),
                intern(qualifier),
                intern(bound),
                intern(modality),
                row[17],
                frozenset(map(intern, words)),
                moment,
                frozenset(map(intern, names)),
                row[19],
            )


def groups_are_current(store: Store) -> bool:
    if store.get_state("figures_bucketed") != "1":
        return False  # groups cached before they named their buckets are built again once
    changed = store.get_state("figures_changed") or "0"
    built = store.get_state("figures_grouped") or "-1"
    if changed != built:
        return False
    # An article that changed story or thread since: its figures' groups change with it.
    return store.query_one("SELECT 1 FROM figure_dirty_articles LIMIT 1") is None


def moved_articles_mark(store: Store) -> int:
    """How far the record of articles that changed story or thread goes (the triggers of
    migration m250 write it); read before grouping starts, as ``change_counter`` is."""
    row = store.query_one("SELECT COALESCE(MAX(id), 0) FROM figure_dirty_articles")
    return int(row[0]) if row else 0


def mention_mark(store: Store) -> int:
    """The newest mention's id; read before grouping starts (ids only grow while no mention
    is removed: see ``removed_since``)."""
    row = store.query_one("SELECT COALESCE(MAX(id), 0) FROM figures")
    return int(row[0]) if row else 0


def grouped_mention_mark(store: Store) -> int | None:
    """``mention_mark`` when the cached groups were last built (None: not recorded): mentions
    with a higher id came after them."""
    value = store.get_state("figures_grouped_mark")
    return int(value) if value is not None else None


def removed_mark(store: Store) -> int:
    """How far the record of removed mentions goes (the triggers of migration m250 write it);
    read before ``change_counter``, so every removal it covers is among the changes read."""
    row = store.query_one("SELECT COALESCE(MAX(id), 0) FROM figure_removed")
    return int(row[0]) if row else 0


def removed_buckets(store: Store, upto: int) -> set[str]:
    """The buckets of the mentions removed (recorded up to ``upto``) since groups were built."""
    return {
        bucket
        for kind, unit, rate, value, noun, event, vague in store.query(
            "SELECT DISTINCT kind, unit, rate, value, noun, event, vague FROM figure_removed "
            "WHERE id <= ?",
            (upto,),
        )
        for bucket in mention_buckets(kind, unit, rate, value, noun, event, bool(vague))
    }


def moved_old_buckets(store: Store, upto: int, grouped_mark: int) -> set[str]:
    """The buckets of mentions grouped before (id up to ``grouped_mark``) whose articles
    changed story or thread (recorded up to ``upto``): they left one thread's groups."""
    ids = [
        int(row[0])
        for row in store.query(
            "SELECT DISTINCT article_id FROM figure_dirty_articles WHERE id <= ?", (upto,)
        )
    ]
    return {
        bucket
        for kind, unit, rate, value, noun, event, vague in store.query_ids(
            "SELECT kind, unit, rate, value, noun, event, vague FROM figures "
            f"WHERE article_id IN ({{ids}}) AND id <= {int(grouped_mark)}",
            ids,
        )
        for bucket in mention_buckets(kind, unit, rate, value, noun, event, bool(vague))
    }


def groups_reaching(store: Store, bucket: str, first: str) -> list[FigureGroup]:
    """The cached groups of a bucket whose last article is dated ``first`` or later."""
    rows = store.query(
        "SELECT * FROM figure_groups WHERE bucket = ? AND last_date >= ?", (bucket, first)
    )
    return [_group(row) for row in rows]


def moved_articles_buckets(store: Store, upto: int) -> Touched | None:
    """The buckets of the figures of the articles that changed story or thread (recorded up to
    ``upto``), each around its article's date; None when so many changed (a whole story
    rebuild) that regrouping the library is quicker."""
    rows = store.query(
        "SELECT DISTINCT article_id FROM figure_dirty_articles WHERE id <= ? LIMIT ?",
        (upto, INCREMENTAL_LIMIT + 1),
    )
    if len(rows) > INCREMENTAL_LIMIT:
        return None
    touched: Touched = {}
    for kind, unit, rate, value, noun, event, vague, date in store.query_ids(
        "SELECT f.kind, f.unit, f.rate, f.value, f.noun, f.event, f.vague, a.sort_date "
        "FROM figures f JOIN articles a ON a.id = f.article_id WHERE f.article_id IN ({ids})",
        [int(row[0]) for row in rows],
    ):
        for bucket in mention_buckets(kind, unit, rate, value, noun, event, bool(vague)):
            touch(touched, bucket, date)
    return touched


def change_counter(store: Store) -> str:
    """Where the library's figure changes stand; read before grouping starts, so a change
    made while grouping runs leaves the groups stale, never wrongly current."""
    return store.get_state("figures_changed") or "0"


@dataclass(frozen=True)
class DirtyBucket:
    """A bucket whose mentions changed, and the first and last date of the articles changed
    there (None: unknown, so the whole bucket is regrouped)."""

    bucket: str
    first_date: str | None
    last_date: str | None


def dirty_buckets(store: Store, changed: str, moved_upto: int = 0) -> list[DirtyBucket] | None:
    """Buckets changed up to ``changed``, with those of the articles that changed story or
    thread up to ``moved_upto``; None when the whole library must be regrouped (never grouped
    by bucket yet, or too many buckets changed)."""
    if store.get_state("figures_bucketed") != "1":
        return None
    rows = store.query(
        "SELECT bucket, first_date, last_date FROM figure_dirty WHERE seq <= ? LIMIT ?",
        (int(changed), INCREMENTAL_LIMIT + 1),
    )
    moved = moved_articles_buckets(store, moved_upto)
    if len(rows) > INCREMENTAL_LIMIT or moved is None:
        return None
    dirty: dict[str, tuple[str | None, str | None]] = {row[0]: (row[1], row[2]) for row in rows}
    for bucket, (first, last) in moved.items():
        known = dirty.get(bucket)
        if known is None:
            dirty[bucket] = (first, last)
        elif known[0] is not None and known[1] is not None:  # undated stays whole
            dirty[bucket] = (min(first, known[0]), max(last, known[1]))
    if len(dirty) > INCREMENTAL_LIMIT:
        return None
    return [DirtyBucket(bucket, first, last) for bucket, (first, last) in dirty.items()]


@dataclass(frozen=True)
class Reach:
    """The part of a bucket to regroup after a change: every mention dated from ``first`` to
    ``last``, replacing the cached groups there (every group reaching in lies inside)."""

    first: str
    last: str


def _shift(iso: str, days: int) -> str:
    moment = datetime.strptime(iso, ISO_FORMAT).replace(tzinfo=UTC) + timedelta(days=days)
    return moment.strftime(ISO_FORMAT)


def regroup_reach(store: Store, dirty: DirtyBucket) -> Reach | None:
    """Which dates of a dirty bucket must be regrouped; None for the whole bucket.

    Mentions are only ever linked within WINDOW_DAYS of each other, to their nearest
    neighbours in time. So a change between two dates can only alter links within a window
    of them. Widened by a window (and a day) on each side, then to the whole span of every
    cached group reaching into it (until no other group does), the dates hold every group
    the change may alter, and no group crosses their edges: regrouping the mentions inside
    gives exactly what regrouping the whole bucket would.
    """
    if dirty.first_date is None or dirty.last_date is None:
        return None
    try:
        first = _shift(dirty.first_date, -(WINDOW_DAYS + 1))
        last = _shift(dirty.last_date, WINDOW_DAYS + 1)
    except (ValueError, OverflowError):
        return None
    with store.reader() as conn:
        undated = conn.execute(
            "SELECT 1 FROM figure_groups WHERE bucket = ? AND first_date IS NULL LIMIT 1",
            (dirty.bucket,),
        ).fetchone()
        if undated:
            return None  # groups built before they recorded their dates
        while True:
            rows = conn.execute(
                "SELECT first_date, last_date FROM figure_groups "
                "WHERE bucket = ? AND last_date >= ? AND first_date <= ?",
                (dirty.bucket, first, last),
            ).fetchall()
            wider_first = min([first, *(row[0] for row in rows)])
            wider_last = max([last, *(row[1] for row in rows)])
            if (wider_first, wider_last) == (first, last):
                return Reach(first, last)
            first, last = wider_first, wider_last


def save_groups(
    store: Store,
    groups: Sequence[FigureGroup],
    changed: str,
    moved_upto: int = 0,
    mark: int | None = None,
    removed_upto: int = 0,
) -> None:
    """Replace every cached group (after a whole-library pass), as of the figure changes up to
    ``changed``, the articles that changed story or thread up to ``moved_upto``, the
    mentions up to ``mark`` (``mention_mark`` read before grouping) and the removals up to
    ``removed_upto``."""
    with store.write() as conn:
        conn.execute("DELETE FROM figure_groups")
        _insert_groups(conn, groups)
        conn.execute("DELETE FROM figure_dirty WHERE seq <= ?", (int(changed),))
        _mark_grouped(conn, moved_upto, mark, removed_upto)
        write_state(conn, "figures_bucketed", "1")
        write_state(conn, "figures_grouped", changed)


def replace_bucket_groups(
    store: Store,
    regrouped: Sequence[str],
    whole: Sequence[str],
    sliced: Sequence[tuple[str, str, str]],
    groups: Sequence[FigureGroup],
    changed: str,
    moved_upto: int = 0,
    mark: int | None = None,
    dropped: Sequence[int] = (),
    generation: int = 0,
    removed_upto: int = 0,
) -> bool:
    """Replace cached groups after regrouping the dirty buckets ``regrouped``: every group of
    the buckets regrouped ``whole``, and of the others (bucket, first date, last date) the
    groups reaching into the dates regrouped. Chosen by date here, inside the write, not by
    the ids read before grouping: groups another process wrote meanwhile go too. The
    articles that changed story or thread up to ``moved_upto`` are regrouped with them.

    ``dropped``: groups (by id) that new mentions joined, replaced by ``groups`` too; chosen
    by id, so only while no other process wrote groups since ``generation`` was read
    (``groups_generation``; returns False, writing nothing, when one did: its groups are at
    least as current)."""
    with store.write() as conn:
        if dropped and _generation(conn) != generation:
            return False
        for first in range(0, len(dropped), 500):
            ids = list(dropped[first : first + 500])
            marks = ", ".join("?" for _ in ids)
            conn.execute(f"DELETE FROM figure_groups WHERE id IN ({marks})", ids)
        _mark_grouped(conn, moved_upto, mark, removed_upto)
        for first in range(0, len(whole), 500):
            chunk = list(whole[first : first + 500])
            marks = ", ".join("?" for _ in chunk)
            conn.execute(f"DELETE FROM figure_groups WHERE bucket IN ({marks})", chunk)
        conn.executemany(
            "DELETE FROM figure_groups WHERE bucket = ? AND last_date >= ? AND first_date <= ?",
            sliced,
        )
        conn.executemany(
            "DELETE FROM figure_dirty WHERE bucket = ? AND seq <= ?",
            [(bucket, int(changed)) for bucket in regrouped],
        )
        _insert_groups(conn, groups)
        write_state(conn, "figures_grouped", changed)
    return True


def _mark_grouped(
    conn: sqlite3.Connection, moved_upto: int, mark: int | None, removed_upto: int
) -> None:
    """What the groups being written include: the articles moved up to ``moved_upto``, the
    mentions up to ``mark`` and the removals up to ``removed_upto``."""
    conn.execute("DELETE FROM figure_dirty_articles WHERE id <= ?", (moved_upto,))
    conn.execute("DELETE FROM figure_removed WHERE id <= ?", (removed_upto,))
    if mark is None:
        conn.execute("DELETE FROM state WHERE key = 'figures_grouped_mark'")
    else:
        write_state(conn, "figures_grouped_mark", str(mark))
    write_state(conn, "figures_generation", str(_generation(conn) + 1))


def _generation(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM state WHERE key = 'figures_generation'").fetchone()
    return int(row[0]) if row else 0


def groups_generation(store: Store) -> int:
    """How many times groups were written: read before grouping starts."""
    with store.reader() as conn:
        return _generation(conn)


def _insert_groups(conn: sqlite3.Connection, groups: Sequence[FigureGroup]) -> None:
    conn.executemany(
        "INSERT INTO figure_groups (kind, label, value, unit, noun, articles, feeds, "
        "mention_ids, rank, bucket, first_date, last_date, verdict) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
        [
            (
                g.kind,
                g.label,
                g.value,
                g.unit,
                g.noun,
                g.articles,
                g.feeds,
                json.dumps(list(g.mention_ids)),
                g.bucket,
                g.first_date,
                g.last_date,
                g.verdict,
            )
            for g in groups
        ],
    )


def _group(row: sqlite3.Row) -> FigureGroup:
    return FigureGroup(
        kind=row["kind"],
        label=row["label"],
        value=row["value"],
        unit=row["unit"],
        noun=row["noun"],
        mention_ids=tuple(json.loads(row["mention_ids"])),
        articles=row["articles"],
        feeds=row["feeds"],
        id=row["id"],
        bucket=row["bucket"],
        first_date=row["first_date"] or "",
        last_date=row["last_date"] or "",
        verdict=row["verdict"],
    )


# Figures several outlets report before those of one outlet only (however many of its
# articles repeat them), conflicts first among each, then the most widely shared figures (the
# index figure_groups_in_order).
_ORDER_TERMS = (
    "({}feeds < 2)",
    "({}kind != 'conflict')",
    "{}feeds DESC",
    "{}articles DESC",
    "{}label",
    "{}last_date DESC",
    "{}id",
)


def _group_order(table: str = "") -> str:
    """The listing order, for a query naming the groups table ``table`` (or not at all)."""
    return ", ".join(term.format(f"{table}." if table else "") for term in _ORDER_TERMS)


_GROUP_ORDER = _group_order()


def group_order() -> str:
    """The groups' listing order, as an ORDER BY clause (for modules reading the groups)."""
    return _GROUP_ORDER


def load_groups(
    store: Store, offset: int = 0, limit: int | None = None, min_articles: int = 2
) -> list[FigureGroup]:
    rows = store.query(
        f"SELECT * FROM figure_groups WHERE articles >= ? ORDER BY {_GROUP_ORDER} LIMIT ? OFFSET ?",
        (min_articles, -1 if limit is None else limit, offset),
    )
    return with_stories(store, [_group(row) for row in rows])


def with_stories(store: Store, groups: list[FigureGroup], every: bool = False) -> list[FigureGroup]:
    """The groups, each conflict with the id and title of the story holding most of its
    reports (the first such story where they tie): a conflict is two outlets disputing a
    figure of one story (of one thread, for a developing story's background figure), and a
    row naming no story leaves the reader guessing which news it is about. ``every``: the
    groups of one figure too (the reader's Figures rows: "= 75 years old" of which news?)."""
    conflicts = [g for g in groups if every or g.kind == "conflict"]
    wanted = [mention for g in conflicts for mention in g.mention_ids]
    if not wanted:
        return groups
    rows = store.query_ids(
        "SELECT f.id AS mention, s.id AS story, s.title AS title FROM figures f "
        "JOIN story_articles sa ON sa.article_id = f.article_id "
        "JOIN stories s ON s.id = sa.story_id WHERE f.id IN ({ids})",
        wanted,
    )
    story_of = {int(row["mention"]): (int(row["story"]), str(row["title"])) for row in rows}
    named: dict[int, tuple[int, str]] = {}
    for group in conflicts:
        held = Counter(story_of[m] for m in group.mention_ids if m in story_of)
        if held:
            named[group.id] = held.most_common(1)[0][0]
    return [
        replace(g, story_id=named[g.id][0], story=named[g.id][1]) if g.id in named else g
        for g in groups
    ]


def count_groups(store: Store, min_articles: int = 2) -> tuple[int, int]:
    """How many cached groups there are, and how many of them are conflicts."""
    row = store.query_one(
        "SELECT COUNT(*), COALESCE(SUM(kind = 'conflict'), 0) FROM figure_groups "
        "WHERE articles >= ?",
        (min_articles,),
    )
    return (int(row[0]), int(row[1])) if row else (0, 0)


def count_updates(store: Store, min_articles: int = 2) -> int:
    """How many of the cached conflicts are updates (a figure revised as reports came in)."""
    row = store.query_one(
        "SELECT COUNT(*) FROM figure_groups WHERE kind = 'conflict' AND verdict = 'update' "
        "AND articles >= ?",
        (min_articles,),
    )
    return int(row[0]) if row else 0


def group_labels(store: Store, min_articles: int = 2) -> list[tuple[int, str]]:
    """Every cached group's id and label, in listing order: what a filter searches."""
    rows = store.query(
        f"SELECT id, label FROM figure_groups WHERE articles >= ? ORDER BY {_GROUP_ORDER}",
        (min_articles,),
    )
    return [(row[0], row[1]) for row in rows]


def groups_by_id(store: Store, ids: Sequence[int]) -> list[FigureGroup]:
    """Cached groups by id, in the order asked."""
    rows = store.query_ids("SELECT * FROM figure_groups WHERE id IN ({ids})", ids)
    found = {group.id: group for group in with_stories(store, [_group(row) for row in rows])}
    return [found[i] for i in ids if i in found]


def groups_of_mentions(store: Store, mention_ids: Sequence[int]) -> dict[int, list[FigureGroup]]:
    """The cached groups each of these mentions belongs to: only the groups of the mentions'
    own buckets are searched, never every group in the library."""
    wanted = list(mention_ids)[:900]
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    buckets = sorted(
        {
            bucket
            for kind, unit, rate, value, noun, event, vague in store.query(
                f"SELECT kind, unit, rate, value, noun, event, vague FROM figures "
                f"WHERE id IN ({marks})",
                wanted,
            )
            for bucket in mention_buckets(kind, unit, rate, value, noun, event, bool(vague))
        }
        | {  # conflicts: their stories' (reader/stories/story_groups.py)
            f"story:{row[0]}"
            for row in store.query(
                "SELECT DISTINCT s.story_id FROM figures f JOIN story_articles s "
                f"ON s.article_id = f.article_id WHERE f.id IN ({marks})",
                wanted,
            )
        }
    )
    if not buckets:
        return {}
    rows = store.query(
        "SELECT g.*, j.value AS member FROM figure_groups g, json_each(g.mention_ids) j "
        f"WHERE g.bucket IN ({', '.join('?' for _ in buckets)}) AND j.value IN ({marks}) "
        f"ORDER BY {_group_order('g')}",
        [*buckets, *wanted],
    )
    found: dict[int, list[FigureGroup]] = {}
    for row in rows:
        found.setdefault(int(row["member"]), []).append(_group(row))
    return found
