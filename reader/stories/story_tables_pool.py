"""A whole pass's story tables built in worker processes: the stories are handed out a batch
at a time to a pool (the reader's process context: forkserver, or spawn), each worker reads its
batch from the library itself and returns the batch's conflicts and table counts, and this
process alone writes the counts, a short transaction per batch (one writer, as ever). The
conflicts come back in story order, as ``reader.stories.story_groups.build_stories`` yields
them, so a whole pass gives the same groups in one process or several.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from reader.figures.compare import FigureGroup
from reader.store import stories as story_store
from reader.store.db import Store
from reader.stories.story_groups import batch_conflicts


def conflicts_in_processes(
    store: Store, story_ids: Sequence[int], processes: int, batch: int
) -> list[FigureGroup]:
    """The conflicts of ``story_ids`` (sorted, each once) built by ``processes`` workers,
    ``batch`` stories a task."""
    with TablesInProcesses(store, story_ids, processes, batch) as tables:
        return tables.conflicts()


class TablesInProcesses:
    """A whole pass handed to the workers as it is made (every batch submitted at once), so
    this process can do other work while they build the tables; ``conflicts`` then waits for
    them, in story order, and writes the counts. Leaving the ``with`` block lets the workers
    go (batches not started are cancelled)."""

    def __init__(self, store: Store, story_ids: Sequence[int], processes: int, batch: int):
        from reader.pipeline import process_context

        ids = sorted(set(story_ids))
        self._store = store
        self._batches = [ids[first : first + batch] for first in range(0, len(ids), batch)]
        self._pool: ProcessPoolExecutor | None = None
        self._results: Iterator[Found] = iter(())
        path = str(store.path.resolve())
        try:
            self._pool = ProcessPoolExecutor(max_workers=processes, mp_context=process_context())
            self._results = self._pool.map(
                _conflicts_in_worker, [path] * len(self._batches), self._batches
            )
        except (BrokenProcessPool, OSError):
            self._results = iter(())  # no worker could start: every batch here, in conflicts

    def __enter__(self) -> TablesInProcesses:
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def conflicts(self) -> list[FigureGroup]:
        conflicts: list[FigureGroup] = []
        done = 0
        try:
            for found, counted in self._results:
                conflicts.extend(found)
                story_store.save_figure_counts(self._store, counted)
                done += 1
        except (BrokenProcessPool, OSError):
            pass  # a worker died (memory, a signal): the rest in this process, as below
        # Batches no worker built (none could start, or one died): here, as a pass in one
        # process builds them.
        for story_ids in self._batches[done:]:
            found, counted = batch_conflicts(self._store, story_ids)
            conflicts.extend(found)
            story_store.save_figure_counts(self._store, counted)
        return conflicts


Found = tuple[list[FigureGroup], dict[int, tuple[int, int]]]


def _conflicts_in_worker(path: str, story_ids: list[int]) -> Found:
    """Worker-process entry point: one batch's conflicts and counts, read from the library at
    ``path`` (this process's connection, kept for its next batch)."""
    from reader.store.workers import worker_store

    return batch_conflicts(worker_store(path), story_ids)
