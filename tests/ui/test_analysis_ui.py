"""The reader while the analysis stage catches up: the status bar says how far it is, reading
goes on meanwhile, and the queue is worked off by the reader itself."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import FeedlensApp, make_app
from reader.ui.widgets.article_view import ArticleView
from tests.conftest import SAMPLES
from tests.perf.corpus import write_corpus
from tests.ui.helpers import kept_notices, settle


def status_of(app: FeedlensApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def test_status_bar_says_analysing_while_reading_goes_on(tmp_path: Path) -> None:
    library = Library(tmp_path / "queued.sqlite")
    library.import_paths(write_corpus(tmp_path / "corpus", 1500, feeds=3))
    assert library.analysis_progress().pending == 1500
    app = make_app(library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        seen = ""
        for _ in range(1200):
            await pilot.pause(0.05)
            seen = status_of(app)
            if "analysing" in seen:
                break
        assert re.search(r"analysing [\d,]+ of 1,500", seen), seen
        # Reading, marking and starring go on beside it.
        await pilot.press("j", "enter")
        for _ in range(200):
            await pilot.pause(0.05)
            if app.screen.query_one(ArticleView).article is not None:
                break
        opened = app.screen.query_one(ArticleView).article
        assert opened is not None
        await pilot.press("s")
        await settle(pilot)  # every worker, the analysis too
        assert "analysing" not in status_of(app)
        assert library.article(opened.row.id).row.starred
    assert library.analysis_progress().complete
    assert library.stale_extraction_count() == 0


async def test_analysis_that_cannot_write_says_so_in_one_line_and_loses_nothing(
    tmp_path: Path,
) -> None:
    db = tmp_path / "locked.sqlite"
    library = Library(db, busy_timeout_ms=200)
    library.import_paths([SAMPLES])
    # The lock is held until the test has seen the notice, then let go (it was held 4 s of
    # wall clock, which a loaded machine's start of the app could outlast: no notice came).
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
    app = make_app(library, Settings())
    said = kept_notices(app)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            deadline = time.monotonic() + 300
            while not any("locked" in m for m in said) and time.monotonic() < deadline:
                await pilot.pause(0.05)
            messages = [m for m in said if "locked" in m]
            assert len(messages) == 1 and "\n" not in messages[0]
            assert "Traceback" not in messages[0]
    finally:
        assert holder.stdin is not None
        holder.stdin.close()  # the lock let go
        holder.wait(timeout=60)
    assert library.analysis_progress().pending == 25  # still queued: nothing lost
    later = Library(db)
    assert later.wait_for_analysis().complete
    assert later.stale_extraction_count() == 0
    assert later.figure_groups()  # the figures read once the lock was free
    later.close()
