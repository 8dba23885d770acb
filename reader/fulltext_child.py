"""The reader's page passes in a child process: fetching, extracting and storing away from the
interface.

In the reader's own process a page pass would hold the interpreter lock for its fetches and
writes, a few milliseconds a page, and a keypress waits behind them. So the reader's passes
(``background``) run whole in a child process at a lower priority, with one extraction worker
of their own; the child opens the library file itself (WAL lets both write, each in short
transactions) and sends each page's progress and the summary back through a pipe. Setting the
pass's stop event ends the child at once: what it stored stays, the rest is the next pass's.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from reader.background_priority import step_aside
from reader.child_process import run_child
from reader.errors import LibraryError
from reader.fulltext import (
    FullTextSummary,
    PagePassOptions,
    PageProgress,
    fetch_pages,
    fetch_pending,
)
from reader.store.db import Store
from reader.store.pages import PageCandidate

CHILD_NICENESS = 19  # the least priority: keys are answered first, the pass takes what is left
EXTRACTION_PROCESSES = 1  # beside the reader: the interface keeps the other core


def pass_in_child(
    store: Store,
    candidates: list[PageCandidate] | None,
    options: PagePassOptions,
    progress: Callable[[PageProgress], None] | None,
) -> FullTextSummary:
    """Run ``fetch_pages`` on these candidates (``fetch_pending`` when None) with these options
    in a child process on the same library; progress comes back as it happens."""
    # What the child runs with: its own stop (it is ended from here), its one worker.
    in_child = replace(
        options, background=False, stop=None, processes=EXTRACTION_PROCESSES, in_workers=True
    )
    return run_child(
        _child_pass,
        (str(Path(store.path).resolve()), candidates, in_child),
        "feedlens full text",
        lambda child, receiving: _follow(child, receiving, progress, options.stop),
    )


def _follow(
    child: Any,
    receiving: Connection,
    progress: Callable[[PageProgress], None] | None,
    stop: threading.Event | None,
) -> FullTextSummary:
    """Read the child's messages until its summary (or its end); stop it when told to."""
    while True:
        if stop is not None and stop.is_set():
            child.terminate()  # the child's pages stored so far stay; the rest: next pass
            return FullTextSummary(())
        if not receiving.poll(0.1):
            continue
        try:
            kind, value = receiving.recv()
        except EOFError:
            raise LibraryError("the full-text pass stopped before it ended") from None
        if kind == "progress" and progress is not None:
            progress(value)
        elif kind == "done":
            return value  # type: ignore[no-any-return]
        elif kind == "failed":
            raise LibraryError(f"the full-text pass failed: {value}")


def _child_pass(
    path: str,
    candidates: list[PageCandidate] | None,
    options: PagePassOptions,
    sending: Connection,
) -> None:
    """The child: the pass at a lower priority, each step sent to the reader."""
    step_aside(CHILD_NICENESS)  # its extraction worker, forked from it, too
    # Stopped by the reader: end through ``finally`` blocks, so the extraction workers end too.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(1))
    # Single-threaded still when the pass starts its extraction worker: it is forked from
    # here (page_workers.can_fork_here), not from a fork server this process would start.
    store = Store(Path(path))
    try:

        def progress(step: PageProgress) -> None:
            sending.send(("progress", step))

        if candidates is None:
            summary = fetch_pending(store, options, progress)
        else:
            summary = fetch_pages(store, candidates, options, progress)
        sending.send(("done", summary))
    except Exception as error:  # one line for the reader, never a traceback
        first_line = (str(error).splitlines() or [""])[0][:200]
        sending.send(("failed", f"{type(error).__name__}: {first_line}"))
    finally:
        store.close()
        sending.close()
