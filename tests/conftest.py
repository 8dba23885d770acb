"""Shared fixtures: a real library file in a temp dir, and where the corpora and samples are."""

from __future__ import annotations

import gc
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Library
from tests import news_library

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_feeds"
CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.hookimpl(trylast=True)
def pytest_runtest_logfinish(nodeid: str, location: tuple[str, int | None, str]) -> None:
    """After each test, its garbage is collected and what outlives it (modules, caches,
    session fixtures) is frozen out of later collections, as a reader process freezes what
    its start-up loaded (FeedlensApp._settle_heap). Without this, one test process piles up
    the survivors of hundreds of tests, and every full collection during a test walked them
    all: some 30% of a UI test's CPU (test_everyday: 9.4 s of 32 s in collections, 4.9 s
    with this). Garbage that forms cycles later with a frozen object is not collected: a
    test process lives minutes."""
    gc.collect()
    gc.freeze()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library(tmp_path / "library.sqlite")
    yield lib
    lib.close()


@pytest.fixture(scope="session")
def analysed_samples_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample feeds imported and analysed once per run, in a closed library file (its
    write-ahead log folded in on close) that each test copies: a copy is a few milliseconds,
    an import and analysis about a second on a busy machine, and a hundred tests start there.
    Never opened by a test itself."""
    path = tmp_path_factory.mktemp("samples") / "library.sqlite"
    library = Library(path)
    summary = library.import_samples()
    assert summary.failed == 0
    assert library.wait_for_analysis().complete  # figures and groups, as the reader shows them
    library.close()
    assert not path.with_name(path.name + "-wal").exists()  # all of it in the one file copied
    return path


@pytest.fixture
def samples_file(tmp_path: Path, analysed_samples_file: Path) -> Path:
    """A closed library file of this test's own holding the sample feeds analysed (a copy),
    for a test that opens it its own way (a busy timeout, the command line, a pty)."""
    path = tmp_path / "library.sqlite"
    shutil.copyfile(analysed_samples_file, path)
    return path


@pytest.fixture
def sample_library(samples_file: Path) -> Iterator[Library]:
    """A library of this test's own, holding the sample feeds analysed (a copy of the file)."""
    library = Library(samples_file)
    assert library.wait_for_analysis().complete  # nothing queued: the groups checked current
    yield library
    library.close()


@pytest.fixture
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip(f"feed corpora not found at {CORPORA} (they sit beside the project in shared/)")
    return CORPORA


@pytest.fixture(scope="session")
def news_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the news-clusters feeds and libraries are built once for the session (see
    tests/news_library.py); skips where the corpus is absent."""
    folder = news_library.shared_folder(tmp_path_factory)
    news_library.news_feeds(folder)  # skips here, once, without the corpus
    return folder


@pytest.fixture
def news_feeds(news_once: Path) -> tuple[Path, dict[str, str]]:
    """The corpus as feeds, one an outlet (read only: shared by the session), and each
    article link's cluster."""
    return news_library.news_feeds(news_once)


@pytest.fixture
def news_imported(news_once: Path, tmp_path: Path) -> Path:
    """A library file of this test's own (closed) with the corpus imported in sorted feed
    order, nothing analysed."""
    source = news_library.imported_file(news_once)
    return news_library.copy_of(source, tmp_path / "news-imported.sqlite")


@pytest.fixture
def news_analysed(news_once: Path, tmp_path: Path) -> Iterator[Library]:
    """A library of this test's own holding the corpus imported in sorted feed order and
    analysed (as corpus_eval.import_in_order(seed=0) leaves one)."""
    source = news_library.analysed_file(news_once)
    library = Library(news_library.copy_of(source, tmp_path / "news-analysed.sqlite"))
    yield library
    library.close()


def tmpfs_mount(tmp_path: Path, size: str) -> Iterator[Path]:
    """A real small filesystem of ``size`` under ``tmp_path`` for a fixture to yield from
    (needs root; the test is skipped elsewhere); unmounted after the test."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a small filesystem here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
