"""A figure search in the reader while the analysis stage has not read the library's figures:
the search screen says so ("analysing 0 of 25: figure results may be missing") instead of
silently showing too little, runs the query again as the analysis goes on, and is plain once
it is done; a query naming no figure says nothing of it. The real app under Pilot, a real
library file whose analysis is held back by a real write lock from another process."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.search import SearchScreen
from tests.conftest import SAMPLES

BEHIND = "analysing 0 of 25: figure results may be missing"


def _hold_the_write_lock(db: Path) -> subprocess.Popen[bytes]:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "conn.execute('BEGIN IMMEDIATE')\n"
            "print('held', flush=True)\n"
            "sys.stdin.readline()\n",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
    return holder


async def _query(pilot, text: str) -> str:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one("#search-input").value = text
    # Not settle(): it waits on every worker, and the reader's analysis fails on the lock
    # (its one line is the test_analysis_ui's concern); the results come when they come.
    await pilot.pause(0.3)  # the debounce timer
    deadline = time.monotonic() + 60
    while screen.shown_sequence != screen.sequence and time.monotonic() < deadline:
        await pilot.pause(0.05)
    return str(screen.query_one("#search-status").render())


async def test_a_figure_search_says_the_figures_are_still_being_analysed(
    tmp_path: Path,
) -> None:
    db = tmp_path / "queued.sqlite"
    library = Library(db, busy_timeout_ms=200)
    library.import_paths([SAMPLES])
    assert library.analysis_progress().pending == 25
    holder = _hold_the_write_lock(db)  # the reader's analysis cannot write its figures
    app = make_app(library, Settings())
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause(0.5)
            await pilot.press("slash")
            assert BEHIND in await _query(pilot, "4,500 workers")
            assert "analysing" not in await _query(pilot, "refinery")  # no figure asked
            # "4500 staff" finds 4,500 workers only through the figures (words find 3 of 8)
            assert BEHIND in await _query(pilot, "4500 staff")
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            found_by_words = len(screen.hits)
            assert holder.stdin is not None
            holder.stdin.close()  # the lock let go: the figures are read
            holder.wait(timeout=60)
            later = Library(db)
            assert (await asyncio.to_thread(later.wait_for_analysis)).complete
            later.close()
            # The query runs again by itself; the note goes once the figures are all read.
            deadline = time.monotonic() + 120
            status = ""
            while time.monotonic() < deadline:
                await pilot.pause(0.2)
                status = str(screen.query_one("#search-status").render())
                if "analysing" not in status:
                    break
            assert "analysing" not in status, status
            assert len(screen.hits) > found_by_words, status
    finally:
        if holder.poll() is None:
            assert holder.stdin is not None
            holder.stdin.close()
            holder.wait(timeout=60)
