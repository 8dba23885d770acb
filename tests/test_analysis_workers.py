"""The analysis stage's worker processes: the reader's run at a lower priority and store what
analysis in this process stores; a batch written in one go replaces figures as article by
article did."""

from __future__ import annotations

import os
from pathlib import Path

from reader.library import Library
from reader.pipeline import worker_pool
from tests.conftest import SAMPLES
from tests.test_analysis_queue import figure_rows


def test_background_workers_run_at_a_lower_priority() -> None:
    with worker_pool(1, niceness=5) as pool:
        assert pool.submit(os.nice, 0).result() == min(19, os.nice(0) + 5)
    with worker_pool(1) as pool:
        assert pool.submit(os.nice, 0).result() == os.nice(0)


def test_background_analysis_stores_what_analysis_here_stores(tmp_path: Path) -> None:
    here = Library(tmp_path / "here.sqlite")
    here.import_paths([SAMPLES], processes=1)
    assert here.wait_for_analysis(processes=0).complete
    background = Library(tmp_path / "background.sqlite")
    background.import_paths([SAMPLES], processes=1)
    state = background.wait_for_analysis(processes=1, background=True)
    assert state.complete and state.total == 25
    assert figure_rows(background) == figure_rows(here)
    assert len(figure_rows(here)) > 20
    here.close()
    background.close()


def test_analysing_again_replaces_every_figure_once(tmp_path: Path) -> None:
    library = Library(tmp_path / "library.sqlite")
    library.import_paths([SAMPLES], processes=1)
    assert library.wait_for_analysis(processes=0).complete
    first = figure_rows(library)
    buckets = library.store.query("SELECT COUNT(*) FROM figure_dirty")[0][0]
    # As after an extractor upgrade: every article read again, a batch at a time.
    with library.store.write() as conn:
        conn.execute("UPDATE articles SET extractor_version = 0")
    assert library.reextract_figures(processes=0, batch=7) == 25
    assert figure_rows(library) == first  # replaced, none twice, none lost
    dirty = library.store.query("SELECT COUNT(*) FROM figure_dirty")[0][0]
    assert dirty >= buckets and dirty > 0  # the buckets of what was removed and added
    library.close()
