"""The reader's full-text pass after subscribing to a teaser feed, as a newcomer saw it: the
status bar counts pages as they land and the pass ends with one notice saying what each page
gave ("full text: 8 replaced, 2 failed (404, timeout)"). Pilot, a real library, a real
127.0.0.1 server with two bad pages."""

from __future__ import annotations

import pytest

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from tests.feedserver import Handler, Reply, serve
from tests.pages import available, feed_route, keys, page, page_route, rss, teaser_of
from tests.ui.helpers import settle, wait_for_notice

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")


def _missing(handler: Handler) -> Reply:
    return Reply(404, b"not here", {"Content-Type": "text/html"})


def _slow(handler: Handler) -> Reply:
    return Reply(200, b"<html>late</html>", {"Content-Type": "text/html"}, delay=8.0)


async def test_the_page_pass_counts_pages_as_they_land_and_says_what_each_gave(
    library: Library,
) -> None:
    sources = [page(key) for key in keys()[:8]]
    routes = {f"/p{n}": page_route(source.html) for n, source in enumerate(sources)}
    routes["/gone"] = _missing
    routes["/slow"] = _slow
    with serve(routes) as (base, _):
        items = [
            (f"Story {n}", f"{base}/p{n}", teaser_of(source.truth))
            for n, source in enumerate(sources)
        ]
        items += [("Gone story", f"{base}/gone", "A teaser …"), ("Slow", f"{base}/slow", "A …")]
        routes["/feed"] = feed_route(rss(items))
        settings = Settings(fetch_deadline_seconds=3.0)
        app = make_app(library, settings)
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            shown: list[str] = []
            original = screen.show_progress

            def watch(text: str) -> None:
                shown.append(text)
                original(text)

            screen.show_progress = watch  # type: ignore[method-assign]

            await pilot.press("+")
            await pilot.pause()
            await pilot.press(*f"{base}/feed", "enter")
            came = await wait_for_notice(pilot, "full text:", seconds=90)
            assert came, (shown, [n.message for n in app._notifications])
            notice = next(n.message for n in app._notifications if "full text:" in n.message)
            assert notice == "full text: 8 replaced, 2 failed (404, timeout)", notice
            counts = [text for text in shown if text.startswith("full text ")]
            assert len(set(counts)) >= 3, shown  # it advanced as pages landed
            assert counts[-1].startswith("full text 10/10"), shown
            assert shown[-1] == ""  # and the status bar is clear after
