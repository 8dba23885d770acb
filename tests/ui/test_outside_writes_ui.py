"""An open reader shows what another process adds to its library: a CLI import of real feeds
while the reader runs reaches its list and sidebar counts (the cursor kept on its article),
without a restart."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import FeedlensApp, make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import settle, wait_until


async def test_a_cli_import_reaches_the_open_reader(sample_library: Library, corpora: Path) -> None:
    feeds = [corpora / "real-world-feeds" / name for name in ("guardian.rss", "heise.atom")]
    if not all(feed.is_file() for feed in feeds):
        pytest.skip("real-world feeds not found")
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.count == 25
        assert isinstance(app.screen, LibraryScreen)
        feeds_before = len(app.screen.feeds)
        await pilot.press("j", "j")
        kept = articles.current_row
        assert kept is not None
        command = [sys.executable, "-m", "reader", "--db", str(sample_library.path), "import"]
        done = await asyncio.to_thread(
            subprocess.run, [*command, *map(str, feeds)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        added = sample_library.count() - 25
        assert added > 20
        assert await wait_until(pilot, lambda: articles.count == 25 + added, seconds=60)
        current = articles.current_row
        assert current is not None and current.id == kept.id  # the reader's place kept
        assert await wait_until(pilot, lambda: f"{25 + added:,} articles" in status(app))
        assert isinstance(app.screen, LibraryScreen)
        assert len(app.screen.feeds) == feeds_before + 2  # the sidebar's feeds too


def status(app: FeedlensApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def test_marks_set_by_another_process_reach_the_sidebar_counts(
    sample_library: Library,
) -> None:
    # `feedlens feeds read` beside the open reader: the sidebar's unread count follows it
    # (it stayed at the old count), and the list keeps its rows and place.
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)

        def unread() -> int:
            return screen.sidebar._filled[2][1]  # type: ignore[index]

        assert unread() == 25
        await pilot.press("j", "j")
        kept = screen.article_list.current_row
        assert kept is not None
        feed = sample_library.feeds()[0]
        assert feed.unread_count > 0
        command = [sys.executable, "-m", "reader", "--db", str(sample_library.path)]
        done = await asyncio.to_thread(
            subprocess.run,
            [*command, "feeds", "read", str(feed.id)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert await wait_until(pilot, lambda: unread() == 25 - feed.unread_count, seconds=60)
        current = screen.article_list.current_row
        assert current is not None and current.id == kept.id


async def test_a_feed_failing_in_a_cli_refresh_is_marked_in_the_open_readers_sidebar(
    library: Library,
) -> None:
    # `feedlens refresh` beside the open reader recorded a dead feed; the reader's sidebar
    # showed no "!" until the reader refreshed it itself.
    from tests.conftest import SAMPLES
    from tests.feedserver import Reply, serve

    feed = (SAMPLES / "meridian-courier.xml").read_bytes()
    answer = {"status": 200}

    def route(_handler: object) -> Reply:
        if answer["status"] != 200:
            return Reply(answer["status"], b"down")
        return Reply(200, feed, {"Content-Type": "application/rss+xml"})

    with serve({"/feed": route}) as (base, _):
        library.subscribe(f"{base}/feed", "Wire")
        [wire] = library.feeds()
        command = [sys.executable, "-m", "reader", "--db", str(library.path), "refresh"]
        app = make_app(library, Settings())
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)

            def icon() -> str:
                filled = screen.sidebar._filled
                assert filled is not None
                [shown] = [f for f in filled[0] if f.id == wire.id]
                return "!" if shown.last_error else "›"

            assert icon() == "›"
            for status, expected in ((500, "!"), (200, "›")):
                answer["status"] = status
                await asyncio.to_thread(
                    subprocess.run, [*command, "--feed", "Wire"], capture_output=True, text=True
                )
                assert await wait_until(pilot, lambda e=expected: icon() == e, seconds=60), status
