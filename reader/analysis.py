"""The analysis stage: working off the library's analysis queue after the store stage.

Import and refresh store articles and queue them (reader/store/analysis_queue.py); this module
claims queued articles a batch at a time, runs every step of ``ARTICLE_STEPS`` on a batch (in
worker processes when there is much to do), unqueues the batch, and at the end runs every step
of ``AFTER_DRAIN_STEPS`` once. Every step writes in its own short transactions and is
idempotent (it replaces what an earlier run of it stored), so a batch done twice, after a
``kill -9`` between a step's write and the unqueueing, still leaves each article's analysis
stored exactly once.

Registering a step: a per-article step is a function ``step(store, article_ids)`` that reads
those articles, computes what it needs, and replaces its results for them in short write
transactions; add it to ``ARTICLE_STEPS`` (it runs in worker processes, so it must be a module
level function). A step over the whole library after a drain (regrouping) takes the ``Library``
and goes in ``AFTER_DRAIN_STEPS``.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING

from reader.store import analysis_queue, figure_indexes
from reader.store.analysis_queue import AnalysisProgress
from reader.store.db import Store

if TYPE_CHECKING:
    from reader.library import Library

BATCH = 500  # articles per claimed batch: under a second of work, one short write each (fewer,
# larger writes: index pages a batch dirties are shared by more of its figures)
# A drain of at least this many articles, and of a quarter of the library or more, writes
# without the figures' lookup indexes and builds them after (reader/store/figure_indexes.py):
# from about there, building them once costs less than keeping them up to date.
SET_ASIDE_AT = 20_000
IN_PROCESS_BELOW = 1000  # fewer queued than this: analysed here, no worker processes started
POLL_SECONDS = 0.2  # how often a waiter looks at batches another process has claimed
# How much lower the reader's background workers run: at 10 the kernel gives a process at the
# usual priority some nine tenths of a core both want, so keys are answered while they work.
BACKGROUND_NICENESS = 10

ArticleStep = Callable[[Store, Sequence[int]], None]
AfterDrainStep = Callable[["Library"], object]


def extract_figures(store: Store, article_ids: Sequence[int]) -> None:
    """Figure mentions (with context words) of these articles, replacing any stored."""
    from reader.figures.extract import EXTRACTOR_VERSION
    from reader.pipeline import figures_of_articles
    from reader.store import figures as figure_store

    rows = store.query_ids(
        "SELECT id, sort_date, text, title FROM articles WHERE id IN ({ids}) ORDER BY id",
        article_ids,
    )
    extracted = figures_of_articles(
        [(r["id"], r["sort_date"], r["text"], r["title"]) for r in rows]
    )
    figure_store.save_reextracted(store, extracted, EXTRACTOR_VERSION)


def assign_stories(library: Library) -> object:
    """The stories of the articles analysed (new and changed ones), assigned incrementally
    against the stories near them, before figures are grouped inside stories."""
    return library.stories.update()


def update_figure_groups(library: Library) -> object:
    """The same-figure groups and conflicts brought up to date with the new mentions."""
    return library.update_figure_groups()


def mark_threads(library: Library) -> object:
    """The Stories view's thread marks (≢) counted for the stories it lists first, so its first
    open after an import does not wait for them (reader.stories.thread_marks)."""
    return library.stories.mark_threads()


# The steps, in order. Story assignment is sequential (each article is weighed against the
# stories before it), so it runs once per drain, not per batch in worker processes.
ARTICLE_STEPS: tuple[ArticleStep, ...] = (extract_figures,)
AFTER_DRAIN_STEPS: tuple[AfterDrainStep, ...] = (
    assign_stories,
    update_figure_groups,
    mark_threads,
)


def analyse_claimed(store: Store, claimed: Sequence[tuple[int, int]]) -> int:
    """Run every article step on a claimed batch of (queue id, article id), then unqueue it."""
    article_ids = [article_id for _, article_id in claimed]
    for step in ARTICLE_STEPS:
        step(store, article_ids)
    with store.write() as conn:
        analysis_queue.finish(conn, [queue_id for queue_id, _ in claimed])
    return len(claimed)


def _analyse_in_worker(path: str, claimed: list[tuple[int, int]]) -> int:
    """Worker-process entry point: analyse one claimed batch of the library at ``path``."""
    from reader.store.workers import worker_store

    store = worker_store(path)
    store.checkpoint_on_commit(False)  # the process handing out batches checkpoints
    return analyse_claimed(store, claimed)


def drain(
    store: Store,
    processes: int,
    stopping: threading.Event,
    progress: Callable[[AnalysisProgress], None] | None = None,
    wait_for_others: bool = True,
    batch: int = BATCH,
    niceness: int = 0,
    set_aside_at: int = SET_ASIDE_AT,
) -> int:
    """Analyse queued articles until the queue is empty (or ``stopping`` is set); returns how
    many this process analysed. ``processes`` worker processes do the work (0: this thread,
    which a small queue always uses), at a lower priority by ``niceness``. With
    ``wait_for_others``, batches another live process has claimed are waited for, so an empty
    queue means everything is analysed. A large drain (``set_aside_at`` articles or more, and
    a quarter of the library) writes without the figures' lookup indexes and builds them at
    its end, or the next drain's when it was stopped."""
    report = _reporter(store, progress)
    report()
    _set_indexes_aside_if_large(store, set_aside_at)
    done = 0
    while not stopping.is_set():
        pending = analysis_queue.progress(store).pending
        if not pending:
            break
        # The reader's one process is always a worker process: analysing in a thread of the
        # reader would take the GIL from its screen. A command's small queue is done here.
        if processes <= 0 or (processes > 1 and pending < IN_PROCESS_BELOW):
            done += _drain_here(store, stopping, report, batch)
        else:
            done += _drain_in_processes(store, processes, stopping, report, batch, niceness)
        if not wait_for_others:
            break
        if analysis_queue.claimed_elsewhere(store):
            # Another live process is on the rest: wait for it (what it drops when it dies
            # is claimed and done here on the next round).
            time.sleep(POLL_SECONDS)
            report()
    _restore_indexes_when_alone(store, stopping)
    report()
    return done


