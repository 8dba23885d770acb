"""A large drain's story assignment makes features in worker processes (reader.stories.service
.update_stories): the stories and threads are those assigning in one process gives."""

from __future__ import annotations

from pathlib import Path

from reader.library import Library
from reader.store import stories as story_store
from reader.stories.service import update_stories
from tests.perf.corpus import write_corpus
from tests.stories.corpus_eval import partition, thread_partition


def test_assignment_with_feature_workers_equals_assignment_in_one_process(
    library: Library, tmp_path: Path
) -> None:
    library.import_paths(write_corpus(tmp_path / "feeds", 300, feeds=3), processes=1)
    library.wait_for_analysis()  # assigned in this process: a small drain
    in_one_process, threads = partition(library), thread_partition(library)
    assert len(in_one_process) > 20
    story_store.clear(library.store)
    assert library.stories.pending() == 300
    assigned = update_stories(library, processes=2, parallel_from=0)
    assert assigned == 300
    assert library.stories.pending() == 0
    assert partition(library) == in_one_process
    assert thread_partition(library) == threads
