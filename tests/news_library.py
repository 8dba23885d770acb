"""The news-clusters corpus as feeds and as a library, built once per test session and copied
by each test that starts there: an import of its 667 articles costs seconds and their analysis
some twenty CPU seconds on a busy machine, and a dozen tests start from the same two states.

Both worker processes of a parallel run (pytest-xdist) share one build: the first to ask
builds under a file lock in the session's shared temp folder, the other waits and copies. The
files built are never opened by a test itself (each copies them, so none sees another's writes).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.library import Library

NEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "news-clusters"


def shared_folder(factory: pytest.TempPathFactory) -> Path:
    """The folder every worker process of this session sees (the session's own without xdist)."""
    base = factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "news-once"
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        yield


def built_once(folder: Path, name: str, build: Callable[[Path], None]) -> Path:
    """``folder/name``, made by ``build(path)`` by the first process to ask for it."""
    path = folder / name
    with _locked(folder / (name + ".lock")):
        if not (folder / (name + ".done")).exists():
            build(path)
            (folder / (name + ".done")).touch()
    return path


def news_feeds(folder: Path) -> tuple[Path, dict[str, str]]:
    """The corpus written by its own to_feeds.py (one feed an outlet) into ``folder/feeds``,
    once, and each article link's cluster."""
    if not (NEWS / "to_feeds.py").is_file():
        pytest.skip(f"news-clusters corpus not found at {NEWS}")

    def write(out: Path) -> None:
        subprocess.run(
            [sys.executable, str(NEWS / "to_feeds.py"), str(NEWS / "clusters"), str(out)],
            check=True,
            capture_output=True,
        )
        (out / "index.json").rename(folder / "feeds-index.json")  # not a feed

    feeds = built_once(folder, "feeds", write)
    return feeds, {link: str(entry["cluster"]) for link, entry in feeds_index(folder).items()}


def feeds_index(folder: Path) -> dict[str, dict[str, str]]:
    """to_feeds.py's index of the feeds written once: each article link's cluster and file."""
    index: dict[str, dict[str, str]] = json.loads(
        (folder / "feeds-index.json").read_text(encoding="utf-8")
    )
    return index


def imported_file(folder: Path) -> Path:
    """A closed library with every feed imported in sorted order by one process (ids follow
    that order), nothing analysed yet."""
    feeds, _ = news_feeds(folder)

    def build(path: Path) -> None:
        library = Library(path)
        library.import_paths(sorted(feeds.glob("*.xml")), processes=1)
        library.close()

    return built_once(folder, "imported.sqlite", build)


def analysed_file(folder: Path) -> Path:
    """The imported library with its analysis done (figures, stories, groups), as
    tests/stories/corpus_eval.import_in_order(seed=0) leaves one."""
    imported = imported_file(folder)

    def build(path: Path) -> None:
        shutil.copyfile(imported, path)
        library = Library(path)
        library.wait_for_analysis()
        library.close()

    return built_once(folder, "analysed.sqlite", build)


def copy_of(source: Path, target: Path) -> Path:
    """A library of the test's own: a copy of a closed library file (its log folded in)."""
    assert not source.with_name(source.name + "-wal").exists()
    shutil.copyfile(source, target)
    return target
