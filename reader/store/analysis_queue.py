"""The analysis queue in the library: articles stored but not yet analysed (figures, groups,
stories), and who is working on which.

All SQL about the queue lives here. Enqueueing runs inside the store stage's own write
transaction, so an article is never stored without being queued. A batch is claimed in one
short write (``claimed_by`` a process id, ``claimed_at`` unix seconds); finishing deletes the
rows claimed, by their queue ids, so an article queued again meanwhile (its text changed) stays
queued. Claims of a process that is gone, or older than ``CLAIM_LEASE_SECONDS``, are taken
over: a ``kill -9`` costs the batches it had claimed one more analysis, never a lost one.

Progress ("analysing 3,120 of 10,000") is the state ``analysis_total`` (articles queued since
the queue was last empty) less what is still queued.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass

from reader.store.db import Store, write_state

CLAIM_LEASE_SECONDS = 300.0  # far longer than a batch takes; only a hung process gets here
_CHUNK = 500  # SQLite parameters per statement, well under its limit


@dataclass(frozen=True)
class AnalysisProgress:
    """How far the analysis stage is: ``done`` of ``total`` articles queued since the queue
    was last empty; ``pending`` are still to analyse."""

    done: int
    total: int

    @property
    def pending(self) -> int:
        return self.total - self.done

    @property
    def complete(self) -> bool:
        return self.done >= self.total

    def line(self) -> str:
        return f"analysing {self.done:,} of {self.total:,}"


def _pending(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM analysis_queue").fetchone()[0])


def _total(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM state WHERE key = 'analysis_total'").fetchone()
    return int(row[0]) if row else 0


def enqueue(conn: sqlite3.Connection, article_ids: Sequence[int]) -> None:
    """Queue articles for analysis, inside a write transaction already open. An article
    already queued gets a new queue id: a batch working on its old text will not unqueue it."""
    unique = list(dict.fromkeys(article_ids))
    if not unique:
        return
    # Counted from the ids, not the queue: counting a queue of a million rows per batch of an
    # import would cost more than queueing.
    empty = conn.execute("SELECT 1 FROM analysis_queue LIMIT 1").fetchone() is None
    queued = 0 if empty else _queued_among(conn, unique)
    # One statement for the batch, its ids as one JSON array, queued in the order given: a
    # statement per id cost four times as much (each updates the AUTOINCREMENT sequence).
    conn.execute(
        "INSERT OR REPLACE INTO analysis_queue (article_id) "
        "SELECT value FROM json_each(?) ORDER BY key",
        (json.dumps(unique),),
    )
    added = len(unique) - queued
    total = added if empty else _total(conn) + added
    write_state(conn, "analysis_total", str(total))


def _queued_among(conn: sqlite3.Connection, article_ids: Sequence[int]) -> int:
    queued = 0
    for first in range(0, len(article_ids), _CHUNK):
        part = list(article_ids[first : first + _CHUNK])
        row = conn.execute(
            "SELECT COUNT(*) FROM analysis_queue "
            f"WHERE article_id IN ({', '.join('?' for _ in part)})",
            part,
        ).fetchone()
        queued += int(row[0])
    return queued


def enqueue_unanalysed(store: Store, version: int, chunk: int = 50_000) -> int:
    """Queue every article an older extractor (or none) analysed and not queued yet, a chunk
    per short transaction; returns how many were queued. Found from the extractor index, so
    a library with none (nearly always) costs one index probe."""
    stale = [
        int(row[0])
        for row in store.query(
            "SELECT id FROM articles INDEXED BY articles_by_extractor "
            "WHERE extractor_version < ? ORDER BY extractor_version",
            (version,),
        )
    ]
    queued = 0
    for first in range(0, len(stale), chunk):
        with store.write() as conn:
            empty = conn.execute("SELECT 1 FROM analysis_queue LIMIT 1").fetchone() is None
            changes = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO analysis_queue (article_id) "
                "SELECT id FROM articles WHERE id = ?",
                [(article_id,) for article_id in sorted(stale[first : first + chunk])],
            )
            added = conn.total_changes - changes  # rows ignored (queued already) not counted
            if added:
                total = added if empty else _total(conn) + added
                write_state(conn, "analysis_total", str(total))
        queued += added
    return queued


def has_unanalysed(store: Store, version: int) -> bool:
    """Whether any article waits for an older extractor's figures to be read again: one index
    probe, so the reader can ask it at start without reading the library (the queueing itself,
    ``enqueue_unanalysed``, reads every such id and is left to its analysis child)."""
    return (
        store.query_one(
            "SELECT 1 FROM articles INDEXED BY articles_by_extractor "
            "WHERE extractor_version < ? LIMIT 1",
            (version,),
        )
        is not None
    )


def progress(store: Store) -> AnalysisProgress:
    with store.reader() as conn:
        pending = _pending(conn)
        total = max(_total(conn), pending)
    return AnalysisProgress(total - pending, total)


def process_alive(pid: int) -> bool:
    """Whether the process ``pid`` is running (ours, or anyone's we may not signal)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    except OverflowError:
        return False
    return True


def claim(store: Store, limit: int, owner: int | None = None) -> list[tuple[int, int]]:
    """Claim up to ``limit`` queued articles for this process: (queue id, article id), oldest
    first. Claims of processes that are gone, or stale, are released first."""
    owner = os.getpid() if owner is None else owner
    now = time.time()
    holders = store.query("SELECT DISTINCT claimed_by FROM analysis_queue WHERE claimed_by > 0")
    gone = [int(row[0]) for row in holders if not process_alive(int(row[0]))]
    with store.write() as conn:
        for first in range(0, len(gone), _CHUNK):
            part = gone[first : first + _CHUNK]
            conn.execute(
                "UPDATE analysis_queue SET claimed_by = NULL, claimed_at = NULL "
                f"WHERE claimed_by IN ({', '.join('?' for _ in part)})",
                part,
            )
        rows = conn.execute(
            "UPDATE analysis_queue SET claimed_by = ?, claimed_at = ? WHERE id IN ("
            "  SELECT id FROM analysis_queue WHERE claimed_by IS NULL OR claimed_at < ?"
            "  ORDER BY id LIMIT ?) RETURNING id, article_id",
            (owner, now, now - CLAIM_LEASE_SECONDS, limit),
        ).fetchall()
    return sorted((int(row[0]), int(row[1])) for row in rows)


def release(store: Store, queue_ids: Sequence[int]) -> None:
    """Give claimed rows back unfinished (the worker stopped), for anyone to claim."""
    with store.write() as conn:
        for first in range(0, len(queue_ids), _CHUNK):
            part = list(queue_ids[first : first + _CHUNK])
            conn.execute(
                "UPDATE analysis_queue SET claimed_by = NULL, claimed_at = NULL "
                f"WHERE id IN ({', '.join('?' for _ in part)})",
                part,
            )


def finish(conn: sqlite3.Connection, queue_ids: Sequence[int]) -> None:
    """Unqueue analysed rows, inside a write transaction already open."""
    for first in range(0, len(queue_ids), _CHUNK):
        part = list(queue_ids[first : first + _CHUNK])
        conn.execute(
            f"DELETE FROM analysis_queue WHERE id IN ({', '.join('?' for _ in part)})", part
        )


def claimed_elsewhere(store: Store, owner: int | None = None) -> int:
    """Queued articles another live process has claimed (this one waits for them)."""
    owner = os.getpid() if owner is None else owner
    row = store.query_one(
        "SELECT COUNT(*) FROM analysis_queue WHERE claimed_by IS NOT NULL AND claimed_by != ?",
        (owner,),
    )
    return int(row[0]) if row else 0
