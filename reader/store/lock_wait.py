"""Word of a write waiting for another program's lock on the library file.

A write starts with ``BEGIN IMMEDIATE``; while another program (a second feedlens, a sqlite3
shell) holds the library's write lock, it waits, up to the busy timeout or an import's longer
patience. Waiting in silence for ten seconds or more reads as a hang, so the store tells its
listeners (the reader's status bar, the command line's stderr) once a write has waited about a
second, and again when the wait is over (the write went through or gave up with its one-line
error). Listeners are plain callables called on the waiting thread; this module knows nothing
of terminals. Which process holds the lock cannot be known: while this process's own background
work runs in a child process (the analysis, a regroup, a page pass: each named
``feedlens …``), the word is "busy", not "locked by another program".
"""

from __future__ import annotations

import threading
from collections.abc import Callable

#: How long a write waits in silence before its listeners hear of it.
WAIT_NOTICE_SECONDS = 1.0
#: What a user is told while a write waits (the CLI prefixes "feedlens: ").
WAITING_MESSAGE = "waiting for the library (locked by another program)…"
#: What a user is told instead while this process's own background work runs.
BUSY_MESSAGE = "waiting for the library (busy with background work)…"
#: How this process's child processes that write to the library are named.
OWN_WORKER_PREFIX = "feedlens "


def waiting_message() -> str:
    """The word for a write waiting now: "busy" while one of this process's own writers runs
    in a child process (most likely the holder), else "locked by another program"."""
    import multiprocessing  # here, a second into a wait: opening a library need not load it

    own = any(c.name.startswith(OWN_WORKER_PREFIX) for c in multiprocessing.active_children())
    return BUSY_MESSAGE if own else WAITING_MESSAGE


Listener = Callable[[bool], None]


class LockWaits:
    """The listeners told when a write starts (True) and stops (False) waiting for a lock."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._guard = threading.Lock()

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` on every start and end of a wait; returns how to stop."""
        with self._guard:
            self._listeners.append(listener)

        def stop() -> None:
            with self._guard:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return stop

    def tell(self, waiting: bool) -> None:
        """Tell every listener; a listener's failure never breaks the write it reports on."""
        with self._guard:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(waiting)
            except Exception:  # a status line must never fail the write it reports on
                continue
