"""The reader says a write waits for another program's lock, in its status bar, and the write
goes through once the lock is let go (a real second connection holds it)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.store.lock_wait import WAITING_MESSAGE
from reader.ui.app import make_app
from tests.test_lock_wait import locked_by_another_program
from tests.ui.helpers import settle


async def _shown(pilot: Any, status: Static, text: str, shown: bool, seconds: float) -> bool:
    """Whether the status bar shows (or no longer shows) ``text`` within ``seconds``; it
    never waits for the workers, one of which is the write waiting for the lock."""
    deadline = time.monotonic() + seconds
    while (text in str(status.render())) != shown:
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.05)
    return True


async def test_status_bar_says_a_star_waits_for_a_locked_library(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        status = app.screen.query_one("#status", Static)
        row = app.screen.article_list.current_row  # type: ignore[attr-defined]
        assert row is not None and not row.starred
        with locked_by_another_program(sample_library.path, seconds=None):
            await pilot.press("s")
            assert await _shown(pilot, status, WAITING_MESSAGE, True, 5), str(status.render())
        assert await _shown(pilot, status, WAITING_MESSAGE, False, 8), str(status.render())
        await settle(pilot)
        starred = sample_library.store.query_one(
            "SELECT starred FROM articles WHERE id = ?", (row.id,)
        )
        assert starred is not None and starred[0] == 1


def _hold_the_lock(path: str, release: Any) -> None:
    """In a child process of the reader's own (as its analysis runs): hold the library's write
    lock until ``release`` is set."""
    import sqlite3

    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE feeds SET title = title")
    release.wait(30)
    connection.execute("ROLLBACK")
    connection.close()


async def test_a_wait_behind_the_readers_own_background_work_says_busy(
    sample_library: Library,
) -> None:
    """While the reader's own writer runs apart (a child named as its analysis is), a waiting
    write never blames "another program": the library is said to be busy."""
    from reader.pipeline import process_context
    from reader.store.lock_wait import BUSY_MESSAGE

    context = process_context()
    release = context.Event()
    holder = context.Process(  # type: ignore[attr-defined]
        target=_hold_the_lock,
        args=(str(sample_library.path), release),
        name="feedlens analysis",
        daemon=True,
    )
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        status = app.screen.query_one("#status", Static)
        holder.start()
        try:
            while not _locked(sample_library):
                await pilot.pause(0.05)
            await pilot.press("s")
            assert await _shown(pilot, status, BUSY_MESSAGE, True, 5), str(status.render())
            assert WAITING_MESSAGE not in str(status.render())
        finally:
            release.set()
            holder.join(10)
        assert await _shown(pilot, status, BUSY_MESSAGE, False, 8), str(status.render())


def _locked(library: Library) -> bool:
    """Whether another process holds the library's write lock now (a try that gives way)."""
    import sqlite3

    probe = sqlite3.connect(library.path, isolation_level=None, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


async def test_a_star_the_library_refuses_goes_back_off_the_row(samples_file: Path) -> None:
    # The row shows the star at once; when the write fails (another program keeps the lock
    # past the wait), the row must show what the library holds, and the line what was not done.
    library = Library(samples_file, busy_timeout_ms=300)  # the samples analysed: a copy
    library.wait_for_analysis()
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        row = screen.article_list.current_row  # type: ignore[attr-defined]
        assert row is not None and not row.starred
        with locked_by_another_program(library.path, seconds=None):
            await pilot.press("s")
            assert screen.article_list.current_row.starred  # type: ignore[attr-defined]
            deadline = time.monotonic() + 20
            while screen.article_list.current_row.starred:  # type: ignore[attr-defined]
                assert time.monotonic() < deadline, "the refused star stayed on the row"
                await pilot.pause(0.05)
            await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Not starred: ") for m in messages), messages
        starred = library.store.query_one("SELECT starred FROM articles WHERE id = ?", (row.id,))
        assert starred is not None and starred[0] == 0
