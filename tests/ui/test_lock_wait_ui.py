"""The reader says a write waits for another program's lock, in its status bar, and the write
goes through once the lock is let go (a real second connection holds it)."""

from __future__ import annotations

import time
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
