"""The reader's analysis in a child process: draining the analysis queue and the steps after a
drain (story assignment, figure regrouping) away from the interface.

The queue's batches already ran in a worker process, but the steps after a drain are seconds of
pure Python on a large drain, and in the reader's own process they held the interpreter lock
while keys waited. So the reader's analysis (``wait_for_analysis(background=True)``) runs whole
in a child process that steps aside for the interface (a session of its own at the idle
scheduling policy: reader/background_priority.py): the child opens the library file itself
(WAL lets both write, each in short transactions), analyses in its own thread (it is a process
apart already, so it needs no worker process of its own), and sends its progress and how it
ended back through a pipe. Setting the stop event ends the child at once: batches it finished
stay, the batch it was on is released or, after a kill, taken over by the next claim (the
queue's claims name the process). A failure comes back as one line.

The child is not daemonic: a daemonic process may start no process of its own, and the steps
after a large drain use worker processes (the features of the stories' articles, every story's
figures table: reader/stories/). It still never outlives the reader: the reader ends it as it
quits (``stop_background_work``, and at its interpreter's exit), and the child ends itself when
the reader is gone however it ended (``_end_with_the_reader``). In a session of its own it does
not hear what a terminal sends the reader's process group (Ctrl-C, a hang-up): those end the
reader, and the reader's end ends the child. Ended, it kills its workers, which only read (what
they were building is built again by the next pass), and leaves through its ``finally`` blocks;
killed outright, it leaves what it committed, whole.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from reader.background_priority import step_aside
from reader.errors import FeedlensError, LibraryError
from reader.store.analysis_queue import AnalysisProgress


@dataclass(frozen=True)
class ChildAnalysis:
    """How the child's analysis ended: where the queue stands, how many articles the child
    analysed, and whether stories and figure groups are up to date with them."""

    state: AnalysisProgress
    analysed: int
    after_drain_current: bool


def analyse_in_child(
    path: Path,
    busy_timeout_ms: int,
    after_drain_current: bool,
    progress: Callable[[AnalysisProgress], None] | None,
    stop: threading.Event,
    children: set[BaseProcess],
) -> ChildAnalysis | None:
    """Analyse the library at ``path`` in a child process and follow it; ``None`` when
    ``stop`` ended it. The child is in ``children`` while it runs (so whoever stops the
    library's background work can end it at once). Raises LibraryError (one line) when the
    analysis failed or its process died."""
    from reader.pipeline import process_context

    context = process_context()
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(  # type: ignore[attr-defined]
        target=_child_analysis,
        args=(str(path.resolve()), busy_timeout_ms, after_drain_current, sending),
        name="feedlens analysis",
        daemon=False,  # its whole passes start worker processes (see the module docstring)
    )
    child.start()
    sending.close()
    children.add(child)
    # A reader that exits without stopping it ends it first (multiprocessing would wait for
    # a process that is not daemonic).
    atexit.register(child.terminate)
    try:
        return _follow(child, receiving, progress, stop)
    finally:
        child.join()
        atexit.unregister(child.terminate)
        receiving.close()
        children.discard(child)


def _follow(
    child: Any,
    receiving: Connection,
    progress: Callable[[AnalysisProgress], None] | None,
    stop: threading.Event,
) -> ChildAnalysis | None:
    """Read the child's messages until how it ended (or its end); stop it when told to."""
    while True:
        if stop.is_set():
            child.terminate()  # what it analysed stays; the rest is the next start's
            return None
        if not receiving.poll(0.1):
            continue
        try:
            kind, value = receiving.recv()
        except EOFError:
            if stop.is_set():  # ended by whoever set ``stop``, as the reader quits
                return None
            raise LibraryError(
                "the analysis stopped before it ended (its process was ended); "
                "it carries on at the next check"
            ) from None
        if kind == "progress" and progress is not None:
            progress(value)
        elif kind == "done":
            return value  # type: ignore[no-any-return]
        elif kind == "failed":
            raise LibraryError(value)


def _child_analysis(
    path: str, busy_timeout_ms: int, after_drain_current: bool, sending: Connection
) -> None:
    """The child: the whole analysis stepped aside, each step sent to the reader."""
    from reader.library import Library

    # As the reader's other background work (reader/background_priority.py): a session of its
    # own at the idle policy. Within the reader's session it had to stay at nice 10 (at 19,
    # weight 15 against the reader's 1024, it crawled beside a busy test run in that session);
    # in a group of its own, neither the niceness nor the policy starves it.
    step_aside()
    # Stopped by the reader: end through ``finally`` blocks, so a claimed batch is released.
    follow_the_reader()
    try:
        library = Library(Path(path), busy_timeout_ms)
    except Exception as error:
        sending.send(("failed", _one_line(error)))
        sending.close()
        return
    try:

        def progress(state: AnalysisProgress) -> None:
            sending.send(("progress", state))

        library._after_drain_current = after_drain_current
        # After an extractor upgrade: every article read again. Queued here, not in the
        # reader: queueing 100k articles takes some 2 s, 0.6 s of it holding the interpreter
        # lock (the ids read into a list, each bound as a parameter), in the reader's first
        # seconds after it painted, while keys waited.
        library.queue_unanalysed()
        state, analysed = library.analyse_here(progress, processes=0, niceness=0)
        sending.send(("done", ChildAnalysis(state, analysed, library._after_drain_current)))
    except Exception as error:  # one line for the reader, never a traceback
        sending.send(("failed", _one_line(error)))
    finally:
        library.store.close()
        sending.close()


def follow_the_reader() -> None:
    """In a child process of the reader that is not daemonic (this analysis, the reader's
    figure regrouping: both may start worker processes), the first step: stopped by the
    reader (SIGTERM), it kills its workers and leaves through its ``finally`` blocks; it ends
    itself the same way when the reader is gone, however the reader ended."""
    signal.signal(signal.SIGTERM, _stopped)
    _end_with_the_reader()


def _stopped(number: int, frame: object) -> None:
    """SIGTERM in the child: its worker processes killed at once (they only read, and a pool
    shutting down would wait for the batch each is on), then out through ``finally``."""
    for worker in multiprocessing.active_children():
        worker.kill()
    sys.exit(1)


def _end_with_the_reader() -> None:
    """Watch the reader from a thread: when it is gone (it ended without stopping the child,
    or was killed), stop as the reader would have stopped the child."""
    reader = multiprocessing.parent_process()
    if reader is None:
        return

    def watch() -> None:
        wait([reader.sentinel])
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="reader watch", daemon=True).start()


def _one_line(error: Exception) -> str:
    if isinstance(error, FeedlensError):
        return (error.message.splitlines() or [""])[0][:300]
    first_line = (str(error).splitlines() or [""])[0][:200]
    return f"the analysis failed: {type(error).__name__}: {first_line}"
