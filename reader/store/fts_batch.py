"""The full-text index of a batch of new articles written in one statement, not row by row.

The ``articles_fts_insert`` trigger indexes each article as it is inserted. Inside a trigger
FTS5 writes its pending terms out at every row's statement savepoint, so a batch of a thousand
articles became a thousand small index segments for FTS5 to merge: that doubled the store
stage's SQL time. The trigger (since migration m110) stands aside while the state row
``FTS_DEFERRED`` exists; ``deferred_index`` sets that row inside the writer's open transaction,
inserts, indexes the batch in one ``INSERT ... SELECT`` and deletes the row again before the
transaction commits, so no other connection ever sees it and every other insert (another
program's, an older feedlens's) is indexed by the trigger as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

FTS_DEFERRED = "fts_deferred"  # the state key the insert trigger checks (m110)
_CHUNK = 500  # SQLite parameters per statement, well under its limit


@contextmanager
def deferred_index(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside a write transaction already open: articles inserted in the block are not
    indexed by the trigger; the caller indexes them with ``index_articles`` (in the same
    transaction). The marker is gone when the block ends, however it ends."""
    conn.execute(
        "INSERT INTO state (key, value) VALUES (?, '1') "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (FTS_DEFERRED,),
    )
    try:
        yield
    finally:
        conn.execute("DELETE FROM state WHERE key = ?", (FTS_DEFERRED,))


def index_articles(conn: sqlite3.Connection, article_ids: Sequence[int]) -> None:
    """Add these (just inserted, not yet indexed) articles to the full-text index."""
    ids = sorted(article_ids)
    for first in range(0, len(ids), _CHUNK):
        part = ids[first : first + _CHUNK]
        conn.execute(
            "INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles "
            f"WHERE id IN ({', '.join('?' for _ in part)}) ORDER BY id",
            part,
        )
