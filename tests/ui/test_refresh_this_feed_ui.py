"""r refreshes one feed wherever the user is: the feed highlighted in the sidebar (where d, e
and t act on it), or the feed of the article under the cursor in All articles, from the list
or the reading pane; the status bar names the feed at once, and the key bar lists r. Pilot,
a real library, two real feeds served on 127.0.0.1 (only the one meant is fetched)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.key_bar import KeyBar
from tests.feedserver import Route, ServerLog, serve
from tests.pages import feed_route, rss
from tests.ui.helpers import settle, wait_until

BODY = "A full paragraph of the article as the feed carries it, long enough to read. " * 4


@contextmanager
def two_feeds(library: Library) -> Iterator[tuple[dict[str, int], ServerLog]]:
    """Two served feeds subscribed and fetched once; their ids by path, and the server log."""
    routes: dict[str, Route] = {}
    with serve(routes) as (base, log):
        ids = {}
        for name in ("north", "south"):
            # Links on the same server (never the internet): the page pass after a refresh
            # asks for them and is told 404.
            items = [(f"{name.title()} story {n}", f"{base}/{name}/{n}", BODY) for n in (1, 2)]
            routes[f"/{name}"] = feed_route(rss(items, title=f"The {name.title()} Post"))
            ids[name] = library.subscribe(f"{base}/{name}")
        with ThreadPoolExecutor(1) as pool:  # the tests' event loop runs in this thread
            pool.submit(library.refresh, None, True).result()
        log.requests.clear()
        yield ids, log


def fetched(log: ServerLog) -> list[str]:
    """The feeds asked for (not the article pages the page pass asks for after)."""
    return sorted(path for path, _ in log.requests if path.count("/") == 1)


async def test_r_refreshes_the_feed_highlighted_in_the_sidebar(library: Library) -> None:
    with two_feeds(library) as (ids, log):
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            said: list[str] = []
            shown = screen.show_progress

            def watch(text: str) -> None:
                said.append(text)
                shown(text)

            screen.show_progress = watch  # type: ignore[method-assign]
            screen.sidebar.focus()
            screen.sidebar.highlighted = screen.sidebar.get_option_index(f"feed:{ids['south']}")
            assert screen.view_id == "all"  # highlighted only: no enter on it
            await pilot.press("r")
            line = "The South Post refreshed: nothing new"
            assert await wait_until(pilot, lambda: line in screen.progress), said
            assert said[0] == "refreshing The South Post…"
            assert fetched(log) == ["/south"]


async def test_r_in_all_articles_refreshes_the_feed_of_the_article_under_the_cursor(
    library: Library,
) -> None:
    with two_feeds(library) as (ids, log):
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            rows = [screen.article_list._row(n) for n in range(4)]
            first = rows[0]
            assert first is not None
            other = next(r for r in rows if r is not None and r.feed_id != first.feed_id)
            name = "north" if first.feed_id == ids["north"] else "south"
            await pilot.press("r")  # from the list: the cursor's article
            line = f"The {name.title()} Post refreshed: nothing new"
            assert await wait_until(pilot, lambda: line in screen.progress)
            assert fetched(log) == [f"/{name}"]
            await settle(pilot)

            log.requests.clear()
            index = rows.index(other)
            await pilot.press(*["j"] * index, "enter", "l")  # then from the reading pane
            await settle(pilot)
            assert screen.reader.has_focus
            screen.progress = ""
            await pilot.press("r")
            assert await wait_until(pilot, lambda: " refreshed: " in screen.progress)
            assert fetched(log) == [f"/{'south' if name == 'north' else 'north'}"]


async def test_r_is_in_the_key_bar_at_80_and_160_columns(sample_library: Library) -> None:
    for size in ((80, 24), (160, 45)):
        app = make_app(sample_library, Settings())
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            keys = [key.key for key in app.screen.query_one(KeyBar).query("FooterKey")]
            assert "r" in keys, (size, keys)
