"""A large analysis drain sets the figures' lookup indexes aside and builds them again after
(reader/store/figure_indexes.py): what it stores is what a drain keeping them stores, the
indexes come back as they were, and a drain killed with them aside leaves the next to build
them. Real library files, a real killed process."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from reader import analysis
from reader.library import Library
from reader.store import figure_indexes
from reader.store.analysis_queue import AnalysisProgress
from tests.perf.corpus import write_corpus
from tests.test_analysis_queue import _wait_for_no_writer, run_python

# Every stored row of the analysis, ids included: nothing may differ.
STORED = {
    "figures": "SELECT * FROM figures ORDER BY id",
    "figure_dirty": "SELECT * FROM figure_dirty ORDER BY bucket",
    "versions": "SELECT id, extractor_version FROM articles ORDER BY id",
    "queue": "SELECT * FROM analysis_queue",
}
INDEXES_SQL = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'figures' "
    "ORDER BY name"
)


def stored(library: Library) -> dict[str, list[tuple[object, ...]]]:
    return {name: [tuple(r) for r in library.store.query(sql)] for name, sql in STORED.items()}


def indexes(library: Library) -> list[tuple[object, ...]]:
    return [tuple(row) for row in library.store.query(INDEXES_SQL)]


def analysed(db: Path, files: list[Path], set_aside_at: int, batch: int = 50) -> Library:
    library = Library(db)
    library.import_paths(files)
    analysis.drain(library.store, 0, threading.Event(), batch=batch, set_aside_at=set_aside_at)
    return library


def test_a_large_drain_writes_without_the_lookup_indexes_and_stores_the_same(
    tmp_path: Path,
) -> None:
    files = write_corpus(tmp_path / "corpus", 300, feeds=2)
    keeping = analysed(tmp_path / "keeping.sqlite", files, set_aside_at=10**9)
    expected, expected_indexes = stored(keeping), indexes(keeping)
    keeping.close()
    assert len(expected["figures"]) > 300  # the corpus reports figures
    assert {name for name, _ in expected_indexes} >= set(figure_indexes.LOOKUP_INDEXES)

    library = Library(tmp_path / "aside.sqlite")
    library.import_paths(files)
    during: list[set[str]] = []

    def watch(state: AnalysisProgress) -> None:
        during.append({str(name) for name, _ in indexes(library)})

    analysis.drain(library.store, 0, threading.Event(), watch, batch=50, set_aside_at=100)
    assert any(not names & set(figure_indexes.LOOKUP_INDEXES) for names in during)
    assert indexes(library) == expected_indexes  # built again, as the schema defines them
    assert figure_indexes.aside(library.store) == {}
    assert stored(library) == expected  # batches of 50 both: the same changes recorded
    library.close()


def test_a_small_drain_keeps_the_indexes(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", 60, feeds=1)
    library = Library(tmp_path / "small.sqlite")
    library.import_paths(files)
    before = indexes(library)
    seen: list[list[tuple[object, ...]]] = []
    analysis.drain(library.store, 0, threading.Event(), lambda state: seen.append(indexes(library)))
    assert all(names == before for names in seen)
    library.close()


def test_a_drain_killed_with_the_indexes_aside_leaves_the_next_drain_to_build_them(
    tmp_path: Path,
) -> None:
    files = write_corpus(tmp_path / "corpus", 400, feeds=2)
    reference = analysed(tmp_path / "reference.sqlite", files, set_aside_at=10**9)
    expected, expected_indexes = stored(reference), indexes(reference)
    reference.close()
    db = tmp_path / "killed.sqlite"
    library = Library(db)
    library.import_paths(files)
    child = run_python(
        "import sys, threading; from pathlib import Path; from reader import analysis\n"
        "from reader.library import Library\n"
        "store = Library(Path(sys.argv[1])).store\n"
        "analysis.drain(store, 0, threading.Event(), batch=20, set_aside_at=100)\n",
        db,
    )
    deadline = time.monotonic() + 120
    while library.analysis_progress().done < 100 and time.monotonic() < deadline:
        assert child.poll() is None, child.communicate()
        time.sleep(0.02)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    _wait_for_no_writer(db)
    assert 100 <= library.analysis_progress().done < 400  # killed in the middle
    assert set(figure_indexes.aside(library.store)) == set(figure_indexes.LOOKUP_INDEXES)
    library.close()

    restarted = Library(db)
    assert restarted.wait_for_analysis(processes=0).complete
    assert indexes(restarted) == expected_indexes
    assert figure_indexes.aside(restarted.store) == {}
    assert stored(restarted)["figures"] == expected["figures"]
    restarted.close()


def test_a_small_drain_after_a_killed_large_one_builds_the_indexes(tmp_path: Path) -> None:
    """Nothing left to analyse but the indexes aside: the next drain builds them."""
    files = write_corpus(tmp_path / "corpus", 40, feeds=1)
    library = analysed(tmp_path / "library.sqlite", files, set_aside_at=10**9)
    expected = indexes(library)
    figure_indexes.set_aside(library.store)  # as a killed drain leaves them
    assert not set(figure_indexes.LOOKUP_INDEXES) & {str(n) for n, _ in indexes(library)}
    assert library.wait_for_analysis(processes=0).complete
    assert indexes(library) == expected
    library.close()
