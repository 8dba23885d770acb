"""A cheap mark of what the reader's article list and sidebar show, to notice another
process's writes: an import or refresh from the CLI adds articles (a newer largest id) and
feeds, a deletion takes feeds away, and a read or star mark set anywhere moves a counter
(``flags``, one row written in the same transaction as the marks, so the sidebar's unread
counts follow a ``feedlens feeds read`` run beside the reader), as does a feed failing or
mending (the sidebar's "!" follows a ``feedlens refresh`` run beside the reader). Four index
reads, so the reader can ask every few seconds on a library of a million articles; text
changed elsewhere is not in it (the list shows it when next read)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from reader.store.db import Store


@dataclass(frozen=True)
class LibraryMark:
    """What the reader compares to notice other processes' writes."""

    added: tuple[int, int, int]  # largest article id, feeds, largest feed id
    flags: int  # read and star marks set and feeds failing or mending, counted


def library_mark(store: Store) -> LibraryMark:
    """Changes when articles or feeds are added or feeds removed (``added``), or read or star
    marks set (``flags``), by any process."""
    row = store.query_one(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM articles), (SELECT COUNT(*) FROM feeds), "
        "(SELECT COALESCE(MAX(id), 0) FROM feeds), "
        "(SELECT COALESCE(MAX(value), 0) FROM library_marks WHERE name = 'flags')"
    )
    if row is None:
        return LibraryMark((0, 0, 0), 0)
    return LibraryMark((int(row[0]), int(row[1]), int(row[2])), int(row[3]))


def count_flag_change(conn: sqlite3.Connection) -> None:
    """In the transaction that set read or star marks: move the mark's ``flags``."""
    conn.execute("UPDATE library_marks SET value = value + 1 WHERE name = 'flags'")


def count_failure_change(conn: sqlite3.Connection, feed_id: int, failing: bool) -> None:
    """In the transaction that records a fetch of ``feed_id``, before its ``last_error`` is
    written: move ``flags`` if the feed's failure state changes (the sidebar marks failing
    feeds), so a fetch like the last one writes nothing more."""
    conn.execute(
        "UPDATE library_marks SET value = value + 1 WHERE name = 'flags' AND EXISTS "
        "(SELECT 1 FROM feeds WHERE id = ? AND (last_error IS NOT NULL) != ?)",
        (feed_id, failing),
    )
