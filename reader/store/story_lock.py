"""One story assigner at a time per library, across every process and thread that opens it.

Assigning articles to stories reads the stories near them, weighs the articles in memory and
writes the stories back with their sums (``reader.stories.service``). Two assigners at once
(the reader's analysis child, the reader's Stories view and a CLI ``import --wait`` all bring
stories up to date) would each read a story before the other's write and write it back over
it, or add the same pending articles to it twice: a story then said ``42 articles`` and
listed 21. So an assigner holds this lease while it works: the ``state`` row
``story_assigner`` names its process and when it last renewed the lease, written in a short
write transaction; others wait for it and then find nothing (or only what came since)
pending. A lease of a process that is gone, or not renewed for ``LEASE_SECONDS``, is taken
over (a ``kill -9`` never leaves the stories locked). Threads of one process take turns on a
lock of their own first.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from reader.store.analysis_queue import process_alive
from reader.store.db import Store, write_state

LEASE_SECONDS = 300.0  # far longer than a batch of assignment takes; only a hung process
POLL_SECONDS = 0.2  # how often a waiting assigner looks again
_KEY = "story_assigner"

_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


def _thread_lock(store: Store) -> threading.Lock:
    key = str(store.path.resolve())
    with _thread_locks_guard:
        return _thread_locks.setdefault(key, threading.Lock())


@contextmanager
def assigning(store: Store, wait: bool = True) -> Iterator[Callable[[], None] | None]:
    """Hold the library's story assignment for the block, waiting for any other assigner
    first; yields a function that renews the lease (call it between batches). With ``wait``
    false it yields None at once where another assigner holds it: that one assigns what is
    pending, so a view need not wait for it (nor keep the reader from quitting meanwhile)."""
    lock = _thread_lock(store)
    if not lock.acquire(blocking=wait):
        yield None
        return
    try:
        if wait:
            _acquire(store)
        elif not _take(store, renew=False):
            yield None
            return
        try:
            yield lambda: _renew(store)
        finally:
            _release(store)
    finally:
        lock.release()


def _acquire(store: Store) -> None:
    while not _take(store, renew=False):
        time.sleep(POLL_SECONDS)


def _take(store: Store, renew: bool) -> bool:
    """Take (or renew) the lease for this process, unless a live process holds a fresh one."""
    me = os.getpid()
    now = time.time()
    with store.write() as conn:
        row = conn.execute("SELECT value FROM state WHERE key = ?", (_KEY,)).fetchone()
        holder, since = _parse(str(row[0])) if row else (0, 0.0)
        free = holder in (0, me) or not process_alive(holder) or since < now - LEASE_SECONDS
        if free or renew:
            write_state(conn, _KEY, f"{me} {now}")
        return free or renew


def _renew(store: Store) -> None:
    _take(store, renew=True)


def _release(store: Store) -> None:
    with store.write() as conn:
        conn.execute("DELETE FROM state WHERE key = ? AND value LIKE ?", (_KEY, f"{os.getpid()} %"))


def _parse(value: str) -> tuple[int, float]:
    """A lease's holder and when it renewed it; (0, 0) for anything unreadable (free)."""
    parts = value.split()
    try:
        return int(parts[0]), float(parts[1])
    except (IndexError, ValueError):
        return 0, 0.0
