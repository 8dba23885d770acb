"""A write waiting for another program's lock says so after about a second (store and CLI).

Another program is a real second SQLite connection holding the library's write lock
(``BEGIN IMMEDIATE``), released from a timer thread or never."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from reader.library import Library
from reader.store.lock_wait import WAITING_MESSAGE
from tests.conftest import SAMPLES


@contextmanager
def locked_by_another_program(path: Path, seconds: float | None) -> Iterator[None]:
    """Hold the library's write lock from another connection; let go after ``seconds``
    (None: at the end of the block)."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE feeds SET title = title")  # a real pending write
    released = threading.Event()

    def release() -> None:
        if not released.is_set():
            released.set()
            other.execute("ROLLBACK")

    timer = threading.Timer(seconds, release) if seconds is not None else None
    if timer is not None:
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.cancel()
        release()
        other.close()


def _one_feed(tmp_path: Path) -> Path:
    path = tmp_path / "l.sqlite"
    library = Library(path)
    library.import_paths([SAMPLES / "coastline-daily.json"])
    library.close()
    return path


def test_a_waiting_write_is_told_once_after_a_second_and_when_it_ends(tmp_path: Path) -> None:
    path = _one_feed(tmp_path)
    library = Library(path)
    heard: list[tuple[bool, float]] = []
    library.lock_waits.listen(lambda waiting: heard.append((waiting, time.monotonic())))
    started = time.monotonic()
    with locked_by_another_program(path, seconds=2.0):
        library.mark_read([1])
    assert [waiting for waiting, _ in heard] == [True, False]
    assert 0.9 <= heard[0][1] - started < 1.9  # said after about a second, not at the end
    assert heard[1][1] - started >= 1.9  # and the wait ended when the lock was let go
    assert library.store.query_one("SELECT read FROM articles WHERE id = 1")[0] == 1
    heard.clear()
    library.mark_read([1], False)  # no wait, no word
    assert heard == []
    library.close()


def test_cli_says_it_waits_for_a_locked_library_then_does_the_write(tmp_path: Path) -> None:
    path = _one_feed(tmp_path)
    with locked_by_another_program(path, seconds=2.0):
        result = CliRunner().invoke(main, ["--db", str(path), "feeds", "rename", "1", "Coast"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"feedlens: {WAITING_MESSAGE}"]
    assert Library(path).feeds()[0].title == "Coast"


def test_cli_gives_up_on_a_locked_library_with_one_line_and_changes_nothing(
    tmp_path: Path,
) -> None:
    path = _one_feed(tmp_path)
    patient = Library(path, busy_timeout_ms=1800)  # as the CLI's library, with a shorter wait
    with locked_by_another_program(path, seconds=None):
        result = CliRunner().invoke(
            main, ["--db", str(path), "feeds", "rename", "1", "Coast"], obj={"library": patient}
        )
    assert result.exit_code == 1
    waiting, error = result.stderr.splitlines()
    assert waiting == f"feedlens: {WAITING_MESSAGE}"
    assert error.startswith("feedlens: the library ") and "locked by another program" in error
    assert Library(path).feeds()[0].title == "Coastline Daily"


def test_a_piped_import_says_it_waits_then_imports(tmp_path: Path) -> None:
    path = _one_feed(tmp_path)
    with locked_by_another_program(path, seconds=2.0):
        result = CliRunner().invoke(
            main, ["--db", str(path), "import", str(SAMPLES / "northwind-ledger.atom")]
        )
    assert result.exit_code == 0, result.output
    assert f"feedlens: {WAITING_MESSAGE}" in result.stderr.splitlines()
    assert "1 feed, " in result.stdout and " 0 failed" in result.stdout
    assert len(Library(path).feeds()) == 2
