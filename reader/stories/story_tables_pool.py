"""A whole pass's story tables built in worker processes: the stories are handed out a batch
at a time to a pool (the reader's process context: forkserver, or spawn), each worker reads its
batch from the library itself and returns the batch's conflicts and table counts, and this
process alone writes the counts, a short transaction per batch (one writer, as ever). The
conflicts come back in story order, as ``reader.stories.story_groups.build_stories`` yields
them, so a whole pass gives the same groups in one process or several.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    from reader.pipeline import process_context

    ids = sorted(set(story_ids))
    batches = [ids[first : first + batch] for first in range(0, len(ids), batch)]
    path = str(store.path.resolve())
    conflicts: list[FigureGroup] = []
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=process_context()) as pool:
            for found, counted in pool.map(_conflicts_in_worker, [path] * len(batches), batches):
                conflicts.extend(found)
                story_store.save_figure_counts(store, counted)
                done += 1
    except (BrokenProcessPool, OSError):
        # A worker that could not start or died (memory, a signal): the rest in this process,
        # as a pass in one process builds them.
        for story_ids in batches[done:]:
            found, counted = batch_conflicts(store, story_ids)
            conflicts.extend(found)
            story_store.save_figure_counts(store, counted)
    return conflicts


def _conflicts_in_worker(
    path: str, story_ids: list[int]
) -> tuple[list[FigureGroup], dict[int, tuple[int, int]]]:
    """Worker-process entry point: one batch's conflicts and counts, read from the library at
    ``path`` (this process's connection, kept for its next batch)."""
    from reader.store.workers import worker_store

    return batch_conflicts(worker_store(path), story_ids)
