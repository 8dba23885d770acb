"""The reader's refresh progress counts what the refresh does (newcomer tester: "refreshing
1/1" stayed in the status bar while feeds from files were read again after the one web feed):
every count shown is over web feeds and files together, it rises, and it clears when done.
Real library, a real HTTP server on 127.0.0.1, real feed files, the real app with Pilot."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from tests.conftest import SAMPLES
from tests.feedserver import Reply, serve
from tests.ui.helpers import settle, wait_for_pass_line

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()
RSS_TYPE = {"Content-Type": "application/rss+xml"}


async def test_refresh_progress_counts_web_feeds_and_files(
    library: Library, tmp_path: Path
) -> None:
    for name in ("northwind-ledger.atom", "coastline-daily.json"):
        shutil.copy(SAMPLES / name, tmp_path / name)
        library.import_paths([tmp_path / name])
    # One web feed answers at once and one slowly, so a count ("1 of 4 feeds done") stands in
    # the status bar while the slow one is awaited: the counts after it (the files are read
    # again last) can all come between two looks of the watcher on a busy machine.
    routes = {
        "/fast": lambda h: Reply(200, FEED, RSS_TYPE),
        "/slow": lambda h: Reply(200, FEED, RSS_TYPE, delay=1.5),
    }
    with serve(routes) as (base, _):
        library.subscribe(f"{base}/fast", "Web")
        library.subscribe(f"{base}/slow", "Slow web")
        app = make_app(library, Settings())
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            screen = app.library_screen
            assert screen is not None
            seen: list[str] = []

            async def watch() -> None:
                while True:
                    if screen.progress and (not seen or seen[-1] != screen.progress):
                        seen.append(screen.progress)
                    await asyncio.sleep(0.01)

            watcher = asyncio.create_task(watch())
            await pilot.press("R")
            assert await wait_for_pass_line(pilot, "4 feeds refreshed")
            await settle(pilot)
            watcher.cancel()
            # the count is gone when done: the refresh's line stands there for a while
            assert "feeds done" not in screen.progress
            assert screen.progress == "" or "4 feeds refreshed: " in screen.progress
    counts = [re.search(r"(\d+) of (\d+) feeds? done", text) for text in seen]
    shown = [(int(m.group(1)), int(m.group(2))) for m in counts if m]
    assert shown, seen  # the refresh's own count was shown
    assert all(total == 4 for _, total in shown), seen  # two web feeds and two files
    assert [done for done, _ in shown] == sorted(done for done, _ in shown), seen  # it rises
