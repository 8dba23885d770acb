"""The facade's analysis methods: how far the analysis stage is, and working it off or waiting
for it. ``Library`` inherits them; the UI and CLI call them like any other facade method.

Kept apart from library.py so the facade stays one readable file per concern; the work itself
is reader/analysis.py's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from reader.store import analysis_queue
from reader.store.analysis_queue import AnalysisProgress
from reader.store.db import Store

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from reader.library import Library

# One drain at a time in a process: a second caller waits for it, then finds the queue empty.
_draining = threading.Lock()


class AnalysisFacade:
    """Methods of ``Library`` about the analysis queue."""

    # Set by Library.__init__.
    path: Path
    store: Store
    _children: set[BaseProcess]
    _stopping: threading.Event
    _search_cache: dict[str, tuple[float, list[int]]]
    stale_extraction_count: Callable[[], int]
    #: Whether this process brought stories and figure groups up to date since it last
    #: analysed anything. The reader asks every few seconds; when nothing was analysed, the
    #: steps after a drain would only scan a large library to find nothing to do.
    _after_drain_current: bool = False

    def analysis_progress(self) -> AnalysisProgress:
        """Articles analysed of those queued since the queue was last empty (at once). Articles
        an older extractor read count as waiting even before they are queued (the reader's
        analysis child queues them as it starts), so screens say they are catching up."""
        state = analysis_queue.progress(self.store)
        if state.complete and self.has_unanalysed():
            return AnalysisProgress(0, self.stale_extraction_count())
        return state

    def queue_unanalysed(self) -> int:
        """Queue articles an older extractor analysed (after an upgrade); returns how many."""
        from reader.figures.extract import EXTRACTOR_VERSION

        return analysis_queue.enqueue_unanalysed(self.store, EXTRACTOR_VERSION)

    def has_unanalysed(self) -> bool:
        """Whether an older extractor read some articles (at once: one index probe); the
        reader's analysis child queues them (``queue_unanalysed``) as it starts."""
        from reader.figures.extract import EXTRACTOR_VERSION

        return analysis_queue.has_unanalysed(self.store, EXTRACTOR_VERSION)

    def wait_for_analysis(
        self,
        progress: Callable[[AnalysisProgress], None] | None = None,
        processes: int | None = None,
        background: bool = False,
    ) -> AnalysisProgress:
        """Analyse everything queued, wait for batches other processes are analysing, then
        bring figure groups up to date. Returns where the queue stands: complete unless the
        library was asked to stop. (After an extractor upgrade, ``queue_unanalysed`` first.)

        ``processes``: worker processes (by default one per core, up to two). ``background``
        (the reader): all of it runs in one child process at a lower priority (the steps after
        a drain are seconds of pure Python that would hold this process's interpreter lock
        while keys wait), started only when there is something to do; ``processes`` is then
        moot. Raises LibraryError (one line) when it failed; nothing analysed is lost."""
        if background:
            return self._analyse_in_child(progress)
        from reader import analysis

        workers = analysis.default_processes() if processes is None else processes
        return self.analyse_here(progress, workers)[0]

    def analyse_here(
        self,
        progress: Callable[[AnalysisProgress], None] | None,
        processes: int,
        niceness: int = 0,
    ) -> tuple[AnalysisProgress, int]:
        """``wait_for_analysis`` in this process (with ``processes`` worker processes at a
        lower priority by ``niceness``); returns where the queue stands and how many articles
        this call analysed."""
        from reader import analysis

        with _draining:
            done = analysis.drain(
                self.store, processes, self._stopping, progress, niceness=niceness
            )
            state = self.analysis_progress()
            if done:
                self._after_drain_current = False
            if state.complete and not self._stopping.is_set() and not self._after_drain_current:
                for step in analysis.AFTER_DRAIN_STEPS:
                    step(cast("Library", self))
                self._after_drain_current = True
            if done and state.complete:
                self._search_cache.clear()  # figure-aware saved searches find the new figures
        return state, done

    def _analyse_in_child(
        self, progress: Callable[[AnalysisProgress], None] | None
    ) -> AnalysisProgress:
        """The reader's analysis: in a child process (reader/analysis_child.py) when there is
        anything to analyse or bring up to date; at once when there is not."""
        from reader.analysis_child import analyse_in_child

        state = self.analysis_progress()
        nothing_to_do = (
            state.complete
            and self._after_drain_current
            and not analysis_queue.claimed_elsewhere(self.store)
        )
        if nothing_to_do or self._stopping.is_set():
            return state  # the reader asks every few seconds: no process for nothing
        # Not under ``_draining``: the child is a process apart, which shares the queue with
        # a drain here through its claims, as any other feedlens process does.
        ended = analyse_in_child(
            self.path,
            self.store.busy_timeout_ms,
            self._after_drain_current,
            progress,
            self._stopping,
            self._children,
        )
        if ended is None:  # stopped as the reader quits
            return state
        self._after_drain_current = ended.after_drain_current
        if ended.analysed and ended.state.complete:
            self._search_cache.clear()  # figure-aware saved searches find the new figures
        return ended.state
