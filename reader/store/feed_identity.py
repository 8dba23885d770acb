"""When a feed file imported from a new path is a feed the library already holds.

A feed read from a file is known by its path (its ``file://`` URL). A copy of it at another
path (a newer download, a moved file) is the same feed when its site link and its title match
a file feed's and some of its entries are already in that feed (by their keys: guid, else link,
else title and date). Such a feed is then moved to the new path, so its articles are updated
in place rather than imported a second time beside the old ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from reader.clock import now_iso

_CHUNK = 500


def _overlaps(conn: sqlite3.Connection, feed_id: int, keys: Sequence[str]) -> bool:
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        row = conn.execute(
            f"SELECT 1 FROM articles WHERE feed_id = ? AND key IN ({marks}) LIMIT 1",
            (feed_id, *chunk),
        ).fetchone()
        if row is not None:
            return True
    return False


def follow_moved_file(
    conn: sqlite3.Connection, url: str, title: str, site_link: str, keys: Sequence[str]
) -> int | None:
    """If a file feed at ``url`` is new to the library but is the same feed as one imported
    from another path, point that feed at ``url`` and return its id (inside the caller's
    transaction); None when the feed is known by its path already, or is another feed."""
    if not title or not site_link or not keys:
        return None
    if conn.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone() is not None:
        return None
    candidates = conn.execute(
        "SELECT id FROM feeds WHERE source_kind = 'file' AND site_link = ? "
        "AND title = ? COLLATE NOCASE ORDER BY id",
        (site_link, title),
    ).fetchall()
    for (feed_id,) in candidates:
        if _overlaps(conn, feed_id, keys):
            conn.execute(
                "UPDATE feeds SET url = ?, updated_at = ? WHERE id = ?", (url, now_iso(), feed_id)
            )
            return int(feed_id)
    return None
