"""The reader's analysis child leads a session of its own (reader/background_priority.py), so
what a terminal sends the reader's process group no longer reaches it; it must still end with
the reader however the reader ends: quit with Q, a SIGINT to the reader's process group (as
``kill -INT -PGID`` or ``timeout -s INT`` send; the reader's own terminal hands Ctrl-C to it as
a key), or the terminal closed under it. The real reader on a pty, the real child and its
processes, a real library file that is whole afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from reader.library import Library
from tests.perf.corpus import write_corpus
from tests.ptyrun import ReaderInPty
from tests.test_analysis_child_workers import descendants, gone

ARTICLES = 800  # queued for analysis: the child is busy for a while after it starts


@pytest.fixture(scope="module")
def queued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library whose articles are stored, none analysed yet: the reader analyses them."""
    folder = tmp_path_factory.mktemp("queued")
    library = Library(folder / "queued.sqlite")
    library.import_paths(write_corpus(folder / "corpus", ARTICLES, feeds=4))
    library.close()
    return folder / "queued.sqlite"


def session_child(reader: ReaderInPty, seconds: float) -> int | None:
    """The reader's descendant that leads a session of its own: its analysis child. Reads the
    reader's screen meanwhile (a reader whose terminal is not read blocks as it writes)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for pid in descendants(reader.process.pid):
            try:
                if os.getsid(pid) == pid:
                    return pid
            except OSError:
                continue  # ended as we looked
        reader.read(0.1)
    return None


def ended(reader: ReaderInPty, seconds: float) -> bool:
    """Whether the reader ends within ``seconds``, its screen read meanwhile."""
    deadline = time.monotonic() + seconds
    while reader.process.poll() is None and time.monotonic() < deadline:
        reader.read(0.1)
    return reader.process.poll() is not None


def end_by_q(reader: ReaderInPty) -> None:
    reader.send("Q", 0.1)


def end_by_sigint(reader: ReaderInPty) -> None:
    os.killpg(reader.process.pid, signal.SIGINT)


def end_by_hang_up(reader: ReaderInPty) -> None:
    reader.hang_up()


@pytest.mark.parametrize("end", [end_by_q, end_by_sigint, end_by_hang_up])
def test_the_analysis_child_ends_with_the_reader(queued: Path, tmp_path: Path, end: object) -> None:
    assert callable(end)
    db = tmp_path / "reader.sqlite"
    shutil.copy(queued, db)
    reader = ReaderInPty(db, controlling=True)
    try:
        child = session_child(reader, 90.0)  # a loaded machine starts slowly
        assert child is not None, reader.output[-1500:]
        below = descendants(child)
        assert not gone(child) and os.getsid(child) != reader.process.pid
        end(reader)
        assert ended(reader, 30.0), reader.output[-1500:]
        deadline = time.monotonic() + 30
        while not (gone(child) and all(map(gone, below))) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gone(child), "the analysis child outlived the reader"
        assert all(map(gone, below)), "the child's processes outlived it"
    finally:
        reader.close()
    # Nothing half-written (that the next analysis completes what a killed child began:
    # tests/test_analysis_child_workers.py).
    later = Library(db)
    assert tuple(later.store.query_one("PRAGMA integrity_check") or ()) == ("ok",)
    assert later.analysis_progress().total == ARTICLES
    later.close()