def _set_indexes_aside_if_large(store: Store, set_aside_at: int) -> None:
    """Drop the figures' lookup indexes for a drain writing a large share of the library's
    mentions; build them now if an earlier drain left them dropped and this one is small."""
    pending = analysis_queue.progress(store).pending
    if pending >= set_aside_at:
        row = store.query_one("SELECT COUNT(*) FROM articles")
        if pending * 4 >= (int(row[0]) if row else 0):
            figure_indexes.set_aside(store)
            return
    _restore_indexes_when_alone(store, threading.Event())


def _restore_indexes_when_alone(store: Store, stopping: threading.Event) -> None:
    """Build the indexes set aside, unless stopping (the next drain will) or another live
    process is still writing mentions (its drain builds them when it ends)."""
    if stopping.is_set() or not figure_indexes.aside(store):
        return
    if analysis_queue.claimed_elsewhere(store):
        return
    figure_indexes.restore(store)


def _reporter(
    store: Store, progress: Callable[[AnalysisProgress], None] | None
) -> Callable[[], None]:
    def report() -> None:
        if progress is not None:
            progress(analysis_queue.progress(store))

    return report


def _drain_here(
    store: Store, stopping: threading.Event, report: Callable[[], None], batch: int
) -> int:
    done = 0
    while not stopping.is_set():
        claimed = analysis_queue.claim(store, batch)
        if not claimed:
            break
        try:
            done += analyse_claimed(store, claimed)
        except BaseException:
            analysis_queue.release(store, [queue_id for queue_id, _ in claimed])
            raise
        report()
    return done


def _drain_in_processes(
    store: Store,
    processes: int,
    stopping: threading.Event,
    report: Callable[[], None],
    batch: int,
    niceness: int = 0,
) -> int:
    from reader.pipeline import worker_pool

    path = str(store.path.resolve())
    executor = worker_pool(processes, niceness)
    in_flight: deque[tuple[list[tuple[int, int]], Future[int]]] = deque()
    done = 0

    def submit() -> bool:
        if stopping.is_set():
            return False
        claimed = analysis_queue.claim(store, batch)
        if claimed:
            in_flight.append((claimed, executor.submit(_analyse_in_worker, path, claimed)))
        return bool(claimed)

    try:
        # Two batches per worker in flight: workers never wait for a claim, and at most a few
        # batches are claimed by this process at any moment.
        for _ in itertools.repeat(None, processes * 2):
            if not submit():
                break
        while in_flight and not stopping.is_set():
            future = in_flight[0][1]
            done += future.result()
            in_flight.popleft()
            report()
            submit()
            # The workers' commits leave the WAL to this process, idle between their batches.
            store.checkpoint()
    finally:
        # Stopped or failed: batches not finished go back to the queue for anyone to claim.
        unfinished = [queue_id for claimed, _ in in_flight for queue_id, _ in claimed]
        # Done: the idle workers are let go at once. Stopped: the batch a worker is on is not
        # waited for (it is idempotent: done again by whoever claims it next).
        executor.shutdown(wait=not unfinished, cancel_futures=True)
        if unfinished:
            analysis_queue.release(store, unfinished)
    return done


def default_processes() -> int:
    """Worker processes for a command that waits for analysis: one per core, up to two."""
    return min(2, os.cpu_count() or 1)
