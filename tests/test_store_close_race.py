"""Closing a library while other threads still read it: a Textual worker can outlive its app
(the reader's change-mark check, every few seconds) and read while the library is closed.
Closing a connection another thread was reading on crashed the whole process (a segfault in
a full test run). Now a connection in use is closed by the thread holding it, when it is done,
and a read after the close is one line: the library is closed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.errors import LibraryError
from reader.library import Library

# A read that takes a while (a few tens of milliseconds), so reads overlap the close.
SLOW_READ = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
    "SELECT COUNT(*) FROM n"
)


def test_closing_while_threads_read_never_crashes_and_later_reads_say_closed(
    tmp_path: Path,
) -> None:
    library = Library(tmp_path / "library.sqlite")
    store = library.store
    started = threading.Barrier(5)
    outcomes: list[str] = []
    lock = threading.Lock()

    def read_until_closed() -> None:
        started.wait()
        while True:
            try:
                store.query(SLOW_READ)
            except LibraryError as error:
                with lock:
                    outcomes.append(error.message)
                return

    threads = [threading.Thread(target=read_until_closed) for _ in range(4)]
    for thread in threads:
        thread.start()
    started.wait()
    store.query(SLOW_READ)  # every reader is busy by now, some of them mid-statement
    library.close()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert len(outcomes) == 4
    assert all(message == f"the library {library.path} is closed" for message in outcomes)
    with pytest.raises(LibraryError, match="is closed"):
        store.query("SELECT 1")
