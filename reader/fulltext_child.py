"""The reader's page passes in a child process: fetching, extracting and storing away from the
interface.

In the reader's own process a page pass would hold the interpreter lock for its fetches and
writes, a few milliseconds a page, and a keypress waits behind them. So the reader's passes
(``background``) run whole in a child process at a lower priority (lower still while the user
is at the keys: reader/background_priority.py), with one extraction worker of their own; the
child opens the library file itself (WAL lets both write, each in short transactions) and
sends its progress and the summary back through a pipe. Its progress is coalesced in the child
(the latest count, twice a second at most, ``PROGRESS_SECONDS``):
a message per page woke a thread of the reader's process per page, each taking the
interpreter lock from the interface to read it. Setting the pass's stop event ends the child at
once: what it stored stays, the rest is the next pass's. A child whose reader is gone (killed,
or ended without stopping it) ends its pass the same way: it never outlives the reader.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from reader.background_priority import GroupAside, listening_child, step_aside
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
# Seconds between the progress messages the child sends: the reader shows each as it comes
# (a repaint of its status bar, which a key pressed meanwhile waits for).
PROGRESS_SECONDS = 0.5


def pass_in_child(
    store: Store,
    candidates: list[PageCandidate] | None,
    options: PagePassOptions,
    progress: Callable[[PageProgress], None] | None,
) -> FullTextSummary:
    """Run ``fetch_pages`` on these candidates (``fetch_pending`` when None) with these options
    in a child process on the same library; progress comes back coalesced (``_Coalesced``)."""
    # What the child runs with: its own stop (it is ended from here), its one worker.
    in_child = replace(
        options, background=False, stop=None, processes=EXTRACTION_PROCESSES, in_workers=True
    )
    from reader.pipeline import process_context  # what run_child starts the child with

    # Told when the user is at the keys: the child steps further aside meanwhile (GroupAside).
    with listening_child(process_context()) as told:

        def follow(child: Any, receiving: Connection) -> FullTextSummary:
            told.close()  # the child holds its end now
            return _follow(child, receiving, progress, options.stop)

        return run_child(
            _child_pass,
            (str(Path(store.path).resolve()), candidates, in_child, told),
            "feedlens full text",
            follow,
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
    at_work: Connection | None,
    sending: Connection,
) -> None:
    """The child: the pass at a lower priority (its group lower still while the user is at
    work: ``at_work`` says when), its progress coalesced for the reader."""
    step_aside(CHILD_NICENESS)  # its extraction worker, forked from it, too
    # Stopped by the reader: end through ``finally`` blocks, so the extraction workers end too.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(1))
    # Single-threaded still when the pass starts its extraction worker: it is forked from
    # here (page_workers.can_fork_here), not from a fork server this process would start. So
    # no thread watches the reader: the pass asks, as it asks whether it was stopped.
    options = replace(options, stop=_ReaderGone(GroupAside(at_work)))
    store = Store(Path(path))
    told = _Coalesced(sending)
    try:
        if candidates is None:
            summary = fetch_pending(store, options, told.step)
        else:
            summary = fetch_pages(store, candidates, options, told.step)
        told.flush()
        sending.send(("done", summary))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the reader is gone: no one to tell (what was stored stays)
    except Exception as error:  # one line for the reader, never a traceback
        first_line = (str(error).splitlines() or [""])[0][:200]
        with contextlib.suppress(OSError):
            sending.send(("failed", f"{type(error).__name__}: {first_line}"))
    finally:
        store.close()
        sending.close()


class _ReaderGone(threading.Event):
    """The child pass's stop: set when the reader that started it has ended (its process's
    sentinel is ready). Asked between pages and batches (ten times a second while pages are
    fetched), like a stop event, with no thread of its own (see ``_child_pass``); each time
    it also lets ``aside`` look whether the user is at work."""

    def __init__(self, aside: GroupAside | None = None) -> None:
        super().__init__()
        self.aside = aside
        import multiprocessing

        reader = multiprocessing.parent_process()
        # From the fork server too, this is a pipe's end the reader holds (not the server's).
        self._sentinel = reader.sentinel if reader is not None else None

    def is_set(self) -> bool:
        if super().is_set():
            return True
        if self.aside is not None:
            self.aside.check()
        if self._sentinel is not None and wait([self._sentinel], 0):
            self.set()
            return True
        return False


class _Coalesced:
    """The pass's progress as the reader gets it: the latest step, at most once every
    ``PROGRESS_SECONDS`` and the last one at once. A step held back is sent when its time
    comes, by a timer on the pass's event loop (pages land in a burst after the first, then
    nothing while a slow one waits for its deadline: the burst's last count must not wait
    with it), else with the next step or the summary."""

    def __init__(self, sending: Connection) -> None:
        self.sending = sending
        self.held: PageProgress | None = None
        self.sent_at = 0.0
        self.timer: asyncio.TimerHandle | None = None
        self.timer_loop: asyncio.AbstractEventLoop | None = None

    def step(self, step: PageProgress) -> None:
        self.held = step
        waited = time.monotonic() - self.sent_at
        if waited >= PROGRESS_SECONDS or step.done >= step.total:
            self.flush()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not from the pass's loop: sent with the next step or the end
            return
        if self.timer is None or self.timer_loop is not loop or loop.is_closed():
            # (a timer of a batch's loop that has ended will never run: a new one)
            self.timer = loop.call_later(PROGRESS_SECONDS - waited, self.flush)
            self.timer_loop = loop

    def flush(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.held is not None:
            held, self.held = self.held, None
            self.sent_at = time.monotonic()
            # A reader gone: its pipe is closed, and the pass's stop (``_ReaderGone``) ends it.
            with contextlib.suppress(OSError):
                self.sending.send(("progress", held))
