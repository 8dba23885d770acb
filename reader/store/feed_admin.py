"""Managing feeds in the library: deleting (notes kept), renaming, tagging, marking read.

Deleting a feed deletes its articles and their figures in one short transaction; the notes on
those articles are kept, marked orphaned, and what an export says about their article (title,
link, feed) is kept in ``detached_articles``, under a negative id of its own that the notes
then name: article ids are reused (a feed imported next takes the deleted ones), and a note
naming a deleted article's id was listed on whichever article took it. When the same
articles come back (the feed added, imported or refreshed again), the notes are placed on them
again in the transaction that stores them (``annotations.reattach_feed``). The figure buckets
the deleted mentions sat in are recorded as changed, so the figure groups are rebuilt there
before they are listed again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from reader.clock import now_iso
from reader.errors import NotFoundError
from reader.figures.compare import mention_buckets
from reader.store import figures as figure_store
from reader.store.db import Store
from reader.store.library_mark import count_flag_change


@dataclass(frozen=True)
class FeedContents:
    """What deleting a feed would take away (articles) and keep as orphaned (notes)."""

    feed_id: int
    title: str
    articles: int
    annotations: int


def _title(conn: sqlite3.Connection, feed_id: int) -> str:
    row = conn.execute("SELECT title, url FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no feed with id {feed_id}")
    return str(row["title"] or row["url"])


def contents(store: Store, feed_id: int) -> FeedContents:
    """How many articles a feed holds, and how many annotations sit on them."""
    with store.reader() as conn:
        title = _title(conn, feed_id)
        articles = conn.execute(
            "SELECT COUNT(*) FROM articles WHERE feed_id = ?", (feed_id,)
        ).fetchone()[0]
        annotations = conn.execute(
            "SELECT COUNT(*) FROM annotations WHERE article_id IN "
            "(SELECT id FROM articles WHERE feed_id = ?)",
            (feed_id,),
        ).fetchone()[0]
    return FeedContents(feed_id, title, int(articles), int(annotations))


def delete_feed(store: Store, feed_id: int) -> FeedContents:
    """Delete a feed and its articles; their annotations stay, orphaned."""
    with store.write() as conn:
        title = _title(conn, feed_id)
        stamp = now_iso()
        orphaned = _detach_notes(conn, feed_id, stamp)
        touched: figure_store.Touched = {}
        for kind, unit, rate, value, noun, event, vague, date in conn.execute(
            "SELECT g.kind, g.unit, g.rate, g.value, g.noun, g.event, g.vague, a.sort_date "
            "FROM figures g JOIN articles a ON a.id = g.article_id WHERE a.feed_id = ?",
            (feed_id,),
        ):
            for bucket in mention_buckets(kind, unit, rate, value, noun, event, bool(vague)):
                figure_store.touch(touched, bucket, date)
        articles = conn.execute("DELETE FROM articles WHERE feed_id = ?", (feed_id,)).rowcount
        conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        if touched:
            figure_store.record_changes(conn, touched)
    return FeedContents(feed_id, title, int(articles), int(orphaned))


def _detach_notes(conn: sqlite3.Connection, feed_id: int, stamp: str) -> int:
    """Keep what the notes on a feed's articles say of them, each under a new negative id
    (never an article's, never one kept before), and point the notes there, orphaned; how
    many notes."""
    annotated = [
        int(row[0])
        for row in conn.execute(
            "SELECT DISTINCT a.id FROM articles a JOIN annotations n ON n.article_id = a.id "
            "WHERE a.feed_id = ?",
            (feed_id,),
        )
    ]
    lowest = conn.execute("SELECT MIN(MIN(id), 0) FROM detached_articles").fetchone()[0] or 0
    notes = 0
    for offset, article_id in enumerate(annotated, start=1):
        detached = int(lowest) - offset
        conn.execute(
            "INSERT INTO detached_articles "
            "(id, title, link, guid, published, feed_title, feed_url, detached_at) "
            "SELECT ?, a.title, a.link, a.guid, COALESCE(a.published, a.updated), "
            "f.title, f.url, ? FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
            (detached, stamp, article_id),
        )
        notes += conn.execute(
            "UPDATE annotations SET status = 'orphaned', updated_at = ?, article_id = ? "
            "WHERE article_id = ?",
            (stamp, detached, article_id),
        ).rowcount
    return notes


def rename_feed(store: Store, feed_id: int, title: str) -> None:
    """Give a feed the user's own name; later imports and refreshes keep it."""
    with store.write() as conn:
        _title(conn, feed_id)
        conn.execute(
            "UPDATE feeds SET title = ?, title_kept = 1, updated_at = ? WHERE id = ?",
            (title, now_iso(), feed_id),
        )


def change_tags(
    store: Store, feed_id: int, add: Sequence[str] = (), remove: Sequence[str] = ()
) -> tuple[str, ...]:
    """Add and remove tags of a feed (order kept, no duplicates); returns the new tags."""
    with store.write() as conn:
        _title(conn, feed_id)
        row = conn.execute("SELECT tags FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        gone = set(remove)
        tags = [t for t in dict.fromkeys([*json.loads(row["tags"] or "[]"), *add]) if t not in gone]
        conn.execute(
            "UPDATE feeds SET tags = ?, updated_at = ? WHERE id = ?",
            (json.dumps(tags), now_iso(), feed_id),
        )
    return tuple(tags)


def mark_feed_read(store: Store, feed_id: int | None) -> int:
    """Mark every article of a feed (or of the whole library, for None) read; how many changed."""
    with store.write() as conn:
        if feed_id is None:
            changed = conn.execute("UPDATE articles SET read = 1 WHERE read = 0").rowcount
        else:
            _title(conn, feed_id)
            changed = conn.execute(
                "UPDATE articles SET read = 1 WHERE feed_id = ? AND read = 0", (feed_id,)
            ).rowcount
        if changed:
            count_flag_change(conn)
        return int(changed)
