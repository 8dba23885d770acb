"""The reader's refreshes in a child process: fetching feeds, parsing them and storing their
articles away from the interface.

In the reader's own process a refresh holds the interpreter lock while it loads the fetching
modules (some 0.3 s of CPU the first time), builds its TLS context, parses bodies and writes
the articles, and a keypress waits behind each of those. So the reader's refreshes run whole
in a child process in a session of its own at a lower priority (``background_priority``),
through the same ``Library.refresh`` the command line runs (every fetch limit, the deadline,
the size cap, redirects, conditional GET and the address policy with the library's resolver),
parsing in the child itself (it starts no processes of its own). The child opens the library
file itself (WAL lets both write, each in short transactions) and sends each feed's progress,
its waits for another program's lock, and the summary back through a pipe; a failure comes
back as one line. Setting the stop event ends the child at once: what it stored stays.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.background_priority import step_aside
from reader.child_process import run_child
from reader.errors import FeedlensError, LibraryError

if TYPE_CHECKING:
    from reader.feeds.addresses import Resolver
    from reader.feeds.fetch import FetchLimits
    from reader.refresh import RefreshProgress, RefreshSummary
    from reader.store.lock_wait import LockWaits

# The least priority inside its own session: keys are answered first, the refresh takes the rest.
CHILD_NICENESS = 19
CHILD_NAME = "feedlens refresh"  # a writer of this process's own (reader.store.lock_wait)


def refresh_in_child(
    path: Path,
    busy_timeout_ms: int,
    feed_ids: Sequence[int] | None,
    force: bool,
    limits: FetchLimits | None,
    resolver: Resolver | None,
    progress: Callable[[RefreshProgress], None] | None,
    stop: threading.Event,
    lock_waits: LockWaits,
) -> RefreshSummary:
    """Refresh the library at ``path`` as ``Library.refresh`` does, in a child process, and
    follow it: progress as it happens, the child's lock waits told to ``lock_waits``. An empty
    summary when ``stop`` ended it; LibraryError (one line) when it failed or its process died."""
    ids = list(feed_ids) if feed_ids is not None else None
    return run_child(
        _child_refresh,
        (str(path.resolve()), busy_timeout_ms, ids, force, limits, resolver),
        CHILD_NAME,
        lambda child, receiving: _follow(child, receiving, progress, stop, lock_waits),
        daemon=True,  # never outlives the reader, even one that ends without stopping it
    )


def _follow(
    child: Any,
    receiving: Connection,
    progress: Callable[[RefreshProgress], None] | None,
    stop: threading.Event,
    lock_waits: LockWaits,
) -> RefreshSummary:
    """Read the child's messages until its summary (or its end); stop it when told to."""
    from reader.refresh import RefreshSummary

    waiting = False
    try:
        while True:
            if stop.is_set():
                child.terminate()  # the feeds stored so far stay; the rest: next refresh
                return RefreshSummary(())
            if not receiving.poll(0.1):
                continue
            try:
                kind, value = receiving.recv()
            except EOFError:
                if stop.is_set():
                    return RefreshSummary(())
                raise LibraryError("the refresh stopped before it ended") from None
            if kind == "progress" and progress is not None:
                progress(value)
            elif kind == "lock":
                waiting = bool(value)
                lock_waits.tell(waiting)
            elif kind == "done":
                return value  # type: ignore[no-any-return]
            elif kind == "failed":
                raise LibraryError(value)
    finally:
        if waiting:  # the child ended while it waited: the status bar must not say so for ever
            lock_waits.tell(False)


def _child_refresh(
    path: str,
    busy_timeout_ms: int,
    feed_ids: list[int] | None,
    force: bool,
    limits: FetchLimits | None,
    resolver: Resolver | None,
    sending: Connection,
) -> None:
    """The child: the refresh at a lower priority, each step sent to the reader."""
    step_aside(CHILD_NICENESS)
    # Stopped by the reader: end through ``finally`` blocks (the library closes).
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(1))
    from reader.library import Library

    # Progress comes from the fetching loop's thread, lock waits from the writing threads:
    # one message at a time, or their bytes would interleave in the pipe.
    one_at_a_time = threading.Lock()

    def send(kind: str, value: object) -> None:
        with one_at_a_time:
            sending.send((kind, value))

    library: Library | None = None
    try:
        library = Library(Path(path), busy_timeout_ms, resolver=resolver)
        library.lock_waits.listen(lambda waiting: send("lock", waiting))
        summary = library.refresh(
            feed_ids,
            force,
            limits,
            lambda step: send("progress", step),
            parse_workers=0,  # parsed here, beside the fetches: no processes of its own
        )
        send("done", summary)
    except FeedlensError as error:  # its own one line ("the library … is locked …")
        send("failed", error.message)
    except Exception as error:  # one line for the reader, never a traceback
        first_line = (str(error).splitlines() or [""])[0][:200]
        send("failed", f"the refresh failed: {type(error).__name__}: {first_line}")
    finally:
        if library is not None:
            library.close()
        sending.close()
