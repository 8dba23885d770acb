"""The reader while the analysis stage catches up: the status bar says how far it is, reading
goes on meanwhile, and the queue is worked off by the reader itself."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import FeedlensApp, make_app
from reader.ui.widgets.article_view import ArticleView
from tests.perf.corpus import write_corpus
from tests.ui.helpers import settle


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
