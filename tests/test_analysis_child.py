"""The reader's analysis in a child process (reader/analysis_child.py): it stores what analysis
here stores, reports progress, stops at once when the reader quits, and a child that fails or is
killed becomes one line with nothing lost; on real library files and real processes."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.errors import LibraryError
from reader.library import Library
from reader.store.analysis_queue import AnalysisProgress
from tests.conftest import SAMPLES
from tests.perf.corpus import write_corpus
from tests.test_analysis_queue import figure_rows, reference_figures


def analysing_in_a_thread(
    library: Library,
) -> tuple[threading.Thread, list[AnalysisProgress], list[BaseException]]:
    seen: list[AnalysisProgress] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            library.wait_for_analysis(seen.append, processes=1, background=True)
        except BaseException as error:
            failed.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, seen, failed


@dataclasses.dataclass(frozen=True)
class Queued:
    """Closed library files whose articles are stored and their analysis all queued, made
    once for this module (each test analyses a copy), and what an uninterrupted analysis of
    the big one stores."""

    samples: Path  # the sample feeds, 25 articles
    corpus: Path  # a generated corpus, 1500 articles in two feeds
    corpus_figures: list[tuple[object, ...]]


@pytest.fixture(scope="module")
def queued(tmp_path_factory: pytest.TempPathFactory) -> Queued:
    folder = tmp_path_factory.mktemp("queued")
    samples = Library(folder / "samples.sqlite")
    samples.import_paths([SAMPLES], processes=1)
    samples.close()
    # Short articles (two paragraphs): analysed in half the time, and 1,250 are still left
    # when a test stops the child at 250.
    files = write_corpus(folder / "corpus", 1500, feeds=2, paragraphs=2)
    corpus = Library(folder / "corpus.sqlite")
    corpus.import_paths(files)
    corpus.close()
    return Queued(
        folder / "samples.sqlite", folder / "corpus.sqlite", reference_figures(folder, files)
    )


def copy_of(library_file: Path, to: Path) -> Path:
    shutil.copyfile(library_file, to)
    return to


def wait_until(condition: object, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.02)
    assert condition(), "timed out"  # type: ignore[operator]


def test_the_whole_analysis_runs_in_a_child_with_its_progress_here(
    tmp_path: Path, queued: Queued
) -> None:
    library = Library(copy_of(queued.samples, tmp_path / "child.sqlite"))
    assert library.analysis_progress().pending == 25
    thread, seen, failed = analysing_in_a_thread(library)
    wait_until(lambda: bool(library._children))  # a process of its own, not this one
    (child,) = library._children
    assert child.pid != os.getpid()
    thread.join(120)
    assert not failed
    assert seen and seen[-1].complete and seen[-1].total == 25
    assert not library._children  # ended with its work
    assert library.figure_groups_current()  # the steps after the drain ran there too
    # Nothing new: the reader's checks every few seconds start no process.
    assert library.wait_for_analysis(background=True).complete
    assert not library._children
    library.close()


def test_stopping_ends_the_child_at_once_and_the_rest_is_done_later(
    tmp_path: Path, queued: Queued
) -> None:
    db = copy_of(queued.corpus, tmp_path / "stopped.sqlite")
    library = Library(db)
    thread, seen, failed = analysing_in_a_thread(library)
    wait_until(lambda: library.analysis_progress().done >= 250)
    stopped = time.monotonic()
    library.stop_background_work()  # what the reader does as it quits
    thread.join(10)
    assert not thread.is_alive() and time.monotonic() - stopped < 3
    assert not failed
    assert not library.analysis_progress().complete  # stopped in the middle
    library.close()
    later = Library(db)
    assert later.wait_for_analysis().complete
    assert figure_rows(later) == queued.corpus_figures  # none missing, none twice
    later.close()


def test_a_killed_child_is_one_line_and_nothing_is_lost(tmp_path: Path, queued: Queued) -> None:
    library = Library(copy_of(queued.corpus, tmp_path / "killed.sqlite"))
    thread, seen, failed = analysing_in_a_thread(library)
    wait_until(lambda: library.analysis_progress().done >= 250)
    (child,) = library._children
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    thread.join(30)
    assert len(failed) == 1 and isinstance(failed[0], LibraryError)
    message = failed[0].message
    assert "\n" not in message and message.startswith("the analysis stopped before it ended")
    assert library.wait_for_analysis(background=True).complete  # the next check carries on
    # The killed batch taken over: none missing or twice.
    assert figure_rows(library) == queued.corpus_figures
    library.close()


def test_a_library_that_refuses_writes_is_one_line_and_nothing_is_lost(
    tmp_path: Path, queued: Queued
) -> None:
    db = copy_of(queued.samples, tmp_path / "locked.sqlite")
    library = Library(db, busy_timeout_ms=200)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "conn.execute('BEGIN IMMEDIATE')\n"
            "print('held', flush=True)\n"
            "sys.stdin.readline()\n",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        with pytest.raises(LibraryError) as raised:
            library.wait_for_analysis(processes=1, background=True)
        message = raised.value.message
        assert "locked" in message and "\n" not in message and "Traceback" not in message
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert library.analysis_progress().pending == 25  # still queued: nothing lost
    assert library.wait_for_analysis(background=True).complete
    assert library.stale_extraction_count() == 0
    library.close()
